"""Errors: one Norwegian line on stderr starting with "Feil:", exit 1 for a refused
operation and 2 for wrong usage, never a traceback, and nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

import konsreg.register.avtaler
import konsreg.register.historikk
import konsreg.register.saker
from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    avtaler_json,
    avvises_uten_endring,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    ny_avtale,
    ny_sak,
    ojeblikksbilde,
    ok,
    sak_args,
    saker_json,
)


@pytest.fixture
def fylt(kjor: Kjor) -> dict[str, Any]:
    """A register with a case and an agreement; returns what a user can see of it."""
    ny_sak(kjor)
    ny_avtale(kjor)
    return ojeblikksbilde(kjor)


# -- wrong usage: exit 2 ---------------------------------------------------------------


BRUKSFEIL: list[tuple[str, ...]] = [
    ("saker", "--bogus"),
    ("sak", "ny", "--titel", "x"),
    ("finnesikke",),
    ("sak", "slett", "2026/1"),
    ("saker", "--format", "xml"),
    ("sak", "vis"),
    ("saker", "--type"),
    ("sak", "vis", "2026/1", "ekstra"),
    ("sak", "endre", "2026/1"),
    ("avtale", "endre", "A1"),
    ("sak", "ny", "--tittel", "Uten resten"),
    ("avtale", "ny", "--tittel", "Uten resten"),
    ("avtale", "forny", "A1"),
    ("db", "backup"),
]
BRUKSFEIL_TEKST = [
    "Ukjent valg «--bogus». Se «konsreg saker --help».",
    "Ukjent valg «--titel».",
    "Ukjent kommando «finnesikke». Se «konsreg --help».",
    "Ukjent kommando «slett». Mente du avslutt? Se «konsreg sak --help».",
    "«xml» er ikke et av valgene",
    "Mangler",
    "Valget --type trenger en verdi.",
    "Uventet argument «ekstra». Se «konsreg sak vis --help».",
    "Ingen endringer oppgitt",
    "Ingen endringer oppgitt",
    "Mangler --type",
    "Mangler --kategori",
    "Mangler --inngatt",
    "Mangler",
]


def test_bruksfeil_gir_kode_2(kjor: Kjor, fylt: dict[str, Any]) -> None:
    avvises_uten_endring(
        kjor, [(a, 2, t) for a, t in zip(BRUKSFEIL, BRUKSFEIL_TEKST, strict=True)], fylt
    )


def test_uten_kommando_vises_hjelpen_en_gang(kjor: Kjor) -> None:
    for args in ((), ("sak",), ("avtale",), ("db",)):
        r = kjor(*args)
        assert r.exit_code == 2
        assert r.output.count("Bruk:") == 1
        assert "Traceback" not in r.output


def test_uten_kommando_i_egen_prosess_vises_hjelpen_en_gang() -> None:
    # Outside CliRunner the help is rich; it used to be printed twice.
    r = subprocess.run(
        [sys.executable, "-m", "konsreg", "sak"], capture_output=True, text=True, check=False
    )
    assert r.returncode == 2
    assert (r.stdout + r.stderr).count("Bruk:") == 1
    assert "Traceback" not in r.stdout + r.stderr


# -- refused operations: exit 1, nothing changed ---------------------------------------


def test_ikke_funnet_gir_kode_1(kjor: Kjor, fylt: dict[str, Any]) -> None:
    avvises_uten_endring(
        kjor,
        [
            (("sak", "vis", "2026/2"), 1, "Finner ingen sak med saksnummer 2026/2"),
            (("sak", "vis", "x/y"), 1, "er ikke et saksnummer"),
            # Beyond any integer column: not found, not a database error.
            (("sak", "vis", "2026/99999999999"), 1, "Finner ingen sak med saksnummer 2026/9999"),
            (("sak", "endre", "2026/99999999999999999999", "--tittel", "x"), 1, "Finner ingen"),
            (("avtale", "vis", "99999999999999999999"), 1, "Finner ingen avtale"),
            (("sak", "endre", "2026/2", "--tittel", "x"), 1, "Finner ingen sak"),
            (("sak", "avslutt", "2026/2"), 1, "Finner ingen sak"),
            (("avtale", "vis", "A2"), 1, "Finner ingen avtale «A2»"),
            (("avtale", "endre", "A2", "--tittel", "x"), 1, "Finner ingen avtale"),
            (("avtale", "forny", "A2", "--inngatt", "1.1.2026"), 1, "Finner ingen avtale"),
        ],
        fylt,
    )


def test_ugyldig_sak_gir_kode_1(kjor: Kjor, fylt: dict[str, Any]) -> None:
    avvises_uten_endring(
        kjor,
        [
            (("sak", "ny", *sak_args(type="annet")), 1, "Ukjent sakstype «annet»"),
            (("sak", "ny", *sak_args(departement="XYZ")), 1, "Ukjent departementskode «XYZ»"),
            (("sak", "ny", *sak_args(meldt_inn_av="XYZ")), 1, "«XYZ»"),
            (("sak", "ny", *sak_args(oppmeldt="26")), 1, "«26»"),
            (("sak", "ny", *sak_args(status="ferdig")), 1, "Ukjent status «ferdig»"),
            (("sak", "endre", "2026/1", "--departement", "XYZ"), 1, "«XYZ»"),
            (("sak", "avslutt", "2026/1", "--dato", "31.02.2026"), 1, "«31.02.2026»"),
        ],
        fylt,
    )


def test_ugyldig_avtale_gir_kode_1(kjor: Kjor, fylt: dict[str, Any]) -> None:
    avvises_uten_endring(
        kjor,
        [
            (
                ("avtale", "ny", *avtale_args(inngatt="02.12.2022", utloper="01.12.2022")),
                1,
                "Utløper (01.12.2022) er før inngått (02.12.2022)",
            ),
            (("avtale", "ny", *avtale_args(part="AID, XYZ og KS")), 1, "Ukjent part «XYZ»"),
            (("avtale", "ny", *avtale_args(forste_avtale="2090")), 1, "fram i tid"),
            (("avtale", "ny", *avtale_args(inngatt="31.02.2026")), 1, "«31.02.2026»"),
            (("avtale", "ny", *avtale_args(kategori="skole")), 1, "Ukjent kategori «skole»"),
            (("avtale", "endre", "A1", "--utloper", "1.1.2000"), 1, "er før inngått"),
        ],
        fylt,
    )


def test_ugyldig_filter_gir_kode_1(kjor: Kjor, fylt: dict[str, Any]) -> None:
    avvises_uten_endring(
        kjor,
        [
            (("saker", "--departement", "XYZ"), 1, "«XYZ»"),
            (("avtaler", "--part", "XYZ"), 1, "«XYZ»"),
            (("avtaler", "--gjeldende-per", "31.02.2026"), 1, "«31.02.2026»"),
            (("departementer", "--ar", "x"), 1, "«x»"),
        ],
        fylt,
    )


def test_feil_etter_avvist_sak_gir_ingen_hull_i_nummereringen(kjor: Kjor) -> None:
    assert ny_sak(kjor) == "2026/1"
    feil(kjor("sak", "ny", *sak_args(departement="XYZ")), 1)
    feil(kjor("sak", "ny", *sak_args(tittel=None)), 2)
    assert ny_sak(kjor) == "2026/2"


# -- a failure halfway through a write leaves nothing behind ---------------------------


def _sprekk(*_: Any, **__: Any) -> None:
    raise RuntimeError("midt i skrivingen")


def test_feil_midt_i_ny_sak_lagrer_ingenting(
    kjor: Kjor, fylt: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The case row and the counter are written before the history row fails.
    with monkeypatch.context() as m:
        m.setattr(konsreg.register.historikk, "skriv_opprettet", _sprekk)
        linje = feil(kjor("sak", "ny", *sak_args()), 1, "Uventet feil", "Ingenting er lagret")
        assert "midt i skrivingen" in linje
    assert ojeblikksbilde(kjor) == fylt
    assert ny_sak(kjor) == "2026/2"


def test_feil_midt_i_endring_lagrer_ingenting(
    kjor: Kjor, fylt: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(konsreg.register.historikk, "logg", _sprekk)
        feil(kjor("sak", "endre", "2026/1", "--tittel", "Halvveis"), 1, "Uventet feil")
        feil(kjor("avtale", "endre", "A1", "--tittel", "Halvveis", "-p", "KS"), 1)
        feil(kjor("sak", "avslutt", "2026/1"), 1)
    assert ojeblikksbilde(kjor) == fylt


def test_feil_midt_i_fornyelse_lagrer_ingenting(
    kjor: Kjor, fylt: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The new agreement is written before the old one is closed; closing fails.
    with monkeypatch.context() as m:
        m.setattr(konsreg.register.avtaler, "endre", _sprekk)
        feil(kjor("avtale", "forny", "A1", "--inngatt", "01.01.2026"), 1, "Uventet feil")
    assert ojeblikksbilde(kjor) == fylt
    assert ny_avtale(kjor) == "A2"


def test_uventet_feil_uten_traceback(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(konsreg.register.saker, "liste", _sprekk)
    linje = feil(kjor("saker"), 1, "Uventet feil (RuntimeError: midt i skrivingen)")
    assert "KONSREG_DEBUG=1" in linje


# -- the database itself ---------------------------------------------------------------


def test_ugyldig_database_url(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KONSREG_DATABASE_URL", "ikke en url")
    feil(kjor("saker"), 1, "KONSREG_DATABASE_URL er ikke en gyldig database-URL")


def test_server_som_ikke_svarer_passordet_vises_aldri(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Port 1 on this machine: nothing listens, so the connection is refused at once.
    url = "postgresql+psycopg://konsreg:hemmelig-passord@127.0.0.1:1/konsreg"
    monkeypatch.setenv("KONSREG_DATABASE_URL", url)
    for args in (("saker",), ("sak", "ny", *sak_args()), ("db", "status"), ("db", "upgrade")):
        r = kjor(*args)
        linje = feil(r, 1, "127.0.0.1")
        assert "hemmelig-passord" not in r.output
        assert "***" in linje


def test_ukjent_databasedriver(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KONSREG_DATABASE_URL", "finnesikke://bruker:pw@vert/db")
    r = kjor("saker")
    feil(r, 1)
    assert "pw@" not in r.output


def test_avbrutt_ror_ikke_registeret(kjor: Kjor, fylt: dict[str, Any]) -> None:
    # `sak ny` with prompts refused at a terminal: covered in test_sak; here the
    # listings of an untouched register stay the same after a run of failures.
    for args in (("sak", "vis", "0/0"), ("avtale", "vis", "0"), ("saker", "--ar", "0")):
        assert kjor(*args).exit_code != 0
    assert saker_json(kjor) == fylt["saker"]
    assert avtaler_json(kjor) == fylt["avtaler"]


def test_lukket_ror_gir_ingen_traceback(kjor: Kjor) -> None:
    # `konsreg departementer | head -1`: the reader goes away before the output is written.
    ok(kjor("departementer"))  # create and migrate the register first
    prosess = subprocess.Popen(
        [sys.executable, "-m", "konsreg", "departementer", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert prosess.stdout is not None and prosess.stderr is not None
    prosess.stdout.close()
    feilmelding = prosess.stderr.read().decode()
    prosess.wait()
    assert "Traceback" not in feilmelding
    assert "Exception ignored" not in feilmelding
    assert "BrokenPipeError" not in feilmelding
