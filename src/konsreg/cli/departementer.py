"""`konsreg departementer`: the ministries the register knows, current and former."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated

import typer

from konsreg.cli.felles import FormatValg, konsoll, skriv, tilstand, utformat, vis


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
    from konsreg import db, register, render
    from konsreg.regler.datoer import parse_ar

    arstall = parse_ar(ar, felt="--ar") if ar else None
    with db.les(tilstand().engine()) as session:
        rader = [
            render.som_dict(d, render.DEPARTEMENT_FELT)
            for d in register.liste_departementer(session=session)
        ]
    if arstall is not None:
        rader = [
            r
            for r in rader
            if (r["fra_ar"] is None or r["fra_ar"] <= arstall)
            and (r["til_ar"] is None or arstall <= r["til_ar"])
        ]
    fmt = utformat(format)
    if fmt == "table":
        vis(render.rich_tabell(rader, render.DEPARTEMENT_KOLONNER, bredde=konsoll().width))
    elif fmt == "markdown":
        skriv(render.markdown(rader, render.DEPARTEMENT_KOLONNER))
    else:
        skriv(render.maskinformat(rader, render.DEPARTEMENT_FELT, fmt))
