"""The register's tables and the shapes that go in and out of it.

In the style of full-stack-fastapi-template: a `Base` with the shared fields, a
`Create` that validates input, the `table=True` class (which skips pydantic
validation, so input always goes through `Create` first), and a public shape for
output with the stable machine field names.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ValidationInfo, field_validator
from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from konsreg.regler.datoer import AR_SPENN, i_spenn, norsk_dato
from konsreg.tekst import rens_tekst, sitat

# Constraint names that are the same on every database, so batch migrations on
# SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SAKSTYPER = ("kostnadsberegning", "lovmedvirkning")
STATUSER = ("ny", "pagaende", "avsluttet")
STATUS_TEKST = {"ny": "ny", "pagaende": "pågående", "avsluttet": "avsluttet"}


# The text fields people and files give, each with the name its messages use and the
# control characters it may hold. `rens_felt` is the one rule for each: the models'
# validators below (sak ny, avtale ny, endre, vedlegg) and the import's row checks
# (importregler) both call it.
TEKSTFELT: dict[str, tuple[str, str]] = {
    "tittel": ("tittelen", ""),
    "beskrivelse": ("beskrivelsen", "\n\t"),
    "departement": ("departementet", ""),
    "meldt_inn_av": ("meldt inn av", ""),
    "kategori": ("kategorien", ""),
    "kategori_navn": ("kategorinavnet", ""),
    "parter": ("parten", ""),
}


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


class Departement(SQLModel, table=True):
    """A ministry under one name for a span of years; codes are reused over time."""

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=10, index=True)
    navn: str = Field(max_length=200)
    fra_ar: int | None = None
    til_ar: int | None = None
    merknad: str | None = None


class Kategori(SQLModel, table=True):
    """A group of agreements in Vedlegg c, printed in `rekkefolge`."""

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=40, unique=True)
    navn: str = Field(max_length=300, unique=True)
    rekkefolge: int = 0


class Teller(SQLModel, table=True):
    """Counters for handles: `sak/<year>` for saksnummer, `avtale` for agreements."""

    navn: str = Field(primary_key=True, max_length=40)
    verdi: int = 0


class SakBase(SQLModel):
    type: str = Field(max_length=40)
    departement: str = Field(max_length=10)
    tittel: str
    beskrivelse: str | None = None
    oppmeldt: int
    gjentakende: bool = False
    meldt_inn_av: str = Field(max_length=10)
    status: str = Field(default="ny", max_length=20)


class SakCreate(SakBase):
    """Input for a new case; codes are checked against the register by the service."""

    @field_validator("tittel", "departement", "meldt_inn_av")
    @classmethod
    def _tekst(cls, verdi: str, info: ValidationInfo) -> str:
        return rens_felt(str(info.field_name), verdi)

    @field_validator("beskrivelse")
    @classmethod
    def _beskrivelse(cls, verdi: str | None) -> str | None:
        return valgfri_beskrivelse(verdi)

    @field_validator("type")
    @classmethod
    def _type(cls, verdi: str) -> str:
        if verdi not in SAKSTYPER:
            raise ValueError(f"ukjent sakstype {sitat(verdi)}; bruk {' eller '.join(SAKSTYPER)}")
        return verdi

    @field_validator("status")
    @classmethod
    def _status(cls, verdi: str) -> str:
        if verdi not in STATUSER:
            raise ValueError(f"ukjent status {sitat(verdi)}; bruk ny, pagaende eller avsluttet")
        return verdi

    @field_validator("oppmeldt")
    @classmethod
    def _oppmeldt(cls, verdi: int) -> int:
        return sjekk_ar(verdi, "oppmeldt-året")


class Sak(SakBase, table=True):
    __table_args__ = (
        UniqueConstraint("ar", "lopenr", name="uq_sak_ar_lopenr"),
        # Imports look cases up by title, batch by batch. A hash index on PostgreSQL,
        # whose btree indexes refuse very long values; SQLite ignores the option.
        Index("ix_sak_tittel", "tittel", postgresql_using="hash"),
    )

    id: int | None = Field(default=None, primary_key=True)
    saksnummer: str = Field(max_length=20, unique=True)
    ar: int
    lopenr: int
    status_endret: date | None = None
    opprettet: datetime
    endret: datetime


class SakPublic(SQLModel):
    """A case as the machine formats show it; these field names are stable."""

    saksnummer: str
    type: str
    departement: str
    tittel: str
    beskrivelse: str | None
    oppmeldt: int
    gjentakende: bool
    meldt_inn_av: str
    status: str
    status_endret: date | None
    opprettet: datetime
    endret: datetime


class AvtaleBase(SQLModel):
    tittel: str
    inngatt: date | None = None
    utloper: date | None = None
    forste_avtale: int | None = None
    status: str = Field(default="pagaende", max_length=20)


class AvtaleCreate(AvtaleBase):
    """Input for a new agreement; category and parties are resolved by the service."""

    kategori: str
    parter: list[str]

    @field_validator("tittel", "kategori")
    @classmethod
    def _tekst(cls, verdi: str, info: ValidationInfo) -> str:
        return rens_felt(str(info.field_name), verdi)

    @field_validator("inngatt", "utloper")
    @classmethod
    def _dato(cls, verdi: date | None, info: ValidationInfo) -> date | None:
        return sjekk_dato(verdi, "inngått" if info.field_name == "inngatt" else "utløper")

    @field_validator("forste_avtale")
    @classmethod
    def _forste(cls, verdi: int | None) -> int | None:
        return None if verdi is None else sjekk_ar(verdi, "første avtale inngått")

    @field_validator("status")
    @classmethod
    def _status(cls, verdi: str) -> str:
        if verdi not in STATUSER:
            raise ValueError(f"ukjent status {sitat(verdi)}; bruk ny, pagaende eller avsluttet")
        return verdi

    @field_validator("parter")
    @classmethod
    def _parter(cls, verdi: list[str]) -> list[str]:
        verdi = [rens_felt("parter", p) for p in verdi]
        if not verdi:
            raise ValueError("en avtale må ha minst én part")
        if len(set(verdi)) != len(verdi):
            raise ValueError("samme part er oppgitt to ganger")
        return verdi


class Avtale(AvtaleBase, table=True):
    __table_args__ = (Index("ix_avtale_tittel", "tittel", postgresql_using="hash"),)

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(max_length=20, unique=True)
    kategori_id: int = Field(foreign_key="kategori.id")
    status_endret: date | None = None
    fornyer_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("avtale.id"), nullable=True)
    )
    opprettet: datetime
    endret: datetime


class AvtalePart(SQLModel, table=True):
    """One party of an agreement, in the order the agreement names them."""

    avtale_id: int = Field(
        sa_column=Column(Integer, ForeignKey("avtale.id", ondelete="CASCADE"), primary_key=True)
    )
    posisjon: int = Field(primary_key=True)
    kode: str = Field(max_length=10, index=True)


class AvtalePublic(SQLModel):
    """An agreement as the machine formats show it; these field names are stable."""

    id: str
    tittel: str
    kategori: str
    parter: list[str]
    inngatt: date | None
    utloper: date | None
    forste_avtale: int | None
    status: str
    status_endret: date | None
    fornyer: str | None
    opprettet: datetime
    endret: datetime


class Historikk(SQLModel, table=True):
    """One changed field of a case or an agreement: what, old, new, when, who."""

    id: int | None = Field(default=None, primary_key=True)
    entitet: str = Field(max_length=10)
    entitet_id: int = Field(index=True)
    felt: str = Field(max_length=40)
    gammel: str | None = None
    ny: str | None = None
    tidspunkt: datetime
    av: str = Field(max_length=100)


class HistorikkPublic(SQLModel):
    felt: str
    gammel: str | None
    ny: str | None
    tidspunkt: datetime
    av: str


def normaliser_status(verdi: str) -> str:
    """`ny`, `pagaende`/`pågående`, `avsluttet` (any case) to the stored spelling."""
    tekst = verdi.strip().lower().replace("å", "a")
    if tekst in STATUSER:
        return tekst
    raise ValueError(f"ukjent status {sitat(verdi)}; bruk ny, pagaende (pågående) eller avsluttet")


def normaliser_type(verdi: str) -> str:
    """A case kind, also abbreviated (`kostnad`, `lov`)."""
    tekst = verdi.strip().lower()
    treff = [t for t in SAKSTYPER if tekst and t.startswith(tekst)]
    if len(treff) == 1:
        return treff[0]
    raise ValueError(f"ukjent sakstype {sitat(verdi)}; bruk kostnadsberegning eller lovmedvirkning")
