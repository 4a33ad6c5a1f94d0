"""Vedlegg a, b and c printed from the register.

The golden tests read the expected tables straight out of the 2026 material (a copy
of ../shared/docs/ in tests/data/, never retyped here), load `konsreg eksempel`, and compare
the printed tables cell for cell. The format tests build a small register of their
own and pin the exact layout of markdown, csv, json and html.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor

# The 2026 material, kept in the repository (a copy of ../shared/docs/) so that the
# golden tests run on a fresh clone too and never skip.
MATERIALE = Path(__file__).resolve().parents[1] / "data" / "materiale-2-konsultasjonsmote-2026.txt"
PER_2026 = "2026-04-30"
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


# -- helpers shared with test_vedlegg_import -------------------------------------------


def materiale_tekst() -> str:
    """The 2026 material (tests/data/)."""
    return MATERIALE.read_text(encoding="utf-8")


def materialblokk(tekst: str, bokstav: str) -> str:
    """The raw text of one appendix block: its `### Vedlegg x)` heading up to the next
    heading or the end of the material."""
    linjer = tekst.splitlines()
    start = [i for i, linje in enumerate(linjer) if linje.startswith(f"### Vedlegg {bokstav})")]
    assert len(start) == 1, f"fant {len(start)} overskrifter for vedlegg {bokstav} i materialet"
    slutt = next(
        (i for i in range(start[0] + 1, len(linjer)) if linjer[i].startswith("#")), len(linjer)
    )
    return "\n".join(linjer[start[0] : slutt]) + "\n"


def rutenett(tekst: str) -> list[list[str]]:
    """A table as cells: title line without `### `, blank lines dropped, markup like
    <b>…</b> stripped, cells split on tabs, trailing empty cells dropped."""
    rader: list[list[str]] = []
    for linje in tekst.splitlines():
        if not linje.strip():
            continue
        linje = _MARKUP.sub("", linje)
        if linje.startswith("### "):
            linje = linje[4:]
        celler = linje.split("\t")
        while celler and celler[-1] == "":
            celler.pop()
        rader.append(celler)
    return rader


def forventet(bokstav: str) -> list[list[str]]:
    """The material's table for one appendix, parsed; checked to be a real table."""
    rader = rutenett(materialblokk(materiale_tekst(), bokstav))
    assert rader[0][0].startswith(f"Vedlegg {bokstav})"), rader[0]
    assert len(rader) >= 3, f"vedlegg {bokstav} i materialet har ingen rader: {rader}"
    return rader


def ok(r: Any) -> Any:
    assert r.exit_code == 0, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
    assert "Traceback" not in r.output
    return r


def saker_json(kjor: Kjor) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(kjor("saker", "--format", "json")).stdout)
    return data


def avtaler_json(kjor: Kjor) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(kjor("avtaler", "--format", "json")).stdout)
    return data


def register_innhold(kjor: Kjor) -> dict[str, Any]:
    return {"saker": saker_json(kjor), "avtaler": avtaler_json(kjor)}


def vedlegg_args(bokstav: str) -> list[str]:
    """The options that print the 2026 material's table of one appendix."""
    args = ["vedlegg", bokstav, "--ar", "2026"]
    if bokstav == "c":
        args += ["--per", PER_2026]
    return [*args, "--format", "tsv"]


def norsk(dato: str) -> date:
    d, m, a = (int(x) for x in dato.split("."))
    return date(a, m, d)


def utlopte_i_materialet() -> list[str]:
    """Titles of the material's Vedlegg c rows whose Utløper is before 30.04.2026."""
    rader = forventet("c")
    return [r[0] for r in rader[2:] if len(r) == 5 and norsk(r[3]) < date(2026, 4, 30)]


# -- golden: the 2026 material ---------------------------------------------------------


@pytest.mark.parametrize("bokstav", ["a", "b", "c"])
def test_eksempel_gir_materialets_vedlegg_celle_for_celle(kjor: Kjor, bokstav: str) -> None:
    ventet = forventet(bokstav)
    ok(kjor("eksempel"))
    r = ok(kjor(*vedlegg_args(bokstav)))
    assert rutenett(r.stdout) == ventet


@pytest.mark.parametrize("bokstav", ["a", "b", "c"])
def test_tsv_er_materialets_linjer_uten_markering(kjor: Kjor, bokstav: str) -> None:
    """Line for line: the material's non-blank lines, without `### ` and <b>…</b>, are
    exactly the lines printed (group rows keep their trailing tabs)."""
    blokk = materialblokk(materiale_tekst(), bokstav)
    ventet = [_MARKUP.sub("", linje).removeprefix("### ") for linje in blokk.splitlines()]
    ventet = [linje for linje in ventet if linje.strip()]
    ok(kjor("eksempel"))
    ut = ok(kjor(*vedlegg_args(bokstav))).stdout
    assert ut.endswith("\n")
    assert ut.splitlines() == ventet


