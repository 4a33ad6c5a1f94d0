"""Meetings and agenda items: their ids, kinds, statuses, chapters, and the rules that put
an item in a subsection and give it its heading.

The subsections of the material are derived, never typed (issue 13): what is "new",
"ongoing" or "ended" is measured against the window since the previous plenary meeting
(`Vindu`). Where the register holds no earlier plenary meeting, the window is the year
before the meeting (the same day a year earlier): a register started mid-year then still
tells new from ongoing.

- Cases (chapters 3 and 4): *new* (a) when no earlier plenary meeting had an item about
  the case and it was brought in (`oppmeldt`) in the window's first year or later;
  otherwise *ongoing* (b). `oppmeldt` stands in for "registered", because a register
  filled afterwards (an import, the example) has creation times after the meeting.
- Agreements (chapter 5): *ended* (c) when its last day in force (the closing date of a
  closed agreement, else `utløper`) lies before the meeting and after the window's start;
  else *new* (a) when it was made (`inngått`, or `gyldig fra` if earlier) after the
  window's start; else *ongoing* (b).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from konsreg.errors import Ugyldig
from konsreg.regler.datoer import norsk_dato
from konsreg.tekst import sitat


class Motetype(StrEnum):
    plenum = "plenum"
    bilateralt = "bilateralt"
    politisk = "politisk"


class Motestatus(StrEnum):
    """planlagt → materiale (sent out) → avholdt (held) → referat (minutes approved)."""

    planlagt = "planlagt"
    materiale = "materiale"
    avholdt = "avholdt"
    referat = "referat"


MOTESTATUSER = tuple(Motestatus)

# The chapters of the material; 1 is the meeting itself (templates), 2–6 hold items.
KAPITLER: dict[int, str] = {
    1: "Det {nr}. konsultasjonsmøtet i {ar}",
    2: "Innspill fra KS",
    3: "Kostnadsberegningssaker",
    4: "Lovmedvirkningssaker",
    5: "Bilaterale avtaler",
    6: "Eventuelt",
}
PUNKTKAPITLER = (2, 3, 4, 5, 6)
# The subsections of chapters 3–5, in order.
UNDERDELER: dict[int, dict[str, str]] = {
    3: {"a": "Nye kostnadsberegningssaker", "b": "Pågående kostnadsberegningssaker"},
    4: {"a": "Nye lovmedvirkningssaker", "b": "Pågående lovmedvirkningssaker"},
    5: {
        "a": "Nye bilaterale avtaler",
        "b": "Status pågående bilaterale avtaler",
        "c": "Avsluttede bilaterale avtaler",
    },
}
SAKSKAPITTEL = {"kostnadsberegning": 3, "lovmedvirkning": 4}

_PLENUM = re.compile(r"\s*([0-9]{4})-([0-9]{1,2})\s*", re.ASCII)
_BILATERALT = re.compile(r"\s*([0-9]{4})-([A-Za-zÆØÅæøå]{2,10})-([0-9]{1,3})\s*")
_POLITISK = re.compile(r"\s*([0-9]{4})-[Pp]-([0-9]{1,3})\s*", re.ASCII)
_PUNKT = re.compile(r"\s*(\S+)/([0-9]{1,4})\s*")


@dataclass(frozen=True)
class MoteId:
    """A meeting's handle: `2026-2` (plenary), `2026-HOD-1` (bilateral with HOD),
    `2026-P-1` (political consultation)."""

    ar: int
    type: Motetype
    nummer: int
    departement: str | None = None

    def __str__(self) -> str:
        if self.type == Motetype.plenum:
            return f"{self.ar}-{self.nummer}"
        if self.type == Motetype.bilateralt:
            return f"{self.ar}-{self.departement}-{self.nummer}"
        return f"{self.ar}-P-{self.nummer}"


def les_mote_id(tekst: str) -> MoteId:
    """The parts of a meeting id; Ugyldig with the accepted forms otherwise."""
    if m := _PLENUM.fullmatch(tekst):
        return MoteId(int(m[1]), Motetype.plenum, int(m[2]))
    if m := _POLITISK.fullmatch(tekst):
        return MoteId(int(m[1]), Motetype.politisk, int(m[2]))
    if m := _BILATERALT.fullmatch(tekst):
        return MoteId(int(m[1]), Motetype.bilateralt, int(m[3]), m[2].upper())
    raise Ugyldig(
        f"{sitat(tekst)} er ikke en møte-id; skriv ÅR-N for et konsultasjonsmøte (2026-2), "
        "ÅR-DEP-N for et bilateralt møte (2026-HOD-1) eller ÅR-P-N for en politisk "
        "konsultasjon."
    )


def les_punkt_id(tekst: str) -> tuple[MoteId, int]:
    """`2026-2/3`: the meeting and the item's number in it."""
    m = _PUNKT.fullmatch(tekst)
    if not m:
        raise Ugyldig(
            f"{sitat(tekst)} er ikke et punkt; skriv møtet og punktets nummer, f.eks. 2026-2/3."
        )
    return les_mote_id(m[1]), int(m[2])


