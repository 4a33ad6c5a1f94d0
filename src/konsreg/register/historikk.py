"""The history: every change to a case or an agreement, with the value before and after,
when and by whom. A register that forgets what it said last year is not one."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from konsreg.models import Avtale, Historikk, HistorikkPublic, Sak
from konsreg.register import klokke
from konsreg.regler.datoer import iso_dato
from konsreg.regler.departementer import skriv_parter

OPPRETTET = "opprettet"
# The reason a record was voided (status utgår), kept as a history entry of its own.
GRUNN = "grunn"


def verditekst(verdi: Any) -> str | None:
    """A value as the history stores it: ja/nei, ISO dates (a month `2024-06`), parties
    as printed."""
    if verdi is None:
        return None
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    if isinstance(verdi, datetime):
        return verdi.isoformat()
    if isinstance(verdi, date):
        return iso_dato(verdi)
    if isinstance(verdi, list):
        return skriv_parter(verdi)
    return str(verdi)


def logg(
    *,
    session: Session,
    entitet: str,
    entitet_id: int,
    felt: str,
    gammel: Any,
    ny: Any,
    av: str,
    tidspunkt: datetime,
) -> None:
    session.add(
        Historikk(
            entitet=entitet,
            entitet_id=entitet_id,
            felt=felt,
            gammel=verditekst(gammel),
            ny=verditekst(ny),
            tidspunkt=tidspunkt,
            av=av,
        )
    )


def logg_grunn(
    *, session: Session, entitet: str, entitet_id: int, grunn: str, av: str, tidspunkt: datetime
) -> None:
    """The reason a record was voided (`annuller`), checked as any stored text is; a
    refused reason fails the whole command, whose change is then not kept."""
    from konsreg.regler.felt import rens_felt

    ny = rens_felt(GRUNN, grunn)
    logg(
        session=session,
        entitet=entitet,
        entitet_id=entitet_id,
        felt=GRUNN,
        gammel=None,
        ny=ny,
        av=av,
        tidspunkt=tidspunkt,
    )


def logg_endringer(
    *,
    session: Session,
    post: Sak | Avtale,
    entitet: str,
    for_: dict[str, Any],
    etter: dict[str, Any],
    endret: Sequence[str],
    av: str,
    tid: datetime,
    status_dato: date | None,
) -> list[str]:
    """Record the changed fields of a record (already set on `post`); a status change
    also dates the status (`status_dato`, else today), `status_dato` alone corrects the
    date of the status it has, and any change stamps `endret`. Returns `status_endret`
    if only its date changed (a status change names `status` alone)."""
    assert post.id is not None
    felles: dict[str, Any] = {
        "session": session,
        "entitet": entitet,
        "entitet_id": post.id,
        "av": av,
    }
    for felt in endret:
        logg(**felles, felt=felt, gammel=for_[felt], ny=etter[felt], tidspunkt=tid)
    gammel_dato = post.status_endret
    if "status" in endret:
        post.status_endret = status_dato or klokke.dag(tid)
    elif status_dato is not None:
        post.status_endret = status_dato
    datoen = gammel_dato != post.status_endret
    if datoen:
        logg(
            **felles,
            felt="status_endret",
            gammel=gammel_dato,
            ny=post.status_endret,
            tidspunkt=tid,
        )
    if endret or datoen:
        post.endret = tid
        session.add(post)
        session.flush()
    return ["status_endret"] if datoen and "status" not in endret else []


# The columns of a history row as `opprettet_rader` gives them.
KOLONNER = ("entitet", "entitet_id", "felt", "gammel", "ny", "tidspunkt", "av")


def opprettet_rader(
    entitet: str, poster: Iterable[tuple[int, str]], av: str, tid: datetime
) -> list[tuple[Any, ...]]:
    """History rows saying records were created, for a bulk insert (`KOLONNER`)."""
    return [(entitet, i, OPPRETTET, None, handle, tid, av) for i, handle in poster]


def skriv_opprettet(
    *, session: Session, entitet: str, poster: Iterable[tuple[int, str]], av: str, tid: datetime
) -> None:
    from konsreg.register import bulk

    tabell = Historikk.__table__  # type: ignore[attr-defined]
    bulk.sett_inn(session, tabell, KOLONNER, opprettet_rader(entitet, poster, av, tid))


def historikk(*, session: Session, entitet: str, entitet_id: int) -> list[HistorikkPublic]:
    stmt = (
        select(Historikk)
        .where(col(Historikk.entitet) == entitet, col(Historikk.entitet_id) == entitet_id)
        .order_by(col(Historikk.id))
    )
    return [HistorikkPublic.model_validate(h, from_attributes=True) for h in session.scalars(stmt)]


def grunn(historikk_: Sequence[HistorikkPublic]) -> str | None:
    """The reason given when the record was last voided, if it is."""
    return next((h.ny for h in reversed(historikk_) if h.felt == GRUNN), None)


def sist_endret(
    *, session: Session, entitet: str, ider: Sequence[int]
) -> dict[int, tuple[str, datetime]]:
    """Who changed each record last, and when (its newest history entry), by record id."""
    sist: dict[int, tuple[str, datetime]] = {}
    for start in range(0, len(ider), 500):
        stmt = (
            select(col(Historikk.entitet_id), col(Historikk.av), col(Historikk.tidspunkt))
            .where(
                col(Historikk.entitet) == entitet,
                col(Historikk.entitet_id).in_(ider[start : start + 500]),
            )
            .order_by(col(Historikk.id))
        )
        for id_, av, tid in session.execute(stmt):
            sist[id_] = (av, tid)
    return sist
