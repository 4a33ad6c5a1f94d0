"""A document as a Word file, read back with python-docx: the built-in heading styles, a
TOC field that already lists the headings, the appendix tables cell by cell (a header row
that repeats, merged category rows), A4 and Norwegian as the language."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from konsreg.render.dok_docx import kolonnebredder, skriv_docx
from konsreg.render.dokument import (
    Avsnitt,
    Dokument,
    Liste,
    Overskrift,
    Sideskift,
    Tabell,
    Tekstbit,
    bit,
)
from tests.render.dokumenter import VEDLEGG_A, VEDLEGG_C, liten


def _skriv(dok: Dokument) -> Any:
    ut = io.BytesIO()
    skriv_docx(dok, ut)
    ut.seek(0)
    return docx.Document(ut)


@pytest.fixture(scope="module")
def fil() -> Any:
    return _skriv(liten())


def _innstilling(fil: Any, navn: str) -> Any:
    return fil.settings.element.find(qn(f"w:{navn}"))


def test_a4_og_marger(fil: Any) -> None:
    s = fil.sections[0]
    assert abs(s.page_width - Cm(21)) < Cm(0.01)
    assert abs(s.page_height - Cm(29.7)) < Cm(0.01)
    for marg in (s.left_margin, s.right_margin, s.top_margin, s.bottom_margin):
        assert abs(marg - Cm(2.5)) < Cm(0.01)


def test_sprak_og_egenskaper(fil: Any) -> None:
    stiler = fil.styles.element
    lang = stiler.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang is not None and lang.get(qn("w:val")) == "nb-NO"
    normal = fil.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert normal.get(qn("w:val")) == "nb-NO"
    kp = fil.core_properties
    assert (kp.title, kp.author, kp.language) == (
        "Materialet til 2. konsultasjonsmøte 2026",
        "konsreg",
        "nb-NO",
    )
    assert _innstilling(fil, "updateFields").get(qn("w:val")) == "true"


def test_overskrifter_med_innebygde_stiler(fil: Any) -> None:
    overskrifter = [
        (p.style.name, p.text) for p in fil.paragraphs if p.style.name.startswith("Heading")
    ]
    assert overskrifter == [
        ("Heading 1", "1. Det 2. konsultasjonsmøtet i 2026"),
        ("Heading 2", "a. Innspill <script>alert(1)</script>"),
        ("Heading 3", "Spørsmål til drøfting:"),
        ("Heading 1", "2. Eventuelt"),
        ("Heading 3", "Vedlegg a) Oversikt over kostnadsberegningssaker"),
        ("Heading 3", "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per april 2026"),
    ]
    # No numbering field or list in a heading: its text is the heading.
    for p in fil.paragraphs:
        if p.style.name.startswith("Heading"):
            assert p._p.find(f".//{qn('w:instrText')}") is None
            assert p._p.find(f".//{qn('w:numPr')}") is None


def test_innholdsfortegnelse_er_et_toc_felt_med_overskriftene(fil: Any) -> None:
    body = fil.element.body
    instr = [i.text for i in body.iter(qn("w:instrText"))]
    assert instr == [' TOC \\o "1-3" \\h \\z \\u ']
    toc = [(p.style.name, p.text) for p in fil.paragraphs if p.style.name.startswith("toc")]
    assert toc == [
        ("toc 1", "1. Det 2. konsultasjonsmøtet i 2026"),
        ("toc 2", "a. Innspill <script>alert(1)</script>"),
        ("toc 1", "2. Eventuelt"),
    ]
    typer = [f.get(qn("w:fldCharType")) for f in body.iter(qn("w:fldChar"))]
    assert typer == ["begin", "separate", "end"]
    # Each entry links to a bookmark around its heading.
    ankre = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink")) if h.get(qn("w:anchor"))]
    bokmerker = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    assert len(ankre) == 3 and set(ankre) <= bokmerker
    tittel = next(p for p in fil.paragraphs if p.text == "Innhold")
    assert tittel.style.name == "TOC Heading"


def test_forside_pa_egen_side(fil: Any) -> None:
    linjer = fil.paragraphs[:2]
    assert [p.text for p in linjer] == [
        "DET KONGELIGE KOMMUNAL- OG DISTRIKTSDEPARTEMENT",
        "MATERIALET TIL 2. KONSULTASJONSMØTE 2026",
    ]
    assert all(p.alignment == 1 for p in linjer)  # centred
    assert all(r.bold for r in linjer[1].runs)
    assert linjer[1].runs[0].font.size > linjer[0].runs[0].font.size
    assert fil.paragraphs[2].text == "Innhold"
    assert fil.paragraphs[2].paragraph_format.page_break_before


def test_sideskift_for_vedleggene(fil: Any) -> None:
    vedlegg = next(p for p in fil.paragraphs if p.text.startswith("Vedlegg a)"))
    assert vedlegg.paragraph_format.page_break_before
    skift = [p.text for p in fil.paragraphs if p.paragraph_format.page_break_before]
    assert skift == ["Innhold", "Vedlegg a) Oversikt over kostnadsberegningssaker"]


def test_avsnitt_lenker_og_fiendtlig_tekst(fil: Any) -> None:
    tekster = [p.text for p in fil.paragraphs]
    assert "**ikke fet** _ikke kursiv_ # | a | \\x1b[31m fet og kursiv" in tekster
    lenker = [r.target_ref for r in fil.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert sorted(lenker) == ["https://www.ks.no/", "https://www.regjeringen.no/"]
    avsnitt = next(p for p in fil.paragraphs if p.text.startswith("Les mer"))
    assert avsnitt.text == "Les mer på regjeringen.no og ks.no. Ikke en lenke: klikk."
    assert [h.text for h in avsnitt.hyperlinks] == ["regjeringen.no", "ks.no"]
    assert [h.address for h in avsnitt.hyperlinks] == [
        "https://www.regjeringen.no/",
        "https://www.ks.no/",
    ]
    assert all(r.style.name == "Hyperlink" for h in avsnitt.hyperlinks for r in h.runs)
    assert avsnitt.hyperlinks[1].runs[0].bold


def test_lister(fil: Any) -> None:
    punkter = [
        (p.style.name, p.text, all(r.italic for r in p.runs))
        for p in fil.paragraphs
        if p.style.name.startswith("List")
    ]
    assert punkter == [
        ("List Bullet", "Hvilke grep?", True),
        ("List Bullet", "# Hvordan?", True),
        ("List Number", "ett", False),
        ("List Number", "to", False),
    ]


def test_nummererte_lister_begynner_pa_nytt() -> None:
    fil = _skriv(
        Dokument(
            "t",
            (
                Liste((bit("a"), bit("b")), nummerert=True),
                Avsnitt(bit("mellom")),
                Liste((bit("c"),), nummerert=True, start=15),
            ),
        )
    )
    numre = [p._p.pPr.numPr.numId.val for p in fil.paragraphs if p.style.name == "List Number"]
    assert numre[0] == numre[1] != numre[2]
    nummerering = fil.part.numbering_part.element
    starter = [
        nummerering.num_having_numId(n).find(f".//{qn('w:startOverride')}").get(qn("w:val"))
        for n in (numre[0], numre[2])
    ]
    assert starter == ["1", "15"]


def _celler(tabell: Any) -> list[list[str]]:
    """Each row's cells as written: a merged cell once."""
    rader = []
    for rad in tabell.rows:
        rader.append(["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in rad._tr.tc_lst])
    return rader


def test_tabellene_celle_for_celle(fil: Any) -> None:
    a, c = fil.tables
    assert _celler(a) == [
        ["Sak", "Oppmeldt"],
        ["Helse- og omsorgsdepartementet <script>alert(1)</script>", "2026"],
        ["Kultur- og likestillingsdepartementet | a | **x**", "2022 (første gang)"],
    ]
    assert _celler(c) == [
        ["Avtaler om velferdstjenester", "Parter", "Inngått", "Utløper", "Første avtale inngått"],
        ["Avtale om kvalitet", "KD og KS", "02.12.2022", "31.12.2025", "2009"],
        ["Avtaler om samhandling <b>"],
        ["Avtale om NAV\\x1b[2J", "AID og KS", "04.01.2023", "31.12.2026", "2012"],
    ]
    for t in (a, c):
        assert t.style.name == "Table Grid"


def test_overskriftsraden_gjentas_og_er_skyggelagt(fil: Any) -> None:
    for t in fil.tables:
        forste = t.rows[0]._tr
        assert forste.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in t.rows[1:])
        for tc in forste.tc_lst:
            assert tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "D9E2F3"
            assert all(r.get(qn("w:val")) != "0" for r in tc.iter(qn("w:b")))


def test_kategorirad_er_slatt_sammen_fet_og_skyggelagt(fil: Any) -> None:
    rad = fil.tables[1].rows[2]._tr
    (tc,) = rad.tc_lst
    assert tc.grid_span == 5
    assert tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) == "D9E2F3"
    assert tc.find(f".//{qn('w:b')}") is not None


