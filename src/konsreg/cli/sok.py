"""`konsreg sok TEKST`: find cases, agreements and agenda items by what they say."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated

import typer

from konsreg.cli.felles import FormatValg, arstall, valgfri

TekstArg = Annotated[
    list[str],
    typer.Argument(
        help="Hva du søker etter: ord (alle må finnes), «ELLER», «IKKE»/-ord, "
        '"en frase", prefiks* og (parenteser). Se README, «Søk».',
        metavar="TEKST",
        show_default=False,
    ),
]


def sok(
    tekst: TekstArg,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type", "-t", metavar="TYPE", help="Bare sak, avtale eller punkt.", show_default=False
        ),
    ] = None,
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar",
            "--år",
            metavar="ÅR",
            help="Konsultasjonsåret: saker som i «saker --ar», avtaler i kraft en dag av året, "
            "punkter på årets møter.",
            show_default=False,
        ),
    ] = None,
    departement: Annotated[
        str | None,
        typer.Option(
            "--departement",
            "-d",
            metavar="KODE",
            help="Et departement (kode eller fullt navn; også forgjengerne): sakens "
            "departement, en avtalepart, punktets møte, sak eller avtale.",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            "-s",
            metavar="STATUS",
            help="Saker og avtaler med statusen ny, pagaende (pågående), avsluttet eller utgar "
            "(annullerte); punkter er da ikke med.",
            show_default=False,
        ),
    ] = None,
    format: FormatValg = None,
    grense: Annotated[
        int,
        typer.Option(
            "--grense",
            min=0,
            metavar="ANTALL",
            help="Høyst så mange treff (0: alle).",
            show_default=True,
        ),
    ] = 20,
) -> None:
    """Søk i titler, beskrivelser, avtaleparter og møtepunktenes tekst og konklusjon.

    Treffene rangeres, det beste først, hvert med hva det er (sak 2026/1, avtale A7,
    punkt 2026-2/3), tittel og et utdrag med treffene uthevet. Annullerte saker og
    avtaler er med bare med --status utgar; fjernede punkter aldri.

    SQLite søker på begynnelsen av hvert ord (bosett finner bosetting og bosettingen);
    PostgreSQL bøyer ordene med norsk ordstamme (bosetting finner bosettingen).
    """
    import sys

    from konsreg.cli.felles import i_lesing, melding, utformat, verdi_feil, vis
    from konsreg.register import sok as register
    from konsreg.regler import felt
    from konsreg.regler import sok as regler
    from konsreg.regler.begreper import Format
    from konsreg.render import sok as visning

    sporring = " ".join(tekst)
    fmt = utformat(format)
    filter = register.Sokefilter(
        type=verdi_feil(regler.posttype, type_) if type_ is not None else None,
        ar=arstall(ar or None, "--ar"),
        departement=departement or None,
        status=valgfri(felt.status, status or None),
    )
    svar = i_lesing(register.sok, sporring=sporring, filter=filter, grense=grense)
    if svar.avgrenset:
        melding(visning.avgrenset(svar.avgrenset, register.KANDIDATER))
    if fmt == Format.table:
        if not svar.treff:
            melding(visning.ingen_treff(sporring))
            return
        vis(visning.tabell(svar.treff))
    else:
        visning.skriv(svar.treff, fmt, sys.stdout)
        sys.stdout.flush()
    if svar.flere:
        melding(visning.flere(len(svar.treff)))
