"""Agenda items (punkter): add them to a meeting, list, change, move and remove them.

An item's number in its meeting (`2026-2/3`) is given once and never again, also after
the item is removed (the row stays, marked `fjernet`, so the history can print an old
material as it stood). Its place in its chapter (`posisjon`) is explicit: new items go
last, `flytt` moves them. Numbers and places are given under the meeting's row lock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session, col

from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig
from konsreg.models import (
    Avtale,
    HistorikkPublic,
    Mote,
    Punkt,
    PunktCreate,
    PunktPublic,
    PunktUpdate,
    Sak,
)
from konsreg.register import avtaler, historikk, klokke, moter, saker
from konsreg.register.departementer import last_departementer
from konsreg.register.moter import liste_fra, liste_tekst
from konsreg.regler import mote as regler
from konsreg.regler.advarsler import Advarsler
from konsreg.regler.felt import meldt_inn_av

ENTITET = "punkt"
# The fields of an item a change may set, and that the history records.
ENDRBARE = tuple(f for f in PunktUpdate.model_fields if f not in ("sak", "avtale"))
LISTEFELT = ("sporsmal", "onsket_resultat")


def public(
    punkt: Punkt, mote: str, sak: str | None, avtale: str | None, post_tittel: str | None = None
) -> PunktPublic:
    return PunktPublic(
        id=regler.punkt_id(mote, punkt.nr),
        mote=mote,
        nr=punkt.nr,
        kapittel=punkt.kapittel,
        posisjon=punkt.posisjon,
        innledning=punkt.innledning,
        underdel=punkt.underdel,
        sak=sak,
        avtale=avtale,
        post_tittel=post_tittel,
        tittel=punkt.tittel,
        meldt_inn_av=punkt.meldt_inn_av,
        tekst=punkt.tekst,
        sporsmal=liste_fra(punkt.sporsmal),
        onsket_resultat=liste_fra(punkt.onsket_resultat),
        konklusjon=punkt.konklusjon,
        tekst_endret=punkt.tekst_endret,
        opprettet=punkt.opprettet,
        endret=punkt.endret,
    )


def _public(session: Session, punkt: Punkt, mote: Mote) -> PunktPublic:
    sak = session.get(Sak, punkt.sak_id) if punkt.sak_id is not None else None
    avtale = session.get(Avtale, punkt.avtale_id) if punkt.avtale_id is not None else None
    tittel = sak.tittel if sak else (avtale.fullt_navn or avtale.tittel) if avtale else None
    return public(
        punkt,
        mote.handle,
        sak.saksnummer if sak else None,
        avtale.handle if avtale else None,
        tittel,
    )


def ny_punkt(
    *,
    session: Session,
    mote: str,
    data: PunktCreate,
    av: str,
    advarsler: Advarsler,
    tidspunkt: datetime | None = None,
    nr: int | None = None,
    posisjon: int | None = None,
) -> PunktPublic:
    """Add an item to a meeting, last in its chapter. A case decides the chapter (3 or
    4), an agreement makes it 5; chapters 2 and 6 need a title; an item of 3–5 without
    its record needs a title and its subsection (`sjekk` reports it). An import keeps
    the item's number (`nr`, which must be free) and its place in the chapter
    (`posisjon`); without them it gets the next number and goes last."""
    tid = tidspunkt or klokke.na()
    mote_ = moter.hent(session=session, handle=mote, las=True)
    assert mote_.id is not None
    sak_id = avtale_id = None
    kapittel = data.kapittel
    if sum(x is not None for x in (data.sak, data.avtale)) > 1:
        raise Ugyldig("Et punkt gjelder én sak eller én avtale, ikke begge.")
    if data.sak is not None:
        sak = saker.hent(session=session, nummer=data.sak)
        sak_id = sak.id
        kapittel = _samme(kapittel, regler.SAKSKAPITTEL[sak.type], f"sak {sak.saksnummer}")
    elif data.avtale is not None:
        avtale = avtaler.hent(session=session, handle=data.avtale)
        avtale_id = avtale.id
        kapittel = _samme(kapittel, 5, f"avtale {avtale.handle}")
    if kapittel is None:
        raise Ugyldig(
            "Oppgi hva punktet gjelder: --sak, --avtale, --ks-innspill, --eventuelt, "
            "--innledning KAPITTEL, eller --kapittel med --tittel."
        )
    kapittel = regler.kapittel(kapittel)
    underdel = data.underdel
    if data.innledning:
        if sak_id or avtale_id or data.tittel:
            raise Ugyldig("En innledning til et kapittel har ingen sak, avtale eller tittel.")
        if underdel is not None:
            raise Ugyldig("En innledning gjelder hele kapitlet, ikke en underdel.")
        if _finnes_innledning(session, mote_.id, kapittel):
            raise Konflikt(
                f"Kapittel {kapittel} i møtet {mote_.handle} har alt en innledning; endre den "
                "med «konsreg punkt endre»."
            )
    elif sak_id is None and avtale_id is None:
        if not data.tittel:
            raise Ugyldig(
                f"Et punkt i kapittel {kapittel} uten sak eller avtale må ha en tittel (--tittel)."
            )
        if kapittel in regler.UNDERDELER:
            if underdel is None:
                raise Ugyldig(
                    f"Et punkt i kapittel {kapittel} uten sak eller avtale må ha sin underdel "
                    f"(--del {'/'.join(regler.UNDERDELER[kapittel])}): registeret kan ikke "
                    "utlede den uten posten."
                )
            underdel = regler.underdel(kapittel, underdel)
    if underdel is not None and (sak_id or avtale_id):
        raise Ugyldig(
            "Underdelen til et punkt om en sak eller avtale utledes av registeret (nye, "
            "pågående, avsluttede); --del er bare for punkter uten post."
        )
    meldt = None
    if data.meldt_inn_av is not None:
        deps = last_departementer(session=session)
        meldt = meldt_inn_av(deps, data.meldt_inn_av, mote_.dato.year, advarsler)
    if nr is None:
        nr = (
            int(
                session.scalar(
                    select(func.max(col(Punkt.nr))).where(col(Punkt.mote_id) == mote_.id)
                )
                or 0
            )
            + 1
        )
    else:
        _sjekk_nr(session, mote_, nr)
    if posisjon is None:
        posisjon = 0 if data.innledning else _siste_plass(session, mote_.id, kapittel) + 1
    elif posisjon < 0:
        raise Ugyldig(f"Plassen i kapitlet må være 0 eller mer, ikke {posisjon}.")
    punkt = Punkt(
        mote_id=mote_.id,
        nr=nr,
        kapittel=kapittel,
        posisjon=posisjon,
        innledning=data.innledning,
        underdel=underdel,
        sak_id=sak_id,
        avtale_id=avtale_id,
        tittel=data.tittel,
        meldt_inn_av=meldt,
        tekst=data.tekst,
        sporsmal=liste_tekst(data.sporsmal),
        onsket_resultat=liste_tekst(data.onsket_resultat),
        konklusjon=data.konklusjon,
        tekst_endret=tid if data.tekst else None,
        opprettet=tid,
        endret=tid,
    )
    session.add(punkt)
    session.flush()
    assert punkt.id is not None
    historikk.skriv_opprettet(
        session=session,
        entitet=ENTITET,
        poster=[(punkt.id, regler.punkt_id(mote_.handle, nr))],
        av=av,
        tid=tid,
    )
    # What the item says from the start is history too: `materiale --per` reads it back.
    for felt in ENDRBARE:
        verdi = getattr(punkt, felt)
        if verdi is not None and felt != "underdel":
            historikk.logg(
                session=session,
                entitet=ENTITET,
                entitet_id=punkt.id,
                felt=felt,
                gammel=None,
                ny=verdi,
                av=av,
                tidspunkt=tid,
            )
    return _public(session, punkt, mote_)


def _sjekk_nr(session: Session, mote: Mote, nr: int) -> None:
    """A number an import brings: 1 or more, and not given before in the meeting (a
    removed item keeps its number)."""
    if nr < 1:
        raise Ugyldig(f"Et punkts nummer er 1 eller mer, ikke {nr}.")
    stmt = select(col(Punkt.id)).where(col(Punkt.mote_id) == mote.id, col(Punkt.nr) == nr)
    if session.scalar(stmt) is not None:
        raise Konflikt(
            f"Møtet {mote.handle} har alt et punkt {regler.punkt_id(mote.handle, nr)}; et "
            "nummer gis bare én gang."
        )


def _samme(gitt: int | None, riktig: int, hva: str) -> int:
    if gitt is not None and gitt != riktig:
        raise Ugyldig(f"{hva.capitalize()} hører til kapittel {riktig}, ikke {gitt}.")
    return riktig


def _finnes_innledning(session: Session, mote_id: int, kapittel: int) -> bool:
    stmt = select(col(Punkt.id)).where(
        col(Punkt.mote_id) == mote_id,
        col(Punkt.kapittel) == kapittel,
        col(Punkt.innledning).is_(True),
        col(Punkt.fjernet).is_(None),
    )
    return session.scalar(stmt) is not None


def _siste_plass(session: Session, mote_id: int, kapittel: int) -> int:
    stmt = select(func.max(col(Punkt.posisjon))).where(
        col(Punkt.mote_id) == mote_id, col(Punkt.kapittel) == kapittel
    )
    return int(session.scalar(stmt) or 0)


def hent(*, session: Session, punkt_id: str, las: bool = False) -> tuple[Punkt, Mote]:
    mote_id, nr = regler.les_punkt_id(punkt_id)
    mote = moter.hent(session=session, handle=str(mote_id), las=las)
    stmt = select(Punkt).where(col(Punkt.mote_id) == mote.id, col(Punkt.nr) == nr)
    if las:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    punkt = session.scalars(stmt).first()
    if punkt is None or punkt.fjernet is not None:
        fjernet = " (det er fjernet)" if punkt is not None else ""
        raise IkkeFunnet(
            f"Møtet {mote.handle} har ikke punkt {nr}{fjernet}; se «konsreg punkt liste "
            f"{mote.handle}»."
        )
    return punkt, mote


def finn(*, session: Session, punkt_id: str) -> PunktPublic:
    """The item with this id as listings show it (IkkeFunnet if it is not on the agenda)."""
    punkt, mote = hent(session=session, punkt_id=punkt_id)
    return _public(session, punkt, mote)


def liste(*, session: Session, mote: str) -> list[PunktPublic]:
    """A meeting's items in the material's order: chapter, the introduction first, then
    place."""
    mote_ = moter.hent(session=session, handle=mote)
    stmt = (
        select(
            Punkt,
            col(Sak.saksnummer),
            col(Avtale.handle),
            func.coalesce(col(Sak.tittel), col(Avtale.fullt_navn), col(Avtale.tittel)),
        )
        .outerjoin(Sak, col(Sak.id) == col(Punkt.sak_id))
        .outerjoin(Avtale, col(Avtale.id) == col(Punkt.avtale_id))
        .where(col(Punkt.mote_id) == mote_.id, col(Punkt.fjernet).is_(None))
        .order_by(
            col(Punkt.kapittel), col(Punkt.innledning).desc(), col(Punkt.posisjon), col(Punkt.nr)
        )
    )
    return [public(p, mote_.handle, s, a, t) for p, s, a, t in session.execute(stmt)]


def vis(*, session: Session, punkt_id: str) -> tuple[PunktPublic, list[HistorikkPublic]]:
    punkt, mote = hent(session=session, punkt_id=punkt_id)
    assert punkt.id is not None
    return _public(session, punkt, mote), historikk.historikk(
        session=session, entitet=ENTITET, entitet_id=punkt.id
    )


def endre(
    *,
    session: Session,
    punkt_id: str,
    endring: PunktUpdate,
    av: str,
    advarsler: Advarsler,
    tidspunkt: datetime | None = None,
) -> tuple[PunktPublic, list[str]]:
    """Change what `endring` sets; each changed field goes in the history, and a changed
    text dates the text (`tekst_endret`, which `sjekk` compares with the record's)."""
    tid = tidspunkt or klokke.na()
    punkt, mote = hent(session=session, punkt_id=punkt_id, las=True)
    assert punkt.id is not None
    satt = endring.model_dump(exclude_unset=True)
    endret: list[str] = _koble(
        session, punkt, satt.pop("sak", None), satt.pop("avtale", None), av, tid
    )
    if "underdel" in satt and satt["underdel"] is not None:
        if punkt.sak_id or punkt.avtale_id:
            raise Ugyldig(
                "Underdelen til et punkt om en sak eller avtale utledes av registeret; --del "
                "er bare for punkter uten post."
            )
        satt["underdel"] = regler.underdel(punkt.kapittel, satt["underdel"])
    if "meldt_inn_av" in satt and satt["meldt_inn_av"] is not None:
        deps = last_departementer(session=session)
        satt["meldt_inn_av"] = meldt_inn_av(deps, satt["meldt_inn_av"], mote.dato.year, advarsler)
    uten_post = not (punkt.sak_id or punkt.avtale_id or punkt.innledning)
    if "tittel" in satt and satt["tittel"] is None and uten_post:
        raise Ugyldig("Et punkt uten sak eller avtale må ha en tittel.")
    for felt, verdi in satt.items():
        ny = liste_tekst(verdi or []) if felt in LISTEFELT else verdi
        gammel = getattr(punkt, felt)
        if ny == gammel:
            continue
        setattr(punkt, felt, ny)
        endret.append(felt)
        historikk.logg(
            session=session,
            entitet=ENTITET,
            entitet_id=punkt.id,
            felt=felt,
            gammel=gammel,
            ny=ny,
            av=av,
            tidspunkt=tid,
        )
    if "tekst" in endret:
        punkt.tekst_endret = tid
    if endret:
        punkt.endret = tid
        session.add(punkt)
        session.flush()
    return _public(session, punkt, mote), endret


def _koble(
    session: Session,
    punkt: Punkt,
    sak: str | None,
    avtale: str | None,
    av: str,
    tid: datetime,
) -> list[str]:
    """Point an item at its record: its chapter must be the record's, and its typed
    subsection gives way to the derived one."""
    if sak is None and avtale is None:
        return []
    assert punkt.id is not None
    if sak is not None and avtale is not None:
        raise Ugyldig("Et punkt gjelder én sak eller én avtale, ikke begge.")
    if punkt.innledning or punkt.kapittel not in (3, 4, 5):
        raise Ugyldig(f"Et punkt i kapittel {punkt.kapittel} gjelder ingen sak eller avtale.")
    if sak is not None:
        post = saker.hent(session=session, nummer=sak)
        _samme(punkt.kapittel, regler.SAKSKAPITTEL[post.type], f"sak {post.saksnummer}")
        felt, ny, gammel = "sak_id", post.id, punkt.sak_id
    else:
        avtale_ = avtaler.hent(session=session, handle=avtale or "")
        _samme(punkt.kapittel, 5, f"avtale {avtale_.handle}")
        felt, ny, gammel = "avtale_id", avtale_.id, punkt.avtale_id
    if ny == gammel:
        return []
    setattr(punkt, felt, ny)
    endret = [felt.removesuffix("_id")]
    for navn, verdi, forrige in ((felt, ny, gammel), ("underdel", None, punkt.underdel)):
        if verdi == forrige:
            continue
        historikk.logg(
            session=session,
            entitet=ENTITET,
            entitet_id=punkt.id,
            felt=navn,
            gammel=forrige,
            ny=verdi,
            av=av,
            tidspunkt=tid,
        )
    punkt.underdel = None
    return endret


def flytt(
    *,
    session: Session,
    punkt_id: str,
    til: int | None = None,
    etter: str | None = None,
    av: str,
    tidspunkt: datetime | None = None,
) -> list[PunktPublic]:
    """Move an item within its chapter: to place `til` (1 first; beyond the end: last) or
    right after the item `etter` (of the same chapter). Renumbers the chapter's places
    1, 2, 3, … and records each item whose place changed."""
    tid = tidspunkt or klokke.na()
    punkt, mote = hent(session=session, punkt_id=punkt_id, las=True)
    assert punkt.id is not None and mote.id is not None
    if punkt.innledning:
        raise Ugyldig("En innledning står alltid først i kapitlet og kan ikke flyttes.")
    stmt = (
        select(Punkt)
        .where(
            col(Punkt.mote_id) == mote.id,
            col(Punkt.kapittel) == punkt.kapittel,
            col(Punkt.innledning).is_(False),
            col(Punkt.fjernet).is_(None),
        )
        .order_by(col(Punkt.posisjon), col(Punkt.nr))
        .with_for_update()
    )
    rekke = [p for p in session.scalars(stmt) if p.id != punkt.id]
    if etter is not None:
        annen, _ = hent(session=session, punkt_id=etter)
        if annen.kapittel != punkt.kapittel or annen.innledning:
            raise Ugyldig(
                f"Punkt {etter} er ikke et punkt i samme kapittel ({punkt.kapittel}); et punkt "
                "flyttes bare innenfor sitt kapittel."
            )
        if annen.id == punkt.id:
            raise Ugyldig("Et punkt kan ikke flyttes etter seg selv.")
        indeks = next(i for i, p in enumerate(rekke) if p.id == annen.id) + 1
    elif til is not None:
        if til < 1:
            raise Ugyldig("Plassen må være 1 eller mer (1 er først i kapitlet).")
        indeks = min(til - 1, len(rekke))
    else:
        raise Ugyldig("Oppgi hvor punktet skal: --til PLASS eller --etter PUNKT.")
    rekke.insert(indeks, punkt)
    for plass, p in enumerate(rekke, start=1):
        if p.posisjon != plass:
            assert p.id is not None
            historikk.logg(
                session=session,
                entitet=ENTITET,
                entitet_id=p.id,
                felt="posisjon",
                gammel=p.posisjon,
                ny=plass,
                av=av,
                tidspunkt=tid,
            )
            p.posisjon = plass
            p.endret = tid
            session.add(p)
    session.flush()
    return liste(session=session, mote=mote.handle)


def fjern(
    *, session: Session, punkt_id: str, av: str, tidspunkt: datetime | None = None
) -> PunktPublic:
    """Take an item off the agenda. Its row, number and history stay (an old material
    printed `--per` a day before still has it); the number is never given again."""
    tid = tidspunkt or klokke.na()
    punkt, mote = hent(session=session, punkt_id=punkt_id, las=True)
    assert punkt.id is not None
    punkt.fjernet = tid
    punkt.endret = tid
    session.add(punkt)
    historikk.logg(
        session=session,
        entitet=ENTITET,
        entitet_id=punkt.id,
        felt="fjernet",
        gammel=None,
        ny=tid,
        av=av,
        tidspunkt=tid,
    )
    session.flush()
    return _public(session, punkt, mote)


def er_pa_tidligere_mote(*, session: Session, mote: Mote) -> set[int]:
    """The cases that an earlier plenary meeting (before `mote`'s date) had an item about."""
    stmt = (
        select(col(Punkt.sak_id))
        .join(Mote, col(Mote.id) == col(Punkt.mote_id))
        .where(
            col(Mote.type) == regler.Motetype.plenum.value,
            col(Mote.dato) < mote.dato,
            col(Punkt.sak_id).is_not(None),
            col(Punkt.fjernet).is_(None),
        )
        .distinct()
    )
    return {i for i in session.scalars(stmt) if i is not None}
