"""Which library writes and reads konsreg's workbooks (issue 15): the measurement the
choice rests on, kept so it can be made again when the libraries change.

    python bench/xlsx_bibliotek.py [--rows 100000] [--runs 3]

Writes ROWS case rows (the twelve columns of `eksport saker`: text, numbers, dates, ISO
timestamps as text) with XlsxWriter in constant-memory mode and with openpyxl in
write-only mode, and reads the one workbook back with python-calamine and with openpyxl
in read-only mode. Each step runs in a fresh Python of its own (`python -c`), so its peak
RSS is its own; the figure is the median over the rounds of wall time, CPU time (user +
system) and peak RSS. Needs openpyxl besides konsreg's own dependencies (the test extra
has it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# One step, run as `python -c STEG kind file rows`.
STEG = r"""
import sys
from datetime import date, datetime, timezone
hva, fil, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
FELT = ["saksnummer", "type", "departement", "tittel", "beskrivelse", "oppmeldt",
        "gjentakende", "meldt_inn_av", "status", "status_endret", "opprettet", "endret"]
TID = datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=timezone.utc).isoformat()

def rader():
    for i in range(n):
        yield (f"{2000 + i % 27}/{i + 1}", "kostnadsberegning", "HOD",
               f"Sak {i} om kommunale tjenester og æøå",
               None if i % 3 else "Beskrivelse\nlinje to", 2000 + i % 27,
               "ja" if i % 2 else "nei", "KS", "pagaende", date(2020, 1, 1 + i % 28), TID, TID)

if hva == "xlsxwriter":
    import xlsxwriter
    bok = xlsxwriter.Workbook(fil, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_urls": False})
    ark = bok.add_worksheet("saker")
    dato = bok.add_format({"num_format": "dd.mm.yyyy"})
    tekst = bok.add_format({"num_format": "@"})
    ark.freeze_panes(1, 0)
    for c, f in enumerate(FELT):
        ark.write_string(0, c, f)
    for r, rad in enumerate(rader(), 1):
        for c, v in enumerate(rad):
            if v is None:
                continue
            if type(v) is str:
                ark.write_string(r, c, v, tekst)
            elif type(v) is int:
                ark.write_number(r, c, v)
            else:
                ark.write_datetime(r, c, v, dato)
    bok.close()
elif hva == "openpyxl":
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    bok = Workbook(write_only=True)
    ark = bok.create_sheet("saker")
    ark.freeze_panes = "A2"
    ark.append(FELT)
    for rad in rader():
        celler = []
        for v in rad:
            celle = WriteOnlyCell(ark, v)
            if type(v) is str:
                celle.data_type = "s"  # never a formula
                celle.number_format = "@"
            elif type(v) is date:
                celle.number_format = "dd.mm.yyyy"
            celler.append(celle)
        ark.append(celler)
    bok.save(fil)
elif hva == "calamine":
    from python_calamine import CalamineWorkbook
    with open(fil, "rb") as f:
        bok = CalamineWorkbook.from_filelike(f)
    antall = sum(1 for _ in bok.get_sheet_by_index(0).iter_rows())
    assert antall == n + 1, antall
elif hva == "openpyxl-les":
    from openpyxl import load_workbook
    bok = load_workbook(fil, read_only=True, data_only=True)
    antall = sum(1 for _ in bok.worksheets[0].iter_rows(values_only=True))
    assert antall == n + 1, antall
"""


def ett(hva: str, fil: Path, rows: int) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one step in a fresh Python."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.execv(sys.executable, [sys.executable, "-c", STEG, hva, str(fil), str(rows)])
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{hva} failed")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="konsreg-xlsx-bibliotek-") as tmp:
        filer = {"xlsxwriter": Path(tmp) / "xlsxwriter.xlsx", "openpyxl": Path(tmp) / "op.xlsx"}
        steg = [
            ("write", "xlsxwriter", filer["xlsxwriter"]),
            ("write", "openpyxl", filer["openpyxl"]),
            ("read", "calamine", filer["xlsxwriter"]),
            ("read", "openpyxl-les", filer["xlsxwriter"]),
        ]
        maalt: dict[str, list[tuple[float, float, float]]] = {h: [] for _, h, _ in steg}
        for runde in range(args.runs):
            print(f"round {runde + 1}/{args.runs}", file=sys.stderr)
            for _, hva, fil in steg:
                maalt[hva].append(ett(hva, fil, args.rows))
        print(f"\n{args.rows:,} rows of 12 columns, median of {args.runs} runs:\n")
        print("| step | library | wall | CPU | peak RSS |")
        print("| --- | --- | --- | --- | --- |")
        for hva_, hva, _ in steg:
            w, c, r = (statistics.median(x[i] for x in maalt[hva]) for i in range(3))
            print(f"| {hva_} | {hva} | {w:.1f} s | {c:.1f} s | {r:.0f} MiB |")
        print(
            f"\nFile sizes: XlsxWriter {filer['xlsxwriter'].stat().st_size / 2**20:.1f} MiB, "
            f"openpyxl {filer['openpyxl'].stat().st_size / 2**20:.1f} MiB."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
