"""Dates and deadlines as people type them (konsreg.regler.datoer), without the CLI."""

from __future__ import annotations

from datetime import date

import pytest

from konsreg.errors import Ugyldig
from konsreg.regler.datoer import legg_til_maneder, norsk_dato, parse_ar, parse_dato, parse_frist

DESEMBER_2 = date(2022, 12, 2)


@pytest.mark.parametrize(
    "tekst",
    [
        "2022-12-02",
        "02.12.2022",
        "2.12.2022",
        "2.12.22",
        "02.12.22",
        "2. desember 2022",
        "2 desember 2022",
        "2. Desember 2022",
        "2. des 2022",
        "2. des. 2022",
        "  02.12.2022  ",
        "2022-12-2",
        "2022.12.02",
    ],
)
def test_datoer_slik_folk_skriver_dem(tekst: str) -> None:
    assert parse_dato(tekst) == DESEMBER_2


@pytest.mark.parametrize(
    ("tekst", "ventet"),
    [
        # Day first, always: 4.3.2020 is the 4th of March, not April 3rd.
        ("4.3.2020", date(2020, 3, 4)),
        ("04.03.2020", date(2020, 3, 4)),
        ("13.01.2026", date(2026, 1, 13)),
        ("1. januar 2024", date(2024, 1, 1)),
        ("31. mai 2026", date(2026, 5, 31)),
        ("6. mars 2026", date(2026, 3, 6)),
        ("15. sept 2025", date(2025, 9, 15)),
        ("1. okt. 2025", date(2025, 10, 1)),
        ("29.02.2024", date(2024, 2, 29)),
        # Two-digit years: this century below 70, the last one from 70.
        ("1.1.69", date(2069, 1, 1)),
        ("1.1.70", date(1970, 1, 1)),
        # dateutil is the last resort, still day first.
        ("December 2, 2022", DESEMBER_2),
    ],
)
def test_dag_forst_og_manedsnavn(tekst: str, ventet: date) -> None:
    assert parse_dato(tekst) == ventet


@pytest.mark.parametrize("tekst", ["31.02.2026", "2026-02-31", "29.02.2025", "32. mai 2026"])
def test_umulig_dato_er_feil_som_siterer_det_som_ble_skrevet(tekst: str) -> None:
    with pytest.raises(Ugyldig) as info:
        parse_dato(tekst)
    assert f"«{tekst}»" in info.value.melding
    assert "dd.mm.åååå" in info.value.melding


@pytest.mark.parametrize(
    ("tekst", "del_"),
    [
        ("", "tom"),
        ("   ", "tom"),
        ("i morgen", "«i morgen» er ikke en dato"),
        ("2. smarch 2022", "ukjent månedsnavn «smarch»"),
        ("12/31/2022", "«12/31/2022»"),
        ("99.99.9999", "«99.99.9999»"),
        ("2022.31.12", "«2022.31.12»"),
        # A year alone is not a date (it used to become the 1st of January).
        ("2026", "«2026» mangler dag eller måned"),
        ("December 2022", "«December 2022» mangler dag eller måned"),
        ("1.12", "«1.12» mangler årstall"),
    ],
)
def test_uleselig_dato_er_feil(tekst: str, del_: str) -> None:
    with pytest.raises(Ugyldig) as info:
        parse_dato(tekst)
    assert del_ in info.value.melding


IDAG = date(2026, 4, 30)


@pytest.mark.parametrize(
    ("tekst", "ventet"),
    [
        ("90d", date(2026, 7, 29)),
        ("1d", date(2026, 5, 1)),
        ("0d", IDAG),
        ("2u", date(2026, 5, 14)),
        ("6m", date(2026, 10, 30)),
        ("12m", date(2027, 4, 30)),
        ("1å", date(2027, 4, 30)),
        ("1år", date(2027, 4, 30)),
        ("1ar", date(2027, 4, 30)),
        ("1y", date(2027, 4, 30)),
        ("90 dager", date(2026, 7, 29)),
        ("6M", date(2026, 10, 30)),
        ("31.12.2026", date(2026, 12, 31)),
        ("2026-06-01", date(2026, 6, 1)),
    ],
)
def test_frist(tekst: str, ventet: date) -> None:
    assert parse_frist(tekst, idag=IDAG) == ventet


def test_frist_i_maneder_stopper_ved_manedens_slutt() -> None:
    assert parse_frist("1m", idag=date(2026, 1, 31)) == date(2026, 2, 28)
    assert parse_frist("1m", idag=date(2024, 1, 31)) == date(2024, 2, 29)
    assert parse_frist("1å", idag=date(2024, 2, 29)) == date(2025, 2, 28)
    assert legg_til_maneder(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert legg_til_maneder(date(2026, 3, 31), -1) == date(2026, 2, 28)


@pytest.mark.parametrize("tekst", ["5x", "90", "d90", "snart"])
def test_ugyldig_frist_er_feil(tekst: str) -> None:
    with pytest.raises(Ugyldig) as info:
        parse_frist(tekst, idag=IDAG)
    assert f"«{tekst}»" in info.value.melding


def test_arstall() -> None:
    assert parse_ar("2026") == 2026
    assert parse_ar(" 1990 ") == 1990
    assert parse_ar(2026) == 2026
    for galt in ("26", "20266", "to tusen", "", "2026.5"):
        with pytest.raises(Ugyldig) as info:
            parse_ar(galt, felt="oppmeldt")
        assert "oppmeldt" in info.value.melding
    with pytest.raises(Ugyldig, match="1900–2200"):
        parse_ar("1899")
    with pytest.raises(Ugyldig, match="1900–2200"):
        parse_ar("2201")


def test_norsk_dato() -> None:
    assert norsk_dato(DESEMBER_2) == "02.12.2022"
    assert norsk_dato(date(2026, 3, 6)) == "06.03.2026"
    assert norsk_dato(None) == ""
