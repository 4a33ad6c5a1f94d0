"""Dates and years as people type them, and as the register prints them.

Parsing order matters: ISO first, then strict day-first forms, then Norwegian
month names, and python-dateutil (dayfirst) only as a last resort, because
dateutil alone reads `04.03.2020` month-first and flips ISO dates with dayfirst.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from konsreg.errors import Ugyldig

MANEDER = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)

_MANED_NR: dict[str, int] = {}
for _nr, _navn in enumerate(MANEDER, start=1):
    _MANED_NR[_navn] = _nr
    _MANED_NR[_navn[:3]] = _nr
_MANED_NR["sept"] = 9
_MANED_NR["okt"] = 10
_MANED_NR["des"] = 12

_PUNKTUM = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})$")
_MANEDSNAVN = re.compile(r"^(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4}|\d{2})$")
_FRIST = re.compile(
    r"^(\d+)\s*(d|dag|dager|u|uke|uker|w|m|mnd|måned|måneder|maned|maneder|å|år|ar|y)$"
)


def _arstall(tekst: str) -> int:
    """Four digits as they are; two digits in this century below 70, else the last."""
    tall = int(tekst)
    if len(tekst) == 4:
        return tall
    return 2000 + tall if tall < 70 else 1900 + tall


def _lag(ar: int, maned: int, dag: int, original: str) -> date:
    try:
        return date(ar, maned, dag)
    except ValueError:
        raise Ugyldig(
            f"«{original}» er ikke en gyldig dato; skriv den som dd.mm.åååå, f.eks. 02.12.2022."
        ) from None


def parse_dato(tekst: str) -> date:
    """Read a date as typed: `2022-12-02`, `02.12.2022`, `2.12.22`, `2. desember 2022`."""
    original = tekst
    tekst = tekst.strip()
    if not tekst:
        raise Ugyldig("Datoen er tom; skriv den som dd.mm.åååå, f.eks. 02.12.2022.")
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        pass
    if m := _PUNKTUM.match(tekst):
        return _lag(_arstall(m[3]), int(m[2]), int(m[1]), original)
    if m := _MANEDSNAVN.match(tekst.lower()):
        maned = _MANED_NR.get(m[2])
        if maned is None:
            raise Ugyldig(f"«{original}»: ukjent månedsnavn «{m[2]}».")
        return _lag(_arstall(m[3]), maned, int(m[1]), original)
    # Year first is year-month-day also with dots or slashes (dateutil's dayfirst
    # would read 2022.12.02 as the 12th of February).
    if re.fullmatch(r"\d{4}([-./])\d{1,2}\1\d{1,2}", tekst):
        ar, maned, dag = (int(d) for d in re.split(r"[-./]", tekst))
        return _lag(ar, maned, dag, original)
    return _dateutil(tekst, original)


def _dateutil(tekst: str, original: str) -> date:
    # Last resort only, and loaded only here: it is slow to import.
    from dateutil import parser

    if not re.search(r"\d", tekst):
        raise Ugyldig(f"«{original}» er ikke en dato; skriv den som dd.mm.åååå.")
    tom = datetime(1, 1, 1)
    try:
        verdi = parser.parse(tekst, dayfirst=True, default=tom)
    except (ValueError, OverflowError, TypeError):
        raise Ugyldig(
            f"«{original}» er ikke en dato jeg kan lese; skriv den som dd.mm.åååå, "
            "f.eks. 02.12.2022."
        ) from None
    if verdi.year == 1:
        raise Ugyldig(f"«{original}» mangler årstall; skriv datoen som dd.mm.åååå.")
    # A bare year ("2026", or "90" for a deadline without its unit) is not a date:
    # a second default shows whether day and month came from the text.
    try:
        annen = parser.parse(tekst, dayfirst=True, default=datetime(4, 2, 2)).date()
    except (ValueError, OverflowError, TypeError):
        annen = None
    if annen is None or (annen.month, annen.day) != (verdi.month, verdi.day):
        raise Ugyldig(f"«{original}» mangler dag eller måned; skriv datoen som dd.mm.åååå.")
    return verdi.date()


def parse_ar(tekst: str | int, *, felt: str = "året") -> int:
    """A four-digit year between 1900 and 2100."""
    verdi = str(tekst).strip()
    if not re.fullmatch(r"\d{4}", verdi):
        raise Ugyldig(f"«{tekst}» er ikke et årstall for {felt}; skriv fire sifre, f.eks. 2026.")
    ar = int(verdi)
    if not 1900 <= ar <= 2100:
        raise Ugyldig(f"{ar} er utenfor det registeret godtar for {felt} (1900–2100).")
    return ar


def legg_til_maneder(dato: date, maneder: int) -> date:
    """Add months, clamping the day to the end of a shorter month (31.01 + 1m = 28/29.02)."""
    indeks = dato.month - 1 + maneder
    ar, maned = dato.year + indeks // 12, indeks % 12 + 1
    if not 1 <= ar <= 9999:
        raise ValueError(f"year {ar} is out of range")
    for dag in (dato.day, 30, 29, 28):
        try:
            return date(ar, maned, dag)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def parse_frist(tekst: str, *, idag: date) -> date:
    """`90d`, `6m`, `2u`, `1å` counted from today, or a date."""
    verdi = tekst.strip().lower()
    if m := _FRIST.match(verdi):
        antall, enhet = int(m[1]), m[2]
        try:
            if enhet in ("d", "dag", "dager"):
                return date.fromordinal(idag.toordinal() + antall)
            if enhet in ("u", "uke", "uker", "w"):
                return date.fromordinal(idag.toordinal() + 7 * antall)
            if enhet in ("å", "år", "ar", "y"):
                return legg_til_maneder(idag, 12 * antall)
            return legg_til_maneder(idag, antall)
        except (ValueError, OverflowError):  # past year 9999
            raise Ugyldig(
                f"«{tekst}» er for langt fram i tid; skriv f.eks. 90d, 6m, 1å eller en dato."
            ) from None
    return parse_dato(tekst)


def norsk_dato(dato: date | None) -> str:
    """dd.mm.yyyy, as the material prints dates."""
    return dato.strftime("%d.%m.%Y") if dato else ""


def iso(dato: date | datetime | None) -> str | None:
    return dato.isoformat() if dato else None
