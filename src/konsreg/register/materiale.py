"""A meeting's material as data: the meeting, its items with their records and derived
subsections, and the appendices as of the meeting's date; and the agenda's proposals
(`mote forslag`). The builder (render/materiale.py) lays the data out; the checks
(regler/sjekk.py) read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import and_, func, or_, select
from sqlmodel import Session, col

from konsreg.models import Avtale, Historikk, Materialedata, Mote, Punkt, PunktCreate, Sak
from konsreg.register import historikk, klokke, moter, punkter, strom, tidslinje, utvalg
from konsreg.register.departementer import last_departementer
from konsreg.regler import materiale as regler
from konsreg.regler import mote as moteregler
from konsreg.regler.begreper import KS, Status
from konsreg.regler.materiale import Forslag, Materialepunkt, Motedata, PostAvtale, PostSak


def _motedata(mote: Mote) -> Motedata:
    return Motedata(
        id=mote.handle,
        type=mote.type,
        ar=mote.ar,
        nummer=mote.nummer,
        departement=mote.departement,
        dato=mote.dato,
        tema=mote.tema,
        status=mote.status,
        deltakere=tuple(d for d in (mote.deltakere or "").split("\n") if d),
    )


def _poster(session: Session, mote: Mote, rader: list[Punkt]) -> list[Materialepunkt]:
    """The items with their records (read in two queries, not one per item)."""
    tidligere = punkter.er_pa_tidligere_mote(session=session, mote=mote)
    sak_ider = {p.sak_id for p in rader if p.sak_id is not None}
    avtale_ider = {p.avtale_id for p in rader if p.avtale_id is not None}
    saker = {s.id: s for s in session.scalars(select(Sak).where(col(Sak.id).in_(sak_ider)))}
    avtaler = {
        a.id: a for a in session.scalars(select(Avtale).where(col(Avtale.id).in_(avtale_ider)))
    }
    parter = strom.parter_for(session=session, avtale_ider=list(avtale_ider))
    ut = []
    for p in rader:
        sak = saker.get(p.sak_id) if p.sak_id is not None else None
        avtale = avtaler.get(p.avtale_id) if p.avtale_id is not None else None
        ut.append(
            Materialepunkt(
                id=moteregler.punkt_id(mote.handle, p.nr),
                nr=p.nr,
                kapittel=p.kapittel,
                posisjon=p.posisjon,
                innledning=p.innledning,
                underdel=p.underdel,
                tittel=p.tittel,
                meldt_inn_av=p.meldt_inn_av,
                tekst=p.tekst,
                sporsmal=tuple(moter.liste_fra(p.sporsmal)),
                onsket_resultat=tuple(moter.liste_fra(p.onsket_resultat)),
                konklusjon=p.konklusjon,
                tekst_endret=p.tekst_endret,
                sak=PostSak(
                    saksnummer=sak.saksnummer,
                    type=sak.type,
                    departement=sak.departement,
                    tittel=sak.tittel,
                    oppmeldt=sak.oppmeldt,
                    gjentakende=sak.gjentakende,
                    meldt_inn_av=sak.meldt_inn_av,
                    status=sak.status,
                    endret=sak.endret,
                    pa_tidligere_mote=sak.id in tidligere,
                )
                if sak is not None
                else None,
                avtale=PostAvtale(
                    id=avtale.handle,
                    tittel=avtale.tittel,
                    fullt_navn=avtale.fullt_navn,
                    parter=tuple(parter.get(avtale.id or 0, [])),
                    inngatt=avtale.inngatt,
                    gyldig_fra=avtale.gyldig_fra,
                    utloper=avtale.utloper,
                    status=avtale.status,
                    status_endret=avtale.status_endret,
                    endret=avtale.endret,
                )
                if avtale is not None
                else None,
            )
        )
    return ut


def _med_underdel(punkter_: list[Materialepunkt], vindu: moteregler.Vindu) -> list[Materialepunkt]:
    from dataclasses import replace

    return [replace(p, underdel=regler.underdel_for(p, vindu)) for p in punkter_]


def materiale(*, session: Session, mote: str, per: date | None = None) -> Materialedata:
    """The material of a meeting as the register holds it now, the appendices as of the
    meeting's date (Vedlegg a and b: the meeting's consultation year). `per`: the meeting
    and its items as they stood at the end of that day, read back from the history (the
    records themselves, and so the appendices, as they are now)."""
    mote_ = moter.hent(session=session, handle=mote)
    stmt = (
        select(Punkt)
        .where(col(Punkt.mote_id) == mote_.id)
        .order_by(
            col(Punkt.kapittel), col(Punkt.innledning).desc(), col(Punkt.posisjon), col(Punkt.nr)
        )
    )
    rader = list(session.scalars(stmt))
    if per is not None:
        grense = dagslutt(per)
        mote_ = _som_de_var(session, moter.ENTITET, [mote_], grense)[0]
        rader = _som_de_var(session, punkter.ENTITET, rader, grense)
        rader.sort(key=lambda p: (p.kapittel, not p.innledning, p.posisjon, p.nr))
    rader = [p for p in rader if p.fjernet is None]
    vindu = moter.vindu(session=session, mote=mote_)
    punktene = _med_underdel(_poster(session, mote_, rader), vindu)
    ar = mote_.dato.year
    c = utvalg.avtaler_for_vedlegg(session=session, per=mote_.dato)
    gjeldende = session.scalar(
        select(func.count()).select_from(Avtale).where(utvalg.avtale_i_kraft(mote_.dato))
    )
    deps = last_departementer(session=session)
    navn = {KS: "KS"}
    for kode in deps.koder:
        dep = deps.finn(kode, ar)
        if dep.gjelder(ar):  # the names of that year only: texts name ministries as they are
            navn[kode] = dep.navn
    return Materialedata(
        mote=_motedata(mote_),
        vindu=vindu,
        punkter=tuple(punktene),
        vedlegg_a=tuple(utvalg.saker_for_vedlegg(session=session, bokstav="a", ar=ar)),
        vedlegg_b=tuple(utvalg.saker_for_vedlegg(session=session, bokstav="b", ar=ar)),
        vedlegg_c=tuple(c.avtaler),
        kategorier=tuple(c.kategorier),
        utlopte=tuple(c.utlopte),
        gjeldende_avtaler=int(gjeldende or 0),
        departementsnavn=navn,
        tidslinje=tidslinje.for_vedlegg(
            session=session, per=mote_.dato, ider=[a.id for a in c.avtaler]
        ),
    )


def dagslutt(dag: date) -> datetime:
    """The end of a day where the register is used (the machine's time zone), in UTC as
    the history stores times."""
    slutt = datetime.combine(dag + timedelta(days=1), time.min).astimezone()
    return slutt.astimezone(UTC)


T = TypeVar("T", Mote, Punkt)


def _som_de_var(session: Session, entitet: str, rader: list[T], grense: datetime) -> list[T]:
    """Copies of the rows as they were at `grense`: each change recorded after it undone,
    newest first; a row created after it left out. The rows themselves are not touched."""
    if not rader:
        return []
    kopier = {r.id: type(r)(**{f: getattr(r, f) for f in type(r).model_fields}) for r in rader}
    stmt = (
        select(Historikk)
        .where(
            col(Historikk.entitet) == entitet,
            col(Historikk.entitet_id).in_(list(kopier)),
            col(Historikk.tidspunkt) > grense,
        )
        .order_by(col(Historikk.id).desc())
    )
    borte: set[int] = set()
    for h in session.scalars(stmt):
        if h.felt == historikk.OPPRETTET:
            borte.add(h.entitet_id)
            continue
        kopi = kopier[h.entitet_id]
        if h.felt in type(kopi).model_fields:
            setattr(kopi, h.felt, _tilbake(h.felt, h.gammel))
    return [k for i, k in kopier.items() if i not in borte]


def _tilbake(felt: str, verdi: str | None) -> Any:
    """A history value back as its column holds it."""
    if verdi is None:
        return None
    if felt in ("posisjon", "nr", "kapittel"):
        return int(verdi)
    if felt in ("dato", "status_endret"):
        return date.fromisoformat(verdi)
    if felt == "deltakere":
        return "\n".join(moter.liste_fra(verdi)) or None
    if felt in ("tekst_endret", "fjernet"):
        return datetime.fromisoformat(verdi)
    return verdi


def forslag(*, session: Session, mote: str) -> list[Forslag]:
    """What belongs on the agenda and has no item: cases new since the previous plenary
    meeting; agreements made since then; agreements ended since then or expiring in the
    meeting's year; ongoing cases that had no text at the last two plenary meetings."""
    mote_ = moter.hent(session=session, handle=mote)
    assert mote_.id is not None
    vindu = moter.vindu(session=session, mote=mote_)
    pa_agendaen = select(Punkt).where(col(Punkt.mote_id) == mote_.id, col(Punkt.fjernet).is_(None))
    har_sak = {p.sak_id for p in session.scalars(pa_agendaen) if p.sak_id is not None}
    har_avtale = {p.avtale_id for p in session.scalars(pa_agendaen) if p.avtale_id is not None}
    tidligere = punkter.er_pa_tidligere_mote(session=session, mote=mote_)
    med_tekst = _med_tekst_siste_to(session, mote_)
    ut: list[Forslag] = []
    saker = select(Sak).where(
        col(Sak.status).in_([Status.ny, Status.pagaende]),
        col(Sak.oppmeldt) <= mote_.dato.year,
        col(Sak.type).in_(list(moteregler.SAKSKAPITTEL)),
    )
    for sak in session.scalars(saker.order_by(col(Sak.ar), col(Sak.lopenr))):
        if sak.id in har_sak:
            continue
        kapittel = moteregler.SAKSKAPITTEL[sak.type]
        ny = moteregler.underdel_for_sak(
            oppmeldt=sak.oppmeldt, pa_tidligere_mote=sak.id in tidligere, vindu_=vindu
        )
        if ny == "a":
            ut.append(Forslag("ny_sak", kapittel, sak=sak.saksnummer, tittel=sak.tittel))
        elif sak.id not in med_tekst:
            ut.append(Forslag("uten_tekst", kapittel, sak=sak.saksnummer, tittel=sak.tittel))
    start = func.coalesce(col(Avtale.gyldig_fra), col(Avtale.inngatt))
    avtaler = select(Avtale).where(
        col(Avtale.status) != Status.utgar,
        or_(
            and_(start > vindu.siden, start <= mote_.dato),
            and_(col(Avtale.utloper).is_not(None), col(Avtale.utloper) > vindu.siden),
            and_(col(Avtale.status) == Status.avsluttet, col(Avtale.status_endret) > vindu.siden),
        ),
    )
    for a in session.scalars(avtaler.order_by(col(Avtale.id))):
        if a.id in har_avtale:
            continue
        post_slutt = moteregler.siste_dag_i_kraft(
            status=a.status, status_endret=a.status_endret, utloper=a.utloper
        )
        a_start = a.gyldig_fra or a.inngatt
        if post_slutt is not None and vindu.siden < post_slutt < mote_.dato:
            ut.append(Forslag("avsluttet", 5, avtale=a.handle, tittel=a.tittel, dato=post_slutt))
        elif a_start is not None and vindu.siden < a_start <= mote_.dato:
            ut.append(Forslag("ny_avtale", 5, avtale=a.handle, tittel=a.tittel, dato=a_start))
        elif post_slutt is not None and post_slutt >= mote_.dato and post_slutt.year == mote_.ar:
            ut.append(Forslag("utloper", 5, avtale=a.handle, tittel=a.tittel, dato=post_slutt))
    return sorted(ut, key=lambda f: f.kapittel)


def _med_tekst_siste_to(session: Session, mote: Mote) -> set[int]:
    """The cases that had an item with text at one of the last two plenary meetings
    before `mote`."""
    forrige = select(col(Mote.id)).where(
        col(Mote.type) == moteregler.Motetype.plenum.value, col(Mote.dato) < mote.dato
    )
    ider = list(session.scalars(forrige.order_by(col(Mote.dato).desc()).limit(2)))
    if not ider:
        return set()
    stmt = select(col(Punkt.sak_id)).where(
        col(Punkt.mote_id).in_(ider),
        col(Punkt.sak_id).is_not(None),
        col(Punkt.tekst).is_not(None),
        col(Punkt.fjernet).is_(None),
    )
    return {i for i in session.scalars(stmt) if i is not None}


def legg_til_forslag(
    *, session: Session, mote: str, av: str, tidspunkt: datetime | None = None
) -> list[Forslag]:
    """Add each proposal as an item with empty text, in this one transaction."""
    tid = tidspunkt or klokke.na()
    moter.hent(session=session, handle=mote, las=True)
    ut = []
    for f in forslag(session=session, mote=mote):
        data = PunktCreate(sak=f.sak, avtale=f.avtale)
        p = punkter.ny_punkt(
            session=session, mote=mote, data=data, av=av, advarsler=[], tidspunkt=tid
        )
        from dataclasses import replace

        ut.append(replace(f, punkt=p.id))
    return ut
