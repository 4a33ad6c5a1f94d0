"""Warnings as data: what the register noticed but did not refuse.

The register and the rules return these; the CLI words them (render/meldinger.py), so
the wording, and any command-line option a warning points to, lives in one place.
Frozen, so the same warning raised twice can be said once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class UtenforAr:
    """A ministry code used in a year its ministry did not exist (accepted as written)."""

    kode: str
    navn: str
    ar: int
    fra_ar: int | None
    til_ar: int | None


@dataclass(frozen=True)
class Hull:
    """An import's saksnumre leave numbers of a year unused: `spenn` are the first gaps
    (from, to), `mangler` how many numbers in all, `neste` what `sak ny` gives next."""

    ar: int
    spenn: tuple[tuple[int, int], ...]
    flere: bool
    mangler: int
    neste: int


@dataclass(frozen=True)
class Utlopt:
    """An agreement listed in Vedlegg c as of `per` that expired before it, while the
    register still has it as current."""

    id: str
    tittel: str
    utloper: date
    status: str
    per: date


@dataclass(frozen=True)
class UtenKS:
    """An agreement whose parties do not include KS (accepted as written)."""

    parter: tuple[str, ...]


@dataclass(frozen=True)
class LangtFram:
    """A case meldt opp for a year more than one year ahead of `i_ar`."""

    saksnummer: str | None
    oppmeldt: int
    i_ar: int


@dataclass(frozen=True)
class TidligAvsluttet:
    """A closing date before the record was registered (`opprettet`) or, for a case,
    before its oppmeldt year (`oppmeldt`); one of the two is set."""

    hva: str  # "sak" or "avtale"
    navn: str | None  # the saksnummer or id, where there is one yet
    dato: date
    opprettet: date | None = None
    oppmeldt: int | None = None


@dataclass(frozen=True)
class MoteAr:
    """A meeting whose id names another year than its date."""

    mote: str
    ar: int
    dato: date


@dataclass(frozen=True)
class IFil:
    """A warning about one line of an imported file."""

    kilde: str
    linje: int
    advarsel: Advarsel


@dataclass(frozen=True)
class FlereAdvarsler:
    """More warnings about the lines of a file than are said one by one."""

    antall: int


Advarsel = (
    UtenforAr
    | Hull
    | Utlopt
    | UtenKS
    | LangtFram
    | TidligAvsluttet
    | MoteAr
    | IFil
    | FlereAdvarsler
)
Advarsler = list[Advarsel]
