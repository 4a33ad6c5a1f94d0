"""The import of appendix tables as they stand in a meeting material (Vedlegg a, b, c):
upserts keyed on the record's content, every row checked before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlmodel import Session

from konsreg.db import serialiser_import
from konsreg.errors import Ugyldig, Valideringsfeil
from konsreg.models import (
    AvtaleCreate,
    AvtaleUpdate,
    SakCreate,
    SakUpdate,
    VedleggAvtaleRad,
    VedleggSakRad,
    valider,
)
from konsreg.register import avtaler, klokke, saker
from konsreg.register.departementer import kategorier, last_departementer, ny_kategori
from konsreg.register.importer.pipeline import Importresultat
from konsreg.regler import avtale as avtaleregler
from konsreg.regler.advarsler import Advarsler, IFil
from konsreg.regler.begreper import Status
from konsreg.regler.datoer import norsk_dato


def _reis(feil: list[str], kilde: str, grunner: dict[int, str]) -> None:
    if feil:
        raise Valideringsfeil(
            f"{len(feil)} linjer i {kilde} har feil; ingenting er lagret.", feil, grunner
        )


def importer_saker(
    *,
    session: Session,
    type: str,
    ar: int,
    rader: Sequence[VedleggSakRad],
    av: str,
    advarsler: Advarsler,
    kilde: str,
) -> Importresultat:
    """Upsert the cases of a Vedlegg a/b table, keyed on their content (kind, ministry,
    title and year, as `import saker` without saksnummer); a case of year `ar` is new,
    an older one ongoing."""
    serialiser_import(session)
    resultat = Importresultat()
    for linje, sak in _sjekk_saker(type, ar, rader, kilde):
        egne: Advarsler = []  # this line's warnings, said with its number
        nummer = saker.finn_etter_innhold(
            session=session,
            type=type,
            departement=sak.departement,
            tittel=sak.tittel,
            oppmeldt=sak.oppmeldt,
            vist_i=ar,
        )
        if nummer is None:
            saker.ny_sak(session=session, data=sak, av=av, advarsler=egne)
            resultat.nye += 1
        else:
            _, endret = saker.endre(
                session=session,
                nummer=nummer,
                endring=SakUpdate(gjentakende=sak.gjentakende),
                av=av,
                advarsler=egne,
            )
            resultat.oppdatert += bool(endret)
            resultat.uendret += not endret
        advarsler += [IFil(kilde, linje, a) for a in egne]
    return resultat


def _sjekk_saker(
    type: str, ar: int, rader: Sequence[VedleggSakRad], kilde: str
) -> list[tuple[int, SakCreate]]:
    """Every row checked first: all bad lines are reported, and then nothing is written."""
    feil: list[str] = []
    grunner: dict[int, str] = {}
    gyldige: list[tuple[int, SakCreate]] = []
    sett: dict[tuple[str, str], int] = {}
    for rad in rader:
        nokkel = (rad.departement, rad.tittel)
        if nokkel in sett:
            feil.append(f"{kilde}:{rad.linje}: samme sak som på linje {sett[nokkel]}")
            continue
        sett[nokkel] = rad.linje
        if rad.oppmeldt > ar:
            grunner[len(feil)] = "ar"
            feil.append(
                f"{kilde}:{rad.linje}: oppmeldt {rad.oppmeldt} er etter konsultasjonsåret {ar}"
            )
            continue
        data = {
            "type": type,
            "departement": rad.departement,
            "tittel": rad.tittel,
            "oppmeldt": rad.oppmeldt,
            "gjentakende": rad.gjentakende,
            "meldt_inn_av": rad.departement,
            "status": Status.ny if rad.oppmeldt == ar else Status.pagaende,
        }
        try:
            gyldige.append((rad.linje, valider(SakCreate, data)))
        except Ugyldig as e:
            feil.append(f"{kilde}:{rad.linje}: {e.melding}")
    _reis(feil, kilde, grunner)
    return gyldige


def importer_avtaler(
    *,
    session: Session,
    per: date,
    rader: Sequence[VedleggAvtaleRad],
    av: str,
    advarsler: Advarsler,
    kilde: str,
) -> Importresultat:
    """Upsert the agreements of a Vedlegg c table, keyed on title and inngått; categories
    the register does not know are created in the order they appear."""
    serialiser_import(session)
    gyldige = _sjekk_avtaler(session, per, rader, kilde)
    tid = klokke.na()
    resultat = Importresultat()
    kjente = {" ".join(k.navn.split()).lower() for k in kategorier(session=session)}
    for linje, data in gyldige:
        egne: Advarsler = []  # this line's warnings, said with its number
        navn = " ".join(data.kategori.split())
        if navn.lower() not in kjente:
            resultat.nye_kategorier.append(ny_kategori(session=session, navn=navn).kode)
            kjente.add(navn.lower())
        handle = avtaler.finn_etter_innhold(
            session=session, tittel=data.tittel, inngatt=data.inngatt
        )
        if handle is None:
            avtaler.ny_avtale(session=session, data=data, av=av, advarsler=egne, tidspunkt=tid)
            resultat.nye += 1
            advarsler += [IFil(kilde, linje, a) for a in egne]
            continue
        endring = AvtaleUpdate(
            kategori=data.kategori,
            parter=data.parter,
            utloper=data.utloper,
            forste_avtale=data.forste_avtale,
        )
        if _parter_som_vist(session, handle, data, per):
            # The table shows the successors of the parties registered (KMD as KDD): the
            # same parties, not a change.
            endring = AvtaleUpdate(
                kategori=data.kategori, utloper=data.utloper, forste_avtale=data.forste_avtale
            )
        _, endret = avtaler.endre(
            session=session,
            handle=handle,
            endring=endring,
            av=av,
            advarsler=egne,
            tidspunkt=tid,
        )
        resultat.oppdatert += bool(endret)
        resultat.uendret += not endret
        advarsler += [IFil(kilde, linje, a) for a in egne]
    return resultat


def _parter_som_vist(session: Session, handle: str, data: AvtaleCreate, per: date) -> bool:
    """Whether the file's parties are the agreement's as Vedlegg c of `per` prints them."""
    deps = last_departementer(session=session)
    fra = avtaler.public(session=session, avtale=avtaler.hent(session=session, handle=handle))
    ar = fra.inngatt.year if fra.inngatt else per.year
    vist = list(dict.fromkeys(deps.vist_kode(p, ar, per.year) for p in fra.parter))
    fil = avtaleregler.parter(deps, data.parter, ar, [])
    return vist == fil and vist != fra.parter


def _sjekk_avtaler(
    session: Session, per: date, rader: Sequence[VedleggAvtaleRad], kilde: str
) -> list[tuple[int, AvtaleCreate]]:
    idag = klokke.i_dag()
    feil: list[str] = []
    grunner: dict[int, str] = {}
    sett: dict[tuple[str, date | None], int] = {}
    gyldige: list[tuple[int, AvtaleCreate]] = []
    for rad in rader:
        nokkel = avtaleregler.innholdsnokkel(rad.tittel, rad.inngatt)
        if nokkel in sett:
            feil.append(f"{kilde}:{rad.linje}: samme avtale som på linje {sett[nokkel]}")
            continue
        sett[nokkel] = rad.linje
        if rad.inngatt is not None and rad.inngatt > per:
            feil.append(
                f"{kilde}:{rad.linje}: inngått {norsk_dato(rad.inngatt)} er etter {norsk_dato(per)}"
            )
            grunner[len(feil) - 1] = "per"
            continue
        felter = {
            "tittel": rad.tittel,
            "kategori": rad.kategori,
            "parter": list(rad.parter),
            "inngatt": rad.inngatt,
            "utloper": rad.utloper,
            "forste_avtale": rad.forste_avtale,
            "status": Status.pagaende,
        }
        try:
            data = valider(AvtaleCreate, felter)
            avtaler.sjekk(session=session, data=data, idag=idag, advarsler=[])
        except Ugyldig as e:
            feil.append(f"{kilde}:{rad.linje}: {e.melding}")
            continue
        gyldige.append((rad.linje, data))
    _reis(feil, kilde, grunner)
    return gyldige
