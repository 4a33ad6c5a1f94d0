"""The one allocator of numbers: saksnumre per year (`sak/<år>`) and agreement ids
(`avtale`), for one record and for a batch, never past `regler.nummer.STORSTE_NUMMER`.

Counters are raised with one conditional UPDATE … RETURNING in the caller's transaction:
it takes the row lock (PostgreSQL) in a transaction that already holds the write lock
(SQLite, BEGIN IMMEDIATE), so concurrent writers queue, and no value is ever read and
written back. Numbers are gapless and given once.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from konsreg.errors import Ugyldig
from konsreg.models import Sak, Teller
from konsreg.regler.advarsler import Hull
from konsreg.regler.nummer import STORSTE_NUMMER


def sak_teller(ar: int) -> str:
    return f"sak/{ar}"


AVTALE_TELLER = "avtale"


def _brukt_opp(teller: str, trengs: int = 1, ledige: int = 0) -> Ugyldig:
    """The message for a counter at the register's limit."""
    if teller.startswith("sak/"):
        ar = teller.partition("/")[2]
        hva = f"Saksnumrene for {ar}"
        grense = f"{ar}/{STORSTE_NUMMER}"
        rad = "registrer saken under et annet oppmeldt-år, eller rett opp saksnumrene"
    else:
        hva, grense, rad = "Avtale-id-ene", f"A{STORSTE_NUMMER}", "rett opp id-ene"
    if trengs > 1:
        return Ugyldig(
            f"{hva} rekker ikke: {trengs} nye trengs, men bare {ledige} er ledige før "
            f"{grense}, det høyeste registeret kan lagre; {rad}."
        )
    return Ugyldig(f"{hva} er brukt opp: {grense} er det høyeste registeret kan lagre; {rad}.")


def reserver(*, session: Session, teller: str, antall: int = 1) -> int:
    """Reserve `antall` consecutive numbers of a counter; returns the first."""
    if antall <= 0:
        return 0
    if antall > STORSTE_NUMMER:
        raise _brukt_opp(teller, antall, STORSTE_NUMMER)
    stmt = (
        update(Teller)
        .where(col(Teller.navn) == teller, col(Teller.verdi) <= STORSTE_NUMMER - antall)
        .values(verdi=col(Teller.verdi) + antall)
        .returning(col(Teller.verdi))
    )
    while True:
        verdi = session.execute(stmt).scalar_one_or_none()
        if verdi is not None:
            return int(verdi) - antall + 1
        naa = verdi_av(session=session, teller=teller, ukjent=None)
        if naa is not None and naa > STORSTE_NUMMER - antall:
            raise _brukt_opp(teller, antall, max(STORSTE_NUMMER - naa, 0))
        if naa is not None:
            # PostgreSQL (READ COMMITTED): another writer made the counter after our
            # UPDATE looked and before our SELECT did. Try the UPDATE again.
            continue
        try:
            with session.begin_nested():
                session.execute(insert(Teller).values(navn=teller, verdi=antall))
            return 1
        except IntegrityError:
            continue  # another writer created the counter first; count on from its value


def minst(*, session: Session, teller: str, verdi: int) -> None:
    """Make sure a counter is at least `verdi` (after rows came in with their own
    numbers); one conditional UPDATE, no value read and written back."""
    session.execute(
        update(Teller)
        .where(col(Teller.navn) == teller, col(Teller.verdi) < verdi)
        .values(verdi=verdi)
    )
    if verdi_av(session=session, teller=teller, ukjent=None) is None:
        try:
            with session.begin_nested():
                session.execute(insert(Teller).values(navn=teller, verdi=verdi))
        except IntegrityError:
            # Another writer created the counter meanwhile; raise it conditionally.
            minst(session=session, teller=teller, verdi=verdi)


def verdi_av(*, session: Session, teller: str, ukjent: int | None = 0) -> int | None:
    verdi = session.execute(select(col(Teller.verdi)).where(col(Teller.navn) == teller)).scalar()
    return ukjent if verdi is None else int(verdi)


def hull(*, session: Session, ar: int, fra: int, til: int) -> Hull | None:
    """The numbers of year `ar` after `fra` (the counter before an import) up to `til`
    that no case has: an import of 2026/1000 into a register that held only 2026/1
    leaves 2026/2–2026/999 empty, and `sak ny` continues at 2026/1001."""
    finnes = session.execute(
        select(func.count(), func.min(col(Sak.lopenr))).where(
            col(Sak.ar) == ar, col(Sak.lopenr) > fra, col(Sak.lopenr) <= til
        )
    ).one()
    mangler = til - fra - int(finnes[0])
    if mangler <= 0:
        return None
    forste = int(finnes[1])
    spenn = [(fra + 1, forste - 1)] if forste > fra + 1 else []
    neste = func.lead(col(Sak.lopenr)).over(order_by=col(Sak.lopenr))
    rekke = (
        select(col(Sak.lopenr).label("nr"), neste.label("neste"))
        .where(col(Sak.ar) == ar, col(Sak.lopenr) >= forste, col(Sak.lopenr) <= til)
        .subquery()
    )
    stmt = select(rekke.c.nr, rekke.c.neste).where(rekke.c.neste > rekke.c.nr + 1)
    spenn += [(a + 1, b - 1) for a, b in session.execute(stmt.order_by(rekke.c.nr).limit(3))]
    return Hull(ar, tuple(spenn[:3]), len(spenn) > 3, mangler, til + 1)
