"""The import of a whole register as `eksport alt` writes it: cases, agreements, meetings
and agenda items, in the caller's one transaction, all of it or nothing.

Each run of lines of one kind goes where that kind goes: cases and agreements through
the pipeline (pipeline.py, with its conflict modes), meetings and items one by one
through the rules of `mote ny` and `punkt ny` (register/moter.py, register/punkter.py).
An item names its meeting and its case or agreement, which stand before it in the file;
the record's title beside it (`post_tittel`) is derived from the record, and not read.

A meeting keeps its id, an item its number and its place in the chapter, and both keep
their times (`opprettet`, `endret`, a meeting's `status_endret`, an item's
`tekst_endret`), as a case does: the history says the import created them, by whom and
when. A meeting is imported with its items: one the register has already is refused
(`--ved-konflikt feil`) or skipped with its items (`hopp-over`). A file never updates
one: under `oppdater` and `overskriv` a meeting and items the same as the register's
are unchanged (the file imported again), any difference is refused, naming the meeting
or the item.

The problems of a run of cases or agreements stop the import at the end of that run;
those of meetings and items at the end of theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import groupby
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.db import serialiser_import
from konsreg.errors import KonsregFeil, Ugyldig
from konsreg.models import Mote, MoteCreate, PunktCreate, valider
from konsreg.register import klokke, moter, punkter
from konsreg.register.importer import avtaler, saker
from konsreg.register.importer.pipeline import Feilsamler, Importresultat, Post, Varsler
from konsreg.regler import mote as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.begreper import Konfliktmodus
from konsreg.regler.datoer import parse_dato, parse_tidspunkt
from konsreg.regler.nummer import STORSTE_NUMMER
from konsreg.tekst import sitat

# The kinds of line, in the order `eksport alt` writes them.
POSTER = ("sak", "avtale", "mote", "punkt")
Linjer = Iterable[tuple[int, str | None, dict[str, Any]]]
# What became of each line, with its kind (`--json`).
Lytter = Callable[[str, Post], None]

# The fields of a meeting and of an item that go through MoteCreate and PunktCreate.
_MOTEFELT = tuple(MoteCreate.model_fields)
_PUNKTFELT = tuple(PunktCreate.model_fields)


def importer(
    *,
    session: Session,
    rader: Linjer,
    konflikt: Konfliktmodus,
    av: str,
    kilde: str,
    advarsler: Advarsler,
    tillat_hull: bool = False,
    fremdrift: Callable[[int], None] | None = None,
    poster: Lytter | None = None,
    maks_feil: int = 50,
) -> dict[str, Importresultat]:
    """Import the lines of an `eksport alt` file (all or none); the result per kind."""
    serialiser_import(session)
    resultater = {post: Importresultat() for post in POSTER}
    feil = Feilsamler(kilde, maks_feil)
    varsler = Varsler(kilde, advarsler, maks_feil)
    moteimport = _Moter(
        session=session,
        av=av,
        tid=klokke.na(),
        konflikt=konflikt,
        feil=feil,
        varsler=varsler,
        resultater=resultater,
        poster=poster,
    )
    for post, gruppe in groupby(rader, key=lambda rad: rad[1]):
        linjer = ((linje, data) for linje, _, data in gruppe)
        if post == "sak" or post == "avtale":
            feil.reis()  # the meetings' problems before another run of records
            resultat = _poster(
                session,
                post,
                linjer,
                konflikt,
                av,
                kilde,
                advarsler,
                tillat_hull,
                fremdrift,
                poster,
            )
            _legg_til(resultater[post], resultat)
            continue
        for linje, data in linjer:
            if post == "mote":
                moteimport.mote(linje, data)
            elif post == "punkt":
                moteimport.punkt(linje, data)
            else:  # no known kind: the reader said why
                feil.legg_til(linje, f"rad: {data.get('_feil')}")
            if fremdrift is not None:
                fremdrift(1)
    feil.reis()
    varsler.avslutt()
    return resultater


def _poster(
    session: Session,
    post: str,
    linjer: Iterator[tuple[int, dict[str, Any]]],
    konflikt: Konfliktmodus,
    av: str,
    kilde: str,
    advarsler: Advarsler,
    tillat_hull: bool,
    fremdrift: Callable[[int], None] | None,
    poster: Lytter | None,
) -> Importresultat:
    """A run of cases or agreements, through the pipeline."""

    def lytt(p: Post) -> None:
        assert poster is not None
        poster(post, p)

    felles: dict[str, Any] = {
        "session": session,
        "rader": linjer,
        "konflikt": konflikt,
        "av": av,
        "kilde": kilde,
        "advarsler": advarsler,
        "fremdrift": fremdrift,
        "poster": lytt if poster is not None else None,
    }
    if post == "sak":
        return saker.importer(**felles, tillat_hull=tillat_hull)
    return avtaler.importer(**felles)


def _legg_til(sum_: Importresultat, del_: Importresultat) -> None:
    sum_.rader += del_.rader
    sum_.nye += del_.nye
    sum_.oppdatert += del_.oppdatert
    sum_.uendret += del_.uendret
    sum_.hoppet_over += del_.hoppet_over


class _Moter:
    """Meetings and their items, a line at a time. What became of each meeting of the
    file (`tilstand`): created here ("ny"), skipped with its items ("hoppet"), the same as
    the register's ("uendret": its items are compared one by one), or refused ("avvist",
    its problem said once: its items say nothing more)."""

    def __init__(
        self,
        *,
        session: Session,
        av: str,
        tid: datetime,
        konflikt: Konfliktmodus,
        feil: Feilsamler,
        varsler: Varsler,
        resultater: dict[str, Importresultat],
        poster: Lytter | None,
    ) -> None:
        self.session, self.av, self.tid, self.konflikt = session, av, tid, konflikt
        self.feil, self.varsler, self.resultater, self.poster = feil, varsler, resultater, poster
        self.tilstand: dict[str, str] = {}

    def _noter(self, post: str, linje: int, handling: str, handle: str) -> None:
        resultat = self.resultater[post]
        if handling == "ny":
            resultat.nye += 1
        elif handling == "uendret":
            resultat.uendret += 1
        else:
            resultat.hoppet_over += 1
        if self.poster is not None:
            self.poster(post, Post(linje, handling, "id", handle))

    # -- meetings --------------------------------------------------------------------

    def mote(self, linje: int, data: dict[str, Any]) -> None:
        self.resultater["mote"].rader += 1
        if "_feil" in data:
            try:  # its items then say nothing more
                navn_ = _mote_id(data.get("id"), "id")
            except _Radfeil:
                navn_ = None
            self._avvis(linje, str(navn_) if navn_ else None, f"rad: {data['_feil']}")
            return
        navn: str | None = None
        try:
            mote_id = _mote_id(data.get("id"), "id")
            navn = str(mote_id) if mote_id is not None else None
            if navn is not None and self._finnes(linje, navn, "id", data):
                return
            inn, tider = _motedata(data, mote_id)
        except _Radfeil as galt:
            self._avvis(linje, navn, galt.melding)
            return
        egne: Advarsler = []
        try:
            ny = moter.ny_mote(
                session=self.session,
                handle=navn,
                data=valider(MoteCreate, inn),
                av=self.av,
                advarsler=egne,
                tidspunkt=self.tid,
            )
        except KonsregFeil as galt:
            omtale = f"møte {navn}" if navn is not None else "møte"
            self._avvis(linje, navn, f"{omtale}: {galt.melding}")
            return
        rad = moter.hent(session=self.session, handle=ny.id)
        _sett_tider(rad, tider)
        self.session.add(rad)
        self.session.flush()
        self.tilstand[ny.id] = "ny"
        self.varsler.rad(linje, egne)
        self._noter("mote", linje, "ny", ny.id)

    def _avvis(
        self, linje: int, navn: str | None, melding: str, *, grunn: str | None = None
    ) -> None:
        self.feil.legg_til(linje, melding.rstrip("."), grunn=grunn)
        if navn is not None:
            self.tilstand[navn] = "avvist"

    def _finnes(self, linje: int, navn: str, felt: str, data: dict[str, Any] | None = None) -> bool:
        """Whether the meeting is one of the file's already, or the register's: then
        this line goes no further (skipped, unchanged or refused as the conflict mode
        says). `data`: the meeting's own line, else an item's names it."""
        if navn in self.tilstand:
            if felt == "id":
                self._avvis(linje, None, f"id: møtet {navn} står to ganger i filen")
            return True
        stmt = select(col(Mote.id)).where(col(Mote.handle) == navn)
        if self.session.scalar(stmt) is None:
            return False
        if self.konflikt == Konfliktmodus.hopp_over:
            self.tilstand[navn] = "hoppet"
            if felt == "id":
                self._noter("mote", linje, "hoppet_over", navn)
            return True
        if self.konflikt == Konfliktmodus.feil:
            self._avvis(linje, navn, f"{felt}: møtet {navn} finnes fra før", grunn="mote_finnes")
            return True
        hvordan = "står ikke i filen"
        if data is not None:
            naa = moter.public(moter.hent(session=self.session, handle=navn))
            ulike = _ulike(data, naa.model_dump(mode="json"))
            if not ulike:
                self.tilstand[navn] = "uendret"
                self._noter("mote", linje, "uendret", navn)
                return True
            hvordan = f"er ikke likt filens ({', '.join(ulike)})"
        self._avvis(
            linje,
            navn,
            f"{felt}: møtet {navn} finnes fra før og {hvordan}; et møte og punktene på det "
            "oppdateres ikke fra en fil",
            grunn="mote_oppdateres",
        )
        return True

    # -- items -----------------------------------------------------------------------

    def punkt(self, linje: int, data: dict[str, Any]) -> None:
        self.resultater["punkt"].rader += 1
        if "_feil" in data:
            self.feil.legg_til(linje, f"rad: {data['_feil']}")
            return
        try:
            mote, nr = _punktets_mote(data)
        except _Radfeil as galt:
            self.feil.legg_til(linje, galt.melding)
            return
        tilstand = self.tilstand.get(mote)
        if tilstand is None:
            if not self._finnes(linje, mote, "mote"):
                self._avvis(
                    linje,
                    mote,
                    f"mote: finner ikke møtet {mote}; et punkt står i filen etter sitt møte",
                )
                return
            tilstand = self.tilstand[mote]
        omtale = f"punkt {regler.punkt_id(mote, nr)}" if nr is not None else f"punkt i {mote}"
        if tilstand == "hoppet":
            handle = regler.punkt_id(mote, nr) if nr is not None else mote
            self._noter("punkt", linje, "hoppet_over", handle)
            return
        if tilstand == "uendret":
            self._uendret_punkt(linje, mote, nr, data)
            return
        if tilstand != "ny":
            return  # its meeting's problem is said
        try:
            inn, posisjon, tider = _punktdata(data)
        except _Radfeil as galt:
            self.feil.legg_til(linje, galt.melding)
            return
        egne: Advarsler = []
        try:
            ny = punkter.ny_punkt(
                session=self.session,
                mote=mote,
                data=valider(PunktCreate, inn),
                av=self.av,
                advarsler=egne,
                tidspunkt=self.tid,
                nr=nr,
                posisjon=posisjon,
            )
        except KonsregFeil as galt:
            self.feil.legg_til(linje, f"{omtale}: {galt.melding.rstrip('.')}")
            return
        rad, _ = punkter.hent(session=self.session, punkt_id=ny.id)
        _sett_tider(rad, tider)
        self.session.add(rad)
        self.session.flush()
        self.varsler.rad(linje, egne)
        self._noter("punkt", linje, "ny", ny.id)

    def _uendret_punkt(self, linje: int, mote: str, nr: int | None, data: dict[str, Any]) -> None:
        """An item of a meeting the same as the register's: the same as the register's
        item, or refused (a file neither changes nor adds the items of such a meeting)."""
        navn = f"punkt {regler.punkt_id(mote, nr)}" if nr is not None else f"et punkt i {mote}"
        if nr is None:
            ulike = ["punktet har ikke noe nummer"]
        else:
            try:
                naa = punkter.finn(session=self.session, punkt_id=regler.punkt_id(mote, nr))
                ulike = _ulike(data, naa.model_dump(mode="json"))
            except KonsregFeil as galt:
                ulike = [galt.melding.split(";")[0].rstrip(".")]
            if not ulike:
                self._noter("punkt", linje, "uendret", regler.punkt_id(mote, nr))
                return
        self.feil.legg_til(
            linje,
            f"id: {navn} er ikke likt registerets ({', '.join(ulike)}); punktene på et møte "
            "registeret har fra før, oppdateres ikke fra en fil",
            grunn="mote_oppdateres",
        )


# What compares an existing meeting or item with a line: not its id and number, not its
# times (as for records: `endret` says when, not what), not what is derived from its
# record (`post_tittel`).
_SAMMENLIGNES_IKKE = frozenset(
    {
        *("id", "ar", "nummer", "mote", "nr", "opprettet", "endret", "status_endret"),
        *("tekst_endret", "post_tittel"),
    }
)


def _ulike(data: dict[str, Any], naa: dict[str, Any]) -> list[str]:
    """The fields of a line that say otherwise than the register (its JSON form)."""
    return [
        felt
        for felt, verdi in data.items()
        if felt in naa and felt not in _SAMMENLIGNES_IKKE and verdi != naa[felt]
    ]


class _Radfeil(Exception):
    """A line's problem, `felt: melding`, before the rules of `mote ny`/`punkt ny` run."""

    def __init__(self, melding: str) -> None:
        super().__init__(melding)
        self.melding = melding


