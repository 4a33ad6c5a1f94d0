"""`konsreg sak ...`: register, list, show, change and close cases."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from datetime import date
from typing import Annotated, Any

import typer

from konsreg.cli.felles import (
    AvValg,
    DatoValg,
    FormatValg,
    StatusValg,
    advar,
    arstall,
    bruker,
    endre_post,
    i_lesing,
    i_skriving,
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

app = typer.Typer(help="Kostnadsberegnings- og lovmedvirkningssaker.", no_args_is_help=True)

TypeValg = Annotated[
    str | None,
    typer.Option(
        "--type", "-t", help="kostnadsberegning eller lovmedvirkning.", show_default=False
    ),
]
DepValg = Annotated[
    str | None,
    typer.Option(
        "--departement", "-d", help="Ansvarlig departement (kode, f.eks. HOD).", show_default=False
    ),
]
TittelValg = Annotated[
    str | None, typer.Option("--tittel", help="Sakens tittel.", show_default=False)
]
BeskrivelseValg = Annotated[
    str | None, typer.Option("--beskrivelse", help="Fritekst.", show_default=False)
]
OppmeldtValg = Annotated[
    str | None,
    typer.Option(
        "--oppmeldt", help="Året saken ble meldt opp (standard: i år).", show_default=False
    ),
]
MeldtValg = Annotated[
    str | None,
    typer.Option("--meldt-inn-av", help="KS eller en departementskode.", show_default=False),
]
NummerArg = Annotated[str, typer.Argument(help="Saksnummeret, f.eks. 2026/3.")]


@app.command("ny")
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
        str, typer.Option("--status", "-s", help="ny, pagaende (pågående) eller avsluttet.")
    ] = "ny",
    dato: Annotated[
        str | None,
        typer.Option(
            "--dato",
            help="Datoen statusen gjelder fra; for avsluttet datoen saken ble avsluttet "
            "(standard: i dag).",
            show_default=False,
        ),
    ] = None,
    av: AvValg = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Skriv bare saksnummeret.")] = False,
) -> None:
    """Registrer en ny sak og skriv ut saksnummeret (år/løpenummer, f.eks. 2026/3).

    Valg som mangler, spørres om i en terminal; uten terminal er det en feil. En sak som
    alt er avsluttet, registreres med --status avsluttet --dato DATO.
    """
    from konsreg.models import SakCreate, valider
    from konsreg.register import saker
    from konsreg.regler import felt

    type_ = verdi_feil(
        felt.sakstype,
        spor(type_, valg="--type", sporsmal="Type (kostnadsberegning/lovmedvirkning)"),
    )
    departement = spor(departement, valg="--departement", sporsmal="Ansvarlig departement (kode)")
    tittel = spor(tittel, valg="--tittel", sporsmal="Tittel")
    meldt_inn_av = spor(
        meldt_inn_av, valg="--meldt-inn-av", sporsmal="Meldt inn av (KS eller departementskode)"
    )
    data = valider(
        SakCreate,
        {
            "type": type_,
            "departement": departement,
            "tittel": tittel,
            "beskrivelse": beskrivelse,
            "oppmeldt": arstall(oppmeldt, "oppmeldt") or date.today().year,
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


@app.command("liste")
def liste(
    type_: TypeValg = None,
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar",
            "--år",
            help="Konsultasjonsår: saker meldt opp til og med året og ikke avsluttet før det.",
            show_default=False,
        ),
    ] = None,
    status: StatusValg = None,
    departement: DepValg = None,
    meldt_inn_av: MeldtValg = None,
    format: FormatValg = None,
) -> None:
    """List saker, med filtre. Maskinformatene har faste feltnavn (se README)."""
    from konsreg.register import saker
    from konsreg.regler import felt
    from konsreg.render.formater import SAKER

    filter = saker.Saksfilter(
        type=valgfri(felt.sakstype, type_ or None),
        ar=arstall(ar or None, "--ar"),
        status=valgfri(felt.status, status or None),
        departement=departement,
        meldt_inn_av=meldt_inn_av,
    )
    vis_liste(i_lesing(saker.liste, filter=filter), SAKER, utformat(format))


@app.command("vis")
def vis_sak(saksnummer: NummerArg, format: FormatValg = None) -> None:
    """Vis én sak med hele historikken."""
    from konsreg.register import saker
    from konsreg.render.felt import SAK_FELT

    sak, historikk = i_lesing(saker.vis, nummer=saksnummer)
    vis_post(sak, historikk, SAK_FELT, utformat(format), f"Sak {sak.saksnummer}")


@app.command("endre")
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
            "--dato", help="Datoen saken ble avsluttet (standard: i dag).", show_default=False
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Sett status avsluttet på en sak, med datoen."""
    from konsreg.register import saker
    from konsreg.regler.datoer import norsk_dato

    sak = i_skriving(saker.avslutt, nummer=saksnummer, dato=dato_(dato), av=bruker(av))
    skriv(f"Sak {sak.saksnummer} avsluttet {norsk_dato(sak.status_endret)}.\n")
