"""One record with its history (`sak vis`, `avtale vis`, `mote vis`, `punkt vis`), in
every format. At the terminal the fields carry Norwegian labels ("Første avtale
inngått") and the history's values read as the record's do (pågående, 31.12.2025);
the machine formats keep the stable field names and the stored values."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from konsreg.regler.begreper import Format
from konsreg.render import maskin
from konsreg.render.felt import (
    HISTORIKK_FELT,
    HISTORIKK_KOLONNER,
    SETNINGSLISTER,
    json_verdi,
    menneske,
    som_dict,
    status_tekst,
)
from konsreg.render.tabell import markdown, markdown_tabell, rich_felter, rich_tabell

# The label of each field at the terminal; the machine formats use the field's name.
FELTNAVN = {
    "saksnummer": "Saksnummer",
    "id": "Id",
    "type": "Type",
    "departement": "Departement",
    "tittel": "Tittel",
    "fullt_navn": "Fullt navn",
    "beskrivelse": "Beskrivelse",
    "oppmeldt": "Oppmeldt",
    "gjentakende": "Gjentakende",
    "meldt_inn_av": "Meldt inn av",
    "kategori": "Kategori",
    "parter": "Parter",
    "inngatt": "Inngått",
    "gyldig_fra": "Gyldig fra",
    "utloper": "Utløper",
    "forste_avtale": "Første avtale inngått",
    "fornyer": "Fornyer",
    "serie": "Serie",
    "status": "Status",
    "status_endret": "Status endret",
    "opprettet": "Opprettet",
    "endret": "Endret",
    "grunn": "Grunn",
    "ar": "År",
    "nummer": "Nummer",
    "dato": "Dato",
    "tema": "Tema",
    "deltakere": "Deltakere",
    "forrige_plenum": "Forrige konsultasjonsmøte",
    "neste_plenum": "Neste konsultasjonsmøte",
    "mote": "Møte",
    "nr": "Nr.",
    "kapittel": "Kapittel",
    "posisjon": "Plass",
    "innledning": "Innledning",
    "underdel": "Underdel",
    "sak": "Sak",
    "avtale": "Avtale",
    "post_tittel": "Postens tittel",
    "tekst": "Tekst",
    "sporsmal": "Spørsmål",
    "onsket_resultat": "Ønsket resultat",
    "konklusjon": "Konklusjon",
    "tekst_endret": "Tekst endret",
}
# Fields the history stores as ISO dates (a month as `2024-06`).
DATOFELT = frozenset({"inngatt", "gyldig_fra", "utloper", "status_endret", "dato"})


def feltnavn(felt: str) -> str:
    return FELTNAVN.get(felt, felt.replace("_", " ").capitalize())


def historikkverdi(felt: str, tekst: str | None) -> str:
    """A value as the history stored it (register/historikk.py: verditekst), as a person
    reads it: `31.12.2025`, `juni 2024`, `pågående`, a list one line each. Text that
    is not what the field stores is shown as stored."""
    if tekst is None:
        return ""
    try:
        if felt in DATOFELT:
            from konsreg.regler.datoer import Manedsdato

            if len(tekst) == 7:
                return menneske(felt, Manedsdato(int(tekst[:4]), int(tekst[5:])))
            return menneske(felt, date.fromisoformat(tekst))
        if felt in SETNINGSLISTER:
            return menneske(felt, json.loads(tekst))
    except (ValueError, TypeError):
        return tekst
    return status_tekst(tekst) if felt == "status" else tekst


def tabeller(post: Any, historikk: Sequence[Any], felt: Sequence[str], tittel: str) -> list[Any]:
    """The record as a two-column table of label and value, then its history: rich
    renderables."""
    rad = som_dict(post, felt)
    hist = [
        {
            "tidspunkt": h.tidspunkt,
            "av": h.av,
            "felt": feltnavn(h.felt),
            "gammel": historikkverdi(h.felt, h.gammel),
            "ny": historikkverdi(h.felt, h.ny),
        }
        for h in historikk
    ]
    return [
        rich_felter(rad, felt, tittel=tittel, navn=feltnavn),
        rich_tabell(hist, HISTORIKK_KOLONNER, tittel="Historikk"),
    ]


def tekst(
    post: Any, historikk: Sequence[Any], felt: Sequence[str], fmt: Format, tittel: str
) -> str:
    """The record and its history as markdown or JSON; csv/tsv give the record alone."""
    rad = som_dict(post, felt)
    hist = [som_dict(h, HISTORIKK_FELT) for h in historikk]
    if fmt == Format.markdown:
        return (
            f"## {tittel}\n\n"
            + markdown_tabell(["Felt", "Verdi"], [[f, menneske(f, rad.get(f))] for f in felt])
            + "\n### Historikk\n\n"
            + markdown(hist, HISTORIKK_KOLONNER)
        )
    if fmt in (Format.json, Format.jsonl):
        data = {f: json_verdi(rad.get(f)) for f in felt}
        data["historikk"] = [{f: json_verdi(h.get(f)) for f in HISTORIKK_FELT} for h in hist]
        return json.dumps(data, ensure_ascii=False, indent=2 if fmt == Format.json else None) + "\n"
    ut = io.StringIO()
    maskin.skriv_eksport([tuple(rad[f] for f in felt)], felt, fmt.value, ut)
    return ut.getvalue()
