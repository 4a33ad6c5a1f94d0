"""`konsreg materiale`, `konsreg sjekk` and `konsreg referat`: the meeting's documents
from the register, and the checks that come before them."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from konsreg.cli import fullforing
from konsreg.cli.felles import i_lesing, melding, skriv, tilstand
from konsreg.errors import Bruksfeil


class Dokumentformat(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"


_ENDINGER = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}

MoteArg = Annotated[
    str,
    typer.Argument(metavar="MØTE", help="Møtet, f.eks. 2026-2.", autocompletion=fullforing.mote),
]
DokFormatValg = Annotated[
    Dokumentformat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="md, html (én side, utskrivbar til PDF) eller docx (Word). Standard: filendelsen "
        "til --output, ellers md.",
        case_sensitive=False,
        show_default=False,
    ),
]
UtValg = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FIL",
        help="Filen som skrives (hel eller ikke i det hele tatt); md og html kan gå til stdout.",
        show_default=False,
    ),
]
PerValg = Annotated[
    str | None,
    typer.Option(
        "--per",
        metavar="DATO",
        help="Skriv materialet slik punktene og møtet sto ved slutten av denne dagen.",
        show_default=False,
    ),
]


def _format(fmt: Dokumentformat | None, ut: Path | None) -> str:
    if fmt is not None:
        valgt = fmt.value
    elif ut is not None and ut.suffix.lower() in _ENDINGER:
        valgt = _ENDINGER[ut.suffix.lower()]
    else:
        valgt = "md"
    if valgt == "docx" and ut is None:
        raise Bruksfeil("Et Word-dokument skrives til en fil: oppgi --output FIL.docx.")
    return valgt


def _skriv_dokument(dok: Any, fmt: str, ut: Path | None) -> None:
    """The document to the file (atomically; never the register) or to stdout."""
    from konsreg.tekst import synlig

    if fmt == "docx":
        from konsreg.filer import midlertidig_ved
        from konsreg.render.dok_docx import skriv_docx

        assert ut is not None
        with (
            midlertidig_ved(ut, vern=tilstand().registerfiler()) as midlertidig,
            midlertidig.open("wb") as fil,
        ):
            skriv_docx(dok, fil)
        melding(f"Skrev {synlig(str(ut))}.")
        return
    if fmt == "html":
        from konsreg.render.dok_html import html

        tekst = html(dok)
    else:
        from konsreg.render.dok_md import markdown

        tekst = markdown(dok)
    if ut is None:
        skriv(tekst)
        return
    from konsreg.filer import skriv_atomisk

    with skriv_atomisk(ut, vern=tilstand().registerfiler()) as fil:
        fil.write(tekst)
    melding(f"Skrev {synlig(str(ut))}.")


def _data(mote: str, per: str | None) -> Any:
    from konsreg.cli.felles import dato
    from konsreg.register import materiale

    return i_lesing(materiale.materiale, mote=mote, per=dato(per))


def materiale(
    mote: MoteArg,
    format: DokFormatValg = None,
    output: UtValg = None,
    maler: Annotated[
        Path | None,
        typer.Option(
            "--maler",
            metavar="MAPPE",
            help="En mappe med egne maler for de faste kapitteltekstene (se README.md i "
            "konsreg/maler); maler som mangler der, tas fra konsreg.",
            show_default=False,
        ),
    ] = None,
    tross_feil: Annotated[
        bool, typer.Option("--tross-feil", help="Skriv materialet selv om sjekken finner feil.")
    ] = False,
    per: PerValg = None,
) -> None:
    """Skriv hele materialet til et møte: forside, innhold, kapittel 1–6 og vedlegg a–c.

    Underdelene (nye, pågående, avsluttede) og overskriftene bygges av registeret; de faste
    tekstene kommer fra malene, med tall regnet ut av registeret. Sjekken (konsreg sjekk)
    kjøres først: med feil skrives ingenting uten --tross-feil, og advarslene sies.
    """
    from konsreg.regler.sjekk import har_feil, sjekk
    from konsreg.render import materiale as bygger
    from konsreg.render.sjekk import tekst

    fmt = _format(format, output)
    mal = bygger.les_maler(maler)
    data = _data(mote, per)
    funn = sjekk(data)
    for f in funn:
        melding(tekst(f))
    if har_feil(funn) and not tross_feil:
        antall = sum(1 for f in funn if f.feil)
        from konsreg.errors import KonsregFeil

        raise KonsregFeil(
            f"Materialet til {data.mote.id} har {antall} feil (over); rett dem, eller skriv "
            "det likevel med --tross-feil."
        )
    _skriv_dokument(bygger.bygg(data, mal), fmt, output)


def sjekk(
    mote: Annotated[
        str | None,
        typer.Argument(
            metavar="MØTE",
            help="Møtet (standard: det neste konsultasjonsmøtet, ellers det siste).",
            autocompletion=fullforing.mote,
            show_default=False,
        ),
    ] = None,
    per: PerValg = None,
) -> None:
    """Sjekk et møtes materiale mot registeret før det publiseres.

    Finner: avtaler som står som gjeldende etter at de utløp; nye avtaler i kapittel 5
    uten rad i vedlegg c; punkter der posten er endret etter at teksten ble skrevet; datoer
    i teksten (inngått 19. mars 2024) som ikke er postens; departementer i teksten som ikke
    er postens; pågående saker i vedlegg a/b uten tekst; overskrifter som kaller posten noe
    annet. Hvert funn sier hva som kan gjøres. Avslutter med 0 uten feil, 1 med feil.
    """
    from konsreg.register import moter
    from konsreg.regler.sjekk import har_feil
    from konsreg.regler.sjekk import sjekk as sjekk_
    from konsreg.render.sjekk import tekst

    if mote is None:
        mote = i_lesing(moter.gjeldende_plenum)
        melding(f"Sjekker konsultasjonsmøtet {mote}.")
    data = _data(mote, per)
    funn = sjekk_(data)
    for f in funn:
        skriv(tekst(f) + "\n")
    feil = sum(1 for f in funn if f.feil)
    advarsler = len(funn) - feil
    if not funn:
        melding(f"Ingen funn: materialet til {data.mote.id} stemmer med registeret.")
        return
    melding(f"{feil} feil og {advarsler} advarsler i materialet til {data.mote.id}.")
    if har_feil(funn):
        raise typer.Exit(1)


def referat(
    mote: MoteArg,
    format: DokFormatValg = None,
    output: UtValg = None,
) -> None:
    """Skriv referatet fra et møte: dato, hvem som var til stede, sakslisten og hvert
    punkts konklusjon (konsreg punkt endre … --konklusjon)."""
    from konsreg.render import materiale as bygger

    fmt = _format(format, output)
    data = _data(mote, None)
    _skriv_dokument(bygger.bygg_referat(data), fmt, output)
