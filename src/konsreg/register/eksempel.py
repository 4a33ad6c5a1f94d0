"""The register content of the material for the 2nd consultation meeting 2026.

The cases and agreements that the material's appendices list, with the statuses its
running text gives them. They are loaded as the secretariat kept them, mistakes
included (the lovmedvirkningssak is listed under KUD though the text says KLD
brought it in; the health-technology agreement is dated 15.03.2024 in the table and
19 March 2024 in the text; four agreements expired in 2025 are still listed), so
that `konsreg vedlegg` reproduces the published tables and its warnings show what
the register catches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from konsreg.db import serialiser_import
from konsreg.errors import IkkeTomt
from konsreg.models import AvtaleCreate, SakCreate, valider
from konsreg.register import avtaler, klokke, nummerering, saker
from konsreg.register.departementer import telling
from konsreg.regler.advarsler import Advarsler

SAKER: list[dict[str, Any]] = [
    {
        "type": "kostnadsberegning",
        "departement": "AID",
        "tittel": "Kostnadsberegninger av merkostnader som følge av ny integreringsstønad",
        "beskrivelse": "AID har sendt på høring et forslag om ny integreringsstønad for "
        "nyankomne flyktninger (frist 23.04.26). Meldt inn av KS.",
        "oppmeldt": 2026,
        "gjentakende": False,
        "meldt_inn_av": "KS",
        "status": "ny",
    },
    {
        "type": "kostnadsberegning",
        "departement": "HOD",
        "tittel": "Endringer i betalingen for forvaltning og drift av nasjonale e-helseløsninger",
        "beskrivelse": "Årlige endringer i betaling for nasjonale e-helseløsninger, drøftet "
        "siden plikten til betaling ble innført i 2022.",
        "oppmeldt": 2022,
        "gjentakende": True,
        "meldt_inn_av": "HOD",
        "status": "pagaende",
    },
    {
        "type": "lovmedvirkning",
        # The table says Kultur- og likestillingsdepartementet; the text says KLD.
        "departement": "KUD",
        "tittel": "Kulturmiljøloven",
        "beskrivelse": "Ny kulturmiljølov som skal erstatte kulturminneloven fra 1978. "
        "Meldt inn av KLD (vedlegg b oppgir KUD).",
        "oppmeldt": 2026,
        "gjentakende": False,
        "meldt_inn_av": "KLD",
        "status": "ny",
    },
]

VELFERD = "velferd"
SAMHANDLING = "samhandling"

AVTALER: list[dict[str, Any]] = [
    {
        "tittel": "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående "
        "opplæring",
        "kategori": VELFERD,
        "parter": ["KD", "KS"],
        "inngatt": date(2022, 12, 2),
        "utloper": date(2025, 12, 31),
        "forste_avtale": 2009,
    },
    {
        "tittel": "Avtale om kvalitets- og kapasitetsøkning i praksis for helse- og "
        "sosialfagsstudenter 2022-2025",
        "kategori": SAMHANDLING,
        "parter": ["KD", "HOD", "KS"],
        "inngatt": date(2022, 9, 8),
        "utloper": date(2025, 12, 31),
        "forste_avtale": 2022,
    },
    {
        "tittel": "Samarbeidsavtale om mottak og bosetting av flyktninger",
        "kategori": SAMHANDLING,
        "parter": ["AID", "JD", "BFD", "KDD", "KS"],
        "inngatt": date(2022, 3, 11),
        "utloper": date(2025, 12, 31),
        "forste_avtale": 2004,
    },
    {
        "tittel": "Samarbeidsavtale om partnerskapet i NAV-kontorene",
        "kategori": SAMHANDLING,
        "parter": ["AID", "KS"],
        "inngatt": date(2023, 1, 4),
        "utloper": date(2026, 12, 31),
        "forste_avtale": 2012,
    },
    {
        "tittel": "Samarbeidsavtale mellom om oppfølging av ambisjoner og felles tiltak i "
        "digitaliseringsstrategi for offentlig sektor",
        "kategori": SAMHANDLING,
        "parter": ["DFD", "KS"],
        "inngatt": date(2020, 9, 14),
        "utloper": date(2025, 9, 1),
        "forste_avtale": 2020,
    },
    {
        "tittel": "Samarbeidsavtale om digital samhandling og helseteknologi",
        "kategori": SAMHANDLING,
        "parter": ["HOD", "KS"],
        "inngatt": date(2024, 3, 15),
        "utloper": date(2027, 12, 31),
        "forste_avtale": 2024,
    },
    {
        "tittel": "Utviklingsavtale om videreutvikling av gode lokalsamfunn og bærekraftige "
        "velferdstjenester",
        "kategori": SAMHANDLING,
        "parter": ["AID", "HOD", "KDD", "KUD", "KD", "SD", "KS"],
        "inngatt": date(2024, 4, 26),
        "utloper": date(2028, 12, 31),
        "forste_avtale": 2024,
    },
    {
        "tittel": "Avtale om videreutvikling av helsefellesskapene for en mer sammenhengende "
        "helse- og omsorgstjeneste",
        "kategori": SAMHANDLING,
        "parter": ["HOD", "KS"],
        "inngatt": date(2024, 4, 26),
        "utloper": date(2027, 12, 31),
        "forste_avtale": 2024,
    },
]
# Every agreement of the table is ongoing as the running text has it (none of them is
# the new 2026 refugee agreement, which the table does not list).
AVTALE_STATUS = "pagaende"


# The example's own marker: a counter row, so that `db kopier` and backups carry it.
MERKE = "eksempel/2026-2"


@dataclass(frozen=True)
class Eksempelresultat:
    nye_saker: int
    nye_avtaler: int
    fantes: int  # records of the example that were there already (it was loaded before)


def last_eksempel(
    *, session: Session, av: str, advarsler: Advarsler, likevel: bool = False
) -> Eksempelresultat:
    """Load the 2026 material's register content once. A register that has it (by its
    marker, not by content: an edited example case is still the example) is left as it
    is; a register with records of its own is refused unless `likevel`."""
    serialiser_import(session)
    if nummerering.verdi_av(session=session, teller=MERKE, ukjent=None) is not None:
        return Eksempelresultat(0, 0, len(SAKER) + len(AVTALER))
    antall = telling(session=session)
    if (antall["saker"] or antall["avtaler"]) and not likevel:
        raise IkkeTomt(
            f"Registeret har allerede {_antall(antall['saker'], 'sak', 'saker')} og "
            f"{_antall(antall['avtaler'], 'avtale', 'avtaler')}; eksempeldataene lastes bare "
            "i et tomt register.",
            antall["saker"],
            antall["avtaler"],
        )
    tid = klokke.na()
    for s in SAKER:
        data = valider(SakCreate, s)
        saker.ny_sak(session=session, data=data, av=av, advarsler=advarsler, tidspunkt=tid)
    for a in AVTALER:
        data_ = valider(AvtaleCreate, {**a, "status": AVTALE_STATUS})
        avtaler.ny_avtale(session=session, data=data_, av=av, advarsler=advarsler, tidspunkt=tid)
    nummerering.minst(session=session, teller=MERKE, verdi=1)
    return Eksempelresultat(len(SAKER), len(AVTALER), 0)


def _antall(n: int, en: str, flere: str) -> str:
    return f"{n} {en if n == 1 else flere}"
