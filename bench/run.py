"""konsreg's benchmark: the figures of issues 6 and 12, each measured beside its peer in one run.

    python bench/run.py             # the full run; writes bench/RESULTS.md
    python bench/run.py --quick     # a short run on small data (CI: does the bench still work?)
    python bench/run.py --pg postgresql+psycopg://postgres@127.0.0.1:5432/bench_konsreg
                                    # also PostgreSQL: import vs `psql \\copy` of the same rows
    python bench/run.py --sok       # only issue 14's figures (search, the index's cost), full size
    python bench/run.py --growth [--pg URL] [--sizes 10000,100000,1000000]
                                    # per-row cost of each import and listing as the register
                                    # grows (long: see RESULTS.md); its own block in RESULTS.md

Every command runs as a child process with its register in a temporary directory
(`--db`, and KONSREG_DB, HOME and XDG_CONFIG_HOME pointed there too), so no user's
register is touched. Commands that are compared run in the same rounds, taking turns
to go first, so that the machine's noise falls on both sides of a ratio. Each figure
is the median of the rounds after a warm-up round; wall time is the figure, and CPU
time (user + system) and peak RSS of each child come from `os.wait4` (Linux/Unix).

The write floor (bench/floor.py) writes the rows an import writes, into the same schema,
with plain multi-row INSERTs and no checks: the physical cost of the schema (its search
index included). It also builds
the large registers the listings read (1,000,000 cases, 1,000,000 agreements) far faster
than an import would; registers of 100,000 rows and more are kept in the bench's cache
directory (~/.cache/konsreg-bench/registers), keyed by row count, schema revision and a
hash of the schema, and rebuilt when either changes.

With --pg URL (a database whose name starts with `bench`, which the bench empties; it is
created when missing and then dropped at the end) the figures of PostgreSQL are taken too:
konsreg gets the URL as KONSREG_DATABASE_URL, the schema comes from `konsreg db upgrade`,
and the peer is psql's `\\copy` of the same rows (bench/floor.py copy-avtaler).

The bench needs konsreg installed in the Python that runs it, and measures whatever konsreg
that is. It looks for sqlite-utils next to that Python, then in its own venv under
~/.cache/konsreg-bench (created with pip when missing, unless --no-install), and for the
sqlite3 CLI and psql on PATH; it says what it found, and a peer it cannot get is reported
as not measured. RESULTS.md is rewritten only between its bench markers (one pair for the
main run, one for --growth); the analysis written around them stays.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import io
import json
import os
import platform
import pstats
import random
import re
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import floor as floor_writer  # bench/floor.py, beside this file

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
FLOOR = ROOT / "bench" / "floor.py"
START = "<!-- bench:start (written by bench/run.py; edit outside these markers) -->"
END = "<!-- bench:end -->"
GROWTH_START = "<!-- bench:growth:start (written by bench/run.py --growth; edit outside) -->"
GROWTH_END = "<!-- bench:growth:end -->"

# The targets of issue 12 (its table), as ratios to the peer named beside each.
TARGET_SQLITE_UTILS = 0.8  # import of agreements / `sqlite-utils insert --csv`
TARGET_FLOOR = 1.5  # import of agreements / the write floor (bench/floor.py)
TARGET_STARTUP = 1.2  # avtaler, vedlegg c, sak ny / `import typer, rich, sqlmodel`
TARGET_HELP = 1.5  # `--help` / `import typer` (issue 6)
TARGET_LISTING_100K = 2.5  # `avtaler --utlop 2026 --format csv` of 100,000 (issue 6)
MEMORY_TARGET_MIB = 100  # peak RSS of an import or a listing of 1,000,000 rows
TARGET_EKSPORT = 1.5  # `eksport alt` / `sqlite-utils rows --nl`
TARGET_PG_COPY = 3.0  # import on PostgreSQL / `psql \copy` of the same rows
TARGET_FLAT = 1.25  # per-row cost at the largest size / at the smallest
TARGET_MATERIALE = 2.0  # `materiale 2026-2 -f docx`, example / `import typer, rich, sqlmodel`
TARGET_MATERIALE_STOR = 3.0  # the same on 10,000 cases and 500 meetings (issue 13)
# Issue 14: `sok helse` in 1,000,000 cases / the stack floor; an import with the search
# index / the same import into a register without it; the search itself in milliseconds.
TARGET_SOK = 1.3
TARGET_SOKEINDEKS = 1.5
TARGET_SOK_MS = 50
# The queries whose time inside konsreg (the search alone, in-process) is reported.
SOK_SPORRINGER = ("helse", "helsefellesskapene", '"mottak og bosetting"', "bosetting", "xyzzy")
# Importing into a register of 1,000,000 rows costs no more per row than into an empty
# one: 1.0, with the ±10 % that paired runs of the same command differ by on this machine.
TARGET_INTO_FULL = 1.1
# Generated data and registers: bump when write_agreements/write_cases/floor.py change what
# they write, so that cached registers are rebuilt.
DATA_VERSION = 2  # 2: the floor writes parter_tekst and multi-row INSERTs (issue 14)


class BenchError(Exception):
    pass


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass
class Sizes:
    runs: int
    warmup: int
    agreements: int
    cases: int
    profile_rows: int
    listing: int  # rows of the registers the listings and the export read
    listing_runs: int  # a listing of 1,000,000 rows takes a minute or more: fewer rounds
    meeting_cases: int = 10_000  # the register of the material's figure (bench/moter.py)
    meetings: int = 500


FULL = Sizes(
    runs=5,
    warmup=1,
    agreements=100_000,
    cases=1_000_000,
    profile_rows=20_000,
    listing=1_000_000,
    listing_runs=3,
)
QUICK = Sizes(
    runs=2,
    warmup=1,
    agreements=1_000,
    cases=5_000,
    profile_rows=1_000,
    listing=3_000,
    listing_runs=2,
    meeting_cases=300,
    meetings=12,
)
GROWTH_SIZES = (10_000, 100_000, 1_000_000)
GROWTH_RUNS = 3
CACHE_FROM_ROWS = 100_000  # smaller registers are built in the temporary directory
HELP_FACTOR = 4  # `--help` and its floor take a tenth of a second: more rounds, same noise


# -- running children --------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_kib: int
    rc: int


# The command is started by a small launcher, not by the bench itself: on Linux a child's
# ru_maxrss starts at the peak RSS of the process that forked it (exec records the old
# image's high-water mark), so a bench that once held a large output or built a register
# would be counted in every command's peak memory. The launcher is a fresh Python that
# never grows; it times the command from fork to exit and reports what wait4 says.
LAUNCHER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - start
rc = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as f:
    f.write(f"{wall} {ru.ru_utime + ru.ru_stime} {ru.ru_maxrss} {rc}")
"""


def run_child(argv: Sequence[str], env: dict[str, str], out: Path, err: Path) -> Run:
    """Run one command to completion: its wall time, its own CPU time and peak RSS."""
    rapport = out.with_name("launcher.txt")
    rapport.unlink(missing_ok=True)
    starter = [sys.executable, "-S", "-c", LAUNCHER, str(rapport), *argv]
    with out.open("wb") as fo, err.open("wb") as fe:
        subprocess.run(starter, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe, env=env)
    try:
        wall, cpu, rss, rc = rapport.read_text().split()
    except (OSError, ValueError) as feil:
        raise BenchError(f"the launcher of {shlex.join(argv)} said nothing ({feil})") from None
    # ru_maxrss is in KiB on Linux.
    return Run(float(wall), float(cpu), int(rss), int(rc))


@dataclass
class Contender:
    """One command measured in rounds, with an untimed step before and a check after."""

    argv: Callable[[int], list[str]]
    prepare: Callable[[], None] | None = None
    check: Callable[[Path], None] | None = None  # given the file of its stdout
    note: str = ""
    env: dict[str, str] | None = None  # added to the runner's environment (a database URL)
    rows: int = 0  # rows the command reads or writes, for µs per row
    # Runs in each round: a command of few rows takes little more than its start-up, so a
    # single run's noise (tens of ms) would be most of what its rows cost (--growth).
    repeat: int = 1
    shown: str = ""
    samples: list[Run] = field(default_factory=list)

    def wall(self) -> list[float]:
        return [s.wall for s in self.samples]

    def cpu(self) -> list[float]:
        return [s.cpu for s in self.samples]

    def rss_mib(self) -> list[float]:
        return [s.maxrss_kib / 1024 for s in self.samples]


class Runner:
    def __init__(self, tmp: Path, env: dict[str, str], names: dict[str, str]) -> None:
        self.env = env
        self.out = tmp / "stdout.txt"
        self.err = tmp / "stderr.txt"
        self.names = names  # long paths -> the short names RESULTS.md shows

    def show(self, argv: Sequence[str]) -> str:
        return self.short(shlex.join(argv))

    def short(self, tekst: str) -> str:
        for lang, kort in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
            tekst = tekst.replace(lang, kort)
        return tekst

    def once(self, c: Contender, n: int) -> Run:
        if c.prepare is not None:
            c.prepare()
        argv = c.argv(n)
        c.shown = self.show(argv)
        env = self.env if c.env is None else {**self.env, **c.env}
        run = run_child(argv, env, self.out, self.err)
        if run.rc != 0:
            tail = self.err.read_text(errors="replace")[-2000:]
            raise BenchError(f"{c.shown} failed with exit code {run.rc}:\n{tail}")
        if c.check is not None:
            c.check(self.out)
        return run

    def rounds(self, contenders: list[Contender], runs: int, warmup: int, what: str) -> None:
        """Every contender once per round, the order rotating; warm-up rounds are dropped."""
        n = len(contenders)
        for r in range(warmup + runs):
            order = contenders[r % n :] + contenders[: r % n]
            say(f"  {what}: " + ("warm-up" if r < warmup else f"round {r - warmup + 1}/{runs}"))
            for c in order:
                for _ in range(c.repeat):
                    run = self.once(c, r)
                    if r >= warmup:
                        c.samples.append(run)


# -- the data ----------------------------------------------------------------------------

KATEGORIER = ("velferd", "samhandling")
TEMAER = (
    "kvalitetsutvikling i barnehagen",
    "digital samhandling og helseteknologi",
    "mottak og bosetting av flyktninger",
    "partnerskapet i NAV-kontorene",
    "videreutvikling av helsefellesskapene",
    "digital beredskap",
    "gode lokalsamfunn og bærekraftige velferdstjenester",
)


