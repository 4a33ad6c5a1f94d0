"""`konsreg import saker|avtaler`: encodings, delimiters, headings, formats, the bad-row
report, all-or-nothing, conflict modes and the summary, on the test's own register."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor
from tests.hjelp import (
    avtaler_json,
    feil,
    ny_avtale,
    ny_sak,
    ok,
    saker_json,
    vis_json,
)

HODE = "tittel;departement;type;oppmeldt;meldt inn av"


def fil(mappe: Path, navn: str, innhold: str | bytes, encoding: str = "utf-8") -> str:
    """Write a file for an import; returns its path as the command line gets it."""
    sti = mappe / navn
    sti.write_bytes(innhold if isinstance(innhold, bytes) else innhold.encode(encoding))
    return str(sti)


def tabell(rader: list[list[str]], skille: str = ";", slutt: str = "\n") -> str:
    ut = io.StringIO()
    if slutt == "\r":  # as Excel for Mac: a cell with a line break is quoted all the same
        csv.writer(ut, delimiter=skille, lineterminator="\r\n").writerows(rader)
        return ut.getvalue().replace("\r\n", "\r")
    csv.writer(ut, delimiter=skille, lineterminator=slutt).writerows(rader)
    return ut.getvalue()


def eksport(kjor: Kjor, hva: str = "saker") -> bytes:
    return bytes(ok(kjor("eksport", hva, "--format", "csv")).stdout_bytes)


def titler(kjor: Kjor) -> list[str]:
    return [s["tittel"] for s in saker_json(kjor)]


def tomt(kjor: Kjor) -> None:
    assert saker_json(kjor) == []
    assert avtaler_json(kjor) == []


def rapport(r: Any, kilde: str, *forventet: str) -> list[str]:
    """Exit 3; stderr is one `FIL:LINJE: felt: melding` per expected entry (in order), then
    the closing line. Each entry is `LINJE: felt: start of message`."""
    assert r.exit_code == 3, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
    assert "Traceback" not in r.output
    linjer = r.stderr.splitlines()
    assert linjer[-1].startswith("Feil: "), linjer
    assert "ingenting er lagret" in linjer[-1]
    rader = linjer[:-1]
    assert len(rader) == len(forventet), rader
    for linje, start in zip(rader, forventet, strict=True):
        assert linje.startswith(f"{kilde}:{start}"), (linje, start)
        assert re.match(rf"^{re.escape(kilde)}:\d+: [a-z_]+: \S", linje), linje
    return rader


# -- encodings ---------------------------------------------------------------------------


SAK_AEOA = [
    ["Tittel", "Departement", "Type", "Oppmeldt", "Meldt inn av"],
    ["Barnehager i Tromsø og Ålesund", "KD", "kostnadsberegning", "2026", "KS"],
    ["Særskilt støtte – «vekst»", "HOD", "lovmedvirkning", "2025", "HOD"],
]
AEOA_TITLER = ["Særskilt støtte – «vekst»", "Barnehager i Tromsø og Ålesund"]


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8], ids=["uten-bom", "med-bom"])
@pytest.mark.parametrize("encoding", [None, "utf-8", "utf-8-sig"])
def test_utf8_med_og_uten_bom(kjor: Kjor, tmp_path: Path, bom: bytes, encoding: str | None) -> None:
    sti = fil(tmp_path, "saker.csv", bom + tabell(SAK_AEOA).encode())
    args = ["--encoding", encoding] if encoding else []
    ok(kjor("import", "saker", sti, *args))
    assert titler(kjor) == AEOA_TITLER


@pytest.mark.parametrize("encoding", [None, "utf-8"])
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_bom_havner_aldri_i_et_kolonnenavn(
    kjor: Kjor, tmp_path: Path, encoding: str | None, fmt: str
) -> None:
    # The first column is unknown, so the error names it: exactly as written, no BOM.
    skille = "\t" if fmt == "tsv" else ";"
    innhold = codecs.BOM_UTF8 + tabell([["Løpenr", *SAK_AEOA[0]]], skille).encode()
    sti = fil(tmp_path, f"saker.{fmt}", innhold)
    args = ["--encoding", encoding] if encoding else []
    linje = feil(kjor("import", "saker", sti, *args), 1, f"{sti}:1: ukjente kolonner: «Løpenr».")
    assert "\ufeff" not in linje
    # And a BOM before a known first column leaves it known.
    innhold = codecs.BOM_UTF8 + tabell([["Sak", "Departement"], ["X", "KD"]], skille).encode()
    sti = fil(tmp_path, f"to.{fmt}", innhold)
    r = kjor("import", "saker", sti, *args)
    rapport(r, sti, "2: type: mangler", "2: meldt_inn_av: mangler")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_bom_foran_json(kjor: Kjor, tmp_path: Path, fmt: str) -> None:
    rad = {"tittel": "Å", "departement": "KD", "type": "kostnadsberegning", "meldt_inn_av": "KS"}
    tekst = json.dumps([rad]) if fmt == "json" else json.dumps(rad) + "\n"
    ok(kjor("import", "saker", fil(tmp_path, f"s.{fmt}", codecs.BOM_UTF8 + tekst.encode())))
    assert titler(kjor) == ["Å"]


@pytest.mark.parametrize("navn", ["saker.txt", "saker.csv", "saker.tsv"])
def test_utf16_med_bom(kjor: Kjor, tmp_path: Path, navn: str) -> None:
    # Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated, CRLF.
    tekst = tabell(SAK_AEOA, "\t", "\r\n")
    sti = fil(tmp_path, navn, codecs.BOM_UTF16_LE + tekst.encode("utf-16-le"))
    ok(kjor("import", "saker", sti))
    assert titler(kjor) == AEOA_TITLER


def test_utf16_jsonl_etter_filendelse(kjor: Kjor, tmp_path: Path) -> None:
    rad = {"tittel": "Ørsta", "departement": "KD", "type": "lovmedvirkning", "meldt_inn_av": "KS"}
    tekst = json.dumps(rad, ensure_ascii=False) + "\r\n"
    ok(kjor("import", "saker", fil(tmp_path, "s.jsonl", tekst.encode("utf-16"))))
    assert titler(kjor) == ["Ørsta"]


def test_cp1252_med_encoding(kjor: Kjor, tmp_path: Path) -> None:
    sti = fil(tmp_path, "saker.csv", tabell(SAK_AEOA, ";", "\r\n"), "cp1252")
    ok(kjor("import", "saker", sti, "--encoding", "cp1252"))
    assert titler(kjor) == AEOA_TITLER


@pytest.mark.parametrize(
    ("linje", "antall", "tittel", "slutt"),
    [
        (2, 9, "Tromsø", "\n"),  # the first data line; ø (0xF8) never starts UTF-8
        (4, 9, "Ålesund", "\r\n"),  # Å (0xC5) starts a two-byte sequence
        (150, 160, "Sak i Tromsø", "\n"),  # past the 4096 bytes the reader peeks at
        (9, 9, "Sak om å", ""),  # the file's very last byte, with no newline after it
    ],
)
def test_cp1252_uten_encoding_gir_feil_med_riktig_linje(
    kjor: Kjor, tmp_path: Path, linje: int, antall: int, tittel: str, slutt: str
) -> None:
    ny_sak(kjor)
    for_ = eksport(kjor)
    rader = [["Departement", "Type", "Oppmeldt", "Meldt inn av", "Tittel"]]
    rader += [["KD", "kostnadsberegning", "2026", "KS", f"Sak {i}"] for i in range(2, antall + 1)]
    rader[linje - 1][-1] = tittel
    tekst = tabell(rader, ";", slutt or "\n")
    data = (tekst if slutt else tekst.rstrip("\n")).encode("cp1252")
    assert tittel.encode("cp1252") in data.split(b"\n")[linje - 1]
    assert data.index(tittel.encode("cp1252")) > 4096 or linje < 100
    assert data.endswith(tittel.encode("cp1252")) or slutt
    sti = fil(tmp_path, "saker.csv", data)
    r = kjor("import", "saker", sti)
    assert r.exit_code != 0
    feil(r, 1, f"{sti}:{linje}: teksten er ikke gyldig", "--encoding cp1252")
    assert eksport(kjor) == for_
    # Read as cp1252, the same file goes in whole, with the title as written.
    ok(kjor("import", "saker", sti, "--encoding", "cp1252"))
    assert titler(kjor)[linje - 1] == tittel


def test_cp1252_i_json_gir_feil_med_linje(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        {"tittel": f"T{i}", "departement": "KD", "type": "lovmedvirkning", "meldt_inn_av": "KS"}
        for i in range(5)
    ]
    rader[3]["tittel"] = "Ærlig"
    tekst = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rader)
    sti = fil(tmp_path, "s.jsonl", tekst, "cp1252")
    feil(kjor("import", "saker", sti), 1, f"{sti}:4:", "--encoding")
    tomt(kjor)
    ok(kjor("import", "saker", sti, "--encoding", "cp1252"))
    assert "Ærlig" in titler(kjor)


def test_ukjent_encoding_er_bruksfeil(kjor: Kjor, tmp_path: Path) -> None:
    sti = fil(tmp_path, "saker.csv", tabell(SAK_AEOA))
    feil(kjor("import", "saker", sti, "--encoding", "latin-99"), 2, "latin-99")
    tomt(kjor)


# -- delimiters and line endings ---------------------------------------------------------

TITLER_MED_SKILLETEGN = ['Komma, semikolon; og "sitat"', "Tab\tinni", "To\nlinjer"]
# A title refuses control characters (issue 9); the description takes tab and newline.
TITLER = ['Komma, semikolon; og "sitat"', "Tab inni", "To linjer"]


@pytest.mark.parametrize("skille", [";", ",", "\t"], ids=["semikolon", "komma", "tab"])
@pytest.mark.parametrize("slutt", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
@pytest.mark.parametrize("navn", ["saker.csv", "-"])
def test_skilletegn_gjettes(kjor: Kjor, tmp_path: Path, skille: str, slutt: str, navn: str) -> None:
    rader = [[*SAK_AEOA[0], "Beskrivelse"]] + [
        [t, "KD", "kostnadsberegning", "2026", "KS", b]
        for t, b in zip(TITLER, TITLER_MED_SKILLETEGN, strict=True)
    ]
    tekst = tabell(rader, skille, slutt)
    if navn == "-":
        ok(kjor("import", "saker", "-", input=tekst.encode()))
    else:
        ok(kjor("import", "saker", fil(tmp_path, navn, tekst)))
    # A newline inside a quoted cell stays as written; the row's own CR never sticks.
    assert titler(kjor) == TITLER
    assert [s["beskrivelse"] for s in saker_json(kjor)] == TITLER_MED_SKILLETEGN


# -- lines that end in CR alone (Excel for Mac's "CSV (Macintosh)") -------------------------


def test_cr_linjer_fra_mac_excel(kjor: Kjor, tmp_path: Path) -> None:
    # "CSV (Macintosh)": Mac Roman, CR after each row, LF inside a quoted cell.
    rader = [[*SAK_AEOA[0], "Beskrivelse"], [*SAK_AEOA[1], "To\nlinjer"], [*SAK_AEOA[2], ""]]
    sti = fil(tmp_path, "saker.csv", tabell(rader, ";", "\r"), "mac_roman")
    # Not UTF-8 (ø is 0xBF); cp1252 would read it as ¿, so the hint is Mac Roman.
    linje = feil(kjor("import", "saker", sti), 1, f"{sti}:2: teksten er ikke gyldig utf-8-sig")
    assert linje.endswith("(«CSV (Macintosh)»): prøv --encoding mac_roman."), linje
    tomt(kjor)
    ok(kjor("import", "saker", sti, "--encoding", "mac_roman"))
    assert titler(kjor) == AEOA_TITLER
    assert [s["beskrivelse"] for s in saker_json(kjor)] == [None, "To\nlinjer"]


def test_cr_linjer_feil_har_riktig_linje(kjor: Kjor, tmp_path: Path) -> None:
    rader = [SAK_AEOA[0], *[[f"Sak {i}", "KD", "lov", "2026", "KS"] for i in (1, 2)]]
    sti = fil(
        tmp_path, "saker.csv", tabell([*rader, ["Sak 3", "KD", "lov", "tjue", "KS"]], ";", "\r")
    )
    rapport(kjor("import", "saker", sti), sti, "4: oppmeldt: ")
    tomt(kjor)
    # A byte that is not UTF-8 on the fourth line is named by that line.
    data = tabell([*rader, ["Sak i Tromsø", "KD", "lov", "2026", "KS"]], ";", "\r")
    sti = fil(tmp_path, "cp.csv", data, "cp1252")
    feil(kjor("import", "saker", sti), 1, f"{sti}:4: teksten er ikke gyldig utf-8-sig", "mac_roman")
    tomt(kjor)


def test_cr_cr_lf_er_linjeskift_som_for(kjor: Kjor, tmp_path: Path) -> None:
    # CRLF written in text mode on Windows (csv.writer without newline=''): CR CR LF ends
    # each line, as it did before CR alone was read.
    tekst = f"{HODE}\r\r\nEn sak;KD;lov;2026;KS\r\r\nTo saker;KD;lov;2026;KS\r\r\n"
    ok(kjor("import", "saker", fil(tmp_path, "saker.csv", tekst)))
    assert titler(kjor) == ["En sak", "To saker"]


@pytest.mark.parametrize("bredde", [4094, 4095, 5000, 70_000])
def test_cr_linjer_med_lang_forste_linje(kjor: Kjor, tmp_path: Path, bredde: int) -> None:
    # The first line's end decides, wherever it is (the reader peeks at 4096 bytes first).
    hode = HODE + " " * (bredde - len(HODE))
    tekst = f"{hode}\rEn sak;KD;lov;2026;KS\rTo saker;KD;lov;2026;KS\r"
    ok(kjor("import", "saker", fil(tmp_path, "saker.csv", tekst)))
    assert titler(kjor) == ["En sak", "To saker"]


def test_json_liste_med_cr_linjer_gir_riktig_linje(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        {"tittel": f"T{i}", "departement": "KD", "type": "lov", "meldt_inn_av": "KS"}
        for i in range(4)
    ]
    rader[2]["oppmeldt"] = "tjue"
    tekst = json.dumps(rader, indent=2)
    start = tekst.split("\n").index("  {", 1 + tekst.split("\n").index("  {", 2)) + 1
    lf, cr = fil(tmp_path, "lf.json", tekst), fil(tmp_path, "cr.json", tekst.replace("\n", "\r"))
    assert start > 10
    rapport(kjor("import", "saker", lf), lf, f"{start}: oppmeldt: ")
    rapport(kjor("import", "saker", cr), cr, f"{start}: oppmeldt: ")
    tomt(kjor)


def test_lf_midt_i_en_rad_med_cr(kjor: Kjor, tmp_path: Path) -> None:
    tekst = f"{HODE}\rEn sak;KD;lov;2026;KS\rTo\nsaker;KD;lov;2026;KS\r"
    sti = fil(tmp_path, "saker.csv", tekst)
    feil(kjor("import", "saker", sti), 1, f"{sti}:3: kan ikke lese raden (et linjeskift står")
    tomt(kjor)


def test_en_cr_midt_i_en_rad_med_lf(kjor: Kjor, tmp_path: Path) -> None:
    # A lone CR outside quotes in a file of CRLF lines: the csv module's English complaint
    # ("new-line character seen in unquoted field - do you need to open the file in
    # universal-newline mode?") would be about its own API; the user gets Norwegian.
    tekst = f"{HODE}\r\nEn sak;KD;lov;2026;KS\r\nTo\rsaker;KD;lov;2026;KS\r\n"
    sti = fil(tmp_path, "saker.csv", tekst)
    linje = feil(kjor("import", "saker", sti), 1, f"{sti}:3: kan ikke lese raden (et linjeskift")
    assert linje == (
        f"Feil: {sti}:3: kan ikke lese raden (et linjeskift står midt i et felt uten "
        "anførselstegn; filen blander to slags linjeskift (CR og LF): lagre den på nytt som "
        "CSV UTF-8)."
    )
    tomt(kjor)


@pytest.mark.parametrize("verdi", ["tab", "\\t", "\t"])
def test_delimiter_tab(kjor: Kjor, tmp_path: Path, verdi: str) -> None:
    sti = fil(tmp_path, "saker.csv", tabell(SAK_AEOA, "\t"))
    ok(kjor("import", "saker", sti, "--delimiter", verdi))
    assert titler(kjor) == AEOA_TITLER


def test_delimiter_overstyrer_gjetting(kjor: Kjor, tmp_path: Path) -> None:
    sti = fil(tmp_path, "saker.csv", tabell(SAK_AEOA, ","))
    # Sniffing would take the comma; told `;`, the whole header is one unknown column.
    feil(
        kjor("import", "saker", sti, "--delimiter", ";"),
        1,
        f"{sti}:1: ukjente kolonner: «Tittel,Departement,Type,Oppmeldt,Meldt inn av».",
    )
    ok(kjor("import", "saker", sti, "-d", ","))
    assert titler(kjor) == AEOA_TITLER


def test_delimiter_maa_vaere_ett_tegn(kjor: Kjor, tmp_path: Path) -> None:
    sti = fil(tmp_path, "saker.csv", tabell(SAK_AEOA))
    feil(kjor("import", "saker", sti, "--delimiter", ";;"), 2, "--delimiter")
    tomt(kjor)


@pytest.mark.parametrize(
    "hode",
    [
        "tittel;departement,type;oppmeldt,meldt inn av",  # as many known columns either way
        "title;ministry,kind",  # no known column either way
        "tittel",  # no delimiter at all
    ],
)
def test_uavgjort_skilletegn_er_feil_ikke_gjetning(kjor: Kjor, tmp_path: Path, hode: str) -> None:
    ny_sak(kjor)
    for_ = eksport(kjor)
    sti = fil(tmp_path, "saker.csv", hode + "\nE-helse;HOD,kostnadsberegning;2026,KS\n")
    linje = feil(kjor("import", "saker", sti), 2, "skilletegnet", "--delimiter")
    assert sti in linje
    r = kjor("import", "saker", "-", input=Path(sti).read_bytes())
    feil(r, 2, "<stdin>", "--delimiter")
    assert eksport(kjor) == for_


# -- column headings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "overskrifter",
    [
        ["saksnummer", "tittel", "departement", "oppmeldt", "status", "meldt_inn_av", "type"],
        ["Saksnr.", "Sak", "Departement", "Oppmeldt", "Status", "Meldt inn av", "Type"],
        ["SAKSNUMMER", "SAK", "DEPARTEMENT", "OPPMELDT", "STATUS", "MELDT INN AV", "TYPE"],
        [" nr ", " sak ", "  Dep. ", "Oppmeldt år", " status", "Meldt-inn-av", "Sakstype"],
        ["Saks nummer", "Tit tel", "Departe_ment", "OPPMELDT ÅR", "Status", "MELDT_INN_AV", "art"],
    ],
)
def test_saker_overskrifter(kjor: Kjor, tmp_path: Path, overskrifter: list[str]) -> None:
    rad = ["2024/7", "Ressurskrevende tjenester", "HOD", "2024", "pågående", "KS", "lovmedvirkning"]
    ok(kjor("import", "saker", fil(tmp_path, "s.csv", tabell([overskrifter, rad]))))
    [sak] = saker_json(kjor)
    assert sak["saksnummer"] == "2024/7"
    assert sak["tittel"] == "Ressurskrevende tjenester"
    assert sak["departement"] == "HOD"
    assert sak["oppmeldt"] == 2024
    assert sak["status"] == "pagaende"
    assert sak["meldt_inn_av"] == "KS"
    assert sak["type"] == "lovmedvirkning"


@pytest.mark.parametrize(
    "overskrifter",
    [
        ["id", "tittel", "kategori", "parter", "inngatt", "utloper", "forste_avtale", "status"],
        [
            "Id",
            "Tittel",
            "Kategori",
            "Parter",
            "Inngått",
            "Utløper",
            "Første avtale inngått",
            "Status",
        ],
        [
            "ID",
            "TITTEL",
            "KATEGORI",
            "PARTER",
            "INNGÅTT",
            "UTLØPER",
            "FØRSTE AVTALE INNGÅTT",
            "STATUS",
        ],
        [
            "avtale id",
            "Avtale",
            "Gruppe",
            "Part",
            "Inngatt",
            "Utloper",
            "Forste avtale inngatt",
            "status",
        ],
        [
            " handle",
            "tittel ",
            "kategori",
            "parter",
            "inngått_dato",
            "utløps-dato",
            "første_avtale",
            " Status ",
        ],
    ],
)
def test_avtaler_overskrifter(kjor: Kjor, tmp_path: Path, overskrifter: list[str]) -> None:
    rad = [
        "A4",
        "Samarbeid om rus",
        "velferd",
        "HOD, JD og KS",
        "01.02.2023",
        "31.12.2027",
        "2015",
        "ny",
    ]
    ok(kjor("import", "avtaler", fil(tmp_path, "a.csv", tabell([overskrifter, rad]))))
    [avtale] = avtaler_json(kjor)
    assert avtale["id"] == "A4"
    assert avtale["tittel"] == "Samarbeid om rus"
    assert avtale["kategori"] == "velferd"
    assert avtale["parter"] == ["HOD", "JD", "KS"]
    assert avtale["inngatt"] == "2023-02-01"
    assert avtale["utloper"] == "2027-12-31"
    assert avtale["forste_avtale"] == 2015
    assert avtale["status"] == "ny"


def test_samme_felt_to_ganger_er_feil(kjor: Kjor, tmp_path: Path) -> None:
    sti = fil(tmp_path, "s.csv", "Sak;Tittel;departement\nA;B;KD\n")
    feil(kjor("import", "saker", sti), 1, f"{sti}:1:", "«Sak»", "«Tittel»")
    tomt(kjor)


def test_ukjent_kolonne_er_feil_uten_ignorer_ukjente(kjor: Kjor, tmp_path: Path) -> None:
    rader = [[*SAK_AEOA[0], "Saksbehandler"], [*SAK_AEOA[1], "Kari"]]
    sti = fil(tmp_path, "s.csv", tabell(rader))
    feil(
        kjor("import", "saker", sti),
        1,
        f"{sti}:1: ukjente kolonner: «Saksbehandler».",
        "--ignorer-ukjente",
    )
    tomt(kjor)
    ok(kjor("import", "saker", sti, "--ignorer-ukjente"))
    assert titler(kjor) == [AEOA_TITLER[1]]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_ukjent_felt_i_json_er_feil_uten_ignorer_ukjente(
    kjor: Kjor, tmp_path: Path, fmt: str
) -> None:
    rader = [
        {"tittel": "A", "departement": "KD", "type": "lovmedvirkning", "meldt_inn_av": "KS"},
        {
            "tittel": "B",
            "departement": "KD",
            "type": "lovmedvirkning",
            "meldt_inn_av": "KS",
            "x": 1,
        },
    ]
    tekst = json.dumps(rader, indent=1) if fmt == "json" else "\n".join(map(json.dumps, rader))
    sti = fil(tmp_path, f"s.{fmt}", tekst)
    linje = 8 if fmt == "json" else 2
    [melding] = rapport(kjor("import", "saker", sti), sti, f"{linje}: rad: ukjente felt: «x»")
    assert "--ignorer-ukjente" in melding
    tomt(kjor)
    ok(kjor("import", "saker", sti, "--ignorer-ukjente"))
    assert titler(kjor) == ["A", "B"]


def test_tomme_valgfrie_celler_er_tomme_ikke_none(kjor: Kjor, tmp_path: Path) -> None:
    saker = [
        [
            "saksnummer",
            "tittel",
            "beskrivelse",
            "departement",
            "type",
            "oppmeldt",
            "meldt_inn_av",
            "gjentakende",
            "status",
        ],
        ["", "Uten beskrivelse", "", "KD", "lovmedvirkning", "", "KS", "", ""],
        ["", "Med mellomrom", "   ", "KD", "lovmedvirkning", "2025", "KS", " ", "  "],
    ]
    ok(kjor("import", "saker", fil(tmp_path, "s.csv", tabell(saker))))
    for sak in saker_json(kjor):
        assert sak["beskrivelse"] is None
        assert sak["gjentakende"] is False
        assert sak["status"] == "ny"
    avtaler = [
        ["id", "tittel", "kategori", "parter", "inngatt", "utloper", "forste_avtale", "fornyer"],
        ["", "Uten utløp", "samhandling", "KS", "2024-03-01", "", "", ""],
    ]
    ok(kjor("import", "avtaler", fil(tmp_path, "a.csv", tabell(avtaler))))
    [avtale] = avtaler_json(kjor)
    assert avtale["id"] == "A1"
    assert (avtale["utloper"], avtale["forste_avtale"], avtale["fornyer"]) == (None, None, None)
    ut = ok(kjor("eksport", "alt")).stdout
    assert "None" not in ut
    rader = [json.loads(linje) for linje in ut.splitlines()]
    assert [r["beskrivelse"] for r in rader if r["post"] == "sak"] == [None, None]


def test_json_null_er_tom(kjor: Kjor, tmp_path: Path) -> None:
    rad = {
        "tittel": "T",
        "beskrivelse": None,
        "departement": "KD",
        "type": "lovmedvirkning",
        "meldt_inn_av": "KS",
        "status": None,
        "oppmeldt": None,
    }
    ok(kjor("import", "saker", fil(tmp_path, "s.jsonl", json.dumps(rad) + "\n")))
    [sak] = saker_json(kjor)
    assert sak["beskrivelse"] is None
    assert sak["status"] == "ny"


# -- formats -----------------------------------------------------------------------------

SAKER = [
    {"tittel": "Første", "departement": "KD", "type": "kostnadsberegning", "meldt_inn_av": "KS"},
    {
        "tittel": "Andre, med komma",
        "departement": "HOD",
        "type": "lovmedvirkning",
        "meldt_inn_av": "HOD",
    },
]


def som(fmt: str, rader: list[dict[str, Any]]) -> str:
    if fmt == "json":
        return json.dumps(rader, ensure_ascii=False, indent=2)
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rader)
    felt = list(rader[0])
    return tabell([felt] + [[r[f] for f in felt] for r in rader], "\t" if fmt == "tsv" else ",")


@pytest.mark.parametrize("ending", ["csv", "tsv", "json", "jsonl", "ndjson", "CSV", "JSON"])
def test_format_etter_filendelse(kjor: Kjor, tmp_path: Path, ending: str) -> None:
    fmt = {"ndjson": "jsonl"}.get(ending, ending.lower())
    ok(kjor("import", "saker", fil(tmp_path, f"saker.{ending}", som(fmt, SAKER))))
    assert titler(kjor) == ["Første", "Andre, med komma"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl"])
@pytest.mark.parametrize("navn", ["saker.txt", "saker.dat", "-"])
def test_format_med_valg(kjor: Kjor, tmp_path: Path, fmt: str, navn: str) -> None:
    innhold = som(fmt, SAKER)
    if navn == "-":
        r = kjor("import", "saker", "-", "--format", fmt, input=innhold.encode())
    else:
        r = kjor("import", "saker", fil(tmp_path, navn, innhold), "-f", fmt.upper())
    ok(r)
    assert titler(kjor) == ["Første", "Andre, med komma"]


def test_format_valget_vinner_over_filendelsen(kjor: Kjor, tmp_path: Path) -> None:
    sti = fil(tmp_path, "feil.csv", som("jsonl", SAKER))
    ok(kjor("import", "saker", sti, "--format", "jsonl"))
    assert titler(kjor) == ["Første", "Andre, med komma"]


@pytest.mark.parametrize(
    ("fmt", "forspill"),
    [
        *[(fmt, forspill) for fmt in ("csv", "tsv") for forspill in ("", "\ufeff")],
        *[(fmt, f) for fmt in ("json", "jsonl") for f in ("", "\ufeff", "\n  \n", "\ufeff\r\n")],
    ],
)
def test_format_gjettes_fra_stdin(kjor: Kjor, fmt: str, forspill: str) -> None:
    r = ok(kjor("import", "saker", "-", "--json", input=(forspill + som(fmt, SAKER)).encode()))
    assert json.loads(r.stdout)["nye"] == 2
    assert titler(kjor) == ["Første", "Andre, med komma"]


def test_stdin_som_tekst(kjor: Kjor) -> None:
    ok(kjor("import", "saker", "-", input=som("jsonl", SAKER)))
    assert titler(kjor) == ["Første", "Andre, med komma"]


@pytest.mark.parametrize(
    ("innhold", "linje"),
    [
        ('[\n  {"tittel": "A"},\n  {"tittel": \n', 3),
        ('{"tittel": "A"}', 1),
        ('[{"tittel": "A"}]\n[]', 1),  # the line where the list ends
    ],
)
def test_ugyldig_json_gir_linje(kjor: Kjor, tmp_path: Path, innhold: str, linje: int) -> None:
    sti = fil(tmp_path, "s.json", innhold)
    feil(kjor("import", "saker", sti), 1, f"{sti}:{linje}:")
    tomt(kjor)


def test_ugyldig_jsonl_linje_rapporteres(kjor: Kjor, tmp_path: Path) -> None:
    tekst = som("jsonl", SAKER) + "{ikke json}\n\n[1]\n"
    sti = fil(tmp_path, "s.jsonl", tekst)
    r = kjor("import", "saker", sti)
    assert r.exit_code == 3
    linjer = r.stderr.splitlines()
    assert f"{sti}:3: rad: ugyldig JSON" in linjer[0]
    assert f"{sti}:5: rad: er ikke et JSON-objekt" in linjer
    assert all(linje.startswith((f"{sti}:3: ", f"{sti}:5: ")) for linje in linjer[:-1])
    tomt(kjor)


def test_tom_fil_er_feil(kjor: Kjor, tmp_path: Path) -> None:
    # Issue 11: empty input (no header) is an error, so a failed step upstream is noticed.
    feil(kjor("import", "saker", fil(tmp_path, "tom.csv", "")), 3, "tom inndata")


@pytest.mark.parametrize("forspill", ["\n", "\r\n", "\ufeff\n", " \t\n\n"])
def test_csv_med_tom_forste_linje_er_feil(kjor: Kjor, tmp_path: Path, forspill: str) -> None:
    # Not «0 nye» and exit 0: the rows after the blank line would be lost without a word.
    tekst = forspill + tabell(SAK_AEOA)
    sti = fil(tmp_path, "saker.csv", tekst)
    feil(kjor("import", "saker", sti), 1, f"{sti}:1:", "tom")
    feil(kjor("import", "saker", "-", "-f", "csv", input=tekst), 1, "<stdin>:1:", "tom")
    tomt(kjor)
    # Blank lines and nothing else are an empty file (issue 11: an error, «tom inndata»).
    feil(kjor("import", "saker", fil(tmp_path, "blank.csv", forspill)), 3, "tom inndata")


def test_fil_som_ikke_finnes(kjor: Kjor, tmp_path: Path) -> None:
    feil(kjor("import", "saker", str(tmp_path / "borte.csv")), 1, "borte.csv")


# -- the bad-row report ------------------------------------------------------------------


def test_alle_feil_rapporteres_med_fil_og_linje(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor)
    for_ = eksport(kjor)
    rader = [
        SAK_AEOA[0],
        ["God sak", "KD", "kostnadsberegning", "2026", "KS"],  # 2
        ["Over\nto linjer", "KD", "kostnadsberegning", "2026", "KS"],  # 3-4
        ["Feil dep", "XYZ", "kostnadsberegning", "2026", "KS"],  # 5
        ["", "KD", "kostnadsberegning", "2026", "KS"],  # 6
        ["Feil år og type", "KD", "ymse", "20x6", "KS"],  # 7
    ]
    tekst = (
        tabell(rader)
        + "\n"
        + tabell([["Etter blank linje", "KD", "kostnadsberegning", "1800", "KS"]])
    )
    sti = fil(tmp_path, "saker.csv", tekst)
    r = kjor("import", "saker", sti)
    rapport(
        r,
        sti,
        "3: tittel: tittelen inneholder styretegnet \\n",
        "5: departement: Ukjent departementskode «XYZ»",
        "6: tittel: mangler",
        "7: type:",
        "7: oppmeldt:",
        "9: oppmeldt:",
    )
    assert r.stderr.splitlines()[-1] == f"Feil: 6 feil i {sti}; ingenting er lagret."
    assert r.stdout == ""
    assert eksport(kjor) == for_


def test_avtalefeil_rapporteres(kjor: Kjor, tmp_path: Path) -> None:
    rader: list[dict[str, Any]] = [
        {"tittel": "God", "kategori": "velferd", "parter": ["KD", "KS"], "inngatt": "2024-01-01"},
        {
            "tittel": "Ukjent part",
            "kategori": "velferd",
            "parter": "KD og QQ",
            "inngatt": "2024-01-01",
        },
        {"tittel": "Ingen dato", "kategori": "velferd", "parter": "KS"},
        {
            "tittel": "Baklengs",
            "kategori": "ymse",
            "parter": "KS og KS",
            "inngatt": "2024-05-01",
            "utloper": "2024-01-01",
        },
        {
            "id": "B7",
            "tittel": "Rar id",
            "kategori": "velferd",
            "parter": "KS",
            "inngatt": "2024-01-01",
            "forste_avtale": 2030,
        },
    ]
    sti = fil(tmp_path, "a.jsonl", som("jsonl", rader))
    rapport(
        kjor("import", "avtaler", sti),
        sti,
        "2: parter: Ukjent part «QQ»",
        "3: inngatt: mangler",
        "4: kategori: Ukjent kategori «ymse»",
        "4: parter: Samme part er oppgitt to ganger",
        "4: utloper:",
        "5: id: «B7»",
        "5: forste_avtale: Første avtale inngått (2030)",
    )
    tomt(kjor)


def test_taket_paa_rapporterte_feil_og_antallet_som_gjenstaar(kjor: Kjor, tmp_path: Path) -> None:
    # register.importer_saker lists at most 50 problems (maks_feil) and counts the rest.
    rader = [SAK_AEOA[0]] + [
        [f"Sak {i}", "QQ", "kostnadsberegning", "2026", "KS"] for i in range(73)
    ]
    sti = fil(tmp_path, "saker.csv", tabell(rader))
    r = kjor("import", "saker", sti)
    assert r.exit_code == 3
    linjer = r.stderr.splitlines()
    assert len(linjer) == 52
    assert [linje.split(": ")[0] for linje in linjer[:50]] == [f"{sti}:{n}" for n in range(2, 52)]
    assert all(": departement: Ukjent departementskode «QQ»" in linje for linje in linjer[:50])
    assert linjer[50] == "… og 23 feil til"
    assert linjer[51] == f"Feil: 73 feil i {sti}; ingenting er lagret."
    tomt(kjor)


def test_dry_run_lagrer_ingenting(kjor: Kjor, tmp_path: Path) -> None:
    nr = ny_sak(kjor)
    for_ = eksport(kjor)
    rader = [
        ["saksnummer", *SAK_AEOA[0]],
        [nr, "Ny tittel", "HOD", "kostnadsberegning", "2026", "KS"],
        ["", "Helt ny", "KD", "lovmedvirkning", "2026", "KS"],
    ]
    sti = fil(tmp_path, "saker.csv", tabell(rader))
    r = ok(kjor("import", "saker", sti, "--dry-run", "--ved-konflikt", "oppdater"))
    assert (
        r.stderr == "Saker: 1 nye, 1 oppdatert, 0 hoppet over (--dry-run: ingenting er lagret).\n"
    )
    assert eksport(kjor) == for_
    r = ok(kjor("import", "saker", sti, "--dry-run", "--json", "--ved-konflikt", "oppdater"))
    data = json.loads(r.stdout)
    assert (data["nye"], data["oppdatert"], data["lagret"]) == (1, 1, False)
    assert eksport(kjor) == for_
    # The numbers a dry run reserved are given back: the next case is 2026/2.
    assert ny_sak(kjor, oppmeldt="2026") == "2026/2"


def test_dry_run_rapporterer_feil(kjor: Kjor, tmp_path: Path) -> None:
    rader = [SAK_AEOA[0], ["A", "QQ", "kostnadsberegning", "2026", "KS"], SAK_AEOA[1]]
    sti = fil(tmp_path, "saker.csv", tabell(rader))
    rapport(kjor("import", "saker", sti, "--dry-run"), sti, "2: departement:")
    tomt(kjor)


def test_siste_av_5000_rader_feil_ruller_alt_tilbake(kjor: Kjor, tmp_path: Path) -> None:
    nr = ny_sak(kjor, oppmeldt="2026")
    ny_avtale(kjor)
    for_ = (eksport(kjor, "saker"), eksport(kjor, "avtaler"))
    # Long descriptions: over a megabyte, where the progress bar would start at a terminal.
    rader = [["tittel", "beskrivelse", "departement", "type", "oppmeldt", "meldt_inn_av"]]
    rader += [
        [f"Sak {i}", "x" * 220, "KD", "kostnadsberegning", "2026", "KS"] for i in range(1, 5000)
    ]
    rader.append(["Sak 5000", "siste", "KD", "kostnadsberegning", "2026", "QQ"])
    tekst = tabell(rader)
    assert len(tekst.encode()) > 1 << 20
    sti = fil(tmp_path, "saker.csv", tekst)
    r = kjor("import", "saker", sti)
    rapport(r, sti, "5001: meldt_inn_av: Ukjent departementskode «QQ»")
    assert (eksport(kjor, "saker"), eksport(kjor, "avtaler")) == for_
    # The numbers the written batches took are given back too.
    assert ny_sak(kjor, oppmeldt="2026") == "2026/2"
    assert nr == "2026/1"
    # Corrected, the same file goes in whole; no progress bar in a pipe.
    rader[-1][-1] = "KS"
    ok_r = ok(kjor("import", "saker", fil(tmp_path, "saker.csv", tabell(rader))))
    assert ok_r.stderr == "Saker: 5000 nye, 0 oppdatert, 0 hoppet over.\n"
    saker = saker_json(kjor)
    assert len(saker) == 5002
    assert saker[-1]["saksnummer"] == "2026/5002"
    assert saker[-1]["tittel"] == "Sak 5000"


def test_avtaler_ruller_tilbake_ved_feil_i_fornyer(kjor: Kjor, tmp_path: Path) -> None:
    ny_avtale(kjor)
    for_ = eksport(kjor, "avtaler")
    rader = [
        {"tittel": "Ny", "kategori": "velferd", "parter": "KS", "inngatt": "2024-01-01"},
        {
            "tittel": "Fornyer",
            "kategori": "velferd",
            "parter": "KS",
            "inngatt": "2025-01-01",
            "fornyer": "A99",
        },
    ]
    sti = fil(tmp_path, "a.jsonl", som("jsonl", rader))
    rapport(kjor("import", "avtaler", sti), sti, "2: fornyer: finner ingen avtale A99")
    assert eksport(kjor, "avtaler") == for_
    assert ny_avtale(kjor, tittel="Neste") == "A2"


def _avtalerader(n: int) -> str:
    rader = [["tittel", "kategori", "parter", "inngatt"]]
    rader += [[f"Avtale {i}", "velferd", "KS og KD", "01.02.2024"] for i in range(1, n + 1)]
    return tabell(rader, ",")


def _sendte(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements the writer thread (db/bakskriver.py) accepts, by their start
    (`INSERT INTO avtale`), as they are sent."""
    from konsreg.db import bakskriver

    sendt: list[str] = []
    ekte = bakskriver.Bakskriver.send

    def send(self: Any, sql: str, parametre: Any) -> None:
        ekte(self, sql, parametre)
        sendt.append(sql.split(" (")[0])

    monkeypatch.setattr(bakskriver.Bakskriver, "send", send)
    return sendt


