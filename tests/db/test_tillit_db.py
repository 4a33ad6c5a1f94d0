"""Trust in the database layer (issue 9, items 4, 8, 9 and 10): another program's
database is never changed, a password is masked by parsing the URL and never by
editing text, PostgreSQL stops waiting for a lock and says so, and a full disk or a
read-only folder gets a clear message and leaves no half-made register behind."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

import konsreg.db
import konsreg.db.skjema
from tests.conftest import Kjor
from tests.hjelp import (
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    ny_sak,
    ok,
    sak_args,
)
from tests.samtidig.test_palitelighet import innhold, integritet, sha

ER_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HEAD = konsreg.db.HEAD_REVISION
KOMMANDOER: list[tuple[str, ...]] = [
    ("saker",),
    ("sak", "ny", *sak_args()),
    ("db", "upgrade"),
    ("db", "status"),
    ("eksport", "alt"),
]


# -- 4. a database that is not a konsreg register is never changed ------------------------


def _sqlite(fil: Path, *sql: str) -> None:
    conn = sqlite3.connect(fil)
    try:
        for setning in sql:
            conn.execute(setning)
        conn.commit()
    finally:
        conn.close()


def _pragma(fil: Path, navn: str) -> Any:
    conn = sqlite3.connect(fil)
    try:
        return conn.execute(f"PRAGMA {navn}").fetchone()[0]
    finally:
        conn.close()


ALEMBIC = "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"
KUNDER = "CREATE TABLE kunder (id INTEGER PRIMARY KEY, navn TEXT)"
OLA = "INSERT INTO kunder (navn) VALUES ('Ola')"


def _saker(kjor: Kjor, fil: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(
        ok(kjor("--db", str(fil), "saker", "-f", "json")).stdout
    )
    return data


def _lag_register(kjor: Kjor, fil: Path) -> None:
    """A konsreg register with one case, made by the program."""
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args()))


def _uten_merke(fil: Path, revisjon: str | None = None) -> None:
    """Take konsreg's mark off a register (as a register made before the mark looks),
    and set its revision."""
    sql = ["PRAGMA application_id = 0"]
    if revisjon is not None:
        sql.append(f"UPDATE alembic_version SET version_num = '{revisjon}'")
    _sqlite(fil, *sql)


def _konsreg_tabeller(kjor: Kjor, fil: Path, revisjon: str | None) -> None:
    """konsreg's tables without its mark, at `revisjon` (None: no alembic_version)."""
    _lag_register(kjor, fil)
    _uten_merke(fil, revisjon)
    if revisjon is None:
        _sqlite(fil, "DROP TABLE alembic_version")


FREMMEDE: dict[str, Callable[[Kjor, Path], None]] = {
    # The three cases of the issue: an empty alembic_version was migrated into a register,
    # revision 0001 without konsreg's tables failed mid-migration but was switched to WAL,
    # any other revision was called "a newer version of konsreg".
    "tom-alembic_version": lambda _k, f: _sqlite(f, ALEMBIC, KUNDER, OLA),
    "revisjon-0001-uten-tabellene": lambda _k, f: _sqlite(
        f, ALEMBIC, KUNDER, OLA, "INSERT INTO alembic_version VALUES ('0001')"
    ),
    "annen-revisjon": lambda _k, f: _sqlite(
        f, ALEMBIC, KUNDER, OLA, "INSERT INTO alembic_version VALUES ('ae1027a6acf')"
    ),
    # Another program's application_id, with tables and without (an "empty" file of theirs).
    "annen-application_id": lambda _k, f: _sqlite(f, "PRAGMA application_id = 1234", KUNDER),
    "annen-application_id-uten-tabeller": lambda _k, f: _sqlite(
        f, "PRAGMA application_id = 1234", "PRAGMA user_version = 7"
    ),
    # A program of its own in WAL mode: SQLite's -wal/-shm come and go with the reader.
    "wal-database": lambda _k, f: _sqlite(f, "PRAGMA journal_mode=WAL", KUNDER, OLA),
    "bare-visninger": lambda _k, f: _sqlite(f, "CREATE VIEW v AS SELECT 1 AS en"),
    # konsreg's mark, but not its tables.
    "konsreg-merke-uten-tabellene": lambda _k, f: _sqlite(
        f, f"PRAGMA application_id = {konsreg.db.APPLICATION_ID}", KUNDER, OLA
    ),
    # konsreg's tables, but another program's revision and no mark: not "newer".
    "konsreg-tabeller-med-annen-revisjon": lambda k, f: _konsreg_tabeller(k, f, "ae1027a6acf"),
    "konsreg-tabeller-uten-alembic_version": lambda k, f: _konsreg_tabeller(k, f, None),
    # Tables of those names, of another program (an alembic_version of other columns).
    "samme-tabellnavn": lambda _k, f: _sqlite(
        f,
        *(f"CREATE TABLE {t} (x)" for t in sorted(konsreg.db.KONSREG_TABELLER)),
        "CREATE TABLE alembic_version (versjon TEXT)",
        "INSERT INTO alembic_version VALUES ('0002')",
    ),
}