def test_c_advarer_om_hver_utlopte_avtale(kjor: Kjor) -> None:
    utlopte = utlopte_i_materialet()
    assert len(utlopte) == 4, utlopte  # the material's mistake: four expired in 2025
    gjeldende = [r[0] for r in forventet("c")[2:] if len(r) == 5 and r[0] not in utlopte]
    assert gjeldende
    ok(kjor("eksempel"))
    r = ok(kjor(*vedlegg_args("c")))
    advarsler = [linje for linje in r.stderr.splitlines() if linje.startswith("Advarsel:")]
    assert len(advarsler) == len(utlopte), r.stderr
    for tittel, linje in zip(utlopte, advarsler, strict=True):
        assert f"«{tittel}»" in linje
        assert "30.04.2026" in linje
    for tittel in gjeldende:
        assert tittel not in r.stderr
    # The warnings do not change the table.
    assert rutenett(r.stdout) == forventet("c")


def test_c_advarsel_nevner_utlopsdatoen(kjor: Kjor) -> None:
    ok(kjor("eksempel"))
    r = ok(kjor(*vedlegg_args("c")))
    rader = {rad[0]: rad for rad in forventet("c")[2:] if len(rad) == 5}
    for linje in r.stderr.splitlines():
        if linje.startswith("Advarsel:"):
            tittel = linje.split("«", 1)[1].split("»", 1)[0]
            assert f"utløp {rader[tittel][3]}" in linje


def test_c_bare_gjeldende_utelater_de_utlopte(kjor: Kjor) -> None:
    utlopte = utlopte_i_materialet()
    ok(kjor("eksempel"))
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", PER_2026, "--bare-gjeldende", "-f", "tsv"))
    assert "Advarsel" not in r.stderr
    assert "Utelot 4 avtaler" in r.stderr
    rader = rutenett(r.stdout)
    titler = [rad[0] for rad in rader[2:]]
    for tittel in utlopte:
        assert tittel not in titler
    ventet = [rad for rad in forventet("c")[2:] if len(rad) == 5 and rad[0] not in utlopte]
    assert rader[2:] == ventet
    # The only velferd agreement has expired: samhandling heads the first column now,
    # and there is no group row left.
    assert rader[1][0] == "Avtaler om samhandling mellom ulike deler av forvaltningen"
    assert rader[1][1:] == ["Parter", "Inngått", "Utløper", "Første avtale inngått"]


def test_eksempel_to_ganger_dupliserer_ingenting(kjor: Kjor) -> None:
    r = ok(kjor("eksempel"))
    assert "3 nye saker, 8 nye avtaler" in r.stderr
    forst = register_innhold(kjor)
    assert len(forst["saker"]) == 3
    assert len(forst["avtaler"]) == 8
    tabeller = [ok(kjor(*vedlegg_args(b))).stdout for b in "abc"]
    r = ok(kjor("eksempel"))
    assert "0 nye saker, 0 nye avtaler, 11 fantes fra før" in r.stderr
    assert register_innhold(kjor) == forst
    assert [ok(kjor(*vedlegg_args(b))).stdout for b in "abc"] == tabeller


def test_eksempel_har_statusene_fra_teksten(kjor: Kjor) -> None:
    ok(kjor("eksempel"))
    status = {(s["departement"], s["type"]): s["status"] for s in saker_json(kjor)}
    assert status == {
        ("AID", "kostnadsberegning"): "ny",
        ("HOD", "kostnadsberegning"): "pagaende",
        ("KUD", "lovmedvirkning"): "ny",
    }
    assert {a["status"] for a in avtaler_json(kjor)} == {"pagaende"}


def test_uten_format_utenfor_terminal_er_tsv(kjor: Kjor) -> None:
    ok(kjor("eksempel"))
    for bokstav in "abc":
        args = vedlegg_args(bokstav)[:-2]
        assert ok(kjor(*args)).stdout == ok(kjor(*vedlegg_args(bokstav))).stdout


# -- the other formats, on a small register of our own ----------------------------------

VELFERD = "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)"
SAMHANDLING = "Avtaler om samhandling mellom ulike deler av forvaltningen"
C_KOLONNER = ["Parter", "Inngått", "Utløper", "Første avtale inngått"]


