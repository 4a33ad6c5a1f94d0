"""Engines and sessions with the settings the register relies on: SQLite (foreign keys,
busy timeout, `BEGIN IMMEDIATE` for writers, only a checked file), PostgreSQL (a lock
timeout, an application name); sessions for reading (one snapshot) and for writing (one
transaction, whole or not at all)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlmodel import Session

from konsreg.db.bakskriver import vent_pa
from konsreg.db.feil import _os_databasefeil
from konsreg.db.konstanter import _SKRIV, SQLITE_HEADER
from konsreg.db.url import er_sqlite, ventetid, vis_url
from konsreg.errors import Databasefeil


def _sjekk_sqlite_fil(sti: Path, *, opprett: bool) -> None:
    """Refuse paths that are not a SQLite register before SQLite creates anything."""
    if sti.is_symlink() and not sti.exists():
        # SQLite would follow the link and create its target with the umask's mode.
        raise Databasefeil(
            f"{sti} er en lenke til {os.readlink(sti)}, som ikke finnes; "
            "oppgi selve databasefilen med --db."
        )
    if sti.exists():
        if sti.is_dir():
            raise Databasefeil(f"{sti} er en mappe, ikke en databasefil; oppgi en fil med --db.")
        if not sti.is_file():
            # Reading a named pipe's header would wait forever; SQLite would put a journal
            # beside a device (/dev/null-journal).
            raise Databasefeil(f"{sti} er ikke en vanlig fil; oppgi en konsreg-database med --db.")
        try:
            with sti.open("rb") as fil:
                start = fil.read(len(SQLITE_HEADER))
        except PermissionError:
            raise Databasefeil(f"Har ikke lesetilgang til {sti}; sjekk filrettighetene.") from None
        except OSError as feil:
            raise _os_databasefeil(feil, sti, "lese") from None
        if start and start != SQLITE_HEADER:
            raise Databasefeil(
                f"{sti} er ikke en SQLite-database; oppgi en konsreg-database med --db."
            )
        return
    if not sti.parent.is_dir():
        raise Databasefeil(
            f"Mappen {sti.parent} finnes ikke; opprett den eller oppgi en annen sti med --db."
        )
    if not opprett:
        raise Databasefeil(f"Databasen {sti} finnes ikke.")
    try:
        # Owner only: the register holds the secretariat's working material.
        fd = os.open(sti, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as feil:
        raise _os_databasefeil(feil, sti, "opprette databasen") from None


def _sett_opp_sqlite(engine: Engine) -> None:
    ms = round(ventetid() * 1000)

    @event.listens_for(engine, "connect")
    def _koble(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={ms}")
        # No journal mode here: it is stored in the file, and a file is switched to WAL
        # only once it is known to be a register (`sikre_skjema`, `oppgrader`).
        cur.close()

    @event.listens_for(engine, "before_cursor_execute")
    def _etter_bakskriveren(
        conn: Any, _cur: Any, _sql: Any, _param: Any, _ctx: Any, _mange: Any
    ) -> None:
        # One connection, one thread at a time: the session's own statements wait for
        # an import's writer thread to finish what it was sent (db/bakskriver.py).
        vent_pa(conn)

    @event.listens_for(engine, "begin")
    def _begynn(conn: Any) -> None:
        # Writers take the write lock up front, so two writers wait for each
        # other instead of failing halfway with "database is locked".
        if conn.get_execution_options().get(_SKRIV):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _sett_opp_postgres(engine: Engine) -> None:
    # lock_timeout 0 would mean "wait for ever"; KONSREG_VENTETID=0 means "do not wait".
    ms = max(1, round(ventetid() * 1000))

    @event.listens_for(engine, "connect")
    def _koble(dbapi_conn: Any, _record: Any) -> None:
        # A SET outside a transaction block lasts for the session; committed, it stays.
        cur = dbapi_conn.cursor()
        cur.execute(f"SET lock_timeout = {ms}")
        cur.close()
        dbapi_conn.commit()


def _stille_driverlogger() -> None:
    """Keep what the drivers log (psycopg's "error ignored terminating <Pipeline>", the
    pool's reset tracebacks) off the user's stderr: without a handler of its own,
    Python's last-resort handler prints it. The error itself reaches the user as one
    Norwegian line. KONSREG_DEBUG=1 leaves the loggers as they are."""
    if os.environ.get("KONSREG_DEBUG"):
        return
    for navn in ("psycopg", "sqlalchemy"):
        logger = logging.getLogger(navn)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def lag_engine(url: URL, *, opprett: bool = True) -> Engine:
    """An engine for the register; SQLite files are checked (and created 0600) first."""
    _stille_driverlogger()
    if er_sqlite(url):
        if url.database and url.database != ":memory:":
            _sjekk_sqlite_fil(Path(url.database), opprett=opprett)
        engine = create_engine(url, connect_args={"timeout": ventetid()})
        _sett_opp_sqlite(engine)
        return engine
    connect_args: dict[str, Any] = {}
    # Findable in pg_stat_activity; a name the user set (URL, PGAPPNAME) is kept.
    if (
        url.get_backend_name() == "postgresql"
        and "application_name" not in url.query
        and not os.environ.get("PGAPPNAME")
    ):
        connect_args["application_name"] = "konsreg"
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, ImportError, SQLAlchemyError) as feil:
        navn = url.get_backend_name()
        if isinstance(feil, ImportError) or "psycopg" in str(feil):
            hint = (
                "installer med «pip install 'konsreg[postgres]'»"
                if navn == "postgresql"
                else "installer driveren SQLAlchemy trenger for den"
            )
            raise Databasefeil(f"Driveren for {navn} mangler; {hint}.") from None
        raise Databasefeil(f"Kan ikke bruke databasen {vis_url(url)}.") from None
    if engine.dialect.name == "postgresql":
        _sett_opp_postgres(engine)
    return engine


def skriver(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at once (SQLite)."""
    return engine.execution_options(**{_SKRIV: True})


@contextmanager
def leseokt(engine: Engine) -> Iterator[Session]:
    """A session for reading: all its statements see one snapshot, so an export read in
    batches or a listing read in two queries never mixes states (a renewal committed
    midway shows whole or not at all). SQLite's read transaction gives that; PostgreSQL's
    default READ COMMITTED does not, so it reads in REPEATABLE READ, read only."""
    if engine.dialect.name == "postgresql":
        engine = engine.execution_options(
            isolation_level="REPEATABLE READ", postgresql_readonly=True
        )
    with Session(engine) as session:
        yield session


@contextmanager
def skriveokt(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed whole or not at all."""
    with Session(skriver(engine)) as session:
        try:
            yield session
            session.commit()
        except BaseException as feil:
            try:
                session.rollback()
            except Exception:
                # The rollback could not even be sent (Ctrl-C while psycopg started a
                # COPY left the connection busy: «another command is already in
                # progress»). The transaction dies with the connection, which the pool
                # now discards; what went wrong first is what the user is told.
                raise feil from None
            raise


def serialiser_import(session: Session) -> None:
    """Imports find existing records by their content (title and year, title and
    inngått) and insert what they do not find: two at once on PostgreSQL would both
    insert. They take one transaction-scoped lock; SQLite's writers are serial already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(4711208)"))


@contextmanager
def uten_endringer(url: URL) -> Iterator[Engine]:
    """An engine for looking only (`db status`): the database is neither created,
    migrated nor marked, whatever it is."""
    engine = lag_engine(url, opprett=False)
    try:
        yield engine
    finally:
        engine.dispose()
