"""The register's rules and queries: the only place that reads or writes records.

Every function takes the session explicitly and keyword-only, so the caller
decides the transaction: the CLI opens one write transaction per command, and a
failed command leaves nothing behind. Warnings that do not stop a change (a
ministry code used outside its years) are appended to `advarsler`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col

from konsreg.db import serialiser_import
from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig, Valideringsfeil
from konsreg.importregler import STORSTE_NUMMER
from konsreg.lesere import VedleggAvtaleRad, VedleggSakRad
from konsreg.models import (
    STATUS_TEKST,
    Avtale,
    AvtaleCreate,
    AvtalePart,
    AvtalePublic,
    Departement,
    Historikk,
    HistorikkPublic,
    Kategori,
    Sak,
    SakCreate,
    SakPublic,
    Teller,
)
from konsreg.regler.datoer import norsk_dato
from konsreg.regler.departementer import KS, Dep, Departementer, skriv_parter
from konsreg.vedlegg import AvtaleLinje, SakLinje

M = TypeVar("M", bound=SQLModel)

FELTNAVN = {
    "type": "type",
    "departement": "departement",
    "tittel": "tittel",
    "beskrivelse": "beskrivelse",
    "oppmeldt": "oppmeldt",
    "gjentakende": "gjentakende",
    "meldt_inn_av": "meldt inn av",
    "status": "status",
    "kategori": "kategori",
    "parter": "parter",
    "inngatt": "inngått",
    "utloper": "utløper",
    "forste_avtale": "første avtale inngått",
}


def na() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def valider(modell: type[M], data: dict[str, Any]) -> M:
    """Validate input through a non-table model; pydantic's complaint in Norwegian."""
    try:
        return modell.model_validate(data)
    except ValidationError as feil:
        deler = []
        for e in feil.errors():
            felt = FELTNAVN.get(str(e["loc"][0]), str(e["loc"][0])) if e["loc"] else "verdi"
            if e["type"] == "value_error":
                deler.append(str(e["ctx"]["error"]))
            elif e["type"] == "missing":
                deler.append(f"{felt} mangler")
            else:
                deler.append(f"ugyldig verdi for {felt}: «{e.get('input')}»")
        tekst = "; ".join(deler)
        raise Ugyldig(tekst[0].upper() + tekst[1:] + ".") from None


# -- ministries ------------------------------------------------------------------------


def liste_departementer(*, session: Session) -> list[Departement]:
    stmt = select(Departement).order_by(
        col(Departement.til_ar).is_not(None),
        col(Departement.kode),
        col(Departement.fra_ar).desc(),
    )
    return list(session.scalars(stmt))


def last_departementer(*, session: Session) -> Departementer:
    rader = session.execute(
        select(
            col(Departement.kode),
            col(Departement.navn),
            col(Departement.fra_ar),
            col(Departement.til_ar),
        )
    ).all()
    return Departementer(Dep(r[0], r[1], r[2], r[3]) for r in rader)


def _kode(deps: Departementer, kode: str, ar: int, advarsler: list[str]) -> str:
    return deps.finn(kode, ar, advarsler).kode


def _meldt_inn_av(deps: Departementer, verdi: str, ar: int, advarsler: list[str]) -> str:
    if verdi.strip().upper() == KS:
        return KS
    return _kode(deps, verdi, ar, advarsler)


# -- numbering -------------------------------------------------------------------------


def _brukt_opp(teller: str, trengs: int = 1, ledige: int = 0) -> Ugyldig:
    """The message for a counter at the register's limit (the INTEGER columns')."""
    if teller.startswith("sak/"):
        ar = teller.partition("/")[2]
        hva = f"Saksnumrene for {ar}"
        grense = f"{ar}/{STORSTE_NUMMER}"
        rad = "registrer saken under et annet oppmeldt-år, eller rett opp saksnumrene"
    else:
        hva, grense, rad = "Avtale-id-ene", f"A{STORSTE_NUMMER}", "rett opp id-ene"
    if trengs > 1:
        return Ugyldig(
            f"{hva} rekker ikke: {trengs} nye trengs, men bare {ledige} er ledige før "
            f"{grense}, det høyeste registeret kan lagre; {rad}."
        )
    return Ugyldig(f"{hva} er brukt opp: {grense} er det høyeste registeret kan lagre; {rad}.")


def neste_nummer(*, session: Session, teller: str) -> int:
    """The next number of a counter, in the caller's transaction: no gaps, no doubles,
    never past STORSTE_NUMMER.

    The UPDATE takes the row lock (PostgreSQL) inside a transaction that already
    holds the write lock (SQLite, BEGIN IMMEDIATE), so concurrent writers queue.
    """
    return _reserver_numre(session, teller, 1)


def _reserver_numre(session: Session, teller: str, antall: int) -> int:
    """Reserve `antall` consecutive numbers of a counter; returns the first. One
    conditional UPDATE, so the counter never passes the limit (PostgreSQL would fail
    with "integer out of range"; SQLite would hand out a number nothing can find)."""
    if antall <= 0:
        return 0
    stmt = (
        update(Teller)
        .where(col(Teller.navn) == teller, col(Teller.verdi) <= STORSTE_NUMMER - antall)
        .values(verdi=col(Teller.verdi) + antall)
        .returning(col(Teller.verdi))
    )
    verdi = session.execute(stmt).scalar_one_or_none()
    if verdi is not None:
        return int(verdi) - antall + 1
    naa = session.execute(select(col(Teller.verdi)).where(col(Teller.navn) == teller)).scalar()
    if naa is not None:
        raise _brukt_opp(teller, antall, max(STORSTE_NUMMER - int(naa), 0))
    if antall > STORSTE_NUMMER:
        raise _brukt_opp(teller, antall, STORSTE_NUMMER)
    try:
        with session.begin_nested():
            session.execute(insert(Teller).values(navn=teller, verdi=antall))
        return 1
    except IntegrityError:
        # Another writer created the counter first; count on from its value.
        return _reserver_numre(session, teller, antall)


# -- history ---------------------------------------------------------------------------


def _tekst(verdi: Any) -> str | None:
    if verdi is None:
        return None
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, date):
        return verdi.isoformat()
    if isinstance(verdi, list):
        return skriv_parter(verdi)
    return str(verdi)


def _logg(
    session: Session,
    *,
    entitet: str,
    entitet_id: int,
    felt: str,
    gammel: Any,
    ny: Any,
    av: str,
    tidspunkt: datetime,
) -> None:
    session.add(
        Historikk(
            entitet=entitet,
            entitet_id=entitet_id,
            felt=felt,
            gammel=_tekst(gammel),
            ny=_tekst(ny),
            tidspunkt=tidspunkt,
            av=av,
        )
    )


def _loggfor_endringer(
    session: Session,
    *,
    post: Sak | Avtale,
    entitet: str,
    endret: Sequence[str],
    for_: dict[str, Any],
    ny: dict[str, Any],
    av: str,
    tid: datetime,
    status_dato: date | None,
) -> None:
    """Record the changed fields of a case or agreement (already set on `post`) in the
    history; a status change also dates the status, and any change stamps `endret`."""
    assert post.id is not None
    for felt in endret:
        _logg(
            session,
            entitet=entitet,
            entitet_id=post.id,
            felt=felt,
            gammel=for_[felt],
            ny=ny[felt],
            av=av,
            tidspunkt=tid,
        )
    if "status" in endret:
        gammel_dato = post.status_endret
        post.status_endret = status_dato or tid.date()
        if gammel_dato != post.status_endret:
            _logg(
                session,
                entitet=entitet,
                entitet_id=post.id,
                felt="status_endret",
                gammel=gammel_dato,
                ny=post.status_endret,
                av=av,
                tidspunkt=tid,
            )
    if endret:
        post.endret = tid
        session.add(post)
        session.flush()


