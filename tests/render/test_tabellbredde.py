"""Tables at a terminal: in a narrow one the least needed columns give way, and no
saksnummer, id or date is ever cut."""

from __future__ import annotations

import io

from rich.console import Console

from konsreg.render.felt import AVTALE_KOLONNER, SAK_KOLONNER
from konsreg.render.tabell import rich_tabell, synlige_kolonner

SAK = {
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
    celler = [["2022/1", "kostnadsberegning", "HOD", "x", "2022", "HOD", "pågående", ""]]
    synlige = [SAK_KOLONNER[i].felt for i in synlige_kolonner(SAK_KOLONNER, celler, 80)]
    assert synlige == ["saksnummer", "type", "departement", "tittel", "oppmeldt", "status"]
    helt_smal = [SAK_KOLONNER[i].felt for i in synlige_kolonner(SAK_KOLONNER, celler, 40)]
    assert helt_smal == ["saksnummer", "departement", "tittel", "status"]


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
