"""What konsreg loads at start-up, seen from outside through `python -X importtime`.

`--help` and shell completion run at every Tab and every look at the help, so they must
not load SQLAlchemy, SQLModel, Alembic or dateutil. A command on a register that is at
the current revision checks that revision with one query and must not load Alembic;
only a register that needs an upgrade does. (test_startup.py checks `--help` and its
subcommands from inside one process; these tests run the real entry point.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import Kjor
from tests.hjelp import ok

TUNGE = {"sqlalchemy", "sqlmodel", "alembic", "dateutil"}


def _kjor(
    *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """`python -X importtime -m konsreg ARGS`: the result, and the top-level packages imported."""
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "konsreg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    pakker = {
        m[1].split(".")[0]
        for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", r.stderr, re.MULTILINE)
    }
    assert pakker, f"fant ingen importtime-linjer:\n{r.stderr}"
    return r, pakker


def _uten_importtid(stderr: str) -> str:
    return "\n".join(linje for linje in stderr.splitlines() if not linje.startswith("import time:"))


def test_hjelp_gjennom_python_m_konsreg() -> None:
    r, pakker = _kjor("--help")
    assert r.returncode == 0, _uten_importtid(r.stderr)
    assert "Usage" in r.stdout
    assert "typer" in pakker  # the probe sees imports at all
    assert not pakker & TUNGE, sorted(pakker & TUNGE)


@pytest.mark.parametrize(
    ("ord_", "forventet"),
    [
        ("konsreg av", {"avtale", "avtaler"}),
        ("konsreg avtale liste --ut", {"--utlop", "--utloper-innen"}),
        ("konsreg avtaler --format ", {"csv", "json", "markdown"}),
        ("konsreg import vedlegg ", {"a", "b", "c"}),
        ("konsreg sak ny --", {"--type", "--departement", "--tittel"}),
    ],
)
def test_bash_fullforing_laster_ingen_tunge_moduler(ord_: str, forventet: set[str]) -> None:
    ordene = ord_.split(" ")
    r, pakker = _kjor(
        env={
            "_KONSREG_COMPLETE": "complete_bash",
            "COMP_WORDS": ord_,
            "COMP_CWORD": str(len(ordene) - 1),
        }
    )
    assert r.returncode == 0, _uten_importtid(r.stderr)
    assert forventet <= set(r.stdout.split()), r.stdout
    assert not pakker & TUNGE, sorted(pakker & TUNGE)


def test_zsh_fullforing_laster_ingen_tunge_moduler() -> None:
    r, pakker = _kjor(
        env={"_KONSREG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "konsreg ved"}
    )
    assert r.returncode == 0, _uten_importtid(r.stderr)
    assert "vedlegg" in r.stdout
    assert not pakker & TUNGE, sorted(pakker & TUNGE)


@pytest.mark.parametrize(
    "args",
    [
        ("saker",),
        ("avtaler", "--utlop", "2026"),
        ("vedlegg", "c", "--ar", "2026", "--per", "2026-04-30"),
        ("departementer", "--format", "json"),
        ("db", "status"),
        ("sak", "ny", "-t", "lov", "-d", "KDD", "--tittel", "Kommuneloven", "--meldt-inn-av", "KS"),
    ],
)
def test_kommando_paa_gjeldende_register_laster_ikke_alembic(
    kjor: Kjor, args: tuple[str, ...]
) -> None:
    ok(kjor("db", "upgrade"))  # the register is at the current revision before the command
    r, pakker = _kjor(*args)
    assert r.returncode == 0, _uten_importtid(r.stderr)
    assert "sqlalchemy" in pakker  # the command did open the register
    assert "alembic" not in pakker


def test_register_som_maa_oppgraderes_laster_alembic() -> None:
    # The other side of the check above: a new, empty register is migrated, with Alembic.
    r, pakker = _kjor("saker")
    assert r.returncode == 0, _uten_importtid(r.stderr)
    assert "alembic" in pakker
