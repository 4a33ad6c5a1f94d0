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

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from konsreg.regler.tidslinje import Tidslinje
from konsreg.render.vedlegg import Vedlegg
from konsreg.tekst import er_styretegn, synlig


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
    start: int = 1  # a numbered list's first number (Markdown's `15. desember` starts at 15)


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


@dataclass(frozen=True)
class Figur:
    """The timeline of the agreements (render/tidslinje.py), before Vedlegg c's table.
    HTML draws it as inline SVG; Markdown and Word leave it out: their text is the
    material as printed, which has no such picture, and a picture in Word would need a
    raster image and a library to make one."""

    tidslinje: Tidslinje


Blokk = Overskrift | Avsnitt | Liste | Innhold | Sideskift | Tabell | Figur


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


# -- what every writer shares ------------------------------------------------------------

LENKESKJEMAER = frozenset({"http", "https", "mailto"})

# Characters XML 1.0 cannot hold at all (lone surrogates, U+FFFE, U+FFFF): python-docx
# raises on them and an HTML page with them cannot be encoded. Control characters are
# shown by `synlig`; these are shown the same way.
_IKKE_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def dokumenttekst(tekst: str, *, linjeskift: bool = False) -> str:
    """Text as a document shows it: control characters (and what XML cannot hold) as
    escapes (`\\x1b`), so stored text can neither act on a reader nor break a file.
    `linjeskift` keeps newlines (a table cell of several lines)."""
    tekst = synlig(tekst, linjeskift=linjeskift)
    if _IKKE_XML.search(tekst) is None:
        return tekst
    return _IKKE_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", tekst)


def trygg_lenke(adresse: str | None) -> str | None:
    """`adresse` if a reader may follow it: http(s) with a host, or mailto with an
    address; None for anything else (javascript:, data:, file:, a bare `#`, relative
    paths), and for addresses with spaces or control characters, which no parser
    would have left in a link."""
    if not adresse or any(t.isspace() or er_styretegn(t) for t in adresse):
        return None
    try:
        deler = urlsplit(adresse)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    skjema = deler.scheme.lower()
    if skjema not in LENKESKJEMAER:
        return None
    if skjema == "mailto":
        return adresse if deler.path else None
    return adresse if deler.netloc else None


def utskriftsblokker(dok: Dokument) -> tuple[Blokk, ...]:
    """The blocks as a printed page has them: the front page (the leading "forside" and
    "forside_tittel" paragraphs) ends with one page break, and no two page breaks follow
    each other or start or end the document, so no writer prints an empty page."""
    ut: list[Blokk] = []
    blokker = list(dok.blokker)
    forside = 0
    while forside < len(blokker) and _er_forside(blokker[forside]):
        forside += 1
    if 0 < forside < len(blokker):
        blokker.insert(forside, Sideskift())
    for blokk in blokker:
        if isinstance(blokk, Sideskift) and (not ut or isinstance(ut[-1], Sideskift)):
            continue
        ut.append(blokk)
    while ut and isinstance(ut[-1], Sideskift):
        ut.pop()
    return tuple(ut)


def _er_forside(blokk: Blokk) -> bool:
    return isinstance(blokk, Avsnitt) and blokk.stil in FORSIDE


FORSIDE = frozenset({"forside", "forside_tittel"})


def med_stil(biter: Biter, *, fet: bool = False, kursiv: bool = False) -> Biter:
    """The runs with bold and/or italic added (a title line is bold whatever it holds)."""
    return tuple(
        Tekstbit(b.tekst, fet=b.fet or fet, kursiv=b.kursiv or kursiv, lenke=b.lenke) for b in biter
    )
