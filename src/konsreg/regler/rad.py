"""One row of an imported file on its way through the rules: its cells, what they turn
into, and every problem found (`felt: melding`). Used by the row checks of cases and
agreements (regler/sak.py, regler/avtale.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from konsreg.errors import Ugyldig
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.datoer import parse_ar, parse_dato, parse_tidspunkt
from konsreg.regler.felt import rens_felt

T = TypeVar("T")


@dataclass(slots=True)  # an import holds a batch of thousands
class Rad:
    """A checked row: the values to store, or the problems (`felt: melding`).

    `kolonner` are the columns the file has on this row (the reader gives every column of
    a CSV header on every row, and a JSON object its own keys): an update changes only
    those. A required field whose column the file lacks is `mangler`: an error only if
    the row turns out to be a new record (`feil_for`)."""

    linje: int
    verdier: dict[str, Any] = field(default_factory=dict)
    feil: list[str] = field(default_factory=list)
    advarsler: Advarsler = field(default_factory=list)
    tomme: set[str] = field(default_factory=set)  # columns the file has, left empty here
    ferdig: bool = False  # nothing more to check on this row
    ugyldige: set[str] = field(default_factory=set)  # fields already refused (wrong type)
    kolonner: frozenset[str] = frozenset()
    mangler: set[str] = field(default_factory=set)
    bare_nye: set[str] = field(default_factory=set)  # problems only of a new record

    def feil_for(self, *, ny: bool) -> list[str]:
        """The row's problems, for a new record or for one the register has (which keeps
        the fields the file has no column for, and is dated as the commands date it)."""
        if ny or not (self.mangler or self.bare_nye):
            return self.feil
        utsatt = {f"{navn}: mangler" for navn in self.mangler} | self.bare_nye
        return [m for m in self.feil if m not in utsatt]

    def endrer(self, navn: str, *, kan_tommes: bool) -> bool:
        """Whether an update of an existing record sets field `navn` from this row: its
        column is in the file, and an empty cell clears the field only where it may be
        empty (elsewhere an empty cell is the default of a new record)."""
        return navn in self.kolonner and (kan_tommes or navn not in self.tomme)


def tekst(verdi: Any) -> str | None:
    """A cell as text, None when empty. Only str and int get here (`ny_rad` refused the
    other JSON types), so nothing is ever turned into text by repr."""
    if verdi is None:
        return None
    if isinstance(verdi, str):
        return verdi.strip() or None
    return str(verdi)


# The JSON types each field takes besides text (CSV and TSV give only text). A title
# given as an object, a list or a number is a row error, never stored as "{'a': 1}".
_JSON_TYPER: dict[str, tuple[type, ...]] = {
    "oppmeldt": (int,),
    "forste_avtale": (int,),
    "id": (int,),  # 3 for A3, as a handle may be written without its letter
    "fornyer": (int,),
    "gjentakende": (bool,),
    "parter": (list,),
}
_VENTET = {
    "oppmeldt": "et årstall",
    "forste_avtale": "et årstall",
    "id": "en avtale-id (A3)",
    "fornyer": "en avtale-id (A3)",
    "gjentakende": "ja/nei (true/false)",
    "parter": "tekst eller en liste med tekst",
}


def _json_type(verdi: Any) -> str:
    if isinstance(verdi, bool):
        return "true/false"
    if isinstance(verdi, int | float):
        return "et tall"
    if isinstance(verdi, dict):
        return "et JSON-objekt"
    if isinstance(verdi, list):
        return "en liste"
    return type(verdi).__name__


def _typefeil(navn: str, verdi: Any) -> str | None:
    """Why a value from JSON has the wrong type for field `navn`, or None."""
    if verdi is None or isinstance(verdi, str):
        return None
    lov = _JSON_TYPER.get(navn, ())
    # bool is an int to Python: a year given as true is still the wrong type.
    if isinstance(verdi, lov) and (bool in lov or not isinstance(verdi, bool)):
        galt = [p for p in verdi if not isinstance(p, str)] if isinstance(verdi, list) else []
        if galt:
            return f"ventet en liste med tekst, fikk {_json_type(galt[0])} i lista"
        return None
    return f"ventet {_VENTET.get(navn, 'tekst')}, fikk {_json_type(verdi)}"


def ny_rad(linje: int, data: dict[str, Any]) -> tuple[Rad, dict[str, Any]]:
    """The row's start, the same for cases and agreements: which cells are empty, what
    the reader could not make out, and JSON values of the wrong type (left out of the
    fields returned, so each is one error, not a second "mangler")."""
    rad = Rad(linje)
    if "_feil" in data:
        rad.feil.append(f"rad: {data['_feil']}")
        if len(data) == 1:
            rad.ferdig = True  # nothing readable on the line: one message, not one per field
            return rad, data
    rene: dict[str, Any] = {}
    for navn, verdi in data.items():
        if navn != "_feil" and (grunn := _typefeil(navn, verdi)) is not None:
            rad.feil.append(f"{navn}: {grunn}")
            rad.ugyldige.add(navn)
        else:
            rene[navn] = verdi
    rad.kolonner = frozenset(k for k in data if k != "_feil")
    rad.tomme = {
        k
        for k, v in rene.items()
        if k != "_feil" and (v is None or (isinstance(v, str) and not v.strip()))
    }
    return rad, rene


def felt(rad: Rad, navn: str, funksjon: Callable[[Any], T], verdi: Any) -> T | None:
    """Run one rule; a refusal becomes `navn: melding` on the row."""
    try:
        return funksjon(verdi)
    except (Ugyldig, ValueError, TypeError) as feil:
        melding = feil.melding if isinstance(feil, Ugyldig) else str(feil)
        rad.feil.append(f"{navn}: {melding.rstrip('.')}")
        return None


def felt_for_nye(rad: Rad, navn: str, funksjon: Callable[[Any], T], verdi: Any) -> T | None:
    """Run a rule that binds only a new record (`Rad.feil_for`): a closed case needs its
    closing date in a file, but a row that closes one the register has is dated as
    `sak endre` dates it."""
    for_ = len(rad.feil)
    svar = felt(rad, navn, funksjon, verdi)
    rad.bare_nye.update(rad.feil[for_:])
    return svar


def mangler(rad: Rad, navn: str) -> None:
    """A required field without a value: an error, deferred (`Rad.feil_for`) when the
    file has no column for it at all."""
    if navn in rad.ugyldige:
        return
    rad.feil.append(f"{navn}: mangler")
    if navn not in rad.kolonner:
        rad.mangler.add(navn)


def pakrevd(rad: Rad, data: dict[str, Any], navn: str) -> str | None:
    verdi = tekst(data.get(navn))
    if verdi is None:
        mangler(rad, navn)
    return verdi


def pakrevd_tekst(rad: Rad, data: dict[str, Any], navn: str) -> str | None:
    """A required text field through its rule (`felt.rens_felt`), as the commands have it."""
    verdi = pakrevd(rad, data, navn)
    if verdi is None:
        return None
    return felt(rad, navn, lambda x: rens_felt(navn, x), verdi)


def arstall(verdi: Any) -> int:
    return parse_ar(str(verdi).strip(), felt="året")


def tidsfelt(rad: Rad, data: dict[str, Any]) -> None:
    """status_endret, opprettet and endret, when the row gives them (exports do)."""
    for navn, funksjon in (
        ("status_endret", parse_dato),
        ("opprettet", parse_tidspunkt),
        ("endret", parse_tidspunkt),
    ):
        if (verdi := tekst(data.get(navn))) is not None:
            rad.verdier[navn] = felt(rad, navn, funksjon, verdi)


class Kortvei:
    """What the short ways of the import's row checks share (`regler.avtale.Radsjekk`,
    `regler.sak.Sakssjekk`): a row whose columns and values the short way (`_rask`)
    knows, and which passes every rule, is checked there, with what repeats in a file
    (dates, years, codes) looked up once; any other row, and every row with a problem,
    goes the whole way (`_hele`, the check `sjekk_rad`), so its messages are the whole
    way's. Both give the same `Rad` (the tests compare them row by row)."""

    KOLONNER: frozenset[str] = frozenset()  # the columns the short way takes
    # Each memo is emptied when it reaches this size: a hostile file of a million
    # distinct values costs time, not memory.
    MAKS_HUSKET = 20_000

    def __init__(self) -> None:
        self.raske = 0  # rows the short way took (the tests look)
        self._kolonner: dict[frozenset[str], bool] = {}

    def __call__(self, linje: int, data: dict[str, Any]) -> Rad:
        try:
            rad = self._rask(linje, data)
        except (Ugyldig, ValueError, TypeError):
            rad = None  # the whole way says what it is
        if rad is None:
            return self._hele(linje, data)
        self.raske += 1
        return rad

    def _rask(self, linje: int, data: dict[str, Any]) -> Rad | None:
        raise NotImplementedError

    def _hele(self, linje: int, data: dict[str, Any]) -> Rad:
        raise NotImplementedError

    def _celler(
        self, data: dict[str, Any]
    ) -> tuple[frozenset[str], dict[str, str], set[str]] | None:
        """The row's columns, its cells as `tekst` has them and its empty columns; None
        when a column is not the short way's or a value is not text (JSON types)."""
        kolonner = frozenset(data)
        kjent = self._kolonner.get(kolonner)
        if kjent is None:
            kjent = kolonner <= self.KOLONNER
            self._husk(self._kolonner, kolonner, kjent)
        if not kjent:
            return None
        celler: dict[str, str] = {}
        tomme: set[str] = set()
        for navn, verdi in data.items():
            if verdi is None:
                tomme.add(navn)
            elif type(verdi) is not str:
                return None
            elif verdi := verdi.strip():
                celler[navn] = verdi
            else:
                tomme.add(navn)
        return kolonner, celler, tomme

    def _husk(self, husk: dict[Any, Any], nokkel: Any, verdi: Any) -> None:
        if len(husk) >= self.MAKS_HUSKET:
            husk.clear()
        husk[nokkel] = verdi

    def _hent(self, husk: dict[Any, Any], nokkel: Any, les: Callable[[Any], T]) -> T:
        """`les(nokkel)`, once per key (a refusal is not remembered: the whole way says
        it)."""
        svar = husk.get(nokkel)
        if svar is None:
            svar = les(nokkel)
            self._husk(husk, nokkel, svar)
        return svar
