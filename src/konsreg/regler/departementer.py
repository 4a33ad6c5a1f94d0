"""Ministry codes resolved with the year of the record, and parties as printed.

Codes are reused over time (KD was the culture ministry 1982–2001 and is the
education ministry since 2006), so a code is always looked up with a year. A
code used outside its ministry's years is accepted with a warning, because the
secretariat writes today's names on old records; a code no ministry ever had is
an error that names the closest known codes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from konsreg.errors import Ugyldig
from konsreg.regler.advarsler import Advarsler, UtenforAr
from konsreg.regler.begreper import KS
from konsreg.tekst import sitat

__all__ = ["KS", "Advarsler", "Dep", "Departementer", "les_parter", "skriv_parter"]


@dataclass(frozen=True)
class Dep:
    kode: str
    navn: str
    fra_ar: int | None
    til_ar: int | None

    def gjelder(self, ar: int) -> bool:
        return (self.fra_ar is None or self.fra_ar <= ar) and (
            self.til_ar is None or ar <= self.til_ar
        )

    def avstand(self, ar: int) -> int:
        if self.gjelder(ar):
            return 0
        if self.fra_ar is not None and ar < self.fra_ar:
            return self.fra_ar - ar
        return ar - (self.til_ar or ar)

    @property
    def ar_tekst(self) -> str:
        fra = str(self.fra_ar) if self.fra_ar else "?"
        til = str(self.til_ar) if self.til_ar else ""
        return f"{fra}–{til}"


class Departementer:
    """All ministries the register knows, for lookups by code and year or by name."""

    def __init__(self, rader: Iterable[Dep]) -> None:
        self.alle = list(rader)
        self._per_kode: dict[str, list[Dep]] = {}
        # finn() per (code, year): an import asks the same few thousand times per batch.
        self._funnet: dict[tuple[str, int], tuple[Dep, UtenforAr | None]] = {}
        for dep in self.alle:
            self._per_kode.setdefault(dep.kode.upper(), []).append(dep)

    @property
    def koder(self) -> list[str]:
        return sorted(self._per_kode)

    def finnes(self, kode: str) -> bool:
        return kode.strip().upper() in self._per_kode

    def ukjent(self, kode: str, *, hva: str = "departementskode") -> Ugyldig:
        naermeste = difflib.get_close_matches(kode.upper(), [*self.koder, KS], n=3, cutoff=0.4)
        forslag = f" Mente du {' eller '.join(naermeste)}?" if naermeste else ""
        return Ugyldig(
            f"Ukjent {hva} {sitat(kode)}.{forslag} Se «konsreg departementer» for alle koder."
        )

    def finn(self, kode: str, ar: int, advarsler: Advarsler | None = None) -> Dep:
        """The ministry that had `kode` in `ar`; else the nearest in time, with a warning."""
        funnet = self._funnet.get((kode, ar))
        if funnet is None:
            funnet = self._funnet[(kode, ar)] = self._finn(kode, ar)
        dep, advarsel = funnet
        if advarsel is not None and advarsler is not None:
            advarsler.append(advarsel)
        return dep

    def _finn(self, kode: str, ar: int) -> tuple[Dep, UtenforAr | None]:
        kandidater = self._per_kode.get(kode.strip().upper())
        if not kandidater:
            raise self.ukjent(kode)
        gjeldende = [d for d in kandidater if d.gjelder(ar)]
        if gjeldende:
            # Open-ended (researched) spans before ones with an unknown start.
            return min(gjeldende, key=lambda d: (d.fra_ar is None, -(d.fra_ar or 0))), None
        naermest = min(kandidater, key=lambda d: (d.avstand(ar), d.til_ar is not None))
        return naermest, UtenforAr(
            naermest.kode, naermest.navn, ar, naermest.fra_ar, naermest.til_ar
        )

    def fra_navn(self, tekst: str, ar: int | None = None) -> tuple[Dep, str] | None:
        """Split `<full ministry name> <rest>` by the longest known full name; a name two
        codes have had (Kulturdepartementet: KD 1991–2001, KUD 2010–2021) is resolved
        with `ar`, nearest in time."""
        beste: Dep | None = None
        for dep in self.alle:
            if (
                tekst.startswith(dep.navn)
                and (len(tekst) == len(dep.navn) or not tekst[len(dep.navn)].isalnum())
                and (
                    beste is None
                    or len(dep.navn) > len(beste.navn)
                    or (
                        ar is not None
                        and len(dep.navn) == len(beste.navn)
                        and dep.avstand(ar) < beste.avstand(ar)
                    )
                )
            ):
                beste = dep
        if beste is None:
            return None
        return beste, tekst[len(beste.navn) :].strip()


_SKILLE = re.compile(r"\s*,\s*|\s+og\s+|\s*&\s*")


def les_parter(verdier: Sequence[str]) -> list[str]:
    """Parties from repeated `--part` values or one printed string ("AID, JD og KS")."""
    parter: list[str] = []
    for verdi in verdier:
        for del_ in _SKILLE.split(verdi.strip()):
            if del_.strip():
                parter.append(del_.strip().upper())
    return parter


def skriv_parter(parter: Sequence[str]) -> str:
    """Parties as the material prints them: `AID, JD, BFD, KDD og KS`."""
    if not parter:
        return ""
    if len(parter) == 1:
        return parter[0]
    return f"{', '.join(parter[:-1])} og {parter[-1]}"
