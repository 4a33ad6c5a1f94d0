"""Records read as a stream, for listings, appendices and exports: core selects into
tuples, a batch at a time from the driver's cursor (a server-side cursor on PostgreSQL),
so a register of a million rows is written out in the memory of one batch. No ORM
objects and no validation: the register wrote these rows through its checks.

The rows have the field names and values of the public shapes (`SakPublic`,
`AvtalePublic`) that single-record commands give, so every format reads either.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from konsreg.models import Avtale, AvtalePart, Kategori, Sak
from konsreg.regler.datoer import med_presisjon

BUNKE = 2000
# A select of any columns (SQLAlchemy 2.1 types a select by its columns).
Utvalg = Select[*tuple[Any, ...]]


class SakRad(NamedTuple):
    """A case as a listing or an export writes it (the fields of `SakPublic`)."""

    saksnummer: str
    type: str
    departement: str
    tittel: str
    beskrivelse: str | None
    oppmeldt: int
    gjentakende: bool
    meldt_inn_av: str
    status: str
    status_endret: date | None
    opprettet: datetime
    endret: datetime


class AvtaleRad(NamedTuple):
    """An agreement as a listing or an export writes it (the fields of `AvtaleEksport`:
    `AvtalePublic`, its category's full name and its own official title)."""

    id: str
    tittel: str
    kategori: str
    parter: list[str]
    inngatt: date | None
    gyldig_fra: date | None
    utloper: date | None
    forste_avtale: int | None
    status: str
    status_endret: date | None
    fornyer: str | None
    opprettet: datetime
    endret: datetime
    kategori_navn: str
    fullt_navn: str | None


def sak_select() -> Utvalg:
    """The columns of a `SakRad`, in its order; the caller adds filters and order."""
    return select(*(col(getattr(Sak, f)) for f in SakRad._fields))


def saker(*, session: Session, stmt: Utvalg, bunke: int = BUNKE) -> Iterator[SakRad]:
    """The rows of `stmt` (made from `sak_select`), as they come."""
    for rad in _utfor(session, stmt, bunke):
        yield SakRad._make(rad)


def avtale_select() -> Utvalg:
    """An agreement's row id and the columns `avtaler` makes an `AvtaleRad` of, with its
    category joined and the agreement it renews (by handle); the caller adds filters and
    order (`Kategori` and `Avtale` may be named in them)."""
    forrige = aliased(Avtale)
    return (
        select(
            col(Avtale.id),
            col(Avtale.handle),
            col(Avtale.tittel),
            col(Kategori.kode),
            col(Avtale.inngatt),
            col(Avtale.inngatt_presisjon),
            col(Avtale.gyldig_fra),
            col(Avtale.gyldig_fra_presisjon),
            col(Avtale.utloper),
            col(Avtale.forste_avtale),
            col(Avtale.status),
            col(Avtale.status_endret),
            col(forrige.handle),
            col(Avtale.opprettet),
            col(Avtale.endret),
            col(Kategori.navn),
            col(Avtale.fullt_navn),
        )
        .join(Kategori, col(Kategori.id) == col(Avtale.kategori_id))
        .outerjoin(forrige, col(forrige.id) == col(Avtale.fornyer_id))
    )


def avtaler(*, session: Session, stmt: Utvalg, bunke: int = BUNKE) -> Iterator[AvtaleRad]:
    """The rows of `stmt` (made from `avtale_select`), as they come: each batch of the
    cursor with its parties, read in one more query per batch."""
    for bunt in _utfor(session, stmt, bunke).partitions():
        parter = parter_for(session=session, avtale_ider=[r[0] for r in bunt])
        for r in bunt:
            yield AvtaleRad(
                r[1],
                r[2],
                r[3],
                parter[r[0]],
                med_presisjon(r[4], r[5]),
                med_presisjon(r[6], r[7]),
                r[8],
                r[9],
                r[10],
                r[11],
                r[12],
                r[13],
                r[14],
                r[15],
                r[16],
            )


def _utfor(session: Session, stmt: Utvalg, bunke: int) -> Any:
    """Run a select on the session's connection (core: no ORM loading), `bunke` rows at a
    time from the driver (a server-side cursor on PostgreSQL)."""
    return session.connection().execute(stmt.execution_options(yield_per=bunke))


def parter_for(*, session: Session, avtale_ider: list[int]) -> dict[int, list[str]]:
    """Each agreement's parties in the order it names them."""
    resultat: dict[int, list[str]] = {i: [] for i in avtale_ider}
    # Under SQLite's old limit of 999 parameters a statement.
    for start in range(0, len(avtale_ider), 900):
        stmt = (
            select(col(AvtalePart.avtale_id), col(AvtalePart.kode))
            .where(col(AvtalePart.avtale_id).in_(avtale_ider[start : start + 900]))
            .order_by(col(AvtalePart.avtale_id), col(AvtalePart.posisjon))
        )
        for id_, kode in session.execute(stmt):
            resultat[id_].append(kode)
    return resultat
