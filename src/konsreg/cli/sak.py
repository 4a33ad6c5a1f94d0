"""`konsreg sak ...`: register, list, show, change and close cases."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated, Any

import typer

from konsreg.cli import fullforing
from konsreg.cli.felles import (
    AlleValg,
    AvValg,
    DatoValg,
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

app = NorskTyper(help="Kostnadsberegnings- og lovmedvirkningssaker.", no_args_is_help=True)

TypeValg = Annotated[
    str | None,
    typer.Option(
        "--type",
        "-t",
        metavar="TYPE",
        help="kostnadsberegning eller lovmedvirkning.",
        show_default=False,
    ),
]
DepValg = Annotated[
    str | None,
    typer.Option(
        "--departement",
        "-d",
        autocompletion=fullforing.departement,
        metavar="KODE",
        help="Ansvarlig departement: kode (HOD) eller fullt navn (Helse- og omsorgsdepartementet).",
        show_default=False,
    ),
]
TittelValg = Annotated[
    str | None,
    typer.Option("--tittel", metavar="TITTEL", help="Sakens tittel.", show_default=False),
]
BeskrivelseValg = Annotated[
    str | None, typer.Option("--beskrivelse", metavar="TEKST", help="Fritekst.", show_default=False)
]
OppmeldtValg = Annotated[
    str | None,
    typer.Option(
        "--oppmeldt",
        metavar="ÅR",
        help="Året saken ble meldt opp (standard: i år; mer enn ett år fram gir en advarsel).",
        show_default=False,
    ),
]
MeldtValg = Annotated[
    str | None,
    typer.Option(
        "--meldt-inn-av",
        autocompletion=fullforing.part,
        metavar="KODE",
        help="KS eller et departement (kode eller fullt navn).",
        show_default=False,
    ),
]
UtenForgjengereValg = Annotated[
    bool,
    typer.Option(
        "--uten-forgjengere",
        help="Bare koden som registrert: uten sakene departementets forgjengere registrerte "
        "(KDD finner ellers også KMDs og KRDs saker).",
    ),
]
NummerArg = Annotated[
    str,
    typer.Argument(
        metavar="NR", help="Saksnummeret, f.eks. 2026/3.", autocompletion=fullforing.saksnummer
    ),
]


@app.command("ny", short_help="Registrer en ny sak og skriv ut saksnummeret.")
def ny(
    type_: TypeValg = None,
    departement: DepValg = None,
    tittel: TittelValg = None,
    beskrivelse: BeskrivelseValg = None,
    oppmeldt: OppmeldtValg = None,
    gjentakende: Annotated[
        bool, typer.Option("--gjentakende", help="Saken kommer igjen hvert år.")
    ] = False,
    meldt_inn_av: MeldtValg = None,
    status: Annotated[
        str,
        typer.Option(
            "--status", "-s", metavar="STATUS", help="ny, pagaende (pågående) eller avsluttet."
        ),
    ] = "ny",
    dato: Annotated[
        str | None,
        typer.Option(
            "--dato",
            metavar="DATO",
            help="Datoen statusen gjelder fra; for avsluttet datoen saken ble avsluttet "
            "(standard: i dag).",
            show_default=False,
        ),
    ] = None,
    av: AvValg = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="Skriv bare saksnummeret (også etter spørsmål i terminalen)."
        ),
    ] = False,
) -> None:
    """Registrer en ny sak og skriv ut saksnummeret (år/løpenummer, f.eks. 2026/3).

    Valg som mangler, spørres om i en terminal; uten terminal er det en feil. Et
    departement som ikke finnes, sies fra om med en gang det er skrevet, og spørres om
    igjen. En sak som alt er avsluttet, registreres med --status avsluttet --dato DATO.
    """
    from konsreg.models import SakCreate, valider
    from konsreg.register import saker
    from konsreg.regler import felt

    type_ = verdi_feil(
        felt.sakstype,
        spor(type_, valg="--type", sporsmal="Type (kostnadsberegning/lovmedvirkning)"),
    )
    ar = arstall(oppmeldt, "oppmeldt") or klokke.i_dag().year
    departement = spor(
        departement,
        valg="--departement",
        sporsmal="Ansvarlig departement (kode eller fullt navn)",
        sjekk=_departement(ar),
    )
    tittel = spor(tittel, valg="--tittel", sporsmal="Tittel")
    meldt_inn_av = spor(
        meldt_inn_av,
        valg="--meldt-inn-av",
        sporsmal="Meldt inn av (KS eller departement)",
        sjekk=_departement(ar, ks=True),
    )
    data = valider(
        SakCreate,
        {
            "type": type_,
            "departement": departement,
            "tittel": tittel,
            "beskrivelse": beskrivelse,
            "oppmeldt": ar,
            "gjentakende": gjentakende,
            "meldt_inn_av": meldt_inn_av,
            "status": verdi_feil(felt.status, status),
        },
    )
    advarsler: list[Any] = []
    sak = i_skriving(
        saker.ny_sak, data=data, av=bruker(av), advarsler=advarsler, status_dato=dato_(dato)
    )
    advar(advarsler)
    skriv(
        f"{sak.saksnummer}\n"
        if quiet
        else f"Registrerte sak {sak.saksnummer}: {synlig(sak.tittel)}\n"
    )


def _departement(ar: int, *, ks: bool = False) -> Any:
    """A prompt's check of a ministry typed at the terminal, against the register."""

    def sjekk(svar: str) -> str:
        from konsreg.register.departementer import sjekk_departement

        return str(i_lesing(sjekk_departement, verdi=svar, ar=ar, ks=ks))

    return sjekk