def historikk(*, session: Session, entitet: str, entitet_id: int) -> list[HistorikkPublic]:
    stmt = (
        select(Historikk)
        .where(col(Historikk.entitet) == entitet, col(Historikk.entitet_id) == entitet_id)
        .order_by(col(Historikk.id))
    )
    return [HistorikkPublic.model_validate(h, from_attributes=True) for h in session.scalars(stmt)]


# -- cases -----------------------------------------------------------------------------

_SAKSNUMMER = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d+)\s*$")


def sak_public(sak: Sak) -> SakPublic:
    return SakPublic.model_validate(sak, from_attributes=True)


def ny_sak(
    *,
    session: Session,
    data: SakCreate,
    av: str,
    advarsler: list[str],
    tidspunkt: datetime | None = None,
) -> Sak:
    """Register a case; its saksnummer is allocated in this same transaction."""
    tid = tidspunkt or na()
    deps = last_departementer(session=session)
    departement = _kode(deps, data.departement, data.oppmeldt, advarsler)
    meldt = _meldt_inn_av(deps, data.meldt_inn_av, data.oppmeldt, advarsler)
    lopenr = neste_nummer(session=session, teller=f"sak/{data.oppmeldt}")
    felter = data.model_dump()
    felter.update(departement=departement, meldt_inn_av=meldt)
    sak = Sak(
        **felter,
        saksnummer=f"{data.oppmeldt}/{lopenr}",
        ar=data.oppmeldt,
        lopenr=lopenr,
        status_endret=tid.date(),
        opprettet=tid,
        endret=tid,
    )
    session.add(sak)
    session.flush()
    assert sak.id is not None
    _logg(
        session,
        entitet="sak",
        entitet_id=sak.id,
        felt="opprettet",
        gammel=None,
        ny=sak.saksnummer,
        av=av,
        tidspunkt=tid,
    )
    return sak


def hent_sak(*, session: Session, saksnummer: str, las: bool = False) -> Sak:
    """The case with this saksnummer. `las`: lock its row for the rest of the transaction
    (what is read and then changed must be locked first; SQLite's writers already hold
    the database's write lock)."""
    m = _SAKSNUMMER.match(saksnummer)
    if not m:
        raise Ugyldig(
            f"«{saksnummer}» er ikke et saksnummer; skriv det som år/nummer, f.eks. 2026/3."
        )
    # A sequence number beyond the column's range cannot exist, and the driver would
    # fail on it (integer out of range / OverflowError) instead of finding nothing.
    sak: Sak | None = None
    if int(m[2]) <= STORSTE_NUMMER:
        stmt = select(Sak).where(col(Sak.ar) == int(m[1]), col(Sak.lopenr) == int(m[2]))
        if las:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        sak = session.scalars(stmt).first()
    if sak is None:
        raise IkkeFunnet(
            f"Finner ingen sak med saksnummer {int(m[1])}/{int(m[2])}; "
            "se «konsreg saker» for alle saker."
        )
    return sak


@dataclass
class Saksfilter:
    type: str | None = None
    ar: int | None = None
    status: str | None = None
    departement: str | None = None
    meldt_inn_av: str | None = None


def aktiv_i_ar(ar: int) -> Any:
    """Registered up to `ar` and not closed before it: the cases of that consultation year."""
    return and_(
        col(Sak.oppmeldt) <= ar,
        or_(
            col(Sak.status) != "avsluttet",
            col(Sak.status_endret).is_(None),
            col(Sak.status_endret) >= date(ar, 1, 1),
        ),
    )


def liste_saker(*, session: Session, filter: Saksfilter | None = None) -> list[Sak]:
    f = filter or Saksfilter()
    stmt = select(Sak)
    if f.type:
        stmt = stmt.where(col(Sak.type) == f.type)
    if f.ar is not None:
        stmt = stmt.where(aktiv_i_ar(f.ar))
    if f.status:
        stmt = stmt.where(col(Sak.status) == f.status)
    if f.departement:
        deps = last_departementer(session=session)
        if not deps.finnes(f.departement):
            raise deps.ukjent(f.departement)
        stmt = stmt.where(col(Sak.departement) == deps.normaliser(f.departement))
    if f.meldt_inn_av:
        verdi = f.meldt_inn_av.strip().upper()
        if verdi != KS:
            deps = last_departementer(session=session)
            if not deps.finnes(verdi):
                raise deps.ukjent(verdi)
        stmt = stmt.where(col(Sak.meldt_inn_av) == verdi)
    stmt = stmt.order_by(col(Sak.ar), col(Sak.lopenr))
    return list(session.scalars(stmt))


SAK_ENDRBARE = (
    "type",
    "departement",
    "tittel",
    "beskrivelse",
    "oppmeldt",
    "gjentakende",
    "meldt_inn_av",
    "status",
)


def endre_sak(
    *,
    session: Session,
    saksnummer: str,
    endringer: dict[str, Any],
    av: str,
    advarsler: list[str],
    status_dato: date | None = None,
    tidspunkt: datetime | None = None,
    nullstill: Sequence[str] = (),
) -> tuple[Sak, list[str]]:
    """Change fields of a case; returns the case and the names of the fields that changed."""
    tid = tidspunkt or na()
    sak = hent_sak(session=session, saksnummer=saksnummer, las=True)
    for_ = {felt: getattr(sak, felt) for felt in SAK_ENDRBARE}
    etter = dict(for_)
    etter.update({k: v for k, v in endringer.items() if v is not None and k in SAK_ENDRBARE})
    etter.update({k: None for k in nullstill if k in SAK_ENDRBARE})
    data = valider(SakCreate, etter)
    deps = last_departementer(session=session)
    ny = data.model_dump()
    if ny["departement"] != for_["departement"] or ny["oppmeldt"] != for_["oppmeldt"]:
        ny["departement"] = _kode(deps, data.departement, data.oppmeldt, advarsler)
    if ny["meldt_inn_av"] != for_["meldt_inn_av"]:
        ny["meldt_inn_av"] = _meldt_inn_av(deps, data.meldt_inn_av, data.oppmeldt, advarsler)
    endret = [felt for felt in SAK_ENDRBARE if ny[felt] != for_[felt]]
    for felt in endret:
        setattr(sak, felt, ny[felt])
    _loggfor_endringer(
        session,
        post=sak,
        entitet="sak",
        endret=endret,
        for_=for_,
        ny=ny,
        av=av,
        tid=tid,
        status_dato=status_dato,
    )
    return sak, endret


def avslutt_sak(
    *,
    session: Session,
    saksnummer: str,
    dato: date | None,
    av: str,
    tidspunkt: datetime | None = None,
) -> Sak:
    sak = hent_sak(session=session, saksnummer=saksnummer, las=True)
    if sak.status == "avsluttet":
        raise Konflikt(
            f"Sak {sak.saksnummer} er allerede avsluttet ({norsk_dato(sak.status_endret)})."
        )
    sak, _ = endre_sak(
        session=session,
        saksnummer=saksnummer,
        endringer={"status": "avsluttet"},
        av=av,
        advarsler=[],
        status_dato=dato,
        tidspunkt=tidspunkt,
    )
    return sak


# -- categories ------------------------------------------------------------------------


def liste_kategorier(*, session: Session) -> list[Kategori]:
    return list(
        session.scalars(select(Kategori).order_by(col(Kategori.rekkefolge), col(Kategori.id)))
    )


