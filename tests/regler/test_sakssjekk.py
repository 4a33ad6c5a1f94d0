"""The import's checker of case rows (`regler.sak.Sakssjekk`) against the row check it
shortens (`sjekk_rad`): for every row, clean or broken, the same `Rad` (values, problems,
warnings, columns), and the short way taken for the clean ones."""

from __future__ import annotations

import random
from typing import Any

import pytest

from konsreg.regler.sak import Sakssjekk, sjekk_rad
from tests.regler.test_radsjekk import DEPS, IDAG, KODER, NAVN, rader_med_endringer


def _ren(rng: random.Random, i: int) -> dict[str, Any]:
    """A case row as a secretariat's spreadsheet has it (bench/run.py writes such rows)."""
    ar = rng.randint(2015, 2027)
    rad: dict[str, Any] = {
        "type": rng.choice(["kostnadsberegning", "lovmedvirkning", "Lov", "kostnad"]),
        "departement": rng.choice(KODER + NAVN[:5] + ["kd", " KD "]),
        "tittel": f"Sak {i}: endringer i forskrift om {rng.choice(['helse', 'skole'])}",
        "oppmeldt": str(ar),
        "meldt_inn_av": rng.choice(["KS", "ks", *KODER[:6]]),
    }
    if rng.random() < 0.7:
        rad["saksnummer"] = f"{ar}/{rng.randint(1, 400)}"
    return rad


# One change each to a clean row: values the rules refuse, values they warn about, forms
# the short way does not read (and leaves to the whole way), and other types than text.
ENDRINGER: list[dict[str, Any]] = [
    {},
    {"saksnummer": "2026-3"},
    {"saksnummer": "2026/0"},
    {"saksnummer": "1850/3"},
    {"saksnummer": "2026/99999999999"},
    {"saksnummer": "x"},
    {"saksnummer": None},
    {"saksnummer": "  "},
    {"type": "k"},
    {"type": "ukjent"},
    {"type": None},
    {"departement": "XYZ"},
    {"departement": "Justis- og  beredskapsdepartementet"},
    {"departement": "KRD"},  # ended long ago: a warning, or unknown in its year
    {"departement": "FAD", "oppmeldt": "2010"},
    {"departement": "KD\x1b[2J"},
    {"departement": "a" * 300},
    {"departement": None},
    {"tittel": None},
    {"tittel": " Sak med mellomrom "},
    {"tittel": "\u200b"},
    {"tittel": "Sak\x07"},
    {"tittel": "Sak\u202e"},
    {"tittel": "Sak\nmed linjeskift"},
    {"oppmeldt": "2099"},
    {"oppmeldt": "2028"},  # more than a year ahead: a warning
    {"oppmeldt": "20x6"},
    {"oppmeldt": None},
    {"oppmeldt": "1850"},
    {"meldt_inn_av": "XYZ"},
    {"meldt_inn_av": "Kommunal- og distriktsdepartementet"},
    {"meldt_inn_av": None},
    {"meldt_inn_av": "KS\x00"},
    {"beskrivelse": "Om endringer\ni forskriften"},
    {"beskrivelse": "   "},
    {"beskrivelse": "Om \x1b[31m"},
    {"gjentakende": "ja"},
    {"gjentakende": " X "},
    {"gjentakende": "kanskje"},
    {"gjentakende": None},
    {"status": "pågående"},
    {"status": "Utgår"},
    {"status": "avsluttet"},
    {"status": "avsluttet", "status_endret": "01.03.2026"},
    {"status": "kanskje"},
    {"status": "  "},
    {"status_endret": "01.01.2026"},
    {"opprettet": "2026-01-01T10:00:00+00:00"},
    {"endret": "2026-01-01T10:00:00+00:00"},
    {"_feil": "har 9 kolonner, overskriften har 6"},
    {"oppmeldt": 2026},
    {"gjentakende": True},
    {"tittel": 5},
    {"departement": ["KD"]},
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_rad_as_the_whole_check(seed: int) -> None:
    sjekk = Sakssjekk(deps=DEPS, idag=IDAG)
    rader = rader_med_endringer(_ren, ENDRINGER, 3000, seed)
    for linje, data in enumerate(rader, start=2):
        assert sjekk(linje, dict(data)) == sjekk_rad(linje, dict(data), deps=DEPS, idag=IDAG), data
    # The short way must carry the clean rows (else this test compares a thing with
    # itself): well over a third of these rows are clean.
    assert sjekk.raske > len(rader) // 3


@pytest.mark.parametrize("endring", ENDRINGER, ids=repr)
def test_each_change_alone(endring: dict[str, Any]) -> None:
    sjekk = Sakssjekk(deps=DEPS, idag=IDAG)
    rng = random.Random(7)
    for linje in range(2, 40):  # the second time, from what the checker remembers
        data = {**_ren(rng, linje), **endring}
        assert sjekk(linje, dict(data)) == sjekk_rad(linje, dict(data), deps=DEPS, idag=IDAG), data


def test_clean_rows_go_the_short_way_with_their_warnings() -> None:
    sjekk = Sakssjekk(deps=DEPS, idag=IDAG)
    data = {
        "saksnummer": "2028/4",
        "type": "lov",
        "departement": "KRD",
        "tittel": "T",
        "oppmeldt": "2028",
        "meldt_inn_av": "ks",
    }
    for linje in (2, 3):  # the second from the memos
        rad = sjekk(linje, dict(data))
        assert not rad.feil and rad.verdier["meldt_inn_av"] == "KS"
        assert rad.verdier["type"] == "lovmedvirkning"
        # KRD was gone by 2028, and 2028 is more than a year ahead of IDAG: both
        # warnings, in the order of the rules.
        assert [type(a).__name__ for a in rad.advarsler] == ["UtenforAr", "LangtFram"]
        assert rad == sjekk_rad(linje, dict(data), deps=DEPS, idag=IDAG)
    assert sjekk.raske == 2
    # A closed case goes the whole way, which asks for its status_endret.
    rad = sjekk(4, {**data, "status": "avsluttet"})
    assert sjekk.raske == 2 and rad.feil


def test_a_full_memo_is_emptied_not_grown() -> None:
    sjekk = Sakssjekk(deps=DEPS, idag=IDAG)
    sjekk.MAKS_HUSKET = 5
    rng = random.Random(3)
    for linje in range(2, 200):
        data = _ren(rng, linje)
        assert sjekk(linje, data) == sjekk_rad(linje, data, deps=DEPS, idag=IDAG)
        assert len(sjekk._departement) <= 5 and len(sjekk._meldt_inn_av) <= 5
    assert sjekk.raske == 198
