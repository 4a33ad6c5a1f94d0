"""Saksnumre (`2026/3`) and agreement ids (`A9`): how they are written and read, and the
one limit on the numbers in them."""

from __future__ import annotations

import re

from konsreg.errors import Ugyldig
from konsreg.tekst import sitat

# Counters and sequence numbers are INTEGER columns: PostgreSQL's 32-bit limit (SQLite
# takes 64 bits, so this is the limit on both). Imports, the counters and `sak ny` alike.
STORSTE_NUMMER = 2**31 - 1

# ASCII digits only: `\d` would take Arabic-Indic digits, and int() would read them.
_SAKSNUMMER = re.compile(r"\s*([0-9]{4})\s*[/-]\s*([0-9]+)\s*", re.ASCII)
_AVTALE_ID = re.compile(r"\s*[Aa]?([0-9]+)\s*", re.ASCII)


def saksnummer(ar: int, lopenr: int) -> str:
    return f"{ar}/{lopenr}"


def avtale_id(nummer: int) -> str:
    return f"A{nummer}"


def les_saksnummer(tekst: str) -> tuple[int, int]:
    """(year, sequence number) of `2026/3` (also `2026-3`); the numbers unchecked."""
    m = _SAKSNUMMER.fullmatch(tekst)
    if not m:
        raise Ugyldig(
            f"{sitat(tekst)} er ikke et saksnummer; skriv det som år/nummer, f.eks. 2026/3."
        )
    return int(m[1]), int(m[2])


def les_avtale_id(tekst: str) -> int:
    """The number of an agreement id, `A3` or just `3`; unchecked."""
    m = _AVTALE_ID.fullmatch(tekst)
    if not m:
        raise Ugyldig(f"{sitat(tekst)} er ikke en avtale-id; skriv den som A3 (eller bare 3).")
    return int(m[1])


def i_nummerspenn(nummer: int) -> bool:
    return 1 <= nummer <= STORSTE_NUMMER


def sjekk_lopenr(tekst: str, lopenr: int) -> None:
    """A sequence number a file brings must be one the register can store."""
    if lopenr < 1:
        raise Ugyldig(f"{sitat(tekst)} må ha løpenummer 1 eller mer.")
    if lopenr > STORSTE_NUMMER:
        raise Ugyldig(f"{sitat(tekst)} har for stort løpenummer (høyst {STORSTE_NUMMER}).")


def sjekk_avtalenummer(tekst: str, nummer: int) -> None:
    if nummer < 1:
        raise Ugyldig(f"{sitat(tekst)} må ha nummer 1 eller mer.")
    if nummer > STORSTE_NUMMER:
        raise Ugyldig(f"{sitat(tekst)} har for stort nummer (høyst A{STORSTE_NUMMER}).")
