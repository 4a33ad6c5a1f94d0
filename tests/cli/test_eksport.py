"""`konsreg eksport saker|avtaler|alt`: formats, stdout and -o, and `--excel` (`;`, BOM,
CRLF, formulas neutralised) while plain CSV stays as the register holds it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from konsreg.cli import felles
from konsreg.render.maskin import excel_celle
from tests.cli.test_rundtur import eksporter, i, tomt_register
from tests.conftest import Kjor
from tests.hjelp import (
    avtaler_json,
    feil,
    frys_tid,
    ny_avtale,
    ny_sak,
    ok,
    saker_json,
)

SAK_FELT = (
    "saksnummer,type,departement,tittel,beskrivelse,oppmeldt,gjentakende,meldt_inn_av,"
    "status,status_endret,opprettet,endret"
)
AVTALE_FELT = (
    "id,tittel,kategori,parter,inngatt,gyldig_fra,utloper,forste_avtale,status,status_endret,"
    "fornyer,"
    "opprettet,endret,kategori_navn,fullt_navn"
)
KATEGORINAVN = {
    "velferd": "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)",
    "samhandling": "Avtaler om samhandling mellom ulike deler av forvaltningen",
}
TID = "2026-04-30T10:15:00+00:00"

FARLIGE = [
    '=HYPERLINK("http://x")',
    "+47 22 24 90 90",
    "-1+1",
    "@SUM(A1:A2)",
    "'); DROP TABLE sak;--",
    "Robert'); DROP TABLE avtale; --",
]


def fyll(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two cases and two agreements, at a fixed time."""
    frys_tid(monkeypatch)
    ny_sak(kjor, oppmeldt="2026")
    ny_sak(
        kjor,
        "--gjentakende",
        tittel='Sak med "sitat", komma; og linjeskift',
        beskrivelse="Tromsø og\nÅlesund",
        departement="KD",
        type="lovmedvirkning",
        oppmeldt="2025",
        meldt_inn_av="KD",
    )
    ny_avtale(kjor)
    ny_avtale(
        kjor,
        tittel="Avtale om æøå",
        kategori="velferd",
        part="HOD, JD og KS",
        inngatt="01.02.2024",
        utloper=None,
        forste_avtale=None,
    )


def celle(verdi: Any) -> str:
    if verdi is None:
        return ""
    if isinstance(verdi, bool):
        return "true" if verdi else "false"
    if isinstance(verdi, list):
        return ", ".join(verdi[:-1]) + " og " + verdi[-1] if len(verdi) > 1 else verdi[0]
    return str(verdi)


