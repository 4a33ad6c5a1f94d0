"""Where an import's bytes come from (a file, a pipe, a FIFO, stdin), how they are
decoded line by line, and the limits that keep one huge line or field from filling the
memory: a field is at most GRENSE_FELT characters, a line GRENSE_LINJE bytes and a row
(a CSV row over several lines, a JSON object) GRENSE_POST characters. Past a limit the
import stops with the line number, before the rest of the line is read."""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, Any

from konsreg.errors import Bruksfeil, KonsregFeil, os_feil
from konsreg.tekst import sitat

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


def apne_kilde(fil: str) -> Kilde:
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


# What a file is, by its first bytes: tables in other formats than text, which would
# otherwise be read as text and fail with a message about encodings.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls), .doc, an encrypted workbook
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_KRYPTERT = "EncryptedPackage".encode("utf-16-le")
# Named by what it is, then what to do; after «FIL er …».
BINAERE = {
    "xls": "en eldre Excel-fil (xls, formatet fra før Excel 2007), som konsreg ikke leser; "
    "åpne den i Excel og lagre den som Excel-arbeidsbok (.xlsx) eller CSV UTF-8 (.csv)",
    "kryptert": "en passordbeskyttet Excel-arbeidsbok, som konsreg ikke kan lese; åpne den i "
    "Excel, fjern passordet (Fil › Informasjon › Beskytt arbeidsbok) og lagre den på nytt",
    "ods": "et OpenDocument-regneark (ods, fra LibreOffice eller OpenOffice), som konsreg ikke "
    "leser; lagre det som Excel-arbeidsbok (.xlsx) eller CSV (.csv)",
    "docx": "et Word-dokument (docx), ikke en tabell; lagre tabellen som Excel-arbeidsbok "
    "(.xlsx) eller CSV, eller kopier den ut som tekst («konsreg import vedlegg»)",
    "pdf": "en PDF-fil, ikke en tabell; kopier tabellen ut som tekst («konsreg import vedlegg»)",
    "zip": "en zip-fil, ikke en tabell; pakk den ut og les inn filen i den",
}


def filart(kilde: Kilde, start: bytes) -> str | None:
    """What the file is when it is not text: xlsx, xls, kryptert, ods, docx, pdf or zip
    (None: text). A zip file is told by the names in it (an xlsx has `xl/`); from a
    stream that cannot seek, by the names in its first bytes."""
    if start.startswith(_OLE2):
        return "kryptert" if _kryptert(kilde.strom, start) else "xls"
    if start.startswith(b"%PDF-"):
        return "pdf"
    if not start.startswith(_ZIP):
        return None
    navn = _zipnavn(kilde.strom)
    if navn is None:  # a pipe: the local headers at the start name the first entries
        if _ODS in start[:200]:
            return "ods"
        if b"word/" in start:
            return "docx"
        # An Office file names its parts in [Content_Types].xml, usually the first entry;
        # one that is not a workbook after all fails to open as one, with that said.
        return "xlsx" if b"xl/" in start or b"[Content_Types].xml" in start else "zip"
    if any(n.startswith("xl/") for n in navn):
        return "xlsx"
    if "mimetype" in navn and _ODS in start[:200]:
        return "ods"
    return "docx" if any(n.startswith("word/") for n in navn) else "zip"


def _zipnavn(strom: IO[bytes]) -> list[str] | None:
    """The names in a zip file that can seek (None for a stream that cannot)."""
    import zipfile

    try:
        pos = strom.tell()
        strom.seek(0)
    except (OSError, ValueError, AttributeError):
        return None
    try:
        with zipfile.ZipFile(strom) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return []
    finally:
        strom.seek(pos)


def _kryptert(strom: IO[bytes], start: bytes) -> bool:
    """Whether an OLE2 file is an encrypted workbook: its first directory sector (where
    the header says it is) names the stream EncryptedPackage."""
    if _KRYPTERT in start:
        return True
    try:
        storrelse_ = 1 << int.from_bytes(start[30:32], "little")
        sektor = int.from_bytes(start[48:52], "little")
        pos = strom.tell()
        strom.seek((sektor + 1) * storrelse_)
        katalog = strom.read(storrelse_)
        strom.seek(pos)
    except (OSError, ValueError, AttributeError, OverflowError):
        return False
    return _KRYPTERT in katalog


def tekstart(start: bytes) -> str:
    """What text a file holds, for a message: JSON, JSONL or CSV."""
    fmt = velg_format(Kilde(io.BytesIO(), "", None, ""), None, start)
    return "JSON" if fmt == "json" else "JSONL" if fmt == "jsonl" else "CSV"


