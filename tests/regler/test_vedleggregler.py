"""The appendices' own rules: the day Vedlegg c is as of, and the order of a and b."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from konsreg.regler.vedlegg import per_dag, sorter_saker

IDAG = date(2026, 11, 27)


def test_per_er_gitt_dato_ellers_i_dag_ellers_arets_siste_dag() -> None:
    assert per_dag(ar=None, per=date(2026, 4, 30), idag=IDAG) == date(2026, 4, 30)
    assert per_dag(ar=2026, per=date(2026, 4, 30), idag=IDAG) == date(2026, 4, 30)
    assert per_dag(ar=None, per=None, idag=IDAG) == IDAG
    assert per_dag(ar=2026, per=None, idag=IDAG) == IDAG
    assert per_dag(ar=2025, per=None, idag=IDAG) == date(2025, 12, 31)


@dataclass(frozen=True)
class _Sak:
    saksnummer: str
    oppmeldt: int


def test_nyeste_oppmeldt_forst_sa_i_nummerorden() -> None:
    saker = [
        _Sak("2022/1", 2022),
        _Sak("2026/10", 2026),
        _Sak("2026/2", 2026),
        _Sak("2025/1", 2026),
    ]
    assert [s.saksnummer for s in sorter_saker(saker)] == ["2025/1", "2026/2", "2026/10", "2022/1"]
