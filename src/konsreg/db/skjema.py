"""The schema: the current Alembic revision, creating a new register whole (at a
temporary name, linked into place when migrated) and upgrading one that is behind.
The revision check is a plain query; Alembic is loaded only when an upgrade is due."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, text
from sqlalchemy.exc import DBAPIError, OperationalError

from konsreg.db.feil import _os_databasefeil, oversett_operasjonsfeil
from konsreg.db.identitet import identifiser
from konsreg.db.konstanter import APPLICATION_ID, HEAD_REVISION
from konsreg.db.motor import lag_engine, skriver
from konsreg.db.revisjoner import alembic_config
from konsreg.db.url import er_sqlite, sqlite_url
from konsreg.errors import Databasefeil
from konsreg.tekst import synlig


def _las_migrering(conn: Any) -> None:
    # Two processes opening a new PostgreSQL register at once must not both migrate.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(4711207)"))


def _sett_wal(engine: Engine) -> None:
    """Switch a SQLite register to WAL (kept in the file), outside any transaction."""
    if engine.dialect.name != "sqlite":
        return
    with contextlib.suppress(Exception):  # read-only: reading works in any mode
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()
        finally:
            raw.close()


def oppgrader(engine: Engine) -> tuple[str | None, str]:
    """Bring the register to head (and mark it as konsreg's); returns (revision before,
    revision after). A database that is not a register is refused unchanged."""
    # Look before taking the write lock: nothing of a foreign file is touched.
    with engine.connect() as conn:
        for_ = identifiser(conn)
    if not for_.kjent:
        raise _for_ny(str(for_.revisjon))
    from alembic import command

    with skriver(engine).begin() as conn:
        _las_migrering(conn)
        naa = identifiser(conn)  # again under the lock: another process may have migrated
        if not naa.kjent:
            raise _for_ny(str(naa.revisjon))
        if naa.revisjon != HEAD_REVISION:
            command.upgrade(alembic_config(conn), "head")
        if naa.ma_merkes:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    _sett_wal(engine)
    return naa.revisjon, HEAD_REVISION


def _merk(engine: Engine) -> None:
    """Mark a register made before konsreg set its application_id. A register that is
    read-only (or busy) now is marked another time; reading it needs no mark."""
    with contextlib.suppress(OperationalError), skriver(engine).begin() as conn:
        if identifiser(conn).ma_merkes:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    _sett_wal(engine)


def _for_ny(revisjon: str) -> Databasefeil:
    return Databasefeil(
        f"Databasen er laget av en nyere versjon av konsreg (revisjon {synlig(revisjon)}); "
        "oppgrader programmet med «pip install -U konsreg». Ingenting er endret."
    )


def sikre_skjema(engine: Engine) -> None:
    """Migrate a register that is behind; refuse one that is ahead of this program, and
    any database that is not a konsreg register."""
    with engine.connect() as conn:
        ident = identifiser(conn)
    if not ident.kjent:
        raise _for_ny(str(ident.revisjon))
    if ident.revisjon == HEAD_REVISION:
        if ident.ma_merkes:
            _merk(engine)
        elif not ident.wal:
            _sett_wal(engine)
        return
    oppgrader(engine)


def _fjern(sti: Path) -> None:
    """Remove a file konsreg made (and SQLite's files beside it), whatever is there."""
    for navn in (str(sti), f"{sti}-journal", f"{sti}-wal", f"{sti}-shm"):
        with contextlib.suppress(OSError):
            os.unlink(navn)


def opprett_register(url: URL) -> bool:
    """Make a new SQLite register whole before it gets its name; True if this call made it.

    The register is made (mode 0600), migrated and marked at a temporary name in the
    same folder, closed, and only then linked to its name, never over a file: a full
    disk or a kill leaves no empty or half-made register behind, and of two processes
    making the register at once, one's file is used by both (the other discards its
    own). On failure, only what this call made is removed."""
    if not er_sqlite(url) or not url.database or url.database == ":memory:":
        return False
    sti = Path(url.database)
    if sti.exists() or sti.is_symlink() or not sti.parent.is_dir():
        return False  # opened, or refused, as it is
    midlertidig = sti.with_name(f".konsreg-ny-{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(midlertidig, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except OSError as feil:
        raise _os_databasefeil(feil, sti, "opprette databasen") from None
    try:
        engine = lag_engine(sqlite_url(midlertidig), opprett=False)
        try:
            oppgrader(engine)
        except DBAPIError as feil:
            raise oversett_operasjonsfeil(feil, url) from None
        finally:
            engine.dispose()
        # All is in the file itself: its WAL is empty (the switch to WAL came last)
        # and was removed when the last connection closed.
        for rest in (f"{midlertidig}-wal", f"{midlertidig}-shm", f"{midlertidig}-journal"):
            with contextlib.suppress(FileNotFoundError):
                if os.path.getsize(rest) and not rest.endswith("-shm"):
                    raise Databasefeil(f"Kunne ikke lage databasen {synlig(str(sti))} helt.")
                os.unlink(rest)
        try:
            os.link(midlertidig, sti)
            laget = True
        except FileExistsError:
            laget = False  # another process made it first: theirs is used
        except OSError as feil:
            if feil.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                raise _os_databasefeil(feil, sti, "opprette databasen") from None
            # A filesystem without hard links: rename, unless the name was taken.
            if sti.exists() or sti.is_symlink():
                laget = False
            else:
                os.rename(midlertidig, sti)
                laget = True
    except OSError as feil:
        _fjern(midlertidig)
        raise _os_databasefeil(feil, sti, "opprette databasen") from None
    except BaseException:
        _fjern(midlertidig)
        raise
    _fjern(midlertidig)
    return laget


def apne_register(url: URL, *, migrer: bool = True) -> Engine:
    """Open the register at `url`, creating and migrating it on first use."""
    if migrer:
        opprett_register(url)
    engine = lag_engine(url)
    try:
        if migrer:
            sikre_skjema(engine)
    except Databasefeil:
        engine.dispose()
        raise
    except OperationalError as feil:
        engine.dispose()
        raise oversett_operasjonsfeil(feil, url) from None
    return engine


@dataclass(frozen=True)
class Skjemastatus:
    """Where a database stands (`db status`): no file yet, empty, current, behind
    (with a revision konsreg knows), or ahead of this program."""

    revisjon: str | None
    tilstand: str  # "ingen fil", "tom", "gjeldende", "utdatert", "nyere"


def les_status(url: URL) -> Skjemastatus:
    """Where the database at `url` stands, by reading only: a database that is not a
    register is refused as it is, and an older register is neither migrated nor marked."""
    if er_sqlite(url) and url.database and not Path(url.database).exists():
        return Skjemastatus(None, "ingen fil")
    engine = lag_engine(url, opprett=False)
    try:
        with engine.connect() as conn:
            ident = identifiser(conn)
    except DBAPIError as feil:
        raise oversett_operasjonsfeil(feil, url) from None
    finally:
        engine.dispose()
    if ident.revisjon is None:
        return Skjemastatus(None, "tom")
    if ident.revisjon == HEAD_REVISION:
        return Skjemastatus(ident.revisjon, "gjeldende")
    return Skjemastatus(ident.revisjon, "utdatert" if ident.kjent else "nyere")
