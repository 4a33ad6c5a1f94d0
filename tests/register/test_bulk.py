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
