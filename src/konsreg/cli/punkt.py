"""`konsreg punkt ...`: the items of a meeting's agenda and their texts."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated, Any

import typer

from konsreg.cli import fullforing
from konsreg.cli.felles import (
    AvValg,
    FormatValg,
    advar,
    bruker,
    i_lesing,
    i_skriving,
    melding,
    rapporter_endring,
    skriv,
    utformat,
)
from konsreg.cli.hjelp import NorskTyper
from konsreg.cli.visning import vis_liste, vis_post

app = NorskTyper(help="Punktene på et møtes saksliste.", no_args_is_help=True)

PunktArg = Annotated[
    str,
    typer.Argument(
        metavar="PUNKT",
        help="Punktet: møtet og nummeret, f.eks. 2026-2/3.",
        autocompletion=fullforing.punkt,
    ),
]
TekstValg = Annotated[
    str | None,
    typer.Option(
        "--tekst",
        metavar="TEKST",
        help="Punktets tekst til dette møtet (Markdown); «-» leser den fra stdin.",
        show_default=False,
    ),
]
TekstFilValg = Annotated[
    str | None,
    typer.Option(
        "--tekst-fil",
        metavar="FIL",
        help="Les teksten (Markdown, UTF-8) fra en fil.",
        show_default=False,
    ),
]
SporsmalValg = Annotated[
    list[str] | None,
    typer.Option(
        "--sporsmal",
        metavar="TEKST",
        help="Et spørsmål til drøfting; gjentas for flere.",
        show_default=False,
    ),
]
OnsketValg = Annotated[
    list[str] | None,
    typer.Option(
        "--onsket-resultat",
        metavar="TEKST",
        help="Et ønsket resultat; gjentas for flere.",
        show_default=False,
    ),
]
TittelValg = Annotated[
    str | None,
    typer.Option(
        "--tittel",
        metavar="TITTEL",
        help="Tittelen (kapittel 2 og 6, et punkt uten post, eller en annen overskrift enn "
        "postens; «sjekk» melder den).",
        show_default=False,
    ),
]
MeldtValg = Annotated[
    str | None,
    typer.Option(
        "--meldt-inn-av",
        metavar="KODE",
        help="KS eller et departement (BFD).",
        show_default=False,
        autocompletion=fullforing.part,
    ),
]
KonklusjonValg = Annotated[
    str | None,
    typer.Option(
        "--konklusjon",
        metavar="TEKST",
        help="Konklusjonen etter møtet (Markdown); «-» leser den fra stdin.",
        show_default=False,
    ),
]


def _tekst(tekst: str | None, fil: str | None, valg: str = "--tekst") -> str | None:
    """The text given inline, from stdin (`-`) or from a file; None if none was."""
    from konsreg.errors import Bruksfeil
    from konsreg.lesere.kilde import les_hele

    if tekst is not None and fil is not None:
        raise Bruksfeil(f"Bruk {valg} eller {valg}-fil, ikke begge.")
    if fil is not None:
        return les_hele(fil, "utf-8-sig")[0]
    if tekst == "-":
        return les_hele("-", "utf-8-sig")[0]
    return tekst


@app.command("ny", short_help="Sett et punkt på et møtes saksliste og skriv ut id-en.")
def ny(
    mote: Annotated[
        str,
        typer.Argument(
            metavar="MØTE",
            help="Møtet punktet står på, f.eks. 2026-2.",
            autocompletion=fullforing.mote,
        ),
    ],
    sak: Annotated[
        str | None,
        typer.Option(
            "--sak",
            metavar="NR",
            autocompletion=fullforing.saksnummer,
            help="Saken punktet gjelder (kapittel 3 eller 4).",
            show_default=False,
        ),
    ] = None,
    avtale: Annotated[
        str | None,
        typer.Option(
            "--avtale",
            metavar="ID",
            autocompletion=fullforing.avtale,
            help="Avtalen punktet gjelder (kapittel 5).",
            show_default=False,
        ),
    ] = None,
    ks_innspill: Annotated[
        str | None,
        typer.Option(
            "--ks-innspill",
            metavar="TITTEL",
            help="Et innspill fra KS (kapittel 2), med tittel.",
            show_default=False,
        ),
    ] = None,
    eventuelt: Annotated[
        str | None,
        typer.Option(
            "--eventuelt",
            metavar="TITTEL",
            help="En sak under eventuelt (kapittel 6), med tittel.",
            show_default=False,
        ),
    ] = None,
    innledning: Annotated[
        int | None,
        typer.Option(
            "--innledning",
            metavar="KAPITTEL",
            help="Kapitlets innledende tekst til dette møtet (f.eks. 2: KS' innledning).",
            show_default=False,
        ),
    ] = None,
    kapittel: Annotated[
        int | None,
        typer.Option(
            "--kapittel",
            metavar="KAPITTEL",
            help="Kapitlet, for et punkt uten sak eller avtale.",
            show_default=False,
        ),
    ] = None,
    del_: Annotated[
        str | None,
        typer.Option(
            "--del",
            metavar="DEL",
            help="Underdelen (a, b, c) til et punkt i kapittel 3–5 uten post.",
            show_default=False,
        ),
    ] = None,
    tittel: TittelValg = None,
    meldt_inn_av: MeldtValg = None,
    tekst: TekstValg = None,
    tekst_fil: TekstFilValg = None,
    sporsmal: SporsmalValg = None,
    onsket_resultat: OnsketValg = None,
    av: AvValg = None,
) -> None:
    """Sett et punkt på et møtes saksliste, sist i sitt kapittel, og skriv ut id-en (2026-2/3).

    Eksempler: --sak 2026/1 (kapitlet følger av sakstypen), --avtale A9, --ks-innspill
    "Redusert statlig styring", --eventuelt "Sak om krisesenterloven" --meldt-inn-av BFD,
    --innledning 2. Overskriften bygges av posten; --tittel overstyrer den.
    """
    from konsreg.errors import Bruksfeil
    from konsreg.models import PunktCreate, valider
    from konsreg.register import punkter

    hva = [v for v in (sak, avtale, ks_innspill, eventuelt, innledning) if v is not None]
    if len(hva) > 1:
        raise Bruksfeil("Velg én av --sak, --avtale, --ks-innspill, --eventuelt og --innledning.")
    data: dict[str, Any] = {
        "sak": sak,
        "avtale": avtale,
        "kapittel": kapittel,
        "underdel": del_,
        "tittel": tittel,
        "meldt_inn_av": meldt_inn_av,
        "tekst": _tekst(tekst, tekst_fil),
        "sporsmal": sporsmal or [],
        "onsket_resultat": onsket_resultat or [],
    }
    if ks_innspill is not None:
        if tittel is not None:
            raise Bruksfeil("--ks-innspill har tittelen selv; dropp --tittel.")
        data.update(kapittel=2, tittel=ks_innspill, meldt_inn_av=meldt_inn_av or "KS")
    if eventuelt is not None:
        if tittel is not None:
            raise Bruksfeil("--eventuelt har tittelen selv; dropp --tittel.")
        data.update(kapittel=6, tittel=eventuelt)
    if innledning is not None:
        data.update(kapittel=innledning, innledning=True)
    advarsler: list[Any] = []
    punkt = i_skriving(
        punkter.ny_punkt,
        mote=mote,
        data=valider(PunktCreate, data),
        av=bruker(av),
        advarsler=advarsler,
    )
    advar(advarsler)
    skriv(f"{punkt.id}\n")


@app.command("liste")
def liste(
    mote: Annotated[
        str,
        typer.Argument(
            metavar="MØTE", help="Møtet, f.eks. 2026-2.", autocompletion=fullforing.mote
        ),
    ],
    format: FormatValg = None,
) -> None:
    """List punktene på et møtes saksliste i materialets rekkefølge."""
    from konsreg.cli.mote import _punktrad
    from konsreg.register import punkter
    from konsreg.render.formater import PUNKTER

    fmt = utformat(format)
    rader = i_lesing(punkter.liste, mote=mote)
    vis_liste(
        [_punktrad(p) for p in rader] if fmt.value == "table" else rader,
        PUNKTER,
        fmt,
        hva="punkter",
    )


@app.command("vis", short_help="Vis et punkt med tekst, spørsmål, ønsket resultat og konklusjon.")
def vis(punkt: PunktArg, format: FormatValg = None) -> None:
    """Vis et punkt med tekst, spørsmål, ønsket resultat, konklusjon og historikk."""
    from konsreg.register import punkter
    from konsreg.render.felt import PUNKT_FELT

    post, historikk = i_lesing(punkter.vis, punkt_id=punkt)
    vis_post(post, historikk, PUNKT_FELT, utformat(format), f"Punkt {post.id}")


@app.command("endre", short_help="Endre et punkts tekst, tittel, spørsmål eller konklusjon.")
def endre(
    punkt: PunktArg,
    sak: Annotated[
        str | None,
        typer.Option(
            "--sak",
            metavar="NR",
            help="Knytt punktet til denne saken.",
            show_default=False,
            autocompletion=fullforing.saksnummer,
        ),
    ] = None,
    avtale: Annotated[
        str | None,
        typer.Option(
            "--avtale",
            metavar="ID",
            help="Knytt punktet til denne avtalen.",
            show_default=False,
            autocompletion=fullforing.avtale,
        ),
    ] = None,
    tittel: TittelValg = None,
    meldt_inn_av: MeldtValg = None,
    del_: Annotated[
        str | None,
        typer.Option(
            "--del", metavar="DEL", help="Underdelen til et punkt uten post.", show_default=False
        ),
    ] = None,
    tekst: TekstValg = None,
    tekst_fil: TekstFilValg = None,
    sporsmal: SporsmalValg = None,
    onsket_resultat: OnsketValg = None,
    konklusjon: KonklusjonValg = None,
    konklusjon_fil: Annotated[
        str | None,
        typer.Option(
            "--konklusjon-fil",
            metavar="FIL",
            help="Les konklusjonen fra en fil.",
            show_default=False,
        ),
    ] = None,
    tom: Annotated[
        list[str] | None,
        typer.Option(
            "--tom",
            metavar="FELT",
            help="Tøm et felt (tittel, tekst, sporsmal, onsket-resultat, konklusjon); gjentas.",
            show_default=False,
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Endre et punkts tekst, tittel, spørsmål, ønskede resultater eller konklusjon, eller
    knytt det til sin sak eller avtale (--sak, --avtale).

    Hver endring føres i historikken, så et gammelt materiale kan skrives ut som det var
    (materiale --per DATO).
    """
    from konsreg.errors import Bruksfeil
    from konsreg.models import PunktUpdate, valider
    from konsreg.register import punkter

    data: dict[str, Any] = {}
    for navn, verdi in (
        ("sak", sak),
        ("avtale", avtale),
        ("tittel", tittel),
        ("meldt_inn_av", meldt_inn_av),
        ("underdel", del_),
        ("tekst", _tekst(tekst, tekst_fil)),
        ("sporsmal", sporsmal),
        ("onsket_resultat", onsket_resultat),
        ("konklusjon", _tekst(konklusjon, konklusjon_fil, "--konklusjon")),
    ):
        if verdi is not None:
            data[navn] = verdi
    for navn in tom or []:
        felt = navn.replace("-", "_")
        if felt not in ("tittel", "tekst", "sporsmal", "onsket_resultat", "konklusjon"):
            raise Bruksfeil(
                "--tom tar tittel, tekst, sporsmal, onsket-resultat eller konklusjon, "
                f"ikke «{navn}»."
            )
        if felt in data:
            raise Bruksfeil(f"{navn} er både gitt og tømt.")
        data[felt] = [] if felt in ("sporsmal", "onsket_resultat") else None
    if not data:
        raise Bruksfeil("Ingen endringer oppgitt; se «konsreg punkt endre --help».")
    advarsler: list[Any] = []
    post, endret = i_skriving(
        punkter.endre,
        punkt_id=punkt,
        endring=valider(PunktUpdate, data),
        av=bruker(av),
        advarsler=advarsler,
    )
    advar(advarsler)
    rapporter_endring("Punkt", post.id, endret)


