"""Meetings (møter): register, find, list and change them; the previous and next plenary
meeting, against which "new" is defined (regler/mote.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig
from konsreg.models import HistorikkPublic, Mote, MoteCreate, MotePublic, MoteUpdate
from konsreg.register import historikk, klokke
from konsreg.register.departementer import last_departementer
from konsreg.regler import mote as regler
from konsreg.regler.advarsler import Advarsler, MoteAr
from konsreg.regler.felt import departementskode
from konsreg.tekst import sitat

ENTITET = "mote"


def liste_tekst(verdier: list[str]) -> str | None:
    """A list as a column stores it: a JSON array (None when empty)."""
    return json.dumps(verdier, ensure_ascii=False) if verdier else None


def liste_fra(tekst: str | None) -> list[str]:
    return list(json.loads(tekst)) if tekst else []


def public(mote: Mote) -> MotePublic:
    return MotePublic(
        id=mote.handle,
        type=mote.type,
        ar=mote.ar,
        nummer=mote.nummer,
        departement=mote.departement,
        dato=mote.dato,
        tema=mote.tema,
        status=mote.status,
        status_endret=mote.status_endret,
        deltakere=[d for d in (mote.deltakere or "").split("\n") if d],
        opprettet=mote.opprettet,
        endret=mote.endret,
    )


def _deltakere(verdier: list[str]) -> str | None:
    return "\n".join(verdier) or None


def ny_mote(
    *,
    session: Session,
    handle: str | None,
    data: MoteCreate,
    av: str,
    advarsler: Advarsler,
    tidspunkt: datetime | None = None,
) -> MotePublic:
    """Register a meeting. A plenary meeting is named by the caller (`2026-2`); a
    bilateral meeting or a political consultation gets the next number of its year (and
    ministry) when no id is given."""
    tid = tidspunkt or klokke.na()
    type_ = regler.motetype(data.type)
    status = regler.motestatus(data.status)
    departement = None
    if data.departement is not None:
        deps = last_departementer(session=session)
        departement = departementskode(deps, data.departement, data.dato.year, advarsler)
    if type_ == regler.Motetype.bilateralt and departement is None:
        raise Ugyldig("Et bilateralt møte må ha et departement (--departement HOD).")
    if type_ == regler.Motetype.plenum and departement is not None:
        raise Ugyldig("Et konsultasjonsmøte (plenum) har ikke ett departement; la det stå tomt.")
    if handle is None:
        if type_ == regler.Motetype.plenum:
            raise Ugyldig("Oppgi møtets id, ÅR-N, f.eks. 2026-2.")
        mote_id = regler.MoteId(
            data.dato.year,
            type_,
            _neste_nummer(session, data.dato.year, type_, departement),
            departement if type_ == regler.Motetype.bilateralt else None,
        )
    else:
        mote_id = regler.les_mote_id(handle)
        if mote_id.type != type_:
            raise Ugyldig(
                f"{sitat(handle)} er id-en til et {_typenavn(mote_id.type)}, ikke et "
                f"{_typenavn(type_)}; skriv --type {mote_id.type} eller la id-en stå tomt."
            )
        if mote_id.departement is not None and mote_id.departement != departement:
            raise Ugyldig(
                f"Møtet {handle} er med {mote_id.departement}, men --departement er "
                f"{departement or 'ikke oppgitt'}."
            )
    if mote_id.ar != data.dato.year:
        advarsler.append(MoteAr(str(mote_id), mote_id.ar, data.dato))
    navn = str(mote_id)
    if session.scalars(select(Mote).where(col(Mote.handle) == navn)).first() is not None:
        raise Konflikt(f"Møtet {navn} finnes allerede; se «konsreg mote vis {navn}».")
    mote = Mote(
        handle=navn,
        ar=mote_id.ar,
        type=type_.value,
        nummer=mote_id.nummer,
        departement=departement,
        dato=data.dato,
        tema=data.tema,
        status=status.value,
        status_endret=klokke.dag(tid),
        deltakere=_deltakere(data.deltakere),
        opprettet=tid,
        endret=tid,
    )
    session.add(mote)
    session.flush()
    assert mote.id is not None
    historikk.skriv_opprettet(
        session=session, entitet=ENTITET, poster=[(mote.id, mote.handle)], av=av, tid=tid
    )
    return public(mote)


def _typenavn(type_: regler.Motetype) -> str:
    return {
        regler.Motetype.plenum: "konsultasjonsmøte",
        regler.Motetype.bilateralt: "bilateralt møte",
        regler.Motetype.politisk: "politisk konsultasjon",
    }[type_]


def _neste_nummer(
    session: Session, ar: int, type_: regler.Motetype, departement: str | None
) -> int:
    stmt = select(func.max(col(Mote.nummer))).where(
        col(Mote.ar) == ar, col(Mote.type) == type_.value
    )
    if type_ == regler.Motetype.bilateralt:
        stmt = stmt.where(col(Mote.departement) == departement)
    return int(session.scalar(stmt) or 0) + 1


def hent(*, session: Session, handle: str, las: bool = False) -> Mote:
    """The meeting with this id. `las`: lock its row (items are numbered under it)."""
    navn = str(regler.les_mote_id(handle))
    stmt = select(Mote).where(col(Mote.handle) == navn)
    if las:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    mote = session.scalars(stmt).first()
    if mote is None:
        raise IkkeFunnet(f"Finner ikke møtet {navn}; se «konsreg mote liste» for alle møter.")
    return mote


def gjeldende_plenum(*, session: Session) -> str:
    """The plenary meeting a check without a meeting means: the next from today, else the
    last one."""
    plenum = select(Mote).where(col(Mote.type) == regler.Motetype.plenum.value)
    idag = klokke.i_dag()
    neste = session.scalars(
        plenum.where(col(Mote.dato) >= idag).order_by(col(Mote.dato), col(Mote.id))
    ).first()
    siste = (
        neste
        or session.scalars(plenum.order_by(col(Mote.dato).desc(), col(Mote.id).desc())).first()
    )
    if siste is None:
        raise IkkeFunnet(
            "Registeret har ingen konsultasjonsmøter; registrer ett med «konsreg mote ny»."
        )
    return siste.handle


def liste(*, session: Session, ar: int | None = None, type_: str | None = None) -> list[MotePublic]:
    stmt = select(Mote)
    if ar is not None:
        stmt = stmt.where(col(Mote.ar) == ar)
    if type_ is not None:
        stmt = stmt.where(col(Mote.type) == regler.motetype(type_).value)
    stmt = stmt.order_by(col(Mote.dato), col(Mote.id))
    return [public(m) for m in session.scalars(stmt)]


def forrige_plenum(*, session: Session, mote: Mote) -> Mote | None:
    """The plenary meeting before this one (by date; same date: by id)."""
    stmt = (
        select(Mote)
        .where(
            col(Mote.type) == regler.Motetype.plenum.value,
            (col(Mote.dato) < mote.dato)
            | ((col(Mote.dato) == mote.dato) & (col(Mote.id) < mote.id)),
        )
        .order_by(col(Mote.dato).desc(), col(Mote.id).desc())
    )
    return session.scalars(stmt).first()


def neste_plenum(*, session: Session, mote: Mote) -> Mote | None:
    stmt = (
        select(Mote)
        .where(
            col(Mote.type) == regler.Motetype.plenum.value,
            (col(Mote.dato) > mote.dato)
            | ((col(Mote.dato) == mote.dato) & (col(Mote.id) > mote.id)),
        )
        .order_by(col(Mote.dato), col(Mote.id))
    )
    return session.scalars(stmt).first()


def vindu(*, session: Session, mote: Mote) -> regler.Vindu:
    forrige = forrige_plenum(session=session, mote=mote)
    return regler.vindu(mote.dato, (forrige.handle, forrige.dato) if forrige else None)


@dataclass(frozen=True)
class Motevisning:
    mote: MotePublic
    forrige: str | None
    neste: str | None
    historikk: list[HistorikkPublic]


def vis(*, session: Session, handle: str) -> Motevisning:
    mote = hent(session=session, handle=handle)
    assert mote.id is not None
    forrige = forrige_plenum(session=session, mote=mote)
    neste = neste_plenum(session=session, mote=mote)
    return Motevisning(
        public(mote),
        forrige.handle if forrige else None,
        neste.handle if neste else None,
        historikk.historikk(session=session, entitet=ENTITET, entitet_id=mote.id),
    )


def endre(
    *,
    session: Session,
    handle: str,
    endring: MoteUpdate,
    av: str,
    status_dato: date | None = None,
    tidspunkt: datetime | None = None,
) -> tuple[MotePublic, list[str]]:
    """Change the fields `endring` sets; each change goes in the history."""
    tid = tidspunkt or klokke.na()
    mote = hent(session=session, handle=handle, las=True)
    assert mote.id is not None
    satt = endring.model_dump(exclude_unset=True)
    endret: list[str] = []
    for felt, verdi in satt.items():
        if felt == "status":
            if verdi is None:
                raise Ugyldig("Et møte må ha en status.")
            verdi = regler.motestatus(verdi).value
        if felt == "dato" and verdi is None:
            raise Ugyldig("Et møte må ha en dato.")
        if felt == "deltakere":
            gammel: Any = public(mote).deltakere
            ny: Any = list(verdi or [])
            lagret = _deltakere(ny)
        else:
            gammel = getattr(mote, felt)
            ny = lagret = verdi
        if gammel == ny:
            continue
        setattr(mote, felt, lagret)
        endret.append(felt)
        historikk.logg(
            session=session,
            entitet=ENTITET,
            entitet_id=mote.id,
            felt=felt,
            gammel=liste_tekst(gammel) if felt == "deltakere" else gammel,
            ny=liste_tekst(ny) if felt == "deltakere" else ny,
            av=av,
            tidspunkt=tid,
        )
        if felt == "status":
            mote.status_endret = status_dato or klokke.dag(tid)
    if endret:
        mote.endret = tid
        session.add(mote)
        session.flush()
    return public(mote), endret
