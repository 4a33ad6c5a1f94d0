"""Saksnumre and agreement ids: one way to read them, one limit (regler/nummer.py)."""

from __future__ import annotations

import pytest

from konsreg.errors import Ugyldig
from konsreg.regler.nummer import (
    STORSTE_NUMMER,
    avtale_id,
    les_avtale_id,
    les_saksnummer,
    saksnummer,
    sjekk_avtalenummer,
    sjekk_lopenr,
)


@pytest.mark.parametrize(
    ("tekst", "tall"),
    [
        ("2026/3", (2026, 3)),
        (" 2026 / 3 ", (2026, 3)),
        ("2026-3", (2026, 3)),
        ("2022/0", (2022, 0)),
    ],
)
def test_saksnummer_leses(tekst: str, tall: tuple[int, int]) -> None:
    assert les_saksnummer(tekst) == tall
    assert saksnummer(*tall) == f"{tall[0]}/{tall[1]}"


@pytest.mark.parametrize("tekst", ["x/y", "26/3", "2026", "2026/٣", "٢٠٢٦/3", "2026/3; DROP", ""])
def test_saksnummer_som_ikke_er_det(tekst: str) -> None:
    with pytest.raises(Ugyldig, match="er ikke et saksnummer"):
        les_saksnummer(tekst)


def test_avtale_id_med_eller_uten_bokstav() -> None:
    assert [les_avtale_id(t) for t in ("A3", "a3", " 3 ", "A0003")] == [3, 3, 3, 3]
    assert avtale_id(9) == "A9"
    for galt in ("B7", "A", "A3x", "A٣"):
        with pytest.raises(Ugyldig, match="er ikke en avtale-id"):
            les_avtale_id(galt)


def test_en_grense_for_begge() -> None:
    assert STORSTE_NUMMER == 2**31 - 1  # PostgreSQL's INTEGER
    sjekk_lopenr("2026/1", 1)
    sjekk_lopenr("x", STORSTE_NUMMER)
    with pytest.raises(Ugyldig, match="for stort løpenummer"):
        sjekk_lopenr("x", STORSTE_NUMMER + 1)
    with pytest.raises(Ugyldig, match="1 eller mer"):
        sjekk_lopenr("2026/0", 0)
    sjekk_avtalenummer("A1", STORSTE_NUMMER)
    with pytest.raises(Ugyldig, match="for stort nummer"):
        sjekk_avtalenummer("x", STORSTE_NUMMER + 1)
    with pytest.raises(Ugyldig, match="1 eller mer"):
        sjekk_avtalenummer("A0", 0)