@pytest.mark.bare_sqlite
def test_avtalene_skrives_av_skrivetraden(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, eget_register: Path
) -> None:
    """On SQLite the new rows' INSERTs go to the writer thread (db/bakskriver.py): 4,500
    agreements (three batches) each with its id, parties and history, ids after the
    register's highest."""
    import sqlite3

    sendt = _sendte(monkeypatch)
    assert ny_avtale(kjor) == "A1"
    ok(kjor("import", "avtaler", fil(tmp_path, "a.csv", _avtalerader(4500)), "-q"))
    # Batches of 2,000, 2,000 and 500 agreements, 500 rows a statement (two parties each).
    assert sendt.count("INSERT INTO avtale") == 9
    assert sendt.count("INSERT INTO avtalepart") == 18
    assert sendt.count("INSERT INTO historikk") == 9
    avtaler = avtaler_json(kjor)
    assert sorted(a["id"] for a in avtaler) == sorted(f"A{i}" for i in range(1, 4502))
    assert {tuple(a["parter"]) for a in avtaler if a["id"] != "A1"} == {("KS", "KD")}
    with sqlite3.connect(eget_register) as ra:
        # Row ids after the register's highest, each agreement's parties and history on its
        # own id, the search index's copy of the parties as the parties.
        assert ra.execute("SELECT min(id), max(id), count(*) FROM avtale").fetchone() == (
            1,
            4501,
            4501,
        )
        assert ra.execute(
            "SELECT count(*) FROM avtale a WHERE a.parter_tekst IS NOT (SELECT group_concat(kode,"
            " ', ') FROM (SELECT kode FROM avtalepart WHERE avtale_id = a.id ORDER BY posisjon))"
            " OR NOT EXISTS (SELECT 1 FROM historikk h WHERE h.entitet = 'avtale' AND"
            " h.entitet_id = a.id AND h.felt = 'opprettet')"
        ).fetchone() == (0,)
        assert ra.execute(
            "SELECT id FROM avtale WHERE handle = 'A4501' AND tittel = 'Avtale 4500'"
        ).fetchone() == (4501,)


