"""Where the register lives and how it is opened: `--db`, KONSREG_DB, KONSREG_DATABASE_URL,
awkward paths and files, SQLite settings, a database newer than the program, and the
`db status | upgrade | backup` commands."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import typer
from sqlalchemy import URL, create_engine, make_url, text

import konsreg.db
import konsreg.db.url
from konsreg.cli import felles
from tests.conftest import Kjor
from tests.hjelp import (
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    ny_avtale,
    ny_sak,
    ok,
    sak_args,
    saker_json,
    tabellinnhold,
)

ANTALL_DEPARTEMENTER = len(
    list(
        csv.DictReader(
            io.StringIO(
                resources.files("konsreg").joinpath("data/departementer.csv").read_text("utf-8")
            )
        )
    )
)
ER_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# The program's schema revision, as db status and upgrade report it.
HEAD = konsreg.db.HEAD_REVISION


def _url() -> URL:
    """The URL of this test's register, as the program would choose it."""
    return felles.Tilstand().url()


def _sha(sti: Path) -> str:
    return hashlib.sha256(sti.read_bytes()).hexdigest()


def _sett_revisjon(url: URL, revisjon: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revisjon})
    finally:
        engine.dispose()


# -- --db: files that are not a register ----------------------------------------------


@pytest.mark.bare_sqlite
def test_db_som_er_en_tekstfil(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "notater.txt"
    fil.write_text("Dette er ikke en database.\n", encoding="utf-8")
    for args in (("saker",), ("sak", "ny", *sak_args()), ("db", "upgrade"), ("db", "status")):
        feil(kjor("--db", str(fil), *args), 1, "er ikke en SQLite-database")
    assert fil.read_text(encoding="utf-8") == "Dette er ikke en database.\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notater.txt"]


