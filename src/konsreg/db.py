"""Where the register lives and how it is opened.

Builds the database URL (SQLite file or any SQLAlchemy URL), opens engines with
the settings the register relies on (SQLite: foreign keys, WAL, busy timeout,
`BEGIN IMMEDIATE` for writers; PostgreSQL: a lock timeout and an application name),
tells a konsreg register from any other database before anything is changed, and
keeps the schema at the current Alembic revision. The revision check is a plain
query; Alembic is loaded only when an upgrade is actually due.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import math
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from konsreg.errors import Databasefeil, os_feil, os_tekst
from konsreg.tekst import synlig

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0002"

SQLITE_HEADER = b"SQLite format 3\x00"
# `PRAGMA application_id` of a konsreg register ("KREG"): set when a register is made,
# and on an older register the first time it is opened.
APPLICATION_ID = int.from_bytes(b"KREG", "big")
# The tables every konsreg revision has; with a known revision they make a register.
KONSREG_TABELLER = frozenset(
    {"sak", "avtale", "avtalepart", "teller", "kategori", "departement", "historikk"}
)
# How long a command waits for a lock another user holds (SQLite's busy timeout,
# PostgreSQL's lock_timeout); KONSREG_VENTETID overrides it, in seconds.
BUSY_TIMEOUT_S = 15
VENTETID_MAKS_S = 3600
_SKRIV = "konsreg_skriv"
# Query options that carry a secret (libpq takes the password there too).
_HEMMELIGE_VALG = ("password", "sslpassword")


def ventetid() -> float:
    """Seconds to wait for a lock: KONSREG_VENTETID, else BUSY_TIMEOUT_S."""
    tekst = os.environ.get("KONSREG_VENTETID", "").strip()
    if not tekst:
        return float(BUSY_TIMEOUT_S)
    try:
        verdi = float(tekst.replace(",", "."))
    except ValueError:
        verdi = math.nan
    if not 0 <= verdi <= VENTETID_MAKS_S:  # also NaN
        raise Databasefeil(
            f"KONSREG_VENTETID må være et antall sekunder fra 0 til {VENTETID_MAKS_S} "
            f"(f.eks. 15), ikke «{synlig(tekst[:40])}»."
        )
    return verdi


def vis_sekunder(sekunder: float) -> str:
    """15 → "15 s", 0.5 → "0,5 s"."""
    tall = f"{sekunder:.1f}".rstrip("0").rstrip(".") if sekunder % 1 else f"{sekunder:.0f}"
    return f"{tall.replace('.', ',')} s"


def sqlite_url(sti: Path) -> URL:
    # URL.create keeps spaces, '?', '#' and '%' in the path as they are.
    return URL.create("sqlite+pysqlite", database=str(sti))


def _kod_brukerinfo(url: str) -> str:
    """`url` with every '@' of its user info percent-encoded.

    The user info ends at the LAST '@' of the authority, as urllib reads it (RFC 3986);
    SQLAlchemy's own parser stops at the first, so a raw '@' in a password
    (`bruker:Hem@melig@vert/db`) made the rest of the password the host."""
    skille = url.find("://")
    if skille < 0:
        return url
    start = skille + 3
    slutt = len(url)
    for tegn in "/?":
        posisjon = url.find(tegn, start)
        if posisjon >= 0:
            slutt = min(slutt, posisjon)
    brukerinfo, at, vert = url[start:slutt].rpartition("@")
    if not at or "@" not in brukerinfo:
        return url
    return f"{url[:start]}{brukerinfo.replace('@', '%40')}@{vert}{url[slutt:]}"


def les_url(url: str) -> URL:
    """KONSREG_DATABASE_URL as a URL; ArgumentError/ValueError when it is none."""
    return make_url(_kod_brukerinfo(url))


def database_url(*, sti: Path | None, url: str | None) -> URL:
    """The URL to open: an explicit SQLAlchemy URL wins over a file path."""
    if url:
        try:
            parsed = les_url(url)
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
    """The URL as it may be shown to a user: the one way konsreg shows a URL.

    Rendered from the parsed URL, never by editing text: the password is `***`, also
    one given as `?password=` (libpq takes it there too). A URL that cannot be
    rendered is `***` whole. A SQLite file is shown by its path as it is, not
    percent-encoded (æ, not %C3%A6)."""
    try:
        if er_sqlite(url) and url.database and not url.query:
            return synlig(f"{url.drivername}:///{url.database}")
        skjul = {navn: "SKJULT" for navn in _HEMMELIGE_VALG if navn in url.query}
        vist = url.update_query_dict(skjul).render_as_string(hide_password=True)
        for navn in skjul:
            vist = vist.replace(f"{navn}=SKJULT", f"{navn}=***")
        return synlig(vist)
    except Exception:
        return "***"


def hemmeligheter(url: URL | None) -> list[str]:
    """The secrets in `url` (its password, `?password=`), as given and percent-encoded:
    text that must never be shown, so a driver message holding one is not shown."""
    if url is None:
        return []
    verdier: list[str] = []
    try:
        kandidater: list[Any] = [url.password]
        for navn in _HEMMELIGE_VALG:
            verdi = url.query.get(navn)
            kandidater += list(verdi) if isinstance(verdi, tuple) else [verdi]
    except Exception:
        return []
    for verdi in kandidater:
        if isinstance(verdi, str) and verdi:
            verdier += [verdi, quote(verdi, safe="")]
    return list(dict.fromkeys(verdier))


def driver_tekst(feil: BaseException, url: URL | None) -> str | None:
    """The first line of what the driver said, or None when it holds a secret of `url`
    (then the caller says something generic instead of editing the line)."""
    orig = getattr(feil, "orig", None) or feil
    tekst = str(orig).strip()
    linje = tekst.splitlines()[0] if tekst else type(orig).__name__
    if any(h in tekst for h in hemmeligheter(url)):
        return None
    return synlig(linje)


def er_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _os_databasefeil(feil: OSError, sti: Path, hva: str) -> Databasefeil:
    """An OSError while opening or making the register, in Norwegian, naming the file."""
    if feil.errno in (errno.ENOSPC, errno.EDQUOT):
        return Databasefeil(os_feil(feil, sti).melding)
    grunn = os_tekst(feil)
    return Databasefeil(f"Kan ikke {hva} {synlig(str(sti))}: {grunn[0].lower()}{grunn[1:]}.")


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


def apne(url: URL, *, migrer: bool = True) -> Engine:
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


def _skrivehindring(mappe: Path) -> OSError | None:
    """Why nothing can be created in `mappe` (None if something can). Tried, not asked:
    os.access says yes to root even in an immutable or read-only-mounted folder."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=mappe):
            return None
    except OSError as feil:
        return feil


