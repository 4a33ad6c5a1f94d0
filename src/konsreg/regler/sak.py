"""The rules of a case (sak): its ministry codes, what makes two rows the same case, and
the check of one imported row with the same rules `sak ny` applies."""

from __future__ import annotations

from datetime import date
from typing import Any

from konsreg.errors import Ugyldig
from konsreg.regler import felt as f
from konsreg.regler import nummer
from konsreg.regler.advarsler import Advarsler, LangtFram, TidligAvsluttet
from konsreg.regler.begreper import Status
from konsreg.regler.datoer import AR_SPENN, i_spenn
from konsreg.regler.departementer import Departementer
from konsreg.regler.rad import (
    Kortvei,
    Rad,
    arstall,
    felt_for_nye,
    ny_rad,
    pakrevd,
    pakrevd_tekst,
    tekst,
    tidsfelt,
)
from konsreg.regler.rad import felt as _regel


def koder(
    deps: Departementer, departement: str, meldt_inn_av: str, ar: int, advarsler: Advarsler
) -> tuple[str, str]:
    """The responsible ministry's code and who brought the case in (KS or a ministry),
    both as they were in `ar`, the year the case was registered."""
    return (
        f.departementskode(deps, departement, ar, advarsler),
        f.meldt_inn_av(deps, meldt_inn_av, ar, advarsler),
    )


def sjekk_oppmeldt(oppmeldt: int, idag: date, saksnummer: str | None, advarsler: Advarsler) -> None:
    """A case meldt opp for more than a year ahead is kept, with a warning (a typo of the
    year is the likelier story)."""
    if oppmeldt > idag.year + 1:
        advarsler.append(LangtFram(saksnummer, oppmeldt, idag.year))


def sjekk_avsluttet(
    dato: date,
    *,
    oppmeldt: int,
    opprettet: date | None,
    saksnummer: str | None,
    advarsler: Advarsler,
) -> None:
    """A closing date before the case's oppmeldt year, or before it was registered
    (`opprettet`, for a case that exists), is kept, with a warning."""
    if opprettet is not None and dato < opprettet:
        advarsler.append(TidligAvsluttet("sak", saksnummer, dato, opprettet=opprettet))
    elif dato.year < oppmeldt:
        advarsler.append(TidligAvsluttet("sak", saksnummer, dato, oppmeldt=oppmeldt))


def innholdsnokkel(type: str, departement: str, tittel: str, oppmeldt: int) -> tuple[Any, ...]:
    """Two rows without a saksnummer are the same case when kind, ministry, title and year
    agree: the same spreadsheet imported twice registers nothing twice."""
    return (type, departement, tittel, oppmeldt)


def sjekk_avsluttet_fra_fil(status: str | None, status_endret: date | None) -> None:
    """A closed case in a file carries the day it was closed: the import has no other
    fact to go by (today would put a case closed in 2008 in this year's appendix)."""
    if status == Status.avsluttet and status_endret is None:
        raise Ugyldig("en avsluttet sak trenger status_endret (datoen den ble avsluttet)")


def sjekk_rad(linje: int, data: dict[str, Any], *, deps: Departementer, idag: date) -> Rad:
    """A case row from a file, checked with the rules of `sak ny`."""
    rad, data = ny_rad(linje, data)
    if rad.ferdig:
        return rad
    v = rad.verdier
    _saksnummer(rad, data)
    if (t := pakrevd(rad, data, "type")) is not None:
        v["type"] = _regel(rad, "type", f.sakstype, t)
    oppmeldt = tekst(data.get("oppmeldt"))
    v["oppmeldt"] = _regel(rad, "oppmeldt", arstall, oppmeldt) if oppmeldt else idag.year
    ar = v["oppmeldt"] or idag.year
    if (d := pakrevd_tekst(rad, data, "departement")) is not None:
        v["departement"] = _regel(
            rad, "departement", lambda x: f.departementskode(deps, x, ar, rad.advarsler), d
        )
    if (tittel := pakrevd_tekst(rad, data, "tittel")) is not None:
        v["tittel"] = tittel
    v["beskrivelse"] = _regel(rad, "beskrivelse", f.valgfri_beskrivelse, data.get("beskrivelse"))
    if "gjentakende" not in rad.ugyldige:
        v["gjentakende"] = _regel(rad, "gjentakende", f.ja_nei, data.get("gjentakende"))
    if (m := pakrevd_tekst(rad, data, "meldt_inn_av")) is not None:
        v["meldt_inn_av"] = _regel(
            rad, "meldt_inn_av", lambda x: f.meldt_inn_av(deps, x, ar, rad.advarsler), m
        )
    v["status"] = _regel(rad, "status", f.status, tekst(data.get("status")) or "ny")
    tidsfelt(rad, data)
    snr = nummer.saksnummer(v["ar"], v["lopenr"]) if "lopenr" in v else None
    if v["oppmeldt"] is not None:
        sjekk_oppmeldt(v["oppmeldt"], idag, snr, rad.advarsler)
        if v["status"] == "avsluttet" and (dato := v.get("status_endret")) is not None:
            opprettet = v.get("opprettet")
            sjekk_avsluttet(
                dato,
                oppmeldt=v["oppmeldt"],
                opprettet=opprettet.date() if opprettet else None,
                saksnummer=snr,
                advarsler=rad.advarsler,
            )
    if not any(x.startswith("status_endret:") for x in rad.feil):
        felt_for_nye(
            rad,
            "status_endret",
            lambda _: sjekk_avsluttet_fra_fil(v["status"], v.get("status_endret")),
            None,
        )
    return rad


