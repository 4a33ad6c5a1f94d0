"""`konsreg avtale ...`: register, list, show, change, close and renew bilateral agreements."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from datetime import date
from typing import Annotated, Any

import typer

from konsreg.cli import felles, fullforing
from konsreg.cli.felles import (
    AlleValg,
    AvValg,
    FormatValg,
    GrenseValg,
    GrunnValg,
    StatusValg,
    advar,
    arstall,
    bruker,
    endre_post,
    i_lesing,
    i_skriving,
    maned_eller_dato,
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
from konsreg.cli.hjelp import NorskTyper
from konsreg.cli.visning import vis_liste_fra, vis_post
from konsreg.register import klokke
from konsreg.tekst import synlig

app = NorskTyper(
    help="Bilaterale samarbeidsavtaler mellom departementene og KS.", no_args_is_help=True
)

FulltNavnValg = Annotated[
    str | None,
    typer.Option(
        "--fullt-navn",
        metavar="NAVN",
        help="Avtalens fulle (offisielle) navn, som overskriftene i materialet bruker; "
        "vedlegg c bruker tittelen.",
        show_default=False,
    ),
]
TittelValg = Annotated[
    str | None,
    typer.Option("--tittel", metavar="TITTEL", help="Avtalens tittel.", show_default=False),
]
KategoriValg = Annotated[
    str | None,
    typer.Option(
        "--kategori",
        "-k",
        metavar="KATEGORI",
        help="velferd eller samhandling (eller hele gruppenavnet i vedlegg c).",
        show_default=False,
    ),
]
PartValg = Annotated[
    list[str] | None,
    typer.Option(
        "--part",
        "-p",
        autocompletion=fullforing.part,
        metavar="PART",
        help="En part (gjenta valget), eller alle som trykt: "
        '"AID, JD, BFD, KDD og KS". Kode eller fullt navn ("Helse- og '
        'omsorgsdepartementet og KS"). Rekkefølgen beholdes.',
        show_default=False,
    ),
]
InngattValg = Annotated[
    str | None,
    typer.Option(
        "--inngatt",
        "--inngått",
        metavar="DATO",
        help="Datoen avtalen ble inngått, eller bare måneden («juni 2024», 06.2024, 2024-06).",
        show_default=False,
    ),
]
GyldigFraValg = Annotated[
    str | None,
    typer.Option(
        "--gyldig-fra",
        metavar="DATO",
        help="Dagen avtalen gjelder fra, når det ikke er dagen den ble inngått (også en "
        "måned). Avgjør om den er i kraft en dag (--gjeldende-per, vedlegg c --per).",
        show_default=False,
    ),
]
EndreDatoValg = Annotated[
    str | None,
    typer.Option(
        "--dato",
        metavar="DATO",
        help="Datoen statusen endret seg; for avsluttet den siste dagen avtalen gjaldt "
        "(standard: utløpsdatoen om den er passert, ellers i dag). Alene retter den datoen "
        "til statusen avtalen har.",
        show_default=False,
    ),
]
NyDatoValg = Annotated[
    str | None,
    typer.Option(
        "--dato",
        metavar="DATO",
        help="Datoen statusen gjelder fra; for avsluttet den siste dagen avtalen gjaldt "
        "(standard: utløpsdatoen om den er passert, ellers i dag).",
        show_default=False,
    ),
]
UtloperValg = Annotated[
    str | None,
    typer.Option(
        "--utloper", "--utløper", metavar="DATO", help="Datoen avtalen utløper.", show_default=False
    ),
]
ForsteValg = Annotated[
    str | None,
    typer.Option(
        "--forste-avtale",
        "--første-avtale",
        metavar="ÅR",
        help="Året den første avtalen i serien ble inngått.",
        show_default=False,
    ),
]
HandleArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="Avtalens id, f.eks. A3 (eller bare 3).",
        autocompletion=fullforing.avtale,
    ),
]


def _parter(part: list[str] | None) -> list[str] | None:
    """The `--part` values as given: the register splits them, knowing the full names
    (which hold " og " and "," themselves)."""
    verdier = [p for p in part or [] if p.strip()]
    return verdier or None


def _sjekk_parter(svar: str) -> str:
    """A prompt's check of the parties typed at the terminal, against the register."""
    from konsreg.register.departementer import sjekk_parter

    return str(i_lesing(sjekk_parter, verdi=svar, ar=klokke.i_dag().year))