@app.command("flytt")
def flytt(
    punkt: PunktArg,
    til: Annotated[
        int | None,
        typer.Option(
            "--til", metavar="PLASS", help="Plassen i kapitlet (1 er først).", show_default=False
        ),
    ] = None,
    etter: Annotated[
        str | None,
        typer.Option(
            "--etter",
            metavar="PUNKT",
            autocompletion=fullforing.punkt,
            help="Rett etter dette punktet (2026-2/1).",
            show_default=False,
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Flytt et punkt innenfor sitt kapittel."""
    from konsreg.errors import Bruksfeil
    from konsreg.register import punkter

    if (til is None) == (etter is None):
        raise Bruksfeil("Oppgi enten --til PLASS eller --etter PUNKT.")
    i_skriving(punkter.flytt, punkt_id=punkt, til=til, etter=etter, av=bruker(av))
    melding(f"Punkt {punkt} er flyttet.")


@app.command("fjern")
def fjern(punkt: PunktArg, av: AvValg = None) -> None:
    """Ta et punkt av sakslisten. Historikken beholdes, og nummeret gis ikke på nytt."""
    from konsreg.register import punkter

    post = i_skriving(punkter.fjern, punkt_id=punkt, av=bruker(av))
    melding(f"Punkt {post.id} er fjernet fra sakslisten.")
