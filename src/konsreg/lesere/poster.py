"""Readers for record imports (`import saker`, `import avtaler`): CSV, TSV, JSON and JSONL,
read as a stream so a file of a million rows never sits in memory.

A reader turns bytes into `(line number, {field: text})` with the register's own field
names; it knows column headings, encodings and delimiters, and nothing about the
database.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from konsreg.errors import Bruksfeil, KonsregFeil, Valideringsfeil
from konsreg.lesere import kilde as grenser  # limits read when used (tests lower them)
from konsreg.lesere.kilde import (
    Kilde,
    _linjer,
    filart,
    ikke_tekst,
    kort_liste,
    storrelse,
    tekstart,
    velg_format,
)
from konsreg.lesere.kolonner import (
    POSTTYPER,
    _csvfeil,
    _overskriftsceller,
    kolonnekart,
    normaliser_overskrift,
    velg_skilletegn,
)
from konsreg.tekst import sitat


class Lest(NamedTuple):
    """An opened import: its format, its rows as (line, fields), the counter of how far
    the reading has come (`lest`, in bytes), and the name messages give the rows (the
    file; a workbook's `FIL:ark`)."""

    format: str
    rader: Iterator[tuple[int, dict[str, Any]]]
    teller: Any
    navn: str


def les_poster(
    kilde: Kilde,
    *,
    fmt: str | None,
    kjente: dict[str, str],
    encoding: str = "utf-8-sig",
    delimiter: str | None = None,
    ignorer_ukjente: bool = False,
    ark: str | None = None,
) -> Lest:
    """Open the rows of `kilde`, a text format or an Excel workbook (`ark`: the sheet to
    read, else the first)."""
    start = kilde.strom.read(4096)
    valgt = _sjekk_art(kilde, fmt, start)
    if valgt == "xlsx":
        if delimiter:
            raise Bruksfeil("--delimiter gjelder bare CSV; en Excel-arbeidsbok har celler.")
        from konsreg.lesere import arbeidsbok

        navn, rader_, radteller = arbeidsbok.les_ark(
            kilde, start, ark=ark, kjente=kjente, ignorer_ukjente=ignorer_ukjente
        )
        return Lest(valgt, rader_, radteller, navn)
    if ark is not None:
        raise Bruksfeil(
            f"--ark gjelder bare Excel-arbeidsbøker (xlsx); {kilde.navn} er {valgt.upper()}."
        )
    tekst, teller = _linjer(kilde.strom, start, encoding, kilde.navn, biter=valgt == "json")
    if valgt in ("csv", "tsv"):
        rader = _delimited(tekst, valgt, kjente, encoding, delimiter, ignorer_ukjente, kilde.navn)
    elif valgt == "jsonl":
        rader = _jsonl(tekst, kjente, encoding, ignorer_ukjente, kilde.navn)
    else:
        rader = _json(tekst, kjente, encoding, ignorer_ukjente, kilde.navn)
    return Lest(valgt, rader, teller, kilde.navn)


_TEKSTFORMATER = {"csv": "CSV", "tsv": "TSV", "json": "JSON", "jsonl": "JSONL"}


def _sjekk_art(kilde: Kilde, fmt: str | None, start: bytes) -> str:
    """The format to read: the one given, else the file's extension, else what its
    bytes are; a file that is something else than its name or --format says (a
    workbook named .csv, text named .xlsx, an .xls or .ods) is refused with what it is
    and what to do, instead of failing on its bytes."""
    art = filart(kilde, start)
    if art not in (None, "xlsx"):
        raise ikke_tekst(kilde.navn, art)
    if fmt is None and kilde.filending in ("xlsx", "xlsm"):
        fmt = "xlsx"
    if fmt == "xlsx" or (fmt is None and art == "xlsx" and kilde.filending not in _TEKSTFORMATER):
        if art == "xlsx":
            return "xlsx"
        if not start.strip():
            raise tom_inndata(kilde.navn)
        hva = tekstart(start)
        raise KonsregFeil(
            f"{kilde.navn} er en tekstfil ({hva}), ikke en Excel-arbeidsbok (xlsx); gi filen "
            f"endelsen .{hva.lower()}, eller les den med --format {hva.lower()}."
        )
    valgt = velg_format(kilde, fmt, start)
    if art == "xlsx":
        raise ikke_tekst(kilde.navn, art, _TEKSTFORMATER[valgt])
    return valgt


def les_alt(
    kilde: Kilde, *, encoding: str = "utf-8-sig", ignorer_ukjente: bool = False
) -> tuple[Iterator[tuple[int, str | None, dict[str, Any]]], Any]:
    """Open the lines of an `eksport alt` JSONL file: (iterator of (line, kind, fields),
    byte counter). The kind is the line's `post` (sak, avtale, mote, punkt), which says
    what its fields are; None for a line that has no known kind (its fields then hold
    the problem, `_feil`)."""
    start = kilde.strom.read(4096)
    art = filart(kilde, start)
    if art == "xlsx":
        raise Bruksfeil(
            f"{kilde.navn} er en Excel-arbeidsbok (xlsx); «import alt» leser JSONL slik «eksport "
            "alt» skriver den. Les arkene med «konsreg import saker FIL --ark saker» og "
            "«konsreg import avtaler FIL --ark avtaler»."
        )
    if art is not None:
        raise ikke_tekst(kilde.navn, art, "JSONL")
    if velg_format(kilde, None, start) != "jsonl":
        raise Bruksfeil(
            f"{kilde.navn}: «import alt» leser JSONL slik «eksport alt» skriver den (ett "
            "objekt per linje, med feltet post); en JSON-fil fra «eksport alt -f json» eller "
            "en tabell kan ikke leses inn her."
        )
    tekst, teller = _linjer(kilde.strom, start, encoding, kilde.navn)
    return _alt(tekst, ignorer_ukjente, kilde.navn), teller


def _alt(
    tekst: Iterator[str], ignorer_ukjente: bool, navn: str
) -> Iterator[tuple[int, str | None, dict[str, Any]]]:
    kjente = ", ".join(POSTTYPER)
    for linje, data in _jsonl(tekst, {}, "", True, navn, uten_kart=True):
        if "_feil" in data:
            yield linje, None, data
            continue
        post = next((v for k, v in data.items() if normaliser_overskrift(str(k)) == "post"), None)
        if not isinstance(post, str) or post.strip().lower() not in POSTTYPER:
            hva = "mangler" if post is None else f"er {sitat(post)}"
            yield linje, None, {"_feil": f"feltet post {hva}; ventet {kjente}"}
            continue
        post = post.strip().lower()
        felt = {k: v for k, v in data.items() if normaliser_overskrift(str(k)) != "post"}
        yield linje, post, _fra_json(felt, POSTTYPER[post], ignorer_ukjente, f"{navn}:{linje}")


def tom_inndata(navn: str) -> Valideringsfeil:
    """Nothing at all to read (not even a header, or `[]`): what a failed step before a
    pipe (`jq … | konsreg import saker -`) leaves. An error, so it is noticed."""
    return Valideringsfeil(
        f"{navn}: tom inndata (ingen overskriftsrad og ingen rader); ingenting er lagret."
    )


def _delimited(
    tekst: Iterator[str],
    fmt: str,
    kjente: dict[str, str],
    encoding: str,
    delimiter: str | None,
    ignorer_ukjente: bool,
    navn: str,
) -> Iterator[tuple[int, dict[str, Any]]]:
    # Also set here: the limit is the csv module's, for the whole process.
    csv.field_size_limit(grenser.GRENSE_FELT)
    overskrift = next(tekst, "")
    if not overskrift.strip("\ufeff \t\r\n"):
        if any(linje.strip() for linje in tekst):
            # Rows after a blank first line would otherwise be dropped without a word.
            raise KonsregFeil(f"{navn}:1: første linje er tom; ventet overskriftsraden.")
        raise tom_inndata(navn)
    overskrift = overskrift.lstrip("\ufeff")
    if delimiter:
        tegn = "\t" if delimiter.lower() in ("tab", "\\t", "\t") else delimiter
        if len(tegn) != 1:
            raise Bruksfeil("--delimiter må være ett tegn: ';', ',' eller tab.")
    elif fmt == "tsv":
        tegn = "\t"
    else:
        tegn = velg_skilletegn(overskrift.rstrip("\r\n"), kjente, navn)
    felt = kolonnekart(
        _overskriftsceller(overskrift.rstrip("\r\n"), tegn, navn),
        kjente,
        ignorer_ukjente=ignorer_ukjente,
        navn=navn,
    )
    alle_kjente = None not in felt
    antall = len(felt)
    # [characters of the row being read, its first line]: the loop below resets it per
    # row, `_postgrense` counts (a list, not an object's attributes: this is per line).
    raden = [0, 2]
    leser = csv.reader(_postgrense(tekst, navn, raden), delimiter=tegn)
    linje = 1
    while True:
        raden[0] = 0
        raden[1] = start = linje + 1
        try:
            celler = next(leser)
        except StopIteration:
            return
        except csv.Error as feil:
            raise KonsregFeil(f"{navn}:{start}: kan ikke lese raden ({_csvfeil(feil)}).") from None
        linje = leser.line_num + 1
        if len(celler) == antall and alle_kjente:
            # The common row: as many cells as the header, every column known.
            rad_: dict[str, Any] = {f: c.strip() or None for f, c in zip(felt, celler, strict=True)}  # type: ignore[misc]
            if any(rad_.values()):
                yield start, rad_
            continue
        if not "".join(celler).strip():  # no cells, or only white space
            continue
        rad: dict[str, Any] = {}
        if len(celler) > antall and any(c.strip() for c in celler[antall:]):
            rad["_feil"] = f"har {len(celler)} kolonner, overskriften har {antall}"
        # Every column of the header, also past the end of a short row: the row check
        # knows the columns the file has (an update changes only those).
        for i, f in enumerate(felt):
            if f is not None:
                rad[f] = (celler[i].strip() or None) if i < len(celler) else None
        yield start, rad


def _postgrense(linjer: Iterator[str], navn: str, raden: list[int]) -> Iterator[str]:
    """The lines of a CSV file, counting the characters of the row being read
    (`raden`): a row over many lines (newlines inside quotes) stops at GRENSE_POST,
    with its first line."""
    grense = grenser.GRENSE_POST
    for linje in linjer:
        raden[0] += len(linje)
        if raden[0] > grense:
            raise KonsregFeil(
                f"{navn}:{raden[1]}: raden er lengre enn {storrelse(grense)}, som er "
                "grensen for én rad; sjekk at anførselstegnene i filen er parvise."
            )
        yield linje


def _fra_json(obj: Any, kjente: dict[str, str], ignorer_ukjente: bool, hvor: str) -> dict[str, Any]:
    if not isinstance(obj, dict):
        return {"_feil": "er ikke et JSON-objekt"}
    rad: dict[str, Any] = {}
    ukjente = []
    for nokkel, verdi in obj.items():
        f = kjente.get(normaliser_overskrift(str(nokkel)))
        if f is None:
            ukjente.append(str(nokkel))
            continue
        if isinstance(verdi, str):
            if len(verdi) > grenser.GRENSE_FELT:
                raise KonsregFeil(
                    f"{hvor}: feltet {sitat(nokkel)} er lengre enn "
                    f"{storrelse(grenser.GRENSE_FELT)}, som er grensen for ett felt."
                )
            verdi = verdi.strip() or None
        rad[f] = verdi
    if ukjente and not ignorer_ukjente:
        rad["_feil"] = (
            f"ukjente felt: {kort_liste(ukjente)} (bruk --ignorer-ukjente for å hoppe over dem)"
        )
    return rad


_FOR_DYP = "JSON-verdien er for dypt nestet (lister eller objekter i hverandre)"


def _jsonl(
    tekst: Iterator[str],
    kjente: dict[str, str],
    encoding: str,
    ignorer_ukjente: bool,
    navn: str,
    *,
    uten_kart: bool = False,
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each line's object, its fields mapped to the register's (`uten_kart`: as they are, for
    `les_alt`, which maps them by the line's kind)."""
    tom = True
    for linje, tekstlinje in enumerate(tekst, start=1):
        tekstlinje = tekstlinje.lstrip("\ufeff").strip()
        if not tekstlinje:
            continue
        tom = False
        try:
            obj = json.loads(tekstlinje)
        except json.JSONDecodeError as feil:
            yield linje, {"_feil": f"ugyldig JSON ({feil.msg})"}
            continue
        except RecursionError:
            yield linje, {"_feil": _FOR_DYP}
            continue
        if uten_kart:
            yield linje, obj if isinstance(obj, dict) else {"_feil": "er ikke et JSON-objekt"}
            continue
        yield linje, _fra_json(obj, kjente, ignorer_ukjente, f"{navn}:{linje}")
    if tom:
        raise tom_inndata(navn)


_MELLOM = re.compile(r"[ \t\r\n\ufeff,]*")
_HVITT = re.compile(r"\s*")


def _json(
    tekst: Iterator[str], kjente: dict[str, str], encoding: str, ignorer_ukjente: bool, navn: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """A JSON array of objects, decoded one object at a time from pieces of text."""
    leser = _JsonListe(tekst, navn)
    while (funnet := leser.neste()) is not None:
        linje, obj = funnet
        yield linje, _fra_json(obj, kjente, ignorer_ukjente, f"{navn}:{linje}")


class _JsonListe:
    """The objects of a JSON array. The buffer holds the object being read and at most
    one piece more: an object is at most GRENSE_POST characters, however the file is
    split into lines."""

    def __init__(self, tekst: Iterator[str], navn: str) -> None:
        self.tekst, self.navn = tekst, navn
        self.dekoder = json.JSONDecoder()
        self.buffer = ""
        self.pos = 0  # where the unread text starts; moving it, not slicing, keeps this linear
        self.linje = 1
        self.apnet = False

    def fyll(self, minst: int = 1 << 16) -> bool:
        """Drop what is read, and add pieces until `minst` characters came or the text ended."""
        deler: list[str] = []
        lagt = 0
        for del_ in self.tekst:
            deler.append(del_)
            lagt += len(del_)
            if lagt >= minst:
                break
        self.buffer = self.buffer[self.pos :] + "".join(deler)
        self.pos = 0
        return bool(deler)

    def hopp(self, monster: re.Pattern[str]) -> None:
        treff = monster.match(self.buffer, self.pos)
        assert treff is not None  # both patterns match the empty string
        self.linje += self.buffer.count("\n", self.pos, treff.end())
        self.pos = treff.end()

    def neste(self) -> tuple[int, Any] | None:
        """(line, object) of the next object, or None after the closing bracket."""
        self._til_neste()
        if self.buffer.startswith("]", self.pos):
            self._slutt()
            return None
        obj, slutt = self._objekt()
        linje = self.linje
        self.linje += self.buffer.count("\n", self.pos, slutt)
        self.pos = slutt
        return linje, obj

    def _til_neste(self) -> None:
        """Past white space, the opening bracket and the commas between objects."""
        while True:
            self.hopp(_MELLOM)
            if not self.apnet and self.buffer.startswith("[", self.pos):
                self.apnet = True
                self.pos += 1
                continue
            if self.pos < len(self.buffer) or not self.fyll():
                break
        if self.pos >= len(self.buffer):
            if not self.apnet:
                raise tom_inndata(self.navn)
            raise KonsregFeil(
                f"{self.navn}:{self.linje}: JSON-lista slutter for tidlig (mangler ']')."
            )
        if not self.apnet:
            raise KonsregFeil(
                f"{self.navn}:{self.linje}: ventet en JSON-liste med objekter ([{{...}}, ...])."
            )

    def _slutt(self) -> None:
        self.pos += 1
        slutt_linje = self.linje  # the message names the line where the list ends
        while True:
            self.hopp(_HVITT)
            if self.pos < len(self.buffer):
                raise KonsregFeil(f"{self.navn}:{slutt_linje}: tekst etter slutten av JSON-lista.")
            if not self.fyll():
                return

    def _objekt(self) -> tuple[Any, int]:
        grense = grenser.GRENSE_POST
        while True:
            try:
                obj, slutt = self.dekoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as feil:
                igjen = len(self.buffer) - self.pos
                if igjen > grense:
                    raise _for_stort_objekt(self.navn, self.linje) from None
                # Double what is there (up to the limit): few decode attempts per object.
                if not self.fyll(min(max(1 << 16, igjen), grense + 1 - igjen)):
                    raise KonsregFeil(
                        f"{self.navn}:{self.linje}: ugyldig JSON ({feil.msg})."
                    ) from None
                continue
            except RecursionError:
                raise KonsregFeil(f"{self.navn}:{self.linje}: {_FOR_DYP}.") from None
            if slutt - self.pos > grense:
                raise _for_stort_objekt(self.navn, self.linje)
            return obj, slutt


def _for_stort_objekt(navn: str, linje: int) -> KonsregFeil:
    return KonsregFeil(
        f"{navn}:{linje}: objektet er lengre enn {storrelse(grenser.GRENSE_POST)}, som er "
        "grensen for én rad."
    )