@app.command("ny")
def ny(
    tittel: TittelValg = None,
    fullt_navn: FulltNavnValg = None,
    kategori: KategoriValg = None,
    part: PartValg = None,
    inngatt: InngattValg = None,
    gyldig_fra: GyldigFraValg = None,
    utloper: UtloperValg = None,
    forste_avtale: ForsteValg = None,
    status: Annotated[
        str,
        typer.Option(
            "--status", "-s", metavar="STATUS", help="ny, pagaende (pågående) eller avsluttet."
        ),
    ] = "ny",
    dato: NyDatoValg = None,
    av: AvValg = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Skriv bare id-en.")] = False,
) -> None:
    """Registrer en ny bilateral avtale og skriv ut id-en (f.eks. A9).

    Valg som mangler, spørres om i en terminal; uten terminal er det en feil. En avtale
    uten KS blant partene lagres med en advarsel. En avtale som alt er avsluttet,
    registreres med --status avsluttet --dato SISTE-DAG; en dato før inngått avvises.
    """
    from konsreg.models import AvtaleCreate, valider
    from konsreg.register import avtaler
    from konsreg.regler import felt

    tittel = spor(tittel, valg="--tittel", sporsmal="Tittel")
    kategori = spor(kategori, valg="--kategori", sporsmal="Kategori (velferd/samhandling)")
    parter = _parter(part) or _parter(
        [spor(None, valg="--part", sporsmal="Parter (f.eks. «HOD og KS»)", sjekk=_sjekk_parter)]
    )
    inngatt = spor(inngatt, valg="--inngatt", sporsmal="Inngått (dd.mm.åååå, eller en måned)")
    if utloper is None and felles.er_interaktiv():
        utloper = felles.sporsmal_svar("Utløper (dd.mm.åååå, tomt for ingen)").strip() or None
    data = valider(
        AvtaleCreate,
        {
            "tittel": tittel,
            "kategori": kategori,
            "parter": parter,
            "inngatt": maned_eller_dato(inngatt),
            "gyldig_fra": maned_eller_dato(gyldig_fra),
            "utloper": dato_(utloper),
            "forste_avtale": arstall(forste_avtale, "første avtale inngått"),
            "status": verdi_feil(felt.status, status),
            "fullt_navn": fullt_navn,
        },
    )
    advarsler: list[Any] = []
    avtale = i_skriving(
        avtaler.ny_avtale, data=data, av=bruker(av), advarsler=advarsler, status_dato=dato_(dato)
    )
    advar(advarsler)
    skriv(
        f"{avtale.id}\n" if quiet else f"Registrerte avtale {avtale.id}: {synlig(avtale.tittel)}\n"
    )


