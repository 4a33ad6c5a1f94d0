"""The import of agreements: what the pipeline needs to know of an agreement row."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import select, update
from sqlmodel import Session, col

from konsreg.db import serialiser_import
from konsreg.errors import Ugyldig
from konsreg.models import Avtale, AvtaleEksport, AvtalePart, AvtalePublic, AvtaleUpdate
from konsreg.register import avtaler, bulk, historikk, klokke, nummerering
from konsreg.register.departementer import kategorier, last_departementer, ny_kategori
from konsreg.register.importer import pipeline
from konsreg.register.importer.pipeline import (
    Feilsamler,
    Importresultat,
    Naa,
    Nokkel,
    Post,
    Rader,
)
from konsreg.regler import avtale as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.avtale import KjentKategori
from konsreg.regler.begreper import Konfliktmodus
from konsreg.regler.datoer import med_presisjon
from konsreg.regler.departementer import Departementer
from konsreg.regler.nummer import avtale_id, les_avtale_id
from konsreg.regler.rad import Rad
from konsreg.regler.sok import parter_tekst

# The fields of an agreement a row may change (those `avtale endre` may), and those an
# empty cell clears.
FELT = avtaler.ENDRBARE
KAN_TOMMES = frozenset({"gyldig_fra", "utloper", "forste_avtale", "fornyer", "fullt_navn"})
# The columns of a new agreement's row, in the order `Avtaler._rad` gives them.
KOLONNER = (
    "handle",
    "tittel",
    "kategori_id",
    "inngatt",
    "inngatt_presisjon",
    "gyldig_fra",
    "gyldig_fra_presisjon",
    "utloper",
    "forste_avtale",
    "status",
    "status_endret",
    "fornyer_id",
    "fullt_navn",
    "opprettet",
    "endret",
    # Written with the row, so the search index's triggers on avtalepart find the parties
    # there already and leave the row (and its index entry) alone (migration 0006).
    "parter_tekst",
)


class Avtaler:
    """Agreements keyed on their id, or (without one) on title and inngått. Categories
    the file names with code and full name but the register lacks are created;
    renewals (`fornyer`) may point at rows later in the file and are linked last, for
    new rows and (under `oppdater`) changed ones alike."""

    navn = "avtale"
    nokkelfelt = "id"

    def __init__(self, *, session: Session, deps: Departementer, av: str, tid: datetime) -> None:
        self.deps, self.av, self.tid = deps, av, tid
        self.idag = klokke.dag(tid)
        self.kategorier: list[KjentKategori] = kategorier(session=session)
        # The same list: a category the file creates is known to the rows after it.
        self._sjekk = regler.Radsjekk(deps=deps, kategorier=self.kategorier, idag=self.idag)
        self.egne_maks = 0  # the highest id a row of the file brought
        # (agreement, the one it renews or None, line, its link before: None for a new row)
        self.fornyelser: list[tuple[str, str | None, int, tuple[str | None] | None]] = []

    def sjekk(self, linje: int, data: dict[str, Any]) -> Rad:
        return self._sjekk(linje, data)

    def omtal(self, handle: str) -> str:
        return f"avtale {handle}"

    def nokkel(self, rad: Rad) -> Nokkel | None:
        v = rad.verdier
        if "handle" in v:
            return "id", v["handle"]
        if v.get("tittel") is None or v.get("inngatt") is None:
            return None
        return "tittel", regler.innholdsnokkel(v["tittel"], v["inngatt"])

    def finn(self, session: Session, nokler: list[Nokkel]) -> dict[Hashable, str]:
        tabell = Avtale.__table__  # type: ignore[attr-defined]
        med_id = [n for f, n in nokler if f == "id"]
        finnes: dict[Hashable, str] = {
            h: h for (h,) in bulk.velg_der(session, tabell, ("handle",), "handle", med_id)
        }
        par = {cast(tuple[str, Any], n) for f, n in nokler if f == "tittel"}
        # By title (indexed), then title and inngått here, as for cases.
        felt = ("tittel", "inngatt", "inngatt_presisjon", "handle")
        for t, i, p, h in bulk.velg_der(session, tabell, felt, "tittel", {t for t, _ in par}):
            if (nokkel := regler.innholdsnokkel(t, med_presisjon(bulk.som_dato(i), p))) in par:
                finnes[nokkel] = h
        return finnes

    def handle(self, rad: Rad) -> str:
        return str(rad.verdier["handle"])

    def skriv_nye(self, session: Session, rader: list[Rad]) -> None:
        self._nye_kategorier(session, rader)
        self._nummerer(session, rader)
        if not rader:
            return
        verdier = [self._rad(r.verdier) for r in rader]
        tabell = Avtale.__table__  # type: ignore[attr-defined]
        ider = bulk.sett_inn_med_ider(session, tabell, KOLONNER, verdier, "handle")
        handles = [x[0] for x in verdier]
        parter = [
            (i, p, kode)
            for i, r in zip(ider, rader, strict=True)
            for p, kode in enumerate(r.verdier["parter"], start=1)
        ]
        deler = AvtalePart.__table__  # type: ignore[attr-defined]
        bulk.sett_inn(session, deler, ("avtale_id", "posisjon", "kode"), parter)
        historikk.skriv_opprettet(
            session=session,
            entitet=avtaler.ENTITET,
            poster=zip(ider, handles, strict=True),
            av=self.av,
            tid=self.tid,
        )
        self.fornyelser.extend(
            (r.verdier["handle"], r.verdier["fornyer"], r.linje, None)
            for r in rader
            if r.verdier.get("fornyer")
        )

    def _nye_kategorier(self, session: Session, rader: list[Rad]) -> None:
        """Categories an export of another register carries (code and full name)."""
        for r in rader:
            if r.verdier.get("kategori_id") is not None:
                continue
            kode, navn = r.verdier["ny_kategori"]
            kjent = next((k for k in self.kategorier if k.kode.lower() == kode.lower()), None)
            if kjent is None:
                kjent = ny_kategori(session=session, navn=navn, kode=kode)
                self.kategorier.append(kjent)
            r.verdier["kategori_id"] = kjent.id

    def _nummerer(self, session: Session, rader: list[Rad]) -> None:
        uten = [r for r in rader if "handle" not in r.verdier]
        egne = [les_avtale_id(r.verdier["handle"]) for r in rader if "handle" in r.verdier]
        self.egne_maks = max(self.egne_maks, *egne, 0)
        if uten and self.egne_maks:
            # Past the ids rows of this file bring, so no reserved id clashes (the ids
            # reserved before are below the counter already).
            nummerering.minst(
                session=session, teller=nummerering.AVTALE_TELLER, verdi=self.egne_maks
            )
        forste = nummerering.reserver(
            session=session, teller=nummerering.AVTALE_TELLER, antall=len(uten)
        )
        for i, r in enumerate(uten):
            r.verdier["handle"] = avtale_id(forste + i)

    def _rad(self, v: dict[str, Any]) -> tuple[Any, ...]:
        """A new agreement's row (`KOLONNER`)."""
        opprettet = v.get("opprettet") or self.tid
        return (
            v["handle"],
            v["tittel"],
            v["kategori_id"],
            *avtaler.datokolonne(v["inngatt"]),
            *avtaler.datokolonne(v["gyldig_fra"]),
            v["utloper"],
            v["forste_avtale"],
            v["status"],
            # A closed one without status_endret ended on its utløper (regler.avtale).
            v.get("sluttdato") or self.idag,
            None,  # fornyer_id: linked at the end (_koble_fornyelser)
            v.get("fullt_navn"),
            opprettet,
            v.get("endret") or opprettet,
            parter_tekst(v["parter"]),
        )

    def hent(self, session: Session, handles: list[str]) -> dict[str, Naa]:
        stmt = select(Avtale).where(col(Avtale.handle).in_(handles))
        rader = list(
            session.scalars(stmt.with_for_update().execution_options(populate_existing=True))
        )
        offentlige = avtaler.public_mange(session=session, avtaler=rader)
        return {
            p.id: Naa(a.id or 0, self._eksportform(p, a.fullt_navn))
            for a, p in zip(rader, offentlige, strict=True)
        }

    def _eksportform(self, post: AvtalePublic, fullt_navn: str | None) -> AvtaleEksport:
        """An agreement as the export has it: a row compares and reports its official
        title too, which the public shape lacks. Not validated again (a month stays a
        month)."""
        navn = next((k.navn for k in self.kategorier if k.kode == post.kategori), "")
        return AvtaleEksport.model_construct(
            **dict(post), kategori_navn=navn, fullt_navn=fullt_navn
        )

    def _ny_verdi(self, session: Session, rad: Rad, navn: str) -> Any:
        if navn != "kategori":
            return rad.verdier.get(navn)
        if rad.verdier.get("kategori_id") is None:
            self._nye_kategorier(session, [rad])  # named with its full name: a new one
        return next(k.kode for k in self.kategorier if k.id == rad.verdier["kategori_id"])

    def endringer(self, session: Session, naa: Naa, rad: Rad) -> dict[str, tuple[Any, Any]]:
        return pipeline.forskjeller(
            naa.post, rad, FELT, KAN_TOMMES, lambda navn: self._ny_verdi(session, rad, navn)
        )

    def oppdater(
        self, session: Session, handle: str, rad: Rad, felt: Sequence[str], advarsler: Advarsler
    ) -> tuple[Any, list[str]]:
        endring = {navn: self._ny_verdi(session, rad, navn) for navn in felt if navn != "fornyer"}
        avtale, endret = avtaler.endre(
            session=session,
            handle=handle,
            endring=AvtaleUpdate(**endring),
            av=self.av,
            advarsler=advarsler,
            status_dato=rad.verdier.get("status_endret"),
            ved_avslutning=rad.verdier.get("sluttdato"),
            tidspunkt=self.tid,
        )
        hadde = avtaler.hent(session=session, handle=handle).fullt_navn
        avtale = self._eksportform(avtale, hadde)
        if "fornyer" not in felt:
            return avtale, endret
        # A renewal link the file sets, changes or (an empty cell) clears: it may point
        # at a row later in the file, so it is linked last (_koble_fornyelser).
        fornyer = rad.verdier.get("fornyer")
        self.fornyelser.append((handle, fornyer, rad.linje, (avtale.fornyer,)))
        return avtale.model_copy(update={"fornyer": fornyer}), [*endret, "fornyer"]

    def avslutt(self, session: Session, feil: Feilsamler, advarsler: Advarsler) -> None:
        self._koble_fornyelser(session, feil)
        if self.egne_maks:  # the ids reserved are below the counter already
            nummerering.minst(
                session=session, teller=nummerering.AVTALE_TELLER, verdi=self.egne_maks
            )

    def _koble_fornyelser(self, session: Session, feil: Feilsamler) -> None:
        """Renewals may point at rows later in the file, so they are linked at the end;
        then no link may renew itself or close a ring (regler.avtale.sjekk_fornyer)."""
        if not self.fornyelser:
            return
        handles = {h for a, f, _, _ in self.fornyelser for h in (a, f) if h is not None}
        stmt = select(col(Avtale.handle), col(Avtale.id)).where(col(Avtale.handle).in_(handles))
        ider_for = dict(session.execute(stmt).all())
        for handle, fornyer, linje, for_ in self.fornyelser:
            if fornyer is not None and fornyer not in ider_for:
                feil.legg_til(linje, f"fornyer: finner ingen avtale {fornyer}")
                continue
            verdier: dict[str, Any] = {"fornyer_id": ider_for.get(fornyer) if fornyer else None}
            if for_ is not None:  # an existing agreement: the change goes in its history
                verdier["endret"] = self.tid
                historikk.logg(
                    session=session,
                    entitet=avtaler.ENTITET,
                    entitet_id=ider_for[handle],
                    felt="fornyer",
                    gammel=for_[0],
                    ny=fornyer,
                    av=self.av,
                    tidspunkt=self.tid,
                )
            session.execute(
                update(Avtale).where(col(Avtale.id) == ider_for[handle]).values(**verdier)
            )
        lenker = avtaler.lenker(session=session)
        ring = regler.i_ring(lenker)
        for handle, fornyer, linje, _ in self.fornyelser:
            if handle in ring and fornyer is not None and fornyer in ider_for:
                try:
                    regler.sjekk_fornyer(lenker, handle, fornyer)
                except Ugyldig as e:
                    feil.legg_til(linje, f"fornyer: {e.melding.rstrip('.')}")


def importer(
    *,
    session: Session,
    rader: Rader,
    konflikt: Konfliktmodus,
    av: str,
    kilde: str,
    advarsler: Advarsler,
    fremdrift: Callable[[int], None] | None = None,
    poster: Callable[[Post], None] | None = None,
) -> Importresultat:
    """Import agreement rows (all or none)."""
    serialiser_import(session)
    entitet = Avtaler(
        session=session, deps=last_departementer(session=session), av=av, tid=klokke.na()
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
