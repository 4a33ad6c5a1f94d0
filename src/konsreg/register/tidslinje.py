"""The agreements for a timeline (regler/tidslinje.py decides its chains and years,
render/tidslinje.py draws it): those `konsreg avtaler` lists, or those of Vedlegg c with
the earlier agreements of their series."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from konsreg.models import Avtale
from konsreg.register import avtaleliste
from konsreg.register.strom import AvtaleRad
from konsreg.regler import tidslinje as regler
from konsreg.regler.avtale import start


def lenker(*, session: Session) -> dict[str, str | None]:
    """Every agreement's id and the id of the one it renews (None for the first of a
    series), voided ones too: a chain holds together through any of them."""
    forrige = aliased(Avtale)
    stmt = select(col(Avtale.handle), col(forrige.handle)).outerjoin(
        forrige, col(forrige.id) == col(Avtale.fornyer_id)
    )
    return {handle: fornyer for handle, fornyer in session.execute(stmt)}


def _data(r: AvtaleRad) -> regler.Avtaledata:
    return regler.Avtaledata(
        r.id, r.tittel, r.inngatt, r.gyldig_fra, r.utloper, r.status, r.status_endret
    )


def tidslinje(
    *,
    session: Session,
    filter: avtaleliste.Avtalefilter,
    dag: date,
    fra: int | None = None,
    til: int | None = None,
) -> regler.Tidslinje:
    """The timeline of the agreements `konsreg avtaler` lists with `filter`, on `dag`."""
    avtaler = [_data(r) for r in avtaleliste.liste(session=session, filter=filter)]
    return regler.tidslinje(avtaler, lenker(session=session), dag=dag, fra=fra, til=til)


def for_vedlegg(*, session: Session, per: date, ider: Collection[str]) -> regler.Tidslinje:
    """The timeline of Vedlegg c as of `per`: its agreements (`ider`) in the series they
    belong to, with the earlier agreements of each series that had started by `per`
    (later ones are not in the appendix's world yet)."""
    koblinger = lenker(session=session)
    serier = {regler.forste_i_kjeden(koblinger, i) for i in ider}
    avtaler = [
        _data(r)
        for r in avtaleliste.liste(session=session)
        if regler.forste_i_kjeden(koblinger, r.id) in serier
        and ((s := start(r.inngatt, r.gyldig_fra)) is None or s <= per)
    ]
    return regler.tidslinje(avtaler, koblinger, dag=per, dagnavn="per")
