"""Reliability and security (issue 5), the fast half: a writer that waits for another
instead of failing, bad input that leaves the register byte for byte as it was, a register
filled at each revision upgraded to head without loss, files that are not what they seem,
passwords that never show, hostile titles, and database files only the owner can read.

The load, kill and fuzz runs are in test_last.py (marked slow) and use the helpers here.
Each test runs on the backend the suite runs with (a SQLite file, or a PostgreSQL schema
through the fixture's KONSREG_DATABASE_URL, which subprocesses inherit); the ones about
SQLite files are marked bare_sqlite, and the ones about PostgreSQL URLs use the server
whichever backend the suite runs with.
"""

from __future__ import annotations

import csv
import ctypes
import hashlib
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import typer
from sqlalchemy import URL, bindparam, create_engine, make_url, text

import konsreg.db
from konsreg.cli import felles
from tests.conftest import BACKEND, PG_URL, Kjor
from tests.hjelp import (
    avtale_args,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    ny_avtale,
    ny_sak,
    ok,
    sak_args,
    saker_json,
    tabellinnhold,
    vis_json,
)

# Subprocesses and whole-file round trips: in CI, outside `pytest -m "not slow"`.
pytestmark = pytest.mark.slow


ER_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0

# -- helpers (test_last.py uses them too) -------------------------------------------------


def register_url() -> URL:
    """The URL of this test's register, as the program chooses it."""
    return felles.Tilstand().url()


def sqlite_fil() -> Path | None:
    """This test's SQLite file, or None on PostgreSQL."""
    url = register_url()
    if konsreg.db.er_sqlite(url) and url.database:
        return Path(url.database)
    return None


