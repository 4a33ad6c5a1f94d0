"""The timeline drawn (render/tidslinje.py): golden text at 80 and 120 columns, the same
characters with colour at a terminal, and an SVG whose every text is escaped."""

from __future__ import annotations

import io
import os
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from konsreg.regler.tidslinje import Avtaledata, Tidslinje, tidslinje
from konsreg.render import tidslinje as tegning

DATA = Path(__file__).parent.parent / "data"
DAG = date(2026, 4, 30)


def _a(id_: str, tittel: str, fra: date | None, til: date | None, **felt: object) -> Avtaledata:
    return Avtaledata(
        id=id_,
        tittel=tittel,
        inngatt=fra,
        gyldig_fra=felt.get("gyldig_fra"),  # type: ignore[arg-type]
        utloper=til,
        status=str(felt.get("status", "pagaende")),
        status_endret=felt.get("status_endret"),  # type: ignore[arg-type]
    )


def eksempel(fra: int | None = None, til: int | None = None) -> Tidslinje:
    """A register's worth of cases: a series of three, an expired one, one that runs on,
    one that began before the picture, one renewed twice at once, long and odd titles."""
    avtaler = [
        _a(
            "A1",
            "Avtale om kvalitetsutvikling i barnehagen 2018–2021",
            date(2018, 3, 1),
            date(2021, 12, 31),
            status="avsluttet",
            status_endret=date(2021, 12, 31),
        ),
        _a(
            "A2",
            "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående opplæring",
            date(2022, 1, 1),
            date(2025, 12, 31),
        ),
        _a(
            "A3",
            "Samarbeidsavtale om mottak og bosetting av flyktninger",
            date(2022, 3, 11),
            date(2025, 12, 31),
        ),
        _a("A4", "Samarbeidsavtale om partnerskapet i NAV-kontorene", date(2023, 1, 4), None),
        _a(
            "A5",
            'Avtale om <b>digital</b> samhandling & "helseteknologi"\x1b[31m',
            date(2012, 6, 1),
            date(2027, 12, 31),
        ),
        _a(
            "A6",
            "Avtale om helsefellesskap",
            date(2024, 4, 26),
            date(2027, 12, 31),
            gyldig_fra=date(2024, 6, 1),
        ),
        _a("A7", "Avtale om helsefellesskap, tillegg", date(2025, 1, 1), date(2026, 12, 31)),
        _a(
            "A8",
            "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående "
            "opplæring 2026–2029",
            date(2026, 1, 1),
            date(2029, 12, 31),
        ),
        _a(
            "A9",
            "日本語のとても長いタイトルの協定と付属書",
            date(2020, 9, 14),
            date(2025, 9, 1),
            status="avsluttet",
            status_endret=date(2024, 6, 30),
        ),
        _a("A10", "Kort\x1bavtale", date(2025, 5, 1), date(2026, 5, 1)),
    ]
    lenker = {"A1": None, "A2": "A1", "A8": "A2", "A6": None, "A7": "A6"}
    return tidslinje(avtaler, lenker, dag=DAG, fra=fra, til=til)


@pytest.mark.parametrize("bredde", [80, 120])
def test_tekst_ved_fast_bredde(bredde: int) -> None:
    tekst = tegning.tekst(eksempel(), bredde)
    fil = DATA / f"tidslinje-{bredde}.txt"
    if os.environ.get("KONSREG_NYE_FASITER"):
        fil.write_text(tekst, encoding="utf-8")
    assert tekst == fil.read_text(encoding="utf-8")
    assert all(len(linje) <= bredde for linje in tekst.splitlines())


def test_en_serie_er_en_linje_og_dobbel_fornyelse_to() -> None:
    tekst = tegning.tekst(eksempel(), 120)
    linjer = tekst.splitlines()
    serie = [linje for linje in linjer if re.search(r"\bA1\b", linje)]
    assert len(serie) == 1 and "A2" in serie[0] and "A8" in serie[0]
    # A6 renewed by A7 while A6 still ran: two lines, the title on the first only.
    a6 = next(i for i, linje in enumerate(linjer) if "A6" in linje)
    a7 = next(i for i, linje in enumerate(linjer) if "A7" in linje)
    assert a7 == a6 + 1
    assert linjer[a7].startswith(" " * 20)


def test_styretegn_i_tittelen_vises_som_escape() -> None:
    tekst = tegning.tekst(eksempel(), 200)
    assert "\x1b" not in tekst
    assert "\\x1b" in tekst


def test_fra_og_til_kutter_og_merker() -> None:
    tekst = tegning.tekst(eksempel(fra=2024, til=2026), 80)
    assert "2024" in tekst and "2023" not in tekst
    assert tegning.FORTSETTER_V in tekst and tegning.FORTSETTER_H in tekst
    assert not re.search(r"\bA1\b", tekst)  # ended before the picture: not drawn
    assert "◂▸ fortsetter" in tekst


