"""The rules of `sak ny` and `avtale ny`, applied to one imported row at a time.

Pure functions: each takes a row of text fields (from `poster`) plus what it needs
to know of the register (ministries, categories), and returns the values to store
or the problems found, as `felt: melding`. The register does the writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from konsreg.errors import Ugyldig
from konsreg.models import (
    SAKSTYPER,
    normaliser_status,
    normaliser_type,
    rens_felt,
    valgfri_beskrivelse,
)
from konsreg.regler.datoer import AR_SPENN, i_spenn, parse_ar, parse_dato, parse_tidspunkt
from konsreg.regler.departementer import KS, Departementer, les_parter, skriv_parter
from konsreg.tekst import sitat

_SAKSNUMMER = re.compile(r"^\s*(\d{4})\s*/\s*(\d+)\s*$")
_HANDLE = re.compile(r"^\s*[Aa]?(\d+)\s*$")
# The counters are INTEGER columns: PostgreSQL's 32-bit limit, and SQLite refuses anything
# past 64 bits before it gets there.
STORSTE_NUMMER = 2**31 - 1
SANN = {"true", "ja", "j", "yes", "y", "1", "x", "sann"}
USANN = {"false", "nei", "n", "no", "0", "", "usann"}


@dataclass
class Rad:
    """A checked row: the values to store, or the problems (`felt: melding`)."""

    linje: int
    verdier: dict[str, Any] = field(default_factory=dict)
    feil: list[str] = field(default_factory=list)
    advarsler: list[str] = field(default_factory=list)
    tomme: set[str] = field(default_factory=set)  # columns the file has, left empty here
    ferdig: bool = False  # nothing more to check on this row
    ugyldige: set[str] = field(default_factory=set)  # fields already refused (wrong type)


def _tekst(verdi: Any) -> str | None:
    """A cell as text, None when empty. Only str and int get here (`_ny_rad` refused
    the other JSON types), so nothing is ever turned into text by repr."""
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


def _bool(verdi: Any) -> bool:
    if isinstance(verdi, bool):
        return verdi
    tekst = (_tekst(verdi) or "").lower()
    if tekst in SANN:
        return True
    if tekst in USANN:
        return False
    raise Ugyldig(f"{sitat(verdi)} er ikke ja/nei (true/false)")


def _felt(rad: Rad, navn: str, funksjon: Any, verdi: Any) -> Any:
    """Run one conversion; a failure becomes `navn: melding` on the row."""
    try:
        return funksjon(verdi)
    except (Ugyldig, ValueError, TypeError) as feil:
        melding = feil.melding if isinstance(feil, Ugyldig) else str(feil)
        rad.feil.append(f"{navn}: {melding.rstrip('.')}")
        return None


def _pakrevd(rad: Rad, data: dict[str, Any], navn: str) -> str | None:
    verdi = _tekst(data.get(navn))
    if verdi is None and navn not in rad.ugyldige:
        rad.feil.append(f"{navn}: mangler")
    return verdi


def _pakrevd_tekst(rad: Rad, data: dict[str, Any], navn: str) -> str | None:
    """A required text field through its rule (`models.rens_felt`), as `sak ny` has it."""
    verdi = _pakrevd(rad, data, navn)
    if verdi is None:
        return None
    rent: str | None = _felt(rad, navn, lambda x: rens_felt(navn, x), verdi)
    return rent


# Ministry codes are at most this long (the column's length): a longer cell is no code,
# and is refused before the lookup, whose message would repeat all of it.
_MAKS_KODE = 10


def _kode(deps: Departementer, kode: str, ar: int, advarsler: list[str], hva: str) -> str:
    if len(kode) > _MAKS_KODE:
        raise Ugyldig(
            f"Ukjent {hva} {sitat(kode)}; en kode har høyst {_MAKS_KODE} tegn. "
            "Se «konsreg departementer» for alle koder."
        )
    if not deps.finnes(kode):
        raise deps.ukjent(kode, hva=hva)
    return deps.finn(kode, ar, advarsler).kode


def _aar(verdi: Any) -> int:
    return parse_ar(str(verdi).strip(), felt="året")


def _ny_rad(linje: int, data: dict[str, Any]) -> tuple[Rad, dict[str, Any]]:
    """The row's start, the same for cases and agreements: which cells are empty, what
    the reader could not make out, and JSON values of the wrong type (left out of the
    fields returned, so each is one error, not a second "mangler"). Control characters
    (NUL too, which PostgreSQL text cannot hold) are each field's own rule."""
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
    rad.tomme = {k for k, verdi in rene.items() if k != "_feil" and _tekst_tom(verdi)}
    return rad, rene


