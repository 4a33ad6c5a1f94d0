"""Issue 11 in the register and the rules, without the CLI: the row check knows the
columns of the file, the import reports each row (`Post`) and a stale row as a conflict
with who and when, and `avtaler.endre` returns only the warnings its change gives."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from konsreg.errors import Valideringsfeil
from konsreg.models import AvtaleCreate, AvtaleUpdate, SakCreate, SakUpdate, valider
from konsreg.register import avtaler, historikk, saker
from konsreg.register.departementer import last_departementer
from konsreg.register.importer import saker as sakimport
from konsreg.register.importer.pipeline import Post
from konsreg.regler import sak as sakregler
from konsreg.regler.advarsler import UtenforAr
from konsreg.regler.begreper import Konfliktmodus

SAK = {"type": "kostnad", "departement": "HOD", "tittel": "E-helse", "meldt_inn_av": "KS"}
FOR = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
ETTER = datetime(2026, 11, 15, 10, 2, tzinfo=UTC)


def test_radsjekken_vet_hvilke_kolonner_filen_har(okt: Any) -> None:
    deps = last_departementer(session=okt)
    idag = date(2026, 5, 1)
    rad = sakregler.sjekk_rad(
        2, {"saksnummer": "2026/1", "status": "avsluttet"}, deps=deps, idag=idag
    )
    assert rad.kolonner == {"saksnummer", "status"}
    assert rad.feil_for(ny=False) == []
    assert rad.feil_for(ny=True) == [
        "type: mangler",
        "departement: mangler",
        "tittel: mangler",
        "meldt_inn_av: mangler",
        # A new closed case needs its date; one the register has is closed as `sak endre`
        # closes it.
        "status_endret: en avsluttet sak trenger status_endret (datoen den ble avsluttet)",
    ]
    # An empty cell in a column the file has is no missing column: refused either way.
    rad = sakregler.sjekk_rad(2, {"saksnummer": "2026/1", "tittel": None}, deps=deps, idag=idag)
    assert "tittel: mangler" in rad.feil_for(ny=False)
    assert rad.endrer("status", kan_tommes=False) is False


def _importer(okt: Any, rader: list[tuple[int, dict[str, Any]]], **valg: Any) -> list[Post]:
    poster: list[Post] = []
    sakimport.importer(
        session=okt,
        rader=rader,
        konflikt=valg.pop("konflikt", Konfliktmodus.oppdater),
        av="importør",
        kilde="f.csv",
        advarsler=valg.pop("advarsler", []),
        poster=poster.append,
    )
    return poster


def test_importen_melder_hver_post(okt: Any) -> None:
    for tittel in ("E-helse", "Uendret"):
        data = valider(SakCreate, {**SAK, "tittel": tittel, "oppmeldt": 2026})
        saker.ny_sak(session=okt, data=data, av="t", advarsler=[])
    poster = _importer(
        okt,
        [
            (3, {"saksnummer": "2026/1", "beskrivelse": "Ny"}),
            (2, {**SAK, "tittel": "Ny sak", "oppmeldt": "2026"}),
            (4, {"saksnummer": "2026/2", "tittel": "Uendret"}),
        ],
        konflikt=Konfliktmodus.overskriv,
    )
    assert poster == [
        Post(2, "ny", "saksnummer", "2026/3"),
        Post(3, "oppdatert", "saksnummer", "2026/1", {"beskrivelse": (None, "Ny")}),
        Post(4, "uendret", "saksnummer", "2026/2"),
    ]


def test_foreldet_rad_er_konflikt_med_hvem_og_naar(okt: Any) -> None:
    data = valider(SakCreate, {**SAK, "oppmeldt": 2026})
    saker.ny_sak(session=okt, data=data, av="kari", advarsler=[], tidspunkt=FOR)
    sak, _ = saker.endre(
        session=okt,
        nummer="2026/1",
        endring=SakUpdate(status="pagaende"),
        av="ola",
        advarsler=[],
        tidspunkt=ETTER,
    )
    assert sak.endret == ETTER
    id_ = saker.hent(session=okt, nummer="2026/1").id
    assert id_ is not None
    assert historikk.sist_endret(session=okt, entitet="sak", ider=[id_]) == {id_: ("ola", ETTER)}
    rad = {"saksnummer": "2026/1", "tittel": "Ny", "endret": FOR.isoformat()}
    with pytest.raises(Valideringsfeil) as feil:
        _importer(okt, [(7, rad)])
    assert feil.value.linjer[0].startswith("f.csv:7: sak 2026/1 er endret av ola 15.11.2026")
    assert feil.value.grunner == {0: "endret"}
    assert _importer(okt, [(7, rad)], konflikt=Konfliktmodus.overskriv)[0].handling == "oppdatert"


def test_avtale_endre_gir_bare_advarslene_endringen_gir(okt: Any) -> None:
    advarsler: list[Any] = []
    data = {
        "tittel": "Digitalisering",
        "kategori": "samhandling",
        "parter": ["DFD", "KS"],
        "inngatt": date(2020, 9, 14),
    }
    avtaler.ny_avtale(session=okt, data=valider(AvtaleCreate, data), av="t", advarsler=advarsler)
    dfd = UtenforAr("DFD", "Digitaliserings- og forvaltningsdepartementet", 2020, 2024, None)
    assert advarsler == [dfd]
    advarsler = []
    avtaler.endre(
        session=okt,
        handle="A1",
        endring=AvtaleUpdate(status="avsluttet"),
        av="t",
        advarsler=advarsler,
    )
    assert advarsler == []
    avtaler.endre(
        session=okt,
        handle="A1",
        endring=AvtaleUpdate(parter=["DFD", "KRD", "KS"]),
        av="t",
        advarsler=advarsler,
    )
    assert [a.kode for a in advarsler if isinstance(a, UtenforAr)] == ["KRD"]