def som_tekst(poster: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [{k: celle(v) for k, v in p.items()} for p in poster]


def eksport_av(kjor: Kjor, hva: str) -> list[dict[str, Any]]:
    """What the register's listing says (the export must say the same)."""
    if hva == "saker":
        return saker_json(kjor)
    # The export adds the category's full name and the official title (none here) to
    # what the listing shows.
    etter_id = {
        a["id"]: {**a, "kategori_navn": KATEGORINAVN[a["kategori"]], "fullt_navn": None}
        for a in avtaler_json(kjor)
    }
    return [etter_id[h] for h in sorted(etter_id, key=lambda h: int(h[1:]))]


@pytest.mark.parametrize("hva", ["saker", "avtaler"])
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
def test_eksport_til_stdout(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, hva: str, fmt: str
) -> None:
    fyll(kjor, monkeypatch)
    r = ok(kjor("eksport", hva, "--format", fmt))
    assert r.stderr == ""
    forventet = eksport_av(kjor, hva)
    assert len(forventet) == 2
    tekst = r.stdout
    if fmt == "json":
        assert json.loads(tekst) == forventet
    elif fmt == "jsonl":
        assert tekst.endswith("\n")
        assert [json.loads(linje) for linje in tekst.split("\n")[:-1]] == forventet
    else:
        skille = "\t" if fmt == "tsv" else ","
        assert tekst.split("\n")[0] == (SAK_FELT if hva == "saker" else AVTALE_FELT).replace(
            ",", skille
        )
        assert "\r" not in tekst
        leser = csv.DictReader(io.StringIO(tekst, newline=""), delimiter=skille)
        assert list(leser) == som_tekst(forventet)


def test_eksport_csv_byte_for_byte(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    ny_sak(kjor, oppmeldt="2026")
    ny_avtale(kjor)
    assert ok(kjor("eksport", "saker")).stdout == (
        f"{SAK_FELT}\n2026/1,kostnadsberegning,HOD,E-helse,,2026,false,KS,ny,2026-04-30,"
        f"{TID},{TID}\n"
    )
    assert ok(kjor("eksport", "avtaler", "-f", "csv")).stdout == (
        f"{AVTALE_FELT}\nA1,Samarbeidsavtale om partnerskapet i NAV-kontorene,samhandling,"
        f"AID og KS,2023-01-04,,2026-12-31,2012,ny,2026-04-30,,{TID},{TID},"
        "Avtaler om samhandling mellom ulike deler av forvaltningen,\n"
    )
    assert ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout == (
        '{"id": "A1", "tittel": "Samarbeidsavtale om partnerskapet i NAV-kontorene", '
        '"kategori": "samhandling", "parter": ["AID", "KS"], "inngatt": "2023-01-04", '
        '"gyldig_fra": null, "utloper": "2026-12-31", "forste_avtale": 2012, "status": "ny", '
        f'"status_endret": "2026-04-30", "fornyer": null, "opprettet": "{TID}", '
        f'"endret": "{TID}", '
        '"kategori_navn": "Avtaler om samhandling mellom ulike deler av forvaltningen", '
        '"fullt_navn": null}\n'
    )


def test_tomt_register(kjor: Kjor) -> None:
    assert ok(kjor("eksport", "saker")).stdout == SAK_FELT + "\n"
    assert (
        ok(kjor("eksport", "avtaler", "-f", "tsv")).stdout == AVTALE_FELT.replace(",", "\t") + "\n"
    )
    assert ok(kjor("eksport", "saker", "-f", "json")).stdout == "[]\n"
    assert ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout == ""
    assert ok(kjor("eksport", "alt")).stdout == ""
    assert json.loads(ok(kjor("eksport", "alt", "-f", "json")).stdout) == {
        "saker": [],
        "avtaler": [],
        "moter": [],
        "punkter": [],
    }


def test_eksport_alt(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    fyll(kjor, monkeypatch)
    saker, avtaler = eksport_av(kjor, "saker"), eksport_av(kjor, "avtaler")
    # Standard for alt: JSONL, each line saying which kind of record it is.
    linjer = [json.loads(linje) for linje in ok(kjor("eksport", "alt")).stdout.split("\n")[:-1]]
    assert linjer == [{"post": "sak", **s} for s in saker] + [
        {"post": "avtale", **a} for a in avtaler
    ]
    data = json.loads(ok(kjor("eksport", "alt", "--format", "json")).stdout)
    assert data == {"saker": saker, "avtaler": avtaler, "moter": [], "punkter": []}


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_eksport_alt_er_ikke_csv(kjor: Kjor, fmt: str) -> None:
    feil(kjor("eksport", "alt", "--format", fmt), 2, "json")


def test_standardformat_for_saker_er_csv(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    fyll(kjor, monkeypatch)
    assert ok(kjor("eksport", "saker")).stdout == ok(kjor("eksport", "saker", "-f", "csv")).stdout
    assert (
        ok(kjor("eksport", "avtaler")).stdout == ok(kjor("eksport", "avtaler", "-f", "csv")).stdout
    )


@pytest.mark.parametrize(
    ("hva", "fmt", "ekstra"),
    [
        ("saker", "csv", ()),
        ("saker", "tsv", ()),
        ("avtaler", "json", ()),
        ("avtaler", "jsonl", ()),
        ("alt", "jsonl", ()),
        ("alt", "json", ()),
        ("saker", "csv", ("--excel",)),
        ("avtaler", "csv", ("--excel",)),
    ],
)
def test_til_fil_er_det_samme_som_til_stdout(
    kjor: Kjor,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    hva: str,
    fmt: str,
    ekstra: tuple[str, ...],
) -> None:
    fyll(kjor, monkeypatch)
    ut = ok(kjor("eksport", hva, "--format", fmt, *ekstra))
    sti = tmp_path / f"ut.{fmt}"
    r = ok(kjor("eksport", hva, "--format", fmt, *ekstra, "-o", str(sti)))
    assert r.stdout == ""
    antall = 4 if hva == "alt" else 2
    assert r.stderr == f"Skrev {antall} poster til {sti}.\n"
    assert sti.read_bytes() == ut.stdout_bytes
    # Once more over the same file: replaced, not appended to.
    ok(kjor("eksport", hva, "--format", fmt, *ekstra, "--output", str(sti)))
    assert sti.read_bytes() == ut.stdout_bytes


def test_til_mappe_eller_manglende_mappe_er_feil(kjor: Kjor, tmp_path: Path) -> None:
    feil(kjor("eksport", "saker", "-o", str(tmp_path)), 1, "er en mappe")
    feil(
        kjor("eksport", "saker", "-o", str(tmp_path / "finnes" / "ikke.csv")), 1, "Kan ikke skrive"
    )


def test_fornyelse_er_med(kjor: Kjor) -> None:
    ny_avtale(kjor)
    ok(kjor("avtale", "forny", "A1", "--inngatt", "01.01.2026", "--utloper", "31.12.2029"))
    a1, a2 = [
        json.loads(x) for x in ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout.split("\n")[:-1]
    ]
    # Closed the day before the new one starts (issue 11: its last day in force).
    assert (a1["id"], a1["status"], a1["status_endret"]) == ("A1", "avsluttet", "2025-12-31")
    assert (a2["id"], a2["fornyer"], a2["forste_avtale"]) == ("A2", "A1", 2012)


@pytest.mark.parametrize(("fmt", "skille"), [("csv", ","), ("tsv", "\t")])
def test_cr_i_en_celle_blir_sitert(kjor: Kjor, fmt: str, skille: str) -> None:
    # A lone CR is a line break to every CSV reader, so the cell holding it must be quoted.
    rad = {
        "tittel": "før etter",
        "beskrivelse": "en to",
        "departement": "KD",
        "type": "lovmedvirkning",
        "meldt_inn_av": "KS",
    }
    ok(kjor("import", "saker", "-", "-f", "jsonl", input=json.dumps(rad) + "\n"))
    # No command stores a CR in a title or a description any more (issue 9); a register
    # from before can hold one, so it is put there directly.
    from sqlalchemy import create_engine, text

    engine = create_engine(felles.Tilstand().url())
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE sak SET tittel = :t, beskrivelse = :b"),
            {"t": "før\retter", "b": "en\r\nto"},
        )
    engine.dispose()
    data = bytes(ok(kjor("eksport", "saker", "-f", fmt)).stdout_bytes)
    assert '"før\retter"'.encode() in data
    assert b'"en\r\nto"' in data
    assert data.count(b"\n") == 3  # two row ends, one inside a quoted cell
    [sak] = csv.DictReader(io.StringIO(data.decode(), newline=""), delimiter=skille)
    assert (sak["tittel"], sak["beskrivelse"]) == ("før\retter", "en\r\nto")


# -- --excel -----------------------------------------------------------------------------


def _farlige_saker(kjor: Kjor) -> None:
    for tittel in FARLIGE:
        ny_sak(kjor, f"--tittel={tittel}", tittel=None)
    ny_sak(kjor, tittel="Vanlig; med semikolon", beskrivelse="-punkt")
    ny_sak(kjor, tittel="Med linjeskift", beskrivelse="@navn")


def test_excel_semikolon_bom_crlf(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    fyll(kjor, monkeypatch)
    data = bytes(ok(kjor("eksport", "saker", "--excel")).stdout_bytes)
    assert data.startswith(b"\xef\xbb\xbf" + SAK_FELT.replace(",", ";").encode() + b"\r\n")
    assert data.count(b"\xef\xbb\xbf") == 1
    # Every line break is CRLF, except the one inside the quoted description (as stored).
    assert data.count(b"\n") - data.count(b"\r\n") == 1
    assert data.endswith(b"\r\n")
    rader = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r[3] for r in rader[1:]] == ['Sak med "sitat", komma; og linjeskift', "E-helse"]
    assert rader[1][4] == "Tromsø og\nÅlesund"
    assert (rader[1][0], rader[1][6]) == ("2025/1", "true")
    # The same as --format csv --excel.
    assert ok(kjor("eksport", "saker", "--format", "csv", "--excel")).stdout_bytes == data


def test_excel_noytraliserer_formler(kjor: Kjor) -> None:
    _farlige_saker(kjor)
    data = bytes(ok(kjor("eksport", "saker", "--excel")).stdout_bytes)
    rader = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [r["tittel"] for r in rader] == [
        '\'=HYPERLINK("http://x")',
        "'+47 22 24 90 90",
        "'-1+1",
        "'@SUM(A1:A2)",
        "'); DROP TABLE sak;--",
        "Robert'); DROP TABLE avtale; --",
        "Vanlig; med semikolon",
        "Med linjeskift",
    ]
    assert [r["beskrivelse"] for r in rader[-2:]] == ["'-punkt", "'@navn"]
    # Dates, numbers and codes are left alone.
    assert rader[0]["status_endret"][:1].isdigit()
    assert rader[0]["oppmeldt"] == "2026"


def test_vanlig_csv_er_ikke_escapet(kjor: Kjor) -> None:
    _farlige_saker(kjor)
    for fmt, skille in (("csv", ","), ("tsv", "\t")):
        tekst = ok(kjor("eksport", "saker", "--format", fmt)).stdout
        assert not tekst.startswith("\ufeff")
        rader = list(csv.DictReader(io.StringIO(tekst, newline=""), delimiter=skille))
        assert [r["tittel"] for r in rader] == [
            *FARLIGE,
            "Vanlig; med semikolon",
            "Med linjeskift",
        ]
        assert [r["beskrivelse"] for r in rader[-2:]] == ["-punkt", "@navn"]


def test_excel_avtaler(kjor: Kjor) -> None:
    ny_avtale(kjor, tittel="=1+1", part="HOD og KS")
    data = bytes(ok(kjor("eksport", "avtaler", "--excel")).stdout_bytes)
    assert data.startswith(b"\xef\xbb\xbfid;tittel;kategori;parter;")
    assert b"\r\nA1;'=1+1;samhandling;HOD og KS;2023-01-04;;2026-12-31;2012;ny;" in data


@pytest.mark.parametrize(
    "tekst", ["=A1", "+A1", "-A1", "@A1", "\tA1", "\rA1", "=", "-", "'=A1", "a=b", "", " =A1"]
)
def test_excel_celle(tekst: str) -> None:
    forventet = "'" + tekst if tekst[:1] in ("=", "+", "-", "@", "\t", "\r") else tekst
    assert excel_celle(tekst) == forventet


@pytest.mark.parametrize("fmt", ["tsv", "json", "jsonl"])
def test_excel_gjelder_bare_csv(kjor: Kjor, tmp_path: Path, fmt: str) -> None:
    sti = tmp_path / "ut.fil"
    feil(kjor("eksport", "saker", "--excel", "--format", fmt, "-o", str(sti)), 2, "--excel")
    assert not sti.exists()


def test_farlige_titler_gaar_uendret_gjennom_import_og_eksport(kjor: Kjor, tmp_path: Path) -> None:
    # Through the import, not `sak ny`: the titles come from a file as a script would send them.
    rader = [["tittel", "departement", "type", "oppmeldt", "meldt_inn_av"]]
    rader += [[t, "KD", "kostnadsberegning", "2026", "KS"] for t in FARLIGE]
    ut = io.StringIO()
    csv.writer(ut, lineterminator="\n").writerows(rader)
    sti = tmp_path / "farlige.csv"
    sti.write_text(ut.getvalue(), encoding="utf-8")
    ok(kjor("import", "saker", str(sti)))
    avtaler = [
        {"tittel": t, "kategori": "velferd", "parter": "KS", "inngatt": "2024-01-01"}
        for t in FARLIGE
    ]
    ok(kjor("import", "avtaler", "-", input="".join(json.dumps(a) + "\n" for a in avtaler)))
    # The tables are all there, and every title came back as it was sent.
    assert [s["tittel"] for s in saker_json(kjor)] == FARLIGE
    tekst = ok(kjor("eksport", "saker")).stdout
    assert [r["tittel"] for r in csv.DictReader(io.StringIO(tekst, newline=""))] == FARLIGE
    tekst = ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout
    assert [json.loads(x)["tittel"] for x in tekst.split("\n")[:-1]] == FARLIGE
    # With --excel the formulas are neutralised, the SQL is left as text.
    for hva in ("saker", "avtaler"):
        tekst = ok(kjor("eksport", hva, "--excel")).stdout.lstrip("\ufeff")
        titler = [
            r["tittel"] for r in csv.DictReader(io.StringIO(tekst, newline=""), delimiter=";")
        ]
        assert titler == ["'" + t if t[0] in "=+-@" else t for t in FARLIGE]
        assert titler[0] == '\'=HYPERLINK("http://x")'
        assert titler[4] == "'); DROP TABLE sak;--"


def test_excel_eksport_leses_inn_igjen(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # An Excel round trip (without formula-like text): `;`, BOM and CRLF are read back.
    fyll(kjor, monkeypatch)
    with tomt_register(tmp_path) as tomt:
        for hva in ("saker", "avtaler"):
            sti = tmp_path / f"{hva}.csv"
            ok(kjor("eksport", hva, "--excel", "-o", str(sti)))
            ok(i(kjor, tomt, "import", hva, str(sti), "-q"))
            assert eksporter(kjor, tomt, hva, "csv") == ok(kjor("eksport", hva)).stdout_bytes
