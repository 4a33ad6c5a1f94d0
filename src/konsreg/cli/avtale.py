"""`konsreg avtale ...`: register, list, show, change and renew bilateral agreements."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from datetime import date
from typing import Annotated, Any

import typer

from konsreg.cli import felles
from konsreg.cli.felles import (
    AlleValg,
    AvValg,
    DatoValg,
    FormatValg,
    GrunnValg,
    StatusValg,
    advar,
    arstall,
    bruker,
    endre_post,
    i_lesing,
    i_skriving,
    melding,
    si_grunn,
    skriv,
    spor,
    utformat,
    valgfri,
    verdi_feil,
)
from konsreg.cli.felles import (
    dato as dato_,
)
from konsreg.cli.visning import vis_liste, vis_post
from konsreg.tekst import synlig

app = typer.Typer(
    help="Bilaterale samarbeidsavtaler mellom departementene og KS.", no_args_is_help=True
)

TittelValg = Annotated[
    str | None, typer.Option("--tittel", help="Avtalens tittel.", show_default=False)
]
KategoriValg = Annotated[
    str | None,
    typer.Option(
        "--kategori",
        "-k",
        help="velferd eller samhandling (eller hele gruppenavnet i vedlegg c).",
        show_default=False,
    ),
]
PartValg = Annotated[
    list[str] | None,
    typer.Option(
        "--part",
        "-p",
        help="En part (gjenta valget), eller alle som trykt: "
        '"AID, JD, BFD, KDD og KS". Kode eller fullt navn ("Helse- og '
        'omsorgsdepartementet og KS"). Rekkefølgen beholdes.',
        show_default=False,
    ),
]
InngattValg = Annotated[
    str | None,
    typer.Option("--inngatt", "--inngått", help="Datoen avtalen ble inngått.", show_default=False),
]
UtloperValg = Annotated[
    str | None,
    typer.Option("--utloper", "--utløper", help="Datoen avtalen utløper.", show_default=False),
]
ForsteValg = Annotated[
    str | None,
    typer.Option(
        "--forste-avtale",
        "--første-avtale",
        help="Året den første avtalen i serien ble inngått.",
        show_default=False,
    ),
]
HandleArg = Annotated[str, typer.Argument(help="Avtalens id, f.eks. A3 (eller bare 3).")]


def _parter(part: list[str] | None) -> list[str] | None:
    """The `--part` values as given: the register splits them, knowing the full names
    (which hold " og " and "," themselves)."""
    verdier = [p for p in part or [] if p.strip()]
    return verdier or None


def _sjekk_parter(svar: str) -> str:
    """A prompt's check of the parties typed at the terminal, against the register."""
    from konsreg.register.departementer import sjekk_parter

    return str(i_lesing(sjekk_parter, verdi=svar, ar=date.today().year))


@app.command("ny")
def ny(
    tittel: TittelValg = None,
    kategori: KategoriValg = None,
    part: PartValg = None,
    inngatt: InngattValg = None,
    utloper: UtloperValg = None,
    forste_avtale: ForsteValg = None,
    status: Annotated[
        str, typer.Option("--status", "-s", help="ny, pagaende (pågående) eller avsluttet.")
    ] = "ny",
    av: AvValg = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Skriv bare id-en.")] = False,
) -> None:
    """Registrer en ny bilateral avtale og skriv ut id-en (f.eks. A9).

    Valg som mangler, spørres om i en terminal; uten terminal er det en feil. En avtale
    uten KS blant partene lagres med en advarsel; status avsluttet før inngått avvises.
    """
    from konsreg.models import AvtaleCreate, valider
    from konsreg.register import avtaler
    from konsreg.regler import felt

    tittel = spor(tittel, valg="--tittel", sporsmal="Tittel")
    kategori = spor(kategori, valg="--kategori", sporsmal="Kategori (velferd/samhandling)")
    parter = _parter(part) or _parter(
        [spor(None, valg="--part", sporsmal="Parter (f.eks. «HOD og KS»)", sjekk=_sjekk_parter)]
    )
    inngatt = spor(inngatt, valg="--inngatt", sporsmal="Inngått (dd.mm.åååå)")
    if utloper is None and felles.er_interaktiv():
        utloper = felles.sporsmal_svar("Utløper (dd.mm.åååå, tomt for ingen)").strip() or None
    data = valider(
        AvtaleCreate,
        {
            "tittel": tittel,
            "kategori": kategori,
            "parter": parter,
            "inngatt": dato_(inngatt),
            "utloper": dato_(utloper),
            "forste_avtale": arstall(forste_avtale, "første avtale inngått"),
            "status": verdi_feil(felt.status, status),
        },
    )
    advarsler: list[Any] = []
    avtale = i_skriving(avtaler.ny_avtale, data=data, av=bruker(av), advarsler=advarsler)
    advar(advarsler)
    skriv(
        f"{avtale.id}\n" if quiet else f"Registrerte avtale {avtale.id}: {synlig(avtale.tittel)}\n"
    )


