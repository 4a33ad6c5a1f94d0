"""What a meeting's material is made of, as data, and the pure rules over it: which
subsection an item belongs in, what its heading is, what the agenda lacks.

The register fills these shapes and `models.Materialedata` (register/materiale.py);
the builder lays them out (render/materiale.py) and the checks read them
(regler/sjekk.py). Nothing here reads the database or prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from konsreg.regler import mote as regler


@dataclass(frozen=True)
class PostSak:
    """The case an item is about, as the register holds it now."""

    saksnummer: str
    type: str
    departement: str
    tittel: str
    oppmeldt: int
    gjentakende: bool
    meldt_inn_av: str
    status: str
    endret: datetime
    pa_tidligere_mote: bool


@dataclass(frozen=True)
class PostAvtale:
    """The agreement an item is about."""

    id: str
    tittel: str
    fullt_navn: str | None
    parter: tuple[str, ...]
    inngatt: date | None
    gyldig_fra: date | None
    utloper: date | None
    status: str
    status_endret: date | None
    endret: datetime

    @property
    def start(self) -> date | None:
        """The first day it applies: gyldig fra where given, else inngått."""
        return self.gyldig_fra or self.inngatt

    @property
    def slutt(self) -> date | None:
        return regler.siste_dag_i_kraft(
            status=self.status, status_endret=self.status_endret, utloper=self.utloper
        )


@dataclass(frozen=True)
class Materialepunkt:
    """An agenda item with its record and its derived subsection."""

    id: str
    nr: int
    kapittel: int
    posisjon: int
    innledning: bool
    underdel: str | None
    tittel: str | None
    meldt_inn_av: str | None
    tekst: str | None
    sporsmal: tuple[str, ...]
    onsket_resultat: tuple[str, ...]
    konklusjon: str | None
    tekst_endret: datetime | None
    sak: PostSak | None = None
    avtale: PostAvtale | None = None

    @property
    def uten_post(self) -> bool:
        return self.kapittel in regler.UNDERDELER and self.sak is None and self.avtale is None


@dataclass(frozen=True)
class Motedata:
    id: str
    type: str
    ar: int
    nummer: int
    departement: str | None
    dato: date
    tema: str | None
    status: str
    deltakere: tuple[str, ...]


def underdel_for(punkt: Materialepunkt, vindu: regler.Vindu) -> str | None:
    """The subsection of an item: derived from its record; typed for an item without one."""
    if punkt.innledning or punkt.kapittel not in regler.UNDERDELER:
        return None
    if punkt.sak is not None:
        return regler.underdel_for_sak(
            oppmeldt=punkt.sak.oppmeldt,
            pa_tidligere_mote=punkt.sak.pa_tidligere_mote,
            vindu_=vindu,
        )
    if punkt.avtale is not None:
        a = punkt.avtale
        return regler.underdel_for_avtale(
            inngatt=a.inngatt,
            gyldig_fra=a.gyldig_fra,
            utloper=a.utloper,
            status=a.status,
            status_endret=a.status_endret,
            vindu_=vindu,
        )
    return punkt.underdel


def postens_tittel(punkt: Materialepunkt) -> str | None:
    """The title the record gives the item's heading (an agreement's full name first)."""
    if punkt.sak is not None:
        return punkt.sak.tittel
    if punkt.avtale is not None:
        return punkt.avtale.fullt_navn or punkt.avtale.tittel
    return None


def overskrift(punkt: Materialepunkt, underdel: str | None) -> str:
    """An item's heading, built from its record, never typed twice: a new case with
    "– Meldt inn av KS", a new or ended agreement with its period. An item's own title
    overrides the record's title (sjekk reports it when it names the record otherwise)."""
    tittel = punkt.tittel or postens_tittel(punkt) or ""
    if punkt.sak is not None:
        return (
            regler.overskrift_meldt(tittel, punkt.sak.meldt_inn_av) if underdel == "a" else tittel
        )
    if punkt.avtale is not None:
        if underdel in ("a", "c"):
            periode = regler.periode(punkt.avtale.start, punkt.avtale.slutt)
            return f"{tittel} {periode}" if periode else tittel
        return tittel
    if punkt.kapittel == 6:
        return regler.overskrift_meldt(tittel, punkt.meldt_inn_av)
    return tittel


@dataclass(frozen=True)
class Forslag:
    """Something that belongs on the agenda and is missing. `grunn`: ny_sak, ny_avtale,
    avsluttet (ended since the previous meeting), utloper (expires in the meeting's
    year), uten_tekst (ongoing, with no text for two meetings)."""

    grunn: str
    kapittel: int
    sak: str | None = None
    avtale: str | None = None
    tittel: str = ""
    dato: date | None = None
    punkt: str | None = None  # the item made for it (`--legg-til`)
