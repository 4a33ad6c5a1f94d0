"""The whole material of meeting 2026-2 generated from the register, against the
published 2026 material (tests/data/, a copy of ../shared/docs/): the golden test of
issue 13. Headings and paragraphs are compared in order; only markup (`#`, `**`, `*`,
`<b>`, list bullets, link addresses, escapes) and line wrapping are normalised, and every
deliberate difference is listed below with its reason. Then the appendices cell for
cell, the Word document read back, `--per`, the templates, and the errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_vedlegg import forventet, materiale_tekst
from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, feil, ok

_ = bygg_kommandoen_en_gang

# Paragraphs the Word-to-text conversion split over a page break: the unit that ends
# with this text goes on in the next one (the example stores each as one paragraph).
SIDESKIFT = (
    "Dette bør være en konkret oppgave for fagdepartementene å arbeide med",
    "Kjernen i selvstyret",
    "ved å utrede på",
    "KS vurdering",
)
# Deliberate differences: (the material's text, the generated text, why).
ULIKT = (
    (
        "Per april 2025 er det 10 gjeldende bilaterale avtaler",
        "Per april 2026 er det 4 gjeldende bilaterale avtaler",
        "the figure is computed from the register on the meeting's date (issue 13: never "
        "typed); the material's is a year old and counts expired agreements",
    ),
    (
        "(14.09.2020-01.09.2025)",
        "(14.09.2020 – 01.09.2025)",
        "the period is built from the record, in one form for every heading",
    ),
)


def enheter(tekst: str) -> list[str]:
    """The text's headings, paragraphs and list items in order, as plain text."""
    ut: list[str] = []
    for linje in tekst.splitlines():
        linje = linje.strip()
        if not linje or set(linje) <= {"|", "-", " "}:
            continue
        linje = re.sub(r"^#+\s*", "", linje)
        linje = re.sub(r"^[-*]\s+", "", linje)
        # 2d's wanted results are numbered 1–4 in the material, a list in the example.
        linje = re.sub(r"^[0-9]\.\s+(?=\*)", "", linje)
        linje = re.sub(r"</?b>", "", linje)
        linje = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", linje)
        linje = re.sub(r"(?<!\\)\*+", "", linje)
        linje = re.sub(r"\\(.)", r"\1", linje)
        # The contents' dotted leaders and page numbers.
        linje = re.sub(r"\s*\.{3,}\s*[0-9]*$", "", linje)
        linje = " ".join(linje.split())
        if linje:
            ut.append(linje)
    return ut


def kapitlene(tekst: str) -> str:
    """From chapter 1's heading to the first appendix's."""
    start = re.search(r"^#+ \**1\\?\. Det 2\. konsultasjonsmøtet", tekst, re.MULTILINE)
    slutt = re.search(r"^#+ Vedlegg a\)", tekst, re.MULTILINE)
    assert start and slutt, "fant ikke kapittel 1 eller vedlegg a"
    return tekst[start.start() : slutt.start()]


def forventede_kapitler() -> list[str]:
    ut: list[str] = []
    for enhet in enheter(kapitlene(materiale_tekst())):
        if ut and ut[-1].endswith(SIDESKIFT):
            ut[-1] += " " + enhet
            continue
        for materialets, vart, _grunn in ULIKT:
            enhet = enhet.replace(materialets, vart)
        # 2c prints "Ønsket resultat: …" as one paragraph; every other input, and the
        # example, as the label and then the list.
        if enhet.startswith("Ønsket resultat: "):
            ut += ["Ønsket resultat:", enhet.removeprefix("Ønsket resultat: ")]
            continue
        ut.append(enhet)
    return ut


@pytest.fixture
def eksempel(kjor: Kjor) -> None:
    ok(kjor("eksempel"))


def _materiale(kjor: Kjor, *args: str) -> Any:
    return ok(kjor("materiale", "2026-2", "--tross-feil", *args))


@pytest.mark.usefixtures("eksempel")
def test_kapittel_1_til_6_er_materialets(kjor: Kjor) -> None:
    generert = enheter(kapitlene(_materiale(kjor).stdout))
    forventet_ = forventede_kapitler()
    assert len(forventet_) > 130
    for i, (a, b) in enumerate(zip(generert, forventet_, strict=False)):
        assert a == b, f"enhet {i}:\n generert: {a!r}\n material: {b!r}"
    assert len(generert) == len(forventet_)


@pytest.mark.usefixtures("eksempel")
def test_forside_innhold_og_vedleggsliste(kjor: Kjor) -> None:
    tekst = _materiale(kjor).stdout
    for_kapitlene = enheter(tekst[: tekst.index("# 1\\. Det 2.")])
    materialet = materiale_tekst()
    forventet_ = enheter(materialet[: materialet.index("## **1. Det 2.")])
    # The Word original breaks lines inside one paragraph on the front page ("KONSULTASJONER
    # MELLOM STATEN OG / KOMMUNESEKTOREN"); the generated front page has a paragraph per
    # line. The words are compared in order.
    assert " ".join(for_kapitlene) == " ".join(forventet_)


