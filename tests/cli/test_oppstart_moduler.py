"""What a short command loads (issue 12, item 5: start-up at the floor), seen from outside:
`python -X importtime -m konsreg …` in a fresh process lists every module it imported.

`--help` and shell completion run at every look at the help and every Tab: no SQLAlchemy.
A listing loads neither the import (konsreg.register.importer, konsreg.lesere) nor, for
`saker` and `avtaler`, the appendix layout (konsreg.render.vedlegg); no command here loads
what only documents need (markdown_it, docx, jinja2), nor (`saker`, `avtaler`, `sak ny`) the
rules of the material and the timeline; and a command on a register at the current
revision no Alembic. (tests/samtidig/test_oppstart.py, marked
slow, checks more commands; these few run with the fast tests.)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Kjor
from tests.hjelp import ok

IMPORTEN = ("konsreg.register.importer", "konsreg.lesere")
VEDLEGGSOPPSETT = ("konsreg.render.vedlegg",)
# What only the documents need (the material's Markdown, HTML and Word): a listing loads
# none of it.
DOKUMENTER = ("markdown_it", "docx", "jinja2")
# What only Excel workbooks need (issue 15): loaded by `-f xlsx` and `import … FIL.xlsx`.
EXCEL = ("xlsxwriter", "python_calamine", "konsreg.render.arbeidsbok", "konsreg.lesere.arbeidsbok")
# What only a meeting's material and the timeline need: models.py names their types for
# the type checker alone.
MATERIALET = ("konsreg.regler.materiale", "konsreg.regler.mote", "konsreg.regler.tidslinje")


def _moduler(*args: str, env: dict[str, str] | None = None) -> tuple[str, set[str]]:
    """Run `python -X importtime -m konsreg ARGS`: its stdout, and every module it imported."""
    r = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "konsreg", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )
    moduler = {
        m[1] for m in re.finditer(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)", r.stderr, re.M)
    }
    linjer = [linje for linje in r.stderr.splitlines() if not linje.startswith("import time:")]
    assert r.returncode == 0, "\n".join(linjer)
    assert "konsreg.cli.app" in moduler, "fant ingen importtime-linjer"  # the probe sees imports
    return r.stdout, moduler


def _under(moduler: set[str], *pakker: str) -> list[str]:
    """The modules that are one of `pakker` or inside one of them."""
    return sorted(m for m in moduler if any(m == p or m.startswith(p + ".") for p in pakker))


def test_hjelp_laster_ikke_sqlalchemy() -> None:
    ut, moduler = _moduler("--help")
    assert "Bruk:" in ut
    assert _under(moduler, "sqlalchemy", "sqlmodel", "konsreg.models", "konsreg.db") == []
    assert _under(moduler, *EXCEL) == []


def test_excel_lastes_bare_for_arbeidsbok(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    sti = tmp_path / "saker.xlsx"
    _, moduler = _moduler("eksport", "saker", "-o", str(sti))
    assert {"xlsxwriter", "konsreg.render.arbeidsbok"} <= moduler
    assert _under(moduler, "python_calamine", "openpyxl") == []
    _, moduler = _moduler("import", "saker", str(sti), "--dry-run", "--ved-konflikt", "hopp-over")
    assert {"python_calamine", "konsreg.lesere.arbeidsbok"} <= moduler
    assert _under(moduler, "xlsxwriter", "openpyxl") == []


@pytest.mark.parametrize(
    ("ord_", "ventet"),
    [
        ("konsreg av", {"avtale", "avtaler"}),  # a command
        ("konsreg avtaler --ut", {"--utlop", "--utloper-innen"}),  # an option
        ("konsreg vedlegg c --format ", {"csv", "markdown"}),  # an option's values
    ],
)
def test_bash_fullforing_laster_ikke_sqlalchemy(ord_: str, ventet: set[str]) -> None:
    # Click's completion protocol, as the script from `konsreg --install-completion` uses it.
    ut, moduler = _moduler(
        env={
            "_KONSREG_COMPLETE": "complete_bash",
            "COMP_WORDS": ord_,
            "COMP_CWORD": str(len(ord_.split(" ")) - 1),
        }
    )
    assert ventet <= set(ut.split()), ut
    assert _under(moduler, "sqlalchemy", "sqlmodel", "konsreg.models", "konsreg.db") == []


@pytest.mark.parametrize(
    ("args", "ubrukt", "brukt"),
    [
        (("saker",), IMPORTEN + VEDLEGGSOPPSETT + DOKUMENTER + EXCEL + MATERIALET, ()),
        (
            ("avtaler", "--utlop", "2026"),
            IMPORTEN + VEDLEGGSOPPSETT + DOKUMENTER + EXCEL + MATERIALET,
            (),
        ),
        (("eksport", "saker", "-f", "csv"), IMPORTEN + VEDLEGGSOPPSETT + DOKUMENTER + EXCEL, ()),
        (("sok", "bosetting"), IMPORTEN + VEDLEGGSOPPSETT + DOKUMENTER, ("konsreg.register.sok",)),
        # The other side: the probe does see the modules a command uses.
        (
            ("vedlegg", "c", "--ar", "2026", "--per", "2026-04-30"),
            IMPORTEN + DOKUMENTER,
            VEDLEGGSOPPSETT,
        ),
        (
            ("sak", "ny", "-t", "lov", "-d", "KDD", "--tittel", "Ny sak", "--meldt-inn-av", "KS"),
            IMPORTEN + VEDLEGGSOPPSETT + DOKUMENTER + MATERIALET,
            (),
        ),
    ],
)
def test_kommando_laster_bare_det_den_bruker(
    kjor: Kjor, args: tuple[str, ...], ubrukt: tuple[str, ...], brukt: tuple[str, ...]
) -> None:
    ok(kjor("eksempel"))  # a register at the current revision, with cases and agreements
    ut, moduler = _moduler(*args)
    assert ut.strip()
    assert {"konsreg.models", *brukt} <= moduler  # the command did read the register
    assert _under(moduler, *ubrukt, "alembic") == []
