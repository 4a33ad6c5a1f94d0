"""konsreg's benchmark: the figures of issue 6, each measured beside its peer in one run.

    python bench/run.py             # the full run; writes bench/RESULTS.md
    python bench/run.py --quick     # a short run on small data (CI: does the bench still work?)

Every command runs as a child process with its register in a temporary directory
(`--db`, and KONSREG_DB, HOME and XDG_CONFIG_HOME pointed there too), so no user's
register is touched. Commands that are compared run in the same rounds, taking turns
to go first, so that the machine's noise falls on both sides of a ratio. Each figure
is the median of the rounds after a warm-up round; wall time is the figure, and CPU
time (user + system) and peak RSS of each child come from `os.wait4` (Linux/Unix).

The bench needs konsreg installed in the Python that runs it. It looks for
sqlite-utils next to that Python, then in its own venv under ~/.cache/konsreg-bench
(created with pip when missing, unless --no-install), and for the sqlite3 CLI on
PATH; it says what it found, and a peer it cannot get is reported as not measured.
RESULTS.md is rewritten only between its two bench markers; the analysis written
around them stays.
"""

from __future__ import annotations

import argparse
import csv
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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata, resources
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
START = "<!-- bench:start (written by bench/run.py; edit outside these markers) -->"
END = "<!-- bench:end -->"
MEMORY_TARGET_MIB = 150


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


FULL = Sizes(runs=5, warmup=1, agreements=100_000, cases=1_000_000, profile_rows=20_000)
QUICK = Sizes(runs=2, warmup=1, agreements=1_000, cases=5_000, profile_rows=1_000)
HELP_FACTOR = 4  # `--help` and its floor take a tenth of a second: more rounds, same noise


# -- running children --------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_kib: int
    rc: int


def run_child(argv: Sequence[str], env: dict[str, str], out: Path, err: Path) -> Run:
    """Run one command to completion: its wall time, its own CPU time and peak RSS."""
    with out.open("wb") as fo, err.open("wb") as fe:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdin=subprocess.DEVNULL, stdout=fo, stderr=fe, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, proc.returncode)


@dataclass
class Contender:
    """One command measured in rounds, with an untimed step before and a check after."""

    argv: Callable[[int], list[str]]
    prepare: Callable[[], None] | None = None
    check: Callable[[str], None] | None = None
    note: str = ""
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
        tekst = shlex.join(argv)
        for lang, kort in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
            tekst = tekst.replace(lang, kort)
        return tekst

    def once(self, c: Contender, n: int) -> Run:
        if c.prepare is not None:
            c.prepare()
        argv = c.argv(n)
        c.shown = self.show(argv)
        run = run_child(argv, self.env, self.out, self.err)
        if run.rc != 0:
            tail = self.err.read_text(errors="replace")[-2000:]
            raise BenchError(f"{c.shown} failed with exit code {run.rc}:\n{tail}")
        if c.check is not None:
            c.check(self.out.read_text(errors="replace"))
        return run

    def rounds(self, contenders: list[Contender], runs: int, warmup: int, what: str) -> None:
        """Every contender once per round, the order rotating; warm-up rounds are dropped."""
        n = len(contenders)
        for r in range(warmup + runs):
            order = contenders[r % n :] + contenders[: r % n]
            say(f"  {what}: " + ("warm-up" if r < warmup else f"round {r - warmup + 1}/{runs}"))
            for c in order:
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


def write_agreements(path: Path, n: int) -> int:
    """`n` agreements as a secretariat's spreadsheet has them: dd.mm.yyyy dates, 2-6
    parties each (codes of the year, KS last), velferd/samhandling. Returns how many
    expire in 2026."""
    rng = random.Random(6)
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
                    f"Samarbeidsavtale {i} om {rng.choice(TEMAER)}",
                    rng.choice(KATEGORIER),
                    ", ".join(parter) + " og KS",
                    inngatt.strftime("%d.%m.%Y"),
                    utloper.strftime("%d.%m.%Y"),
                    rng.randint(2000, ar),
                ]
            )
    return i2026


def write_cases(path: Path, n: int) -> None:
    """`n` case rows with their saksnummer, as `eksport saker` and spreadsheets have them."""
    rng = random.Random(7)
    years = data_years()
    koder = codes_by_year(years)
    teller = dict.fromkeys(years, 0)
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


def find_sqlite_utils(install: bool) -> tuple[list[str] | None, str]:
    here = Path(sys.executable).parent / "sqlite-utils"
    if here.is_file():
        return [str(here)], f"sqlite-utils from this Python's environment ({here})"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "konsreg-bench"
    venv = cache / f"peers-py{sys.version_info[0]}{sys.version_info[1]}"
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


