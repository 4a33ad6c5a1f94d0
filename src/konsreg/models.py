"""The register's tables and the shapes that go in and out of it.

In the style of full-stack-fastapi-template: a `Base` with the shared fields, a
`Create` that validates input, the `table=True` class (which skips pydantic
validation, so input always goes through `Create` first), and a public shape for
output with the stable machine field names.

Start-up: every command imports this module, so it is kept cheap to import. Pydantic
builds each model's validator on first use (`defer_build`), not at import: a listing
never validates a `SakCreate`. The annotations are plain (no `from __future__ import
annotations`): pydantic would otherwise evaluate every field's annotation string.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import AfterValidator, ConfigDict, ValidationError
from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from konsreg.errors import Ugyldig
from konsreg.regler import felt as f
from konsreg.regler.advarsler import Utlopt
from konsreg.regler.begreper import Status
from konsreg.regler.departementer import Vist
from konsreg.tekst import sitat

if TYPE_CHECKING:  # only the material needs them (start-up: a listing loads none of these)
    from konsreg.regler.materiale import Materialepunkt, Motedata
    from konsreg.regler.mote import Vindu
    from konsreg.regler.tidslinje import Tidslinje

# Constraint names that are the same on every database, so batch migrations on
# SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The rule of each input field, once: `Create` and `Update` use the same types, and the
# import's row checks call the same functions (regler/felt.py).
def _tekstfelt(navn: str) -> Any:
    return AfterValidator(lambda verdi: f.rens_felt(navn, verdi))


Tittel = Annotated[str, _tekstfelt("tittel")]
Kode = Annotated[str, _tekstfelt("departement")]
MeldtInnAv = Annotated[str, _tekstfelt("meldt_inn_av")]
Kategorinavn = Annotated[str, _tekstfelt("kategori")]
Beskrivelse = Annotated[str | None, AfterValidator(f.valgfri_beskrivelse)]
Oppmeldt = Annotated[int, AfterValidator(lambda ar: f.sjekk_ar(ar, "oppmeldt-året"))]
Forste = Annotated[
    int | None,
    AfterValidator(lambda ar: None if ar is None else f.sjekk_ar(ar, "første avtale inngått")),
]
Inngatt = Annotated[date | None, AfterValidator(lambda d: f.sjekk_dato(d, "inngått"))]
Utloper = Annotated[date | None, AfterValidator(lambda d: f.sjekk_dato(d, "utløper"))]
GyldigFra = Annotated[date | None, AfterValidator(lambda d: f.sjekk_dato(d, "gyldig fra"))]
StatusFelt = Annotated[str, AfterValidator(f.status)]
FulltNavn = Annotated[
    str | None, AfterValidator(lambda v: None if v is None else f.rens_felt("fullt_navn", v))
]
TypeFelt = Annotated[str, AfterValidator(f.sakstype)]


def _parter(verdi: list[str]) -> list[str]:
    verdi = [f.rens_felt("parter", p) for p in verdi]
    if not verdi:
        raise ValueError("en avtale må ha minst én part")
    if len(set(verdi)) != len(verdi):
        raise ValueError("samme part er oppgitt to ganger")
    return verdi


Parter = Annotated[list[str], AfterValidator(_parter)]


class Modell(SQLModel):
    """The base of konsreg's models: validators are built when first used."""

    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]


class Departement(Modell, table=True):
    """A ministry under one name for a span of years; codes are reused over time."""

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=10, index=True)
    navn: str = Field(max_length=200)
    fra_ar: int | None = None
    til_ar: int | None = None
    merknad: str | None = None


class DepartementPublic(Modell):
    """A ministry name as listings show it; these field names are stable."""

    model_config = ConfigDict(frozen=True)

    kode: str
    navn: str
    fra_ar: int | None
    til_ar: int | None
    merknad: str | None


class Etterfolger(Modell, table=True):
    """A hand-over between ministries (regler.departementer.Overgang): `forgjenger` gave
    its tasks to `etterfolger` from 1 January of `fra_ar`, all of them (`hel`) or a part."""

    id: int | None = Field(default=None, primary_key=True)
    forgjenger: str = Field(max_length=10, index=True)
    etterfolger: str = Field(max_length=10)
    fra_ar: int
    hel: bool
    merknad: str | None = None


