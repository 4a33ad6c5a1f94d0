"""A Markdown table cell shows stored text as it is: read back by a CommonMark/GFM reader
(markdown-it-py, as GitHub reads tables), the cell's text is the stored text."""

from __future__ import annotations

import html
import re

import pytest
from markdown_it import MarkdownIt

from konsreg.render.tabell import markdown_tabell, md_celle


def _lest(celle: str) -> str:
    """The text a Markdown reader shows for a one-cell table with `celle` in it."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    ut = md.render(markdown_tabell(["Tittel"], [[celle]]))
    (td,) = re.findall(r"<td>(.*?)</td>", ut, re.S)
    assert "<em>" not in td and "<strong>" not in td and "<a " not in td and "<s>" not in td
    assert "<code>" not in td
    return html.unescape(td)


@pytest.mark.parametrize(
    "tittel",
    [
        "Lov om *stjerner* og **fet** tekst",
        "_understreket_ og snake_case_navn",
        "[lenke](https://eksempel.no) og ![bilde](x.png)",
        "`kode` og ~~gjennomstreket~~ og ~enkel~",
        "R&D, &amp; og &#169; som tekst",
        "<b>fet</b> og <script>alert(1)</script>",
        "a | b \\ c \\* d",
        "Avtale 2022-2025: 1. del + 2. del # ikke overskrift",
    ],
)
def test_markdown_celle_viser_teksten_som_lagret(tittel: str) -> None:
    assert _lest(tittel) == tittel


def test_vanlig_tekst_far_ingen_skraastreker() -> None:
    # The register's own titles stay readable as raw Markdown.
    vanlig = "Avtale om kvalitets- og kapasitetsøkning i praksis for helsefagstudenter 2022-2025"
    assert md_celle(vanlig) == vanlig
