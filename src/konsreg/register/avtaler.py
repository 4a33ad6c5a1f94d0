"""Bilateral agreements (avtaler): register, find, list, change and renew them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session, col

from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig
from konsreg.models import (
    Avtale,
    AvtaleCreate,
    AvtalePart,
    AvtalePublic,
    AvtaleUpdate,
    HistorikkPublic,
    Kategori,
    valider,
)
from konsreg.register import historikk, klokke, nummerering, utvalg
from konsreg.register.departementer import hent_kategori, kategorier, last_departementer
from konsreg.regler import avtale as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.begreper import KS, Status
from konsreg.regler.datoer import norsk_dato
from konsreg.regler.departementer import Departementer
from konsreg.regler.nummer import avtale_id, les_avtale_id
from konsreg.tekst import sitat

ENTITET = "avtale"
# The fields a change may set: those of the Update model, in its order.
ENDRBARE = tuple(AvtaleUpdate.model_fields)


def sett_parter(session: Session, avtale_id_: int, parter: Sequence[str]) -> None:
    session.execute(delete(AvtalePart).where(col(AvtalePart.avtale_id) == avtale_id_))
    for posisjon, kode in enumerate(parter, start=1):
        session.add(AvtalePart(avtale_id=avtale_id_, posisjon=posisjon, kode=kode))


def parter_for(*, session: Session, avtale_ider: Iterable[int]) -> dict[int, list[str]]:
    ider = list(avtale_ider)
    resultat: dict[int, list[str]] = {i: [] for i in ider}
    for start in range(0, len(ider), 500):
        stmt = (
            select(col(AvtalePart.avtale_id), col(AvtalePart.kode))
            .where(col(AvtalePart.avtale_id).in_(ider[start : start + 500]))
            .order_by(col(AvtalePart.avtale_id), col(AvtalePart.posisjon))
        )
        for id_, kode in session.execute(stmt):
            resultat[id_].append(kode)
    return resultat


def public_mange(*, session: Session, avtaler: Sequence[Avtale]) -> list[AvtalePublic]:
    """The public shape of many agreements, with parties, category and renewal in bulk."""
    koder = {k.id: k.kode for k in kategorier(session=session)}
    parter = parter_for(session=session, avtale_ider=[a.id for a in avtaler if a.id is not None])
    fornyer_ider = {a.fornyer_id for a in avtaler if a.fornyer_id is not None}
    handles: dict[int, str] = {}
    if fornyer_ider:
        stmt = select(col(Avtale.id), col(Avtale.handle)).where(col(Avtale.id).in_(fornyer_ider))
        handles = {i: h for i, h in session.execute(stmt)}
    return [
        AvtalePublic(
            id=a.handle,
            tittel=a.tittel,
            kategori=koder[a.kategori_id],
            parter=parter[a.id or 0],
            inngatt=a.inngatt,
            utloper=a.utloper,
            forste_avtale=a.forste_avtale,
            status=a.status,
            status_endret=a.status_endret,
            fornyer=handles.get(a.fornyer_id) if a.fornyer_id is not None else None,
            opprettet=a.opprettet,
            endret=a.endret,
        )
        for a in avtaler
    ]


def public(*, session: Session, avtale: Avtale) -> AvtalePublic:
    return public_mange(session=session, avtaler=[avtale])[0]


def ny_avtale(
    *,
    session: Session,
    data: AvtaleCreate,
    av: str,
    advarsler: Advarsler,
    fornyer_id: int | None = None,
    tidspunkt: datetime | None = None,
) -> AvtalePublic:
    """Register an agreement; its id is allocated in this same transaction."""
    tid = tidspunkt or klokke.na()
    kategori = hent_kategori(session=session, tekst=data.kategori)
    parter = sjekk(session=session, data=data, idag=tid.date(), advarsler=advarsler)
    if data.status == Status.avsluttet:
        regler.sjekk_avsluttet(
            tid.date(), inngatt=data.inngatt, opprettet=None, id=None, advarsler=advarsler
        )
    nummer = nummerering.reserver(session=session, teller=nummerering.AVTALE_TELLER)
    avtale = Avtale(
        **data.model_dump(exclude={"kategori", "parter"}),
        handle=avtale_id(nummer),
        kategori_id=kategori.id,
        status_endret=tid.date(),
        fornyer_id=fornyer_id,
        opprettet=tid,
        endret=tid,
    )
    session.add(avtale)
    session.flush()
    assert avtale.id is not None
    sett_parter(session, avtale.id, parter)
    historikk.skriv_opprettet(
        session=session, entitet=ENTITET, poster=[(avtale.id, avtale.handle)], av=av, tid=tid
    )
    return public(session=session, avtale=avtale)


def sjekk(*, session: Session, data: AvtaleCreate, idag: date, advarsler: Advarsler) -> list[str]:
    """An agreement's own rules (regler/avtale.py) with the register's ministries;
    returns its parties as codes."""
    return regler.sjekk(
        deps=last_departementer(session=session),
        parter_=data.parter,
        inngatt=data.inngatt,
        utloper=data.utloper,
        forste_avtale=data.forste_avtale,
        idag=idag,
        advarsler=advarsler,
    )


def hent(*, session: Session, handle: str, las: bool = False) -> Avtale:
    """The agreement with this id (`A3` or `3`); `las` locks its row, as `saker.hent`."""
    avtale = None
    try:
        verdi = avtale_id(les_avtale_id(handle))
    except Ugyldig:
        verdi = None
    if verdi is not None:
        stmt = select(Avtale).where(col(Avtale.handle) == verdi)
        if las:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        avtale = session.scalars(stmt).first()
    if avtale is None:
        raise IkkeFunnet(
            f"Finner ingen avtale {sitat(handle)}; se «konsreg avtaler» for alle avtaler."
        )
    return avtale


def finn_etter_innhold(*, session: Session, tittel: str, inngatt: date | None) -> str | None:
    """The id of the agreement with this content key (regler.avtale.innholdsnokkel)."""
    stmt = select(col(Avtale.handle)).where(col(Avtale.tittel) == tittel)
    stmt = stmt.where(
        col(Avtale.inngatt).is_(None) if inngatt is None else col(Avtale.inngatt) == inngatt
    )
    return session.scalars(stmt.order_by(col(Avtale.id))).first()


def vis(*, session: Session, handle: str) -> tuple[AvtalePublic, list[HistorikkPublic], list[str]]:
    """An agreement, its whole history, and the agreements that renewed it."""
    avtale = hent(session=session, handle=handle)
    assert avtale.id is not None
    return (
        public(session=session, avtale=avtale),
        historikk.historikk(session=session, entitet=ENTITET, entitet_id=avtale.id),
        fornyet_av(session=session, avtale_id_=avtale.id),
    )


@dataclass(frozen=True)
class Avtalefilter:
    """`part` takes KS, a code or a full name, and finds the agreements of the
    ministry's predecessors too (KDD finds those signed by KMD or KRD), unless
    `med_forgjengere` is off: then only the code as registered."""

    utlop: int | None = None
    utloper_innen: date | None = None
    gjeldende_per: date | None = None
    part: str | None = None
    kategori: str | None = None
    status: str | None = None
    idag: date | None = None
    alle: bool = False  # voided agreements (utgår) too; else only when asked for by status
    med_forgjengere: bool = True


def liste(*, session: Session, filter: Avtalefilter | None = None) -> list[AvtalePublic]:
    f = filter or Avtalefilter()
    stmt = select(Avtale).join(Kategori, col(Kategori.id) == col(Avtale.kategori_id))
    for vilkar in _vilkar(session, f):
        stmt = stmt.where(vilkar)
    stmt = stmt.order_by(col(Kategori.rekkefolge), col(Kategori.id), col(Avtale.id))
    avtaler = public_mange(session=session, avtaler=list(session.scalars(stmt)))
    if f.part and f.med_forgjengere:
        # The SQL sieve left aside when each hand-over happened; the years decide here.
        deps = last_departementer(session=session)
        kode = _partkode(deps, f.part)
        idag = f.idag or date.today()
        avtaler = [
            a
            for a in avtaler
            if any(
                deps.horer_til(kode, p, a.inngatt.year if a.inngatt else idag.year)
                for p in a.parter
            )
        ]
    return avtaler


def _partkode(deps: Departementer, verdi: str) -> str:
    return KS if verdi.strip().upper() == KS else deps.kode_for(verdi, hva="part")


def _vilkar(session: Session, f: Avtalefilter) -> list[Any]:
    vilkar: list[Any] = []
    if f.utlop is not None:
        vilkar += [
            col(Avtale.utloper) >= date(f.utlop, 1, 1),
            col(Avtale.utloper) <= date(f.utlop, 12, 31),
        ]
    if f.utloper_innen is not None:
        fra = f.idag or date.today()
        vilkar += [col(Avtale.utloper) >= fra, col(Avtale.utloper) <= f.utloper_innen]
    if f.gjeldende_per is not None:
        vilkar.append(utvalg.avtale_i_kraft(f.gjeldende_per))
    if f.part:
        deps = last_departementer(session=session)
        kode = _partkode(deps, f.part)
        koder = sorted(deps.forgjengere(kode)) if f.med_forgjengere else [kode]
        vilkar.append(
            select(col(AvtalePart.avtale_id))
            .where(col(AvtalePart.avtale_id) == col(Avtale.id), col(AvtalePart.kode).in_(koder))
            .exists()
        )
    if f.kategori:
        vilkar.append(
            col(Avtale.kategori_id) == hent_kategori(session=session, tekst=f.kategori).id
        )
    if f.status:
        vilkar.append(col(Avtale.status) == f.status)
    elif not f.alle:
        vilkar.append(col(Avtale.status) != Status.utgar)
    return vilkar


def endre(
    *,
    session: Session,
    handle: str,
    endring: AvtaleUpdate,
    av: str,
    advarsler: Advarsler,
    status_dato: date | None = None,
    tidspunkt: datetime | None = None,
) -> tuple[AvtalePublic, list[str]]:
    """Change the fields `endring` sets (None empties one); returns the agreement and the
    names of the fields that changed, each recorded in the history."""
    tid = tidspunkt or klokke.na()
    avtale = hent(session=session, handle=handle, las=True)
    assert avtale.id is not None
    gammel = public(session=session, avtale=avtale)
    for_ = {felt: getattr(gammel, felt) for felt in ENDRBARE}
    data = valider(AvtaleCreate, {**for_, **endring.model_dump(exclude_unset=True)})
    kategori = hent_kategori(session=session, tekst=data.kategori)
    egne: Advarsler = []
    parter = sjekk(session=session, data=data, idag=tid.date(), advarsler=egne)
    advarsler.extend(_nye_advarsler(session, egne, for_, tid.date()))
    etter = data.model_dump()
    etter.update(kategori=kategori.kode, parter=parter)
    endret = [felt for felt in ENDRBARE if etter[felt] != for_[felt]]
    if "status" in endret and etter["status"] == Status.avsluttet:
        regler.sjekk_avsluttet(
            status_dato or tid.date(),
            inngatt=etter["inngatt"],
            opprettet=avtale.opprettet.date(),
            id=avtale.handle,
            advarsler=advarsler,
        )
    for felt in endret:
        if felt == "kategori":
            avtale.kategori_id = kategori.id
        elif felt == "parter":
            sett_parter(session, avtale.id, parter)
        else:
            setattr(avtale, felt, etter[felt])
    historikk.logg_endringer(
        session=session,
        post=avtale,
        entitet=ENTITET,
        for_=for_,
        etter=etter,
        endret=endret,
        av=av,
        tid=tid,
        status_dato=status_dato,
    )
    return public(session=session, avtale=avtale), endret


def _nye_advarsler(
    session: Session, advarsler: Advarsler, for_: dict[str, Any], idag: date
) -> Advarsler:
    """The warnings of a changed agreement that the agreement as it was would not give:
    a change of status does not warn again about the parties it did not touch."""
    gamle: Advarsler = []
    try:
        sjekk(session=session, data=valider(AvtaleCreate, for_), idag=idag, advarsler=gamle)
    except Ugyldig:
        return advarsler  # stored before a rule of today: every warning is news
    return [a for a in advarsler if a not in gamle]


def forny(
    *,
    session: Session,
    handle: str,
    endring: AvtaleUpdate,
    av: str,
    advarsler: Advarsler,
    tidspunkt: datetime | None = None,
) -> tuple[AvtalePublic, str]:
    """A new agreement renewing an old one, which is closed as of the new one's inngått.
    Title, category, parties and the first year are inherited unless `endring` sets them.
    Returns the new agreement and the old one's id."""
    tid = tidspunkt or klokke.na()
    # Locked before its status is read: of two renewals at once, the second waits here
    # and then finds the agreement closed.
    gammel = hent(session=session, handle=handle, las=True)
    assert gammel.id is not None
    if gammel.status == Status.avsluttet:
        raise _allerede_avsluttet(session, gammel)
    if gammel.status == Status.utgar:
        raise Konflikt(
            f"Avtale {gammel.handle} er annullert (utgår) og kan ikke fornyes; registrer den "
            "nye avtalen for seg."
        )
    g = public(session=session, avtale=gammel)
    arv: dict[str, Any] = {
        "tittel": g.tittel,
        "kategori": g.kategori,
        "parter": g.parter,
        "forste_avtale": g.forste_avtale or (g.inngatt.year if g.inngatt else None),
        "status": Status.ny,
    }
    ny_data = valider(AvtaleCreate, {**arv, **endring.model_dump(exclude_none=True)})
    if ny_data.inngatt and gammel.inngatt and ny_data.inngatt < gammel.inngatt:
        raise Ugyldig(
            f"Den nye avtalen ({norsk_dato(ny_data.inngatt)}) kan ikke være inngått før "
            f"avtalen den fornyer ({norsk_dato(gammel.inngatt)})."
        )
    ny = ny_avtale(
        session=session,
        data=ny_data,
        av=av,
        advarsler=advarsler,
        fornyer_id=gammel.id,
        tidspunkt=tid,
    )
    endre(
        session=session,
        handle=gammel.handle,
        endring=AvtaleUpdate(status=Status.avsluttet),
        av=av,
        advarsler=[],
        status_dato=ny_data.inngatt or tid.date(),
        tidspunkt=tid,
    )
    return ny, gammel.handle


