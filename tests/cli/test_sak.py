"""`konsreg sak ny | liste | vis | endre | avslutt` and `konsreg saker`, through the CLI."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import konsreg.cli.felles
from tests.conftest import Kjor
from tests.hjelp import (
    FAST_TID,
    avvises_uten_endring,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    frys_tid,
    ny_sak,
    ojeblikksbilde,
    ok,
    sak_args,
    saker_json,
    vis_json,
)

TIDSPUNKT = "2026-04-30T10:15:00+00:00"


# -- sak ny ----------------------------------------------------------------------------


def test_sak_ny_skriver_saksnummeret(kjor: Kjor) -> None:
    r = ok(kjor("sak", "ny", *sak_args(tittel="Integreringsstønad")))
    assert r.stdout == "Registrerte sak 2026/1: Integreringsstønad\n"
    assert r.stderr == ""
    r = ok(kjor("sak", "ny", *sak_args(), "-q"))
    assert r.stdout == "2026/2\n"
    r = ok(kjor("sak", "ny", *sak_args(), "--quiet"))
    assert r.stdout == "2026/3\n"


def test_sak_ny_lagrer_alle_feltene(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    ok(
        kjor(
            "sak",
            "ny",
            "--type",
            "lovmedvirkning",
            "--departement",
            "kud",
            "--tittel",
            "  Kulturmiljøloven ",
            "--beskrivelse",
            "Ny lov som erstatter kulturminneloven.",
            "--oppmeldt",
            "2026",
            "--gjentakende",
            "--meldt-inn-av",
            "kld",
            "--status",
            "pågående",
        )
    )
    assert saker_json(kjor) == [
        {
            "saksnummer": "2026/1",
            "type": "lovmedvirkning",
            "departement": "KUD",
            "tittel": "Kulturmiljøloven",
            "beskrivelse": "Ny lov som erstatter kulturminneloven.",
            "oppmeldt": 2026,
            "gjentakende": True,
            "meldt_inn_av": "KLD",
            "status": "pagaende",
            "status_endret": "2026-04-30",
            "opprettet": TIDSPUNKT,
            "endret": TIDSPUNKT,
        }
    ]


def test_sak_ny_standardverdier(kjor: Kjor) -> None:
    # Oppmeldt defaults to this year, status to ny, not recurring, no description.
    nr = ny_sak(kjor, oppmeldt=None)
    ar = date.today().year
    assert nr == f"{ar}/1"
    sak = saker_json(kjor)[0]
    assert sak["oppmeldt"] == ar
    assert sak["status"] == "ny"
    assert sak["gjentakende"] is False
    assert sak["beskrivelse"] is None


def test_sakstype_kan_forkortes(kjor: Kjor) -> None:
    skrevet = ["kostnadsberegning", "kostnad", "Lovmedvirkning", "lov"]
    for type_ in skrevet:
        ny_sak(kjor, type=type_)
    assert [s["type"] for s in saker_json(kjor)] == [
        "kostnadsberegning",
        "kostnadsberegning",
        "lovmedvirkning",
        "lovmedvirkning",
    ]


def test_status_med_og_uten_aa(kjor: Kjor) -> None:
    for status in ["ny", "pagaende", "pågående", "Pågående", "avsluttet"]:
        ny_sak(kjor, status=status)
    assert [s["status"] for s in saker_json(kjor)] == [
        "ny",
        "pagaende",
        "pagaende",
        "pagaende",
        "avsluttet",
    ]


def test_saksnummer_er_fortlopende_per_ar(kjor: Kjor) -> None:
    numre = [
        ny_sak(kjor, oppmeldt="2026"),
        ny_sak(kjor, oppmeldt="2026"),
        ny_sak(kjor, oppmeldt="2022"),
        ny_sak(kjor, oppmeldt="2026"),
        ny_sak(kjor, oppmeldt="2022"),
        ny_sak(kjor, oppmeldt="2025"),
    ]
    assert numre == ["2026/1", "2026/2", "2022/1", "2026/3", "2022/2", "2025/1"]
    # Listed by year, then number (not as text: 2026/10 after 2026/9).
    assert [s["saksnummer"] for s in saker_json(kjor)] == [
        "2022/1",
        "2022/2",
        "2025/1",
        "2026/1",
        "2026/2",
        "2026/3",
    ]


def test_saksnummer_sorteres_som_tall(kjor: Kjor) -> None:
    for _ in range(11):
        ny_sak(kjor)
    numre = [s["saksnummer"] for s in saker_json(kjor)]
    assert numre == [f"2026/{i}" for i in range(1, 12)]


def test_meldt_inn_av_ks_eller_departement(kjor: Kjor) -> None:
    ny_sak(kjor, meldt_inn_av="ks")
    ny_sak(kjor, meldt_inn_av="BFD")
    assert [s["meldt_inn_av"] for s in saker_json(kjor)] == ["KS", "BFD"]


# -- missing values: a terminal asks, a script gets exit 2 -----------------------------


def test_manglende_verdi_uten_terminal_er_bruksfeil(kjor: Kjor) -> None:
    for mangler in ["type", "departement", "tittel", "meldt_inn_av"]:
        r = kjor("sak", "ny", *sak_args(**{mangler: None}))
        valg = "--" + mangler.replace("_", "-")
        linje = feil(r, 2, f"Mangler {valg}")
        assert "ingen terminal" in linje
    assert saker_json(kjor) == []
    assert ny_sak(kjor) == "2026/1"


def test_ingenting_mangler_ingenting_spors(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    # At a terminal, a complete command asks nothing (the input would be left unread).
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    r = ok(kjor("sak", "ny", *sak_args(), "-q", input="skal ikke leses\n"))
    assert r.stdout == "2026/1\n"
    assert r.stderr == ""


def test_terminal_spor_etter_det_som_mangler(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    r = ok(
        kjor(
            "sak",
            "ny",
            "--oppmeldt",
            "2026",
            "-q",
            input="lovmedvirkning\nKLD\nKulturmiljøloven\nKLD\n",
        )
    )
    # The prompts go to stderr (CliRunner echoes the typed answers on stdout, as a
    # terminal would); the number is the last line.
    assert r.stdout.splitlines()[-1] == "2026/1"
    for sporsmal in ("Type", "Ansvarlig departement", "Tittel", "Meldt inn av"):
        assert sporsmal in r.stderr
    sak = saker_json(kjor)[0]
    assert (sak["type"], sak["departement"], sak["tittel"], sak["meldt_inn_av"]) == (
        "lovmedvirkning",
        "KLD",
        "Kulturmiljøloven",
        "KLD",
    )


def test_terminal_spor_bare_etter_det_som_mangler(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    r = ok(kjor("sak", "ny", *sak_args(tittel=None), "-q", input="Fra spørsmålet\n"))
    assert "Tittel" in r.stderr
    assert "Type" not in r.stderr
    assert saker_json(kjor)[0]["tittel"] == "Fra spørsmålet"


def test_tomt_svar_i_terminalen_er_feil(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    r = kjor("sak", "ny", *sak_args(tittel=None), input="   \n")
    assert r.exit_code == 1
    # The prompt has no newline of its own under CliRunner (no echo of Enter).
    assert r.stderr.endswith("Feil: --tittel kan ikke være tom.\n")
    assert r.stderr.count("Feil:") == 1
    assert "Traceback" not in r.output
    assert saker_json(kjor) == []


def test_ctrl_c_i_en_kommando_sier_avbrutt(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while a command works (Typer made it a silent exit 130): exit 130 and one
    line, and the case it was writing is not stored."""
    import konsreg.register.historikk

    def avbryt(**_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(konsreg.register.historikk, "skriv_opprettet", avbryt)
    r = kjor("sak", "ny", *sak_args(), "-q")
    assert (r.exit_code, r.stdout, r.stderr) == (130, "", "Feil: Avbrutt.\n")
    monkeypatch.undo()
    assert saker_json(kjor) == []


def test_avbrutt_sporsmal_lagrer_ingenting(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    # End of input (Ctrl-D) at the prompt: refused, nothing written.
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    r = kjor("sak", "ny", *sak_args(tittel=None), input="")
    assert r.exit_code != 0
    assert r.stderr.endswith("Feil: Avbrutt.\n")
    assert "Traceback" not in r.output
    assert saker_json(kjor) == []


# -- sak liste / saker and the filters -------------------------------------------------


@pytest.fixture
def saker(kjor: Kjor) -> dict[str, str]:
    """Cases across years, kinds, ministries and statuses."""
    nr = {
        "ehelse": ny_sak(
            kjor,
            type="kostnadsberegning",
            departement="HOD",
            tittel="E-helse",
            oppmeldt="2022",
            meldt_inn_av="HOD",
            status="pagaende",
        ),
        "gammel": ny_sak(
            kjor,
            type="lovmedvirkning",
            departement="KD",
            tittel="Avsluttet 2025",
            oppmeldt="2024",
            meldt_inn_av="KS",
        ),
        "integrering": ny_sak(
            kjor,
            type="kostnadsberegning",
            departement="AID",
            tittel="Integreringsstønad",
            oppmeldt="2026",
            meldt_inn_av="KS",
        ),
        "kulturmiljo": ny_sak(
            kjor,
            type="lovmedvirkning",
            departement="KUD",
            tittel="Kulturmiljøloven",
            oppmeldt="2026",
            meldt_inn_av="KLD",
        ),
        "neste": ny_sak(
            kjor,
            type="lovmedvirkning",
            departement="BFD",
            tittel="Krisesenterloven",
            oppmeldt="2027",
            meldt_inn_av="BFD",
        ),
    }
    ok(kjor("sak", "avslutt", nr["gammel"], "--dato", "01.03.2025"))
    return nr


def _numre(kjor: Kjor, *filter: str) -> list[str]:
    return [s["saksnummer"] for s in saker_json(kjor, *filter)]


def test_sak_liste_og_saker_er_det_samme(kjor: Kjor, saker: dict[str, str]) -> None:
    for fmt in ("tsv", "json", "markdown", "csv", "jsonl"):
        a = ok(kjor("saker", "--format", fmt)).stdout
        b = ok(kjor("sak", "liste", "--format", fmt)).stdout
        assert a == b
    assert _numre(kjor) == ["2022/1", "2024/1", "2026/1", "2026/2", "2027/1"]


def test_filter_type(kjor: Kjor, saker: dict[str, str]) -> None:
    assert _numre(kjor, "--type", "kostnadsberegning") == ["2022/1", "2026/1"]
    assert _numre(kjor, "-t", "lov") == ["2024/1", "2026/2", "2027/1"]


def test_filter_ar_er_konsultasjonsaret(kjor: Kjor, saker: dict[str, str]) -> None:
    # Registered up to that year and not closed before it.
    assert _numre(kjor, "--ar", "2026") == ["2022/1", "2026/1", "2026/2"]
    assert _numre(kjor, "--ar", "2025") == ["2022/1", "2024/1"]
    assert _numre(kjor, "--år", "2024") == ["2022/1", "2024/1"]
    assert _numre(kjor, "--ar", "2022") == ["2022/1"]
    assert _numre(kjor, "--ar", "2021") == []
    assert _numre(kjor, "--ar", "2027") == ["2022/1", "2026/1", "2026/2", "2027/1"]


def test_filter_status(kjor: Kjor, saker: dict[str, str]) -> None:
    assert _numre(kjor, "--status", "avsluttet") == ["2024/1"]
    assert _numre(kjor, "--status", "pågående") == ["2022/1"]
    assert _numre(kjor, "-s", "ny") == ["2026/1", "2026/2", "2027/1"]


def test_filter_departement(kjor: Kjor, saker: dict[str, str]) -> None:
    assert _numre(kjor, "--departement", "HOD") == ["2022/1"]
    assert _numre(kjor, "-d", "kud") == ["2026/2"]
    assert _numre(kjor, "-d", "FIN") == []


def test_filter_meldt_inn_av(kjor: Kjor, saker: dict[str, str]) -> None:
    assert _numre(kjor, "--meldt-inn-av", "KS") == ["2024/1", "2026/1"]
    assert _numre(kjor, "--meldt-inn-av", "kld") == ["2026/2"]


def test_filtre_kombineres(kjor: Kjor, saker: dict[str, str]) -> None:
    assert _numre(kjor, "--ar", "2026", "--type", "kostnadsberegning") == ["2022/1", "2026/1"]
    assert _numre(kjor, "--ar", "2026", "--type", "lov", "--meldt-inn-av", "KLD") == ["2026/2"]
    assert _numre(kjor, "--ar", "2026", "--status", "ny", "-d", "AID") == ["2026/1"]


def test_ugyldig_filter_er_feil(kjor: Kjor, saker: dict[str, str]) -> None:
    for filter, del_ in [
        (("--departement", "XYZ"), "«XYZ»"),
        (("--meldt-inn-av", "XYZ"), "«XYZ»"),
        (("--type", "annet"), "«annet»"),
        (("--status", "ferdig"), "«ferdig»"),
        (("--ar", "26"), "«26»"),
    ]:
        feil(kjor("saker", *filter), 1, del_)


# -- sak vis ---------------------------------------------------------------------------


def test_sak_vis_med_historikk(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    nr = ny_sak(kjor, tittel="E-helse")
    data = vis_json(kjor, "sak", nr)
    assert data["saksnummer"] == "2026/1"
    assert data["tittel"] == "E-helse"
    assert data["historikk"] == [
        {"tidspunkt": TIDSPUNKT, "av": "tester", "felt": "opprettet", "gammel": None, "ny": nr}
    ]
    # Also written 2026-1 or with spaces.
    assert vis_json(kjor, "sak", "2026-1")["saksnummer"] == nr
    assert vis_json(kjor, "sak", " 2026 / 1 ")["saksnummer"] == nr


def test_sak_vis_tabell(kjor: Kjor) -> None:
    nr = ny_sak(kjor, tittel="E-helse", status="pågående")
    r = ok(kjor("sak", "vis", nr, "--format", "table"))
    assert "Sak 2026/1" in r.stdout
    assert "E-helse" in r.stdout
    assert "pågående" in r.stdout
    assert "Historikk" in r.stdout
    assert "Opprettet" in r.stdout


def test_sak_vis_ukjent(kjor: Kjor) -> None:
    ny_sak(kjor)
    feil(kjor("sak", "vis", "2026/2"), 1, "Finner ingen sak med saksnummer 2026/2")
    feil(kjor("sak", "vis", "2025/1"), 1, "2025/1")
    feil(kjor("sak", "vis", "tjueseks"), 1, "«tjueseks» er ikke et saksnummer")


# -- sak endre and the history ---------------------------------------------------------


def test_sak_endre_alle_felt_og_historikk(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    nr = ny_sak(kjor)
    r = ok(
        kjor(
            "sak",
            "endre",
            nr,
            "--type",
            "lovmedvirkning",
            "--departement",
            "KDD",
            "--tittel",
            "Ny tittel",
            "--beskrivelse",
            "Mer tekst",
            "--oppmeldt",
            "2025",
            "--gjentakende",
            "--meldt-inn-av",
            "KDD",
            "--status",
            "pågående",
            "--dato",
            "15.04.2026",
            "--av",
            "Kari Nordmann",
        )
    )
    assert r.stdout == (
        "Sak 2026/1 endret: type, departement, tittel, beskrivelse, oppmeldt, "
        "gjentakende, meldt_inn_av, status.\n"
    )
    data = vis_json(kjor, "sak", nr)
    assert {k: data[k] for k in ("type", "departement", "tittel", "beskrivelse")} == {
        "type": "lovmedvirkning",
        "departement": "KDD",
        "tittel": "Ny tittel",
        "beskrivelse": "Mer tekst",
    }
    assert data["oppmeldt"] == 2025
    assert data["gjentakende"] is True
    assert data["meldt_inn_av"] == "KDD"
    assert data["status"] == "pagaende"
    assert data["status_endret"] == "2026-04-15"
    # The saksnummer is the case's handle and does not change with oppmeldt.
    assert data["saksnummer"] == "2026/1"
    endringer = [(h["felt"], h["gammel"], h["ny"], h["av"]) for h in data["historikk"][1:]]
    assert endringer == [
        ("type", "kostnadsberegning", "lovmedvirkning", "Kari Nordmann"),
        ("departement", "HOD", "KDD", "Kari Nordmann"),
        ("tittel", "E-helse", "Ny tittel", "Kari Nordmann"),
        ("beskrivelse", None, "Mer tekst", "Kari Nordmann"),
        ("oppmeldt", "2026", "2025", "Kari Nordmann"),
        ("gjentakende", "nei", "ja", "Kari Nordmann"),
        ("meldt_inn_av", "KS", "KDD", "Kari Nordmann"),
        ("status", "ny", "pagaende", "Kari Nordmann"),
        ("status_endret", "2026-04-30", "2026-04-15", "Kari Nordmann"),
    ]
    assert all(h["tidspunkt"] == TIDSPUNKT for h in data["historikk"])
    assert data["endret"] == TIDSPUNKT


def test_historikk_bruker_user_uten_av(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "ola")
    nr = ny_sak(kjor)
    ok(kjor("sak", "endre", nr, "--tittel", "Endret av Ola"))
    ok(kjor("sak", "endre", nr, "--tittel", "Endret av Kari", "--av", "kari"))
    historikk = vis_json(kjor, "sak", nr)["historikk"]
    assert [(h["felt"], h["av"]) for h in historikk] == [
        ("opprettet", "ola"),
        ("tittel", "ola"),
        ("tittel", "kari"),
    ]


def test_sak_endre_uten_endring(kjor: Kjor) -> None:
    nr = ny_sak(kjor, tittel="Samme")
    for_ = ojeblikksbilde(kjor)
    r = ok(kjor("sak", "endre", nr, "--tittel", "Samme", "--departement", "hod"))
    assert r.stdout == ""
    assert "ingenting å endre" in r.stderr
    assert ojeblikksbilde(kjor) == for_


def test_sak_endre_ikke_gjentakende(kjor: Kjor) -> None:
    nr = ny_sak(kjor, "--gjentakende")
    ok(kjor("sak", "endre", nr, "--ikke-gjentakende"))
    data = vis_json(kjor, "sak", nr)
    assert data["gjentakende"] is False
    assert (data["historikk"][-1]["gammel"], data["historikk"][-1]["ny"]) == ("ja", "nei")


def test_sak_endre_til_kode_utenfor_sine_ar_advarer(kjor: Kjor) -> None:
    nr = ny_sak(kjor, oppmeldt="2020", departement="KMD")
    r = ok(kjor("sak", "endre", nr, "--departement", "DFD"))
    assert "Advarsel: DFD" in r.stderr
    assert vis_json(kjor, "sak", nr)["departement"] == "DFD"


def test_sak_endre_feil_endrer_ingenting(kjor: Kjor) -> None:
    nr = ny_sak(kjor)
    endre = ("sak", "endre", nr)
    avvises_uten_endring(
        kjor,
        [
            (endre, 2, "Ingen endringer oppgitt"),
            ((*endre, "--departement", "XYZ"), 1, "«XYZ»"),
            ((*endre, "--meldt-inn-av", "XYZ"), 1, "«XYZ»"),
            ((*endre, "--type", "annet"), 1, "«annet»"),
            ((*endre, "--status", "ferdig"), 1, "«ferdig»"),
            ((*endre, "--oppmeldt", "1899"), 1, "1899"),
            ((*endre, "--tittel", "  "), 1, "Tittelen"),
            ((*endre, "--status", "avsluttet", "--dato", "31.02.2026"), 1, "«31.02.2026»"),
        ],
        ojeblikksbilde(kjor),
    )


def test_sak_endre_ukjent_sak(kjor: Kjor) -> None:
    feil(kjor("sak", "endre", "2026/1", "--tittel", "x"), 1, "Finner ingen sak")


# -- sak avslutt -----------------------------------------------------------------------


def test_sak_avslutt_med_dato(kjor: Kjor) -> None:
    nr = ny_sak(kjor)
    r = ok(kjor("sak", "avslutt", nr, "--dato", "2. desember 2026", "--av", "sekretariatet"))
    assert r.stdout == "Sak 2026/1 avsluttet 02.12.2026.\n"
    data = vis_json(kjor, "sak", nr)
    assert (data["status"], data["status_endret"]) == ("avsluttet", "2026-12-02")
    assert [(h["felt"], h["ny"], h["av"]) for h in data["historikk"][1:]] == [
        ("status", "avsluttet", "sekretariatet"),
        ("status_endret", "2026-12-02", "sekretariatet"),
    ]


def test_sak_avslutt_i_dag(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    nr = ny_sak(kjor, status="pågående")
    ok(kjor("sak", "endre", nr, "--status", "pagaende"))  # no change
    r = ok(kjor("sak", "avslutt", nr))
    assert r.stdout == f"Sak 2026/1 avsluttet {FAST_TID:%d.%m.%Y}.\n"
    data = vis_json(kjor, "sak", nr)
    assert (data["status"], data["status_endret"]) == ("avsluttet", "2026-04-30")


def test_sak_avslutt_to_ganger_er_feil(kjor: Kjor) -> None:
    nr = ny_sak(kjor)
    ok(kjor("sak", "avslutt", nr, "--dato", "01.03.2026"))
    for_ = ojeblikksbilde(kjor)
    feil(kjor("sak", "avslutt", nr), 1, "allerede avsluttet", "01.03.2026")
    assert ojeblikksbilde(kjor) == for_


def test_sak_avslutt_ukjent_og_ugyldig_dato(kjor: Kjor) -> None:
    nr = ny_sak(kjor)
    for_ = ojeblikksbilde(kjor)
    feil(kjor("sak", "avslutt", "2026/9"), 1, "2026/9")
    feil(kjor("sak", "avslutt", nr, "--dato", "31.02.2026"), 1, "«31.02.2026»")
    assert ojeblikksbilde(kjor) == for_


def _felt(data: dict[str, Any], *navn: str) -> tuple[Any, ...]:
    return tuple(data[n] for n in navn)


def test_avsluttet_sak_kan_gjenapnes(kjor: Kjor) -> None:
    nr = ny_sak(kjor)
    ok(kjor("sak", "avslutt", nr, "--dato", "01.03.2026"))
    ok(kjor("sak", "endre", nr, "--status", "pågående", "--dato", "02.03.2026"))
    assert _felt(vis_json(kjor, "sak", nr), "status", "status_endret") == (
        "pagaende",
        "2026-03-02",
    )
