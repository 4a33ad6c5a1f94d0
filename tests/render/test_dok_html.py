"""A document as one HTML page: self-contained, every stored text escaped, the front page
and the appendices on pages of their own, tables whose header repeats."""

from __future__ import annotations

from html.parser import HTMLParser

from konsreg.render.dok_html import anker, html, overskrift_ider
from konsreg.render.dokument import Dokument, Innhold, Liste, Overskrift, bit
from tests.render.dokumenter import liten


class _Leser(HTMLParser):
    """Every start tag with its attributes, and the text, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tagger: list[tuple[str, dict[str, str | None]]] = []
        self.tekst: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tagger.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.tekst.append(data.strip())


def _les(side: str) -> _Leser:
    leser = _Leser()
    leser.feed(side)
    leser.close()
    return leser


def test_en_selvstendig_side() -> None:
    side = html(liten())
    assert side.startswith('<!DOCTYPE html>\n<html lang="nb">\n<head>\n<meta charset="utf-8">')
    assert "<title>Materialet til 2. konsultasjonsmøte 2026</title>" in side
    assert "@page { size: A4; margin: 2cm; }" in side
    tagger = _les(side).tagger
    # Nothing is fetched: no scripts, style sheets, images or frames.
    assert not [t for t, _ in tagger if t in ("script", "link", "img", "iframe", "object")]
    assert all(not (a.get("src")) for _, a in tagger)


def test_fiendtlig_tekst_er_tekst() -> None:
    side = html(liten())
    assert "<script" not in side and "<b>" not in side
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in side
    assert "\x1b" not in side and "\\x1b[31m" in side
    leser = _les(side)
    assert "Helse- og omsorgsdepartementet <script>alert(1)</script>" in leser.tekst
    assert "Avtaler om samhandling <b>" in leser.tekst
    # Only the checked links are links; javascript: is dropped, its text kept.
    hrefs = [a.get("href") or "" for t, a in leser.tagger if t == "a"]
    lenker = [h for h in hrefs if not h.startswith("#")]
    assert lenker == ["https://www.regjeringen.no/", "https://www.ks.no/"]
    assert "Ikke en lenke: klikk." in side


def test_forside_og_vedlegg_pa_egne_sider() -> None:
    side = html(liten())
    tagger = _les(side).tagger
    navn = [t for t, _ in tagger]
    sideskift = [i for i, (t, a) in enumerate(tagger) if a.get("class") == "sideskift"]
    assert len(sideskift) == 2
    # The first ends the front page, the second comes right before the first appendix.
    assert navn[sideskift[0] - 3 : sideskift[0]] == ["header", "p", "p"]
    assert tagger[sideskift[1] + 1] == (
        "h3",
        {"id": "vedlegg-a-oversikt-over-kostnadsberegningssaker"},
    )
    assert navn[sideskift[1] + 2] == "table"
    assert ".sideskift { break-before: page; page-break-before: always; }" in side


def test_tabeller_med_thead_og_grupperader() -> None:
    side = html(liten())
    assert side.count("<thead><tr><th>") == 2
    assert "thead { display: table-header-group; }" in side
    assert '<tr class="gruppe"><td colspan="5">Avtaler om samhandling &lt;b&gt;</td></tr>' in side
    assert '<td class="dato">02.12.2022</td>' in side
    assert (
        '<p class="fotnote">¹ «Avtale om NAV» ble registrert under KMD; vist under KDD.</p>' in side
    )


def test_innholdet_lenker_til_overskriftene() -> None:
    leser = _les(html(liten()))
    ider = {a.get("id") for t, a in leser.tagger if t in ("h1", "h2", "h3")}
    hrefs = [a.get("href") or "" for t, a in leser.tagger if t == "a"]
    innhold = [h for h in hrefs if h.startswith("#")]
    assert innhold == [
        "#1-det-2-konsultasjonsmotet-i-2026",
        "#a-innspill-script-alert-1-script",
        "#2-eventuelt",
    ]
    assert {h[1:] for h in innhold} <= ider


def test_nummerert_liste_med_start() -> None:
    dok = Dokument("t", (Liste((bit("a"),), nummerert=True, kursiv=True, start=15),))
    assert '<ol class="kursiv" start="15">\n<li>a</li>\n</ol>' in html(dok)


def test_ider_er_unike() -> None:
    blokker = (
        Overskrift(3, "Spørsmål til drøfting:"),
        Overskrift(3, "Spørsmål til drøfting:"),
        Overskrift(3, "sporsmal til drofting 2"),
        Overskrift(1, "«»"),
    )
    assert list(overskrift_ider(blokker).values()) == [
        "sporsmal-til-drofting",
        "sporsmal-til-drofting-2",
        "sporsmal-til-drofting-2-2",
        "avsnitt",
    ]
    assert anker("Første avtale – Ærlig") == "forste-avtale-aerlig"
    lang = anker("Samarbeidsavtale mellom DFD og KS om oppfølging av ambisjoner og felles tiltak")
    assert lang == "samarbeidsavtale-mellom-dfd-og-ks-om-oppfolging-av-ambisjone"
    assert len(lang) <= 60


def test_innhold_hopper_ikke_over_nivaer() -> None:
    overskrifter = (Overskrift(2, "a"), Overskrift(3, "b"), Overskrift(1, "c"), Overskrift(3, "d"))
    side = html(Dokument("t", (Innhold(), *overskrifter)))
    start = side.index('<nav class="innhold">')
    nav = side[start : side.index("</nav>", start)]
    assert nav.count("<ul>") == nav.count("</ul>") == 3
    assert nav.count("<li>") == nav.count("</li>") == 4