@pytest.mark.usefixtures("eksempel")
@pytest.mark.parametrize("bokstav", ["a", "b", "c"])
def test_vedleggene_er_materialets_celle_for_celle(kjor: Kjor, bokstav: str) -> None:
    tekst = _materiale(kjor).stdout
    blokk = re.search(rf"^# Vedlegg {bokstav}\)[^\n]*\n(.*?)(?=^# |\Z)", tekst, re.M | re.S)
    assert blokk is not None
    tittel = blokk.group(0).splitlines()[0].removeprefix("# ")
    rader = [
        [re.sub(r"\\(.)", r"\1", c.strip()).replace("**", "") for c in rad.strip("|").split("|")]
        for rad in blokk.group(1).splitlines()
        if rad.startswith("|") and not set(rad) <= {"|", "-", " "}
    ]
    rader = [[c for c in rad] for rad in rader]
    for rad in rader:
        while rad and rad[-1] == "":
            rad.pop()
    assert [[tittel], *rader] == forventet(bokstav)


@pytest.mark.usefixtures("eksempel")
def test_materiale_nekter_ved_feil_og_sier_advarslene(kjor: Kjor, tmp_path: Path) -> None:
    ut = tmp_path / "materiale.md"
    r = kjor("materiale", "2026-2", "-o", str(ut))
    assert r.exit_code == 1
    assert not ut.exists()
    assert r.stderr.splitlines()[-1] == (
        "Feil: Materialet til 2026-2 har 8 feil (over); rett dem, eller skriv det likevel med "
        "--tross-feil."
    )
    assert sum(linje.startswith("advarsel: ") for linje in r.stderr.splitlines()) == 2
    ok(kjor("materiale", "2026-2", "-o", str(ut), "--tross-feil"))
    assert ut.read_text(encoding="utf-8") == _materiale(kjor).stdout


