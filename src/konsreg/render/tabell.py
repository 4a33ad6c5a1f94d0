"""Tables for people: rich tables at a terminal and Markdown tables. Stored text goes in
as `rich.text.Text` (never parsed as markup), with control characters shown escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from konsreg.render.felt import Kolonne, menneske
from konsreg.tekst import synlig


def md_celle(tekst: str) -> str:
    """A Markdown table cell: control characters shown escaped (Markdown is read by people,
    often straight off a terminal), `|` and `\\` escaped, `<` kept as text, line breaks
    as <br>."""
    tekst = synlig(tekst.replace("\r\n", "\n"), linjeskift=True)
    tekst = tekst.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    return tekst.replace("\n", "<br>")


def _md_rad(celler: Iterable[str]) -> str:
    """One row of a Markdown table, with its line break."""
    return "| " + " | ".join(md_celle(c) for c in celler) + " |\n"


def markdown_tabell(overskrifter: Sequence[str], rader: Sequence[Sequence[str]]) -> str:
    skille = "| " + " | ".join("---" for _ in overskrifter) + " |\n"
    return _md_rad(overskrifter) + skille + "".join(_md_rad(rad) for rad in rader)


def markdown(rader: Sequence[dict[str, Any]], kolonner: Sequence[Kolonne]) -> str:
    return markdown_tabell(
        [k.overskrift for k in kolonner],
        [[menneske(k.felt, rad.get(k.felt)) for k in kolonner] for rad in rader],
    )


def skriv_markdown(rader: Iterable[dict[str, Any]], kolonner: Sequence[Kolonne], ut: Any) -> int:
    """The text of `markdown`, written a row at a time; returns how many rows."""
    ut.write(markdown_tabell([k.overskrift for k in kolonner], []))
    antall = 0
    for rad in rader:
        ut.write(_md_rad(menneske(k.felt, rad.get(k.felt)) for k in kolonner))
        antall += 1
    return antall


def synlige_kolonner(
    kolonner: Sequence[Kolonne], celler: Sequence[Sequence[str]], bredde: int | None
) -> list[int]:
    """The columns that fit `bredde`: the least needed ones give way first (the last of
    equals first), so no value is cut and the text columns keep room to wrap."""

    def behov(i: int) -> int:
        k = kolonner[i]
        innhold = 16 if k.bred else max((len(c[i]) for c in celler), default=0)
        return max(innhold, 4 if k.bred else len(k.overskrift)) + 3

    valgt = list(range(len(kolonner)))
    if bredde is None:
        return valgt
    while sum(behov(i) for i in valgt) + 1 > bredde:
        kandidater = [i for i in valgt if kolonner[i].prioritet > 1]
        if not kandidater:
            break
        valgt.remove(max(kandidater, key=lambda i: (kolonner[i].prioritet, i)))
    return valgt


def rik_tekst(tekst: str, *, linjeskift: bool = False, style: str = "") -> Any:
    """Text for a rich renderable: never read as markup (`[/bold]`, `[link=…]`) or emoji
    codes, control characters shown escaped. `linjeskift` keeps a newline (a table cell
    may hold lines); a title or heading is one line."""
    from rich.text import Text

    return Text(synlig(tekst, linjeskift=linjeskift), style=style)


def rik_tittel(tittel: str | None) -> Any:
    """A table's title as text, styled as rich styles a title given as a string."""
    return rik_tekst(tittel, style="table.title") if tittel else None


def rich_tabell(
    rader: Sequence[dict[str, Any]],
    kolonner: Sequence[Kolonne],
    *,
    tittel: str | None = None,
    bredde: int | None = None,
) -> Any:
    """A rich table; with `bredde` (the terminal's width) the less needed columns give way.
    Every cell is plain text (see `rik_tekst`)."""
    from rich.table import Table
    from rich.text import Text

    tabell = Table(title=rik_tittel(tittel), title_justify="left", show_lines=False)
    # Widths are measured on the text as shown (`\x1b` takes four columns).
    alle = [
        [synlig(menneske(k.felt, rad.get(k.felt)), linjeskift=True) for k in kolonner]
        for rad in rader
    ]
    synlige = synlige_kolonner(kolonner, alle, bredde)
    kolonner = [kolonner[i] for i in synlige]
    celler = [[rad[i] for i in synlige] for rad in alle]
    for i, k in enumerate(kolonner):
        if k.bred:
            # Text wraps; it gets what the short columns leave, but never less than this.
            tabell.add_column(rik_tekst(k.overskrift), overflow="fold", ratio=1, min_width=16)
        else:
            # Numbers, codes and dates are never cut: "2022/" is not a saksnummer.
            bredde = max((len(c[i]) for c in celler), default=0)
            tabell.add_column(
                rik_tekst(k.overskrift), overflow="fold", no_wrap=True, min_width=bredde
            )
    for rad in celler:
        tabell.add_row(*(Text(c) for c in rad))
    return tabell


def rich_felter(
    rad: dict[str, Any],
    felt: Sequence[str],
    *,
    tittel: str,
    navn: Callable[[str], str] = str,
) -> Any:
    """One record as a two-column table of field (its label, `navn`) and value."""
    from rich.table import Table

    tabell = Table(title=rik_tittel(tittel), title_justify="left", show_header=False)
    tabell.add_column("Felt", style="bold", no_wrap=True)
    tabell.add_column("Verdi", overflow="fold")
    for f in felt:
        tabell.add_row(rik_tekst(navn(f)), rik_tekst(menneske(f, rad.get(f)), linjeskift=True))
    return tabell


# -- streaming exports -------------------------------------------------------------------
