"""`konsreg eksport saker|avtaler|alt`: everything the register holds, for other tools."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from konsreg.cli.felles import melding, tilstand
from konsreg.errors import Bruksfeil
from konsreg.tekst import synlig


class Hva(StrEnum):
    saker = "saker"
    avtaler = "avtaler"
    alt = "alt"


class EksportFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


def eksport(
    hva: Annotated[Hva, typer.Argument(help="saker, avtaler eller alt (alt: json/jsonl).")],
    format: Annotated[
        EksportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, tsv, json eller jsonl (standard: jsonl for alt, ellers csv).",
            case_sensitive=False,
        ),
    ] = None,
    utfil: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Skriv til denne filen i stedet for stdout.", show_default=False
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

    Filen kan leses inn igjen med «konsreg import saker|avtaler»; en eksport importert i et
    tomt register og eksportert igjen er lik byte for byte. Uten --excel er CSV-en ren
    (ingen escaping av formler) for bruk i pipelines.
    """
    fmt = format.value if format else ("jsonl" if hva == Hva.alt else "csv")
    if excel:
        if format not in (None, EksportFormat.csv):
            raise Bruksfeil("--excel gjelder bare CSV.")
        fmt = "csv"
    if hva == Hva.alt and fmt not in ("json", "jsonl"):
        raise Bruksfeil("«eksport alt» skrives som json eller jsonl; bruk saker/avtaler for CSV.")
    if utfil is not None:
        from konsreg.filer import sjekk_mal

        sjekk_mal(utfil, vern=tilstand().registerfiler())  # before the register is opened
    engine = tilstand().engine()
    if utfil is None:
        if excel:
            sys.stdout.write("\ufeff")  # the BOM tells Excel the file is UTF-8
        antall = _skriv(engine, hva, fmt, sys.stdout, excel)
        sys.stdout.flush()
        return
    from konsreg.filer import skriv_atomisk

    # Written whole or not at all, and never onto the register (a hard link to it too).
    with skriv_atomisk(
        utfil, vern=tilstand().registerfiler(), encoding="utf-8-sig" if excel else "utf-8"
    ) as ut:
        antall = _skriv(engine, hva, fmt, ut, excel)
    melding(f"Skrev {antall} poster til {synlig(str(utfil))}.")


def _skriv(engine: Any, hva: Hva, fmt: str, ut: Any, excel: bool) -> int:
    from konsreg import db, register, render

    with db.les(engine) as session:
        if hva == Hva.alt:
            return _alt(session, fmt, ut)
        felt = render.SAK_FELT if hva == Hva.saker else render.EKSPORT_AVTALE_FELT
        rader = register.eksporter(session=session, hva=hva.value)
        return render.skriv_eksport(rader, felt, fmt, ut, excel=excel)


def _alt(session: Any, fmt: str, ut: Any) -> int:
    """Cases and agreements in one stream: JSONL lines carry `post`, JSON is an object."""
    import json

    from konsreg import register, render

    antall = 0
    if fmt == "jsonl":
        for hva, post, felt in (
            ("saker", "sak", render.SAK_FELT),
            ("avtaler", "avtale", render.EKSPORT_AVTALE_FELT),
        ):
            for rad in register.eksporter(session=session, hva=hva):
                data = {"post": post, **{f: render.json_verdi(rad.get(f)) for f in felt}}
                ut.write(json.dumps(data, ensure_ascii=False) + "\n")
                antall += 1
        return antall
    ut.write('{"saker": ')
    antall += render.skriv_eksport(
        register.eksporter(session=session, hva="saker"), render.SAK_FELT, "json", ut
    )
    ut.write(', "avtaler": ')
    antall += render.skriv_eksport(
        register.eksporter(session=session, hva="avtaler"), render.EKSPORT_AVTALE_FELT, "json", ut
    )
    ut.write("}\n")
    return antall
