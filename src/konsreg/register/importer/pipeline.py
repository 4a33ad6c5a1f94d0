"""The staged import pipeline shared by cases and agreements.

read (lesere/) → check each row (regler/) → find existing → split into new, updates and
conflicts → compare the updates with the register (unchanged rows, and rows of a file
made before a colleague's change) → number and write the new ones in bulk → update the
existing → finish (link renewals, raise counters, name gaps). All in the caller's one
transaction: if any row is bad, every bad row is reported and nothing is kept. Rows are
handled in batches, so a file of a million rows never sits in memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import Session

from konsreg.db.bakskriver import i_bakgrunnen
from konsreg.errors import KonsregFeil, Valideringsfeil
from konsreg.register import historikk
from konsreg.regler.advarsler import Advarsler, FlereAdvarsler, IFil
from konsreg.regler.begreper import Konfliktmodus
from konsreg.regler.rad import Rad

Rader = Iterable[tuple[int, dict[str, Any]]]
Nokkel = tuple[str, Hashable]  # (the field that identifies the row, its value)


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


@dataclass(frozen=True)
class Post:
    """What the import did with one row: `handling` is ny, oppdatert, uendret or
    hoppet_over; `endringer` holds each changed field's (old, new) value."""

    linje: int
    handling: str
    nokkelfelt: str  # "saksnummer", "id"
    handle: str
    endringer: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Naa:
    """A record as the register has it now: its row id and its public shape."""

    id: int
    post: Any  # SakPublic, AvtalePublic


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


@dataclass
class Varsler:
    """The warnings of the rows, each with its line and once per row; the first `maks`
    of them, then how many more there were."""

    kilde: str
    advarsler: Advarsler
    maks: int
    antall: int = 0

    def rad(self, linje: int, advarsler: Advarsler) -> None:
        for a in dict.fromkeys(advarsler):
            self.antall += 1
            if self.antall <= self.maks:
                self.advarsler.append(IFil(self.kilde, linje, a))

    def avslutt(self) -> None:
        if self.antall > self.maks:
            self.advarsler.append(FlereAdvarsler(self.antall - self.maks))


class Entitet(Protocol):
    """What the pipeline needs to know of one kind of record."""

    navn: str  # "sak", "avtale": the history's entity, and "samme sak står to ganger"
    nokkelfelt: str  # the field that names a record: "saksnummer", "id"

    def sjekk(self, linje: int, data: dict[str, Any]) -> Rad: ...

    def omtal(self, handle: str) -> str:
        """A record as a message names it (`2026/3`, `avtale A9`)."""
        ...

    def nokkel(self, rad: Rad) -> Nokkel | None:
        """What identifies the row's record; None when the row lacks it (a new record
        then, whose missing fields are errors)."""
        ...

    def finn(self, session: Session, nokler: list[Nokkel]) -> dict[Hashable, str]:
        """The handles of the records the register has already, by key."""
        ...

    def handle(self, rad: Rad) -> str:
        """The number or id of a new row, once `skriv_nye` has given it one."""
        ...

    def skriv_nye(self, session: Session, rader: list[Rad]) -> None: ...

    def hent(self, session: Session, handles: list[str]) -> dict[str, Naa]:
        """The records to update as they are now, locked for the rest of the import."""
        ...

    def endringer(self, session: Session, naa: Naa, rad: Rad) -> dict[str, tuple[Any, Any]]:
        """(old, new) of each field the row would change: only the columns it has."""
        ...

    def oppdater(
        self, session: Session, handle: str, rad: Rad, felt: Sequence[str], advarsler: Advarsler
    ) -> tuple[Any, list[str]]:
        """Set `felt` of one record from its row; the record and the fields changed."""
        ...

    def avslutt(self, session: Session, feil: Feilsamler, advarsler: Advarsler) -> None: ...


