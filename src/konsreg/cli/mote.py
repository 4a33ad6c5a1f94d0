"""`konsreg mote ...`: register, list, show and change meetings; propose their agenda."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated, Any

import typer

from konsreg.cli import fullforing
from konsreg.cli.felles import (
    AvValg,
    FormatValg,
    advar,
    arstall,
    bruker,
    i_lesing,
    i_skriving,
    rapporter_endring,
    skriv,
    spor,
    utformat,
)
from konsreg.cli.felles import dato as dato_
from konsreg.cli.hjelp import NorskTyper
from konsreg.cli.visning import vis_liste, vis_post

app = NorskTyper(
    help="Konsultasjonsmøter, bilaterale møter og politiske konsultasjoner.",
    short_help="Konsultasjonsmøter og bilaterale og politiske møter.",
    no_args_is_help=True,
)

MoteArg = Annotated[
    str,
    typer.Argument(
        metavar="MØTE",
        help="Møtet: 2026-2, 2026-HOD-1 eller 2026-P-1.",
        autocompletion=fullforing.mote,
    ),
]
DatoValg = Annotated[
    str | None,
    typer.Option("--dato", metavar="DATO", help="Møtedatoen (16.04.2026).", show_default=False),
]
TemaValg = Annotated[
    str | None,
    typer.Option(
        "--tema",
        metavar="TEKST",
        help="Møtets hovedtema, som kapittel 1 nevner.",
        show_default=False,
    ),
]
StatusValg = Annotated[
    str | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="planlagt, materiale, avholdt eller referat.",
        show_default=False,
    ),
]
DeltakerValg = Annotated[
    list[str] | None,
    typer.Option(
        "--deltaker",
        metavar="NAVN",
        help="Én som er til stede (referatets «Til stede»); gjentas for flere.",
        show_default=False,
    ),
]


@app.command("ny")
def ny(
    mote: Annotated[
        str | None,
        typer.Argument(
            metavar="MØTE",
            help="Møtets id, ÅR-N for et konsultasjonsmøte (2026-2).",
            show_default=False,
        ),
    ] = None,
    dato: DatoValg = None,
    tema: TemaValg = None,
    type_: Annotated[
        str,
        typer.Option("--type", metavar="TYPE", help="plenum, bilateralt eller politisk."),
    ] = "plenum",
    departement: Annotated[
        str | None,
        typer.Option(
            "--departement",
            "-d",
            metavar="KODE",
            autocompletion=fullforing.departement,
            help="Departementet et bilateralt møte er med (HOD).",
            show_default=False,
        ),
    ] = None,
    status: Annotated[
        str, typer.Option("--status", metavar="STATUS", help="Møtets status.")
    ] = "planlagt",
    deltaker: DeltakerValg = None,
    av: AvValg = None,
) -> None:
    """Registrer et møte og skriv ut id-en.

    Et konsultasjonsmøte får id-en du gir (2026-2). Et bilateralt møte (--type
    bilateralt --departement HOD) eller en politisk konsultasjon (--type politisk) får
    neste nummer i året når id-en ikke er gitt (2026-HOD-1, 2026-P-1).
    """
    from konsreg.models import MoteCreate, valider
    from konsreg.register import moter

    dag = dato_(spor(dato, valg="--dato", sporsmal="Møtedato"))
    data = valider(
        MoteCreate,
        {
            "type": type_,
            "dato": dag,
            "tema": tema,
            "departement": departement,
            "status": status,
            "deltakere": deltaker or [],
        },
    )
    advarsler: list[Any] = []
    ny_ = i_skriving(moter.ny_mote, handle=mote, data=data, av=bruker(av), advarsler=advarsler)
    advar(advarsler)
    skriv(f"{ny_.id}\n")


@app.command("liste")
def liste(
    ar: Annotated[
        str | None,
        typer.Option("--ar", metavar="ÅR", help="Bare møtene i dette året.", show_default=False),
    ] = None,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            metavar="TYPE",
            help="Bare plenum, bilateralt eller politisk.",
            show_default=False,
        ),
    ] = None,
    format: FormatValg = None,
) -> None:
    """List møtene i datoorden."""
    from konsreg.register import moter
    from konsreg.render.formater import MOTER

    rader = i_lesing(moter.liste, ar=arstall(ar, "året"), type_=type_)
    vis_liste(rader, MOTER, utformat(format), hva="møter")


@app.command("vis", short_help="Vis et møte med sakslisten, forrige og neste møte og historikken.")
def vis(mote: MoteArg, format: FormatValg = None) -> None:
    """Vis et møte, punktene på sakslisten, forrige og neste konsultasjonsmøte, og
    historikken."""
    from konsreg.register import moter, punkter
    from konsreg.render.felt import MOTE_FELT
    from konsreg.render.formater import PUNKTER

    fmt = utformat(format)

    def hent(session: Any) -> Any:
        return moter.vis(session=session, handle=mote), punkter.liste(session=session, mote=mote)

    visning, punktliste = i_lesing(lambda session: hent(session))
    post = {
        **visning.mote.model_dump(),
        "forrige_plenum": visning.forrige,
        "neste_plenum": visning.neste,
    }
    felt = (*MOTE_FELT, "forrige_plenum", "neste_plenum")
    vis_post(post, visning.historikk, felt, fmt, f"Møte {visning.mote.id}")
    if fmt.value == "table":
        vis_liste([_punktrad(p) for p in punktliste], PUNKTER, fmt, hva="punkter")


def _punktrad(p: Any) -> dict[str, Any]:
    """An item as the table at a terminal shows it: what it is about, and whether it has
    its text yet."""
    rad = p.model_dump()
    if p.innledning:
        rad["gjelder"] = "innledning"
    elif p.sak:
        rad["gjelder"] = f"sak {p.sak}"
    elif p.avtale:
        rad["gjelder"] = f"avtale {p.avtale}"
    else:
        egne = {2: "innspill fra KS", 6: "eventuelt"}
        rad["gjelder"] = egne.get(p.kapittel) or f"{p.kapittel}{p.underdel or ''} (uten post)"
    rad["tittel"] = p.tittel or p.post_tittel
    rad["tekst"] = f"{len(p.tekst.split())} ord" if p.tekst else "mangler"
    return rad


@app.command("endre", short_help="Endre et møtes dato, tema, status eller deltakere.")
def endre(
    mote: MoteArg,
    dato: DatoValg = None,
    tema: TemaValg = None,
    status: StatusValg = None,
    deltaker: DeltakerValg = None,
    av: AvValg = None,
) -> None:
    """Endre et møtes dato, tema, status eller deltakere; hver endring føres i historikken."""
    from konsreg.errors import Bruksfeil
    from konsreg.models import MoteUpdate, valider
    from konsreg.register import moter

    data: dict[str, Any] = {}
    if dato is not None:
        data["dato"] = dato_(dato)
    if tema is not None:
        data["tema"] = tema
    if status is not None:
        data["status"] = status
    if deltaker is not None:
        data["deltakere"] = deltaker
    if not data:
        raise Bruksfeil("Ingen endringer oppgitt; se «konsreg mote endre --help».")
    endring = valider(MoteUpdate, data)
    post, endret = i_skriving(moter.endre, handle=mote, endring=endring, av=bruker(av))
    rapporter_endring("Møte", post.id, endret)


@app.command("forslag", short_help="Foreslå det som mangler på sakslisten.")
def forslag(
    mote: MoteArg,
    legg_til: Annotated[
        bool,
        typer.Option("--legg-til", help="Legg forslagene inn som punkter med tom tekst."),
    ] = False,
    av: AvValg = None,
) -> None:
    """Det som hører hjemme på sakslisten og mangler: nye saker og avtaler siden forrige
    konsultasjonsmøte, avtaler som er avsluttet siden da eller utløper i møteåret, og
    pågående saker uten tekst på to møter."""
    from konsreg.register import materiale
    from konsreg.render.materiale import forslag_linje

    if legg_til:
        forslagene = i_skriving(materiale.legg_til_forslag, mote=mote, av=bruker(av))
    else:
        forslagene = i_lesing(materiale.forslag, mote=mote)
    for f in forslagene:
        skriv(forslag_linje(f, lagt_til=legg_til) + "\n")
    if not forslagene:
        from konsreg.cli.felles import melding

        melding(f"Ingen forslag: sakslisten til {mote} har det den skal ha.")
