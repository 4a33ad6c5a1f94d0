"""The consistency checks of a meeting's material (`konsreg sjekk`), as pure functions over
its data (a `models.Materialedata`): what the 2026 material got wrong by hand, found
before anything is published. Each finding is data; render/sjekk.py words it.

Errors (`feil`) stop `materiale` unless `--tross-feil`; warnings are said and let pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from konsreg.regler import mote as moteregler
from konsreg.regler.datoer import MANEDER
from konsreg.regler.materiale import Materialepunkt, postens_tittel


@dataclass(frozen=True)
class UtloptSomGjeldende:
    """An agreement Vedlegg c lists as current that expired before the meeting."""

    avtale: str
    tittel: str
    utloper: date
    feil: bool = True


@dataclass(frozen=True)
class ManglerIVedlegg:
    """An item of chapter 3–5 (new or ongoing) whose record is not in its appendix: no
    record at all (`avtale`/`sak` None), or one the appendix does not list."""

    punkt: str
    tittel: str
    vedlegg: str  # a, b or c
    post: str | None = None
    feil: bool = True


@dataclass(frozen=True)
class UtenPost:
    """An item of chapter 3–5 that points at no record (allowed, but checked by nobody)."""

    punkt: str
    tittel: str
    feil: bool = False


@dataclass(frozen=True)
class EndretEtterTekst:
    """The record changed after the item's text was last written."""

    punkt: str
    post: str
    feil: bool = False


@dataclass(frozen=True)
class DatoUlik:
    """A date in the item's text, next to a word like «inngått», that is not the record's."""

    punkt: str
    post: str
    ord: str
    i_teksten: date
    i_registeret: date | None
    feil: bool = True


@dataclass(frozen=True)
class DepartementUlik:
    """The item's text names ministries, but not the one the record has."""

    punkt: str
    post: str
    nevnt: tuple[str, ...]
    i_registeret: tuple[str, ...]
    feil: bool = True


@dataclass(frozen=True)
class UtenTekst:
    """An ongoing case of Vedlegg a/b with no text in this meeting's material."""

    sak: str
    tittel: str
    vedlegg: str
    feil: bool = False


@dataclass(frozen=True)
class AnnenTittel:
    """An item's heading names its record otherwise than the register does."""

    punkt: str
    post: str
    i_punktet: str
    i_registeret: str
    feil: bool = False


@dataclass(frozen=True)
class UtgattPost:
    """An item about a voided record (utgår)."""

    punkt: str
    post: str
    feil: bool = True


Funn = (
    UtloptSomGjeldende
    | ManglerIVedlegg
    | UtenPost
    | EndretEtterTekst
    | DatoUlik
    | DepartementUlik
    | UtenTekst
    | AnnenTittel
    | UtgattPost
)

# Words that tie a date in running text to a field of the agreement.
_DATOORD = {
    "inngått": "inngatt",
    "inngatt": "inngatt",
    "signert": "inngatt",
    "undertegnet": "inngatt",
    "gjelder fra": "start",
    "trådte i kraft": "start",
    "utløper": "utloper",
    "går ut": "utloper",
}
_MANED = {navn: i + 1 for i, navn in enumerate(MANEDER)}
_DATO = re.compile(
    r"(?P<dag>[0-9]{1,2})\.\s*(?:(?P<mnd>[0-9]{1,2})\.(?P<ar1>[0-9]{4})|"
    r"(?P<navn>" + "|".join(MANEDER) + r")\s+(?P<ar2>[0-9]{4}))",
    re.IGNORECASE,
)
_ORD = re.compile("|".join(re.escape(o) for o in _DATOORD), re.IGNORECASE)
_SETNINGSSLUTT = re.compile(r"[.!?:;]\s+(?=[A-ZÆØÅ«])")
# How far before a date its word may stand: "Avtalen ble inngått 19. mars 2024".
_AVSTAND = 40


def datoer_i_tekst(tekst: str) -> list[tuple[str, date]]:
    """(word, date) for each Norwegian date in the text with one of the words right
    before it: «inngått 19. mars 2024», «signert 06.03.2026»."""
    ut = []
    forrige = 0
    for m in _DATO.finditer(tekst):
        # The word belongs to this date only within its sentence and after any date before.
        foran = tekst[max(forrige, m.start() - _AVSTAND) : m.start()]
        forrige = m.end()
        if slutt := list(_SETNINGSSLUTT.finditer(foran)):
            foran = foran[slutt[-1].end() :]
        ord_ = list(_ORD.finditer(foran))
        if not ord_:
            continue
        try:
            if m["navn"]:
                dag = date(int(m["ar2"]), _MANED[m["navn"].lower()], int(m["dag"]))
            else:
                dag = date(int(m["ar1"]), int(m["mnd"]), int(m["dag"]))
        except ValueError:
            continue
        ut.append((ord_[-1].group().lower(), dag))
    return ut


