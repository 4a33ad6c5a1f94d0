"""A `Dokument` as Markdown (CommonMark with GitHub's pipe tables).

Stored text is escaped so it prints as typed: a title with `**`, `_`, `[`, `<script>`
or a `#` or `15.` at the start of a line is text in the output, never markup, and a
control character shows as an escape (`\\x1b`). Formatting comes only from the blocks:
headings, bold/italic/link runs, lists, and the appendix tables (category rows bold).

The front page is plain paragraphs (its title lines bold), the contents a nested list of
the headings, and a page break nothing: Markdown has no pages. The output depends only
on the document, so the same document always gives the same text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from konsreg.render.dokument import (
    Avsnitt,
    Biter,
    Blokk,
    Dokument,
    Figur,
    Innhold,
    Liste,
    Overskrift,
    Sideskift,
    Tabell,
    Tekstbit,
    dokumenttekst,
    med_stil,
    overskrifter,
    trygg_lenke,
)
from konsreg.render.tabell import MD_MERKE
from konsreg.render.vedlegg import Vedlegg

# Characters that are markup wherever they stand. `_` only between word characters is
# left alone (CommonMark never reads "saks_nr" as emphasis); `&` only where it would
# start an entity (`&amp;`).
_ALLTID = re.compile(r"[\\<|]|" + MD_MERKE)
# What makes a line something other than a paragraph when it stands first: a heading,
# a block quote, a list item (`-`, `+`, `15.`, `3)`), a thematic break, a setext line.
_LINJESTART = re.compile(r"(#|>|-|\+|=)|(\d{1,9})([.)])(?=[ \t]|$)")

STILER = {"forside_tittel": "fet", "innhold_tittel": "fet"}


def markdown(dok: Dokument) -> str:
    """The document as one Markdown text, blocks separated by an empty line."""
    deler: list[str] = []
    forrige: Blokk | None = None
    for blokk in dok.blokker:
        tekst = _blokk(dok, blokk, forrige)
        if tekst:
            deler.append(tekst)
            forrige = blokk
    return "\n\n".join(deler) + "\n" if deler else ""


def _blokk(dok: Dokument, blokk: Blokk, forrige: Blokk | None) -> str:
    if isinstance(blokk, Overskrift):
        niva = min(max(blokk.niva, 1), 3)
        # Every `#` is escaped: a trailing one would be read as the heading's closing.
        return "#" * niva + " " + _linje(escape(blokk.tekst).replace("#", "\\#"))
    if isinstance(blokk, Avsnitt):
        biter = med_stil(blokk.biter, fet=True) if STILER.get(blokk.stil or "") else blokk.biter
        return _linje(biter_md(biter))
    if isinstance(blokk, Liste):
        return _liste(blokk, forrige)
    if isinstance(blokk, Innhold):
        return _innhold(dok, blokk)
    if isinstance(blokk, Tabell):
        return tabell(blokk.vedlegg)
    if isinstance(blokk, Sideskift | Figur):
        return ""  # a figure is for the HTML page (see dokument.Figur)
    raise TypeError(f"ukjent blokk: {type(blokk).__name__}")


def escape(tekst: str) -> str:
    """Text as Markdown that prints it as typed (within a line): markup characters are
    backslash-escaped, control characters shown as escapes, a line break a space."""
    tekst = dokumenttekst(tekst.replace("\r\n", "\n").replace("\n", " "))
    return _ALLTID.sub(lambda m: "\\" + m.group(), tekst)


def _linje(tekst: str) -> str:
    """A paragraph's line: leading white space dropped (four spaces would make it code),
    and what would make it a heading, quote or list item at its start escaped."""
    tekst = tekst.lstrip(" \t")
    m = _LINJESTART.match(tekst)
    if m is None:
        return tekst
    if m.group(1):
        return "\\" + tekst
    return f"{m.group(2)}\\{tekst[m.end(2) :]}"


def _er_tegnsetting(tegn: str) -> bool:
    """Punctuation as CommonMark's flanking rules count it (Unicode P and S)."""
    return unicodedata.category(tegn)[0] in "PS"


def _kant(tegn: str) -> bool:
    """Whether emphasis may open or close next to `tegn` (CommonMark's flanking rules):
    beside white space, punctuation or the line's end it always may."""
    return not tegn or tegn.isspace() or _er_tegnsetting(tegn)


