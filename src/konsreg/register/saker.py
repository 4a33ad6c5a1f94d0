"""Cases (saker): register, find, list, change and close them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.errors import IkkeFunnet, Konflikt
from konsreg.models import Sak, SakCreate, SakPublic, SakUpdate, valider
from konsreg.register import historikk, klokke, nummerering, strom, utvalg
from konsreg.register.departementer import last_departementer
from konsreg.register.strom import SakRad
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
        status_endret=status_dato or klokke.dag(tid),
        opprettet=tid,
        endret=tid,
    )
    session.add(sak)
    session.flush()
    assert sak.id is not None
    historikk.skriv_opprettet(
        session=session, entitet=ENTITET, poster=[(sak.id, sak.saksnummer)], av=av, tid=tid
    )
    regler.sjekk_oppmeldt(sak.oppmeldt, klokke.dag(tid), sak.saksnummer, advarsler)
    if sak.status == Status.avsluttet and sak.status_endret is not None:
        regler.sjekk_avsluttet(
            sak.status_endret,
            oppmeldt=sak.oppmeldt,
            opprettet=None,
            saksnummer=sak.saksnummer,
            advarsler=advarsler,
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
    *,
    session: Session,
    type: str,
    departement: str,
    tittel: str,
    oppmeldt: int,
    vist_i: int | None = None,
) -> str | None:
    """The saksnummer of the case with this content key (regler.sak.innholdsnokkel).
    `vist_i`: the key as an appendix of that year printed it, where a case registered
    under a predecessor (KMD) is shown as its successor (KDD)."""
    stmt = select(col(Sak.saksnummer), col(Sak.departement)).where(
        col(Sak.type) == type,
        col(Sak.tittel) == tittel,
        col(Sak.oppmeldt) == oppmeldt,
    )
    if vist_i is None:
        stmt = stmt.where(col(Sak.departement) == departement)
    rader: list[tuple[str, str]] = [(n, d) for n, d in session.execute(stmt.order_by(col(Sak.id)))]
    eksakt = [n for n, d in rader if d == departement]
    if eksakt or vist_i is None:
        return eksakt[0] if eksakt else None
    deps = last_departementer(session=session)
    return next((n for n, d in rader if deps.vist_kode(d, oppmeldt, vist_i) == departement), None)


def vis(*, session: Session, nummer: str) -> tuple[SakPublic, list[historikk.HistorikkPublic]]:
    """A case and its whole history."""
    sak = hent(session=session, nummer=nummer)
    assert sak.id is not None
    return public(sak), historikk.historikk(session=session, entitet=ENTITET, entitet_id=sak.id)


@dataclass(frozen=True)
class Saksfilter:
    """`departement` and `meldt_inn_av` take a code or a full name, and find the cases
    of the ministry's predecessors too (KDD finds KMD's of 2018), unless
    `med_forgjengere` is off: then only the code as registered."""

    type: str | None = None
    ar: int | None = None
    status: str | None = None
    departement: str | None = None
    meldt_inn_av: str | None = None
    alle: bool = False  # voided cases (utgår) too; else only when asked for by status
    med_forgjengere: bool = True


def liste(*, session: Session, filter: Saksfilter | None = None) -> Iterator[SakRad]:
    """The cases `filter` lets through, in number order, as they are read (a filter
    naming an unknown ministry fails here, before the first row)."""
    f = filter or Saksfilter()
    stmt = strom.sak_select()
    if f.type:
        stmt = stmt.where(col(Sak.type) == f.type)
    if f.ar is not None:
        stmt = stmt.where(utvalg.sak_i_konsultasjonsaret(f.ar))
    if f.status:
        stmt = stmt.where(col(Sak.status) == f.status)
    elif not f.alle:
        stmt = stmt.where(col(Sak.status) != Status.utgar)
    vilkar: dict[str, str] = {}
    deps = last_departementer(session=session) if f.departement or f.meldt_inn_av else None
    for navn, verdi in (("departement", f.departement), ("meldt_inn_av", f.meldt_inn_av)):
        if deps is None or not verdi:
            continue
        er_ks = navn == "meldt_inn_av" and verdi.strip().upper() == KS
        kode = KS if er_ks else deps.kode_for(verdi)
        koder = deps.forgjengere(kode) if f.med_forgjengere else {kode}
        stmt = stmt.where(col(getattr(Sak, navn)).in_(sorted(koder)))
        vilkar[navn] = kode
    rader = strom.saker(session=session, stmt=stmt.order_by(col(Sak.ar), col(Sak.lopenr)))
    if deps is None or not f.med_forgjengere:
        return rader
    # The sieve above left aside when each hand-over happened; the years decide here.
    return (
        s
        for s in rader
        if all(deps.horer_til(kode, getattr(s, n), s.oppmeldt) for n, kode in vilkar.items())
    )


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
    idag = klokke.dag(tid)
    _sjekk_endring(sak, etter, endret, status_dato or idag, idag, advarsler)
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


def _sjekk_endring(
    sak: Sak, etter: dict[str, Any], endret: list[str], dato: date, idag: date, advarsler: Advarsler
) -> None:
    """The sanity of a change: a year far ahead, a closing date before the case existed."""
    if "oppmeldt" in endret:
        regler.sjekk_oppmeldt(etter["oppmeldt"], idag, sak.saksnummer, advarsler)
    if "status" in endret and etter["status"] == Status.avsluttet:
        regler.sjekk_avsluttet(
            dato,
            oppmeldt=etter["oppmeldt"],
            opprettet=sak.opprettet.date(),
            saksnummer=sak.saksnummer,
            advarsler=advarsler,
        )


def avslutt(
    *,
    session: Session,
    nummer: str,
    dato: date | None,
    av: str,
    advarsler: Advarsler | None = None,
    tidspunkt: datetime | None = None,
) -> SakPublic:
    """Close a case as of `dato` (today if not given)."""
    sak = hent(session=session, nummer=nummer, las=True)
    if sak.status == Status.avsluttet:
        raise Konflikt(
            f"Sak {sak.saksnummer} er allerede avsluttet ({norsk_dato(sak.status_endret)})."
        )
    if sak.status == Status.utgar:
        raise Konflikt(f"Sak {sak.saksnummer} er annullert (utgår) og kan ikke avsluttes.")
    sak_, _ = endre(
        session=session,
        nummer=nummer,
        endring=SakUpdate(status=Status.avsluttet),
        av=av,
        advarsler=advarsler if advarsler is not None else [],
        status_dato=dato,
        tidspunkt=tidspunkt,
    )
    return sak_


def annuller(
    *,
    session: Session,
    nummer: str,
    grunn: str,
    av: str,
    tidspunkt: datetime | None = None,
) -> SakPublic:
    """Void a case registered by mistake (status utgår): it keeps its number, its history
    and the reason, and leaves the appendices and the default listings."""
    tid = tidspunkt or klokke.na()
    sak = hent(session=session, nummer=nummer, las=True)
    if sak.status == Status.utgar:
        raise Konflikt(
            f"Sak {sak.saksnummer} er allerede annullert ({norsk_dato(sak.status_endret)})."
        )
    sak_, _ = endre(
        session=session,
        nummer=nummer,
        endring=SakUpdate(status=Status.utgar),
        av=av,
        advarsler=[],
        tidspunkt=tid,
    )
    assert sak.id is not None
    historikk.logg_grunn(
        session=session, entitet=ENTITET, entitet_id=sak.id, grunn=grunn, av=av, tidspunkt=tid
    )
    return sak_
