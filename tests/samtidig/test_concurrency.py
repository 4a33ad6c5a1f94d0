"""Numbering under concurrency: several OS processes register at once in the same
register (SQLite file or PostgreSQL schema, whichever the suite runs on; the
fixture's KONSREG_DB / KONSREG_DATABASE_URL reach the children through the
environment). Every number is given exactly once, without gaps and without errors."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import Kjor
from tests.hjelp import (
    avtaler_json,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    ok,
    saker_json,
)

# Subprocesses and whole-file round trips: in CI, outside `pytest -m "not slow"`.
pytestmark = pytest.mark.slow

# A worker: waits at the start line, then registers ANTALL cases (alternating between
# two years) and an agreement for every third case, through the CLI's own entry point.
ARBEIDER = r"""
import sys, time
from pathlib import Path
from typer.main import get_command
from konsreg.cli.app import app


konsreg = get_command(app)  # built once: the command tree takes a while to build

start, navn, antall = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
Path(f"{start}.{navn}").touch()
while not start.exists():
    time.sleep(0.005)
for i in range(antall):
    ar = "2026" if i % 2 == 0 else "2025"
    kode = konsreg.main(
        ["sak", "ny", "-t", "lov", "-d", "KD", "--tittel", f"{navn} {i}", "--oppmeldt", ar,
         "--meldt-inn-av", "KS", "-q"],
        standalone_mode=False,
    )
    if kode:
        sys.exit(kode)
    if i % 3:
        continue
    kode = konsreg.main(
        ["avtale", "ny", "--tittel", f"{navn} {i}", "-k", "velferd", "-p", "KD og KS",
         "--inngatt", "01.01.2026", "-q"],
        standalone_mode=False,
    )
    if kode:
        sys.exit(kode)
"""

PROSESSER = 3
ANTALL = 30


def _samtidig(skript: str, tmp_path: Path, antall: int) -> list[tuple[str, str]]:
    """PROSESSER processes running `skript`, released at once when all have started;
    each must end with exit code 0. Returns their (stdout, stderr)."""
    start = tmp_path / "start"
    prosesser = [
        subprocess.Popen(
            [sys.executable, "-c", skript, str(start), f"p{n}", str(antall)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROSESSER)
    ]
    try:
        # Let them all start (imports take a while), then release them at once.
        klare = [Path(f"{start}.p{n}") for n in range(PROSESSER)]
        while not all(k.exists() for k in klare):
            for p in prosesser:
                assert p.poll() is None, p.communicate()
        start.touch()
        resultater = [p.communicate(timeout=300) for p in prosesser]
    finally:
        for p in prosesser:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, (ut, feil) in zip(prosesser, resultater, strict=True):
        assert p.returncode == 0, feil
        assert "Traceback" not in ut
    return resultater


def test_samtidige_prosesser_far_hvert_nummer_en_gang(tmp_path: Path, kjor: Kjor) -> None:
    # The register is new: the first registrations also race to create its schema.
    resultater = _samtidig(ARBEIDER, tmp_path, ANTALL)
    for _, feil in resultater:
        assert feil == ""
    utskrift = [linje for ut, _ in resultater for linje in ut.splitlines()]
    saksnumre = [linje for linje in utskrift if "/" in linje]
    handles = [linje for linje in utskrift if linje.startswith("A")]
    n = PROSESSER * ANTALL
    per_ar = n // 2
    assert Counter(saksnumre) == Counter(
        [f"2026/{i}" for i in range(1, per_ar + 1)] + [f"2025/{i}" for i in range(1, per_ar + 1)]
    )
    assert Counter(handles) == Counter(f"A{i}" for i in range(1, PROSESSER * ANTALL // 3 + 1))
    # The register agrees with what the processes printed.
    saker = saker_json(kjor)
    assert sorted(s["saksnummer"] for s in saker) == sorted(saksnumre)
    assert len({s["tittel"] for s in saker}) == n
    assert sorted(a["id"] for a in avtaler_json(kjor)) == sorted(handles)
    # Each process's own cases got increasing numbers (one counter, in order).
    for navn in (f"p{k}" for k in range(PROSESSER)):
        egne = [s for s in saker if s["tittel"].startswith(f"{navn} ") and s["oppmeldt"] == 2026]
        egne.sort(key=lambda s: int(s["tittel"].split()[1]))
        lopenr = [int(s["saksnummer"].split("/")[1]) for s in egne]
        assert lopenr == sorted(lopenr)


def test_samtidige_konsreg_kommandoer(kjor: Kjor) -> None:
    # The real command, `python -m konsreg sak ny -q`, three at once on an existing register.
    ok(kjor("db", "upgrade"))
    prosesser = [
        subprocess.Popen(
            [
                *(sys.executable, "-m", "konsreg", "sak", "ny", "-t", "kostnad", "-d", "HOD"),
                *("--tittel", f"Sak {n}", "--oppmeldt", "2026", "--meldt-inn-av", "KS", "-q"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for n in range(3)
    ]
    resultater = [p.communicate(timeout=120) for p in prosesser]
    assert [p.returncode for p in prosesser] == [0, 0, 0], resultater
    assert all(feil == "" for _, feil in resultater)
    assert sorted(ut for ut, _ in resultater) == [f"2026/{i}\n" for i in range(1, 4)]
    r = ok(kjor("saker", "--format", "json"))
    assert sorted(s["saksnummer"] for s in json.loads(r.stdout)) == [
        f"2026/{i}" for i in range(1, 4)
    ]


PUNKTARBEIDER = r"""
import sys, time
from pathlib import Path
from typer.main import get_command
from konsreg.cli.app import app

konsreg = get_command(app)
start, navn, antall = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
Path(f"{start}.{navn}").touch()
while not start.exists():
    time.sleep(0.005)
for i in range(antall):
    kode = konsreg.main(
        ["punkt", "ny", "2026-2", "--ks-innspill", f"{navn} {i}", "--tekst", "Tekst."],
        standalone_mode=False,
    )
    if kode:
        sys.exit(kode)
"""


def test_samtidige_punkter_far_hvert_nummer_og_hver_plass_en_gang(
    tmp_path: Path, kjor: Kjor
) -> None:
    """Items are numbered and placed under the meeting's lock: processes adding items to
    one meeting at once never share a number or a place in the chapter."""
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    resultater = _samtidig(PUNKTARBEIDER, tmp_path, ANTALL // 2)
    n = PROSESSER * (ANTALL // 2)
    utskrift = [linje for ut, _ in resultater for linje in ut.splitlines()]
    assert Counter(utskrift) == Counter(f"2026-2/{i}" for i in range(1, n + 1))
    punkter = json.loads(ok(kjor("punkt", "liste", "2026-2", "-f", "json")).stdout)
    assert sorted(p["posisjon"] for p in punkter) == list(range(1, n + 1))
