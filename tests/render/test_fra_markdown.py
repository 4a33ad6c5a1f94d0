"""Stored Markdown read into blocks: only the markup the material uses is markup; raw HTML,
unsafe link addresses and control characters never reach a writer as anything but text."""

from __future__ import annotations

from konsreg.render.dokument import Avsnitt, Liste, Overskrift, Tekstbit, trygg_lenke
from konsreg.render.markdown import fra_markdown


def test_avsnitt_lister_og_overskrifter() -> None:
    tekst = (
        "# Innspill\n"
        "KS viser til *høringssvaret*\n"
        "og **ber om** [svar](https://ks.no/svar).\n"
        "\n"
        "- første\n"
        "* andre\n"
        "\n"
        "1. ett\n"
        "2. to\n"
        "\n"
        "### Spørsmål\n"
        "#### Dypere\n"
    )
    assert fra_markdown(tekst) == (
        Overskrift(1, "Innspill", i_innhold=False),
        Avsnitt(
            (
                Tekstbit("KS viser til "),
                Tekstbit("høringssvaret", kursiv=True),
                Tekstbit(" og "),  # the soft line break is a space
                Tekstbit("ber om", fet=True),
                Tekstbit(" "),
                Tekstbit("svar", lenke="https://ks.no/svar"),
                Tekstbit("."),
            )
        ),
        # A new bullet character starts a new list (CommonMark).
        Liste(((Tekstbit("første"),),)),
        Liste(((Tekstbit("andre"),),)),
        Liste(((Tekstbit("ett"),), (Tekstbit("to"),)), nummerert=True),
        Overskrift(3, "Spørsmål", i_innhold=False),
        Overskrift(3, "Dypere", i_innhold=False),  # there is no fourth level
    )


def test_nestet_liste_flates_ut_og_punkt_med_flere_avsnitt_blir_ett() -> None:
    tekst = "- a\n  - a1\n  - a2\n- b  \n  b2\n\n  b3\n"
    assert fra_markdown(tekst) == (
        Liste(
            (
                (Tekstbit("a"),),
                (Tekstbit("a1"),),
                (Tekstbit("a2"),),
                (Tekstbit("b b2 b3"),),
            )
        ),
    )


def test_dato_forst_i_et_avsnitt_er_ingen_liste() -> None:
    # "15. desember …" first in a paragraph is a list starting at 15 in Markdown; typed in
    # an item's text it is a date, and stays the paragraph it was.
    assert fra_markdown("15. desember 2025 presenterte\n") == (
        Avsnitt((Tekstbit("15. desember 2025 presenterte"),)),
    )
    assert fra_markdown("1. januar 2026 ble avtalen signert.\n") == (
        Avsnitt((Tekstbit("1. januar 2026 ble avtalen signert."),)),
    )
    assert fra_markdown("1. en\n2. to\n") == (
        Liste(((Tekstbit("en"),), (Tekstbit("to"),)), nummerert=True),
    )


def test_fiendtlig_tekst_blir_tekst() -> None:
    tekst = (
        "<script>alert(1)</script> <b>x</b> | a | \x1b[31m rød "
        "[klikk](javascript:alert(1)) [data](data:text/html,x) [her](#) "
        "<javascript:alert(2)> <https://ks.no> \\*ikke kursiv\\* `**kode**`"
    )
    assert fra_markdown(tekst) == (
        Avsnitt(
            (
                Tekstbit(
                    "<script>alert(1)</script> <b>x</b> | a | \\x1b[31m rød "
                    "klikk data her javascript:alert(2) "
                ),
                Tekstbit("https://ks.no", lenke="https://ks.no"),
                Tekstbit(" *ikke kursiv* **kode**"),
            )
        ),
    )


def test_html_blokk_er_tekst() -> None:
    assert fra_markdown("<div>\n*x*\n</div>") == (
        Avsnitt((Tekstbit("<div> "), Tekstbit("x", kursiv=True), Tekstbit(" </div>"))),
    )


def test_ingen_styretegn_i_noen_bit() -> None:
    tekst = "# t\x07t\n\na\x00b \u202e c\x85d\n\n- e\x1bf\n"
    blokker = fra_markdown(tekst)
    tekster: list[str] = []
    for b in blokker:
        if isinstance(b, Overskrift):
            tekster.append(b.tekst)
        elif isinstance(b, Avsnitt):
            tekster += [t.tekst for t in b.biter]
        elif isinstance(b, Liste):
            tekster += [t.tekst for p in b.punkter for t in p]
    assert tekster == ["t\\x07t", "a\ufffdb \\u202e c\\x85d", "e\\x1bf"]


def test_tom_tekst() -> None:
    assert fra_markdown("") == ()
    assert fra_markdown("  \n\n#\n") == ()


def test_trygg_lenke() -> None:
    assert trygg_lenke("https://ks.no/a?b=c#d") == "https://ks.no/a?b=c#d"
    assert trygg_lenke("HTTP://ks.no") == "HTTP://ks.no"
    assert trygg_lenke("mailto:post@ks.no") == "mailto:post@ks.no"
    for farlig in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,x",
        "file:///etc/passwd",
        "#",
        "/relativ",
        "https://",
        "mailto:",
        "https://ks.no/\x1b",
        "https://ks .no",
        "http://[::1",
        None,
        "",
    ):
        assert trygg_lenke(farlig) is None, farlig
