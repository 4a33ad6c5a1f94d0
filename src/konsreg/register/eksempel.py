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

from datetime import date
from typing import Any

from sqlmodel import Session

from konsreg.db import serialiser_import
from konsreg.models import AvtaleCreate, SakCreate, valider
from konsreg.register import avtaler, klokke, saker
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


def last_eksempel(*, session: Session, av: str, advarsler: Advarsler) -> tuple[int, int, int]:
    """Load the 2026 material's register content; what is already there (by the records'
    content keys) is left as it is. Returns (new cases, new agreements, already there)."""
    serialiser_import(session)
    nye_saker = nye_avtaler = fantes = 0
    tid = klokke.na()
    for s in SAKER:
        data = valider(SakCreate, s)
        if saker.finn_etter_innhold(
            session=session,
            type=data.type,
            departement=data.departement,
            tittel=data.tittel,
            oppmeldt=data.oppmeldt,
        ):
            fantes += 1
            continue
        saker.ny_sak(session=session, data=data, av=av, advarsler=advarsler, tidspunkt=tid)
        nye_saker += 1
    for a in AVTALER:
        if avtaler.finn_etter_innhold(session=session, tittel=a["tittel"], inngatt=a["inngatt"]):
            fantes += 1
            continue
        data_ = valider(AvtaleCreate, {**a, "status": AVTALE_STATUS})
        avtaler.ny_avtale(session=session, data=data_, av=av, advarsler=advarsler, tidspunkt=tid)
        nye_avtaler += 1
    return nye_saker, nye_avtaler, fantes
