"""Dates and years as people type them, and as the register prints them.

The accepted date forms, exactly (README "Datoer" lists the same):

1. ISO, year first with dashes: `2022-12-02` (also `2022-12-2`), and year first with
   dots: `2022.12.02`.
2. Day first with dots: `2.12.2022`, `02.12.2022`, `2.12.22`; a two-digit year below 70
   is in the 2000s, from 70 in the 1900s.
3. Day, Norwegian month name or abbreviation, year: `2. desember 2022`, `2 des. 2022`,
   `15. sept 2025`, `1. okt. 25` (januar … desember; jan, feb, mar, apr, mai, jun, jul,
   aug, sep, sept, okt, nov, des).
4. English month names, four-digit year: `2 December 2022`, `2 Dec. 2022`,
   `December 2, 2022`, `Dec 2 2022`.

A month without a day, where the material has no more (`inngått` and `gyldig fra` of an
agreement, `parse_dato_eller_maned`; and "as of" days, `parse_per`), in exactly these forms:

5. Norwegian month name or abbreviation and a four-digit year: `juni 2024`, `jun. 2024`.
6. Month and four-digit year with a dot: `06.2024`, `6.2024`.
7. ISO year and month: `2024-06` (also `2024-6`).

A month is stored as its first day with the precision beside it (`Manedsdato`), so it
compares as that day: an agreement signed "juni 2024" is in force from 1 June. It prints
as given: `juni 2024` for people, `2024-06` in machine formats (`iso_dato`). As an "as of"
day (`parse_per`) a month means its last day: `april 2026` is 30.04.2026. Month forms are
tried before the day forms; a year alone is neither (years: `parse_ar`, e.g. `første avtale`).

Digits are ASCII 0-9 only, and the year is between MINSTE_AR and STORSTE_AR. Anything
else is refused with a message that quotes the input and shows the right form: week
dates (`2026-W05-1`), dates without separators (`20260101`), slashes (`1/2/2026` is 1
February or 2 January depending on who wrote it), signs (`-1.1.2026`), times.

Parsing order matters: ISO first, then strict day-first forms, then Norwegian month
names, and python-dateutil (dayfirst) last and only for form 4, whose shape a regex
has already checked: dateutil alone reads `04.03.2020` month-first, drops a leading
minus and reads digit runs and week dates as dates.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from konsreg.errors import Ugyldig
from konsreg.tekst import sitat

# The years the register takes, for every date and every year field: one pair, here.
MINSTE_AR = 1900
STORSTE_AR = 2200
AR_SPENN = f"{MINSTE_AR}–{STORSTE_AR}"

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

# re.ASCII and [0-9] throughout: `\d` would take Arabic-Indic and other digits, which
# int() then converts, and `\s` would take any Unicode space.
_AR_FORST = re.compile(r"([0-9]{4})([-.])([0-9]{1,2})\2([0-9]{1,2})", re.ASCII)
_PUNKTUM = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})", re.ASCII)
_NORSK = re.compile(r"([0-9]{1,2})\.?[ \t]+([a-zæøå]+)\.?[ \t]+([0-9]{4}|[0-9]{2})")
_ENGELSK_DAG = re.compile(r"([0-9]{1,2})\.?[ \t]+([a-z]+)\.?,?[ \t]+([0-9]{4})", re.ASCII)
_ENGELSK_MANED = re.compile(r"([a-z]+)\.?[ \t]+([0-9]{1,2}),?[ \t]+([0-9]{4})", re.ASCII)
_SKRASTREK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{2,4})", re.ASCII)
_UKEDATO = re.compile(r"[0-9]{4}-?w[0-9]{1,2}(-?[0-9])?", re.ASCII | re.IGNORECASE)
_UTEN_DAG = re.compile(r"[a-zæøå]+\.?,?[ \t]+[0-9]{4}|[0-9]{4}")
_UTEN_AR = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}\.?|[0-9]{1,2}\.?[ \t]+[a-zæøå]+\.?")
_TIDSPUNKT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:[0-9]{2})?",
    re.ASCII,
)
_MANED_NAVN = re.compile(r"([a-zæøå]+)\.?[ \t]+([0-9]{4})")
_MANED_PUNKTUM = re.compile(r"([0-9]{1,2})\.([0-9]{4})", re.ASCII)
_MANED_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})", re.ASCII)
_FRIST = re.compile(
    r"([0-9]+)[ \t]*(d|dag|dager|u|uke|uker|w|m|mnd|måned|måneder|maned|maneder|å|år|ar|y)"
)

_RIKTIG = "skriv den som dd.mm.åååå, f.eks. 02.12.2022"
# The stored precision of a date known only to the month (NULL in the column: the day).
PRESISJON_MANED = "maned"


class Manedsdato(date):
    """A date known only to the month: its first day, printed as the month (`juni 2024`
    for people, `2024-06` in machine formats). It compares and sorts as that first day,
    but never equals the plain date: `juni 2024` and `01.06.2024` are different facts,
    and a change from one to the other is a change. Arithmetic that leaves the first day
    fails: take `ren_dato` first."""

    __slots__ = ()

    def __new__(cls, *args: Any) -> Manedsdato:
        if len(args) == 2:
            args = (*args, 1)
        dato = date.__new__(cls, *args)
        if dato.day != 1:
            raise ValueError("a Manedsdato is the first day of its month")
        return dato

    def __eq__(self, other: object) -> bool:
        if isinstance(other, date) and not isinstance(other, datetime):
            return type(other) is type(self) and date.__eq__(self, other) is True
        return NotImplemented

    def __ne__(self, other: object) -> bool:
        lik = self.__eq__(other)
        return lik if lik is NotImplemented else not lik

    __hash__ = date.__hash__

    def __repr__(self) -> str:
        return f"Manedsdato({self.year}, {self.month})"


def ren_dato(dato: date) -> date:
    """The plain date (a month as its first day), as the database stores it."""
    return dato if type(dato) is date else date(dato.year, dato.month, dato.day)


def presisjon(dato: date | None) -> str | None:
    """What the precision column stores for `dato`: PRESISJON_MANED, or None (the day)."""
    return PRESISJON_MANED if isinstance(dato, Manedsdato) else None


def med_presisjon(dato: date | None, presisjon_: str | None) -> date | None:
    """A stored date with its precision column, as the register gives it out."""
    if dato is None or presisjon_ != PRESISJON_MANED:
        return dato
    return Manedsdato(dato.year, dato.month)


def iso_dato(dato: date) -> str:
    """ISO 8601 as machine formats write it: `2024-06-01`, a month `2024-06`."""
    if isinstance(dato, Manedsdato):
        return f"{dato.year:04d}-{dato.month:02d}"
    return dato.isoformat()


def siste_dag(dato: date) -> date:
    """The last day of the month `dato` is in."""
    neste = date(dato.year + dato.month // 12, dato.month % 12 + 1, 1)
    return neste - timedelta(days=1)


def i_spenn(ar: int) -> bool:
    """Whether the register takes this year (MINSTE_AR–STORSTE_AR)."""
    return MINSTE_AR <= ar <= STORSTE_AR


def _arstall(tekst: str) -> int:
    """Four digits as they are; two digits in this century below 70, else the last."""
    tall = int(tekst)
    if len(tekst) == 4:
        return tall
    return 2000 + tall if tall < 70 else 1900 + tall


def _lag(ar: int, maned: int, dag: int, tekst: str) -> date:
    try:
        dato = date(ar, maned, dag)
    except ValueError:
        raise Ugyldig(f"{sitat(tekst)} er ikke en gyldig dato; {_RIKTIG}.") from None
    return _sjekk_ar(dato, tekst)


def _sjekk_ar(dato: date, tekst: str) -> date:
    if not i_spenn(dato.year):
        raise Ugyldig(
            f"{sitat(tekst)}: året {dato.year} er utenfor det registeret godtar ({AR_SPENN})."
        )
    return dato


def parse_dato(tekst: str) -> date:
    """A date in one of the forms the module docstring lists, or Ugyldig."""
    tekst = tekst.strip()
    if not tekst:
        raise Ugyldig(f"Datoen er tom; {_RIKTIG}.")
    if m := _AR_FORST.fullmatch(tekst):
        return _lag(int(m[1]), int(m[3]), int(m[4]), tekst)
    if m := _PUNKTUM.fullmatch(tekst):
        return _lag(_arstall(m[3]), int(m[2]), int(m[1]), tekst)
    liten = tekst.lower()
    if m := _NORSK.fullmatch(liten):
        maned = _MANED_NR.get(m[2])
        if maned is not None:
            return _lag(_arstall(m[3]), maned, int(m[1]), tekst)
        if not _engelsk_maned(m[2]):
            raise Ugyldig(
                f"{sitat(tekst)}: ukjent månedsnavn {sitat(m[2])}; skriv f.eks. "
                "2. desember 2022 eller 02.12.2022."
            )
    if (m := _ENGELSK_DAG.fullmatch(liten)) and _engelsk_maned(m[2]):
        return _dateutil(tekst, int(m[1]), int(m[3]))
    if (m := _ENGELSK_MANED.fullmatch(liten)) and _engelsk_maned(m[1]):
        return _dateutil(tekst, int(m[2]), int(m[3]))
    raise _avvis(tekst)


def _maned(tekst: str) -> Manedsdato | None:
    """A month in forms 5-7 of the module docstring, None if the text has none of those
    shapes, Ugyldig if it has one but names no month the register takes."""
    tekst = tekst.strip()
    liten = tekst.lower()
    if m := _MANED_NAVN.fullmatch(liten):
        maned = _MANED_NR.get(m[1])
        if maned is None:
            return None
        ar = int(m[2])
    elif m := _MANED_PUNKTUM.fullmatch(tekst):
        maned, ar = int(m[1]), int(m[2])
    elif m := _MANED_ISO.fullmatch(tekst):
        maned, ar = int(m[2]), int(m[1])
    else:
        return None
    if not 1 <= maned <= 12:
        raise Ugyldig(
            f"{sitat(tekst)} er ikke en gyldig måned; skriv f.eks. juni 2024 eller 06.2024."
        )
    if not i_spenn(ar):
        raise Ugyldig(f"{sitat(tekst)}: året {ar} er utenfor det registeret godtar ({AR_SPENN}).")
    return Manedsdato(ar, maned)


def parse_dato_eller_maned(tekst: str) -> date:
    """A date (forms 1-4), or a month (forms 5-7) as a `Manedsdato`."""
    return _maned(tekst) or parse_dato(tekst)


def parse_per(tekst: str) -> date:
    """The day a listing or an appendix is "as of": a date, or a month's last day
    (`april 2026` is 30.04.2026, as an appendix "per april 2026" has it)."""
    maned = _maned(tekst)
    return siste_dag(maned) if maned is not None else parse_dato(tekst)


def _engelsk_maned(ord_: str) -> bool:
    # Loaded only here: dateutil is slow to import, and only form 4 needs it.
    from dateutil import parser

    return parser.parserinfo().month(ord_) is not None


def _dateutil(tekst: str, dag: int, ar: int) -> date:
    """Form 4 (English month names), its shape already checked; dateutil names the month."""
    from dateutil import parser

    try:
        verdi = parser.parse(tekst, dayfirst=True, default=datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError, TypeError):
        raise Ugyldig(f"{sitat(tekst)} er ikke en gyldig dato; {_RIKTIG}.") from None
    if (verdi.day, verdi.year) != (dag, ar):  # pragma: no cover - the regex forbids it
        raise Ugyldig(f"{sitat(tekst)} er ikke en dato registeret kan lese; {_RIKTIG}.")
    return _sjekk_ar(verdi, tekst)


def _avvis(tekst: str) -> Ugyldig:
    """Why a text is not a date, said as precisely as the text allows."""
    s = sitat(tekst)
    if any(t.isdigit() and not t.isascii() for t in tekst):
        return Ugyldig(f"{s} har sifre som ikke er 0–9; {_RIKTIG}.")
    if m := _SKRASTREK.fullmatch(tekst):
        a, b = int(m[1]), int(m[2])
        if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
            return Ugyldig(
                f"{s} kan bety både {a}. {MANEDER[b - 1]} og {b}. {MANEDER[a - 1]} "
                "(skråstrek brukes både dag først og måned først); skriv datoen med punktum "
                f"som dd.mm.åååå, f.eks. {a:02d}.{b:02d}.{m[3]} for {a}. {MANEDER[b - 1]}."
            )
    if "/" in tekst:
        return Ugyldig(
            f"{s}: skråstrek godtas ikke i datoer (1/2/2026 kan bety både 1. februar og "
            f"2. januar); {_RIKTIG} eller som åååå-mm-dd."
        )
    if _UKEDATO.fullmatch(tekst):
        return Ugyldig(f"{s} er en ukedato; {_RIKTIG}.")
    try:
        maned = _maned(tekst)
    except Ugyldig:
        maned = None
    if maned is not None:
        return Ugyldig(
            f"{s} er en måned uten dag; {_RIKTIG} (bare inngått, gyldig fra og per-datoer kan "
            "være en måned, f.eks. juni 2024)."
        )
    if tekst[0] in "+-−":
        return Ugyldig(f"{s} har et fortegn foran datoen; {_RIKTIG}.")
    if not any(t in "0123456789" for t in tekst):
        return Ugyldig(f"{s} er ikke en dato; {_RIKTIG}.")
    if _UTEN_DAG.fullmatch(tekst.lower()):
        return Ugyldig(f"{s} mangler dag eller måned; {_RIKTIG}.")
    if _UTEN_AR.fullmatch(tekst.lower()):
        return Ugyldig(f"{s} mangler årstall; {_RIKTIG}.")
    if tekst.isascii() and tekst.isdigit():
        return Ugyldig(f"{s} mangler skilletegn; {_RIKTIG} eller som åååå-mm-dd.")
    return Ugyldig(
        f"{s} er ikke en dato registeret kan lese; {_RIKTIG} eller som åååå-mm-dd "
        "(se «Datoer» i README)."
    )


def parse_tidspunkt(tekst: str) -> datetime:
    """A point in time as exports write it (`2026-04-30T10:15:00+00:00`; seconds,
    fractions and the offset may be left out, `Z` is UTC, a space may stand for `T`),
    or a date in an accepted form (midnight); without an offset it is UTC."""
    tekst = tekst.strip()
    if _TIDSPUNKT.fullmatch(tekst):
        try:
            tid = datetime.fromisoformat(tekst)
        except ValueError:
            raise Ugyldig(f"{sitat(tekst)} er ikke et gyldig tidspunkt.") from None
    elif "T" in tekst or ":" in tekst:
        raise Ugyldig(
            f"{sitat(tekst)} er ikke et tidspunkt registeret kan lese; skriv "
            "åååå-mm-ddTtt:mm:ss, f.eks. 2026-04-30T10:15:00+00:00."
        )
    else:
        tid = datetime.combine(parse_dato(tekst), datetime.min.time())
    if tid.tzinfo is None:
        tid = tid.replace(tzinfo=UTC)
    _sjekk_ar(tid.date(), tekst)
    tid = tid.astimezone(UTC)  # one hour over the edge cannot overflow: the year is checked
    _sjekk_ar(tid.date(), tekst)
    return tid


def parse_ar(tekst: str | int, *, felt: str = "året") -> int:
    """A four-digit year (ASCII digits) between MINSTE_AR and STORSTE_AR."""
    verdi = str(tekst).strip()
    if isinstance(tekst, bool) or not re.fullmatch(r"[0-9]{4}", verdi):
        raise Ugyldig(
            f"{sitat(str(tekst))} er ikke et årstall for {felt}; skriv fire sifre (0–9), "
            "f.eks. 2026."
        )
    ar = int(verdi)
    if not i_spenn(ar):
        raise Ugyldig(f"{ar} er utenfor det registeret godtar for {felt} ({AR_SPENN}).")
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
    if m := _FRIST.fullmatch(verdi):
        antall, enhet = int(m[1]), m[2]
        try:
            if enhet in ("d", "dag", "dager"):
                frist = date.fromordinal(idag.toordinal() + antall)
            elif enhet in ("u", "uke", "uker", "w"):
                frist = date.fromordinal(idag.toordinal() + 7 * antall)
            elif enhet in ("å", "år", "ar", "y"):
                frist = legg_til_maneder(idag, 12 * antall)
            else:
                frist = legg_til_maneder(idag, antall)
        except (ValueError, OverflowError):  # past year 9999
            frist = date.max
        if not i_spenn(frist.year):
            raise Ugyldig(
                f"{sitat(tekst.strip())} er for langt fram i tid (etter {STORSTE_AR}); "
                "skriv f.eks. 90d, 6m, 1å eller en dato."
            )
        return frist
    return parse_dato(tekst)


def norsk_dato(dato: date | None) -> str:
    """dd.mm.yyyy, as the material prints dates; a month as `juni 2024`."""
    if isinstance(dato, Manedsdato):
        return f"{MANEDER[dato.month - 1]} {dato.year}"
    return dato.strftime("%d.%m.%Y") if dato else ""