@app.command("liste")
def liste(
    utlop: Annotated[
        str | None,
        typer.Option(
            "--utlop", "--utløp", help="Avtaler som utløper i dette året.", show_default=False
        ),
    ] = None,
    utloper_innen: Annotated[
        str | None,
        typer.Option(
            "--utloper-innen",
            "--utløper-innen",
            help="Avtaler som utløper fra i dag til og med en frist: 90d, 8u, 6m, 1å "
            "eller en dato.",
            show_default=False,
        ),
    ] = None,
    gjeldende_per: Annotated[
        str | None,
        typer.Option(
            "--gjeldende-per",
            help="Avtaler som gjelder denne dagen (en avtale gjelder ut utløpsdagen).",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str | None,
        typer.Option(
            "--part",
            "-p",
            help="Avtaler med denne parten (KS, kode eller fullt navn), også dem forgjengerne "
            "inngikk (KDD: også KMD og KRD).",
            show_default=False,
        ),
    ] = None,
    kategori: KategoriValg = None,
    status: StatusValg = None,
    alle: AlleValg = False,
    uten_forgjengere: Annotated[
        bool,
        typer.Option(
            "--uten-forgjengere",
            help="--part bare som registrert, uten avtalene departementets forgjengere inngikk.",
        ),
    ] = False,
    format: FormatValg = None,
) -> None:
    """List avtaler, med filtre. Maskinformatene har faste feltnavn (se README).

    Annullerte avtaler (utgår) er med bare med --alle eller --status utgar.

    --part finner også avtalene partens forgjengere inngikk; se «konsreg departementer
    --overganger».
    """
    from konsreg.register import avtaler
    from konsreg.regler import felt
    from konsreg.regler.datoer import parse_frist
    from konsreg.render.formater import AVTALER

    idag = date.today()
    filter = avtaler.Avtalefilter(
        utlop=arstall(utlop, "--utlop"),
        utloper_innen=parse_frist(utloper_innen, idag=idag) if utloper_innen else None,
        gjeldende_per=dato_(gjeldende_per),
        part=part,
        kategori=kategori,
        status=valgfri(felt.status, status or None),
        idag=idag,
        alle=alle,
        med_forgjengere=not uten_forgjengere,
    )
    vis_liste(i_lesing(avtaler.liste, filter=filter), AVTALER, utformat(format))


@app.command("vis")
def vis_avtale(handle: HandleArg, format: FormatValg = None) -> None:
    """Vis én avtale med hele historikken."""
    from konsreg.register import avtaler
    from konsreg.render.felt import AVTALE_FELT

    avtale, historikk, fornyet = i_lesing(avtaler.vis, handle=handle)
    if fornyet:
        melding(f"Avtale {avtale.id} er fornyet av {', '.join(fornyet)}.")
    si_grunn("Avtale", avtale.id, avtale.status, historikk)
    vis_post(avtale, historikk, AVTALE_FELT, utformat(format), f"Avtale {avtale.id}")


@app.command("endre")
def endre(
    handle: HandleArg,
    tittel: TittelValg = None,
    kategori: KategoriValg = None,
    part: PartValg = None,
    inngatt: InngattValg = None,
    utloper: UtloperValg = None,
    forste_avtale: ForsteValg = None,
    status: StatusValg = None,
    dato: DatoValg = None,
    av: AvValg = None,
) -> None:
    """Endre ett eller flere felt i en avtale; hver endring lagres i historikken.

    --status avsluttet med en --dato før inngått avvises; før avtalen ble registrert gir
    det en advarsel.
    """
    from konsreg.register import avtaler

    endring = _endring(tittel, kategori, part, inngatt, utloper, forste_avtale, status)
    endre_post(avtaler.endre, endring, hva="Avtale", av=av, handle=handle, status_dato=dato_(dato))


def _endring(
    tittel: str | None,
    kategori: str | None,
    part: list[str] | None,
    inngatt: str | None,
    utloper: str | None,
    forste_avtale: str | None,
    status: str | None,
) -> Any:
    """The options given (not None) as an update of an agreement."""
    from konsreg.models import AvtaleUpdate, valider
    from konsreg.regler import felt

    gitt = {
        "tittel": tittel,
        "kategori": kategori,
        "parter": _parter(part),
        "inngatt": dato_(inngatt),
        "utloper": dato_(utloper),
        "forste_avtale": arstall(forste_avtale, "første avtale inngått"),
        "status": valgfri(felt.status, status),
    }
    return valider(AvtaleUpdate, {k: v for k, v in gitt.items() if v is not None})


@app.command("forny")
def forny(
    handle: HandleArg,
    inngatt: InngattValg = None,
    utloper: UtloperValg = None,
    tittel: TittelValg = None,
    kategori: KategoriValg = None,
    part: PartValg = None,
    forste_avtale: ForsteValg = None,
    status: StatusValg = None,
    av: AvValg = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Skriv bare den nye id-en.")] = False,
) -> None:
    """Registrer en ny avtale som fornyer en gammel, og avslutt den gamle.

    Tittel, parter, kategori og første avtale-år arves fra den gamle avtalen med mindre de
    oppgis. Den gamle avtalen avsluttes med den nye avtalens inngått-dato.
    """
    from konsreg.register import avtaler

    inngatt = spor(inngatt, valg="--inngatt", sporsmal="Den nye avtalen ble inngått (dd.mm.åååå)")
    endring = _endring(tittel, kategori, part, inngatt, utloper, forste_avtale, status)
    advarsler: list[Any] = []
    ny, gammel = i_skriving(
        avtaler.forny, handle=handle, endring=endring, av=bruker(av), advarsler=advarsler
    )
    advar(advarsler)
    skriv(
        f"{ny.id}\n"
        if quiet
        else f"Registrerte avtale {ny.id}, som fornyer {gammel} (nå avsluttet).\n"
    )


@app.command("annuller")
def annuller(handle: HandleArg, grunn: GrunnValg = None, av: AvValg = None) -> None:
    """Annuller en avtale som er registrert ved en feil (status utgår).

    Avtalen beholder id-en, historikken og grunnen, men er ikke med i vedlegg c eller i
    listene (bare med --alle). Id-en gis aldri på nytt; ingenting slettes.
    """
    from konsreg.register import avtaler

    grunn = spor(grunn, valg="--grunn", sporsmal="Grunn")
    avtale = i_skriving(avtaler.annuller, handle=handle, grunn=grunn, av=bruker(av))
    skriv(f"Avtale {avtale.id} er annullert (utgår).\n")
