"""`konsreg --help` stays instant: the slow imports (SQLAlchemy, SQLModel, Alembic,
dateutil) are loaded only by the commands that need them."""

from __future__ import annotations

import subprocess
import sys

import pytest

TREGE = ("sqlalchemy", "sqlmodel", "alembic", "dateutil")

SKRIPT = """
import sys
from konsreg.cli.app import app
try:
    app(sys.argv[1:])
except SystemExit as slutt:
    kode = slutt.code
lastet = sorted({m.split(".")[0] for m in sys.modules} & set(TREGE))
print("LASTET:" + ",".join(lastet))
sys.exit(kode)
"""


def _lastet(*args: str) -> tuple[int, str, list[str]]:
    r = subprocess.run(
        [sys.executable, "-c", f"TREGE = {TREGE!r}\n{SKRIPT}", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    linjer = r.stdout.splitlines()
    assert linjer and linjer[-1].startswith("LASTET:"), r.stdout + r.stderr
    lastet = [m for m in linjer[-1].removeprefix("LASTET:").split(",") if m]
    return r.returncode, "\n".join(linjer[:-1]) + r.stderr, lastet


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("--version",),
        ("sak", "--help"),
        ("sak", "ny", "--help"),
        ("avtale", "liste", "--help"),
        ("db", "--help"),
    ],
)
def test_hjelp_laster_ingen_trege_moduler(args: tuple[str, ...]) -> None:
    kode, ut, lastet = _lastet(*args)
    assert kode == 0, ut
    assert "Usage" in ut or "konsreg" in ut
    assert lastet == []


def test_en_kommando_som_bruker_databasen_laster_dem() -> None:
    # The check above can fail: a command that opens the register does load SQLAlchemy.
    kode, ut, lastet = _lastet("departementer", "--format", "json")
    assert kode == 0, ut
    assert "sqlalchemy" in lastet