def finn_kategori(*, session: Session, tekst: str) -> Kategori:
    """A category by its code (`velferd`), its full name, or an unambiguous start of either."""
    verdi = " ".join(tekst.split()).lower()
    kategorier = liste_kategorier(session=session)
    for k in kategorier:
        if verdi in (k.kode.lower(), k.navn.lower()):
            return k
    treff = [
        k
        for k in kategorier
        if verdi and (k.kode.lower().startswith(verdi) or k.navn.lower().startswith(verdi))
    ]
    if len(treff) == 1:
        return treff[0]
    kjente = ", ".join(k.kode for k in kategorier)
    raise Ugyldig(f"Ukjent kategori «{tekst}»; bruk en av: {kjente}.")


# -- agreements ------------------------------------------------------------------------


def _sjekk_avtale(
    *, deps: Departementer, data: AvtaleCreate, advarsler: list[str], idag: date
) -> list[str]:
    """The agreement's own rules; returns the parties as normalised codes."""
    if data.inngatt and data.utloper and data.utloper < data.inngatt:
        raise Ugyldig(
            f"Utløper ({norsk_dato(data.utloper)}) er før inngått "
            f"({norsk_dato(data.inngatt)}); sjekk datoene."
        )
    if data.forste_avtale is not None:
        if data.forste_avtale > idag.year:
            raise Ugyldig(
                f"Første avtale inngått ({data.forste_avtale}) kan ikke være et år "
                f"fram i tid (i år er {idag.year})."
            )
        if data.inngatt and data.forste_avtale > data.inngatt.year:
            raise Ugyldig(
                f"Første avtale inngått ({data.forste_avtale}) er etter at denne avtalen "
                f"ble inngått ({data.inngatt.year})."
            )
        if data.forste_avtale < 1900:
            raise Ugyldig(f"Første avtale inngått ({data.forste_avtale}) er før 1900.")
    ar = data.inngatt.year if data.inngatt else idag.year
    parter = []
    for part in data.parter:
        if part.strip().upper() == KS:
            parter.append(KS)
            continue
        if not deps.finnes(part):
            raise deps.ukjent(part, hva="part")
        parter.append(deps.finn(part, ar, advarsler).kode)
    if len(set(parter)) != len(parter):
        raise Ugyldig(f"Samme part er oppgitt to ganger: {skriv_parter(parter)}.")
    return parter


def _sett_parter(session: Session, avtale_id: int, parter: Sequence[str]) -> None:
    session.execute(
        AvtalePart.__table__.delete().where(  # type: ignore[attr-defined]
            AvtalePart.__table__.c.avtale_id == avtale_id  # type: ignore[attr-defined]
        )
    )
    for posisjon, kode in enumerate(parter, start=1):
        session.add(AvtalePart(avtale_id=avtale_id, posisjon=posisjon, kode=kode))


def parter_for(*, session: Session, avtale_ider: Iterable[int]) -> dict[int, list[str]]:
    ider = list(avtale_ider)
    resultat: dict[int, list[str]] = {i: [] for i in ider}
    for start in range(0, len(ider), 500):
        bit = ider[start : start + 500]
        stmt = (
            select(col(AvtalePart.avtale_id), col(AvtalePart.kode))
            .where(col(AvtalePart.avtale_id).in_(bit))
            .order_by(col(AvtalePart.avtale_id), col(AvtalePart.posisjon))
        )
        for avtale_id, kode in session.execute(stmt):
            resultat[avtale_id].append(kode)
    return resultat


def ny_avtale(
    *,
    session: Session,
    data: AvtaleCreate,
    av: str,
    advarsler: list[str],
    fornyer_id: int | None = None,
    tidspunkt: datetime | None = None,
) -> Avtale:
    tid = tidspunkt or na()
    kategori = finn_kategori(session=session, tekst=data.kategori)
    deps = last_departementer(session=session)
    parter = _sjekk_avtale(deps=deps, data=data, advarsler=advarsler, idag=tid.date())
    nummer = neste_nummer(session=session, teller="avtale")
    avtale = Avtale(
        **data.model_dump(exclude={"kategori", "parter"}),
        handle=f"A{nummer}",
        kategori_id=kategori.id or 0,
        status_endret=tid.date(),
        fornyer_id=fornyer_id,
        opprettet=tid,
        endret=tid,
    )
    session.add(avtale)
    session.flush()
    assert avtale.id is not None
    _sett_parter(session, avtale.id, parter)
    _logg(
        session,
        entitet="avtale",
        entitet_id=avtale.id,
        felt="opprettet",
        gammel=None,
        ny=avtale.handle,
        av=av,
        tidspunkt=tid,
    )
    return avtale


def hent_avtale(*, session: Session, handle: str, las: bool = False) -> Avtale:
    """The agreement with this id; `las` locks its row, as for `hent_sak`."""
    verdi = handle.strip().upper()
    if verdi.isdigit():
        verdi = f"A{verdi}"
    stmt = select(Avtale).where(col(Avtale.handle) == verdi)
    if las:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    avtale = session.scalars(stmt).first()
    if avtale is None:
        raise IkkeFunnet(f"Finner ingen avtale «{handle}»; se «konsreg avtaler» for alle avtaler.")
    return avtale


@dataclass
class Avtalefilter:
    utlop: int | None = None
    utloper_innen: date | None = None
    gjeldende_per: date | None = None
    part: str | None = None
    kategori: str | None = None
    status: str | None = None
    idag: date | None = None


def gjeldende_per(dag: date) -> Any:
    """In force on `dag`: signed by then, not expired (utløper counts through its last day),
    and not closed before it."""
    return and_(
        or_(col(Avtale.inngatt).is_(None), col(Avtale.inngatt) <= dag),
        or_(col(Avtale.utloper).is_(None), col(Avtale.utloper) >= dag),
        or_(
            col(Avtale.status) != "avsluttet",
            col(Avtale.status_endret).is_(None),
            col(Avtale.status_endret) > dag,
        ),
    )


def liste_avtaler(*, session: Session, filter: Avtalefilter | None = None) -> list[Avtale]:
    f = filter or Avtalefilter()
    stmt = select(Avtale).join(Kategori, col(Kategori.id) == col(Avtale.kategori_id))
    if f.utlop is not None:
        stmt = stmt.where(
            col(Avtale.utloper) >= date(f.utlop, 1, 1), col(Avtale.utloper) <= date(f.utlop, 12, 31)
        )
    if f.utloper_innen is not None:
        fra = f.idag or date.today()
        stmt = stmt.where(col(Avtale.utloper) >= fra, col(Avtale.utloper) <= f.utloper_innen)
    if f.gjeldende_per is not None:
        stmt = stmt.where(gjeldende_per(f.gjeldende_per))
    if f.part:
        kode = f.part.strip().upper()
        if kode != KS:
            deps = last_departementer(session=session)
            if not deps.finnes(kode):
                raise deps.ukjent(kode, hva="part")
        stmt = stmt.where(
            select(col(AvtalePart.avtale_id))
            .where(col(AvtalePart.avtale_id) == col(Avtale.id), col(AvtalePart.kode) == kode)
            .exists()
        )
    if f.kategori:
        kategori = finn_kategori(session=session, tekst=f.kategori)
        stmt = stmt.where(col(Avtale.kategori_id) == kategori.id)
    if f.status:
        stmt = stmt.where(col(Avtale.status) == f.status)
    stmt = stmt.order_by(col(Kategori.rekkefolge), col(Kategori.id), col(Avtale.id))
    return list(session.scalars(stmt))