def _regel(felt: str, funksjon: Callable[[Any], Any], verdi: Any) -> Any:
    try:
        return funksjon(verdi)
    except (Ugyldig, ValueError, TypeError) as galt:
        melding = galt.melding if isinstance(galt, Ugyldig) else str(galt)
        raise _Radfeil(f"{felt}: {melding.rstrip('.')}") from None


def _tekst(verdi: Any, felt: str) -> str | None:
    if verdi is None:
        return None
    if not isinstance(verdi, str):
        raise _Radfeil(f"{felt}: ventet tekst, fikk {sitat(verdi)}")
    return verdi.strip() or None


def _heltall(verdi: Any, felt: str) -> int | None:
    """A number from the file: a JSON number, or its digits as text; no larger than a
    number the database can hold."""
    if verdi is None:
        return None
    tall: int | None = None
    if isinstance(verdi, int) and not isinstance(verdi, bool):
        tall = verdi
    elif isinstance(verdi, str) and verdi.strip().isascii() and verdi.strip().isdigit():
        tall = int(verdi.strip())
    if tall is None:
        raise _Radfeil(f"{felt}: ventet et heltall, fikk {sitat(verdi)}")
    if abs(tall) > STORSTE_NUMMER:
        raise _Radfeil(f"{felt}: {tall} er større enn {STORSTE_NUMMER}")
    return tall