def codes_by_year(years: range) -> dict[int, list[str]]:
    """The ministry codes konsreg ships with (its departementer.csv) that name a ministry
    in each year, so the data is real and raises no warnings."""
    tekst = (resources.files("konsreg") / "data" / "departementer.csv").read_text("utf-8")
    rader = list(csv.DictReader(io.StringIO(tekst)))

    def gjelder(r: dict[str, str], ar: int) -> bool:
        return (not r["fra_ar"] or int(r["fra_ar"]) <= ar) and (
            not r["til_ar"] or ar <= int(r["til_ar"])
        )

    return {ar: sorted({r["kode"] for r in rader if gjelder(r, ar)}) for ar in years}


def data_years() -> range:
    return range(2015, min(date.today().year, 2026) + 1)


def write_agreements(path: Path, n: int, seed: int = 6, tittel: str = "Samarbeidsavtale") -> int:
    """`n` agreements as a secretariat's spreadsheet has them: dd.mm.yyyy dates, 2-6
    parties each (codes of the year, KS last), velferd/samhandling. Returns how many
    expire in 2026. Another `tittel` makes agreements an import of the default ones does
    not find in the register (the registers the listings read)."""
    rng = random.Random(seed)
    years = data_years()
    koder = codes_by_year(years)
    i2026 = 0
    with path.open("w", newline="", encoding="utf-8") as fil:
        w = csv.writer(fil)
        w.writerow(["tittel", "kategori", "parter", "inngatt", "utloper", "forste_avtale"])
        for i in range(1, n + 1):
            ar = rng.choice(years)
            inngatt = date(ar, rng.randint(1, 12), rng.randint(1, 28))
            utloper = date(ar + rng.randint(1, 6), 12, 31)
            i2026 += utloper.year == 2026
            parter = rng.sample(koder[ar], rng.randint(1, 5))
            w.writerow(
                [
                    f"{tittel} {i} om {rng.choice(TEMAER)}",
                    rng.choice(KATEGORIER),
                    ", ".join(parter) + " og KS",
                    inngatt.strftime("%d.%m.%Y"),
                    utloper.strftime("%d.%m.%Y"),
                    rng.randint(2000, ar),
                ]
            )
    return i2026


def write_cases(path: Path, n: int, forste: int = 1) -> None:
    """`n` case rows with their saksnummer, as `eksport saker` and spreadsheets have them;
    the numbers of each year from `forste` (past a register's own: new cases)."""
    rng = random.Random(7)
    years = data_years()
    koder = codes_by_year(years)
    teller = dict.fromkeys(years, forste - 1)
    with path.open("w", newline="", encoding="utf-8") as fil:
        w = csv.writer(fil)
        w.writerow(["saksnummer", "type", "departement", "tittel", "oppmeldt", "meldt_inn_av"])
        for i in range(1, n + 1):
            ar = rng.choice(years)
            teller[ar] += 1
            w.writerow(
                [
                    f"{ar}/{teller[ar]}",
                    rng.choice(("kostnadsberegning", "lovmedvirkning")),
                    rng.choice(koder[ar]),
                    f"Sak {i}: endringer i forskrift om {rng.choice(TEMAER)}",
                    ar,
                    rng.choice([*koder[ar], "KS", "KS"]),
                ]
            )


# -- what is installed -------------------------------------------------------------------


def find_konsreg() -> list[str]:
    """The `konsreg` script of this Python's environment, else `python -m konsreg`."""
    if importlib.util.find_spec("konsreg") is None:
        raise BenchError(
            f"konsreg is not installed in {sys.executable}; run the bench with the project's "
            "venv (e.g. .venv/bin/python bench/run.py) or `pip install -e .` first."
        )
    script = Path(sys.executable).parent / "konsreg"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "konsreg"]


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "konsreg-bench"


def find_sqlite_utils(install: bool) -> tuple[list[str] | None, str]:
    here = Path(sys.executable).parent / "sqlite-utils"
    if here.is_file():
        return [str(here)], f"sqlite-utils from this Python's environment ({here})"
    venv = cache_dir() / f"peers-py{sys.version_info[0]}{sys.version_info[1]}"
    script = venv / "bin" / "sqlite-utils"
    if script.is_file():
        return [str(script)], f"sqlite-utils from the bench's own venv ({venv})"
    if not install:
        return None, "sqlite-utils is not installed (--no-install): not measured"
    say(f"sqlite-utils is missing: installing it with pip into the bench's own venv {venv}")
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "sqlite-utils"]
        subprocess.run(pip, check=True)
    except (OSError, subprocess.CalledProcessError) as feil:
        return None, f"sqlite-utils could not be installed ({feil}): not measured"
    return [str(script)], f"sqlite-utils, installed by this run into the bench's venv ({venv})"