def ikke_tekst(navn: str, art: str, hva: str = "CSV") -> KonsregFeil:
    """A file that is not the text `hva` the import reads: what it is, and what to do."""
    if art == "xlsx":
        return KonsregFeil(
            f"{navn} er en Excel-arbeidsbok (xlsx), ikke {hva}; gi filen endelsen .xlsx, "
            "eller les den med --format xlsx."
        )
    return KonsregFeil(f"{navn} er {BINAERE[art]}.")


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
    brede = info.name.startswith(("utf-16", "utf-32"))
    if not brede and not biter:
        start = _til_forste_linjeslutt(strom, start)
    raw = _Bytteller(strom, start)
    binar = io.BufferedReader(raw, buffer_size=1 << 16)
    if brede:
        tekst = io.TextIOWrapper(binar, encoding=encoding, newline="")
        return _brede_tegn(tekst, navn, encoding, biter=biter), raw
    # Lines that end in CR alone: Excel for Mac's "CSV (Macintosh)", old Mac files.
    cr = _cr_alene(start)
    if biter:
        return _bitvis(binar, info, navn, encoding, cr=cr), raw
    if cr:
        mac = not start.startswith(codecs.BOM_UTF8)  # a BOM says UTF-8, not Mac Roman
        return _linjevis(_cr_stykker(binar, GRENSE_LINJE), info, navn, encoding, mac=mac), raw
    linjer = iter(partial(binar.readline, GRENSE_LINJE + 1), b"")
    return _linjevis(linjer, info, navn, encoding), raw


def _brede_tegn(tekst: IO[str], navn: str, encoding: str, *, biter: bool) -> Iterator[str]:
    """UTF-16/32 text, by lines (each within the limit) or by pieces."""
    grense = GRENSE_LINJE // 2  # characters of two bytes or more
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
            linje = tekst.readline(grense + 1)
            if not linje:
                return
            nr += 1
            if len(linje) > grense:
                raise _for_lang(navn, nr)
            yield linje
    except UnicodeError:  # also "UTF-16 stream does not start with BOM"
        raise _dekodefeil(navn, max(nr, 1), encoding) from None


def _bitvis(
    binar: IO[bytes], info: codecs.CodecInfo, navn: str, encoding: str, *, cr: bool = False
) -> Iterator[str]:
    """Text in pieces of at most 64 KiB; a bad byte is reported with its line. `cr`: the
    lines end in CR alone, which become LF here, so the JSON reader counts lines by LF (in
    JSON a CR or LF outside a string is white space, and inside one it is an error either
    way)."""
    dekoder = info.incrementaldecoder()
    slutt = b"\r" if cr else b"\n"
    linjer = 0  # newlines before this piece
    while data := binar.read(1 << 16):
        try:
            del_ = dekoder.decode(data)
        except UnicodeDecodeError as feil:
            nr = linjer + data[: feil.start].count(slutt) + 1
            raise _dekodefeil(navn, nr, encoding, mac=cr) from None
        if cr:
            del_ = del_.replace("\r", "\n")
        linjer += del_.count("\n")
        if del_:
            yield del_
    try:
        rest = dekoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _dekodefeil(navn, linjer + 1, encoding, mac=cr) from None
    if rest:
        yield rest.replace("\r", "\n") if cr else rest


def _linjevis(
    linjer: Iterator[bytes], info: codecs.CodecInfo, navn: str, encoding: str, *, mac: bool = False
) -> Iterator[str]:
    """The decoded lines, each at most GRENSE_LINJE bytes with its line end. `linjer`
    gives a line longer than that as more than GRENSE_LINJE bytes of it, never all of it
    (`binar.readline(limit)`, never `for linje in binar`: line iteration reads a whole line
    into memory first, however long: one 100 MB line took 340-590 MB; `_cr_stykker`)."""
    dekoder = info.incrementaldecoder()
    grense = GRENSE_LINJE
    nr = 0
    for linje in linjer:
        nr += 1
        if len(linje) > grense:
            raise _for_lang(navn, nr)
        try:
            yield dekoder.decode(linje)
        except UnicodeDecodeError:
            raise _dekodefeil(navn, nr, encoding, mac=mac) from None
    # A last line without a newline may end in the start of a character that never
    # finishes (cp1252 «å» read as UTF-8); only the final decode says so.
    try:
        rest = dekoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _dekodefeil(navn, nr, encoding, mac=mac) from None
    if rest:
        yield rest


def _forste_linjeslutt(start: bytes) -> tuple[bytes, int] | None:
    """How the first line ends: (b"\\n", where) for LF; for CR (b"\\r", where the run of
    CRs ends); None when `start` does not say yet (no line end, or only CRs up to its
    end, where an LF may come next: `\\r\\r\\n` is CRLF written once too often)."""
    cr, lf = start.find(b"\r"), start.find(b"\n")
    if lf >= 0 and (cr < 0 or lf < cr):
        return b"\n", lf
    if cr < 0:
        return None
    etter = len(start) - len(start[cr:].lstrip(b"\r"))
    return (b"\r", etter) if etter < len(start) else None


