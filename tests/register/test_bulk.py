"""The bulk write path stores values exactly as SQLAlchemy's SQLite dialect does: the
register compares dates and times as text, so one differing digit would hide a row."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Column, Date, Integer, MetaData, Table
from sqlalchemy.dialects import sqlite
from sqlmodel.sql.sqltypes import UTCDateTime

from konsreg.register import bulk

TABELL = Table(
    "t",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("dag", Date),
    Column("tid", UTCDateTime()),
    Column("tall", Integer),
)


def _sqlalchemy(kolonne: str, verdi: Any) -> Any:
    dialekt = sqlite.dialect()
    prosess = TABELL.c[kolonne].type.dialect_impl(dialekt).bind_processor(dialekt)
    return prosess(verdi) if prosess else verdi


@pytest.mark.parametrize(
    "verdi",
    [
        datetime(2026, 11, 27, 10, 18, 5, tzinfo=UTC),
        datetime(2026, 11, 27, 10, 18, 5, 123456, tzinfo=UTC),
        datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))),  # the day before
        datetime(1900, 3, 4, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-5))),
    ],
)
def test_tider_lagres_som_sqlalchemy_lagrer_dem(verdi: datetime) -> None:
    fn = bulk._sqlite_verdi(TABELL, "tid")
    assert fn is not None and fn(verdi) == _sqlalchemy("tid", verdi)


@pytest.mark.parametrize("verdi", [date(2026, 4, 30), date(1900, 1, 1), date(2200, 12, 31)])
def test_datoer_lagres_som_sqlalchemy_lagrer_dem(verdi: date) -> None:
    fn = bulk._sqlite_verdi(TABELL, "dag")
    assert fn is not None and fn(verdi) == _sqlalchemy("dag", verdi)


def test_andre_verdier_gar_som_de_er() -> None:
    assert bulk._sqlite_verdi(TABELL, "tall") is None


def _historikk(okt: Any) -> Table:
    from konsreg.models import Historikk

    return Historikk.__table__  # type: ignore[attr-defined]


@pytest.mark.parametrize("for_", [0, 3])
def test_sett_inn_med_ider_gir_idene_i_radenes_rekkefolge(okt: Any, for_: int) -> None:
    """1,234 rows (three INSERTs of up to 500 on SQLite), keyed on a unique value given in
    no sorted order, into an empty table and one with rows: each id is the one the row
    got (on SQLite given in the INSERT, after the highest; PostgreSQL's COPY by lookup)."""
    import random

    from konsreg.models import Avtale

    tabell = Avtale.__table__  # type: ignore[attr-defined]
    tid = datetime(2026, 11, 27, 9, tzinfo=UTC)
    kolonner = ("handle", "tittel", "kategori_id", "status", "status_endret", "opprettet", "endret")

    def rad(n: int) -> tuple[Any, ...]:
        return (f"A{n}", f"Avtale {n}", 1, "ny", date(2026, 11, 27), tid, tid)

    tidligere = bulk.sett_inn_med_ider(
        okt, tabell, kolonner, [rad(-n) for n in range(for_)], "handle"
    )
    nr = list(range(1, 1235))
    random.Random(4).shuffle(nr)
    rader = [rad(n) for n in nr]
    ider = bulk.sett_inn_med_ider(okt, tabell, kolonner, rader, "handle")
    fra_basen = dict(bulk.velg_der(okt, tabell, ("handle", "id"), "handle", [r[0] for r in rader]))
    assert len(fra_basen) == len(rader) and len(set(ider)) == len(rader)
    assert ider == [fra_basen[r[0]] for r in rader]
    assert min(ider) > max(tidligere, default=0)
    assert bulk.sett_inn_med_ider(okt, tabell, kolonner, [], "handle") == []


def test_velg_der_finner_mange_og_ingen(okt: Any) -> None:
    """More values than one statement takes (500 a statement on SQLite, one array on
    PostgreSQL), dates back as dates with `som_dato`, and nothing for no values."""
    tabell = _historikk(okt)
    tid = datetime(2026, 11, 27, 9, tzinfo=UTC)
    kolonner = ("entitet", "entitet_id", "felt", "gammel", "ny", "tidspunkt", "av")
    bulk.sett_inn(
        okt, tabell, kolonner, [("sak", i, "x", None, f"n{i}", tid, "t") for i in range(1, 1201)]
    )
    funnet = bulk.velg_der(okt, tabell, ("entitet_id", "ny"), "entitet_id", range(0, 1300, 2))
    assert sorted(funnet) == [(i, f"n{i}") for i in range(2, 1201, 2)]
    assert bulk.velg_der(okt, tabell, ("id",), "entitet_id", []) == []
    assert bulk.som_dato("2026-11-27") == date(2026, 11, 27)
    assert bulk.som_dato(date(2026, 1, 2)) == date(2026, 1, 2) and bulk.som_dato(None) is None
