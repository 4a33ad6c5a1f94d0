"""Every case or agreement, streamed in a stable order (register/strom.py)."""

from __future__ import annotations

from collections.abc import Iterator

from sqlmodel import Session, col

from konsreg.models import Avtale, Sak
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
