"""Issue 15, item 1: real Excel workbooks. `eksport … -f xlsx` (or `-o FIL.xlsx`) writes a
workbook whose cells have the right types (read back here with openpyxl, as Excel would
see them); `import saker|avtaler FIL.xlsx` reads one back to the same values; a file that
is something else than its name says is named for what it is."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from konsreg.cli.app import app
from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, feil, frys_tid, ny_avtale, ny_sak, ok

_ = bygg_kommandoen_en_gang

FORMEL = "=SUM(A1:A2)"


def fyll(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cases and agreements with what a workbook could get wrong: a title that looks like
    a formula, æøå, an empty description and one over two lines, a case number that
    looks like a date, a date known only to the month, an agreement without end."""
    frys_tid(monkeypatch)
    ny_sak(kjor, oppmeldt="2026", tittel=FORMEL)
    ny_sak(
        kjor,
        "--gjentakende",
        tittel="Tromsø, Ålesund og Bodø: «sitat» og 'apostrof'",
        beskrivelse="Første linje\nAndre linje med æøå",
        departement="KD",
        type="lovmedvirkning",
        oppmeldt="2025",
        meldt_inn_av="KD",
        status="avsluttet",
        dato="30.06.2025",
    )
    ny_sak(kjor, oppmeldt="2026", tittel="+47 22 24 90 90", beskrivelse="@SUM(A1)")
    ny_avtale(kjor, tittel="-1+1 og A1")
    ny_avtale(
        kjor,
        tittel="Avtale om æøå",
        kategori="velferd",
        part="HOD, JD og KS",
        inngatt="juni 2024",
        utloper=None,
        forste_avtale=None,
    )


def arbeidsbok(data: bytes | Path) -> Any:
    return load_workbook(io.BytesIO(data) if isinstance(data, bytes) else data)