def avtaler_public(*, session: Session, avtaler: Sequence[Avtale]) -> list[AvtalePublic]:
    """The public shape of many agreements, with parties, category and renewal in bulk."""
    kategorier = {k.id: k.kode for k in liste_kategorier(session=session)}
    parter = parter_for(session=session, avtale_ider=[a.id for a in avtaler if a.id is not None])
    fornyer_ider = {a.fornyer_id for a in avtaler if a.fornyer_id is not None}
    handles: dict[int, str] = {}
    if fornyer_ider:
        stmt = select(col(Avtale.id), col(Avtale.handle)).where(col(Avtale.id).in_(fornyer_ider))
        handles = {i: h for i, h in session.execute(stmt)}
    resultat = []
    for a in avtaler:
        assert a.id is not None
        resultat.append(
            AvtalePublic(
                id=a.handle,
                tittel=a.tittel,
                kategori=kategorier[a.kategori_id],
                parter=parter[a.id],
                inngatt=a.inngatt,
                utloper=a.utloper,
                forste_avtale=a.forste_avtale,
                status=a.status,
                status_endret=a.status_endret,
                fornyer=handles.get(a.fornyer_id) if a.fornyer_id is not None else None,
                opprettet=a.opprettet,
                endret=a.endret,
            )
        )
    return resultat


AVTALE_ENDRBARE = ("tittel", "kategori", "parter", "inngatt", "utloper", "forste_avtale", "status")


def endre_avtale(
    *,
    session: Session,
    handle: str,
    endringer: dict[str, Any],
    av: str,
    advarsler: list[str],
    status_dato: date | None = None,
    tidspunkt: datetime | None = None,
    nullstill: Sequence[str] = (),
) -> tuple[Avtale, list[str]]:
    tid = tidspunkt or na()
    avtale = hent_avtale(session=session, handle=handle, las=True)
    assert avtale.id is not None
    gammel = avtaler_public(session=session, avtaler=[avtale])[0]
    for_ = {felt: getattr(gammel, felt) for felt in AVTALE_ENDRBARE}
    etter = dict(for_)
    etter.update({k: v for k, v in endringer.items() if v is not None and k in AVTALE_ENDRBARE})
    etter.update({k: None for k in nullstill if k in AVTALE_ENDRBARE})
    data = valider(AvtaleCreate, etter)
    kategori = finn_kategori(session=session, tekst=data.kategori)
    deps = last_departementer(session=session)
    parter = _sjekk_avtale(deps=deps, data=data, advarsler=advarsler, idag=tid.date())
    ny = data.model_dump()
    ny.update(kategori=kategori.kode, parter=parter)
    endret = [felt for felt in AVTALE_ENDRBARE if ny[felt] != for_[felt]]
    for felt in endret:
        if felt == "kategori":
            avtale.kategori_id = kategori.id  # type: ignore[assignment]
        elif felt == "parter":
            _sett_parter(session, avtale.id, parter)
        else:
            setattr(avtale, felt, ny[felt])
    _loggfor_endringer(
        session,
        post=avtale,
        entitet="avtale",
        endret=endret,
        for_=for_,
        ny=ny,
        av=av,
        tid=tid,
        status_dato=status_dato,
    )
    return avtale, endret


def forny_avtale(
    *,
    session: Session,
    handle: str,
    endringer: dict[str, Any],
    av: str,
    advarsler: list[str],
    tidspunkt: datetime | None = None,
) -> tuple[Avtale, Avtale]:
    """A new agreement renewing an old one, which is closed as of the new one's inngått."""
    tid = tidspunkt or na()
    # Locked before its status is read: of two renewals at once, the second waits here
    # and then finds the agreement closed.
    gammel = hent_avtale(session=session, handle=handle, las=True)
    if gammel.status == "avsluttet":
        etterfolgere = fornyet_av(session=session, avtale=gammel)
        if etterfolgere:
            raise Konflikt(
                f"Avtale {gammel.handle} er allerede fornyet av {', '.join(etterfolgere)} "
                f"(avsluttet {norsk_dato(gammel.status_endret)}); forny {etterfolgere[-1]} "
                "i stedet."
            )
        raise Konflikt(
            f"Avtale {gammel.handle} er avsluttet ({norsk_dato(gammel.status_endret)}); "
            "forny den gjeldende avtalen i serien i stedet."
        )
    g = avtaler_public(session=session, avtaler=[gammel])[0]
    data: dict[str, Any] = {
        "tittel": g.tittel,
        "kategori": g.kategori,
        "parter": g.parter,
        "forste_avtale": g.forste_avtale or (g.inngatt.year if g.inngatt else None),
        "status": "ny",
    }
    data.update({k: v for k, v in endringer.items() if v is not None})
    ny_data = valider(AvtaleCreate, data)
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
    endre_avtale(
        session=session,
        handle=gammel.handle,
        endringer={"status": "avsluttet"},
        av=av,
        advarsler=[],
        status_dato=ny_data.inngatt or tid.date(),
        tidspunkt=tid,
    )
    return ny, gammel


def fornyet_av(*, session: Session, avtale: Avtale) -> list[str]:
    stmt = select(col(Avtale.handle)).where(col(Avtale.fornyer_id) == avtale.id)
    return list(session.scalars(stmt))


def telling(*, session: Session) -> dict[str, int]:
    return {
        "saker": session.scalar(select(func.count()).select_from(Sak)) or 0,
        "avtaler": session.scalar(select(func.count()).select_from(Avtale)) or 0,
        "departementer": session.scalar(select(func.count()).select_from(Departement)) or 0,
    }


def status_tekst(status: str) -> str:
    return STATUS_TEKST.get(status, status)


# -- appendices --------------------------------------------------------------------------


def saker_for_vedlegg(*, session: Session, type: str, ar: int) -> list[SakLinje]:
    """Vedlegg a/b: the cases of that kind registered up to `ar` and not closed before it."""
    saker = liste_saker(session=session, filter=Saksfilter(type=type, ar=ar))
    deps = last_departementer(session=session)
    return [
        SakLinje(
            saksnummer=s.saksnummer,
            departement=s.departement,
            # The name in the consultation year, as that year's material prints it (a
            # ministry renamed under the same code, like JD in 2012, prints its new name).
            departement_navn=deps.finn(s.departement, ar).navn,
            tittel=s.tittel,
            oppmeldt=s.oppmeldt,
            gjentakende=s.gjentakende,
            status=s.status,
        )
        for s in saker
    ]


def ikke_avsluttet_for(dag: date) -> Any:
    """Signed by `dag` (or undated) and not closed before it."""
    return and_(
        or_(col(Avtale.inngatt).is_(None), col(Avtale.inngatt) <= dag),
        or_(
            col(Avtale.status) != "avsluttet",
            col(Avtale.status_endret).is_(None),
            col(Avtale.status_endret) >= dag,
        ),
    )


def avtaler_for_vedlegg(*, session: Session, per: date) -> list[AvtaleLinje]:
    """Vedlegg c: the agreements of the scheme signed by `per` and not closed before it,
    in category order and then in the order they were registered. Expired ones are
    included: the caller warns about them (or leaves them out)."""
    stmt = (
        select(Avtale)
        .join(Kategori, col(Kategori.id) == col(Avtale.kategori_id))
        .where(ikke_avsluttet_for(per))
        .order_by(col(Kategori.rekkefolge), col(Kategori.id), col(Avtale.id))
    )
    avtaler = list(session.scalars(stmt))
    navn = {k.kode: k.navn for k in liste_kategorier(session=session)}
    return [
        AvtaleLinje(
            id=p.id,
            tittel=p.tittel,
            kategori=p.kategori,
            kategori_navn=navn[p.kategori],
            parter=tuple(p.parter),
            inngatt=p.inngatt,
            utloper=p.utloper,
            forste_avtale=p.forste_avtale,
            status=p.status,
        )
        for p in avtaler_public(session=session, avtaler=avtaler)
    ]


