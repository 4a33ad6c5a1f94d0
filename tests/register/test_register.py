"""The register called directly, without the CLI: what it returns (public shapes,
warnings as data), the one allocator of numbers, the day rules of its selections, and
the import pipeline. Each test has its own register and one write session (`okt`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig, Valideringsfeil
from konsreg.models import AvtaleCreate, AvtaleUpdate, SakCreate, SakPublic, SakUpdate, valider
from konsreg.register import avtaleliste, avtaler, nummerering, saker, serier, utvalg
from konsreg.register.importer import saker as sakimport
from konsreg.regler.advarsler import Hull, IFil, UtenforAr, Utlopt
from konsreg.regler.begreper import Konfliktmodus

SAK = {
    "type": "kostnad",
    "departement": "hod",
    "tittel": "E-helse",
    "oppmeldt": 2026,
    "meldt_inn_av": "ks",
}
AVTALE = {
    "tittel": "NAV-avtalen",
    "kategori": "samhandling",
    "parter": ["AID", "KS"],
    "inngatt": date(2023, 1, 4),
    "utloper": date(2026, 12, 31),
}


def _sak(okt: Any, **felt: Any) -> SakPublic:
    data = valider(SakCreate, {**SAK, **felt})
    return saker.ny_sak(session=okt, data=data, av="test", advarsler=[])


def test_ny_sak_gir_en_fryst_offentlig_form(okt: Any) -> None:
    sak = _sak(okt)
    assert (sak.saksnummer, sak.type, sak.departement, sak.meldt_inn_av) == (
        "2026/1",
        "kostnadsberegning",
        "HOD",
        "KS",
    )
    with pytest.raises(Exception, match="frozen"):
        sak.tittel = "endret"
    assert _sak(okt, tittel="To").saksnummer == "2026/2"


def test_advarsler_er_data(okt: Any) -> None:
    advarsler: list[Any] = []
    data = valider(SakCreate, {**SAK, "departement": "DFD", "oppmeldt": 2020})
    saker.ny_sak(session=okt, data=data, av="test", advarsler=advarsler)
    assert advarsler == [
        UtenforAr("DFD", "Digitaliserings- og forvaltningsdepartementet", 2020, 2024, None)
    ]


def test_endre_setter_bare_det_endringen_setter(okt: Any) -> None:
    _sak(okt, beskrivelse="Noe")
    sak, endret = saker.endre(
        session=okt, nummer="2026/1", endring=SakUpdate(tittel="Ny"), av="t", advarsler=[]
    )
    assert (endret, sak.tittel, sak.beskrivelse) == (["tittel"], "Ny", "Noe")
    sak, endret = saker.endre(
        session=okt, nummer="2026/1", endring=SakUpdate(beskrivelse=None), av="t", advarsler=[]
    )
    assert (endret, sak.beskrivelse) == (["beskrivelse"], None)
    _, historikk = saker.vis(session=okt, nummer="2026/1")
    assert [(h.felt, h.gammel, h.ny) for h in historikk] == [
        ("opprettet", None, "2026/1"),
        ("tittel", "E-helse", "Ny"),
        ("beskrivelse", "Noe", None),
    ]


def test_avslutt_to_ganger_og_ukjent_sak(okt: Any) -> None:
    _sak(okt)
    sak = saker.avslutt(session=okt, nummer="2026/1", dato=date(2026, 6, 1), av="t")
    assert (sak.status, sak.status_endret) == ("avsluttet", date(2026, 6, 1))
    with pytest.raises(Konflikt, match="allerede avsluttet"):
        saker.avslutt(session=okt, nummer="2026/1", dato=None, av="t")
    with pytest.raises(IkkeFunnet):
        saker.hent(session=okt, nummer="2026/9")


def test_nummerering_er_en_teller_for_en_og_for_mange(okt: Any) -> None:
    teller = nummerering.sak_teller(2030)
    assert nummerering.reserver(session=okt, teller=teller) == 1
    assert nummerering.reserver(session=okt, teller=teller, antall=5) == 2
    assert nummerering.reserver(session=okt, teller=teller) == 7
    nummerering.minst(session=okt, teller=teller, verdi=3)  # never lowers
    assert nummerering.verdi_av(session=okt, teller=teller) == 7
    nummerering.minst(session=okt, teller=teller, verdi=100)
    assert nummerering.reserver(session=okt, teller=teller) == 101
    nummerering.minst(session=okt, teller="avtale", verdi=2**31 - 2)
    assert nummerering.reserver(session=okt, teller="avtale") == 2**31 - 1
    with pytest.raises(Ugyldig, match="Avtale-id-ene er brukt opp"):
        nummerering.reserver(session=okt, teller="avtale")


def test_hull_er_data(okt: Any) -> None:
    rader = [(2, {"saksnummer": f"2026/{n}", **SAK, "tittel": f"S{n}"}) for n in (1, 2, 5, 9)]
    advarsler: list[Any] = []
    resultat = sakimport.importer(
        session=okt,
        rader=rader,
        konflikt=Konfliktmodus.feil,
        av="t",
        kilde="f",
        advarsler=advarsler,
    )
    assert resultat.nye == 4
    assert advarsler == [Hull(2026, ((3, 4), (6, 8)), False, 5, 10)]


def test_importen_er_alt_eller_ingenting_med_alle_feil(okt: Any) -> None:
    rader = [
        (2, {**SAK, "tittel": "God"}),
        (3, {**SAK, "departement": "QQ"}),
        (4, {**SAK, "oppmeldt": "1800"}),
    ]
    with pytest.raises(Valideringsfeil) as feil:
        sakimport.importer(
            session=okt,
            rader=rader,
            konflikt=Konfliktmodus.feil,
            av="t",
            kilde="f.csv",
            advarsler=[],
        )
    assert [linje.split(":")[1] for linje in feil.value.linjer] == ["3", "4"]
    assert list(saker.liste(session=okt)) == []


def test_importens_advarsler_har_linjen(okt: Any) -> None:
    advarsler: list[Any] = []
    sakimport.importer(
        session=okt,
        rader=[(7, {**SAK, "departement": "DFD", "oppmeldt": "2020"})],
        konflikt=Konfliktmodus.feil,
        av="t",
        kilde="f.csv",
        advarsler=advarsler,
    )
    assert advarsler == [
        IFil(
            "f.csv",
            7,
            UtenforAr("DFD", "Digitaliserings- og forvaltningsdepartementet", 2020, 2024, None),
        )
    ]


def _avtale(okt: Any, **felt: Any) -> str:
    data = valider(AvtaleCreate, {**AVTALE, **felt})
    return avtaler.ny_avtale(session=okt, data=data, av="t", advarsler=[]).id


def test_dagreglene_pa_avslutningsdagen(okt: Any) -> None:
    # Closed on 01.06.2025, its last day (issue 11): in force and in the appendix that
    # day, neither the next (closed *before* a day is what leaves both).
    a = _avtale(okt)
    avtaler.endre(
        session=okt,
        handle=a,
        endring=AvtaleUpdate(status="avsluttet"),
        av="t",
        advarsler=[],
        status_dato=date(2025, 6, 1),
    )

    def i_kraft(dag: date) -> bool:
        return [
            x.id
            for x in avtaleliste.liste(
                session=okt, filter=avtaleliste.Avtalefilter(gjeldende_per=dag)
            )
        ] == [a]

    def i_vedlegg(dag: date) -> bool:
        return [x.id for x in utvalg.avtaler_for_vedlegg(session=okt, per=dag).avtaler] == [a]

    assert i_kraft(date(2025, 6, 1)) and not i_kraft(date(2025, 6, 2))
    assert i_vedlegg(date(2025, 6, 1)) and not i_vedlegg(date(2025, 6, 2))


def test_vedlegg_c_gir_de_utlopte_som_data(okt: Any) -> None:
    _avtale(okt, utloper=date(2026, 4, 29))
    b = _avtale(okt, tittel="Gjelder", utloper=date(2026, 4, 30))
    c = utvalg.avtaler_for_vedlegg(session=okt, per=date(2026, 4, 30))
    assert c.utlopte == [
        Utlopt("A1", "NAV-avtalen", date(2026, 4, 29), "pagaende", date(2026, 4, 30))
    ]
    bare = utvalg.avtaler_for_vedlegg(session=okt, per=date(2026, 4, 30), bare_gjeldende=True)
    assert [x.id for x in bare.avtaler] == [b]


def test_forny_to_ganger(okt: Any) -> None:
    a = _avtale(okt)
    ny, gammel = serier.forny(
        session=okt,
        handle=a,
        endring=AvtaleUpdate(inngatt=date(2027, 1, 1)),
        av="t",
        advarsler=[],
    )
    assert (ny.id, ny.fornyer, gammel) == ("A2", "A1", "A1")
    with pytest.raises(Konflikt, match="allerede fornyet av A2"):
        serier.forny(
            session=okt,
            handle=a,
            endring=AvtaleUpdate(inngatt=date(2027, 2, 1)),
            av="t",
            advarsler=[],
        )