def _allerede_avsluttet(session: Session, gammel: Avtale) -> Konflikt:
    assert gammel.id is not None
    etterfolgere = fornyet_av(session=session, avtale_id_=gammel.id)
    avsluttet = norsk_dato(gammel.status_endret)
    if etterfolgere:
        return Konflikt(
            f"Avtale {gammel.handle} er allerede fornyet av {', '.join(etterfolgere)} "
            f"(avsluttet {avsluttet}); forny {etterfolgere[-1]} i stedet."
        )
    return Konflikt(
        f"Avtale {gammel.handle} er avsluttet ({avsluttet}); forny den gjeldende avtalen "
        "i serien i stedet."
    )


def fornyet_av(*, session: Session, avtale_id_: int) -> list[str]:
    stmt = select(col(Avtale.handle)).where(col(Avtale.fornyer_id) == avtale_id_)
    return list(session.scalars(stmt.order_by(col(Avtale.id))))


def annuller(
    *,
    session: Session,
    handle: str,
    grunn: str,
    av: str,
    tidspunkt: datetime | None = None,
) -> AvtalePublic:
    """Void an agreement registered by mistake (status utgår): it keeps its id, its
    history and the reason, and leaves the appendices and the default listings."""
    from konsreg.regler.felt import rens_felt

    tid = tidspunkt or klokke.na()
    avtale = hent(session=session, handle=handle, las=True)
    if avtale.status == Status.utgar:
        raise Konflikt(
            f"Avtale {avtale.handle} er allerede annullert ({norsk_dato(avtale.status_endret)})."
        )
    rent = rens_felt("grunn", grunn)
    ny, _ = endre(
        session=session,
        handle=handle,
        endring=AvtaleUpdate(status=Status.utgar),
        av=av,
        advarsler=[],
        tidspunkt=tid,
    )
    assert avtale.id is not None
    historikk.logg(
        session=session,
        entitet=ENTITET,
        entitet_id=avtale.id,
        felt=historikk.GRUNN,
        gammel=None,
        ny=rent,
        av=av,
        tidspunkt=tid,
    )
    return ny