def forskjeller(
    post: Any,
    rad: Rad,
    felt: Iterable[str],
    kan_tommes: frozenset[str],
    ny_verdi: Callable[[str], Any],
) -> dict[str, tuple[Any, Any]]:
    """(old, new) of each of `felt` the row sets (`Rad.endrer`) to another value than
    the record `post` has."""
    endringer: dict[str, tuple[Any, Any]] = {}
    for navn in felt:
        if rad.endrer(navn, kan_tommes=navn in kan_tommes):
            gammel, ny = getattr(post, navn), ny_verdi(navn)
            if ny != gammel:
                endringer[navn] = (gammel, ny)
    return endringer


def i_bunker(rader: Iterable[Any], storrelse: int) -> Iterator[list[Any]]:
    bunke: list[Any] = []
    for rad in rader:
        bunke.append(rad)
        if len(bunke) >= storrelse:
            yield bunke
            bunke = []
    if bunke:
        yield bunke


@dataclass
class _Bunt:
    """One batch on its way: what is new, to update, skipped or unchanged; how many of
    each, and (when someone listens) a Post per row."""

    nokkelfelt: str
    med_poster: bool
    nye: list[Rad] = field(default_factory=list)
    oppdateres: list[tuple[str, Rad]] = field(default_factory=list)
    endres: list[tuple[str, Rad, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    tall: Counter[str] = field(default_factory=Counter)
    logg: list[Post] = field(default_factory=list)
    advarsler: list[tuple[int, Advarsler]] = field(default_factory=list)  # by line

    def noter(
        self, rad: Rad, handling: str, handle: str, endringer: dict[str, Any] | None = None
    ) -> None:
        self.tall[handling] += 1
        if self.med_poster:
            self.logg.append(Post(rad.linje, handling, self.nokkelfelt, handle, endringer or {}))


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
    poster: Callable[[Post], None] | None = None,
) -> Importresultat:
    """Import the rows (all or none); `poster` hears what became of each row."""
    feil = Feilsamler(kilde, maks_feil)
    varsler = Varsler(kilde, advarsler, maks_feil)
    resultat = Importresultat()
    # The new rows' INSERTs run in a thread of their own on SQLite while the next batch
    # is read and checked (db/bakskriver.py); every other statement waits for them.
    with i_bakgrunnen(session):
        for rader_ in i_bunker(rader, bunke):
            sjekket = [entitet.sjekk(linje, data) for linje, data in rader_]
            resultat.rader += len(sjekket)
            bunt = _Bunt(entitet.nokkelfelt, poster is not None)
            _fordel(session, entitet, sjekket, konflikt, feil, bunt)
            _sammenlign(session, entitet, bunt, konflikt, feil)
            if fremdrift is not None:
                fremdrift(len(rader_))
            if feil.antall:
                continue  # keep checking the rest, write nothing more
            _skriv(session, entitet, bunt, feil)
            for linje, liste in sorted(bunt.advarsler, key=lambda x: x[0]):
                varsler.rad(linje, liste)
            resultat.nye += bunt.tall["ny"]
            resultat.oppdatert += bunt.tall["oppdatert"]
            resultat.uendret += bunt.tall["uendret"]
            resultat.hoppet_over += bunt.tall["hoppet_over"]
            if poster is not None:
                for post in sorted(bunt.logg, key=lambda p: p.linje):
                    poster(post)
        feil.reis()
        varsler.avslutt()
        entitet.avslutt(session, feil, advarsler)
        feil.reis()
    return resultat


def _fordel(
    session: Session,
    entitet: Entitet,
    sjekket: list[Rad],
    konflikt: Konfliktmodus,
    feil: Feilsamler,
    bunt: _Bunt,
) -> None:
    """New rows, rows of records the register has (to update or skip); every problem
    noted. A row is looked up before its problems are said: a record the register has
    keeps the fields the file has no column for, so those are not missing."""
    nokler = [entitet.nokkel(r) for r in sjekket]
    finnes = entitet.finn(session, [n for n in nokler if n is not None])
    i_bunten: set[Hashable] = set()
    for rad, nokkel in zip(sjekket, nokler, strict=True):
        handle = finnes.get(nokkel[1]) if nokkel is not None else None
        meldinger = rad.feil_for(ny=handle is None)
        for melding in meldinger:
            feil.legg_til(rad.linje, melding)
        if meldinger:
            continue
        assert nokkel is not None  # a good row names its record
        felt, verdi = nokkel
        if verdi in i_bunten:
            feil.legg_til(rad.linje, f"{felt}: samme {entitet.navn} står to ganger i filen")
            continue
        i_bunten.add(verdi)
        if handle is None:
            bunt.nye.append(rad)
        elif konflikt == Konfliktmodus.feil:
            feil.legg_til(
                rad.linje,
                f"{entitet.nokkelfelt}: {entitet.omtal(handle)} finnes fra før (eller står to "
                "ganger i filen)",
                grunn="finnes",
            )
        elif konflikt == Konfliktmodus.hopp_over:
            bunt.noter(rad, "hoppet_over", handle)
        else:
            bunt.oppdateres.append((handle, rad))


def _sammenlign(
    session: Session, entitet: Entitet, bunt: _Bunt, konflikt: Konfliktmodus, feil: Feilsamler
) -> None:
    """Split the updates into unchanged rows and changes; under `oppdater`, a change from
    a row whose `endret` is older than the register's is a conflict: a colleague changed
    the record after the file was made."""
    if not bunt.oppdateres:
        return
    naa = entitet.hent(session, [h for h, _ in bunt.oppdateres])
    konflikter: list[tuple[Rad, str, Naa]] = []
    for handle, rad in bunt.oppdateres:
        endringer = entitet.endringer(session, naa[handle], rad)
        if not endringer:
            bunt.noter(rad, "uendret", handle)
            continue
        fra_fil: datetime | None = rad.verdier.get("endret")
        if (
            konflikt == Konfliktmodus.oppdater
            and fra_fil is not None
            and fra_fil < naa[handle].post.endret
        ):
            konflikter.append((rad, handle, naa[handle]))
            continue
        bunt.endres.append((handle, rad, endringer))
    if not konflikter:
        return
    sist = historikk.sist_endret(
        session=session, entitet=entitet.navn, ider=[n.id for _, _, n in konflikter]
    )
    for rad, handle, n in konflikter:
        av, tid = sist.get(n.id, ("ukjent", n.post.endret))
        feil.legg_til(
            rad.linje,
            f"{entitet.navn} {handle} er endret av {av} {tid.astimezone():%d.%m.%Y %H:%M}, "
            "etter at filen ble laget",
            grunn="endret",
        )


def _skriv(session: Session, entitet: Entitet, bunt: _Bunt, feil: Feilsamler) -> None:
    """Write the batch: the new rows in bulk, then each change. Warnings come from what is
    written: a new row's from its check, a change's from the register's update (which
    warns only about what it changes); none for rows skipped or unchanged."""
    entitet.skriv_nye(session, bunt.nye)
    bunt.advarsler.extend((rad.linje, rad.advarsler) for rad in bunt.nye if rad.advarsler)
    if bunt.med_poster:
        for rad in bunt.nye:
            bunt.noter(rad, "ny", entitet.handle(rad))
    else:
        bunt.tall["ny"] += len(bunt.nye)
    for handle, rad, endringer in bunt.endres:
        egne: Advarsler = []
        try:
            post, endret = entitet.oppdater(session, handle, rad, list(endringer), egne)
        except KonsregFeil as galt:  # a rule of the whole record (utløper before inngått)
            feil.legg_til(rad.linje, galt.melding.rstrip("."))
            continue
        if egne:
            bunt.advarsler.append((rad.linje, egne))
        hva = "oppdatert" if endret else "uendret"
        bunt.noter(rad, hva, handle, {f: (endringer[f][0], getattr(post, f)) for f in endret})
