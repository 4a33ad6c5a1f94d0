"""Every case or agreement, as its public shape, streamed in a stable order."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.models import Avtale, AvtaleEksport, Sak, SakPublic
from konsreg.register.avtaler import public_mange
from konsreg.register.departementer import kategorier
from konsreg.register.saker import public


def saker(*, session: Session, bunke: int = 2000) -> Iterator[SakPublic]:
    stmt = select(Sak).order_by(col(Sak.ar), col(Sak.lopenr))
    for sak in session.scalars(stmt.execution_options(yield_per=bunke)):
        yield public(sak)


def avtaler(*, session: Session, bunke: int = 2000) -> Iterator[AvtaleEksport]:
    """In id order, a batch at a time (keyset paging: the caller's read transaction is
    one snapshot, so no batch sees a change another one did not)."""
    navn = {k.kode: k.navn for k in kategorier(session=session)}
    siste = 0
    while True:
        neste = select(Avtale).where(col(Avtale.id) > siste).order_by(col(Avtale.id))
        bunt = list(session.scalars(neste.limit(bunke)))
        if not bunt:
            return
        for p in public_mange(session=session, avtaler=bunt):
            yield AvtaleEksport(**p.model_dump(), kategori_navn=navn[p.kategori])
        siste = bunt[-1].id or siste
