"""`konsreg eksempel`: load the register content of the 2026 material."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from typing import Annotated

import typer

from konsreg.cli.felles import AvValg, advar, bruker, i_skriving, melding


def eksempel(
    av: AvValg = None,
    likevel: Annotated[
        bool,
        typer.Option(
            "--likevel", help="Last eksempeldataene også i et register som har egne poster."
        ),
    ] = False,
) -> None:
    """Last inn eksempeldata: registerinnholdet i 2026-materialet (2. konsultasjonsmøte).

    Begge kostnadsberegningssakene, lovmedvirkningssaken og de åtte avtalene i vedlegg c,
    med statusene teksten gir dem. Et register som har dem fra før (kjent på eksempelets
    eget merke), endres ikke; et register med egne poster avvises uten --likevel. Prøv
    deretter «konsreg vedlegg c --ar 2026 --per 2026-04-30».

    Med dem kommer møtet 2026-2 (16.04.2026) med alle punktene i materialet, så
    «konsreg materiale 2026-2 --tross-feil» gir dokumentet og «konsreg sjekk 2026-2» finner
    feilene i det.
    """
    from typing import Any

    from konsreg.errors import IkkeTomt, Konflikt
    from konsreg.register.eksempel import last_eksempel

    advarsler: list[Any] = []
    try:
        r = i_skriving(last_eksempel, av=bruker(av), advarsler=advarsler, likevel=likevel)
    except IkkeTomt as feil:
        raise Konflikt(f"{feil.melding} Bruk --likevel for å laste dem likevel.") from None
    advar(advarsler)
    melding(
        f"Eksempeldata fra 2026-materialet: {r.nye_saker} nye saker, {r.nye_avtaler} nye avtaler"
        f"{f', {r.fantes} fantes fra før' if r.fantes else ''}"
        f"{f'; møtet 2026-2 med {r.nye_punkter} punkter' if r.nye_moter else ''}."
    )
