"""The appendices of a consultation meeting's material, laid out as the material has them.

Vedlegg a (kostnadsberegningssaker) and b (lovmedvirkningssaker): `Sak | Oppmeldt`,
the Sak cell being the ministry's full name followed by the title, and a recurring
case's year printed `2022 (første gang)`.

Vedlegg c (bilaterale samarbeidsavtaler): grouped by category in the register's
order; the first category's name heads the first column, each further category is
a group row of its own; then `Parter | Inngått | Utløper | Første avtale inngått`.

A ministry another took over from is printed as its successor in the appendix's year
(KMD as KDD in 2026), and a footnote after the rows says so, for each such record: a
line in tsv, markdown and html, `fotnoter` in json, the caption of a terminal table.

This module only lays out rows it is given; which rows belong in an appendix is
decided by the register (register/utvalg.py).
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from konsreg.models import AvtaleLinje, SakLinje
from konsreg.regler.avtale import er_utlopt
from konsreg.regler.begreper import Format
from konsreg.regler.datoer import MANEDER, iso_dato, norsk_dato
from konsreg.regler.departementer import Vist, skriv_parter
from konsreg.regler.tidslinje import Tidslinje
from konsreg.regler.vedlegg import FOTNOTE, sorter_saker
from konsreg.render.felt import Kolonne
from konsreg.render.maskin import MedLF
from konsreg.render.tabell import bind_parter, md_celle, oppsett, tabell_for_terminal
from konsreg.tekst import synlig

TITLER = {
    "a": "Vedlegg a) Oversikt over kostnadsberegningssaker",
    "b": "Vedlegg b) Oversikt over lovmedvirkningssaker",
    "c": "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen",
}
AB_OVERSKRIFT = ("Sak", "Oppmeldt")
C_KOLONNER = ("Parter", "Inngått", "Utløper", "Første avtale inngått")


@dataclass
class Tabellrad:
    celler: list[str]
    gruppe: bool = False
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Vedlegg:
    bokstav: str
    tittel: str
    overskrift: list[str]
    rader: list[Tabellrad]
    meta: dict[str, Any] = field(default_factory=dict)
    fotnoter: list[str] = field(default_factory=list)


def oppmeldt_tekst(oppmeldt: int, gjentakende: bool) -> str:
    return f"{oppmeldt} (første gang)" if gjentakende else str(oppmeldt)


def per_tekst(per: date) -> str:
    """`per april 2026`: the month name and year of the date the table is as of."""
    return f"per {MANEDER[per.month - 1]} {per.year}"


def _navn(kode: str, navn: str) -> str:
    return f"{kode} ({navn})"


def fotnote_sak(tittel: str, v: Vist) -> str:
    return (
        f"{FOTNOTE} «{tittel}» ble registrert under {_navn(v.registrert, v.registrert_navn)}; "
        f"vist under etterfølgeren {_navn(v.vist, v.vist_navn)}."
    )


def fotnote_avtale(tittel: str, v: Vist) -> str:
    return (
        f"{FOTNOTE} «{tittel}»: {_navn(v.registrert, v.registrert_navn)} er vist som "
        f"etterfølgeren {_navn(v.vist, v.vist_navn)}."
    )


def vedlegg_ab(bokstav: str, ar: int, saker: Sequence[SakLinje]) -> Vedlegg:
    saker = sorter_saker(saker)
    rader = [
        Tabellrad(
            celler=[f"{s.departement_navn} {s.tittel}", oppmeldt_tekst(s.oppmeldt, s.gjentakende)],
            data={
                "saksnummer": s.saksnummer,
                "departement": s.departement,
                "departement_vist": s.overtatt.vist if s.overtatt else s.departement,
                "departement_navn": s.departement_navn,
                "tittel": s.tittel,
                "oppmeldt": s.oppmeldt,
                "gjentakende": s.gjentakende,
                "status": s.status,
            },
        )
        for s in saker
    ]
    fotnoter = [fotnote_sak(s.tittel, s.overtatt) for s in saker if s.overtatt]
    return Vedlegg(bokstav, TITLER[bokstav], list(AB_OVERSKRIFT), rader, {"ar": ar}, fotnoter)


def vedlegg_c(
    ar: int, per: date, avtaler: Sequence[AvtaleLinje], kategorier: Sequence[tuple[str, str]]
) -> Vedlegg:
    """Lay out agreements grouped by category, in the order of `kategorier` (kode, navn)."""
    grupper: dict[str, list[AvtaleLinje]] = {kode: [] for kode, _ in kategorier}
    navn = dict(kategorier)
    for a in avtaler:
        grupper.setdefault(a.kategori, []).append(a)
        navn.setdefault(a.kategori, a.kategori_navn)
    brukte = [kode for kode in grupper if grupper[kode]]
    forste = brukte[0] if brukte else (kategorier[0][0] if kategorier else "")
    rader: list[Tabellrad] = []
    fotnoter: list[str] = []
    for kode in brukte:
        if kode != forste:
            rader.append(
                Tabellrad(
                    celler=[navn[kode], "", "", "", ""],
                    gruppe=True,
                    data={"kategori": kode, "kategori_navn": navn[kode]},
                )
            )
        for a in grupper[kode]:
            fotnoter += [fotnote_avtale(a.tittel, v) for v in a.overtatt]
            rader.append(
                Tabellrad(
                    celler=[
                        a.tittel,
                        skriv_parter(a.parter_vist),
                        norsk_dato(a.inngatt),
                        norsk_dato(a.utloper),
                        str(a.forste_avtale) if a.forste_avtale is not None else "",
                    ],
                    data={
                        "id": a.id,
                        "kategori": a.kategori,
                        "kategori_navn": navn[kode],
                        "tittel": a.tittel,
                        "parter": list(a.parter),
                        "parter_vist": list(a.parter_vist),
                        "inngatt": iso_dato(a.inngatt) if a.inngatt else None,
                        "gyldig_fra": iso_dato(a.gyldig_fra) if a.gyldig_fra else None,
                        "utloper": a.utloper.isoformat() if a.utloper else None,
                        "forste_avtale": a.forste_avtale,
                        "status": a.status,
                        "utlopt": er_utlopt(a.utloper, per),
                    },
                )
            )
    tittel = f"{TITLER['c']} {per_tekst(per)}"
    overskrift = [navn.get(forste, "Avtale"), *C_KOLONNER]
    meta = {"ar": ar, "per": per.isoformat()}
    return Vedlegg("c", tittel, overskrift, rader, meta, fotnoter)


# -- output formats ----------------------------------------------------------------------

# The appendix TSV is pasted into Word, so it is never quoted; the four characters that
# would break its grid (or the escape itself) are written as escapes instead, and
# `lesere` turns exactly these back.
TSV_ESCAPE = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TSV_TABELL = str.maketrans(TSV_ESCAPE)


def tsv_celle(tekst: str) -> str:
    """A cell of the appendix TSV: tab, LF, CR and backslash as `\\t`, `\\n`, `\\r`, `\\\\`;
    everything else (a double quote too) as stored."""
    return tekst.translate(_TSV_TABELL)


def tsv(v: Vedlegg) -> str:
    """The material's tab-separated layout, line for line: title, header, rows."""
    linjer = [tsv_celle(v.tittel), "\t".join(tsv_celle(c) for c in v.overskrift)]
    linjer += ["\t".join(tsv_celle(c) for c in rad.celler) for rad in v.rader]
    linjer += [tsv_celle(f) for f in v.fotnoter]
    return "\n".join(linjer) + "\n"


