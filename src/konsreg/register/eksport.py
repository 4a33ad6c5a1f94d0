"""Every record, streamed in a stable order (register/strom.py): cases, agreements, and
the meetings with their agenda items."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select
from sqlmodel import Session, col

from konsreg.models import Avtale, Mote, MotePublic, Punkt, PunktPublic, Sak
from konsreg.register import moter as moteregister
from konsreg.register import punkter as punktregister
from konsreg.register import strom
from konsreg.register.strom import AvtaleRad, SakRad


def saker(*, session: Session, bunke: int = strom.BUNKE) -> Iterator[SakRad]:
    stmt = strom.sak_select().order_by(col(Sak.ar), col(Sak.lopenr))
    return strom.saker(session=session, stmt=stmt, bunke=bunke)


def avtaler(*, session: Session, bunke: int = strom.BUNKE) -> Iterator[AvtaleRad]:
    """In id order, with each category's full name. One query, so one snapshot: the
    caller's read session (db.leseokt) sees no change committed while it reads."""
    stmt = strom.avtale_select().order_by(col(Avtale.id))
    return strom.avtaler(session=session, stmt=stmt, bunke=bunke)


def moter(*, session: Session) -> Iterator[MotePublic]:
    """Every meeting in date order (the same date: the order they were registered), as
    `mote liste` lists them. A register has tens of meetings, not millions: read whole."""
    yield from moteregister.liste(session=session)


def punkter(*, session: Session) -> Iterator[PunktPublic]:
    """Every item on an agenda, meeting by meeting in the order of `moter`, each meeting's
    in the material's order, with the fields of `punkt liste` (its record's title too, as
    `punkt liste` derives it). Removed items are left out: the export is the agenda as it
    stands."""
    stmt = (
        select(
            Punkt,
            col(Mote.handle),
            col(Sak.saksnummer),
            col(Avtale.handle),
            func.coalesce(col(Sak.tittel), col(Avtale.fullt_navn), col(Avtale.tittel)),
        )
        .join(Mote, col(Mote.id) == col(Punkt.mote_id))
        .outerjoin(Sak, col(Sak.id) == col(Punkt.sak_id))
        .outerjoin(Avtale, col(Avtale.id) == col(Punkt.avtale_id))
        .where(col(Punkt.fjernet).is_(None))
        .order_by(
            col(Mote.dato),
            col(Mote.id),
            col(Punkt.kapittel),
            col(Punkt.innledning).desc(),
            col(Punkt.posisjon),
            col(Punkt.nr),
        )
    )
    for punkt, mote, sak, avtale, post_tittel in session.execute(stmt):
        yield punktregister.public(punkt, mote, sak, avtale, post_tittel)
