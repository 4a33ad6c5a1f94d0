"""The rules of a bilateral agreement, each written once: the order of its dates, the
year of the first agreement in its series, its parties, its category, what makes two
rows the same agreement, when it starts, when it has expired, the day it ended when it
was closed or renewed, and the links of its series. `avtale ny`, `endre`, `avslutt` and
`forny` (via the register) and the import's row check (`sjekk_rad`) call the same
functions.

A closed agreement's closing date (`status_endret`) is its last day in force, like
`utloper`; register/utvalg.py counts days by that."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from konsreg.errors import Ugyldig
from konsreg.regler import felt as f
from konsreg.regler import nummer
from konsreg.regler.advarsler import Advarsler, TidligAvsluttet, UtenKS
from konsreg.regler.begreper import KS, Status
from konsreg.regler.datoer import norsk_dato, parse_dato, parse_dato_eller_maned, ren_dato
from konsreg.regler.departementer import (
    Departementer,
    deler,
    enkel_del,
    les_parter,
    skriv_parter,
)
from konsreg.regler.rad import (
    Kortvei,
    Rad,
    arstall,
    felt_for_nye,
    mangler,
    ny_rad,
    pakrevd_tekst,
    tekst,
    tidsfelt,
)
from konsreg.regler.rad import felt as regel
from konsreg.tekst import sitat


@dataclass(frozen=True)
class KjentKategori:
    id: int
    kode: str
    navn: str


def sjekk_datoer(
    inngatt: date | None, utloper: date | None, gyldig_fra: date | None = None
) -> None:
    """Utløper is not before inngått, nor before gyldig fra (gyldig fra may come before
    inngått: an agreement can be signed after the day it runs from)."""
    for navn, start in (("inngått", inngatt), ("gyldig fra", gyldig_fra)):
        if start and utloper and utloper < start:
            raise Ugyldig(
                f"Utløper ({norsk_dato(utloper)}) er før {navn} ({norsk_dato(start)}); "
                "sjekk datoene."
            )


def start(inngatt: date | None, gyldig_fra: date | None) -> date | None:
    """The first day an agreement is in force: gyldig fra when it has one, else inngått
    (a month counts from its first day)."""
    return gyldig_fra if gyldig_fra is not None else inngatt


def sluttdato(utloper: date | None, idag: date) -> date:
    """The day an agreement closed without a date given ended (`avtale avslutt`, a
    status set to avsluttet): its utløper when that has come, else today."""
    return ren_dato(utloper) if utloper is not None and utloper <= idag else idag


def sluttdato_fra_fil(
    status: str | None, status_endret: date | None, utloper: date | None
) -> date | None:
    """An imported agreement with status avsluttet and no status_endret ended on its
    utløper (today is no fact about it); without either date it is an error."""
    if status != Status.avsluttet or status_endret is not None:
        return status_endret
    if utloper is None:
        raise Ugyldig(
            "en avsluttet avtale trenger status_endret (dagen den sluttet å gjelde) eller utloper"
        )
    return utloper


def sjekk_fornyelse(
    *, gammel: tuple[date | None, date | None], ny: tuple[date | None, date | None], idag: date
) -> date:
    """A renewal (each agreement as inngått, gyldig fra) is signed no earlier than the one
    it renews and starts later; returns the day the new one starts (today without dates)."""
    (g_inngatt, g_fra), (n_inngatt, n_fra) = gammel, ny
    if n_inngatt and g_inngatt and n_inngatt < g_inngatt:
        raise Ugyldig(
            f"Den nye avtalen ({norsk_dato(n_inngatt)}) kan ikke være inngått før "
            f"avtalen den fornyer ({norsk_dato(g_inngatt)})."
        )
    ny_start = start(n_inngatt, n_fra) or idag
    gammel_start = start(g_inngatt, g_fra)
    if gammel_start is not None and ny_start <= gammel_start:
        raise Ugyldig(
            f"Den nye avtalen gjelder fra {norsk_dato(ny_start)}, avtalen den fornyer fra "
            f"{norsk_dato(gammel_start)}; den nye må begynne å gjelde senere."
        )
    return ny_start


def slutt_ved_fornyelse(utloper: date | None, ny_start: date) -> date:
    """The last day of an agreement renewed by one in force from `ny_start`: its own
    utløper when that comes first, else the day before the new one starts."""
    dagen_for = ren_dato(ny_start) - timedelta(days=1)
    return ren_dato(utloper) if utloper is not None and utloper < dagen_for else dagen_for


def sjekk_fornyer(lenker: Mapping[str, str | None], avtale: str, fornyer: str) -> None:
    """`avtale` may renew `fornyer` unless that is itself, or `fornyer` is already a later
    part of `avtale`'s series (the series would go in a ring). `lenker`: each agreement's
    `fornyer` (id to id), as the register has them."""
    if avtale == fornyer:
        raise Ugyldig(f"En avtale kan ikke fornye seg selv ({avtale}).")
    kjede, neste = [fornyer], lenker.get(fornyer)
    while neste is not None and neste not in kjede:
        kjede.append(neste)
        if neste == avtale:
            raise Ugyldig(
                f"{avtale} kan ikke fornye {fornyer}: {fornyer} kommer allerede etter "
                f"{avtale} i serien ({_kort_serie(kjede[::-1])}), så serien ville gå i ring."
            )
        neste = lenker.get(neste)


def sjekk_forste_avtale(forste: int | None, inngatt: date | None, idag: date) -> None:
    """The first agreement of the series cannot come after this one, nor in the future."""
    if forste is None:
        return
    if forste > idag.year:
        raise Ugyldig(
            f"Første avtale inngått ({forste}) kan ikke være et år fram i tid "
            f"(i år er {idag.year})."
        )
    if inngatt and forste > inngatt.year:
        raise Ugyldig(
            f"Første avtale inngått ({forste}) er etter at denne avtalen ble inngått "
            f"({inngatt.year})."
        )


def parter(deps: Departementer, verdier: Sequence[str], ar: int, advarsler: Advarsler) -> list[str]:
    """The parties as codes (KS, or each ministry as it was in `ar`, given by code or full
    name), in their order. A value may hold several as printed ("Helse- og
    omsorgsdepartementet og KS"). An agreement without KS is kept, with a warning: the
    material's rule is two parties, the state and KS."""
    return som_koder(deps, les_parter(verdier, deps), ar, advarsler)


def som_koder(deps: Departementer, lest: Sequence[str], ar: int, advarsler: Advarsler) -> list[str]:
    """`parter` of parties already read one by one (`les_parter`)."""
    return sjekk_koder([part_kode(deps, p, ar, advarsler) for p in lest], advarsler)


def part_kode(deps: Departementer, part: str, ar: int, advarsler: Advarsler) -> str:
    """One party as its code: KS, or a ministry's code in `ar` (code or full name)."""
    return KS if part.upper() == KS else f.departementskode(deps, part, ar, advarsler, hva="part")


def sjekk_koder(koder: list[str], advarsler: Advarsler) -> list[str]:
    """The rules of an agreement's parties as a whole: at least one, none twice, and a
    warning without KS."""
    if not koder:
        raise Ugyldig("En avtale må ha minst én part.")
    if len(set(koder)) != len(koder):
        raise Ugyldig(f"Samme part er oppgitt to ganger: {skriv_parter(koder)}.")
    if KS not in koder:
        advarsler.append(UtenKS(tuple(koder)))
    return koder


def sjekk_avsluttet(
    dato: date,
    *,
    inngatt: date | None,
    opprettet: date | None,
    id: str | None,
    advarsler: Advarsler,
    gyldig_fra: date | None = None,
) -> None:
    """A closing date: never before the agreement was signed (unless it ran from before
    that, gyldig fra, and ended no earlier); before it was registered (`opprettet`, for a
    record that exists) only with a warning."""
    if inngatt is not None and dato < inngatt and (gyldig_fra is None or dato < gyldig_fra):
        raise Ugyldig(
            f"Avsluttet ({norsk_dato(dato)}) er før inngått ({norsk_dato(inngatt)}); sjekk datoene."
        )
    if opprettet is not None and dato < opprettet:
        advarsler.append(TidligAvsluttet("avtale", id, dato, opprettet=opprettet))


def _kort_serie(serie: Sequence[str]) -> str:
    """`A1 → A2 → A3`; a long one as its ends (`A1 → A2 → A3 → … → A9 (9 avtaler)`)."""
    if len(serie) <= 6:
        return " → ".join(serie)
    return f"{' → '.join(serie[:3])} → … → {serie[-1]} ({len(serie)} avtaler)"


def i_ring(lenker: Mapping[str, str | None]) -> set[str]:
    """The agreements that lie on a ring of `lenker` (one that renews itself included),
    each link followed once: a file of a long series is checked in linear time."""
    ferdig: set[str] = set()
    ring: set[str] = set()
    for start in lenker:
        sti: list[str] = []
        pa_stien: set[str] = set()
        neste: str | None = start
        while neste is not None and neste not in ferdig and neste not in pa_stien:
            sti.append(neste)
            pa_stien.add(neste)
            neste = lenker.get(neste)
        if neste is not None and neste in pa_stien:
            ring.update(sti[sti.index(neste) :])
        ferdig.update(sti)
    return ring


def sjekk(
    *,
    deps: Departementer,
    parter_: Sequence[str],
    inngatt: date | None,
    utloper: date | None,
    forste_avtale: int | None,
    idag: date,
    advarsler: Advarsler,
    gyldig_fra: date | None = None,
) -> list[str]:
    """All of an agreement's own rules; returns its parties as codes."""
    sjekk_datoer(inngatt, utloper, gyldig_fra)
    sjekk_forste_avtale(forste_avtale, inngatt, idag)
    return parter(deps, parter_, inngatt.year if inngatt else idag.year, advarsler)


def finn_kategori(
    kategorier: Sequence[KjentKategori], tekst_: str, *, prefiks: bool = True
) -> KjentKategori:
    """A category by its code (`velferd`), its full name (any case, white space as one
    space), or, typed at the command line (`prefiks`), an unambiguous start of either. A
    file must name it whole: a code it brings may be a new category of its own."""
    verdi = " ".join(tekst_.split()).lower()
    for k in kategorier:
        if verdi in (k.kode.lower(), " ".join(k.navn.split()).lower()):
            return k
    treff = (
        []
        if not prefiks
        else [
            k
            for k in kategorier
            if verdi and (k.kode.lower().startswith(verdi) or k.navn.lower().startswith(verdi))
        ]
    )
    if len(treff) == 1:
        return treff[0]
    kjente = ", ".join(k.kode for k in kategorier)
    raise Ugyldig(f"Ukjent kategori {sitat(tekst_)}; bruk en av: {kjente}.")


def innholdsnokkel(tittel: str, inngatt: date | None) -> tuple[str, date | None]:
    """Two rows without an id are the same agreement when title and inngått agree."""
    return (tittel, inngatt)


def er_utlopt(utloper: date | None, per: date) -> bool:
    """Expired by `per`: an agreement is in force through the whole of its utløper day."""
    return utloper is not None and utloper < per


def sjekk_rad(
    linje: int,
    data: dict[str, Any],
    *,
    deps: Departementer,
    kategorier: Sequence[KjentKategori],
    idag: date,
) -> Rad:
    """An agreement row from a file, checked with the rules of `avtale ny`."""
    rad, data = ny_rad(linje, data)
    if rad.ferdig:
        return rad
    v = rad.verdier
    if (h := tekst(data.get("id"))) is not None:
        _id(rad, "id", h, sjekk_storrelse=True)
    if (tittel := pakrevd_tekst(rad, data, "tittel")) is not None:
        v["tittel"] = tittel
    _kategori(rad, data, kategorier)
    for navn in ("inngatt", "gyldig_fra", "utloper"):
        verdi = tekst(data.get(navn))
        les = parse_dato if navn == "utloper" else parse_dato_eller_maned
        v[navn] = regel(rad, navn, les, verdi) if verdi is not None else None
    if v["inngatt"] is None and not any(x.startswith("inngatt:") for x in rad.feil):
        mangler(rad, "inngatt")
    forste = data.get("forste_avtale")
    v["forste_avtale"] = regel(rad, "forste_avtale", arstall, forste) if tekst(forste) else None
    _parter(rad, data, deps, idag)
    v["status"] = regel(rad, "status", f.status, tekst(data.get("status")) or "ny")
    if (fornyer := tekst(data.get("fornyer"))) is not None:
        _id(rad, "fornyer", fornyer, sjekk_storrelse=False)
    fullt_navn = tekst(data.get("fullt_navn"))
    v["fullt_navn"] = (
        regel(rad, "fullt_navn", lambda x: f.rens_felt("fullt_navn", x), fullt_navn)
        if fullt_navn is not None
        else None
    )
    tidsfelt(rad, data)
    inngatt, utloper, fra = v.get("inngatt"), v.get("utloper"), v.get("gyldig_fra")
    regel(rad, "utloper", lambda _: sjekk_datoer(inngatt, utloper, fra), None)
    regel(rad, "forste_avtale", lambda x: sjekk_forste_avtale(x, inngatt, idag), v["forste_avtale"])
    _avslutning(rad)
    if v.get("fornyer") is not None and v.get("fornyer") == v.get("handle"):
        rad.feil.append("fornyer: en avtale kan ikke fornye seg selv")
    return rad


class Radsjekk(Kortvei):
    """`sjekk_rad` for the rows of one file, the short way where it can (`Kortvei`): a
    file of 100,000 agreements has a few thousand dates, a few dozen parties a year, two
    categories, each looked up once with the same rule functions."""

    # The columns the short way takes; a file with others (an export's status_endret,
    # opprettet, kategori_navn) goes the whole way.
    KOLONNER = frozenset(
        {"id", "tittel", "kategori", "inngatt", "gyldig_fra", "utloper", "forste_avtale"}
        | {"parter", "status", "fornyer", "fullt_navn"}
    )

    def __init__(
        self, *, deps: Departementer, kategorier: Sequence[KjentKategori], idag: date
    ) -> None:
        super().__init__()
        self.deps, self.kategorier, self.idag = deps, kategorier, idag
        self._datoer: dict[str, date] = {}
        self._datoer_maned: dict[str, date] = {}
        self._ar: dict[str, int] = {}
        self._status: dict[str, str] = {}
        self._kategori: dict[str, int] = {}
        # (part, year) -> its code and the warnings it gives; only parts the short way of
        # les_parter reads as they stand (`enkel_del`).
        self._part: dict[tuple[str, int], tuple[str, tuple[Any, ...]]] = {}
        # (the whole string, year) -> its codes and warnings, once the parts passed.
        self._parter_: dict[tuple[str, int], tuple[tuple[str, ...], tuple[Any, ...]]] = {}

    def _hele(self, linje: int, data: dict[str, Any]) -> Rad:
        return sjekk_rad(linje, data, deps=self.deps, kategorier=self.kategorier, idag=self.idag)

    def _rask(self, linje: int, data: dict[str, Any]) -> Rad | None:
        """The row checked with the same rules as `sjekk_rad`, or None where the short
        way cannot say (a value of another type than text, a value missing, a rule
        refusing: `Ugyldig`/`ValueError` go to the caller, which takes the whole way)."""
        lest = self._celler(data)
        if lest is None:
            return None
        kolonner, celler, tomme = lest
        hent = celler.get
        tittel, kategori, parter_, inngatt_ = (
            hent("tittel"),
            hent("kategori"),
            hent("parter"),
            hent("inngatt"),
        )
        if tittel is None or kategori is None or parter_ is None or inngatt_ is None:
            return None  # "mangler": the whole way defers or says it
        v: dict[str, Any] = {}
        if (h := hent("id")) is not None:
            tall = nummer.les_avtale_id(h)
            nummer.sjekk_avtalenummer(h, tall)
            v["handle"] = nummer.avtale_id(tall)
        v["tittel"] = f.rens_felt("tittel", tittel)
        kategori_id = self._kategori.get(kategori)
        if kategori_id is None:
            # Through the field's rule first: a line break inside a full name is refused
            # there, although finn_kategori would read it as a space.
            ren = f.rens_felt("kategori", kategori)
            kategori_id = finn_kategori(self.kategorier, ren, prefiks=False).id
            self._husk(self._kategori, kategori, kategori_id)
        v["kategori_id"] = kategori_id
        inngatt = v["inngatt"] = self._hent(self._datoer_maned, inngatt_, parse_dato_eller_maned)
        fra_ = hent("gyldig_fra")
        fra = v["gyldig_fra"] = (
            None if fra_ is None else self._hent(self._datoer_maned, fra_, parse_dato_eller_maned)
        )
        utloper_ = hent("utloper")
        utloper = v["utloper"] = (
            None if utloper_ is None else self._hent(self._datoer, utloper_, parse_dato)
        )
        forste_ = hent("forste_avtale")
        forste = v["forste_avtale"] = (
            None if forste_ is None else self._hent(self._ar, forste_, arstall)
        )
        advarsler: Advarsler = []
        koder = self._parter(f.rens_felt("parter", parter_), inngatt.year, advarsler)
        if koder is None:
            return None
        v["parter"] = koder
        status = v["status"] = self._hent(self._status, hent("status") or "ny", f.status)
        if (fornyer := hent("fornyer")) is not None:
            v["fornyer"] = nummer.avtale_id(nummer.les_avtale_id(fornyer))
            if v["fornyer"] == v.get("handle"):
                return None
        fullt_navn = hent("fullt_navn")
        v["fullt_navn"] = None if fullt_navn is None else f.rens_felt("fullt_navn", fullt_navn)
        sjekk_datoer(inngatt, utloper, fra)
        sjekk_forste_avtale(forste, inngatt, self.idag)
        v["sluttdato"] = sluttdato_fra_fil(status, None, utloper)
        return Rad(linje, verdier=v, advarsler=advarsler, tomme=tomme, kolonner=kolonner)

    def _parter(self, tekst_: str, ar: int, advarsler: Advarsler) -> list[str] | None:
        """`parter` of a printed string whose every part `les_parter` reads as it stands;
        None for one with a full name (or anything else the short way does not read)."""
        hele = self._parter_.get((tekst_, ar))
        if hele is not None:  # the same string of parties in the same year
            advarsler.extend(hele[1])
            return list(hele[0])
        koder: list[str] = []
        egne: Advarsler = []
        for del_ in deler(tekst_):
            funnet = self._part.get((del_, ar))
            if funnet is None:
                if not enkel_del(del_, self.deps):
                    return None
                fra_delen: Advarsler = []
                funnet = (part_kode(self.deps, del_.upper(), ar, fra_delen), tuple(fra_delen))
                self._husk(self._part, (del_, ar), funnet)
            koder.append(funnet[0])
            egne.extend(funnet[1])
        sjekk_koder(koder, egne)
        self._husk(self._parter_, (tekst_, ar), (tuple(koder), tuple(egne)))
        advarsler.extend(egne)
        return koder


def _avslutning(rad: Rad) -> None:
    """The day a closed row ended (`sluttdato`: status_endret, else utløper; a new record
    needs one of them) and its check against inngått and the day it was registered."""
    v = rad.verdier
    inngatt, utloper, fra = v.get("inngatt"), v.get("utloper"), v.get("gyldig_fra")
    if "status_endret" not in rad.ugyldige and not any(
        x.startswith(("status_endret:", "utloper:")) for x in rad.feil
    ):
        v["sluttdato"] = felt_for_nye(
            rad,
            "status_endret",
            lambda _: sluttdato_fra_fil(v["status"], v.get("status_endret"), utloper),
            None,
        )
    if v["status"] == Status.avsluttet and (dato := v.get("status_endret")) is not None:
        opprettet = v.get("opprettet")
        regel(
            rad,
            "status_endret",
            lambda d: sjekk_avsluttet(
                d,
                inngatt=inngatt,
                opprettet=opprettet.date() if opprettet else None,
                id=v.get("handle"),
                advarsler=rad.advarsler,
                gyldig_fra=fra,
            ),
            dato,
        )


def _id(rad: Rad, navn: str, verdi: str, *, sjekk_storrelse: bool) -> None:
    tall = regel(rad, navn, nummer.les_avtale_id, verdi)
    if tall is None:
        return
    for_ = len(rad.feil)
    if sjekk_storrelse:
        regel(rad, navn, lambda x: nummer.sjekk_avtalenummer(x, tall), verdi)
    if len(rad.feil) == for_:
        rad.verdier["handle" if navn == "id" else navn] = nummer.avtale_id(tall)


def _kategori(rad: Rad, data: dict[str, Any], kategorier: Sequence[KjentKategori]) -> None:
    """A known category, or (with `kategori_navn`, as exports carry it) a new one."""
    if (kode := pakrevd_tekst(rad, data, "kategori")) is None:
        return
    navn = tekst(data.get("kategori_navn"))
    if navn is not None:
        navn = regel(rad, "kategori_navn", lambda x: f.rens_felt("kategori_navn", x), navn)
        if navn is None:
            return  # the name's own error is said
    try:
        rad.verdier["kategori_id"] = finn_kategori(kategorier, kode, prefiks=False).id
        return
    except Ugyldig as feil:
        if navn is None:
            rad.feil.append(
                f"kategori: {feil.melding.rstrip('.')} (eller oppgi kategori_navn for å "
                "opprette den)"
            )
            return
    navn = " ".join(navn.split())
    if len(navn) > 300:
        rad.feil.append("kategori_navn: er lengre enn 300 tegn")
        return
    rad.verdier["kategori_id"] = None
    rad.verdier["ny_kategori"] = (kode, navn)


def _parter(rad: Rad, data: dict[str, Any], deps: Departementer, idag: date) -> None:
    verdi = data.get("parter")
    liste: list[str] = []
    try:
        if isinstance(verdi, list):
            liste = les_parter([f.rens_felt("parter", p) for p in verdi if p.strip()], deps)
        elif (t := tekst(verdi)) is not None:
            liste = les_parter([f.rens_felt("parter", t)], deps)
    except ValueError as feil:
        rad.feil.append(f"parter: {feil}")
        return
    if not liste:
        mangler(rad, "parter")
        rad.verdier["parter"] = []
        return
    inngatt = rad.verdier.get("inngatt")
    ar = inngatt.year if inngatt else idag.year
    rad.verdier["parter"] = regel(
        rad, "parter", lambda x: som_koder(deps, x, ar, rad.advarsler), liste
    )