@pytest.mark.bare_sqlite
def test_feil_i_skrivetraden_ruller_alt_tilbake(
    kjor: Kjor, tmp_path: Path, eget_register: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register refuses a row in the second batch while the writer thread writes it
    (a trigger stands in for a full disk or a broken constraint): one Norwegian line, exit
    1, nothing of the import stored, and the register usable after."""
    import sqlite3

    sendt = _sendte(monkeypatch)
    ny_avtale(kjor)
    for_ = eksport(kjor, "avtaler")
    with sqlite3.connect(eget_register) as ra:
        ra.execute(
            "CREATE TRIGGER stopp BEFORE INSERT ON historikk WHEN new.entitet_id = 2500 "
            "BEGIN SELECT RAISE(ABORT, 'stopp'); END"
        )
    r = kjor("import", "avtaler", fil(tmp_path, "a.csv", _avtalerader(4500)), "-q")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == (
        "Feil: Endringen bryter med det registeret allerede har (duplikat); ingenting er lagret.\n"
    )
    # The first batch's history and the second's first statement (ids 2002-2501, the
    # refused one among them) went to the writer: the refusal was the writer's.
    assert sendt.count("INSERT INTO historikk") >= 5
    assert eksport(kjor, "avtaler") == for_
    with sqlite3.connect(eget_register) as ra:
        ra.execute("DROP TRIGGER stopp")
    assert ny_avtale(kjor, tittel="Neste") == "A2"


# -- conflicts ---------------------------------------------------------------------------


def _sakfil(tmp_path: Path, nr: str) -> str:
    rader = [
        ["saksnummer", "tittel", "departement", "type", "oppmeldt", "meldt_inn_av", "status"],
        [nr, "Ny tittel", "HOD", "kostnadsberegning", "2026", "KS", "pågående"],
        ["2026/7", "Egen", "KD", "lovmedvirkning", "2026", "KS", "ny"],
    ]
    return fil(tmp_path, "saker.csv", tabell(rader))


def test_sak_konflikt_feil_er_standard(kjor: Kjor, tmp_path: Path) -> None:
    nr = ny_sak(kjor, oppmeldt="2026")
    for_ = eksport(kjor)
    sti = _sakfil(tmp_path, nr)
    for args in ([], ["--ved-konflikt", "feil"]):
        [linje] = rapport(kjor("import", "saker", sti, *args), sti, f"2: saksnummer: {nr} finnes")
        assert "--ved-konflikt" in linje
        assert eksport(kjor) == for_


def test_sak_konflikt_hopp_over(kjor: Kjor, tmp_path: Path) -> None:
    nr = ny_sak(kjor, oppmeldt="2026")
    for_ = vis_json(kjor, "sak", nr)
    # --tillat-hull: the file's 2026/7 after 2026/1 is a gap on purpose here.
    sti = _sakfil(tmp_path, nr)
    r = ok(kjor("import", "saker", sti, "--ved-konflikt", "hopp-over", "--tillat-hull"))
    assert r.stderr == "Saker: 1 nye, 0 oppdatert, 1 hoppet over.\n"
    assert vis_json(kjor, "sak", nr) == for_
    assert [s["saksnummer"] for s in saker_json(kjor)] == [nr, "2026/7"]
    # The counter has moved past the number the file brought.
    assert ny_sak(kjor, oppmeldt="2026") == "2026/8"


def test_sak_konflikt_oppdater_lagres_i_historikken(kjor: Kjor, tmp_path: Path) -> None:
    nr = ny_sak(kjor, oppmeldt="2026")
    sti = _sakfil(tmp_path, nr)
    r = ok(
        kjor(
            *("import", "saker", sti, "--ved-konflikt", "oppdater", "--av", "importøren"),
            "--tillat-hull",
        )
    )
    assert r.stderr == "Saker: 1 nye, 1 oppdatert, 0 hoppet over.\n"
    sak = vis_json(kjor, "sak", nr)
    assert (sak["tittel"], sak["status"], sak["meldt_inn_av"]) == ("Ny tittel", "pagaende", "KS")
    endringer = {h["felt"]: h for h in sak["historikk"] if h["felt"] != "opprettet"}
    # status_endret stays today's date (the case was registered today), so no entry for it.
    assert set(endringer) == {"tittel", "status"}
    assert (endringer["tittel"]["gammel"], endringer["tittel"]["ny"]) == ("E-helse", "Ny tittel")
    assert (endringer["status"]["gammel"], endringer["status"]["ny"]) == ("ny", "pagaende")
    assert {h["av"] for h in endringer.values()} == {"importøren"}
    ny = vis_json(kjor, "sak", "2026/7")
    assert [(h["felt"], h["ny"], h["av"]) for h in ny["historikk"]] == [
        ("opprettet", "2026/7", "importøren")
    ]
    # The same file again: nothing left to change.
    r = ok(kjor("import", "saker", sti, "--ved-konflikt", "oppdater", "--json"))
    data = json.loads(r.stdout)
    assert (data["nye"], data["oppdatert"], data["uendret"]) == (0, 0, 2)
    assert len(vis_json(kjor, "sak", nr)["historikk"]) == 3


def test_samme_sak_to_ganger_i_filen(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        ["saksnummer", *SAK_AEOA[0]],
        ["2026/3", "A", "KD", "kostnadsberegning", "2026", "KS"],
        ["2026/3", "B", "KD", "kostnadsberegning", "2026", "KS"],
    ]
    sti = fil(tmp_path, "saker.csv", tabell(rader))
    for modus in ("feil", "hopp-over", "oppdater"):
        rapport(kjor("import", "saker", sti, "--ved-konflikt", modus), sti, "3: ")
        tomt(kjor)


def test_saker_med_og_uten_saksnummer_i_samme_fil(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        ["saksnummer", *SAK_AEOA[0]],
        ["", "Uten nummer", "KD", "kostnadsberegning", "2026", "KS"],
        ["2026/1", "Med nummer", "KD", "kostnadsberegning", "2026", "KS"],
        ["2026/4", "Med høyere nummer", "KD", "kostnadsberegning", "2026", "KS"],
        ["", "Også uten", "KD", "kostnadsberegning", "2026", "KS"],
    ]
    ok(kjor("import", "saker", fil(tmp_path, "saker.csv", tabell(rader))))
    assert sorted((s["saksnummer"], s["tittel"]) for s in saker_json(kjor)) == [
        ("2026/1", "Med nummer"),
        ("2026/4", "Med høyere nummer"),
        ("2026/5", "Uten nummer"),
        ("2026/6", "Også uten"),
    ]
    assert ny_sak(kjor, oppmeldt="2026") == "2026/7"


def _avtalefil(tmp_path: Path, handle: str | None, inngatt: str = "2023-01-04") -> str:
    rader: list[dict[str, Any]] = [
        {
            "tittel": "Samarbeidsavtale om partnerskapet i NAV-kontorene",
            "kategori": "samhandling",
            "parter": ["AID", "KS"],
            "inngatt": inngatt,
            "utloper": "2030-12-31",
            "forste_avtale": 2012,
        },
        {
            "id": "A5",
            "tittel": "Annen",
            "kategori": "velferd",
            "parter": ["KS"],
            "inngatt": "2024-01-01",
        },
    ]
    if handle:
        rader[0]["id"] = handle
    return fil(tmp_path, "avtaler.jsonl", som("jsonl", rader))


@pytest.mark.parametrize("med_id", [True, False], ids=["id", "tittel-og-inngatt"])
def test_avtale_konflikt_feil(kjor: Kjor, tmp_path: Path, med_id: bool) -> None:
    handle = ny_avtale(kjor)
    for_ = eksport(kjor, "avtaler")
    sti = _avtalefil(tmp_path, handle if med_id else None)
    [linje] = rapport(kjor("import", "avtaler", sti), sti, f"1: id: avtale {handle} finnes")
    assert "--ved-konflikt" in linje
    assert eksport(kjor, "avtaler") == for_


@pytest.mark.parametrize("med_id", [True, False], ids=["id", "tittel-og-inngatt"])
def test_avtale_konflikt_hopp_over(kjor: Kjor, tmp_path: Path, med_id: bool) -> None:
    handle = ny_avtale(kjor)
    for_ = vis_json(kjor, "avtale", handle)
    sti = _avtalefil(tmp_path, handle if med_id else None)
    r = ok(kjor("import", "avtaler", sti, "--ved-konflikt", "hopp-over"))
    assert r.stderr == "Avtaler: 1 nye, 0 oppdatert, 1 hoppet over.\n"
    assert vis_json(kjor, "avtale", handle) == for_
    assert sorted(a["id"] for a in avtaler_json(kjor)) == [handle, "A5"]
    assert ny_avtale(kjor, tittel="Neste") == "A6"


@pytest.mark.parametrize("med_id", [True, False], ids=["id", "tittel-og-inngatt"])
def test_avtale_konflikt_oppdater_lagres_i_historikken(
    kjor: Kjor, tmp_path: Path, med_id: bool
) -> None:
    handle = ny_avtale(kjor)
    sti = _avtalefil(tmp_path, handle if med_id else None)
    r = ok(kjor("import", "avtaler", sti, "--ved-konflikt", "oppdater", "--av", "skript"))
    assert r.stderr == "Avtaler: 1 nye, 1 oppdatert, 0 hoppet over.\n"
    avtale = vis_json(kjor, "avtale", handle)
    assert avtale["utloper"] == "2030-12-31"
    endringer = [
        (h["felt"], h["gammel"], h["ny"], h["av"])
        for h in avtale["historikk"]
        if h["felt"] != "opprettet"
    ]
    assert endringer == [("utloper", "2026-12-31", "2030-12-31", "skript")]


def test_avtale_uten_id_med_annen_inngatt_er_ny(kjor: Kjor, tmp_path: Path) -> None:
    handle = ny_avtale(kjor)
    sti = _avtalefil(tmp_path, None, inngatt="2027-01-01")
    ok(kjor("import", "avtaler", sti))
    assert sorted(a["id"] for a in avtaler_json(kjor)) == [handle, "A5", "A6"]


@pytest.mark.parametrize(
    "rader",
    [
        [{"id": "A3"}, {"id": "A3", "tittel": "Annen"}],
        [{}, {"utloper": "2030-01-01"}],
    ],
    ids=["samme-id", "samme-tittel-og-inngatt"],
)
def test_samme_avtale_to_ganger_i_filen(
    kjor: Kjor, tmp_path: Path, rader: list[dict[str, Any]]
) -> None:
    grunn = {"tittel": "T", "kategori": "velferd", "parter": "KS", "inngatt": "2024-01-01"}
    sti = fil(tmp_path, "a.jsonl", som("jsonl", [grunn | r for r in rader]))
    for modus in ("feil", "hopp-over", "oppdater"):
        [linje] = rapport(kjor("import", "avtaler", sti, "--ved-konflikt", modus), sti, "2: ")
        assert "to ganger i filen" in linje
        tomt(kjor)


def test_avtaler_med_og_uten_id_i_samme_fil(kjor: Kjor, tmp_path: Path) -> None:
    grunn = {"kategori": "velferd", "parter": "KS", "inngatt": "2024-01-01"}
    rader = [
        {"tittel": "Uten id"},
        {"tittel": "Med id", "id": "A1"},
        {"tittel": "Høyere", "id": "a3"},
        {"tittel": "Fornyer", "fornyer": "A3"},
    ]
    sti = fil(tmp_path, "a.jsonl", som("jsonl", [grunn | r for r in rader]))
    ok(kjor("import", "avtaler", sti))
    assert sorted((a["id"], a["tittel"], a["fornyer"]) for a in avtaler_json(kjor)) == [
        ("A1", "Med id", None),
        ("A3", "Høyere", None),
        ("A4", "Uten id", None),
        ("A5", "Fornyer", "A3"),
    ]
    assert ny_avtale(kjor) == "A6"


# -- summary -----------------------------------------------------------------------------


def test_oppsummering_paa_stderr(kjor: Kjor, tmp_path: Path) -> None:
    r = ok(kjor("import", "saker", fil(tmp_path, "s.csv", tabell(SAK_AEOA))))
    assert r.stdout == ""
    assert r.stderr == "Saker: 2 nye, 0 oppdatert, 0 hoppet over.\n"


def test_quiet_er_stille_ogsaa_om_advarsler(kjor: Kjor, tmp_path: Path) -> None:
    # KRD was a ministry until 2013: accepted for 2026 with a warning.
    rader = [SAK_AEOA[0], ["Gammel kode", "KRD", "kostnadsberegning", "2026", "KS"]]
    sti = fil(tmp_path, "s.csv", tabell(rader))
    r = ok(kjor("import", "saker", sti, "--dry-run"))
    assert r.stderr.startswith(f"Advarsel: {sti}:2: KRD")
    r = ok(kjor("import", "saker", sti, "--quiet"))
    assert (r.stdout, r.stderr) == ("", "")
    assert titler(kjor) == ["Gammel kode"]


def test_json_oppsummering_paa_stdout(kjor: Kjor, tmp_path: Path) -> None:
    nr = ny_sak(kjor, oppmeldt="2026")
    sti = _sakfil(tmp_path, nr)
    r = ok(kjor("import", "saker", sti, "--json", "--ved-konflikt", "oppdater", "--tillat-hull"))
    assert r.stderr == ""
    data = json.loads(r.stdout)
    data.pop("poster")  # issue 11: each row (tests/cli/test_aar_pipe.py)
    assert data == {
        "hva": "saker",
        "rader": 2,
        "nye": 1,
        "oppdatert": 1,
        "uendret": 0,
        "hoppet_over": 0,
        "lagret": True,
    }
    r = ok(kjor("import", "avtaler", _avtalefil(tmp_path, None), "--json", "-q"))
    assert json.loads(r.stdout)["hva"] == "avtaler"
    assert json.loads(r.stdout)["nye"] == 2


@pytest.mark.parametrize(
    ("konflikt", "sjeldnere"),
    [([], True), (["--ved-konflikt", "hopp-over"], True), (["--ved-konflikt", "oppdater"], False)],
)
def test_the_program_collects_young_objects_less_often_only_when_rows_only_add(
    kjor: Kjor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    konflikt: list[str],
    sjeldnere: bool,
) -> None:
    """An import that can only add rows collects the young generation every
    UNGE_UNDER_IMPORT objects; one that may update records keeps the interpreter's
    threshold (the ORM's cycles of an update would pile up). Only in the program: the
    tests' own process keeps its collector (gc is watched here, not changed)."""
    import gc

    from konsreg.cli import felles

    kall: list[tuple[str, tuple[int, ...]]] = []
    monkeypatch.setattr(gc, "freeze", lambda: kall.append(("freeze", ())))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: kall.append(("terskel", t)))
    sti = fil(tmp_path, "s.csv", f"{HODE}\nEn sak;KD;kostnad;2026;KS\n")
    ok(kjor("import", "saker", sti, "--av", "x", *konflikt))
    assert kall == []  # not the program: nothing touched
    monkeypatch.setattr(felles, "I_PROGRAMMET", True)
    andre = fil(tmp_path, "s2.csv", f"{HODE}\nEn til;KD;lov;2026;KS\n")
    r = ok(kjor("import", "saker", andre, "--av", "x", *konflikt))
    assert "1 nye" in r.stderr
    terskel = (felles.UNGE_UNDER_IMPORT, *gc.get_threshold()[1:])
    assert kall == [("freeze", ()), *([("terskel", terskel)] if sjeldnere else [])]