@pytest.mark.usefixtures("eksempel")
def test_maler_fra_en_egen_mappe(kjor: Kjor, tmp_path: Path) -> None:
    maler = tmp_path / "maler"
    maler.mkdir()
    (maler / "kapittel4.md.j2").write_text(
        "Egen tekst om lovmedvirkning i {{ mote.ar }}: {{ gjeldende_avtaler }} avtaler, "
        "tema {{ mote.tema }}.\n",
        encoding="utf-8",
    )
    tekst = _materiale(kjor, "--maler", str(maler)).stdout
    assert (
        "Egen tekst om lovmedvirkning i 2026: 4 avtaler, tema reformer og utbygging av det "
        "kommunale tjenestetilbudet.\n" in tekst
    )
    # The others come from konsreg.
    assert "Per april 2026 er det 4 gjeldende bilaterale avtaler" in tekst
    (maler / "kapittel4.md.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    r = kjor("materiale", "2026-2", "--tross-feil", "--maler", str(maler))
    assert r.exit_code == 1 and "Malen kapittel4.md.j2 kan ikke brukes" in r.stderr
    (maler / "kapittel4.md.j2").write_text("{{ finnes_ikke }}", encoding="utf-8")
    r = kjor("materiale", "2026-2", "--tross-feil", "--maler", str(maler))
    assert r.exit_code == 1 and "'finnes_ikke' is undefined" in r.stderr
    tom = tmp_path / "tom"
    tom.mkdir()
    r = kjor("materiale", "2026-2", "--tross-feil", "--maler", str(tom))
    assert "har ingen av malene" in r.stderr


@pytest.mark.usefixtures("eksempel")
def test_per_skriver_materialet_slik_det_sto(kjor: Kjor, monkeypatch: Any) -> None:
    from datetime import UTC, datetime

    from konsreg.register import klokke

    for_ = _materiale(kjor).stdout
    monkeypatch.setattr(klokke, "na", lambda: datetime(2099, 1, 2, 12, tzinfo=UTC))
    ok(kjor("punkt", "endre", "2026-2/17", "--tekst", "Helt ny tekst om krisesentre."))
    ok(kjor("punkt", "fjern", "2026-2/2"))
    ok(kjor("punkt", "ny", "2026-2", "--eventuelt", "Sak om noe nytt", "--meldt-inn-av", "KS"))
    ok(kjor("mote", "endre", "2026-2", "--tema", "noe annet"))
    etter = _materiale(kjor).stdout
    assert "Helt ny tekst om krisesentre." in etter and "Sak om noe nytt" in etter
    assert "a. Oppfølging av kommunekommisjonen NOU 1" not in etter
    assert _materiale(kjor, "--per", "01.01.2099").stdout == for_


@pytest.mark.usefixtures("eksempel")
def test_word_dokumentet_leses_tilbake(kjor: Kjor, tmp_path: Path) -> None:
    import docx

    ut = tmp_path / "materiale.docx"
    _materiale(kjor, "-o", str(ut))
    dok = docx.Document(str(ut))
    stiler = [(p.style.name if p.style else "", p.text) for p in dok.paragraphs]
    overskrifter = [(stil, tekst) for stil, tekst in stiler if stil.startswith("Heading")]
    assert overskrifter[0] == ("Heading 1", "1. Det 2. konsultasjonsmøtet i 2026")
    assert ("Heading 2", "a. Nye lovmedvirkningssaker") in overskrifter
    assert ("Heading 3", "Kulturmiljøloven – Meldt inn av KLD") in overskrifter
    md = _materiale(kjor).stdout
    fra_md = [re.sub(r"\\(.)", r"\1", m) for m in re.findall(r"^#+ (.*)$", md, re.M)]
    assert [t for _, t in overskrifter] == fra_md
    tabeller = [[[c.text for c in rad.cells] for rad in t.rows] for t in dok.tables]
    assert len(tabeller) == 3
    c = tabeller[2]
    assert c[0] == [
        "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)",
        "Parter",
        "Inngått",
        "Utløper",
        "Første avtale inngått",
    ]
    alle = [celle for rad in c for celle in rad]
    for rad in forventet("c")[2:]:
        for celle in rad:
            assert celle in alle


def test_materiale_feil(kjor: Kjor, tmp_path: Path) -> None:
    feil(kjor("materiale", "2026-2"), 1, "Finner ikke møtet 2026-2")
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    feil(kjor("materiale", "2026-2", "-f", "docx"), 2, "--output FIL.docx")
    feil(kjor("materiale", "2026-2", "--maler", str(tmp_path / "ikke")), 1, "er ikke en mappe")
    r = ok(kjor("materiale", "2026-2"))
    assert "# 6\\. Eventuelt" in r.stdout


@pytest.mark.usefixtures("eksempel")
def test_referat(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("mote", "endre", "2026-2", "--deltaker", "Kommunalministeren", "--deltaker", "KS"))
    ok(kjor("punkt", "endre", "2026-2/8", "--konklusjon", "Partene er *enige*."))
    tekst = ok(kjor("referat", "2026-2")).stdout
    assert tekst.startswith(
        "# Referat fra 2. konsultasjonsmøte 2026\n\n**Dato:** 16.04.2026\n\n"
        "**Tema:** reformer og utbygging av det kommunale tjenestetilbudet\n\n"
        "## Til stede\n\n- Kommunalministeren\n- KS\n\n## Saksliste\n\n"
        "1. Innspill fra KS: Oppfølging av kommunekommisjonen NOU 1\n"
    )
    assert (
        "## 7\\. Lovmedvirkning: Kulturmiljøloven – Meldt inn av KLD\n\n**Konklusjon:**\n\n"
        "Partene er *enige*.\n" in tekst
    )
    assert tekst.count("*Ingen konklusjon er registrert.*") == 15
    import docx

    ut = tmp_path / "referat.docx"
    ok(kjor("referat", "2026-2", "-o", str(ut)))
    avsnitt = [p.text for p in docx.Document(str(ut)).paragraphs]
    assert avsnitt[0] == "Referat fra 2. konsultasjonsmøte 2026"
    assert "Partene er enige." in avsnitt


@pytest.mark.slow
@pytest.mark.usefixtures("eksempel")
def test_hele_materialet_skrevet_ut_av_en_nettleser(kjor: Kjor, tmp_path: Path) -> None:
    """The HTML material printed to PDF by headless Chromium, read back with pdftotext:
    every heading of the document in order, the front page alone, each appendix on a
    page of its own (issue 13, item 11)."""
    from tests.render.test_dok_utskrift import skriv_ut_html

    side = tmp_path / "materiale.html"
    _materiale(kjor, "-o", str(side))
    sider = skriv_ut_html(side.read_text(encoding="utf-8"), tmp_path / "ut")
    tekst = " ".join(" ".join(s.split()) for s in sider)
    md = _materiale(kjor).stdout
    overskrifter = [
        " ".join(re.sub(r"\\(.)", r"\1", m).split()) for m in re.findall(r"^#+ (.*)$", md, re.M)
    ]
    assert len(overskrifter) > 30

    # pdftotext joins a word broken at a hyphen at a line's end ("helse-/og" → "helseog"):
    # the search ignores hyphens and white space.
    def uten(t: str) -> str:
        return re.sub(r"[\s\-]", "", t)

    tekst = uten(tekst)
    posisjon = 0
    for o in map(uten, overskrifter):
        funnet = tekst.find(o, posisjon)
        assert funnet >= 0, f"fant ikke «{o}» etter posisjon {posisjon} i PDF-en"
        posisjon = funnet + len(o)
    assert " ".join(sider[0].split()).startswith("DET KONGELIGE KOMMUNAL- OG DISTRIKTSDEPARTEMENT")
    assert "1. Det 2. konsultasjonsmøtet" not in sider[0]
    for bokstav in "abc":
        vedlegg = [s for s in sider if f"Vedlegg {bokstav})" in s]
        assert len(vedlegg) == 1 and " ".join(vedlegg[0].split()).startswith(f"Vedlegg {bokstav})")