def ny_kategori(*, session: Session, navn: str, kode: str | None = None) -> Kategori:
    """A new agreement category (a new group of Vedlegg c), placed after the others.
    Its code is `kode` when given (an import keeps the exported code), else made from
    the name."""
    import unicodedata

    rent = " ".join(navn.split())
    grunn = kode or re.sub(r"^avtaler? om\s+", "", rent.lower())
    ascii_ = unicodedata.normalize("NFKD", grunn.replace("æ", "ae").replace("ø", "o"))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.encode("ascii", "ignore").decode()).strip("-")
    slug = slug[:32] or "kategori"
    kjente = liste_kategorier(session=session)
    koder = {k.kode for k in kjente}
    kode, n = slug, 2
    while kode in koder:
        kode, n = f"{slug}-{n}", n + 1
    kategori = Kategori(
        kode=kode, navn=rent, rekkefolge=max((k.rekkefolge for k in kjente), default=0) + 1
    )
    session.add(kategori)
    session.flush()
    return kategori


def finn_sak_etter_innhold(
    *, session: Session, type: str, departement: str, tittel: str
) -> Sak | None:
    stmt = select(Sak).where(
        col(Sak.type) == type, col(Sak.departement) == departement, col(Sak.tittel) == tittel
    )
    return session.scalars(stmt.order_by(col(Sak.id))).first()


def finn_avtale_etter_innhold(
    *, session: Session, tittel: str, inngatt: date | None
) -> Avtale | None:
    stmt = select(Avtale).where(col(Avtale.tittel) == tittel)
    stmt = stmt.where(
        col(Avtale.inngatt).is_(None) if inngatt is None else col(Avtale.inngatt) == inngatt
    )
    return session.scalars(stmt.order_by(col(Avtale.id))).first()


@dataclass
class Importresultat:
    nye: int = 0
    oppdatert: int = 0
    uendret: int = 0
    nye_kategorier: list[str] | None = None
    hoppet_over: int = 0
    rader: int = 0

    def som_dict(self) -> dict[str, int]:
        return {
            "rader": self.rader,
            "nye": self.nye,
            "oppdatert": self.oppdatert,
            "uendret": self.uendret,
            "hoppet_over": self.hoppet_over,
        }

    def tekst_poster(self) -> str:
        tekst = f"{self.nye} nye, {self.oppdatert} oppdatert, {self.hoppet_over} hoppet over"
        return tekst + (f", {self.uendret} uendret" if self.uendret else "")

    def tekst(self) -> str:
        deler = f"{self.nye} nye, {self.oppdatert} oppdatert, {self.uendret} uendret"
        if self.nye_kategorier:
            deler += f"; nye kategorier: {', '.join(self.nye_kategorier)}"
        return deler


def importer_vedlegg_saker(
    *,
    session: Session,
    type: str,
    ar: int,
    rader: Sequence[VedleggSakRad],
    av: str,
    advarsler: list[str],
    kilde: str,
    oppdater: bool = True,
) -> Importresultat:
    """Upsert the cases of a Vedlegg a/b table, keyed on kind, ministry and title.

    Every row is checked before anything is written; all bad rows are reported
    together (`FIL:LINJE: melding`) and the register is left untouched.
    """
    serialiser_import(session)
    feil: list[str] = []
    data: list[tuple[VedleggSakRad, SakCreate]] = []
    sett: dict[tuple[str, str], int] = {}
    for rad in rader:
        nokkel = (rad.departement, rad.tittel)
        if nokkel in sett:
            feil.append(f"{kilde}:{rad.linje}: samme sak som på linje {sett[nokkel]}")
            continue
        sett[nokkel] = rad.linje
        if rad.oppmeldt > ar:
            feil.append(
                f"{kilde}:{rad.linje}: oppmeldt {rad.oppmeldt} er etter konsultasjonsåret {ar}; "
                "oppgi riktig år med --ar"
            )
            continue
        try:
            sak = valider(
                SakCreate,
                {
                    "type": type,
                    "departement": rad.departement,
                    "tittel": rad.tittel,
                    "oppmeldt": rad.oppmeldt,
                    "gjentakende": rad.gjentakende,
                    "meldt_inn_av": rad.departement,
                    "status": "ny" if rad.oppmeldt == ar else "pagaende",
                },
            )
        except Ugyldig as e:
            feil.append(f"{kilde}:{rad.linje}: {e.melding}")
            continue
        data.append((rad, sak))
    if feil:
        raise Valideringsfeil(f"{len(feil)} linjer i {kilde} har feil; ingenting er lagret.", feil)
    resultat = Importresultat()
    for _rad, sak_data in data:
        finnes = finn_sak_etter_innhold(
            session=session, type=type, departement=sak_data.departement, tittel=sak_data.tittel
        )
        if finnes is None:
            ny_sak(session=session, data=sak_data, av=av, advarsler=advarsler)
            resultat.nye += 1
            continue
        if not oppdater:
            resultat.uendret += 1
            continue
        _, endret = endre_sak(
            session=session,
            saksnummer=finnes.saksnummer,
            endringer={"oppmeldt": sak_data.oppmeldt, "gjentakende": sak_data.gjentakende},
            av=av,
            advarsler=advarsler,
        )
        if endret:
            resultat.oppdatert += 1
        else:
            resultat.uendret += 1
    return resultat


def importer_vedlegg_avtaler(
    *,
    session: Session,
    per: date,
    rader: Sequence[VedleggAvtaleRad],
    av: str,
    advarsler: list[str],
    kilde: str,
    oppdater: bool = True,
    status: str = "pagaende",
) -> Importresultat:
    """Upsert the agreements of a Vedlegg c table, keyed on title and inngått; categories
    the register does not know are created in the order they appear."""
    serialiser_import(session)
    tid = na()
    deps = last_departementer(session=session)
    feil: list[str] = []
    sett: dict[tuple[str, date | None], int] = {}
    gyldige: list[tuple[VedleggAvtaleRad, AvtaleCreate]] = []
    for rad in rader:
        nokkel = (rad.tittel, rad.inngatt)
        if nokkel in sett:
            feil.append(f"{kilde}:{rad.linje}: samme avtale som på linje {sett[nokkel]}")
            continue
        sett[nokkel] = rad.linje
        if rad.inngatt is not None and rad.inngatt > per:
            feil.append(
                f"{kilde}:{rad.linje}: inngått {norsk_dato(rad.inngatt)} er etter "
                f"{norsk_dato(per)}; oppgi datoen tabellen gjelder med --per"
            )
            continue
        try:
            data = valider(
                AvtaleCreate,
                {
                    "tittel": rad.tittel,
                    "kategori": rad.kategori,
                    "parter": list(rad.parter),
                    "inngatt": rad.inngatt,
                    "utloper": rad.utloper,
                    "forste_avtale": rad.forste_avtale,
                    "status": status,
                },
            )
            _sjekk_avtale(deps=deps, data=data, advarsler=[], idag=tid.date())
        except Ugyldig as e:
            feil.append(f"{kilde}:{rad.linje}: {e.melding}")
            continue
        gyldige.append((rad, data))
    if feil:
        raise Valideringsfeil(f"{len(feil)} linjer i {kilde} har feil; ingenting er lagret.", feil)
    resultat = Importresultat(nye_kategorier=[])
    kjente = {" ".join(k.navn.split()).lower() for k in liste_kategorier(session=session)}
    for _rad, data in gyldige:
        navn = " ".join(data.kategori.split())
        if navn.lower() not in kjente:
            kategori = ny_kategori(session=session, navn=navn)
            kjente.add(navn.lower())
            assert resultat.nye_kategorier is not None
            resultat.nye_kategorier.append(kategori.kode)
        finnes = finn_avtale_etter_innhold(
            session=session, tittel=data.tittel, inngatt=data.inngatt
        )
        if finnes is None:
            ny_avtale(session=session, data=data, av=av, advarsler=advarsler, tidspunkt=tid)
            resultat.nye += 1
            continue
        if not oppdater:
            resultat.uendret += 1
            continue
        _, endret = endre_avtale(
            session=session,
            handle=finnes.handle,
            endringer={
                "kategori": data.kategori,
                "parter": data.parter,
                "utloper": data.utloper,
                "forste_avtale": data.forste_avtale,
            },
            av=av,
            advarsler=advarsler,
            tidspunkt=tid,
        )
        if endret:
            resultat.oppdatert += 1
        else:
            resultat.uendret += 1
    return resultat


