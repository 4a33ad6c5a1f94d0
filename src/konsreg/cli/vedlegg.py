"""`konsreg vedlegg a|b|c`: the appendices of the meeting material, from the register."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from konsreg.cli.felles import advar, melding, skriv, tilstand, vis
from konsreg.cli.felles import arstall as felles_arstall
from konsreg.errors import Bruksfeil

app = typer.Typer(
    help="Vedleggene til konsultasjonsmøtets materiale, skrevet ut fra registeret.",
    no_args_is_help=True,
)


class VedleggFormat(StrEnum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    markdown = "markdown"
    json = "json"
    html = "html"


FormatValg = Annotated[
    VedleggFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table, tsv (materialets tabulatorseparerte oppsett), csv, markdown, json eller "
        "html (en utskrivbar side). Standard: table i en terminal, ellers tsv.",
        case_sensitive=False,
    ),
]
UtfilValg = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Skriv til denne filen (hel eller ikke i det hele tatt) i stedet for stdout; "
        "formatet følger filendelsen (.html, .md, .csv, .json, ellers tsv) om ikke --format "
        "er gitt.",
        show_default=False,
    ),
]
ArValg = Annotated[
    str | None,
    typer.Option("--ar", "--år", help="Konsultasjonsåret (standard: i år).", show_default=False),
]


_ENDINGER = {".html": "html", ".htm": "html", ".md": "markdown", ".csv": "csv", ".json": "json"}


def _format(fmt: VedleggFormat | None, utfil: Path | None = None) -> str:
    import sys

    if fmt is not None:
        if fmt == VedleggFormat.table and utfil is not None:
            raise Bruksfeil(
                "--format table er for skjermen; skriv filen som tsv, csv, markdown, json "
                "eller html."
            )
        return fmt.value
    if utfil is not None:
        return _ENDINGER.get(utfil.suffix.lower(), "tsv")
    return "table" if sys.stdout.isatty() else "tsv"


def _sjekk_utfil(utfil: Path | None) -> None:
    """A bad -o is refused before the register is read."""
    if utfil is not None:
        from konsreg.filer import sjekk_mal

        sjekk_mal(utfil, vern=tilstand().registerfiler())


def _skriv_ut(v: object, fmt: str, utfil: Path | None = None) -> None:
    from konsreg import vedlegg

    assert isinstance(v, vedlegg.Vedlegg)
    if utfil is not None:
        from konsreg.filer import skriv_atomisk
        from konsreg.tekst import synlig

        with skriv_atomisk(utfil, vern=tilstand().registerfiler()) as ut:
            ut.write(vedlegg.tekst(v, fmt))
        melding(f"Skrev vedlegg {v.bokstav} til {synlig(str(utfil))}.")
    elif fmt == "table":
        vis(vedlegg.rich_tabell(v))
    else:
        skriv(vedlegg.tekst(v, fmt))


def _saker(bokstav: str, ar: str | None, fmt: VedleggFormat | None, utfil: Path | None) -> None:
    from konsreg import db, register, vedlegg

    format_ = _format(fmt, utfil)
    _sjekk_utfil(utfil)
    arstall = felles_arstall(ar or None, "--ar") or date.today().year
    with db.les(tilstand().engine()) as session:
        saker = register.saker_for_vedlegg(
            session=session, type=vedlegg.SAKSTYPE[bokstav], ar=arstall
        )
    _skriv_ut(vedlegg.vedlegg_ab(bokstav, arstall, saker), format_, utfil)


@app.command("a")
def a(ar: ArValg = None, format: FormatValg = None, output: UtfilValg = None) -> None:
    """Vedlegg a) Oversikt over kostnadsberegningssaker.

    Rader: kostnadsberegningssakene meldt opp til og med konsultasjonsåret og ikke avsluttet
    før det, nyeste oppmeldt-år først. En gjentakende sak vises som «2022 (første gang)».
    """
    _saker("a", ar, format, output)


@app.command("b")
def b(ar: ArValg = None, format: FormatValg = None, output: UtfilValg = None) -> None:
    """Vedlegg b) Oversikt over lovmedvirkningssaker.

    Rader: lovmedvirkningssakene meldt opp til og med konsultasjonsåret og ikke avsluttet
    før det, nyeste oppmeldt-år først.
    """
    _saker("b", ar, format, output)


@app.command("c")
def c(
    ar: ArValg = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="Datoen tabellen gjelder (standard: i dag; med et annet --ar: 31.12 det året).",
            show_default=False,
        ),
    ] = None,
    bare_gjeldende: Annotated[
        bool,
        typer.Option("--bare-gjeldende", help="Utelat avtaler som har utløpt før --per."),
    ] = False,
    format: FormatValg = None,
    output: UtfilValg = None,
) -> None:
    """Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per <måned år>.

    Rader: avtalene som er inngått innen --per og ikke avsluttet før den dagen, gruppert
    etter kategori. En avtale gjelder ut utløpsdagen. Avtaler som har utløpt før --per, men
    ikke er avsluttet i registeret, skrives ut med en advarsel på stderr som nevner hver av
    dem; --bare-gjeldende utelater dem.
    """
    from konsreg import db, register, vedlegg
    from konsreg.regler.datoer import norsk_dato, parse_dato

    format_ = _format(format, output)
    _sjekk_utfil(output)
    arstall = felles_arstall(ar or None, "--ar") or date.today().year
    idag = date.today()
    if per:
        dag = parse_dato(per)
    elif ar and arstall != idag.year:
        dag = date(arstall, 12, 31)
    else:
        dag = idag
    with db.les(tilstand().engine()) as session:
        avtaler = register.avtaler_for_vedlegg(session=session, per=dag)
        kategorier = [(k.kode, k.navn) for k in register.liste_kategorier(session=session)]
    utlopte = [x for x in avtaler if vedlegg.utlopt(x, dag)]
    if bare_gjeldende:
        avtaler = [x for x in avtaler if not vedlegg.utlopt(x, dag)]
        if utlopte:
            melding(f"Utelot {len(utlopte)} avtaler som hadde utløpt før {norsk_dato(dag)}.")
    else:
        advar(
            [
                f"{x.id} «{x.tittel}» utløp {norsk_dato(x.utloper)}, men står i registeret "
                f"som {register.status_tekst(x.status)} per {norsk_dato(dag)}; avslutt eller "
                "forny den, eller bruk --bare-gjeldende."
                for x in utlopte
            ]
        )
    _skriv_ut(vedlegg.vedlegg_c(arstall, dag, avtaler, kategorier), format_, output)
