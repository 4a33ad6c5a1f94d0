"""Meetings and agenda items through the CLI: `mote` and `punkt`, their errors, the
history, the agenda's proposals, and `sjekk` on the 2026 example."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, feil, frys_tid, ny_avtale, ny_sak, ok

_ = bygg_kommandoen_en_gang


def _json(kjor: Kjor, *args: str) -> Any:
    return json.loads(ok(kjor(*args, "-f", "json")).stdout)


def test_mote_ny_liste_vis_endre(kjor: Kjor) -> None:
    assert ok(
        kjor("mote", "ny", "2026-2", "--dato", "16.04.2026", "--tema", "Reformer")
    ).stdout == ("2026-2\n")
    ok(kjor("mote", "ny", "2026-1", "--dato", "20. januar 2026"))
    assert ok(
        kjor("mote", "ny", "--type", "bilateralt", "-d", "HOD", "--dato", "2026-01-23")
    ).stdout == ("2026-HOD-1\n")
    assert (
        ok(kjor("mote", "ny", "--type", "politisk", "--dato", "2026-03-01")).stdout == "2026-P-1\n"
    )
    moter = _json(kjor, "mote", "liste")
    assert [(m["id"], m["dato"]) for m in moter] == [
        ("2026-1", "2026-01-20"),
        ("2026-HOD-1", "2026-01-23"),
        ("2026-P-1", "2026-03-01"),
        ("2026-2", "2026-04-16"),
    ]
    vis = _json(kjor, "mote", "vis", "2026-2")
    assert (vis["forrige_plenum"], vis["neste_plenum"], vis["tema"]) == ("2026-1", None, "Reformer")
    r = ok(
        kjor(
            "mote",
            "endre",
            "2026-2",
            "--status",
            "materiale",
            "--deltaker",
            "Ola",
            "--deltaker",
            "Kari",
        )
    )
    assert r.stdout == "Møte 2026-2 endret: status, deltakere.\n"
    vis = _json(kjor, "mote", "vis", "2026-2")
    assert vis["deltakere"] == ["Ola", "Kari"]
    assert [h["felt"] for h in vis["historikk"]] == ["opprettet", "status", "deltakere"]


def test_mote_feil_er_norske(kjor: Kjor) -> None:
    feil(kjor("mote", "ny", "2026/2", "--dato", "16.04.2026"), 1, "er ikke en møte-id")
    feil(kjor("mote", "ny", "--dato", "16.04.2026"), 1, "Oppgi møtets id")
    feil(kjor("mote", "ny", "--type", "bilateralt", "--dato", "16.04.2026"), 1, "--departement")
    feil(
        kjor("mote", "ny", "2026-2", "--type", "møte", "--dato", "16.04.2026"), 1, "Ukjent møtetype"
    )
    feil(kjor("mote", "ny", "2026-2"), 2, "Mangler --dato")
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    feil(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"), 1, "finnes allerede")
    feil(kjor("mote", "endre", "2026-2", "--status", "ferdig"), 1, "Ukjent møtestatus")
    feil(kjor("mote", "vis", "2026-9"), 1, "Finner ikke møtet 2026-9")
    r = ok(kjor("mote", "ny", "2025-4", "--dato", "02.01.2026"))
    assert "Advarsel: Møtet 2025-4 har året 2025 i id-en" in r.stderr


def test_punkter_nummer_rekkefolge_og_historikk(kjor: Kjor, tmp_path: Path) -> None:
    sak = ny_sak(kjor)
    avtale = ny_avtale(kjor)
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    tekst = tmp_path / "status.md"
    tekst.write_text("Status *nå*.\n\n- ett\n- to\n", encoding="utf-8")
    ider = [
        ok(kjor("punkt", "ny", "2026-2", "--sak", sak, "--tekst-fil", str(tekst))).stdout.strip(),
        ok(
            kjor("punkt", "ny", "2026-2", "--avtale", avtale, "--tekst", "-"),
        ).stdout.strip(),
        ok(
            kjor(
                "punkt",
                "ny",
                "2026-2",
                "--ks-innspill",
                "Redusert statlig styring",
                "--sporsmal",
                "Hvordan?",
                "--onsket-resultat",
                "Enighet.",
            )
        ).stdout.strip(),
        ok(
            kjor(
                "punkt",
                "ny",
                "2026-2",
                "--eventuelt",
                "Sak om krisesenterloven",
                "--meldt-inn-av",
                "Barne- og familiedepartementet",
            )
        ).stdout.strip(),
        ok(kjor("punkt", "ny", "2026-2", "--ks-innspill", "Beredskap")).stdout.strip(),
    ]
    assert ider == ["2026-2/1", "2026-2/2", "2026-2/3", "2026-2/4", "2026-2/5"]
    liste = _json(kjor, "punkt", "liste", "2026-2")
    assert [(p["id"], p["kapittel"], p["posisjon"]) for p in liste] == [
        ("2026-2/3", 2, 1),
        ("2026-2/5", 2, 2),
        ("2026-2/1", 3, 1),
        ("2026-2/2", 5, 1),
        ("2026-2/4", 6, 1),
    ]
    assert liste[0]["sporsmal"] == ["Hvordan?"]
    assert liste[4]["meldt_inn_av"] == "BFD"
    assert liste[2]["tekst"] == "Status *nå*.\n\n- ett\n- to"
    ok(kjor("punkt", "flytt", "2026-2/5", "--til", "1"))
    assert [p["id"] for p in _json(kjor, "punkt", "liste", "2026-2")][:2] == [
        "2026-2/5",
        "2026-2/3",
    ]
    r = ok(kjor("punkt", "endre", "2026-2/1", "--tekst", "Ny status.", "--konklusjon", "Enige."))
    assert r.stdout == "Punkt 2026-2/1 endret: tekst, konklusjon.\n"
    vis = _json(kjor, "punkt", "vis", "2026-2/1")
    assert [(h["felt"], h["gammel"], h["ny"]) for h in vis["historikk"]][-2:] == [
        ("tekst", "Status *nå*.\n\n- ett\n- to", "Ny status."),
        ("konklusjon", None, "Enige."),
    ]
    ok(kjor("punkt", "fjern", "2026-2/5"))
    feil(kjor("punkt", "vis", "2026-2/5"), 1, "har ikke punkt 5 (det er fjernet)")
    # A removed item's number is never given again.
    assert ok(kjor("punkt", "ny", "2026-2", "--ks-innspill", "Ny")).stdout == "2026-2/6\n"


def test_punkt_feil(kjor: Kjor) -> None:
    sak = ny_sak(kjor)
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    feil(kjor("punkt", "ny", "2026-2"), 1, "Oppgi hva punktet gjelder")
    feil(kjor("punkt", "ny", "2026-2", "--sak", sak, "--kapittel", "4"), 1, "hører til kapittel 3")
    feil(kjor("punkt", "ny", "2026-2", "--sak", "2026/99"), 1, "Finner ingen sak")
    feil(kjor("punkt", "ny", "2026-2", "--kapittel", "5", "--tittel", "X"), 1, "--del a/b/c")
    feil(kjor("punkt", "ny", "2026-2", "--kapittel", "7", "--tittel", "X"), 1, "Kapittel 7")
    feil(kjor("punkt", "ny", "2026-2", "--sak", sak, "--ks-innspill", "X"), 2, "Velg én")
    feil(kjor("punkt", "ny", "2026-2", "--ks-innspill", "X", "--tekst", "a\x1bb"), 1, "styretegnet")
    feil(
        kjor("punkt", "ny", "2026-2", "--ks-innspill", "X", "--tekst-fil", "/finnes/ikke"),
        1,
        "Finner ikke",
    )
    ok(kjor("punkt", "ny", "2026-2", "--innledning", "2", "--tekst", "Innledning."))
    feil(
        kjor("punkt", "ny", "2026-2", "--innledning", "2", "--tekst", "To."),
        1,
        "har alt en innledning",
    )
    feil(kjor("punkt", "endre", "2026-2/1"), 2, "Ingen endringer")
    feil(kjor("punkt", "flytt", "2026-2/1", "--til", "1"), 1, "innledning står alltid først")
    feil(kjor("punkt", "vis", "2026-2"), 1, "er ikke et punkt")


def test_forslag_og_legg_til(kjor: Kjor, monkeypatch: Any) -> None:
    frys_tid(monkeypatch)
    ok(kjor("mote", "ny", "2026-1", "--dato", "20.01.2026"))
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    ny_sak_ = ny_sak(kjor, tittel="Ny sak", oppmeldt="2026")
    ny_avtale(kjor, tittel="Ny avtale", inngatt="01.03.2026", utloper="31.12.2029")
    ny_avtale(kjor, tittel="Utløpt avtale", inngatt="01.01.2022", utloper="28.02.2026")
    ny_avtale(kjor, tittel="Utløper i år", inngatt="01.01.2023", utloper="31.12.2026")
    ny_avtale(kjor, tittel="Gammel og gjeldende", inngatt="01.01.2024", utloper="31.12.2028")
    r = ok(kjor("mote", "forslag", "2026-2"))
    assert r.stdout.splitlines() == [
        f"kapittel 3\tsak {ny_sak_}\tNy sak\tny sak siden forrige konsultasjonsmøte",
        "kapittel 5\tavtale A1\tNy avtale\t"
        "ny avtale siden forrige konsultasjonsmøte, gjelder fra 01.03.2026",
        "kapittel 5\tavtale A2\tUtløpt avtale\t"
        "avsluttet siden forrige konsultasjonsmøte, siste dag 28.02.2026",
        "kapittel 5\tavtale A3\tUtløper i år\tutløper 31.12.2026, i møteåret",
    ]
    r = ok(kjor("mote", "forslag", "2026-2", "--legg-til"))
    assert r.stdout.splitlines()[0].endswith("\tlagt til som 2026-2/1")
    assert len(_json(kjor, "punkt", "liste", "2026-2")) == 4
    r = ok(kjor("mote", "forslag", "2026-2"))
    assert r.stdout == ""
    assert "Ingen forslag" in r.stderr


def test_sjekk_finner_feilene_i_2026_materialet(kjor: Kjor) -> None:
    ok(kjor("eksempel"))
    r = kjor("sjekk", "2026-2")
    assert r.exit_code == 1, r.output
    linjer = r.stdout.splitlines()
    feil_ = [linje for linje in linjer if linje.startswith("feil:")]
    advarsler = [linje for linje in linjer if linje.startswith("advarsel:")]
    # Four agreements expired in 2025 and listed as current in Vedlegg c.
    assert sum("men står som gjeldende i vedlegg c" in linje for linje in feil_) == 4
    # KLD in the text, KUD in the register.
    assert any("teksten nevner KLD, men sak 2026/2 står på KUD" in linje for linje in feil_)
    # 19 March in the text, 15.03.2024 in the register.
    assert any("«inngått 19.03.2024», men avtale A6 har 15.03.2024" in linje for linje in feil_)
    # The new refugee agreement (5a) and the Tilleggsavtale (5b) have no row in Vedlegg c.
    assert any(
        "Avtale om mottak og bosetting av flyktninger (01.01.2026" in linje
        and "ingen rad i vedlegg c" in linje
        for linje in feil_
    )
    assert any(
        "Tilleggsavtale mellom HOD og KS" in linje and "ingen rad i vedlegg c" in linje
        for linje in feil_
    )
    # The cost-calculation case named differently in chapter 3 and in Vedlegg a.
    assert any(
        "«Kostnadsberegninger av kostnader som følge av ny integreringsstønad», men registeret "
        "kaller den «Kostnadsberegninger av merkostnader" in linje
        for linje in advarsler
    )
    assert len(feil_) == 8
    assert r.stderr.endswith("8 feil og 2 advarsler i materialet til 2026-2.\n")
    # Fixing a fault in the register makes it go: link the refugee item to a record.
    avtale = ny_avtale(
        kjor,
        tittel="Avtale om mottak og bosetting av flyktninger",
        part="AID, JD, BFD, KDD og KS",
        inngatt="06.03.2026",
        utloper="31.12.2029",
        forste_avtale="2004",
    )
    ok(kjor("punkt", "endre", "2026-2/9", "--avtale", avtale, "--tom", "tittel"))
    r = kjor("sjekk", "2026-2")
    assert not any("flyktninger (01.01.2026" in linje for linje in r.stdout.splitlines())
    assert "7 feil" in r.stderr