@app.command("liste")
def liste(
    type_: TypeValg = None,
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar",
            "--år",
            metavar="ÅR",
            help="Konsultasjonsår: saker meldt opp til og med året og ikke avsluttet før det.",
            show_default=False,
        ),
    ] = None,
    status: StatusValg = None,
    departement: DepValg = None,
    meldt_inn_av: MeldtValg = None,
    alle: AlleValg = False,
    uten_forgjengere: UtenForgjengereValg = False,
    format: FormatValg = None,
    grense: GrenseValg = None,
) -> None:
    """List saker, med filtre. Maskinformatene har faste feltnavn (se README).

    Annullerte saker (utgår) er med bare med --alle eller --status utgar.

    --departement og --meldt-inn-av tar kode eller fullt navn og finner også sakene
    forgjengerne registrerte (KDD: også KMD fra før 2022 og KRD fra før 2014); se
    «konsreg departementer --overganger».
    """
    from konsreg.register import saker
    from konsreg.regler import felt
    from konsreg.render.formater import SAKER

    filter = saker.Saksfilter(
        type=valgfri(felt.sakstype, type_ or None),
        ar=arstall(ar or None, "--ar"),
        status=valgfri(felt.status, status or None),
        departement=departement,
        meldt_inn_av=meldt_inn_av,
        alle=alle,
        med_forgjengere=not uten_forgjengere,
    )
    vis_liste_fra(saker.liste, SAKER, utformat(format), grense=grense, hva="saker", filter=filter)


@app.command("vis")
def vis_sak(saksnummer: NummerArg, format: FormatValg = None) -> None:
    """Vis én sak med hele historikken."""
    from konsreg.register import saker
    from konsreg.render.felt import SAK_FELT

    sak, historikk = i_lesing(saker.vis, nummer=saksnummer)
    si_grunn("Sak", sak.saksnummer, sak.status, historikk)
    vis_post(sak, historikk, SAK_FELT, utformat(format), f"Sak {sak.saksnummer}")


@app.command("endre", short_help="Endre ett eller flere felt i en sak.")
def endre(
    saksnummer: NummerArg,
    type_: TypeValg = None,
    departement: DepValg = None,
    tittel: TittelValg = None,
    beskrivelse: BeskrivelseValg = None,
    oppmeldt: OppmeldtValg = None,
    gjentakende: Annotated[
        bool | None,
        typer.Option(
            "--gjentakende/--ikke-gjentakende",
            help="Om saken kommer igjen hvert år.",
            show_default=False,
        ),
    ] = None,
    meldt_inn_av: MeldtValg = None,
    status: StatusValg = None,
    dato: DatoValg = None,
    av: AvValg = None,
) -> None:
    """Endre ett eller flere felt i en sak; hver endring lagres i historikken.

    --dato alene retter datoen til statusen saken har (for en avsluttet: avslutningsdatoen).
    """
    from konsreg.models import SakUpdate, valider
    from konsreg.register import saker
    from konsreg.regler import felt

    gitt = {
        "type": valgfri(felt.sakstype, type_),
        "departement": departement,
        "tittel": tittel,
        "beskrivelse": beskrivelse,
        "oppmeldt": arstall(oppmeldt, "oppmeldt"),
        "gjentakende": gjentakende,
        "meldt_inn_av": meldt_inn_av,
        "status": valgfri(felt.status, status),
    }
    endring = valider(SakUpdate, {k: v for k, v in gitt.items() if v is not None})
    endre_post(saker.endre, endring, hva="Sak", av=av, nummer=saksnummer, status_dato=dato_(dato))


@app.command("avslutt")
def avslutt(
    saksnummer: NummerArg,
    dato: Annotated[
        str | None,
        typer.Option(
            "--dato",
            metavar="DATO",
            help="Datoen saken ble avsluttet (standard: i dag). Før saken ble registrert "
            "eller før oppmeldt-året gir en advarsel.",
            show_default=False,
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Sett status avsluttet på en sak, med datoen."""
    from konsreg.register import saker
    from konsreg.regler.datoer import norsk_dato

    advarsler: list[Any] = []
    sak = i_skriving(
        saker.avslutt, nummer=saksnummer, dato=dato_(dato), av=bruker(av), advarsler=advarsler
    )
    advar(advarsler)
    skriv(f"Sak {sak.saksnummer} avsluttet {norsk_dato(sak.status_endret)}.\n")


@app.command("annuller")
def annuller(
    saksnummer: NummerArg,
    grunn: GrunnValg = None,
    av: AvValg = None,
) -> None:
    """Annuller en sak som er registrert ved en feil (status utgår).

    Saken beholder nummeret, historikken og grunnen, men er ikke med i vedleggene eller i
    listene (bare med --alle). Nummeret gis aldri på nytt; ingenting slettes.
    """
    from konsreg.register import saker

    grunn = spor(grunn, valg="--grunn", sporsmal="Grunn")
    sak = i_skriving(saker.annuller, nummer=saksnummer, grunn=grunn, av=bruker(av))
    skriv(f"Sak {sak.saksnummer} er annullert (utgår).\n")
