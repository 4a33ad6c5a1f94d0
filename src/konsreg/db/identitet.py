"""Telling a konsreg register from any other database, by reading only: a file or
schema that is not konsreg's is refused before anything in it is changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from konsreg.db.feil import _sqlstate
from konsreg.db.konstanter import APPLICATION_ID, HEAD_REVISION, KONSREG_TABELLER
from konsreg.db.revisjoner import kjente_revisjoner
from konsreg.db.url import er_sqlite, vis_url
from konsreg.errors import Databasefeil
from konsreg.tekst import synlig


@dataclass(frozen=True)
class Identitet:
    """What a database was found to be: empty (revisjon None) or a konsreg register."""

    revisjon: str | None
    kjent: bool = True  # a revision this program has (else: a newer konsreg made it)
    ma_merkes: bool = False  # a SQLite register without konsreg's application_id yet
    wal: bool = True  # SQLite: already in WAL mode (a `db backup` copy is not)


def _databasenavn(conn: Any) -> str:
    url = conn.engine.url
    if er_sqlite(url) and url.database:
        return synlig(str(url.database))
    return vis_url(url)


def _liste(navn: list[str], maks: int = 8) -> str:
    """a, b og c; a long list is cut ("… og 12 til")."""
    vist = [synlig(n[:60]) for n in sorted(navn)[:maks]]
    if len(navn) > maks:
        return f"{', '.join(vist)} og {len(navn) - maks} til"
    if len(vist) <= 1:
        return "".join(vist)
    return f"{', '.join(vist[:-1])} og {vist[-1]}"


def _ikke_konsreg(conn: Any, hva: str) -> Databasefeil:
    if conn.dialect.name == "sqlite":
        return Databasefeil(
            f"{_databasenavn(conn)} er ikke et konsreg-register, men en annen SQLite-database "
            f"({hva}); oppgi en konsreg-database med --db. Ingenting er endret."
        )
    skjema = conn.dialect.default_schema_name or "standardskjemaet"
    return Databasefeil(
        f"Databasen {_databasenavn(conn)} er ikke et konsreg-register (skjemaet "
        f"{synlig(skjema)}: {hva}); oppgi en konsreg-database eller et tomt skjema i "
        "KONSREG_DATABASE_URL. Ingenting er endret."
    )


def _revisjoner(conn: Any) -> list[str] | None:
    """The rows of alembic_version; None when that table is not Alembic's."""
    try:
        rader = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except DBAPIError as feil:
        tekst = str(feil.orig).lower()
        if _sqlstate(feil) == "42703" or "no such column" in tekst:
            return None
        raise
    return [str(r) for r in rader]


def identifiser(conn: Any) -> Identitet:
    """Tell a konsreg register from any other database, by reading only.

    A register is a database with konsreg's tables and an Alembic revision konsreg
    knows; a SQLite register also carries (or is about to get) konsreg's
    application_id. A database with neither tables nor views may become a register.
    Anything else is refused here, before anything is changed; a register at a
    revision this program does not know is returned with `kjent=False`, for a
    "newer version" message, when it is surely konsreg's (SQLite: marked)."""
    sqlite = conn.dialect.name == "sqlite"
    app_id = int(conn.exec_driver_sql("PRAGMA application_id").scalar() or 0) if sqlite else 0
    wal = not sqlite or conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    if app_id not in (0, APPLICATION_ID):
        raise Databasefeil(
            f"{_databasenavn(conn)} er ikke et konsreg-register, men en SQLite-database fra "
            f"et annet program (application_id {app_id}); oppgi en konsreg-database med --db. "
            "Ingenting er endret."
        )
    insp = inspect(conn)
    tabeller = set(insp.get_table_names()) - {"sqlite_sequence"}
    ma_merkes = sqlite and app_id != APPLICATION_ID
    if not tabeller:
        if visninger := insp.get_view_names():
            raise _ikke_konsreg(conn, f"den har bare visningene {_liste(visninger)}")
        return Identitet(None, ma_merkes=ma_merkes, wal=wal)
    hva = f"den har {'tabellen' if len(tabeller) == 1 else 'tabellene'} {_liste(list(tabeller))}"
    if not tabeller >= KONSREG_TABELLER:
        raise _ikke_konsreg(conn, hva)
    revisjoner = _revisjoner(conn) if "alembic_version" in tabeller else None
    if revisjoner is None or len(revisjoner) != 1:
        vist = _liste([f"«{r[:40]}»" for r in revisjoner or []])
        grunn = f"revisjonene {vist}" if vist else "ingen alembic-revisjon"
        raise _ikke_konsreg(conn, f"{hva}, men {grunn}")
    revisjon = revisjoner[0]
    if revisjon == HEAD_REVISION or revisjon in kjente_revisjoner():
        return Identitet(revisjon, ma_merkes=ma_merkes, wal=wal)
    if not ma_merkes:  # marked, or PostgreSQL (told by its tables alone)
        return Identitet(revisjon, kjent=False)
    raise _ikke_konsreg(
        conn, f"{hva}, men revisjonen «{synlig(revisjon[:40])}», som ikke er konsregs"
    )


def les_revisjon(conn: Any) -> str | None:
    """The Alembic revision of the register; None for an empty database. Refuses a
    database that is not a konsreg register (see `identifiser`)."""
    return identifiser(conn).revisjon
