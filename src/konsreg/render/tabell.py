"""Tables for people: rich tables at a terminal and Markdown tables. Stored text goes in
as `rich.text.Text` (never parsed as markup), with control characters shown escaped."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from konsreg.render.felt import Kolonne, menneske
from konsreg.tekst import synlig

# What Markdown would read as markup inside a line: code, emphasis, links, strikethrough,
# an entity (`&amp;`), `_` where it can open or close emphasis (not inside a word). The
# material's Markdown writer (dok_md.escape) escapes the same, and `\`, `<`, `|` its way.
MD_MERKE = r"[`*\[\]~]|&(?=#?[0-9A-Za-z]+;)|(?<![^\W_])_|_(?![^\W_])"
_MD_MERKE = re.compile(MD_MERKE)


def md_celle(tekst: str) -> str:
    """A Markdown table cell that shows the text as stored, never as markup: control
    characters shown escaped (Markdown is read by people, often straight off a terminal),
    `\\`, `|` and the markup characters backslash-escaped, `<` kept as text, line breaks
    as <br>."""
    tekst = synlig(tekst.replace("\r\n", "\n"), linjeskift=True)
    tekst = tekst.replace("\\", "\\\\").replace("|", "\\|")
    tekst = _MD_MERKE.sub(lambda m: "\\" + m.group(), tekst).replace("<", "&lt;")
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


# The share of the terminal's width a table's title column keeps, whatever else it
# holds: a title six characters a line ("sammen/hengen/de") cannot be read. The title
# column is the first wide one (`Kolonne.bred`).
TITTELANDEL = 0.4
# What a rich table adds to its columns' widths: a border left of each column and one
# at the right edge, and a space either side of each cell.
RAMME_PER_KOLONNE, RAMME = 3, 1
# A text column beside the title keeps room for a short line of its own ("KD, HOD og KS").
TEKSTBREDDE = 13
# The priority of a column without a value: below every `Kolonne.prioritet`.
TOM = 99
# Binds the last party to "og KS" in a terminal cell: "…, SD og KS" never breaks
# inside "SD og KS".
_BINDER = "\u00a0"


@dataclass(frozen=True)
class Oppsett:
    """A table laid out for a terminal: the columns shown (indexes, in order) and each
    one's width (None without a width: as rich measures)."""

    synlige: list[int]
    bredder: list[int] | None


def _lengste_linje(tekst: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(linje) for linje in tekst.split("\n")), default=0)


def _lengste_ord(tekst: str) -> int:
    """The widest stretch a line cannot break in: between spaces and newlines (a bound
    space, `_BINDER`, does not break)."""
    from rich.cells import cell_len

    return max((cell_len(o) for o in tekst.replace("\n", " ").split(" ")), default=0)


def bind_parter(tekst: str) -> str:
    """Parties as printed, with the last party and "og KS" bound together."""
    foran, og, siste = tekst.rpartition(" og ")
    if not og:
        return tekst
    foran, komma, nest_siste = foran.rpartition(", ")
    return f"{foran}{komma}{nest_siste}{_BINDER}og{_BINDER}{siste}"


