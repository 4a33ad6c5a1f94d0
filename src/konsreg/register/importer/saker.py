"""The import of cases: what the pipeline needs to know of a case row."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.db import serialiser_import
from konsreg.models import Sak, SakUpdate
from konsreg.register import bulk, historikk, klokke, nummerering, saker
from konsreg.register.departementer import last_departementer
from konsreg.register.importer import pipeline
from konsreg.register.importer.pipeline import (
    Feilsamler,
    Importresultat,
    Naa,
    Nokkel,
    Post,
    Rader,
)
from konsreg.regler import sak as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.begreper import Konfliktmodus
from konsreg.regler.departementer import Departementer
from konsreg.regler.nummer import les_saksnummer, saksnummer
from konsreg.regler.rad import Rad

# The fields of a case an empty cell in the file clears (no description; not recurring).
KAN_TOMMES = frozenset({"beskrivelse", "gjentakende"})
# The columns of a new case's row, in the order `Saker._rad` gives them.
KOLONNER = (
    "saksnummer",
    "ar",
    "lopenr",
    "type",
    "departement",
    "tittel",
    "beskrivelse",
    "oppmeldt",
    "gjentakende",
    "meldt_inn_av",
    "status",
    "status_endret",
    "opprettet",
    "endret",
)


class Saker:
    """Cases keyed on their saksnummer, or (without one) on kind, ministry, title and
    year. Numbers the file brings are kept; the counter moves past them."""

    navn = "sak"
    nokkelfelt = "saksnummer"

    def __init__(self, *, deps: Departementer, av: str, tid: datetime, tillat_hull: bool) -> None:
        self.deps, self.av, self.tid, self.tillat_hull = deps, av, tid, tillat_hull
        self.idag = klokke.dag(tid)
        self.maks_nr: dict[int, int] = {}  # per year, the highest number the file brought
        self.teller_for: dict[int, int] = {}  # each such year's counter before the import
        self._sjekk = regler.Sakssjekk(deps=deps, idag=self.idag)

    def sjekk(self, linje: int, data: dict[str, Any]) -> Rad:
        return self._sjekk(linje, data)

    def omtal(self, handle: str) -> str:
        return handle

    def nokkel(self, rad: Rad) -> Nokkel | None:
        v = rad.verdier
        if "ar" in v:
            return "saksnummer", (v["ar"], v["lopenr"])
        if None in (v.get("type"), v.get("departement"), v.get("tittel"), v.get("oppmeldt")):
            return None
        return "tittel", _innhold(v)

    def finn(self, session: Session, nokler: list[Nokkel]) -> dict[Hashable, str]:
        tabell = Sak.__table__  # type: ignore[attr-defined]
        nr = [saksnummer(*cast(tuple[int, int], n)) for f, n in nokler if f == "saksnummer"]
        finnes: dict[Hashable, str] = {
            les_saksnummer(sn): sn
            for (sn,) in bulk.velg_der(session, tabell, ("saksnummer",), "saksnummer", nr)
        }
        innhold = {cast(tuple[Any, ...], n) for f, n in nokler if f == "tittel"}
        # By title (indexed), then the whole key here: SQLite scans the table for a
        # row-value IN list, once per batch.
        felt = ("type", "departement", "tittel", "oppmeldt", "saksnummer")
        for t, d, ti, o, sn in bulk.velg_der(
            session, tabell, felt, "tittel", {n[2] for n in innhold}
        ):
            if (nokkel := regler.innholdsnokkel(t, d, ti, o)) in innhold:
                finnes[nokkel] = sn
        return finnes

    def handle(self, rad: Rad) -> str:
        return saksnummer(rad.verdier["ar"], rad.verdier["lopenr"])

    def skriv_nye(self, session: Session, rader: list[Rad]) -> None:
        self._nummerer(session, rader)
        if not rader:
            return
        verdier = [self._rad(r.verdier) for r in rader]
        tabell = Sak.__table__  # type: ignore[attr-defined]
        ider = bulk.sett_inn_med_ider(session, tabell, KOLONNER, verdier, "saksnummer")
        nummer = [x[0] for x in verdier]
        historikk.skriv_opprettet(
            session=session,
            entitet=saker.ENTITET,
            poster=zip(ider, nummer, strict=True),
            av=self.av,
            tid=self.tid,
        )

    def _nummerer(self, session: Session, rader: list[Rad]) -> None:
        """Numbers for rows without one, per year, reserved in one statement each."""
        per_ar: dict[int, list[Rad]] = {}
        for r in rader:
            v = r.verdier
            if "ar" not in v:
                per_ar.setdefault(v["oppmeldt"], []).append(r)
                continue
            if v["ar"] not in self.teller_for:
                teller = nummerering.sak_teller(v["ar"])
                self.teller_for[v["ar"]] = nummerering.verdi_av(session=session, teller=teller) or 0
            self.maks_nr[v["ar"]] = max(self.maks_nr.get(v["ar"], 0), v["lopenr"])
        for ar, liste in per_ar.items():
            teller = nummerering.sak_teller(ar)
            if ar in self.maks_nr:
                # Past the numbers rows of this file bring, so no reserved number clashes.
                nummerering.minst(session=session, teller=teller, verdi=self.maks_nr[ar])
            forste = nummerering.reserver(session=session, teller=teller, antall=len(liste))
            for i, r in enumerate(liste):
                r.verdier["ar"], r.verdier["lopenr"] = ar, forste + i

    def _rad(self, v: dict[str, Any]) -> tuple[Any, ...]:
        """A new case's row (`KOLONNER`)."""
        opprettet = v.get("opprettet") or self.tid
        return (
            saksnummer(v["ar"], v["lopenr"]),
            v["ar"],
            v["lopenr"],
            v["type"],
            v["departement"],
            v["tittel"],
            v["beskrivelse"],
            v["oppmeldt"],
            bool(v["gjentakende"]),
            v["meldt_inn_av"],
            v["status"],
            v.get("status_endret") or self.idag,
            opprettet,
            v.get("endret") or opprettet,
        )

    def hent(self, session: Session, handles: list[str]) -> dict[str, Naa]:
        stmt = select(Sak).where(col(Sak.saksnummer).in_(handles))
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return {s.saksnummer: Naa(s.id or 0, saker.public(s)) for s in session.scalars(stmt)}

    def endringer(self, session: Session, naa: Naa, rad: Rad) -> dict[str, tuple[Any, Any]]:
        return pipeline.forskjeller(naa.post, rad, saker.ENDRBARE, KAN_TOMMES, rad.verdier.get)

    def oppdater(
        self, session: Session, handle: str, rad: Rad, felt: Sequence[str], advarsler: Advarsler
    ) -> tuple[Any, list[str]]:
        return saker.endre(
            session=session,
            nummer=handle,
            endring=SakUpdate(**{navn: rad.verdier.get(navn) for navn in felt}),
            av=self.av,
            advarsler=advarsler,
            status_dato=rad.verdier.get("status_endret"),
            tidspunkt=self.tid,
        )

    def avslutt(self, session: Session, feil: Feilsamler, advarsler: Advarsler) -> None:
        for ar, hoyeste in self.maks_nr.items():
            nummerering.minst(session=session, teller=nummerering.sak_teller(ar), verdi=hoyeste)
            if self.tillat_hull:
                continue
            hull = nummerering.hull(session=session, ar=ar, fra=self.teller_for[ar], til=hoyeste)
            if hull is not None:
                advarsler.append(hull)


def _innhold(v: dict[str, Any]) -> tuple[Any, ...]:
    return regler.innholdsnokkel(v["type"], v["departement"], v["tittel"], v["oppmeldt"])


def importer(
    *,
    session: Session,
    rader: Rader,
    konflikt: Konfliktmodus,
    av: str,
    kilde: str,
    advarsler: Advarsler,
    tillat_hull: bool = False,
    fremdrift: Callable[[int], None] | None = None,
    poster: Callable[[Post], None] | None = None,
) -> Importresultat:
    """Import case rows (all or none); gaps the file's saksnumre leave in a year are
    warned about unless `tillat_hull`."""
    serialiser_import(session)
    entitet = Saker(
        deps=last_departementer(session=session), av=av, tid=klokke.na(), tillat_hull=tillat_hull
    )
    return pipeline.importer(
        session=session,
        entitet=entitet,
        rader=rader,
        konflikt=konflikt,
        kilde=kilde,
        advarsler=advarsler,
        fremdrift=fremdrift,
        poster=poster,
    )