def write_results(path: Path, rapport: str) -> None:
    """Replace the generated part of RESULTS.md; what is written outside the markers stays."""
    blokk = f"{START}\n{rapport.rstrip()}\n{END}"
    if path.is_file():
        gammel = path.read_text(encoding="utf-8")
        if START in gammel and END in gammel:
            for_, _, rest = gammel.partition(START)
            _, _, etter = rest.partition(END)
            path.write_text(for_ + blokk + etter, encoding="utf-8")
            return
    path.write_text(f"# konsreg benchmark results\n\n{blokk}\n", encoding="utf-8")


# -- the bench ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description="konsreg's benchmark (issue 6): every figure beside its peer, in one run."
    )
    ap.add_argument("--quick", action="store_true", help="few runs on small data (for CI)")
    ap.add_argument("--runs", type=int, help="rounds after the warm-up (default 5; quick: 2)")
    ap.add_argument(
        "--out", type=Path, help="results file (default bench/RESULTS.md; --quick: none)"
    )
    ap.add_argument("--no-write", action="store_true", help="print the results only")
    ap.add_argument("--no-install", action="store_true", help="never pip install sqlite-utils")
    ap.add_argument("--no-profile", action="store_true", help="skip the profiles of slow paths")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.runs is not None:
        if args.runs < 1:
            ap.error("--runs must be at least 1")
        sizes = Sizes(args.runs, sizes.warmup, sizes.agreements, sizes.cases, sizes.profile_rows)
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
        s3_note = "no sqlite3 CLI on PATH (apt-get install sqlite3): physical floor not measured"
    say(f"konsreg: {shlex.join(konsreg)}\n{su_note}\n{s3_note}")

    tmp = Path(tempfile.mkdtemp(prefix="konsreg-bench-"))
    fs = filesystem(tmp)
    started = datetime.now().astimezone()
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    try:
        text = bench(tmp, sizes, konsreg, sqlite_utils, sqlite3_cli, not args.no_profile)
    except BenchError as feil:
        say(f"bench: {feil}")
        return 1
    finally:
        if args.keep:
            say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    duration = time.perf_counter() - t0

    kommando = shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)])
    modus = "QUICK: few runs on small data, not the issue's sizes" if args.quick else "full run"
    su_version = output_of([*sqlite_utils, "--version"]).split()[-1:] if sqlite_utils else []
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
        f"SQLite {sqlite3.sqlite_version} (Python's); {su_note}"
        + (f", version {su_version[0]}" if su_version else "")
        + f"; {s3_note}.",
        "",
    ]
    rapport = "\n".join(header) + text
    print(rapport)
    if out is not None:
        write_results(out, rapport)
        say(f"wrote {out}")
    return 0


