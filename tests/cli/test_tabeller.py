"""Tables at a terminal 70, 80, 120 and 200 columns wide (issue 15, item 3): the listings
and the appendices of `konsreg eksempel`, exactly as a person sees them (the golden
texts in tests/data/tabeller/), and the rules each of them keeps: the title column never
below 40 % of the width, no value cut or wrapped, «SD og KS» on one line.

`KONSREG_SKRIV_GULL=1 pytest tests/cli/test_tabeller.py` writes the golden texts anew
(look at the difference before committing it)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, frys_tid, ok  # noqa: F401  (autouse)

GULL = Path(__file__).parent.parent / "data" / "tabeller"
BREDDER = (70, 80, 120, 200)
KOMMANDOER = {
    "saker": ("saker",),
    "avtaler": ("avtaler",),
    "moter": ("mote", "liste"),
    "punkter": ("punkt", "liste", "2026-2"),
    "departementer": ("departementer",),
    "vedlegg-a": ("vedlegg", "a", "--ar", "2026"),
    "vedlegg-b": ("vedlegg", "b", "--ar", "2026"),
    "vedlegg-c": ("vedlegg", "c", "--ar", "2026", "--per", "2026-04-30"),
}


@pytest.fixture
def eksempel(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> Kjor:
    frys_tid(monkeypatch)
    ok(kjor("eksempel"))
    return kjor


def _tegn(kjor: Kjor, args: tuple[str, ...], bredde: int) -> str:
    r = ok(kjor(*args, "-f", "table", env={"COLUMNS": str(bredde)}))
    # rich pads each line to the width; the golden texts keep no trailing blanks.
    return "\n".join(linje.rstrip() for linje in r.stdout.splitlines()) + "\n"


def _alle(kjor: Kjor, args: tuple[str, ...]) -> str:
    return "".join(f"=== {b} kolonner ===\n{_tegn(kjor, args, b)}" for b in BREDDER)


@pytest.mark.parametrize("navn", sorted(KOMMANDOER))
def test_tabellene_eksakt(eksempel: Kjor, navn: str) -> None:
    fil = GULL / f"{navn}.txt"
    tekst = _alle(eksempel, KOMMANDOER[navn])
    if os.environ.get("KONSREG_SKRIV_GULL"):
        fil.parent.mkdir(exist_ok=True)
        fil.write_text(tekst, encoding="utf-8")
    assert tekst == fil.read_text(encoding="utf-8")


def _kolonnebredder(tekst: str) -> list[int]:
    """The inner widths of a table's columns, from its top border (`┏━━━┳━━┓`)."""
    topp = next(linje for linje in tekst.splitlines() if linje.startswith(("┏", "┌")))
    return [len(del_) for del_ in re.split("[┳┬]", topp.strip("┏┓┌┐"))]


@pytest.mark.parametrize("bredde", BREDDER)
@pytest.mark.parametrize("navn", sorted(KOMMANDOER))
def test_reglene(eksempel: Kjor, navn: str, bredde: int) -> None:
    tekst = _tegn(eksempel, KOMMANDOER[navn], bredde)
    assert max(len(linje) for linje in tekst.splitlines()) <= bredde
    # Dates, case numbers and ids whole, on one line.
    assert not re.search(r"\b\d{2}\.\d{2}\.\s*[│┃]", tekst)
    assert not re.search(r"\b20\d\d/\s*[│┃]", tekst)
    if navn in ("avtaler", "vedlegg-c"):
        # The parties' last code stays with "og KS" (titles may break anywhere).
        assert not re.search(r"(SD|KDD|HOD|KD|AID|DFD) og\s*[│┃]", tekst)
        assert not re.search(r"[│┃] og KS", tekst)
    bredder = _kolonnebredder(tekst)
    i = _kolonne(tekst, TITTEL.get(navn, "Avtale|Sak"))
    # The title column: 40 % of the width with its padding, unless the titles are shorter.
    assert bredder[i] >= min(round(0.4 * bredde), _lengste_tittel(tekst, i)), (navn, bredder)


# The heading of each listing's title column (an appendix's is its first).
TITTEL = {"moter": "Tema", "departementer": "Navn"}


def _kolonne(tekst: str, overskrift: str) -> int:
    """The index of the column whose heading matches `overskrift`."""
    linjer = tekst.splitlines()
    hode = linjer[next(n for n, linje in enumerate(linjer) if linje.startswith("┏")) + 1 :]
    for linje in hode[: next(n for n, linje in enumerate(hode) if linje.startswith("┡"))]:
        for i, celle in enumerate(linje.strip("┃").split("┃")):
            if re.search(overskrift if overskrift != "Avtale|Sak" else "Tittel", celle):
                return i
    return 0


def _lengste_tittel(tekst: str, i: int) -> int:
    """The inner width the column's longest cell needs (its text plus two spaces)."""
    celler = [
        linje.strip("│").split("│")[i].strip()
        for linje in tekst.splitlines()
        if linje.startswith("│")
    ]
    return max(len(c) for c in celler) + 2


def test_vedlegg_c_ved_70_kolonner_er_lesbart(eksempel: Kjor) -> None:
    tekst = _tegn(eksempel, KOMMANDOER["vedlegg-c"], 70)
    assert _kolonnebredder(tekst)[0] >= 30  # was 8, "sammen/hengen/de"
    assert "sammenhengende helse- og" in tekst
    assert tekst.rstrip().endswith("Ikke vist i et så smalt vindu: Inngått, Første avtale inngått.")


def test_parter_brytes_ikke_i_og_ks_ved_120_kolonner(eksempel: Kjor) -> None:
    for args in (KOMMANDOER["vedlegg-c"], KOMMANDOER["avtaler"]):
        tekst = _tegn(eksempel, args, 120)
        linjer = [linje for linje in tekst.splitlines() if "KUD" in linje or "SD og KS" in linje]
        assert any("SD og KS" in linje for linje in linjer), tekst


def test_overskriften_brytes_i_stedet_for_dataene(eksempel: Kjor) -> None:
    tekst = _tegn(eksempel, KOMMANDOER["vedlegg-c"], 120)
    # "Første / avtale / inngått" over a column as wide as its years.
    assert re.search(r"┃ Første  ┃\n.*┃ avtale  ┃\n.*┃ inngått ┃", tekst)
    assert "│ 2009    │" in tekst
