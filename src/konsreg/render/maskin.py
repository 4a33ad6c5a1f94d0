"""Machine formats (csv, tsv, json, jsonl): the stored text exactly, with stable field
names, written row by row as the rows come."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from konsreg.render.felt import celle, json_verdi


def json_tekst(rader: Sequence[dict[str, Any]], felt: Sequence[str]) -> str:
    """Rows as one indented JSON array (the text `skriv_json_liste` streams)."""
    ut = io.StringIO()
    skriv_json_liste(([rad.get(f) for f in felt] for rad in rader), felt, ut)
    return ut.getvalue()


class MedLF:
    """Passes CSV rows on to `ut` with LF instead of their CRLF ending."""

    def __init__(self, ut: Any) -> None:
        self.ut = ut

    def write(self, rad: str) -> Any:
        return self.ut.write(rad[:-2] + "\n" if rad.endswith("\r\n") else rad)


def skriv_json_liste(rader: Iterable[Sequence[Any]], felt: Sequence[str], ut: Any) -> int:
    """Rows (each its values in the order of `felt`) as one indented JSON array, written
    an object at a time; returns how many."""
    antall = 0
    konv = Kolonnevis(felt, _json_konvertering)
    bunker = Bunker(ut)
    for rad in rader:
        objekt = json.dumps(dict(zip(felt, konv(rad), strict=True)), ensure_ascii=False, indent=2)
        # Newlines in values are escaped in JSON: each one here is the layout's.
        bunker.write((",\n  " if antall else "[\n  ") + objekt.replace("\n", "\n  "))
        antall += 1
        if antall % Bunker.ROWS == 0:
            bunker.tom()
    bunker.write("\n]\n" if antall else "[]\n")
    bunker.tom()
    return antall


class Kolonnevis:
    """Converts rows column by column: each column gets its conversion from the first
    value in it that is not None (a column of the register holds one type), and columns
    of text and numbers, which need none, cost nothing per row. `velg(verdi, felt)`
    returns the conversion, or None for a value written as it is."""

    def __init__(self, felt: Sequence[str], velg: Callable[[Any, str], Any]) -> None:
        self.felt, self.velg = felt, velg
        self.ukjente = list(range(len(felt)))
        self.konverter: list[tuple[int, Callable[[Any], Any]]] = []

    def __call__(self, rad: Sequence[Any]) -> Sequence[Any]:
        if self.ukjente:
            self._lær(rad)
        if not self.konverter:
            return rad
        verdier = list(rad)
        for i, fn in self.konverter:
            if (v := verdier[i]) is not None:
                verdier[i] = fn(v)
        return verdier

    def _lær(self, rad: Sequence[Any]) -> None:
        for i in [i for i in self.ukjente if rad[i] is not None]:
            self.ukjente.remove(i)
            if (fn := self.velg(rad[i], self.felt[i])) is not None:
                self.konverter.append((i, fn))


def _json_konvertering(verdi: Any, _felt: str) -> Callable[[Any], Any] | None:
    if type(verdi) in (str, int, bool, list):
        return None
    return datetime.isoformat if type(verdi) is datetime else json_verdi


def _celle_konvertering(verdi: Any, felt: str) -> Callable[[Any], Any] | None:
    # csv.writer writes str and int as they are, and None as an empty cell.
    if type(verdi) in (str, int):
        return None
    return lambda v: celle(v, felt)


FORMEL_START = ("=", "+", "-", "@", "\t", "\r")


def excel_celle(tekst: str) -> str:
    """Neutralise a cell Excel would read as a formula (OWASP CSV injection): prefix `'`."""
    return "'" + tekst if tekst.startswith(FORMEL_START) else tekst


class Bunker:
    """What is written, passed on to `ut` a batch of rows at a time: a write per row
    costs more than the row (through a pipe, more than the rest of the work). `write`
    is the list's own append, so csv.writer can write here too."""

    ROWS = 1000

    def __init__(self, ut: Any) -> None:
        self.ut = ut
        self.deler: list[str] = []
        self.write = self.deler.append

    def tom(self) -> None:
        if self.deler:
            self.ut.write("".join(self.deler))
            self.deler.clear()


def skriv_eksport(
    rader: Iterable[Sequence[Any]],
    felt: Sequence[str],
    fmt: str,
    ut: Any,
    *,
    excel: bool = False,
    fast: Mapping[str, Any] | None = None,
) -> int:
    """Write rows (each its values in the order of `felt`) to `ut` as they come; returns
    how many. `excel`: `;`, CRLF and neutralised formulas (the byte order mark is the
    caller's, as it opens the file). `fast`: fields every JSON object starts with
    (`eksport alt` tells what each line is: `"post": "sak"`)."""
    if fmt in ("csv", "tsv"):
        return _skriv_csv(rader, felt, "\t" if fmt == "tsv" else (";" if excel else ","), ut, excel)
    if fmt not in ("json", "jsonl"):
        raise ValueError(fmt)
    antall = 0
    konv = Kolonnevis(felt, _json_konvertering)
    bunker = Bunker(ut)
    skriv = bunker.write
    # JSON: one object a line in an array; JSONL: one a line.
    start, mellom, slutt = ("\n  ", ",\n  ", "\n") if fmt == "json" else ("", "", "\n")
    if fmt == "json":
        skriv("[")
    for rad in rader:
        skriv(mellom if antall else start)
        objekt = dict(fast or {})
        objekt.update(zip(felt, konv(rad), strict=True))
        skriv(json.dumps(objekt, ensure_ascii=False))
        if fmt == "jsonl":
            skriv("\n")
        antall += 1
        if antall % Bunker.ROWS == 0:
            bunker.tom()
    if fmt == "json":
        skriv(slutt + "]\n" if antall else "]\n")
    bunker.tom()
    return antall


def _skriv_csv(
    rader: Iterable[Sequence[Any]], felt: Sequence[str], skille: str, ut: Any, excel: bool
) -> int:
    """CSV/TSV with CRLF (excel) or LF. Python 3.11 quotes only the line terminator's
    characters, so with LF a lone CR in a cell would go out unquoted: such a row is made
    with CRLF (which quotes it) and its own ending turned into LF."""
    bunker = Bunker(ut)
    skriver = csv.writer(bunker, delimiter=skille, lineterminator="\r\n" if excel else "\n")
    med_cr = None if excel else csv.writer(MedLF(bunker), delimiter=skille, lineterminator="\r\n")
    skriver.writerow(felt)
    antall = 0
    konv = Kolonnevis(felt, _celle_konvertering)
    for rad in rader:
        celler = konv(rad)
        if excel:
            celler = [excel_celle("" if c is None else str(c)) for c in celler]
        if med_cr is not None and any(type(c) is str and "\r" in c for c in celler):
            med_cr.writerow(celler)
        else:
            skriver.writerow(celler)
        antall += 1
        if antall % Bunker.ROWS == 0:
            bunker.tom()
    bunker.tom()
    return antall
