"""Ministry codes resolved with the year of the record, and parties as printed.

Codes are reused over time (KD was the culture ministry 1982–2001 and is the
education ministry since 2006), so a code is always looked up with a year. A
code used outside its ministry's years is accepted with a warning, because the
secretariat writes today's names on old records; a code no ministry ever had is
an error that names the closest known codes and names. A ministry's full name
(any case, white space as one space) is taken wherever a code is.

Ministries hand their tasks over (KRD → KMD → KDD): a record keeps the code it was
registered with, a later year's appendix shows the successor, and a filter by a
ministry finds what its predecessors registered (`Overgang`).
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

__all__ = [
    "KS",
    "Advarsler",
    "Dep",
    "Departementer",
    "Overgang",
    "Vist",
    "les_parter",
    "navnform",
    "skriv_parter",
]


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


@dataclass(frozen=True)
class Overgang:
    """Ministry `forgjenger` handed its tasks to `etterfolger` from 1 January of `ar`:
    all of them (`hel`: a later appendix prints the successor), or a part (a judgement
    the `merknad` explains; a filter by the successor still finds the records)."""

    forgjenger: str
    etterfolger: str
    ar: int
    hel: bool
    merknad: str | None = None


@dataclass(frozen=True)
class Vist:
    """A ministry as registered, and the successor an appendix of a later year shows."""

    registrert: str
    registrert_navn: str
    vist: str
    vist_navn: str


def navnform(tekst: str) -> str:
    """A full name as compared: lower case, white space as one space."""
    return " ".join(tekst.split()).lower()


class Departementer:
    """All ministries the register knows, for lookups by code and year or by name, and
    the hand-overs between them."""

    def __init__(self, rader: Iterable[Dep], overganger: Iterable[Overgang] = ()) -> None:
        self.alle = list(rader)
        self.overganger = sorted(overganger, key=lambda o: (o.ar, o.forgjenger, o.etterfolger))
        self._per_kode: dict[str, list[Dep]] = {}
        self._per_navn: dict[str, list[Dep]] = {}
        self._fra: dict[str, list[Overgang]] = {}
        # finn() per (code, year): an import asks the same few thousand times per batch.
        self._funnet: dict[tuple[str, int], tuple[Dep, UtenforAr | None]] = {}
        for dep in self.alle:
            self._per_kode.setdefault(dep.kode.upper(), []).append(dep)
            self._per_navn.setdefault(navnform(dep.navn), []).append(dep)
        for o in self.overganger:
            self._fra.setdefault(o.forgjenger, []).append(o)
        # Longest first: "Kulturdepartementet" must not take the start of a longer name.
        self._navn_lengst = sorted(self._per_navn, key=len, reverse=True)
        # By their first letters, so that reading a party costs a lookup, not a scan.
        self._navn_ved_start: dict[str, list[str]] = {}
        for navn in self._navn_lengst:
            self._navn_ved_start.setdefault(navn[:_START], []).append(navn)
        # Whether every full name of words alone ("Finansdepartementet") is one word: then
        # a list of single words is read word by word (les_parter's short way).
        self.ordvis = not any(
            len(d := _SKILLE.split(navn)) > 1 and all(map(_ETT_ORD.fullmatch, d))
            for navn in self._navn_lengst
        )
        self._etterfolgere: dict[tuple[str, int], frozenset[str]] = {}

    @property
    def koder(self) -> list[str]:
        return sorted(self._per_kode)

    def finnes(self, kode: str) -> bool:
        return kode.strip().upper() in self._per_kode

    def ukjent(self, kode: str, *, hva: str = "departementskode") -> Ugyldig:
        """The error for a value that is neither a known code nor a known full name: it
        names the nearest codes, then the nearest names (with their codes)."""
        koder = difflib.get_close_matches(kode.upper(), [*self.koder, KS], n=3, cutoff=0.4)
        navn = self._naermeste_navn(kode)
        alle = [*koder, *(f"{sitat(d.navn)} ({d.kode})" for d in navn)]
        forslag = f" Mente du {' eller '.join(alle)}?" if alle else ""
        return Ugyldig(
            f"Ukjent {hva} {sitat(kode)}.{forslag} Se «konsreg departementer» for alle koder."
        )

    def _naermeste_navn(self, tekst: str) -> list[Dep]:
        """Up to two names: the closest spellings, then those with a word starting with
        each word given ("helse og omsorg" is Helse- og omsorgsdepartementet)."""
        verdi = navnform(tekst)
        if len(verdi) < 4:
            return []
        treff = difflib.get_close_matches(verdi, self._navn_lengst, n=2, cutoff=0.75)
        gitt = [o for o in _ORD.split(verdi) if len(o) >= 3 and o != "og"]
        if gitt:
            treff += [
                n
                for n in self._navn_lengst
                if n not in treff and all(any(w.startswith(o) for w in _ORD.split(n)) for o in gitt)
            ]
        return [self._nyeste(self._per_navn[n]) for n in treff[:2]]

    @staticmethod
    def _nyeste(deps: Sequence[Dep]) -> Dep:
        return max(deps, key=lambda d: (d.til_ar is None, d.til_ar or 0, d.fra_ar or 0))

    def fra_fullt_navn(
        self, tekst: str, ar: int | None = None, advarsler: Advarsler | None = None
    ) -> Dep | None:
        """The ministry with this full name (any case, white space as one space); a name
        two codes have had (Kulturdepartementet) is resolved with `ar`, nearest in time,
        else the newest. A name used outside its years gives a warning, as a code does."""
        kandidater = self._per_navn.get(navnform(tekst))
        if not kandidater:
            return None
        if ar is None:
            return self._nyeste(kandidater)
        dep = min(kandidater, key=lambda d: (d.avstand(ar), d.til_ar is not None))
        if not dep.gjelder(ar) and advarsler is not None:
            advarsler.append(UtenforAr(dep.kode, dep.navn, ar, dep.fra_ar, dep.til_ar))
        return dep

    def kjent(self, verdi: str) -> bool:
        """A known code or full name."""
        return self.finnes(verdi) or navnform(verdi) in self._per_navn

    def kode_for(self, verdi: str, *, hva: str = "departementskode") -> str:
        """A code or a full name as the code a filter compares (a name two codes have had
        gives the newest)."""
        if self.finnes(verdi):
            return " ".join(verdi.split()).upper()
        dep = self.fra_fullt_navn(verdi)
        if dep is None:
            raise self.ukjent(" ".join(verdi.split()), hva=hva)
        return dep.kode

    def navn_ved(self, tekst: str, start: int) -> int:
        """The length of the longest full name at `start` of `tekst` (white space already
        single) that ends there or at a party separator; 0 if none."""
        lav = tekst[start : start + _START].lower()
        for navn in self._navn_ved_start.get(lav, ()):
            slutt = start + len(navn)
            if tekst[start:slutt].lower() == navn and (
                slutt == len(tekst) or _SKILLE.match(tekst, slutt) is not None
            ):
                return len(navn)
        return 0

    # -- successors --------------------------------------------------------------------

    def _fra_ar(self, kode: str, ar: int) -> int:
        """The year a record's code counts from: its own, or, for a code used after its
        ministry had ended (accepted with a warning), that ministry's last year."""
        if not self.finnes(kode):
            return ar
        dep = self.finn(kode, ar)
        return dep.til_ar if dep.til_ar is not None and ar > dep.til_ar else ar

    def vist_kode(self, kode: str, ar: int, i_ar: int) -> str:
        """The code that carries a record registered with `kode` in `ar` in year `i_ar`:
        each whole hand-over after `ar` and by `i_ar` is followed, in order."""
        kode = kode.strip().upper()
        fra = self._fra_ar(kode, ar)
        while True:
            neste = [o for o in self._fra.get(kode, ()) if o.hel and fra < o.ar <= i_ar]
            if not neste:
                return kode
            o = min(neste, key=lambda x: x.ar)
            kode, fra = o.etterfolger, o.ar

    def vist(self, kode: str, ar: int, i_ar: int) -> Vist | None:
        """The successor an appendix of `i_ar` shows for `kode` of `ar`, with both names;
        None when it shows the code as registered."""
        vist = self.vist_kode(kode, ar, i_ar)
        if vist == kode.strip().upper() or not self.finnes(kode):
            return None
        return Vist(kode, self.finn(kode, ar).navn, vist, self.finn(vist, i_ar).navn)

    def etterfolgere(self, kode: str, ar: int) -> frozenset[str]:
        """Every code the ministry of `kode` in `ar` handed tasks to later, whole or in
        part, directly or through others."""
        nokkel = (kode.strip().upper(), ar)
        if nokkel not in self._etterfolgere:
            self._etterfolgere[nokkel] = frozenset(self._finn_etterfolgere(*nokkel))
        return self._etterfolgere[nokkel]

    def _finn_etterfolgere(self, kode: str, ar: int) -> set[str]:
        funnet: set[str] = set()
        ko = [(kode, self._fra_ar(kode, ar))]
        sett: set[tuple[str, int]] = set()
        while ko:
            k, fra = ko.pop()
            for o in self._fra.get(k, ()):
                if o.ar > fra and (o.etterfolger, o.ar) not in sett:
                    sett.add((o.etterfolger, o.ar))
                    funnet.add(o.etterfolger)
                    ko.append((o.etterfolger, o.ar))
        return funnet

    def forgjengere(self, kode: str) -> set[str]:
        """`kode` and every code that handed tasks to it at some time, directly or through
        others (years left aside: a first sieve for `horer_til`)."""
        funnet = {kode}
        ko = [kode]
        while ko:
            k = ko.pop()
            for o in self.overganger:
                if o.etterfolger == k and o.forgjenger not in funnet:
                    funnet.add(o.forgjenger)
                    ko.append(o.forgjenger)
        return funnet

    def horer_til(self, filterkode: str, kode: str, ar: int) -> bool:
        """A record with `kode` of `ar` belongs to `filterkode`: the same code, or one that
        handed tasks on to it after `ar` (a filter by KDD finds KMD's cases of 2018, and
        one by BLD the BFD cases before 2006, not BFD's own since 2019)."""
        return kode == filterkode or filterkode in self.etterfolgere(kode, ar)

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
_ORD = re.compile(r"[\s,-]+")
_ETT_ORD = re.compile(r"\w+")
# How many first letters of a full name index it (every name is longer).
_START = 4