def _tekst_tom(verdi: Any) -> bool:
    return verdi is None or (isinstance(verdi, str) and not verdi.strip())


def _tidsfelt(rad: Rad, data: dict[str, Any]) -> None:
    """status_endret, opprettet and endret, when the row gives them (exports do)."""
    for navn, funksjon in (
        ("status_endret", parse_dato),
        ("opprettet", parse_tidspunkt),
        ("endret", parse_tidspunkt),
    ):
        if (verdi := _tekst(data.get(navn))) is not None:
            rad.verdier[navn] = _felt(rad, navn, funksjon, verdi)


def sjekk_sak(linje: int, data: dict[str, Any], *, deps: Departementer, idag: date) -> Rad:
    """A case row, checked as `sak ny` checks its options."""
    rad, data = _ny_rad(linje, data)
    if rad.ferdig:
        return rad
    v = rad.verdier
    if (nr := _tekst(data.get("saksnummer"))) is not None:
        if m := _SAKSNUMMER.match(nr):
            v["ar"], v["lopenr"] = int(m[1]), int(m[2])
            if v["lopenr"] < 1:
                rad.feil.append(f"saksnummer: «{nr}» må ha løpenummer 1 eller mer")
            elif v["lopenr"] > STORSTE_NUMMER:
                rad.feil.append(f"saksnummer: «{nr}» har for stort løpenummer")
        else:
            rad.feil.append(f"saksnummer: «{nr}» er ikke år/nummer (f.eks. 2026/3)")
    if (t := _pakrevd(rad, data, "type")) is not None:
        v["type"] = _felt(rad, "type", normaliser_type, t)
    oppmeldt = _tekst(data.get("oppmeldt"))
    v["oppmeldt"] = _felt(rad, "oppmeldt", _aar, oppmeldt) if oppmeldt else idag.year
    ar = v["oppmeldt"] or idag.year
    if (d := _pakrevd_tekst(rad, data, "departement")) is not None:
        v["departement"] = _felt(
            rad, "departement", lambda x: _kode(deps, x, ar, rad.advarsler, "departementskode"), d
        )
    if (tittel := _pakrevd_tekst(rad, data, "tittel")) is not None:
        v["tittel"] = tittel
    v["beskrivelse"] = _felt(rad, "beskrivelse", valgfri_beskrivelse, data.get("beskrivelse"))
    if "gjentakende" not in rad.ugyldige:
        v["gjentakende"] = _felt(rad, "gjentakende", _bool, data.get("gjentakende"))
    if (m_ := _pakrevd_tekst(rad, data, "meldt_inn_av")) is not None:
        v["meldt_inn_av"] = (
            KS
            if m_.upper() == KS
            else _felt(
                rad,
                "meldt_inn_av",
                lambda x: _kode(deps, x, ar, rad.advarsler, "departementskode"),
                m_,
            )
        )
    status = _tekst(data.get("status")) or "ny"
    v["status"] = _felt(rad, "status", normaliser_status, status)
    _tidsfelt(rad, data)
    if v.get("type") is not None and v["type"] not in SAKSTYPER:
        rad.feil.append(f"type: ukjent sakstype {sitat(v['type'])}")
    if "ar" in v and not i_spenn(v["ar"]):
        rad.feil.append(f"saksnummer: året {v['ar']} er utenfor det registeret godtar ({AR_SPENN})")
    return rad


