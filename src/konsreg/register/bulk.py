"""The bulk write path of imports (and of any new record's history): rows go straight to
the database driver, as tuples with values already in the form the driver stores, in
the caller's transaction.

SQLite: plain INSERTs of many rows each (`VALUES (…), (…), …`, up to 500 rows a
statement), straight to the driver (SQLAlchemy's own executemany builds and processes a
parameter dict per row, which cost more than SQLite's writing). Many rows a statement,
not one (executemany): the search index's triggers write FTS5 tables, which flush at
the end of every statement (db/sokeindeks.py: RADER_PER_SETNING). PostgreSQL:
`COPY … FROM STDIN` through psycopg. The ORM stays for single-record commands.

Within an import (`db.bakskriver.i_bakgrunnen`) the SQLite INSERTs run in a writer
thread while the next rows are checked; new rows' ids are therefore given in the INSERT
(`sett_inn_med_ider`), not returned by it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import Date, DateTime, Table
from sqlmodel import Session

from konsreg.db import bakskriver
from konsreg.db.sokeindeks import rader_per_setning

Verdi = Callable[[Any], Any]


def sett_inn(
    session: Session, tabell: Table, kolonner: Sequence[str], rader: Sequence[Sequence[Any]]
) -> None:
    """Insert `rader` (each its values in the order of `kolonner`) into `tabell`."""
    if not rader:
        return
    forbindelse = session.connection()
    dialekt = forbindelse.dialect
    navn = dialekt.identifier_preparer
    felt = ", ".join(navn.quote(k) for k in kolonner)
    if dialekt.name == "postgresql":
        cursor = forbindelse.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor, cursor.copy(f"COPY {navn.format_table(tabell)} ({felt}) FROM STDIN") as kopi:
            for rad in rader:
                kopi.write_row(rad)
        return
    konverter = [
        (i, fn) for i, k in enumerate(kolonner) if (fn := _sqlite_verdi(tabell, k)) is not None
    ]
    if konverter:
        # Column by column (zip turns rows into columns and back in C): the dates of an
        # import's 2,000 rows in one comprehension each, not a Python loop per row.
        kolonne = list(zip(*rader, strict=True))
        for i, fn in konverter:
            kolonne[i] = tuple([v if v is None else fn(v) for v in kolonne[i]])
        rader = list(zip(*kolonne, strict=True))
    plasser = "(" + ", ".join("?" for _ in kolonner) + ")"
    per = rader_per_setning(forbindelse, len(kolonner))
    start = f"INSERT INTO {navn.format_table(tabell)} ({felt}) VALUES "
    hel = start + ", ".join([plasser] * per)
    for fra in range(0, len(rader), per):
        del_ = rader[fra : fra + per]
        sql = hel if len(del_) == per else start + ", ".join([plasser] * len(del_))
        parametre = tuple(chain.from_iterable(del_))
        # In an import, the writer thread runs it while the next rows are checked.
        if not bakskriver.send(forbindelse, sql, parametre):
            forbindelse.exec_driver_sql(sql, parametre)


def sett_inn_med_ider(
    session: Session,
    tabell: Table,
    kolonner: Sequence[str],
    rader: Sequence[Sequence[Any]],
    nokkel: str,
) -> list[int]:
    """`sett_inn`, and the new rows' ids in the order of `rader` (`nokkel`: a unique
    column among `kolonner`). On SQLite the ids are given in the INSERT: the next after
    the highest, which is what SQLite itself gives a row of a table without
    AUTOINCREMENT, and the write transaction holds the lock (so the INSERTs can run in
    the writer thread with nothing to return). PostgreSQL's COPY returns nothing: they
    are looked up."""
    if not rader:
        return []
    forbindelse = session.connection()
    if forbindelse.dialect.name == "postgresql":
        i = list(kolonner).index(nokkel)
        sett_inn(session, tabell, kolonner, rader)
        return ider_for(session, tabell, nokkel, [r[i] for r in rader])
    navn = forbindelse.dialect.identifier_preparer
    hoyeste = forbindelse.exec_driver_sql(
        f"SELECT max({navn.quote('id')}) FROM {navn.format_table(tabell)}"
    ).scalar()
    forste = (hoyeste or 0) + 1
    ider = list(range(forste, forste + len(rader)))
    sett_inn(
        session, tabell, ("id", *kolonner), [(i, *r) for i, r in zip(ider, rader, strict=True)]
    )
    return ider


def ider_for(session: Session, tabell: Table, nokkel: str, verdier: Sequence[Any]) -> list[int]:
    """The row ids of the rows whose unique column `nokkel` holds `verdier`, in order."""
    id_for = dict(velg_der(session, tabell, (nokkel, "id"), nokkel, verdier))
    return [id_for[v] for v in verdier]


def velg_der(
    session: Session, tabell: Table, kolonner: Sequence[str], nokkel: str, verdier: Iterable[Any]
) -> list[tuple[Any, ...]]:
    """`kolonner` of the rows whose column `nokkel` holds one of `verdier`, as the driver
    gives them (on SQLite a date is ISO text: `som_dato`). An import asks this per batch
    of 2,000 rows: SQLAlchemy's `in_` binds and processes each value in Python, which cost
    more than SQLite's lookups."""
    verdier = list(verdier)
    if not verdier:
        return []
    forbindelse = session.connection()
    dialekt = forbindelse.dialect
    navn = dialekt.identifier_preparer
    felt = ", ".join(navn.quote(k) for k in kolonner)
    start = f"SELECT {felt} FROM {navn.format_table(tabell)} WHERE {navn.quote(nokkel)} "
    if dialekt.name == "postgresql":
        return list(forbindelse.exec_driver_sql(start + "= ANY(%s)", (verdier,)).fetchall())
    per = rader_per_setning(forbindelse, 1)
    ut: list[tuple[Any, ...]] = []
    for fra in range(0, len(verdier), per):
        del_ = verdier[fra : fra + per]
        sql = start + "IN (" + ", ".join("?" * len(del_)) + ")"
        ut.extend(forbindelse.exec_driver_sql(sql, tuple(del_)).fetchall())
    return ut


def som_dato(verdi: Any) -> date | None:
    """A date column's value from `velg_der`: ISO text on SQLite, a date on PostgreSQL."""
    return date.fromisoformat(verdi) if isinstance(verdi, str) else verdi


def _sqlite_verdi(tabell: Table, kolonne: str) -> Verdi | None:
    """How SQLAlchemy's SQLite dialect stores a value of this column, if not as it is:
    dates as ISO text, times as UTC text with microseconds (the form it compares)."""
    typ = tabell.c[kolonne].type
    impl = getattr(typ, "impl", typ)
    if isinstance(impl, DateTime):
        return _sqlite_tid
    if isinstance(impl, Date):
        return date.isoformat
    return None


@lru_cache(maxsize=256)  # an import stamps every row with the same time
def _sqlite_tid(verdi: datetime) -> str:
    if verdi.tzinfo is not None:
        verdi = verdi.astimezone(UTC)
    return (
        f"{verdi.year:04d}-{verdi.month:02d}-{verdi.day:02d} "
        f"{verdi.hour:02d}:{verdi.minute:02d}:{verdi.second:02d}.{verdi.microsecond:06d}"
    )