def csv_tekst(v: Vedlegg) -> str:
    """The same grid as CSV, without the title line (for spreadsheets)."""
    ut = io.StringIO()
    # Rows are made with CRLF: Python 3.11 quotes only the line terminator's characters,
    # so with "\n" a lone CR in a cell would go out unquoted.
    skriver = csv.writer(MedLF(ut), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    skriver.writerow(v.overskrift)
    for rad in v.rader:
        skriver.writerow(rad.celler)
    return ut.getvalue()


def markdown(v: Vedlegg) -> str:
    linjer = [f"### {synlig(v.tittel)}", ""]
    linjer.append("| " + " | ".join(md_celle(c) for c in v.overskrift) + " |")
    linjer.append("| " + " | ".join("---" for _ in v.overskrift) + " |")
    for rad in v.rader:
        celler = [md_celle(c) for c in rad.celler]
        if rad.gruppe:
            celler[0] = f"**{celler[0]}**"
        linjer.append("| " + " | ".join(celler) + " |")
    for fotnote in v.fotnoter:
        linjer += ["", synlig(fotnote)]
    return "\n".join(linjer) + "\n"


def json_tekst(v: Vedlegg) -> str:
    data = {
        "vedlegg": v.bokstav,
        "tittel": v.tittel,
        **v.meta,
        "kolonner": v.overskrift,
        "rader": [{"gruppe": True, **r.data} if r.gruppe else r.data for r in v.rader],
        "fotnoter": v.fotnoter,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# The table's look, shared with the whole material's page (render/dok_html.py).
TABELL_CSS = """
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 4pt 6pt; text-align: left; vertical-align: top; }
th { background: #d9e2f3; }
tr.gruppe td { font-weight: bold; background: #d9e2f3; }
td.dato, td.ar { white-space: nowrap; }
p.fotnote { font-size: 9pt; margin: 4pt 0; }
figure.tidslinje { margin: 0 0 12pt; break-inside: avoid; page-break-inside: avoid; }
figure.tidslinje svg { display: block; width: 100%; height: auto; }
figure.tidslinje figcaption { font-size: 9pt; margin-top: 2pt; }
""".strip()

_CSS = f"""
body {{ font-family: Calibri, Carlito, Arial, sans-serif; font-size: 11pt; margin: 2cm; }}
h3 {{ font-size: 12pt; }}
{TABELL_CSS}
@media print {{ body {{ margin: 0; }} }}
""".strip()


def _html_escape(tekst: str) -> str:
    # A control character is not allowed in HTML text; show it as people see it elsewhere.
    return html.escape(synlig(tekst, linjeskift=True))


def html_tabell(v: Vedlegg, e: Callable[[str], str] = _html_escape) -> list[str]:
    """The table and its footnotes as HTML lines (`e` escapes a text), without a title:
    the standalone page below and the whole material (render/dok_html.py) put it there."""
    deler = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{e(c)}</th>" for c in v.overskrift) + "</tr></thead>",
        "<tbody>",
    ]
    for rad in v.rader:
        if rad.gruppe:
            deler.append(
                f'<tr class="gruppe"><td colspan="{len(v.overskrift)}">{e(rad.celler[0])}</td></tr>'
            )
            continue
        celler = []
        for i, c in enumerate(rad.celler):
            klasse = ""
            if v.bokstav == "c" and i in (2, 3):
                klasse = ' class="dato"'
            elif i == len(rad.celler) - 1:
                klasse = ' class="ar"'
            celler.append(f"<td{klasse}>{e(c)}</td>")
        deler.append("<tr>" + "".join(celler) + "</tr>")
    deler += ["</tbody>", "</table>"]
    deler += [f'<p class="fotnote">{e(f)}</p>' for f in v.fotnoter]
    return deler


def html_tekst(v: Vedlegg, tidslinje: Tidslinje | None = None) -> str:
    """One standalone, printable page with the table, for pasting into the material; with
    `tidslinje`, its picture first (inline SVG, render/tidslinje.py)."""
    e = _html_escape
    figur: list[str] = []
    if tidslinje is not None and tidslinje.kjeder:
        from konsreg.render.tidslinje import html_figur

        figur = html_figur(tidslinje)
    deler = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(v.tittel)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        f"<h3>{e(v.tittel)}</h3>",
        *figur,
        *html_tabell(v, e),
        "</body>",
        "</html>",
    ]
    return "\n".join(deler) + "\n"


