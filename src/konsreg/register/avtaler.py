"""Bilateral agreements (avtaler): register, find, change, close and void them (listings:
register/avtaleliste.py; renewals and series: register/serier.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session, col

from konsreg.db import serialiser_import
from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig
from konsreg.models import (
    Avtale,
    AvtaleCreate,
    AvtalePart,
    AvtalePublic,
    AvtaleUpdate,
    HistorikkPublic,
    valider,
)
from konsreg.register import historikk, klokke, nummerering
from konsreg.register.departementer import hent_kategori, kategorier, last_departementer
from konsreg.register.strom import parter_for
from konsreg.regler import avtale as regler
from konsreg.regler import sok
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.begreper import Status
from konsreg.regler.datoer import med_presisjon, norsk_dato, presisjon, ren_dato
from konsreg.regler.nummer import avtale_id, les_avtale_id
from konsreg.tekst import sitat

ENTITET = "avtale"
# The fields a change may set: those of the Update model, in its order.
ENDRBARE = tuple(AvtaleUpdate.model_fields)
# The dates that may be known only to the month, each with a precision column beside it.
MANEDSFELT = ("inngatt", "gyldig_fra")


def datokolonner(verdier: Mapping[str, Any]) -> dict[str, Any]:
    """`inngatt` and `gyldig_fra` (those `verdier` has) as the table stores them: the day
    (a month as its first day) and, beside it, the precision."""
    ut: dict[str, Any] = {}
    for navn in MANEDSFELT:
        if navn in verdier:
            ut[navn], ut[f"{navn}_presisjon"] = datokolonne(verdier[navn])
    return ut


def datokolonne(dato: date | None) -> tuple[date | None, str | None]:
    """One of `MANEDSFELT` as its two columns: the day, and its precision."""
    if dato is None or type(dato) is date:
        return dato, None  # the common case, without the calls (an import's every row)
    return ren_dato(dato), presisjon(dato)


def sett_parter(session: Session, avtale_id_: int, parter: Sequence[str]) -> None:
    session.execute(delete(AvtalePart).where(col(AvtalePart.avtale_id) == avtale_id_))
    for posisjon, kode in enumerate(parter, start=1):
        session.add(AvtalePart(avtale_id=avtale_id_, posisjon=posisjon, kode=kode))


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
            inngatt=med_presisjon(a.inngatt, a.inngatt_presisjon),
            gyldig_fra=med_presisjon(a.gyldig_fra, a.gyldig_fra_presisjon),
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
    status_dato: date | None = None,
) -> AvtalePublic:
    """Register an agreement; its id is allocated in this same transaction. Its status
    dates from `status_dato`; without one, a closed agreement ended on its utløper if
    that has come (regler.avtale.sluttdato), any other is dated today."""
    tid = tidspunkt or klokke.na()
    kategori = hent_kategori(session=session, tekst=data.kategori)
    idag = klokke.dag(tid)
    parter = sjekk(session=session, data=data, idag=idag, advarsler=advarsler)
    if status_dato is None:
        avsluttet = data.status == Status.avsluttet
        status_dato = regler.sluttdato(data.utloper, idag) if avsluttet else idag
    if data.status == Status.avsluttet:
        regler.sjekk_avsluttet(
            status_dato,
            inngatt=data.inngatt,
            opprettet=None,
            id=None,
            advarsler=advarsler,
            gyldig_fra=data.gyldig_fra,
        )
    nummer = nummerering.reserver(session=session, teller=nummerering.AVTALE_TELLER)
    felter = data.model_dump(exclude={"kategori", "parter"})
    felter.update(datokolonner(felter))
    avtale = Avtale(
        **felter,
        handle=avtale_id(nummer),
        kategori_id=kategori.id,
        status_endret=status_dato,
        fornyer_id=fornyer_id,
        opprettet=tid,
        endret=tid,
        # With the row, as the import writes it: the triggers on avtalepart then leave it.
        parter_tekst=sok.parter_tekst(parter),
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
        gyldig_fra=data.gyldig_fra,
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
    """The id of the agreement with this content key (regler.avtale.innholdsnokkel): a
    month is not the first day of it."""
    stmt = select(col(Avtale.handle)).where(col(Avtale.tittel) == tittel)
    if inngatt is None:
        stmt = stmt.where(col(Avtale.inngatt).is_(None))
    else:
        p = presisjon(inngatt)
        stmt = stmt.where(
            col(Avtale.inngatt) == ren_dato(inngatt),
            col(Avtale.inngatt_presisjon).is_(None)
            if p is None
            else col(Avtale.inngatt_presisjon) == p,
        )
    return session.scalars(stmt.order_by(col(Avtale.id))).first()


def vis(
    *, session: Session, handle: str
) -> tuple[AvtalePublic, list[HistorikkPublic], list[str], list[str]]:
    """An agreement, its whole history, the agreements that renewed it, and its whole
    series, earliest first (itself included)."""
    from konsreg.register import serier

    avtale = hent(session=session, handle=handle)
    assert avtale.id is not None
    return (
        public(session=session, avtale=avtale),
        historikk.historikk(session=session, entitet=ENTITET, entitet_id=avtale.id),
        serier.fornyet_av(session=session, avtale_id_=avtale.id),
        serier.serie(session=session, avtale=avtale),
    )


def endre(
    *,
    session: Session,
    handle: str,
    endring: AvtaleUpdate,
    av: str,
    advarsler: Advarsler,
    status_dato: date | None = None,
    ved_avslutning: date | None = None,
    tidspunkt: datetime | None = None,
) -> tuple[AvtalePublic, list[str]]:
    """Change the fields `endring` sets (None empties one); returns the agreement and the
    names of the fields that changed, each recorded in the history. `status_dato` dates
    a change of status, or alone corrects the date of the status it has; a change that
    closes it without one ends it on `ved_avslutning`, else by regler.avtale.sluttdato."""
    tid = tidspunkt or klokke.na()
    satt = endring.model_dump(exclude_unset=True)
    if "fornyer" in satt:
        # Two users linking A2 to A1 and A1 to A2 at once on PostgreSQL deadlocked (each
        # holds its own row; the link's foreign key wants the other's) or could miss the
        # other's link: links are set one transaction at a time, locked before any row.
        serialiser_import(session)
    avtale = hent(session=session, handle=handle, las=True)
    assert avtale.id is not None
    gammel = public(session=session, avtale=avtale)
    # The full title is no field of the listings' public shape: read from the row.
    for_ = {
        felt: avtale.fullt_navn if felt == "fullt_navn" else getattr(gammel, felt)
        for felt in ENDRBARE
    }
    data = valider(AvtaleCreate, {**for_, **satt})
    kategori = hent_kategori(session=session, tekst=data.kategori)
    egne: Advarsler = []
    idag = klokke.dag(tid)
    parter = sjekk(session=session, data=data, idag=idag, advarsler=egne)
    advarsler.extend(_nye_advarsler(session, egne, for_, idag))
    etter = data.model_dump()
    etter.update(kategori=kategori.kode, parter=parter, fornyer=for_["fornyer"])
    fornyer_id = avtale.fornyer_id
    if "fornyer" in satt:
        fornyer_id, etter["fornyer"] = _fornyer(session, avtale, satt["fornyer"])
    endret = [felt for felt in ENDRBARE if etter[felt] != for_[felt]]
    status_dato = _statusdato(
        avtale,
        etter,
        endret,
        status_dato,
        ved_avslutning or regler.sluttdato(data.utloper, idag),
        advarsler,
    )
    _sett(session, avtale, endret, etter, kategori_id=kategori.id, fornyer_id=fornyer_id)
    endret += historikk.logg_endringer(
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


def _sett(
    session: Session,
    avtale: Avtale,
    endret: list[str],
    etter: dict[str, Any],
    *,
    kategori_id: int,
    fornyer_id: int | None,
) -> None:
    """Write the changed fields to the row: some are references or columns of their own."""
    assert avtale.id is not None
    for felt in endret:
        if felt == "kategori":
            avtale.kategori_id = kategori_id
        elif felt == "parter":
            sett_parter(session, avtale.id, etter["parter"])
        elif felt == "fornyer":
            avtale.fornyer_id = fornyer_id
        elif felt in MANEDSFELT:
            for navn, verdi in datokolonner({felt: etter[felt]}).items():
                setattr(avtale, navn, verdi)
        else:
            setattr(avtale, felt, etter[felt])


def _statusdato(
    avtale: Avtale,
    etter: dict[str, Any],
    endret: list[str],
    status_dato: date | None,
    sluttdato: date,
    advarsler: Advarsler,
) -> date | None:
    """The date a change gives the status: `status_dato`, or for a change that closes
    the agreement without one, `sluttdato`. A closing date is checked against inngått and
    the day the agreement was registered (regler.avtale.sjekk_avsluttet); the warning of
    the latter is for a date someone gave, not one taken from a passed utløper."""
    gitt = status_dato is not None
    if "status" in endret and status_dato is None and etter["status"] == Status.avsluttet:
        status_dato = sluttdato
    if status_dato is not None and etter["status"] == Status.avsluttet:
        regler.sjekk_avsluttet(
            status_dato,
            inngatt=etter["inngatt"],
            opprettet=avtale.opprettet.date(),
            id=avtale.handle,
            advarsler=advarsler if gitt else [],
            gyldig_fra=etter["gyldig_fra"],
        )
    return status_dato


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


def _fornyer(session: Session, avtale: Avtale, verdi: str | None) -> tuple[int | None, str | None]:
    """The agreement `avtale` is to renew (id, handle): one that exists and is not itself
    or a later part of its series (regler.avtale.sjekk_fornyer)."""
    if verdi is None:
        return None, None
    mal = hent(session=session, handle=verdi)
    regler.sjekk_fornyer(lenker(session=session), avtale.handle, mal.handle)
    return mal.id, mal.handle


def lenker(*, session: Session) -> dict[str, str | None]:
    """Each agreement's `fornyer` (A4 to A3, A3 to None): the register's renewal links."""
    stmt = select(col(Avtale.handle), col(Avtale.id), col(Avtale.fornyer_id))
    rader = session.execute(stmt).all()
    handle_for = {i: h for h, i, _ in rader}
    return {h: handle_for.get(f) if f is not None else None for h, _, f in rader}


def avslutt(
    *,
    session: Session,
    handle: str,
    dato: date | None,
    av: str,
    advarsler: Advarsler | None = None,
    tidspunkt: datetime | None = None,
) -> AvtalePublic:
    """Close an agreement as of `dato`, its last day in force; without one, on its
    utløper when that has come, else today (regler.avtale.sluttdato). A closing date
    before the agreement was registered is kept, with a warning in `advarsler`."""
    tid = tidspunkt or klokke.na()
    avtale = hent(session=session, handle=handle, las=True)
    if avtale.status == Status.avsluttet:
        raise Konflikt(
            f"Avtale {avtale.handle} er allerede avsluttet ({norsk_dato(avtale.status_endret)})."
        )
    if avtale.status == Status.utgar:
        raise Konflikt(f"Avtale {avtale.handle} er annullert (utgår) og kan ikke avsluttes.")
    avtale_, _ = endre(
        session=session,
        handle=avtale.handle,
        endring=AvtaleUpdate(status=Status.avsluttet),
        av=av,
        advarsler=advarsler if advarsler is not None else [],
        status_dato=dato,
        tidspunkt=tid,
    )
    return avtale_


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
    tid = tidspunkt or klokke.na()
    avtale = hent(session=session, handle=handle, las=True)
    if avtale.status == Status.utgar:
        raise Konflikt(
            f"Avtale {avtale.handle} er allerede annullert ({norsk_dato(avtale.status_endret)})."
        )
    ny, _ = endre(
        session=session,
        handle=handle,
        endring=AvtaleUpdate(status=Status.utgar),
        av=av,
        advarsler=[],
        tidspunkt=tid,
    )
    assert avtale.id is not None
    historikk.logg_grunn(
        session=session, entitet=ENTITET, entitet_id=avtale.id, grunn=grunn, av=av, tidspunkt=tid
    )
    return ny
