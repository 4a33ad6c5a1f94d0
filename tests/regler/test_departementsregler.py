"""The rules of issue 11's ministry items, without a register: successors (which code an
appendix shows, which records a filter finds), full names wherever a code goes, parties
as printed with names in them, and the sanity warnings of cases and agreements."""

from __future__ import annotations

import csv
import io
from datetime import date
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from konsreg.errors import Ugyldig
from konsreg.regler import avtale, felt, sak
from konsreg.regler.advarsler import LangtFram, TidligAvsluttet, UtenforAr, UtenKS
from konsreg.regler.departementer import (
    Dep,
    Departementer,
    Overgang,
    Vist,
    les_parter,
    skriv_parter,
)
from konsreg.render.meldinger import advarsel


def _csv(navn: str) -> list[dict[str, str]]:
    tekst = resources.files("konsreg").joinpath(f"data/{navn}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(tekst)))


def _ar(tekst: str) -> int | None:
    return int(tekst) if tekst.strip() else None


DEPS = Departementer(
    (
        Dep(r["kode"], r["navn"], _ar(r["fra_ar"]), _ar(r["til_ar"]))
        for r in _csv("departementer.csv")
    ),
    (
        Overgang(r["forgjenger"], r["etterfolger"], int(r["fra_ar"]), r["omfang"] == "hel")
        for r in _csv("etterfolgere.csv")
    ),
)


# -- successors: the code an appendix of a year shows -------------------------------------


@pytest.mark.parametrize(
    ("kode", "ar", "i_ar", "vist"),
    [
        ("KMD", 2018, 2026, "KDD"),  # the case
        ("KMD", 2018, 2021, "KMD"),  # before the hand-over, its own name
        ("KMD", 2026, 2026, "KDD"),  # typed after its years (warned): its last ministry's
        ("KRD", 2010, 2026, "KDD"),  # KRD → KMD → KDD
        ("KRD", 2010, 2015, "KMD"),
        ("KRD", 2003, 2026, "KDD"),  # the part that went to AID in 2006 is not the name
        ("BLD", 2012, 2026, "BFD"),
        ("BFD", 2000, 2010, "BLD"),  # BFD → BLD (2006) → BFD (2019): the same code again
        ("BFD", 2000, 2026, "BFD"),
        ("BFD", 2020, 2026, "BFD"),
        ("ASD", 2015, 2026, "AID"),
        ("ASD", 2005, 2026, "AID"),
        ("AD", 2012, 2026, "AID"),  # AD → ASD (2014) → AID (2022)
        ("OED", 2020, 2026, "ED"),
        ("KD", 1995, 2026, "KUD"),  # Kulturdepartementet → KKD → KUD
        ("KD", 2010, 2026, "KD"),  # Kunnskapsdepartementet: the code is reused
        ("UFD", 2004, 2026, "KD"),
        ("MD", 2010, 2026, "KLD"),
        ("NHD", 2010, 2026, "NFD"),
        ("HOD", 2010, 2026, "HOD"),
        ("KS", 2010, 2026, "KS"),
    ],
)
def test_vist_kode_folger_hele_overganger(kode: str, ar: int, i_ar: int, vist: str) -> None:
    assert DEPS.vist_kode(kode, ar, i_ar) == vist


def test_vist_gir_begge_navnene_og_ingenting_uten_overgang() -> None:
    assert DEPS.vist("KMD", 2018, 2026) == Vist(
        "KMD",
        "Kommunal- og moderniseringsdepartementet",
        "KDD",
        "Kommunal- og distriktsdepartementet",
    )
    assert DEPS.vist("KDD", 2023, 2026) is None
    assert DEPS.vist("KMD", 2018, 2020) is None


@pytest.mark.parametrize(
    ("filter_", "kode", "ar", "ventet"),
    [
        ("KDD", "KMD", 2018, True),
        ("KDD", "KRD", 2010, True),
        ("KDD", "KDD", 2023, True),
        ("KMD", "KDD", 2023, False),  # a successor is no predecessor
        ("DFD", "KMD", 2018, True),  # a part went over (a judgement, see its merknad)
        ("DFD", "KDD", 2023, False),  # KDD goes on; its records are its own
        ("BLD", "BFD", 2000, True),  # BFD before 2006 became BLD
        ("BLD", "BFD", 2020, False),  # BFD since 2019 came after BLD
        ("BFD", "BLD", 2012, True),
        ("AID", "ASD", 2015, True),
        ("AID", "KRD", 2003, True),  # part of KRD went to AID in 2006
        ("AID", "KRD", 2010, False),
        ("KUD", "KD", 1995, True),
        ("KUD", "KD", 2010, False),
        ("ED", "OED", 2020, True),
    ],
)
def test_horer_til_folger_overgangene_i_tid(filter_: str, kode: str, ar: int, ventet: bool) -> None:
    assert DEPS.horer_til(filter_, kode, ar) is ventet


def test_forgjengere_er_en_sil_som_tar_med_alle() -> None:
    assert {"KDD", "KMD", "KRD", "FAD", "MD", "KKD"} <= DEPS.forgjengere("KDD")
    assert "DFD" not in DEPS.forgjengere("KDD")
    assert DEPS.forgjengere("HOD") == {"HOD"}


def test_overgangene_stemmer_med_departementenes_ar() -> None:
    """Each whole hand-over ends a ministry and starts its successor in that year; every
    code is known; at most one whole successor per ministry and year."""
    rader = _csv("etterfolgere.csv")
    hele = [r for r in rader if r["omfang"] == "hel"]
    assert len({(r["forgjenger"], r["fra_ar"]) for r in hele}) == len(hele)
    for r in rader:
        assert DEPS.finnes(r["forgjenger"]) and DEPS.finnes(r["etterfolger"]), r
        assert r["omfang"] in ("hel", "del")
        assert r["merknad"].strip(), r
        assert "[S" in r["merknad"], f"merknaden mangler kilde: {r}"
    for r in hele:
        ar = int(r["fra_ar"])
        slutt = [d.til_ar for d in DEPS.alle if d.kode == r["forgjenger"]]
        start = [d.fra_ar for d in DEPS.alle if d.kode == r["etterfolger"]]
        assert ar - 1 in slutt or ar in slutt, r
        assert ar in start, r
    # The ones the issue names.
    par = {(r["forgjenger"], r["etterfolger"], r["omfang"]) for r in rader}
    for ventet in [
        ("KRD", "KMD", "hel"),
        ("KMD", "KDD", "hel"),
        ("BLD", "BFD", "hel"),
        ("ASD", "AID", "hel"),
        ("OED", "ED", "hel"),
        ("KMD", "DFD", "del"),
    ]:
        assert ventet in par


# -- full names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verdi", "ar", "kode"),
    [
        ("Justis- og beredskapsdepartementet", 2026, "JD"),
        ("justis- og  BEREDSKAPSdepartementet ", 2026, "JD"),
        ("Helse- og omsorgsdepartementet", 2026, "HOD"),
        ("Barne-, likestillings- og inkluderingsdepartementet", 2012, "BLD"),
        ("Kulturdepartementet", 1995, "KD"),  # two codes have had the name: the year decides
        ("Kulturdepartementet", 2015, "KUD"),
        ("hod", 2026, "HOD"),
    ],
)
def test_fullt_navn_godtas_der_en_kode_gjor(verdi: str, ar: int, kode: str) -> None:
    advarsler: list[Any] = []
    assert felt.departementskode(DEPS, verdi, ar, advarsler) == kode
    assert advarsler == []
    assert felt.meldt_inn_av(DEPS, verdi, ar, advarsler) == kode