def output_of(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


# -- registers of many rows, and PostgreSQL ----------------------------------------------


def schema_key(empty: Path) -> str:
    """The revision of an empty register and a hash of its schema: a cached register
    built on another schema is not used."""
    with closing(sqlite3.connect(empty)) as c:
        rev = c.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        sql = "\n".join(
            r[0] or "" for r in c.execute("SELECT sql FROM sqlite_master ORDER BY name")
        )
    return f"r{rev}-{hashlib.sha256(sql.encode()).hexdigest()[:10]}-d{DATA_VERSION}"


def register_data(kind: str, n: int, path: Path) -> None:
    """The rows of the registers the listings read and imports go into: other titles
    than the import files' agreements, the cases numbered from 1 in each year."""
    if kind == "avtaler":
        write_agreements(path, n, seed=8, tittel="Eldre samarbeidsavtale")
    else:
        write_cases(path, n)


class Registers:
    """SQLite registers of `n` cases or agreements, written by the floor (bench/floor.py)
    into a copy of the empty register; from CACHE_FROM_ROWS rows kept in the cache."""

    def __init__(self, tmp: Path, empty: Path) -> None:
        self.tmp, self.empty = tmp, empty
        self.key = schema_key(empty)
        self.cache = cache_dir() / "registers"

    def sqlite(self, kind: str, n: int) -> Path:
        if n < CACHE_FROM_ROWS:
            db = self.tmp / f"REG-{kind}-{n}.db"
            if not db.is_file():
                self._build(kind, n, db)
            return db
        db = self.cache / f"{kind}-{n}-{self.key}.db"
        if db.is_file() and count_rows(db, kind) == n:
            say(f"  register of {n:,} {kind}: cached ({db})")
            return db
        self.cache.mkdir(parents=True, exist_ok=True)
        for gammel in self.cache.glob(f"{kind}-{n}-*.db*"):
            gammel.unlink()  # another schema or data version
        bygg = self.cache / f"{db.name}.building"
        self._build(kind, n, bygg)
        bygg.rename(db)
        return db

    def _build(self, kind: str, n: int, db: Path) -> None:
        say(f"  building a register of {n:,} {kind} with the floor writer")
        t = time.perf_counter()
        data = self.tmp / f"data-{kind}-{n}.csv"
        register_data(kind, n, data)
        shutil.copy(self.empty, db)
        floor_writer.skriv_sqlite(kind, db, data)
        data.unlink()
        # The WAL into the file and closed before the file is renamed or copied.
        with closing(sqlite3.connect(db)) as c:
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        say(f"  built in {time.perf_counter() - t:.0f} s")

    def copy_files(self, kind: str, n: int) -> Path:
        """The same register as CSV files and load.sql for PostgreSQL (psql \\copy)."""
        mappe = self.tmp / f"copy-{kind}-{n}"
        if not (mappe / "load.sql").is_file():
            data = self.tmp / f"data-{kind}-{n}.csv"
            register_data(kind, n, data)
            floor_writer.skriv_copy(kind, mappe, data)
            data.unlink()
        return mappe


def count_rows(db: Path, kind: str) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as c:
            tabell = "avtale" if kind == "avtaler" else "sak"
            return int(c.execute(f"SELECT count(*) FROM {tabell}").fetchone()[0])
    except sqlite3.Error:
        return -1


class Postgres:
    """The database the PostgreSQL figures use: created when missing (and then dropped
    at the end), schema by `konsreg db upgrade`, emptied before each import."""

    def __init__(self, url: str, psql: str, konsreg: list[str], env: dict[str, str]) -> None:
        m = re.fullmatch(r"postgresql(\+\w+)?://([^/]*)/([A-Za-z0-9_]+)", url)
        if m is None:
            raise BenchError(
                f"--pg: expected postgresql+psycopg://USER@HOST:PORT/bench_NAME, got {url}"
            )
        self.name = m[3]
        if not self.name.startswith("bench"):
            raise BenchError(
                f"--pg: the bench empties its database; give one whose name starts with "
                f"'bench' (not {self.name!r})"
            )
        self.url = url
        self.libpq = f"postgresql://{m[2]}/{self.name}"
        self.admin = f"postgresql://{m[2]}/postgres"
        self.psql = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        self.env = {"KONSREG_DATABASE_URL": url}
        self.created = False
        self.loaded: tuple[str, int] | None = None
        finnes = self.sql("SELECT 1 FROM pg_database WHERE datname = :'navn'", db=self.admin)
        if not finnes.strip():
            say(f"creating the database {self.name}")
            self.sql(f'CREATE DATABASE "{self.name}"', db=self.admin)
            self.created = True
        kjor = subprocess.run(
            [*konsreg, "db", "upgrade"], env={**env, **self.env}, capture_output=True, text=True
        )
        if kjor.returncode:
            raise BenchError(f"konsreg db upgrade on {self.name}: {kjor.stderr.strip()}")
        self.version = self.sql("SHOW server_version").strip()
        self.empty()

    def sql(self, sql: str, db: str | None = None) -> str:
        argv = [*self.psql, "-tA", "-v", f"navn={self.name}", "-d", db or self.libpq]
        kjor = subprocess.run(argv, input=sql, capture_output=True, text=True)
        if kjor.returncode:
            raise BenchError(f"psql: {sql[:80]}: {kjor.stderr.strip()}")
        return kjor.stdout

    def empty(self) -> None:
        """No cases, agreements or history (ids from 1 again), no counters; a
        checkpoint, so that no run pays for the writes of the one before."""
        self.sql(
            "TRUNCATE avtale, avtalepart, historikk, sak RESTART IDENTITY CASCADE;\n"
            "DELETE FROM teller;\nCHECKPOINT;"
        )
        self.loaded = None

    def load(self, mappe: Path, what: tuple[str, int], again: bool = False) -> None:
        """An empty register, then the rows of `mappe` (floor.py copy-*), analysed."""
        if self.loaded == what and not again:
            return
        self.empty()
        kjor = subprocess.run(
            [*self.psql, "-1", "-d", self.libpq, "-f", str(mappe / "load.sql")],
            capture_output=True,
            text=True,
        )
        if kjor.returncode:
            raise BenchError(f"psql -f {mappe / 'load.sql'}: {kjor.stderr.strip()}")
        self.sql("ANALYZE;\nCHECKPOINT;")
        self.loaded = what

    def count(self, tabell: str) -> int:
        return int(self.sql(f"SELECT count(*) FROM {tabell}").strip())

    def close(self) -> None:
        if self.created:
            say(f"dropping the database {self.name}")
            self.sql(f'DROP DATABASE "{self.name}"', db=self.admin)
        else:
            self.empty()


# -- the machine -------------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for linje in Path("/proc/cpuinfo").read_text().splitlines():
            if linje.lower().startswith("model name"):
                return linje.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def os_name() -> str:
    kjerne = f"{platform.system()} {platform.release()}"
    try:
        for linje in Path("/etc/os-release").read_text().splitlines():
            if linje.startswith("PRETTY_NAME="):
                return f"{linje.split('=', 1)[1].strip(chr(34))} ({kjerne})"
    except OSError:
        pass
    return platform.platform()


def filesystem(path: Path) -> str:
    """The type of file system `path` is on (the cost of fsync differs a lot)."""
    try:
        beste = ("", "?")
        for linje in Path("/proc/mounts").read_text().splitlines():
            punkt, art = linje.split()[1:3]
            if str(path).startswith(punkt.rstrip("/") + "/") and len(punkt) > len(beste[0]):
                beste = (punkt, art)
        return beste[1]
    except (OSError, ValueError):
        return "?"


def version(pakke: str) -> str:
    try:
        return metadata.version(pakke)
    except metadata.PackageNotFoundError:
        return "-"


def git_state() -> str:
    head = output_of(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
    if not head:
        return "(not a git checkout)"
    endret = output_of(["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"])
    return f"commit {head}" + (" with uncommitted changes in src/" if endret else "")


# -- statistics and the report -----------------------------------------------------------


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def tid(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def spenn(xs: list[float]) -> str:
    return f"{tid(med(xs))} ({tid(min(xs))}–{tid(max(xs))})"


@dataclass
class Figure:
    name: str
    subject: Contender
    reference: Contender | None
    target: float

    def measured(self) -> bool:
        return self.reference is not None and bool(self.reference.samples)

    def ratio(self, cpu: bool = False) -> float:
        assert self.reference is not None
        if cpu:
            return med(self.subject.cpu()) / med(self.reference.cpu())
        return med(self.subject.wall()) / med(self.reference.wall())

    def paired(self) -> float:
        """The median of the per-round ratios: each pair ran back to back."""
        assert self.reference is not None
        par = zip(self.subject.samples, self.reference.samples, strict=True)
        return med([a.wall / b.wall for a, b in par])

    def row(self) -> str:
        if not self.measured():
            return (
                f"| {self.name} | {spenn(self.subject.wall())} | not measured | – | "
                f"≤ {self.target} × | – |"
            )
        assert self.reference is not None
        r = self.ratio()
        return (
            f"| {self.name} | {spenn(self.subject.wall())} | `{self.reference.shown}`: "
            f"{spenn(self.reference.wall())} | {r:.2f} × | ≤ {self.target} × | "
            + ("met" if r <= self.target else "**not met**")
            + " |"
        )

    def cpu_row(self) -> str:
        ref = tid(med(self.reference.cpu())) if self.reference and self.measured() else "–"
        ratio = f"{self.ratio(cpu=True):.2f} ×" if self.measured() else "–"
        paired = f"{self.paired():.2f} ×" if self.measured() else "–"
        return (
            f"| {self.name} | {paired} | {tid(med(self.subject.cpu()))} | {ref} | {ratio} | "
            f"{med(self.subject.rss_mib()):.0f} MiB |"
        )


def import_breakdown(stderr: str) -> tuple[float, list[tuple[str, float]]]:
    """`-X importtime`: the total, and the own time summed per top-level package (ms)."""
    per: dict[str, float] = {}
    for linje in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", linje)
        if m:
            rot = m[2].split(".")[0]
            per[rot] = per.get(rot, 0.0) + int(m[1]) / 1000
    return sum(per.values()), sorted(per.items(), key=lambda kv: -kv[1])


def profile_top(prof: Path, top: int = 12) -> list[str]:
    """The functions with the most own time in a cProfile dump, as table rows."""
    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in stats.values()) or 1.0
    rader = []
    for (fil, linje, navn), (_, nc, tt, ct, _) in sorted(stats.items(), key=lambda kv: -kv[1][2])[
        :top
    ]:
        sted = navn if fil == "~" else f"{re.sub(r'.*/(site-packages|src)/', '', fil)}:{linje}"
        hvem = sted if fil == "~" else f"{sted}({navn})"
        rader.append(f"| `{hvem}` | {nc} | {tt:.2f} s ({tt / total:.0%}) | {ct:.2f} s |")
    return rader


def write_results(path: Path, rapport: str, start: str = START, end: str = END) -> None:
    """Replace a generated part of RESULTS.md; what is written outside the markers stays.
    A block not there yet is added at the end."""
    blokk = f"{start}\n{rapport.rstrip()}\n{end}"
    if path.is_file():
        gammel = path.read_text(encoding="utf-8")
        if start in gammel and end in gammel:
            for_, _, rest = gammel.partition(start)
            _, _, etter = rest.partition(end)
            path.write_text(for_ + blokk + etter, encoding="utf-8")
            return
        path.write_text(gammel.rstrip() + f"\n\n{blokk}\n", encoding="utf-8")
        return
    path.write_text(f"# konsreg benchmark results\n\n{blokk}\n", encoding="utf-8")


# -- the bench ---------------------------------------------------------------------------


@dataclass
class Tools:
    """What the bench runs: konsreg, and the peers it found."""

    konsreg: list[str]
    sqlite_utils: list[str] | None
    sqlite3_cli: str | None
    psql: str | None
    notes: list[str]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="konsreg's benchmark (issues 6 and 12): every figure beside its peer."
    )
    ap.add_argument("--quick", action="store_true", help="few runs on small data (for CI)")
    ap.add_argument(
        "--runs", type=int, help="rounds after the warm-up (default 5; quick: 2; growth: 3)"
    )
    ap.add_argument(
        "--pg",
        metavar="URL",
        help="also PostgreSQL, in this database (its name must start with 'bench'; emptied)",
    )
    ap.add_argument(
        "--growth",
        action="store_true",
        help="only the growth figures (each import and listing at --sizes rows): long",
    )
    ap.add_argument(
        "--sok",
        action="store_true",
        help="only issue 14's figures: `sok helse` in --listing cases, the search alone, and "
        "imports of --agreements rows with and without the search index (prints them)",
    )
    ap.add_argument(
        "--sizes",
        help="growth: row counts, comma-separated (default 10000,100000,1000000); the "
        "import into a full register imports the second largest into the largest",
    )
    ap.add_argument("--agreements", type=int, help="rows of the agreement import (100,000)")
    ap.add_argument("--listing", type=int, help="rows of the listing registers (1,000,000)")
    ap.add_argument("--listing-runs", type=int, help="rounds of the listings (default 3; quick: 2)")
    ap.add_argument(
        "--out", type=Path, help="results file (default bench/RESULTS.md; --quick: none)"
    )
    ap.add_argument("--no-write", action="store_true", help="print the results only")
    ap.add_argument("--no-install", action="store_true", help="never pip install sqlite-utils")
    ap.add_argument("--no-profile", action="store_true", help="skip the profiles of slow paths")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    for navn in ("runs", "listing_runs", "agreements", "listing"):
        if getattr(args, navn) is not None and getattr(args, navn) < 1:
            ap.error(f"--{navn.replace('_', '-')} must be at least 1")
    sizes = Sizes(
        args.runs or sizes.runs,
        sizes.warmup,
        args.agreements or sizes.agreements,
        sizes.cases,
        sizes.profile_rows,
        args.listing or sizes.listing,
        args.listing_runs or sizes.listing_runs,
        sizes.meeting_cases,
        sizes.meetings,
    )
    try:
        vekst = tuple(int(x) for x in args.sizes.split(",")) if args.sizes else GROWTH_SIZES
    except ValueError:
        ap.error("--sizes: row counts, e.g. 10000,100000,1000000")
    if args.sizes and not args.growth:
        ap.error("--sizes is for --growth")
    if len(vekst) < 2 or sorted(vekst) != list(vekst) or vekst[0] < 1:
        ap.error("--sizes: at least two row counts, smallest first")
    out = None if args.no_write else (args.out or (None if args.quick else RESULTS))

    try:
        konsreg = find_konsreg()
    except BenchError as feil:
        say(f"bench: {feil}")
        return 2
    sqlite_utils, su_note = find_sqlite_utils(not args.no_install)
    sqlite3_cli = shutil.which("sqlite3")
    if sqlite3_cli:
        s3_note = (
            f"sqlite3 CLI {output_of([sqlite3_cli, '-version']).split(' ')[0]} ({sqlite3_cli})"
        )
    else:
        s3_note = "no sqlite3 CLI on PATH (apt-get install sqlite3): `.import` not measured"
    psql = shutil.which("psql") if args.pg else None
    if args.pg and psql is None:
        say("bench: --pg needs psql on PATH (apt-get install postgresql-client)")
        return 2
    tools = Tools(konsreg, sqlite_utils, sqlite3_cli, psql, [su_note, s3_note])
    say(f"konsreg: {shlex.join(konsreg)}\n{su_note}\n{s3_note}")

    tmp = Path(tempfile.mkdtemp(prefix="konsreg-bench-"))
    fs = filesystem(tmp)
    started = datetime.now().astimezone()
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    pg: Postgres | None = None
    try:
        env = child_env(tmp)
        if args.pg:
            assert psql is not None
            pg = Postgres(args.pg, psql, konsreg, env)
            tools.notes.append(f"PostgreSQL {pg.version} (database {pg.name}, psql {psql})")
        if args.growth:
            text = growth(tmp, env, vekst, args.runs or GROWTH_RUNS, tools, pg)
        elif args.sok:
            text = sok_bench(tmp, env, sizes, tools)
            out = None
        else:
            text = bench(tmp, env, sizes, tools, pg, not args.no_profile)
    except BenchError as feil:
        say(f"bench: {feil}")
        return 1
    finally:
        if pg is not None:
            try:
                pg.close()
            except BenchError as feil:
                say(f"bench: {feil}")
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    duration = time.perf_counter() - t0

    kommando = shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)])
    if args.growth:
        modus = (
            "growth run" if vekst == GROWTH_SIZES else "growth run, REDUCED: not the issue's sizes"
        )
    elif args.sok:
        modus = "issue 14's figures only" + (", QUICK" if args.quick else "")
    elif args.quick:
        modus = "QUICK: few runs on small data, not the issue's sizes"
    elif sizes != FULL:
        modus = "REDUCED: fewer runs or rows than the full run"
    else:
        modus = "full run"
    su_version = output_of([*sqlite_utils, "--version"]).split()[-1:] if sqlite_utils else []
    if su_version:
        tools.notes[0] += f", version {su_version[0]}"
    header = [
        f"Run {started:%Y-%m-%d %H:%M %z} by `{kommando}` ({modus}), {duration:.0f} s in all; "
        f"konsreg at {git_state()}.",
        "",
        f"**Machine:** {cpu_model()}, {os.cpu_count()} cores; Python "
        f"{platform.python_version()} ({sys.executable}); {os_name()}; temporary files on "
        f"{fs}; load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end.",
        "",
        f"**Versions:** konsreg {version('konsreg')}, typer {version('typer')}, rich "
        f"{version('rich')}, sqlmodel {version('sqlmodel')}, SQLAlchemy {version('sqlalchemy')}, "
        f"psycopg {version('psycopg')}, SQLite {sqlite3.sqlite_version} (Python's); "
        + "; ".join(tools.notes)
        + ".",
        "",
    ]
    rapport = "\n".join(header) + text
    print(rapport)
    if out is not None:
        if args.growth:
            write_results(out, rapport, GROWTH_START, GROWTH_END)
        else:
            write_results(out, rapport)
        say(f"wrote {out}")
    return 0


