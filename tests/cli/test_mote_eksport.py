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


# -- eksport alt -----------------------------------------------------------------------


def _flere_moter(kjor: Kjor) -> None:
    """The example (2026-2, 17 items) and two meetings before it, registered after it:
    one with items, one removed."""
    ok(kjor("eksempel"))
    ok(kjor("mote", "ny", "2026-1", "--dato", "20.01.2026", "--tema", "Økonomi"))
    ok(kjor("mote", "ny", "--type", "bilateralt", "-d", "HOD", "--dato", "2026-01-23"))
    ok(kjor("mote", "endre", "2026-1", "--deltaker", "Ola", "--deltaker", "Kari"))
    ok(kjor("punkt", "ny", "2026-1", "--ks-innspill", "Første", "--sporsmal", "Hvorfor?"))
    ok(kjor("punkt", "ny", "2026-1", "--sak", "2026/1", "--tekst", "Status."))
    ok(kjor("punkt", "ny", "2026-1", "--ks-innspill", "Andre", "--onsket-resultat", "Enighet."))
    ok(kjor("punkt", "flytt", "2026-1/3", "--til", "1"))
    ok(kjor("punkt", "ny", "2026-1", "--eventuelt", "Fjernes", "--meldt-inn-av", "BFD"))
    ok(kjor("punkt", "fjern", "2026-1/4"))


def _liste(kjor: Kjor, *args: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(kjor(*args, "-f", "json")).stdout)
    return data


def test_eksport_alt_har_moter_og_punkter(kjor: Kjor) -> None:
    _flere_moter(kjor)
    linjer = _jsonl(ok(kjor("eksport", "alt")).stdout)
    assert [x["post"] for x in linjer] == ["sak"] * 3 + ["avtale"] * 8 + ["mote"] * 3 + [
        "punkt"
    ] * 20
    moter = [{k: v for k, v in x.items() if k != "post"} for x in linjer if x["post"] == "mote"]
    # In date order, with every field `mote liste` has.
    assert moter == _liste(kjor, "mote", "liste")
    assert [m["id"] for m in moter] == ["2026-1", "2026-HOD-1", "2026-2"]
    punkter = [{k: v for k, v in x.items() if k != "post"} for x in linjer if x["post"] == "punkt"]
    # Meeting by meeting, each in its agenda's order; the removed item left out.
    assert punkter == _liste(kjor, "punkt", "liste", "2026-1") + _liste(
        kjor, "punkt", "liste", "2026-2"
    )
    assert [p["id"] for p in punkter[:3]] == ["2026-1/3", "2026-1/1", "2026-1/2"]
    assert "2026-1/4" not in [p["id"] for p in punkter]
    data = json.loads(ok(kjor("eksport", "alt", "-f", "json")).stdout)
    assert list(data) == ["saker", "avtaler", "moter", "punkter"]
    assert (data["moter"], data["punkter"]) == (moter, punkter)
    # JSONL: `post` first on every line, as for cases and agreements.
    assert ok(kjor("eksport", "alt")).stdout.splitlines()[11].startswith('{"post": "mote", ')