def test_navn_utenfor_sine_ar_gir_advarsel_som_en_kode() -> None:
    advarsler: list[Any] = []
    kode = felt.departementskode(DEPS, "Kommunal- og moderniseringsdepartementet", 2026, advarsler)
    assert kode == "KMD"
    assert advarsler == [
        UtenforAr("KMD", "Kommunal- og moderniseringsdepartementet", 2026, 2014, 2021)
    ]


def test_filter_tar_navn_og_gir_den_nyeste_koden() -> None:
    assert DEPS.kode_for("Kulturdepartementet") == "KUD"
    assert DEPS.kode_for(" kdd ") == "KDD"
    assert DEPS.kode_for("Kommunal- og distriktsdepartementet") == "KDD"


@pytest.mark.parametrize(
    ("verdi", "forslag"),
    [
        ("Justis og beredskapsdepartementet", "«Justis- og beredskapsdepartementet» (JD)"),
        ("helse", "«Helse- og omsorgsdepartementet» (HOD)"),
        ("HDO", "HOD"),
    ],
)
def test_ukjent_verdi_foreslar_naermeste_koder_og_navn(verdi: str, forslag: str) -> None:
    with pytest.raises(Ugyldig) as info:
        felt.departementskode(DEPS, verdi, 2026, [])
    melding = info.value.melding
    assert melding.startswith(f"Ukjent departementskode «{verdi}».")
    assert forslag in melding.split("Mente du ", 1)[1].split("?", 1)[0].split(" eller ")