def child_env(tmp: Path) -> dict[str, str]:
    """The environment of every command: no user's register, config or bytecode."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KONSREG_")}
    env.update(
        HOME=str(tmp),
        XDG_CONFIG_HOME=str(tmp / "config"),
        KONSREG_DB=str(tmp / "never-used.db"),
        NO_COLOR="1",
        USER="bench",
    )
    for navn in ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONWARNINGS"):
        env.pop(navn, None)
    # Bytecode is cached, as for an installed konsreg (pip compiles it), but in the temporary
    # directory: a checkout's src/ gets no __pycache__, and PYTHONDONTWRITEBYTECODE in the
    # caller's environment does not make every run compile konsreg from source.
    env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    return env


def short_names(tmp: Path, tools: Tools, pg: Postgres | None) -> dict[str, str]:
    """Long paths and URLs -> the short names RESULTS.md shows."""
    names = {
        str(tmp) + "/": "",
        " ".join(map(shlex.quote, tools.konsreg)): "konsreg",
        sys.executable: "python",
        str(FLOOR): "bench/floor.py",
        str(cache_dir() / "registers") + "/": "",
    }
    if tools.sqlite_utils:
        names[" ".join(map(shlex.quote, tools.sqlite_utils))] = "sqlite-utils"
    if tools.sqlite3_cli:
        names[tools.sqlite3_cli] = "sqlite3"
    if tools.psql:
        names[tools.psql] = "psql"
    if pg is not None:
        names[pg.libpq] = "$PG"
    return names


def make_empty(konsreg: list[str], env: dict[str, str], db: Path, runner: Runner) -> None:
    if run_child([*konsreg, "--db", str(db), "db", "upgrade"], env, runner.out, runner.err).rc:
        raise BenchError(f"konsreg db upgrade: {runner.err.read_text()}")


def fresh(db: Path, copy_of: Path | None) -> Callable[[], None]:
    """Before each run: `db` gone, or a fresh copy of `copy_of`."""

    def prepare() -> None:
        for ende in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{ende}").unlink(missing_ok=True)
        if copy_of is not None:
            shutil.copy(copy_of, db)

    return prepare


def head(ut: Path, size: int = 4096) -> str:
    with ut.open("rb") as f:
        return f.read(size).decode(errors="replace")


def newlines(ut: Path) -> int:
    """Lines of an output file, read in pieces (a listing of 1,000,000 rows is large)."""
    antall = 0
    with ut.open("rb") as f:
        while stykke := f.read(1 << 22):
            antall += stykke.count(b"\n")
    return antall


def new_rows(n: int) -> Callable[[Path], None]:
    """The floor writer's report (one line of JSON)."""

    def check(ut: Path) -> None:
        if json.loads(head(ut)).get("nye") != n:
            raise BenchError(f"expected {n} new rows, got {head(ut, 300).strip()}")

    return check


def rows_of(db: Path, kind: str, n: int) -> Callable[[Path], None]:
    """After `konsreg import --quiet`: the register holds `n` cases or agreements."""

    def check(_ut: Path) -> None:
        if (antall := count_rows(db, kind)) != n:
            raise BenchError(f"{db.name}: {antall} {kind}, not {n}")

    return check


def lines(n: int) -> Callable[[Path], None]:
    """`n` rows and a header line."""

    def check(ut: Path) -> None:
        if (antall := newlines(ut) - 1) != n:
            raise BenchError(f"expected {n} rows, got {antall}")

    return check


def json_lines(n: int) -> Callable[[Path], None]:
    def check(ut: Path) -> None:
        if n == 0 and head(ut).strip() in ("", "[]"):  # sqlite-utils says [] for no rows
            return
        if (antall := newlines(ut)) != n:
            raise BenchError(f"expected {n} JSON lines, got {antall}")

    return check


def uten_sokeindeks(kilde: Path, mal: Path) -> None:
    """A copy of an empty register without the search index (migration 0006's FTS5 tables
    and their triggers): what an import costs without it. konsreg checks the revision,
    not the index, so it imports into the copy as into any register."""
    shutil.copy(kilde, mal)
    with closing(sqlite3.connect(mal)) as c:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sok%'"
        for (navn,) in c.execute(sql).fetchall():
            c.execute(f"DROP TRIGGER {navn}")
        for navn in ("sok_sak", "sok_avtale", "sok_punkt"):
            c.execute(f"DROP TABLE {navn}")
        c.commit()


# The search alone, in a fresh Python: konsreg's register function `sok` on an open
# register, once to warm the caches and then `runs` times; its times in ms, as JSON.
SOK_INNE = """
import json, sys, time
from pathlib import Path
from konsreg import db
from konsreg.register import sok
engine = db.apne_register(db.sqlite_url(Path(sys.argv[1])))
ut = {}
for sporring in json.loads(sys.argv[2]):
    tider, cpu = [], []
    for _ in range(int(sys.argv[3]) + 1):
        with db.leseokt(engine) as s:
            t, c = time.perf_counter(), time.process_time()
            svar = sok.sok(session=s, sporring=sporring)
            tider.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
    ut[sporring] = {
        "ms": tider[1:], "cpu": cpu[1:], "treff": len(svar.treff),
        "avgrenset": bool(svar.avgrenset),
    }
print(json.dumps(ut))
"""


def sok_inne(db: Path, runs: int, env: dict[str, str], runner: Runner) -> dict[str, Any]:
    out = runner.out
    argv = [sys.executable, "-c", SOK_INNE, str(db), json.dumps(SOK_SPORRINGER), str(runs)]
    run = run_child(argv, env, out, runner.err)
    if run.rc:
        raise BenchError(f"the search in-process: {runner.err.read_text()[-2000:]}")
    svar: dict[str, Any] = json.loads(out.read_text())
    return svar


def sok_bench(tmp: Path, env: dict[str, str], sizes: Sizes, tools: Tools) -> str:
    """Issue 14's figures alone, as `bench` takes them: `sok helse` in the register of
    `sizes.listing` cases against the stack floor, the search alone in-process, and the
    imports of `sizes.agreements` agreements and cases with and without the search index."""
    runner = Runner(tmp, env, short_names(tmp, tools, None))
    py = sys.executable

    def k(*a: str) -> list[str]:
        return [*tools.konsreg, *a]

    tom, uten = tmp / "EMPTY.db", tmp / "EMPTY-without-search.db"
    make_empty(tools.konsreg, env, tom, runner)
    uten_sokeindeks(tom, uten)
    filer = {"avtaler": tmp / "avtaler.csv", "saker": tmp / "saker-import.csv"}
    write_agreements(filer["avtaler"], sizes.agreements)
    write_cases(filer["saker"], sizes.agreements)
    par: list[tuple[str, Contender, Contender]] = []
    for kind in ("avtaler", "saker"):
        imp: list[Contender] = []
        for navn, kilde in (("IMPORT", tom), ("IMPORT-without-search", uten)):
            db = tmp / f"{navn}-{kind}.db"
            imp.append(
                Contender(
                    fixed(k("--db", str(db), "import", kind, str(filer[kind]), "-q", "--av", "x")),
                    prepare=fresh(db, kilde),
                    check=rows_of(db, kind, sizes.agreements),
                    note=f"{db.name}: a copy of {kilde.name} made before each run",
                )
            )
        say(f"import of {sizes.agreements:,} {kind}, with and without the search index")
        runner.rounds(imp, sizes.runs, sizes.warmup, f"{kind} import")
        par.append((kind, imp[0], imp[1]))
        for db in tmp.glob("IMPORT*.db*"):
            db.unlink()
    n = sizes.listing
    saker_db = Registers(tmp, tom).sqlite("saker", n)
    warm(saker_db)
    floor = Contender(lambda _n: [py, "-c", "import typer, rich, sqlmodel"])
    sok = Contender(
        lambda _n: k("--db", str(saker_db), "sok", "helse"),
        check=any_output,
        note=f"{saker_db.name}: {n:,} cases written by the floor writer",
    )
    say(f"`sok helse` in {n:,} cases")
    runner.rounds([floor, sok], sizes.runs, sizes.warmup, "search")
    inne = sok_inne(saker_db, 4 * sizes.runs, env, runner)
    figures = [
        Figure(f"`konsreg sok helse`, {n:,} cases", sok, floor, TARGET_SOK),
        *(
            Figure(
                f"import of {sizes.agreements:,} {kind} with the search index / without it",
                med_,
                uten_,
                TARGET_SOKEINDEKS,
            )
            for kind, med_, uten_ in par
        ),
    ]
    linjer = [
        "",
        "| figure | konsreg: median (min–max) | measured against: median (min–max) "
        "| ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
        *(fig.row() for fig in figures),
        *sok_rader(inne, n),
        "",
        "| figure | paired wall ratio | konsreg CPU | reference CPU | CPU ratio "
        "| peak RSS of konsreg |",
        "| --- | --- | --- | --- | --- | --- |",
        *(fig.cpu_row() for fig in figures),
        "",
    ]
    for c in [floor, sok, *(x for _, a, b in par for x in (a, b))]:
        linjer.append(f"- `{c.shown}`" + (f" ({runner.short(c.note)})" if c.note else ""))
    return "\n".join(linjer) + "\n"


