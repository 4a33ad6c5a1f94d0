"""The rules of `sak ny` and `avtale ny`, applied to one imported row at a time.

Pure functions: each takes a row of text fields (from `poster`) plus what it needs
to know of the register (ministries, categories), and returns the values to store
or the problems found, as `felt: melding`. The register does the writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from konsreg.dates import parse_ar, parse_dato
from konsreg.departementer import KS, Departementer, les_parter, skriv_parter
from konsreg.errors import Ugyldig
from konsreg.models import SAKSTYPER, normaliser_status, normaliser_type

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


def _tekst(verdi: Any) -> str | None:
    if verdi is None:
        return None
    if isinstance(verdi, str):
        return verdi.strip() or None
    return str(verdi)


def _bool(verdi: Any) -> bool:
    if isinstance(verdi, bool):
        return verdi
    tekst = (_tekst(verdi) or "").lower()
    if tekst in SANN:
        return True
    if tekst in USANN:
        return False
    raise Ugyldig(f"«{verdi}» er ikke ja/nei (true/false)")


def _tidspunkt(verdi: Any) -> datetime:
    tekst = _tekst(verdi) or ""
    try:
        tid = datetime.fromisoformat(tekst.replace("Z", "+00:00"))
    except ValueError:
        tid = datetime.combine(parse_dato(tekst), datetime.min.time())
    if tid.tzinfo is None:
        tid = tid.replace(tzinfo=UTC)
    return tid.astimezone(UTC)


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
    if verdi is None:
        rad.feil.append(f"{navn}: mangler")
    return verdi


def _uten_nul(rad: Rad, data: dict[str, Any]) -> None:
    """NUL cannot be stored in PostgreSQL text (SQLite takes it); refused on both."""
    for navn, verdi in data.items():
        if any(
            isinstance(t, str) and "\x00" in t
            for t in (verdi if isinstance(verdi, list) else [verdi])
        ):
            rad.feil.append(f"{navn}: inneholder NUL-tegnet (\\x00), som ikke kan lagres")


def _aar(verdi: Any) -> int:
    return parse_ar(str(verdi).strip(), felt="året")


def _ny_rad(linje: int, data: dict[str, Any]) -> Rad:
    """The row's start, the same for cases and agreements: which cells are empty, what
    the reader could not make out, and text a database cannot store."""
    rad = Rad(linje, tomme={k for k, verdi in data.items() if _tekst(verdi) is None})
    if "_feil" in data:
        rad.feil.append(f"rad: {data['_feil']}")
        if len(data) == 1:
            rad.ferdig = True  # nothing readable on the line: one message, not one per field
            return rad
    _uten_nul(rad, data)
    return rad


def _tidsfelt(rad: Rad, data: dict[str, Any]) -> None:
    """status_endret, opprettet and endret, when the row gives them (exports do)."""
    for navn, funksjon in (
        ("status_endret", parse_dato),
        ("opprettet", _tidspunkt),
        ("endret", _tidspunkt),
    ):
        if (verdi := _tekst(data.get(navn))) is not None:
            rad.verdier[navn] = _felt(rad, navn, funksjon, verdi)


def sjekk_sak(linje: int, data: dict[str, Any], *, deps: Departementer, idag: date) -> Rad:
    """A case row, checked as `sak ny` checks its options."""
    rad = _ny_rad(linje, data)
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
    if (d := _pakrevd(rad, data, "departement")) is not None:
        v["departement"] = _felt(
            rad, "departement", lambda x: deps.finn(x, ar, rad.advarsler).kode, d
        )
    if (tittel := _pakrevd(rad, data, "tittel")) is not None:
        v["tittel"] = tittel
    v["beskrivelse"] = _tekst(data.get("beskrivelse"))
    v["gjentakende"] = _felt(rad, "gjentakende", _bool, data.get("gjentakende"))
    if (m_ := _pakrevd(rad, data, "meldt_inn_av")) is not None:
        v["meldt_inn_av"] = (
            KS
            if m_.upper() == KS
            else _felt(rad, "meldt_inn_av", lambda x: deps.finn(x, ar, rad.advarsler).kode, m_)
        )
    status = _tekst(data.get("status")) or "ny"
    v["status"] = _felt(rad, "status", normaliser_status, status)
    _tidsfelt(rad, data)
    if v.get("type") is not None and v["type"] not in SAKSTYPER:
        rad.feil.append(f"type: ukjent sakstype «{v['type']}»")
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
    rad = _ny_rad(linje, data)
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
    if (tittel := _pakrevd(rad, data, "tittel")) is not None:
        v["tittel"] = tittel
    if (k := _pakrevd(rad, data, "kategori")) is not None:
        kat = kategorier.get(" ".join(k.split()).lower())
        kategori_navn = _tekst(data.get("kategori_navn"))
        if kat is None and kategori_navn and len(" ".join(kategori_navn.split())) > 300:
            rad.feil.append("kategori_navn: er lengre enn 300 tegn")
        elif kat is None and kategori_navn:
            v["ny_kategori"] = (k, " ".join(kategori_navn.split()))
        elif kat is None:
            kjente = ", ".join(sorted(n for n in kategorier if " " not in n))
            rad.feil.append(
                f"kategori: ukjent kategori «{k}»; bruk en av: {kjente} (eller oppgi "
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
    parter = (
        [str(p).strip().upper() for p in parter_verdi]
        if isinstance(parter_verdi, list)
        else les_parter([_tekst(parter_verdi) or ""])
    )
    if not parter:
        rad.feil.append("parter: mangler")
    ar = v["inngatt"].year if v.get("inngatt") else idag.year
    normaliserte = []
    for part in parter:
        if part == KS:
            normaliserte.append(KS)
        elif not deps.finnes(part):
            rad.feil.append(f"parter: {deps.ukjent(part, hva='part').melding.rstrip('.')}")
        else:
            normaliserte.append(deps.finn(part, ar, rad.advarsler).kode)
    if len(set(normaliserte)) != len(normaliserte):
        rad.feil.append(f"parter: samme part to ganger ({skriv_parter(normaliserte)})")
    v["parter"] = normaliserte
    status = _tekst(data.get("status")) or "ny"
    v["status"] = _felt(rad, "status", normaliser_status, status)
    if (fornyer := _tekst(data.get("fornyer"))) is not None:
        if m := _HANDLE.match(fornyer):
            v["fornyer"] = f"A{int(m[1])}"
        else:
            rad.feil.append(f"fornyer: «{fornyer}» er ikke en avtale-id")
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