def _mote_id(verdi: Any, felt: str) -> regler.MoteId | None:
    tekst = _tekst(verdi, felt)
    return None if tekst is None else _regel(felt, regler.les_mote_id, tekst)


def _tider(data: dict[str, Any], felt: tuple[str, ...]) -> dict[str, Any]:
    """The times a line brings (exports do), each parsed as the case import parses them;
    only the columns the line has."""
    tider: dict[str, Any] = {}
    for navn in felt:
        if navn not in data:
            continue
        tekst = _tekst(data[navn], navn)
        les = parse_dato if navn == "status_endret" else parse_tidspunkt
        tider[navn] = None if tekst is None else _regel(navn, les, tekst)
    if tider.get("opprettet") is not None and tider.get("endret") is None:
        tider["endret"] = tider["opprettet"]
    return tider


def _sett_tider(rad: Any, tider: dict[str, Any]) -> None:
    """The file's times on a new row; a time the file leaves empty is the import's,
    except `tekst_endret`, which the file's says."""
    for navn, verdi in tider.items():
        if verdi is not None or navn == "tekst_endret":
            setattr(rad, navn, verdi)


def _motedata(
    data: dict[str, Any], mote_id: regler.MoteId | None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A meeting's fields for MoteCreate, and its times. The kind and ministry follow
    from its id where the line leaves them out; its year and number must be the id's."""
    for felt in ("ar", "nummer"):
        verdi = _heltall(data.get(felt), felt)
        if verdi is not None and mote_id is not None and verdi != getattr(mote_id, felt):
            raise _Radfeil(
                f"{felt}: {verdi} stemmer ikke med møtets id {mote_id} ({getattr(mote_id, felt)})"
            )
    inn = {f: data[f] for f in _MOTEFELT if data.get(f) is not None}
    if mote_id is not None:
        inn.setdefault("type", mote_id.type.value)
        if mote_id.departement is not None:
            inn.setdefault("departement", mote_id.departement)
    if (dato := _tekst(data.get("dato"), "dato")) is not None:
        inn["dato"] = _regel("dato", parse_dato, dato)
    return inn, _tider(data, ("status_endret", "opprettet", "endret"))


def _punktets_mote(data: dict[str, Any]) -> tuple[str, int | None]:
    """The meeting an item is on, and its number: from its id (`2026-2/3`), from `mote`
    and `nr`, or both, when they agree."""
    id_ = _tekst(data.get("id"), "id")
    fra_id: tuple[regler.MoteId, int] | None = (
        None if id_ is None else _regel("id", regler.les_punkt_id, id_)
    )
    mote_id = _mote_id(data.get("mote"), "mote")
    nr = _heltall(data.get("nr"), "nr")
    if fra_id is not None:
        if mote_id is not None and mote_id != fra_id[0]:
            raise _Radfeil(f"mote: punktet {id_} står på møtet {fra_id[0]}, ikke {mote_id}")
        if nr is not None and nr != fra_id[1]:
            raise _Radfeil(f"nr: punktet {id_} har nummer {fra_id[1]}, ikke {nr}")
        return str(fra_id[0]), fra_id[1]
    if mote_id is None:
        raise _Radfeil("mote: mangler (oppgi møtet, eller punktets id som 2026-2/3)")
    return str(mote_id), nr


def _punktdata(data: dict[str, Any]) -> tuple[dict[str, Any], int | None, dict[str, Any]]:
    """An item's fields for PunktCreate, its place in the chapter, and its times."""
    inn = {f: data[f] for f in _PUNKTFELT if data.get(f) is not None}
    posisjon = _heltall(data.get("posisjon"), "posisjon")
    return inn, posisjon, _tider(data, ("tekst_endret", "opprettet", "endret"))