def biter_md(biter: Biter) -> str:
    """Runs as inline Markdown: `**bold**`, `*italic*`, `[text](address)`."""
    runs = _samlet(biter)
    ut: list[str] = []
    i = 0
    while i < len(runs):
        lenke = runs[i].lenke
        j = i + 1
        while j < len(runs) and runs[j].lenke == lenke:
            j += 1
        inni = _strekning(runs, i, j)
        if lenke is not None:
            if ut and re.search(r"(?<!\\)(\\\\)*!$", ut[-1]):
                ut[-1] = ut[-1][:-1] + "\\!"  # `![…](…)` would be an image
            inni = f"[{inni}]({_adresse(lenke)})"
        ut.append(inni)
        i = j
    return "".join(ut)


def _strekning(runs: list[Tekstbit], i: int, j: int) -> str:
    """Runs `i` to `j` (one link's text, or the text between links). Styled runs next to
    each other share their common style's markers, so bold-italic "a" then bold "b" is
    `***a*b**`, not `***a*****b**` (which CommonMark does not read as two styles)."""
    ut: list[str] = []
    k = i
    while k < j:
        m = k
        while m + 1 < j and _sammen(runs[m], runs[m + 1]):
            m += 1
        klynge = runs[k : m + 1]
        fet = all(r.fet for r in klynge)
        kursiv = all(r.kursiv for r in klynge)
        if m > k and (fet or kursiv) and _kan_omslutte(klynge, _for(runs, k), _etter(runs, m)):
            ut.append(_nestet(klynge, fet, kursiv))
        else:
            ut += [_bit(runs[n], _for(runs, n), _etter(runs, n)) for n in range(k, m + 1)]
        k = m + 1
    return "".join(ut)


def _sammen(a: Tekstbit, b: Tekstbit) -> bool:
    """Two styled runs that are written inside one pair of markers: touching (there is no
    other way to write them) or sharing a style across a space."""
    if not (a.fet or a.kursiv) or not (b.fet or b.kursiv):
        return False
    rorer = not a.tekst[-1].isspace() and not b.tekst[0].isspace()
    return rorer or (a.fet and b.fet) or (a.kursiv and b.kursiv)


def _kan_omslutte(klynge: list[Tekstbit], for_: str, etter: str) -> bool:
    """Whether markers around the whole cluster count as markers where they stand."""
    tekst = "".join(r.tekst for r in klynge)
    kjerne = tekst.strip()
    if not kjerne:
        return False
    apner = tekst[0].isspace() or not _er_tegnsetting(kjerne[0]) or _kant(for_)
    lukker = tekst[-1].isspace() or not _er_tegnsetting(kjerne[-1]) or _kant(etter)
    return apner and lukker


def _nestet(klynge: list[Tekstbit], fet: bool, kursiv: bool) -> str:
    """The cluster inside its shared markers, each run with the rest of its style."""
    indre = [
        Tekstbit(r.tekst, fet=r.fet and not fet, kursiv=r.kursiv and not kursiv) for r in klynge
    ]
    # White space at the cluster's ends goes outside its markers, even a whole run of it.
    foran = bak = ""
    while not indre[0].tekst.strip():
        foran += indre.pop(0).tekst
    while not indre[-1].tekst.strip():
        bak = indre.pop().tekst + bak
    start = len(indre[0].tekst) - len(indre[0].tekst.lstrip())
    foran += indre[0].tekst[:start]
    indre[0] = replace(indre[0], tekst=indre[0].tekst[start:])
    slutt = len(indre[-1].tekst.rstrip())
    bak = indre[-1].tekst[slutt:] + bak
    indre[-1] = replace(indre[-1], tekst=indre[-1].tekst[:slutt])
    merke = "*" * ((2 if fet else 0) + (1 if kursiv else 0))
    midten = "".join(
        _bit(r, indre[n - 1].tekst[-1:] if n else "", _forste(indre, n))
        for n, r in enumerate(indre)
    )
    return f"{escape(foran)}{merke}{midten}{merke}{escape(bak)}"


def _forste(runs: list[Tekstbit], n: int) -> str:
    return runs[n + 1].tekst[:1] if n + 1 < len(runs) else ""


def _for(runs: list[Tekstbit], i: int) -> str:
    """The character just before run `i`'s markers: a link's bracket or a run's text."""
    if i == 0:
        return ""
    if runs[i].lenke != runs[i - 1].lenke:
        return "[" if runs[i].lenke is not None else ")"
    return runs[i - 1].tekst[-1]


def _etter(runs: list[Tekstbit], i: int) -> str:
    if i + 1 == len(runs):
        return ""
    if runs[i].lenke != runs[i + 1].lenke:
        return "]" if runs[i].lenke is not None else "["
    return runs[i + 1].tekst[0]


