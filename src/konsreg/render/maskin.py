"""Machine formats (csv, tsv, json, jsonl): the stored text exactly, with stable field
names, written row by row as the rows come."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any

from konsreg.render.felt import celle, json_verdi


def json_tekst(rader: Sequence[dict[str, Any]], felt: Sequence[str]) -> str:
    data = [{f: json_verdi(rad.get(f)) for f in felt} for rad in rader]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


FORMEL_START = ("=", "+", "-", "@", "\t", "\r")


def excel_celle(tekst: str) -> str:
    """Neutralise a cell Excel would read as a formula (OWASP CSV injection): prefix `'`."""
    return "'" + tekst if tekst.startswith(FORMEL_START) else tekst


class MedLF:
    """Passes CSV rows on to `ut` with LF instead of their CRLF ending."""

    def __init__(self, ut: Any) -> None:
        self.ut = ut

    def write(self, rad: str) -> Any:
        return self.ut.write(rad[:-2] + "\n" if rad.endswith("\r\n") else rad)


def skriv_eksport(
    rader: Any, felt: Sequence[str], fmt: str, ut: Any, *, excel: bool = False
) -> int:
    """Write records to `ut` as they come; returns how many. `excel`: `;`, CRLF and
    neutralised formulas (the byte order mark is the caller's, as it opens the file)."""
    antall = 0
    if fmt in ("csv", "tsv"):
        skille = "\t" if fmt == "tsv" else (";" if excel else ",")
        # Rows are made with CRLF even for plain CSV: Python 3.11 quotes only the line
        # terminator's characters, so a lone CR in a cell would go out unquoted.
        skriver = csv.writer(ut if excel else MedLF(ut), delimiter=skille, lineterminator="\r\n")
        skriver.writerow(felt)
        for rad in rader:
            celler = [celle(rad.get(f), f) for f in felt]
            if excel:
                celler = [excel_celle(c) for c in celler]
            skriver.writerow(celler)
            antall += 1
        return antall
    if fmt == "jsonl":
        for rad in rader:
            ut.write(json.dumps({f: json_verdi(rad.get(f)) for f in felt}, ensure_ascii=False))
            ut.write("\n")
            antall += 1
        return antall
    if fmt == "json":
        ut.write("[")
        for rad in rader:
            ut.write(",\n  " if antall else "\n  ")
            ut.write(json.dumps({f: json_verdi(rad.get(f)) for f in felt}, ensure_ascii=False))
            antall += 1
        ut.write("\n]\n" if antall else "]\n")
        return antall
    raise ValueError(fmt)