def bench(
    tmp: Path,
    sizes: Sizes,
    konsreg: list[str],
    sqlite_utils: list[str] | None,
    sqlite3_cli: str | None,
    profile: bool,
) -> str:
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
    }
    names = {str(tmp) + "/": "", " ".join(map(shlex.quote, konsreg)): "konsreg", py: "python"}
    if sqlite_utils:
        names[" ".join(map(shlex.quote, sqlite_utils))] = "sqlite-utils"
    if sqlite3_cli:
        names[sqlite3_cli] = "sqlite3"
    runner = Runner(tmp, env, names)

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

    def fresh(db: Path, copy_empty: bool) -> Callable[[], None]:
        def prepare() -> None:
            for ende in ("", "-wal", "-shm", "-journal"):
                Path(f"{db}{ende}").unlink(missing_ok=True)
            if copy_empty:
                shutil.copy(f["tom"], db)

        return prepare

    def new_rows(n: int) -> Callable[[str], None]:
        def check(ut: str) -> None:
            if json.loads(ut).get("nye") != n:
                raise BenchError(f"expected {n} new rows, got {ut.strip()}")

        return check

    def rows_in(db: Path) -> Callable[[str], None]:
        def check(_ut: str) -> None:
            with sqlite3.connect(db) as c:
                antall = c.execute("SELECT count(*) FROM avtaler").fetchone()[0]
            if antall != sizes.agreements:
                raise BenchError(f"{db.name}: {antall} rows, not {sizes.agreements}")

        return check

    def some_output(ut: str) -> None:
        if not ut.strip():
            raise BenchError("expected output on stdout, got none")

    def lines(n: int) -> Callable[[str], None]:
        def check(ut: str) -> None:
            if ut.count("\n") - 1 != n:
                raise BenchError(f"expected {n} rows, got {ut.count(chr(10)) - 1}")

        return check

    def saksnummer(ut: str) -> None:
        if not re.fullmatch(r"\d{4}/\d+\s*", ut):
            raise BenchError(f"sak ny: expected a saksnummer, got {ut!r}")

    # -- import of agreements: konsreg, sqlite-utils, the sqlite3 CLI ---------------------
    imp = Contender(
        lambda _n: k(
            "--db", str(f["import"]), "import", "avtaler", str(f["avtaler"]), "--json", "--av", "x"
        ),
        prepare=fresh(f["import"], copy_empty=True),
        check=new_rows(sizes.agreements),
        note="IMPORT.db: a copy of EMPTY.db (`konsreg db upgrade`), made before each run",
    )
    gruppe = [imp]
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
            prepare=fresh(f["su"], copy_empty=False),
            check=rows_in(f["su"]),
            note="NEW-*.db: deleted before each run",
        )
        gruppe.append(su)
    if sqlite3_cli:
        s3 = Contender(
            lambda _n: [sqlite3_cli, "-csv", str(f["s3"]), f".import {f['avtaler']} avtaler"],
            prepare=fresh(f["s3"], copy_empty=False),
            check=rows_in(f["s3"]),
        )
        gruppe.append(s3)
    say(f"import of {sizes.agreements:,} agreements")
    runner.rounds(gruppe, sizes.runs, sizes.warmup, "import")
    # The register the last konsreg import made is the large one the export figure reads.
    for ende in ("", "-wal", "-shm"):
        if Path(f"{f['import']}{ende}").exists():
            shutil.move(f"{f['import']}{ende}", f"{f['stor']}{ende}")

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
    oppstart = [floor, avtaler, vedlegg, sak, eksport]
    say("start-up and export")
    runner.rounds(oppstart, sizes.runs, sizes.warmup, "start-up")

    # -- peak memory of importing case rows -----------------------------------------------
    minne = Contender(
        lambda _n: k(
            "--db", str(f["saker-db"]), "import", "saker", str(f["saker"]), "--json", "--av", "x"
        ),
        prepare=fresh(f["saker-db"], copy_empty=True),
        check=new_rows(sizes.cases),
    )
    say(f"peak memory: import of {sizes.cases:,} case rows")
    # Peak memory needs no warm caches, and the bytecode is warm by now.
    runner.rounds([minne], sizes.runs, 0, "memory")
    fresh(f["saker-db"], copy_empty=False)()

    a = f"{sizes.agreements:,} agreements"
    figures = [
        Figure("`konsreg --help`", hjelp, floor_typer, 1.5),
        Figure("`konsreg avtaler --utlop 2026`, example register", avtaler, floor, 1.2),
        Figure("`konsreg vedlegg c`, example register", vedlegg, floor, 1.2),
        Figure(f"import of {a} (CSV), validation included", imp, su, 0.33),
        Figure(f"`konsreg avtaler --utlop 2026 --format csv`, {a}", eksport, floor, 2.5),
        Figure("`konsreg sak ny` (one insert, history, numbering)", sak, floor, 1.3),
    ]
    linjer = [
        "",
        "| figure | konsreg: median (min–max) | measured against: median (min–max) "
        "| ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
        *(fig.row() for fig in figures),
    ]
    rss = minne.rss_mib()
    linjer.append(
        f"| peak memory (max RSS) of importing {sizes.cases:,} case rows | {med(rss):.0f} MiB "
        f"({min(rss):.0f}–{max(rss):.0f}); the import took {spenn(minne.wall())} | – | – "
        f"| ≤ {MEMORY_TARGET_MIB} MiB | "
        + ("met" if med(rss) <= MEMORY_TARGET_MIB else "**not met**")
        + " |"
    )
    if s3 is not None:
        ganger = med(imp.wall()) / med(s3.wall())
        linjer.append(
            f"| physical floor: the `sqlite3` CLI's `.import` of the same {a} | – | "
            f"`{s3.shown}`: {spenn(s3.wall())} | konsreg takes {ganger:.0f} × as long | – | – |"
        )
    linjer += [
        "",
        f"Wall time, median of {sizes.runs} runs after {sizes.warmup} warm-up round "
        f"({HELP_FACTOR * sizes.runs} runs for `--help` and its floor); the commands of a row ran "
        "in the same rounds, taking turns to go first. Bytecode is cached (in the temporary "
        "directory), as for an installed konsreg. Two cross-checks that other load on the "
        "machine moves less: the median of the per-round wall-time ratios (the two commands "
        "ran back to back), and CPU time (user + system, of the child alone):",
        "",
        "| figure | paired wall ratio | konsreg CPU | reference CPU | CPU ratio "
        "| peak RSS of konsreg |",
        "| --- | --- | --- | --- | --- | --- |",
        *(fig.cpu_row() for fig in figures),
        "",
        "The commands, exactly (file names relative to the temporary directory):",
        "",
    ]
    for c in [floor_typer, hjelp, *oppstart, *gruppe, minne]:
        linjer.append(f"- `{c.shown}`" + (f" ({c.note})" if c.note else ""))
    linjer += [
        f"- `konsreg` is `{shlex.join(konsreg)}`, `python` is `{py}`. avtaler.csv: {a} with "
        "2–6 parties each (ministry codes of the year from konsreg's departementer.csv, KS "
        "last), dd.mm.yyyy dates, categories velferd and samhandling; saker.csv: "
        f"{sizes.cases:,} rows with saksnummer, type, departement, tittel, oppmeldt, "
        "meldt_inn_av.",
    ]
    if profile:
        linjer += profiles(runner, tmp, f["eksempel"], f["profil"], f["tom"], sizes)
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
