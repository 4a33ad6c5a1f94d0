"""Issue 11, items 6-10, in the register itself: the day rules by a closing date that is
a last day, gyldig fra and months in force, renewals that close on the right day,
closing, links of a series (also from an import under `oppdater`), and status dates."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest

from konsreg.errors import IkkeFunnet, Konflikt, Ugyldig, Valideringsfeil
from konsreg.models import AvtaleCreate, AvtaleUpdate, SakCreate, SakUpdate, valider
from konsreg.register import avtaleliste, avtaler, saker, serier, utvalg
from konsreg.register.importer import avtaler as avtaleimport
from konsreg.register.importer import saker as sakimport
from konsreg.regler.begreper import Konfliktmodus
from konsreg.regler.datoer import Manedsdato

TID = datetime(2026, 4, 30, 10, 15, tzinfo=UTC)
AVTALE = {
    "tittel": "Samarbeidsavtale om mottak og bosetting av flyktninger",
    "kategori": "samhandling",
    "parter": ["AID", "KS"],
    "inngatt": date(2022, 3, 11),
    "utloper": date(2025, 12, 31),
    "forste_avtale": 2004,
}
SAK = {
    "type": "lov",
    "departement": "KDD",
    "tittel": "Kommuneloven",
    "oppmeldt": 2020,
    "meldt_inn_av": "KS",
}


def _avtale(okt: Any, status_dato: date | None = None, **felt: Any) -> str:
    data = valider(AvtaleCreate, {**AVTALE, **felt})
    return avtaler.ny_avtale(
        session=okt, data=data, av="t", advarsler=[], tidspunkt=TID, status_dato=status_dato
    ).id


def _i_kraft(okt: Any, dag: date) -> list[str]:
    filter_ = avtaleliste.Avtalefilter(gjeldende_per=dag)
    return [a.id for a in avtaleliste.liste(session=okt, filter=filter_)]


def _i_vedlegg(okt: Any, dag: date) -> list[str]:
    return [a.id for a in utvalg.avtaler_for_vedlegg(session=okt, per=dag).avtaler]


def _forny(okt: Any, handle: str, **felt: Any) -> tuple[Any, str]:
    return serier.forny(
        session=okt,
        handle=handle,
        endring=AvtaleUpdate(**felt),
        av="t",
        advarsler=[],
        tidspunkt=TID,
    )


# -- item 6: the closing date is a last day; forny closes on the right one --------------------


def test_avslutningsdatoen_er_siste_dag_i_begge_dagreglene(okt: Any) -> None:
    a = _avtale(okt, utloper=None, status="avsluttet", status_dato=date(2025, 6, 1))
    for dag, med in ((date(2025, 6, 1), [a]), (date(2025, 6, 2), [])):
        assert (_i_kraft(okt, dag), _i_vedlegg(okt, dag)) == (med, med), dag


def test_forny_lukker_den_gamle_pa_dens_utlopsdato(okt: Any) -> None:
    a3 = _avtale(okt)
    ny, _ = _forny(okt, a3, inngatt=date(2026, 3, 6), utloper=date(2029, 12, 31))
    assert avtaler.public(
        session=okt, avtale=avtaler.hent(session=okt, handle=a3)
    ).status_endret == (date(2025, 12, 31))
    # As of January 2026 the old one is gone without a warning, the new not yet signed.
    c = utvalg.avtaler_for_vedlegg(session=okt, per=date(2026, 1, 31))
    assert (c.avtaler, c.utlopte) == ([], [])
    assert _i_kraft(okt, date(2026, 3, 6)) == [ny.id]


def test_forny_lukker_en_lopende_avtale_dagen_for_den_nye_gjelder(okt: Any) -> None:
    a = _avtale(okt, utloper=date(2026, 12, 31))
    ny, _ = _forny(okt, a, inngatt=date(2026, 3, 6), gyldig_fra=date(2026, 2, 1))
    gammel = avtaler.vis(session=okt, handle=a)[0]
    assert (gammel.status, gammel.status_endret) == ("avsluttet", date(2026, 1, 31))
    for dag, ventet in ((date(2026, 1, 31), [a]), (date(2026, 2, 1), [ny.id])):
        assert _i_kraft(okt, dag) == ventet
        assert _i_vedlegg(okt, dag) == ventet
    b = _avtale(okt, tittel="Uten gyldig fra", utloper=None)
    _forny(okt, b, inngatt=Manedsdato(2026, 3))
    assert avtaler.vis(session=okt, handle=b)[0].status_endret == date(2026, 2, 28)


def test_forny_som_ikke_begynner_etter_den_gamle_avvises(okt: Any) -> None:
    a = _avtale(okt)
    for felt in (
        {"inngatt": date(2022, 3, 11)},
        {"inngatt": date(2026, 3, 6), "gyldig_fra": date(2022, 3, 10)},
    ):
        with pytest.raises(Ugyldig, match="den nye må begynne å gjelde senere"):
            _forny(okt, a, **felt)
    assert avtaler.vis(session=okt, handle=a)[0].status == "pagaende"


# -- item 7: closing dates are facts ----------------------------------------------------------


def test_ny_avsluttet_avtale_far_datoen_eller_en_passert_utlopsdato(okt: Any) -> None:
    a = _avtale(okt, status="avsluttet", status_dato=date(2023, 6, 30))
    b = _avtale(okt, tittel="Gammel", status="avsluttet")
    c = _avtale(okt, tittel="Løper", status="avsluttet", utloper=date(2029, 12, 31))
    d = _avtale(okt, tittel="Ny", status="ny")
    datoer = {x.id: x.status_endret for x in avtaleliste.liste(session=okt)}
    assert datoer == {
        a: date(2023, 6, 30),
        b: date(2025, 12, 31),
        c: TID.date(),
        d: TID.date(),
    }


def test_ny_avsluttet_sak_far_datoen(okt: Any) -> None:
    data = valider(SakCreate, {**SAK, "status": "avsluttet"})
    sak = saker.ny_sak(session=okt, data=data, av="t", advarsler=[], status_dato=date(2020, 6, 1))
    assert sak.status_endret == date(2020, 6, 1)
    assert [s.saksnummer for s in saker.liste(session=okt, filter=saker.Saksfilter(ar=2021))] == []


def test_dato_alene_retter_statusdatoen(okt: Any) -> None:
    a = _avtale(okt, status="avsluttet", status_dato=date(2026, 3, 6))
    post, endret = avtaler.endre(
        session=okt,
        handle=a,
        endring=AvtaleUpdate(),
        av="t",
        advarsler=[],
        status_dato=date(2025, 12, 31),
    )
    assert (endret, post.status_endret) == (["status_endret"], date(2025, 12, 31))
    assert [(h.felt, h.gammel, h.ny) for h in avtaler.vis(session=okt, handle=a)[1]][-1] == (
        "status_endret",
        "2026-03-06",
        "2025-12-31",
    )
    data = valider(SakCreate, SAK)
    saker.ny_sak(session=okt, data=data, av="t", advarsler=[], tidspunkt=TID)
    sak, endret = saker.endre(
        session=okt,
        nummer="2020/1",
        endring=SakUpdate(),
        av="t",
        advarsler=[],
        status_dato=date(2020, 2, 1),
    )
    assert (endret, sak.status_endret) == (["status_endret"], date(2020, 2, 1))


# -- item 8: avslutt, links, the series -------------------------------------------------------


def test_avslutt(okt: Any) -> None:
    a = _avtale(okt)
    b = _avtale(okt, tittel="Løper", utloper=date(2029, 12, 31))
    c = _avtale(okt, tittel="Med dato", utloper=None)
    ut = [
        avtaler.avslutt(session=okt, handle=h, dato=d, av="t", tidspunkt=TID)
        for h, d in ((a, None), (b, None), (c, date(2026, 1, 15)))
    ]
    assert [(x.status, x.status_endret) for x in ut] == [
        ("avsluttet", date(2025, 12, 31)),
        ("avsluttet", TID.date()),
        ("avsluttet", date(2026, 1, 15)),
    ]
    with pytest.raises(Konflikt, match=r"Avtale A1 er allerede avsluttet \(31.12.2025\)"):
        avtaler.avslutt(session=okt, handle=a, dato=None, av="t")
    with pytest.raises(IkkeFunnet):
        avtaler.avslutt(session=okt, handle="A99", dato=None, av="t")


def _lenk(okt: Any, handle: str, fornyer: str | None) -> list[str]:
    return avtaler.endre(
        session=okt, handle=handle, endring=AvtaleUpdate(fornyer=fornyer), av="t", advarsler=[]
    )[1]


def test_serien_lenkes_i_ettertid_og_vises_begge_veier(okt: Any) -> None:
    ar = (2014, 2016, 2018, 2022)
    h = [_avtale(okt, inngatt=date(a, 6, 1), utloper=date(a + 1, 12, 31)) for a in ar]
    ny, _ = _forny(okt, h[-1], inngatt=date(2026, 3, 6))
    for eldre, yngre in itertools.pairwise(h):
        assert _lenk(okt, yngre, eldre) == ["fornyer"]
    serie = [*h, ny.id]
    for x in serie:
        assert avtaler.vis(session=okt, handle=x)[3] == serie
    assert avtaler.vis(session=okt, handle=h[1])[2] == [h[2]]
    with pytest.raises(Ugyldig, match="kan ikke fornye seg selv"):
        _lenk(okt, h[0], h[0])
    with pytest.raises(Ugyldig, match="så serien ville gå i ring"):
        _lenk(okt, h[0], ny.id)
    with pytest.raises(IkkeFunnet):
        _lenk(okt, h[0], "A99")
    # Unlinked again: the series splits, and the history has both changes.
    assert _lenk(okt, h[2], None) == ["fornyer"]
    assert avtaler.vis(session=okt, handle=h[2])[3] == [h[2], h[3], ny.id]
    assert [(x.felt, x.gammel, x.ny) for x in avtaler.vis(session=okt, handle=h[2])[1][1:]] == [
        ("fornyer", None, h[1]),
        ("fornyer", h[1], None),
    ]


# A whole row for each of the agreements `_avtale` makes (a partial row is issue 11's
# item 2, not this branch's).
HEL = {
    "kategori": "samhandling",
    "parter": "AID og KS",
    "inngatt": "2022-03-11",
    "utloper": "2025-12-31",
    "forste_avtale": "2004",
    "status": "pagaende",
}
TITLER = {"A1": "En", "A2": "To", "A3": "Tre"}


def _importer(okt: Any, rader: list[dict[str, Any]], konflikt: str = "oppdater") -> Any:
    hele = [{**HEL, "tittel": TITLER.get(r.get("id", ""), "?"), **r} for r in rader]
    return avtaleimport.importer(
        session=okt,
        rader=list(enumerate(hele, start=2)),
        konflikt=Konfliktmodus(konflikt),
        av="fil",
        kilde="a.csv",
        advarsler=[],
    )


def test_import_under_oppdater_lenker_endrer_og_fjerner_fornyer(okt: Any) -> None:
    a, b, c = (_avtale(okt, tittel=t) for t in ("En", "To", "Tre"))
    assert _importer(okt, [{"id": c, "fornyer": b}, {"id": b, "fornyer": a}]).oppdatert == 2
    assert avtaler.vis(session=okt, handle=a)[3] == [a, b, c]
    assert _importer(okt, [{"id": c, "fornyer": a}]).oppdatert == 1
    assert (
        _importer(okt, [{"id": b, "fornyer": ""}, {"id": c, "fornyer": a}]).som_dict()["uendret"]
        == 1
    )
    assert avtaler.vis(session=okt, handle=b)[0].fornyer is None
    hist = [(x.felt, x.gammel, x.ny, x.av) for x in avtaler.vis(session=okt, handle=c)[1][1:]]
    assert hist == [("fornyer", None, b, "fil"), ("fornyer", b, a, "fil")]


@pytest.mark.parametrize(
    ("rader", "melding"),
    [
        ([{"id": "A1", "fornyer": "A2"}, {"id": "A2", "fornyer": "A1"}], "ville gå i ring"),
        ([{"id": "A1", "fornyer": "A1"}], "kan ikke fornye seg selv"),
        ([{"id": "A2", "fornyer": "A9"}], "finner ingen avtale A9"),
    ],
)
def test_import_avviser_ring_og_lenke_til_seg_selv(
    okt: Any, rader: list[dict[str, Any]], melding: str
) -> None:
    _avtale(okt, tittel="En")
    _avtale(okt, tittel="To")
    with pytest.raises(Valideringsfeil) as feil:
        _importer(okt, rader)
    assert melding in feil.value.linjer[0]


def test_import_av_avsluttet_uten_dato(okt: Any) -> None:
    grunn = {"inngatt": "2006-01-01", "utloper": "", "status": "ny"}
    _importer(
        okt,
        [
            {**grunn, "tittel": "Utløpt", "status": "avsluttet", "utloper": "2008-12-31"},
            {**grunn, "tittel": "Med dato", "status": "avsluttet", "status_endret": "2007-05-01"},
        ],
        "feil",
    )
    assert [a.status_endret for a in avtaleliste.liste(session=okt)] == [
        date(2008, 12, 31),
        date(2007, 5, 1),
    ]
    # An update that closes one without a date: its utløper too (not today).
    _importer(okt, [{**grunn, "id": "A3", "tittel": "Løpende", "utloper": "2010-12-31"}], "feil")
    _importer(
        okt,
        [
            {
                **grunn,
                "id": "A3",
                "tittel": "Løpende",
                "utloper": "2010-12-31",
                "status": "avsluttet",
            }
        ],
    )
    assert avtaler.vis(session=okt, handle="A3")[0].status_endret == date(2010, 12, 31)
    with pytest.raises(Valideringsfeil) as feil:
        _importer(okt, [{**grunn, "tittel": "Uten", "status": "avsluttet"}], "feil")
    assert feil.value.linjer == [
        "a.csv:2: status_endret: en avsluttet avtale trenger status_endret (dagen den sluttet "
        "å gjelde) eller utloper"
    ]


def test_import_av_avsluttet_sak_uten_dato_er_en_feil(okt: Any) -> None:
    with pytest.raises(Valideringsfeil) as feil:
        sakimport.importer(
            session=okt,
            rader=[(2, {**SAK, "status": "avsluttet"}), (3, {**SAK, "tittel": "Åpen"})],
            konflikt=Konfliktmodus.feil,
            av="t",
            kilde="s.csv",
            advarsler=[],
        )
    assert feil.value.linjer == [
        "s.csv:2: status_endret: en avsluttet sak trenger status_endret (datoen den ble avsluttet)"
    ]
    assert list(saker.liste(session=okt)) == []


# -- items 9 and 10: gyldig fra and months, in force ------------------------------------------


def test_gyldig_fra_avgjor_om_den_er_i_kraft(okt: Any) -> None:
    a = _avtale(
        okt, inngatt=date(2026, 3, 6), gyldig_fra=date(2026, 1, 1), utloper=date(2029, 12, 31)
    )
    assert (_i_kraft(okt, date(2025, 12, 31)), _i_kraft(okt, date(2026, 1, 1))) == ([], [a])
    assert (_i_vedlegg(okt, date(2025, 12, 31)), _i_vedlegg(okt, date(2026, 1, 1))) == ([], [a])
    linje = utvalg.avtaler_for_vedlegg(session=okt, per=date(2026, 1, 1)).avtaler[0]
    assert (linje.inngatt, linje.gyldig_fra) == (date(2026, 3, 6), date(2026, 1, 1))
    # Later than it was signed, too.
    b = _avtale(okt, tittel="Senere", inngatt=date(2024, 6, 1), gyldig_fra=date(2024, 9, 1))
    assert b not in _i_kraft(okt, date(2024, 8, 31)) and b in _i_kraft(okt, date(2024, 9, 1))


def test_en_maned_er_i_kraft_fra_den_forste_dagen(okt: Any) -> None:
    a = _avtale(okt, tittel="Tilleggsavtalen", inngatt=Manedsdato(2024, 6), utloper=None)
    assert _i_kraft(okt, date(2024, 5, 31)) == []
    assert _i_kraft(okt, date(2024, 6, 1)) == [a]
    avtale = avtaler.vis(session=okt, handle=a)[0]
    assert avtale.inngatt == Manedsdato(2024, 6) and type(avtale.inngatt) is Manedsdato
    # From the day to the month is a change of its own, with its history.
    b = _avtale(okt, tittel="Dag", inngatt=date(2024, 6, 1), utloper=None)
    _, endret = avtaler.endre(
        session=okt,
        handle=b,
        endring=AvtaleUpdate(inngatt=Manedsdato(2024, 6)),
        av="t",
        advarsler=[],
    )
    assert endret == ["inngatt"]
    assert [(h.felt, h.gammel, h.ny) for h in avtaler.vis(session=okt, handle=b)[1]][-1] == (
        "inngatt",
        "2024-06-01",
        "2024-06",
    )
    # Found again by its content key as a month, not as the day.
    assert avtaler.finn_etter_innhold(session=okt, tittel="Dag", inngatt=date(2024, 6, 1)) is None
    assert avtaler.finn_etter_innhold(session=okt, tittel="Dag", inngatt=Manedsdato(2024, 6)) == b