@pytest.mark.bare_sqlite
def test_db_som_er_skadet(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "skadet.db"
    innhold = b"SQLite format 3\x00" + b"\xff" * 4096
    fil.write_bytes(innhold)
    feil(kjor("--db", str(fil), "saker"), 1, "er ikke en gyldig SQLite-database eller er skadet")
    feil(kjor("--db", str(fil), "sak", "ny", *sak_args()), 1, "skadet")
    assert fil.read_bytes() == innhold


@pytest.mark.parametrize(
    "url", ["postgresql+psycopg://postgres@127.0.0.1:5432/test", "sqlite:///tmp/x.db"]
)
def test_db_med_en_url_sier_hvor_url_en_skal(kjor: Kjor, tmp_path: Path, url: str) -> None:
    # A URL to --db was folded by Path() into "postgresql+psycopg:/…" and reported as a
    # missing folder. A path that only holds a colon is still a path.
    feil(kjor("--db", url, "saker"), 2, "--db tar en SQLite-fil", "KONSREG_DATABASE_URL")
    ok(kjor("--db", str(tmp_path / "kl:10.db"), "saker"))


@pytest.mark.bare_sqlite
def test_db_som_er_en_mappe(kjor: Kjor, tmp_path: Path) -> None:
    mappe = tmp_path / "mappe.db"
    mappe.mkdir()
    feil(kjor("--db", str(mappe), "saker"), 1, "er en mappe, ikke en databasefil")
    feil(kjor("--db", str(mappe), "sak", "ny", *sak_args()), 1, "er en mappe")
    assert list(mappe.iterdir()) == []


@pytest.mark.bare_sqlite
def test_db_i_en_mappe_som_ikke_finnes(kjor: Kjor, tmp_path: Path) -> None:
    sti = tmp_path / "finnes" / "ikke" / "konsreg.db"
    for args in (("saker",), ("sak", "ny", *sak_args()), ("db", "upgrade")):
        feil(kjor("--db", str(sti), *args), 1, "finnes ikke")
    assert not (tmp_path / "finnes").exists()
    # `db status` says the file does not exist yet, and does not create it either.
    r = ok(kjor("--db", str(sti), "db", "status"))
    assert "finnes ikke" in r.stdout
    assert not (tmp_path / "finnes").exists()


@pytest.mark.bare_sqlite
def test_db_med_fremmede_tabeller(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "annen.db"
    conn = sqlite3.connect(fil)
    conn.execute("CREATE TABLE kunder (id INTEGER PRIMARY KEY, navn TEXT)")
    conn.execute("INSERT INTO kunder (navn) VALUES ('Ola')")
    conn.commit()
    conn.close()
    for_ = _sha(fil)
    feil(kjor("--db", str(fil), "saker"), 1, "er ikke et konsreg-register")
    feil(kjor("--db", str(fil), "db", "upgrade"), 1, "er ikke et konsreg-register")
    assert _sha(fil) == for_


@pytest.mark.bare_sqlite
def test_tom_fil_blir_et_register(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "tom.db"
    fil.touch()
    r = ok(kjor("--db", str(fil), "db", "status"))
    assert f"Revisjon:  ingen (tom database; programmet er på {HEAD})" in r.stdout
    assert ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")).stdout == "2026/1\n"


@pytest.mark.bare_sqlite
def test_skrivebeskyttet_fil(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "les.db"
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q"))
    fil.chmod(0o444)
    try:
        # Reading still works.
        r = ok(kjor("--db", str(fil), "saker", "--format", "json"))
        assert [s["saksnummer"] for s in json.loads(r.stdout)] == ["2026/1"]
        for_ = _sha(fil)
        r = kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")
        assert "Traceback" not in r.output
        if ER_ROOT:
            pytest.skip("kjører som root: root kan skrive til en fil med modus 0444")
        feil(r, 1, "kan bare leses")
        assert _sha(fil) == for_
    finally:
        fil.chmod(0o600)


@pytest.mark.bare_sqlite
def test_uforanderlig_fil_for_root(kjor: Kjor, tmp_path: Path) -> None:
    # What root cannot write either: a file with the immutable attribute (chattr +i).
    if not ER_ROOT:
        pytest.skip("chattr +i krever root; modus 0444 dekker dette for andre brukere")
    fil = tmp_path / "uforanderlig.db"
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q"))
    sett = subprocess.run(["chattr", "+i", str(fil)], capture_output=True, check=False)
    if sett.returncode != 0:
        pytest.skip(f"chattr +i virker ikke her: {sett.stderr.decode().strip()}")
    try:
        for_ = _sha(fil)
        r = ok(kjor("--db", str(fil), "saker", "--format", "json"))
        assert [s["saksnummer"] for s in json.loads(r.stdout)] == ["2026/1"]
        feil(kjor("--db", str(fil), "sak", "ny", *sak_args()), 1, "kan bare leses")
        feil(kjor("--db", str(fil), "sak", "avslutt", "2026/1"), 1, "kan bare leses")
        assert _sha(fil) == for_
    finally:
        subprocess.run(["chattr", "-i", str(fil)], check=False)


@pytest.mark.bare_sqlite
def test_last_database_gir_feil_ikke_traceback(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fil = tmp_path / "last.db"
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args()))
    # Another process holds the write lock; do not wait the real busy timeout.
    monkeypatch.setattr(konsreg.db.url, "BUSY_TIMEOUT_S", 0)
    laas = sqlite3.connect(fil, isolation_level=None)
    try:
        laas.execute("BEGIN IMMEDIATE")
        laas.execute("INSERT INTO teller (navn, verdi) VALUES ('annen', 1)")
        feil(kjor("--db", str(fil), "sak", "ny", *sak_args()), 1, "opptatt av en annen prosess")
        feil(kjor("--db", str(fil), "sak", "endre", "2026/1", "--tittel", "x"), 1, "opptatt")
        # Readers are not blocked by a writer (WAL).
        r = ok(kjor("--db", str(fil), "saker", "--format", "json"))
        assert [s["tittel"] for s in json.loads(r.stdout)] == ["E-helse"]
        laas.execute("ROLLBACK")
    finally:
        laas.close()
    assert ok(kjor("--db", str(fil), "sak", "ny", *sak_args(), "-q")).stdout == "2026/2\n"


# -- awkward paths, file mode, where the file is -----------------------------------------

RARE_NAVN = [
    "med mellomrom.db",
    "spørsmål?.db",
    "emne#1.db",
    "prosent%20.db",
    "blåbærsyltetøy æøå ÆØÅ.db",
    "alt på en gang ? # % æ.db",
]


@pytest.mark.bare_sqlite
@pytest.mark.parametrize("navn", RARE_NAVN)
def test_sti_med_rare_tegn_lager_akkurat_den_filen(kjor: Kjor, tmp_path: Path, navn: str) -> None:
    mappe = tmp_path / "mappe med æøå # og ?"
    mappe.mkdir()
    sti = mappe / navn
    assert ok(kjor("--db", str(sti), "sak", "ny", *sak_args(), "-q")).stdout == "2026/1\n"
    assert [p.name for p in mappe.iterdir()] == [navn]
    assert sti.read_bytes().startswith(b"SQLite format 3\x00")
    # The same file through KONSREG_DB.
    r = ok(kjor("saker", "--format", "json", env={"KONSREG_DB": str(sti)}))
    assert [s["saksnummer"] for s in json.loads(r.stdout)] == ["2026/1"]
    assert [p.name for p in mappe.iterdir()] == [navn]


@pytest.mark.bare_sqlite
def test_ny_databasefil_har_modus_0600(kjor: Kjor, tmp_path: Path) -> None:
    via_valg = tmp_path / "valg.db"
    ok(kjor("--db", str(via_valg), "saker"))
    assert stat.S_IMODE(via_valg.stat().st_mode) == 0o600
    via_env = tmp_path / "env.db"
    ok(kjor("saker", env={"KONSREG_DB": str(via_env)}))
    assert stat.S_IMODE(via_env.stat().st_mode) == 0o600


@pytest.mark.bare_sqlite
def test_standardfilen_ligger_i_programmappen(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KONSREG_DB")
    monkeypatch.delenv("KONSREG_DATABASE_URL", raising=False)
    mappe = Path(typer.get_app_dir("konsreg"))
    assert tmp_path in mappe.parents  # HOME/XDG_CONFIG_HOME point into tmp_path
    ny_sak(kjor)
    fil = mappe / "konsreg.db"
    assert fil.is_file()
    assert stat.S_IMODE(fil.stat().st_mode) == 0o600
    assert [p.name for p in mappe.iterdir()] == ["konsreg.db"]
    r = ok(kjor("db", "status"))
    assert r.stdout.startswith(f"Database:  sqlite+pysqlite:///{fil}\n")


@pytest.mark.bare_sqlite
def test_hvilken_database_vinner(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_fil, url_fil, valg_fil = tmp_path / "env.db", tmp_path / "url.db", tmp_path / "valg.db"
    monkeypatch.setenv("KONSREG_DB", str(env_fil))
    ny_sak(kjor, tittel="i KONSREG_DB")
    monkeypatch.setenv("KONSREG_DATABASE_URL", konsreg.db.sqlite_url(url_fil).render_as_string())
    ny_sak(kjor, tittel="i KONSREG_DATABASE_URL")
    ok(kjor("--db", str(valg_fil), "sak", "ny", *sak_args(tittel="i --db")))

    def titler(fil: Path) -> list[str]:
        r = ok(kjor("--db", str(fil), "saker", "--format", "json"))
        return [s["tittel"] for s in json.loads(r.stdout)]

    assert titler(env_fil) == ["i KONSREG_DB"]
    assert titler(url_fil) == ["i KONSREG_DATABASE_URL"]
    assert titler(valg_fil) == ["i --db"]


@pytest.mark.bare_sqlite
def test_sqlite_innstillinger(tmp_path: Path) -> None:
    engine = konsreg.db.apne_register(konsreg.db.sqlite_url(tmp_path / "innstillinger.db"))
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    finally:
        engine.dispose()


# -- a database newer than the program (both backends) -----------------------------------


@pytest.fixture
def nyere_register(kjor: Kjor) -> Iterator[URL]:
    ny_sak(kjor)
    ny_avtale(kjor)
    url = _url()
    _sett_revisjon(url, "ffffffffffff")
    yield url


def test_nyere_database_avvises_og_rores_ikke(
    kjor: Kjor, nyere_register: URL, tmp_path: Path
) -> None:
    url = nyere_register
    for_ = tabellinnhold()
    sqlite_fil = Path(url.database) if konsreg.db.er_sqlite(url) and url.database else None
    sha = _sha(sqlite_fil) if sqlite_fil else None
    for args in (
        ("saker",),
        ("avtaler",),
        ("sak", "ny", *sak_args()),
        ("sak", "endre", "2026/1", "--tittel", "x"),
        ("avtale", "forny", "A1", "--inngatt", "01.01.2026"),
        ("departementer",),
        ("db", "upgrade"),
    ):
        feil(
            kjor(*args),
            1,
            "nyere versjon av konsreg (revisjon ffffffffffff)",
            "Ingenting er endret",
        )
    r = ok(kjor("db", "status"))
    assert (
        f"Revisjon:  ffffffffffff (nyere enn programmet, som er på {HEAD}; oppgrader konsreg)"
        in (r.stdout)
    )
    assert tabellinnhold() == for_
    if sqlite_fil is not None:
        assert _sha(sqlite_fil) == sha
        assert sorted(p.name for p in sqlite_fil.parent.iterdir() if p.suffix != "") == [
            sqlite_fil.name
        ]


# -- db status / db upgrade (both backends) ---------------------------------------------


def test_db_status_gjeldende(kjor: Kjor) -> None:
    ny_sak(kjor)
    ny_sak(kjor)
    ny_avtale(kjor)
    r = ok(kjor("db", "status"))
    linjer = r.stdout.splitlines()
    assert linjer[0] == f"Database:  {_url().render_as_string(hide_password=True)}"
    assert linjer[1:] == [
        f"Revisjon:  {HEAD} (gjeldende)",
        f"Innhold:   2 saker, 1 avtaler, {ANTALL_DEPARTEMENTER} departementer",
    ]


@pytest.mark.bare_sqlite
def test_db_status_for_forste_bruk_lager_ingen_fil(kjor: Kjor, eget_register: Path) -> None:
    assert not eget_register.exists()
    r = ok(kjor("db", "status"))
    assert r.stdout == (
        f"Database:  sqlite+pysqlite:///{eget_register}\n"
        "Revisjon:  ingen (filen finnes ikke ennå; den lages ved første bruk)\n"
    )
    assert not eget_register.exists()


def test_db_upgrade(kjor: Kjor, eget_register: Path, pa_postgres: bool) -> None:
    if not pa_postgres:
        eget_register.touch()  # an empty register (a new PostgreSQL schema is empty too)
    assert (
        f"Revisjon:  ingen (tom database; programmet er på {HEAD})"
        in ok(kjor("db", "status")).stdout
    )
    r = ok(kjor("db", "upgrade"))
    assert r.stderr == f"Databasen er oppgradert fra tom til {HEAD}.\n"
    assert r.stdout == ""
    assert f"Revisjon:  {HEAD} (gjeldende)" in ok(kjor("db", "status")).stdout
    r = ok(kjor("db", "upgrade"))
    assert r.stderr == f"Databasen er allerede på gjeldende revisjon ({HEAD}).\n"
    assert saker_json(kjor) == []


def test_db_status_viser_aldri_passordet(
    kjor: Kjor, pa_postgres: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not pa_postgres:
        pytest.skip("trenger PostgreSQL (KONSREG_TEST_BACKEND=postgres)")
    # The test server trusts local connections, so any password is accepted.
    url = make_url(os.environ["KONSREG_DATABASE_URL"]).set(password="hemmelig-passord")
    monkeypatch.setenv("KONSREG_DATABASE_URL", url.render_as_string(hide_password=False))
    ny_sak(kjor)
    r = ok(kjor("db", "status"))
    assert "hemmelig-passord" not in r.output
    assert r.stdout.startswith("Database:  postgresql+psycopg://postgres:***@127.0.0.1")
    assert f"Revisjon:  {HEAD} (gjeldende)" in r.stdout


# -- db backup -----------------------------------------------------------------------------


@pytest.mark.bare_sqlite
def test_db_backup(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor)
    ny_avtale(kjor)
    ok(kjor("sak", "endre", "2026/1", "--tittel", "Endret før kopien"))
    kopi = tmp_path / "kopier med mellomrom" / "kopi æ#?.db"
    kopi.parent.mkdir()
    r = ok(kjor("db", "backup", str(kopi)))
    assert r.stderr == f"Sikkerhetskopi skrevet til {kopi}.\n"
    assert stat.S_IMODE(kopi.stat().st_mode) == 0o600
    assert [p.name for p in kopi.parent.iterdir()] == [kopi.name]

    def alt(*db: str) -> list[Any]:
        return [
            json.loads(ok(kjor(*db, kommando, "-f", "json")).stdout)
            for kommando in ("saker", "avtaler")
        ] + [json.loads(ok(kjor(*db, "sak", "vis", "2026/1", "-f", "json")).stdout)]

    assert alt("--db", str(kopi)) == alt()
    # The copy is a database of its own.
    ok(kjor("--db", str(kopi), "sak", "ny", *sak_args()))
    assert len(saker_json(kjor)) == 1


@pytest.mark.bare_sqlite
def test_db_backup_skriver_ikke_over_uten_videre(
    kjor: Kjor, tmp_path: Path, eget_register: Path
) -> None:
    ny_sak(kjor)
    kopi = tmp_path / "kopi.db"
    kopi.write_text("viktig\n", encoding="utf-8")
    feil(kjor("db", "backup", str(kopi)), 1, "finnes fra før", "--overskriv")
    assert kopi.read_text(encoding="utf-8") == "viktig\n"
    ok(kjor("db", "backup", str(kopi), "--overskriv"))
    assert kopi.read_bytes().startswith(b"SQLite format 3\x00")
    feil(kjor("db", "backup", str(eget_register), "--overskriv"), 1, "selve registeret")
    feil(kjor("db", "backup", str(tmp_path / "mangler" / "kopi.db")), 1, "finnes ikke")
    assert not (tmp_path / "mangler").exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_db_backup_pa_postgres_henviser_til_pg_dump(kjor: Kjor, pa_postgres: bool) -> None:
    if not pa_postgres:
        pytest.skip("gjelder PostgreSQL (KONSREG_TEST_BACKEND=postgres)")
    ny_sak(kjor)
    feil(kjor("db", "backup", "kopi.db"), 1, "pg_dump")
    assert not Path("kopi.db").exists()


# -- URLs ------------------------------------------------------------------------------


@pytest.mark.bare_sqlite
@pytest.mark.parametrize("navn", RARE_NAVN)
def test_sqlite_url_beholder_stien_som_den_er(tmp_path: Path, navn: str) -> None:
    sti = tmp_path / "mappe med # og ?" / navn
    url = konsreg.db.database_url(sti=sti, url=None)
    assert url.database == str(sti)
    # Shown and read back (as KONSREG_DATABASE_URL would be), it is still the same file.
    assert make_url(url.render_as_string()).database == str(sti)


def test_database_url_vinner_over_filen_og_far_psycopg(tmp_path: Path) -> None:
    url = konsreg.db.database_url(
        sti=tmp_path / "ignorert.db", url="postgresql://konsreg:hemmelig@db.example/register"
    )
    assert url.drivername == "postgresql+psycopg"
    assert url.database == "register"
    vist = konsreg.db.vis_url(url)
    assert "hemmelig" not in vist
    assert vist == "postgresql+psycopg://konsreg:***@db.example/register"


def test_appmappen_er_den_typer_ville_valgt(monkeypatch: pytest.MonkeyPatch) -> None:
    # The database layer works out the default folder itself (it imports no CLI); it
    # must be the folder `typer.get_app_dir` names, where registers have always been.
    import typer

    from konsreg.db.url import appmappe

    for xdg in (None, "/srv/konfig"):
        if xdg is None:
            monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
        assert appmappe() == Path(typer.get_app_dir("konsreg"))


def test_avbrudd_vinner_over_en_tilbakerulling_som_ikke_kan_sendes(
    eget_register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while psycopg starts a COPY leaves the connection busy, and the rollback then
    fails («another command is already in progress»): the interruption is what goes on
    (Typer: exit 130), not the rollback's database error, and nothing is stored."""
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    from konsreg.cli.felles import Tilstand

    engine = konsreg.db.apne_register(Tilstand().url())
    try:
        for_ = _antall_saker(engine)

        def rollback(self: Session) -> None:
            raise OperationalError("ROLLBACK", None, Exception("another command is in progress"))

        with pytest.raises(KeyboardInterrupt), konsreg.db.skriveokt(engine) as okt:
            okt.execute(text("INSERT INTO teller (navn, verdi) VALUES ('prove', 1)"))
            monkeypatch.setattr(Session, "rollback", rollback)
            raise KeyboardInterrupt
        monkeypatch.undo()
        assert _antall_saker(engine) == for_
        with engine.connect() as conn:
            assert (
                conn.execute(text("SELECT count(*) FROM teller WHERE navn = 'prove'")).scalar() == 0
            )
    finally:
        engine.dispose()


def _antall_saker(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM sak")).scalar_one())
