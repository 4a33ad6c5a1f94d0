"""The import's checker of agreement rows (`regler.avtale.Radsjekk`) against the row check
it shortens (`sjekk_rad`): for every row, clean or broken, the same `Rad` (values,
problems, warnings, columns), and the short way taken for the clean ones."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from datetime import date
from importlib import resources
from typing import Any

import pytest

from konsreg.regler.avtale import KjentKategori, Radsjekk, sjekk_rad
from konsreg.regler.departementer import Dep, Departementer

IDAG = date(2026, 11, 27)
KATEGORIER = [
    KjentKategori(1, "velferd", "Avtaler om velferd"),
    KjentKategori(2, "samhandling", "Avtaler om samhandling"),
]


def _departementer() -> Departementer:
    """The ministries konsreg ships (data/departementer.csv), old codes included."""
    tekst = resources.files("konsreg").joinpath("data/departementer.csv").read_text("utf-8")
    return Departementer(
        Dep(r["kode"], r["navn"], int(r["fra_ar"] or 0) or None, int(r["til_ar"] or 0) or None)
        for r in csv.DictReader(tekst.splitlines())
    )


DEPS = _departementer()
KODER = sorted({d.kode for d in DEPS.alle})
NAVN = sorted({d.navn for d in DEPS.alle})


def _ren(rng: random.Random, i: int) -> dict[str, Any]:
    """A row as a secretariat's spreadsheet has it (bench/run.py writes such rows)."""
    ar = rng.randint(2015, 2026)
    inngatt = date(ar, rng.randint(1, 12), rng.randint(1, 28))
    parter = rng.sample(KODER, rng.randint(1, 4))
    return {
        "tittel": f"Samarbeidsavtale {i} om {rng.choice(['helse', 'skole', 'beredskap'])}",
        "kategori": rng.choice(["velferd", "samhandling", "Samhandling"]),
        "parter": ", ".join(parter) + rng.choice([" og KS", ", KS", " & ks", ""]),
        "inngatt": rng.choice([inngatt.strftime("%d.%m.%Y"), inngatt.isoformat()]),
        "utloper": f"31.12.{ar + rng.randint(0, 6)}",
        "forste_avtale": str(rng.randint(2000, ar)),
    }


# One change each to a clean row: values the rules refuse, values they warn about, forms
# the short way does not read (and leaves to the whole way), and other types than text.
ENDRINGER: list[dict[str, Any]] = [
    {},
    {"id": "A17"},
    {"id": "17", "fornyer": "A3"},
    {"id": "A5", "fornyer": "A5"},
    {"id": "A0"},
    {"id": "B5"},
    {"fornyer": "x"},
    {"status": "pågående"},
    {"status": "Avsluttet"},
    {"status": "avsluttet", "utloper": None},
    {"status": "kanskje"},
    {"status": "  "},
    {"fullt_navn": "Avtale om samhandling mellom staten og KS"},
    {"fullt_navn": "Avtale\x1b[31m"},
    {"gyldig_fra": "01.01.2015"},
    {"gyldig_fra": "juni 2030"},
    {"gyldig_fra": "2024-06"},
    {"inngatt": "juni 2024"},
    {"inngatt": "06.2024"},
    {"inngatt": "31.02.2024"},
    {"inngatt": "2024-13-01"},
    {"inngatt": None},
    {"inngatt": "   "},
    {"utloper": "01.01.2000"},
    {"utloper": "juni 2030"},
    {"utloper": "  31.12.2030  "},
    {"forste_avtale": "2099"},
    {"forste_avtale": "20x4"},
    {"forste_avtale": None},
    {"tittel": None},
    {"tittel": "Avtale om å samarbeide"},
    {"tittel": " Avtale med mellomrom "},
    {"tittel": "\u200b"},
    {"tittel": "Avtale\x07"},
    {"tittel": "Avtale\u202e"},
    {"tittel": "\u3164"},
    {"kategori": "ukjent"},
    {"kategori": "velf"},
    {"kategori": "Avtaler om velferd"},
    {"kategori": "Avtaler om\nvelferd"},  # a line break in a cell (Alt+Enter in Excel)
    {"kategori": "Avtaler\tom  velferd"},
    {"kategori": "velferd\x1c"},
    {"kategori": None},
    {"kategori": "ny", "kategori_navn": "En ny kategori"},
    {"parter": None},
    {"parter": "AID, AID og KS"},
    {"parter": "AID"},
    {"parter": "XYZ og KS"},
    {"parter": "AID, , KS"},
    {"parter": "AID,KS"},
    {"parter": "aid  og   ks"},
    {"parter": "Helse- og omsorgsdepartementet og KS"},
    {"parter": "HOD, Kunnskapsdepartementet og KS"},
    {"parter": "KRD og KS"},
    {"parter": "OED, FAD og KS"},
    {"parter": "AID\x00 og KS"},
    {"status_endret": "01.01.2026", "status": "avsluttet"},
    {"opprettet": "2026-01-01T10:00:00+00:00"},
    {"_feil": "har 9 kolonner, overskriften har 6"},
    {"forste_avtale": 2010},
    {"parter": ["AID", "KS"]},
    {"tittel": 5},
    {"tittel": True},
]


