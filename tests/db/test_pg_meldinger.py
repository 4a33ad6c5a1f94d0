"""What the user is told when PostgreSQL says no: which part of the URL to fix, in
Norwegian, and never the password."""

from __future__ import annotations

import pytest

from tests.conftest import Kjor, krever_pg

PASSORD = "Hemm3lig-Pa55"


@pytest.mark.bare_sqlite  # sets its own URL; needs the server, not the PostgreSQL run
@pytest.mark.parametrize(
    ("url", "melding"),
    [
        (f"postgresql://postgres:{PASSORD}@127.0.0.1:5432/finnesikke", "finnes ikke på serveren"),
        (f"postgresql://ingenslik:{PASSORD}@127.0.0.1:5432/test", "Brukeren i"),
        (f"postgresql://postgres:{PASSORD}@127.0.0.1:5432/test?sslmode=tull", "er ugyldig"),
        (f"postgresql://postgres:{PASSORD}@127.0.0.1:5432/test?foo=bar", "er ugyldig"),
        (f"postgresql://postgres:{PASSORD}@127.0.0.1:1/test", "sjekk at serveren kjører"),
    ],
)
def test_postgresql_sier_nei(kjor: Kjor, url: str, melding: str) -> None:
    krever_pg()
    r = kjor("saker", env={"KONSREG_DATABASE_URL": url})
    assert r.exit_code == 1
    assert r.stderr.startswith("Feil: ")
    assert melding in r.stderr
    assert PASSORD not in r.output
    assert "***" in r.stderr
