"""`konsreg avtaler --tidslinje` and the figure in Vedlegg c's and the material's HTML,
through the CLI on the example register (the layout itself: tests/render/test_tidslinje.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from konsreg.regler.datoer import norsk_dato
from tests.conftest import Kjor
from tests.hjelp import feil, ok


@pytest.fixture
def eksempel(kjor: Kjor) -> Kjor:
    ok(kjor("eksempel"))
    return kjor


def _id(tekst: str, id_: str) -> bool:
    return re.search(rf"\b{id_}\b", tekst) is not None


def test_i_en_pipe_er_tidslinjen_ren_tekst(eksempel: Kjor) -> None:
    r = ok(eksempel("avtaler", "--tidslinje", env={"COLUMNS": "80"}))
    assert "\x1b" not in r.stdout
    linjer = r.stdout.splitlines()
    assert all(len(linje) <= 80 for linje in linjer)
    for i in range(1, 9):
        assert _id(r.stdout, f"A{i}")
    assert f"│ i dag {norsk_dato(date.today())}" in r.stdout
    assert "█ gjeldende" in r.stdout and "░ utløpt" in r.stdout
    assert re.search(r"^ +2020 ", linjer[0])  # the ruler: the first agreement began in 2020
    assert r.stderr == ""


def test_bredden_folger_terminalen(eksempel: Kjor) -> None:
    smal = ok(eksempel("avtaler", "--tidslinje", env={"COLUMNS": "120"})).stdout
    assert max(len(linje) for linje in smal.splitlines()) > 80
    assert all(len(linje) <= 120 for linje in smal.splitlines())


def test_en_fornyelse_staar_paa_samme_linje(eksempel: Kjor) -> None:
    ok(eksempel("avtale", "forny", "A1", "--inngatt", "15.01.2026", "--utloper", "31.12.2029"))
    r = ok(eksempel("avtaler", "--tidslinje", env={"COLUMNS": "120"}))
    (linje,) = [linje for linje in r.stdout.splitlines() if _id(linje, "A1")]
    assert _id(linje, "A9")
    assert linje.index("A1") < linje.index("A9")
    assert linje.startswith("Avtale om kvalitetsutvikling i barnehagen")


def test_fra_og_til_og_filtrene(eksempel: Kjor) -> None:
    r = ok(eksempel("avtaler", "--tidslinje", "--fra", "2027", "--til", "2030"))
    assert "2027" in r.stdout.splitlines()[0] and "2026" not in r.stdout.splitlines()[0]
    assert not _id(r.stdout, "A1")  # ran out in 2025
    assert _id(r.stdout, "A7")
    bare = ok(eksempel("avtaler", "--tidslinje", "--part", "DFD")).stdout
    assert [i for i in range(1, 9) if _id(bare, f"A{i}")] == [5]


def test_ingen_avtaler_er_en_melding(kjor: Kjor) -> None:
    r = ok(kjor("avtaler", "--tidslinje"))
    assert r.stdout == ""
    assert r.stderr.startswith("Ingen avtaler å vise")


@pytest.mark.parametrize(
    ("args", "ord_"),
    [
        (("--tidslinje", "--fra", "2030", "--til", "2020"), "kommer etter"),
        (("--tidslinje", "--fra", "1900", "--til", "2100"), "mer enn 100 år"),
        (("--tidslinje", "--fra", "tjue"), "--fra"),
        (("--fra", "2020"), "hører til --tidslinje"),
        (("--tidslinje", "-f", "json"), "tar ikke --format"),
        (("--tidslinje", "--grense", "3"), "tar ikke --format eller --grense"),
    ],
)
def test_feil_bruk(kjor: Kjor, args: tuple[str, ...], ord_: str) -> None:
    r = kjor("avtaler", *args)
    assert r.exit_code in (1, 2)
    feil(r, r.exit_code, ord_)


def test_avtale_liste_har_samme_valg(eksempel: Kjor) -> None:
    assert ok(eksempel("avtale", "liste", "--tidslinje")).stdout == (
        ok(eksempel("avtaler", "--tidslinje")).stdout
    )


def _svg(side: str) -> ET.Element:
    (svg,) = re.findall(r"<svg .*?</svg>", side, re.S)
    return ET.fromstring(svg)


def test_vedlegg_c_i_html_har_figuren_foran_tabellen(eksempel: Kjor) -> None:
    ok(eksempel("avtale", "endre", "A4", "--tittel", 'NAV & <script>"x"</script>'))
    side = ok(eksempel("vedlegg", "c", "--per", "2026-04-30", "-f", "html")).stdout
    assert side.index('<figure class="tidslinje">') < side.index("<table>")
    assert "<script>" not in side
    rot = _svg(side)
    tekst = " ".join(rot.itertext())
    assert 'NAV & <script>"x"</script>' in tekst  # escaped in the file, the title read back
    assert "per 30.04.2026" in tekst
    assert "<figcaption>Avtalene 2020–2028" in side
    for fmt in ("tsv", "markdown", "json", "csv"):
        assert "<svg" not in ok(eksempel("vedlegg", "c", "-f", fmt)).stdout


def test_vedlegg_c_viser_tidligere_avtaler_i_serien(eksempel: Kjor) -> None:
    ok(eksempel("avtale", "forny", "A1", "--inngatt", "01.01.2026", "--utloper", "31.12.2029"))
    side = ok(eksempel("vedlegg", "c", "--per", "2026-04-30", "-f", "html")).stdout
    tekst = " ".join(_svg(side).itertext())
    assert "A1 " in tekst and "A9 " in tekst  # A1 ended before --per: in the figure only
    tabell = side[side.index("<table>") :]
    assert tabell.count("Avtale om kvalitetsutvikling i barnehagen") == 1
    # Before the renewal, Vedlegg c as of 2025 shows no A9, not even in the figure.
    eldre = ok(eksempel("vedlegg", "c", "--per", "2025-06-30", "-f", "html")).stdout
    assert "A9" not in " ".join(_svg(eldre).itertext())


def test_materialet_i_html_har_figuren_markdown_ikke(eksempel: Kjor) -> None:
    html = ok(eksempel("materiale", "2026-2", "--tross-feil", "-f", "html")).stdout
    assert html.count('<figure class="tidslinje">') == 1
    vedlegg_c = html.index("Vedlegg c)", html.index("Vedlegg b)"))
    assert vedlegg_c < html.index('<figure class="tidslinje">') < html.rindex("<table>")
    assert "i dag" not in " ".join(_svg(html).itertext())  # as of the meeting's date
    assert "per 16.04.2026" in " ".join(_svg(html).itertext())
    md = ok(eksempel("materiale", "2026-2", "--tross-feil", "-f", "md")).stdout
    assert "<svg" not in md and "tidslinje" not in md.lower()
