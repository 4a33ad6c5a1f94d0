"""Where the register lives and how it is opened.

Builds the database URL (SQLite file or any SQLAlchemy URL), opens engines with
the SQLite settings the register relies on (foreign keys, WAL, busy timeout,
`BEGIN IMMEDIATE` for writers), and keeps the schema at the current Alembic
revision. The revision check is a plain query; Alembic is loaded only when an
upgrade is actually due.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from konsreg.errors import Databasefeil

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0002"

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 15
_SKRIV = "konsreg_skriv"


def sqlite_url(sti: Path) -> URL:
    # URL.create keeps spaces, '?', '#' and '%' in the path as they are.
    return URL.create("sqlite+pysqlite", database=str(sti))


def database_url(*, sti: Path | None, url: str | None) -> URL:
    """The URL to open: an explicit SQLAlchemy URL wins over a file path."""
    if url:
        try:
            parsed = make_url(url)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise Databasefeil(
                "KONSREG_DATABASE_URL er ikke en gyldig database-URL; "
                "skriv den som postgresql+psycopg://bruker@vert/database."
            ) from None
        if parsed.drivername == "postgresql":
            # psycopg 3 is the driver the postgres extra installs.
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if sti is None:
        raise Databasefeil("Ingen database er valgt.")
    return sqlite_url(sti)


def vis_url(url: URL) -> str:
    """The URL as it may be shown to a user: never with the password, also not one given
    as `?password=` (libpq takes it there too). A SQLite file is shown by its path as
    it is, not percent-encoded (æ, not %C3%A6)."""
    if er_sqlite(url) and url.database and not url.query:
        return f"{url.drivername}:///{url.database}"
    if "password" not in url.query:
        return url.render_as_string(hide_password=True)
    skjult = url.update_query_dict({"password": "SKJULT"}).render_as_string(hide_password=True)
    return skjult.replace("password=SKJULT", "password=***")


def er_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


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
        raise Databasefeil(f"Kan ikke opprette databasen {sti}: {feil.strerror}.") from None


def _sett_opp_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _koble(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how transactions start.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        # A read-only file cannot switch journal mode; reading still works. The mode
        # is stored in the file, so only a new file or a register is switched: a
        # foreign SQLite database is refused as it was, not converted to WAL.
        with contextlib.suppress(Exception):
            cur.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            tabeller = {rad[0] for rad in cur.fetchall()}
            if "alembic_version" in tabeller or not tabeller - {"sqlite_sequence"}:
                cur.execute("PRAGMA journal_mode=WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begynn(conn: Any) -> None:
        # Writers take the write lock up front, so two writers wait for each
        # other instead of failing halfway with "database is locked".
        if conn.get_execution_options().get(_SKRIV):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def lag_engine(url: URL, *, opprett: bool = True) -> Engine:
    """An engine for the register; SQLite files are checked (and created 0600) first."""
    if er_sqlite(url):
        if url.database and url.database != ":memory:":
            _sjekk_sqlite_fil(Path(url.database), opprett=opprett)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S})
        _sett_opp_sqlite(engine)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
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


def skriver(engine: Engine) -> Engine:
    """The same engine, but its transactions take the write lock at once (SQLite)."""
    return engine.execution_options(**{_SKRIV: True})


def les_revisjon(conn: Any) -> str | None:
    """The Alembic revision the database is at; None for an empty database."""
    tabeller = set(inspect(conn).get_table_names())
    if "alembic_version" not in tabeller:
        if tabeller - {"sqlite_sequence"}:
            raise Databasefeil(
                "Databasen har tabeller, men er ikke et konsreg-register; "
                "oppgi en annen fil med --db."
            )
        return None
    rader = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    return rader[0] if rader else None


def migrations_dir() -> Path:
    """migrations/ inside the installed package, or beside src/ in a checkout."""
    pakke = Path(str(resources.files("konsreg"))) / "migrations"
    if (pakke / "env.py").is_file():
        return pakke
    kilde = Path(__file__).resolve().parents[2] / "migrations"
    if (kilde / "env.py").is_file():
        return kilde
    raise Databasefeil("Finner ikke migrasjonene til konsreg; installasjonen er ufullstendig.")


def alembic_config(conn: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = conn
    return cfg


def kjente_revisjoner() -> set[str]:
    from alembic.script import ScriptDirectory

    skript = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in skript.walk_revisions()}


def _las_migrering(conn: Any) -> None:
    # Two processes opening a new PostgreSQL register at once must not both migrate.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(4711207)"))


def oppgrader(engine: Engine) -> tuple[str | None, str]:
    """Bring the database to head; returns (revision before, revision after)."""
    from alembic import command

    with skriver(engine).begin() as conn:
        _las_migrering(conn)
        for_ = les_revisjon(conn)
        if for_ == HEAD_REVISION:
            return for_, for_
        if for_ is not None and for_ not in kjente_revisjoner():
            raise _for_ny(for_)
        command.upgrade(alembic_config(conn), "head")
        return for_, HEAD_REVISION


def _for_ny(revisjon: str) -> Databasefeil:
    return Databasefeil(
        f"Databasen er laget av en nyere versjon av konsreg (revisjon {revisjon}); "
        "oppgrader programmet med «pip install -U konsreg». Ingenting er endret."
    )


def sikre_skjema(engine: Engine) -> None:
    """Migrate a database that is behind; refuse one that is ahead of this program."""
    with engine.connect() as conn:
        revisjon = les_revisjon(conn)
    if revisjon == HEAD_REVISION:
        return
    oppgrader(engine)


def apne(url: URL, *, migrer: bool = True) -> Engine:
    """Open the register at `url`, creating and migrating it on first use."""
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


def oversett_operasjonsfeil(feil: Exception, url: URL | None) -> Databasefeil:
    """A Norwegian sentence for what the database driver said; never the password."""
    tekst = str(getattr(feil, "orig", feil) or feil).lower()
    hvor = vis_url(url) if url is not None else "databasen"
    if "locked" in tekst or "busy" in tekst:
        return Databasefeil(
            f"Databasen er opptatt av en annen prosess (ventet {BUSY_TIMEOUT_S} s); prøv igjen."
        )
    if "readonly" in tekst or "read-only" in tekst or "read only" in tekst:
        if url is not None and er_sqlite(url) and url.database:
            # Reading a register while it was read-only leaves SQLite's -shm behind with
            # that mode; once the register is writable again, that file is what refuses.
            for rest in (f"{url.database}-shm", f"{url.database}-wal"):
                skrivbar = os.access(url.database, os.W_OK)
                if skrivbar and os.path.exists(rest) and not os.access(rest, os.W_OK):
                    return Databasefeil(
                        f"Databasen kan bare leses fordi {rest} er skrivebeskyttet (laget da "
                        "databasen var det); gi den samme rettigheter som databasen, "
                        f"f.eks. «chmod 600 {rest}»."
                    )
        return Databasefeil(f"Databasen kan bare leses ({hvor}); sjekk filrettighetene.")
    if "not a database" in tekst or "malformed" in tekst or "file is not" in tekst:
        return Databasefeil(f"{hvor} er ikke en gyldig SQLite-database eller er skadet.")
    if "unable to open" in tekst:
        return Databasefeil(f"Kan ikke åpne {hvor}; sjekk stien og rettighetene.")
    if "password" in tekst or "authentication" in tekst:
        return Databasefeil(f"Innlogging til {hvor} feilet; sjekk bruker og passord.")
    # The server answered, but said no: checked before "connection", which these
    # messages also contain ("connection to server … failed: FATAL: database … does not exist").
    if "database" in tekst and "does not exist" in tekst:
        return Databasefeil(f"Databasen {hvor} finnes ikke på serveren.")
    if "role" in tekst and "does not exist" in tekst:
        return Databasefeil(f"Brukeren i {hvor} finnes ikke på serveren.")
    if "invalid connection option" in tekst or "invalid sslmode" in tekst:
        return Databasefeil(f"Et valg i database-URL-en {hvor} er ugyldig; sjekk det etter «?».")
    if "connection" in tekst or "connect" in tekst or "could not" in tekst:
        return Databasefeil(f"Får ikke kontakt med databasen {hvor}; sjekk at serveren kjører.")
    if "does not exist" in tekst:
        return Databasefeil(f"Databasen {hvor} finnes ikke på serveren.")
    return Databasefeil(f"Databasefeil i {hvor}: {_forste_linje(feil)}")


def _forste_linje(feil: Exception) -> str:
    orig = getattr(feil, "orig", None) or feil
    return str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__


@contextmanager
def les(engine: Engine) -> Iterator[Session]:
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
def skriv(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed whole or not at all."""
    with Session(skriver(engine)) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def sikkerhetskopi(kilde: Path, mal: Path, *, navn: Path | None = None) -> None:
    """Copy the SQLite register `kilde` into the (new, empty) file `mal` as one
    consistent state, also while others write to it. `navn`: the file the user named."""
    import sqlite3

    try:
        # The backup API copies page by page and restarts if a writer changes the
        # source midway, so the copy is one consistent state.
        src = sqlite3.connect(kilde, timeout=BUSY_TIMEOUT_S)
        dst = sqlite3.connect(mal)
        try:
            src.backup(dst)
            # A lone file: the copy must not need a -wal beside it to be whole.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as feil:
        if "full" in str(feil).lower():
            raise Databasefeil(f"Ikke mer plass på disken: {navn or mal}.") from None
        raise Databasefeil(f"Sikkerhetskopien feilet: {feil}.") from None


def serialiser_import(session: Session) -> None:
    """Imports find existing records by their content (title and year, title and
    inngått) and insert what they do not find: two at once on PostgreSQL would both
    insert. They take one transaction-scoped lock; SQLite's writers are serial already."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(4711208)"))