def _saksnummer(rad: Rad, data: dict[str, Any]) -> None:
    if (nr := tekst(data.get("saksnummer"))) is None:
        return
    tall = _regel(rad, "saksnummer", nummer.les_saksnummer, nr)
    if tall is None:
        return
    ar, lopenr = tall
    rad.verdier["ar"], rad.verdier["lopenr"] = ar, lopenr
    _regel(rad, "saksnummer", lambda x: nummer.sjekk_lopenr(x, lopenr), nr)
    if not i_spenn(ar):
        rad.feil.append(f"saksnummer: året {ar} er utenfor det registeret godtar ({AR_SPENN})")


class Sakssjekk(Kortvei):
    """`sjekk_rad` for the case rows of one file, the short way where it can (`Kortvei`):
    a file of 100,000 cases has two kinds, a few dozen ministries a year and a handful of
    years and statuses, each looked up once with the same rule functions."""

    # The columns the short way takes; an export's status_endret, opprettet and endret
    # go the whole way.
    KOLONNER = frozenset(
        {"saksnummer", "type", "departement", "tittel", "oppmeldt", "meldt_inn_av"}
        | {"beskrivelse", "gjentakende", "status"}
    )

    def __init__(self, *, deps: Departementer, idag: date) -> None:
        super().__init__()
        self.deps, self.idag = deps, idag
        self._type: dict[str, str] = {}
        self._ar: dict[str, int] = {}
        self._status: dict[str, str] = {}
        self._ja_nei: dict[str | None, bool] = {}
        # (the cell, the year) -> the code and the warnings it gives then.
        self._departement: dict[tuple[str, int], tuple[str, tuple[Any, ...]]] = {}
        self._meldt_inn_av: dict[tuple[str, int], tuple[str, tuple[Any, ...]]] = {}

    def _hele(self, linje: int, data: dict[str, Any]) -> Rad:
        return sjekk_rad(linje, data, deps=self.deps, idag=self.idag)

    def _rask(self, linje: int, data: dict[str, Any]) -> Rad | None:
        """The row checked with the same rules as `sjekk_rad`, in the same order, or None
        where the short way cannot say (a rule refusing goes to the caller as `Ugyldig` or
        `ValueError`, which takes the whole way)."""
        lest = self._celler(data)
        if lest is None:
            return None
        kolonner, celler, tomme = lest
        hent = celler.get
        type_, dep, tittel, meldt = (
            hent("type"),
            hent("departement"),
            hent("tittel"),
            hent("meldt_inn_av"),
        )
        if type_ is None or dep is None or tittel is None or meldt is None:
            return None  # "mangler": the whole way defers or says it
        v: dict[str, Any] = {}
        snr = None
        if (nr := hent("saksnummer")) is not None:
            ar_, lopenr = nummer.les_saksnummer(nr)
            nummer.sjekk_lopenr(nr, lopenr)
            if not i_spenn(ar_):
                return None
            v["ar"], v["lopenr"] = ar_, lopenr
            snr = nummer.saksnummer(ar_, lopenr)
        v["type"] = self._hent(self._type, type_, f.sakstype)
        oppmeldt_ = hent("oppmeldt")
        oppmeldt = v["oppmeldt"] = (
            self.idag.year if oppmeldt_ is None else self._hent(self._ar, oppmeldt_, arstall)
        )
        ar = oppmeldt or self.idag.year
        advarsler: Advarsler = []
        v["departement"] = self._kode(
            self._departement, dep, ar, advarsler, "departement", f.departementskode
        )
        v["tittel"] = f.rens_felt("tittel", tittel)
        v["beskrivelse"] = f.valgfri_beskrivelse(data.get("beskrivelse"))
        v["gjentakende"] = self._hent(self._ja_nei, data.get("gjentakende"), f.ja_nei)
        v["meldt_inn_av"] = self._kode(
            self._meldt_inn_av, meldt, ar, advarsler, "meldt_inn_av", f.meldt_inn_av
        )
        status = v["status"] = self._hent(self._status, hent("status") or "ny", f.status)
        if status == Status.avsluttet:
            return None  # a closed case needs status_endret, which only the whole way reads
        sjekk_oppmeldt(oppmeldt, self.idag, snr, advarsler)
        return Rad(linje, verdier=v, advarsler=advarsler, tomme=tomme, kolonner=kolonner)

    def _kode(
        self,
        husk: dict[tuple[str, int], tuple[str, tuple[Any, ...]]],
        celle: str,
        ar: int,
        advarsler: Advarsler,
        navn: str,
        regel: Any,
    ) -> str:
        """A ministry's code in `ar` through its field's rules (`rens_felt`, then `regel`),
        once per cell and year; the warnings it gives are given to every row."""
        funnet = husk.get((celle, ar))
        if funnet is None:
            egne: Advarsler = []
            funnet = (regel(self.deps, f.rens_felt(navn, celle), ar, egne), tuple(egne))
            self._husk(husk, (celle, ar), funnet)
        advarsler.extend(funnet[1])
        return funnet[0]