def integritet(fil: Path) -> str:
    """What `PRAGMA integrity_check` says about a SQLite file ("ok" when all is well)."""
    conn = sqlite3.connect(fil)
    try:
        return "\n".join(str(rad[0]) for rad in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()


def sha(fil: Path) -> str:
    return hashlib.sha256(fil.read_bytes()).hexdigest()


def innhold(mappe: Path) -> list[str]:
    return sorted(p.name for p in mappe.iterdir())


def eksport_alt(kjor: Kjor, *db: str, env: dict[str, str] | None = None) -> bytes:
    """`konsreg eksport alt --format jsonl`: every case and agreement, as bytes."""
    return bytes(ok(kjor(*db, "eksport", "alt", "--format", "jsonl", env=env)).stdout_bytes)


def python_konsreg(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """`python -m konsreg ARGS` in a process of its own, with this test's environment."""
    return subprocess.run(
        [sys.executable, "-m", "konsreg", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        **{"timeout": 120, **kwargs},
    )


def meld(capsys: pytest.CaptureFixture[str], tekst: str) -> None:
    """A measured figure, shown in the test log even when output is captured."""
    with capsys.disabled():
        sys.stdout.write(f"\n[{BACKEND}] {tekst}\n")


@dataclass
class Nummerering:
    """What the register's own tables say about its numbers."""

    saker: dict[int, list[int]] = field(default_factory=dict)  # year -> sorted lopenr
    tellere: dict[str, int] = field(default_factory=dict)
    avtaler: list[int] = field(default_factory=list)  # sorted numbers of A1, A2, ...
    saksnummer_feil: list[str] = field(default_factory=list)


def les_nummerering(conn: Any) -> Nummerering:
    n = Nummerering()
    for saksnummer, ar, lopenr in conn.execute(text("SELECT saksnummer, ar, lopenr FROM sak")):
        if saksnummer != f"{ar}/{lopenr}":
            n.saksnummer_feil.append(saksnummer)
        n.saker.setdefault(int(ar), []).append(int(lopenr))
    for liste in n.saker.values():
        liste.sort()
    n.tellere = {str(a): int(b) for a, b in conn.execute(text("SELECT navn, verdi FROM teller"))}
    n.avtaler = sorted(int(h[1:]) for (h,) in conn.execute(text("SELECT handle FROM avtale")))
    return n


def sjekk_uten_hull(n: Nummerering) -> None:
    """Every number 1..N of each year once, every agreement A1..An once, and each counter
    at the last number it gave: no gaps, no doubles, nothing consumed without a record."""
    assert n.saksnummer_feil == []
    for ar, lopenr in n.saker.items():
        assert lopenr == list(range(1, len(lopenr) + 1)), f"hull eller dubletter i {ar}"
        assert n.tellere.get(f"sak/{ar}") == len(lopenr), (ar, n.tellere)
    for navn, verdi in n.tellere.items():
        if navn.startswith("sak/"):
            assert verdi == len(n.saker.get(int(navn[4:]), [])), (navn, verdi)
    assert n.avtaler == list(range(1, len(n.avtaler) + 1))
    assert n.tellere.get("avtale", 0) == len(n.avtaler)


@contextmanager
def nytt_register(mappe: Path) -> Iterator[tuple[URL, tuple[str, ...], dict[str, str]]]:
    """Another empty register on the suite's backend: (URL, root options, environment)."""
    if BACKEND != "postgres":
        sti = mappe / f"{uuid.uuid4().hex[:8]}.db"
        yield konsreg.db.sqlite_url(sti), ("--db", str(sti)), {}
        return
    skjema = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{skjema}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={skjema}"})
    try:
        yield url, (), {"KONSREG_DATABASE_URL": url.render_as_string(hide_password=False)}
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{skjema}" CASCADE'))
        engine.dispose()


# -- 2. a writer waits for another instead of failing ------------------------------------


def _har_apnet(pid: int, fil: Path) -> bool:
    """Whether process `pid` has `fil` open (Linux /proc); False where /proc is missing."""
    try:
        lenker = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for lenke in lenker:
        try:
            if os.readlink(lenke) == str(fil):
                return True
        except OSError:
            continue
    return False


def test_sak_ny_venter_mens_en_annen_holder_skrivelasen(
    kjor: Kjor, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ny_sak(kjor) == "2026/1"
    fil = sqlite_fil()
    url = register_url()
    engine = create_engine(url)
    holder: Any = None
    try:
        if fil is not None:
            holder = sqlite3.connect(fil, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            holder.execute("UPDATE teller SET verdi = verdi WHERE navn = 'sak/2026'")
        else:
            holder = engine.connect()
            holder.begin()
            holder.execute(text("UPDATE teller SET verdi = verdi WHERE navn = 'sak/2026'"))
            holder_pid = holder.execute(text("SELECT pg_backend_pid()")).scalar_one()
        start = time.monotonic()
        prosess = subprocess.Popen(
            [sys.executable, "-m", "konsreg", "sak", "ny", *sak_args(tittel="Venter"), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        # Wait until the command has reached the database, then hold the lock 2 s more.
        frist = time.monotonic() + 60
        while time.monotonic() < frist and prosess.poll() is None:
            if fil is not None:
                if _har_apnet(prosess.pid, fil) or not Path("/proc").is_dir():
                    break
            else:
                with engine.connect() as se:
                    blokkert = se.execute(
                        text(
                            "SELECT count(*) FROM pg_stat_activity"
                            " WHERE :p = ANY(pg_blocking_pids(pid))"
                        ),
                        {"p": holder_pid},
                    ).scalar_one()
                if blokkert:
                    break
            time.sleep(0.02)
        time.sleep(2.0)
        assert prosess.poll() is None, prosess.communicate()  # still waiting, not failed
        if fil is None:
            holder.commit()
        else:
            holder.execute("COMMIT")
        frigitt = time.monotonic()
        ut, feilut = prosess.communicate(timeout=60)
        slutt = time.monotonic()
    finally:
        if holder is not None:
            holder.close()
        engine.dispose()
    assert prosess.returncode == 0, feilut
    assert feilut == ""
    assert ut == "2026/2\n"
    assert slutt >= frigitt
    meld(
        capsys,
        f"sak ny ventet på skrivelåsen: ferdig {slutt - start:.2f} s etter start, "
        f"{slutt - frigitt:.2f} s etter at låsen ble sluppet (holdt {frigitt - start:.2f} s)",
    )
    assert [s["saksnummer"] for s in saker_json(kjor)] == ["2026/1", "2026/2"]
    if fil is not None:
        assert integritet(fil) == "ok"


# -- 4. bad input changes nothing, byte for byte ---------------------------------------------

AVVISTE = [
    (("sak", "ny", *sak_args(), "--bogus"), 2, "Ukjent valg «--bogus»"),
    (("sak", "ny", *sak_args(departement="XYZ")), 1, "Ukjent departementskode «XYZ»"),
    (("sak", "avslutt", "2026/1", "--dato", "29.02.2026"), 1, "«29.02.2026»"),
    (("sak", "endre", "2026/1", "--meldt-inn-av", "QQ"), 1, "«QQ»"),
    (("avtale", "ny", *avtale_args(inngatt="31.02.2026")), 1, "«31.02.2026»"),
    (("avtale", "ny", *avtale_args(part="AID, XYZ og KS")), 1, "Ukjent part «XYZ»"),
    (("avtale", "forny", "A1", "--inngatt", "30.02.2026"), 1, "«30.02.2026»"),
    (("avtale", "endre", "A1", "--status", "kanskje"), 1, "«kanskje»"),
    # PostgreSQL's column holds 100 characters; refused on both, before the database.
    (("sak", "ny", *sak_args(), "--av", "x" * 101), 1, "--av kan være høyst 100 tegn"),
]


def _bytes_for(kjor: Kjor) -> tuple[bytes, dict[str, Any], str | None]:
    """The export, every table row, and on SQLite the file's hash (all connections closed,
    so the WAL is checkpointed and gone)."""
    alt = eksport_alt(kjor)
    tabeller = tabellinnhold()
    fil = sqlite_fil()
    if fil is None:
        return alt, tabeller, None
    assert not Path(f"{fil}-wal").exists()
    return alt, tabeller, sha(fil)


@pytest.fixture
def fylt(kjor: Kjor) -> tuple[bytes, dict[str, Any], str | None]:
    ny_sak(kjor)
    ny_sak(kjor, tittel="Andre", type="lovmedvirkning", departement="KD")
    ny_avtale(kjor)
    ok(kjor("sak", "endre", "2026/2", "--status", "pågående", "--av", "kari"))
    return _bytes_for(kjor)


def test_avviste_kommandoer_endrer_ingen_byte(
    kjor: Kjor, fylt: tuple[bytes, dict[str, Any], str | None]
) -> None:
    # test_errors proves each refusal leaves every table row as it was; here the export
    # and (SQLite) the database file are compared byte for byte.
    for args, kode, del_ in AVVISTE:
        feil(kjor(*args), kode, del_)
    assert _bytes_for(kjor) == fylt
    assert ny_sak(kjor) == "2026/3"


@pytest.mark.bare_sqlite
def test_eksport_til_selve_registeret_avvises(kjor: Kjor, tmp_path: Path) -> None:
    # `-o` opened the file for writing before reading: the register was truncated and
    # replaced by the export's header line.
    ny_sak(kjor)
    fil = sqlite_fil()
    assert fil is not None
    for_ = _bytes_for(kjor)
    lenke = tmp_path / "lenke.csv"
    lenke.symlink_to(fil)
    for ut in (fil, Path(f"{fil}-wal"), Path(os.path.relpath(fil)), lenke):
        feil(kjor("eksport", "saker", "-o", str(ut)), 1, f"{ut} er selve registeret")
    assert _bytes_for(kjor) == for_
    assert innhold(tmp_path) == ["konsreg.db", "lenke.csv"]


def importfil(mappe: Path, hva: str, fmt: str, rader: list[dict[str, Any]]) -> Path:
    sti = mappe / f"{hva}.{fmt}"
    if fmt in ("csv", "tsv"):
        ut = io.StringIO()
        skriver = csv.DictWriter(
            ut,
            fieldnames=list(rader[0]),
            delimiter="\t" if fmt == "tsv" else ",",
            lineterminator="\n",
        )
        skriver.writeheader()
        skriver.writerows(rader)
        sti.write_text(ut.getvalue(), encoding="utf-8")
    elif fmt == "json":
        sti.write_text("[\n" + ",\n".join(json.dumps(r) for r in rader) + "\n]\n", "utf-8")
    else:
        sti.write_text("".join(json.dumps(r) + "\n" for r in rader), encoding="utf-8")
    return sti


def sakrader(antall: int, merke: str) -> list[dict[str, Any]]:
    return [
        {
            "tittel": f"{merke} {n}",
            "departement": "KD",
            "type": "kostnadsberegning",
            "oppmeldt": "2026",
            "meldt_inn_av": "KS",
        }
        for n in range(1, antall + 1)
    ]


def avtalerader(antall: int, merke: str) -> list[dict[str, Any]]:
    return [
        {
            "tittel": f"{merke} {n}",
            "kategori": "velferd",
            "parter": "KD og KS",
            "inngatt": "2024-01-01",
        }
        for n in range(1, antall + 1)
    ]


def forste_linje(fmt: str) -> int:
    """The line the first row of a file written by _importfil starts on."""
    return 1 if fmt == "jsonl" else 2


@pytest.mark.parametrize(
    ("hva", "fmt", "felt", "verdi", "melding"),
    [
        ("saker", "csv", "departement", "QQ", "departement: Ukjent departementskode «QQ»"),
        ("saker", "tsv", "oppmeldt", "20x6", "oppmeldt: «20x6»"),
        ("avtaler", "json", "inngatt", "31.02.2026", "inngatt: «31.02.2026»"),
        ("avtaler", "jsonl", "parter", "KD og XYZ", "parter: Ukjent part «XYZ»"),
        # PostgreSQL text cannot hold NUL; refused on both, as a bad row.
        ("saker", "jsonl", "tittel", "a\x00b", "tittel: tittelen inneholder styretegnet \\x00"),
    ],
)
def test_darlig_siste_rad_endrer_ingen_byte(
    kjor: Kjor,
    tmp_path: Path,
    fylt: tuple[bytes, dict[str, Any], str | None],
    hva: str,
    fmt: str,
    felt: str,
    verdi: str,
    melding: str,
) -> None:
    # 500 rows here (one batch); test_last.py sends 10,000, over several batches.
    rader = (sakrader if hva == "saker" else avtalerader)(500, "Rad")
    rader[-1][felt] = verdi
    sti = importfil(tmp_path, hva, fmt, rader)
    r = kjor("import", hva, str(sti))
    assert r.exit_code == 3, r.stderr
    linjer = r.stderr.splitlines()
    assert linjer[0].startswith(f"{sti}:{forste_linje(fmt) + 499}: {melding}"), linjer
    assert linjer[-1] == f"Feil: 1 feil i {sti}; ingenting er lagret."
    assert _bytes_for(kjor) == fylt


# -- 6. a register filled at each revision upgrades to head with every value ---------------


@dataclass
class Fylt:
    """What a filled register must show after the upgrade, as the CLI's JSON gives it."""

    saker: list[dict[str, Any]]
    avtaler: list[dict[str, Any]]
    historikk: dict[str, list[dict[str, Any]]]  # saksnummer or id -> `vis` history
    neste_sak: tuple[str, str]  # (--oppmeldt, the number `sak ny` must give next)
    neste_avtale: str
    # Listings and what they must find after the upgrade: (args) -> saksnumre or ids.
    filtre: dict[tuple[str, ...], list[str]] = field(default_factory=dict)


def _fyll_0001(conn: Any) -> Fylt:
    """Rows as revision 0001's tables hold them, written with 0001's column types."""
    from sqlmodel.sql.sqltypes import UTCDateTime

    t = [datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2024, 3, 1, 12, 0, tzinfo=UTC)]
    sak = sa.table(
        "sak",
        *(sa.column(n, sa.Integer) for n in ("ar", "lopenr", "oppmeldt")),
        *(sa.column(n, sa.String) for n in ("saksnummer", "type", "departement", "tittel")),
        *(sa.column(n, sa.String) for n in ("beskrivelse", "meldt_inn_av", "status")),
        sa.column("gjentakende", sa.Boolean),
        sa.column("status_endret", sa.Date),
        sa.column("opprettet", UTCDateTime),
        sa.column("endret", UTCDateTime),
    )
    saker = [
        {
            "saksnummer": "2024/7",
            "ar": 2024,
            "lopenr": 7,
            "type": "lovmedvirkning",
            "departement": "KD",
            "tittel": "Fra 0001: æøå «sitat» 'x'; \"y\"",
            "beskrivelse": "Linje 1\nLinje 2",
            "oppmeldt": 2023,
            "gjentakende": True,
            "meldt_inn_av": "KS",
            "status": "pagaende",
            "status_endret": date(2024, 3, 1),
            "opprettet": t[0],
            "endret": t[1],
        },
        {
            "saksnummer": "2025/1",
            "ar": 2025,
            "lopenr": 1,
            "type": "kostnadsberegning",
            "departement": "HOD",
            "tittel": "Avsluttet sak",
            "beskrivelse": None,
            "oppmeldt": 2025,
            "gjentakende": False,
            "meldt_inn_av": "HOD",
            "status": "avsluttet",
            "status_endret": date(2025, 6, 30),
            "opprettet": t[0],
            "endret": t[0],
        },
    ]
    # The database gives the ids, as it did when the program wrote the rows.
    conn.execute(sa.insert(sak), saker)
    sak_id = dict(conn.execute(text("SELECT saksnummer, id FROM sak")).all())
    kategori = dict(conn.execute(text("SELECT kode, id FROM kategori")).all())
    avtale = sa.table(
        "avtale",
        *(sa.column(n, sa.Integer) for n in ("kategori_id", "forste_avtale", "fornyer_id")),
        *(sa.column(n, sa.String) for n in ("handle", "tittel", "status")),
        *(sa.column(n, sa.Date) for n in ("inngatt", "utloper", "status_endret")),
        sa.column("opprettet", UTCDateTime),
        sa.column("endret", UTCDateTime),
    )
    avtaler = [
        {
            "handle": "A1",
            "tittel": "Gammel avtale",
            "kategori_id": kategori["velferd"],
            "inngatt": date(2022, 12, 2),
            "utloper": date(2025, 12, 31),
            "forste_avtale": 2009,
            "status": "avsluttet",
            "status_endret": date(2026, 3, 6),
            "fornyer_id": None,
            "opprettet": t[0],
            "endret": t[1],
        },
        {
            "handle": "A2",
            "tittel": "Ny avtale, som fornyer A1",
            "kategori_id": kategori["samhandling"],
            "inngatt": date(2026, 3, 6),
            "utloper": None,
            "forste_avtale": 2009,
            "status": "ny",
            "status_endret": date(2026, 3, 6),
            "fornyer_id": None,  # set below, once A1 has its id
            "opprettet": t[1],
            "endret": t[1],
        },
    ]
    conn.execute(sa.insert(avtale), avtaler)
    avtale_id = dict(conn.execute(text("SELECT handle, id FROM avtale")).all())
    conn.execute(
        text("UPDATE avtale SET fornyer_id = :f WHERE handle = 'A2'"), {"f": avtale_id["A1"]}
    )
    avtaler[1]["fornyer_id"] = avtale_id["A1"]
    conn.execute(
        text("INSERT INTO avtalepart (avtale_id, posisjon, kode) VALUES (:a, :p, :k)"),
        [
            {"a": avtale_id["A1"], "p": 1, "k": "KD"},
            {"a": avtale_id["A1"], "p": 2, "k": "KS"},
            {"a": avtale_id["A2"], "p": 1, "k": "HOD"},
            {"a": avtale_id["A2"], "p": 2, "k": "KD"},
            {"a": avtale_id["A2"], "p": 3, "k": "KS"},
        ],
    )
    conn.execute(
        text("INSERT INTO teller (navn, verdi) VALUES (:n, :v)"),
        [{"n": "sak/2024", "v": 7}, {"n": "sak/2025", "v": 1}, {"n": "avtale", "v": 2}],
    )
    historikk = sa.table(
        "historikk",
        *(sa.column(n, sa.String) for n in ("entitet", "felt", "gammel", "ny", "av")),
        sa.column("entitet_id", sa.Integer),
        sa.column("tidspunkt", UTCDateTime),
    )
    hist = [
        ("sak", sak_id["2024/7"], "opprettet", None, "2024/7", t[0], "kari"),
        ("sak", sak_id["2024/7"], "status", "ny", "pagaende", t[1], "ola"),
        ("avtale", avtale_id["A2"], "opprettet", None, "A2", t[1], "kari"),
    ]
    conn.execute(
        sa.insert(historikk),
        [
            dict(
                zip(
                    ("entitet", "entitet_id", "felt", "gammel", "ny", "tidspunkt", "av"),
                    h,
                    strict=True,
                )
            )
            for h in hist
        ],
    )

    def iso(verdi: Any) -> Any:
        return verdi.isoformat() if isinstance(verdi, date) else verdi

    forventet_saker = [
        {k: iso(s[k]) for k in ("saksnummer", "type", "departement", "tittel", "beskrivelse")}
        | {k: iso(s[k]) for k in ("oppmeldt", "gjentakende", "meldt_inn_av", "status")}
        | {k: iso(s[k]) for k in ("status_endret", "opprettet", "endret")}
        for s in saker
    ]
    parter = {"A1": ["KD", "KS"], "A2": ["HOD", "KD", "KS"]}
    forventet_avtaler = [
        {
            "id": a["handle"],
            "tittel": a["tittel"],
            "kategori": "velferd" if a["handle"] == "A1" else "samhandling",
            "parter": parter[a["handle"]],
            **{k: iso(a[k]) for k in ("inngatt", "utloper", "forste_avtale", "status")},
            "gyldig_fra": None,  # from revision 0004
            "status_endret": iso(a["status_endret"]),
            "fornyer": "A1" if a["fornyer_id"] else None,
            "opprettet": iso(a["opprettet"]),
            "endret": iso(a["endret"]),
        }
        for a in avtaler
    ]

    def vis(h: tuple[Any, ...]) -> dict[str, Any]:
        return {"tidspunkt": h[5].isoformat(), "av": h[6], "felt": h[2], "gammel": h[3], "ny": h[4]}

    return Fylt(
        saker=forventet_saker,
        avtaler=forventet_avtaler,
        historikk={"2024/7": [vis(h) for h in hist[:2]], "A2": [vis(hist[2])]},
        neste_sak=("2024", "2024/8"),
        neste_avtale="A3",
    )


def _fyll_0003(conn: Any) -> Fylt:
    """Revision 0003 adds the table of ministries' successors (filled by the migration);
    the rows of 0001 fit it as they are. Besides them, a case registered under KMD in
    2018 and an agreement KRD signed in 2010, which the successors' filters must find."""
    from sqlmodel.sql.sqltypes import UTCDateTime

    fylt = _fyll_0001(conn)
    t = datetime(2018, 5, 4, 3, 2, 1, tzinfo=UTC)
    sak: dict[str, Any] = {
        "saksnummer": "2018/3",
        "ar": 2018,
        "lopenr": 3,
        "type": "lovmedvirkning",
        "departement": "KMD",
        "tittel": "Planloven",
        "beskrivelse": None,
        "oppmeldt": 2018,
        "gjentakende": False,
        "meldt_inn_av": "KMD",
        "status": "pagaende",
        "status_endret": date(2018, 5, 4),
        "opprettet": t,
        "endret": t,
    }
    tabell = sa.table(
        "sak",
        *(sa.column(n, sa.Integer) for n in ("ar", "lopenr", "oppmeldt")),
        *(sa.column(n, sa.String) for n in ("saksnummer", "type", "departement", "tittel")),
        *(sa.column(n, sa.String) for n in ("beskrivelse", "meldt_inn_av", "status")),
        sa.column("gjentakende", sa.Boolean),
        sa.column("status_endret", sa.Date),
        sa.column("opprettet", UTCDateTime),
        sa.column("endret", UTCDateTime),
    )
    conn.execute(sa.insert(tabell), [sak])
    conn.execute(text("INSERT INTO teller (navn, verdi) VALUES ('sak/2018', 3)"))
    # A2 (HOD, KD, KS) gets KRD in place of HOD: signed 2026, so KRD is out of its years,
    # and a filter by KDD finds it (KRD's last ministry handed over to KMD, then KDD).
    a2 = conn.execute(text("SELECT id FROM avtale WHERE handle = 'A2'")).scalar_one()
    conn.execute(
        text("UPDATE avtalepart SET kode = 'KRD' WHERE avtale_id = :a AND posisjon = 1"),
        {"a": a2},
    )
    fylt.avtaler[1]["parter"] = ["KRD", "KD", "KS"]
    nokler = list(fylt.saker[0])
    fylt.saker.insert(
        0, {k: sak[k].isoformat() if isinstance(sak[k], date) else sak[k] for k in nokler}
    )
    fylt.filtre = {
        ("saker", "-d", "KDD"): ["2018/3"],
        ("saker", "--meldt-inn-av", "Kommunal- og distriktsdepartementet"): ["2018/3"],
        ("saker", "-d", "KDD", "--uten-forgjengere"): [],
        ("avtaler", "-p", "KDD"): ["A2"],
        ("avtaler", "-p", "KDD", "--uten-forgjengere"): [],
    }
    return fylt


def _fyll_0004(conn: Any) -> Fylt:
    """0004 adds `gyldig_fra` and the precision of `inngatt` and `gyldig_fra`: the rows of
    0003, one signed in a month only, one in force from another day than it was signed."""
    fylt = _fyll_0003(conn)
    conn.execute(
        text(
            "UPDATE avtale SET inngatt = :d, inngatt_presisjon = 'maned', "
            "gyldig_fra = :g, gyldig_fra_presisjon = 'maned' WHERE handle = 'A1'"
        ),
        {"d": date(2022, 12, 1), "g": date(2023, 1, 1)},
    )
    conn.execute(
        text("UPDATE avtale SET gyldig_fra = :g WHERE handle = 'A2'"), {"g": date(2026, 1, 1)}
    )
    a1, a2 = fylt.avtaler
    a1.update(inngatt="2022-12", gyldig_fra="2023-01")
    a2.update(gyldig_fra="2026-01-01")
    return fylt


def _fyll_0005(conn: Any) -> Fylt:
    """0005 adds meetings, agenda items and an agreement's full name: the rows of 0004,
    a meeting with an item about a case and one about an agreement, one removed."""
    from sqlmodel.sql.sqltypes import UTCDateTime

    fylt = _fyll_0004(conn)
    tid = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
    conn.execute(
        text("UPDATE avtale SET fullt_navn = 'Avtale mellom AID og KS' WHERE handle = 'A1'")
    )
    mote = conn.execute(
        text(
            "INSERT INTO mote (handle, ar, type, nummer, departement, dato, tema, status, "
            "status_endret, deltakere, opprettet, endret) VALUES ('2026-2', 2026, 'plenum', 2, "
            "NULL, :dato, 'Reformer', 'planlagt', :dato, NULL, :t, :t) RETURNING id"
        ).bindparams(bindparam("t", type_=UTCDateTime)),
        {"dato": date(2026, 4, 16), "t": tid},
    ).scalar_one()
    sak = conn.execute(text("SELECT id FROM sak ORDER BY id LIMIT 1")).scalar_one()
    avtale = conn.execute(text("SELECT id FROM avtale WHERE handle = 'A1'")).scalar_one()
    for nr, sak_id, avtale_id, kapittel, fjernet in (
        (1, sak, None, 3, None),
        (2, None, avtale, 5, None),
        (3, None, None, 6, tid),
    ):
        conn.execute(
            text(
                "INSERT INTO punkt (mote_id, nr, kapittel, posisjon, innledning, sak_id, "
                "avtale_id, tittel, tekst, fjernet, opprettet, endret) VALUES (:m, :nr, :k, 1, "
                ":f, :s, :a, :tittel, 'Status.', :fjernet, :t, :t)"
            ).bindparams(
                bindparam("t", type_=UTCDateTime), bindparam("fjernet", type_=UTCDateTime)
            ),
            {
                "m": mote,
                "nr": nr,
                "k": kapittel,
                "f": False,
                "s": sak_id,
                "a": avtale_id,
                "tittel": "Eventuelt" if kapittel == 6 else None,
                "fjernet": fjernet,
                "t": tid,
            },
        )
    fylt.filtre[("mote", "liste")] = ["2026-2"]
    fylt.filtre[("punkt", "liste", "2026-2")] = ["2026-2/1", "2026-2/2"]
    return fylt


def _fyll_0006(conn: Any) -> Fylt:
    """The rows of 0005 written at 0006: the index must take them as they go in."""
    fylt = _fyll_0005(conn)
    fylt.filtre[("sok", "--type", "avtale", "Avtale mellom AID og KS")] = ["A1"]
    return fylt


# One filler per revision: when revision 0007 comes, write _fyll_0007 with SQL that fits
# it, and this test upgrades a register filled at each revision to head. 0002 only adds
# indexes: the rows of 0001 fit it as they are. 0006 adds the search index, kept by
# triggers (SQLite) and a generated column (PostgreSQL), and `avtale.parter_tekst`, kept
# by triggers on avtalepart: the rows of 0005, written with plain SQL, fit it as they are
# and must come out searchable.
FYLL: dict[str, Callable[[Any], Fylt]] = {
    "0001": _fyll_0001,
    "0002": _fyll_0001,
    "0003": _fyll_0003,
    "0004": _fyll_0004,
    "0005": _fyll_0005,
    "0006": _fyll_0006,
}


def _revisjoner() -> list[str]:
    from alembic.script import ScriptDirectory

    skript = ScriptDirectory.from_config(konsreg.db.alembic_config())
    return [r.revision for r in reversed(list(skript.walk_revisions()))]  # base first


def test_hver_revisjon_har_testdata() -> None:
    mangler = [r for r in _revisjoner() if r not in FYLL]
    assert not mangler, f"skriv en _fyll_<revisjon> i {__file__} for {mangler}"
    assert _revisjoner()[-1] == konsreg.db.HEAD_REVISION


@pytest.mark.parametrize("revisjon", _revisjoner())
def test_fylt_register_pa_hver_revisjon_oppgraderes_uten_tap(
    kjor: Kjor, tmp_path: Path, revisjon: str
) -> None:
    from alembic import command

    with nytt_register(tmp_path) as (url, db, env):
        # An empty database brought to `revisjon` by Alembic itself, then filled.
        engine = konsreg.db.lag_engine(url)
        try:
            with konsreg.db.skriver(engine).begin() as conn:
                command.upgrade(konsreg.db.alembic_config(conn), revisjon)
                assert konsreg.db.les_revisjon(conn) == revisjon
                forventet = FYLL[revisjon](conn)
        finally:
            engine.dispose()
        # The program upgrades it to head.
        r = ok(kjor(*db, "db", "upgrade", env=env))
        if revisjon == konsreg.db.HEAD_REVISION:
            assert "allerede på gjeldende revisjon" in r.stderr
        else:
            assert f"oppgradert fra {revisjon} til {konsreg.db.HEAD_REVISION}" in r.stderr
        saker = json.loads(ok(kjor(*db, "saker", "-f", "json", env=env)).stdout)
        assert sorted(saker, key=lambda s: s["saksnummer"]) == forventet.saker
        avtaler = json.loads(ok(kjor(*db, "avtaler", "-f", "json", env=env)).stdout)
        assert sorted(avtaler, key=lambda a: int(a["id"][1:])) == forventet.avtaler
        for nokkel, hist in forventet.historikk.items():
            hva = "avtale" if nokkel.startswith("A") else "sak"
            vist = json.loads(ok(kjor(*db, hva, "vis", nokkel, "-f", "json", env=env)).stdout)
            assert vist["historikk"] == hist
        # The counters came through too: the next numbers follow on.
        oppmeldt, neste = forventet.neste_sak
        r = ok(kjor(*db, "sak", "ny", *sak_args(oppmeldt=oppmeldt), "-q", env=env))
        assert r.stdout == f"{neste}\n"
        assert ok(kjor(*db, "avtale", "ny", *avtale_args(), "-q", env=env)).stdout == (
            f"{forventet.neste_avtale}\n"
        )
        for args, ventet in forventet.filtre.items():
            rader = json.loads(ok(kjor(*db, *args, "-f", "json", env=env)).stdout)
            assert [r.get("saksnummer", r.get("id")) for r in rader] == ventet, args
        # The successors came with the upgrade: a case of KMD in 2018 is KDD's now.
        kmd = sak_args(departement="KMD", oppmeldt="2018")
        nr = ok(kjor(*db, "sak", "ny", *kmd, "-q", env=env)).stdout.strip()
        rader = json.loads(ok(kjor(*db, "saker", "-d", "KDD", "-f", "json", env=env)).stdout)
        assert nr in [r["saksnummer"] for r in rader]


# -- 7. files that are not what they seem ---------------------------------------------------


@pytest.mark.bare_sqlite
def test_db_som_er_en_fifo_henger_ikke(tmp_path: Path) -> None:
    # Reading the header of a named pipe waited for a writer that never came.
    fifo = tmp_path / "kø.db"
    os.mkfifo(fifo)
    try:
        r = python_konsreg("--db", str(fifo), "saker", timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail("konsreg hang on a named pipe given as --db")
    assert r.returncode == 1, r.stderr
    assert r.stderr == f"Feil: {fifo} er ikke en vanlig fil; oppgi en konsreg-database med --db.\n"
    assert innhold(tmp_path) == ["kø.db"]


@pytest.mark.bare_sqlite
def test_db_som_er_en_enhet(kjor: Kjor) -> None:
    # SQLite opened /dev/null and left /dev/null-journal (mode 0666) beside it.
    for_ = sorted(p.name for p in Path("/dev").iterdir() if p.name.startswith("null"))
    for args in (("saker",), ("sak", "ny", *sak_args())):
        feil(kjor("--db", "/dev/null", *args), 1, "/dev/null er ikke en vanlig fil")
    assert sorted(p.name for p in Path("/dev").iterdir() if p.name.startswith("null")) == for_


@pytest.mark.bare_sqlite
def test_db_som_er_en_brutt_lenke(kjor: Kjor, tmp_path: Path) -> None:
    # SQLite followed the link and made its target, with the umask's mode, not 0600.
    lenke = tmp_path / "lenke.db"
    lenke.symlink_to("mål.db")
    for args in (("saker",), ("sak", "ny", *sak_args()), ("db", "upgrade")):
        feil(kjor("--db", str(lenke), *args), 1, "lenke.db", "mål.db", "som ikke finnes")
    assert innhold(tmp_path) == ["lenke.db"]
    assert not (tmp_path / "mål.db").exists()


@pytest.mark.bare_sqlite
def test_db_som_er_en_lenke_til_et_register(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "register.db"
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args()))
    lenke = tmp_path / "lenke.db"
    lenke.symlink_to(fil.name)
    assert ok(kjor("--db", str(lenke), "sak", "ny", *sak_args(), "-q")).stdout == "2026/2\n"
    assert innhold(tmp_path) == ["lenke.db", "register.db"]
    assert lenke.is_symlink()
    r = ok(kjor("--db", str(fil), "saker", "-f", "json"))
    assert [s["saksnummer"] for s in json.loads(r.stdout)] == ["2026/1", "2026/2"]


def _uten_dac_rettigheter() -> None:
    """In the child before exec: drop root's right to ignore file modes
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a 0444 file is read-only for it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _som_vanlig_bruker(*args: str) -> subprocess.CompletedProcess[str]:
    if not ER_ROOT:
        return python_konsreg(*args)
    try:
        return python_konsreg(*args, preexec_fn=_uten_dac_rettigheter)
    except (subprocess.SubprocessError, OSError) as feil_:
        pytest.skip(f"kjører som root og kan ikke slippe CAP_DAC_OVERRIDE: {feil_}")


@pytest.mark.bare_sqlite
def test_skrivebeskyttet_fil_ogsa_nar_testene_kjorer_som_root(kjor: Kjor, tmp_path: Path) -> None:
    # test_db's version is skipped as root; here the child runs without root's override.
    mappe = tmp_path / "arkiv"
    mappe.mkdir()
    fil = mappe / "les.db"
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args()))
    fil.chmod(0o444)
    for_ = sha(fil)
    try:
        r = _som_vanlig_bruker("--db", str(fil), "saker", "-f", "json")
        assert r.returncode == 0, r.stderr
        assert [s["saksnummer"] for s in json.loads(r.stdout)] == ["2026/1"]
        r = _som_vanlig_bruker("--db", str(fil), "sak", "ny", *sak_args(), "-q")
        assert r.returncode == 1, (r.stdout, r.stderr)
        assert "Traceback" not in r.stderr
        assert r.stderr.startswith("Feil: Databasen kan bare leses"), r.stderr
        assert sha(fil) == for_
        # SQLite keeps its own -wal/-shm beside a WAL database it could only read; nothing
        # else appears.
        assert set(innhold(mappe)) <= {"les.db", "les.db-wal", "les.db-shm"}
        # Writable again, the register still refused: SQLite's -shm kept the 0444 it was
        # made with. The message names it and says what to do, and that is enough.
        fil.chmod(0o600)
        r = _som_vanlig_bruker("--db", str(fil), "sak", "ny", *sak_args(), "-q")
        shm = Path(f"{fil}-shm")
        assert r.returncode == 1, r.stdout
        assert r.stderr == (
            f"Feil: Databasen kan bare leses fordi {shm} er skrivebeskyttet (laget da databasen "
            f"var det); gi den samme rettigheter som databasen, f.eks. «chmod 600 {shm}».\n"
        )
        shm.chmod(0o600)
        r = _som_vanlig_bruker("--db", str(fil), "sak", "ny", *sak_args(), "-q")
        assert (r.returncode, r.stdout, r.stderr) == (0, "2026/2\n", "")
        assert innhold(mappe) == ["les.db"]
    finally:
        fil.chmod(0o600)


RARE = ["med mellomrom.db", "spørsmål?.db", "emne#1.db", "prosent%20.db", "blåbær æøå ÆØÅ.db"]


@pytest.mark.bare_sqlite
def test_rare_stier_gjennom_en_ekte_kommandolinje(tmp_path: Path) -> None:
    # test_db proves the same in-process; here the path goes through argv and the
    # filesystem encoding of a real process.
    mappe = tmp_path / "mappe # med ? og %41 og ø"
    mappe.mkdir()
    for navn in RARE:
        r = python_konsreg("--db", str(mappe / navn), "sak", "ny", *sak_args(), "-q")
        assert (r.returncode, r.stdout, r.stderr) == (0, "2026/1\n", "")
    assert innhold(mappe) == sorted(RARE)
    for navn in RARE:
        assert (mappe / navn).read_bytes().startswith(konsreg.db.SQLITE_HEADER)
        assert stat.S_IMODE((mappe / navn).stat().st_mode) == 0o600


# -- 8. secrets: the password shows nowhere ------------------------------------------------

PASSORD = "Hemmelig-Pass0rd"


def _passord_urler(skjema_url: str) -> dict[str, str]:
    """URLs holding PASSORD that reach each error path (trust auth takes any password)."""
    riktig = make_url(skjema_url).set(password=PASSORD)

    def s(url: URL) -> str:
        return url.render_as_string(hide_password=False)

    uten_skjema = riktig.update_query_dict({"options": "-csearch_path=konsreg_finnes_ikke"})
    return {
        "riktig": s(riktig),
        "i-sporringen": s(make_url(skjema_url).update_query_dict({"password": PASSORD})),
        "feil-port": s(riktig.set(port=1)),
        # Without a name libpq picks the user's database; the schema that is not there
        # keeps anything from being created in it.
        "uten-databasenavn": s(uten_skjema.set(database=None)),
        "ukjent-database": s(riktig.set(database="konsreg_finnes_ikke")),
        "ukjent-valg": s(riktig.update_query_dict({"foo": "bar"})),
        "ugyldig-sslmode": s(riktig.update_query_dict({"sslmode": "bogus"})),
        "port-som-ikke-er-tall": s(riktig).replace(":5432/", ":abc/"),
        "ukjent-driver": s(riktig.set(drivername="postgresql+finnesikke")),
    }


def _ingen_passord(r: Any, hva: str) -> None:
    tekst = r.stdout + r.stderr
    assert PASSORD not in tekst, f"{hva}: {tekst}"
    assert "Hemmelig" not in tekst, f"{hva}: {tekst}"
    assert "Traceback" not in tekst, f"{hva}: {tekst}"


def test_passordet_vises_aldri(
    kjor: Kjor, pg_schema_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    darlig = tmp_path / "darlig.csv"
    darlig.write_text("tittel,departement,type,oppmeldt,meldt_inn_av\nA,QQ,lov,2026,KS\n", "utf-8")
    nul = tmp_path / "nul.jsonl"
    nul.write_text(json.dumps(sakrader(1, "NUL\x00i tittelen")[0]) + "\n", encoding="utf-8")
    kommandoer: list[tuple[str, ...]] = [
        ("db", "status"),
        ("saker",),
        ("sak", "ny", *sak_args()),
        ("sak", "ny", *sak_args(departement="XYZ")),
        ("sak", "ny", "--bogus"),
        ("sak", "vis", "2099/1"),
        ("avtale", "vis", "A99"),
        ("vedlegg", "c", "--per", "31.02.2026"),
        ("import", "saker", str(darlig)),
        ("import", "saker", str(nul)),
        ("import", "saker", str(tmp_path / "borte.csv")),
        ("eksport", "saker", "-o", str(tmp_path / "mangler" / "ut.csv")),
        ("db", "backup", str(tmp_path / "kopi.db")),
        ("db", "upgrade"),
    ]
    koder: dict[str, set[int]] = {}
    for navn, url in _passord_urler(pg_schema_url).items():
        for args in kommandoer:
            r = kjor(*args, env={"KONSREG_DATABASE_URL": url})
            _ingen_passord(r, f"{navn}: {args}")
            assert r.exit_code in (0, 1, 2, 3), (navn, args, r.stderr)
            assert "Uventet feil" not in r.stderr, (navn, args, r.stderr)
            koder.setdefault(navn, set()).add(r.exit_code)
            if args == ("db", "status") and r.exit_code == 0:
                assert "***" in r.stdout.splitlines()[0], r.stdout
            elif "@127.0.0.1" in r.stderr:  # the URL is in the message: masked
                assert "***" in r.stderr, r.stderr
        assert not (tmp_path / "kopi.db").exists()
    # The register the right URL reached is refused when it is newer than the program.
    engine = create_engine(pg_schema_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    engine.dispose()
    for args in (("saker",), ("db", "status"), ("db", "upgrade")):
        r = kjor(*args, env={"KONSREG_DATABASE_URL": _passord_urler(pg_schema_url)["riktig"]})
        _ingen_passord(r, f"nyere: {args}")
    meld(capsys, f"passord i ingen utskrift: {len(koder)} URL-er × {len(kommandoer)} kommandoer")


def test_passordet_vises_aldri_fra_en_egen_prosess(pg_schema_url: str) -> None:
    # The driver and libpq write to the real stderr too; a process of its own shows it.
    urler = _passord_urler(pg_schema_url)
    for navn in ("riktig", "i-sporringen", "feil-port", "ukjent-database", "ugyldig-sslmode"):
        for args in (("db", "status"), ("sak", "ny", *sak_args())):
            env = {**os.environ, "KONSREG_DATABASE_URL": urler[navn]}
            r = python_konsreg(*args, env=env)
            _ingen_passord(r, f"{navn}: {args}")
            assert r.returncode in (0, 1), (navn, r.stderr)
    r = python_konsreg(
        "db", "status", env={**os.environ, "KONSREG_DATABASE_URL": urler["i-sporringen"]}
    )
    assert "password=***" in r.stdout, r.stdout


# -- 9. hostile titles are only text --------------------------------------------------------

FIENDTLIGE = [
    "'); DROP TABLE sak;--",
    '=HYPERLINK("http://x","y")',
    "+SUM(1;2)",
    "-1+1",
    "@importrange",
    '"; DELETE FROM avtale; --',
    "%s %(x)s {0} $1 ? :navn",
    "<script>alert('x')</script> & <b>",
]


def _excel(tekst: str) -> str:
    return "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst


def test_fiendtlige_titler_gar_uendret_gjennom_registeret(kjor: Kjor, tmp_path: Path) -> None:
    # test_eksport sends such titles through `sak ny` and an import; here also through
    # `avtale ny`, `endre` and its history, `eksport alt`, into a new register and out
    # of `--excel` and the html appendix.
    for i, tittel in enumerate(FIENDTLIGE, start=1):
        assert ny_sak(kjor, tittel=tittel, beskrivelse=tittel) == f"2026/{i}"
        assert ny_avtale(kjor, tittel=f"x{i}") == f"A{i}"
        ok(kjor("avtale", "endre", f"A{i}", "--tittel", tittel))
    for i, tittel in enumerate(FIENDTLIGE, start=1):
        sak = vis_json(kjor, "sak", f"2026/{i}")
        assert (sak["tittel"], sak["beskrivelse"]) == (tittel, tittel)
        avtale = vis_json(kjor, "avtale", f"A{i}")
        assert avtale["tittel"] == tittel
        assert [(h["felt"], h["gammel"], h["ny"]) for h in avtale["historikk"]][1:] == [
            ("tittel", f"x{i}", tittel)
        ]
    alt = eksport_alt(kjor)
    poster = [json.loads(linje) for linje in alt.decode().splitlines()]
    assert [p["tittel"] for p in poster] == FIENDTLIGE * 2
    # Every table is still there and holds what it should.
    tabeller = tabellinnhold()
    assert len(tabeller["sak"]) == len(tabeller["avtale"]) == len(FIENDTLIGE)
    assert len(tabeller["departement"]) > 40
    # Through an import into a new register and out again: the same bytes.
    with nytt_register(tmp_path) as (_, db, env):
        for hva in ("saker", "avtaler"):
            eksport = ok(kjor("eksport", hva, "-f", "jsonl")).stdout
            ok(kjor(*db, "import", hva, "-", "--format", "jsonl", "-q", input=eksport, env=env))
        assert eksport_alt(kjor, *db, env=env) == alt
    # Neutralised for Excel, nowhere else.
    for hva in ("saker", "avtaler"):
        data = ok(kjor("eksport", hva, "--excel")).stdout.lstrip("\ufeff")
        rader = list(csv.DictReader(io.StringIO(data, newline=""), delimiter=";"))
        assert [r["tittel"] for r in rader] == [_excel(t) for t in FIENDTLIGE]
    side = ok(kjor("vedlegg", "a", "--ar", "2026", "--format", "html")).stdout
    assert "<script>" not in side
    assert "&lt;script&gt;alert(" in side


@pytest.mark.parametrize(
    ("args", "del_"),
    [
        (("saker", "--departement", "HOD' OR '1'='1"), "Ukjent departementskode"),
        (("saker", "--meldt-inn-av", "KS' --"), "«KS' --»"),
        (("sak", "vis", "2026/1' OR '1'='1"), "er ikke et saksnummer"),
        (("sak", "vis", "2026/1; DROP TABLE sak"), "er ikke et saksnummer"),
        (("avtale", "vis", "1 OR 1=1"), "«1 OR 1=1»"),
        (("avtaler", "--part", "KS'); DROP TABLE avtale;--"), "Ukjent"),
        (("avtaler", "--kategori", "velferd' OR '1'='1"), "Ukjent kategori"),
    ],
)
def test_sql_i_filtre_og_nokler_er_bare_tekst(
    kjor: Kjor, fylt: tuple[bytes, dict[str, Any], str | None], args: tuple[str, ...], del_: str
) -> None:
    feil(kjor(*args), 1, del_)
    assert _bytes_for(kjor) == fylt


# -- 11. database files are the owner's alone -----------------------------------------------


@pytest.fixture
def uten_umask() -> Iterator[None]:
    """umask 000: whatever the program creates gets exactly the mode it asks for."""
    gammel = os.umask(0)
    try:
        yield
    finally:
        os.umask(gammel)


@pytest.mark.bare_sqlite
def test_database_wal_og_shm_er_bare_for_eieren(
    kjor: Kjor, tmp_path: Path, uten_umask: None
) -> None:
    fil = tmp_path / "eier.db"
    ok(kjor("--db", str(fil), "sak", "ny", *sak_args()))
    engine = konsreg.db.apne_register(konsreg.db.sqlite_url(fil))
    try:
        with konsreg.db.skriver(engine).begin() as conn:
            conn.execute(text("UPDATE teller SET verdi = verdi"))
        # The pooled connection is still open: the WAL and its index are there now.
        filer = [fil, Path(f"{fil}-wal"), Path(f"{fil}-shm")]
        assert all(f.exists() for f in filer), innhold(tmp_path)
        assert {f.name: oct(stat.S_IMODE(f.stat().st_mode)) for f in filer} == {
            f.name: "0o600" for f in filer
        }
    finally:
        engine.dispose()
    assert innhold(tmp_path) == ["eier.db"]


@pytest.mark.bare_sqlite
def test_standardregisteret_og_mappen_er_bare_for_eieren(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, uten_umask: None
) -> None:
    monkeypatch.delenv("KONSREG_DB")
    ny_sak(kjor)
    mappe = Path(typer.get_app_dir("konsreg"))
    assert oct(stat.S_IMODE(mappe.stat().st_mode)) == "0o700"
    assert oct(stat.S_IMODE((mappe / "konsreg.db").stat().st_mode)) == "0o600"
    kopi = mappe / "kopi.db"
    ok(kjor("db", "backup", str(kopi)))
    assert oct(stat.S_IMODE(kopi.stat().st_mode)) == "0o600"
