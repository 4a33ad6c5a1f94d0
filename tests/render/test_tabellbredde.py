"""Tables at a terminal: in a narrow one the least needed columns give way, and no
saksnummer, id or date is ever cut."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console

from konsreg.render.felt import AVTALE_KOLONNER, SAK_KOLONNER, Kolonne
from konsreg.render.tabell import bind_parter, oppsett, rich_tabell, synlige_kolonner

SAK: dict[str, Any] = {
    "saksnummer": "2022/1",
    "type": "kostnadsberegning",
    "departement": "HOD",
    "tittel": "Endringer i betalingen for forvaltning og drift av nasjonale e-helseløsninger",
    "oppmeldt": 2022,
    "meldt_inn_av": "HOD",
    "status": "pagaende",
    "status_endret": None,
}


def tegn(tabell: object, bredde: int) -> str:
    ut = io.StringIO()
    Console(file=ut, width=bredde, no_color=True, force_terminal=False).print(tabell)
    return ut.getvalue()


def test_bred_terminal_viser_alle_kolonner() -> None:
    celler = [["2022/1", "kostnadsberegning", "HOD", "x", "2022", "HOD", "pågående", ""]]
    assert synlige_kolonner(SAK_KOLONNER, celler, 200) == list(range(len(SAK_KOLONNER)))
    assert synlige_kolonner(SAK_KOLONNER, celler, None) == list(range(len(SAK_KOLONNER)))


def test_smal_terminal_gir_slipp_pa_de_minst_nodvendige_forst() -> None:
    tittel = SAK["tittel"]
    celler = [["2022/1", "kostnadsberegning", "HOD", tittel, "2022", "HOD", "pågående", ""]]
    synlige = [SAK_KOLONNER[i].felt for i in synlige_kolonner(SAK_KOLONNER, celler, 80)]
    # "kostnadsberegning" does not fit beside a title of 32 columns; the year does.
    assert synlige == ["saksnummer", "departement", "tittel", "oppmeldt", "status"]
    helt_smal = [SAK_KOLONNER[i].felt for i in synlige_kolonner(SAK_KOLONNER, celler, 40)]
    assert helt_smal == ["saksnummer", "departement", "tittel", "status"]
    # A short title leaves room for more.
    kort = [[*celler[0][:3], "x", *celler[0][4:]]]
    synlige = [SAK_KOLONNER[i].felt for i in synlige_kolonner(SAK_KOLONNER, kort, 80)]
    assert synlige == [
        "saksnummer",
        "type",
        "departement",
        "tittel",
        "oppmeldt",
        "meldt_inn_av",
        "status",
    ]


def test_en_kolonne_kommer_bare_tilbake_nar_de_viktigere_er_med() -> None:
    # At 80 columns "Første avtale" (3) would fit where "Inngått" (2) does not: it stays out.
    avtale = [
        "A1",
        "Samarbeidsavtale om mottak og bosetting av flyktninger i kommunene",
        "samhandling",
        "AID, JD, BFD, KDD og KS",
        "11.03.2022",
        "",
        "31.12.2025",
        "2004",
        "pågående",
    ]
    synlige = [AVTALE_KOLONNER[i].felt for i in synlige_kolonner(AVTALE_KOLONNER, [avtale], 80)]
    assert synlige == ["id", "tittel", "parter", "utloper"]


def test_tittelen_beholder_40_prosent() -> None:
    celler = [["2022/1", "kostnadsberegning", "HOD", SAK["tittel"], "2022", "HOD", "x", ""]]
    for bredde in (60, 70, 80, 120):
        plass = oppsett(SAK_KOLONNER, celler, bredde)
        assert plass.bredder is not None
        tittel = plass.bredder[plass.synlige.index(3)]
        assert tittel >= round(0.4 * bredde), (bredde, plass)
        assert sum(plass.bredder) + 3 * len(plass.bredder) + 1 <= bredde


def test_overskrifter_brytes_ikke_dataene() -> None:
    # A year under "Første avtale inngått": the heading wraps, over a narrow column.
    kolonner = (Kolonne("tittel", "Tittel", bred=True), Kolonne("forste", "Første avtale inngått"))
    tittel = "En tittel " * 10
    rad: dict[str, Any] = {"tittel": tittel, "forste": 2009}
    plass = oppsett(kolonner, [[tittel, "2009"]], 32)
    assert plass.bredder == [16, 9]
    tekst = tegn(rich_tabell([rad], kolonner, bredde=32), 32)
    assert "┃ Første    ┃\n" in tekst and "┃ inngått   ┃\n" in tekst and "│ 2009      │" in tekst
    # With room the heading is on one line.
    assert oppsett(kolonner, [[tittel, "2009"]], 80).bredder == [52, 21]


def test_parter_holder_siste_kode_og_ks_sammen() -> None:
    assert bind_parter("AID, HOD, KDD, KUD, KD, SD og KS") == (
        "AID, HOD, KDD, KUD, KD, SD\u00a0og\u00a0KS"
    )
    assert bind_parter("KS") == "KS"
    kolonner = (Kolonne("tittel", "Tittel", bred=True), Kolonne("parter", "Parter", bred=True))
    rad = {
        "tittel": "Utviklingsavtale " * 3,
        "parter": ["AID", "HOD", "KDD", "KUD", "KD", "SD", "KS"],
    }
    for bredde in range(40, 90):
        tekst = tegn(rich_tabell([rad], kolonner, bredde=bredde), bredde)
        assert "SD og KS" in tekst, tekst


def test_ingen_verdi_kuttes_ved_80_kolonner() -> None:
    tekst = tegn(rich_tabell([SAK], SAK_KOLONNER, bredde=80), 80)
    assert "2022/1" in tekst
    assert "pågående" in tekst
    assert all(len(linje) <= 80 for linje in tekst.splitlines())
    assert "e-helseløsninger" in tekst  # the title wraps instead of vanishing


def test_avtaler_ved_80_kolonner_beholder_id_og_utloper() -> None:
    avtale = {
        "id": "A12",
        "tittel": "Samarbeidsavtale om mottak og bosetting av flyktninger",
        "kategori": "samhandling",
        "parter": ["AID", "JD", "BFD", "KDD", "KS"],
        "inngatt": None,
        "utloper": None,
        "forste_avtale": 2004,
        "status": "pagaende",
    }
    tekst = tegn(rich_tabell([avtale], AVTALE_KOLONNER, bredde=80), 80)
    assert "A12" in tekst
    assert "Utløper" in tekst
    assert all(len(linje) <= 80 for linje in tekst.splitlines())