@pytest.mark.bare_sqlite
@pytest.mark.parametrize("tilfelle", list(FREMMEDE))
def test_fremmed_sqlite_database_endres_ikke(kjor: Kjor, tmp_path: Path, tilfelle: str) -> None:
    mappe = tmp_path / "data"
    mappe.mkdir()
    fil = mappe / "annen.db"
    FREMMEDE[tilfelle](kjor, fil)
    for_, filer = sha(fil), innhold(mappe)
    for args in KOMMANDOER:
        linje = feil(kjor("--db", str(fil), *args), 1, str(fil), "Ingenting er endret")
        assert "er ikke et konsreg-register" in linje, (args, linje)
        assert "nyere versjon" not in linje, (args, linje)
        assert sha(fil) == for_, (args, "filen er endret")
        assert innhold(mappe) == filer, (args, innhold(mappe))


@pytest.mark.bare_sqlite
def test_meldingen_sier_hva_filen_har(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "annen.db"
    FREMMEDE["tom-alembic_version"](kjor, fil)
    assert feil(kjor("--db", str(fil), "saker"), 1) == (
        f"Feil: {fil} er ikke et konsreg-register, men en annen SQLite-database (den har "
        "tabellene alembic_version og kunder); oppgi en konsreg-database med --db. "
        "Ingenting er endret."
    )
    fil = tmp_path / "app.db"
    FREMMEDE["annen-application_id"](kjor, fil)
    assert feil(kjor("--db", str(fil), "saker"), 1) == (
        f"Feil: {fil} er ikke et konsreg-register, men en SQLite-database fra et annet program "
        "(application_id 1234); oppgi en konsreg-database med --db. Ingenting er endret."
    )


@pytest.mark.bare_sqlite
def test_nytt_register_er_merket_som_konsregs(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "ny.db"
    _lag_register(kjor, fil)
    assert _pragma(fil, "application_id") == konsreg.db.APPLICATION_ID
    assert _pragma(fil, "journal_mode") == "wal"
    # An empty file becomes a register as before, marked too.
    tom = tmp_path / "tom.db"
    tom.touch()
    _lag_register(kjor, tom)
    assert _pragma(tom, "application_id") == konsreg.db.APPLICATION_ID


@pytest.mark.bare_sqlite
def test_eldre_register_merkes_nar_det_er_kjent_igjen(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "eldre.db"
    _lag_register(kjor, fil)
    _uten_merke(fil)  # as a register made before konsreg set its mark
    for_ = sha(fil)
    # `db status` only reads: it neither marks nor migrates.
    assert f"Revisjon:  {HEAD} (gjeldende)" in ok(kjor("--db", str(fil), "db", "status")).stdout
    assert sha(fil) == for_
    r = ok(kjor("--db", str(fil), "saker", "-f", "json"))
    assert '"2026/1"' in r.stdout
    assert _pragma(fil, "application_id") == konsreg.db.APPLICATION_ID
    assert integritet(fil) == "ok"
    assert ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")).stdout == "2026/2\n"


@pytest.mark.bare_sqlite
def test_merket_register_pa_ukjent_revisjon_er_fra_en_nyere_konsreg(
    kjor: Kjor, tmp_path: Path
) -> None:
    fil = tmp_path / "merket.db"
    _lag_register(kjor, fil)
    _sqlite(fil, "UPDATE alembic_version SET version_num = '0099'")
    for_ = sha(fil)
    feil(kjor("--db", str(fil), "saker"), 1, "nyere versjon av konsreg (revisjon 0099)")
    assert sha(fil) == for_
    # Without the mark, the same file is not surely konsreg's: no "newer version".
    _uten_merke(fil)
    linje = feil(kjor("--db", str(fil), "saker"), 1, "er ikke et konsreg-register", "«0099»")
    assert "nyere versjon" not in linje


@pytest.fixture
def pg_skjema(pg_schema_url: str) -> Iterator[tuple[str, Any]]:
    """A schema of its own (its URL) and an engine that uses it."""
    engine = create_engine(pg_schema_url)
    try:
        yield pg_schema_url, engine
    finally:
        engine.dispose()


def _pg_innhold(engine: Any) -> dict[str, list[tuple[Any, ...]]]:
    from sqlalchemy import inspect

    with engine.connect() as conn:
        return {
            t: sorted(tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"')))
            for t in sorted(inspect(conn).get_table_names())
        }


@pytest.mark.bare_sqlite  # sets its own URL; needs the server, not the PostgreSQL run
@pytest.mark.parametrize("revisjon", [None, "0001", "ae1027a6acf"])
def test_fremmed_postgresql_skjema_endres_ikke(
    kjor: Kjor, pg_skjema: tuple[str, Any], revisjon: str | None
) -> None:
    url, engine = pg_skjema
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)"))
        conn.execute(text("CREATE TABLE kunder (id SERIAL PRIMARY KEY, navn TEXT)"))
        conn.execute(text("INSERT INTO kunder (navn) VALUES ('Ola')"))
        if revisjon:
            conn.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revisjon})
    for_ = _pg_innhold(engine)
    for args in KOMMANDOER:
        linje = feil(
            kjor(*args, env={"KONSREG_DATABASE_URL": url}),
            1,
            "er ikke et konsreg-register",
            "alembic_version og kunder",
            "Ingenting er endret",
        )
        assert "nyere versjon" not in linje
        assert _pg_innhold(engine) == for_, args


# -- 8. the password is masked by parsing, never by editing text --------------------------


def test_at_i_passordet_hoerer_til_passordet() -> None:
    url = konsreg.db.database_url(sti=None, url="postgresql://postgres:Hem@melig4@127.0.0.1/test")
    assert (url.username, url.password, url.host, url.database) == (
        "postgres",
        "Hem@melig4",
        "127.0.0.1",
        "test",
    )
    assert konsreg.db.vis_url(url) == "postgresql+psycopg://postgres:***@127.0.0.1/test"
    # '@' after the authority (a path, an option) is not the password's.
    url = konsreg.db.database_url(
        sti=None, url="postgresql://u:p@vert:5432/db?sslrootcert=/home/a@b/ca.pem"
    )
    assert (url.password, url.host, url.query["sslrootcert"]) == ("p", "vert", "/home/a@b/ca.pem")


# Password → the URL as shown (port 1 on this machine: nothing listens).
STENGT_PORT = "postgresql+psycopg://postgres:***@127.0.0.1:1/test"
PASSORD_URLER = {
    "Hem@melig4": ("postgresql://postgres:Hem@melig4@127.0.0.1:1/test", STENGT_PORT),
    "a": ("postgresql://postgres:a@127.0.0.1:1/test", STENGT_PORT),
    "127": ("postgresql://postgres:127@127.0.0.1:1/test", STENGT_PORT),
    "kontakt": (
        "postgresql://postgres@127.0.0.1:1/test?password=kontakt",
        "postgresql+psycopg://postgres@127.0.0.1:1/test?password=***",
    ),
}


@pytest.mark.bare_sqlite
@pytest.mark.parametrize("passord", list(PASSORD_URLER))
def test_passordet_skjules_ved_tolking_mot_en_stengt_port(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, passord: str
) -> None:
    url, vist = PASSORD_URLER[passord]
    monkeypatch.setenv("KONSREG_DATABASE_URL", url)
    for args in (("saker",), ("sak", "ny", *sak_args()), ("db", "status"), ("db", "upgrade")):
        r = kjor(*args)
        # Exactly this line: no letter of the text replaced ("kont***kt"), the host whole.
        assert feil(r, 1) == (
            f"Feil: Får ikke kontakt med databasen {vist}; sjekk at serveren kjører."
        ), args
        assert r.stdout == ""


@pytest.mark.bare_sqlite
def test_url_som_ikke_kan_tolkes_eller_vises_er_stjerner(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not a URL at all: nothing of it is shown.
    for url in (
        "postgresql://postgres:Hemmelig@127.0.0.1:abc/test",
        "postgresql://postgres:Hemmelig@[::1/test",
        "Hemmelig",
    ):
        monkeypatch.setenv("KONSREG_DATABASE_URL", url)
        for args in (("saker",), ("db", "status")):
            r = kjor(*args)
            feil(r, 1, "KONSREG_DATABASE_URL er ikke en gyldig database-URL")
            assert "Hemmelig" not in r.output

    # A URL that cannot be rendered is shown as *** whole, never as a part of it.
    class Uvisbar:
        drivername = "postgresql"

        def get_backend_name(self) -> str:
            return "postgresql"

        @property
        def query(self) -> dict[str, str]:
            raise ValueError("Hemmelig")

    assert konsreg.db.vis_url(Uvisbar()) == "***"  # type: ignore[arg-type]


def test_driverlinje_med_passordet_vises_ikke() -> None:
    url = konsreg.db.database_url(sti=None, url="postgresql://u:Hem@melig@vert/db")
    for tekst in ("rar feil nær «Hem@melig»", "rar feil nær Hem%40melig"):
        melding = konsreg.db.oversett_operasjonsfeil(Exception(tekst), url).melding
        assert melding == "Databasefeil i postgresql+psycopg://u:***@vert/db; ingenting er lagret."
    # Without the password the driver's line is shown, as it was.
    melding = konsreg.db.oversett_operasjonsfeil(Exception("rar feil"), url).melding
    assert melding == "Databasefeil i postgresql+psycopg://u:***@vert/db: rar feil"


def _med_passord(skjema_url: str, passord: str) -> str:
    """The schema URL with `passord` written raw into it (trust auth takes any)."""
    assert "postgres@" in skjema_url
    return skjema_url.replace("postgres@", f"postgres:{passord}@", 1)


@pytest.mark.bare_sqlite  # sets its own URL; needs the server, not the PostgreSQL run
def test_db_status_med_rare_passord(kjor: Kjor, pg_schema_url: str) -> None:
    vist = pg_schema_url.replace("postgres@", "postgres:***@", 1)
    for passord in ("Hem@melig4", "a", "127", "sea"):
        url = _med_passord(pg_schema_url, passord)
        r = ok(kjor("db", "status", env={"KONSREG_DATABASE_URL": url}))
        assert r.stdout.splitlines()[0] == f"Database:  {vist}", passord
        assert (
            r.stdout.splitlines()[1] == f"Revisjon:  ingen (tom database; programmet er på {HEAD})"
        )
    url = _med_passord(pg_schema_url, "Hem@melig4")
    assert ok(kjor("sak", "ny", *sak_args(), "-q", env={"KONSREG_DATABASE_URL": url})).stdout == (
        "2026/1\n"
    )
    r = ok(kjor("db", "status", env={"KONSREG_DATABASE_URL": url}))
    assert "Hem@melig4" not in r.output and "melig4" not in r.output
    assert f"Revisjon:  {HEAD} (gjeldende)" in r.stdout


# -- 9. PostgreSQL stops waiting for a lock, and says why it stopped ----------------------


@pytest.mark.bare_sqlite
def test_ventetid_for_sqlite_fra_miljoet(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "laast.db"
    _lag_register(kjor, fil)
    laas = sqlite3.connect(fil, isolation_level=None)
    try:
        laas.execute("BEGIN IMMEDIATE")
        start = time.monotonic()
        r = kjor("--db", str(fil), "sak", "ny", *sak_args(), env={"KONSREG_VENTETID": "0,5"})
        brukt = time.monotonic() - start
        feil(r, 1, "opptatt av en annen prosess (ventet 0,5 s)")
        assert 0.4 < brukt < 10, brukt
        laas.execute("ROLLBACK")
    finally:
        laas.close()
    feil(kjor("saker", env={"KONSREG_VENTETID": "mange"}), 1, "KONSREG_VENTETID må være")
    feil(kjor("saker", env={"KONSREG_VENTETID": "-1"}), 1, "KONSREG_VENTETID må være")


@pytest.fixture
def pg_register(kjor: Kjor, pg_schema_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A PostgreSQL register (its own schema) holding case 2026/1, so the counter row
    exists; yields an engine for a second user of it."""
    monkeypatch.setenv("KONSREG_DATABASE_URL", pg_schema_url)
    assert ny_sak(kjor) == "2026/1"
    engine = create_engine(pg_schema_url)
    try:
        yield engine
    finally:
        engine.dispose()


@contextlib.contextmanager
def _holder(engine: Any, sql: str) -> Iterator[Any]:
    """A second user holding a lock (taken by `sql`) in an open transaction. A watchdog
    ends that user's session after 30 s, so a command that would wait for ever (as
    before lock_timeout) ends the test instead of hanging it."""
    import threading

    with engine.connect() as holder:
        holder.begin()
        holder.execute(text(sql))
        pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()

        def avslutt() -> None:
            with engine.connect() as admin:
                admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})

        vakt = threading.Timer(30, avslutt)
        vakt.start()
        try:
            yield holder
        finally:
            vakt.cancel()
            with contextlib.suppress(Exception):
                holder.rollback()


def _saker_i(engine: Any) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT saksnummer FROM sak ORDER BY id")).scalars())


LAAST = "Feil: Databasen er låst av en annen bruker (ventet 2 s på en lås); prøv igjen.\n"


@pytest.mark.bare_sqlite  # sets its own URL; needs the server, not the PostgreSQL run
def test_postgresql_venter_ikke_evig_pa_tellerraden(
    kjor: Kjor, pg_register: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("KONSREG_VENTETID", "2")
    with _holder(pg_register, "SELECT verdi FROM teller WHERE navn = 'sak/2026' FOR UPDATE"):
        start = time.monotonic()
        r = kjor("sak", "ny", *sak_args(tittel="Venter"))
        brukt = time.monotonic() - start
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", LAAST)
    assert 1.9 < brukt < 10, brukt
    assert _saker_i(pg_register) == ["2026/1"]
    assert ny_sak(kjor) == "2026/2"  # the number was not used up
    with capsys.disabled():
        sys.stdout.write(f"\n[postgres] sak ny ga opp etter {brukt:.2f} s (KONSREG_VENTETID=2)\n")


@pytest.mark.bare_sqlite  # sets its own URL; needs the server, not the PostgreSQL run
def test_postgresql_venter_ikke_evig_pa_en_tabellas(
    kjor: Kjor, pg_register: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    monkeypatch.setenv("KONSREG_VENTETID", "2")
    with _holder(pg_register, "LOCK TABLE sak IN ACCESS EXCLUSIVE MODE"):
        start = time.monotonic()
        r = kjor("saker")
        brukt = time.monotonic() - start
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", LAAST)
    assert 1.9 < brukt < 10, brukt
    assert ok(kjor("saker", "-f", "json")).stdout.count("2026/1") == 1
    with capsys.disabled():
        sys.stdout.write(f"\n[postgres] saker ga opp etter {brukt:.2f} s (KONSREG_VENTETID=2)\n")


@pytest.mark.bare_sqlite  # needs the server, not the PostgreSQL run
def test_postgresql_forbindelser_har_navn_og_ventetid(
    pg_schema_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every connection says who it is (pg_stat_activity), and waits for a lock as long
    # as SQLite's busy timeout, or KONSREG_VENTETID.
    url = konsreg.db.database_url(sti=None, url=pg_schema_url)
    for ventetid, vist in ((None, "15s"), ("2", "2s"), ("0", "1ms"), ("1,5", "1500ms")):
        if ventetid is None:
            monkeypatch.delenv("KONSREG_VENTETID", raising=False)
        else:
            monkeypatch.setenv("KONSREG_VENTETID", ventetid)
        engine = konsreg.db.lag_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SHOW application_name")).scalar_one() == "konsreg"
                assert conn.execute(text("SHOW lock_timeout")).scalar_one() == vist
                # The setting outlives a rolled-back transaction on the same connection.
                conn.rollback()
                assert conn.execute(text("SHOW lock_timeout")).scalar_one() == vist
        finally:
            engine.dispose()


def _vent_pa_laas(engine: Any, holder_pid: int, prosess: Any) -> int:
    """The pid of the konsreg backend waiting for `holder_pid`'s lock."""
    frist = time.monotonic() + 60
    while time.monotonic() < frist and prosess.poll() is None:
        with engine.connect() as conn:
            pid = conn.execute(
                text(
                    "SELECT pid FROM pg_stat_activity WHERE application_name = 'konsreg'"
                    " AND wait_event_type = 'Lock' AND :h = ANY(pg_blocking_pids(pid))"
                ),
                {"h": holder_pid},
            ).scalar()
        if pid is not None:
            return int(pid)
        time.sleep(0.05)
    raise AssertionError(f"fant ingen konsreg-forbindelse som venter: {prosess.poll()}")


@pytest.mark.slow
@pytest.mark.bare_sqlite  # sets its own URL; needs the server, not the PostgreSQL run
def test_avbrutt_av_serveren_sier_det(pg_register: Any, capsys: Any) -> None:
    with pg_register.connect() as holder:
        holder.begin()
        holder.execute(text("SELECT verdi FROM teller WHERE navn = 'sak/2026' FOR UPDATE")).all()
        holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()
        prosess = subprocess.Popen(
            [sys.executable, "-m", "konsreg", "sak", "ny", *sak_args(tittel="Avbrutt"), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "KONSREG_VENTETID": "60"},
        )
        try:
            pid = _vent_pa_laas(pg_register, holder_pid, prosess)
            with pg_register.connect() as admin:
                assert admin.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
            avbrutt = time.monotonic()
            ut, feilut = prosess.communicate(timeout=60)
            etter = time.monotonic() - avbrutt
        finally:
            if prosess.poll() is None:
                prosess.kill()
            holder.rollback()
    url = konsreg.db.vis_url(
        konsreg.db.database_url(sti=None, url=os.environ["KONSREG_DATABASE_URL"])
    )
    assert (prosess.returncode, ut) == (1, "")
    assert feilut == (
        f"Feil: Forbindelsen til databasen {url} ble stengt av serveren; ingenting er lagret. "
        "Prøv igjen.\n"
    )
    assert _saker_i(pg_register) == ["2026/1"]
    with capsys.disabled():
        sys.stdout.write(f"\n[postgres] avbrutt sak ny avsluttet {etter:.2f} s etter avbruddet\n")


DRIVERLOGG = """
import logging, sys
from konsreg import db
url = db.database_url(sti=None, url="postgresql://postgres@127.0.0.1:1/test")
db.lag_engine(url).dispose()
logging.getLogger("psycopg").warning("error ignored terminating %s: %s", "<psycopg.Pipeline>", "x")
logging.getLogger("sqlalchemy.pool.impl.QueuePool").error("Exception during reset or similar")
"""


@pytest.mark.slow
def test_driverens_logg_nar_ikke_brukeren() -> None:
    # Python's last-resort handler printed psycopg's "error ignored terminating
    # <psycopg.Pipeline …>" on stderr after the user's one line.
    env = {k: v for k, v in os.environ.items() if k != "KONSREG_DEBUG"}
    r = subprocess.run(
        [sys.executable, "-c", DRIVERLOGG], capture_output=True, text=True, env=env, timeout=60
    )
    assert (r.returncode, r.stderr) == (0, "")
    r = subprocess.run(
        [sys.executable, "-c", DRIVERLOGG],
        capture_output=True,
        text=True,
        env={**env, "KONSREG_DEBUG": "1"},
        timeout=60,
    )
    assert "error ignored terminating <psycopg.Pipeline>" in r.stderr


# -- 10. a full disk and a read-only folder ------------------------------------------------


@pytest.fixture
def liten_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MiB tmpfs of its own: a disk this test can fill."""
    mappe = tmp_path / "disk"
    mappe.mkdir()
    if not shutil.which("mount"):
        pytest.skip("mount finnes ikke her; trenger en tmpfs for å fylle en disk")
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mappe)],
        capture_output=True,
        text=True,
        check=False,
    )
    if r.returncode != 0:
        pytest.skip(f"kan ikke montere en tmpfs (trenger root): {r.stderr.strip()}")
    try:
        yield mappe
    finally:
        if subprocess.run(["umount", str(mappe)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(mappe)], check=False)


def _fyll(mappe: Path, ledig: int) -> Path:
    """Fill the disk of `mappe` until `ledig` bytes are left."""
    fs = os.statvfs(mappe)
    fyll = mappe / "fyll"
    with fyll.open("ab") as ut:
        ut.write(b"\0" * max(0, fs.f_bavail * fs.f_frsize - ledig))
    return fyll


@pytest.mark.bare_sqlite
@pytest.mark.parametrize("ledig_kib", [0, 8, 40, 80])
def test_forste_kjoring_pa_full_disk_etterlater_ingenting(
    kjor: Kjor, liten_disk: Path, ledig_kib: int
) -> None:
    # The first run left a 4 KB empty file, which `db status` then called "tom database".
    fil = liten_disk / "konsreg.db"
    fyll = _fyll(liten_disk, ledig_kib * 1024)
    r = kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")
    assert feil(r, 1) == f"Feil: Ikke mer plass på disken: {fil}."
    assert innhold(liten_disk) == ["fyll"]
    assert "finnes ikke ennå" in ok(kjor("--db", str(fil), "db", "status")).stdout
    fyll.unlink()
    assert ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")).stdout == "2026/1\n"
    assert innhold(liten_disk) == ["konsreg.db"]
    assert integritet(fil) == "ok"


@pytest.mark.bare_sqlite
def test_full_disk_midt_i_arbeidet_lar_registeret_vaere_helt(kjor: Kjor, liten_disk: Path) -> None:
    fil = liten_disk / "konsreg.db"
    for _ in range(3):
        ok(kjor("--db", str(fil), "sak", "ny", *sak_args()))
    ok(kjor("--db", str(fil), "sak", "endre", "2026/2", "--tittel", "Endret"))
    for_ = _saker(kjor, fil)
    # From no room for SQLite's -shm to room for it but not for the WAL.
    for ledig_kib in (0, 4, 16, 36, 48):
        fyll = _fyll(liten_disk, ledig_kib * 1024)
        r = kjor("--db", str(fil), "sak", "ny", *sak_args(tittel="Får ikke plass"), "-q")
        assert feil(r, 1) == f"Feil: Ikke mer plass på disken: {fil}.", ledig_kib
        fyll.unlink()
        assert _saker(kjor, fil) == for_, ledig_kib
        assert integritet(fil) == "ok"
    assert ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")).stdout == "2026/4\n"


@contextlib.contextmanager
def _skrivebeskyttet_mappe(mappe: Path) -> Iterator[None]:
    """`mappe` read-only for this process: immutable for root (who may write anywhere
    else), mode 0555 for other users."""
    if ER_ROOT:
        r = subprocess.run(["chattr", "+i", str(mappe)], capture_output=True, check=False)
        if r.returncode != 0:
            pytest.skip(f"chattr +i virker ikke her: {r.stderr.decode().strip()}")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(mappe)], check=False)
    else:
        mappe.chmod(0o555)
        try:
            yield
        finally:
            mappe.chmod(0o755)


@pytest.mark.bare_sqlite
def test_skrivebeskyttet_mappe_nevnes(kjor: Kjor, tmp_path: Path) -> None:
    mappe = tmp_path / "arkiv"
    mappe.mkdir()
    fil = mappe / "konsreg.db"
    _lag_register(kjor, fil)
    for_ = sha(fil)
    with _skrivebeskyttet_mappe(mappe):
        for args in (("saker",), ("sak", "ny", *sak_args())):
            r = kjor("--db", str(fil), *args)
            assert feil(r, 1) == (
                f"Feil: Kan ikke bruke databasen {fil}: SQLite må lage konsreg.db-wal og "
                f"konsreg.db-shm i mappen {mappe}, men kan ikke skrive der "
                f"({'ikke tillatt' if ER_ROOT else 'mangler tilgang'}); gi skrivetilgang til "
                "mappen, eller flytt registeret til en mappe du kan skrive i."
            ), args
        # A register that is not there yet cannot be made there either.
        ny = mappe / "ny.db"
        r = kjor("--db", str(ny), "sak", "ny", *sak_args())
        grunn = "ikke tillatt" if ER_ROOT else "mangler tilgang"
        assert feil(r, 1) == f"Feil: Kan ikke opprette databasen {ny}: {grunn}."
    assert sha(fil) == for_
    assert innhold(mappe) == ["konsreg.db"]


@pytest.mark.bare_sqlite
def test_to_som_lager_registeret_samtidig_bruker_ett(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Another process finishes making the register between this one's migration and
    # its link: this one keeps the other's register and discards its own file.
    annen = tmp_path / "annen"
    annen.mkdir()
    _lag_register(kjor, annen / "konsreg.db")
    mappe = tmp_path / "felles"
    mappe.mkdir()
    fil = mappe / "konsreg.db"
    ekte_link = os.link
    lenket: list[str] = []

    def link_etter_den_andre(kilde: Any, mal: Any, *a: Any, **k: Any) -> None:
        lenket.append(str(kilde))
        shutil.copy2(annen / "konsreg.db", mal)  # the other process was first
        ekte_link(kilde, mal, *a, **k)

    monkeypatch.setattr(konsreg.db.skjema.os, "link", link_etter_den_andre)
    assert ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")).stdout == "2026/2\n"
    assert lenket and Path(lenket[0]).parent == mappe
    assert innhold(mappe) == ["konsreg.db"]
    assert [s["saksnummer"] for s in _saker(kjor, fil)] == ["2026/1", "2026/2"]


@pytest.mark.slow
@pytest.mark.bare_sqlite
def test_mange_prosesser_lager_registeret_samtidig(tmp_path: Path) -> None:
    fil = tmp_path / "felles" / "konsreg.db"
    fil.parent.mkdir()
    prosesser = [
        subprocess.Popen(
            [sys.executable, "-m", "konsreg", "--db", str(fil), "sak", "ny", *sak_args(), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for _ in range(6)
    ]
    svar = [p.communicate(timeout=120) for p in prosesser]
    assert [p.returncode for p in prosesser] == [0] * 6, svar
    assert sorted(ut for ut, _ in svar) == [f"2026/{i}\n" for i in range(1, 7)]
    assert innhold(fil.parent) == ["konsreg.db"]  # no temporary file left by the losers
    assert integritet(fil) == "ok"
    assert _pragma(fil, "application_id") == konsreg.db.APPLICATION_ID
