"""The rules of an agreement, each in one place (regler/avtale.py), tested without a
register: the commands and the import both call these."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import konsreg.regler.avtale as r
from konsreg.errors import Ugyldig
from konsreg.regler.advarsler import UtenforAr
from konsreg.regler.departementer import Dep, Departementer

DEPS = Departementer(
    [
        Dep("KD", "Kunnskapsdepartementet", 2006, None),
        Dep("HOD", "Helse- og omsorgsdepartementet", 2002, None),
        Dep("DFD", "Digitaliserings- og forvaltningsdepartementet", 2024, None),
    ]
)
IDAG = date(2026, 11, 27)


def test_utloper_for_inngatt() -> None:
    r.sjekk_datoer(date(2024, 1, 1), date(2024, 1, 1))  # the same day is allowed
    r.sjekk_datoer(None, date(2020, 1, 1))
    with pytest.raises(Ugyldig) as feil:
        r.sjekk_datoer(date(2024, 1, 1), date(2023, 12, 31))
    assert feil.value.melding == (
        "Utløper (31.12.2023) er før inngått (01.01.2024); sjekk datoene."
    )


@pytest.mark.parametrize(
    ("forste", "inngatt", "melding"),
    [
        (2027, None, "Første avtale inngått (2027) kan ikke være et år fram i tid (i år er 2026)."),
        (
            2025,
            date(2024, 1, 1),
            "Første avtale inngått (2025) er etter at denne avtalen ble inngått (2024).",
        ),
    ],
)
def test_forste_avtale(forste: int, inngatt: date | None, melding: str) -> None:
    r.sjekk_forste_avtale(2024, date(2024, 6, 1), IDAG)
    r.sjekk_forste_avtale(None, None, IDAG)
    with pytest.raises(Ugyldig) as feil:
        r.sjekk_forste_avtale(forste, inngatt, IDAG)
    assert feil.value.melding == melding


def test_parter_i_orden_med_ks_og_advarsel_utenfor_arene() -> None:
    advarsler: list[Any] = []
    assert r.parter(DEPS, ["dfd", "KS"], 2020, advarsler) == ["DFD", "KS"]
    assert advarsler == [
        UtenforAr("DFD", "Digitaliserings- og forvaltningsdepartementet", 2020, 2024, None)
    ]
    with pytest.raises(Ugyldig, match="Samme part er oppgitt to ganger: KD og KD"):
        r.parter(DEPS, ["KD", "kd"], 2024, [])
    with pytest.raises(Ugyldig, match="Ukjent part «XYZ»"):
        r.parter(DEPS, ["XYZ"], 2024, [])
    with pytest.raises(Ugyldig, match="minst én part"):
        r.parter(DEPS, [], 2024, [])


def test_kategori_etter_kode_navn_eller_entydig_start() -> None:
    kjente = [
        r.KjentKategori(1, "velferd", "Avtaler om velferdstjenester"),
        r.KjentKategori(2, "samhandling", "Avtaler om samhandling"),
    ]
    assert r.finn_kategori(kjente, "VELFERD").id == 1
    assert r.finn_kategori(kjente, "avtaler  om samhandling").id == 2
    assert r.finn_kategori(kjente, "sam").id == 2
    # A file names a category whole: its code may be a new category of its own.
    with pytest.raises(Ugyldig, match="Ukjent kategori «sam»"):
        r.finn_kategori(kjente, "sam", prefiks=False)
    with pytest.raises(Ugyldig, match="Ukjent kategori «avtaler»"):
        r.finn_kategori(kjente, "avtaler")  # both start so: not unambiguous


def test_utlopt_gjelder_ut_utlopsdagen() -> None:
    assert not r.er_utlopt(date(2026, 4, 30), date(2026, 4, 30))
    assert r.er_utlopt(date(2026, 4, 29), date(2026, 4, 30))
    assert not r.er_utlopt(None, date(2200, 1, 1))


def test_samme_avtale_er_tittel_og_inngatt() -> None:
    assert r.innholdsnokkel("A", date(2024, 1, 1)) == r.innholdsnokkel("A", date(2024, 1, 1))
    assert r.innholdsnokkel("A", date(2024, 1, 1)) != r.innholdsnokkel("A", None)
