"""`konsreg sak ...`: register, list, show, change and close cases."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from datetime import date
from typing import Annotated, Any

import typer

from konsreg.cli.felles import (
    AvValg,
    FormatValg,
    advar,
    arstall,
    bruker,
    konsoll,
    rapporter_endring,
    skriv,
    spor,
    tilstand,
    utformat,
    verdi_feil,
    vis,
)
from konsreg.cli.felles import (
    dato as dato_,
)
from konsreg.errors import Bruksfeil
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
StatusValg = Annotated[
    str | None,
    typer.Option(
        "--status", "-s", help="ny, pagaende (pågående) eller avsluttet.", show_default=False
    ),
]


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
    av: AvValg = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Skriv bare saksnummeret.")] = False,
) -> None:
    """Registrer en ny sak og skriv ut saksnummeret (år/løpenummer, f.eks. 2026/3).

    Valg som mangler, spørres om i en terminal; uten terminal er det en feil.
    """
    from konsreg import db, register
    from konsreg.models import SakCreate, normaliser_status, normaliser_type

    type_ = verdi_feil(
        normaliser_type,
        spor(type_, valg="--type", sporsmal="Type (kostnadsberegning/lovmedvirkning)"),
    )
    departement = spor(departement, valg="--departement", sporsmal="Ansvarlig departement (kode)")
    tittel = spor(tittel, valg="--tittel", sporsmal="Tittel")
    meldt_inn_av = spor(
        meldt_inn_av, valg="--meldt-inn-av", sporsmal="Meldt inn av (KS eller departementskode)"
    )
    ar = arstall(oppmeldt, "oppmeldt") or date.today().year
    data = register.valider(
        SakCreate,
        {
            "type": type_,
            "departement": departement,
            "tittel": tittel,
            "beskrivelse": beskrivelse,
            "oppmeldt": ar,
            "gjentakende": gjentakende,
            "meldt_inn_av": meldt_inn_av,
            "status": verdi_feil(normaliser_status, status),
        },
    )
    advarsler: list[str] = []
    with db.skriv(tilstand().engine()) as session:
        sak = register.ny_sak(session=session, data=data, av=bruker(av), advarsler=advarsler)
        saksnummer = sak.saksnummer
    advar(advarsler)
    skriv(f"{saksnummer}\n" if quiet else f"Registrerte sak {saksnummer}: {synlig(data.tittel)}\n")


def _rader(saker: list[Any]) -> list[dict[str, Any]]:
    from konsreg import register
    from konsreg.render import SAK_FELT, som_dict

    return [som_dict(register.sak_public(s), SAK_FELT) for s in saker]


def vis_saker(rader: list[dict[str, Any]], fmt: str, tittel: str | None = None) -> None:
    from konsreg import render

    if fmt == "table":
        vis(render.rich_tabell(rader, render.SAK_KOLONNER, tittel=tittel, bredde=konsoll().width))
    elif fmt == "markdown":
        skriv(render.markdown(rader, render.SAK_KOLONNER))
    else:
        skriv(render.maskinformat(rader, render.SAK_FELT, fmt))


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
    from konsreg import db, register
    from konsreg.models import normaliser_status, normaliser_type

    filter = register.Saksfilter(
        type=verdi_feil(normaliser_type, type_) if type_ else None,
        ar=arstall(ar or None, "--ar"),
        status=verdi_feil(normaliser_status, status) if status else None,
        departement=departement,
        meldt_inn_av=meldt_inn_av,
    )
    with db.les(tilstand().engine()) as session:
        rader = _rader(register.liste_saker(session=session, filter=filter))
    vis_saker(rader, utformat(format))


@app.command("vis")
def vis_sak(
    saksnummer: Annotated[str, typer.Argument(help="Saksnummeret, f.eks. 2026/3.")],
    format: FormatValg = None,
) -> None:
    """Vis én sak med hele historikken."""
    from konsreg import db, register, render

    with db.les(tilstand().engine()) as session:
        sak = register.hent_sak(session=session, saksnummer=saksnummer)
        rad = _rader([sak])[0]
        assert sak.id is not None
        historikk = [
            render.som_dict(h, render.HISTORIKK_FELT)
            for h in register.historikk(session=session, entitet="sak", entitet_id=sak.id)
        ]
    vis_post(rad, historikk, render.SAK_FELT, utformat(format), f"Sak {rad['saksnummer']}")


def vis_post(
    rad: dict[str, Any],
    historikk: list[dict[str, Any]],
    felt: tuple[str, ...],
    fmt: str,
    tittel: str,
) -> None:
    """One record and its history in any output format."""
    import json

    from konsreg import render

    if fmt == "table":
        vis(render.rich_felter(rad, felt, tittel=tittel))
        vis(render.rich_tabell(historikk, render.HISTORIKK_KOLONNER, tittel="Historikk"))
    elif fmt == "markdown":
        skriv(f"## {tittel}\n\n")
        skriv(
            render.markdown_tabell(
                ["Felt", "Verdi"], [[f, render.menneske(f, rad.get(f))] for f in felt]
            )
        )
        skriv("\n### Historikk\n\n")
        skriv(render.markdown(historikk, render.HISTORIKK_KOLONNER))
    elif fmt in ("json", "jsonl"):
        data = {f: render.json_verdi(rad.get(f)) for f in felt}
        data["historikk"] = [
            {f: render.json_verdi(h.get(f)) for f in render.HISTORIKK_FELT} for h in historikk
        ]
        indent = 2 if fmt == "json" else None
        skriv(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")
    else:
        skriv(render.maskinformat([rad], felt, fmt))


@app.command("endre")
def endre(
    saksnummer: Annotated[str, typer.Argument(help="Saksnummeret, f.eks. 2026/3.")],
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
    dato: Annotated[
        str | None,
        typer.Option(
            "--dato", help="Datoen statusen endret seg (standard: i dag).", show_default=False
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Endre ett eller flere felt i en sak; hver endring lagres i historikken."""
    from konsreg import db, register
    from konsreg.models import normaliser_status, normaliser_type

    endringer: dict[str, Any] = {
        "type": verdi_feil(normaliser_type, type_) if type_ is not None else None,
        "departement": departement,
        "tittel": tittel,
        "beskrivelse": beskrivelse,
        "oppmeldt": arstall(oppmeldt, "oppmeldt"),
        "gjentakende": gjentakende,
        "meldt_inn_av": meldt_inn_av,
        "status": verdi_feil(normaliser_status, status) if status is not None else None,
    }
    if all(v is None for v in endringer.values()):
        raise Bruksfeil("Ingen endringer oppgitt; se «konsreg sak endre --help».")
    advarsler: list[str] = []
    with db.skriv(tilstand().engine()) as session:
        sak, endret = register.endre_sak(
            session=session,
            saksnummer=saksnummer,
            endringer=endringer,
            av=bruker(av),
            advarsler=advarsler,
            status_dato=dato_(dato),
        )
        nummer = sak.saksnummer
    advar(advarsler)
    rapporter_endring("Sak", nummer, endret)


@app.command("avslutt")
def avslutt(
    saksnummer: Annotated[str, typer.Argument(help="Saksnummeret, f.eks. 2026/3.")],
    dato: Annotated[
        str | None,
        typer.Option(
            "--dato", help="Datoen saken ble avsluttet (standard: i dag).", show_default=False
        ),
    ] = None,
    av: AvValg = None,
) -> None:
    """Sett status avsluttet på en sak, med datoen."""
    from konsreg import db, register
    from konsreg.regler.datoer import norsk_dato

    with db.skriv(tilstand().engine()) as session:
        sak = register.avslutt_sak(
            session=session, saksnummer=saksnummer, dato=dato_(dato), av=bruker(av)
        )
        tekst = f"Sak {sak.saksnummer} avsluttet {norsk_dato(sak.status_endret)}.\n"
    skriv(tekst)
