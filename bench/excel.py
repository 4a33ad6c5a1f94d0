"""Excel workbooks (issue 15): the import of agreements from an xlsx workbook beside the
import of the same rows from CSV, and the export to each, with the peak memory of all four.

    python bench/excel.py                 # 100,000 agreements, 5 rounds; writes its block
                                          # in bench/RESULTS.md (bench:excel markers)
    python bench/excel.py --rows 1000 --runs 1 --no-write     # a quick look

bench/run.py runs the same figures as part of its main run (and of --quick, for CI).
The rows: bench/run.py's agreements (`write_agreements`), imported once into a register;
that register's `eksport avtaler -f csv` and `-f xlsx` are the two files the imports read,
so both hold the same rows and columns. Each import goes into a fresh copy of an empty
register; the commands of a figure run in the same rounds, taking turns to go first.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import zipfile
from datetime import datetime
from pathlib import Path

import run as bench  # bench/run.py, beside this file

START = "<!-- bench:excel:start (written by bench/excel.py; edit outside these markers) -->"
END = "<!-- bench:excel:end -->"
# An import from a workbook takes at most twice the import of the same rows from CSV.
TARGET_XLSX_IMPORT = 2.0


def maal(
    tmp: Path,
    env: dict[str, str],
    konsreg: list[str],
    runner: bench.Runner,
    rows: int,
    runs: int,
    warmup: int,
) -> list[str]:
    """Measure; the report's lines (a table, then the commands)."""
    mappe = tmp / "excel"
    mappe.mkdir(exist_ok=True)
    kilde, tom, stor = mappe / "avtaler-inn.csv", mappe / "EMPTY.db", mappe / "XLSX-LARGE.db"
    csv_fil, xlsx_fil = mappe / "avtaler.csv", mappe / "avtaler.xlsx"
    inn_csv, inn_xlsx = mappe / "IMPORT-csv.db", mappe / "IMPORT-xlsx.db"

    def k(*a: str) -> list[str]:
        return [*konsreg, *a]

    def en_gang(argv: list[str]) -> None:
        if bench.run_child(argv, env, runner.out, runner.err).rc:
            raise bench.BenchError(f"{runner.show(argv)}: {runner.err.read_text()[-2000:]}")

    bench.say(f"Excel: building a register of {rows:,} agreements")
    bench.write_agreements(kilde, rows)
    bench.make_empty(konsreg, env, tom, runner)
    shutil.copy(tom, stor)
    en_gang(k("--db", str(stor), "import", "avtaler", str(kilde), "-q", "--av", "x"))

    def arbeidsbok(_ut: Path) -> None:
        with zipfile.ZipFile(xlsx_fil) as z:
            if "xl/worksheets/sheet1.xml" not in z.namelist():
                raise bench.BenchError(f"{xlsx_fil.name} is not a workbook")

    ut_csv = bench.Contender(
        lambda _n: k("--db", str(stor), "eksport", "avtaler", "-f", "csv", "-o", str(csv_fil)),
        note=f"{stor.name}: {rows:,} agreements imported from bench/run.py's avtaler.csv",
    )
    ut_xlsx = bench.Contender(
        lambda _n: k("--db", str(stor), "eksport", "avtaler", "-f", "xlsx", "-o", str(xlsx_fil)),
        check=arbeidsbok,
    )
    bench.say(f"Excel: export of {rows:,} agreements")
    runner.rounds([ut_csv, ut_xlsx], runs, warmup, "export")

    imp_csv = bench.Contender(
        lambda _n: k("--db", str(inn_csv), "import", "avtaler", str(csv_fil), "-q", "--av", "x"),
        prepare=bench.fresh(inn_csv, tom),
        check=bench.rows_of(inn_csv, "avtaler", rows),
        note=f"{inn_csv.name}, {inn_xlsx.name}: copies of an empty register made before each run",
    )
    imp_xlsx = bench.Contender(
        lambda _n: k("--db", str(inn_xlsx), "import", "avtaler", str(xlsx_fil), "-q", "--av", "x"),
        prepare=bench.fresh(inn_xlsx, tom),
        check=bench.rows_of(inn_xlsx, "avtaler", rows),
    )
    bench.say(f"Excel: import of {rows:,} agreements")
    runner.rounds([imp_csv, imp_xlsx], runs, warmup, "import")
    for db in (inn_csv, inn_xlsx, stor):
        bench.fresh(db, None)()

    mib = {f: f.stat().st_size / 2**20 for f in (csv_fil, xlsx_fil)}
    storrelse = f"CSV {mib[csv_fil]:.1f} MiB, xlsx {mib[xlsx_fil]:.1f} MiB"
    importfigur = bench.Figure(
        f"import of {rows:,} agreements from xlsx / from CSV", imp_xlsx, imp_csv, TARGET_XLSX_IMPORT
    )

    def rad(navn: str, c: bench.Contender, mot: bench.Contender) -> str:
        rss = c.rss_mib()
        return (
            f"| {navn} | {bench.spenn(c.wall())} | {bench.tid(bench.med(c.cpu()))} | "
            f"{bench.med(rss):.0f} MiB ({min(rss):.0f}–{max(rss):.0f}) | "
            f"{bench.med(c.wall()) / bench.med(mot.wall()):.2f} × |"
        )

    linjer = [
        "",
        "| figure | konsreg: median (min–max) | measured against: median (min–max) "
        "| ratio | target | |",
        "| --- | --- | --- | --- | --- | --- |",
        importfigur.row(),
        "",
        "| figure | paired wall ratio | konsreg CPU | reference CPU | CPU ratio "
        "| peak RSS of konsreg |",
        "| --- | --- | --- | --- | --- | --- |",
        importfigur.cpu_row(),
        "",
        f"Each command alone ({runs} runs after {warmup} warm-up round; the files: {storrelse}):",
        "",
        "| command | wall: median (min–max) | CPU | peak RSS: median (min–max) | wall / CSV |",
        "| --- | --- | --- | --- | --- |",
        rad(f"import of {rows:,} agreements, CSV", imp_csv, imp_csv),
        rad(f"import of {rows:,} agreements, xlsx", imp_xlsx, imp_csv),
        rad(f"`eksport avtaler` of {rows:,}, CSV", ut_csv, ut_csv),
        rad(f"`eksport avtaler` of {rows:,}, xlsx", ut_xlsx, ut_csv),
        "",
        "The commands, exactly:",
        "",
    ]
    for c in (ut_csv, ut_xlsx, imp_csv, imp_xlsx):
        linjer.append(f"- `{c.shown}`" + (f" ({c.note})" if c.note else ""))
    return linjer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="konsreg's Excel figures (issue 15)")
    ap.add_argument("--rows", type=int, default=100_000, help="agreements (default 100,000)")
    ap.add_argument("--runs", type=int, default=5, help="rounds after the warm-up (default 5)")
    ap.add_argument("--no-write", action="store_true", help="print the results only")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = ap.parse_args(argv)
    if args.rows < 1 or args.runs < 1:
        ap.error("--rows and --runs must be at least 1")
    konsreg = bench.find_konsreg()
    tmp = Path(tempfile.mkdtemp(prefix="konsreg-bench-excel-"))
    t0 = time.perf_counter()
    last = os.getloadavg()[0]
    try:
        env = bench.child_env(tmp)
        runner = bench.Runner(tmp, env, {str(tmp) + "/": "", " ".join(konsreg): "konsreg"})
        linjer = maal(tmp, env, konsreg, runner, args.rows, args.runs, 1)
    except bench.BenchError as feil:
        bench.say(f"bench: {feil}")
        return 1
    finally:
        if args.keep:
            bench.say(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    kommando = " ".join(["python", "bench/excel.py", *(sys.argv[1:] if argv is None else argv)])
    rapport = "\n".join(
        [
            f"Run {datetime.now().astimezone():%Y-%m-%d %H:%M %z} by `{kommando}`, "
            f"{time.perf_counter() - t0:.0f} s in all; konsreg at {bench.git_state()}; "
            f"{bench.cpu_model()}, {os.cpu_count()} cores; load average {last:.1f} at the "
            f"start, {os.getloadavg()[0]:.1f} at the end; XlsxWriter "
            f"{bench.version('xlsxwriter')}, python-calamine {bench.version('python-calamine')}.",
            *linjer,
        ]
    )
    print(rapport)
    if not args.no_write:
        bench.write_results(bench.RESULTS, rapport, START, END)
        bench.say(f"wrote {bench.RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
