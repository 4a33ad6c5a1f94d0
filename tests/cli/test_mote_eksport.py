"""Issue 13, item 10: meetings and agenda items travel with the register. `eksport alt`
writes them, `import alt` reads them back (one transaction, the rules of `mote ny` and
`punkt ny`), `db kopier` carries them; agreements carry their official title
(`fullt_navn`) out and back in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, ny_avtale, ok, vis_json

_ = bygg_kommandoen_en_gang


def _jsonl(tekst: str) -> list[dict[str, Any]]:
    return [json.loads(linje) for linje in tekst.splitlines() if linje]


# -- fullt_navn ------------------------------------------------------------------------


def test_eksport_og_import_av_avtaler_har_fullt_navn(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    eksport = ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout
    avtaler = {a["tittel"]: a for a in _jsonl(eksport)}
    assert avtaler["Samarbeidsavtale om digital samhandling og helseteknologi"]["fullt_navn"] == (
        "Samarbeid om å styrke digital samhandling og raskere innføring av helseteknologi"
    )
    assert sum(a["fullt_navn"] is not None for a in avtaler.values()) == 5
    # CSV: the new column last, so the columns before it keep their places.
    assert (
        ok(kjor("eksport", "avtaler")).stdout.split("\n")[0].endswith(",kategori_navn,fullt_navn")
    )
    fil = tmp_path / "avtaler.jsonl"
    fil.write_text(eksport, encoding="utf-8")
    tom = ("--db", str(tmp_path / "tom.db"))
    ok(kjor(*tom, "import", "avtaler", str(fil)))
    assert ok(kjor(*tom, "eksport", "avtaler", "-f", "jsonl")).stdout == eksport
    csv = ok(kjor("eksport", "avtaler", "-f", "csv")).stdout
    (tmp_path / "avtaler.csv").write_text(csv, encoding="utf-8")
    tom2 = ("--db", str(tmp_path / "tom2.db"))
    ok(kjor(*tom2, "import", "avtaler", str(tmp_path / "avtaler.csv")))
    assert ok(kjor(*tom2, "eksport", "avtaler", "-f", "csv")).stdout == csv


def test_import_endrer_og_tommer_fullt_navn(kjor: Kjor) -> None:
    ny_avtale(kjor)
    r = ok(
        kjor(
            "import",
            "avtaler",
            "-",
            "--ved-konflikt",
            "oppdater",
            "--json",
            input="id,Fullt navn\nA1,Avtale mellom regjeringen og KS om NAV\n",
        )
    )
    svar = json.loads(r.stdout)
    assert svar["poster"] == [
        {
            "linje": 2,
            "handling": "oppdatert",
            "id": "A1",
            "endringer": {
                "fullt_navn": {"gammel": None, "ny": "Avtale mellom regjeringen og KS om NAV"}
            },
        }
    ]
    vist = vis_json(kjor, "avtale", "A1")
    assert vist["fullt_navn"] == "Avtale mellom regjeringen og KS om NAV"
    assert vist["historikk"][-1]["felt"] == "fullt_navn"
    # The same value again is unchanged; an empty cell clears it.
    r = ok(kjor("import", "avtaler", "-", "--ved-konflikt", "oppdater", input=_fullt("A1", "")))
    assert "1 oppdatert" in r.stderr
    assert vis_json(kjor, "avtale", "A1")["fullt_navn"] is None
    r = kjor("import", "avtaler", "-", "--ved-konflikt", "oppdater", input=_fullt("A1", "a\x07b"))
    assert r.exit_code == 3
    assert r.stderr.startswith("<stdin>:2: fullt_navn: det fulle navnet inneholder styretegnet")


def _fullt(handle: str, navn: str) -> str:
    return f"id,fullt_navn\n{handle},{navn}\n"