def punkt_id(mote: str, nr: int) -> str:
    return f"{mote}/{nr}"


def motetype(verdi: str) -> Motetype:
    try:
        return Motetype(verdi.strip().lower())
    except ValueError:
        raise Ugyldig(
            f"Ukjent møtetype {sitat(verdi)}; bruk plenum, bilateralt eller politisk."
        ) from None


def motestatus(verdi: str) -> Motestatus:
    try:
        return Motestatus(verdi.strip().lower())
    except ValueError:
        raise Ugyldig(
            f"Ukjent møtestatus {sitat(verdi)}; bruk {', '.join(MOTESTATUSER[:-1])} eller "
            f"{MOTESTATUSER[-1]}."
        ) from None


def kapittel(verdi: int) -> int:
    if verdi not in PUNKTKAPITLER:
        raise Ugyldig(
            f"Kapittel {verdi} finnes ikke for punkter; bruk 2 (innspill fra KS), 3 "
            "(kostnadsberegning), 4 (lovmedvirkning), 5 (avtaler) eller 6 (eventuelt)."
        )
    return verdi


def underdel(kapittel_: int, verdi: str) -> str:
    deler = UNDERDELER.get(kapittel_)
    verdi = verdi.strip().lower()
    if not deler:
        raise Ugyldig(f"Kapittel {kapittel_} har ingen underdeler.")
    if verdi not in deler:
        raise Ugyldig(
            f"Kapittel {kapittel_} har underdelene {', '.join(deler)}; {sitat(verdi)} finnes ikke."
        )
    return verdi


def ordenstall(nr: int) -> str:
    return f"{nr}."


@dataclass(frozen=True)
class Vindu:
    """What "since the previous meeting" means for one meeting: after `siden`, before or
    on `dato`. `forrige` is the previous plenary meeting's id, if the register has one."""

    siden: date
    dato: date
    forrige: str | None = None


def vindu(dato: date, forrige: tuple[str, date] | None) -> Vindu:
    if forrige is not None:
        return Vindu(forrige[1], dato, forrige[0])
    try:
        siden = dato.replace(year=dato.year - 1)
    except ValueError:  # 29 February
        siden = dato.replace(year=dato.year - 1, day=28)
    return Vindu(siden, dato)


def underdel_for_sak(*, oppmeldt: int, pa_tidligere_mote: bool, vindu_: Vindu) -> str:
    if not pa_tidligere_mote and oppmeldt >= vindu_.siden.year:
        return "a"
    return "b"


def siste_dag_i_kraft(
    *, status: str, status_endret: date | None, utloper: date | None
) -> date | None:
    if status == "avsluttet" and status_endret is not None:
        return status_endret
    return utloper


def underdel_for_avtale(
    *,
    inngatt: date | None,
    gyldig_fra: date | None,
    utloper: date | None,
    status: str,
    status_endret: date | None,
    vindu_: Vindu,
) -> str:
    slutt = siste_dag_i_kraft(status=status, status_endret=status_endret, utloper=utloper)
    if slutt is not None and slutt < vindu_.dato:
        return "c"
    starter = [d for d in (inngatt, gyldig_fra) if d is not None]
    if starter and min(starter) > vindu_.siden:
        return "a"
    return "b"


def periode(fra: date | None, til: date | None) -> str:
    """`(08.09.2022 – 31.12.2025)`, or empty when neither end is known."""
    if fra is None and til is None:
        return ""
    return f"({norsk_dato(fra) if fra else '…'} – {norsk_dato(til) if til else '…'})"


def overskrift_meldt(tittel: str, meldt_inn_av: str | None) -> str:
    return f"{tittel} – Meldt inn av {meldt_inn_av}" if meldt_inn_av else tittel


def ulik_tittel(a: str, b: str) -> bool:
    """Whether two titles name a record differently (case and spacing aside)."""
    return " ".join(a.casefold().split()) != " ".join(b.casefold().split())


def bokstav(indeks: int) -> str:
    """a, b, …, z, aa, ab, … for the subsections of chapter 2."""
    tegn = "abcdefghijklmnopqrstuvwxyz"
    if indeks < len(tegn):
        return tegn[indeks]
    return bokstav(indeks // len(tegn) - 1) + tegn[indeks % len(tegn)]
