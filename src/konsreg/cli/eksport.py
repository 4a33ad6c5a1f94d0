"""`konsreg eksport saker|avtaler|alt`: everything the register holds, for other tools."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from konsreg.cli.felles import melding, tilstand, utformat
from konsreg.errors import Bruksfeil
from konsreg.regler.begreper import Format
from konsreg.tekst import synlig


class Hva(StrEnum):
    saker = "saker"
    avtaler = "avtaler"
    alt = "alt"


MASKINFORMATER = (Format.csv, Format.tsv, Format.json, Format.jsonl)
EksportFormatValg = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="csv, tsv, json eller jsonl (standard: jsonl for alt, ellers csv).",
        case_sensitive=False,
        show_default=False,
    ),
]


def eksport(
    hva: Annotated[
        Hva,
        typer.Argument(
            metavar="HVA", help="saker, avtaler eller alt (alt: også møter og punkter; json/jsonl)."
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
            "BOM, CRLF, og celler som starter med = + - @ får en ' foran.",
        ),
    ] = False,
) -> None:
    """Eksporter alt registeret har om hver sak eller avtale.

    «alt» tar også med møtene og punktene på dagsordenene (uten fjernede punkter). Filen kan
    leses inn igjen med «konsreg import saker|avtaler|alt»; en eksport importert i et tomt
    register og eksportert igjen er lik byte for byte. Uten --excel er CSV-en ren (ingen
    escaping av formler) for bruk i pipelines.
    """
    standard = Format.jsonl if hva == Hva.alt else Format.csv
    fmt = utformat(format, MASKINFORMATER) if format else standard
    if excel and fmt != Format.csv:
        raise Bruksfeil("--excel gjelder bare CSV.")
    if hva == Hva.alt and fmt not in (Format.json, Format.jsonl):
        raise Bruksfeil("«eksport alt» skrives som json eller jsonl; bruk saker/avtaler for CSV.")
    if utfil is not None:
        from konsreg.filer import sjekk_mal

        sjekk_mal(utfil, vern=tilstand().registerfiler())  # before the register is opened
    engine = tilstand().engine()
    if utfil is None:
        if excel:
            sys.stdout.write("\ufeff")  # the BOM tells Excel the file is UTF-8
        _skriv(engine, hva, fmt, sys.stdout, excel)
        sys.stdout.flush()
        return
    from konsreg.filer import skriv_atomisk

    # Written whole or not at all, and never onto the register (a hard link to it too).
    with skriv_atomisk(
        utfil, vern=tilstand().registerfiler(), encoding="utf-8-sig" if excel else "utf-8"
    ) as ut:
        antall = _skriv(engine, hva, fmt, ut, excel)
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
