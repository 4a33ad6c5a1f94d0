"""Turn records into text: machine formats (csv, tsv, json, jsonl, markdown) and
rich tables for a terminal. Renderers take data and return text or renderables;
they never query.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from konsreg.regler.datoer import norsk_dato
from konsreg.regler.departementer import skriv_parter
from konsreg.tekst import synlig

FORMATER = ("table", "csv", "tsv", "json", "jsonl", "markdown")

SAK_FELT = (
    "saksnummer",
    "type",
    "departement",
    "tittel",
    "beskrivelse",
    "oppmeldt",
    "gjentakende",
    "meldt_inn_av",
    "status",
    "status_endret",
    "opprettet",
    "endret",
)
AVTALE_FELT = (
    "id",
    "tittel",
    "kategori",
    "parter",
    "inngatt",
    "utloper",
    "forste_avtale",
    "status",
    "status_endret",
    "fornyer",
    "opprettet",
    "endret",
)
# The export also carries the category's full name, so an export of a register with
# categories of its own imports into an empty one.
EKSPORT_AVTALE_FELT = (*AVTALE_FELT, "kategori_navn")
HISTORIKK_FELT = ("tidspunkt", "av", "felt", "gammel", "ny")
DEPARTEMENT_FELT = ("kode", "navn", "fra_ar", "til_ar", "merknad")


@dataclass(frozen=True)
class Kolonne:
    """A column of a human table: field, heading, whether it may wrap, and how soon it
    gives way in a narrow terminal (1: never; 3: first)."""

    felt: str
    overskrift: str
    bred: bool = False
    prioritet: int = 1


SAK_KOLONNER = (
    Kolonne("saksnummer", "Saksnr."),
    Kolonne("type", "Type", prioritet=2),
    Kolonne("departement", "Dep."),
    Kolonne("tittel", "Tittel", bred=True),
    Kolonne("oppmeldt", "Oppmeldt", prioritet=2),
    Kolonne("meldt_inn_av", "Meldt inn av", prioritet=3),
    Kolonne("status", "Status"),
    Kolonne("status_endret", "Endret status", prioritet=3),
)
AVTALE_KOLONNER = (
    Kolonne("id", "Id"),
    Kolonne("tittel", "Tittel", bred=True),
    Kolonne("kategori", "Kategori", prioritet=3),
    Kolonne("parter", "Parter", bred=True),
    Kolonne("inngatt", "Inngått", prioritet=2),
    Kolonne("utloper", "Utløper"),
    Kolonne("forste_avtale", "Første avtale", prioritet=3),
    Kolonne("status", "Status", prioritet=2),
)
HISTORIKK_KOLONNER = (
    Kolonne("tidspunkt", "Tidspunkt"),
    Kolonne("av", "Av"),
    Kolonne("felt", "Felt"),
    Kolonne("gammel", "Gammel verdi", bred=True),
    Kolonne("ny", "Ny verdi", bred=True),
)
DEPARTEMENT_KOLONNER = (
    Kolonne("kode", "Kode"),
    Kolonne("navn", "Navn", bred=True),
    Kolonne("fra_ar", "Fra"),
    Kolonne("til_ar", "Til"),
)

STATUS_VIS = {"ny": "ny", "pagaende": "pågående", "avsluttet": "avsluttet"}


def json_verdi(verdi: Any) -> Any:
    """A value as JSON has it: dates and times in ISO 8601, lists as lists."""
    if isinstance(verdi, datetime | date):
        return verdi.isoformat()
    return verdi


def celle(verdi: Any) -> str:
    """A value in a CSV/TSV cell: ISO dates, parties as printed, empty for none."""
    if verdi is None:
        return ""
    if isinstance(verdi, bool):
        return "true" if verdi else "false"
    if isinstance(verdi, datetime | date):
        return verdi.isoformat()
    if isinstance(verdi, list):
        return skriv_parter(verdi)
    return str(verdi)


def menneske(felt: str, verdi: Any) -> str:
    """A value as a person reads it: dd.mm.yyyy, ja/nei, pågående."""
    if verdi is None:
        return ""
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, datetime):
        return verdi.astimezone().strftime("%d.%m.%Y %H:%M")
    if isinstance(verdi, date):
        return norsk_dato(verdi)
    if isinstance(verdi, list):
        return skriv_parter(verdi)
    if felt == "status":
        return STATUS_VIS.get(str(verdi), str(verdi))
    return str(verdi)


def som_dict(rad: Any, felt: Sequence[str]) -> dict[str, Any]:
    if isinstance(rad, dict):
        return {f: rad.get(f) for f in felt}
    return {f: getattr(rad, f) for f in felt}


def delimited(rader: Sequence[dict[str, Any]], felt: Sequence[str], skille: str) -> str:
    """CSV or TSV of a listing, written exactly as the export writes it."""
    ut = io.StringIO()
    skriv_eksport(rader, felt, "tsv" if skille == "\t" else "csv", ut)
    return ut.getvalue()


def json_tekst(rader: Sequence[dict[str, Any]], felt: Sequence[str]) -> str:
    data = [{f: json_verdi(rad.get(f)) for f in felt} for rad in rader]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def jsonl_tekst(rader: Sequence[dict[str, Any]], felt: Sequence[str]) -> str:
    return "".join(
        json.dumps({f: json_verdi(rad.get(f)) for f in felt}, ensure_ascii=False) + "\n"
        for rad in rader
    )


def md_celle(tekst: str) -> str:
    """A Markdown table cell: control characters shown escaped (Markdown is read by people,
    often straight off a terminal), `|` and `\\` escaped, `<` kept as text, line breaks
    as <br>."""
    tekst = synlig(tekst.replace("\r\n", "\n"), linjeskift=True)
    tekst = tekst.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
    return tekst.replace("\n", "<br>")


def markdown_tabell(overskrifter: Sequence[str], rader: Sequence[Sequence[str]]) -> str:
    linjer = [
        "| " + " | ".join(md_celle(o) for o in overskrifter) + " |",
        "| " + " | ".join("---" for _ in overskrifter) + " |",
    ]
    linjer += ["| " + " | ".join(md_celle(c) for c in rad) + " |" for rad in rader]
    return "\n".join(linjer) + "\n"


def maskinformat(rader: Sequence[dict[str, Any]], felt: Sequence[str], fmt: str) -> str:
    """csv, tsv, json or jsonl with the stable field names."""
    if fmt == "csv":
        return delimited(rader, felt, ",")
    if fmt == "tsv":
        return delimited(rader, felt, "\t")
    if fmt == "json":
        return json_tekst(rader, felt)
    if fmt == "jsonl":
        return jsonl_tekst(rader, felt)
    raise ValueError(fmt)


def markdown(rader: Sequence[dict[str, Any]], kolonner: Sequence[Kolonne]) -> str:
    return markdown_tabell(
        [k.overskrift for k in kolonner],
        [[menneske(k.felt, rad.get(k.felt)) for k in kolonner] for rad in rader],
    )


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


def rich_felter(rad: dict[str, Any], felt: Sequence[str], *, tittel: str) -> Any:
    """One record as a two-column table of field and value."""
    from rich.table import Table

    tabell = Table(title=rik_tittel(tittel), title_justify="left", show_header=False)
    tabell.add_column("Felt", style="bold")
    tabell.add_column("Verdi", overflow="fold")
    for f in felt:
        tabell.add_row(rik_tekst(f), rik_tekst(menneske(f, rad.get(f)), linjeskift=True))
    return tabell


# -- streaming exports -------------------------------------------------------------------

FORMEL_START = ("=", "+", "-", "@", "\t", "\r")


def excel_celle(tekst: str) -> str:
    """Neutralise a cell Excel would read as a formula (OWASP CSV injection): prefix `'`."""
    return "'" + tekst if tekst.startswith(FORMEL_START) else tekst


class MedLF:
    """Passes CSV rows on to `ut` with LF instead of their CRLF ending."""

    def __init__(self, ut: Any) -> None:
        self.ut = ut

    def write(self, rad: str) -> Any:
        return self.ut.write(rad[:-2] + "\n" if rad.endswith("\r\n") else rad)


def skriv_eksport(
    rader: Any, felt: Sequence[str], fmt: str, ut: Any, *, excel: bool = False
) -> int:
    """Write records to `ut` as they come; returns how many. `excel`: `;`, CRLF and
    neutralised formulas (the byte order mark is the caller's, as it opens the file)."""
    antall = 0
    if fmt in ("csv", "tsv"):
        skille = "\t" if fmt == "tsv" else (";" if excel else ",")
        # Rows are made with CRLF even for plain CSV: Python 3.11 quotes only the line
        # terminator's characters, so a lone CR in a cell would go out unquoted.
        skriver = csv.writer(ut if excel else MedLF(ut), delimiter=skille, lineterminator="\r\n")
        skriver.writerow(felt)
        for rad in rader:
            celler = [celle(rad.get(f)) for f in felt]
            if excel:
                celler = [excel_celle(c) for c in celler]
            skriver.writerow(celler)
            antall += 1
        return antall
    if fmt == "jsonl":
        for rad in rader:
            ut.write(json.dumps({f: json_verdi(rad.get(f)) for f in felt}, ensure_ascii=False))
            ut.write("\n")
            antall += 1
        return antall
    if fmt == "json":
        ut.write("[")
        for rad in rader:
            ut.write(",\n  " if antall else "\n  ")
            ut.write(json.dumps({f: json_verdi(rad.get(f)) for f in felt}, ensure_ascii=False))
            antall += 1
        ut.write("\n]\n" if antall else "]\n")
        return antall
    raise ValueError(fmt)