def verdier(bok: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {ark.title: list(ark.iter_rows(values_only=True)) for ark in bok.worksheets}


def kolonne(ark: Any, navn: str) -> list[Any]:
    """The cells of the column headed `navn`, below the header."""
    overskrift = [c.value for c in ark[1]]
    i = overskrift.index(navn)
    return [rad[i] for rad in ark.iter_rows(min_row=2)]


# -- export -------------------------------------------------------------------------------


def test_celletyper(kjor: Kjor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fyll(kjor, monkeypatch)
    sti = tmp_path / "saker.xlsx"
    r = ok(kjor("eksport", "saker", "-o", str(sti)))  # the name says xlsx
    assert r.stderr == f"Skrev 3 poster til {sti}.\n"
    bok = arbeidsbok(sti)
    assert bok.sheetnames == ["saker"]
    ark = bok["saker"]
    assert ark.freeze_panes == "A2"  # the header stays in view
    assert [c.value for c in ark[1]] == [
        *("saksnummer", "type", "departement", "tittel", "beskrivelse", "oppmeldt"),
        *("gjentakende", "meldt_inn_av", "status", "status_endret", "opprettet", "endret"),
    ]
    assert all(c.font.b for c in ark[1])
    # Case numbers are text (never 1 February 2026), also in the column's own format.
    nummer = kolonne(ark, "saksnummer")
    assert [c.value for c in nummer] == ["2025/1", "2026/1", "2026/2"]
    assert {c.data_type for c in nummer} == {"s"}
    assert {c.number_format for c in nummer} == {"@"}
    # A title that looks like a formula is text: there is no formula anywhere.
    titler = kolonne(ark, "tittel")
    assert [c.value for c in titler][1:] == [FORMEL, "+47 22 24 90 90"]
    assert {c.data_type for c in titler} == {"s"}
    assert not any(c.data_type == "f" for rad in ark.iter_rows() for c in rad)
    # Dates are date cells shown dd.mm.yyyy; years are numbers; yes/no is ja/nei.
    endret = kolonne(ark, "status_endret")
    assert [c.value for c in endret] == [
        datetime(2025, 6, 30),
        datetime(2026, 4, 30),
        datetime(2026, 4, 30),
    ]
    assert {c.is_date for c in endret} == {True}
    assert {c.number_format for c in endret} == {"dd.mm.yyyy"}
    assert [c.value for c in kolonne(ark, "oppmeldt")] == [2025, 2026, 2026]
    assert [c.value for c in kolonne(ark, "gjentakende")] == ["ja", "nei", "nei"]
    # Points in time: ISO text, exact (an Excel time has no offset and no microseconds).
    assert [c.value for c in kolonne(ark, "opprettet")] == ["2026-04-30T10:15:00+00:00"] * 3
    # An empty description is an empty cell; one over two lines wraps.
    beskrivelse = kolonne(ark, "beskrivelse")
    assert [c.value for c in beskrivelse] == [
        "Første linje\nAndre linje med æøå",
        None,
        "@SUM(A1)",
    ]
    assert beskrivelse[0].alignment.wrap_text
    # Widths fit the longest line (or the heading), within bounds.
    bredder = {
        ark.cell(1, i + 1).value: ark.column_dimensions[chr(ord("A") + i)].width
        for i in range(ark.max_column)
    }
    assert 10 <= bredder["saksnummer"] < 20
    assert len("Tromsø, Ålesund og Bodø: «sitat» og 'apostrof'") < bredder["tittel"] <= 61
    assert 10 < bredder["status_endret"] < 20
    assert ark.auto_filter.ref == "A1:L4"


def test_avtaler_maned_og_tomme_datoer(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fyll(kjor, monkeypatch)
    sti = tmp_path / "avtaler.xlsx"
    ok(kjor("eksport", "avtaler", "-f", "xlsx", "-o", str(sti)))
    ark = arbeidsbok(sti)["avtaler"]
    assert [c.value for c in kolonne(ark, "id")] == ["A1", "A2"]
    assert kolonne(ark, "tittel")[0].value == "-1+1 og A1"
    assert [c.value for c in kolonne(ark, "parter")] == ["AID og KS", "HOD, JD og KS"]
    inngatt = kolonne(ark, "inngatt")
    # A date known to the day is a date cell; one known only to the month is its name.
    assert inngatt[0].value == datetime(2023, 1, 4) and inngatt[0].number_format == "dd.mm.yyyy"
    assert inngatt[1].value == "juni 2024" and inngatt[1].data_type == "s"
    assert [c.value for c in kolonne(ark, "utloper")] == [datetime(2026, 12, 31), None]
    assert [c.value for c in kolonne(ark, "forste_avtale")] == [2012, None]


def test_eksport_alt_ett_ark_per_posttype(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    sti = tmp_path / "alt.xlsx"
    ok(kjor("eksport", "alt", "-o", str(sti)))
    bok = arbeidsbok(sti)
    assert bok.sheetnames == ["saker", "avtaler", "møter", "punkter"]
    linjer = ok(kjor("eksport", "alt", "-f", "jsonl")).stdout.splitlines()
    for ark, post in zip(bok.sheetnames, ("sak", "avtale", "mote", "punkt"), strict=True):
        antall = sum(f'"post": "{post}"' in linje for linje in linjer)
        assert antall > 0
        assert bok[ark].max_row == antall + 1
        assert bok[ark].freeze_panes == "A2"
    punkter = bok["punkter"]
    assert {c.value for c in kolonne(punkter, "innledning")} <= {"ja", "nei"}
    assert {c.data_type for c in kolonne(punkter, "id")} == {"s"}
    assert isinstance(kolonne(bok["møter"], "dato")[0].value, datetime)


def test_til_stdout_i_en_pipe(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    fyll(kjor, monkeypatch)
    data = bytes(ok(kjor("eksport", "saker", "-f", "xlsx")).stdout_bytes)
    assert data.startswith(b"PK\x03\x04")
    assert len(verdier(arbeidsbok(data))["saker"]) == 4


def test_excel_og_xlsx_navn_gir_arbeidsbok(kjor: Kjor, tmp_path: Path) -> None:
    # The command of the issue: it wrote CSV under an .xlsx name, which Excel refused.
    ny_sak(kjor)
    sti = tmp_path / "saker.xlsx"
    ok(kjor("eksport", "saker", "--excel", "-o", str(sti)))
    assert zipfile.is_zipfile(sti)
    assert "xl/workbook.xml" in zipfile.ZipFile(sti).namelist()


@pytest.mark.parametrize(
    ("fmt", "fil", "deler"),
    [
        ("csv", "saker.xlsx", ("må være en Excel-arbeidsbok", "-f xlsx", "saker.csv")),
        ("json", "saker.xlsx", ("må være en Excel-arbeidsbok", "saker.json")),
        ("xlsx", "saker.csv", ("må hete .xlsx", "-o", "saker.xlsx")),
    ],
)
def test_format_og_filnavn_som_ikke_passer(
    kjor: Kjor, tmp_path: Path, fmt: str, fil: str, deler: tuple[str, ...]
) -> None:
    sti = tmp_path / fil
    feil(kjor("eksport", "saker", "-f", fmt, "-o", str(sti)), 2, *deler)
    assert not sti.exists()


def test_celle_for_lang_for_excel(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor, beskrivelse="x" * 40_000)
    sti = tmp_path / "saker.xlsx"
    sti.write_bytes(b"gammel")
    feil(kjor("eksport", "saker", "-o", str(sti)), 1, "40 000 tegn", "32 767", "-f csv")
    assert sti.read_bytes() == b"gammel"  # written whole or not at all
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".saker")] == []


def test_tegn_en_excel_celle_ikke_kan_holde(kjor: Kjor, tmp_path: Path) -> None:
    # U+FFFF is no character XML can hold: the cell would read back as `_xFFFF_`.
    nr = ny_sak(kjor, tittel="Sak \uffff")
    sti = tmp_path / "saker.xlsx"
    feil(kjor("eksport", "saker", "-o", str(sti)), 1, f"tittel i {nr} har tegnet U+FFFF")
    assert not sti.exists()
    # What looks like such an escape is text, and comes back as it was.
    ok(kjor("sak", "endre", nr, "--tittel", "_xFFFF_ og _x0041_"))
    ok(kjor("eksport", "saker", "-o", str(sti)))
    tom = ("--db", str(tmp_path / "tom.db"))
    ok(kjor(*tom, "import", "saker", str(sti)))
    assert ok(kjor(*tom, "eksport", "saker")).stdout == ok(kjor("eksport", "saker")).stdout


def test_full_disk(kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import xlsxwriter.workbook

    def full(*_: Any, **__: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    ny_sak(kjor)
    monkeypatch.setattr(xlsxwriter.workbook, "ZipFile", full)
    sti = tmp_path / "saker.xlsx"
    feil(kjor("eksport", "saker", "-o", str(sti)), 1, "Ikke mer plass på disken", str(sti))
    assert list(tmp_path.glob("*.xlsx*")) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".saker")] == []


def test_for_mange_rader_for_ett_ark(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from konsreg.errors import KonsregFeil
    from konsreg.render import arbeidsbok as skriver

    monkeypatch.setattr(skriver, "MAKS_RADER", 3)
    with pytest.raises(KonsregFeil, match="mer enn 2 rader"):
        skriver.skriv_arbeidsbok(
            tmp_path / "x.xlsx", [skriver.Ark("saker", ("a",), [("1",), ("2",), ("3",)])]
        )


# -- the round trip -----------------------------------------------------------------------


@pytest.mark.parametrize("hva", ["saker", "avtaler"])
def test_rundtur(kjor: Kjor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, hva: str) -> None:
    """export → import into an empty register → export: the same values, cell for cell
    (and the same CSV export as the register it came from)."""
    fyll(kjor, monkeypatch)
    forste = tmp_path / f"{hva}.xlsx"
    ok(kjor("eksport", hva, "-o", str(forste)))
    tom = ("--db", str(tmp_path / "tom.db"))
    r = ok(kjor(*tom, "import", hva, str(forste)))
    assert "2 nye" in r.stderr or "3 nye" in r.stderr
    andre = tmp_path / f"{hva}-2.xlsx"
    ok(kjor(*tom, "eksport", hva, "-o", str(andre)))
    assert verdier(arbeidsbok(andre)) == verdier(arbeidsbok(forste))
    csv = ok(kjor("eksport", hva, "-f", "csv")).stdout
    assert ok(kjor(*tom, "eksport", hva, "-f", "csv")).stdout == csv
    assert FORMEL in csv or "-1+1 og A1" in csv
    # Imported again with oppdater: every row unchanged.
    r = ok(kjor(*tom, "import", hva, str(andre), "--ved-konflikt", "oppdater"))
    assert "0 nye, 0 oppdatert" in r.stderr


def test_rundtur_gjennom_stdin(kjor: Kjor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fyll(kjor, monkeypatch)
    data = bytes(ok(kjor("eksport", "avtaler", "-f", "xlsx")).stdout_bytes)
    tom = ("--db", str(tmp_path / "tom.db"))
    # The `kjor` fixture gives text as input; a workbook is bytes.
    r = CliRunner().invoke(app, [*tom, "import", "avtaler", "-"], input=data)
    assert r.exit_code == 0, r.output
    assert "Avtaler: 2 nye" in r.stderr
    csv = ok(kjor("eksport", "avtaler", "-f", "csv")).stdout
    assert ok(kjor(*tom, "eksport", "avtaler", "-f", "csv")).stdout == csv


# -- import of a workbook a person made ---------------------------------------------------


def lagre(bok: Any, sti: Path) -> Path:
    bok.save(sti)
    return sti


def test_norske_overskrifter_datoer_og_radnumre(kjor: Kjor, tmp_path: Path) -> None:
    """A sheet as a secretariat makes it: its own headings, dates as date cells and as
    text, numbers as numbers; the errors name the file, the sheet and Excel's row."""
    bok = Workbook()
    ark = bok.active
    ark.title = "Avtaler 2026"
    ark.append(["Tittel", "Kategori", "Parter", "Inngått", "Utløper", "Første avtale inngått"])
    ark.append(
        ["Avtale med datoceller", "velferd", "KD og KS", date(2024, 3, 1), date(2027, 12, 31), 2010]
    )
    ark.append(
        ["Avtale med tekstdatoer", "velferd", "HOD og KS", "01.03.2024", "2027-12-31", "2011"]
    )
    ark.append([])  # a blank row is skipped, and counted
    ark.append(["Avtale med måned", "samhandling", "AID og KS", "juni 2024", None, None])
    sti = lagre(bok, tmp_path / "avtaler.xlsx")
    ok(kjor("import", "avtaler", str(sti)))
    avtaler = {a["tittel"]: a for a in _jsonl(ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout)}
    assert avtaler["Avtale med datoceller"]["inngatt"] == "2024-03-01"
    assert avtaler["Avtale med tekstdatoer"]["inngatt"] == "2024-03-01"
    assert avtaler["Avtale med datoceller"]["utloper"] == "2027-12-31"
    assert avtaler["Avtale med tekstdatoer"]["utloper"] == "2027-12-31"
    assert avtaler["Avtale med datoceller"]["forste_avtale"] == 2010
    assert avtaler["Avtale med måned"]["inngatt"] == "2024-06"

    bok = Workbook()
    ark = bok.active
    ark.append(["Saksnr.", "Type", "Departement", "Tittel", "Oppmeldt", "Meldt inn av"])
    ark.append(["2026/7", "kostnadsberegning", "HOD", "God sak", 2026, "KS"])
    ark.append(["2026/8", "kostnadsberegning", "HXD", "Feil departement", 2026, "KS"])
    ark.append(["2026/9", "kostnadsberegning", "HOD", "Mangler meldt inn av", 2026, None])
    sti = lagre(bok, tmp_path / "saker.xlsx")
    r = kjor("import", "saker", str(sti))
    assert r.exit_code == 3, r.output
    linjer = r.stderr.splitlines()
    assert linjer[0].startswith(f"{sti}:Sheet:3: departement: Ukjent departementskode «HXD»")
    assert linjer[1] == f"{sti}:Sheet:4: meldt_inn_av: mangler"
    assert linjer[2] == f"Feil: 2 feil i {sti}:Sheet; ingenting er lagret."
    assert ok(kjor("saker", "-f", "json")).stdout.strip() == "[]"


def test_saksnummer_som_excel_gjorde_til_dato(kjor: Kjor, tmp_path: Path) -> None:
    # Typed as 2026/5 into a cell of the General format, a case number is 1 May 2026.
    bok = Workbook()
    ark = bok.active
    ark.append(["Saksnr.", "Type", "Departement", "Tittel", "Oppmeldt", "Meldt inn av"])
    ark.append([datetime(2026, 5, 1), "kostnadsberegning", "HOD", "Sak", 2026, "KS"])
    sti = lagre(bok, tmp_path / "saker.xlsx")
    r = kjor("import", "saker", str(sti))
    assert r.exit_code == 3
    assert r.stderr.splitlines()[1:] == [f"Feil: 1 feil i {sti}:Sheet; ingenting er lagret."]
    assert r.stderr.splitlines()[0] == (
        f"{sti}:Sheet:2: rad: saksnummer er en datocelle (01.05.2026), ikke tekst: Excel gjør "
        "f.eks. 2026/5 til en dato når kolonnen ikke har tekstformat; gi kolonnen formatet "
        "Tekst og skriv nummeret inn igjen"
    )


def _jsonl(tekst: str) -> list[dict[str, Any]]:
    import json

    return [json.loads(linje) for linje in tekst.splitlines() if linje]


def test_ukjent_kolonne_og_for_mange_celler(kjor: Kjor, tmp_path: Path) -> None:
    bok = Workbook()
    ark = bok.active
    ark.title = "saker"
    ark.append(["saksnummer", "tittel", "Farge"])
    sti = lagre(bok, tmp_path / "saker.xlsx")
    feil(kjor("import", "saker", str(sti)), 1, f"{sti}:saker:1: ukjente kolonner: «Farge»")
    bok = Workbook()
    ark = bok.active
    ark.title = "saker"
    ark.append(["Type", "Departement", "Tittel", "Oppmeldt", "Meldt inn av"])
    ark.append(["kostnadsberegning", "HOD", "Sak", 2026, "KS", "til overs"])
    lagre(bok, sti)
    r = kjor("import", "saker", str(sti))
    assert r.exit_code == 3
    assert f"{sti}:saker:2: rad: har 6 kolonner, overskriften har 5" in r.stderr


def test_forste_rad_tom_og_tomt_ark(kjor: Kjor, tmp_path: Path) -> None:
    bok = Workbook()
    sti = lagre(bok, tmp_path / "tom.xlsx")
    feil(kjor("import", "saker", str(sti)), 3, f"{sti}:Sheet: tom inndata")
    bok.active["A3"] = "tittel"
    lagre(bok, sti)
    feil(kjor("import", "saker", str(sti)), 1, f"{sti}:Sheet:1: første rad er tom")
    # Also when the sheet says it starts at A1 (its size, as some programs write it).
    bok.active["A1"] = ""
    lagre(bok, sti)
    with zipfile.ZipFile(sti) as z:
        assert '<dimension ref="A1:A3"' in z.read("xl/worksheets/sheet1.xml").decode()
    feil(kjor("import", "saker", str(sti)), 1, f"{sti}:Sheet:1: første rad er tom")


def test_ark(kjor: Kjor, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    sti = tmp_path / "alt.xlsx"
    ok(kjor("eksport", "alt", "-o", str(sti)))
    tom = ("--db", str(tmp_path / "tom.db"))
    # The first sheet without --ark; any other by name, its case and æøå spelling aside.
    assert "Saker: 3 nye" in ok(kjor(*tom, "import", "saker", str(sti), "--dry-run")).stderr
    r = ok(kjor(*tom, "import", "avtaler", str(sti), "--ark", "Avtaler", "--dry-run"))
    assert "Avtaler: 8 nye" in r.stderr
    r = kjor(*tom, "import", "saker", str(sti), "--ark", "moter")
    assert r.exit_code == 1
    assert f"{sti}:møter:1: ukjente kolonner" in r.stderr
    feil(
        kjor(*tom, "import", "saker", str(sti), "--ark", "Ark1"),
        1,
        f"{sti} har ikke noe ark som heter «Ark1»; arkene er «saker», «avtaler», «møter», "
        "«punkter».",
    )
    csv = tmp_path / "saker.csv"
    csv.write_text("tittel\nx\n", encoding="utf-8")
    feil(kjor(*tom, "import", "saker", str(csv), "--ark", "saker"), 2, "--ark gjelder bare")


# -- files that are not what their name says ----------------------------------------------


def _xlsx(tmp_path: Path) -> bytes:
    bok = Workbook()
    bok.active.append(["tittel"])
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def _ods() -> bytes:
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    return ut.getvalue()


def _ole2(*, kryptert: bool) -> bytes:
    """The start of an OLE2 compound file (as .xls is), its directory in sector 0."""
    hode = bytearray(512)
    hode[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    hode[30:32] = (9).to_bytes(2, "little")  # sectors of 512 bytes
    hode[48:52] = (0).to_bytes(4, "little")  # the directory: sector 0, right after
    katalog = bytearray(512)
    navn = "EncryptedPackage" if kryptert else "Workbook"
    katalog[128 : 128 + 2 * len(navn)] = navn.encode("utf-16-le")
    return bytes(hode + katalog)


@pytest.mark.parametrize(
    ("navn", "innhold", "deler"),
    [
        ("saker.csv", "xlsx", ("saker.csv er en Excel-arbeidsbok (xlsx), ikke CSV", ".xlsx")),
        ("saker.json", "xlsx", ("er en Excel-arbeidsbok (xlsx), ikke JSON", "--format xlsx")),
        ("saker.xlsx", "csv", ("saker.xlsx er en tekstfil (CSV), ikke en Excel-arbeidsbok",)),
        ("saker.xlsx", "json", ("er en tekstfil (JSON), ikke en Excel", "--format json")),
        ("saker.xls", "xls", ("saker.xls er en eldre Excel-fil (xls", "lagre den som Excel")),
        ("saker.xlsx", "kryptert", ("er en passordbeskyttet Excel-arbeidsbok", "passordet")),
        ("saker.ods", "ods", ("saker.ods er et OpenDocument-regneark (ods", "lagre det som")),
        ("saker.csv", "ods", ("er et OpenDocument-regneark (ods",)),
        ("saker.pdf", "pdf", ("er en PDF-fil, ikke en tabell",)),
        ("saker.zip", "zip", ("er en zip-fil",)),
    ],
)
def test_filer_som_ikke_er_det_navnet_sier(
    kjor: Kjor, tmp_path: Path, navn: str, innhold: str, deler: tuple[str, ...]
) -> None:
    data = {
        "xlsx": lambda: _xlsx(tmp_path),
        "csv": lambda: b"tittel;departement\nSak;HOD\n",
        "json": lambda: b'[{"tittel": "Sak"}]\n',
        "xls": lambda: _ole2(kryptert=False),
        "kryptert": lambda: _ole2(kryptert=True),
        "ods": _ods,
        "pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "zip": lambda: _zip_med("data.txt"),
    }[innhold]()
    sti = tmp_path / navn
    sti.write_bytes(data)
    linje = feil(kjor("import", "saker", str(sti)), 1, *deler)
    assert "utf-8" not in linje and "encoding" not in linje


def _zip_med(navn: str) -> bytes:
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w") as z:
        z.writestr(navn, "x")
    return ut.getvalue()


def test_format_overstyrer_navnet(kjor: Kjor, tmp_path: Path) -> None:
    # What --format says is read, whatever the name.
    xlsx = tmp_path / "fra-excel.csv"
    bok = Workbook()
    bok.active.append(["Type", "Departement", "Tittel", "Oppmeldt", "Meldt inn av"])
    bok.active.append(["kostnadsberegning", "HOD", "Sak", 2026, "KS"])
    bok.save(xlsx)
    assert "Saker: 1 nye" in ok(kjor("import", "saker", str(xlsx), "-f", "xlsx")).stderr
    tekst = tmp_path / "tekst.xlsx"
    tekst.write_text(
        "type,departement,tittel,oppmeldt,meldt_inn_av\nkostnadsberegning,HOD,Sak 2,2026,KS\n",
        encoding="utf-8",
    )
    assert "Saker: 1 nye" in ok(kjor("import", "saker", str(tekst), "-f", "csv")).stderr
    # A workbook whose name says nothing (and from stdin) is read for what it is.
    uten = tmp_path / "saker.dat"
    uten.write_bytes(xlsx.read_bytes())
    r = ok(kjor("import", "saker", str(uten), "--ved-konflikt", "hopp-over"))
    assert "1 hoppet over" in r.stderr
    feil(kjor("import", "saker", str(xlsx), "-f", "xlsx", "-d", ";"), 2, "--delimiter")


def test_import_alt_og_vedlegg_sier_hva_en_arbeidsbok_er(kjor: Kjor, tmp_path: Path) -> None:
    sti = tmp_path / "alt.xlsx"
    sti.write_bytes(_xlsx(tmp_path))
    feil(kjor("import", "alt", str(sti)), 2, "er en Excel-arbeidsbok", "--ark saker")
    feil(kjor("import", "vedlegg", "a", str(sti)), 1, "er en Excel-arbeidsbok", "import saker")
    xls = tmp_path / "vedlegg.xls"
    xls.write_bytes(_ole2(kryptert=False))
    feil(kjor("import", "vedlegg", "c", str(xls)), 1, "er en eldre Excel-fil (xls")


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, as stdin from a pipe."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        raise OSError("ulovlig søk")

    def seek(self, *_: Any) -> int:
        raise OSError("ulovlig søk")

    def readinto(self, b: Any) -> int:
        data = self.data.read(len(b))
        b[: len(data)] = data
        return len(data)


def pipe(data: bytes) -> io.BufferedReader:
    return io.BufferedReader(_Pipe(data))


def test_arbeidsbok_fra_en_pipe(tmp_path: Path) -> None:
    """From a pipe the workbook is told by the names at its start, and copied to a
    temporary file to be read (a zip file is read from its end)."""
    from konsreg.lesere import kolonner, poster
    from konsreg.lesere.kilde import Kilde, filart

    bok = Workbook()
    bok.active.append(["Type", "Departement", "Tittel", "Oppmeldt", "Meldt inn av"])
    bok.active.append(["kostnadsberegning", "HOD", "Sak fra en pipe", 2026, "KS"])
    ut = io.BytesIO()
    bok.save(ut)
    data = ut.getvalue()
    assert filart(Kilde(pipe(data), "<stdin>", None, ""), data[:4096]) == "xlsx"
    assert filart(Kilde(pipe(_ods()), "<stdin>", None, ""), _ods()[:4096]) == "ods"
    assert filart(Kilde(pipe(_zip_med("a.txt")), "x", None, ""), _zip_med("a.txt")) == "zip"
    lest = poster.les_poster(
        Kilde(pipe(data), "<stdin>", None, ""), fmt=None, kjente=kolonner.SAK_KOLONNER
    )
    assert lest.format == "xlsx" and lest.navn == "<stdin>:Sheet"
    assert list(lest.rader) == [
        (
            2,
            {
                "type": "kostnadsberegning",
                "departement": "HOD",
                "tittel": "Sak fra en pipe",
                "oppmeldt": "2026",
                "meldt_inn_av": "KS",
            },
        )
    ]