class EtterfolgerPublic(Modell):
    """A hand-over as `konsreg departementer --overganger` lists it; stable field names."""

    model_config = ConfigDict(frozen=True)

    forgjenger: str
    etterfolger: str
    fra_ar: int
    omfang: str  # "hel" or "del", as data/etterfolgere.csv has it
    merknad: str | None


class Kategori(Modell, table=True):
    """A group of agreements in Vedlegg c, printed in `rekkefolge`."""

    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=40, unique=True)
    navn: str = Field(max_length=300, unique=True)
    rekkefolge: int = 0


class Teller(Modell, table=True):
    """Counters for handles: `sak/<year>` for saksnummer, `avtale` for agreements."""

    navn: str = Field(primary_key=True, max_length=40)
    verdi: int = 0


class SakBase(Modell):
    type: str = Field(max_length=40)
    departement: str = Field(max_length=10)
    tittel: str
    beskrivelse: str | None = None
    oppmeldt: int
    gjentakende: bool = False
    meldt_inn_av: str = Field(max_length=10)
    status: str = Field(default=Status.ny, max_length=20)


class SakCreate(SakBase):
    """Input for a new case; ministry codes are resolved against the register."""

    type: TypeFelt
    departement: Kode
    tittel: Tittel
    beskrivelse: Beskrivelse = None
    oppmeldt: Oppmeldt
    meldt_inn_av: MeldtInnAv
    status: StatusFelt = Status.ny


class SakUpdate(Modell):
    """A change of a case: only the fields set are changed (`model_dump(exclude_unset=True)`);
    a field set to None is emptied."""

    type: TypeFelt | None = None
    departement: Kode | None = None
    tittel: Tittel | None = None
    beskrivelse: Beskrivelse = None
    oppmeldt: Oppmeldt | None = None
    gjentakende: bool | None = None
    meldt_inn_av: MeldtInnAv | None = None
    status: StatusFelt | None = None


class Sak(SakBase, table=True):
    __table_args__ = (
        UniqueConstraint("ar", "lopenr", name="uq_sak_ar_lopenr"),
        # Imports look cases up by title, batch by batch. On PostgreSQL, whose btree
        # indexes refuse very long values, migration 0002 makes it a hash index
        # (tests/db/test_migrations.py checks it). Not `postgresql_using="hash"` here:
        # SQLAlchemy checks that option by importing its PostgreSQL dialect, ~25 ms of
        # every command's start-up on SQLite too; Alembic's comparison ignores it.
        Index("ix_sak_tittel", "tittel"),
    )

    id: int | None = Field(default=None, primary_key=True)
    saksnummer: str = Field(max_length=20, unique=True)
    ar: int
    lopenr: int
    status_endret: date | None = None
    opprettet: datetime
    endret: datetime


class SakPublic(Modell):
    """A case as the machine formats show it; these field names are stable."""

    model_config = ConfigDict(frozen=True)

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


class AvtaleBase(Modell):
    """`inngatt` and `gyldig_fra` may be known only to the month (regler.datoer.Manedsdato):
    the table stores the first day and, beside it, the precision."""

    tittel: str
    inngatt: date | None = None
    gyldig_fra: date | None = None
    utloper: date | None = None
    forste_avtale: int | None = None
    status: str = Field(default=Status.pagaende, max_length=20)
    # The official title the material's chapter headings use, beside the short one the
    # appendix prints ("Avtale mellom regjeringen og KS om …").
    fullt_navn: str | None = None


class AvtaleCreate(AvtaleBase):
    """Input for a new agreement; category and parties are resolved by the register."""

    tittel: Tittel
    inngatt: Inngatt = None
    gyldig_fra: GyldigFra = None
    utloper: Utloper = None
    forste_avtale: Forste = None
    status: StatusFelt = Status.pagaende
    fullt_navn: FulltNavn = None
    kategori: Kategorinavn
    parter: Parter


