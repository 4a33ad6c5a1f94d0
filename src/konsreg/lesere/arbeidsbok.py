"""Excel workbooks (xlsx) for `import saker|avtaler`: one sheet's rows, each cell turned
into the text a CSV file would hold (a date cell `2026-04-30`, a number `2026`), so the
rows go through the same header aliases and the same checks as CSV, and the messages
name the file, the sheet and the row (`saker.xlsx:saker:3:`).

Read with python-calamine (Rust): far faster than openpyxl's read-only mode, at the cost
of holding the one sheet's cells in memory while it is read (figures in
bench/RESULTS.md). Excel's limit of 1,048,576 rows a sheet bounds that.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import IO, Any

from konsreg.errors import KonsregFeil
from konsreg.lesere.kilde import Kilde, kort_liste
from konsreg.lesere.kolonner import kolonnekart, normaliser_overskrift
from konsreg.tekst import sitat, synlig


class Radteller:
    """How far the reading has come, in the bytes of the file (for the progress bar,
    which counts bytes): the share of the sheet's rows read so far."""

    def __init__(self, storrelse: int | None, rader: int) -> None:
        self.storrelse = storrelse or 0
        self.rader = max(rader, 1)
        self.lest = 0

    def rad(self, nr: int) -> None:
        self.lest = self.storrelse * min(nr, self.rader) // self.rader


def _apne(kilde: Kilde, start: bytes) -> Any:
    """The workbook of `kilde` (calamine reads the whole file, compressed, as it opens
    it). A stream that cannot seek (a pipe, stdin) is copied to a temporary file first:
    a zip file is read from its end."""
    from python_calamine import CalamineWorkbook

    strom: IO[bytes] = kilde.strom
    try:
        strom.seek(0)
    except (OSError, ValueError, AttributeError):
        with tempfile.TemporaryFile() as kopi:
            kopi.write(start)
            shutil.copyfileobj(strom, kopi, 1 << 20)
            kopi.seek(0)
            return CalamineWorkbook.from_filelike(kopi)
    return CalamineWorkbook.from_filelike(strom)


def _velg_ark(bok: Any, navn: str, ark: str | None) -> str:
    """The sheet to read: the one named (exactly, else ignoring case and æøå spelling, so
    `moter` finds «møter»), or the first worksheet."""
    from python_calamine import SheetTypeEnum

    arkene = [m.name for m in bok.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    if ark is None:
        if not arkene:
            raise KonsregFeil(f"{navn} har ingen regneark å lese.")
        return arkene[0]
    for lik in (
        lambda a: a == ark,
        lambda a: a.casefold() == ark.casefold(),
        lambda a: normaliser_overskrift(a) == normaliser_overskrift(ark),
    ):
        treff = [a for a in arkene if lik(a)]
        if treff:
            return treff[0]
    raise KonsregFeil(
        f"{navn} har ikke noe ark som heter {sitat(ark)}; arkene er {kort_liste(arkene)}."
    )


def celletekst(verdi: Any) -> str | None:
    """A cell as the text a CSV file would hold, None when empty: a date cell in ISO
    8601 (a date with a time of day keeps the time, and the checks say what is wrong
    with it), a whole number without `.0`, yes/no as true/false."""
    t = type(verdi)
    if t is str:
        return verdi.strip() or None
    if t is float:
        return str(int(verdi)) if verdi.is_integer() else repr(verdi)
    if t is bool:
        return "true" if verdi else "false"
    if t is date:
        return verdi.isoformat()
    if t is datetime:
        if verdi.hour == verdi.minute == verdi.second == verdi.microsecond == 0:
            return verdi.date().isoformat()
        return verdi.isoformat(sep=" ")
    if verdi is None:
        return None
    return str(verdi)


def _nummer_som_dato(dato: date) -> str:
    """A case number Excel made a date of: typed as `2026/5` into a cell of the General
    format, it is 1 May 2026 (the checks would only say the date is no case number)."""
    return (
        f"saksnummer er en datocelle ({dato:%d.%m.%Y}), ikke tekst: Excel gjør f.eks. "
        f"{dato.year}/{dato.month} til en dato når kolonnen ikke har tekstformat; gi "
        "kolonnen formatet Tekst og skriv nummeret inn igjen"
    )


def les_ark(
    kilde: Kilde,
    start: bytes,
    *,
    ark: str | None,
    kjente: dict[str, str],
    ignorer_ukjente: bool,
) -> tuple[str, Iterator[tuple[int, dict[str, Any]]], Radteller]:
    """Open one sheet of the workbook in `kilde`: (the name messages use, `FIL:ark`;
    iterator of (row number, fields); progress counter). The header is the sheet's
    first row; the row numbers are the sheet's own, as Excel shows them."""
    from python_calamine import CalamineError

    try:
        bok = _apne(kilde, start)
        valgt = _velg_ark(bok, kilde.navn, ark)
        arket = bok.get_sheet_by_name(valgt)
    except (CalamineError, OSError, ValueError) as feil:
        raise KonsregFeil(
            f"{kilde.navn} kan ikke leses som en Excel-arbeidsbok ({synlig(str(feil))}); "
            "åpne den i Excel og lagre den på nytt som Excel-arbeidsbok (.xlsx)."
        ) from None
    navn = f"{kilde.navn}:{valgt}"
    teller = Radteller(kilde.storrelse, arket.height)
    return navn, _rader(arket, navn, kjente, ignorer_ukjente, teller), teller


def _rader(
    arket: Any, navn: str, kjente: dict[str, str], ignorer_ukjente: bool, teller: Radteller
) -> Iterator[tuple[int, dict[str, Any]]]:
    from konsreg.lesere.poster import tom_inndata

    hjorne = arket.start  # the first cell in use: calamine leaves out what is before it
    if hjorne is None:
        raise tom_inndata(navn)
    if hjorne[0] > 0:
        raise KonsregFeil(f"{navn}:1: første rad er tom; ventet overskriftsraden.")
    rader = iter(arket.iter_rows())
    overskrift = [celletekst(c) or "" for c in next(rader, [])]
    if not any(overskrift):  # a sheet whose size says it starts at A1, with nothing there
        if any(any(celletekst(c) for c in celler) for celler in rader):
            raise KonsregFeil(f"{navn}:1: første rad er tom; ventet overskriftsraden.")
        raise tom_inndata(navn)
    while not overskrift[-1]:  # the sheet is as wide as its widest row: the header's own
        overskrift.pop()
    felt = kolonnekart(overskrift, kjente, ignorer_ukjente=ignorer_ukjente, navn=navn)
    nummer = felt.index("saksnummer") if "saksnummer" in felt else None
    for nr, celler in enumerate(rader, start=2):
        if nr % 1000 == 0:
            teller.rad(nr)
        tekster = [celletekst(c) for c in celler]
        if not any(tekster):
            continue
        rad: dict[str, Any] = {}
        if any(tekster[len(felt) :]):
            brukt = max(i for i, t in enumerate(tekster) if t) + 1
            rad["_feil"] = f"har {brukt} kolonner, overskriften har {len(felt)}"
        for i, f in enumerate(felt):
            if f is not None:
                rad[f] = tekster[i] if i < len(tekster) else None
        if nummer is not None and isinstance(celler[nummer], date):
            rad["_feil"] = _nummer_som_dato(celler[nummer])
            rad["saksnummer"] = None  # one message for the one mistake
        yield nr, rad
    teller.rad(arket.height)
