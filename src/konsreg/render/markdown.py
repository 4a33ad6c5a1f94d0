"""Markdown a person stored as an item's text, read into document blocks.

Only what the material uses is read as markup: paragraphs, bulleted and numbered lists
(a nested list is flattened into its outer list; a numbered list that does not start at
1 is the paragraph it was typed as: "15. desember 2025 presenterte …" is a date),
`#`–`###` headings, *italic*,
**bold**, `code` (as plain text) and [links](https://…). Everything else stays the text
it was typed as: raw HTML (`<b>x</b>` is those characters), block quotes, tables,
setext headings. A line break inside a paragraph is a space.

A link keeps its address only if `dokument.trygg_lenke` allows it (http, https,
mailto); otherwise its text is kept without the address. Control characters are shown
as escapes (`dokument.dokumenttekst`), never passed on to a writer.

markdown-it-py is imported when a text is parsed, not when this module is: a listing
that never parses Markdown does not pay for loading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from konsreg.render.dokument import (
    Avsnitt,
    Biter,
    Blokk,
    Liste,
    Overskrift,
    Tekstbit,
    dokumenttekst,
    trygg_lenke,
)

# The block and inline rules read as markup; the rest of CommonMark stays text.
_REGLER = [
    "heading",
    "list",
    "newline",
    "escape",
    "entity",
    "backticks",
    "emphasis",
    "link",
    "image",
    "autolink",
]


def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("zero", {"html": False}).enable(_REGLER)
    # markdown-it leaves a link to javascript: as literal "[text](javascript:…)"; every
    # link is parsed instead, and `trygg_lenke` decides whether its address is kept.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


@dataclass
class _Liste:
    nummerert: bool
    start: int = 1
    punkter: list[list[Biter]] = field(default_factory=list)
    numre: list[str] = field(default_factory=list)


def fra_markdown(tekst: str) -> tuple[Blokk, ...]:
    """The blocks of a stored Markdown text: Avsnitt, Liste and Overskrift (never in the
    contents: an item's own headings are not the document's chapters)."""
    tokens = _parser().parse(tekst)
    blokker: list[Blokk] = []
    liste: _Liste | None = None
    dybde = 0  # lists open, the outer one included
    punkt: list[int] = []  # for each open item, its entry in `liste.punkter`
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.type in ("bullet_list_open", "ordered_list_open"):
            if dybde == 0:
                start = int(t.attrs.get("start", 1)) if t.type == "ordered_list_open" else 1
                liste = _Liste(nummerert=t.type == "ordered_list_open", start=start)
            dybde += 1
        elif t.type in ("bullet_list_close", "ordered_list_close"):
            dybde -= 1
            if dybde == 0 and liste is not None:
                punkter = tuple(_sammen(p) for p in liste.punkter)
                if liste.nummerert and (liste.start != 1 or _dato_forst(punkter)):
                    # "15. desember 2025 presenterte …" opens a paragraph with a date, not
                    # a list starting at 15: a numbered list that does not start at 1 is
                    # read as the paragraphs it was typed as.
                    for nr, p in zip(liste.numre, punkter, strict=True):
                        blokker.append(Avsnitt(_slatt([Tekstbit(f"{nr}. "), *p])))
                elif punkter := tuple(p for p in punkter if p):
                    blokker.append(Liste(punkter, nummerert=liste.nummerert, start=liste.start))
                liste = None
        elif t.type == "list_item_open" and liste is not None:
            # The entry is made when its item opens, so a nested item follows its parent.
            punkt.append(len(liste.punkter))
            liste.punkter.append([])
            if dybde == 1:
                liste.numre.append(t.info)
        elif t.type == "list_item_close":
            punkt.pop()
        elif t.type == "heading_open" and liste is None:
            i += 1
            overskrift = dokumenttekst("".join(b.tekst for b in _biter(tokens[i].children)))
            if overskrift.strip():
                blokker.append(Overskrift(min(int(t.tag[1:]), 3), overskrift, i_innhold=False))
        elif t.type == "inline":
            biter = _biter(t.children)
            if liste is not None and punkt:
                liste.punkter[punkt[-1]].append(biter)
            elif biter:
                blokker.append(Avsnitt(biter))
        i += 1
    return tuple(blokker)


def _dato_forst(punkter: tuple[Biter, ...]) -> bool:
    """ "1. januar 2026 ble …": a lone item that starts with a month's name is a date."""
    from konsreg.regler.datoer import MANEDER

    if len(punkter) != 1 or not punkter[0]:
        return False
    forste = punkter[0][0].tekst.split(" ", 1)[0].lower()
    return forste in MANEDER


def _sammen(deler: list[Biter]) -> Biter:
    """The paragraphs of one list item as one entry, a space between them."""
    biter: list[Tekstbit] = []
    for del_ in deler:
        if biter and del_:
            biter.append(Tekstbit(" "))
        biter += del_
    return _slatt(biter)


def _biter(children: list[Any] | None) -> Biter:
    """An inline token's children as text runs."""
    biter: list[Tekstbit] = []
    fet = kursiv = 0  # counters: `***x***` opens both, and emphasis may nest
    lenke: str | None = None
    for c in children or []:
        if c.type in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            if c.type in ("softbreak", "hardbreak"):
                tekst = " "
            elif c.type == "image":
                # An image is not part of a document's text; its description is.
                tekst = "".join(b.tekst for b in _biter(c.children))
            else:
                tekst = c.content
            biter.append(Tekstbit(tekst, fet=fet > 0, kursiv=kursiv > 0, lenke=lenke))
        elif c.type == "strong_open":
            fet += 1
        elif c.type == "strong_close":
            fet -= 1
        elif c.type == "em_open":
            kursiv += 1
        elif c.type == "em_close":
            kursiv -= 1
        elif c.type == "link_open":
            lenke = trygg_lenke(str(c.attrs.get("href", "")))
        elif c.type == "link_close":
            lenke = None
    return _slatt(biter)


def _slatt(biter: list[Tekstbit]) -> Biter:
    """Neighbouring runs of one style as one run, control characters shown escaped."""
    ut: list[Tekstbit] = []
    for b in biter:
        if not b.tekst:
            continue
        if ut and (ut[-1].fet, ut[-1].kursiv, ut[-1].lenke) == (b.fet, b.kursiv, b.lenke):
            forrige = ut.pop()
            b = Tekstbit(forrige.tekst + b.tekst, fet=b.fet, kursiv=b.kursiv, lenke=b.lenke)
        ut.append(b)
    return tuple(
        Tekstbit(dokumenttekst(b.tekst), fet=b.fet, kursiv=b.kursiv, lenke=b.lenke) for b in ut
    )
