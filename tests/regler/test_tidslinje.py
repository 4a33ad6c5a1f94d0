"""The rules of the timeline (regler/tidslinje.py): an agreement's last day, chains of
renewals, and the years a picture spans."""

from __future__ import annotations

from datetime import date

import pytest

from konsreg.regler.tidslinje import (
    MAKS_AR,
    Avtaledata,
    Strekk,
    arspenn,
    forste_i_kjeden,
    kjeder,
    siste_dag,
    sjekk_arspenn,
    tidslinje,
)

DAG = date(2026, 4, 30)


def _s(id_: str, fra: date | None, til: date | None, tittel: str = "") -> Strekk:
    return Strekk(id_, tittel or id_, fra, til, til is not None and til < DAG)


def test_siste_dag_er_avslutningen_naar_den_kom_forst() -> None:
    assert siste_dag("avsluttet", date(2024, 6, 30), date(2025, 12, 31)) == date(2024, 6, 30)
    # Closed after it expired (tidied up later): it ran out on its utløper.
    assert siste_dag("avsluttet", date(2026, 3, 1), date(2025, 12, 31)) == date(2025, 12, 31)
    assert siste_dag("avsluttet", date(2026, 3, 1), None) == date(2026, 3, 1)
    assert siste_dag("pagaende", date(2026, 3, 1), date(2025, 12, 31)) == date(2025, 12, 31)
    assert siste_dag("ny", None, None) is None


def test_en_fornyelse_er_samme_linje_med_nyeste_tittel() -> None:
    a = [
        _s("A1", date(2018, 1, 1), date(2021, 12, 31), "Gammel tittel"),
        _s("A5", date(2023, 1, 1), None, "Annen avtale"),
        _s("A2", date(2022, 1, 1), date(2025, 12, 31), "Ny tittel"),
    ]
    k = kjeder(a, {"A2": "A1", "A1": None, "A5": None})
    assert [kj.tittel for kj in k] == ["Ny tittel", "Annen avtale"]
    assert [[s.id for s in linje] for linje in k[0].linjer] == [["A1", "A2"]]


def test_to_som_fornyer_samme_samtidig_gir_to_linjer() -> None:
    a = [
        _s("A1", date(2020, 1, 1), date(2022, 12, 31)),
        _s("A2", date(2023, 1, 1), date(2026, 12, 31)),
        _s("A3", date(2023, 6, 1), date(2027, 12, 31)),
    ]
    (k,) = kjeder(a, {"A2": "A1", "A3": "A1"})
    assert [[s.id for s in linje] for linje in k.linjer] == [["A1", "A2"], ["A3"]]


def test_kjeden_holder_sammen_gjennom_en_som_er_utelatt() -> None:
    # A2 is not listed (a filter, or voided), but A3 renews it and it renews A1.
    a = [_s("A1", date(2018, 1, 1), date(2020, 12, 31)), _s("A3", date(2024, 1, 1), None)]
    (k,) = kjeder(a, {"A3": "A2", "A2": "A1"})
    assert [s.id for s in k.avtaler] == ["A1", "A3"]


def test_en_ring_foelges_bare_en_gang() -> None:
    lenker = {"A1": "A3", "A2": "A1", "A3": "A2"}
    assert forste_i_kjeden(lenker, "A1") in {"A1", "A2", "A3"}
    a = [_s(i, date(2020 + n, 1, 1), date(2020 + n, 12, 31)) for n, i in enumerate(lenker)]
    assert sum(len(k.avtaler) for k in kjeder(a, lenker)) == 3


def test_arspenn_fra_data_med_dagens_aar_og_hoyst_maks_aar() -> None:
    (k,) = kjeder([_s("A1", date(2021, 3, 1), date(2023, 12, 31))], {})
    assert arspenn([k], DAG) == (2021, 2026)
    assert arspenn([k], DAG, fra=2024) == (2024, 2026)
    assert arspenn([k], DAG, til=2022) == (2021, 2022)
    (gammel,) = kjeder([_s("A1", date(1990, 1, 1), date(2030, 12, 31))], {})
    fra, til = arspenn([gammel], DAG)
    assert (fra, til) == (2030 - MAKS_AR + 1, 2030)
    assert arspenn([], DAG) == (2026, 2026)


@pytest.mark.parametrize(
    ("fra", "til", "ord_"), [(2030, 2020, "kommer etter"), (1900, 2100, "mer enn 100 år")]
)
def test_sjekk_arspenn(fra: int, til: int, ord_: str) -> None:
    with pytest.raises(ValueError, match=ord_):
        sjekk_arspenn(fra, til)


def test_tidslinje_tar_bare_kjeder_i_aarene_og_regner_utlopt_paa_dagen() -> None:
    avtaler = [
        Avtaledata("A1", "Gammel", date(2010, 1, 1), None, date(2012, 12, 31), "avsluttet", None),
        Avtaledata("A2", "Ny", date(2024, 1, 1), date(2024, 3, 1), date(2026, 4, 29), "ny", None),
        Avtaledata("A3", "Dagen", date(2024, 1, 1), None, DAG, "pagaende", None),
    ]
    t = tidslinje(avtaler, {}, dag=DAG, fra=2020, til=2028)
    assert [s.id for k in t.kjeder for s in k.avtaler] == ["A2", "A3"]
    a2, a3 = (s for k in t.kjeder for s in k.avtaler)
    assert a2.fra == date(2024, 3, 1)  # gyldig fra, not inngått
    assert a2.utlopt and not a3.utlopt  # in force through its utløper day