def last_eksempel(*, session: Session, av: str, advarsler: list[str]) -> tuple[int, int, int]:
    """Load the 2026 material's register content; what is already there is left as it is.

    Returns (new cases, new agreements, records that were already there)."""
    from konsreg import eksempel

    serialiser_import(session)
    nye_saker = nye_avtaler = fantes = 0
    tid = na()
    for s in eksempel.SAKER:
        if finn_sak_etter_innhold(
            session=session, type=s["type"], departement=s["departement"], tittel=s["tittel"]
        ):
            fantes += 1
            continue
        ny_sak(
            session=session, data=valider(SakCreate, s), av=av, advarsler=advarsler, tidspunkt=tid
        )
        nye_saker += 1
    for a in eksempel.AVTALER:
        if finn_avtale_etter_innhold(session=session, tittel=a["tittel"], inngatt=a["inngatt"]):
            fantes += 1
            continue
        data = valider(AvtaleCreate, {**a, "status": eksempel.AVTALE_STATUS})
        ny_avtale(session=session, data=data, av=av, advarsler=advarsler, tidspunkt=tid)
        nye_avtaler += 1
    return nye_saker, nye_avtaler, fantes


# -- record imports ----------------------------------------------------------------------

KONFLIKTMODUS = ("feil", "hopp-over", "oppdater")


def _minst(session: Session, teller: str, verdi: int) -> None:
    """Make sure a counter is at least `verdi` (after rows came in with their own numbers).
    One conditional UPDATE: no value is read and then written back."""
    session.execute(
        update(Teller)
        .where(col(Teller.navn) == teller, col(Teller.verdi) < verdi)
        .values(verdi=verdi)
    )
    finnes = session.execute(select(col(Teller.verdi)).where(col(Teller.navn) == teller)).scalar()
    if finnes is None:
        try:
            with session.begin_nested():
                session.execute(insert(Teller).values(navn=teller, verdi=verdi))
        except IntegrityError:
            # Another writer created the counter meanwhile; raise it conditionally.
            _minst(session, teller, verdi)


@dataclass
class _Feilsamler:
    kilde: str
    maks: int
    linjer: list[str]
    antall: int = 0

    def legg_til(self, linje: int, melding: str) -> None:
        self.antall += 1
        if len(self.linjer) < self.maks:
            self.linjer.append(f"{self.kilde}:{linje}: {melding}")

    def reis(self) -> None:
        if not self.antall:
            return
        linjer = list(self.linjer)
        if self.antall > len(linjer):
            linjer.append(f"… og {self.antall - len(linjer)} feil til")
        raise Valideringsfeil(f"{self.antall} feil i {self.kilde}; ingenting er lagret.", linjer)


def _i_bunker(rader: Iterable[Any], storrelse: int) -> Iterable[list[Any]]:
    bunke: list[Any] = []
    for rad in rader:
        bunke.append(rad)
        if len(bunke) >= storrelse:
            yield bunke
            bunke = []
    if bunke:
        yield bunke


def _historikk_rader(
    entitet: str, poster: Sequence[tuple[int, str]], av: str, tid: datetime
) -> list[dict[str, Any]]:
    return [
        {
            "entitet": entitet,
            "entitet_id": i,
            "felt": "opprettet",
            "gammel": None,
            "ny": h,
            "tidspunkt": tid,
            "av": av,
        }
        for i, h in poster
    ]


def _innholdsnokkel(v: dict[str, Any]) -> tuple[Any, ...]:
    return (v["type"], v["departement"], v["tittel"], v["oppmeldt"])