def _fyll(bredder: dict[int, int], hvem: Sequence[int], tak: dict[int, int], rest: int) -> int:
    """Share `rest` among the columns `hvem`, in proportion to their natural widths and
    none beyond it (`tak`); returns what is left."""
    while rest > 0:
        apne = [i for i in hvem if bredder[i] < tak[i]]
        if not apne:
            break
        total = sum(tak[i] for i in apne)
        gitt = 0
        for i in apne:
            del_ = min(tak[i] - bredder[i], rest * tak[i] // total)
            bredder[i] += del_
            gitt += del_
        if gitt == 0:  # less than one each: the widest first
            for i in sorted(apne, key=lambda i: -tak[i])[:rest]:
                bredder[i] += 1
                gitt += 1
        rest -= gitt
    return rest


def oppsett(
    kolonner: Sequence[Kolonne], celler: Sequence[Sequence[str]], bredde: int | None
) -> Oppsett:
    """How a table fits a terminal `bredde` columns wide.

    A number, code or date is never cut or wrapped ("2022/" is not a saksnummer): its
    column is as wide as its widest value, and its heading wraps instead ("Første /
    avtale / inngått"). The title column (the first wide one) keeps `TITTELANDEL` of
    the width and never gives way; the other text columns (parties, names) wrap, but
    not inside a word, and keep `TEKSTBREDDE`. When that does not fit, the least needed
    columns give way (by `Kolonne.prioritet`, the last of equals first, and before them
    one without a value), and then each that gave way comes back, most needed first, if it
    fits beside the others after all and no more needed one is left out. What is left
    widens the text columns in proportion to their longest lines (the title to half the
    width), then puts the headings on one line, then widens the title further."""
    alle = list(range(len(kolonner)))
    if bredde is None:
        return Oppsett(alle, None)
    naturlig: dict[int, int] = {}
    minst: dict[int, int] = {}
    prioritet: dict[int, int] = {}
    for i, k in enumerate(kolonner):
        data = [c[i] for c in celler]
        overskrift = synlig(k.overskrift)  # measured as shown, as the cells are
        linje = max((_lengste_linje(c) for c in data), default=0)
        ord_ = max((_lengste_ord(c) for c in [*data, overskrift]), default=0)
        naturlig[i] = max(linje, _lengste_linje(overskrift), 1)
        minst[i] = max(ord_ if k.bred else max(linje, ord_), 1)
        if k.bred:
            minst[i] = min(naturlig[i], max(minst[i], TEKSTBREDDE))
        # A column that may give way gives way before every other when it has no value.
        prioritet[i] = TOM if k.prioritet > 1 and not linje else k.prioritet
    hoved = next((i for i, k in enumerate(kolonner) if k.bred), None)
    if hoved is not None:
        minst[hoved] = min(naturlig[hoved], max(minst[hoved], round(TITTELANDEL * bredde)))
        prioritet[hoved] = 1

    def krav(valgt: Sequence[int]) -> int:
        return sum(minst[i] for i in valgt) + RAMME_PER_KOLONNE * len(valgt) + RAMME

    valgt = list(alle)
    borte: list[int] = []
    while krav(valgt) > bredde:
        kandidater = [i for i in valgt if prioritet[i] > 1]
        if not kandidater:
            break
        ut = max(kandidater, key=lambda i: (prioritet[i], i))
        valgt.remove(ut)
        borte.append(ut)
    for niva in sorted({prioritet[i] for i in borte}):
        # A column comes back only if every more needed one did.
        ute = False
        for i in sorted(i for i in borte if prioritet[i] == niva):
            if krav(sorted([*valgt, i])) <= bredde:
                valgt = sorted([*valgt, i])
            else:
                ute = True
        if ute:
            break
    bredder = {i: minst[i] for i in valgt}
    rest = bredde - krav(valgt)
    if rest < 0 and hoved in bredder:
        # Too narrow even for the most needed columns: the title gives up its share
        # first (rich shrinks the rest, if it has to).
        bredder[hoved] = max(bredder[hoved] + rest, 1)
        rest = 0
    # The text columns share in proportion to their longest lines, the title up to half
    # the width; then the headings go on one line; then the title takes the rest.
    tekst = [i for i in valgt if kolonner[i].bred]
    tak = dict(naturlig)
    if hoved in bredder:
        tak[hoved] = max(bredder[hoved], min(naturlig[hoved], bredde // 2))
    rest = _fyll(bredder, tekst, tak, rest)
    rest = _fyll(bredder, [i for i in valgt if not kolonner[i].bred], naturlig, rest)
    _fyll(bredder, tekst, naturlig, rest)
    return Oppsett(valgt, [bredder[i] for i in valgt])


def synlige_kolonner(
    kolonner: Sequence[Kolonne], celler: Sequence[Sequence[str]], bredde: int | None
) -> list[int]:
    """The columns that fit `bredde` (see `oppsett`)."""
    return oppsett(kolonner, celler, bredde).synlige


def _brutt(tekst: str, bredde: int) -> str:
    """A cell with bound spaces broken into lines of `bredde` here: rich breaks at any
    space, a bound one too."""
    if _BINDER not in tekst:
        return tekst
    import textwrap

    # textwrap breaks only at ASCII white space.
    linjer = [
        brutt
        for linje in tekst.split("\n")
        for brutt in (textwrap.wrap(linje, bredde, break_on_hyphens=False) or [""])
    ]
    return "\n".join(linjer).replace(_BINDER, " ")


def tabell_for_terminal(
    kolonner: Sequence[Kolonne],
    rader: Sequence[Sequence[str] | str],
    *,
    bredde: int | None,
    tittel: str | None = None,
    undertekst: str | None = None,
) -> Any:
    """A rich table laid out by `oppsett`. A row is its cells as shown (control
    characters already escaped); a row that is a string alone is a group heading (a
    category of vedlegg c), in bold in the first column after a line."""
    from rich.table import Table
    from rich.text import Text

    celler = [r for r in rader if not isinstance(r, str)]
    grupper = [[r, *([""] * (len(kolonner) - 1))] for r in rader if isinstance(r, str)]
    plass = oppsett(kolonner, [*celler, *grupper], bredde)
    tabell = Table(
        title=rik_tittel(tittel),
        title_justify="left",
        show_lines=False,
        caption=rik_tekst(undertekst, linjeskift=True) if undertekst else None,
        caption_justify="left",
    )
    for n, i in enumerate(plass.synlige):
        k = kolonner[i]
        if plass.bredder is None:
            # Without a width rich lays it out: text wraps, values are never cut.
            minst = 0 if k.bred else max((_lengste_linje(c[i]) for c in celler), default=0)
            tabell.add_column(
                rik_tekst(k.overskrift), overflow="fold", no_wrap=not k.bred, min_width=minst
            )
        else:
            tabell.add_column(rik_tekst(k.overskrift), overflow="fold", width=plass.bredder[n])
    for rad in rader:
        if isinstance(rad, str):
            tabell.add_section()
            tabell.add_row(Text(rad), style="bold")
            continue
        tekster = []
        for n, i in enumerate(plass.synlige):
            tekst = rad[i]
            tekst = (
                _brutt(tekst, plass.bredder[n]) if plass.bredder else tekst.replace(_BINDER, " ")
            )
            tekster.append(Text(tekst))
        tabell.add_row(*tekster)
    return tabell


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
    """A rich table of records; with `bredde` (the terminal's width) laid out to fit it
    (see `oppsett`). Every cell is plain text (see `rik_tekst`)."""
    # Widths are measured on the text as shown (`\x1b` takes four columns).
    celler = [[_celle(k.felt, rad.get(k.felt)) for k in kolonner] for rad in rader]
    return tabell_for_terminal(kolonner, celler, bredde=bredde, tittel=tittel)


def _celle(felt: str, verdi: Any) -> str:
    tekst = synlig(menneske(felt, verdi), linjeskift=True)
    return bind_parter(tekst) if felt == "parter" else tekst


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
