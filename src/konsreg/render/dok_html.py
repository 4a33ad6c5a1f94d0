"""A `Dokument` as one self-contained HTML page, made to be read in a browser and printed.

The page needs nothing else: the style sheet is inline, there are no scripts, fonts,
images or other files to fetch. Printed (A4, 2 cm margins) the front page is a page of
its own, the appendices start on a new page, and a table's header row repeats on every
page it runs over. The contents link to the headings (ids made from their text).

Every stored text is escaped with `html.escape` after its control characters are shown
as escapes (`dokument.dokumenttekst`): a title with `<script>` prints as those letters.
A link's address comes only from `Tekstbit.lenke`, checked again with
`dokument.trygg_lenke`, and is escaped as an attribute.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata

from konsreg.render.dokument import (
    FORSIDE,
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
    dokumenttekst,
    trygg_lenke,
    utskriftsblokker,
)
from konsreg.render.vedlegg import TABELL_CSS, html_tabell

CSS = f"""
@page {{ size: A4; margin: 2cm; }}
body {{ font-family: Calibri, Carlito, Arial, sans-serif; font-size: 11pt; line-height: 1.35;
  max-width: 17cm; margin: 2cm auto; color: #000; }}
h1 {{ font-size: 16pt; margin: 18pt 0 6pt; }}
h2 {{ font-size: 13pt; margin: 14pt 0 4pt; }}
h3 {{ font-size: 12pt; margin: 12pt 0 4pt; }}
h1, h2, h3 {{ break-after: avoid; page-break-after: avoid; }}
p, li {{ orphans: 3; widows: 3; }}
header.forside {{ text-align: center; padding-top: 6cm; }}
header.forside p {{ font-size: 14pt; margin: 0 0 12pt; }}
header.forside p.forside_tittel {{ font-size: 18pt; font-weight: bold; }}
.sideskift {{ break-before: page; page-break-before: always; }}
nav.innhold ul {{ list-style: none; padding-left: 0; margin: 0; }}
nav.innhold ul ul {{ padding-left: 1.5em; }}
nav.innhold a {{ color: inherit; text-decoration: none; }}
p.innhold_tittel {{ font-weight: bold; font-size: 13pt; }}
p.merknad {{ font-size: 9pt; }}
ul.kursiv, ol.kursiv {{ font-style: italic; }}
{TABELL_CSS}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; page-break-inside: avoid; }}
@media print {{
  body {{ margin: 0; max-width: none; }}
  a {{ color: inherit; }}
}}
""".strip()


def e(tekst: str) -> str:
    """Text for HTML: control characters shown escaped, then `<`, `&` and quotes escaped.
    A line break stays one (HTML shows it as a space)."""
    return _html.escape(dokumenttekst(tekst.replace("\r\n", "\n"), linjeskift=True))


def html(dok: Dokument) -> str:
    """The whole document as one HTML page."""
    blokker = utskriftsblokker(dok)
    ider = overskrift_ider(blokker)
    deler = [
        "<!DOCTYPE html>",
        f'<html lang="{e(_sprak(dok.sprak))}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(dok.tittel)}</title>",
        f'<meta name="author" content="{e(dok.forfatter)}">',
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
    ]
    i = 0
    while i < len(blokker):
        blokk = blokker[i]
        if _er_forside(blokk):
            # The front page's lines as one block: centred, a page of its own.
            deler.append('<header class="forside">')
            while (
                i < len(blokker) and isinstance(linje := blokker[i], Avsnitt) and _er_forside(linje)
            ):
                deler.append(_avsnitt(linje))
                i += 1
            deler.append("</header>")
            continue
        deler += _blokk(blokk, i, ider, blokker)
        i += 1
    deler += ["</body>", "</html>"]
    return "\n".join(deler) + "\n"


def _sprak(sprak: str) -> str:
    """`nb-NO` → `nb`: the page's language as browsers and screen readers match it."""
    return sprak.split("-")[0].lower() or "nb"


def _er_forside(blokk: Blokk) -> bool:
    return isinstance(blokk, Avsnitt) and blokk.stil in FORSIDE