def importer_saker(
    *,
    session: Session,
    rader: Iterable[tuple[int, dict[str, Any]]],
    konflikt: str,
    av: str,
    kilde: str,
    advarsler: list[str],
    bunke: int = 2000,
    maks_feil: int = 50,
    fremdrift: Any = None,
    tillat_hull: bool = False,
) -> Importresultat:
    """Import case rows: every row checked, written in batches inside the caller's single
    transaction; if any row is bad, all bad rows are reported and nothing is kept.
    Saksnumre the file brings that leave a gap in a year's sequence are warned about,
    unless `tillat_hull`."""
    from konsreg import importregler

    serialiser_import(session)
    tid = na()
    idag = tid.date()
    deps = last_departementer(session=session)
    feil = _Feilsamler(kilde, maks_feil, [])
    resultat = Importresultat()
    maks_nr: dict[int, int] = {}
    teller_for: dict[int, int] = {}  # each year's counter before this import
    sak_tabell = Sak.__table__  # type: ignore[attr-defined]
    hist_tabell = Historikk.__table__  # type: ignore[attr-defined]
    for bunt in _i_bunker(rader, bunke):
        sjekket = [
            importregler.sjekk_sak(linje, data, deps=deps, idag=idag) for linje, data in bunt
        ]
        resultat.rader += len(sjekket)
        for r in sjekket:
            for f in r.feil:
                feil.legg_til(r.linje, f)
            if len(advarsler) < maks_feil:
                advarsler.extend(f"{kilde}:{r.linje}: {a}" for a in r.advarsler)
        gode = [r for r in sjekket if not r.feil]
        nummererte = [r for r in gode if "ar" in r.verdier]
        finnes: dict[tuple[Any, ...], str] = {}
        if nummererte:
            nr = [f"{r.verdier['ar']}/{r.verdier['lopenr']}" for r in nummererte]
            for sn in session.scalars(
                select(col(Sak.saksnummer)).where(col(Sak.saksnummer).in_(nr))
            ):
                a, _, b = sn.partition("/")
                finnes[(int(a), int(b))] = sn
        # Rows without a saksnummer are the same case when kind, ministry, title and year
        # match, so importing the same spreadsheet twice does not register everything twice.
        innhold = {_innholdsnokkel(r.verdier) for r in gode if "ar" not in r.verdier}
        if innhold:
            # By title (indexed), then the whole key here: SQLite scans the table for a
            # row-value IN list, once per batch.
            felt = (col(Sak.type), col(Sak.departement), col(Sak.tittel), col(Sak.oppmeldt))
            stmt = select(*felt, col(Sak.ar), col(Sak.lopenr)).where(
                col(Sak.tittel).in_({n[2] for n in innhold})
            )
            for t, d, ti, o, ar, lnr in session.execute(stmt):
                if (t, d, ti, o) in innhold:
                    finnes[(t, d, ti, o)] = f"{ar}/{lnr}"
        nye: list[importregler.Rad] = []
        oppdateres: list[importregler.Rad] = []
        i_bunten: set[tuple[Any, ...]] = set()
        for r in gode:
            nokkel: tuple[Any, ...] = (
                (r.verdier["ar"], r.verdier["lopenr"])
                if "ar" in r.verdier
                else _innholdsnokkel(r.verdier)
            )
            if nokkel in i_bunten:
                feil.legg_til(r.linje, "tittel: samme sak står to ganger i filen")
                continue
            i_bunten.add(nokkel)
            if nokkel in finnes and "ar" not in r.verdier:
                a, _, b = finnes[nokkel].partition("/")
                r.verdier["ar"], r.verdier["lopenr"] = int(a), int(b)
            if nokkel in finnes:
                if konflikt == "feil":
                    feil.legg_til(
                        r.linje,
                        f"saksnummer: {finnes[nokkel]} finnes fra før (eller står to ganger i "
                        "filen); bruk --ved-konflikt hopp-over eller oppdater",
                    )
                elif konflikt == "hopp-over":
                    resultat.hoppet_over += 1
                else:
                    oppdateres.append(r)
            else:
                nye.append(r)
        if fremdrift is not None:
            fremdrift(len(bunt))
        if feil.antall:
            continue  # keep checking the rest, write nothing more
        # Numbers for rows without one, per year, reserved in one statement each.
        per_ar: dict[int, list[importregler.Rad]] = {}
        for r in nye:
            if "ar" not in r.verdier:
                per_ar.setdefault(r.verdier["oppmeldt"], []).append(r)
            else:
                ar, lnr = r.verdier["ar"], r.verdier["lopenr"]
                if ar not in teller_for:
                    teller_for[ar] = _tellerverdi(session, f"sak/{ar}")
                maks_nr[ar] = max(maks_nr.get(ar, 0), lnr)
        for ar, liste in per_ar.items():
            if ar in maks_nr:
                # Past the numbers rows of this file bring, so no reserved number clashes.
                _minst(session, f"sak/{ar}", maks_nr[ar])
            forste = _reserver_numre(session, f"sak/{ar}", len(liste))
            for i, r in enumerate(liste):
                r.verdier["ar"], r.verdier["lopenr"] = ar, forste + i
        if nye:
            verdier = []
            for r in nye:
                v = r.verdier
                verdier.append(
                    {
                        "saksnummer": f"{v['ar']}/{v['lopenr']}",
                        "ar": v["ar"],
                        "lopenr": v["lopenr"],
                        "type": v["type"],
                        "departement": v["departement"],
                        "tittel": v["tittel"],
                        "beskrivelse": v["beskrivelse"],
                        "oppmeldt": v["oppmeldt"],
                        "gjentakende": bool(v["gjentakende"]),
                        "meldt_inn_av": v["meldt_inn_av"],
                        "status": v["status"],
                        "status_endret": v.get("status_endret") or idag,
                        "opprettet": v.get("opprettet") or tid,
                        "endret": v.get("endret") or v.get("opprettet") or tid,
                    }
                )
            # One executemany, and the new ids read back by saksnummer (unique): RETURNING
            # in parameter order makes SQLAlchemy send SQLite one INSERT per row.
            session.execute(insert(sak_tabell), verdier)
            nr = [x["saksnummer"] for x in verdier]
            id_for = dict(
                session.execute(
                    select(sak_tabell.c.saksnummer, sak_tabell.c.id).where(
                        sak_tabell.c.saksnummer.in_(nr)
                    )
                ).all()
            )
            ider = [id_for[n] for n in nr]
            session.execute(
                insert(hist_tabell),
                _historikk_rader(
                    "sak", list(zip(ider, (x["saksnummer"] for x in verdier), strict=True)), av, tid
                ),
            )
            resultat.nye += len(nye)
        for r in oppdateres:
            v = r.verdier
            _, endret = endre_sak(
                session=session,
                saksnummer=f"{v['ar']}/{v['lopenr']}",
                endringer={k: v.get(k) for k in SAK_ENDRBARE},
                av=av,
                advarsler=advarsler,
                status_dato=v.get("status_endret"),
                tidspunkt=tid,
                # An empty cell in a column the file has clears the field.
                nullstill=[f for f in ("beskrivelse",) if f in r.tomme],
            )
            if endret:
                resultat.oppdatert += 1
            else:
                resultat.uendret += 1
    feil.reis()
    for ar, hoyeste in maks_nr.items():
        _minst(session, f"sak/{ar}", hoyeste)
        if not tillat_hull:
            advarsler.extend(_hull_advarsel(session, ar, teller_for[ar], hoyeste))
    return resultat


def _tellerverdi(session: Session, teller: str) -> int:
    verdi = session.execute(select(col(Teller.verdi)).where(col(Teller.navn) == teller)).scalar()
    return int(verdi or 0)


def _hull_advarsel(session: Session, ar: int, fra: int, til: int) -> list[str]:
    """A warning naming the numbers of year `ar` after `fra` (the counter before an
    import) up to `til` that no case has: an import of 2026/1000 into a register that
    held only 2026/1 leaves 2026/2–2026/999 empty, and `sak ny` continues at 2026/1001."""
    finnes = session.execute(
        select(func.count(), func.min(col(Sak.lopenr))).where(
            col(Sak.ar) == ar, col(Sak.lopenr) > fra, col(Sak.lopenr) <= til
        )
    ).one()
    mangler = til - fra - int(finnes[0])
    if mangler <= 0:
        return []
    forste = int(finnes[1])
    hull = [(fra + 1, forste - 1)] if forste > fra + 1 else []
    neste = func.lead(col(Sak.lopenr)).over(order_by=col(Sak.lopenr))
    rekke = (
        select(col(Sak.lopenr).label("nr"), neste.label("neste"))
        .where(col(Sak.ar) == ar, col(Sak.lopenr) >= forste, col(Sak.lopenr) <= til)
        .subquery()
    )
    stmt = select(rekke.c.nr, rekke.c.neste).where(rekke.c.neste > rekke.c.nr + 1)
    hull += [(a + 1, b - 1) for a, b in session.execute(stmt.order_by(rekke.c.nr).limit(3))]

    def spenn(a: int, b: int) -> str:
        return f"{ar}/{a}" if a == b else f"{ar}/{a}–{ar}/{b}"

    navn = ", ".join(spenn(a, b) for a, b in hull[:3]) + (" m.fl." if len(hull) > 3 else "")
    return [
        f"Saksnumrene {navn} finnes ikke ({mangler} numre): importen lager et hull i "
        f"nummerrekken for {ar}, og neste «sak ny» får {ar}/{til + 1}. Bruk --tillat-hull "
        "hvis det er meningen."
    ]