def departementer_i_tekst(tekst: str, navn: dict[str, str]) -> set[str]:
    """The ministries a text names, by code (HOD) or full name, as codes; KS is no ministry."""
    funnet = set()
    liten = tekst.casefold()
    for kode, fullt in navn.items():
        if kode == "KS":
            continue
        if re.search(rf"(?<![\wÆØÅæøå]){re.escape(kode)}(?![\wÆØÅæøå])", tekst) or (
            fullt and fullt.casefold() in liten
        ):
            funnet.add(kode)
    return funnet


def sjekk(data: Any) -> list[Funn]:
    """Every finding about a meeting's material (`data`: a models.Materialedata)."""
    funn: list[Funn] = []
    c_ider = {a.id for a in data.vedlegg_c}
    ab = {"a": {s.saksnummer for s in data.vedlegg_a}, "b": {s.saksnummer for s in data.vedlegg_b}}
    for u in data.utlopte:
        funn.append(UtloptSomGjeldende(u.id, u.tittel, u.utloper))
    for p in data.punkter:
        if p.innledning:
            continue
        funn += _punkt(p, data, c_ider, ab)
    med_tekst = {p.sak.saksnummer for p in data.punkter if p.sak is not None and p.tekst}
    for bokstav, saker in (("a", data.vedlegg_a), ("b", data.vedlegg_b)):
        for s in saker:
            if s.status in ("ny", "pagaende") and s.saksnummer not in med_tekst:
                funn.append(UtenTekst(s.saksnummer, s.tittel, bokstav))
    return funn


def _punkt(p: Materialepunkt, data: Any, c_ider: set[str], ab: dict[str, set[str]]) -> list[Funn]:
    funn: list[Funn] = []
    tittel = p.tittel or postens_tittel(p) or ""
    if p.uten_post:
        vedlegg = {3: "a", 4: "b", 5: "c"}[p.kapittel]
        if p.kapittel in (3, 4) or p.underdel in ("a", "b"):
            funn.append(ManglerIVedlegg(p.id, tittel, vedlegg))
        else:
            funn.append(UtenPost(p.id, tittel))
        return funn
    if p.sak is not None:
        post = f"sak {p.sak.saksnummer}"
        if p.sak.status == "utgar":
            funn.append(UtgattPost(p.id, post))
        vedlegg = "a" if moteregler.SAKSKAPITTEL.get(p.sak.type) == 3 else "b"
        if p.sak.saksnummer not in ab[vedlegg] and p.sak.status != "utgar":
            funn.append(ManglerIVedlegg(p.id, tittel, vedlegg, post))
        i_registeret: tuple[str, ...] = (p.sak.departement,)
        endret = p.sak.endret
        if p.tittel and moteregler.ulik_tittel(p.tittel, p.sak.tittel):
            funn.append(AnnenTittel(p.id, post, p.tittel, p.sak.tittel))
    elif p.avtale is not None:
        a = p.avtale
        post = f"avtale {a.id}"
        if a.status == "utgar":
            funn.append(UtgattPost(p.id, post))
        if p.underdel in ("a", "b") and a.id not in c_ider and a.status != "utgar":
            funn.append(ManglerIVedlegg(p.id, tittel, "c", post))
        i_registeret = tuple(k for k in a.parter if k != "KS")
        endret = a.endret
        if p.tittel and all(
            moteregler.ulik_tittel(p.tittel, t) for t in (a.tittel, a.fullt_navn) if t
        ):
            funn.append(AnnenTittel(p.id, post, p.tittel, a.fullt_navn or a.tittel))
        for ord_, dag in datoer_i_tekst(p.tekst or ""):
            felt = _DATOORD[ord_]
            riktig = {"inngatt": a.inngatt, "start": a.start, "utloper": a.utloper}[felt]
            if riktig != dag:
                funn.append(DatoUlik(p.id, post, ord_, dag, riktig))
    else:
        return funn
    if p.tekst_endret is not None and endret > p.tekst_endret:
        funn.append(EndretEtterTekst(p.id, post))
    nevnt = departementer_i_tekst(p.tekst or "", data.departementsnavn)
    if nevnt and i_registeret and not nevnt & set(i_registeret):
        funn.append(DepartementUlik(p.id, post, tuple(sorted(nevnt)), i_registeret))
    return funn


def har_feil(funn: list[Funn]) -> bool:
    return any(f.feil for f in funn)