def rader_med_endringer(
    ren: Callable[[random.Random, int], dict[str, Any]],
    endringer: list[dict[str, Any]],
    n: int,
    seed: int,
) -> list[dict[str, Any]]:
    """`n` clean rows, most with none, one or two of `endringer`, some without a column
    (the case rows' test uses it too)."""
    rng = random.Random(seed)
    rader = []
    for i in range(n):
        rad = ren(rng, i)
        for endring in rng.sample(endringer, rng.choice([0, 1, 1, 2])):
            rad.update(endring)
        if rng.random() < 0.05:
            del rad[rng.choice(list(rad))]  # a file without that column
        rader.append(rad)
    return rader


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_same_rad_as_the_whole_check(seed: int) -> None:
    sjekk = Radsjekk(deps=DEPS, kategorier=KATEGORIER, idag=IDAG)
    rader = rader_med_endringer(_ren, ENDRINGER, 3000, seed)
    for linje, data in enumerate(rader, start=2):
        assert sjekk(linje, dict(data)) == sjekk_rad(
            linje, dict(data), deps=DEPS, kategorier=KATEGORIER, idag=IDAG
        ), data
    # The short way must carry the clean rows (else this test compares a thing with
    # itself): well over a third of these rows are clean.
    assert sjekk.raske > len(rader) // 3


@pytest.mark.parametrize("endring", ENDRINGER, ids=repr)
def test_each_change_alone(endring: dict[str, Any]) -> None:
    sjekk = Radsjekk(deps=DEPS, kategorier=KATEGORIER, idag=IDAG)
    rng = random.Random(7)
    for linje in range(2, 40):  # the second time, from what the checker remembers
        data = {**_ren(rng, linje), **endring}
        assert sjekk(linje, dict(data)) == sjekk_rad(
            linje, dict(data), deps=DEPS, kategorier=KATEGORIER, idag=IDAG
        ), data


def test_clean_rows_go_the_short_way_with_their_warnings() -> None:
    sjekk = Radsjekk(deps=DEPS, kategorier=KATEGORIER, idag=IDAG)
    rad = sjekk(2, {"tittel": "T", "kategori": "velferd", "parter": "OED og JD", "inngatt": "2025"})
    assert sjekk.raske == 0 and rad.feil  # "2025" is no date: the whole way said so
    data = {"tittel": "T", "kategori": "velferd", "parter": "OED og JD", "inngatt": "01.03.2025"}
    rad = sjekk(3, data)
    assert sjekk.raske == 1 and not rad.feil
    assert rad.verdier["parter"] == ["OED", "JD"]
    # OED had ended by 2025, and KS is missing: both warnings, in the order of the rules.
    assert [type(a).__name__ for a in rad.advarsler] == ["UtenforAr", "UtenKS"]
    assert rad == sjekk_rad(3, data, deps=DEPS, kategorier=KATEGORIER, idag=IDAG)


def test_a_full_memo_is_emptied_not_grown() -> None:
    sjekk = Radsjekk(deps=DEPS, kategorier=KATEGORIER, idag=IDAG)
    sjekk.MAKS_HUSKET = 5
    rng = random.Random(3)
    for linje in range(2, 200):
        data = _ren(rng, linje)
        assert sjekk(linje, data) == sjekk_rad(
            linje, data, deps=DEPS, kategorier=KATEGORIER, idag=IDAG
        )
        assert len(sjekk._datoer_maned) <= 5 and len(sjekk._part) <= 5
    assert sjekk.raske == 198
