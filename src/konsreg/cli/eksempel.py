"""`konsreg eksempel`: load the register content of the 2026 material."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from konsreg.cli.felles import AvValg, advar, bruker, i_skriving, melding


def eksempel(av: AvValg = None) -> None:
    """Last inn eksempeldata: registerinnholdet i 2026-materialet (2. konsultasjonsmøte).

    Begge kostnadsberegningssakene, lovmedvirkningssaken og de åtte avtalene i vedlegg c,
    med statusene teksten gir dem. Det som finnes fra før, dupliseres ikke. Prøv deretter
    «konsreg vedlegg c --ar 2026 --per 2026-04-30».
    """
    from typing import Any

    from konsreg.register.eksempel import last_eksempel

    advarsler: list[Any] = []
    saker, avtaler, fantes = i_skriving(last_eksempel, av=bruker(av), advarsler=advarsler)
    advar(advarsler)
    melding(
        f"Eksempeldata fra 2026-materialet: {saker} nye saker, {avtaler} nye avtaler"
        f"{f', {fantes} fantes fra før' if fantes else ''}."
    )