def _samlet(biter: Biter) -> list[Tekstbit]:
    """Neighbouring runs of one style as one (`*a*` `*b*` would print `*a**b*`), and a
    link address no reader may follow dropped (`trygg_lenke`)."""
    ut: list[Tekstbit] = []
    for b in biter:
        if not b.tekst:
            continue
        # Shown as printed first: the markers are placed by the characters they stand
        # beside, and `\x1b` is a backslash and letters, not the control character.
        tekst = dokumenttekst(b.tekst.replace("\r\n", "\n").replace("\n", " "))
        lenke = trygg_lenke(b.lenke) if tekst.strip() else None  # a link no one can click
        b = Tekstbit(tekst, fet=b.fet, kursiv=b.kursiv, lenke=lenke)
        if ut and (ut[-1].fet, ut[-1].kursiv, ut[-1].lenke) == (b.fet, b.kursiv, b.lenke):
            b = Tekstbit(ut.pop().tekst + b.tekst, fet=b.fet, kursiv=b.kursiv, lenke=b.lenke)
        ut.append(b)
    return ut


def _bit(b: Tekstbit, for_: str, etter: str) -> str:
    """One run with its emphasis. White space at its edges goes outside the markers, and
    so does punctuation where a marker beside it would not count as one (`a**(b)**c`
    is not bold; `a(**b**)c` is)."""
    merke = "*" * ((2 if b.fet else 0) + (1 if b.kursiv else 0))
    tekst = b.tekst.replace("\r\n", "\n").replace("\n", " ")
    if not merke or not tekst.strip():
        return escape(tekst)
    kjerne = tekst.strip()
    start = tekst.index(kjerne)
    foran, bak = tekst[:start], tekst[start + len(kjerne) :]
    if not foran and not _kant(for_):
        n = next((k for k, t in enumerate(kjerne) if not _kant(t)), len(kjerne))
        foran, kjerne = kjerne[:n], kjerne[n:]
    if not bak and not _kant(etter):
        n = next((k + 1 for k in range(len(kjerne) - 1, -1, -1) if not _kant(kjerne[k])), 0)
        kjerne, bak = kjerne[:n], kjerne[n:]
    if not kjerne:
        return escape(tekst)
    return f"{escape(foran)}{merke}{escape(kjerne)}{merke}{escape(bak)}"


def _adresse(lenke: str) -> str:
    """A link's address, its parentheses and angle brackets escaped."""
    return re.sub(r"[\\()<>]", lambda m: "\\" + m.group(), lenke)


def _liste(liste: Liste, forrige: Blokk | None) -> str:
    # Two lists of one kind in a row would be read as one list: the second uses the
    # other marker (CommonMark starts a new list when the marker changes).
    annen = isinstance(forrige, Liste) and forrige.nummerert == liste.nummerert
    linjer = []
    for n, punkt in enumerate(liste.punkter, liste.start):
        biter = med_stil(punkt, kursiv=True) if liste.kursiv else punkt
        merke = f"{n}{')' if annen else '.'}" if liste.nummerert else ("*" if annen else "-")
        linjer.append(f"{merke} {_linje(biter_md(biter))}")
    return "\n".join(linjer)


def _innhold(dok: Dokument, innhold: Innhold) -> str:
    """The contents: its title in bold, then the headings as a list, indented by level."""
    linjer = [f"**{escape(innhold.tittel)}**", ""]
    for o in overskrifter(dok):
        innrykk = "  " * (min(max(o.niva, 1), 3) - 1)
        linjer.append(f"{innrykk}- {_linje(escape(o.tekst))}")
    return "\n".join(linjer)


def _celle(tekst: str) -> str:
    """A table cell: markup escaped as in running text, lines as <br>."""
    return "<br>".join(escape(linje) for linje in tekst.replace("\r\n", "\n").split("\n"))


def tabell(v: Vedlegg) -> str:
    """An appendix as a pipe table, category rows bold, then its footnotes. Its title is a
    heading of its own in the document, so it is not repeated here (unlike
    `render.vedlegg.markdown`, which writes an appendix on its own)."""
    linjer = ["| " + " | ".join(_celle(c) for c in v.overskrift) + " |"]
    linjer.append("| " + " | ".join("---" for _ in v.overskrift) + " |")
    for rad in v.rader:
        celler = [_celle(c) for c in rad.celler]
        if rad.gruppe and celler and celler[0]:
            celler[0] = f"**{celler[0]}**"
        linjer.append("| " + " | ".join(celler) + " |")
    for fotnote in v.fotnoter:
        linjer += ["", _linje(escape(fotnote))]
    return "\n".join(linjer)
