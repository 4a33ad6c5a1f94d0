"""The register content of the material for the 2nd consultation meeting 2026.

The cases and agreements that the material's appendices list, with the statuses its
running text gives them. They are loaded as the secretariat kept them, mistakes
included (the lovmedvirkningssak is listed under KUD though the text says KLD
brought it in; the health-technology agreement is dated 15.03.2024 in the table and
19 March 2024 in the text; four agreements expired in 2025 are still listed), so
that `konsreg vedlegg` reproduces the published tables and its warnings show what
the register catches.

With them comes the meeting itself, 2026-2 on 16 April 2026 (the material's own date:
"frist 16.april (møtedato for konsultasjonsmøtet)"), with every item of its chapters
2–6 as written (data/eksempel/: the texts, questions and wanted results, and the
agreements' full names), so that `konsreg materiale 2026-2` reproduces the document and
`konsreg sjekk 2026-2` finds its faults. The three agreements chapter 5 discusses that
Vedlegg c does not list are items without a record, as the material has them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.db import serialiser_import
from konsreg.errors import IkkeTomt, Konflikt
from konsreg.models import Avtale, AvtaleCreate, MoteCreate, PunktCreate, Sak, SakCreate, valider
from konsreg.register import avtaler, klokke, moter, nummerering, punkter, saker
from konsreg.register.departementer import telling
from konsreg.regler.advarsler import Advarsler
from konsreg.tekst import antall

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
    nye_moter: int = 0
    nye_punkter: int = 0


DATA = Path(__file__).resolve().parent.parent / "data" / "eksempel"
MOTE = "2026-2"
# The meeting has its own marker: a register loaded with an earlier konsreg, which had
# no meetings, gets the meeting on the next `konsreg eksempel`.
MERKE_MOTE = "eksempel/2026-2/mote"


def _json(navn: str) -> Any:
    return json.loads((DATA / navn).read_text(encoding="utf-8"))


def _tekst(navn: str | None) -> str | None:
    return (DATA / navn).read_text(encoding="utf-8") if navn else None


def last_eksempel(
    *, session: Session, av: str, advarsler: Advarsler, likevel: bool = False
) -> Eksempelresultat:
    """Load the 2026 material's register content once. A register that has it (by its
    marker, not by content: an edited example case is still the example) is left as it
    is; a register with records of its own is refused unless `likevel`."""
    serialiser_import(session)
    if nummerering.verdi_av(session=session, teller=MERKE, ukjent=None) is not None:
        moter_, punkter_ = _last_mote(session=session, av=av, advarsler=advarsler)
        return Eksempelresultat(0, 0, len(SAKER) + len(AVTALER), moter_, punkter_)
    finnes = telling(session=session)
    if (finnes["saker"] or finnes["avtaler"]) and not likevel:
        raise IkkeTomt(
            f"Registeret har allerede {antall(finnes['saker'], 'sak', 'saker')} og "
            f"{antall(finnes['avtaler'], 'avtale', 'avtaler')}; eksempeldataene lastes bare "
            "i et tomt register.",
            finnes["saker"],
            finnes["avtaler"],
        )
    tid = klokke.na()
    fulle = _json("fulle-navn.json")
    for s in SAKER:
        data = valider(SakCreate, s)
        saker.ny_sak(session=session, data=data, av=av, advarsler=advarsler, tidspunkt=tid)
    for a in AVTALER:
        data_ = valider(
            AvtaleCreate, {**a, "status": AVTALE_STATUS, "fullt_navn": fulle.get(a["tittel"])}
        )
        avtaler.ny_avtale(session=session, data=data_, av=av, advarsler=advarsler, tidspunkt=tid)
    nummerering.minst(session=session, teller=MERKE, verdi=1)
    moter_, punkter_ = _last_mote(session=session, av=av, advarsler=advarsler, tidspunkt=tid)
    return Eksempelresultat(len(SAKER), len(AVTALER), 0, moter_, punkter_)


def _last_mote(
    *, session: Session, av: str, advarsler: Advarsler, tidspunkt: datetime | None = None
) -> tuple[int, int]:
    """Meeting 2026-2 and its items, once; (meetings, items) loaded."""
    if nummerering.verdi_av(session=session, teller=MERKE_MOTE, ukjent=None) is not None:
        return 0, 0
    tid = tidspunkt or klokke.na()
    data = _json(f"mote-{MOTE}.json")
    m = data["mote"]
    moter.ny_mote(
        session=session,
        handle=m["id"],
        data=valider(MoteCreate, {"dato": m["dato"], "tema": m["tema"]}),
        av=av,
        advarsler=advarsler,
        tidspunkt=tid,
    )
    innledning = PunktCreate(kapittel=2, innledning=True, tekst=_tekst(m["kapittel2_innledning"]))
    punkter.ny_punkt(
        session=session, mote=MOTE, data=innledning, av=av, advarsler=advarsler, tidspunkt=tid
    )
    for p in data["punkter"]:
        felt: dict[str, Any] = {
            "kapittel": p["kapittel"],
            "tittel": p.get("tittel"),
            "meldt_inn_av": p.get("meldt_inn_av"),
            "underdel": p.get("del"),
            "tekst": _tekst(p.get("tekst")),
            "sporsmal": p.get("sporsmal", []),
            "onsket_resultat": p.get("onsket_resultat", []),
        }
        if p.get("sak"):
            felt["sak"] = _saksnummer(session, p["sak"])
        if p.get("avtale"):
            felt["avtale"] = _avtale_id(session, p["avtale"])
        punkter.ny_punkt(
            session=session,
            mote=MOTE,
            data=valider(PunktCreate, felt),
            av=av,
            advarsler=advarsler,
            tidspunkt=tid,
        )
    nummerering.minst(session=session, teller=MERKE_MOTE, verdi=1)
    return 1, len(data["punkter"]) + 1


def _saksnummer(session: Session, tittel: str) -> str:
    nummer = session.scalars(
        select(col(Sak.saksnummer)).where(col(Sak.tittel) == tittel).order_by(col(Sak.id))
    ).first()
    if nummer is None:
        raise Konflikt(f"Eksempelets sak «{tittel}» finnes ikke lenger i registeret.")
    return nummer


def _avtale_id(session: Session, tittel: str) -> str:
    handle = session.scalars(
        select(col(Avtale.handle)).where(col(Avtale.tittel) == tittel).order_by(col(Avtale.id))
    ).first()
    if handle is None:
        raise Konflikt(f"Eksempelets avtale «{tittel}» finnes ikke lenger i registeret.")
    return handle
