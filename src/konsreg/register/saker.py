"""Cases (saker): register, find, list, change and close them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.errors import IkkeFunnet, Konflikt
from konsreg.models import Sak, SakCreate, SakPublic, SakUpdate, valider
from konsreg.register import historikk, klokke, nummerering, utvalg
from konsreg.register.departementer import last_departementer
from konsreg.regler import felt
from konsreg.regler import sak as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.begreper import KS, Status
from konsreg.regler.datoer import norsk_dato
from konsreg.regler.nummer import STORSTE_NUMMER, les_saksnummer, saksnummer

ENTITET = "sak"
# The fields a change may set: those of the Update model, in its order.
ENDRBARE = tuple(SakUpdate.model_fields)


def public(sak: Sak) -> SakPublic:
    return SakPublic.model_validate(sak, from_attributes=True)


def ny_sak(
    *,
    session: Session,
    data: SakCreate,
    av: str,
    advarsler: Advarsler,
    tidspunkt: datetime | None = None,
    status_dato: date | None = None,
) -> SakPublic:
    """Register a case; its saksnummer is allocated in this same transaction. Its status
    dates from `status_dato` (a closed case: the day it was closed), else today."""
    tid = tidspunkt or klokke.na()
    deps = last_departementer(session=session)
    departement, meldt = regler.koder(
        deps, data.departement, data.meldt_inn_av, data.oppmeldt, advarsler
    )
    lopenr = nummerering.reserver(session=session, teller=nummerering.sak_teller(data.oppmeldt))
    felter = data.model_dump()
    felter.update(departement=departement, meldt_inn_av=meldt)
    sak = Sak(
        **felter,
        saksnummer=saksnummer(data.oppmeldt, lopenr),
        ar=data.oppmeldt,
        lopenr=lopenr,
        status_endret=status_dato or tid.date(),
        opprettet=tid,
        endret=tid,
    )
    session.add(sak)
    session.flush()
    assert sak.id is not None
    historikk.skriv_opprettet(
        session=session, entitet=ENTITET, poster=[(sak.id, sak.saksnummer)], av=av, tid=tid
    )
    return public(sak)


def hent(*, session: Session, nummer: str, las: bool = False) -> Sak:
    """The case with this saksnummer. `las`: lock its row for the rest of the transaction
    (what is read and then changed must be locked first; SQLite's writers already hold
    the database's write lock)."""
    ar, lopenr = les_saksnummer(nummer)
    # A number beyond the column's range cannot exist, and the driver would fail on it
    # (integer out of range / OverflowError) instead of finding nothing.
    sak: Sak | None = None
    if lopenr <= STORSTE_NUMMER:
        stmt = select(Sak).where(col(Sak.ar) == ar, col(Sak.lopenr) == lopenr)
        if las:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        sak = session.scalars(stmt).first()
    if sak is None:
        raise IkkeFunnet(
            f"Finner ingen sak med saksnummer {saksnummer(ar, lopenr)}; "
            "se «konsreg saker» for alle saker."
        )
    return sak


def finn_etter_innhold(
    *, session: Session, type: str, departement: str, tittel: str, oppmeldt: int
) -> str | None:
    """The saksnummer of the case with this content key (regler.sak.innholdsnokkel)."""
    stmt = select(col(Sak.saksnummer)).where(
        col(Sak.type) == type,
        col(Sak.departement) == departement,
        col(Sak.tittel) == tittel,
        col(Sak.oppmeldt) == oppmeldt,
    )
    return session.scalars(stmt.order_by(col(Sak.id))).first()


def vis(*, session: Session, nummer: str) -> tuple[SakPublic, list[historikk.HistorikkPublic]]:
    """A case and its whole history."""
    sak = hent(session=session, nummer=nummer)
    assert sak.id is not None
    return public(sak), historikk.historikk(session=session, entitet=ENTITET, entitet_id=sak.id)


@dataclass(frozen=True)
class Saksfilter:
    type: str | None = None
    ar: int | None = None
    status: str | None = None
    departement: str | None = None
    meldt_inn_av: str | None = None


def liste(*, session: Session, filter: Saksfilter | None = None) -> list[SakPublic]:
    f = filter or Saksfilter()
    stmt = select(Sak)
    if f.type:
        stmt = stmt.where(col(Sak.type) == f.type)
    if f.ar is not None:
        stmt = stmt.where(utvalg.sak_i_konsultasjonsaret(f.ar))
    if f.status:
        stmt = stmt.where(col(Sak.status) == f.status)
    if f.departement or f.meldt_inn_av:
        deps = last_departementer(session=session)
        if f.departement and not deps.finnes(f.departement):
            raise deps.ukjent(f.departement)
        meldt = (f.meldt_inn_av or KS).strip().upper()
        if meldt != KS and not deps.finnes(meldt):
            raise deps.ukjent(meldt)
    if f.departement:
        stmt = stmt.where(col(Sak.departement) == f.departement.strip().upper())
    if f.meldt_inn_av:
        stmt = stmt.where(col(Sak.meldt_inn_av) == f.meldt_inn_av.strip().upper())
    stmt = stmt.order_by(col(Sak.ar), col(Sak.lopenr))
    return [public(s) for s in session.scalars(stmt)]


def endre(
    *,
    session: Session,
    nummer: str,
    endring: SakUpdate,
    av: str,
    advarsler: Advarsler,
    status_dato: date | None = None,
    tidspunkt: datetime | None = None,
) -> tuple[SakPublic, list[str]]:
    """Change the fields `endring` sets (None empties one); returns the case and the
    names of the fields that changed, each recorded in the history. `status_dato` dates
    a change of status, or alone corrects the date of the status it has."""
    tid = tidspunkt or klokke.na()
    sak = hent(session=session, nummer=nummer, las=True)
    for_ = {felt: getattr(sak, felt) for felt in ENDRBARE}
    data = valider(SakCreate, {**for_, **endring.model_dump(exclude_unset=True)})
    etter = data.model_dump()
    # Codes are looked up again only where they or the year changed: a change of title
    # does not repeat a warning about the ministry.
    deps = last_departementer(session=session)
    if etter["departement"] != for_["departement"] or etter["oppmeldt"] != for_["oppmeldt"]:
        etter["departement"] = felt.departementskode(
            deps, data.departement, data.oppmeldt, advarsler
        )
    if etter["meldt_inn_av"] != for_["meldt_inn_av"]:
        etter["meldt_inn_av"] = felt.meldt_inn_av(deps, data.meldt_inn_av, data.oppmeldt, advarsler)
    endret = [navn for navn in ENDRBARE if etter[navn] != for_[navn]]
    for navn in endret:
        setattr(sak, navn, etter[navn])
    endret += historikk.logg_endringer(
        session=session,
        post=sak,
        entitet=ENTITET,
        for_=for_,
        etter=etter,
        endret=endret,
        av=av,
        tid=tid,
        status_dato=status_dato,
    )
    return public(sak), endret


def avslutt(
    *,
    session: Session,
    nummer: str,
    dato: date | None,
    av: str,
    tidspunkt: datetime | None = None,
) -> SakPublic:
    """Close a case as of `dato` (today if not given)."""
    sak = hent(session=session, nummer=nummer, las=True)
    if sak.status == Status.avsluttet:
        raise Konflikt(
            f"Sak {sak.saksnummer} er allerede avsluttet ({norsk_dato(sak.status_endret)})."
        )
    sak_, _ = endre(
        session=session,
        nummer=nummer,
        endring=SakUpdate(status=Status.avsluttet),
        av=av,
        advarsler=[],
        status_dato=dato,
        tidspunkt=tidspunkt,
    )
    return sak_
