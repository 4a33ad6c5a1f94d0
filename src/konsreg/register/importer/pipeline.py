"""The staged import pipeline shared by cases and agreements.

read (lesere/) → check each row (regler/) → find existing → split into new, updates and
conflicts → number and write the new ones in bulk → update the existing → finish (link
renewals, raise counters, name gaps). All in the caller's one transaction: if any row
is bad, every bad row is reported and nothing is kept. Rows are handled in batches, so a
file of a million rows never sits in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlmodel import Session

from konsreg.errors import Valideringsfeil
from konsreg.regler.advarsler import Advarsler, IFil
from konsreg.regler.begreper import Konfliktmodus
from konsreg.regler.rad import Rad

Rader = Iterable[tuple[int, dict[str, Any]]]


@dataclass
class Importresultat:
    rader: int = 0
    nye: int = 0
    oppdatert: int = 0
    uendret: int = 0
    hoppet_over: int = 0
    nye_kategorier: list[str] = field(default_factory=list)

    def som_dict(self) -> dict[str, int]:
        return {
            "rader": self.rader,
            "nye": self.nye,
            "oppdatert": self.oppdatert,
            "uendret": self.uendret,
            "hoppet_over": self.hoppet_over,
        }


@dataclass
class Feilsamler:
    """Every problem of the file, `FIL:LINJE: felt: melding`, the first `maks` of them."""

    kilde: str
    maks: int
    linjer: list[str] = field(default_factory=list)
    antall: int = 0
    grunner: dict[int, str] = field(default_factory=dict)  # (errors.Valideringsfeil)

    def legg_til(self, linje: int, melding: str, *, grunn: str | None = None) -> None:
        self.antall += 1
        if len(self.linjer) < self.maks:
            if grunn is not None:
                self.grunner[len(self.linjer)] = grunn
            self.linjer.append(f"{self.kilde}:{linje}: {melding}")

    def reis(self) -> None:
        if not self.antall:
            return
        linjer = list(self.linjer)
        if self.antall > len(linjer):
            linjer.append(f"… og {self.antall - len(linjer)} feil til")
        raise Valideringsfeil(
            f"{self.antall} feil i {self.kilde}; ingenting er lagret.", linjer, self.grunner
        )


class Entitet(Protocol):
    """What the pipeline needs to know of one kind of record."""

    navn: str  # "sak", "avtale": for "samme sak står to ganger i filen"
    nokkelfelt: str  # the field that names a record: "saksnummer", "id"

    def sjekk(self, linje: int, data: dict[str, Any]) -> Rad: ...

    def omtal(self, handle: str) -> str:
        """A record as a message names it (`2026/3`, `avtale A9`)."""
        ...

    def nokkel(self, rad: Rad) -> tuple[str, Hashable]:
        """(the field that identifies the row, its value)."""
        ...

    def finn(self, session: Session, rader: list[Rad]) -> dict[Hashable, str]:
        """The handles of the rows the register has already, by key."""
        ...

    def skriv_nye(self, session: Session, rader: list[Rad]) -> None: ...

    def oppdater(self, session: Session, handle: str, rad: Rad) -> bool:
        """Update one record from its row (warnings to `rad.advarsler`); whether anything
        changed."""
        ...

    def avslutt(self, session: Session, feil: Feilsamler, advarsler: Advarsler) -> None: ...


def i_bunker(rader: Iterable[Any], storrelse: int) -> Iterator[list[Any]]:
    bunke: list[Any] = []
    for rad in rader:
        bunke.append(rad)
        if len(bunke) >= storrelse:
            yield bunke
            bunke = []
    if bunke:
        yield bunke


def importer(
    *,
    session: Session,
    entitet: Entitet,
    rader: Rader,
    konflikt: Konfliktmodus,
    kilde: str,
    advarsler: Advarsler,
    bunke: int = 2000,
    maks_feil: int = 50,
    fremdrift: Callable[[int], None] | None = None,
) -> Importresultat:
    feil = Feilsamler(kilde, maks_feil)
    resultat = Importresultat()
    for bunt in i_bunker(rader, bunke):
        sjekket = [entitet.sjekk(linje, data) for linje, data in bunt]
        resultat.rader += len(sjekket)
        gode = _samle(sjekket, feil, advarsler, kilde, maks_feil)
        finnes = entitet.finn(session, gode)
        nye, oppdateres = _fordel(entitet, gode, finnes, konflikt, feil, resultat)
        if fremdrift is not None:
            fremdrift(len(bunt))
        if feil.antall:
            continue  # keep checking the rest, write nothing more
        entitet.skriv_nye(session, nye)
        resultat.nye += len(nye)
        for handle, rad in oppdateres:
            for_ = len(rad.advarsler)
            if entitet.oppdater(session, handle, rad):
                resultat.oppdatert += 1
            else:
                resultat.uendret += 1
            advarsler.extend(IFil(kilde, rad.linje, a) for a in rad.advarsler[for_:])
    feil.reis()
    entitet.avslutt(session, feil, advarsler)
    feil.reis()
    return resultat


def _samle(
    sjekket: list[Rad], feil: Feilsamler, advarsler: Advarsler, kilde: str, maks: int
) -> list[Rad]:
    """The good rows; every problem and (the first `maks`) warnings noted."""
    for rad in sjekket:
        for melding in rad.feil:
            feil.legg_til(rad.linje, melding)
        if len(advarsler) < maks:
            advarsler.extend(IFil(kilde, rad.linje, a) for a in rad.advarsler)
    return [r for r in sjekket if not r.feil]


def _fordel(
    entitet: Entitet,
    gode: list[Rad],
    finnes: dict[Hashable, str],
    konflikt: Konfliktmodus,
    feil: Feilsamler,
    resultat: Importresultat,
) -> tuple[list[Rad], list[tuple[str, Rad]]]:
    """New rows, and (handle, row) of the existing ones to update; conflicts noted."""
    nye: list[Rad] = []
    oppdateres: list[tuple[str, Rad]] = []
    i_bunten: set[Hashable] = set()
    for rad in gode:
        felt, nokkel = entitet.nokkel(rad)
        if nokkel in i_bunten:
            feil.legg_til(rad.linje, f"{felt}: samme {entitet.navn} står to ganger i filen")
            continue
        i_bunten.add(nokkel)
        handle = finnes.get(nokkel)
        if handle is None:
            nye.append(rad)
        elif konflikt == Konfliktmodus.feil:
            feil.legg_til(
                rad.linje,
                f"{entitet.nokkelfelt}: {entitet.omtal(handle)} finnes fra før (eller står to "
                "ganger i filen)",
                grunn="finnes",
            )
        elif konflikt == Konfliktmodus.hopp_over:
            resultat.hoppet_over += 1
        else:
            oppdateres.append((handle, rad))
    return nye, oppdateres
