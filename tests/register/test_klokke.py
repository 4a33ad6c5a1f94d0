"""The register's clock: KONSREG_KLOKKE freezes it for a whole process (README's test)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from konsreg.register import klokke
from tests.conftest import Kjor


def test_uten_klokke_er_det_na(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KONSREG_KLOKKE", raising=False)
    for_ = datetime.now(UTC).replace(microsecond=0)
    assert for_ <= klokke.na() <= datetime.now(UTC)
    assert klokke.i_dag() in (date.today(), for_.astimezone().date())


@pytest.mark.parametrize(
    ("verdi", "ventet"),
    [
        ("2026-11-27T09:11:11+00:00", datetime(2026, 11, 27, 9, 11, 11, tzinfo=UTC)),
        ("2026-11-27T09:11:11Z", datetime(2026, 11, 27, 9, 11, 11, tzinfo=UTC)),
        ("2026-11-27T10:11:11.5+01:00", datetime(2026, 11, 27, 9, 11, 11, tzinfo=UTC)),
        ("2026-11-27T10:11:11", datetime(2026, 11, 27, 9, 11, 11, tzinfo=UTC)),  # Oslo time
    ],
)
def test_frosset_klokke(
    monkeypatch: pytest.MonkeyPatch, tidssone: Callable[[str], None], verdi: str, ventet: datetime
) -> None:
    tidssone("Europe/Oslo")
    monkeypatch.setenv("KONSREG_KLOKKE", verdi)
    assert klokke.na() == ventet
    assert klokke.i_dag() == date(2026, 11, 27)


@pytest.fixture
def tidssone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Set the process's time zone for one test (TZ and tzset), and back afterwards."""

    def sett(sone: str) -> None:
        monkeypatch.setenv("TZ", sone)
        time.tzset()

    yield sett
    monkeypatch.undo()
    time.tzset()


def test_dato_uten_tid_er_dagen_der_brukeren_er(
    monkeypatch: pytest.MonkeyPatch, tidssone: Callable[[str], None]
) -> None:
    # "2026-11-27" is that day also west of Greenwich (read as UTC it was the 26th there).
    tidssone("America/New_York")
    monkeypatch.setenv("KONSREG_KLOKKE", "2026-11-27")
    assert klokke.i_dag() == date(2026, 11, 27)
    assert klokke.na() == datetime(2026, 11, 27, 5, tzinfo=UTC)


def test_kommandoene_bruker_den_frosne_klokken(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, eget_register: object
) -> None:
    monkeypatch.setenv("KONSREG_KLOKKE", "2031-02-03T04:05:06+00:00")
    r = kjor("sak", "ny", "-t", "lov", "-d", "HOD", "--tittel", "x", "--meldt-inn-av", "KS", "-q")
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "2031/1"  # oppmeldt defaults to the frozen year
    vist = json.loads(kjor("sak", "vis", "2031/1", "--format", "json").stdout)
    assert (vist["opprettet"], vist["status_endret"]) == ("2031-02-03T04:05:06+00:00", "2031-02-03")


@pytest.mark.parametrize("verdi", ["i morgen", "2026-13-01", "\x1b[2J"])
def test_en_klokke_som_ikke_er_et_tidspunkt_stopper_alt(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, eget_register: object, verdi: str
) -> None:
    monkeypatch.setenv("KONSREG_KLOKKE", verdi)
    r = kjor("saker")  # a listing too, not only the commands that write
    assert r.exit_code == 2
    assert r.stderr.startswith("Feil: KONSREG_KLOKKE=«")
    assert "er ikke et tidspunkt" in r.stderr
    assert "\x1b" not in r.stderr


def test_en_endring_ved_midnatt_dateres_der_brukeren_er(
    kjor: Kjor,
    monkeypatch: pytest.MonkeyPatch,
    tidssone: Callable[[str], None],
    eget_register: object,
) -> None:
    # 00:30 on New Year's Day in Oslo is 23:30 UTC the day before: the case is of the new
    # year and its status dated that day, by the CLI and the register alike.
    tidssone("Europe/Oslo")
    monkeypatch.setenv("KONSREG_KLOKKE", "2026-12-31T23:30:00+00:00")
    r = kjor("sak", "ny", "-t", "lov", "-d", "HOD", "--tittel", "x", "--meldt-inn-av", "KS", "-q")
    assert r.stdout.strip() == "2027/1", r.stderr
    vist = json.loads(kjor("sak", "vis", "2027/1", "--format", "json").stdout)
    assert vist["status_endret"] == "2027-01-01"
