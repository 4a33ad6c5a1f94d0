"""Excel workbooks (xlsx) for `eksport … -f xlsx`: one sheet per kind of record, written
row by row in the memory of one row.

XlsxWriter in constant-memory mode writes each row to a temporary file as it comes
(openpyxl's write-only mode was slower and used more memory for 100,000 rows; the
figures are in bench/RESULTS.md). What a cell holds:

- text is always a text cell, never a formula, a number or a link, whatever it looks
  like (`=SUM(A1)`, `2026/1`, `0047`, `http://…`): the workbook holds the register's
  text and nothing Excel would compute;
- a date is a date cell shown dd.mm.yyyy; a date known only to the month is the text
  `juni 2024` (a date cell would say the 1st, a fact the register does not have);
- a point in time (`opprettet`, `endret`) is ISO 8601 text with its offset, to the
  microsecond: an Excel time has neither, and an import compares `endret` exactly;
- yes/no is `ja`/`nei`, years and numbers are numbers, lists as CSV has them.

`import saker|avtaler` reads such a sheet back (lesere/arbeidsbok.py) to the same values.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from konsreg.errors import KonsregFeil
from konsreg.regler.datoer import Manedsdato, norsk_dato
from konsreg.render.felt import celle

# What one sheet and one cell can hold (Excel's specifications and limits).
MAKS_RADER = 1_048_576  # the header row included
MAKS_TEGN = 32_767
# Column widths in characters: wide enough for the longest line in the column (or its
# heading), within these bounds, so a long description does not make a column no one
# can see past.
MIN_BREDDE = 6
MAKS_BREDDE = 60
DATOFORMAT = "dd.mm.yyyy"
# The two characters XML cannot hold that stored text may: a cell would have them as the
# escapes `_xFFFE_`, which are read back as those seven letters.
ikke_xml = re.compile("[\ufffe\uffff]").search


@dataclass(frozen=True)
class Ark:
    """One sheet: its name, its columns (the machine field names, as CSV has them) and
    its rows (each its values in the order of `felt`)."""

    navn: str
    felt: Sequence[str]
    rader: Iterable[Sequence[Any]]


def _tall(antall: int) -> str:
    return f"{antall:,}".replace(",", " ")


class _Kolonner:
    """How wide each column of a sheet has to be, and what it holds: a column of text
    only gets the text format and one of dates only the date format, so what a person
    types into it later is read the same way (`2026/5` stays text)."""

    def __init__(self, felt: Sequence[str]) -> None:
        self.bredde = [len(f) + 3 for f in felt]  # the heading, with room for the filter
        self.art: list[str | None] = ["tekst"] * len(felt)
        self.sett = [False] * len(felt)

    def se(self, i: int, lengde: int, art: str) -> None:
        if lengde > self.bredde[i]:
            self.bredde[i] = lengde
        if not self.sett[i]:
            self.art[i], self.sett[i] = art, True
        elif self.art[i] != art:
            self.art[i] = None


def skriv_arbeidsbok(sti: Path, ark: Iterable[Ark]) -> int:
    """Write the sheets to `sti` (a new file the caller renames into place); returns
    how many rows in all. A value a sheet cannot hold is a KonsregFeil before the file
    is finished."""
    import xlsxwriter
    import xlsxwriter.exceptions

    with tempfile.TemporaryDirectory(prefix="konsreg-xlsx-") as tmp:
        bok = xlsxwriter.Workbook(
            str(sti),
            {
                "constant_memory": True,
                "tmpdir": tmp,  # each sheet's rows, removed with the folder whatever happens
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
            },
        )
        try:
            antall = sum(_skriv_ark(bok, a) for a in ark)
            try:
                bok.close()
            except xlsxwriter.exceptions.FileCreateError as feil:
                # A full disk or a lost folder while the zip is made: the OSError under
                # it, which the caller says in Norwegian with the file's name.
                grunn = feil.args[0] if feil.args else None
                raise grunn if isinstance(grunn, OSError) else OSError(str(feil)) from None
        except BaseException:
            for arket in bok.worksheets():  # the open row files, before the folder goes
                fh = getattr(arket, "row_data_fh", None)
                if fh is not None and not fh.closed:
                    fh.close()
            raise
    return antall


def _skriv_ark(bok: Any, ark: Ark) -> int:
    arket = bok.add_worksheet(ark.navn)
    overskrift = bok.add_format({"bold": True, "num_format": "@", "bottom": 1})
    tekst = bok.add_format({"num_format": "@"})
    bryt = bok.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
    dato = bok.add_format({"num_format": DATOFORMAT})
    skriv_tekst, skriv_tall, skriv_dato = (
        arket.write_string,
        arket.write_number,
        arket.write_datetime,
    )
    kolonner = _Kolonner(ark.felt)
    se = kolonner.se
    for i, navn in enumerate(ark.felt):
        skriv_tekst(0, i, navn, overskrift)
    arket.freeze_panes(1, 0)
    rad_nr = 0
    for rad_nr, rad in enumerate(ark.rader, start=1):
        if rad_nr >= MAKS_RADER:
            raise KonsregFeil(
                f"Arket {ark.navn} får mer enn {_tall(MAKS_RADER - 1)} rader, som er det "
                "Excel kan ha i ett ark; eksporter som CSV (-f csv) i stedet."
            )
        for i, verdi in enumerate(rad):
            if verdi is None:
                continue
            t = type(verdi)
            if t is int:
                skriv_tall(rad_nr, i, verdi)
                se(i, len(str(verdi)), "tall")
                continue
            if t is date:
                skriv_dato(rad_nr, i, verdi, dato)
                se(i, len(DATOFORMAT), "dato")
                continue
            if t is not str:
                verdi = _som_tekst(verdi, ark.felt[i])
            if not verdi:
                continue  # an empty list: an empty cell, as in CSV
            if len(verdi) > MAKS_TEGN:
                raise _for_lang(ark, rad, ark.felt[i], len(verdi))
            if ikke_xml(verdi):
                raise _ikke_i_excel(ark, rad, ark.felt[i], verdi)
            if "\n" in verdi:
                skriv_tekst(rad_nr, i, verdi, bryt)
                se(i, max(map(len, verdi.split("\n"))), "tekst")
            else:
                skriv_tekst(rad_nr, i, verdi, tekst)
                se(i, len(verdi), "tekst")
    formater = {"tekst": tekst, "dato": dato}
    for i, bredde in enumerate(kolonner.bredde):
        format_ = formater.get(kolonner.art[i] or "")
        arket.set_column(i, i, min(max(bredde + 1, MIN_BREDDE), MAKS_BREDDE), format_)
    if ark.felt:
        arket.autofilter(0, 0, rad_nr, len(ark.felt) - 1)
    return rad_nr


def _som_tekst(verdi: Any, felt: str) -> str:
    """A value that is not text, a number or a plain date, as a text cell."""
    if type(verdi) is bool:
        return "ja" if verdi else "nei"
    if isinstance(verdi, Manedsdato):
        return norsk_dato(verdi)  # `juni 2024`
    if isinstance(verdi, datetime):
        return verdi.isoformat()
    return celle(verdi, felt)  # lists: parties as printed, sentences as a JSON array


def _ikke_i_excel(ark: Ark, rad: Sequence[Any], felt: str, verdi: str) -> KonsregFeil:
    tegn = ikke_xml(verdi)
    assert tegn is not None
    hvem = rad[0] if rad and isinstance(rad[0], str) else "en post"
    return KonsregFeil(
        f"{ark.navn}: {felt} i {hvem} har tegnet U+{ord(tegn[0]):04X}, som en Excel-celle ikke "
        "kan holde; rett teksten, eller eksporter som CSV eller JSON (-f csv, -f json)."
    )


def _for_lang(ark: Ark, rad: Sequence[Any], felt: str, lengde: int) -> KonsregFeil:
    hvem = rad[0] if rad and isinstance(rad[0], str) else "en post"
    return KonsregFeil(
        f"{ark.navn}: {felt} i {hvem} har {_tall(lengde)} tegn; en Excel-celle holder høyst "
        f"{_tall(MAKS_TEGN)}. Eksporter som CSV eller JSON (-f csv, -f json) i stedet."
    )


def til_strom(ark: Iterable[Ark], ut: Any) -> int:
    """Write the workbook to a binary stream (stdout in a pipe): made in a temporary
    file first, since a workbook is a zip file finished only at its end."""
    with tempfile.TemporaryDirectory(prefix="konsreg-xlsx-") as tmp:
        sti = Path(tmp) / "eksport.xlsx"
        antall = skriv_arbeidsbok(sti, ark)
        with sti.open("rb") as inn:
            while data := inn.read(1 << 16):
                ut.write(data)
        os.unlink(sti)
    return antall
