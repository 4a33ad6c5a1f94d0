"""`konsreg departementer`: the ministries the register knows, current and former."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated

import typer

from konsreg.cli.felles import FormatValg, i_lesing, utformat


def departementer(
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar", "--år", help="Bare departementene som fantes dette året.", show_default=False
        ),
    ] = None,
    format: FormatValg = None,
) -> None:
    """List departementene med kode, fullt navn og årene navnet var i bruk.

    Koder er gjenbrukt over tid (KD, AID, BFD, ASD, BLD), så en kode slås opp sammen med
    året i saken eller avtalen.
    """
    from konsreg.cli.visning import vis_liste
    from konsreg.register.departementer import liste_departementer
    from konsreg.regler.datoer import parse_ar
    from konsreg.render.formater import DEPARTEMENTER

    arstall = parse_ar(ar, felt="--ar") if ar else None
    vis_liste(i_lesing(liste_departementer, ar=arstall), DEPARTEMENTER, utformat(format))