class AvtaleUpdate(Modell):
    """A change of an agreement: only the fields set are changed; None empties a field.
    `fornyer` is the id of the agreement this one renews (None: it renews none)."""

    tittel: Tittel | None = None
    kategori: Kategorinavn | None = None
    parter: Parter | None = None
    inngatt: Inngatt = None
    gyldig_fra: GyldigFra = None
    utloper: Utloper = None
    forste_avtale: Forste = None
    status: StatusFelt | None = None
    fullt_navn: FulltNavn = None
    fornyer: str | None = None


class Avtale(AvtaleBase, table=True):
    # A hash index on PostgreSQL, as ix_sak_tittel (migration 0002).
    __table_args__ = (Index("ix_avtale_tittel", "tittel"),)

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(max_length=20, unique=True)
    kategori_id: int = Field(foreign_key="kategori.id")
    # The precision of inngatt and gyldig_fra: NULL the day, "maned" the month.
    inngatt_presisjon: str | None = Field(default=None, max_length=10)
    gyldig_fra_presisjon: str | None = Field(default=None, max_length=10)
    # A closed agreement's last day in force, like utloper (register/utvalg.py).
    status_endret: date | None = None
    fornyer_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("avtale.id"), nullable=True)
    )
    opprettet: datetime
    endret: datetime
    # The parties' codes in order ("AID, JD, KS"), for the search index (migration 0006):
    # kept by triggers on avtalepart in the same transaction as the parties, whatever
    # writes them; the imports write it with the row (regler.sok.parter_tekst), so the
    # triggers find nothing to change. Never shown: `parter` comes from avtalepart.
    parter_tekst: str | None = None


class AvtalePart(Modell, table=True):
    """One party of an agreement, in the order the agreement names them."""

    avtale_id: int = Field(
        sa_column=Column(Integer, ForeignKey("avtale.id", ondelete="CASCADE"), primary_key=True)
    )
    posisjon: int = Field(primary_key=True)
    kode: str = Field(max_length=10, index=True)


class AvtalePublic(Modell):
    """An agreement as the machine formats show it; these field names are stable."""

    model_config = ConfigDict(frozen=True)

    id: str
    tittel: str
    kategori: str
    parter: list[str]
    inngatt: date | None
    gyldig_fra: date | None
    utloper: date | None
    forste_avtale: int | None
    status: str
    status_endret: date | None
    fornyer: str | None
    opprettet: datetime
    endret: datetime


class AvtaleEksport(AvtalePublic):
    """An agreement as `eksport` writes it: also its category's full name, so that an
    export of a register with categories of its own imports into an empty one, and its
    official title (`fullt_navn`, no field of the listings)."""

    kategori_navn: str
    fullt_navn: str | None


class Historikk(Modell, table=True):
    """One changed field of a case or an agreement: what, old, new, when, who."""

    id: int | None = Field(default=None, primary_key=True)
    entitet: str = Field(max_length=10)
    entitet_id: int = Field(index=True)
    felt: str = Field(max_length=40)
    gammel: str | None = None
    ny: str | None = None
    tidspunkt: datetime
    av: str = Field(max_length=100)


class HistorikkPublic(Modell):
    model_config = ConfigDict(frozen=True)

    felt: str
    gammel: str | None
    ny: str | None
    tidspunkt: datetime
    av: str


def _liste(navn: str) -> Any:
    def sjekk(verdi: list[str]) -> list[str]:
        return [f.rens_felt(navn, v) for v in verdi]

    return AfterValidator(sjekk)


def _valgfri(navn: str) -> Any:
    return AfterValidator(lambda v: None if v is None or not v.strip() else f.rens_felt(navn, v))


MoteDato = Annotated[date, AfterValidator(lambda d: f.sjekk_dato(d, "møtedatoen"))]
Tema = Annotated[str | None, _valgfri("tema")]
Deltakere = Annotated[list[str], _liste("deltaker")]
Punkttittel = Annotated[str | None, _valgfri("punkttittel")]
Punkttekst = Annotated[str | None, _valgfri("tekst")]
Konklusjon = Annotated[str | None, _valgfri("konklusjon")]
Sporsmal = Annotated[list[str], _liste("sporsmal")]
Onsket = Annotated[list[str], _liste("onsket_resultat")]
MeldtInnAvValgfri = Annotated[str | None, _valgfri("meldt_inn_av")]


