"""The listing of agreements (`konsreg avtaler`): the filters, as SQL where they can be,
and the hand-overs between ministries where only the years can decide."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.models import Avtale, AvtalePart, Kategori
from konsreg.register import klokke, strom, utvalg
from konsreg.register.departementer import hent_kategori, last_departementer
from konsreg.register.strom import AvtaleRad
from konsreg.regler.begreper import KS, Status
from konsreg.regler.departementer import Departementer


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


def liste(*, session: Session, filter: Avtalefilter | None = None) -> Iterator[AvtaleRad]:
    """The agreements `filter` lets through, in category order, then as registered; as
    they are read (a filter naming an unknown party or category fails before the first)."""
    f = filter or Avtalefilter()
    stmt = strom.avtale_select()
    for vilkar in _vilkar(session, f):
        stmt = stmt.where(vilkar)
    stmt = stmt.order_by(col(Kategori.rekkefolge), col(Kategori.id), col(Avtale.id))
    avtaler = strom.avtaler(session=session, stmt=stmt)
    if not (f.part and f.med_forgjengere):
        return avtaler
    # The SQL sieve left aside when each hand-over happened; the years decide here.
    deps = last_departementer(session=session)
    kode = _partkode(deps, f.part)
    idag = f.idag or klokke.i_dag()
    return (
        a
        for a in avtaler
        if any(
            deps.horer_til(kode, p, a.inngatt.year if a.inngatt else idag.year) for p in a.parter
        )
    )


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
        fra = f.idag or klokke.i_dag()
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