def test_fotnoter_etter_tabellen(fil: Any) -> None:
    body = list(fil.element.body)
    tabell = body.index(fil.tables[1]._tbl)
    neste = body[tabell + 1]
    assert "".join(t.text for t in neste.iter(qn("w:t"))) == VEDLEGG_C.fotnoter[0]
    p = next(p for p in fil.paragraphs if p._p is neste)
    assert p.style.name == "Merknad"


def test_dato_og_arskolonner_brytes_ikke() -> None:
    bredder = kolonnebredder(VEDLEGG_C)
    assert abs(sum(bredder) - 16.0) < 0.05  # the text width between 2.5 cm margins
    assert bredder[2] >= 2.0 and bredder[3] >= 2.0  # "31.12.2025" at 10 pt
    assert kolonnebredder(VEDLEGG_A)[1] >= 3.5  # "2022 (første gang)"


def test_tabell_rett_etter_sideskift_og_uten_overskrifter() -> None:
    fil = _skriv(Dokument("t", (Avsnitt(bit("x")), Sideskift(), Tabell(VEDLEGG_A))))
    br = fil.element.body.findall(f".//{qn('w:br')}")
    assert [b.get(qn("w:type")) for b in br] == ["page"]
    assert _celler(fil.tables[0])[0] == ["Sak", "Oppmeldt"]


def test_styretegn_og_ugyldige_tegn_stopper_ikke_filen() -> None:
    tekst = "a\x00b\x1bc\x7fd\ud800e\uffffg"
    fil = _skriv(
        Dokument(
            tekst,
            (
                Overskrift(1, tekst),
                Avsnitt((Tekstbit(tekst, lenke="https://ks.no/\x1b"),)),
                Liste((bit(tekst),)),
            ),
        )
    )
    ventet = "a\\x00b\\x1bc\\x7fd\\ud800e\\uffffg"
    assert [p.text for p in fil.paragraphs] == [ventet] * 3
    assert fil.core_properties.title == ventet
    # The address with a control character is no link.
    assert not [r for r in fil.part.rels.values() if r.reltype.endswith("/hyperlink")]
