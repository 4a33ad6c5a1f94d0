"""What listings show: the stable field names of the machine formats, the columns of
the human tables, and how one value reads in each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from konsreg.regler.datoer import iso_dato, norsk_dato
from konsreg.regler.departementer import skriv_parter

SAK_FELT = (
    "saksnummer",
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
AVTALE_FELT = (
    "id",
    "tittel",
    "kategori",
    "parter",
    "inngatt",
    "gyldig_fra",
    "utloper",
    "forste_avtale",
    "status",
    "status_endret",
    "fornyer",
    "opprettet",
    "endret",
)
# `avtale vis` also shows the whole series the agreement belongs to, earliest first.
AVTALE_VIS_FELT = (*AVTALE_FELT, "serie")
SERIE_SKILLE = " → "
# The export also carries the category's full name, so an export of a register with
# categories of its own imports into an empty one, and the agreement's official title
# (last, so the columns before it keep their places).
EKSPORT_AVTALE_FELT = (*AVTALE_FELT, "kategori_navn", "fullt_navn")
HISTORIKK_FELT = ("tidspunkt", "av", "felt", "gammel", "ny")
DEPARTEMENT_FELT = ("kode", "navn", "fra_ar", "til_ar", "merknad")
OVERGANG_FELT = ("forgjenger", "etterfolger", "fra_ar", "omfang", "merknad")
MOTE_FELT = (
    "id",
    "type",
    "ar",
    "nummer",
    "departement",
    "dato",
    "tema",
    "status",
    "status_endret",
    "deltakere",
    "opprettet",
    "endret",
)
PUNKT_FELT = (
    "id",
    "mote",
    "nr",
    "kapittel",
    "posisjon",
    "innledning",
    "underdel",
    "sak",
    "avtale",
    "post_tittel",
    "tittel",
    "meldt_inn_av",
    "tekst",
    "sporsmal",
    "onsket_resultat",
    "konklusjon",
    "tekst_endret",
    "opprettet",
    "endret",
)
# Lists of sentences: a CSV cell holds them as a JSON array, a person reads one per line.
SETNINGSLISTER = frozenset({"deltakere", "sporsmal", "onsket_resultat"})


@dataclass(frozen=True)
class Kolonne:
    """A column of a human table: field, heading, whether it may wrap, and how soon it
    gives way in a narrow terminal (1: never; 3: first)."""

    felt: str
    overskrift: str
    bred: bool = False
    prioritet: int = 1


SAK_KOLONNER = (
    Kolonne("saksnummer", "Saksnr."),
    Kolonne("type", "Type", prioritet=2),
    Kolonne("departement", "Dep."),
    Kolonne("tittel", "Tittel", bred=True),
    Kolonne("oppmeldt", "Oppmeldt", prioritet=2),
    Kolonne("meldt_inn_av", "Meldt inn av", prioritet=3),
    Kolonne("status", "Status"),
    Kolonne("status_endret", "Endret status", prioritet=3),
)
AVTALE_KOLONNER = (
    Kolonne("id", "Id"),
    Kolonne("tittel", "Tittel", bred=True),
    Kolonne("kategori", "Kategori", prioritet=3),
    Kolonne("parter", "Parter", bred=True),
    Kolonne("inngatt", "Inngått", prioritet=2),
    Kolonne("gyldig_fra", "Gyldig fra", prioritet=3),
    Kolonne("utloper", "Utløper"),
    Kolonne("forste_avtale", "Første avtale", prioritet=3),
    Kolonne("status", "Status", prioritet=2),
)
HISTORIKK_KOLONNER = (
    Kolonne("tidspunkt", "Tidspunkt"),
    Kolonne("av", "Av"),
    Kolonne("felt", "Felt"),
    Kolonne("gammel", "Gammel verdi", bred=True),
    Kolonne("ny", "Ny verdi", bred=True),
)
DEPARTEMENT_KOLONNER = (
    Kolonne("kode", "Kode"),
    Kolonne("navn", "Navn", bred=True),
    Kolonne("fra_ar", "Fra"),
    Kolonne("til_ar", "Til"),
)
MOTE_KOLONNER = (
    Kolonne("id", "Møte"),
    Kolonne("type", "Type", prioritet=3),
    Kolonne("departement", "Dep.", prioritet=2),
    Kolonne("dato", "Dato"),
    Kolonne("tema", "Tema", bred=True, prioritet=2),
    Kolonne("status", "Status"),
)
PUNKT_KOLONNER = (
    Kolonne("id", "Punkt"),
    Kolonne("kapittel", "Kap."),
    Kolonne("gjelder", "Gjelder"),
    Kolonne("tittel", "Tittel", bred=True),
    Kolonne("meldt_inn_av", "Meldt inn av", prioritet=3),
    Kolonne("tekst", "Tekst", prioritet=2),
)
OVERGANG_KOLONNER = (
    Kolonne("forgjenger", "Fra"),
    Kolonne("etterfolger", "Til"),
    Kolonne("fra_ar", "År"),
    Kolonne("omfang", "Omfang"),
    Kolonne("merknad", "Merknad", bred=True, prioritet=3),
)


# Statuses as a person reads them; machine formats keep the stored spelling.
STATUS_VIS = {"ny": "ny", "pagaende": "pågående", "avsluttet": "avsluttet", "utgar": "utgår"}


def status_tekst(status: str) -> str:
    return STATUS_VIS.get(status, status)


# Values machine formats write as they are (tested first: most values are these).
_SOM_DE_ER = frozenset({str, int, bool, type(None)})


def json_verdi(verdi: Any) -> Any:
    """A value as JSON has it: dates and times in ISO 8601 (a month `2024-06`), lists as
    lists."""
    if type(verdi) in _SOM_DE_ER:
        return verdi
    if isinstance(verdi, datetime):
        return verdi.isoformat()
    if isinstance(verdi, date):
        return iso_dato(verdi)
    return verdi


def celle(verdi: Any, felt: str = "") -> str:
    """A value in a CSV/TSV cell: ISO dates (a month `2024-06`), parties as printed, a
    series as `A1 → A2`, empty for none."""
    if type(verdi) is str:
        return verdi
    if verdi is None:
        return ""
    if isinstance(verdi, bool):
        return "true" if verdi else "false"
    if isinstance(verdi, datetime):
        return verdi.isoformat()
    if isinstance(verdi, date):
        return iso_dato(verdi)
    if felt == "serie":
        return SERIE_SKILLE.join(verdi)
    if felt in SETNINGSLISTER:
        import json

        return json.dumps(verdi, ensure_ascii=False) if verdi else ""
    if isinstance(verdi, list):
        return skriv_parter(verdi)
    return str(verdi)


def menneske(felt: str, verdi: Any) -> str:
    """A value as a person reads it: dd.mm.yyyy (a month `juni 2024`), ja/nei, pågående."""
    if verdi is None:
        return ""
    if felt == "serie":
        return SERIE_SKILLE.join(verdi)
    if felt in SETNINGSLISTER:
        return "\n".join(verdi)
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, datetime):
        return verdi.astimezone().strftime("%d.%m.%Y %H:%M")
    if isinstance(verdi, date):
        return norsk_dato(verdi)
    if isinstance(verdi, list):
        return skriv_parter(verdi)
    if felt == "status":
        return STATUS_VIS.get(str(verdi), str(verdi))
    return str(verdi)


def henter(felt: Sequence[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function that gives the values of `felt` of a row (a dict, a public shape or a
    stream's named tuple), as a tuple in that order."""
    ta = attrgetter(*felt)
    en = len(felt) == 1
    felt = tuple(felt)

    def hent(rad: Any) -> tuple[Any, ...]:
        if getattr(rad, "_fields", None) == felt:
            return rad  # a named tuple with these fields in this order: as it is
        if isinstance(rad, dict):
            return tuple(rad.get(f) for f in felt)
        return (ta(rad),) if en else ta(rad)

    return hent


def som_dict(rad: Any, felt: Sequence[str]) -> dict[str, Any]:
    if isinstance(rad, dict):
        return {f: rad.get(f) for f in felt}
    return {f: getattr(rad, f) for f in felt}