def test_smal_terminal_tegner_minst_40_kolonner() -> None:
    linjer = tegning.tekst(eksempel(), 20).splitlines()
    assert max(len(linje) for linje in linjer) <= tegning.MIN_BREDDE


def test_farger_i_terminalen_men_samme_tegn() -> None:
    t = eksempel()
    ut = io.StringIO()
    Console(file=ut, width=120, force_terminal=True, color_system="truecolor").print(
        tegning.rik(t, 120)
    )
    farget = ut.getvalue()
    assert "\x1b[" in farget
    vanlig = io.StringIO()
    Console(file=vanlig, width=120, no_color=True, force_terminal=False).print(tegning.rik(t, 120))
    linjer = [linje.rstrip() for linje in vanlig.getvalue().splitlines()]
    assert "\n".join(linjer) + "\n" == tegning.tekst(t, 120)


def test_svg_er_gyldig_xml_og_teksten_escapet() -> None:
    svg = tegning.svg(eksempel())
    rot = ET.fromstring(svg)  # well-formed: no raw <, & or control character
    assert rot.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    assert "&amp; &quot;helseteknologi&quot;" in svg
    assert "\x1b" not in svg and "\\x1b" in svg
    tekster = " ".join("".join(e.itertext()) for e in rot.iter("{http://www.w3.org/2000/svg}text"))
    for id_ in ("A2", "A3", "A4", "A8"):
        assert id_ in tekster
    assert "i dag 30.04.2026" in tekster


def test_svg_stolper_som_fortsetter_har_spisse_ender() -> None:
    rot = ET.fromstring(tegning.svg(eksempel(fra=2024, til=2026)))
    hjorner = {}
    for p in rot.iter("{http://www.w3.org/2000/svg}polygon"):
        tittel = p.find("{http://www.w3.org/2000/svg}title")
        if tittel is not None and tittel.text:
            hjorner[tittel.text.split()[0]] = len(p.attrib["points"].split())
    assert hjorner["A6"] == 5  # ends after 2026: pointed at the right
    assert hjorner["A4"] == 6  # began before 2024 and runs on: both ends
    assert hjorner["A3"] == 5  # began before 2024: pointed at the left
    assert hjorner["A10"] == 4  # inside the years
    assert "uten sluttdato" in ET.tostring(rot, encoding="unicode")  # A4's tooltip


def test_html_figur_har_bildetekst() -> None:
    linjer = tegning.html_figur(eksempel())
    assert linjer[0] == '<figure class="tidslinje">'
    assert linjer[-2].startswith("<figcaption>Avtalene 2012–2029")


def test_figuren_i_et_dokument_html_tegner_markdown_og_word_utelater() -> None:
    import docx

    from konsreg.render.dok_docx import skriv_docx
    from konsreg.render.dok_html import html as dok_html
    from konsreg.render.dok_md import markdown
    from konsreg.render.dokument import Avsnitt, Dokument, Figur, bit

    dok = Dokument("Prøve", (Avsnitt(bit("Før")), Figur(eksempel()), Avsnitt(bit("Etter"))))
    side = dok_html(dok)
    assert side.count("<svg") == 1
    assert side.index("Før") < side.index("<svg") < side.index("Etter")
    assert markdown(dok) == "Før\n\nEtter\n"
    ut = io.BytesIO()
    skriv_docx(dok, ut)
    ut.seek(0)
    assert [p.text for p in docx.Document(ut).paragraphs if p.text] == ["Før", "Etter"]


@pytest.mark.parametrize(
    "tittel",
    [
        "Samarbeidsavtale om mottak og bosetting av flyktninger",
        "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående opplæring",
        "MMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMMM",  # wide letters
        "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii",
        "Avtale om 数据 og 🙂 i kommunene, med tegn tabellen ikke kjenner",
    ],
)
def test_svg_tittelen_kuttes_med_ellipse_for_den_fyller_plassen(tittel: str) -> None:
    # Cut by DejaVu Sans's widths (the widest font the figure may get): it ends in "…"
    # inside the title column, never clipped mid-letter by the clip path.
    kortet = tegning._kortet_px(tittel, tegning._TITTEL_B, 11)
    assert kortet.endswith("…") and tittel.startswith(kortet[:-1])
    assert tegning._bredde_ca(kortet, 11) <= tegning._TITTEL_B
    # And not cut further than needed: less than the next character and a space (two em
    # at most) is left over.
    assert tegning._bredde_ca(kortet, 11) > tegning._TITTEL_B - 2 * 11


def test_svg_kort_tittel_star_hel() -> None:
    assert tegning._kortet_px("Avtale om NAV-kontorene", tegning._TITTEL_B, 11) == (
        "Avtale om NAV-kontorene"
    )
    # DejaVu Sans: "m" is 0.974 em and "i" 0.278 em (not one width for every letter).
    assert tegning._bredde_ca("m", 10) == pytest.approx(9.74)
    assert tegning._bredde_ca("i", 10) == pytest.approx(2.78)
