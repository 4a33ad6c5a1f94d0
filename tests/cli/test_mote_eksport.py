"""Issue 13, item 10: meetings and agenda items travel with the register. `eksport alt`
writes them, `import alt` reads them back (one transaction, the rules of `mote ny` and
`punkt ny`), `db kopier` carries them; agreements carry their official title
(`fullt_navn`) out and back in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, feil, ny_avtale, ojeblikksbilde, ok, vis_json

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


# -- import alt ------------------------------------------------------------------------


def _eksport_alt(kjor: Kjor, *db: str) -> str:
    return str(ok(kjor(*db, "eksport", "alt")).stdout)


def _fil(tmp_path: Path, tekst: str, navn: str = "alt.jsonl") -> str:
    sti = tmp_path / navn
    sti.write_text(tekst, encoding="utf-8")
    return str(sti)


def _uten_mappe(tekst: str, mappe: Path) -> str:
    return tekst.replace(f"{mappe}/", "")


def _linjer(tekst: str) -> list[str]:
    return tekst.splitlines(keepends=True)


def test_rundtur_eksport_alt_import_alt_er_lik(kjor: Kjor, tmp_path: Path) -> None:
    # eksempel → eksport alt → import alt into an empty register → eksport alt: the same,
    # byte for byte, times too (the import keeps them, as it does for cases).
    _flere_moter(kjor)
    for_ = _eksport_alt(kjor)
    materiale = ok(kjor("materiale", "2026-2", "--tross-feil")).stdout
    tom = ("--db", str(tmp_path / "tom.db"))
    r = ok(kjor(*tom, "import", "alt", _fil(tmp_path, for_), "--av", "importen"))
    assert r.stderr.splitlines()[-4:] == [
        "Saker: 3 nye, 0 oppdatert, 0 hoppet over.",
        "Avtaler: 8 nye, 0 oppdatert, 0 hoppet over.",
        "Møter: 3 nye, 0 oppdatert, 0 hoppet over.",
        "Punkter: 20 nye, 0 oppdatert, 0 hoppet over.",
    ]
    assert _eksport_alt(kjor, *tom) == for_
    assert ok(kjor(*tom, "materiale", "2026-2", "--tross-feil")).stdout == materiale
    for mote in ("2026-1", "2026-2"):
        assert _liste(kjor, *tom, "punkt", "liste", mote) == _liste(kjor, "punkt", "liste", mote)
    # The history says who imported them, as for cases.
    vist = json.loads(ok(kjor(*tom, "mote", "vis", "2026-1", "-f", "json")).stdout)
    assert [(h["felt"], h["av"]) for h in vist["historikk"]] == [("opprettet", "importen")]
    punkt = json.loads(ok(kjor(*tom, "punkt", "vis", "2026-1/3", "-f", "json")).stdout)
    assert punkt["posisjon"] == 1
    assert punkt["historikk"][0]["felt"] == "opprettet"
    # Items go on numbering after the highest the file brought.
    assert ok(kjor(*tom, "punkt", "ny", "2026-2", "--ks-innspill", "Nytt")).stdout == "2026-2/18\n"
    assert ok(
        kjor(*tom, "mote", "ny", "--type", "bilateralt", "-d", "HOD", "--dato", "1.3.2026")
    ).stdout == ("2026-HOD-2\n")


def test_import_alt_i_et_register_uten_motene(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    eksport = _eksport_alt(kjor)
    annet = ("--db", str(tmp_path / "annet.db"))
    # A register with the cases and agreements already (from the same export), no meetings.
    uten_moter = "".join(
        x for x in _linjer(eksport) if '"post": "sak"' in x or '"post": "avtale"' in x
    )
    ok(kjor(*annet, "import", "alt", _fil(tmp_path, uten_moter, "poster.jsonl")))
    assert _liste(kjor, *annet, "mote", "liste") == []
    r = ok(kjor(*annet, "import", "alt", _fil(tmp_path, eksport), "--ved-konflikt", "hopp-over"))
    assert r.stderr.splitlines()[-4:] == [
        "Saker: 0 nye, 0 oppdatert, 3 hoppet over.",
        "Avtaler: 0 nye, 0 oppdatert, 8 hoppet over.",
        "Møter: 1 nye, 0 oppdatert, 0 hoppet over.",
        "Punkter: 17 nye, 0 oppdatert, 0 hoppet over.",
    ]
    assert _eksport_alt(kjor, *annet) == eksport


def test_et_mote_som_finnes(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    eksport = _eksport_alt(kjor)
    fil = _fil(tmp_path, eksport)
    for_ = ojeblikksbilde(kjor)
    r = kjor("import", "alt", fil)
    assert r.exit_code == 3
    # Cases first: their run stops the import before the meetings are read.
    assert "alt.jsonl:1: saksnummer: 2022/1 finnes fra før" in r.stderr
    bare_moter = "".join(
        x for x in _linjer(eksport) if '"post": "mote"' in x or '"post": "punkt"' in x
    )
    r = kjor("import", "alt", _fil(tmp_path, bare_moter, "moter.jsonl"))
    assert r.exit_code == 3
    assert _uten_mappe(r.stderr, tmp_path) == (
        "moter.jsonl:1: id: møtet 2026-2 finnes fra før; bruk --ved-konflikt hopp-over for å la "
        "møtet og punktene stå som de er\n"
        "Feil: 1 feil i moter.jsonl; ingenting er lagret.\n"
    )
    assert ojeblikksbilde(kjor) == for_
    r = ok(kjor("import", "alt", fil, "--ved-konflikt", "hopp-over", "--json"))
    svar = json.loads(r.stdout)
    assert (svar["moter"]["hoppet_over"], svar["punkter"]["hoppet_over"]) == (1, 17)
    assert svar["poster"][11] == {
        "linje": 12,
        "post": "mote",
        "handling": "hoppet_over",
        "id": "2026-2",
    }
    assert svar["poster"][12] == {
        "linje": 13,
        "post": "punkt",
        "handling": "hoppet_over",
        "id": "2026-2/1",
    }
    # The same file again under oppdater: unchanged. A difference is refused, named.
    r = ok(kjor("import", "alt", fil, "--ved-konflikt", "oppdater"))
    assert r.stderr.splitlines()[-2:] == [
        "Møter: 0 nye, 0 oppdatert, 0 hoppet over, 1 uendret.",
        "Punkter: 0 nye, 0 oppdatert, 0 hoppet over, 17 uendret.",
    ]
    assert ojeblikksbilde(kjor) == for_
    endret = eksport.replace('"tittel": "Redusert statlig styring"', '"tittel": "Mindre styring"')
    r = kjor("import", "alt", _fil(tmp_path, endret, "endret.jsonl"), "--ved-konflikt", "overskriv")
    assert r.exit_code == 3
    assert _uten_mappe(r.stderr, tmp_path).startswith(
        "endret.jsonl:15: id: punkt 2026-2/3 er ikke likt registerets (tittel); punktene på et "
        "møte registeret har fra før, oppdateres ikke fra en fil; endre det med «konsreg mote "
        "endre» og «konsreg punkt endre»"
    )
    endret = eksport.replace('"status": "planlagt"', '"status": "avholdt"')
    r = kjor("import", "alt", _fil(tmp_path, endret, "endret.jsonl"), "--ved-konflikt", "oppdater")
    assert r.exit_code == 3
    assert "endret.jsonl:12: id: møtet 2026-2 finnes fra før og er ikke likt filens (status)" in (
        r.stderr
    )
    assert ojeblikksbilde(kjor) == for_


def test_import_alt_sjekker_som_mote_ny_og_punkt_ny(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    linjer = _linjer(_eksport_alt(kjor))
    poster = linjer[:11]
    mote = json.loads(linjer[11])
    punkter = [json.loads(x) for x in linjer[12:]]

    def linje(obj: dict[str, Any]) -> str:
        return json.dumps(obj, ensure_ascii=False) + "\n"

    galt = [
        *poster,
        linje({**mote, "departement": "HOD"}),  # 12: a plenary meeting has no ministry
        linje(
            {**mote, "id": "2026-P-1", "type": "politisk", "nummer": 1, "dato": "31.02.2026"}
        ),  # 13
        linje({**punkter[1], "mote": "2026-2", "id": "2026-2/2"}),  # 14: its meeting refused
        linje({"post": "mote", "id": "2026-3", "dato": "2026-09-01"}),  # 15: fine
        linje({"post": "punkt", "mote": "2026-3", "sak": "2026/9"}),  # 16: no such case
        linje({"post": "punkt", "mote": "2026-3", "sak": "2026/1", "kapittel": 4}),  # 17
        linje({"post": "punkt", "mote": "2026-3", "kapittel": 5, "tittel": "X"}),  # 18: del?
        linje({"post": "punkt", "id": "2026-3/1", "kapittel": 2, "tittel": "A"}),  # 19: fine
        linje({"post": "punkt", "id": "2026-3/1", "kapittel": 2, "tittel": "B"}),  # 20: nr again
        linje({"post": "punkt", "id": "2026-4/1", "kapittel": 2, "tittel": "C"}),  # 21
        linje({"post": "punkt", "id": "2026-3/2", "mote": "2026-4", "kapittel": 2}),  # 22
        linje({"post": "møte", "id": "2026-5"}),  # 23: no such kind
        linje({"id": "2026-5"}),  # 24
        linje({"post": "mote", "id": "2026-3", "dato": "2026-09-01"}),  # 25: twice
        linje({"post": "punkt", "id": "2026-3/3", "tittel": "\x1b[31m", "kapittel": 2}),  # 26
        linje({"post": "mote", "id": "2026-6", "dato": "2026-10-01", "ar": 2025}),  # 27
        linje({"post": "mote", "id": "2026-7", "dato": "2026-10-01", "farge": "blå"}),  # 28
        linje({"post": "punkt", "mote": "2026-3", "nr": 2**40, "kapittel": 2}),  # 29
    ]
    for_ = ojeblikksbilde(kjor)
    tom = ("--db", str(tmp_path / "tom.db"))
    r = kjor(*tom, "import", "alt", _fil(tmp_path, "".join(galt)))
    assert r.exit_code == 3, r.output
    assert _uten_mappe(r.stderr, tmp_path).splitlines() == [
        "alt.jsonl:12: møte 2026-2: Et konsultasjonsmøte (plenum) har ikke ett departement; la "
        "det stå tomt",
        "alt.jsonl:13: dato: «31.02.2026» er ikke en gyldig dato; skriv den som dd.mm.åååå, "
        "f.eks. 02.12.2022",
        "alt.jsonl:16: punkt i 2026-3: Finner ingen sak med saksnummer 2026/9; se «konsreg "
        "saker» for alle saker",
        "alt.jsonl:17: punkt i 2026-3: Sak 2026/1 hører til kapittel 3, ikke 4",
        "alt.jsonl:18: punkt i 2026-3: Et punkt i kapittel 5 uten sak eller avtale må ha sin "
        "underdel (--del a/b/c): registeret kan ikke utlede den uten posten",
        "alt.jsonl:20: punkt 2026-3/1: Møtet 2026-3 har alt et punkt 2026-3/1; et nummer gis "
        "bare én gang",
        "alt.jsonl:21: mote: finner ikke møtet 2026-4; et punkt står i filen etter sitt møte",
        "alt.jsonl:22: mote: punktet 2026-3/2 står på møtet 2026-3, ikke 2026-4",
        "alt.jsonl:23: rad: feltet post er «møte»; ventet sak, avtale, mote, punkt",
        "alt.jsonl:24: rad: feltet post mangler; ventet sak, avtale, mote, punkt",
        "alt.jsonl:25: id: møtet 2026-3 står to ganger i filen",
        "alt.jsonl:26: punkt 2026-3/3: Punktets tittel inneholder styretegnet \\x1b (tegn 1); "
        "fjern det",
        "alt.jsonl:27: ar: 2025 stemmer ikke med møtets id 2026-6 (2026)",
        "alt.jsonl:28: rad: ukjente felt: «farge» (bruk --ignorer-ukjente for å hoppe over dem)",
        "alt.jsonl:29: nr: 1099511627776 er større enn 2147483647",
        "Feil: 15 feil i alt.jsonl; ingenting er lagret.",
    ]
    assert ojeblikksbilde(kjor) == for_
    assert _eksport_alt(kjor, *tom) == ""


def test_import_alt_leser_bare_jsonl_og_dry_run_lagrer_ingenting(
    kjor: Kjor, tmp_path: Path
) -> None:
    ok(kjor("eksempel"))
    som_json = ok(kjor("eksport", "alt", "-f", "json")).stdout
    tom = ("--db", str(tmp_path / "tom.db"))
    feil(kjor(*tom, "import", "alt", _fil(tmp_path, som_json, "alt.json")), 2, "leser JSONL")
    r = ok(kjor(*tom, "import", "alt", "-", "--dry-run", input=_eksport_alt(kjor)))
    assert "Punkter: 17 nye, 0 oppdatert, 0 hoppet over (--dry-run: ingenting er lagret)." in (
        r.stderr
    )
    assert _eksport_alt(kjor, *tom) == ""


# -- db kopier -------------------------------------------------------------------------


def test_kopi_til_en_ny_fil_gir_det_samme_materialet(kjor: Kjor, tmp_path: Path) -> None:
    # `db kopier` copies every table of the metadata: meetings and items come along, and
    # the material printed from the copy is the same, byte for byte.
    ok(kjor("eksempel"))
    for_ = ok(kjor("materiale", "2026-2", "--tross-feil"))
    assert for_.stdout_bytes.count(b"\n") > 100
    kopi = ("--db", str(tmp_path / "kopi.db"))
    r = ok(kjor("db", "kopier", "--til", kopi[1]))
    assert "1 møte, 17 punkter" in r.stderr
    etter = ok(kjor(*kopi, "materiale", "2026-2", "--tross-feil"))
    assert etter.stdout_bytes == for_.stdout_bytes
    assert etter.stderr == for_.stderr
    assert _liste(kjor, *kopi, "punkt", "liste", "2026-2") == _liste(
        kjor, "punkt", "liste", "2026-2"
    )