def _lite_plass(mappe: Path) -> bool:
    """Whether the filesystem of `mappe` is (nearly) full: less room than SQLite needs
    for the shared-memory index of a WAL register."""
    try:
        fs = os.statvfs(mappe)
    except OSError:
        return False
    ledige = fs.f_bfree if hasattr(os, "geteuid") and os.geteuid() == 0 else fs.f_bavail
    return ledige * fs.f_frsize < 256 * 1024


def _full_disk(sti: Path) -> Databasefeil:
    return Databasefeil(os_feil(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), sti).melding)


def _sqlite_feil(tekst: str, sti: Path) -> Databasefeil | None:
    """SQLite's message for a file that cannot be written or grown, with the reason
    named: the -shm of an earlier read-only time, a folder SQLite cannot create its
    -wal/-shm in, a full disk."""
    if "database or disk is full" in tekst:
        return _full_disk(sti)
    if not any(t in tekst for t in ("readonly", "read-only", "unable to open", "disk i/o")):
        return None
    if "disk i/o" in tekst and _lite_plass(sti.parent):
        return _full_disk(sti)
    # Reading a register while it was read-only leaves SQLite's -shm behind with
    # that mode; once the register is writable again, that file is what refuses.
    skrivbar = os.access(sti, os.W_OK)
    for rest in (f"{sti}-shm", f"{sti}-wal"):
        if skrivbar and os.path.exists(rest) and not os.access(rest, os.W_OK):
            return Databasefeil(
                f"Databasen kan bare leses fordi {rest} er skrivebeskyttet (laget da "
                "databasen var det); gi den samme rettigheter som databasen, "
                f"f.eks. «chmod 600 {rest}»."
            )
    rester = Path(f"{sti}-wal").exists() and Path(f"{sti}-shm").exists()
    hindring = None if rester or not sti.exists() else _skrivehindring(sti.parent)
    if hindring is not None:
        grunn = os_tekst(hindring)
        return Databasefeil(
            f"Kan ikke bruke databasen {synlig(str(sti))}: SQLite må lage "
            f"{synlig(sti.name)}-wal og {synlig(sti.name)}-shm i mappen "
            f"{synlig(str(sti.parent))}, men kan ikke skrive der "
            f"({grunn[0].lower()}{grunn[1:]}); gi skrivetilgang til mappen, "
            "eller flytt registeret til en mappe du kan skrive i."
        )
    return None


def _sqlstate(feil: BaseException) -> str | None:
    orig = getattr(feil, "orig", None) or feil
    kode = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return str(kode) if kode else None


# The server ended the session: terminated by an administrator, crashed, shut down.
_STENGT_SQLSTATE = {"57P01", "57P02", "57P05"}
_STENGT_TEKST = (
    "terminating connection",
    "server closed the connection",
    "the connection is lost",
    "consuming input failed",
    "connection is closed",
)


def oversett_operasjonsfeil(feil: Exception, url: URL | None) -> Databasefeil:
    """A Norwegian sentence for what the database driver said; never the password.

    The driver's own words are shown only as a last resort, and only when they hold
    no secret of the URL: a line is dropped, never edited."""
    tekst = str(getattr(feil, "orig", feil) or feil).lower()
    sqlstate = _sqlstate(feil)
    hvor = vis_url(url) if url is not None else "databasen"
    if sqlstate == "55P03" or "lock timeout" in tekst:
        return Databasefeil(
            f"Databasen er låst av en annen bruker (ventet {vis_sekunder(ventetid())} på en "
            "lås); prøv igjen."
        )
    if sqlstate in _STENGT_SQLSTATE or any(t in tekst for t in _STENGT_TEKST):
        return Databasefeil(
            f"Forbindelsen til databasen {hvor} ble stengt av serveren; ingenting er "
            "lagret. Prøv igjen."
        )
    if "locked" in tekst or "busy" in tekst:
        return Databasefeil(
            f"Databasen er opptatt av en annen prosess (ventet {vis_sekunder(ventetid())}); "
            "prøv igjen."
        )
    if sqlstate == "53100" or "no space left on device" in tekst:
        return Databasefeil(f"Ikke mer plass på disken for databasen {hvor}; ingenting er lagret.")
    fil = url.database if url is not None and er_sqlite(url) else None
    if fil and fil != ":memory:" and (melding := _sqlite_feil(tekst, Path(fil))) is not None:
        return melding
    if "readonly" in tekst or "read-only" in tekst or "read only" in tekst:
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
    linje = driver_tekst(feil, url)
    if linje is None:
        return Databasefeil(f"Databasefeil i {hvor}; ingenting er lagret.")
    return Databasefeil(f"Databasefeil i {hvor}: {linje}")


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
