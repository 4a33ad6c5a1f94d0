"""Issue 11, "nothing lost" and "scripts get what they need": a stale file does not undo a
colleague's work (`--ved-konflikt oppdater` against the register's `endret`, and
`overskriv`), an update changes only the columns the file has, `--json` lists each row,
empty input is an error, warnings are said once and only where something was done, and
a root option after the command says where it goes. Through the CLI, on either backend."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    avtaler_json,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    frys_tid,
    ny_avtale,
    ny_sak,
    ojeblikksbilde,
    ok,
    saker_json,
    vis_json,
)

LAGET = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)  # when the records were made and exported
KOLLEGA = datetime(2026, 11, 15, 10, 2, 30, tzinfo=UTC)  # a colleague's change after that
IMPORT = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
HINT = (
    "Eksporter på nytt og gjør endringene i den nye filen, eller bruk --ved-konflikt "
    "overskriv for å skrive over endringene som er gjort etter at filen ble laget."
)


def skriv_fil(mappe: Path, navn: str, innhold: str | bytes) -> str:
    sti = mappe / navn
    sti.write_bytes(innhold if isinstance(innhold, bytes) else innhold.encode())
    return str(sti)


def csv_tekst(rader: list[list[str]], skille: str = ",") -> str:
    ut = io.StringIO()
    csv.writer(ut, delimiter=skille, lineterminator="\n").writerows(rader)
    return ut.getvalue()


def importer(kjor: Kjor, hva: str, kilde: str, *valg: str, input: str | None = None) -> Any:
    return kjor("import", hva, kilde, *valg, input=input)


def stderr_linjer(r: Any) -> list[str]:
    return list(r.stderr.splitlines())


# -- 1. a stale file does not undo a colleague's work ------------------------------------


def _to_saker_eksportert(kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Two cases made and exported with --excel at LAGET (the first one pågående); then a
    colleague (ola) closes 2026/1 at KOLLEGA; the file's second row gets a new title."""
    frys_tid(monkeypatch, LAGET)
    ny_sak(kjor, tittel="Første", status="pagaende")
    ny_sak(kjor, tittel="Andre")
    sti = tmp_path / "saker.csv"
    ok(kjor("eksport", "saker", "--excel", "-o", str(sti)))
    frys_tid(monkeypatch, KOLLEGA)
    ok(kjor("sak", "avslutt", "2026/1", "--dato", "15.11.2026", "--av", "ola"))
    tekst = sti.read_text(encoding="utf-8-sig").replace(";Andre;", ";Andre, rettet;")
    sti.write_text(tekst, encoding="utf-8-sig")
    frys_tid(monkeypatch, IMPORT)
    return str(sti)


