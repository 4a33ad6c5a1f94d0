"""The columns of an import: the register's own field names and the headings people
write, the delimiter sniffed from the header line, and each column's field."""

from __future__ import annotations

import csv
import re
import unicodedata

from konsreg.errors import Bruksfeil, KonsregFeil
from konsreg.lesere import kilde as grenser
from konsreg.lesere.kilde import SKILLETEGN, kort_liste, storrelse
from konsreg.tekst import sitat


def normaliser_overskrift(tekst: str) -> str:
    """`Første avtale inngått`, `forste_avtale`, ` FØRSTE-AVTALE ` all become `forsteavtale…`."""
    t = tekst.strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode()
    # People without æøå on the keyboard write Foerste and Inngaatt.
    return re.sub(r"[^a-z0-9]", "", t).replace("aa", "a").replace("oe", "o")


def _kart(par: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {
        normaliser_overskrift(alias): felt for felt, aliaser in par.items() for alias in aliaser
    }


# Field names of the register's own exports, plus the headings people write.
SAK_KOLONNER = _kart(
    {
        "saksnummer": ("saksnummer", "saksnr", "saksnr.", "nr", "nummer"),
        "type": ("type", "sakstype", "art"),
        "departement": ("departement", "dep", "dep.", "ansvarlig departement"),
        "tittel": ("tittel", "sak", "navn", "sakstittel"),
        "beskrivelse": ("beskrivelse", "omtale", "merknad"),
        "oppmeldt": ("oppmeldt", "oppmeldt år", "år"),
        "gjentakende": ("gjentakende", "årlig", "første gang"),
        "meldt_inn_av": ("meldt_inn_av", "meldt inn av", "innmeldt av"),
        "status": ("status",),
        "status_endret": ("status_endret", "status endret", "endret status", "statusdato"),
        "opprettet": ("opprettet", "registrert"),
        "endret": ("endret", "sist endret"),
    }
)
AVTALE_KOLONNER = _kart(
    {
        "id": ("id", "avtale id", "avtaleid", "handle"),
        "tittel": ("tittel", "avtale", "navn", "avtaletittel"),
        "kategori": ("kategori", "gruppe"),
        "kategori_navn": ("kategori_navn", "kategorinavn", "gruppenavn"),
        "parter": ("parter", "part"),
        "inngatt": ("inngatt", "inngått", "inngått dato", "signert"),
        "gyldig_fra": ("gyldig_fra", "gyldig fra", "gjelder fra"),
        "utloper": ("utloper", "utløper", "utløpsdato", "utløp"),
        "forste_avtale": ("forste_avtale", "første avtale", "første avtale inngått"),
        "status": ("status",),
        "status_endret": ("status_endret", "status endret", "statusdato"),
        "fornyer": ("fornyer", "fornyer avtale"),
        "fullt_navn": ("fullt_navn", "fullt navn", "offisielt navn", "offisiell tittel"),
        "opprettet": ("opprettet", "registrert"),
        "endret": ("endret", "sist endret"),
    }
)

# Meetings and agenda items: the field names `eksport alt` writes (only its JSONL is read).
MOTE_KOLONNER = _kart(
    {
        f: (f,)
        for f in (
            *("id", "type", "ar", "nummer", "departement", "dato", "tema", "status"),
            *("status_endret", "deltakere", "opprettet", "endret"),
        )
    }
)
PUNKT_KOLONNER = _kart(
    {
        f: (f,)
        for f in (
            *("id", "mote", "nr", "kapittel", "posisjon", "innledning", "underdel", "sak"),
            *("avtale", "post_tittel", "tittel", "meldt_inn_av", "tekst", "sporsmal"),
            "onsket_resultat",
            *("konklusjon", "tekst_endret", "opprettet", "endret"),
        )
    }
)
# `eksport alt`: each JSONL line says what it is (`post`), and so which columns it has.
POSTTYPER = {
    "sak": SAK_KOLONNER,
    "avtale": AVTALE_KOLONNER,
    "mote": MOTE_KOLONNER,
    "punkt": PUNKT_KOLONNER,
}


def velg_skilletegn(overskrift: str, kjente: dict[str, str], navn: str) -> str:
    """Sniff `;`, `,` or tab from the header: the one that splits it into known columns."""
    beste: list[tuple[int, int, str]] = []
    for tegn in SKILLETEGN:
        if tegn not in overskrift:
            continue
        deler = _overskriftsceller(overskrift, tegn, navn)
        treff = sum(1 for d in deler if normaliser_overskrift(d) in kjente)
        beste.append((treff, len(deler), tegn))
    beste.sort(reverse=True)
    if len(beste) == 1:
        return beste[0][2]
    if not beste or (len(beste) > 1 and beste[0][:2] == beste[1][:2]) or beste[0][0] == 0:
        raise Bruksfeil(
            f"{navn}: kan ikke avgjøre skilletegnet i overskriftsraden (semikolon, komma eller "
            "tabulator); oppgi det med --delimiter ';' (eller ',' eller tab)."
        )
    return beste[0][2]


def _overskriftsceller(overskrift: str, tegn: str, navn: str) -> list[str]:
    try:
        return next(csv.reader([overskrift], delimiter=tegn))
    except csv.Error as feil:  # e.g. a lone CR inside the header line
        raise KonsregFeil(f"{navn}:1: kan ikke lese overskriftsraden ({_csvfeil(feil)}).") from None


def _csvfeil(feil: csv.Error) -> str:
    """The csv module's complaint in Norwegian (it speaks English, and of its own API)."""
    if "field larger than field limit" in str(feil):
        return (
            f"et felt er lengre enn {storrelse(grenser.GRENSE_FELT)}, som er grensen for ett felt"
        )
    if "new-line character seen in unquoted field" in str(feil):
        # A lone CR in a file of LF or CRLF lines, or an LF in one of CR lines, outside
        # quotes.
        return (
            "et linjeskift står midt i et felt uten anførselstegn; filen blander to slags "
            "linjeskift (CR og LF): lagre den på nytt som CSV UTF-8"
        )
    return str(feil)


def kolonnekart(
    overskrift: list[str], kjente: dict[str, str], *, ignorer_ukjente: bool, navn: str
) -> list[str | None]:
    """For each column, the register field it holds (None: ignored)."""
    felt: list[str | None] = []
    ukjente: list[str] = []
    sett: dict[str, str] = {}
    for kolonne in overskrift:
        nokkel = normaliser_overskrift(kolonne)
        f = kjente.get(nokkel)
        if f is None:
            if nokkel:
                ukjente.append(kolonne.strip())
            felt.append(None)
            continue
        if f in sett:
            raise KonsregFeil(
                f"{navn}:1: kolonnene {sitat(sett[f])} og {sitat(kolonne.strip())} er begge {f}."
            )
        sett[f] = kolonne.strip()
        felt.append(f)
    if ukjente and not ignorer_ukjente:
        kjent = ", ".join(sorted(set(kjente.values())))
        raise KonsregFeil(
            f"{navn}:1: ukjente kolonner: {kort_liste(ukjente)}. Kjente felt: {kjent}. "
            "Bruk --ignorer-ukjente for å hoppe over dem."
        )
    return felt
