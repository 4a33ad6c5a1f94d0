"""The pattern that finds control characters in one search agrees with the rule a
character at a time (`er_styretegn`), for every code point."""

from __future__ import annotations

import sys

import pytest

from konsreg import tekst


def test_monsteret_er_regelen_for_hvert_tegn() -> None:
    monster = tekst._styretegn()
    ulike = [
        k
        for k in range(sys.maxunicode + 1)
        if (monster.fullmatch(chr(k)) is not None) != tekst.er_styretegn(chr(k))
    ]
    assert ulike == []


@pytest.mark.parametrize(
    ("verdi", "tillat", "melding"),
    [
        ("ab\x1bc", "", "tittel inneholder styretegnet \\x1b (tegn 3); fjern det"),
        ("a\tb\x85c", "\t", "tittel inneholder styretegnet \\x85 (tegn 4); fjern det"),
        ("x\u202ey", "\n\t", "tittel inneholder styretegnet \\u202e (tegn 2); fjern det"),
        ("\u200b\u00ad", "", "tittel er tom (bare usynlige tegn)"),
        ("  ", "", "tittel kan ikke være tom"),
    ],
)
def test_rens_tekst_sier_hva_og_hvor(verdi: str, tillat: str, melding: str) -> None:
    with pytest.raises(ValueError) as feil:
        tekst.rens_tekst(verdi, felt="tittel", tillat=tillat)
    assert str(feil.value) == melding


def test_rens_tekst_tillater_det_den_far_lov_til() -> None:
    assert tekst.rens_tekst(" a\n\tb \r\n", felt="beskrivelse", tillat="\n\t") == "a\n\tb"
    assert tekst.rens_tekst("\u200bx", felt="tittel") == "\u200bx"