def _til_forste_linjeslutt(strom: IO[bytes], start: bytes) -> bytes:
    """The first bytes of the file, read on (to at most 1 MiB) until they show how the
    first line ends (`_forste_linjeslutt`); the reader gets them all back (_Bytteller)."""
    while _forste_linjeslutt(start) is None and len(start) < 1 << 20:
        if not (mer := strom.read(1 << 16)):
            break
        start += mer
    return start


def _cr_alene(start: bytes) -> bool:
    """Whether the first line ends in CR alone (not CRLF, not LF, not CR CR LF): then
    every line does. By the first line, not by any LF at all: a CR file may hold LF inside
    a quoted cell."""
    slutt = _forste_linjeslutt(start)
    return slutt is not None and slutt[0] == b"\r" and start[slutt[1] : slutt[1] + 1] != b"\n"


def _cr_stykker(binar: IO[bytes], grense: int) -> Iterator[bytes]:
    """The lines of a file whose lines end in CR alone, each with its CR, as `readline`
    gives lines that end in LF: a line longer than `grense` comes as more than `grense`
    bytes of it, for `_linjevis` to refuse. Only the new bytes are split; a long line is
    kept as pieces until its CR comes. In the encodings read here byte by byte (UTF-8 and
    the one-byte ones; UTF-16 goes to `_brede_tegn`) a CR byte is always the character
    CR."""
    apen: list[bytes] = []  # the line begun, in pieces
    lengde = 0
    while data := binar.read(1 << 16):
        *linjer, hale = data.split(b"\r")
        for linje in linjer:
            if apen:
                linje = b"".join([*apen, linje])
                apen, lengde = [], 0
            yield linje + b"\r"
        if hale:
            apen.append(hale)
            lengde += len(hale)
            if lengde > grense:
                yield b"".join(apen)
                return
    if apen:
        yield b"".join(apen)


def _for_lang(navn: str, linje: int) -> KonsregFeil:
    return KonsregFeil(
        f"{navn}:{linje}: linjen er lengre enn {storrelse(GRENSE_LINJE)}, som er grensen "
        "for én linje; del opp filen eller sjekk at den har linjeskift."
    )


def _dekodefeil(navn: str, linje: int, encoding: str, *, mac: bool = False) -> KonsregFeil:
    """A byte the encoding cannot read. `mac`: the lines end in CR alone, as in Excel for
    Mac's «CSV (Macintosh)», which is Mac Roman: read as cp1252 it would go in with the
    wrong letters (ø as ¿), so that is not what the message suggests."""
    if mac:
        return KonsregFeil(
            f"{navn}:{linje}: teksten er ikke gyldig {encoding}; filen har linjeskift som fra "
            "Excel for Mac («CSV (Macintosh)»): prøv --encoding mac_roman."
        )
    return KonsregFeil(
        f"{navn}:{linje}: teksten er ikke gyldig {encoding}; prøv --encoding cp1252 "
        "(eldre Excel-filer) eller utf-16."
    )


def les_hele(fil: str, encoding: str) -> tuple[str, str]:
    """The text of FIL (a file, a pipe or FIFO, or stdin for `-`) and the name to use in
    messages. Read whole, so at most GRENSE_VEDLEGG bytes: a pasted appendix is a few
    hundred lines, and a mistaken multi-gigabyte file must not fill memory."""
    if fil == "-":
        strom: Any = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
        navn = "<stdin>"
    else:
        strom, _ = apne_fil(fil)
        navn = str(fil)
    try:
        data = strom.read(GRENSE_VEDLEGG + 1)
    except OSError as feil:
        raise os_feil(feil, navn) from None
    finally:
        if fil != "-":
            strom.close()
    if len(data) > GRENSE_VEDLEGG:
        raise KonsregFeil(
            f"{navn} er større enn {storrelse(GRENSE_VEDLEGG)}, som er grensen for et vedlegg; "
            "er det riktig fil?"
        )
    if isinstance(data, str):
        return data, navn
    art = filart(Kilde(io.BytesIO(data), navn, len(data), ""), data[:4096])
    if art == "xlsx":
        raise KonsregFeil(
            f"{navn} er en Excel-arbeidsbok (xlsx); «import vedlegg» leser en tabell som "
            "tekst, kopiert ut av Word eller PDF. Kolonner slik «konsreg eksport» skriver dem, "
            "leses med «konsreg import saker|avtaler FIL.xlsx»."
        )
    if art is not None:
        raise KonsregFeil(f"{navn} er {BINAERE[art]}.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    try:
        return data.decode(encoding), navn
    except LookupError:
        raise Bruksfeil(f"Ukjent tegnsett «{encoding}»; bruk f.eks. utf-8 eller cp1252.") from None
    except UnicodeDecodeError as feil:
        linje = data[: feil.start].count(b"\n") + 1
        raise KonsregFeil(
            f"{navn}:{linje}: teksten er ikke {encoding}; prøv --encoding cp1252 "
            "(eldre Excel/Word-filer)."
        ) from None