@app.command("liste")
def liste(
    utlop: Annotated[
        str | None,
        typer.Option(
            "--utlop",
            "--utløp",
            metavar="ÅR",
            help="Avtaler som utløper i dette året.",
            show_default=False,
        ),
    ] = None,
    utloper_innen: Annotated[
        str | None,
        typer.Option(
            "--utloper-innen",
            "--utløper-innen",
            metavar="FRIST",
            help="Avtaler som utløper fra i dag til og med en frist: 90d, 8u, 6m, 1å "
            "eller en dato.",
            show_default=False,
        ),
    ] = None,
    gjeldende_per: Annotated[
        str | None,
        typer.Option(
            "--gjeldende-per",
            metavar="DATO",
            help="Avtaler som gjelder denne dagen: begynt å gjelde (gyldig fra, ellers "
            "inngått), ikke utløpt og ikke avsluttet før dagen. En måned («april 2026») er "
            "den siste dagen i den.",
            show_default=False,
        ),
    ] = None,
    part: Annotated[
        str | None,
        typer.Option(
            "--part",
            "-p",
            autocompletion=fullforing.part,
            metavar="PART",
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
    grense: GrenseValg = None,
    tidslinje: Annotated[
        bool,
        typer.Option(
            "--tidslinje",
            help="Tegn avtalene som stolper over årene, en linje per avtaleserie, med dagens "
            "dato markert (i en pipe: samme tegning som ren tekst).",
        ),
    ] = False,
    fra: Annotated[
        str | None,
        typer.Option(
            "--fra",
            metavar="ÅR",
            help="Første år i tidslinjen (standard: fra den eldste).",
            show_default=False,
        ),
    ] = None,
    til: Annotated[
        str | None,
        typer.Option(
            "--til",
            metavar="ÅR",
            help="Siste år i tidslinjen (standard: til den siste).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """List avtaler, med filtre. Maskinformatene har faste feltnavn (se README).

    Annullerte avtaler (utgår) er med bare med --alle eller --status utgar.

    --part finner også avtalene partens forgjengere inngikk; se «konsreg departementer
    --overganger».

    --tidslinje tegner de samme avtalene over årene (--fra, --til), med filtrene over.
    """
    from konsreg.register import avtaleliste
    from konsreg.regler import felt
    from konsreg.regler.datoer import parse_frist
    from konsreg.render.formater import AVTALER

    idag = klokke.i_dag()
    filter = avtaleliste.Avtalefilter(
        utlop=arstall(utlop, "--utlop"),
        utloper_innen=parse_frist(utloper_innen, idag=idag) if utloper_innen else None,
        gjeldende_per=felles.per(gjeldende_per),
        part=part,
        kategori=kategori,
        status=valgfri(felt.status, status or None),
        idag=idag,
        alle=alle,
        med_forgjengere=not uten_forgjengere,
    )
    if tidslinje:
        _tidslinje(filter, idag, fra, til, format=format, grense=grense)
        return
    if fra is not None or til is not None:
        from konsreg.errors import Bruksfeil

        raise Bruksfeil("--fra og --til hører til --tidslinje.")
    vis_liste_fra(
        avtaleliste.liste, AVTALER, utformat(format), grense=grense, hva="avtaler", filter=filter
    )


def _tidslinje(
    filter: Any, idag: date, fra: str | None, til: str | None, *, format: Any, grense: Any
) -> None:
    """`avtaler --tidslinje`: the picture at a terminal, its plain text in a pipe (the same
    characters without colour: it can be read in a file, a mail or `less`, where a refusal
    would help no one)."""
    import sys

    from konsreg.errors import Bruksfeil
    from konsreg.register import tidslinje as register
    from konsreg.regler.tidslinje import sjekk_arspenn
    from konsreg.render import tidslinje as tegning

    if format is not None or grense is not None:
        raise Bruksfeil(
            "--tidslinje er en tegning og tar ikke --format eller --grense; uten --tidslinje "
            "lister kommandoen avtalene i formatet du ber om."
        )
    forste, siste = arstall(fra, "--fra"), arstall(til, "--til")
    try:
        sjekk_arspenn(forste, siste)
    except ValueError as feil:
        raise Bruksfeil(f"{str(feil)[0].upper()}{str(feil)[1:]}.") from None
    t = i_lesing(register.tidslinje, filter=filter, dag=idag, fra=forste, til=siste)
    if not t.kjeder:
        melding(f"Ingen avtaler å vise i {t.fra}–{t.til}.")
        return
    konsoll = felles.konsoll()
    if sys.stdout.isatty():
        konsoll.print(tegning.rik(t, konsoll.width), soft_wrap=True)
    else:
        skriv(tegning.tekst(t, konsoll.width))


@app.command("vis", short_help="Vis én avtale med hele historikken og serien den hører til.")
def vis_avtale(handle: HandleArg, format: FormatValg = None) -> None:
    """Vis én avtale med hele historikken og hele serien den hører til (feltet serie:
    tidligere og senere avtaler, eldste først)."""
    from konsreg.register import avtaler
    from konsreg.render.felt import AVTALE_VIS_FELT

    def hent(session: Any) -> Any:
        # The full title is no field of the public shape: read beside it, in one snapshot.
        return avtaler.vis(session=session, handle=handle), avtaler.hent(
            session=session, handle=handle
        ).fullt_navn

    (avtale, historikk, fornyet, serie), fullt_navn = i_lesing(hent)
    if fornyet:
        melding(f"Avtale {avtale.id} er fornyet av {', '.join(fornyet)}.")
    si_grunn("Avtale", avtale.id, avtale.status, historikk)
    post = {**dict(avtale), "serie": serie, "fullt_navn": fullt_navn}
    felt = (*AVTALE_VIS_FELT, "fullt_navn")
    vis_post(post, historikk, felt, utformat(format), f"Avtale {avtale.id}")


@app.command("endre", short_help="Endre ett eller flere felt i en avtale.")
def endre(
    handle: HandleArg,
    tittel: TittelValg = None,
    fullt_navn: FulltNavnValg = None,
    kategori: KategoriValg = None,
    part: PartValg = None,
    inngatt: InngattValg = None,
    gyldig_fra: GyldigFraValg = None,
    utloper: UtloperValg = None,
    forste_avtale: ForsteValg = None,
    status: StatusValg = None,
    dato: EndreDatoValg = None,
    fornyer: Annotated[
        str | None,
        typer.Option(
            "--fornyer",
            autocompletion=fullforing.avtale,
            metavar="ID",
            help="Avtalen denne fornyer (lenker serien i ettertid); ikke seg selv eller en "
            "senere avtale i serien.",
            show_default=False,
        ),
    ] = None,
    ikke_fornyer: Annotated[
        bool, typer.Option("--ikke-fornyer", help="Fjern lenken til avtalen denne fornyer.")
    ] = False,
    av: AvValg = None,
) -> None:
    """Endre ett eller flere felt i en avtale; hver endring lagres i historikken.

    --dato alene retter datoen til statusen avtalen har (for en avsluttet: siste dag).
    --status avsluttet med en --dato før inngått avvises; før avtalen ble registrert gir
    det en advarsel.
    """
    from konsreg.errors import Bruksfeil
    from konsreg.register import avtaler

    if fornyer is not None and ikke_fornyer:
        raise Bruksfeil("Oppgi enten --fornyer eller --ikke-fornyer, ikke begge.")
    endring = _endring(
        tittel,
        kategori,
        part,
        inngatt,
        utloper,
        forste_avtale,
        status,
        gyldig_fra=gyldig_fra,
        fullt_navn=fullt_navn,
    )
    if fornyer is not None or ikke_fornyer:
        from konsreg.models import AvtaleUpdate

        endring = AvtaleUpdate(**endring.model_dump(exclude_unset=True), fornyer=fornyer)
    endre_post(avtaler.endre, endring, hva="Avtale", av=av, handle=handle, status_dato=dato_(dato))


def _endring(
    tittel: str | None,
    kategori: str | None,
    part: list[str] | None,
    inngatt: str | None,
    utloper: str | None,
    forste_avtale: str | None,
    status: str | None,
    *,
    gyldig_fra: str | None = None,
    fullt_navn: str | None = None,
) -> Any:
    """The options given (not None) as an update of an agreement."""
    from konsreg.models import AvtaleUpdate, valider
    from konsreg.regler import felt

    gitt = {
        "tittel": tittel,
        "kategori": kategori,
        "parter": _parter(part),
        "inngatt": maned_eller_dato(inngatt),
        "gyldig_fra": maned_eller_dato(gyldig_fra),
        "utloper": dato_(utloper),
        "forste_avtale": arstall(forste_avtale, "første avtale inngått"),
        "status": valgfri(felt.status, status),
        "fullt_navn": fullt_navn,
    }
    return valider(AvtaleUpdate, {k: v for k, v in gitt.items() if v is not None})


@app.command("avslutt", short_help="Sett status avsluttet på en avtale, med siste dag den gjaldt.")
def avslutt(
    handle: HandleArg,
    dato: Annotated[
        str | None,
        typer.Option(
            "--dato",
            metavar="DATO",
            help="Den siste dagen avtalen gjaldt (standard: utløpsdatoen om den er passert, "
            "ellers i dag).",
            show_default=False,
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Sett status avsluttet på en avtale, med den siste dagen den gjaldt.

    En dato før inngått avvises; før avtalen ble registrert gir den en advarsel.
    """
    from konsreg.register import avtaler
    from konsreg.regler.datoer import norsk_dato

    advarsler: list[Any] = []
    avtale = i_skriving(
        avtaler.avslutt, handle=handle, dato=dato_(dato), av=bruker(av), advarsler=advarsler
    )
    advar(advarsler)
    skriv(f"Avtale {avtale.id} avsluttet {norsk_dato(avtale.status_endret)}.\n")


@app.command("forny", short_help="Forny en avtale: registrer den nye og avslutt den gamle.")
def forny(
    handle: HandleArg,
    inngatt: InngattValg = None,
    gyldig_fra: GyldigFraValg = None,
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
    oppgis. Den gamle avtalen avsluttes på sin egen utløpsdato når den kommer før den nye
    begynner å gjelde (--gyldig-fra, ellers --inngatt), ellers dagen før.
    """
    from konsreg.register import serier

    inngatt = spor(inngatt, valg="--inngatt", sporsmal="Den nye avtalen ble inngått (dd.mm.åååå)")
    endring = _endring(
        tittel,
        kategori,
        part,
        inngatt,
        utloper,
        forste_avtale,
        status,
        gyldig_fra=gyldig_fra,
    )
    advarsler: list[Any] = []
    ny, gammel = i_skriving(
        serier.forny, handle=handle, endring=endring, av=bruker(av), advarsler=advarsler
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