def lite_register(kjor: Kjor, merke: str = "&") -> None:
    """Two kostnadsberegningssaker, a lovmedvirkningssak, and an agreement in each
    category (the second one without første avtale inngått)."""
    sak = ["sak", "ny", "--meldt-inn-av", "KS", "-q"]
    ok(
        kjor(
            *sak,
            "-t",
            "kostnadsberegning",
            "-d",
            "KD",
            "--tittel",
            "Lærernorm | hovedtrinn",
            "--oppmeldt",
            "2023",
            "--gjentakende",
        )
    )
    ok(
        kjor(
            *sak,
            "-t",
            "kostnadsberegning",
            "-d",
            "HOD",
            "--tittel",
            f"Tilskudd {merke} tilsyn",
            "--oppmeldt",
            "2026",
        )
    )
    ok(
        kjor(
            *sak,
            "-t",
            "lovmedvirkning",
            "-d",
            "KLD",
            "--tittel",
            "Kulturmiljøloven",
            "--oppmeldt",
            "2026",
        )
    )
    avtale = ["avtale", "ny", "-q"]
    ok(
        kjor(
            *avtale,
            "--tittel",
            f"Avtale om skole {merke} barnehage",
            "-k",
            "velferd",
            "-p",
            "KD og KS",
            "--inngatt",
            "01.02.2024",
            "--utloper",
            "31.12.2027",
            "--forste-avtale",
            "2009",
        )
    )
    ok(
        kjor(
            *avtale,
            "--tittel",
            "Avtale om samhandling",
            "-k",
            "samhandling",
            "-p",
            "AID, HOD og KS",
            "--inngatt",
            "15.03.2025",
            "--utloper",
            "31.12.2028",
        )
    )


def test_markdown_a_eksakt(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "a", "--ar", "2026", "--format", "markdown"))
    assert r.stdout == (
        "### Vedlegg a) Oversikt over kostnadsberegningssaker\n"
        "\n"
        "| Sak | Oppmeldt |\n"
        "| --- | --- |\n"
        "| Helse- og omsorgsdepartementet Tilskudd & tilsyn | 2026 |\n"
        "| Kunnskapsdepartementet Lærernorm \\| hovedtrinn | 2023 (første gang) |\n"
    )


def test_markdown_b_eksakt(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "b", "--ar", "2026", "--format", "markdown"))
    assert r.stdout == (
        "### Vedlegg b) Oversikt over lovmedvirkningssaker\n"
        "\n"
        "| Sak | Oppmeldt |\n"
        "| --- | --- |\n"
        "| Klima- og miljødepartementet Kulturmiljøloven | 2026 |\n"
    )


