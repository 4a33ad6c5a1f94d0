"""A search hit for people: the hits bold at a terminal (a rich style on the part, never
markup read from the text), control characters shown as escapes, Markdown in `**`."""

from __future__ import annotations

import io

from rich.console import Console

from konsreg.regler.begreper import Format
from konsreg.regler.sok import SLUTT, START, Posttype, Treff
from konsreg.render import sok


def test_treffet_er_fett_og_teksten_er_data() -> None:
    tekst = sok.rik_utdrag(f"[bold]om[/bold] {START}bosetting{SLUTT} og \x1b[31m")
    assert tekst.plain == "[bold]om[/bold] bosetting og \\x1b[31m"
    fete = [tekst.plain[s.start : s.end] for s in tekst.spans if s.style == "bold"]
    assert fete == ["bosetting"]
    ut = io.StringIO()
    Console(file=ut, force_terminal=True, width=200, color_system="standard").print(tekst)
    assert "\x1b[1mbosetting\x1b[0m" in ut.getvalue()
    assert "\x1b[31m" not in ut.getvalue()


def test_markdown_og_csv() -> None:
    treff = [Treff(Posttype.sak, "2026/1", "A | B", f"*x* {START}bo_sett{SLUTT}|")]
    ut = io.StringIO()
    sok.skriv(treff, Format.markdown, ut)
    # An underscore inside a word is no emphasis in Markdown: it stays as it is.
    assert ut.getvalue().splitlines()[-1] == "| sak 2026/1 | A \\| B | \\*x\\* **bo_sett**\\| |"
    ut = io.StringIO()
    sok.skriv(treff, Format.csv, ut)
    assert ut.getvalue().splitlines()[-1] == "sak,2026/1,A | B,*x* [bo_sett]|"
