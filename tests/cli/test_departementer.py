"""Ministries looked up by code and year, parties as printed, and `konsreg departementer`."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konsreg.errors import Ugyldig
from konsreg.regler.departementer import Dep, Departementer, les_parter, skriv_parter
from tests.conftest import Kjor
from tests.hjelp import (
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    ok,
    sak_args,
    saker_json,
)

# The 16 ministries of 2026 ("Det er i dag 16 departementer, i tillegg til
# statsministerens kontor"), by the codes the register uses.
DEPARTEMENTER_2026 = {
    "AID": "Arbeids- og inkluderingsdepartementet",
    "BFD": "Barne- og familiedepartementet",
    "DFD": "Digitaliserings- og forvaltningsdepartementet",
    "ED": "Energidepartementet",
    "FD": "Forsvarsdepartementet",
    "FIN": "Finansdepartementet",
    "HOD": "Helse- og omsorgsdepartementet",
    "JD": "Justis- og beredskapsdepartementet",
    "KD": "Kunnskapsdepartementet",
    "KDD": "Kommunal- og distriktsdepartementet",
    "KLD": "Klima- og miljødepartementet",
    "KUD": "Kultur- og likestillingsdepartementet",
    "LMD": "Landbruks- og matdepartementet",
    "NFD": "Nærings- og fiskeridepartementet",
    "SD": "Samferdselsdepartementet",
    "UD": "Utenriksdepartementet",
}


def _pakkedata() -> list[dict[str, str]]:
    tekst = resources.files("konsreg").joinpath("data/departementer.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(tekst)))


def _deps() -> Departementer:
    return Departementer(
        Dep(
            r["kode"].strip(),
            r["navn"].strip(),
            int(r["fra_ar"]) if r["fra_ar"].strip() else None,
            int(r["til_ar"]) if r["til_ar"].strip() else None,
        )
        for r in _pakkedata()
    )


# -- lookup by code and year -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kode", "ar", "navn"),
    [
        ("KD", 2026, "Kunnskapsdepartementet"),
        ("KD", 2006, "Kunnskapsdepartementet"),
        ("KD", 1990, "Kirke- og kulturdepartementet"),
        ("KD", 1995, "Kulturdepartementet"),
        ("KD", 1985, "Kultur- og vitenskapsdepartementet"),
        ("AID", 2026, "Arbeids- og inkluderingsdepartementet"),
        ("AID", 2008, "Arbeids- og inkluderingsdepartementet"),
        ("ASD", 2015, "Arbeids- og sosialdepartementet"),
        ("BFD", 2000, "Barne- og familiedepartementet"),
        ("BLD", 2012, "Barne-, likestillings- og inkluderingsdepartementet"),
        ("BLD", 2007, "Barne- og likestillingsdepartementet"),
        ("JD", 2000, "Justis- og politidepartementet"),
        ("JD", 2026, "Justis- og beredskapsdepartementet"),
        ("KUD", 2015, "Kulturdepartementet"),
        ("KUD", 2026, "Kultur- og likestillingsdepartementet"),
        ("FIN", 1950, "Finansdepartementet"),
        ("kd", 2026, "Kunnskapsdepartementet"),
        (" hod ", 2026, "Helse- og omsorgsdepartementet"),
    ],
)
def test_kode_slas_opp_med_aret(kode: str, ar: int, navn: str) -> None:
    advarsler: list[Any] = []
    dep = _deps().finn(kode, ar, advarsler)
    assert dep.navn == navn
    assert dep.kode == kode.strip().upper()
    assert advarsler == []


def test_kode_utenfor_sine_ar_godtas_med_advarsel() -> None:
    # The 2026 material lists a 2020 agreement as "DFD og KS"; DFD exists from 2024.
    from konsreg.render.meldinger import advarsel

    advarsler: list[Any] = []
    dep = _deps().finn("DFD", 2020, advarsler)
    assert dep.kode == "DFD"
    assert dep.navn == "Digitaliserings- og forvaltningsdepartementet"
    assert len(advarsler) == 1
    tekst = advarsel(advarsler[0])  # the register gives data; the CLI words it
    assert "DFD" in tekst
    assert "2020" in tekst
    assert "2024" in tekst


def test_kode_i_et_hull_mellom_to_departementer_gir_det_naermeste() -> None:
    # KD: Kulturdepartementet until 2001, Kunnskapsdepartementet from 2006.
    advarsler: list[Any] = []
    assert _deps().finn("KD", 2002, advarsler).navn == "Kulturdepartementet"
    assert _deps().finn("KD", 2005, advarsler).navn == "Kunnskapsdepartementet"
    assert len(advarsler) == 2


def test_ukjent_kode_er_feil_som_nevner_de_naermeste_kodene() -> None:
    with pytest.raises(Ugyldig) as info:
        _deps().finn("KDX", 2026)
    melding = info.value.melding
    assert melding.startswith("Ukjent departementskode «KDX».")
    forslag = melding.split("Mente du ", 1)[1].split("?", 1)[0]
    assert "KD" in forslag.split(" eller ")
    assert "konsreg departementer" in melding


def test_kode_ingen_ligner_gir_feil_uten_forslag() -> None:
    with pytest.raises(Ugyldig) as info:
        _deps().finn("QQQQQQ", 2026)
    assert "Mente du" not in info.value.melding
    assert "«QQQQQQ»" in info.value.melding


def test_pakkedata_har_de_16_departementene_i_2026() -> None:
    deps = _deps()
    gjeldende = {d.kode: d.navn for d in deps.alle if d.gjelder(2026)}
    assert gjeldende == DEPARTEMENTER_2026
    # The former ones that old records use are there too.
    for kode in ("KMD", "KRD", "ASD", "BLD", "FAD", "KUF", "UFD", "MD", "OED", "AAD"):
        assert deps.finnes(kode), kode


# -- parties ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdier", "parter"),
    [
        (["AID, JD, BFD, KDD og KS"], ["AID", "JD", "BFD", "KDD", "KS"]),
        (["AID, HOD, KDD, KUD, KD, SD og KS"], ["AID", "HOD", "KDD", "KUD", "KD", "SD", "KS"]),
        (["KD og KS"], ["KD", "KS"]),
        (["hod og ks"], ["HOD", "KS"]),
        (["HOD & KS"], ["HOD", "KS"]),
        (["HOD,KS"], ["HOD", "KS"]),
        (["KS", "HOD"], ["KS", "HOD"]),
        (["KD, HOD", "KS"], ["KD", "HOD", "KS"]),
        (["  KS  "], ["KS"]),
    ],
)
def test_les_parter_beholder_rekkefolgen(verdier: list[str], parter: list[str]) -> None:
    assert les_parter(verdier) == parter


@pytest.mark.parametrize(
    ("parter", "tekst"),
    [
        (["AID", "JD", "BFD", "KDD", "KS"], "AID, JD, BFD, KDD og KS"),
        (["KD", "HOD", "KS"], "KD, HOD og KS"),
        (["HOD", "KS"], "HOD og KS"),
        (["KS"], "KS"),
        ([], ""),
    ],
)
def test_skriv_parter_som_i_materialet(parter: list[str], tekst: str) -> None:
    assert skriv_parter(parter) == tekst


KODER = sorted({r["kode"] for r in _pakkedata()} | {"KS"})


@given(st.lists(st.sampled_from(KODER), min_size=1, max_size=8, unique=True))
def test_parter_skrevet_og_lest_igjen_er_de_samme(parter: list[str]) -> None:
    assert les_parter([skriv_parter(parter)]) == parter


# -- the command -----------------------------------------------------------------------


def test_departementer_i_2026_er_de_16(kjor: Kjor) -> None:
    rader = json.loads(ok(kjor("departementer", "--ar", "2026", "--format", "json")).stdout)
    assert {r["kode"]: r["navn"] for r in rader} == DEPARTEMENTER_2026
    assert len(rader) == 16
    # Statsministerens kontor is not a ministry.
    assert "SMK" not in {r["kode"] for r in rader}


def test_departementer_lister_ogsa_de_tidligere(kjor: Kjor) -> None:
    rader = json.loads(ok(kjor("departementer", "--format", "json")).stdout)
    assert len(rader) == len(_pakkedata())
    kd = [(r["navn"], r["fra_ar"], r["til_ar"]) for r in rader if r["kode"] == "KD"]
    assert sorted(kd, key=lambda x: x[1]) == [
        ("Kultur- og vitenskapsdepartementet", 1982, 1989),
        ("Kirke- og kulturdepartementet", 1990, 1990),
        ("Kulturdepartementet", 1991, 2001),
        ("Kunnskapsdepartementet", 2006, None),
    ]
    # Current ministries first, then the former ones.
    forste_tidligere = next(i for i, r in enumerate(rader) if r["til_ar"] is not None)
    assert all(r["til_ar"] is not None for r in rader[forste_tidligere:])
    assert set(rader[0]) == {"kode", "navn", "fra_ar", "til_ar", "merknad"}


def test_departementer_ett_ar_gir_navnet_det_aret(kjor: Kjor) -> None:
    rader = json.loads(ok(kjor("departementer", "--år", "1990", "--format", "json")).stdout)
    koder = {r["kode"]: r["navn"] for r in rader}
    assert koder["KD"] == "Kirke- og kulturdepartementet"
    assert "DFD" not in koder
    assert "HOD" not in koder


def test_departementer_tsv_og_tabell(kjor: Kjor) -> None:
    tsv = ok(kjor("departementer", "--ar", "2026")).stdout.splitlines()
    assert tsv[0] == "kode\tnavn\tfra_ar\ttil_ar\tmerknad"
    assert tsv[1].startswith("AID\tArbeids- og inkluderingsdepartementet\t2022\t\t")
    assert len(tsv) == 17
    tabell = ok(kjor("departementer", "--ar", "2026", "--format", "table")).stdout
    assert "Kunnskapsdepartementet" in tabell
    assert "Kode" in tabell and "Navn" in tabell
    md = ok(kjor("departementer", "--ar", "2026", "--format", "markdown")).stdout.splitlines()
    assert md[0] == "| Kode | Navn | Fra | Til |"
    assert md[2] == "| AID | Arbeids- og inkluderingsdepartementet | 2022 |  |"


def test_departementer_ugyldig_ar(kjor: Kjor) -> None:
    feil(kjor("departementer", "--ar", "26"), 1, "«26»", "--ar")


def test_sak_med_kode_utenfor_sine_ar_gir_advarsel_men_lagres(kjor: Kjor) -> None:
    r = ok(kjor("sak", "ny", *sak_args(departement="DFD", oppmeldt="2020"), "-q"))
    assert r.stdout == "2020/1\n"
    assert r.stderr.startswith("Advarsel: DFD")
    assert "2020" in r.stderr
    assert saker_json(kjor)[0]["departement"] == "DFD"


def test_sak_med_gammel_kode_i_sitt_ar_gir_ingen_advarsel(kjor: Kjor) -> None:
    r = ok(kjor("sak", "ny", *sak_args(departement="KD", oppmeldt="1990"), "-q"))
    assert r.stderr == ""
    r = ok(kjor("sak", "ny", *sak_args(departement="KMD", oppmeldt="2026"), "-q"))
    assert "Advarsel: KMD" in r.stderr
    assert "2014–2021" in r.stderr


def test_sak_med_ukjent_kode_naevner_naermeste(kjor: Kjor) -> None:
    linje = feil(kjor("sak", "ny", *sak_args(departement="HDO")), 1, "«HDO»", "Mente du")
    assert "HOD" in linje
    assert saker_json(kjor) == []
