"""Showing what a command got: a rich table at a terminal, else the format asked for."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Any

from konsreg.cli.felles import konsoll, melding, skriv, tilstand, vis
from konsreg.regler.begreper import Format

# The rows a table at a terminal shows unless `--grense` says otherwise: a screenful
# many times over, but not a million rows held to be laid out.
TABELLGRENSE = 1000


def vis_liste(
    rader: Iterable[Any],
    oppsett: Any,
    fmt: Format,
    tittel: str | None = None,
    *,
    grense: int | None = None,
    hva: str = "rader",
) -> None:
    """A listing: a table fitted to the terminal, or the rows in a machine format, written
    as they come. `grense` (None: the default; 0: all) caps the rows; a listing it cuts
    says so on stderr."""
    import sys

    from konsreg.render import formater
    from konsreg.render.felt import som_dict
    from konsreg.render.tabell import rich_tabell

    if fmt == Format.table:
        maks = TABELLGRENSE if grense is None else grense
        felt = [k.felt for k in oppsett.kolonner]
        strom = iter(rader)
        dicts = [som_dict(r, felt) for r in (islice(strom, maks) if maks else strom)]
        flere = sum(1 for _ in strom)  # counted, not kept
        vis(rich_tabell(dicts, oppsett.kolonner, tittel=tittel, bredde=konsoll().width))
        if flere:
            melding(
                f"Viser {tall(len(dicts))} av {tall(len(dicts) + flere)} {hva}; "
                "--grense 0 viser alle."
            )
        return
    # The first row is read before anything is written: a register that cannot be read
    # (a lock, a lost connection) fails with nothing on stdout, not a lone header.
    strom = iter(rader)
    forste = next(strom, None)
    kappet = _Kappet(strom if forste is None else chain((forste,), strom), grense or 0)
    formater.skriv(kappet, oppsett, fmt, sys.stdout)
    sys.stdout.flush()
    if kappet.kappet:
        melding(f"Skrev de første {tall(grense or 0)} {hva} (--grense); det er flere.")


def vis_liste_fra(
    hent: Callable[..., Iterable[Any]],
    oppsett: Any,
    fmt: Format,
    *,
    grense: int | None = None,
    hva: str = "rader",
    **argumenter: Any,
) -> None:
    """A listing read and written in one read session, row by row: `hent` is a register
    function that returns the rows as they are read."""
    from konsreg import db

    with db.leseokt(tilstand().engine()) as session:
        rader = hent(session=session, **argumenter)
        vis_liste(rader, oppsett, fmt, grense=grense, hva=hva)


class _Kappet:
    """The first `grense` rows (0: all); `kappet` tells afterwards whether there were more."""

    def __init__(self, rader: Iterable[Any], grense: int) -> None:
        self.rader, self.grense, self.kappet = iter(rader), grense, False

    def __iter__(self) -> Iterator[Any]:
        if not self.grense:
            yield from self.rader
            return
        yield from islice(self.rader, self.grense)
        self.kappet = next(self.rader, None) is not None


def tall(n: int) -> str:
    """A count as Norwegian writes it: 12 345."""
    return f"{n:,}".replace(",", "\u00a0")


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
