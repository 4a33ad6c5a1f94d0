"""`konsreg eksport saker|avtaler|alt`: everything the register holds, for other tools."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from konsreg.cli.felles import melding, tilstand
from konsreg.errors import Bruksfeil
from konsreg.regler.begreper import Format
from konsreg.tekst import synlig


class Hva(StrEnum):
    saker = "saker"
    avtaler = "avtaler"
    alt = "alt"


class Eksportformat(StrEnum):
    """The formats of an export: the machine formats, and an Excel workbook."""

    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"


# File names that say what a file is: a workbook under one of the text names (or text
# under a workbook's) is a file Excel refuses or misreads.
TEKSTENDELSER = (".csv", ".tsv", ".json", ".jsonl", ".txt")
EXCELENDELSER = (".xlsx", ".xlsm", ".xls")
EksportFormatValg = Annotated[
    Eksportformat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="csv, tsv, json, jsonl eller xlsx (Excel-arbeidsbok; standard når -o-filen "
        "heter .xlsx). Ellers: jsonl for alt, csv for saker og avtaler.",
        case_sensitive=False,
        show_default=False,
    ),
]


def eksport(
    hva: Annotated[
        Hva,
        typer.Argument(
            metavar="HVA",
            help="saker, avtaler eller alt (alt: også møter og punkter; json, jsonl eller xlsx).",
        ),
    ],
    format: EksportFormatValg = None,
    utfil: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FIL",
            help="Skriv til denne filen i stedet for stdout.",
            show_default=False,
        ),
    ] = None,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for Excel med norsk oppsett: semikolon, UTF-8 med "
            "BOM, CRLF, og celler som starter med = + - @ får en ' foran. En ekte "
            "arbeidsbok: -f xlsx.",
        ),
    ] = False,
) -> None:
    """Eksporter alt registeret har om hver sak eller avtale.

    «alt» tar også med møtene og punktene på dagsordenene (uten fjernede punkter). Filen kan
    leses inn igjen med «konsreg import saker|avtaler|alt»; en eksport importert i et tomt
    register og eksportert igjen er lik byte for byte. Uten --excel er CSV-en ren (ingen
    escaping av formler) for bruk i pipelines.

    -f xlsx (eller -o FIL.xlsx) skriver en Excel-arbeidsbok med ett ark per posttype:
    datoer som datoceller (dd.mm.åååå), saksnumre og all tekst som tekstceller (aldri
    formler); «konsreg import saker|avtaler FIL.xlsx» leser den inn igjen.
    """
    fmt = _velg_format(hva, format, utfil, excel)
    if utfil is not None:
        from konsreg.filer import sjekk_mal

        sjekk_mal(utfil, vern=tilstand().registerfiler())  # before the register is opened
    if fmt == Eksportformat.xlsx:
        _arbeidsbok(hva, utfil)
        return
    engine = tilstand().engine()
    if utfil is None:
        if excel:
            sys.stdout.write("\ufeff")  # the BOM tells Excel the file is UTF-8
        _skriv(engine, hva, Format(fmt.value), sys.stdout, excel)
        sys.stdout.flush()
        return
    from konsreg.filer import skriv_atomisk

    # Written whole or not at all, and never onto the register (a hard link to it too).
    with skriv_atomisk(
        utfil, vern=tilstand().registerfiler(), encoding="utf-8-sig" if excel else "utf-8"
    ) as ut:
        antall = _skriv(engine, hva, Format(fmt.value), ut, excel)
    melding(f"Skrev {antall} poster til {synlig(str(utfil))}.")


def _velg_format(
    hva: Hva, format: Eksportformat | None, utfil: Path | None, excel: bool
) -> Eksportformat:
    """The format asked for, else the one the output file's name says (`.xlsx`: a
    workbook, also with --excel), else jsonl for alt and csv for the rest. A workbook
    under a text file's name, or text under a workbook's, is refused: Excel would
    refuse to open it or read it wrong."""
    endelse = utfil.suffix.lower() if utfil is not None else ""
    if format is None:
        if endelse in EXCELENDELSER:
            format = Eksportformat.xlsx
        else:
            format = Eksportformat.jsonl if hva == Hva.alt else Eksportformat.csv
    vist = synlig(str(utfil))
    if format == Eksportformat.xlsx:
        if endelse in TEKSTENDELSER:
            raise Bruksfeil(
                f"{vist}: -f xlsx skriver en Excel-arbeidsbok, og den må hete .xlsx for at "
                f"Excel skal åpne den. Bruk -o {_bytt(utfil, '.xlsx')} (eller -f "
                f"{endelse.lstrip('.')} for {endelse.lstrip('.').upper()})."
            )
        return format
    if endelse in EXCELENDELSER:
        raise Bruksfeil(
            f"{vist}: en fil som heter {endelse}, må være en Excel-arbeidsbok, men -f "
            f"{format.value} skriver tekst, som Excel ikke åpner under det navnet. Bruk -f xlsx, "
            f"eller -o {_bytt(utfil, '.' + format.value)}."
        )
    if excel and format != Eksportformat.csv:
        raise Bruksfeil("--excel gjelder bare CSV.")
    if hva == Hva.alt and format not in (Eksportformat.json, Eksportformat.jsonl):
        raise Bruksfeil(
            "«eksport alt» skrives som json, jsonl eller xlsx; bruk saker/avtaler for CSV."
        )
    return format


def _bytt(utfil: Path | None, endelse: str) -> str:
    return synlig(str(utfil.with_suffix(endelse))) if utfil is not None else ""


def _arbeidsbok(hva: Hva, utfil: Path | None) -> None:
    """An Excel workbook, one sheet per kind of record (`alt`: cases, agreements,
    meetings and items), from one snapshot; to `utfil` atomically, or to stdout in a
    pipe (never to a terminal: it is not text)."""
    from konsreg import db
    from konsreg.register import eksport as eksporter
    from konsreg.render import arbeidsbok, formater
    from konsreg.render.felt import henter

    if utfil is None and sys.stdout.isatty():
        raise Bruksfeil(
            f"En Excel-arbeidsbok er ikke tekst for terminalen; skriv den til en fil med "
            f"-o {hva.value}.xlsx."
        )
    engine = tilstand().engine()
    with db.leseokt(engine) as session:
        deler: list[tuple[str, Any, Any]] = []
        if hva in (Hva.saker, Hva.alt):
            deler.append(("saker", eksporter.saker(session=session), formater.SAKER))
        if hva in (Hva.avtaler, Hva.alt):
            deler.append(("avtaler", eksporter.avtaler(session=session), formater.EKSPORT_AVTALER))
        if hva == Hva.alt:
            deler.append(("møter", eksporter.moter(session=session), formater.MOTER))
            deler.append(("punkter", eksporter.punkter(session=session), formater.PUNKTER))
        # Each sheet's rows are read when its turn comes, all in the one snapshot.
        ark = (
            arbeidsbok.Ark(navn, oppsett.felt, map(henter(oppsett.felt), rader))
            for navn, rader, oppsett in deler
        )
        if utfil is None:
            arbeidsbok.til_strom(ark, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        from konsreg.filer import midlertidig_ved

        # Written whole or not at all, and never onto the register (a hard link to it too).
        with midlertidig_ved(utfil, vern=tilstand().registerfiler()) as midlertidig:
            antall = arbeidsbok.skriv_arbeidsbok(midlertidig, ark)
    melding(f"Skrev {antall} poster til {synlig(str(utfil))}.")


def _skriv(engine: Any, hva: Hva, fmt: Format, ut: Any, excel: bool) -> int:
    from konsreg import db
    from konsreg.register import eksport as eksporter
    from konsreg.render import formater

    with db.leseokt(engine) as session:
        if hva == Hva.alt:
            return _alt(session, fmt, ut)
        skriver = formater.EXCEL if excel else formater.EKSPORT[fmt]
        if hva == Hva.saker:
            return skriver.skriv(eksporter.saker(session=session), formater.SAKER, ut)
        return skriver.skriv(eksporter.avtaler(session=session), formater.EKSPORT_AVTALER, ut)


def _alt(session: Any, fmt: Format, ut: Any) -> int:
    """Cases, agreements, meetings and agenda items in one stream, in that order (an
    item names its meeting and record, which come before it): JSONL lines carry `post`,
    JSON is an object. Each part is read when its turn comes, in the one snapshot."""
    from konsreg.register import eksport as eksporter
    from konsreg.render import formater, maskin
    from konsreg.render.felt import henter

    deler: tuple[tuple[str, str, Any, Any], ...] = (
        ("saker", "sak", eksporter.saker(session=session), formater.SAKER),
        ("avtaler", "avtale", eksporter.avtaler(session=session), formater.EKSPORT_AVTALER),
        ("moter", "mote", eksporter.moter(session=session), formater.MOTER),
        ("punkter", "punkt", eksporter.punkter(session=session), formater.PUNKTER),
    )
    antall = 0
    if fmt == Format.jsonl:
        for _, post, rader, oppsett in deler:
            hent = henter(oppsett.felt)
            verdier = (hent(rad) for rad in rader)
            antall += maskin.skriv_eksport(verdier, oppsett.felt, "jsonl", ut, fast={"post": post})
        return antall
    for i, (navn, _, rader, oppsett) in enumerate(deler):
        ut.write(f'{", " if i else "{"}"{navn}": ')
        antall += formater.EKSPORT[Format.json].skriv(rader, oppsett, ut)
    ut.write("}\n")
    return antall
