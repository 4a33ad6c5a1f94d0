"""Readers for record imports (`import saker`, `import avtaler`): CSV, TSV, JSON and JSONL
from a file, a pipe or stdin, read as a stream so a file of a million rows never sits in
memory, and with limits so one huge line or field cannot fill it either: a field is at
most GRENSE_FELT characters, a line GRENSE_LINJE bytes and a row (a CSV row over several
lines, a JSON object) GRENSE_POST characters. Past a limit the import stops with the
line number, before the rest of the line is read.

A reader turns bytes into `(line number, {field: text})` with the register's own field
names; it knows column headings, encodings and delimiters, and nothing about the
database.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import stat
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from konsreg.errors import Bruksfeil, KonsregFeil, os_feil
from konsreg.tekst import sitat

FORMATER = ("csv", "tsv", "json", "jsonl")
SKILLETEGN = {";": "semikolon", ",": "komma", "\t": "tabulator"}

# Input limits (README "Import" documents them). A field holds at most 1 MiB of text;
# a line of the file at most 4 MiB, and so does a row; `import vedlegg` reads a pasted
# table of at most 10 MiB whole.
GRENSE_FELT = 1 << 20
GRENSE_LINJE = 4 << 20
GRENSE_POST = 4 << 20
GRENSE_VEDLEGG = 10 << 20
# How many names a message lists before "… og 999 990 til".
MAKS_NAVN = 10


def storrelse(antall: int) -> str:
    """A limit in bytes as people say it: 1 MB, 4 MB, 10 MB."""
    return f"{antall / (1 << 20):g} MB" if antall >= 1 << 20 else f"{antall} byte"


def tall(antall: int) -> str:
    """Norwegian thousands: 999 990."""
    return f"{antall:,}".replace(",", " ")


def kort_liste(navn: list[str], maks: int = MAKS_NAVN) -> str:
    """Names quoted and listed, at most `maks` of them, then how many more there are:
    «a», «b», … og 999 990 til (a header of a million columns makes a short message)."""
    vist = ", ".join(sitat(n) for n in navn[:maks])
    if len(navn) > maks:
        vist += f" … og {tall(len(navn) - maks)} til"
    return vist


def normaliser_overskrift(tekst: str) -> str:
    """`Første avtale inngått`, `forste_avtale`, ` FØRSTE-AVTALE ` all become `forsteavtale…`."""
    t = tekst.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()
    # People without æøå on the keyboard write Foerste and Inngaatt.
    return re.sub(r"[^a-z0-9]", "", t).replace("aa", "a").replace("oe", "o")


def _kart(par: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {
        normaliser_overskrift(alias): felt for felt, aliaser in par.items() for alias in aliaser
    }


# Field names of the register's own exports, plus the headings people write.
SAK_KOLONNER = _kart(
    {
        "saksnummer": ("saksnummer", "saksnr", "saksnr.", "nr", "nummer"),
        "type": ("type", "sakstype", "art"),
        "departement": ("departement", "dep", "dep.", "ansvarlig departement"),
        "tittel": ("tittel", "sak", "navn", "sakstittel"),
        "beskrivelse": ("beskrivelse", "omtale", "merknad"),
        "oppmeldt": ("oppmeldt", "oppmeldt år", "år"),
        "gjentakende": ("gjentakende", "årlig", "første gang"),
        "meldt_inn_av": ("meldt_inn_av", "meldt inn av", "innmeldt av"),
        "status": ("status",),
        "status_endret": ("status_endret", "status endret", "endret status", "statusdato"),
        "opprettet": ("opprettet", "registrert"),
        "endret": ("endret", "sist endret"),
    }
)
AVTALE_KOLONNER = _kart(
    {
        "id": ("id", "avtale id", "avtaleid", "handle"),
        "tittel": ("tittel", "avtale", "navn", "avtaletittel"),
        "kategori": ("kategori", "gruppe"),
        "kategori_navn": ("kategori_navn", "kategorinavn", "gruppenavn"),
        "parter": ("parter", "part"),
        "inngatt": ("inngatt", "inngått", "inngått dato", "signert"),
        "utloper": ("utloper", "utløper", "utløpsdato", "utløp"),
        "forste_avtale": ("forste_avtale", "første avtale", "første avtale inngått"),
        "status": ("status",),
        "status_endret": ("status_endret", "status endret", "statusdato"),
        "fornyer": ("fornyer", "fornyer avtale"),
        "opprettet": ("opprettet", "registrert"),
        "endret": ("endret", "sist endret"),
    }
)


@dataclass
class Kilde:
    """An opened input: its bytes, the name for messages, and its size if known."""

    strom: IO[bytes]
    navn: str
    storrelse: int | None
    filending: str


def apne_fil(fil: str) -> tuple[IO[bytes], int | None]:
    """Open FIL for reading: a regular file, or a pipe, FIFO or process substitution
    (`<(…)`, /dev/fd/63) read as a stream. Its size only for a regular file."""
    sti = Path(fil).expanduser()
    if sti.is_dir():
        raise KonsregFeil(f"{sti} er en mappe, ikke en fil.")
    if not sti.exists():
        raise KonsregFeil(f"Finner ikke filen {sti}.")
    try:
        strom = sti.open("rb")
        info = os.fstat(strom.fileno())
    except OSError as feil:
        raise os_feil(feil, sti) from None
    return strom, info.st_size if stat.S_ISREG(info.st_mode) else None


def apne(fil: str) -> Kilde:
    if fil == "-":
        return Kilde(sys.stdin.buffer, "<stdin>", None, "")
    strom, storrelse_ = apne_fil(fil)
    return Kilde(strom, fil, storrelse_, Path(fil).suffix.lower().lstrip("."))


def velg_format(kilde: Kilde, fmt: str | None, start: bytes) -> str:
    """The format given, else the file's extension, else sniffed from the first bytes."""
    if fmt:
        return fmt
    if kilde.filending in ("csv", "tsv", "json", "jsonl"):
        return kilde.filending
    if kilde.filending == "ndjson":
        return "jsonl"
    tekst = start.lstrip(codecs.BOM_UTF8).lstrip()
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Sniff UTF-16 (Excel's "Unicode text") on its characters, not its bytes.
        tekst = start[: len(start) // 2 * 2].decode("utf-16", "ignore").lstrip().encode()
    if tekst.startswith(b"["):
        return "json"
    if tekst.startswith(b"{"):
        return "jsonl"
    return "csv"


class _Bytteller(io.RawIOBase):
    """Passes bytes through while counting them, for the progress bar."""

    def __init__(self, indre: IO[bytes], start: bytes) -> None:
        self.indre = indre
        self.buffer = start
        self.lest = 0

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self.buffer:
            data, self.buffer = self.buffer[: len(b)], self.buffer[len(b) :]
        else:
            data = self.indre.read(len(b))
        n = len(data)
        b[:n] = data
        self.lest += n
        return n


def _linjer(
    strom: IO[bytes], start: bytes, encoding: str, navn: str, *, biter: bool = False
) -> tuple[Iterator[str], Any]:
    """Decoded lines (with their line endings), and the byte counter for progress. With
    `biter`, pieces of text of at most 64 KiB whatever the lines (a JSON array may be one
    line of many rows: its limit is per object, not per line).

    Decoding line by line lets a bad byte be reported with its line number; UTF-16
    (which Excel writes as "Unicode text") is decoded as a whole stream instead, since
    its line breaks are two bytes wide.
    """
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise Bruksfeil(f"Ukjent tegnsett «{encoding}»; bruk f.eks. utf-8 eller cp1252.") from None
    raw = _Bytteller(strom, start)
    binar = io.BufferedReader(raw, buffer_size=1 << 16)
    # readline(limit), never `for linje in binar`: line iteration reads a whole line
    # into memory first, however long (one 100 MB line took 340-590 MB).
    grense = GRENSE_LINJE
    if info.name.startswith("utf-16") or info.name.startswith("utf-32"):
        tekst = io.TextIOWrapper(binar, encoding=encoding, newline="")

        def hele() -> Iterator[str]:
            nr = 0  # lines begun
            try:
                while True:
                    if biter:
                        del_ = tekst.read(1 << 16)
                        if not del_:
                            return
                        nr += del_.count("\n")
                        yield del_
                        continue
                    linje = tekst.readline(grense // 2 + 1)  # characters of 2+ bytes
                    if not linje:
                        return
                    nr += 1
                    if len(linje) > grense // 2:
                        raise _for_lang(navn, nr)
                    yield linje
            except UnicodeError:  # also "UTF-16 stream does not start with BOM"
                raise _dekodefeil(navn, max(nr, 1), encoding) from None

        return hele(), raw

    def bitvis() -> Iterator[str]:
        dekoder = info.incrementaldecoder()
        linjer = 0  # newlines before this piece
        while data := binar.read(1 << 16):
            try:
                del_ = dekoder.decode(data)
            except UnicodeDecodeError as feil:
                nr = linjer + data[: feil.start].count(b"\n") + 1
                raise _dekodefeil(navn, nr, encoding) from None
            linjer += del_.count("\n")
            if del_:
                yield del_
        try:
            rest = dekoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _dekodefeil(navn, linjer + 1, encoding) from None
        if rest:
            yield rest

    if biter:
        return bitvis(), raw

    def linjevis() -> Iterator[str]:
        dekoder = info.incrementaldecoder()
        nr = 0
        while linje := binar.readline(grense + 1):
            nr += 1
            if len(linje) > grense:
                raise _for_lang(navn, nr)
            try:
                yield dekoder.decode(linje)
            except UnicodeDecodeError:
                raise _dekodefeil(navn, nr, encoding) from None
        # A last line without a newline may end in the start of a character that never
        # finishes (cp1252 «å» read as UTF-8); only the final decode says so.
        try:
            rest = dekoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise _dekodefeil(navn, nr, encoding) from None
        if rest:
            yield rest

    return linjevis(), raw


def _for_lang(navn: str, linje: int) -> KonsregFeil:
    return KonsregFeil(
        f"{navn}:{linje}: linjen er lengre enn {storrelse(GRENSE_LINJE)}, som er grensen "
        "for én linje; del opp filen eller sjekk at den har linjeskift."
    )


def _dekodefeil(navn: str, linje: int, encoding: str) -> KonsregFeil:
    return KonsregFeil(
        f"{navn}:{linje}: teksten er ikke gyldig {encoding}; prøv --encoding cp1252 "
        "(eldre Excel-filer) eller utf-16."
    )


def velg_skilletegn(overskrift: str, kjente: dict[str, str], navn: str) -> str:
    """Sniff `;`, `,` or tab from the header: the one that splits it into known columns."""
    beste: list[tuple[int, int, str]] = []
    for tegn in SKILLETEGN:
        if tegn not in overskrift:
            continue
        deler = _overskriftsceller(overskrift, tegn, navn)
        treff = sum(1 for d in deler if normaliser_overskrift(d) in kjente)
        beste.append((treff, len(deler), tegn))
    beste.sort(reverse=True)
    if len(beste) == 1:
        return beste[0][2]
    if not beste or (len(beste) > 1 and beste[0][:2] == beste[1][:2]) or beste[0][0] == 0:
        raise Bruksfeil(
            f"{navn}: kan ikke avgjøre skilletegnet i overskriftsraden (semikolon, komma eller "
            "tabulator); oppgi det med --delimiter ';' (eller ',' eller tab)."
        )
    return beste[0][2]


def _overskriftsceller(overskrift: str, tegn: str, navn: str) -> list[str]:
    try:
        return next(csv.reader([overskrift], delimiter=tegn))
    except csv.Error as feil:  # e.g. a lone CR inside the header line
        raise KonsregFeil(f"{navn}:1: kan ikke lese overskriftsraden ({_csvfeil(feil)}).") from None


def _csvfeil(feil: csv.Error) -> str:
    if "field larger than field limit" in str(feil):
        return f"et felt er lengre enn {storrelse(GRENSE_FELT)}, som er grensen for ett felt"
    return str(feil)


def kolonnekart(
    overskrift: list[str], kjente: dict[str, str], *, ignorer_ukjente: bool, navn: str
) -> list[str | None]:
    """For each column, the register field it holds (None: ignored)."""
    felt: list[str | None] = []
    ukjente: list[str] = []
    sett: dict[str, str] = {}
    for kolonne in overskrift:
        nokkel = normaliser_overskrift(kolonne)
        f = kjente.get(nokkel)
        if f is None:
            if nokkel:
                ukjente.append(kolonne.strip())
            felt.append(None)
            continue
        if f in sett:
            raise KonsregFeil(
                f"{navn}:1: kolonnene {sitat(sett[f])} og {sitat(kolonne.strip())} er begge {f}."
            )
        sett[f] = kolonne.strip()
        felt.append(f)
    if ukjente and not ignorer_ukjente:
        kjent = ", ".join(sorted(set(kjente.values())))
        raise KonsregFeil(
            f"{navn}:1: ukjente kolonner: {kort_liste(ukjente)}. Kjente felt: {kjent}. "
            "Bruk --ignorer-ukjente for å hoppe over dem."
        )
    return felt


def les_poster(
    kilde: Kilde,
    *,
    fmt: str | None,
    kjente: dict[str, str],
    encoding: str = "utf-8-sig",
    delimiter: str | None = None,
    ignorer_ukjente: bool = False,
) -> tuple[str, Iterator[tuple[int, dict[str, Any]]], Any]:
    """Open the rows of `kilde`: (format, iterator of (line, fields), byte counter)."""
    start = kilde.strom.read(4096)
    valgt = velg_format(kilde, fmt, start)
    tekst, teller = _linjer(kilde.strom, start, encoding, kilde.navn, biter=valgt == "json")
    if valgt in ("csv", "tsv"):
        rader = _delimited(tekst, valgt, kjente, encoding, delimiter, ignorer_ukjente, kilde.navn)
    elif valgt == "jsonl":
        rader = _jsonl(tekst, kjente, encoding, ignorer_ukjente, kilde.navn)
    else:
        rader = _json(tekst, kjente, encoding, ignorer_ukjente, kilde.navn)
    return valgt, rader, teller


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
    csv.field_size_limit(GRENSE_FELT)
    overskrift = next(tekst, "")
    if not overskrift.strip("\ufeff \t\r\n"):
        if any(linje.strip() for linje in tekst):
            # Rows after a blank first line would otherwise be dropped without a word.
            raise KonsregFeil(f"{navn}:1: første linje er tom; ventet overskriftsraden.")
        return
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
    poster = _Postgrense(tekst, navn)
    leser = csv.reader(poster, delimiter=tegn)
    linje = 1
    while True:
        poster.ny_rad(linje + 1)
        try:
            celler = next(leser)
        except StopIteration:
            return
        except csv.Error as feil:
            raise KonsregFeil(
                f"{navn}:{linje + 1}: kan ikke lese raden ({_csvfeil(feil)})."
            ) from None
        start = linje + 1
        linje = leser.line_num + 1
        if not celler or all(not c.strip() for c in celler):
            continue
        rad: dict[str, Any] = {}
        if len(celler) > len(felt) and any(c.strip() for c in celler[len(felt) :]):
            rad["_feil"] = f"har {len(celler)} kolonner, overskriften har {len(felt)}"
        for f, verdi in zip(felt, celler, strict=False):
            if f is not None:
                rad[f] = verdi.strip() or None
        yield start, rad


class _Postgrense:
    """The lines of a CSV file, counting the characters of the row being read: a row
    over many lines (newlines inside quotes) stops at GRENSE_POST, with its first line."""

    def __init__(self, linjer: Iterator[str], navn: str) -> None:
        self.linjer = linjer
        self.navn = navn
        self.lest = 0
        self.linje = 1

    def __iter__(self) -> _Postgrense:
        return self

    def __next__(self) -> str:
        linje = next(self.linjer)
        self.lest += len(linje)
        if self.lest > GRENSE_POST:
            raise KonsregFeil(
                f"{self.navn}:{self.linje}: raden er lengre enn {storrelse(GRENSE_POST)}, som "
                "er grensen for én rad; sjekk at anførselstegnene i filen er parvise."
            )
        return linje

    def ny_rad(self, linje: int) -> None:
        self.lest, self.linje = 0, linje


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
            if len(verdi) > GRENSE_FELT:
                raise KonsregFeil(
                    f"{hvor}: feltet {sitat(nokkel)} er lengre enn {storrelse(GRENSE_FELT)}, "
                    "som er grensen for ett felt."
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
    tekst: Iterator[str], kjente: dict[str, str], encoding: str, ignorer_ukjente: bool, navn: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    for linje, tekstlinje in enumerate(tekst, start=1):
        tekstlinje = tekstlinje.lstrip("\ufeff").strip()
        if not tekstlinje:
            continue
        try:
            obj = json.loads(tekstlinje)
        except json.JSONDecodeError as feil:
            yield linje, {"_feil": f"ugyldig JSON ({feil.msg})"}
            continue
        except RecursionError:
            yield linje, {"_feil": _FOR_DYP}
            continue
        yield linje, _fra_json(obj, kjente, ignorer_ukjente, f"{navn}:{linje}")


_MELLOM = re.compile(r"[ \t\r\n\ufeff,]*")
_HVITT = re.compile(r"\s*")


def _json(
    tekst: Iterator[str], kjente: dict[str, str], encoding: str, ignorer_ukjente: bool, navn: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """A JSON array of objects, decoded one object at a time from pieces of text. The
    buffer holds the object being read and at most one piece more: an object is at most
    GRENSE_POST characters, however the file is split into lines."""
    dekoder = json.JSONDecoder()
    buffer = ""
    pos = 0  # where the unread text starts; moving it, not slicing, keeps this linear
    linje = 1
    apnet = False

    def fyll(minst: int = 1 << 16) -> bool:
        """Drop what is read, and add pieces until `minst` characters came or the text ended."""
        nonlocal buffer, pos
        deler: list[str] = []
        lagt = 0
        for del_ in tekst:
            deler.append(del_)
            lagt += len(del_)
            if lagt >= minst:
                break
        buffer = buffer[pos:] + "".join(deler)
        pos = 0
        return bool(deler)

    def hopp(monster: re.Pattern[str]) -> None:
        nonlocal pos, linje
        treff = monster.match(buffer, pos)
        assert treff is not None  # both patterns match the empty string
        slutt = treff.end()
        linje += buffer.count("\n", pos, slutt)
        pos = slutt

    while True:
        # Skip white space, the opening bracket and the commas between objects.
        while True:
            hopp(_MELLOM)
            if not apnet and buffer.startswith("[", pos):
                apnet = True
                pos += 1
                continue
            if pos < len(buffer) or not fyll():
                break
        if pos >= len(buffer):
            raise KonsregFeil(f"{navn}:{linje}: JSON-lista slutter for tidlig (mangler ']').")
        if not apnet:
            raise KonsregFeil(
                f"{navn}:{linje}: ventet en JSON-liste med objekter ([{{...}}, ...])."
            )
        if buffer.startswith("]", pos):
            pos += 1
            slutt_linje = linje  # the message names the line where the list ends
            while True:
                hopp(_HVITT)
                if pos < len(buffer):
                    raise KonsregFeil(f"{navn}:{slutt_linje}: tekst etter slutten av JSON-lista.")
                if not fyll():
                    return
        while True:
            try:
                obj, slutt = dekoder.raw_decode(buffer, pos)
            except json.JSONDecodeError as feil:
                igjen = len(buffer) - pos
                if igjen > GRENSE_POST:
                    raise _for_stort_objekt(navn, linje) from None
                # Double what is there (up to the limit): few decode attempts per object.
                if not fyll(min(max(1 << 16, igjen), GRENSE_POST + 1 - igjen)):
                    raise KonsregFeil(f"{navn}:{linje}: ugyldig JSON ({feil.msg}).") from None
                continue
            except RecursionError:
                raise KonsregFeil(f"{navn}:{linje}: {_FOR_DYP}.") from None
            if slutt - pos > GRENSE_POST:
                raise _for_stort_objekt(navn, linje)
            break
        yield linje, _fra_json(obj, kjente, ignorer_ukjente, f"{navn}:{linje}")
        linje += buffer.count("\n", pos, slutt)
        pos = slutt


def _for_stort_objekt(navn: str, linje: int) -> KonsregFeil:
    return KonsregFeil(
        f"{navn}:{linje}: objektet er lengre enn {storrelse(GRENSE_POST)}, som er grensen "
        "for én rad."
    )