# -- parties as printed, with full names ---------------------------------------------------


@pytest.mark.parametrize(
    ("verdier", "parter"),
    [
        (["Helse- og omsorgsdepartementet og KS"], ["Helse- og omsorgsdepartementet", "KS"]),
        (["helse- og omsorgsdepartementet og ks"], ["helse- og omsorgsdepartementet", "KS"]),
        (
            ["Barne-, likestillings- og inkluderingsdepartementet, KRD og KS"],
            ["Barne-, likestillings- og inkluderingsdepartementet", "KRD", "KS"],
        ),
        (
            ["AID, Justis- og beredskapsdepartementet,  Barne- og familiedepartementet og KS"],
            ["AID", "Justis- og beredskapsdepartementet", "Barne- og familiedepartementet", "KS"],
        ),
        (["AID, JD, BFD, KDD og KS"], ["AID", "JD", "BFD", "KDD", "KS"]),
        (["Helse- og omsorgsdepartementet", "ks"], ["Helse- og omsorgsdepartementet", "KS"]),
        # Not a name: split as before, and the unknown part is said by the rule.
        (["Helse og omsorgsdepartementet og KS"], ["HELSE", "OMSORGSDEPARTEMENTET", "KS"]),
    ],
)
def test_les_parter_med_navn_leser_navnene_hele(verdier: list[str], parter: list[str]) -> None:
    assert les_parter(verdier, DEPS) == parter


NAVN_OG_KODER = sorted({d.navn for d in DEPS.alle} | {d.kode for d in DEPS.alle} | {"KS"})


@given(st.lists(st.sampled_from(NAVN_OG_KODER), min_size=1, max_size=6, unique=True))
def test_parter_med_navn_skrevet_og_lest_igjen_er_de_samme(parter: list[str]) -> None:
    assert les_parter([skriv_parter(parter)], DEPS) == parter


def test_parter_gir_koder_og_avviser_samme_part_to_ganger() -> None:
    advarsler: list[Any] = []
    verdier = ["Helse- og omsorgsdepartementet og KS"]
    assert avtale.parter(DEPS, verdier, 2026, advarsler) == ["HOD", "KS"]
    assert advarsler == []
    with pytest.raises(Ugyldig, match="Samme part er oppgitt to ganger: HOD, HOD og KS"):
        avtale.parter(DEPS, ["HOD, Helse- og omsorgsdepartementet og KS"], 2026, [])
    with pytest.raises(Ugyldig, match=r"Ukjent part «HELSE».*Helse- og omsorgsdepartementet"):
        avtale.parter(DEPS, ["Helse og omsorgsdepartementet og KS"], 2026, [])


# -- sanity --------------------------------------------------------------------------------


def test_avtale_uten_ks_gir_advarsel() -> None:
    advarsler: list[Any] = []
    assert avtale.parter(DEPS, ["HOD og KD"], 2026, advarsler) == ["HOD", "KD"]
    assert advarsler == [UtenKS(("HOD", "KD"))]
    assert advarsel(advarsler[0]) == (
        "Avtalen har ikke KS blant partene (HOD og KD); en bilateral avtale har to parter, "
        "staten ved departementene og kommunesektoren ved KS. Den er lagret som skrevet."
    )


@pytest.mark.parametrize(("oppmeldt", "advart"), [(2026, False), (2027, False), (2028, True)])
def test_oppmeldt_mer_enn_ett_ar_fram(oppmeldt: int, advart: bool) -> None:
    advarsler: list[Any] = []
    sak.sjekk_oppmeldt(oppmeldt, date(2026, 11, 27), "2028/1", advarsler)
    assert advarsler == ([LangtFram("2028/1", 2028, 2026)] if advart else [])
    if advart:
        assert advarsel(advarsler[0]) == (
            "Sak 2028/1 er meldt opp for 2028, mer enn ett år fram i tid (i år er 2026); "
            "sjekk oppmeldt-året."
        )