def test_markdown_c_eksakt(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026", "--format", "markdown"))
    assert r.stderr == ""
    assert r.stdout == (
        "### Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen "
        "per april 2026\n"
        "\n"
        f"| {VELFERD} | Parter | Inngått | Utløper | Første avtale inngått |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| Avtale om skole & barnehage | KD og KS | 01.02.2024 | 31.12.2027 | 2009 |\n"
        f"| **{SAMHANDLING}** |  |  |  |  |\n"
        "| Avtale om samhandling | AID, HOD og KS | 15.03.2025 | 31.12.2028 |  |\n"
    )


def test_tsv_c_eksakt(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026", "--format", "tsv"))
    assert r.stdout == (
        "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen "
        "per april 2026\n"
        f"{VELFERD}\tParter\tInngått\tUtløper\tFørste avtale inngått\n"
        "Avtale om skole & barnehage\tKD og KS\t01.02.2024\t31.12.2027\t2009\n"
        f"{SAMHANDLING}\t\t\t\t\n"
        "Avtale om samhandling\tAID, HOD og KS\t15.03.2025\t31.12.2028\t\n"
    )


def test_csv_c_uten_tittel_med_grupperad(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026", "--format", "csv"))
    assert "Vedlegg c)" not in r.stdout
    assert '"AID, HOD og KS"' in r.stdout
    assert list(csv.reader(io.StringIO(r.stdout))) == [
        [VELFERD, *C_KOLONNER],
        ["Avtale om skole & barnehage", "KD og KS", "01.02.2024", "31.12.2027", "2009"],
        [SAMHANDLING, "", "", "", ""],
        ["Avtale om samhandling", "AID, HOD og KS", "15.03.2025", "31.12.2028", ""],
    ]


def test_csv_a(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "a", "--ar", "2026", "--format", "csv"))
    assert list(csv.reader(io.StringIO(r.stdout))) == [
        ["Sak", "Oppmeldt"],
        ["Helse- og omsorgsdepartementet Tilskudd & tilsyn", "2026"],
        ["Kunnskapsdepartementet Lærernorm | hovedtrinn", "2023 (første gang)"],
    ]


def test_json_a(kjor: Kjor) -> None:
    lite_register(kjor)
    data = json.loads(ok(kjor("vedlegg", "a", "--ar", "2026", "--format", "json")).stdout)
    assert data["vedlegg"] == "a"
    assert data["tittel"] == "Vedlegg a) Oversikt over kostnadsberegningssaker"
    assert data["ar"] == 2026
    assert data["kolonner"] == ["Sak", "Oppmeldt"]
    rader = data["rader"]
    assert [(r["departement"], r["tittel"], r["oppmeldt"], r["gjentakende"]) for r in rader] == [
        ("HOD", "Tilskudd & tilsyn", 2026, False),
        ("KD", "Lærernorm | hovedtrinn", 2023, True),
    ]
    assert rader[0]["departement_navn"] == "Helse- og omsorgsdepartementet"
    assert rader[1]["departement_navn"] == "Kunnskapsdepartementet"
    assert [r["saksnummer"] for r in rader] == ["2026/1", "2023/1"]
    assert all("gruppe" not in r for r in rader)


def test_json_c(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "2026-04-30", "--format", "json"))
    data = json.loads(r.stdout)
    assert data["vedlegg"] == "c"
    assert data["tittel"].endswith("konsultasjonsordningen per april 2026")
    assert data["ar"] == 2026
    assert data["per"] == "2026-04-30"
    assert data["kolonner"] == [VELFERD, *C_KOLONNER]
    forste, gruppe, andre = data["rader"]
    assert gruppe == {"gruppe": True, "kategori": "samhandling", "kategori_navn": SAMHANDLING}
    assert forste["tittel"] == "Avtale om skole & barnehage"
    assert forste["kategori"] == "velferd"
    assert forste["parter"] == ["KD", "KS"]
    assert (forste["inngatt"], forste["utloper"]) == ("2024-02-01", "2027-12-31")
    assert forste["forste_avtale"] == 2009
    assert forste["utlopt"] is False
    assert "gruppe" not in forste
    assert andre["parter"] == ["AID", "HOD", "KS"]
    assert andre["forste_avtale"] is None
    assert andre["kategori_navn"] == SAMHANDLING


def test_json_c_merker_utlopte(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--per", "2028-01-01", "--format", "json"))
    rader = [x for x in json.loads(r.stdout)["rader"] if not x.get("gruppe")]
    assert [x["utlopt"] for x in rader] == [True, False]


def test_html_er_en_frittstaende_side_med_escaping(kjor: Kjor) -> None:
    lite_register(kjor, merke="& <b>")
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "2026-04-30", "--format", "html"))
    side = r.stdout
    assert side.startswith("<!DOCTYPE html>\n")
    assert side.rstrip().endswith("</html>")
    for del_ in ("<html", "<head>", '<meta charset="utf-8">', "<body>", "</body>"):
        assert del_ in side
    assert side.count("<table>") == 1 and side.count("</table>") == 1
    tittel = "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen"
    assert f"<title>{tittel} per april 2026</title>" in side
    assert f"<h3>{tittel} per april 2026</h3>" in side
    assert "<td>Avtale om skole &amp; &lt;b&gt; barnehage</td>" in side
    assert "<b>" not in side
    assert "& " not in side
    assert "<th>Første avtale inngått</th>" in side
    assert f'<tr class="gruppe"><td colspan="5">{SAMHANDLING}</td></tr>' in side
    assert side.count("<tr>") == 3  # header and two agreements; the group row has a class


def test_html_a_escaper(kjor: Kjor) -> None:
    lite_register(kjor, merke="& <i>")
    side = ok(kjor("vedlegg", "a", "--ar", "2026", "--format", "html")).stdout
    assert side.startswith("<!DOCTYPE html>")
    assert "<table>" in side
    assert "Helse- og omsorgsdepartementet Tilskudd &amp; &lt;i&gt; tilsyn" in side
    assert "<i>" not in side
    assert "2023 (første gang)" in side


@pytest.mark.parametrize(
    ("per", "ventet"),
    [
        ("2026-04-30", "per april 2026"),
        ("2025-12-31", "per desember 2025"),
        ("2. mars 2024", "per mars 2024"),
        ("01.01.2027", "per januar 2027"),
        ("15.08.26", "per august 2026"),
    ],
)
def test_tittellinje_per_norsk_maned(kjor: Kjor, per: str, ventet: str) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--per", per, "--format", "tsv"))
    assert r.stdout.splitlines()[0] == (
        f"Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen {ventet}"
    )
    md = ok(kjor("vedlegg", "c", "--per", per, "--format", "markdown")).stdout
    assert md.splitlines()[0].endswith(f"konsultasjonsordningen {ventet}")


def test_annet_ar_uten_per_gjelder_31_desember(kjor: Kjor) -> None:
    lite_register(kjor)
    r = ok(kjor("vedlegg", "c", "--ar", "2025", "--format", "json"))
    data = json.loads(r.stdout)
    assert data["per"] == "2025-12-31"
    assert data["tittel"].endswith("per desember 2025")
    # inngått 15.03.2025 is by then; only the 2024 agreement and the 2025 one
    assert [x["tittel"] for x in data["rader"] if not x.get("gruppe")] == [
        "Avtale om skole & barnehage",
        "Avtale om samhandling",
    ]
