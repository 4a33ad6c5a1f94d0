"""Selections: which records a listing or an appendix holds on a given day or year.

The day rules, each written once here (all of them count a date as a whole day). A
closed record's closing date (`status_endret`) is its LAST day, as `utloper` is an
agreement's last day in force: a record closed on a day is still open that day and
gone the next. An agreement starts on `gyldig_fra` when it has one, else on `inngatt`
(regler/avtale.py: start); a date known only to the month counts from its first day.

No rule holds for a voided record (status utgår).

- `sak_i_konsultasjonsaret(ar)`: registered up to `ar`, not closed before 1 January.
- `avtale_i_kraft(dag)`: started by `dag`, not expired before it, not closed before it.
- `avtale_i_vedlegg(dag)`: started by `dag`, not closed before it (expired ones stay in
  Vedlegg c: the register warns about them).
- `avtale_i_aret(ar)`: in force some day of year `ar` (`konsreg sok --ar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col

from konsreg.models import Avtale, AvtaleLinje, Kategori, Sak, SakLinje
from konsreg.register import strom
from konsreg.register.departementer import kategorier, last_departementer
from konsreg.regler.advarsler import Utlopt
from konsreg.regler.avtale import er_utlopt
from konsreg.regler.begreper import Status
from konsreg.regler.departementer import Vist
from konsreg.regler.vedlegg import SAKSTYPE, sorter_saker


def _avsluttet_for(modell: Any, dag: date) -> Any:
    """Closed before `dag`: its last day came before it (a record closed without a date
    counts as open)."""
    return and_(
        col(modell.status) == Status.avsluttet,
        col(modell.status_endret).is_not(None),
        col(modell.status_endret) < dag,
    )


def _ikke_utgatt(modell: Any) -> Any:
    """Not voided: a record registered by mistake is in no appendix and no day rule."""
    return col(modell.status) != Status.utgar


def sak_i_konsultasjonsaret(ar: int) -> Any:
    """The cases of consultation year `ar`: registered up to it and not closed before it."""
    return and_(col(Sak.oppmeldt) <= ar, ~_avsluttet_for(Sak, date(ar, 1, 1)), _ikke_utgatt(Sak))


def _startet_innen(dag: date) -> Any:
    """Started by `dag`: gyldig fra, else inngått (regler.avtale.start), on or before it."""
    start = func.coalesce(col(Avtale.gyldig_fra), col(Avtale.inngatt))
    return or_(start.is_(None), start <= dag)


def avtale_i_kraft(dag: date) -> Any:
    """In force on `dag`: started by then, not expired (utløper counts through its last
    day), and not closed before it (the closing date is a last day too)."""
    return and_(
        _startet_innen(dag),
        or_(col(Avtale.utloper).is_(None), col(Avtale.utloper) >= dag),
        ~_avsluttet_for(Avtale, dag),
        _ikke_utgatt(Avtale),
    )


def avtale_i_vedlegg(dag: date) -> Any:
    """In Vedlegg c as of `dag`: started by then and not closed before it."""
    return and_(_startet_innen(dag), ~_avsluttet_for(Avtale, dag), _ikke_utgatt(Avtale))


def avtale_i_aret(ar: int) -> Any:
    """In force some day of `ar`: started by its last day, not expired or closed before
    its first."""
    forste = date(ar, 1, 1)
    return and_(
        _startet_innen(date(ar, 12, 31)),
        or_(col(Avtale.utloper).is_(None), col(Avtale.utloper) >= forste),
        ~_avsluttet_for(Avtale, forste),
        _ikke_utgatt(Avtale),
    )


def saker_for_vedlegg(*, session: Session, bokstav: str, ar: int) -> list[SakLinje]:
    """Vedlegg a/b: the cases of that kind in consultation year `ar`, newest first."""
    stmt = (
        strom.sak_select()
        .where(col(Sak.type) == SAKSTYPE[bokstav], sak_i_konsultasjonsaret(ar))
        .order_by(col(Sak.ar), col(Sak.lopenr))
    )
    deps = last_departementer(session=session)
    linjer = []
    for s in strom.saker(session=session, stmt=stmt):
        # The name in the consultation year, as that year's material prints it: a
        # ministry renamed under the same code (JD in 2012) prints its new name, and one
        # that another took over from (KMD, 2022) prints its successor's.
        vist = deps.vist_kode(s.departement, s.oppmeldt, ar)
        linjer.append(
            SakLinje(
                saksnummer=s.saksnummer,
                departement=s.departement,
                departement_navn=deps.finn(vist, ar).navn,
                tittel=s.tittel,
                oppmeldt=s.oppmeldt,
                gjentakende=s.gjentakende,
                status=s.status,
                overtatt=deps.vist(s.departement, s.oppmeldt, ar),
            )
        )
    return sorter_saker(linjer)


@dataclass(frozen=True)
class VedleggC:
    """Vedlegg c's rows as of `per`, the categories in order (kode, navn), and the
    agreements that expired before `per` while the register still has them as current:
    listed and warned about, or (`utelatt`) left out."""

    per: date
    avtaler: list[AvtaleLinje]
    kategorier: list[tuple[str, str]]
    utlopte: list[Utlopt]
    utelatt: bool


def avtaler_for_vedlegg(*, session: Session, per: date, bare_gjeldende: bool = False) -> VedleggC:
    """Vedlegg c: the agreements started by `per` and not closed before it, in category
    order and then in the order they were registered."""
    stmt = (
        strom.avtale_select()
        .where(avtale_i_vedlegg(per))
        .order_by(col(Kategori.rekkefolge), col(Kategori.id), col(Avtale.id))
    )
    kjente = [(k.kode, k.navn) for k in kategorier(session=session)]
    deps = last_departementer(session=session)

    def overtatt(parter: list[str], inngatt: date | None) -> tuple[Vist, ...]:
        # The parties as `per`'s year knows them (KMD of 2018 is KDD in 2026).
        ar = inngatt.year if inngatt else per.year
        return tuple(v for p in parter if (v := deps.vist(p, ar, per.year)) is not None)

    linjer = [
        AvtaleLinje(
            id=p.id,
            tittel=p.tittel,
            kategori=p.kategori,
            kategori_navn=p.kategori_navn,
            parter=tuple(p.parter),
            inngatt=p.inngatt,
            utloper=p.utloper,
            forste_avtale=p.forste_avtale,
            status=p.status,
            overtatt=overtatt(p.parter, p.inngatt),
            gyldig_fra=p.gyldig_fra,
        )
        for p in strom.avtaler(session=session, stmt=stmt)
    ]
    utlopte = [
        Utlopt(a.id, a.tittel, a.utloper, a.status, per)
        for a in linjer
        if a.utloper is not None and er_utlopt(a.utloper, per)
    ]
    if bare_gjeldende:
        linjer = [a for a in linjer if not er_utlopt(a.utloper, per)]
    return VedleggC(per, linjer, kjente, utlopte, bare_gjeldende)