def test_sak_avsluttet_for_registrert_eller_oppmeldt_gir_advarsel() -> None:
    advarsler: list[Any] = []
    sak.sjekk_avsluttet(
        date(2025, 6, 30),
        oppmeldt=2025,
        opprettet=date(2026, 1, 5),
        saksnummer="2025/4",
        advarsler=advarsler,
    )
    sak.sjekk_avsluttet(
        date(2026, 6, 30), oppmeldt=2027, opprettet=None, saksnummer=None, advarsler=advarsler
    )
    sak.sjekk_avsluttet(
        date(2026, 6, 30),
        oppmeldt=2026,
        opprettet=date(2026, 1, 5),
        saksnummer="x",
        advarsler=advarsler,
    )
    assert [advarsel(a) for a in advarsler] == [
        "Sak 2025/4 er avsluttet 30.06.2025, før den ble registrert (05.01.2026); sjekk datoen.",
        "Saken er avsluttet 30.06.2026, før oppmeldt-året 2027; sjekk datoen.",
    ]


def test_avtale_avsluttet_for_inngatt_avvises_for_registrert_advares() -> None:
    advarsler: list[Any] = []
    with pytest.raises(
        Ugyldig, match=r"Avsluttet \(01\.01\.2022\) er før inngått \(11\.03\.2022\)"
    ):
        avtale.sjekk_avsluttet(
            date(2022, 1, 1), inngatt=date(2022, 3, 11), opprettet=None, id="A3", advarsler=[]
        )
    avtale.sjekk_avsluttet(
        date(2023, 1, 1),
        inngatt=date(2022, 3, 11),
        opprettet=date(2024, 2, 1),
        id="A3",
        advarsler=advarsler,
    )
    assert advarsler == [
        TidligAvsluttet("avtale", "A3", date(2023, 1, 1), opprettet=date(2024, 2, 1))
    ]
    assert advarsel(advarsler[0]) == (
        "Avtale A3 er avsluttet 01.01.2023, før den ble registrert (01.02.2024); sjekk datoen."
    )


def test_avtale_som_gjaldt_fra_for_den_ble_inngatt_kan_slutte_for_inngatt() -> None:
    # The refugee agreement: signed 06.03.2026, in force from 01.01.2026. Ended (renewed)
    # 31.01.2026, before it was signed but after it began: no error. Before it began: one.
    avtale.sjekk_avsluttet(
        date(2026, 1, 31),
        inngatt=date(2026, 3, 6),
        gyldig_fra=date(2026, 1, 1),
        opprettet=None,
        id="A3",
        advarsler=[],
    )
    with pytest.raises(Ugyldig, match=r"Avsluttet \(31\.12\.2025\) er før inngått"):
        avtale.sjekk_avsluttet(
            date(2025, 12, 31),
            inngatt=date(2026, 3, 6),
            gyldig_fra=date(2026, 1, 1),
            opprettet=None,
            id="A3",
            advarsler=[],
        )


_NAVN = sorted({d.navn for d in DEPS.alle})
_KODER = [*sorted({d.kode for d in DEPS.alle}), "KS", "ks", "Aid", "X1"]
_DEL = st.sampled_from(_KODER + _NAVN + ["Helse-", "og", "omsorg", "Kultur"])
_SKILLE = st.sampled_from([", ", ",", " og ", " & ", "  og  ", " ,", " "])


@given(st.lists(st.tuples(_DEL, _SKILLE), min_size=1, max_size=6))
def test_les_parter_kort_vei_er_lik_lokken(deler: list[tuple[str, str]]) -> None:
    # The short way for plain codes must read exactly as the loop over the text does.
    tekst = "".join(d + s for d, s in deler)[: -len(deler[-1][1])]
    assert DEPS.ordvis
    kort = les_parter([tekst], DEPS)
    DEPS.ordvis = False
    try:
        assert les_parter([tekst], DEPS) == kort
    finally:
        DEPS.ordvis = True


def test_ordvis_er_av_nar_et_navn_er_flere_ord_uten_bindestrek() -> None:
    # A ministry whose full name is plain words joined by "og" would be split by the
    # short way, so a register with such a name reads every list the long way.
    deps = Departementer(
        [*DEPS.alle, Dep("KKD", "Kirke og kulturdepartementet", 1990, 2001)], DEPS.overganger
    )
    assert not deps.ordvis
    assert les_parter(["Kirke og kulturdepartementet og KS"], deps) == [
        "Kirke og kulturdepartementet",
        "KS",
    ]