def any_output(ut: Path) -> None:
    if not head(ut).strip():
        raise BenchError("expected output on stdout, got none")


def sok_rader(inne: dict[str, Any], n: int) -> list[str]:
    """The search alone (SOK_INNE), a row per query."""
    rader = []
    for sporring, svar in inne.items():
        ms = svar["ms"]
        rader.append(
            f"| the search alone, `{sporring}` in {n:,} cases ({svar['treff']} hits shown"
            + (", the newest 1,000 of a kind ranked" if svar["avgrenset"] else "")
            + f"; in-process, median of {len(ms)}) | {med(ms):.1f} ms ({min(ms):.1f}–"
            f"{max(ms):.1f} ms); CPU {med(svar['cpu']):.1f} ms | – | – | < {TARGET_SOK_MS} ms | "
            + ("met" if med(ms) < TARGET_SOK_MS else "**not met**")
            + " |"
        )
    return rader


def bench(
    tmp: Path,
    env: dict[str, str],
    sizes: Sizes,
    tools: Tools,
    pg: Postgres | None,
    profile: bool,
) -> str:
    konsreg, sqlite_utils, sqlite3_cli = tools.konsreg, tools.sqlite_utils, tools.sqlite3_cli
    py = sys.executable
    f = {
        "avtaler": tmp / "avtaler.csv",
        "saker": tmp / "saker.csv",
        "profil": tmp / "avtaler-profil.csv",
        "tom": tmp / "EMPTY.db",
        "eksempel": tmp / "EXAMPLE.db",
        "eksempel-sak": tmp / "EXAMPLE-sak.db",
        "import": tmp / "IMPORT.db",
        "stor": tmp / "LARGE.db",
        "saker-db": tmp / "IMPORT-saker.db",
        "su": tmp / "NEW-sqlite-utils.db",
        "s3": tmp / "NEW-sqlite3.db",
        "floor": tmp / "IMPORT-floor.db",
        "uten": tmp / "EMPTY-without-search.db",
        "import-uten": tmp / "IMPORT-without-search.db",
        "saker-100k": tmp / "saker-import.csv",
        "saker-import": tmp / "IMPORT-cases.db",
        "saker-import-uten": tmp / "IMPORT-cases-without-search.db",
    }
    runner = Runner(tmp, env, short_names(tmp, tools, pg))

    def k(*a: str) -> list[str]:
        return [*konsreg, *a]

    say(f"building the data in {tmp}")
    i2026 = write_agreements(f["avtaler"], sizes.agreements)
    write_cases(f["saker"], sizes.cases)
    write_agreements(f["profil"], sizes.profile_rows)
    for db, kommando in ((f["tom"], ["db", "upgrade"]), (f["eksempel"], ["eksempel"])):
        if run_child(k("--db", str(db), *kommando), env, runner.out, runner.err).rc:
            raise BenchError(f"konsreg {' '.join(kommando)}: {runner.err.read_text()}")
    shutil.copy(f["eksempel"], f["eksempel-sak"])
    uten_sokeindeks(f["tom"], f["uten"])
    write_cases(f["saker-100k"], sizes.agreements)

    def rows_in(db: Path) -> Callable[[Path], None]:
        def check(_ut: Path) -> None:
            with closing(sqlite3.connect(db)) as c:
                antall = c.execute("SELECT count(*) FROM avtaler").fetchone()[0]
            if antall != sizes.agreements:
                raise BenchError(f"{db.name}: {antall} rows, not {sizes.agreements}")

        return check

    def some_output(ut: Path) -> None:
        if not head(ut).strip():
            raise BenchError("expected output on stdout, got none")

    def saksnummer(ut: Path) -> None:
        if not re.fullmatch(r"\d{4}/\d+\s*", tekst := head(ut)):
            raise BenchError(f"sak ny: expected a saksnummer, got {tekst!r}")

    # -- import of agreements: konsreg, the write floor, sqlite-utils, the sqlite3 CLI ----
    imp = Contender(
        lambda _n: k(
            "--db", str(f["import"]), "import", "avtaler", str(f["avtaler"]), "-q", "--av", "x"
        ),
        prepare=fresh(f["import"], f["tom"]),
        check=rows_of(f["import"], "avtaler", sizes.agreements),
        note="IMPORT.db: a copy of EMPTY.db (`konsreg db upgrade`), made before each run",
    )
    i_sqlite: list[float] = []  # the floor's own account: seconds inside SQLite

    def floor_check(ut: Path) -> None:
        new_rows(sizes.agreements)(ut)
        i_sqlite.append(json.loads(head(ut))["sqlite_s"])

    gulv = Contender(
        lambda _n: [py, str(FLOOR), "avtaler", str(f["floor"]), str(f["avtaler"])],
        prepare=fresh(f["floor"], f["tom"]),
        check=floor_check,
        note="the write floor: the same rows into the same schema (search index included), "
        "multi-row INSERTs, no checks, one transaction; IMPORT-floor.db a copy of EMPTY.db "
        "made before each run",
    )
    imp_uten = Contender(
        lambda _n: k(
            *("--db", str(f["import-uten"]), "import", "avtaler", str(f["avtaler"])),
            *("-q", "--av", "x"),
        ),
        prepare=fresh(f["import-uten"], f["uten"]),
        check=rows_of(f["import-uten"], "avtaler", sizes.agreements),
        note="IMPORT-without-search.db: a copy of EMPTY-without-search.db (EMPTY.db without "
        "the search index's FTS5 tables and triggers), made before each run",
    )
    gruppe = [imp, gulv, imp_uten]
    su = s3 = None
    if sqlite_utils:
        su = Contender(
            lambda _n: [
                *sqlite_utils,
                "insert",
                str(f["su"]),
                "avtaler",
                str(f["avtaler"]),
                "--csv",
            ],
            prepare=fresh(f["su"], None),
            check=rows_in(f["su"]),
            note="NEW-*.db: deleted before each run",
        )
        gruppe.append(su)
    if sqlite3_cli:
        s3 = Contender(
            lambda _n: [sqlite3_cli, "-csv", str(f["s3"]), f".import {f['avtaler']} avtaler"],
            prepare=fresh(f["s3"], None),
            check=rows_in(f["s3"]),
        )
        gruppe.append(s3)
    say(f"import of {sizes.agreements:,} agreements")
    runner.rounds(gruppe, sizes.runs, sizes.warmup, "import")
    # The register the last konsreg import made is the large one the export figure reads.
    for ende in ("", "-wal", "-shm"):
        if Path(f"{f['import']}{ende}").exists():
            shutil.move(f"{f['import']}{ende}", f"{f['stor']}{ende}")

    # -- the search index's cost on an import of cases ------------------------------------
    def saker_import(db: Path) -> Callable[[int], list[str]]:
        return lambda _n: k(
            "--db", str(db), "import", "saker", str(f["saker-100k"]), "-q", "--av", "x"
        )

    imp_saker = Contender(
        saker_import(f["saker-import"]),
        prepare=fresh(f["saker-import"], f["tom"]),
        check=rows_of(f["saker-import"], "saker", sizes.agreements),
        note=f"saker-import.csv: {sizes.agreements:,} case rows as saker.csv; IMPORT-cases.db "
        "a copy of EMPTY.db made before each run",
    )
    imp_saker_uten = Contender(
        saker_import(f["saker-import-uten"]),
        prepare=fresh(f["saker-import-uten"], f["uten"]),
        check=rows_of(f["saker-import-uten"], "saker", sizes.agreements),
        note="a copy of EMPTY-without-search.db made before each run",
    )
    say(f"import of {sizes.agreements:,} cases, with and without the search index")
    runner.rounds([imp_saker, imp_saker_uten], sizes.runs, sizes.warmup, "cases import")
    for db in (f["saker-import"], f["saker-import-uten"], f["import-uten"]):
        fresh(db, None)()

    # -- start-up figures and the export --------------------------------------------------
    floor_typer = Contender(lambda _n: [py, "-c", "import typer"])
    hjelp = Contender(lambda _n: k("--help"), check=some_output)
    say("--help")
    runner.rounds([floor_typer, hjelp], HELP_FACTOR * sizes.runs, sizes.warmup, "--help")

    floor = Contender(lambda _n: [py, "-c", "import typer, rich, sqlmodel"])
    eks = str(f["eksempel"])
    avtaler = Contender(lambda _n: k("--db", eks, "avtaler", "--utlop", "2026"), check=some_output)
    vedlegg = Contender(
        lambda _n: k("--db", eks, "vedlegg", "c", "--ar", "2026", "--per", "2026-04-30"),
        check=some_output,
        note="EXAMPLE.db: `konsreg eksempel`",
    )
    eksport = Contender(
        lambda _n: k("--db", str(f["stor"]), "avtaler", "--utlop", "2026", "--format", "csv"),
        check=lines(i2026),
        note=f"LARGE.db: the register of the last import run; {i2026:,} rows out",
    )
    sak = Contender(
        lambda n: k(
            *("--db", str(f["eksempel-sak"]), "sak", "ny", "-t", "kostnadsberegning", "-d", "HOD"),
            *("--tittel", f"Benchmark {n}", "--meldt-inn-av", "KS", "--av", "x", "-q"),
        ),
        check=saksnummer,
        note="EXAMPLE-sak.db: a copy of EXAMPLE.db that gains a case per run",
    )
    # konsreg freezes the heap before it exits (cli/app.py: main), which skips the final
    # collections the plain floor pays for; this second floor does the same, so the
    # start-up figures are also given like for like.
    floor_frosset = Contender(
        lambda _n: [py, "-c", "import typer, rich, sqlmodel, gc; gc.freeze()"]
    )
    oppstart = [floor, floor_frosset, avtaler, vedlegg, sak, eksport]
    say("start-up and export")
    runner.rounds(oppstart, sizes.runs, sizes.warmup, "start-up")

    # -- the whole material as a Word document (issue 13) --------------------------------
    moter_db = tmp / "MEETINGS.db"
    say(f"  building a register of {sizes.meeting_cases:,} cases and {sizes.meetings} meetings")
    bygd = subprocess.run(
        [
            py,
            str(ROOT / "bench" / "moter.py"),
            str(moter_db),
            "--saker",
            str(sizes.meeting_cases),
            "--moter",
            str(sizes.meetings),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if bygd.returncode:
        raise BenchError(f"bench/moter.py: {bygd.stderr[-2000:]}")
    siste_mote = bygd.stdout.strip()

    def docx(fil: Path) -> Callable[[Path], None]:
        def check(_ut: Path) -> None:
            with zipfile.ZipFile(fil) as z:
                if len(z.read("word/document.xml")) < 10_000:
                    raise BenchError(f"{fil.name}: the document is nearly empty")

        return check

    eks_docx, stor_docx = tmp / "materiale.docx", tmp / "materiale-stor.docx"
    materiale = Contender(
        lambda _n: k("--db", eks, "materiale", "2026-2", "--tross-feil", "-o", str(eks_docx)),
        check=docx(eks_docx),
        note="EXAMPLE.db: meeting 2026-2 with the 17 items of the 2026 material",
    )
    materiale_stor = Contender(
        lambda _n: k(
            "--db", str(moter_db), "materiale", siste_mote, "--tross-feil", "-o", str(stor_docx)
        ),
        check=docx(stor_docx),
        note=f"MEETINGS.db: {sizes.meeting_cases:,} cases, {sizes.meetings} meetings of about "
        f"20 items each (bench/moter.py); the last meeting, {siste_mote}",
    )
    # The floor again, in the same rounds (paired ratios take a sample of each per round).
    floor_m = Contender(lambda _n: [py, "-c", "import typer, rich, sqlmodel"])
    say("the material as a Word document")
    runner.rounds([floor_m, materiale, materiale_stor], sizes.runs, sizes.warmup, "material")

    # -- Excel workbooks (issue 15): bench/excel.py, which uses this module's machinery --
    sys.modules.setdefault("run", sys.modules[__name__])  # one module, when run as a script
    import excel

    excel_linjer = excel.maal(tmp, env, konsreg, runner, sizes.agreements, sizes.runs, sizes.warmup)

    # -- peak memory of importing case rows -----------------------------------------------
    minne = Contender(
        lambda _n: k(
            "--db", str(f["saker-db"]), "import", "saker", str(f["saker"]), "-q", "--av", "x"
        ),
        prepare=fresh(f["saker-db"], f["tom"]),
        check=rows_of(f["saker-db"], "saker", sizes.cases),
    )
    say(f"peak memory: import of {sizes.cases:,} case rows")
    # Peak memory needs no warm caches, and the bytecode is warm by now.
    runner.rounds([minne], sizes.runs, 0, "memory")
    fresh(f["saker-db"], None)()

    # -- listings of large registers: peak memory, and the export against sqlite-utils ----
    n = sizes.listing
    say(f"listings of {n:,} cases and {n:,} agreements")
    reg = Registers(tmp, f["tom"])
    saker_db, avtaler_db = reg.sqlite("saker", n), reg.sqlite("avtaler", n)
    for db in (saker_db, avtaler_db):
        warm(db)
    liste_saker = Contender(
        lambda _n: k("--db", str(saker_db), "saker", "--format", "csv"),
        check=lines(n),
        note=f"{saker_db.name}: {n:,} cases written by the floor writer (bench/floor.py); "
        f"{avtaler_db.name} likewise {n:,} agreements"
        + (f"; both kept in {reg.cache}" if n >= CACHE_FROM_ROWS else ""),
    )
    liste_avtaler = Contender(
        lambda _n: k("--db", str(avtaler_db), "avtaler", "--format", "csv"), check=lines(n)
    )
    eksport_alt = Contender(
        lambda _n: k("--db", str(saker_db), "eksport", "alt"), check=json_lines(n)
    )
    lister = [liste_saker, liste_avtaler, eksport_alt]
    su_rows = None
    if sqlite_utils:
        su_rows = Contender(
            lambda _n: [*sqlite_utils, "rows", str(saker_db), "sak", "--nl"], check=json_lines(n)
        )
        lister.append(su_rows)
    # The files are in the page cache (warm): no warm-up round of a minute or more.
    runner.rounds(lister, sizes.listing_runs, 0, "listings")

    # -- the search (issue 14): `sok helse` in the register of many cases ----------------
    floor_sok = Contender(lambda _n: [py, "-c", "import typer, rich, sqlmodel"])
    sok = Contender(
        lambda _n: k("--db", str(saker_db), "sok", "helse"),
        check=some_output,
        note=f"{saker_db.name}: the listings' {n:,} cases; their titles name 7 themes, two of "
        "them with a word that starts with helse (helseteknologi, helsefellesskapene): about "
        f"{2 * n // 7:,} hits, of which the newest {1000:,} are ranked (register/sok.py)",
    )
    say(f"`sok helse` in {n:,} cases")
    runner.rounds([floor_sok, sok], sizes.runs, sizes.warmup, "search")
    inne = sok_inne(saker_db, 4 * sizes.runs, env, runner)

    # -- PostgreSQL: the import against psql's \copy of the same rows ---------------------
    pg_figur: Figure | None = None
    pg_gruppe: list[Contender] = []
    if pg is not None:
        copy_dir = tmp / "pg-avtaler"
        floor_writer.skriv_copy("avtaler", copy_dir, f["avtaler"])

        pg_imp = Contender(
            lambda _n: k("import", "avtaler", str(f["avtaler"]), "-q", "--av", "x"),
            prepare=pg.empty,
            check=pg_rows(pg, "avtaler", sizes.agreements),
            env=pg.env,
            note="KONSREG_DATABASE_URL=$PG; the register emptied (TRUNCATE … RESTART "
            "IDENTITY, CHECKPOINT) before each run",
        )
        pg_copy = Contender(
            lambda _n: [*pg.psql, "-1", "-d", pg.libpq, "-f", str(copy_dir / "load.sql")],
            prepare=pg.empty,
            check=pg_rows(pg, "avtaler", sizes.agreements),
            note="pg-avtaler/load.sql: `\\copy` of avtale.csv, avtalepart.csv and historikk.csv "
            "(the rows the import writes, made by `bench/floor.py copy-avtaler` before the "
            "runs), the id sequence and the counter set, in one transaction",
        )
        pg_gruppe = [pg_imp, pg_copy]
        say(f"PostgreSQL: import of {sizes.agreements:,} agreements")
        runner.rounds(pg_gruppe, sizes.runs, sizes.warmup, "PostgreSQL import")
        pg.empty()
        pg_figur = Figure(
            f"PostgreSQL: import of {sizes.agreements:,} agreements",
            pg_imp,
            pg_copy,
            TARGET_PG_COPY,
        )

    a = f"{sizes.agreements:,} agreements"
    figures = [
        Figure("`konsreg --help`", hjelp, floor_typer, TARGET_HELP),
        Figure("`konsreg avtaler --utlop 2026`, example register", avtaler, floor, TARGET_STARTUP),
        Figure("`konsreg vedlegg c`, example register", vedlegg, floor, TARGET_STARTUP),
        Figure("`konsreg sak ny` (one insert, history, numbering)", sak, floor, TARGET_STARTUP),
        Figure(
            "`konsreg avtaler --utlop 2026` / a floor that also freezes at exit",
            avtaler,
            floor_frosset,
            TARGET_STARTUP,
        ),
        Figure(
            "`konsreg sak ny` / a floor that also freezes at exit",
            sak,
            floor_frosset,
            TARGET_STARTUP,
        ),
        Figure(
            "`konsreg materiale 2026-2 -f docx`, example register",
            materiale,
            floor_m,
            TARGET_MATERIALE,
        ),
        Figure(
            f"`konsreg materiale -f docx`, {sizes.meeting_cases:,} cases, "
            f"{sizes.meetings} meetings",
            materiale_stor,
            floor_m,
            TARGET_MATERIALE_STOR,
        ),
        Figure(f"import of {a} (CSV), validation included", imp, su, TARGET_SQLITE_UTILS),
        Figure(f"import of {a} / the write floor", imp, gulv, TARGET_FLOOR),
        Figure(
            f"`konsreg avtaler --utlop 2026 --format csv`, {a}", eksport, floor, TARGET_LISTING_100K
        ),
        Figure(f"`konsreg eksport alt` of {n:,} cases", eksport_alt, su_rows, TARGET_EKSPORT),
        Figure(f"`konsreg sok helse`, {n:,} cases", sok, floor_sok, TARGET_SOK),
        Figure(
            f"import of {a} with the search index / without it", imp, imp_uten, TARGET_SOKEINDEKS
        ),
        Figure(
            f"import of {sizes.agreements:,} cases with the search index / without it",
            imp_saker,
            imp_saker_uten,
            TARGET_SOKEINDEKS,
        ),
    ]
    if pg_figur is not None:
        figures.append(pg_figur)
    linjer = [
        "",
        "| figure | konsreg: median (min–max) | measured against: median (min–max) "
        "| ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
        *(fig.row() for fig in figures),
        memory_row(f"peak memory (max RSS) of importing {sizes.cases:,} case rows", minne),
        memory_row(f"peak memory, `konsreg saker --format csv` of {n:,} cases", liste_saker),
        memory_row(
            f"peak memory, `konsreg avtaler --format csv` of {n:,} agreements", liste_avtaler
        ),
    ]
    linjer += sok_rader(inne, n)
    if s3 is not None:
        ganger = med(imp.wall()) / med(s3.wall())
        linjer.append(
            f"| the `sqlite3` CLI's `.import` of the same {a} into one table | – | "
            f"`{s3.shown}`: {spenn(s3.wall())} | konsreg takes {ganger:.0f} × as long | – | – |"
        )
    linjer += [
        "",
        f"Wall time, median of {sizes.runs} runs after {sizes.warmup} warm-up round "
        f"({HELP_FACTOR * sizes.runs} runs for `--help` and its floor; the listings of "
        f"{n:,} rows {sizes.listing_runs} runs, no warm-up round, the registers read once "
        "into the page cache before); the commands of a row ran "
        "in the same rounds, taking turns to go first. Bytecode is cached (in the temporary "
        "directory), as for an installed konsreg. The write floor spent "
        + (
            f"{tid(med(i_sqlite))} (median) inside SQLite (the inserts and commit) of its "
            if i_sqlite
            else ""
        )
        + f"{tid(med(gulv.wall()))}; the rest is Python's start-up and reading the CSV. "
        "Two cross-checks that other load on the "
        "machine moves less: the median of the per-round wall-time ratios (the two commands "
        "ran back to back), and CPU time (user + system, of the child alone):",
        "",
        "| figure | paired wall ratio | konsreg CPU | reference CPU | CPU ratio "
        "| peak RSS of konsreg |",
        "| --- | --- | --- | --- | --- | --- |",
        *(fig.cpu_row() for fig in figures),
        "",
        "The commands, exactly (file names relative to the temporary directory or the "
        "bench's cache; `$PG` the --pg database):",
        "",
    ]
    for c in [
        floor_typer,
        hjelp,
        *oppstart,
        *gruppe,
        imp_saker,
        imp_saker_uten,
        minne,
        *lister,
        sok,
        *pg_gruppe,
    ]:
        linjer.append(f"- `{c.shown}`" + (f" ({c.note})" if c.note else ""))
    linjer += [
        f"- `konsreg` is `{shlex.join(konsreg)}`, `python` is `{py}`. avtaler.csv: {a} with "
        "2–6 parties each (ministry codes of the year from konsreg's departementer.csv, KS "
        "last), dd.mm.yyyy dates, categories velferd and samhandling; saker.csv: "
        f"{sizes.cases:,} rows with saksnummer, type, departement, tittel, oppmeldt, "
        "meldt_inn_av.",
    ]
    linjer += ["", f"**Excel workbooks** (bench/excel.py, {a}):", *excel_linjer]
    if profile:
        linjer += profiles(runner, tmp, f["eksempel"], f["profil"], f["tom"], sizes)
    return "\n".join(linjer) + "\n"


def warm(db: Path) -> None:
    """Read a register once, so that no first run pays for the disk."""
    with db.open("rb") as fil:
        while fil.read(1 << 24):
            pass


def memory_row(name: str, c: Contender) -> str:
    rss = c.rss_mib()
    return (
        f"| {name} | {med(rss):.0f} MiB ({min(rss):.0f}–{max(rss):.0f}); it took "
        f"{spenn(c.wall())} | – | – | ≤ {MEMORY_TARGET_MIB} MiB | "
        + ("met" if med(rss) <= MEMORY_TARGET_MIB else "**not met**")
        + " |"
    )


# -- growth: the cost per row from 10,000 to 1,000,000 rows ------------------------------


def pg_rows(pg: Postgres, kind: str, n: int) -> Callable[[Path], None]:
    def check(_ut: Path) -> None:
        tabell = "avtale" if kind == "avtaler" else "sak"
        if (antall := pg.count(tabell)) != n:
            raise BenchError(f"PostgreSQL: {antall} rows in {tabell}, not {n}")

    return check


def fixed(argv: list[str]) -> Callable[[int], list[str]]:
    """The same command every round."""
    return lambda _r: argv


def repeats(n: int) -> int:
    """Runs per round for a command of `n` rows (--growth): 10 for no rows and 10,000
    (whose wall time is mostly start-up, and the no-rows run is subtracted from every
    size), one from 100,000 rows up."""
    return 10 if n == 0 else max(1, min(10, -(-100_000 // n)))


def us(x: float) -> str:
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def growth(
    tmp: Path,
    env: dict[str, str],
    sizes: tuple[int, ...],
    runs: int,
    tools: Tools,
    pg: Postgres | None,
) -> str:
    """Each import and listing at each size, on SQLite and (with --pg) PostgreSQL, and an
    import into a full register against one into an empty register."""
    runner = Runner(tmp, env, short_names(tmp, tools, pg))
    konsreg, su = tools.konsreg, tools.sqlite_utils
    empty = tmp / "EMPTY.db"
    make_empty(konsreg, env, empty, runner)
    reg = Registers(tmp, empty)
    m, stor = sizes[-2], sizes[-1]  # import m rows into a register of `stor` rows

    say(f"building the import files in {tmp}")
    filer: dict[tuple[str, int], Path] = {}
    for n in (0, *sizes):
        filer["avtaler", n] = tmp / f"avtaler-{n}.csv"
        write_agreements(filer["avtaler", n], n)
        filer["saker", n] = tmp / f"saker-{n}.csv"
        write_cases(filer["saker", n], n)
    # New cases for a register that holds `stor` (numbered past its own).
    filer["saker-nye", m] = tmp / f"saker-nye-{m}.csv"
    write_cases(filer["saker-nye", m], m, forste=stor + 1)
    say("the registers the listings read (and the full one imports go into)")
    for kind in ("saker", "avtaler"):
        for n in sizes:
            warm(reg.sqlite(kind, n))

    def importer(kind: str, db: Path | None, fil: Path) -> list[str]:
        hvor = [] if db is None else ["--db", str(db)]
        return [*konsreg, *hvor, "import", kind, str(fil), "-q", "--av", "x"]

    # Bytecode and caches: one untimed import of no rows.
    run_child(importer("avtaler", empty, filer["avtaler", 0]), env, runner.out, runner.err)

    backends: list[tuple[str, Postgres | None]] = [("SQLite", None)]
    if pg is not None:
        backends.append(("PostgreSQL", pg))
    # (backend, what) -> {rows: contender}; rows 0 is the same command on no rows.
    per: dict[tuple[str, str], dict[int, Contender]] = {}
    inn: list[tuple[str, str, Contender, Contender, Contender | None, Contender | None]] = []
    alle: list[Contender] = []
    t0 = time.perf_counter()

    for navn, pg_ in backends:
        say(f"{navn}: imports")
        for kind in ("avtaler", "saker"):
            cs: dict[int, Contender] = {}
            for n in (0, *sizes):
                db = None if pg_ else tmp / f"IMPORT-{kind}-{n}.db"
                cs[n] = Contender(
                    fixed(importer(kind, db, filer[kind, n])),
                    prepare=pg_.empty if pg_ else fresh(db or empty, empty),
                    check=pg_rows(pg_, kind, n) if pg_ else rows_of(db or empty, kind, n),
                    env=pg_.env if pg_ else None,
                    rows=n,
                    repeat=repeats(n),
                )
            # The floor of each size in the same rounds: what the database itself costs.
            ref: dict[int, Contender] = {}
            for n in (0, *sizes):
                if pg_ is None:
                    db = tmp / f"FLOOR-{kind}-{n}.db"
                    ref[n] = Contender(
                        fixed([sys.executable, str(FLOOR), kind, str(db), str(filer[kind, n])]),
                        prepare=fresh(db, empty),
                        check=new_rows(n),
                        rows=n,
                        repeat=repeats(n),
                    )
                else:
                    mappe = tmp / f"copy-{kind}-import-{n}"
                    floor_writer.skriv_copy(kind, mappe, filer[kind, n])
                    ref[n] = Contender(
                        fixed([*pg_.psql, "-1", "-d", pg_.libpq, "-f", str(mappe / "load.sql")]),
                        prepare=pg_.empty,
                        check=pg_rows(pg_, kind, n),
                        rows=n,
                        repeat=repeats(n),
                    )
            runner.rounds([*cs.values(), *ref.values()], runs, 0, f"{navn}: import of {kind}")
            per[navn, f"`import {kind}`"] = cs
            golv = "the write floor (bench/floor.py)" if pg_ is None else "`psql \\copy`"
            per[navn, f"{golv}, {kind} (reference)"] = ref
            alle += [*cs.values(), *ref.values()]
            for db_ in [*tmp.glob(f"IMPORT-{kind}-*.db*"), *tmp.glob(f"FLOOR-{kind}-*.db*")]:
                db_.unlink()

        say(f"{navn}: listings")
        lister: dict[str, dict[int, Contender]] = {
            "`saker --format csv`": {},
            "`avtaler --format csv`": {},
            "`eksport alt` (cases)": {},
        }
        if pg_ is None and su:
            lister["`sqlite-utils rows sak --nl` (the export's peer)"] = {}

        def liste(
            hva: str, argv: list[str], kind: str, n: int, pg_: Postgres | None = pg_
        ) -> Contender:
            sjekk = lines(n) if "csv" in hva else json_lines(n)
            return Contender(
                fixed(argv), check=sjekk, env=pg_.env if pg_ else None, rows=n, repeat=repeats(n)
            )

        for n in (0, *sizes):
            if pg_ is None:
                sdb = str(empty if n == 0 else reg.sqlite("saker", n))
                adb = str(empty if n == 0 else reg.sqlite("avtaler", n))
                sak_args, avt_args = ["--db", sdb], ["--db", adb]
            else:
                sak_args = avt_args = []
            lag = {
                "`saker --format csv`": ([*sak_args, "saker", "--format", "csv"], "saker"),
                "`avtaler --format csv`": ([*avt_args, "avtaler", "--format", "csv"], "avtaler"),
                "`eksport alt` (cases)": ([*sak_args, "eksport", "alt"], "saker"),
            }
            for hva, (a, kind) in lag.items():
                lister[hva][n] = liste(hva, [*konsreg, *a], kind, n)
            if pg_ is None and su:
                lister["`sqlite-utils rows sak --nl` (the export's peer)"][n] = liste(
                    "nl", [*su, "rows", sdb, "sak", "--nl"], "saker", n
                )
        if pg_ is None:
            # The sizes of a listing take turns, as the commands of a figure do.
            for hva, cs in lister.items():
                runner.rounds(list(cs.values()), runs, 0, f"{navn}: {hva}")
        else:
            # One database: the sizes one after another, each loaded by psql \copy.
            for n in (0, *sizes):
                for kind, hvilke in (
                    ("saker", ["`saker --format csv`", "`eksport alt` (cases)"]),
                    ("avtaler", ["`avtaler --format csv`"]),
                ):
                    if n == 0:
                        pg_.empty()
                    else:
                        pg_.load(reg.copy_files(kind, n), (kind, n))
                    runner.rounds(
                        [lister[h][n] for h in hvilke], runs, 0, f"{navn}: {kind} listings of {n:,}"
                    )
        for hva, cs in lister.items():
            per[navn, hva] = cs
            alle += cs.values()

        say(f"{navn}: import of {m:,} rows into an empty register and into one of {stor:,}")
        for kind, fil in (("avtaler", filer["avtaler", m]), ("saker", filer["saker-nye", m])):
            full = reg.sqlite(kind, stor) if pg_ is None else None
            tom_db, full_db = tmp / "INTO-empty.db", tmp / "INTO-full.db"
            if pg_ is None:
                forbered_tom = fresh(tom_db, empty)
                forbered_full = fresh(full_db, full)
            else:
                forbered_tom = pg_.empty
                mappe = reg.copy_files(kind, stor)

                def forbered_full(
                    pg_: Postgres = pg_, mappe: Path = mappe, kind: str = kind
                ) -> None:
                    pg_.load(mappe, (kind, stor), again=True)

            par = []
            for db_sti, forbered in ((tom_db, forbered_tom), (full_db, forbered_full)):
                db = None if pg_ else db_sti
                par.append(
                    Contender(
                        fixed(importer(kind, db, fil)),
                        prepare=forbered,
                        check=pg_rows(pg_, kind, m + (stor if db_sti == full_db else 0))
                        if pg_
                        else rows_of(db_sti, kind, m + (stor if db_sti == full_db else 0)),
                        env=pg_.env if pg_ else None,
                        rows=m,
                        note=""
                        if pg_
                        else f"{db_sti.name}: a copy of "
                        f"{(full or empty) if db_sti == full_db else empty} made before each run",
                    )
                )
            # The floor into the same two registers, in the same rounds: what SQLite's own
            # indexes and search index cost as the register grows.
            gulv: list[Contender] = []
            if pg_ is None:
                for db_sti, kilde in (
                    (tmp / "FLOOR-INTO-empty.db", empty),
                    (tmp / "FLOOR-INTO-full.db", full),
                ):
                    gulv.append(
                        Contender(
                            fixed([sys.executable, str(FLOOR), kind, str(db_sti), str(fil)]),
                            prepare=fresh(db_sti, kilde),
                            check=new_rows(m),
                            rows=m,
                        )
                    )
            runner.rounds(
                [*par, *gulv], runs, 0, f"{navn}: import of {kind} into an empty/full register"
            )
            g0, g1 = (gulv[0], gulv[1]) if gulv else (None, None)
            inn.append((navn, kind, par[0], par[1], g0, g1))
            alle += [*par, *gulv]
            for db_sti in (
                tom_db,
                full_db,
                tmp / "FLOOR-INTO-empty.db",
                tmp / "FLOOR-INTO-full.db",
            ):
                fresh(db_sti, None)()
        if pg_ is not None:
            pg_.empty()
    varighet = time.perf_counter() - t0

    # -- the report ---------------------------------------------------------------------
    def netto(cs: dict[int, Contender], n: int, cpu: bool = False) -> float:
        """µs per row beyond the same command on no rows (start-up, schema check)."""
        hent = (lambda c: med(c.cpu())) if cpu else (lambda c: med(c.wall()))
        return (hent(cs[n]) - hent(cs[0])) / n * 1e6

    storrelser = " | ".join(f"{n:,}" for n in sizes)
    linjer = [
        "",
        f"Per-row cost as the register grows: each command at {', '.join(f'{n:,}' for n in sizes)} "
        f"rows, {runs} rounds (medians; in each round a command of no rows or of fewer than "
        "100,000 runs 100,000 / rows times, at most 10, so its few milliseconds of rows are "
        f"not lost in its start-up's noise), {varighet / 60:.0f} minutes of measuring. "
        "µs per row beyond the same command on an empty register or a file of no rows "
        "(start-up, schema check: its wall time is the 0 column of the table after), wall time:",
        "",
        f"| command | database | {storrelser} | largest / smallest | target | |",
        "| --- | --- | " + "--- | " * len(sizes) + "--- | --- | --- |",
    ]
    for (navn, hva), cs in per.items():
        verdier = [netto(cs, n) for n in sizes]
        if verdier[0] > 0:
            forhold = f"{verdier[-1] / verdier[0]:.2f} ×"
            merke = "met" if verdier[-1] / verdier[0] <= TARGET_FLAT else "**not met**"
        else:  # the smallest size cost no more than no rows: within the noise
            forhold, merke = "–", "too few rows to tell"
        if "reference" in hva or "peer" in hva:
            merke, maal = "–", "–"
        else:
            maal = f"≤ {TARGET_FLAT} ×"
        linjer.append(
            f"| {hva} | {navn} | "
            + " | ".join(f"{us(v)} µs" for v in verdier)
            + f" | {forhold} | {maal} | {merke} |"
        )
    linjer += [
        "",
        f"Import of {m:,} rows into an empty register and into one that holds {stor:,} "
        "(agreements: other titles; cases: other numbers, so every row is new), in the same "
        "rounds, taking turns:",
        "",
        f"| import of {m:,} | database | into an empty register | into one of {stor:,} "
        "| ratio (paired) | target | |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for navn, kind, tom_c, full_c, gulv_tom, gulv_full in inn:
        for hva, fra, til in (
            (kind, tom_c, full_c),
            (f"{kind}: the write floor (reference)", gulv_tom, gulv_full),
        ):
            if fra is None or til is None:
                continue
            r = med(til.wall()) / med(fra.wall())
            parvis = med([y.wall / x.wall for x, y in zip(fra.samples, til.samples, strict=True)])
            if "reference" in hva:
                maal, merke = "–", "–"
            else:
                maal = "≤ 1.0 × (noise ±10 %)"
                merke = "met" if r <= TARGET_INTO_FULL else "**not met**"
            linjer.append(
                f"| {hva} | {navn} | {spenn(fra.wall())}: {us(med(fra.wall()) / m * 1e6)} µs/row "
                f"| {spenn(til.wall())}: {us(med(til.wall()) / m * 1e6)} µs/row | {r:.2f} × "
                f"({parvis:.2f} ×) | {maal} | {merke} |"
            )
    linjer += [
        "",
        "Each run: wall time median (min–max); µs per row of the whole command (start-up "
        "included) and beyond the no-rows run, in wall and CPU time; peak RSS:",
        "",
        "| command | database | rows | wall | µs/row | µs/row beyond no rows | CPU µs/row beyond "
        "| peak RSS |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for (navn, hva), cs in per.items():
        for n, c in cs.items():
            if n == 0:
                rad = "– | – | –"
            else:
                rad = (
                    f"{us(med(c.wall()) / n * 1e6)} | {us(netto(cs, n))} | "
                    f"{us(netto(cs, n, cpu=True))}"
                )
            linjer.append(
                f"| {hva} | {navn} | {n:,} | {spenn(c.wall())} | {rad} | "
                f"{med(c.rss_mib()):.0f} MiB |"
            )
    linjer += [
        "",
        "On SQLite the sizes of a command ran in the same rounds, taking turns; on PostgreSQL "
        "the imports did too (the database emptied, `TRUNCATE … RESTART IDENTITY` and "
        "`CHECKPOINT`, before each run), the listings ran size after size, each size loaded "
        "by `psql \\copy` of the floor writer's rows and analysed. The registers the listings "
        "read were written by the floor writer (bench/floor.py): the rows an import writes. "
        "The commands (file names relative to the temporary directory "
        "or the bench's cache; `$PG` the --pg database, given to konsreg as "
        "KONSREG_DATABASE_URL):",
        "",
    ]
    vist: set[str] = set()
    for c in alle:
        if c.shown not in vist:
            vist.add(c.shown)
            miljo = " (KONSREG_DATABASE_URL=$PG)" if c.env else ""
            linjer.append(
                f"- `{c.shown}`{miljo}" + (f" ({runner.short(c.note)})" if c.note else "")
            )
    return "\n".join(linjer) + "\n"


def profiles(
    runner: Runner, tmp: Path, eksempel: Path, profil_csv: Path, tom: Path, sizes: Sizes
) -> list[str]:
    """Where the time goes on the slow paths: start-up imports, and the import loop."""
    say("profiles")
    py = sys.executable
    out, err = tmp / "profile.out", tmp / "profile.err"
    linjer = ["", "### Where the time goes (one profiled run each)", ""]
    for tittel, a in (
        ("`konsreg --help`", ["--help"]),
        ("`konsreg avtaler --utlop 2026`", ["--db", str(eksempel), "avtaler", "--utlop", "2026"]),
        ("`python -c 'import typer, rich, sqlmodel'`", None),
    ):
        kommando = ["-c", "import typer, rich, sqlmodel"] if a is None else ["-m", "konsreg", *a]
        run_child([py, "-X", "importtime", *kommando], runner.env, out, err)
        total, deler = import_breakdown(err.read_text(errors="replace"))
        linjer.append(
            f"- Imports of {tittel}: {total:.0f} ms (`python -X importtime`, own time per "
            "top-level package: "
            + ", ".join(f"{navn} {ms:.0f}" for navn, ms in deler[:8])
            + " ms)."
        )
    db = tmp / "PROFILE.db"
    shutil.copy(tom, db)
    prof = tmp / "import.prof"
    argv = [py, "-m", "cProfile", "-o", str(prof), "-m", "konsreg", "--db", str(db)]
    argv += ["import", "avtaler", str(profil_csv), "--quiet", "--av", "x"]
    run = run_child(argv, runner.env, out, err)
    if run.rc == 0 and prof.is_file():
        linjer += [
            "",
            f"`{runner.show(argv)}` ({sizes.profile_rows:,} agreements; {run.wall:.1f} s with "
            "the profiler), the functions with the most own time:",
            "",
            "| function | calls | own time | cumulative |",
            "| --- | --- | --- | --- |",
            *profile_top(prof),
        ]
    return linjer


if __name__ == "__main__":
    sys.exit(main())
