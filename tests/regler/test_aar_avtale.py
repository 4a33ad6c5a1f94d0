"""Issue 11, items 6-10, as pure rules: months as the material gives dates, the day an
agreement ends when it is closed or renewed, the links of a series, and closed rows of
a file without a date."""

from __future__ import annotations

from datetime import date

import pytest

from konsreg.errors import Ugyldig
from konsreg.regler import avtale, sak
from konsreg.regler.avtale import sjekk_rad
from konsreg.regler.datoer import (
    Manedsdato,
    iso_dato,
    med_presisjon,
    norsk_dato,
    parse_dato,
    parse_dato_eller_maned,
    parse_per,
    presisjon,
    ren_dato,
)
from konsreg.regler.departementer import Dep, Departementer
from konsreg.regler.rad import Rad

# -- months (item 10) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "tekst",
    ["juni 2024", "Juni 2024", "jun 2024", "jun. 2024", "06.2024", "6.2024", "2024-06", "2024-6"],
)
def test_maned_i_de_dokumenterte_formene(tekst: str) -> None:
    dato = parse_dato_eller_maned(tekst)
    assert dato == Manedsdato(2024, 6)
    assert (iso_dato(dato), norsk_dato(dato)) == ("2024-06", "juni 2024")
    # A day stays a day.
    assert type(parse_dato_eller_maned("2.12.2022")) is date


@pytest.mark.parametrize(
    ("tekst", "del_"),
    [
        ("13.2024", "«13.2024» er ikke en gyldig måned"),
        ("2024-00", "«2024-00» er ikke en gyldig måned"),
        ("juni 1899", "året 1899 er utenfor"),
        ("juni 24", "«juni 24»"),
        ("June 2024", "«June 2024» mangler dag eller måned"),
    ],
)
def test_uleselig_maned_er_feil(tekst: str, del_: str) -> None:
    with pytest.raises(Ugyldig) as info:
        parse_dato_eller_maned(tekst)
    assert del_ in info.value.melding


@pytest.mark.parametrize("tekst", ["juni 2024", "06.2024", "2024-06"])
def test_en_maned_er_ingen_dag_der_en_dag_trengs(tekst: str) -> None:
    with pytest.raises(Ugyldig) as info:
        parse_dato(tekst)
    assert f"«{tekst}» er en måned uten dag" in info.value.melding
    assert "bare inngått, gyldig fra og per-datoer kan være en måned" in info.value.melding


def test_per_en_maned_er_den_siste_dagen() -> None:
    assert parse_per("april 2026") == date(2026, 4, 30)
    assert parse_per("02.2024") == date(2024, 2, 29)
    assert parse_per("2026-12") == date(2026, 12, 31)
    assert parse_per("15.04.2026") == date(2026, 4, 15)
    assert type(parse_per("april 2026")) is date


def test_en_maned_sammenlignes_som_den_forste_dagen_men_er_ikke_lik_den() -> None:
    juni = Manedsdato(2024, 6)
    assert date(2024, 5, 31) < juni <= date(2024, 6, 1) < date(2024, 6, 2)
    # A different fact: "juni 2024" is not "01.06.2024", either way round.
    assert juni != date(2024, 6, 1) and date(2024, 6, 1) != juni
    assert juni == Manedsdato(2024, 6) and hash(juni) == hash(Manedsdato(2024, 6))
    assert type(ren_dato(juni)) is date and ren_dato(juni) == date(2024, 6, 1)
    assert (presisjon(juni), presisjon(date(2024, 6, 1)), presisjon(None)) == ("maned", None, None)
    assert med_presisjon(date(2024, 6, 1), "maned") == juni
    assert type(med_presisjon(date(2024, 6, 1), None)) is date
    with pytest.raises(ValueError):
        Manedsdato(2024, 6, 2)


# -- the day an agreement ends (items 6 and 7) ----------------------------------------------


def test_fornyet_avtale_slutter_pa_egen_utlopsdato_eller_dagen_for_den_nye() -> None:
    # Expired before the new one starts: its own utløper.
    assert avtale.slutt_ved_fornyelse(date(2025, 12, 31), date(2026, 3, 6)) == date(2025, 12, 31)
    # Still running when the new one starts: the day before.
    assert avtale.slutt_ved_fornyelse(date(2026, 12, 31), date(2026, 3, 6)) == date(2026, 3, 5)
    assert avtale.slutt_ved_fornyelse(None, date(2026, 1, 1)) == date(2025, 12, 31)
    # The utløper is the day before: the same day either way.
    assert avtale.slutt_ved_fornyelse(date(2026, 3, 5), date(2026, 3, 6)) == date(2026, 3, 5)
    # A new one from a month starts on its first day.
    assert avtale.slutt_ved_fornyelse(None, Manedsdato(2026, 3)) == date(2026, 2, 28)


def test_start_er_gyldig_fra_ellers_inngatt() -> None:
    assert avtale.start(date(2026, 3, 6), date(2026, 1, 1)) == date(2026, 1, 1)
    assert avtale.start(date(2026, 3, 6), None) == date(2026, 3, 6)
    assert avtale.start(None, None) is None


