"""The rule for each field of a case or an agreement, on its own.

The models' validators (`sak ny`, `avtale ny`, `endre`, `forny`, `import vedlegg`) and the
import's row checks call these same functions, so a value is accepted or refused the
same way wherever it comes from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from konsreg.errors import Ugyldig
from konsreg.regler.begreper import KS, Sakstype, Status
from konsreg.regler.datoer import AR_SPENN, i_spenn, norsk_dato
from konsreg.regler.departementer import Advarsler, Departementer
from konsreg.tekst import rens_tekst, sitat

# The text fields people and files give, each with the name its messages use and the
# control characters it may hold (a description may span lines).
TEKSTFELT: dict[str, tuple[str, str]] = {
    "tittel": ("tittelen", ""),
    "beskrivelse": ("beskrivelsen", "\n\t"),
    "departement": ("departementet", ""),
    "meldt_inn_av": ("meldt inn av", ""),
    "kategori": ("kategorien", ""),
    "kategori_navn": ("kategorinavnet", ""),
    "parter": ("parten", ""),
    "grunn": ("grunnen", ""),
    "fullt_navn": ("det fulle navnet", ""),
    "tema": ("temaet", ""),
    "deltaker": ("deltakeren", ""),
    "punkttittel": ("punktets tittel", ""),
    "tekst": ("teksten", "\n\t"),
    "konklusjon": ("konklusjonen", "\n\t"),
    "sporsmal": ("spørsmålet", ""),
    "onsket_resultat": ("ønsket resultat", ""),
}
# A ministry code is at most this long (the column's length), a full name at most
# MAKS_NAVN: a longer value is neither, and is refused before the lookup, whose message
# would repeat all of it.
MAKS_KODE = 10
MAKS_NAVN = 200
SANN = frozenset({"true", "ja", "j", "yes", "y", "1", "x", "sann"})
USANN = frozenset({"false", "nei", "n", "no", "0", "", "usann"})


def rens_felt(navn: str, verdi: str) -> str:
    """A text field as stored (`tekst.rens_tekst` with the field's own allowance), or
    ValueError with a Norwegian reason: control characters and invisible-only text."""
    etikett, tillat = TEKSTFELT[navn]
    return rens_tekst(verdi, felt=etikett, tillat=tillat)


def valgfri_beskrivelse(verdi: str | None) -> str | None:
    """A description may be left out: empty (or white space) is none at all."""
    if verdi is None or not verdi.strip():
        return None
    return rens_felt("beskrivelse", verdi)


def sjekk_ar(ar: int, felt: str) -> int:
    if not i_spenn(ar):
        raise ValueError(f"{felt} {ar} er utenfor det registeret godtar ({AR_SPENN})")
    return ar


def sjekk_dato(dato: date | None, felt: str) -> date | None:
    if dato is not None and not i_spenn(dato.year):
        raise ValueError(
            f"{felt} {norsk_dato(dato)} har et år utenfor det registeret godtar ({AR_SPENN})"
        )
    return dato


def status(verdi: str) -> str:
    """`ny`, `pagaende`/`pågående`, `avsluttet` (any case) to the stored spelling."""
    tekst = verdi.strip().lower().replace("å", "a")
    if tekst in Status.__members__:
        return tekst
    raise ValueError(
        f"ukjent status {sitat(verdi)}; bruk ny, pagaende (pågående), avsluttet eller utgar (utgår)"
    )


def sakstype(verdi: str) -> str:
    """A case kind, also abbreviated (`kostnad`, `lov`)."""
    tekst = verdi.strip().lower()
    treff = [t.value for t in Sakstype if tekst and t.value.startswith(tekst)]
    if len(treff) == 1:
        return treff[0]
    raise ValueError(f"ukjent sakstype {sitat(verdi)}; bruk kostnadsberegning eller lovmedvirkning")


def ja_nei(verdi: Any) -> bool:
    """A yes/no cell: true/false, ja/nei, 1/0, x (an empty cell is no)."""
    if isinstance(verdi, bool):
        return verdi
    tekst = ("" if verdi is None else str(verdi)).strip().lower()
    if tekst in SANN:
        return True
    if tekst in USANN:
        return False
    raise Ugyldig(f"{sitat(verdi)} er ikke ja/nei (true/false)")


def departementskode(
    deps: Departementer, kode: str, ar: int, advarsler: Advarsler, *, hva: str = "departementskode"
) -> str:
    """The code of the ministry that had `kode` in `ar` (a warning if it had not then).
    `kode` may be the ministry's full name, in any case, with any white space
    ("justis- og  beredskapsdepartementet" is JD)."""
    verdi = " ".join(kode.split())
    if len(verdi) > MAKS_NAVN:
        raise Ugyldig(
            f"Ukjent {hva} {sitat(kode)}; en kode har høyst {MAKS_KODE} tegn og et "
            f"departementsnavn høyst {MAKS_NAVN}. Se «konsreg departementer» for alle koder."
        )
    if deps.finnes(verdi):
        return deps.finn(verdi, ar, advarsler).kode
    dep = deps.fra_fullt_navn(verdi, ar, advarsler)
    if dep is None:
        raise deps.ukjent(verdi, hva=hva)
    return dep.kode


def meldt_inn_av(deps: Departementer, verdi: str, ar: int, advarsler: Advarsler) -> str:
    """KS, or a ministry's code in `ar` (given as code or full name)."""
    if verdi.strip().upper() == KS:
        return KS
    return departementskode(deps, verdi, ar, advarsler)


# The history's `av` column: PostgreSQL refuses longer.
MAKS_AV = 100


def hvem(verdi: str, *, felt: str) -> str:
    """Who makes a change, as the history stores it: stored-text rules, at most MAKS_AV
    characters. `felt` is what the message calls the value (the CLI's `--av`)."""
    rent = rens_tekst(verdi, felt=felt)
    if len(rent) > MAKS_AV:
        raise ValueError(f"{felt} kan være høyst {MAKS_AV} tegn")
    return rent