def _blokk(blokk: Blokk, i: int, ider: dict[int, str], blokker: tuple[Blokk, ...]) -> list[str]:
    if isinstance(blokk, Overskrift):
        niva = min(max(blokk.niva, 1), 3)
        return [f'<h{niva} id="{e(ider[i])}">{e(blokk.tekst)}</h{niva}>']
    if isinstance(blokk, Avsnitt):
        return [_avsnitt(blokk)]
    if isinstance(blokk, Liste):
        tag = "ol" if blokk.nummerert else "ul"
        attr = ' class="kursiv"' if blokk.kursiv else ""
        if blokk.nummerert and blokk.start != 1:
            attr += f' start="{int(blokk.start)}"'
        punkter = [f"<li>{biter_html(p)}</li>" for p in blokk.punkter]
        return [f"<{tag}{attr}>", *punkter, f"</{tag}>"]
    if isinstance(blokk, Innhold):
        return _innhold(blokk, ider, blokker)
    if isinstance(blokk, Sideskift):
        return ['<div class="sideskift"></div>']
    if isinstance(blokk, Tabell):
        return html_tabell(blokk.vedlegg, e)
    if isinstance(blokk, Figur):
        from konsreg.render.tidslinje import html_figur

        return html_figur(blokk.tidslinje)
    raise TypeError(f"ukjent blokk: {type(blokk).__name__}")


def _avsnitt(a: Avsnitt) -> str:
    klasse = f' class="{e(a.stil)}"' if a.stil else ""
    return f"<p{klasse}>{biter_html(a.biter)}</p>"


def biter_html(biter: Biter) -> str:
    """Runs as inline HTML: <strong>, <em>, and <a href> for a checked address."""
    ut = []
    for b in biter:
        tekst = e(b.tekst)
        if b.kursiv:
            tekst = f"<em>{tekst}</em>"
        if b.fet:
            tekst = f"<strong>{tekst}</strong>"
        if (lenke := trygg_lenke(b.lenke)) is not None:
            tekst = f'<a href="{_html.escape(lenke, quote=True)}">{tekst}</a>'
        ut.append(tekst)
    return "".join(ut)


def _innhold(innhold: Innhold, ider: dict[int, str], blokker: tuple[Blokk, ...]) -> list[str]:
    """The contents as nested lists of links to the headings, a level's list inside the
    item of the heading above it. A heading two levels below the one before it is shown
    one level below (a list cannot skip a level)."""
    deler = ['<nav class="innhold">', f'<p class="innhold_tittel">{e(innhold.tittel)}</p>']
    dybde = 0  # lists open
    for i, blokk in enumerate(blokker):
        if not (isinstance(blokk, Overskrift) and blokk.i_innhold):
            continue
        niva = min(max(blokk.niva, 1), dybde + 1, 3)
        if niva > dybde:
            deler.append("<ul>")
            dybde = niva
        else:
            deler.append("</li>")
            while dybde > niva:
                deler.append("</ul></li>")
                dybde -= 1
        deler.append(f'<li><a href="#{e(ider[i])}">{e(blokk.tekst)}</a>')
    if dybde:
        deler.append("</li>" + "</ul></li>" * (dybde - 1) + "</ul>")
    deler.append("</nav>")
    return deler


ANKER_MAKS = 60
_TRANSLITTERASJON = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"})


def anker(tekst: str) -> str:
    """An id made from a heading's text: lower case, Norwegian letters spelt in ASCII
    (`møtet` → `motet`), anything else a hyphen, cut after ANKER_MAKS characters.
    "avsnitt" if nothing is left."""
    tekst = unicodedata.normalize("NFKD", tekst.lower().translate(_TRANSLITTERASJON))
    tekst = "".join(t for t in tekst if not unicodedata.combining(t))
    # At most ANKER_MAKS characters: a browser's PDF keeps the ids as names, and PDF
    # readers warn about names longer than 127 bytes.
    anker = re.sub(r"[^a-z0-9]+", "-", tekst).strip("-")[:ANKER_MAKS].strip("-")
    return anker or "avsnitt"


def overskrift_ider(blokker: tuple[Blokk, ...]) -> dict[int, str]:
    """Each heading's id by its position, unique in the page (a second "Spørsmål til
    drøfting" is `sporsmal-til-drofting-2`)."""
    ider: dict[int, str] = {}
    brukt: set[str] = set()
    for i, blokk in enumerate(blokker):
        if isinstance(blokk, Overskrift):
            grunn = anker(blokk.tekst)
            kandidat, n = grunn, 1
            while kandidat in brukt:
                n += 1
                kandidat = f"{grunn}-{n}"
            brukt.add(kandidat)
            ider[i] = kandidat
    return ider