def importer_avtaler(
    *,
    session: Session,
    rader: Iterable[tuple[int, dict[str, Any]]],
    konflikt: str,
    av: str,
    kilde: str,
    advarsler: list[str],
    bunke: int = 2000,
    maks_feil: int = 50,
    fremdrift: Any = None,
) -> Importresultat:
    """Import agreement rows, keyed on the id (or title and inngått where there is none);
    all rows or none, like `importer_saker`."""
    from konsreg import importregler

    serialiser_import(session)
    tid = na()
    idag = tid.date()
    deps = last_departementer(session=session)
    kategorier: dict[str, int] = {}
    kode_for: dict[int, str] = {}
    for k in liste_kategorier(session=session):
        assert k.id is not None
        kategorier[k.kode.lower()] = k.id
        kategorier[" ".join(k.navn.split()).lower()] = k.id
        kode_for[k.id] = k.kode
    feil = _Feilsamler(kilde, maks_feil, [])
    resultat = Importresultat()
    maks_handle = 0
    fornyelser: list[tuple[int, str, int]] = []
    avtale_tabell = Avtale.__table__  # type: ignore[attr-defined]
    part_tabell = AvtalePart.__table__  # type: ignore[attr-defined]
    hist_tabell = Historikk.__table__  # type: ignore[attr-defined]
    for bunt in _i_bunker(rader, bunke):
        sjekket = [
            importregler.sjekk_avtale(linje, data, deps=deps, kategorier=kategorier, idag=idag)
            for linje, data in bunt
        ]
        resultat.rader += len(sjekket)
        for r in sjekket:
            for f in r.feil:
                feil.legg_til(r.linje, f)
            if len(advarsler) < maks_feil:
                advarsler.extend(f"{kilde}:{r.linje}: {a}" for a in r.advarsler)
        gode = [r for r in sjekket if not r.feil]
        med_id = [r.verdier["handle"] for r in gode if "handle" in r.verdier]
        uten_id = [
            (r.verdier["tittel"], r.verdier["inngatt"]) for r in gode if "handle" not in r.verdier
        ]
        finnes_id: set[str] = set()
        finnes_par: dict[tuple[str, date], str] = {}
        if med_id:
            finnes_id = set(
                session.scalars(select(col(Avtale.handle)).where(col(Avtale.handle).in_(med_id)))
            )
        if uten_id:
            # By title (indexed), then title and inngått here, as for cases.
            par = set(uten_id)
            stmt = select(col(Avtale.tittel), col(Avtale.inngatt), col(Avtale.handle)).where(
                col(Avtale.tittel).in_({t for t, _ in par})
            )
            finnes_par = {(t, i): h for t, i, h in session.execute(stmt) if (t, i) in par}
        nye: list[importregler.Rad] = []
        oppdateres: list[tuple[str, importregler.Rad]] = []
        i_bunten: set[Any] = set()
        for r in gode:
            v = r.verdier
            nokkel = v.get("handle") or (v["tittel"], v["inngatt"])
            if nokkel in i_bunten:
                felt = "id" if "handle" in v else "tittel"
                feil.legg_til(r.linje, f"{felt}: samme avtale står to ganger i filen")
                continue
            i_bunten.add(nokkel)
            eksisterende = (
                v["handle"]
                if v.get("handle") in finnes_id
                else finnes_par.get((v["tittel"], v["inngatt"]))
                if "handle" not in v
                else None
            )
            if eksisterende is None:
                nye.append(r)
            elif konflikt == "feil":
                feil.legg_til(
                    r.linje,
                    f"id: avtale {eksisterende} finnes fra før (eller står to ganger i filen); "
                    "bruk --ved-konflikt hopp-over eller oppdater",
                )
            elif konflikt == "hopp-over":
                resultat.hoppet_over += 1
            else:
                oppdateres.append((eksisterende, r))
        if fremdrift is not None:
            fremdrift(len(bunt))
        if feil.antall:
            continue
        # Categories the file names with code and full name but the register lacks
        # (an export of a register where `import vedlegg c` created them).
        for r in nye:
            if r.verdier.get("kategori_id") is None:
                kode, navn = r.verdier["ny_kategori"]
                if kode.lower() not in kategorier:
                    kategori = ny_kategori(session=session, navn=navn, kode=kode)
                    assert kategori.id is not None
                    for nokkel in (kode.lower(), kategori.kode.lower(), navn.lower()):
                        kategorier[nokkel] = kategori.id
                    kode_for[kategori.id] = kategori.kode
                r.verdier["kategori_id"] = kategorier[kode.lower()]
        uten = [r for r in nye if "handle" not in r.verdier]
        egne = [int(r.verdier["handle"][1:]) for r in nye if "handle" in r.verdier]
        if uten and (egne or maks_handle):
            # Past the ids rows of this file bring, so no reserved id clashes.
            _minst(session, "avtale", max([maks_handle, *egne]))
        forste = _reserver_numre(session, "avtale", len(uten))
        for i, r in enumerate(uten):
            r.verdier["handle"] = f"A{forste + i}"
        for r in nye:
            maks_handle = max(maks_handle, int(r.verdier["handle"][1:]))
        if nye:
            verdier = [
                {
                    "handle": r.verdier["handle"],
                    "tittel": r.verdier["tittel"],
                    "kategori_id": r.verdier["kategori_id"],
                    "inngatt": r.verdier["inngatt"],
                    "utloper": r.verdier["utloper"],
                    "forste_avtale": r.verdier["forste_avtale"],
                    "status": r.verdier["status"],
                    "status_endret": r.verdier.get("status_endret") or idag,
                    "fornyer_id": None,
                    "opprettet": r.verdier.get("opprettet") or tid,
                    "endret": r.verdier.get("endret") or r.verdier.get("opprettet") or tid,
                }
                for r in nye
            ]
            # One executemany, and the new ids read back by handle (unique): RETURNING in
            # parameter order makes SQLAlchemy send SQLite one INSERT per row.
            session.execute(insert(avtale_tabell), verdier)
            innsatt = [x["handle"] for x in verdier]
            id_for = dict(
                session.execute(
                    select(avtale_tabell.c.handle, avtale_tabell.c.id).where(
                        avtale_tabell.c.handle.in_(innsatt)
                    )
                ).all()
            )
            ider = [id_for[h] for h in innsatt]
            parter = [
                {"avtale_id": i, "posisjon": p, "kode": kode}
                for i, r in zip(ider, nye, strict=True)
                for p, kode in enumerate(r.verdier["parter"], start=1)
            ]
            session.execute(insert(part_tabell), parter)
            session.execute(
                insert(hist_tabell),
                _historikk_rader(
                    "avtale", list(zip(ider, (x["handle"] for x in verdier), strict=True)), av, tid
                ),
            )
            fornyelser.extend(
                (i, r.verdier["fornyer"], r.linje)
                for i, r in zip(ider, nye, strict=True)
                if r.verdier.get("fornyer")
            )
            resultat.nye += len(nye)
        for handle, r in oppdateres:
            v = r.verdier
            _, endret = endre_avtale(
                session=session,
                handle=handle,
                endringer={
                    "tittel": v["tittel"],
                    "kategori": kode_for[v["kategori_id"]],
                    "parter": v["parter"],
                    "inngatt": v["inngatt"],
                    "utloper": v["utloper"],
                    "forste_avtale": v["forste_avtale"],
                    "status": v["status"],
                },
                av=av,
                advarsler=advarsler,
                status_dato=v.get("status_endret"),
                tidspunkt=tid,
                nullstill=[f for f in ("utloper", "forste_avtale") if f in r.tomme],
            )
            if endret:
                resultat.oppdatert += 1
            else:
                resultat.uendret += 1
    feil.reis()
    # Renewals may point at rows later in the file, so they are linked at the end.
    if fornyelser:
        handles = {h for _, h, _ in fornyelser}
        ider_for = dict(
            session.execute(
                select(col(Avtale.handle), col(Avtale.id)).where(col(Avtale.handle).in_(handles))
            ).all()
        )
        for avtale_id, handle, linje in fornyelser:
            if handle not in ider_for:
                feil.legg_til(linje, f"fornyer: finner ingen avtale {handle}")
                continue
            session.execute(
                update(Avtale)
                .where(col(Avtale.id) == avtale_id)
                .values(fornyer_id=ider_for[handle])
            )
        feil.reis()
    if maks_handle:
        _minst(session, "avtale", maks_handle)
    return resultat


def eksporter(*, session: Session, hva: str, bunke: int = 2000) -> Iterable[dict[str, Any]]:
    """Every case or agreement as its public shape, read in batches (stable order)."""
    from konsreg.render import AVTALE_FELT, SAK_FELT, som_dict

    if hva == "saker":
        stmt = select(Sak).order_by(col(Sak.ar), col(Sak.lopenr))
        for sak in session.scalars(stmt.execution_options(yield_per=bunke)):
            yield som_dict(sak_public(sak), SAK_FELT)
        return
    navn = {k.kode: k.navn for k in liste_kategorier(session=session)}
    siste = 0
    while True:
        neste = select(Avtale).where(col(Avtale.id) > siste).order_by(col(Avtale.id))
        bunt = list(session.scalars(neste.limit(bunke)))
        if not bunt:
            return
        for p in avtaler_public(session=session, avtaler=bunt):
            yield {**som_dict(p, AVTALE_FELT), "kategori_navn": navn[p.kategori]}
        siste = bunt[-1].id or siste
