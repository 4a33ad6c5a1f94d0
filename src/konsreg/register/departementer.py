"""Ministries and agreement categories: the register's reference data."""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import func, select
from sqlmodel import Session, col

from konsreg.models import (
    Avtale,
    Departement,
    DepartementPublic,
    Etterfolger,
    EtterfolgerPublic,
    Kategori,
    Sak,
)
from konsreg.regler import avtale, felt
from konsreg.regler.avtale import KjentKategori, finn_kategori
from konsreg.regler.departementer import Dep, Departementer, Overgang


def liste_departementer(*, session: Session, ar: int | None = None) -> list[DepartementPublic]:
    """Every ministry name the register knows; with `ar`, those that existed that year
    (the same rule as a code's lookup: `Dep.gjelder`)."""
    stmt = select(Departement).order_by(
        col(Departement.til_ar).is_not(None),
        col(Departement.kode),
        col(Departement.fra_ar).desc(),
    )
    return [
        DepartementPublic.model_validate(d, from_attributes=True)
        for d in session.scalars(stmt)
        if ar is None or Dep(d.kode, d.navn, d.fra_ar, d.til_ar).gjelder(ar)
    ]


def last_departementer(*, session: Session) -> Departementer:
    rader = session.execute(
        select(
            col(Departement.kode),
            col(Departement.navn),
            col(Departement.fra_ar),
            col(Departement.til_ar),
        )
    ).all()
    overganger = session.execute(
        select(
            col(Etterfolger.forgjenger),
            col(Etterfolger.etterfolger),
            col(Etterfolger.fra_ar),
            col(Etterfolger.hel),
        )
    ).all()
    return Departementer(
        (Dep(r[0], r[1], r[2], r[3]) for r in rader),
        (Overgang(o[0], o[1], o[2], o[3]) for o in overganger),
    )


def sjekk_departement(*, session: Session, verdi: str, ar: int, ks: bool = False) -> str:
    """A ministry as typed (code or full name) checked at once, as a prompt needs it: its
    code in `ar`, or Ugyldig naming the nearest codes and names. `ks`: KS will do too
    (meldt inn av). Warnings are left to the registration, which looks it up again."""
    deps = last_departementer(session=session)
    if ks:
        return felt.meldt_inn_av(deps, verdi, ar, [])
    return felt.departementskode(deps, verdi, ar, [])


def sjekk_parter(*, session: Session, verdi: str, ar: int) -> str:
    """Parties as typed at a prompt ("Helse- og omsorgsdepartementet og KS"), checked at
    once: each a known code or full name, none twice. Returns the value as typed."""
    avtale.parter(last_departementer(session=session), [verdi], ar, [])
    return verdi


def liste_overganger(*, session: Session) -> list[EtterfolgerPublic]:
    """Which ministry took over from which, in time order."""
    stmt = select(Etterfolger).order_by(
        col(Etterfolger.fra_ar), col(Etterfolger.forgjenger), col(Etterfolger.etterfolger)
    )
    return [
        EtterfolgerPublic(
            forgjenger=e.forgjenger,
            etterfolger=e.etterfolger,
            fra_ar=e.fra_ar,
            omfang="hel" if e.hel else "del",
            merknad=e.merknad,
        )
        for e in session.scalars(stmt)
    ]


def kategorier(*, session: Session) -> list[KjentKategori]:
    """The agreement categories in the order Vedlegg c prints them."""
    stmt = select(Kategori).order_by(col(Kategori.rekkefolge), col(Kategori.id))
    return [KjentKategori(k.id or 0, k.kode, k.navn) for k in session.scalars(stmt)]


def hent_kategori(*, session: Session, tekst: str) -> KjentKategori:
    return finn_kategori(kategorier(session=session), tekst)


def ny_kategori(*, session: Session, navn: str, kode: str | None = None) -> KjentKategori:
    """A new agreement category (a new group of Vedlegg c), placed after the others.
    Its code is `kode` when given (an import keeps the exported code), else made from
    the name."""
    rent = " ".join(navn.split())
    grunn = kode or re.sub(r"^avtaler? om\s+", "", rent.lower())
    ascii_ = unicodedata.normalize("NFKD", grunn.replace("æ", "ae").replace("ø", "o"))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_.encode("ascii", "ignore").decode()).strip("-")
    slug = slug[:32] or "kategori"
    kjente = session.execute(select(col(Kategori.kode), col(Kategori.rekkefolge))).all()
    koder = {k for k, _ in kjente}
    kode, n = slug, 2
    while kode in koder:
        kode, n = f"{slug}-{n}", n + 1
    kategori = Kategori(kode=kode, navn=rent, rekkefolge=max((r for _, r in kjente), default=0) + 1)
    session.add(kategori)
    session.flush()
    return KjentKategori(kategori.id or 0, kategori.kode, kategori.navn)


def telling(*, session: Session) -> dict[str, int]:
    """How much the register holds (for `db status`)."""
    return {
        "saker": session.scalar(select(func.count()).select_from(Sak)) or 0,
        "avtaler": session.scalar(select(func.count()).select_from(Avtale)) or 0,
        "departementer": session.scalar(select(func.count()).select_from(Departement)) or 0,
    }
