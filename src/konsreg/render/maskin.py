"""Machine formats (csv, tsv, json, jsonl): the stored text exactly, with stable field
names, written row by row as the rows come."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import Any

from konsreg.render.felt import celle, json_verdi


def json_tekst(rader: Sequence[dict[str, Any]], felt: Sequence[str]) -> str:
    data = [{f: json_verdi(rad.get(f)) for f in felt} for rad in rader]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class MedLF:
    """Passes CSV rows on to `ut` with LF instead of their CRLF ending."""

    def __init__(self, ut: Any) -> None:
        self.ut = ut

    def write(self, rad: str) -> Any:
        return self.ut.write(rad[:-2] + "\n" if rad.endswith("\r\n") else rad)


def skriv_json_liste(rader: Iterable[Sequence[Any]], felt: Sequence[str], ut: Any) -> int:
    """The text of `json_tekst`, written an object at a time (each row its values in the
    order of `felt`); returns how many."""
    antall = 0
    for rad in rader:
        objekt = json.dumps(_objekt(felt, rad), ensure_ascii=False, indent=2)
        # Newlines in values are escaped in JSON: each one here is the layout's.
        ut.write((",\n  " if antall else "[\n  ") + objekt.replace("\n", "\n  "))
        antall += 1
    ut.write("\n]\n" if antall else "[]\n")
    return antall


def _objekt(felt: Sequence[str], rad: Sequence[Any]) -> dict[str, Any]:
    return dict(zip(felt, map(json_verdi, rad), strict=True))


FORMEL_START = ("=", "+", "-", "@", "\t", "\r")


def excel_celle(tekst: str) -> str:
    """Neutralise a cell Excel would read as a formula (OWASP CSV injection): prefix `'`."""
    return "'" + tekst if tekst.startswith(FORMEL_START) else tekst


def skriv_eksport(
    rader: Iterable[Sequence[Any]], felt: Sequence[str], fmt: str, ut: Any, *, excel: bool = False
) -> int:
    """Write rows (each its values in the order of `felt`) to `ut` as they come; returns
    how many. `excel`: `;`, CRLF and neutralised formulas (the byte order mark is the
    caller's, as it opens the file)."""
    if fmt in ("csv", "tsv"):
        return _skriv_csv(rader, felt, "\t" if fmt == "tsv" else (";" if excel else ","), ut, excel)
    antall = 0
    if fmt == "jsonl":
        for rad in rader:
            ut.write(json.dumps(_objekt(felt, rad), ensure_ascii=False) + "\n")
            antall += 1
        return antall
    if fmt == "json":
        ut.write("[")
        for rad in rader:
            ut.write(",\n  " if antall else "\n  ")
            ut.write(json.dumps(_objekt(felt, rad), ensure_ascii=False))
            antall += 1
        ut.write("\n]\n" if antall else "]\n")
        return antall
    raise ValueError(fmt)


def _skriv_csv(
    rader: Iterable[Sequence[Any]], felt: Sequence[str], skille: str, ut: Any, excel: bool
) -> int:
    """CSV/TSV with CRLF (excel) or LF. Python 3.11 quotes only the line terminator's
    characters, so with LF a lone CR in a cell would go out unquoted: such a row is made
    with CRLF (which quotes it) and its own ending turned into LF."""
    skriver = csv.writer(ut, delimiter=skille, lineterminator="\r\n" if excel else "\n")
    med_cr = None if excel else csv.writer(MedLF(ut), delimiter=skille, lineterminator="\r\n")
    skriver.writerow(felt)
    antall = 0
    for rad in rader:
        celler = [celle(v, f) for v, f in zip(rad, felt, strict=True)]
        if excel:
            celler = [excel_celle(c) for c in celler]
        elif med_cr is not None and any("\r" in c for c in celler):
            med_cr.writerow(celler)
            antall += 1
            continue
        skriver.writerow(celler)
        antall += 1
    return antall