def test_foreldet_fil_er_konflikt_og_ingenting_lagres(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sti = _to_saker_eksportert(kjor, tmp_path, monkeypatch)
    for_ = ojeblikksbilde(kjor)
    for valg in ([], ["--dry-run"], ["--json"]):
        r = importer(kjor, "saker", sti, "--ved-konflikt", "oppdater", *valg)
        assert r.exit_code == 3
        assert stderr_linjer(r) == [
            f"{sti}:2: sak 2026/1 er endret av ola 15.11.2026 10:02, etter at filen ble laget",
            f"Feil: 1 feil i {sti}; ingenting er lagret. {HINT}",
        ]
        assert r.stdout == ""
        assert ojeblikksbilde(kjor) == for_
    assert vis_json(kjor, "sak", "2026/1")["status"] == "avsluttet"
    # The first user closed 2026/1 in the file too: the row equals the register, so it
    # is unchanged, never a conflict, however old the file.
    tekst = Path(sti).read_text(encoding="utf-8-sig").replace(";pagaende;", ";avsluttet;")
    Path(sti).write_text(tekst, encoding="utf-8-sig")
    r = ok(importer(kjor, "saker", sti, "--ved-konflikt", "oppdater"))
    assert r.stderr == "Saker: 0 nye, 1 oppdatert, 0 hoppet over, 1 uendret.\n"


def test_overskriv_skriver_over_kollegaens_endring(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sti = _to_saker_eksportert(kjor, tmp_path, monkeypatch)
    r = ok(importer(kjor, "saker", sti, "--ved-konflikt", "overskriv", "--av", "kari"))
    assert r.stderr == "Saker: 0 nye, 2 oppdatert, 0 hoppet over.\n"
    sak = vis_json(kjor, "sak", "2026/1")
    assert sak["status"] == "pagaende"
    status = [(h["gammel"], h["ny"], h["av"]) for h in sak["historikk"] if h["felt"] == "status"]
    assert status[-1] == ("avsluttet", "pagaende", "kari")
    assert saker_json(kjor)[1]["tittel"] == "Andre, rettet"


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "excel"])
def test_eksport_importert_uendret_er_alltid_i_orden(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    frys_tid(monkeypatch, LAGET)
    ny_sak(kjor, beskrivelse="Med beskrivelse")
    ny_avtale(kjor)
    frys_tid(monkeypatch, KOLLEGA)
    ok(kjor("sak", "endre", "2026/1", "--tittel", "Endret etterpå", "--av", "ola"))
    ok(kjor("avtale", "endre", "A1", "--status", "avsluttet", "--av", "ola"))
    valg = ["--excel"] if fmt == "excel" else ["--format", fmt]
    frys_tid(monkeypatch, IMPORT)
    for_ = ojeblikksbilde(kjor)
    for hva in ("saker", "avtaler"):
        sti = tmp_path / f"{hva}.{'csv' if fmt == 'excel' else fmt}"
        ok(kjor("eksport", hva, *valg, "-o", str(sti)))
        r = ok(importer(kjor, hva, str(sti), "--ved-konflikt", "oppdater", "--json"))
        data = json.loads(r.stdout)
        assert (data["uendret"], data["oppdatert"], data["nye"]) == (1, 0, 0)
        assert [p["handling"] for p in data["poster"]] == ["uendret"]
        assert r.stderr == ""
    assert ojeblikksbilde(kjor) == for_


@pytest.mark.parametrize(
    ("endret", "konflikt"),
    [
        ("2026-11-15T10:02:30+00:00", False),  # the same moment: not older
        ("2026-11-15T11:02:30+01:00", False),  # the same moment in Norwegian winter time
        ("2026-11-15T10:02:30.000001Z", False),  # a microsecond later
        ("2026-11-15T10:02:29+00:00", True),  # a second before the colleague's change
        ("2026-11-15T10:02:30+00:01", True),  # the same wall clock a minute east: earlier
        ("2026-11-15T10:02:29.999999", True),  # no offset is UTC
    ],
)
def test_endret_sammenlignes_som_tidspunkt(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, endret: str, konflikt: bool
) -> None:
    frys_tid(monkeypatch, LAGET)
    ny_sak(kjor)
    frys_tid(monkeypatch, KOLLEGA)
    ok(kjor("sak", "endre", "2026/1", "--status", "pagaende", "--av", "ola"))
    frys_tid(monkeypatch, IMPORT)
    tekst = csv_tekst([["saksnummer", "tittel", "endret"], ["2026/1", "Ny tittel", endret]])
    r = importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst)
    if konflikt:
        assert r.exit_code == 3
        assert stderr_linjer(r)[0] == (
            "<stdin>:2: sak 2026/1 er endret av ola 15.11.2026 10:02, etter at filen ble laget"
        )
        assert saker_json(kjor)[0]["tittel"] == "E-helse"
    else:
        ok(r)
        assert saker_json(kjor)[0]["tittel"] == "Ny tittel"


