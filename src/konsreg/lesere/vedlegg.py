"""Readers for imports: turn text (as pasted out of Word or a PDF) into rows.

A reader never writes SQL: it gets what it needs to know (the ministries) as an
argument, and returns rows plus every problem it found, each with its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from konsreg.errors import Ugyldig
from konsreg.models import VedleggAvtaleRad, VedleggSakRad
from konsreg.regler.datoer import (
    MANEDER,
    i_spenn,
    parse_ar,
    parse_dato,
    parse_dato_eller_maned,
    siste_dag,
)
from konsreg.regler.departementer import KS, Departementer, les_parter
from konsreg.regler.vedlegg import FOTNOTE

_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
_OMSLAG = re.compile(
    r"<([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>]*)?>(.*)</\1\s*>", re.DOTALL | re.IGNORECASE
)
# The escapes of the appendix TSV (vedlegg.tsv_celle), and nothing else.
_ESCAPE = re.compile(r"\\([\\tnr])")
_AVKODET = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_LINJESKIFT = re.compile(r"\r\n|\r|\n")
# ASCII digits: `\d` would take other scripts' digits, which int() then reads.
_OPPMELDT = re.compile(r"^([0-9]{4})(?:\s*\(\s*første\s+gang\s*\))?$", re.IGNORECASE)
_PER = re.compile(r"\bper\s+([a-zæøå]+)\s+([0-9]{4})\b", re.IGNORECASE)
C_OVERSKRIFT = ("parter", "inngått", "utløper", "første avtale inngått")


@dataclass
class Lest:
    """What a reader found: rows, problems (`FIL:LINJE: melding`), and a date from the title."""

    saker: list[VedleggSakRad]
    avtaler: list[VedleggAvtaleRad]
    feil: list[str]
    per: date | None = None


def _uten_omslag(tekst: str) -> str:
    """`tekst` without a bold (or other) markup that wraps the whole cell, as a pasted
    category row has it (`<b>…</b>`, `**…**`). Markup inside a title is the title's own
    text and stays: `Om <b> i titler` reads back as it was printed."""
    while True:
        tekst = tekst.strip()
        if (m := _OMSLAG.fullmatch(tekst)) and f"</{m[1].lower()}" not in m[2].lower():
            tekst = m[2]
        elif len(tekst) > 4 and tekst[:2] == tekst[-2:] == "**" and "**" not in tekst[2:-2]:
            tekst = tekst[2:-2]
        else:
            return tekst


def _avkod(tekst: str) -> str:
    """The appendix TSV's four escapes turned back (`\\t`, `\\n`, `\\r`, `\\\\`), read left
    to right: `\\\\n` is a backslash followed by n. Any other backslash stays as it is."""
    if "\\" not in tekst:
        return tekst
    return _ESCAPE.sub(lambda m: _AVKODET[m[1]], tekst)


def _rens(celle: str) -> str:
    """A cell as text: no wrapping markup, no surplus white space, escapes turned back.
    White space is tidied before the escapes are turned back, so an escaped tab or
    newline of a title survives."""
    tekst = _uten_omslag(celle)
    return _avkod(" ".join(tekst.replace("\u00a0", " ").split()))


def _celler(linje: str, minst: int = 1) -> list[str]:
    """The cells of a line; trailing empty cells beyond the first `minst` are dropped."""
    celler = [_rens(c) for c in linje.rstrip("\r\n").split("\t")]
    while len(celler) > minst and not celler[-1]:
        celler.pop()
    return celler


def _tittellinje(linje: str) -> str:
    """A title line as words: any markup in it dropped (it is never stored)."""
    tekst = _MARKUP.sub("", linje).replace("**", "")
    return " ".join(tekst.replace("\u00a0", " ").split())


def _er_tittel(linje: str) -> bool:
    tekst = _tittellinje(linje).lstrip("#").strip()
    return "\t" not in linje.strip("\t \r\n") and tekst.lower().startswith("vedlegg")


def _er_fotnote(linje: str) -> bool:
    return "\t" not in linje.strip("\t \r\n") and _tittellinje(linje).startswith(FOTNOTE)


def _per_fra_tittel(tekst: str) -> date | None:
    """`… per april 2026` means the last day of April 2026."""
    m = _PER.search(tekst)
    if not m or m[1].lower() not in MANEDER or not i_spenn(int(m[2])):
        return None
    return siste_dag(date(int(m[2]), MANEDER.index(m[1].lower()) + 1, 1))


def les_vedlegg(
    tekst: str, *, bokstav: str, deps: Departementer, kilde: str, ar: int | None = None
) -> Lest:
    """Read a Vedlegg a, b or c table as it stands in a material document (of year `ar`,
    which decides a ministry name that more than one code has had)."""
    lest = Lest(saker=[], avtaler=[], feil=[])
    kategori: str | None = None
    # Lines are counted by newline, as an editor counts them: splitlines() would also
    # break at a form feed (a page break from a PDF) and shift every line number after it.
    for nr, linje in enumerate(_LINJESKIFT.split(tekst), start=1):
        if not linje.strip("\t \r\n\f\v\u00a0"):
            continue  # blank lines from page breaks
        if _er_tittel(linje):
            lest.per = lest.per or _per_fra_tittel(_tittellinje(linje))
            continue
        if _er_fotnote(linje):
            continue  # what `konsreg vedlegg` says of a successor shown; not a row
        celler = _celler(linje)
        if bokstav in ("a", "b"):
            if [c.lower() for c in celler] == ["sak", "oppmeldt"]:
                continue
            _les_sak(celler, nr, deps, kilde, lest, ar)
            continue
        hode = [c.lower() for c in celler[1:]]
        if tuple(hode) == C_OVERSKRIFT:
            kategori = celler[0]
            continue
        if len(celler) == 1:
            kategori = celler[0]
            continue
        if kategori is None:
            lest.feil.append(
                f"{kilde}:{nr}: mangler kategori før første avtale (en overskriftsrad med "
                "kategorinavnet og Parter, Inngått, Utløper, Første avtale inngått)"
            )
            kategori = ""
        # Keep empty Utløper / Første avtale inngått cells: `…\t01.02.2024\t\t` has 5.
        _les_avtale(_celler(linje, minst=5), nr, kategori, deps, kilde, lest)
    return lest


def _les_sak(
    celler: list[str], nr: int, deps: Departementer, kilde: str, lest: Lest, ar: int | None
) -> None:
    if len(celler) != 2:
        lest.feil.append(f"{kilde}:{nr}: ventet 2 kolonner (Sak, Oppmeldt), fant {len(celler)}")
        return
    sak, oppmeldt = celler
    delt = deps.fra_navn(sak, ar)
    problemer = []
    if delt is None:
        problemer.append(f"finner ikke noe kjent departementsnavn først i «{sak}»")
    elif not delt[1]:
        problemer.append(f"«{sak}» har departementsnavn, men ingen tittel")
    m = _OPPMELDT.match(oppmeldt)
    if not m:
        problemer.append(f"«{oppmeldt}» er ikke et årstall (f.eks. 2026 eller 2022 (første gang))")
    if problemer or delt is None or m is None:
        lest.feil.extend(f"{kilde}:{nr}: {p}" for p in problemer)
        return
    dep, tittel = delt
    lest.saker.append(
        VedleggSakRad(
            linje=nr,
            departement=dep.kode,
            departement_navn=dep.navn,
            tittel=tittel,
            oppmeldt=int(m[1]),
            gjentakende="første" in oppmeldt.lower(),
        )
    )


def _les_avtale(
    celler: list[str], nr: int, kategori: str, deps: Departementer, kilde: str, lest: Lest
) -> None:
    if len(celler) != 5:
        lest.feil.append(
            f"{kilde}:{nr}: ventet 5 kolonner (avtale, Parter, Inngått, Utløper, Første avtale "
            f"inngått), fant {len(celler)}"
        )
        return
    tittel, parter_tekst, inngatt_tekst, utloper_tekst, forste_tekst = celler
    problemer: list[str] = []
    parter = les_parter([parter_tekst], deps)
    if not parter:
        problemer.append("mangler parter")
    for part in parter:
        if part != KS and not deps.kjent(part):
            problemer.append(deps.ukjent(part, hva="part").melding.rstrip("."))
    datoer: list[date | None] = []
    if not inngatt_tekst:
        # As for `avtale ny`: an agreement in the register has a date it was signed.
        problemer.append("inngått mangler; skriv datoen avtalen ble inngått (dd.mm.åååå)")
    # Inngått as the material has it, also a month (`juni 2024`), as the appendix prints it.
    for navn, verdi, les in (
        ("inngått", inngatt_tekst, parse_dato_eller_maned),
        ("utløper", utloper_tekst, parse_dato),
    ):
        try:
            datoer.append(les(verdi) if verdi else None)
        except Ugyldig as e:
            problemer.append(f"{navn}: {e.melding.rstrip('.')}")
            datoer.append(None)
    forste: int | None = None
    if forste_tekst:
        try:
            forste = parse_ar(forste_tekst, felt="første avtale inngått")
        except Ugyldig as e:
            problemer.append(e.melding.rstrip("."))
    if not tittel:
        problemer.append("mangler tittel")
    if problemer:
        lest.feil.extend(f"{kilde}:{nr}: {p}" for p in problemer)
        return
    lest.avtaler.append(
        VedleggAvtaleRad(
            linje=nr,
            kategori=kategori,
            tittel=tittel,
            parter=tuple(parter),
            inngatt=datoer[0],
            utloper=datoer[1],
            forste_avtale=forste,
        )
    )