class MoteCreate(Modell):
    """Input for a new meeting; its id is checked against the kind by the register."""

    type: str = "plenum"
    dato: MoteDato
    tema: Tema = None
    departement: Kode | None = None
    status: str = "planlagt"
    deltakere: Deltakere = []


class MoteUpdate(Modell):
    """A change of a meeting: only the fields set are changed."""

    dato: MoteDato | None = None
    tema: Tema = None
    status: str | None = None
    deltakere: Deltakere | None = None


class PunktCreate(Modell):
    """Input for a new agenda item. Which of `sak`, `avtale`, `tittel` it needs depends
    on the chapter (register/punkter.py)."""

    kapittel: int | None = None
    underdel: str | None = None
    sak: str | None = None
    avtale: str | None = None
    innledning: bool = False
    tittel: Punkttittel = None
    meldt_inn_av: MeldtInnAvValgfri = None
    tekst: Punkttekst = None
    sporsmal: Sporsmal = []
    onsket_resultat: Onsket = []
    konklusjon: Konklusjon = None


class PunktUpdate(Modell):
    """A change of an agenda item: only the fields set are changed; None empties one.
    `sak`/`avtale` point an item at its record (an item written before the record was
    registered)."""

    sak: str | None = None
    avtale: str | None = None
    tittel: Punkttittel = None
    meldt_inn_av: MeldtInnAvValgfri = None
    underdel: str | None = None
    tekst: Punkttekst = None
    sporsmal: Sporsmal | None = None
    onsket_resultat: Onsket | None = None
    konklusjon: Konklusjon = None


class Mote(Modell, table=True):
    """A meeting: plenary (`2026-2`), bilateral with one ministry, or political."""

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(max_length=30, unique=True)
    ar: int
    type: str = Field(max_length=20)
    nummer: int
    departement: str | None = Field(default=None, max_length=10)
    dato: date = Field(index=True)
    tema: str | None = None
    status: str = Field(max_length=20)
    status_endret: date | None = None
    # "Til stede": one name per line.
    deltakere: str | None = None
    opprettet: datetime
    endret: datetime


class MotePublic(Modell):
    """A meeting as the machine formats show it; these field names are stable."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    ar: int
    nummer: int
    departement: str | None
    dato: date
    tema: str | None
    status: str
    status_endret: date | None
    deltakere: list[str]
    opprettet: datetime
    endret: datetime


class Punkt(Modell, table=True):
    """An item on a meeting's agenda, in one chapter (2–6), about a case (3, 4), an
    agreement (5), or standing alone with a title (2, 6, or a missing record). `nr` is
    its stable number in the meeting (`2026-2/3`), `posisjon` its place in the chapter.
    A removed item keeps its row and number (`fjernet`), so an old material can be
    printed as it stood."""

    __table_args__ = (UniqueConstraint("mote_id", "nr", name="uq_punkt_mote_id_nr"),)

    id: int | None = Field(default=None, primary_key=True)
    mote_id: int = Field(foreign_key="mote.id", index=True)
    nr: int
    kapittel: int
    posisjon: int
    innledning: bool = False
    underdel: str | None = Field(default=None, max_length=2)
    sak_id: int | None = Field(default=None, foreign_key="sak.id", index=True)
    avtale_id: int | None = Field(default=None, foreign_key="avtale.id", index=True)
    tittel: str | None = None
    meldt_inn_av: str | None = Field(default=None, max_length=10)
    tekst: str | None = None
    # Lists as JSON arrays of strings (one question or wanted result each).
    sporsmal: str | None = None
    onsket_resultat: str | None = None
    konklusjon: str | None = None
    tekst_endret: datetime | None = None
    fjernet: datetime | None = None
    opprettet: datetime
    endret: datetime


class PunktPublic(Modell):
    """An agenda item as the machine formats show it; these field names are stable."""

    model_config = ConfigDict(frozen=True)

    id: str
    mote: str
    nr: int
    kapittel: int
    posisjon: int
    innledning: bool
    underdel: str | None
    sak: str | None
    avtale: str | None
    # The record's title (an agreement's full name if it has one), to read the item by.
    post_tittel: str | None
    tittel: str | None
    meldt_inn_av: str | None
    tekst: str | None
    sporsmal: list[str]
    onsket_resultat: list[str]
    konklusjon: str | None
    tekst_endret: datetime | None
    opprettet: datetime
    endret: datetime


# The names of fields as messages say them.
FELTNAVN = {
    "meldt_inn_av": "meldt inn av",
    "inngatt": "inngått",
    "gyldig_fra": "gyldig fra",
    "utloper": "utløper",
    "forste_avtale": "første avtale inngått",
    "fullt_navn": "fullt navn",
    "dato": "møtedatoen",
    "onsket_resultat": "ønsket resultat",
    "sporsmal": "spørsmål",
}
M = TypeVar("M", bound=SQLModel)


def valider(modell: type[M], data: dict[str, Any]) -> M:
    """Validate input through a non-table model; pydantic's complaint in Norwegian."""
    try:
        return modell.model_validate(data)
    except ValidationError as feil:
        deler = []
        for e in feil.errors():
            navn = str(e["loc"][0]) if e["loc"] else "verdi"
            felt = FELTNAVN.get(navn, navn)
            if e["type"] == "value_error":
                deler.append(str(e["ctx"]["error"]))
            elif e["type"] == "missing":
                deler.append(f"{felt} mangler")
            else:
                deler.append(f"ugyldig verdi for {felt}: {sitat(e.get('input'))}")
        tekst = "; ".join(deler)
        raise Ugyldig(tekst[0].upper() + tekst[1:] + ".") from None


