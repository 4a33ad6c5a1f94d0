"""The bulk write path of imports (and of any new record's history): rows go straight to
the database driver, as tuples with values already in the form the driver stores, in
the caller's transaction.

SQLite: plain INSERTs of many rows each (`VALUES (…), (…), …`, up to 500 rows a
statement), straight to the driver (SQLAlchemy's own executemany builds and processes a
parameter dict per row, which cost more than SQLite's writing). Many rows a statement,
not one (executemany): the search index's triggers write FTS5 tables, which flush at
the end of every statement (db/sokeindeks.py: RADER_PER_SETNING). PostgreSQL:
`COPY … FROM STDIN` through psycopg. The ORM stays for single-record commands.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, DateTime, Table, select
from sqlmodel import Session

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
        rader = [_konverter(rad, konverter) for rad in rader]
    plasser = "(" + ", ".join("?" for _ in kolonner) + ")"
    per = rader_per_setning(forbindelse, len(kolonner))
    start = f"INSERT INTO {navn.format_table(tabell)} ({felt}) VALUES "
    hel = start + ", ".join([plasser] * per)
    for fra in range(0, len(rader), per):
        del_ = rader[fra : fra + per]
        sql = hel if len(del_) == per else start + ", ".join([plasser] * len(del_))
        forbindelse.exec_driver_sql(sql, tuple(v for rad in del_ for v in rad))


def ider_for(session: Session, tabell: Table, nokkel: str, verdier: Sequence[Any]) -> list[int]:
    """The row ids of the rows whose unique column `nokkel` holds `verdier`, in order."""
    kolonne = tabell.c[nokkel]
    id_for: dict[Any, int] = {}
    for start in range(0, len(verdier), 5000):
        del_ = verdier[start : start + 5000]
        stmt = select(kolonne, tabell.c.id).where(kolonne.in_(del_))
        id_for.update((k, i) for k, i in session.connection().execute(stmt))
    return [id_for[v] for v in verdier]


def _konverter(rad: Sequence[Any], konverter: list[tuple[int, Verdi]]) -> tuple[Any, ...]:
    verdier = list(rad)
    for i, fn in konverter:
        if (v := verdier[i]) is not None:
            verdier[i] = fn(v)
    return tuple(verdier)


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