def _kolonner(v: Vedlegg) -> list[Kolonne]:
    """The appendix's columns for a terminal: the title (or case) column first, which
    keeps its share of the width, and in a narrow terminal vedlegg c's dates of the
    first agreement, then its inngått dates give way (the appendix's files always have
    every column)."""
    if v.bokstav != "c":
        return [Kolonne("sak", v.overskrift[0], bred=True), Kolonne("oppmeldt", v.overskrift[1])]
    return [
        Kolonne("tittel", v.overskrift[0], bred=True),
        Kolonne("parter", v.overskrift[1], bred=True),
        Kolonne("inngatt", v.overskrift[2], prioritet=2),
        Kolonne("utloper", v.overskrift[3]),
        Kolonne("forste_avtale", v.overskrift[4], prioritet=3),
    ]


def rich_tabell(v: Vedlegg, bredde: int | None = None) -> Any:
    """The appendix for a terminal `bredde` wide (render/tabell.py: `oppsett`). Every text
    is plain text (see `render.rik_tekst`): a title or a category name is never read as
    markup, and its control characters show as escapes. A column that gives way in a
    narrow terminal is named under the table, with the footnotes."""
    kolonner = _kolonner(v)
    rader: list[Sequence[str] | str] = []
    for rad in v.rader:
        celler = [synlig(c, linjeskift=True) for c in rad.celler]
        if rad.gruppe:
            rader.append(celler[0])
        else:
            if v.bokstav == "c":
                celler[1] = bind_parter(celler[1])
            rader.append(celler)
    alle = [r for r in rader if not isinstance(r, str)]
    synlige = oppsett(kolonner, alle, bredde).synlige
    skjult = [k.overskrift for i, k in enumerate(kolonner) if i not in synlige]
    merknader = [synlig(f) for f in v.fotnoter]
    if skjult:
        merknader.append(f"Ikke vist i et så smalt vindu: {', '.join(skjult)}.")
    return tabell_for_terminal(
        kolonner,
        rader,
        bredde=bredde,
        tittel=v.tittel,
        undertekst="\n".join(merknader) or None,
    )


# The text formats of an appendix (a table at a terminal is `rich_tabell`).
FORMATER = {
    Format.tsv: tsv,
    Format.csv: csv_tekst,
    Format.markdown: markdown,
    Format.json: json_tekst,
    Format.html: html_tekst,
}


def tekst(v: Vedlegg, fmt: Format, tidslinje: Tidslinje | None = None) -> str:
    """The appendix in a text format; the HTML page shows `tidslinje` too."""
    if fmt == Format.html:
        return html_tekst(v, tidslinje)
    return FORMATER[fmt](v)
