"""`konsreg departementer`: the ministries the register knows, current and former."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated

import typer

from konsreg.cli.felles import FormatValg, i_lesing, utformat
from konsreg.errors import Bruksfeil


def departementer(
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar",
            "--år",
            metavar="ÅR",
            help="Bare departementene som fantes dette året.",
            show_default=False,
        ),
    ] = None,
    overganger: Annotated[
        bool,
        typer.Option(
            "--overganger",
            help="List i stedet hvilket departement som overtok etter hvilket, og fra hvilket år.",
        ),
    ] = False,
    format: FormatValg = None,
) -> None:
    """List departementene med kode, fullt navn og årene navnet var i bruk.

    Koder er gjenbrukt over tid (KD, AID, BFD, ASD, BLD), så en kode slås opp sammen med
    året i saken eller avtalen. Et fullt navn godtas overalt der en kode gjør det.

    --overganger viser etterfølgerne (KRD → KMD → KDD, …): et vedlegg skriver navnet som
    gjaldt i sitt år, og et filter på et departement finner også forgjengernes saker.
    «del» betyr at bare en del av oppgavene gikk over (et skjønn; se merknaden).
    """
    from konsreg.cli.visning import vis_liste
    from konsreg.register.departementer import liste_departementer, liste_overganger
    from konsreg.regler.datoer import parse_ar
    from konsreg.render.formater import DEPARTEMENTER, OVERGANGER

    if overganger:
        if ar:
            raise Bruksfeil("--overganger og --ar kan ikke brukes sammen.")
        vis_liste(i_lesing(liste_overganger), OVERGANGER, utformat(format))
        return
    arstall = parse_ar(ar, felt="--ar") if ar else None
    vis_liste(i_lesing(liste_departementer, ar=arstall), DEPARTEMENTER, utformat(format))