def deler(verdi: str) -> list[str]:
    """A printed string of parties cut at its separators (`, `, ` og `, `&`), white space
    as one space: what `les_parter`'s short way reads when `enkel_del` holds for each."""
    return _SKILLE.split(" ".join(verdi.split()))


def enkel_del(del_: str, deps: Departementer | None) -> bool:
    """A part `les_parter` takes as it stands (upper-cased): one word that starts no
    full name of a ministry."""
    return _ETT_ORD.fullmatch(del_) is not None and (
        deps is None or (deps.ordvis and not deps.navn_ved(del_, 0))
    )


def les_parter(verdier: Sequence[str], deps: Departementer | None = None) -> list[str]:
    """Parties from repeated `--part` values or one printed string ("AID, JD og KS").
    With `deps`, full names are read first, whole: "Helse- og omsorgsdepartementet og
    KS" is two parties, though a name holds " og " or "," itself. Codes come out in
    upper case, names as written (white space as one space)."""
    parter: list[str] = []
    for verdi in verdier:
        tekst = " ".join(verdi.split())
        # The short way, for words between separators none of which starts a full name
        # ("AID, JD og KS", the common case): what the loop below gives, in one split.
        stykker = _SKILLE.split(tekst)  # as `deler` cuts it
        if all(enkel_del(d, deps) for d in stykker):
            parter.extend(d.upper() for d in stykker)
            continue
        i = 0
        while i < len(tekst):
            if (skille := _SKILLE.match(tekst, i)) is not None and skille.end() > i:
                i = skille.end()
                continue
            lengde = deps.navn_ved(tekst, i) if deps is not None else 0
            if lengde:
                parter.append(tekst[i : i + lengde])
                i += lengde
                continue
            neste = _SKILLE.search(tekst, i)
            slutt = neste.start() if neste is not None else len(tekst)
            if del_ := tekst[i:slutt].strip():
                parter.append(del_.upper())
            i = slutt
    return parter


def skriv_parter(parter: Sequence[str]) -> str:
    """Parties as the material prints them: `AID, JD, BFD, KDD og KS`."""
    if not parter:
        return ""
    if len(parter) == 1:
        return parter[0]
    return f"{', '.join(parter[:-1])} og {parter[-1]}"
