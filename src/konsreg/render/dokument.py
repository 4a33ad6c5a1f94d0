"""A document as blocks: the one shape that the material and the minutes are built into,
and that each output format (Markdown, HTML, Word) writes.

The builder (render/materiale.py) decides what the document says; the writers
(`render/dok_md.py`, `render/dok_html.py`, `render/dok_docx.py`) only decide how a block
looks in their format. Text in a block is plain text: a writer escapes it for its
format, so stored text is never markup in the output (a title with `<b>` or `**` is
printed as typed). Formatting a person wrote in an item's Markdown text reaches the
blocks as `Tekstbit` flags (bold, italic, a link with a checked address), never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from konsreg.render.vedlegg import Vedlegg


@dataclass(frozen=True)
class Tekstbit:
    """A run of text in one style. `lenke` is an http(s) or mailto address that the parser
    checked (render/markdown.py); any other address is dropped and the text kept."""

    tekst: str
    fet: bool = False
    kursiv: bool = False
    lenke: str | None = None


Biter = tuple[Tekstbit, ...]


@dataclass(frozen=True)
class Overskrift:
    """A heading, level 1–3 (Word's Heading 1–3). `i_innhold`: listed in the contents."""

    niva: int
    tekst: str
    i_innhold: bool = True


@dataclass(frozen=True)
class Avsnitt:
    """A paragraph. `stil`: None for body text; "forside" (front page lines, large),
    "forside_tittel" (the front page's bold title lines), "innhold_tittel" (the
    heading of the contents, not itself a heading), "merknad" (small print)."""

    biter: Biter
    stil: str | None = None


@dataclass(frozen=True)
class Liste:
    """A bulleted or numbered list; each entry is a paragraph's text runs."""

    punkter: tuple[Biter, ...]
    nummerert: bool = False
    kursiv: bool = False  # the material prints questions and wanted results in italics


@dataclass(frozen=True)
class Innhold:
    """The table of contents: the document's headings with `i_innhold`, as the writers
    find them in the blocks (Word: a TOC field with the headings as its first result)."""

    tittel: str = "Innhold"


@dataclass(frozen=True)
class Sideskift:
    """A page break (before the appendices; after the front page)."""


@dataclass(frozen=True)
class Tabell:
    """An appendix table laid out by render/vedlegg.py; its title is a heading of its own
    in the block before it."""

    vedlegg: Vedlegg


Blokk = Overskrift | Avsnitt | Liste | Innhold | Sideskift | Tabell


@dataclass(frozen=True)
class Dokument:
    """A whole document: title (file metadata, HTML <title>), language, blocks in order."""

    tittel: str
    blokker: tuple[Blokk, ...]
    sprak: str = "nb-NO"
    forfatter: str = "konsreg"
    meta: dict[str, str] = field(default_factory=dict)


def bit(tekst: str, *, fet: bool = False, kursiv: bool = False) -> Biter:
    """A paragraph's runs of one plain text."""
    return (Tekstbit(tekst, fet=fet, kursiv=kursiv),)


def ren_tekst(biter: Biter) -> str:
    return "".join(b.tekst for b in biter)


def overskrifter(dok: Dokument) -> list[Overskrift]:
    """The headings the contents lists, in order."""
    return [b for b in dok.blokker if isinstance(b, Overskrift) and b.i_innhold]