def sjekk_avtale(
    linje: int,
    data: dict[str, Any],
    *,
    deps: Departementer,
    kategorier: dict[str, int],
    idag: date,
) -> Rad:
    """An agreement row, checked as `avtale ny` checks its options. `kategorier` maps
    codes and lower-cased full names to category ids."""
    rad, data = _ny_rad(linje, data)
    if rad.ferdig:
        return rad
    v = rad.verdier
    if (h := _tekst(data.get("id"))) is not None:
        if (m := _HANDLE.match(h)) and int(m[1]) > STORSTE_NUMMER:
            rad.feil.append(f"id: «{h}» har for stort nummer")
        elif m:
            v["handle"] = f"A{int(m[1])}"
        else:
            rad.feil.append(f"id: «{h}» er ikke en avtale-id (f.eks. A3)")
    if (tittel := _pakrevd_tekst(rad, data, "tittel")) is not None:
        v["tittel"] = tittel
    if (k := _pakrevd_tekst(rad, data, "kategori")) is not None:
        kat = kategorier.get(" ".join(k.split()).lower())
        kategori_navn = _tekst(data.get("kategori_navn"))
        navn_feil = False
        if kategori_navn is not None:
            kategori_navn = _felt(
                rad, "kategori_navn", lambda x: rens_felt("kategori_navn", x), kategori_navn
            )
            navn_feil = kategori_navn is None
        if kat is not None or navn_feil:
            pass  # a known category, or a bad name already said
        elif kategori_navn and len(" ".join(kategori_navn.split())) > 300:
            rad.feil.append("kategori_navn: er lengre enn 300 tegn")
        elif kategori_navn:
            v["ny_kategori"] = (k, " ".join(kategori_navn.split()))
        else:
            kjente = ", ".join(sorted(n for n in kategorier if " " not in n))
            rad.feil.append(
                f"kategori: ukjent kategori {sitat(k)}; bruk en av: {kjente} (eller oppgi "
                "kategori_navn for å opprette den)"
            )
        v["kategori_id"] = kat
    for navn in ("inngatt", "utloper"):
        if (verdi := _tekst(data.get(navn))) is not None:
            v[navn] = _felt(rad, navn, parse_dato, verdi)
        else:
            v[navn] = None
    if v["inngatt"] is None and "inngatt" not in [f.split(":")[0] for f in rad.feil]:
        rad.feil.append("inngatt: mangler")
    forste = data.get("forste_avtale")
    v["forste_avtale"] = (
        _felt(rad, "forste_avtale", _aar, forste) if _tekst(forste) is not None else None
    )
    parter_verdi = data.get("parter")
    parter: list[str] = []
    try:
        if isinstance(parter_verdi, list):
            parter = [rens_felt("parter", p).upper() for p in parter_verdi if p.strip()]
        elif (tekst := _tekst(parter_verdi)) is not None:
            parter = les_parter([rens_felt("parter", tekst)])
    except ValueError as feil:
        rad.feil.append(f"parter: {feil}")
        rad.ugyldige.add("parter")
    if not parter and "parter" not in rad.ugyldige:
        rad.feil.append("parter: mangler")
    ar = v["inngatt"].year if v.get("inngatt") else idag.year
    normaliserte = []
    for part in parter:
        if part == KS:
            normaliserte.append(KS)
        elif (
            kode := _felt(rad, "parter", lambda x: _kode(deps, x, ar, rad.advarsler, "part"), part)
        ) is not None:
            normaliserte.append(kode)
    if len(set(normaliserte)) != len(normaliserte):
        rad.feil.append(f"parter: samme part to ganger ({skriv_parter(normaliserte)})")
    v["parter"] = normaliserte
    status = _tekst(data.get("status")) or "ny"
    v["status"] = _felt(rad, "status", normaliser_status, status)
    if (fornyer := _tekst(data.get("fornyer"))) is not None:
        if m := _HANDLE.match(fornyer):
            v["fornyer"] = f"A{int(m[1])}"
        else:
            rad.feil.append(f"fornyer: {sitat(fornyer)} er ikke en avtale-id")
    _tidsfelt(rad, data)
    inngatt, utloper, forste_ar = v.get("inngatt"), v.get("utloper"), v.get("forste_avtale")
    if inngatt and utloper and utloper < inngatt:
        rad.feil.append(f"utloper: {utloper:%d.%m.%Y} er før inngått {inngatt:%d.%m.%Y}")
    if forste_ar is not None:
        if forste_ar > idag.year:
            rad.feil.append(f"forste_avtale: {forste_ar} er fram i tid")
        elif inngatt and forste_ar > inngatt.year:
            rad.feil.append(
                f"forste_avtale: {forste_ar} er etter at avtalen ble inngått ({inngatt.year})"
            )
    return rad
