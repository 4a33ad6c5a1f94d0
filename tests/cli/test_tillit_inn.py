"""Issue 9, items 11-13: hostile and oversized input.

11. Dates in exactly the forms README "Datoer" lists (ASCII digits, years 1900-2200,
    dateutil only for English month names); text fields through one rule each
    (`models.rens_felt`) for the commands and the import alike; JSON values of the
    wrong type are row errors.
12. Non-UTF-8 argv and environment, deeply nested JSON, and pipes/FIFOs as input give
    clear messages (or just work) instead of "Uventet feil" / "Finner ikke filen".
13. Limits on a field (1 MB), a line and a row (4 MB) and a pasted appendix (10 MB),
    refused with the line number before the whole line is in memory; long lists of
    names cut after ten.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from konsreg.errors import Ugyldig
from konsreg.lesere import kilde as poster
from konsreg.regler import datoer as dates
from konsreg.regler.datoer import parse_ar, parse_dato, parse_frist, parse_tidspunkt
from konsreg.tekst import sitat
from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    avtaler_json,
    avvises_uten_endring,
    feil,
    ny_avtale,
    ny_sak,
    ojeblikksbilde,
    ok,
    sak_args,
    saker_json,
    vis_json,
)

DES_2 = date(2022, 12, 2)

# -- 11. dates: the accepted forms, exactly ------------------------------------------------


# Every form the module docstring and README "Datoer" list, with what it means.
GODTATT: list[tuple[str, date]] = [
    # 1. ISO, year first (dashes; dots too).
    ("2022-12-02", DES_2),
    ("2022-12-2", DES_2),
    ("2022.12.02", DES_2),
    # 2. Day first with dots; two-digit years below 70 in the 2000s.
    ("2.12.2022", DES_2),
    ("02.12.2022", DES_2),
    ("2.12.22", DES_2),
    ("1.1.69", date(2069, 1, 1)),
    ("1.1.70", date(1970, 1, 1)),
    ("  02.12.2022\t", DES_2),
    # 3. Norwegian month names and abbreviations.
    ("2. desember 2022", DES_2),
    ("2 desember 2022", DES_2),
    ("2. Desember 2022", DES_2),
    ("2 des. 2022", DES_2),
    ("2. des 22", DES_2),
    ("15. sept 2025", date(2025, 9, 15)),
    ("15. sep. 2025", date(2025, 9, 15)),
    ("1. okt. 2025", date(2025, 10, 1)),
    ("31. mai 2026", date(2026, 5, 31)),
    # 4. English month names (dateutil, only for these), four-digit year.
    ("2 December 2022", DES_2),
    ("2. december 2022", DES_2),
    ("2 Dec. 2022", DES_2),
    ("December 2, 2022", DES_2),
    ("Dec 2 2022", DES_2),
    ("2 May 2022", date(2022, 5, 2)),
    ("October 1, 2025", date(2025, 10, 1)),
    # The edges of the years the register takes.
    ("01.01.1900", date(1900, 1, 1)),
    ("31.12.2200", date(2200, 12, 31)),
]

# What was accepted before (dateutil) or is now out of range: each refusal quotes the
# input and says why.
AVVIST: list[tuple[str, str]] = [
    # The examples.
    ("-1.1.2026", "fortegn"),
    ("2026-W05-1", "ukedato"),
    ("20260101", "mangler skilletegn"),
    ("1/2/2026", "kan bety både 1. februar og 2. januar"),
    ("١.١.٢٠٢٦", "sifre som ikke er 0–9"),  # Arabic-Indic digits
    ("٢٠٢٦-٠١-٠١", "sifre som ikke er 0–9"),
    ("２０２６-０１-０１", "sifre som ikke er 0–9"),  # full-width digits
    ("01.01.0001", "året 1 er utenfor det registeret godtar (1900–2200)"),
    ("31.12.9999", "året 9999 er utenfor det registeret godtar (1900–2200)"),
    ("0001-01-01", "året 1 er utenfor"),
    ("9999-12-31", "året 9999 er utenfor"),
    ("31.12.1899", "året 1899 er utenfor"),
    ("01.01.2201", "året 2201 er utenfor"),
    ("1 January 2201", "året 2201 er utenfor"),
    # Slashes, either order.
    ("2/12/2022", "kan bety både 2. desember og 12. februar"),
    ("12/31/2022", "skråstrek godtas ikke"),
    ("2022/12/02", "skråstrek godtas ikke"),
    ("13/1/2026", "skråstrek godtas ikke"),
    # Other forms dateutil used to take.
    ("+1.1.2026", "fortegn"),
    ("2026W051", "ukedato"),
    ("2026-01-01T00:00", "ikke en dato registeret kan lese"),
    ("1.1.2026 kl 12", "ikke en dato registeret kan lese"),
    ("2.12.2022.", "ikke en dato registeret kan lese"),
    ("2-12-2022", "ikke en dato registeret kan lese"),
    ("2 December 22", "ikke en dato registeret kan lese"),
    ("December 2nd, 2022", "ikke en dato registeret kan lese"),
    ("2. smarch 2022", "ukjent månedsnavn «smarch»"),
    ("31 February 2022", "ikke en gyldig dato"),
    ("31.02.2026", "ikke en gyldig dato"),
    ("2026", "mangler dag eller måned"),
    ("December 2022", "mangler dag eller måned"),
    ("1.12", "mangler årstall"),
    ("2. desember", "mangler årstall"),
    ("i morgen", "er ikke en dato"),
]


def test_godtatte_datoformer() -> None:
    galt = []
    for tekst, ventet in GODTATT:
        try:
            if (fikk := parse_dato(tekst)) != ventet:
                galt.append(f"{tekst!r}: {fikk}")
        except Ugyldig as feil:
            galt.append(f"{tekst!r}: {feil.melding}")
    assert galt == []


def test_avviste_datoer_siterer_og_viser_riktig_form() -> None:
    galt = []
    for tekst, del_ in AVVIST:
        try:
            galt.append(f"{tekst!r} ble godtatt som {parse_dato(tekst)}")
            continue
        except Ugyldig as feil:
            melding = feil.melding
        # The input quoted; why; and the right form, or the years the register takes.
        riktig = ("dd.mm.åååå", "2. desember 2022", "(1900–2200)")
        if not (
            melding.startswith(sitat(tekst.strip()))
            and del_ in melding
            and any(r in melding for r in riktig)
        ):
            galt.append(f"{tekst!r}: {melding}")
    assert galt == []


def test_skraastrek_sier_hvorfor_og_foreslaar_punktum() -> None:
    with pytest.raises(Ugyldig) as info:
        parse_dato("1/2/2026")
    assert info.value.melding == (
        "«1/2/2026» kan bety både 1. februar og 2. januar (skråstrek brukes både dag først og "
        "måned først); skriv datoen med punktum som dd.mm.åååå, f.eks. 01.02.2026 for "
        "1. februar."
    )


def test_dateutil_brukes_bare_for_engelske_maanedsnavn(monkeypatch: pytest.MonkeyPatch) -> None:
    from dateutil import parser

    kalt: list[str] = []
    ekte = parser.parse

    def parse(tekst: str, *args: Any, **kwargs: Any) -> Any:
        kalt.append(tekst)
        return ekte(tekst, *args, **kwargs)

    monkeypatch.setattr(parser, "parse", parse)
    for tekst in ("02.12.2022", "2022-12-02", "2. des. 2022", "2.12.22", "2022.12.02"):
        parse_dato(tekst)
    for tekst in ("-1.1.2026", "2026-W05-1", "20260101", "1/2/2026", "٢٠٢٦-٠١-٠١", "2026"):
        with pytest.raises(Ugyldig):
            parse_dato(tekst)
    assert kalt == []
    assert parse_dato("December 2, 2022") == DES_2
    assert kalt == ["December 2, 2022"]


def test_ett_aarsspenn_for_alle_felt() -> None:
    assert (dates.MINSTE_AR, dates.STORSTE_AR) == (1900, 2200)
    assert parse_ar("1900") == 1900
    assert parse_ar("2200") == 2200
    assert parse_ar("2101") == 2101  # the old limit was 2100 for some fields
    assert parse_ar(2026) == 2026  # a year as a JSON number
    for galt, del_ in [
        ("0001", "utenfor det registeret godtar for året (1900–2200)"),
        ("9999", "utenfor"),
        ("2201", "utenfor"),
        ("٢٠٢٦", "skriv fire sifre (0–9)"),
        ("２０２６", "skriv fire sifre (0–9)"),
        ("-2026", "skriv fire sifre"),
        (True, "skriv fire sifre"),
    ]:
        with pytest.raises(Ugyldig) as info:
            parse_ar(galt)  # type: ignore[arg-type]
        assert del_ in info.value.melding


TIDSPUNKT_OK: list[tuple[str, datetime]] = [
    ("2026-04-30T10:15:00+00:00", datetime(2026, 4, 30, 10, 15, tzinfo=UTC)),
    ("2026-04-30T10:15:00Z", datetime(2026, 4, 30, 10, 15, tzinfo=UTC)),
    ("2026-04-30 10:15", datetime(2026, 4, 30, 10, 15, tzinfo=UTC)),
    ("2026-04-30T12:15:00.5+02:00", datetime(2026, 4, 30, 10, 15, 0, 500000, tzinfo=UTC)),
    ("30.04.2026", datetime(2026, 4, 30, tzinfo=UTC)),
]
TIDSPUNKT_AVVIST: list[tuple[str, str]] = [
    ("20260430T101500", "ikke et tidspunkt registeret kan lese"),
    ("2026-W18-4T10:15", "ikke et tidspunkt registeret kan lese"),
    ("0001-01-01T00:00:00+01:00", "året 1 er utenfor"),
    ("9999-12-31T23:59:59", "året 9999 er utenfor"),
    # In range as written, past 2200 in UTC.
    ("2200-12-31T23:00:00-05:00", "året 2201 er utenfor"),
    ("2026-04-31T10:15", "ikke et gyldig tidspunkt"),
    ("1/2/2026", "skråstrek"),
]


def test_tidspunkter() -> None:
    for tekst, ventet in TIDSPUNKT_OK:
        assert parse_tidspunkt(tekst) == ventet, tekst
    for tekst, del_ in TIDSPUNKT_AVVIST:
        with pytest.raises(Ugyldig) as info:
            parse_tidspunkt(tekst)
        assert sitat(tekst) in info.value.melding, tekst
        assert del_ in info.value.melding, tekst


def test_frist_forbi_2200_er_for_langt_fram() -> None:
    idag = date(2026, 4, 30)
    assert parse_frist("174å", idag=idag) == date(2200, 4, 30)
    for tekst in ("175å", "100000d", "99999999999d", "2100m"):
        with pytest.raises(Ugyldig, match="for langt fram i tid"):
            parse_frist(tekst, idag=idag)
    with pytest.raises(Ugyldig, match="sifre som ikke er 0–9"):
        parse_frist("٩٠d", idag=idag)


# -- 11. dates and years on the command line ---------------------------------------------


def test_fiendtlige_datoer_og_aar_paa_kommandolinjen(kjor: Kjor) -> None:
    ny_sak(kjor)
    ny_avtale(kjor)
    for_ = ojeblikksbilde(kjor)
    tilfeller: list[tuple[tuple[str, ...], int, str]] = [
        (("avtale", "ny", *avtale_args(inngatt=tekst)), 1, sitat(tekst))
        for tekst in (
            "-1.1.2026",
            "2026-W05-1",
            "20260101",
            "1/2/2026",
            "١.١.٢٠٢٦",
            "01.01.0001",
            "31.12.9999",
        )
    ]
    tilfeller += [
        (("avtale", "ny", *avtale_args(utloper="31.12.2201")), 1, "året 2201 er utenfor"),
        (("avtale", "ny", *avtale_args(forste_avtale="1899")), 1, "(1900–2200)"),
        (("avtale", "endre", "A1", "--utloper", "1/2/2027"), 1, "kan bety både"),
        (("avtale", "forny", "A1", "--inngatt", "9999-01-01"), 1, "året 9999"),
        (("avtaler", "--utlop", "9999"), 1, "(1900–2200)"),
        (("avtaler", "--gjeldende-per", "20260101"), 1, "mangler skilletegn"),
        (("avtaler", "--utloper-innen", "100000d"), 1, "for langt fram i tid"),
        (("sak", "ny", *sak_args(oppmeldt="0001")), 1, "(1900–2200)"),
        (("sak", "ny", *sak_args(oppmeldt="9999")), 1, "(1900–2200)"),
        (("sak", "ny", *sak_args(oppmeldt="٢٠٢٦")), 1, "skriv fire sifre (0–9)"),
        (("sak", "endre", "2026/1", "--oppmeldt", "2201"), 1, "(1900–2200)"),
        (("sak", "endre", "2026/1", "--status", "pagaende", "--dato", "-1.1.2026"), 1, "fortegn"),
        (("sak", "avslutt", "2026/1", "--dato", "01.01.0001"), 1, "året 1 er utenfor"),
        (("saker", "--ar", "9999"), 1, "(1900–2200)"),
        (("vedlegg", "c", "--per", "2026-W05-1"), 1, "ukedato"),
    ]
    avvises_uten_endring(kjor, tilfeller, for_)


def test_aar_2101_til_2200_godtas_naa_overalt(kjor: Kjor) -> None:
    # parse_ar and SakCreate stopped at 2100 before; one limit now.
    assert ny_sak(kjor, oppmeldt="2150") == "2150/1"
    h = ny_avtale(kjor, inngatt="01.01.2150", utloper="31.12.2200", forste_avtale="2012")
    assert vis_json(kjor, "avtale", h)["utloper"] == "2200-12-31"


# -- 11. text fields: one rule, for the commands and the import ----------------------------


def test_fiendtlig_tekst_paa_kommandolinjen(kjor: Kjor) -> None:
    ny_sak(kjor)
    ny_avtale(kjor)
    for_ = ojeblikksbilde(kjor)
    tilfeller: list[tuple[tuple[str, ...], int, str]] = [
        # The examples: zero-width only, and --av with a newline.
        (("sak", "ny", *sak_args(tittel="\u200b\u200b")), 1, "Tittelen er tom (bare usynlige"),
        (("sak", "ny", *sak_args(), "--av", "ola\nnordmann"), 1, "--av inneholder styretegnet \\n"),
        (("sak", "ny", *sak_args(tittel="a\x1b[2Jb")), 1, "Tittelen inneholder styretegnet \\x1b"),
        (("sak", "ny", *sak_args(tittel="To\nlinjer")), 1, "styretegnet \\n (tegn 3)"),
        (("sak", "ny", *sak_args(tittel="a\u202eb")), 1, "styretegnet \\u202e"),
        (("sak", "ny", *sak_args(tittel="\ufeff\u2060\u3164")), 1, "bare usynlige tegn"),
        (("sak", "ny", *sak_args(beskrivelse="a\x1bb")), 1, "Beskrivelsen inneholder"),
        (("sak", "ny", *sak_args(beskrivelse="\u200b")), 1, "Beskrivelsen er tom"),
        (("sak", "ny", *sak_args(departement="HOD\x07")), 1, "Departementet inneholder"),
        (("sak", "ny", *sak_args(meldt_inn_av="KS\x00")), 1, "Meldt inn av inneholder"),
        (("sak", "ny", *sak_args(), "--av", "\u200b"), 1, "--av er tom (bare usynlige tegn)"),
        (("sak", "ny", *sak_args(), "--av", "x" * 101), 1, "--av kan være høyst 100 tegn"),
        (("sak", "endre", "2026/1", "--tittel", "\u200b"), 1, "Tittelen er tom"),
        (("sak", "endre", "2026/1", "--tittel", "ny\ttittel"), 1, "styretegnet \\t"),
        (("sak", "endre", "2026/1", "--tittel", "x", "--av", "a\rb"), 1, "--av inneholder"),
        (("avtale", "ny", *avtale_args(tittel="\u200b")), 1, "Tittelen er tom"),
        (("avtale", "ny", *avtale_args(kategori="velferd\x1b")), 1, "Kategorien inneholder"),
        (("avtale", "ny", *avtale_args(part="KD\x1b og KS")), 1, "Parten inneholder"),
        (("avtale", "endre", "A1", "--tittel", "a\x85b"), 1, "styretegnet \\x85"),
        (("avtale", "forny", "A1", "--inngatt", "1.1.2027", "--tittel", "a\nb"), 1, "\\n"),
    ]
    avvises_uten_endring(kjor, tilfeller, for_)


def test_beskrivelse_kan_ha_linjeskift_og_tab(kjor: Kjor) -> None:
    nr = ny_sak(kjor, beskrivelse="Første linje\nAndre\tkolonne\r\nTredje")
    assert vis_json(kjor, "sak", nr)["beskrivelse"] == "Første linje\nAndre\tkolonne\nTredje"
    ok(kjor("sak", "endre", nr, "--av", "  Kari Nordmann  ", "--tittel", "Ny"))
    assert vis_json(kjor, "sak", nr)["historikk"][-1]["av"] == "Kari Nordmann"


def _skriv(tmp_path: Path, navn: str, tekst: str | bytes) -> str:
    sti = tmp_path / navn
    sti.write_bytes(tekst if isinstance(tekst, bytes) else tekst.encode("utf-8"))
    return str(sti)


def _jsonl(rader: list[Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rader)


SAK: dict[str, Any] = {
    "tittel": "E-helse",
    "departement": "HOD",
    "type": "kostnadsberegning",
    "oppmeldt": "2026",
    "meldt_inn_av": "KS",
}
AVTALE: dict[str, Any] = {
    "tittel": "Avtale",
    "kategori": "velferd",
    "parter": "KD og KS",
    "inngatt": "2024-01-01",
}


def _radfeil(r: Any, sti: str, *forventet: str) -> None:
    """Exit 3 and exactly these row errors (`LINJE: felt: start`), in order."""
    assert r.exit_code == 3, f"exit {r.exit_code}\nstderr: {r.stderr}"
    linjer = r.stderr.splitlines()
    assert linjer[-1] == f"Feil: {len(forventet)} feil i {sti}; ingenting er lagret.", linjer
    assert len(linjer) == len(forventet) + 1, linjer
    for linje, del_ in zip(linjer, forventet, strict=False):
        assert linje.startswith(f"{sti}:{del_}"), (linje, del_)


def test_json_verdier_av_feil_type_er_radfeil(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        {**SAK, "tittel": {"a": 1}},  # 1: the example, stored as "{'a': 1}" before
        {**SAK, "tittel": ["E-helse"]},  # 2
        {**SAK, "tittel": 42},  # 3
        {**SAK, "departement": 7},  # 4
        {**SAK, "gjentakende": "kanskje"},  # 5
        {**SAK, "oppmeldt": True},  # 6
        {**SAK, "oppmeldt": 2026.0},  # 7
        {**SAK, "beskrivelse": {"x": [1, 2]}},  # 8
        {**SAK, "status": ["ny"]},  # 9
        {**SAK, "tittel": "OK som tall", "oppmeldt": 2026, "gjentakende": True},  # 10: fine
    ]
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl(rader))
    _radfeil(
        kjor("import", "saker", sti),
        sti,
        "1: tittel: ventet tekst, fikk et JSON-objekt",
        "2: tittel: ventet tekst, fikk en liste",
        "3: tittel: ventet tekst, fikk et tall",
        "4: departement: ventet tekst, fikk et tall",
        "5: gjentakende: «kanskje» er ikke ja/nei",
        "6: oppmeldt: ventet et årstall, fikk true/false",
        "7: oppmeldt: ventet et årstall, fikk et tall",
        "8: beskrivelse: ventet tekst, fikk et JSON-objekt",
        "9: status: ventet tekst, fikk en liste",
    )
    assert saker_json(kjor) == []
    ok(kjor("import", "saker", "-", input=_jsonl([rader[-1]])))
    assert [(s["tittel"], s["oppmeldt"]) for s in saker_json(kjor)] == [("OK som tall", 2026)]


def test_json_parter_som_liste_eller_trykt_tekst(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        {**AVTALE, "tittel": "Liste", "parter": ["KD", "KS"]},
        {**AVTALE, "tittel": "Trykt", "parter": "KD, HOD og KS", "id": 7},
        {**AVTALE, "tittel": "Tall", "parter": ["KD", 3]},  # 3
        {**AVTALE, "tittel": "Objekt", "parter": {"KD": 1}},  # 4
        {**AVTALE, "tittel": "Styretegn", "parter": ["KD\x1b", "KS"]},  # 5
        {**AVTALE, "tittel": {"a": 1}, "forste_avtale": 2012},  # 6
        {**AVTALE, "tittel": "Navn", "kategori": "ny", "kategori_navn": "Ny\ngruppe"},  # 7
    ]
    sti = _skriv(tmp_path, "avtaler.json", json.dumps(rader, ensure_ascii=False))
    _radfeil(
        kjor("import", "avtaler", sti),
        sti,
        "1: parter: ventet en liste med tekst, fikk et tall i lista",
        "1: parter: ventet tekst eller en liste med tekst, fikk et JSON-objekt",
        "1: parter: parten inneholder styretegnet \\x1b",
        "1: tittel: ventet tekst, fikk et JSON-objekt",
        "1: kategori_navn: kategorinavnet inneholder styretegnet \\n",
    )
    assert avtaler_json(kjor) == []
    ok(kjor("import", "avtaler", "-", "-f", "json", input=json.dumps(rader[:2])))
    assert [a["parter"] for a in avtaler_json(kjor)] == [["KD", "KS"], ["KD", "HOD", "KS"]]
    assert avtaler_json(kjor)[1]["id"] == "A7"  # an id as a JSON number is fine


def test_tekstregelen_gjelder_ogsaa_importen(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        ["tittel", "departement", "type", "oppmeldt", "meldt_inn_av", "beskrivelse"],
        ["Tittel\x1b]0;OWNED\x07", "KD", "lov", "2026", "KS", ""],  # 2
        ["\u200b\u200d", "KD", "lov", "2026", "KS", ""],  # 3
        ["God", "K\x1bD", "lov", "2026", "KS", ""],  # 4
        ["God 2", "KD", "lov", "2026", "KS\x00", ""],  # 5
        ["Beskrivelse", "KD", "lov", "2026", "KS", "en\x1bto"],  # 6
        ["Fin", "KD", "lov", "2026", "KS", "en\ttab\nog linje"],  # 7-8: fine
    ]
    tekst = "".join(";".join(_csvcelle(c) for c in rad) + "\n" for rad in rader)
    sti = _skriv(tmp_path, "saker.csv", tekst)
    _radfeil(
        kjor("import", "saker", sti),
        sti,
        "2: tittel: tittelen inneholder styretegnet \\x1b (tegn 7)",
        "3: tittel: tittelen er tom (bare usynlige tegn)",
        "4: departement: departementet inneholder styretegnet \\x1b",
        "5: meldt_inn_av: meldt inn av inneholder styretegnet \\x00",
        "6: beskrivelse: beskrivelsen inneholder styretegnet \\x1b",
    )
    god = "".join(";".join(_csvcelle(c) for c in rad) + "\n" for rad in (rader[0], rader[-1]))
    ok(kjor("import", "saker", "--av", "Kari", "-", "-f", "csv", input=god))
    [sak] = saker_json(kjor)
    assert sak["beskrivelse"] == "en\ttab\nog linje"
    r = kjor("import", "saker", sti, "--av", "a\nb")
    feil(r, 1, "--av inneholder styretegnet \\n")


def _csvcelle(tekst: str) -> str:
    return '"' + tekst.replace('"', '""') + '"' if any(c in tekst for c in ';"\n\t') else tekst


def test_tidspunkter_og_aar_i_importen(kjor: Kjor, tmp_path: Path) -> None:
    rader = [
        {**SAK, "tittel": "A", "opprettet": "20260101T000000"},  # 1
        {**SAK, "tittel": "B", "endret": "0001-01-01T00:00:00+00:00"},  # 2
        {**SAK, "tittel": "C", "status_endret": "31.12.9999"},  # 3
        {**SAK, "tittel": "D", "saksnummer": "0001/1"},  # 4
        {**SAK, "tittel": "E", "oppmeldt": 1899},  # 5
        {**SAK, "tittel": "F", "status_endret": "2026-W05-1"},  # 6
    ]
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl(rader))
    _radfeil(
        kjor("import", "saker", sti),
        sti,
        "1: opprettet: «20260101T000000» er ikke et tidspunkt",
        "2: endret: «0001-01-01T00:00:00+00:00»: året 1 er utenfor",
        "3: status_endret: «31.12.9999»: året 9999 er utenfor",
        "4: saksnummer: året 1 er utenfor det registeret godtar (1900–2200)",
        "5: oppmeldt: 1899 er utenfor",
        "6: status_endret: «2026-W05-1» er en ukedato",
    )
    avtaler = [
        {**AVTALE, "inngatt": "-1.1.2026"},
        {**AVTALE, "inngatt": "1/2/2026"},
        {**AVTALE, "utloper": "9999-12-31"},
        {**AVTALE, "forste_avtale": "٢٠١٢"},
    ]
    sti = _skriv(tmp_path, "avtaler.jsonl", _jsonl(avtaler))
    _radfeil(
        kjor("import", "avtaler", sti),
        sti,
        "1: inngatt: «-1.1.2026» har et fortegn",
        "2: inngatt: «1/2/2026» kan bety både",
        "3: utloper: «9999-12-31»: året 9999",
        "4: forste_avtale: «٢٠١٢» er ikke et årstall",
    )
    assert saker_json(kjor) == [] and avtaler_json(kjor) == []


def test_vedlegg_import_bruker_de_samme_reglene(kjor: Kjor, tmp_path: Path) -> None:
    tekst = (
        "Vedlegg c) Oversikt\n"
        "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)\tParter\tInngått\tUtløper\t"
        "Første avtale inngått\n"
        "Avtale A\tKD og KS\t1/2/2024\t31.12.2025\t2009\n"
        "Avtale B\tKD og KS\t02.12.2022\t31.12.9999\t2009\n"
        "Avtale C\tKD og KS\t02.12.2022\t31.12.2025\t٢٠٠٩\n"
    )
    r = kjor("import", "vedlegg", "c", _skriv(tmp_path, "c.txt", tekst))
    assert r.exit_code == 3, r.stderr
    assert "kan bety både" in r.stderr
    assert "året 9999 er utenfor" in r.stderr
    assert "skriv fire sifre (0–9)" in r.stderr
    assert avtaler_json(kjor) == []


# -- 12. invalid UTF-8 in argv and the environment -----------------------------------------


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from konsreg.cli import app, felles

    monkeypatch.setattr(sys, "argv", ["konsreg", *args])
    # main() marks the process as the program; the tests after this one run as tests.
    monkeypatch.setattr(felles, "I_PROGRAMMET", felles.I_PROGRAMMET)
    with pytest.raises(SystemExit) as slutt:
        app.main()
    return int(slutt.value.code or 0)


def test_ugyldig_utf8_i_argumentene(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python decodes argv with surrogateescape: b"abc\xff" arrives as "abc\udcff".
    kode = _main(monkeypatch, "sak", "ny", *sak_args(tittel="abc\udcff"))
    ut = capsys.readouterr()
    assert kode == 2
    assert ut.err == (
        "Feil: Argument 8 på kommandolinjen, «abc\\xff», er ikke gyldig UTF-8; skriv det på "
        "nytt i UTF-8 (sjekk terminalens tegnsett).\n"
    )
    assert ut.out == ""
    assert _main(monkeypatch, "saker", "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_ugyldig_utf8_i_miljoet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv("KONSREG_DATABASE_URL", raising=False)
    monkeypatch.setenv("KONSREG_DB", str(tmp_path / "reg\udcfe.db"))
    assert _main(monkeypatch, "saker") == 2
    err = capsys.readouterr().err
    assert err.startswith("Feil: Miljøvariabelen KONSREG_DB, «"), err
    assert "reg\\xfe.db», er ikke gyldig UTF-8; sett den på nytt i UTF-8." in err
    assert not (tmp_path / "reg\udcfe.db").exists()
    monkeypatch.delenv("KONSREG_DB")
    monkeypatch.setenv("KONSREG_DATABASE_URL", "sqlite:///x\udc80.db")
    assert _main(monkeypatch, "saker") == 2
    assert "KONSREG_DATABASE_URL, «sqlite:///x\\x80.db»" in capsys.readouterr().err


@pytest.mark.slow
def test_ugyldig_utf8_i_en_egen_prosess(tmp_path: Path) -> None:
    env = {**os.environ, "KONSREG_DB": str(tmp_path / "reg.db")}
    env.pop("KONSREG_DATABASE_URL", None)
    for program in (
        [sys.executable, "-m", "konsreg"],
        [str(Path(sys.executable).parent / "konsreg")],
    ):
        r = subprocess.run(
            [*program, "sak", "ny", "--tittel", b"Bl\xe5b\xe6r", "--type", "lov"],
            capture_output=True,
            env=env,
            check=False,
        )
        assert r.returncode == 2, r.stderr
        assert r.stderr.decode() == (
            "Feil: Argument 4 på kommandolinjen, «Bl\\xe5b\\xe6r», er ikke gyldig UTF-8; "
            "skriv det på nytt i UTF-8 (sjekk terminalens tegnsett).\n"
        )
    assert not (tmp_path / "reg.db").exists()


# -- 12. deeply nested JSON ----------------------------------------------------------------


def test_dypt_nestet_json_er_en_feil_med_linjenummer(kjor: Kjor, tmp_path: Path) -> None:
    dyp = "[" * 100_000 + "]" * 100_000
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl([SAK]) + '{"tittel": ' + dyp + "}\n")
    _radfeil(kjor("import", "saker", sti), sti, "2: rad: JSON-verdien er for dypt nestet")
    sti = _skriv(tmp_path, "saker.json", "[\n" + json.dumps(SAK) + ",\n" + dyp + "\n]")
    feil(kjor("import", "saker", sti), 1, f"{sti}:3: JSON-verdien er for dypt nestet")
    assert saker_json(kjor) == []


# -- 12. pipes, FIFOs and process substitution ---------------------------------------------

SAKER_CSV = "tittel;departement;type;oppmeldt;meldt_inn_av\nFra røret;KD;lov;2026;KS\n"
VEDLEGG_A = (
    "Vedlegg a) Oversikt over kostnadsberegningssaker\nSak\tOppmeldt\n"
    "Helse- og omsorgsdepartementet Endringer i betalingen for e-helse\t2022 (første gang)\n"
)


def _skriver(fil: str | int, data: bytes) -> threading.Thread:
    """Write `data` to a FIFO (by path) or a pipe (by fd) from another thread."""

    def skriv() -> None:
        try:
            if isinstance(fil, int):
                os.write(fil, data)
                os.close(fil)
            else:
                with open(fil, "wb") as f:
                    f.write(data)
        except BrokenPipeError:
            pass

    traad = threading.Thread(target=skriv, daemon=True)
    traad.start()
    return traad


def _slipp(fifo: Path, traad: threading.Thread) -> None:
    """If the command never opened the FIFO, open it once so the writer is not left hanging."""
    traad.join(0.2)
    if traad.is_alive():
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        traad.join(5)
        os.close(fd)


def test_import_fra_fifo(kjor: Kjor, tmp_path: Path) -> None:
    fifo = tmp_path / "saker.csv"
    os.mkfifo(fifo)
    traad = _skriver(str(fifo), SAKER_CSV.encode())
    try:
        r = kjor("import", "saker", str(fifo))
    finally:
        _slipp(fifo, traad)
    ok(r)
    assert [s["tittel"] for s in saker_json(kjor)] == ["Fra røret"]


def test_import_fra_prosess_substitusjon(kjor: Kjor) -> None:
    # `konsreg import saker <(cat saker.csv)` gets a path like /dev/fd/63.
    les, skriv = os.pipe()
    traad = _skriver(skriv, SAKER_CSV.encode())
    try:
        r = kjor("import", "saker", f"/dev/fd/{les}", "--format", "csv")
    finally:
        traad.join(5)
        os.close(les)
    ok(r)
    assert [s["tittel"] for s in saker_json(kjor)] == ["Fra røret"]


def test_import_vedlegg_fra_fifo_og_ror(kjor: Kjor, tmp_path: Path) -> None:
    fifo = tmp_path / "vedlegg.txt"
    os.mkfifo(fifo)
    traad = _skriver(str(fifo), VEDLEGG_A.encode())
    try:
        r = kjor("import", "vedlegg", "a", str(fifo), "--ar", "2026")
    finally:
        _slipp(fifo, traad)
    ok(r)
    les, skriv = os.pipe()
    traad = _skriver(skriv, VEDLEGG_A.encode())
    try:
        ok(kjor("import", "vedlegg", "a", f"/dev/fd/{les}", "--ar", "2026"))
    finally:
        traad.join(5)
        os.close(les)
    assert [s["tittel"] for s in saker_json(kjor)] == ["Endringer i betalingen for e-helse"]


def test_mappe_og_manglende_fil(kjor: Kjor, tmp_path: Path) -> None:
    feil(kjor("import", "saker", str(tmp_path)), 1, f"{tmp_path} er en mappe, ikke en fil.")
    feil(kjor("import", "vedlegg", "a", str(tmp_path)), 1, "er en mappe, ikke en fil.")
    feil(kjor("import", "saker", str(tmp_path / "borte.csv")), 1, "Finner ikke filen")


# -- 13. limits on fields, lines, rows and appendices --------------------------------------


def test_grensene() -> None:
    assert poster.GRENSE_FELT == 1 << 20
    assert poster.GRENSE_LINJE == 4 << 20
    assert poster.GRENSE_POST == 4 << 20
    assert poster.GRENSE_VEDLEGG == 10 << 20
    assert [poster.storrelse(n) for n in (1 << 20, 4 << 20, 10 << 20, 500)] == [
        "1 MB",
        "4 MB",
        "10 MB",
        "500 byte",
    ]


HODE = "tittel;departement;type;oppmeldt;meldt_inn_av\n"
RAD = "God;KD;lov;2026;KS\n"


def test_for_lang_linje_stoppes_med_linjenummer(kjor: Kjor, tmp_path: Path) -> None:
    # Real limits: a line of 4 MB + 1 byte is refused, one of exactly 4 MB is not a line
    # problem (its 4 MB field is, since a field holds at most 1 MB).
    lang = "x" * (4 << 20)
    sti = _skriv(tmp_path, "saker.csv", HODE + RAD + lang + ";KD;lov;2026;KS\n" + RAD)
    feil(
        kjor("import", "saker", sti),
        1,
        f"{sti}:3: linjen er lengre enn 4 MB, som er grensen for én linje",
    )
    sti = _skriv(tmp_path, "saker.csv", HODE + "x" * ((1 << 20) + 1) + ";KD;lov;2026;KS\n")
    feil(
        kjor("import", "saker", sti),
        1,
        f"{sti}:2: kan ikke lese raden (et felt er lengre enn 1 MB, som er grensen for ett felt)",
    )
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl([SAK, {**SAK, "tittel": lang}]))
    feil(kjor("import", "saker", sti), 1, f"{sti}:2: linjen er lengre enn 4 MB")
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl([SAK, {**SAK, "tittel": "y" * (1 << 20) + "y"}]))
    feil(
        kjor("import", "saker", sti),
        1,
        f"{sti}:2: feltet «tittel» er lengre enn 1 MB, som er grensen for ett felt.",
    )
    # A field of exactly 1 MB is fine.
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl([{**SAK, "tittel": "z" * (1 << 20)}]))
    ok(kjor("import", "saker", sti))
    assert [len(s["tittel"]) for s in saker_json(kjor)] == [1 << 20]


def test_grenser_for_rad_og_json_objekt(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Smaller limits, the same code: a row over several lines, a pretty-printed object,
    # UTF-16 and a JSON array on one long line.
    monkeypatch.setattr(poster, "GRENSE_POST", 2000)
    monkeypatch.setattr(poster, "GRENSE_LINJE", 1000)
    monkeypatch.setattr(poster, "GRENSE_FELT", 900)
    celle = '"' + "a\n" * 400 + '"'  # 800 characters over 400 lines
    sti = _skriv(tmp_path, "saker.csv", HODE + RAD + f"{celle};{celle};{celle};2026;KS\n")
    feil(kjor("import", "saker", sti), 1, f"{sti}:3: raden er lengre enn 2000 byte")
    objekt = {**SAK, "beskrivelse": ["b" * 50] * 50}
    tekst = json.dumps([SAK, objekt], indent=1)
    sti = _skriv(tmp_path, "saker.json", tekst)
    start = tekst.split("\n").index(" {", 2) + 1
    feil(kjor("import", "saker", sti), 1, f"{sti}:{start}: objektet er lengre enn 2000 byte")
    # A JSON array's limit is per object, not per line: a compact array of many rows on
    # one long line is read, and one object past the limit on it is refused.
    sti = _skriv(tmp_path, "stor.json", json.dumps([SAK, {**SAK, "beskrivelse": "b" * 2500}]))
    feil(kjor("import", "saker", sti), 1, f"{sti}:1: objektet er lengre enn 2000 byte")
    rader = [{**SAK, "tittel": f"Sak {n}"} for n in range(40)]
    ok(kjor("import", "saker", _skriv(tmp_path, "saker.json", json.dumps(rader))))
    assert len(saker_json(kjor)) == 40
    # Lines that end in CR alone are held to the same limit, the last one too.
    tekst = (HODE + RAD).replace("\n", "\r")
    sti = _skriv(tmp_path, "cr.csv", tekst + "x" * 1000 + ";KD;lov;2026;KS\r" + RAD)
    feil(kjor("import", "saker", sti), 1, f"{sti}:3: linjen er lengre enn 1000 byte")
    sti = _skriv(tmp_path, "cr.csv", tekst + "x" * 1000 + ";KD;lov;2026;KS")
    feil(kjor("import", "saker", sti), 1, f"{sti}:3: linjen er lengre enn 1000 byte")
    data = (HODE + RAD + "x" * 600 + ";KD;lov;2026;KS\n").encode("utf-16")
    sti = _skriv(tmp_path, "saker.csv", data)
    feil(kjor("import", "saker", sti), 1, f"{sti}:3: linjen er lengre enn 1000 byte")


def test_vedlegg_er_hoyst_10_mb(kjor: Kjor, tmp_path: Path) -> None:
    sti = _skriv(tmp_path, "stor.txt", VEDLEGG_A.encode() + b"x" * (10 << 20))
    feil(
        kjor("import", "vedlegg", "a", sti),
        1,
        f"{sti} er større enn 10 MB, som er grensen for et vedlegg",
    )
    r = kjor("import", "vedlegg", "a", "-", input=VEDLEGG_A.encode() + b"x" * (10 << 20))
    feil(r, 1, "<stdin> er større enn 10 MB")
    assert saker_json(kjor) == []


def test_lange_lister_kuttes_etter_ti(kjor: Kjor, tmp_path: Path) -> None:
    # The case: a header of a million unknown columns made one 8.9 MB error line.
    navn = [f"k{i}" for i in range(10)] + ["x"] * (1_000_000 - 10)
    sti = _skriv(tmp_path, "saker.csv", "tittel;" + ";".join(navn) + "\n" + RAD)
    linje = feil(kjor("import", "saker", sti), 1)
    assert f"{sti}:1: ukjente kolonner: «k0», «k1», «k2»" in linje
    assert "«k9» … og 999 990 til. Kjente felt:" in linje
    assert len(linje) < 500 + len(sti)
    rad = {**SAK, **{f"felt{i}": i for i in range(50)}}
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl([rad]))
    _radfeil(kjor("import", "saker", sti), sti, "1: rad: ukjente felt: «felt0», «felt1»")
    r = kjor("import", "saker", sti)
    assert "«felt9» … og 40 til (bruk --ignorer-ukjente" in r.stderr


def test_lange_verdier_kuttes_i_meldinger(kjor: Kjor, tmp_path: Path) -> None:
    lang = "2026-" + "1" * 500_000
    rader = [{**SAK, "status_endret": lang}, {**SAK, "gjentakende": "j" * 500_000}]
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl(rader))
    r = kjor("import", "saker", sti)
    assert r.exit_code == 3
    assert max(len(linje) for linje in r.stderr.splitlines()) < 500 + len(sti)
    # Cut in the middle by tekst.sitat: both ends of the value stay.
    assert f"«2026-{'1' * 34}…{'1' * 39}» er ikke en dato" in r.stderr
    assert f"«{'j' * 39}…{'j' * 39}» er ikke ja/nei" in r.stderr
    # A code is at most 10 characters: a long cell is refused before the lookup, whose
    # message (with its suggestions) would repeat all of it.
    rader = [{**SAK, "departement": "D" * 500_000}, {**SAK, "meldt_inn_av": "M" * 500_000}]
    sti = _skriv(tmp_path, "saker.jsonl", _jsonl(rader))
    r = kjor("import", "saker", sti)
    assert max(len(linje) for linje in r.stderr.splitlines()) < 500 + len(sti)
    _radfeil(
        r,
        sti,
        f"1: departement: Ukjent departementskode «{'D' * 39}…{'D' * 39}»; en kode har høyst",
        f"2: meldt_inn_av: Ukjent departementskode «{'M' * 39}…",
    )
    sti = _skriv(tmp_path, "avtaler.jsonl", _jsonl([{**AVTALE, "parter": ["KS", "P" * 500_000]}]))
    r = kjor("import", "avtaler", sti)
    _radfeil(r, sti, f"1: parter: Ukjent part «{'P' * 39}…")


# -- 13. peak memory for one 100 MB line ---------------------------------------------------

MAALER = r"""
import resource, subprocess, sys
r = subprocess.run([sys.executable, "-m", "konsreg", *sys.argv[1:]], capture_output=True)
sys.stderr.buffer.write(r.stderr)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fmt", "forventet"),
    [
        ("csv", ":2: linjen er lengre enn 4 MB, som er grensen for én linje;"),
        ("jsonl", ":1: linjen er lengre enn 4 MB, som er grensen for én linje;"),
        ("json", ":1: objektet er lengre enn 4 MB, som er grensen for én rad."),
    ],
)
def test_en_linje_paa_100_mb_holdes_ikke_i_minnet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, forventet: str
) -> None:
    sti = tmp_path / f"stor.{fmt}"
    start, slutt = {
        "csv": (HODE.encode() + b"Tittel ", b";KD;lov;2026;KS\n"),
        "jsonl": (b'{"tittel": "', b'", "departement": "KD", "type": "lov"}\n'),
        "json": (b'[{"tittel": "', b'", "departement": "KD", "type": "lov"}]\n'),
    }[fmt]
    with sti.open("wb") as f:
        f.write(start)
        for _ in range(100):
            f.write(b"x" * (1 << 20))
        f.write(slutt)
    r = subprocess.run(
        [sys.executable, "-c", MAALER, "import", "saker", str(sti)],
        capture_output=True,
        text=True,
        check=False,
    )
    kode, topp_kib = map(int, r.stdout.split())
    assert kode == 1, r.stderr
    assert r.stderr.startswith(f"Feil: {sti}{forventet}"), r.stderr
    assert len(r.stderr.splitlines()) == 1
    # 340-590 MB before the limits (the 100 MB title was even stored from JSON); about
    # 80 MB now: the interpreter, SQLAlchemy and at most a few MB of the line.
    assert topp_kib < 200 * 1024, topp_kib
    with capsys.disabled():
        print(f"\n[minne] import av én linje på 100 MB ({fmt}): topp {topp_kib / 1024:.0f} MB RSS")
