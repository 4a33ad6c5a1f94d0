"""Showing what a command got: a rich table at a terminal, else the format asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from konsreg.cli.felles import konsoll, skriv, vis
from konsreg.regler.begreper import Format


def vis_liste(rader: Sequence[Any], oppsett: Any, fmt: Format, tittel: str | None = None) -> None:
    """A listing: a table fitted to the terminal, or the rows in a machine format."""
    import sys

    from konsreg.render import formater
    from konsreg.render.felt import som_dict
    from konsreg.render.tabell import rich_tabell

    if fmt == Format.table:
        dicts = [som_dict(r, [k.felt for k in oppsett.kolonner]) for r in rader]
        vis(rich_tabell(dicts, oppsett.kolonner, tittel=tittel, bredde=konsoll().width))
        return
    formater.skriv(rader, oppsett, fmt, sys.stdout)
    sys.stdout.flush()


def vis_post(
    post: Any, historikk: Sequence[Any], felt: Sequence[str], fmt: Format, tittel: str
) -> None:
    """One record and its history."""
    from konsreg.render import post as postvisning

    if fmt == Format.table:
        for tabell in postvisning.tabeller(post, historikk, felt, tittel):
            vis(tabell)
    else:
        skriv(postvisning.tekst(post, historikk, felt, fmt, tittel))
