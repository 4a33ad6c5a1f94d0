"""Series of agreements: renewing one (`avtale forny`), and the whole series an agreement
belongs to, earlier and later ones (`avtale vis`). The links themselves are set and
checked by `avtaler.endre` (regler.avtale.sjekk_fornyer)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.errors import Konflikt
from konsreg.models import Avtale, AvtaleCreate, AvtalePublic, AvtaleUpdate, valider
from konsreg.register import avtaler, klokke
from konsreg.regler import avtale as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.begreper import Status
from konsreg.regler.datoer import norsk_dato


def forny(
    *,
    session: Session,
    handle: str,
    endring: AvtaleUpdate,
    av: str,
    advarsler: Advarsler,
    tidspunkt: datetime | None = None,
) -> tuple[AvtalePublic, str]:
    """A new agreement renewing an old one, which is closed as of its last day in force:
    its own utløper when that comes first, else the day before the new one starts
    (regler.avtale.slutt_ved_fornyelse). Title, category, parties and the first year are
    inherited unless `endring` sets them. Returns the new agreement and the old one's id."""
    tid = tidspunkt or klokke.na()
    # Locked before its status is read: of two renewals at once, the second waits here
    # and then finds the agreement closed.
    gammel = avtaler.hent(session=session, handle=handle, las=True)
    assert gammel.id is not None
    if gammel.status == Status.avsluttet:
        raise _allerede_avsluttet(session, gammel)
    if gammel.status == Status.utgar:
        raise Konflikt(
            f"Avtale {gammel.handle} er annullert (utgår) og kan ikke fornyes; registrer den "
            "nye avtalen for seg."
        )
    g = avtaler.public(session=session, avtale=gammel)
    arv: dict[str, Any] = {
        "tittel": g.tittel,
        "kategori": g.kategori,
        "parter": g.parter,
        "forste_avtale": g.forste_avtale or (g.inngatt.year if g.inngatt else None),
        "status": Status.ny,
    }
    ny_data = valider(AvtaleCreate, {**arv, **endring.model_dump(exclude_none=True)})
    ny_start = regler.sjekk_fornyelse(
        gammel=(g.inngatt, g.gyldig_fra),
        ny=(ny_data.inngatt, ny_data.gyldig_fra),
        idag=klokke.dag(tid),
    )
    ny = avtaler.ny_avtale(
        session=session,
        data=ny_data,
        av=av,
        advarsler=advarsler,
        fornyer_id=gammel.id,
        tidspunkt=tid,
    )
    avtaler.endre(
        session=session,
        handle=gammel.handle,
        endring=AvtaleUpdate(status=Status.avsluttet),
        av=av,
        advarsler=[],
        status_dato=regler.slutt_ved_fornyelse(g.utloper, ny_start),
        tidspunkt=tid,
    )
    return ny, gammel.handle


def _allerede_avsluttet(session: Session, gammel: Avtale) -> Konflikt:
    assert gammel.id is not None
    etterfolgere = fornyet_av(session=session, avtale_id_=gammel.id)
    avsluttet = norsk_dato(gammel.status_endret)
    if etterfolgere:
        return Konflikt(
            f"Avtale {gammel.handle} er allerede fornyet av {', '.join(etterfolgere)} "
            f"(avsluttet {avsluttet}); forny {etterfolgere[-1]} i stedet."
        )
    return Konflikt(
        f"Avtale {gammel.handle} er avsluttet ({avsluttet}); forny den gjeldende avtalen "
        "i serien i stedet."
    )


def fornyet_av(*, session: Session, avtale_id_: int) -> list[str]:
    """The agreements that renew this one (as a rule one), in the order registered."""
    stmt = select(col(Avtale.handle)).where(col(Avtale.fornyer_id) == avtale_id_)
    return list(session.scalars(stmt.order_by(col(Avtale.id))))


def serie(*, session: Session, avtale: Avtale) -> list[str]:
    """The ids of the whole series `avtale` belongs to, earliest first, itself included:
    the agreements it renews, back to the first, then those that renew it, and so on (in
    the order registered, should one have been renewed twice). One recursive query each
    way; a ring an old import may have left is followed once round, not forever."""
    assert avtale.id is not None
    opp = {i: (f, h) for i, f, h in _nabolag(session, avtale.id, opp=True)}
    ned: dict[int, list[tuple[int, str]]] = {}
    for i, f, h in sorted(_nabolag(session, avtale.id, opp=False)):
        ned.setdefault(f, []).append((i, h))
    sett = {avtale.id}
    tidligere: list[str] = []
    neste = avtale.fornyer_id
    while neste is not None and neste in opp and neste not in sett:
        sett.add(neste)
        neste, handle = opp[neste]
        tidligere.append(handle)
    senere: list[str] = []
    ko = [avtale.id]
    while ko:
        nye = [(i, h) for forelder in ko for i, h in ned.get(forelder, []) if i not in sett]
        sett.update(i for i, _ in nye)
        senere += [h for _, h in nye]
        ko = [i for i, _ in nye]
    return [*reversed(tidligere), avtale.handle, *senere]


def _nabolag(session: Session, avtale_id_: int, *, opp: bool) -> list[tuple[int, Any, str]]:
    """(id, fornyer_id, handle) of every agreement reached from this one by following
    `fornyer` back (`opp`) or forward: a recursive CTE, whose UNION stops at a ring."""
    a = Avtale.__table__  # type: ignore[attr-defined]
    felt = (a.c.id, a.c.fornyer_id, a.c.handle)
    cte = select(*felt).where(a.c.id == avtale_id_).cte("serie", recursive=True)
    kobling = a.c.id == cte.c.fornyer_id if opp else a.c.fornyer_id == cte.c.id
    cte = cte.union(select(*felt).join(cte, kobling))
    return [
        (i, f, h) for i, f, h in session.execute(select(cte.c.id, cte.c.fornyer_id, cte.c.handle))
    ]
