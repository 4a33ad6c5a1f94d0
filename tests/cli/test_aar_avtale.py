"""Issue 11, items 6-10, through the CLI: renewals and closing as the material describes
them, gyldig fra, and dates at the precision the material has them (both backends)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor
from tests.hjelp import (
    AVTALE_STANDARD,
    avtaler_json,
    avvises_uten_endring,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    frys_tid,
    ider,
    ny_avtale,
    ny_sak,
    ojeblikksbilde,
    ok,
    saker_json,
    vis_json,
)

FLYKTNINGER = "Samarbeidsavtale om mottak og bosetting av flyktninger"
A3 = {
    "tittel": FLYKTNINGER,
    "part": "AID, JD, BFD, KDD og KS",
    "inngatt": "11.03.2022",
    "utloper": "31.12.2025",
    "forste_avtale": "2004",
}


def _vedlegg_c(kjor: Kjor, per: str) -> Any:
    return ok(kjor("vedlegg", "c", "--per", per, "-f", "tsv"))


# -- item 6: forny closes the old one on the right day ----------------------------------------


def test_forny_lukker_en_utlopt_avtale_pa_utlopsdatoen(kjor: Kjor) -> None:
    ny_avtale(kjor, **A3)
    r = ok(kjor("avtale", "forny", "A1", "--inngatt", "06.03.2026", "--utloper", "31.12.2029"))
    assert r.stdout == "Registrerte avtale A2, som fornyer A1 (nå avsluttet).\n"
    assert vis_json(kjor, "avtale", "A1")["status_endret"] == "2025-12-31"
    # As of 31.01.2026 A1 is no longer listed, so no advice that cannot be followed.
    r = _vedlegg_c(kjor, "2026-01-31")
    assert FLYKTNINGER not in r.stdout and r.stderr == ""
    assert FLYKTNINGER in _vedlegg_c(kjor, "2025-12-31").stdout


def test_forny_lukker_en_lopende_avtale_dagen_for_den_nye_gjelder(kjor: Kjor) -> None:
    ny_avtale(kjor, tittel="NAV", utloper="31.12.2026")
    ny_avtale(kjor, tittel="Helse", utloper="31.12.2027")
    ok(kjor("avtale", "forny", "A1", "--inngatt", "15.03.2026"))
    ok(kjor("avtale", "forny", "A2", "--inngatt", "15.03.2026", "--gyldig-fra", "01.02.2026"))
    a = {x["id"]: x for x in avtaler_json(kjor)}
    assert (a["A1"]["status_endret"], a["A2"]["status_endret"]) == ("2026-03-14", "2026-01-31")
    assert ider(avtaler_json(kjor, "--gjeldende-per", "14.03.2026")) == ["A1", "A4"]
    assert ider(avtaler_json(kjor, "--gjeldende-per", "15.03.2026")) == ["A3", "A4"]


def test_forny_som_ikke_begynner_senere_avvises(kjor: Kjor) -> None:
    ny_avtale(kjor, **A3)
    avvises_uten_endring(
        kjor,
        [
            (
                ("avtale", "forny", "A1", "--inngatt", "11.03.2022"),
                1,
                "Den nye avtalen gjelder fra 11.03.2022, avtalen den fornyer fra 11.03.2022",
            ),
            (
                ("avtale", "forny", "A1", "--inngatt", "6.3.2026", "--gyldig-fra", "1.1.2020"),
                1,
                "den nye må begynne å gjelde senere",
            ),
        ],
        ojeblikksbilde(kjor),
    )


# -- item 7: closing dates are facts ----------------------------------------------------------


def test_ny_med_status_avsluttet_og_dato(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)  # today is 30.04.2026
    monkeypatch.setitem(AVTALE_STANDARD, "--forste-avtale", "2004")
    ny_avtale(kjor, tittel="Fra 2024", inngatt="01.01.2024", utloper="31.12.2028")
    ny_avtale(kjor, "--status", "avsluttet", tittel="Slutt", inngatt="1.1.2006", utloper=None)
    ny_avtale(
        kjor, "--status", "avsluttet", "--dato", "30.06.2007", tittel="Dato", inngatt="1.1.2006"
    )
    ny_avtale(
        kjor, "--status", "avsluttet", tittel="Utløpt", inngatt="1.1.2006", utloper="31.12.2008"
    )
    datoer = [a["status_endret"] for a in avtaler_json(kjor, "--status", "avsluttet")]
    # Without a date and without an utløper that has come: today.
    assert datoer == ["2026-04-30", "2007-06-30", "2008-12-31"]
    # Ended in 2007 and 2008: not in the appendix per januar 2026.
    rader = [x.split("\t")[0] for x in _vedlegg_c(kjor, "januar 2026").stdout.splitlines()[2:]]
    assert rader == ["Fra 2024", "Slutt"]
    nr = ny_sak(kjor, "--status", "avsluttet", "--dato", "1.6.2020", oppmeldt="2020")
    assert saker_json(kjor)[0]["status_endret"] == "2020-06-01"
    assert ok(kjor("vedlegg", "a", "--ar", "2026", "-f", "tsv")).stdout.count("\n") == 2
    assert nr == "2020/1"


def test_dato_alene_retter_datoen_til_statusen(kjor: Kjor) -> None:
    ny_avtale(kjor, "--status", "avsluttet", "--dato", "06.03.2026", **A3)
    r = ok(kjor("avtale", "endre", "A1", "--dato", "31.12.2025", "--av", "kari"))
    assert r.stdout == "Avtale A1 endret: status_endret.\n"
    vist = vis_json(kjor, "avtale", "A1")
    assert vist["status_endret"] == "2025-12-31"
    assert (vist["historikk"][-1]["felt"], vist["historikk"][-1]["ny"]) == (
        "status_endret",
        "2025-12-31",
    )
    ny_sak(kjor)
    r = ok(kjor("sak", "endre", "2026/1", "--dato", "1.2.2026"))
    assert r.stdout == "Sak 2026/1 endret: status_endret.\n"
    assert "--dato alene retter" in ok(kjor("sak", "endre", "--help")).stdout


def _importfil(tmp_path: Path, rader: list[dict[str, Any]], navn: str = "f.jsonl") -> str:
    sti = tmp_path / navn
    sti.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rader))
    return str(sti)


GRUNN = {"kategori": "samhandling", "parter": "AID og KS", "inngatt": "2004-01-01"}


def test_import_av_avsluttede_uten_dato(kjor: Kjor, tmp_path: Path) -> None:
    sti = _importfil(
        tmp_path,
        [
            {**GRUNN, "tittel": "2008", "status": "avsluttet", "utloper": "2008-12-31"},
            {**GRUNN, "tittel": "Uten", "status": "avsluttet"},
        ],
    )
    for_ = ojeblikksbilde(kjor)
    r = kjor("import", "avtaler", sti)
    assert r.exit_code == 3
    assert r.stderr.splitlines()[0] == (
        f"{sti}:2: status_endret: en avsluttet avtale trenger status_endret (dagen den "
        "sluttet å gjelde) eller utloper"
    )
    assert ojeblikksbilde(kjor) == for_
    ok(
        kjor(
            "import",
            "avtaler",
            _importfil(
                tmp_path,
                [{**GRUNN, "tittel": "2008", "status": "avsluttet", "utloper": "2008-12-31"}],
            ),
        )
    )
    assert avtaler_json(kjor)[0]["status_endret"] == "2008-12-31"
    sak = {
        "type": "lov",
        "departement": "KD",
        "tittel": "S",
        "oppmeldt": "2008",
        "meldt_inn_av": "KS",
        "status": "avsluttet",
    }
    r = kjor("import", "saker", _importfil(tmp_path, [sak], "s.jsonl"))
    assert r.exit_code == 3
    assert "s.jsonl:1: status_endret: en avsluttet sak trenger status_endret" in r.stderr
    assert saker_json(kjor) == []


# -- item 8: avslutt, links after the fact, the whole series in every format ------------------


def test_avtale_avslutt(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)  # today is 30.04.2026
    ny_avtale(kjor, **A3)
    ny_avtale(kjor, tittel="Løper")
    ny_avtale(kjor, tittel="Med dato")
    assert ok(kjor("avtale", "avslutt", "A1")).stdout == "Avtale A1 avsluttet 31.12.2025.\n"
    assert ok(kjor("avtale", "avslutt", "2")).stdout == "Avtale A2 avsluttet 30.04.2026.\n"
    r = ok(kjor("avtale", "avslutt", "A3", "--dato", "1.2.2026", "--av", "kari"))
    assert r.stdout == "Avtale A3 avsluttet 01.02.2026.\n"
    assert vis_json(kjor, "avtale", "A3")["historikk"][-1]["av"] == "kari"
    avvises_uten_endring(
        kjor,
        [
            (("avtale", "avslutt", "A1"), 1, "Avtale A1 er allerede avsluttet (31.12.2025)."),
            (("avtale", "avslutt", "A9"), 1, "Finner ingen avtale «A9»"),
            (("avtale", "avslutt", "A1", "--dato", "31.02.2026"), 1, "«31.02.2026»"),
        ],
        ojeblikksbilde(kjor),
    )
    hjelp = ok(kjor("avtale", "avslutt", "--help")).stdout
    assert "siste dagen avtalen gjaldt" in hjelp


def test_radet_i_advarselen_kan_folges(kjor: Kjor) -> None:
    # «… utløp 31.12.2025, men står i registeret som pågående per 30.04.2026; avslutt
    # eller forny den»: either makes the warning go, as of that day and before it.
    ny_avtale(kjor, **A3)
    ny_avtale(kjor, **{**A3, "tittel": "Den andre"})
    r = _vedlegg_c(kjor, "30.04.2026")
    assert r.stderr.count("Advarsel: ") == 2 and "avslutt eller forny den" in r.stderr
    ok(kjor("avtale", "avslutt", "A1"))
    ok(kjor("avtale", "forny", "A2", "--inngatt", "06.03.2026", "--utloper", "31.12.2029"))
    for per in ("30.04.2026", "31.01.2026"):
        r = _vedlegg_c(kjor, per)
        assert r.stderr == ""
        assert FLYKTNINGER not in r.stdout and ("Den andre" in r.stdout) == (per == "30.04.2026")


SERIE = [("2014", "2015"), ("2016", "2017"), ("2018", "2021"), ("2022", "2025")]
# The parties of each year differ (BLD, KMD, ...); these two have been there all along.
PARTER = "JD og KS"


def test_flyktningavtalene_lenkes_i_ettertid(kjor: Kjor) -> None:
    for inngatt, utloper in SERIE:
        ny_avtale(
            kjor,
            **{**A3, "part": PARTER, "inngatt": f"juni {inngatt}", "utloper": f"31.12.{utloper}"},
        )
    ok(kjor("avtale", "forny", "A4", "--inngatt", "6.3.2026", "--gyldig-fra", "1.1.2026"))
    for yngre, eldre in (("A2", "A1"), ("A3", "A2"), ("A4", "3")):
        r = ok(kjor("avtale", "endre", yngre, "--fornyer", eldre))
        assert r.stdout == f"Avtale {yngre} endret: fornyer.\n"
    alle = ["A1", "A2", "A3", "A4", "A5"]
    for h in alle:
        assert vis_json(kjor, "avtale", h)["serie"] == alle
    md = ok(kjor("avtale", "vis", "A3", "-f", "markdown")).stdout
    assert "| serie | A1 → A2 → A3 → A4 → A5 |\n" in md
    assert "| inngatt | juni 2018 |\n" in md
    tabell = ok(kjor("avtale", "vis", "A3", "-f", "table", env={"COLUMNS": "200"})).stdout
    assert "A1 → A2 → A3 → A4 → A5" in tabell
    linjer = ok(kjor("avtale", "vis", "A3", "-f", "csv")).stdout.splitlines()
    assert linjer[0].endswith(",serie,fullt_navn")
    assert linjer[1].endswith(",A1 → A2 → A3 → A4 → A5,")
    assert vis_json(kjor, "avtale", "A2")["historikk"][-1] | {"tidspunkt": None} == {
        "tidspunkt": None,
        "av": "tester",
        "felt": "fornyer",
        "gammel": None,
        "ny": "A1",
    }
    avvises_uten_endring(
        kjor,
        [
            (("avtale", "endre", "A1", "--fornyer", "A1"), 1, "kan ikke fornye seg selv (A1)"),
            (
                ("avtale", "endre", "A1", "--fornyer", "A5"),
                1,
                "A1 kan ikke fornye A5: A5 kommer allerede etter A1 i serien "
                "(A1 → A2 → A3 → A4 → A5), så serien ville gå i ring.",
            ),
            (("avtale", "endre", "A1", "--fornyer", "A9"), 1, "Finner ingen avtale «A9»"),
            (("avtale", "endre", "A2", "--fornyer", "A1", "--ikke-fornyer"), 2, "ikke begge"),
        ],
        ojeblikksbilde(kjor),
    )
    assert ok(kjor("avtale", "endre", "A3", "--ikke-fornyer")).stdout == (
        "Avtale A3 endret: fornyer.\n"
    )
    assert vis_json(kjor, "avtale", "A5")["serie"] == ["A3", "A4", "A5"]
    assert vis_json(kjor, "avtale", "A1")["serie"] == ["A1", "A2"]
    assert "--ikke-fornyer" in ok(kjor("avtale", "endre", "--help")).stdout


def test_import_under_oppdater_setter_fornyer(kjor: Kjor, tmp_path: Path) -> None:
    for inngatt, utloper in SERIE[:3]:
        ny_avtale(
            kjor,
            **{**A3, "part": PARTER, "inngatt": f"1.6.{inngatt}", "utloper": f"31.12.{utloper}"},
        )
    eksport = [
        json.loads(x) for x in ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout.split("\n") if x
    ]
    eksport[1]["fornyer"], eksport[2]["fornyer"] = "A1", "A2"
    sti = _importfil(tmp_path, eksport)
    r = ok(kjor("import", "avtaler", sti, "--ved-konflikt", "oppdater"))
    assert r.stderr == "Avtaler: 0 nye, 2 oppdatert, 0 hoppet over, 1 uendret.\n"
    assert vis_json(kjor, "avtale", "A1")["serie"] == ["A1", "A2", "A3"]
    # A ring is a line of its own, and nothing is written.
    eksport[0]["fornyer"] = "A3"
    for_ = ojeblikksbilde(kjor)
    r = kjor("import", "avtaler", _importfil(tmp_path, eksport), "--ved-konflikt", "oppdater")
    assert r.exit_code == 3
    assert "f.jsonl:1: fornyer: A1 kan ikke fornye A3: A3 kommer allerede etter A1" in r.stderr
    assert ojeblikksbilde(kjor) == for_


# -- item 9: gyldig fra -----------------------------------------------------------------------


def test_gyldig_fra_i_alle_formater_og_i_kraft(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ny_avtale(
        kjor,
        "--gyldig-fra",
        "01.01.2026",
        **{**A3, "inngatt": "06.03.2026", "utloper": "31.12.2029"},
    )
    a = avtaler_json(kjor)[0]
    assert (a["inngatt"], a["gyldig_fra"]) == ("2026-03-06", "2026-01-01")
    csv = ok(kjor("avtaler", "-f", "csv")).stdout.splitlines()
    assert csv[0].startswith("id,tittel,kategori,parter,inngatt,gyldig_fra,utloper,")
    assert ",2026-03-06,2026-01-01,2029-12-31," in csv[1]
    md = ok(kjor("avtaler", "-f", "markdown")).stdout
    assert "| Inngått | Gyldig fra | Utløper |" in md and "| 06.03.2026 | 01.01.2026 |" in md
    # In force from gyldig fra: as of January the appendix lists it, with its inngått.
    assert ider(avtaler_json(kjor, "--gjeldende-per", "31.12.2025")) == []
    assert ider(avtaler_json(kjor, "--gjeldende-per", "1.1.2026")) == ["A1"]
    r = _vedlegg_c(kjor, "31.01.2026")
    assert f"{FLYKTNINGER}\tAID, JD, BFD, KDD og KS\t06.03.2026\t31.12.2029\t2004" in r.stdout
    vedlegg = json.loads(ok(kjor("vedlegg", "c", "--per", "31.01.2026", "-f", "json")).stdout)
    assert vedlegg["rader"][0]["gyldig_fra"] == "2026-01-01"
    # Export and import carry it; endre changes it; a bad order is refused.
    data = ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout
    # The change comes later than the export (an hour on, not maybe the same second).
    frys_tid(monkeypatch, datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1))
    ok(kjor("avtale", "endre", "A1", "--gyldig-fra", "1.2.2026"))
    assert avtaler_json(kjor)[0]["gyldig_fra"] == "2026-02-01"
    sti = tmp_path / "a.jsonl"
    sti.write_text(data)
    # The file is older than that change: a conflict under oppdater (item 1); written
    # back only when the user says so.
    r = kjor("import", "avtaler", str(sti), "--ved-konflikt", "oppdater")
    assert r.exit_code == 3 and "avtale A1 er endret av" in r.stderr
    ok(kjor("import", "avtaler", str(sti), "--ved-konflikt", "overskriv"))
    assert (
        ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout.split('"status_endret"')[0]
        == (data.split('"status_endret"')[0])
    )
    feil(
        kjor("avtale", "endre", "A1", "--gyldig-fra", "1.1.2030"),
        1,
        "Utløper (31.12.2029) er før gyldig fra (01.01.2030)",
    )
    assert "--gyldig-fra" in ok(kjor("avtale", "ny", "--help")).stdout


# -- item 10: months --------------------------------------------------------------------------


def test_inngatt_i_juni_som_materialet_har_det(kjor: Kjor, tmp_path: Path) -> None:
    ny_avtale(
        kjor,
        tittel="Tilleggsavtalen",
        inngatt="juni 2024",
        utloper="31.12.2027",
        forste_avtale="2024",
    )
    for skrevet in ("06.2024", "2024-06"):
        ny_avtale(kjor, tittel=f"Som {skrevet}", inngatt=skrevet, utloper=None)
    assert [a["inngatt"] for a in avtaler_json(kjor)] == ["2024-06"] * 3
    md = ok(kjor("avtaler", "-f", "markdown")).stdout
    assert "| Tilleggsavtalen | samhandling | AID og KS | juni 2024 |" in md
    tsv = _vedlegg_c(kjor, "april 2026").stdout
    assert tsv.splitlines()[0].endswith("per april 2026")
    assert "Tilleggsavtalen\tAID og KS\tjuni 2024\t31.12.2027\t2024" in tsv
    # In force from the first day of the month; "juni 2024" as of day is its last day.
    assert ider(avtaler_json(kjor, "--gjeldende-per", "31.05.2024")) == []
    assert len(avtaler_json(kjor, "--gjeldende-per", "01.06.2024")) == 3
    assert len(avtaler_json(kjor, "--gjeldende-per", "juni 2024")) == 3
    # The appendix reads back as it printed; an export imports back as it was.
    vedlegg = tmp_path / "c.tsv"
    vedlegg.write_text(tsv)
    r = ok(kjor("import", "vedlegg", "c", str(vedlegg)))
    assert r.stderr.endswith("0 nye, 0 oppdatert, 3 uendret.\n")
    for fmt in ("csv", "jsonl"):
        data = ok(kjor("eksport", "avtaler", "-f", fmt)).stdout
        assert "2024-06," in data or '"2024-06"' in data
        sti = tmp_path / f"a.{fmt}"
        sti.write_text(data)
        r = ok(kjor("import", "avtaler", str(sti), "--ved-konflikt", "oppdater"))
        assert r.stderr.startswith("Avtaler: 0 nye, 0 oppdatert, 0 hoppet over, 3 uendret")
    # Utløper and closing dates are days; første avtale stays a year.
    avvises_uten_endring(
        kjor,
        [
            (("avtale", "endre", "A1", "--utloper", "juni 2027"), 1, "«juni 2027» er en måned"),
            (("avtale", "avslutt", "A1", "--dato", "06.2026"), 1, "«06.2026» er en måned"),
            (("avtale", "endre", "A1", "--forste-avtale", "juni 2024"), 1, "«juni 2024»"),
            (("avtale", "endre", "A1", "--inngatt", "13.2024"), 1, "ikke en gyldig måned"),
        ],
        ojeblikksbilde(kjor),
    )
    # The day and its month are different facts: a change, recorded as written.
    ok(kjor("avtale", "endre", "A1", "--inngått", "01.06.2024"))
    assert vis_json(kjor, "avtale", "A1")["historikk"][-1]["gammel"] == "2024-06"


def test_per_en_maned_er_den_siste_dagen(kjor: Kjor) -> None:
    ny_avtale(kjor, tittel="Ut april", inngatt="01.01.2024", utloper="30.04.2026")
    r = ok(kjor("vedlegg", "c", "--per", "april 2026", "-f", "json"))
    data = json.loads(r.stdout)
    assert (data["per"], r.stderr) == ("2026-04-30", "")
    assert ider(avtaler_json(kjor, "--gjeldende-per", "april 2026")) == ["A1"]
    assert ider(avtaler_json(kjor, "--gjeldende-per", "mai 2026")) == []
    hjelp = " ".join(ok(kjor("vedlegg", "c", "--help")).stdout.split())  # as one line
    assert "«april 2026» er 30.04.2026" in hjelp