@dataclass(frozen=True)
class SakLinje:
    """A case as Vedlegg a/b needs it: the ministry's name in the consultation year, and
    (`overtatt`) the successor shown instead of the code it was registered with."""

    saksnummer: str
    departement: str
    departement_navn: str
    tittel: str
    oppmeldt: int
    gjentakende: bool
    status: str
    overtatt: Vist | None = None


@dataclass(frozen=True)
class AvtaleLinje:
    """An agreement as Vedlegg c needs it."""

    id: str
    tittel: str
    kategori: str
    kategori_navn: str
    parter: tuple[str, ...]
    inngatt: date | None
    utloper: date | None
    forste_avtale: int | None
    status: str
    # The successors the appendix's year shows instead of registered parties.
    overtatt: tuple[Vist, ...] = ()
    gyldig_fra: date | None = None

    @property
    def parter_vist(self) -> tuple[str, ...]:
        """The parties as printed: each registered code that a successor took over from
        shown as that successor (once)."""
        bytt = {v.registrert: v.vist for v in self.overtatt}
        return tuple(dict.fromkeys(bytt.get(p, p) for p in self.parter))


@dataclass(frozen=True)
class VedleggSakRad:
    """A row of a Vedlegg a/b table as read from a material (lesere/vedlegg.py)."""

    linje: int
    departement: str
    departement_navn: str
    tittel: str
    oppmeldt: int
    gjentakende: bool


@dataclass(frozen=True)
class VedleggAvtaleRad:
    """A row of a Vedlegg c table as read from a material."""

    linje: int
    kategori: str
    tittel: str
    parter: tuple[str, ...]
    inngatt: date | None
    utloper: date | None
    forste_avtale: int | None


@dataclass(frozen=True)
class Materialedata:
    """Everything the material of one meeting says, as of its date."""

    mote: "Motedata"
    vindu: "Vindu"
    punkter: "tuple[Materialepunkt, ...]"
    vedlegg_a: tuple[SakLinje, ...]
    vedlegg_b: tuple[SakLinje, ...]
    vedlegg_c: tuple[AvtaleLinje, ...]
    kategorier: tuple[tuple[str, str], ...]
    # Agreements of Vedlegg c that expired before the meeting but are still current.
    utlopte: tuple[Utlopt, ...]
    # Agreements in force on the meeting's date ("Per april 2026 er det N gjeldende").
    gjeldende_avtaler: int
    # Ministries' full names in the meeting's year, by code (and KS).
    departementsnavn: dict[str, str] = field(default_factory=dict)
    # Vedlegg c's agreements over the years, with the earlier ones of their series.
    tidslinje: "Tidslinje | None" = None