def test_uten_endret_kolonne_som_for(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without `endret` nothing says when the row was read: the row is applied as before.
    _to_saker_eksportert(kjor, tmp_path, monkeypatch)
    tekst = "saksnummer,status\n2026/1,pagaende\n"
    r = ok(importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst))
    assert r.stderr == "Saker: 0 nye, 1 oppdatert, 0 hoppet over.\n"
    assert vis_json(kjor, "sak", "2026/1")["status"] == "pagaende"
    # Nor does an empty `endret` cell.
    tekst = "saksnummer,status,endret\n2026/1,avsluttet,\n"
    ok(importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst))
    assert vis_json(kjor, "sak", "2026/1")["status"] == "avsluttet"


def test_foreldet_avtalefil_er_konflikt(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frys_tid(monkeypatch, LAGET)
    ny_avtale(kjor)
    ny_avtale(kjor, tittel="Andre avtale")
    sti = tmp_path / "avtaler.jsonl"
    ok(kjor("eksport", "avtaler", "--format", "jsonl", "-o", str(sti)))
    frys_tid(monkeypatch, KOLLEGA)
    ok(kjor("avtale", "endre", "A2", "--utloper", "31.12.2030", "--av", "ola"))
    frys_tid(monkeypatch, IMPORT)
    rader = [json.loads(linje) for linje in sti.read_text().splitlines()]
    rader[0]["status"] = "avsluttet"
    sti.write_text("".join(json.dumps(r) + "\n" for r in rader))
    for_ = ojeblikksbilde(kjor)
    r = importer(kjor, "avtaler", str(sti), "--ved-konflikt", "oppdater")
    assert r.exit_code == 3
    assert stderr_linjer(r) == [
        f"{sti}:2: avtale A2 er endret av ola 15.11.2026 10:02, etter at filen ble laget",
        f"Feil: 1 feil i {sti}; ingenting er lagret. {HINT}",
    ]
    assert ojeblikksbilde(kjor) == for_
    ok(importer(kjor, "avtaler", str(sti), "--ved-konflikt", "overskriv"))
    assert [a["utloper"] for a in avtaler_json(kjor)] == ["2026-12-31", "2026-12-31"]
    assert avtaler_json(kjor)[0]["status"] == "avsluttet"


def test_overskriv_er_et_valg_i_hjelpen(kjor: Kjor) -> None:
    hjelp = ok(kjor("import", "saker", "--help")).stdout
    assert "overskriv" in hjelp
    assert "overskriv" in ok(kjor("import", "avtaler", "--help")).stdout


# -- 2. only what the file holds is changed ----------------------------------------------


def _historikk(kjor: Kjor, hva: str, handle: str) -> list[tuple[str, str | None, str | None]]:
    return [
        (h["felt"], h["gammel"], h["ny"])
        for h in vis_json(kjor, hva, handle)["historikk"]
        if h["felt"] != "opprettet"
    ]


@pytest.mark.parametrize(
    ("fmt", "tekst"),
    [
        ("csv", "id,status\nA1,avsluttet\n"),
        ("jsonl", '{"id": "A1", "status": "avsluttet"}\n'),
        ("json", '[{"id": 1, "status": "avsluttet"}]'),
    ],
)
def test_avtale_bare_kolonnene_filen_har(kjor: Kjor, fmt: str, tekst: str) -> None:
    ny_avtale(kjor)
    for_ = avtaler_json(kjor)[0]
    r = ok(importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", "-f", fmt, input=tekst))
    assert r.stderr == "Avtaler: 0 nye, 1 oppdatert, 0 hoppet over.\n"
    etter = avtaler_json(kjor)[0]
    assert etter["status"] == "avsluttet"
    felt = ("tittel", "kategori", "parter", "inngatt", "utloper", "forste_avtale")
    assert {f: etter[f] for f in felt} == {f: for_[f] for f in felt}
    assert [f for f, _, _ in _historikk(kjor, "avtale", "A1")] == ["status"]


def test_sak_bare_kolonnene_filen_har(kjor: Kjor) -> None:
    ny_sak(kjor, "--gjentakende", beskrivelse="Beholdes", oppmeldt="2024", status="pagaende")
    for_ = saker_json(kjor)[0]
    tekst = "saksnummer,status\n2024/1,avsluttet\n"
    r = ok(importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst))
    assert r.stderr == "Saker: 0 nye, 1 oppdatert, 0 hoppet over.\n"
    etter = saker_json(kjor)[0]
    assert etter["status"] == "avsluttet"
    for felt in ("type", "departement", "tittel", "beskrivelse", "oppmeldt", "gjentakende"):
        assert etter[felt] == for_[felt], felt
    assert [f for f, _, _ in _historikk(kjor, "sak", "2024/1")] == ["status"]


def test_fil_som_avslutter_en_post_registeret_har_dateres_som_kommandoene(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new closed record in a file needs its date (above); a row that closes one the
    # register has is dated as `sak endre` and `avtale avslutt` date it.
    frys_tid(monkeypatch, IMPORT)
    ny_sak(kjor, oppmeldt="2024", status="pagaende")
    ny_avtale(kjor, utloper="30.06.2026")  # A1: its utløper has come
    ny_avtale(kjor, tittel="Løper", utloper="31.12.2027")  # A2: not yet
    ok(
        importer(
            kjor,
            "saker",
            "-",
            "--ved-konflikt",
            "oppdater",
            input="saksnummer,status\n2024/1,avsluttet\n",
        )
    )
    tekst = "id,status\nA1,avsluttet\nA2,avsluttet\n"
    ok(importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", input=tekst))
    assert saker_json(kjor)[0]["status_endret"] == "2026-11-20"
    assert [(a["id"], a["status"], a["status_endret"]) for a in avtaler_json(kjor)] == [
        ("A1", "avsluttet", "2026-06-30"),
        ("A2", "avsluttet", "2026-11-20"),
    ]


def test_ny_rad_uten_pakrevde_kolonner_er_feil_som_for(kjor: Kjor) -> None:
    ny_avtale(kjor)
    tekst = "id,status\nA1,avsluttet\nA9,avsluttet\n"
    for modus in ("oppdater", "overskriv", "hopp-over"):
        r = importer(kjor, "avtaler", "-", "--ved-konflikt", modus, input=tekst)
        assert r.exit_code == 3
        assert stderr_linjer(r) == [
            "<stdin>:3: tittel: mangler",
            "<stdin>:3: kategori: mangler",
            "<stdin>:3: inngatt: mangler",
            "<stdin>:3: parter: mangler",
            "<stdin>:3: status_endret: en avsluttet avtale trenger status_endret (dagen den "
            "sluttet å gjelde) eller utloper",
            "Feil: 5 feil i <stdin>; ingenting er lagret.",
        ]
    r = importer(
        kjor, "saker", "-", "--ved-konflikt", "oppdater", input="saksnummer,status\n2026/4,ny\n"
    )
    assert stderr_linjer(r)[:-1] == [
        "<stdin>:2: type: mangler",
        "<stdin>:2: departement: mangler",
        "<stdin>:2: tittel: mangler",
        "<stdin>:2: meldt_inn_av: mangler",
    ]
    assert avtaler_json(kjor)[0]["status"] != "avsluttet"
    # Under `feil` a record the register has is refused as such, not as missing fields.
    r = importer(kjor, "avtaler", "-", input="id,status\nA1,avsluttet\n")
    assert stderr_linjer(r)[0].startswith("<stdin>:2: id: avtale A1 finnes fra før")


def test_tom_celle_i_en_kolonne_filen_har(kjor: Kjor) -> None:
    ny_sak(kjor, "--gjentakende", beskrivelse="Tømmes", oppmeldt="2024")
    ny_avtale(kjor)
    # An empty cell clears an optional field (also past the end of a short CSV row) ...
    ok(importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", input="id,utloper\nA1,\n"))
    assert avtaler_json(kjor)[0]["utloper"] is None
    tekst = "saksnummer,status,beskrivelse,gjentakende\n2024/1,pagaende\n"
    ok(importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst))
    sak = saker_json(kjor)[0]
    assert (sak["status"], sak["beskrivelse"], sak["gjentakende"]) == ("pagaende", None, False)
    # ... leaves a field with a default for new records (oppmeldt, status) alone ...
    tekst = "saksnummer,oppmeldt,status\n2024/1,,\n"
    r = ok(importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst))
    assert r.stderr == "Saker: 0 nye, 0 oppdatert, 0 hoppet over, 1 uendret.\n"
    assert (saker_json(kjor)[0]["oppmeldt"], saker_json(kjor)[0]["status"]) == (2024, "pagaende")
    # ... and cannot empty a required one.
    r = importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", input="id,tittel\nA1,\n")
    assert stderr_linjer(r)[0] == "<stdin>:2: tittel: mangler"


def test_regel_for_hele_posten_gir_linjen(kjor: Kjor) -> None:
    # The file has only utløper; the register's inngått makes it wrong: said with the line.
    ny_avtale(kjor)
    for_ = ojeblikksbilde(kjor)
    tekst = "id,utloper\nA1,2031-01-01\nA1,2001-01-01\n"
    r = importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", input=tekst)
    assert r.exit_code == 3
    assert "samme avtale står to ganger" in stderr_linjer(r)[0]
    tekst = '{"id": "A1", "utloper": "2001-01-01"}\n'
    r = importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", input=tekst)
    assert stderr_linjer(r) == [
        "<stdin>:1: Utløper (01.01.2001) er før inngått (04.01.2023); sjekk datoene",
        "Feil: 1 feil i <stdin>; ingenting er lagret.",
    ]
    assert ojeblikksbilde(kjor) == for_


# -- 14. scripts get what they need ------------------------------------------------------

SAKHODE = ["saksnummer", "tittel", "departement", "type", "oppmeldt", "meldt_inn_av", "status"]


def test_json_lister_hver_post_med_nummer_og_endringer(kjor: Kjor) -> None:
    ny_sak(kjor)
    ny_sak(kjor, tittel="Uendret")
    tekst = csv_tekst(
        [
            SAKHODE,
            ["", "Ny uten nummer", "KD", "lovmedvirkning", "2026", "KS", "ny"],
            ["2026/1", "E-helse endret", "HOD", "kostnadsberegning", "2026", "KS", "pagaende"],
            ["2026/2", "Uendret", "HOD", "kostnadsberegning", "2026", "KS", "ny"],
        ]
    )
    poster = [
        {"linje": 2, "handling": "ny", "saksnummer": "2026/3"},
        {
            "linje": 3,
            "handling": "oppdatert",
            "saksnummer": "2026/1",
            "endringer": {
                "tittel": {"gammel": "E-helse", "ny": "E-helse endret"},
                "status": {"gammel": "ny", "ny": "pagaende"},
            },
        },
        {"linje": 4, "handling": "uendret", "saksnummer": "2026/2"},
    ]
    summen = {"hva": "saker", "rader": 3, "nye": 1, "oppdatert": 1, "uendret": 1, "hoppet_over": 0}
    for valg, lagret in ((["--dry-run"], False), ([], True)):
        r = ok(
            importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", "--json", *valg, input=tekst)
        )
        assert json.loads(r.stdout) == {**summen, "lagret": lagret, "poster": poster}
    assert [s["saksnummer"] for s in saker_json(kjor)] == ["2026/1", "2026/2", "2026/3"]
    r = ok(importer(kjor, "saker", "-", "--ved-konflikt", "hopp-over", "--json", input=tekst))
    assert [(p["linje"], p["handling"]) for p in json.loads(r.stdout)["poster"]] == [
        (2, "hoppet_over"),
        (3, "hoppet_over"),
        (4, "hoppet_over"),
    ]


def test_json_for_avtaler_har_lister_og_datoer(kjor: Kjor) -> None:
    ny_avtale(kjor)
    rader = [
        {"id": "A1", "parter": ["AID", "KD", "KS"], "utloper": "31.12.2030"},
        {"tittel": "Ny", "kategori": "velferd", "parter": "KS", "inngatt": "2024-01-01"},
    ]
    tekst = "".join(json.dumps(r) + "\n" for r in rader)
    r = ok(importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", "--json", input=tekst))
    assert json.loads(r.stdout)["poster"] == [
        {
            "linje": 1,
            "handling": "oppdatert",
            "id": "A1",
            "endringer": {
                "parter": {"gammel": ["AID", "KS"], "ny": ["AID", "KD", "KS"]},
                "utloper": {"gammel": "2026-12-31", "ny": "2030-12-31"},
            },
        },
        {"linje": 2, "handling": "ny", "id": "A2"},
    ]


def test_json_over_flere_bunker_i_linjerekkefolge(kjor: Kjor) -> None:
    # More rows than one batch (2000): every row listed once, in the file's order.
    rader = [SAKHODE] + [
        ["", f"Sak {i}", "KD", "lovmedvirkning", "2026", "KS", "ny"] for i in range(2500)
    ]
    r = ok(importer(kjor, "saker", "-", "--json", input=csv_tekst(rader)))
    data = json.loads(r.stdout)
    assert data["nye"] == 2500
    assert [p["linje"] for p in data["poster"]] == list(range(2, 2502))
    assert data["poster"][-1] == {"linje": 2501, "handling": "ny", "saksnummer": "2026/2500"}


@pytest.mark.parametrize(
    ("fmt", "tekst"),
    [
        (None, ""),
        (None, " \n\t\n"),
        ("csv", "\ufeff\r\n"),
        ("tsv", ""),
        ("json", ""),
        ("json", "  \n "),
        ("jsonl", "\n\n"),
    ],
)
@pytest.mark.parametrize("hva", ["saker", "avtaler"])
def test_tom_inndata_er_feil(
    kjor: Kjor, tmp_path: Path, hva: str, fmt: str | None, tekst: str
) -> None:
    valg = ["-f", fmt] if fmt else []
    linje = feil(importer(kjor, hva, "-", *valg, input=tekst), 3, "tom inndata")
    assert linje == (
        "Feil: <stdin>: tom inndata (ingen overskriftsrad og ingen rader); ingenting er lagret."
    )
    sti = skriv_fil(tmp_path, f"tom.{fmt or 'csv'}", tekst)
    feil(importer(kjor, hva, sti, "--json"), 3, f"{sti}: tom inndata")


@pytest.mark.parametrize(
    ("hva", "tekst"),
    [
        ("saker", "saksnummer,status\n"),
        ("avtaler", "id;tittel\r\n"),
        ("saker", "[]"),
        ("avtaler", " [ ] \n"),
    ],
)
def test_bare_overskrift_er_null_rader(kjor: Kjor, hva: str, tekst: str) -> None:
    r = ok(importer(kjor, hva, "-", "--json", input=tekst))
    assert json.loads(r.stdout) == {
        "hva": hva,
        "rader": 0,
        "nye": 0,
        "oppdatert": 0,
        "uendret": 0,
        "hoppet_over": 0,
        "lagret": True,
        "poster": [],
    }


# -- 15. warnings once, and only for what is done -----------------------------------------

KRD = "KRD (Kommunal- og regionaldepartementet) fantes ikke i 2026"


def _advarsler(r: Any) -> list[str]:
    return [linje for linje in stderr_linjer(r) if linje.startswith("Advarsel:")]


def test_ingen_advarsel_for_rader_som_hoppes_over_eller_er_uendret(
    kjor: Kjor, tmp_path: Path
) -> None:
    r = ok(
        kjor(
            "sak",
            "ny",
            "-t",
            "kost",
            "-d",
            "KRD",
            "--tittel",
            "Gammel kode",
            "--meldt-inn-av",
            "KS",
        )
    )
    assert len(_advarsler(r)) == 1
    sti = tmp_path / "saker.csv"
    ok(kjor("eksport", "saker", "-o", str(sti)))
    r = ok(importer(kjor, "saker", str(sti), "--ved-konflikt", "oppdater"))
    assert r.stderr == "Saker: 0 nye, 0 oppdatert, 0 hoppet over, 1 uendret.\n"
    r = ok(importer(kjor, "saker", str(sti), "--ved-konflikt", "hopp-over"))
    assert r.stderr == "Saker: 0 nye, 0 oppdatert, 1 hoppet over.\n"
    # A change that leaves the ministry alone does not warn about it either.
    sti.write_text(sti.read_text().replace("Gammel kode", "Ny tittel"))
    r = ok(importer(kjor, "saker", str(sti), "--ved-konflikt", "oppdater"))
    assert r.stderr == "Saker: 0 nye, 1 oppdatert, 0 hoppet over.\n"


def test_advarsel_en_gang_med_linjen_og_postens_ar(kjor: Kjor) -> None:
    ny_sak(kjor, oppmeldt="2012")
    ny_sak(kjor, oppmeldt="2026")
    rader = [
        {"saksnummer": "2012/1", "departement": "KRD"},  # KRD existed in 2012: no warning
        {"saksnummer": "2026/1", "departement": "KRD"},  # a change to KRD in 2026
        {"tittel": "Ny", "departement": "KRD", "type": "kost", "meldt_inn_av": "KRD"},
    ]
    tekst = "".join(json.dumps(r) + "\n" for r in rader)
    r = ok(importer(kjor, "saker", "-", "--ved-konflikt", "oppdater", input=tekst))
    advarsler = _advarsler(r)
    assert [a.split(": ", 2)[1] for a in advarsler] == ["<stdin>:2", "<stdin>:3"]
    assert all(KRD in a for a in advarsler)
    assert r.stderr.endswith("Saker: 1 nye, 2 oppdatert, 0 hoppet over.\n")
    assert [s["departement"] for s in saker_json(kjor)] == ["KRD", "KRD", "KRD"]


def test_mange_advarsler_nevnes_med_antall(kjor: Kjor) -> None:
    rader = [["tittel", "departement", "type", "meldt_inn_av"]] + [
        [f"Sak {i}", "KRD", "kost", "KS"] for i in range(55)
    ]
    r = ok(importer(kjor, "saker", "-", input=csv_tekst(rader)))
    advarsler = _advarsler(r)
    assert len(advarsler) == 51
    assert advarsler[0].startswith(f"Advarsel: <stdin>:2: {KRD}")
    assert advarsler[-1] == "Advarsel: … og 5 advarsler til om linjer i filen."


DFD_2020 = "Advarsel: DFD (Digitaliserings- og forvaltningsdepartementet) fantes ikke i 2020"


def test_avtale_endre_advarer_bare_om_parter_den_setter(kjor: Kjor) -> None:
    r = ok(
        kjor(
            "avtale",
            "ny",
            *avtale_args(part="DFD og KS", inngatt="14.09.2020", forste_avtale="2020"),
        )
    )
    assert _advarsler(r)[0].startswith(DFD_2020)
    r = ok(kjor("avtale", "endre", "A1", "--status", "avsluttet"))
    assert (r.stdout, r.stderr) == ("Avtale A1 endret: status.\n", "")
    r = ok(kjor("avtale", "endre", "A1", "--part", "DFD, KRD og KS"))
    assert [a.split(" fantes")[0] for a in _advarsler(r)] == [
        "Advarsel: KRD (Kommunal- og regionaldepartementet)"
    ]
    # A new year for the parties (inngått) is news for every party.
    r = ok(kjor("avtale", "endre", "A1", "--inngatt", "14.09.2021", "--forste-avtale", "2021"))
    assert len(_advarsler(r)) == 2
    # Bad parties are still refused.
    feil(kjor("avtale", "endre", "A1", "--part", "XYZ og KS"), 1, "«XYZ»")
    tekst = '{"id": "A1", "status": "pagaende"}\n'
    r = ok(importer(kjor, "avtaler", "-", "--ved-konflikt", "oppdater", input=tekst))
    assert r.stderr == "Avtaler: 0 nye, 1 oppdatert, 0 hoppet over.\n"


@pytest.mark.parametrize(
    ("args", "linje"),
    [
        (
            ["sak", "ny", "-t", "lov", "--db", "X"],
            "Feil: --db er et valg til konsreg selv og skrives før kommandoen: "
            "konsreg --db X sak ny …",
        ),
        (
            ["import", "saker", "-", "--db=min fil.db"],
            "Feil: --db er et valg til konsreg selv og skrives før kommandoen: "
            "konsreg --db 'min fil.db' import saker …",
        ),
        (
            ["saker", "--no-color"],
            "Feil: --no-color er et valg til konsreg selv og skrives før kommandoen: "
            "konsreg --no-color saker …",
        ),
        (
            ["avtale", "liste", "--version"],
            "Feil: --version er et valg til konsreg selv og skrives før kommandoen: "
            "konsreg --version",
        ),
    ],
)
def test_rotvalg_etter_kommandoen_sier_hvor_det_skal_sta(
    kjor: Kjor, args: list[str], linje: str
) -> None:
    assert feil(kjor(*args), 2) == linje
    # Unknown options are as before.
    assert "Ukjent valg «--dbx»" in feil(kjor("sak", "ny", "--dbx", "X"), 2)


def _svar_i_terminal(args: list[str], svar: list[str]) -> tuple[bytes, bytes, int]:
    """Run `python -m konsreg ARGS` as `$(…)` at a terminal: stdin and stderr on a
    pseudo-terminal, stdout in a pipe; answer each question (`…: `) in turn."""
    import os
    import pty
    import select
    import subprocess
    import sys
    import time

    mester, slave = pty.openpty()
    prosess = subprocess.Popen(
        [sys.executable, "-m", "konsreg", *args], stdin=slave, stderr=slave, stdout=subprocess.PIPE
    )
    os.close(slave)
    skjerm, frist = b"", time.monotonic() + 60
    try:
        for tekst in svar:
            while not skjerm.rstrip().endswith(b":"):
                assert time.monotonic() < frist, skjerm
                if select.select([mester], [], [], 1)[0]:
                    skjerm += os.read(mester, 4096)
            skjerm = b""
            os.write(mester, tekst.encode() + b"\r")
        assert prosess.stdout is not None
        ut = prosess.stdout.read()
        return ut, skjerm, prosess.wait(timeout=60)
    finally:
        if prosess.poll() is None:
            prosess.kill()
        os.close(mester)


@pytest.mark.slow
def test_sak_ny_q_i_terminalen_skriver_bare_nummeret(kjor: Kjor) -> None:
    args = ["sak", "ny", "-q", "--oppmeldt", "2026"]
    ut, _, kode = _svar_i_terminal(args, ["lovmedvirkning", "KLD", "Kulturmiljøloven", "KS"])
    assert (ut, kode) == (b"2026/1\n", 0)
    assert saker_json(kjor)[0]["tittel"] == "Kulturmiljøloven"
    # The optional question of `avtale ny` (utløper) writes nothing on stdout either.
    args = ["avtale", "ny", "-q", *avtale_args(utloper=None)]
    ut, _, kode = _svar_i_terminal(args, [""])
    assert (ut, kode) == (b"A1\n", 0)
    assert avtaler_json(kjor)[0]["utloper"] is None
