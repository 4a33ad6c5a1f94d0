"""`konsreg vedlegg a|b|c`: the appendices of the meeting material, from the register."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from konsreg.cli.felles import (
    ArValg,
    advar,
    i_lesing,
    konsoll,
    melding,
    skriv,
    tilstand,
    utformat,
    vis,
)
from konsreg.cli.felles import arstall as felles_arstall
from konsreg.cli.hjelp import NorskTyper
from konsreg.errors import Bruksfeil
from konsreg.register import klokke
from konsreg.regler.begreper import Format

app = NorskTyper(
    help="Vedleggene til konsultasjonsmøtets materiale, skrevet ut fra registeret.",
    short_help="Vedleggene a, b og c til materialet, fra registeret.",
    no_args_is_help=True,
)

FORMATER = (Format.table, Format.tsv, Format.csv, Format.markdown, Format.json, Format.html)
FormatValg = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, tsv (materialets tabulatorseparerte oppsett), csv, markdown, json eller "
        "html (en utskrivbar side). Standard: table i en terminal, ellers tsv.",
        case_sensitive=False,
        show_default=False,
    ),
]
UtfilValg = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FIL",
        help="Skriv til denne filen (hel eller ikke i det hele tatt) i stedet for stdout; "
        "formatet følger filendelsen (.html, .md, .csv, .json, ellers tsv) om ikke --format "
        "er gitt.",
        show_default=False,
    ),
]

_ENDINGER = {
    ".html": Format.html,
    ".htm": Format.html,
    ".md": Format.markdown,
    ".csv": Format.csv,
    ".json": Format.json,
}


def _format(fmt: Format | None, utfil: Path | None) -> Format:
    """The format asked for; for a file, the one its name implies (a table is for screens).
    A bad -o is refused here, before the register is read."""
    if utfil is None:
        return utformat(fmt, FORMATER)
    from konsreg.filer import sjekk_mal

    if fmt == Format.table:
        raise Bruksfeil(
            "--format table er for skjermen; skriv filen som tsv, csv, markdown, json eller html."
        )
    sjekk_mal(utfil, vern=tilstand().registerfiler())
    return utformat(fmt, FORMATER) if fmt else _ENDINGER.get(utfil.suffix.lower(), Format.tsv)


def _skriv_ut(v: Any, fmt: Format, utfil: Path | None, tidslinje: Any = None) -> None:
    from konsreg.render import vedlegg

    if utfil is not None:
        from konsreg.filer import skriv_atomisk
        from konsreg.tekst import synlig

        with skriv_atomisk(utfil, vern=tilstand().registerfiler()) as ut:
            ut.write(vedlegg.tekst(v, fmt, tidslinje))
        melding(f"Skrev vedlegg {v.bokstav} til {synlig(str(utfil))}.")
    elif fmt == Format.table:
        vis(vedlegg.rich_tabell(v, bredde=konsoll().width))
    else:
        skriv(vedlegg.tekst(v, fmt, tidslinje))


def _saker(bokstav: str, ar: str | None, fmt: Format | None, utfil: Path | None) -> None:
    from konsreg.register import utvalg
    from konsreg.render import vedlegg

    format_ = _format(fmt, utfil)
    arstall = felles_arstall(ar or None, "--ar") or klokke.i_dag().year
    saker = i_lesing(utvalg.saker_for_vedlegg, bokstav=bokstav, ar=arstall)
    _skriv_ut(vedlegg.vedlegg_ab(bokstav, arstall, saker), format_, utfil)


@app.command("a")
def a(ar: ArValg = None, format: FormatValg = None, output: UtfilValg = None) -> None:
    """Vedlegg a) Oversikt over kostnadsberegningssaker.

    Rader: kostnadsberegningssakene meldt opp til og med konsultasjonsåret og ikke avsluttet
    før det, nyeste oppmeldt-år først. En gjentakende sak vises som «2022 (første gang)».
    Departementet skrives med navnet i konsultasjonsåret: en sak registrert under et
    departement et annet har overtatt etter (KMD), står under etterfølgeren (KDD), med en
    fotnote.
    """
    _saker("a", ar, format, output)


@app.command("b")
def b(ar: ArValg = None, format: FormatValg = None, output: UtfilValg = None) -> None:
    """Vedlegg b) Oversikt over lovmedvirkningssaker.

    Rader: lovmedvirkningssakene meldt opp til og med konsultasjonsåret og ikke avsluttet
    før det, nyeste oppmeldt-år først. Som i vedlegg a står en sak under etterfølgeren til
    departementet den ble registrert under, med en fotnote.
    """
    _saker("b", ar, format, output)


@app.command("c")
def c(
    ar: ArValg = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            metavar="DATO",
            help="Datoen tabellen gjelder, eller en måned: «april 2026» er 30.04.2026 "
            "(standard: i dag; med et annet --ar: 31.12 det året).",
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

    Rader: avtalene som gjelder fra (gyldig fra, ellers inngått) innen --per og ikke er
    avsluttet før den dagen, gruppert etter kategori. En avtale gjelder ut utløpsdagen og
    ut avslutningsdagen. Avtaler som har utløpt før --per, men
    ikke er avsluttet i registeret, skrives ut med en advarsel på stderr som nevner hver av
    dem; --bare-gjeldende utelater dem. En part et annet departement har overtatt etter
    innen --per (KMD), skrives som etterfølgeren (KDD), med en fotnote.
    """
    from konsreg.cli.felles import per as per_
    from konsreg.regler.datoer import norsk_dato
    from konsreg.regler.vedlegg import per_dag
    from konsreg.render import vedlegg

    format_ = _format(format, output)
    arstall = felles_arstall(ar or None, "--ar")
    dag = per_dag(ar=arstall, per=per_(per), idag=klokke.i_dag())
    c_, tidslinje = i_lesing(
        _c_med_tidslinje, per=dag, bare_gjeldende=bare_gjeldende, html=format_ == Format.html
    )
    if c_.utelatt:
        if c_.utlopte:
            melding(f"Utelot {len(c_.utlopte)} avtaler som hadde utløpt før {norsk_dato(dag)}.")
    else:
        advar(c_.utlopte)
    v = vedlegg.vedlegg_c(arstall or klokke.i_dag().year, dag, c_.avtaler, c_.kategorier)
    _skriv_ut(v, format_, output, tidslinje)


def _c_med_tidslinje(*, session: Any, per: date, bare_gjeldende: bool, html: bool) -> Any:
    """Vedlegg c's rows and, for the HTML page, the timeline of the same agreements, read
    in one snapshot."""
    from konsreg.register import tidslinje, utvalg

    c_ = utvalg.avtaler_for_vedlegg(session=session, per=per, bare_gjeldende=bare_gjeldende)
    if not html:
        return c_, None
    ider = [a.id for a in c_.avtaler]
    return c_, tidslinje.for_vedlegg(session=session, per=per, ider=ider)