def test_sluttdato_uten_dato_er_en_passert_utlopsdato_ellers_i_dag() -> None:
    idag = date(2026, 4, 30)
    assert avtale.sluttdato(date(2025, 12, 31), idag) == date(2025, 12, 31)
    assert avtale.sluttdato(date(2026, 4, 30), idag) == idag
    assert avtale.sluttdato(date(2026, 12, 31), idag) == idag
    assert avtale.sluttdato(None, idag) == idag


def test_avsluttet_i_en_fil_slutter_pa_utlopsdatoen_eller_er_en_feil() -> None:
    f = avtale.sluttdato_fra_fil
    assert f("avsluttet", None, date(2008, 12, 31)) == date(2008, 12, 31)
    assert f("avsluttet", date(2008, 6, 1), date(2008, 12, 31)) == date(2008, 6, 1)
    assert f("ny", None, date(2008, 12, 31)) is None
    with pytest.raises(Ugyldig, match="trenger status_endret"):
        f("avsluttet", None, None)
    sak.sjekk_avsluttet_fra_fil("pagaende", None)
    sak.sjekk_avsluttet_fra_fil("avsluttet", date(2020, 6, 1))
    with pytest.raises(Ugyldig, match="avsluttet sak trenger status_endret"):
        sak.sjekk_avsluttet_fra_fil("avsluttet", None)


def test_utloper_for_gyldig_fra_er_en_feil() -> None:
    avtale.sjekk_datoer(date(2026, 3, 6), date(2029, 12, 31), date(2026, 1, 1))
    with pytest.raises(Ugyldig, match=r"Utløper \(31.12.2025\) er før gyldig fra \(januar 2026\)"):
        avtale.sjekk_datoer(date(2022, 3, 11), date(2025, 12, 31), Manedsdato(2026, 1))


# -- the links of a series (item 8) ---------------------------------------------------------

LENKER = {"A5": "A4", "A4": "A3", "A3": None, "A9": None}


def test_en_lenke_til_seg_selv_eller_i_ring_avvises() -> None:
    avtale.sjekk_fornyer(LENKER, "A9", "A5")
    avtale.sjekk_fornyer(LENKER, "A3", "A9")
    with pytest.raises(Ugyldig, match=r"kan ikke fornye seg selv \(A3\)"):
        avtale.sjekk_fornyer(LENKER, "A3", "A3")
    with pytest.raises(Ugyldig) as info:
        avtale.sjekk_fornyer(LENKER, "A3", "A5")
    assert info.value.melding == (
        "A3 kan ikke fornye A5: A5 kommer allerede etter A3 i serien (A3 → A4 → A5), så "
        "serien ville gå i ring."
    )


def test_en_ring_som_finnes_fra_for_stopper_ikke_sjekken() -> None:
    avtale.sjekk_fornyer({"A1": "A2", "A2": "A1"}, "A7", "A1")


# -- an imported row --------------------------------------------------------------------------


DEPS = Departementer([Dep("AID", "Arbeids- og inkluderingsdepartementet", 2022, None)])
KATEGORIER = [avtale.KjentKategori(1, "samhandling", "Avtaler om samhandling")]
RAD = {"tittel": "T", "kategori": "samhandling", "parter": "AID og KS", "inngatt": "2024-06"}


def _rad(**felt: str) -> Rad:
    return sjekk_rad(2, {**RAD, **felt}, deps=DEPS, kategorier=KATEGORIER, idag=date(2026, 4, 30))


def test_raden_leser_maneder_og_gyldig_fra() -> None:
    rad = _rad(gyldig_fra="01.01.2026", utloper="31.12.2029")
    assert rad.feil == []
    assert (rad.verdier["inngatt"], rad.verdier["gyldig_fra"]) == (
        Manedsdato(2024, 6),
        date(2026, 1, 1),
    )
    assert _rad(utloper="juni 2029").feil[0].startswith("utloper: «juni 2029» er en måned")


def test_raden_avsluttet_uten_dato() -> None:
    rad = _rad(status="avsluttet", utloper="31.12.2025", inngatt="2022-06")
    assert rad.feil == []
    assert rad.verdier["sluttdato"] == date(2025, 12, 31)
    assert _rad(status="avsluttet").feil == [
        "status_endret: en avsluttet avtale trenger status_endret (dagen den sluttet å gjelde) "
        "eller utloper"
    ]
    assert _rad(id="A3", fornyer="3").feil == ["fornyer: en avtale kan ikke fornye seg selv"]


def test_ringene_i_en_hel_fil_finnes_i_lineaer_tid() -> None:
    lenker: dict[str, str | None] = {f"A{i}": f"A{i - 1}" for i in range(2, 100_001)}
    lenker["A1"] = None
    assert avtale.i_ring(lenker) == set()
    lenker |= {"A1": "A100000", "B1": "B1", "C1": "A5", "D1": "D2", "D2": "D1"}
    ring = avtale.i_ring(lenker)
    assert len(ring) == 100_000 + 3 and {"B1", "D1", "D2"} <= ring and "C1" not in ring
