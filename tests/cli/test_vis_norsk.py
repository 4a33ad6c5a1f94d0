"""`vis` at the terminal in Norwegian (issue 15, item 2): the fields' labels, the
statuses as words and the history's values as a person reads them; the machine formats
keep the field names and the stored values."""

from __future__ import annotations

import json

import pytest

from konsreg.render.post import feltnavn, historikkverdi
from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, frys_tid, ny_avtale, ok  # noqa: F401  (autouse)

AVTALE_VIS = """\
Avtale A1
┌───────────────────────┬───────────────────────────────────────────────────┐
│ Id                    │ A1                                                │
│ Tittel                │ Samarbeidsavtale om partnerskapet i NAV-kontorene │
│ Kategori              │ samhandling                                       │
│ Parter                │ AID og KS                                         │
│ Inngått               │ juni 2023                                         │
│ Gyldig fra            │                                                   │
│ Utløper               │ 31.12.2026                                        │
│ Første avtale inngått │ 2012                                              │
│ Status                │ pågående                                          │
│ Status endret         │ 01.03.2026                                        │
│ Fornyer               │                                                   │
│ Opprettet             │ 30.04.2026 10:15                                  │
│ Endret                │ 30.04.2026 10:15                                  │
│ Serie                 │ A1                                                │
│ Fullt navn            │                                                   │
└───────────────────────┴───────────────────────────────────────────────────┘
Historikk
┏━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ Tidspunkt        ┃ Av     ┃ Felt          ┃ Gammel verdi ┃ Ny verdi   ┃
┡━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ 30.04.2026 10:15 │ tester │ Opprettet     │              │ A1         │
│ 30.04.2026 10:15 │ tester │ Inngått       │ 04.01.2023   │ juni 2023  │
│ 30.04.2026 10:15 │ tester │ Status        │ ny           │ pågående   │
│ 30.04.2026 10:15 │ tester │ Status endret │ 30.04.2026   │ 01.03.2026 │
└──────────────────┴────────┴───────────────┴──────────────┴────────────┘
"""


@pytest.fixture
def endret(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> Kjor:
    frys_tid(monkeypatch)
    ny_avtale(kjor)
    ok(kjor("avtale", "endre", "A1", "--inngatt", "juni 2023", "--status", "pågående"))
    ok(kjor("avtale", "endre", "A1", "--dato", "1.3.2026"))
    return kjor


def test_avtale_vis_i_terminalen_eksakt(endret: Kjor) -> None:
    r = ok(endret("avtale", "vis", "A1", "-f", "table", env={"COLUMNS": "80"}))
    assert "\n".join(linje.rstrip() for linje in r.stdout.splitlines()) + "\n" == AVTALE_VIS


def test_maskinformatene_har_feltnavnene_og_de_lagrede_verdiene(endret: Kjor) -> None:
    data = json.loads(ok(endret("avtale", "vis", "A1", "-f", "json")).stdout)
    assert "forste_avtale" in data and "inngatt" in data and data["status"] == "pagaende"
    assert [(h["felt"], h["gammel"], h["ny"]) for h in data["historikk"]] == [
        ("opprettet", None, "A1"),
        ("inngatt", "2023-01-04", "2023-06"),
        ("status", "ny", "pagaende"),
        ("status_endret", "2026-04-30", "2026-03-01"),
    ]
    tsv = ok(endret("avtale", "vis", "A1", "-f", "tsv")).stdout
    assert tsv.startswith("id\ttittel\tkategori\tparter\tinngatt\t")
    md = ok(endret("avtale", "vis", "A1", "-f", "markdown")).stdout
    assert "| inngatt | juni 2023 |" in md


def test_historikkens_verdier_for_mennesker() -> None:
    assert historikkverdi("utloper", "2025-12-31") == "31.12.2025"
    assert historikkverdi("inngatt", "2024-06") == "juni 2024"
    assert historikkverdi("status", "pagaende") == "pågående"
    assert historikkverdi("status", "avholdt") == "avholdt"
    assert historikkverdi("sporsmal", '["Hva?", "Hvorfor?"]') == "Hva?\nHvorfor?"
    assert historikkverdi("tittel", "2025-12-31") == "2025-12-31"  # a title, not a date
    assert historikkverdi("utloper", "ikke en dato") == "ikke en dato"
    assert historikkverdi("utloper", None) == ""
    assert feltnavn("forste_avtale") == "Første avtale inngått"
    assert feltnavn("meldt_inn_av") == "Meldt inn av"
    assert feltnavn("noe_nytt") == "Noe nytt"


def test_mote_og_punkt_vis_har_norske_navn(kjor: Kjor) -> None:
    ok(kjor("eksempel"))
    ok(kjor("punkt", "endre", "2026-2/2", "--sporsmal", "Hva?", "--sporsmal", "Hvorfor?"))
    ok(kjor("mote", "endre", "2026-2", "--dato", "17.04.2026", "--status", "avholdt"))
    mote = ok(kjor("mote", "vis", "2026-2", "-f", "table", env={"COLUMNS": "120"})).stdout
    for ord_ in ("Forrige konsultasjonsmøte", "│ Dato", "16.04.2026", "17.04.2026", "avholdt"):
        assert ord_ in mote
    assert "2026-04-16" not in mote and "forrige_plenum" not in mote
    punkt = ok(kjor("punkt", "vis", "2026-2/2", "-f", "table", env={"COLUMNS": "120"})).stdout
    assert "│ Spørsmål" in punkt and "│ Ønsket resultat" in punkt and "│ Meldt inn av" in punkt
    assert '["Hva?", "Hvorfor?"]' not in punkt and "Hvorfor?" in punkt
