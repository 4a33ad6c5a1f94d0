"""`konsreg avtale ny | liste | vis | endre | forny` and `konsreg avtaler`, through the CLI."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

import konsreg.cli.avtale
import konsreg.cli.felles
from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    avtaler_json,
    avvises_uten_endring,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    frys_tid,
    ider,
    ny_avtale,
    ojeblikksbilde,
    ok,
    vis_json,
)

TIDSPUNKT = "2026-04-30T10:15:00+00:00"
VELFERD = "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)"
SAMHANDLING = "Avtaler om samhandling mellom ulike deler av forvaltningen"

# Vedlegg c of the 2026 material: (title, category, parties, inngått, utløper, first year).
VEDLEGG_C = [
    (
        "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående opplæring",
        "velferd",
        "KD og KS",
        "02.12.2022",
        "31.12.2025",
        "2009",
    ),
    (
        "Avtale om kvalitets- og kapasitetsøkning i praksis for helse- og sosialfagsstudenter",
        "samhandling",
        "KD, HOD og KS",
        "08.09.2022",
        "31.12.2025",
        "2022",
    ),
    (
        "Samarbeidsavtale om mottak og bosetting av flyktninger",
        "samhandling",
        "AID, JD, BFD, KDD og KS",
        "11.03.2022",
        "31.12.2025",
        "2004",
    ),
    (
        "Samarbeidsavtale om partnerskapet i NAV-kontorene",
        "samhandling",
        "AID og KS",
        "04.01.2023",
        "31.12.2026",
        "2012",
    ),
    (
        "Samarbeidsavtale om oppfølging av digitaliseringsstrategi for offentlig sektor",
        "samhandling",
        "DFD og KS",
        "14.09.2020",
        "01.09.2025",
        "2020",
    ),
    (
        "Samarbeidsavtale om digital samhandling og helseteknologi",
        "samhandling",
        "HOD og KS",
        "15.03.2024",
        "31.12.2027",
        "2024",
    ),
    (
        "Utviklingsavtale om videreutvikling av gode lokalsamfunn",
        "samhandling",
        "AID, HOD, KDD, KUD, KD, SD og KS",
        "26.04.2024",
        "31.12.2028",
        "2024",
    ),
    (
        "Avtale om videreutvikling av helsefellesskapene",
        "samhandling",
        "HOD og KS",
        "26.04.2024",
        "31.12.2027",
        "2024",
    ),
]


@pytest.fixture
def vedlegg_c(kjor: Kjor) -> list[str]:
    """The eight agreements of Vedlegg c 2026, as A1..A8 in the order above."""
    handles = []
    for tittel, kategori, parter, inngatt, utloper, forste in VEDLEGG_C:
        handles.append(
            ny_avtale(
                kjor,
                tittel=tittel,
                kategori=kategori,
                part=parter,
                inngatt=inngatt,
                utloper=utloper,
                forste_avtale=forste,
            )
        )
    assert handles == [f"A{i}" for i in range(1, 9)]
    return handles


# -- avtale ny -------------------------------------------------------------------------


def test_avtale_ny_skriver_id(kjor: Kjor) -> None:
    r = ok(kjor("avtale", "ny", *avtale_args(tittel="NAV-avtalen")))
    assert r.stdout == "Registrerte avtale A1: NAV-avtalen\n"
    assert r.stderr == ""
    r = ok(kjor("avtale", "ny", *avtale_args(), "-q"))
    assert r.stdout == "A2\n"


def test_avtale_ny_lagrer_alle_feltene(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    ok(
        kjor(
            "avtale",
            "ny",
            "--tittel",
            "Samarbeidsavtale om mottak og bosetting av flyktninger",
            "--kategori",
            "samhandling",
            "--part",
            "AID, JD, BFD, KDD og KS",
            "--inngatt",
            "11.03.2022",
            "--utloper",
            "31.12.2025",
            "--forste-avtale",
            "2004",
            "--status",
            "pågående",
        )
    )
    assert avtaler_json(kjor) == [
        {
            "id": "A1",
            "tittel": "Samarbeidsavtale om mottak og bosetting av flyktninger",
            "kategori": "samhandling",
            "parter": ["AID", "JD", "BFD", "KDD", "KS"],
            "inngatt": "2022-03-11",
            "gyldig_fra": None,
            "utloper": "2025-12-31",
            "forste_avtale": 2004,
            "status": "pagaende",
            "status_endret": "2026-04-30",
            "fornyer": None,
            "opprettet": TIDSPUNKT,
            "endret": TIDSPUNKT,
        }
    ]


def test_parter_gjentatt_eller_som_trykt_rekkefolgen_beholdes(kjor: Kjor) -> None:
    from konsreg.regler.departementer import skriv_parter

    tilfeller = [
        (["--part", "AID, JD, BFD, KDD og KS"], ["AID", "JD", "BFD", "KDD", "KS"]),
        (
            ["-p", "AID", "-p", "JD", "-p", "BFD", "-p", "KDD", "-p", "KS"],
            ["AID", "JD", "BFD", "KDD", "KS"],
        ),
        (["--part", "KS", "--part", "HOD"], ["KS", "HOD"]),
        (["--part", "kd og ks"], ["KD", "KS"]),
        (["--part", "KD, HOD", "--part", "KS"], ["KD", "HOD", "KS"]),
    ]
    for parter, _ in tilfeller:
        ok(kjor("avtale", "ny", *avtale_args(part=None), *parter))
    assert [a["parter"] for a in avtaler_json(kjor)] == [v for _, v in tilfeller]
    tsv = ok(kjor("avtaler", "--format", "tsv")).stdout.splitlines()
    kolonne = tsv[0].split("\t").index("parter")
    assert [rad.split("\t")[kolonne] for rad in tsv[1:]] == [skriv_parter(v) for _, v in tilfeller]


def test_kategori_som_gruppenavn_eller_fullt_navn(kjor: Kjor) -> None:
    tilfeller = [
        ("velferd", "velferd"),
        ("samhandling", "samhandling"),
        (VELFERD, "velferd"),
        (SAMHANDLING, "samhandling"),
        (SAMHANDLING.lower(), "samhandling"),
        ("Velferd", "velferd"),
    ]
    for skrevet, _ in tilfeller:
        ny_avtale(kjor, kategori=skrevet, tittel=skrevet)
    lagret = {a["tittel"]: a["kategori"] for a in avtaler_json(kjor)}
    assert lagret == dict(tilfeller)


def test_norske_valgnavn(kjor: Kjor) -> None:
    ok(
        kjor(
            "avtale",
            "ny",
            "--tittel",
            "Kvalitetsutvikling",
            "--kategori",
            "velferd",
            "--part",
            "KD og KS",
            "--inngått",
            "2.12.22",
            "--utløper",
            "31. desember 2025",
            "--første-avtale",
            "2009",
        )
    )
    a = avtaler_json(kjor)[0]
    assert (a["inngatt"], a["utloper"], a["forste_avtale"]) == ("2022-12-02", "2025-12-31", 2009)


def test_avtale_uten_utloper(kjor: Kjor) -> None:
    ny_avtale(kjor, utloper=None, forste_avtale=None)
    a = avtaler_json(kjor)[0]
    assert a["utloper"] is None
    assert a["forste_avtale"] is None
    assert a["status"] == "ny"


def test_avtale_med_kode_utenfor_sine_ar_advarer_men_lagres(kjor: Kjor) -> None:
    # The 2026 material: the 2020 digitalisation agreement is listed as "DFD og KS".
    r = ok(
        kjor(
            "avtale",
            "ny",
            *avtale_args(part="DFD og KS", inngatt="14.09.2020", utloper="01.09.2025"),
            "--forste-avtale",
            "2020",
        )
    )
    linjer = r.stderr.splitlines()
    assert len(linjer) == 1
    assert linjer[0].startswith("Advarsel: DFD")
    assert "2020" in linjer[0]
    assert avtaler_json(kjor)[0]["parter"] == ["DFD", "KS"]


# -- errors of avtale ny: refused, nothing written -------------------------------------


def test_avtale_ny_feil(kjor: Kjor) -> None:
    ny_avtale(kjor, tittel="Den som finnes")
    tilfeller: list[tuple[dict[str, str], str]] = [
        ({"inngatt": "01.01.2024", "utloper": "31.12.2023"}, "Utløper (31.12.2023) er før inngått"),
        ({"part": "AID og XYZ og KS"}, "Ukjent part «XYZ»"),
        ({"part": "KDX og KS"}, "Mente du"),
        ({"forste_avtale": "2099"}, "Første avtale inngått (2099)"),
        ({"forste_avtale": "2024", "inngatt": "01.01.2023"}, "Første avtale inngått (2024)"),
        ({"forste_avtale": "99"}, "«99»"),
        ({"inngatt": "31.02.2026"}, "«31.02.2026»"),
        ({"utloper": "snart"}, "«snart»"),
        ({"kategori": "skole"}, "Ukjent kategori «skole»"),
        ({"kategori": "a"}, "Ukjent kategori «a»"),
        ({"part": "KS og KS"}, "to ganger"),
        ({"part": "HOD og hod"}, "to ganger"),
        ({"status": "ferdig"}, "«ferdig»"),
        ({"tittel": "  "}, "kan ikke være tom"),
    ]
    avvises_uten_endring(
        kjor,
        [(("avtale", "ny", *avtale_args(**felt)), 1, del_) for felt, del_ in tilfeller],
        ojeblikksbilde(kjor),
    )
    # The handle counter did not move either.
    assert ny_avtale(kjor) == "A2"


def test_forste_avtale_fram_i_tid_etter_registerets_klokke(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    frys_tid(monkeypatch)  # "today" is 30.04.2026
    feil(
        kjor(
            "avtale", "ny", *avtale_args(forste_avtale="2027", inngatt="01.01.2027", utloper=None)
        ),
        1,
        "fram i tid",
        "2026",
    )
    assert ny_avtale(kjor, forste_avtale="2026", inngatt="01.01.2026") == "A1"


def test_manglende_verdi_uten_terminal_er_bruksfeil(kjor: Kjor) -> None:
    for mangler in ["tittel", "kategori", "part", "inngatt"]:
        feil(kjor("avtale", "ny", *avtale_args(**{mangler: None})), 2, f"Mangler --{mangler}")
    assert avtaler_json(kjor) == []


def test_terminal_spor_etter_det_som_mangler(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    svar = "Partnerskapet i NAV\nsamhandling\nAID og KS\n04.01.2023\n31.12.2026\n"
    r = ok(kjor("avtale", "ny", "-q", input=svar))
    assert r.stdout.splitlines()[-1] == "A1"
    for sporsmal in ("Tittel", "Kategori", "Parter", "Inngått", "Utløper"):
        assert sporsmal in r.stderr
    a = avtaler_json(kjor)[0]
    assert (a["tittel"], a["kategori"], a["parter"], a["inngatt"], a["utloper"]) == (
        "Partnerskapet i NAV",
        "samhandling",
        ["AID", "KS"],
        "2023-01-04",
        "2026-12-31",
    )


def test_terminal_tom_utloper_betyr_ingen(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(konsreg.cli.felles, "er_interaktiv", lambda: True)
    ok(kjor("avtale", "ny", *avtale_args(utloper=None), "-q", input="\n"))
    assert avtaler_json(kjor)[0]["utloper"] is None


# -- avtaler / avtale liste and the filters --------------------------------------------


def test_avtale_liste_og_avtaler_er_det_samme(kjor: Kjor, vedlegg_c: list[str]) -> None:
    for fmt in ("tsv", "json", "csv", "jsonl", "markdown"):
        assert (
            ok(kjor("avtaler", "-f", fmt)).stdout == ok(kjor("avtale", "liste", "-f", fmt)).stdout
        )
    # Grouped as Vedlegg c: velferd first, then samhandling, each in registration order.
    assert ider(avtaler_json(kjor)) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]


def test_filter_utlop_ar(kjor: Kjor, vedlegg_c: list[str]) -> None:
    assert ider(avtaler_json(kjor, "--utlop", "2025")) == ["A1", "A2", "A3", "A5"]
    assert ider(avtaler_json(kjor, "--utlop", "2026")) == ["A4"]
    assert ider(avtaler_json(kjor, "--utløp", "2027")) == ["A6", "A8"]
    assert ider(avtaler_json(kjor, "--utlop", "2030")) == []


def test_filter_gjeldende_per_dato(kjor: Kjor, vedlegg_c: list[str]) -> None:
    alle = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]
    # An agreement is in force through the last day of utløper.
    assert ider(avtaler_json(kjor, "--gjeldende-per", "31.12.2025")) == [
        "A1",
        "A2",
        "A3",
        "A4",
        "A6",
        "A7",
        "A8",
    ]
    assert ider(avtaler_json(kjor, "--gjeldende-per", "01.01.2026")) == ["A4", "A6", "A7", "A8"]
    assert "A5" in ider(avtaler_json(kjor, "--gjeldende-per", "01.09.2025"))
    assert "A5" not in ider(avtaler_json(kjor, "--gjeldende-per", "02.09.2025"))
    # Not before inngått: the e-health agreement was signed 15.03.2024.
    assert "A6" not in ider(avtaler_json(kjor, "--gjeldende-per", "14.03.2024"))
    assert "A6" in ider(avtaler_json(kjor, "--gjeldende-per", "2024-03-15"))
    assert ider(avtaler_json(kjor, "--gjeldende-per", "30.04.2024")) == alle
    # "Per april 2026" (the material's heading): only the four still in force.
    assert ider(avtaler_json(kjor, "--gjeldende-per", "30. april 2026")) == [
        "A4",
        "A6",
        "A7",
        "A8",
    ]


def test_gjeldende_per_og_avsluttet_avtale(kjor: Kjor, vedlegg_c: list[str]) -> None:
    # Closed on 01.06.2025, its last day in force (issue 11): in force that day, not after.
    ok(kjor("avtale", "endre", "A4", "--status", "avsluttet", "--dato", "01.06.2025"))
    assert "A4" in ider(avtaler_json(kjor, "--gjeldende-per", "01.06.2025"))
    assert "A4" not in ider(avtaler_json(kjor, "--gjeldende-per", "02.06.2025"))


def test_filter_part(kjor: Kjor, vedlegg_c: list[str]) -> None:
    assert ider(avtaler_json(kjor, "--part", "KD")) == ["A1", "A2", "A7"]
    assert ider(avtaler_json(kjor, "-p", "hod")) == ["A2", "A6", "A7", "A8"]
    assert ider(avtaler_json(kjor, "--part", "KS")) == [f"A{i}" for i in range(1, 9)]
    assert ider(avtaler_json(kjor, "--part", "FIN")) == []


def test_filter_kategori(kjor: Kjor, vedlegg_c: list[str]) -> None:
    assert ider(avtaler_json(kjor, "--kategori", "velferd")) == ["A1"]
    assert ider(avtaler_json(kjor, "-k", SAMHANDLING)) == [f"A{i}" for i in range(2, 9)]


def test_filter_status(kjor: Kjor, vedlegg_c: list[str]) -> None:
    ok(kjor("avtale", "endre", "A1", "--status", "avsluttet", "--dato", "31.12.2025"))
    ok(kjor("avtale", "endre", "A4", "--status", "pågående"))
    assert ider(avtaler_json(kjor, "--status", "avsluttet")) == ["A1"]
    assert ider(avtaler_json(kjor, "--status", "pagaende")) == ["A4"]
    assert ider(avtaler_json(kjor, "-s", "ny")) == ["A2", "A3", "A5", "A6", "A7", "A8"]


def test_filtre_kombineres(kjor: Kjor, vedlegg_c: list[str]) -> None:
    assert ider(avtaler_json(kjor, "--part", "HOD", "--utlop", "2027")) == ["A6", "A8"]
    assert ider(
        avtaler_json(kjor, "--part", "KD", "--kategori", "samhandling", "--utlop", "2025")
    ) == ["A2"]
    assert ider(avtaler_json(kjor, "--gjeldende-per", "01.01.2026", "--part", "AID")) == [
        "A4",
        "A7",
    ]


def test_filter_utloper_innen(kjor: Kjor) -> None:
    idag = date.today()

    def om(dager: int) -> str:
        return (idag + timedelta(days=dager)).isoformat()

    inngatt = "01.01.2020"
    utlop = {
        "igar": om(-1),
        "idag": om(0),
        "om10": om(10),
        "om89": om(89),
        "om100": om(100),
        "om200": om(200),
        "om400": om(400),
    }
    handle = {
        navn: ny_avtale(kjor, tittel=navn, inngatt=inngatt, utloper=dato, forste_avtale=None)
        for navn, dato in utlop.items()
    }
    ny_avtale(kjor, tittel="uten", inngatt=inngatt, utloper=None, forste_avtale=None)

    def innen(frist: str) -> list[str]:
        return sorted(a["tittel"] for a in avtaler_json(kjor, "--utloper-innen", frist))

    assert innen("90d") == ["idag", "om10", "om89"]
    assert innen("6m") == ["idag", "om10", "om100", "om89"]
    assert innen("1å") == ["idag", "om10", "om100", "om200", "om89"]
    assert innen("0d") == ["idag"]
    assert innen(om(100)) == ["idag", "om10", "om100", "om89"]
    assert innen((idag + timedelta(days=10)).strftime("%d.%m.%Y")) == ["idag", "om10"]
    assert ider(avtaler_json(kjor, "--utløper-innen", "2u")) == [handle["idag"], handle["om10"]]


def test_ugyldig_filter_er_feil(kjor: Kjor) -> None:
    ny_avtale(kjor)
    for filter, del_ in [
        (("--part", "XYZ"), "Ukjent part «XYZ»"),
        (("--kategori", "skole"), "«skole»"),
        (("--status", "ferdig"), "«ferdig»"),
        (("--utlop", "25"), "«25»"),
        (("--utloper-innen", "5x"), "«5x»"),
        (("--utloper-innen", "90"), "«90»"),
        (("--gjeldende-per", "31.02.2026"), "«31.02.2026»"),
    ]:
        feil(kjor("avtaler", *filter), 1, del_)


# -- avtale vis ------------------------------------------------------------------------


def test_avtale_vis(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    ny_avtale(kjor)
    data = vis_json(kjor, "avtale", "A1")
    assert data["id"] == "A1"
    assert data["parter"] == ["AID", "KS"]
    assert data["historikk"] == [
        {"tidspunkt": TIDSPUNKT, "av": "tester", "felt": "opprettet", "gammel": None, "ny": "A1"}
    ]
    # The handle also without the A, and in lower case.
    assert vis_json(kjor, "avtale", "1")["id"] == "A1"
    assert vis_json(kjor, "avtale", "a1")["id"] == "A1"
    tabell = ok(kjor("avtale", "vis", "A1", "--format", "table")).stdout
    assert "Avtale A1" in tabell
    assert "AID og KS" in tabell
    assert "04.01.2023" in tabell
    assert "Historikk" in tabell


def test_avtale_vis_ukjent(kjor: Kjor) -> None:
    feil(kjor("avtale", "vis", "A1"), 1, "Finner ingen avtale «A1»")
    feil(kjor("avtale", "vis", "B7"), 1, "«B7»")


# -- avtale endre ----------------------------------------------------------------------


def test_avtale_endre_og_historikk(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    frys_tid(monkeypatch)
    ny_avtale(kjor, part="KD og KS", kategori="samhandling")
    r = ok(
        kjor(
            "avtale",
            "endre",
            "A1",
            "--tittel",
            "Ny tittel",
            "--kategori",
            "velferd",
            "--part",
            "HOD, KD og KS",
            "--inngatt",
            "05.01.2023",
            "--utloper",
            "30.06.2027",
            "--forste-avtale",
            "2010",
            "--status",
            "pågående",
            "--dato",
            "01.02.2023",
            "--av",
            "kari",
        )
    )
    assert r.stdout == (
        "Avtale A1 endret: tittel, kategori, parter, inngatt, utloper, forste_avtale, status.\n"
    )
    data = vis_json(kjor, "avtale", "A1")
    assert data["parter"] == ["HOD", "KD", "KS"]
    assert (data["kategori"], data["status"], data["status_endret"]) == (
        "velferd",
        "pagaende",
        "2023-02-01",
    )
    endringer = [(h["felt"], h["gammel"], h["ny"], h["av"]) for h in data["historikk"][1:]]
    assert endringer == [
        ("tittel", "Samarbeidsavtale om partnerskapet i NAV-kontorene", "Ny tittel", "kari"),
        ("kategori", "samhandling", "velferd", "kari"),
        ("parter", "KD og KS", "HOD, KD og KS", "kari"),
        ("inngatt", "2023-01-04", "2023-01-05", "kari"),
        ("utloper", "2026-12-31", "2027-06-30", "kari"),
        ("forste_avtale", "2012", "2010", "kari"),
        ("status", "ny", "pagaende", "kari"),
        ("status_endret", "2026-04-30", "2023-02-01", "kari"),
    ]


def test_avtale_endre_rekkefolgen_av_parter_er_en_endring(kjor: Kjor) -> None:
    ny_avtale(kjor, part="KD, HOD og KS")
    r = ok(kjor("avtale", "endre", "A1", "-p", "HOD", "-p", "KD", "-p", "KS"))
    assert r.stdout == "Avtale A1 endret: parter.\n"
    assert avtaler_json(kjor)[0]["parter"] == ["HOD", "KD", "KS"]


def test_avtale_endre_uten_endring(kjor: Kjor) -> None:
    ny_avtale(kjor)
    for_ = ojeblikksbilde(kjor)
    r = ok(kjor("avtale", "endre", "A1", "--part", "aid og ks", "--kategori", SAMHANDLING))
    assert "ingenting å endre" in r.stderr
    assert ojeblikksbilde(kjor) == for_


def test_avtale_endre_feil_endrer_ingenting(kjor: Kjor) -> None:
    ny_avtale(kjor)
    endre = ("avtale", "endre", "A1")
    avvises_uten_endring(
        kjor,
        [
            (endre, 2, "Ingen endringer oppgitt"),
            ((*endre, "--utloper", "01.01.2020"), 1, "er før inngått"),
            ((*endre, "--inngatt", "01.01.2030"), 1, "er før inngått"),
            ((*endre, "--part", "XYZ og KS"), 1, "«XYZ»"),
            ((*endre, "--part", "KS og KS"), 1, "to ganger"),
            ((*endre, "--forste-avtale", "2099"), 1, "2099"),
            ((*endre, "--kategori", "skole"), 1, "«skole»"),
            ((*endre, "--status", "ferdig"), 1, "«ferdig»"),
            ((*endre, "--tittel", ""), 1, "Tittelen"),
        ],
        ojeblikksbilde(kjor),
    )


# -- avtale forny ----------------------------------------------------------------------


def test_avtale_forny_arver_og_avslutter_den_gamle(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    frys_tid(monkeypatch)
    ny_avtale(
        kjor,
        tittel="Samarbeidsavtale om mottak og bosetting av flyktninger",
        part="AID, JD, BFD, KDD og KS",
        inngatt="11.03.2022",
        utloper="31.12.2025",
        forste_avtale="2004",
    )
    r = ok(kjor("avtale", "forny", "A1", "--inngatt", "06.03.2026", "--utloper", "31.12.2029"))
    assert r.stdout == "Registrerte avtale A2, som fornyer A1 (nå avsluttet).\n"
    ny, gammel = vis_json(kjor, "avtale", "A2"), vis_json(kjor, "avtale", "A1")
    assert {k: ny[k] for k in ("tittel", "kategori", "parter", "forste_avtale", "fornyer")} == {
        "tittel": "Samarbeidsavtale om mottak og bosetting av flyktninger",
        "kategori": "samhandling",
        "parter": ["AID", "JD", "BFD", "KDD", "KS"],
        "forste_avtale": 2004,
        "fornyer": "A1",
    }
    assert (ny["inngatt"], ny["utloper"], ny["status"]) == ("2026-03-06", "2029-12-31", "ny")
    # The old one is closed as of its own utløper, which came before the new one started
    # (issue 11), and its history says so.
    assert (gammel["status"], gammel["status_endret"]) == ("avsluttet", "2025-12-31")
    assert [(h["felt"], h["ny"]) for h in gammel["historikk"][1:]] == [
        ("status", "avsluttet"),
        ("status_endret", "2025-12-31"),
    ]
    assert gammel["fornyer"] is None
    # `vis` of the old one points to the renewal.
    r = ok(kjor("avtale", "vis", "A1", "--format", "json"))
    assert "Avtale A1 er fornyet av A2." in r.stderr
    # On the day the new one was signed, only the new one is in force.
    assert ider(avtaler_json(kjor, "--gjeldende-per", "06.03.2026")) == ["A2"]
    assert ider(avtaler_json(kjor, "--gjeldende-per", "05.03.2026")) == []


def test_avtale_forny_med_nye_verdier(kjor: Kjor) -> None:
    ny_avtale(kjor, part="KD og KS", forste_avtale=None, inngatt="02.12.2022")
    r = ok(
        kjor(
            "avtale",
            "forny",
            "A1",
            "--inngått",
            "01.01.2026",
            "--tittel",
            "Ny runde",
            "--part",
            "KD, HOD og KS",
            "--kategori",
            "velferd",
            "-q",
        )
    )
    assert r.stdout == "A2\n"
    ny = vis_json(kjor, "avtale", "A2")
    assert (ny["tittel"], ny["parter"], ny["kategori"]) == (
        "Ny runde",
        ["KD", "HOD", "KS"],
        "velferd",
    )
    # Without a first year on the old one, the series started when the old one was signed.
    assert ny["forste_avtale"] == 2022
    assert ny["utloper"] is None


def test_avtale_forny_i_kjede(kjor: Kjor) -> None:
    ny_avtale(kjor, inngatt="01.01.2020", utloper="31.12.2021", forste_avtale="2016")
    ok(kjor("avtale", "forny", "A1", "--inngatt", "01.01.2022", "--utloper", "31.12.2023"))
    ok(kjor("avtale", "forny", "A2", "--inngatt", "01.01.2024"))
    a = {x["id"]: x for x in avtaler_json(kjor)}
    assert (a["A2"]["fornyer"], a["A3"]["fornyer"]) == ("A1", "A2")
    assert [a[h]["status"] for h in ("A1", "A2", "A3")] == ["avsluttet", "avsluttet", "ny"]
    assert a["A3"]["forste_avtale"] == 2016


def test_avtale_forny_feil_endrer_ingenting(kjor: Kjor) -> None:
    ny_avtale(kjor)
    forny = ("avtale", "forny", "A1")
    avvises_uten_endring(
        kjor,
        [
            ((*forny, "--inngatt", "01.01.2020"), 1, "kan ikke være inngått før"),
            ((*forny, "--inngatt", "01.01.2026", "--utloper", "01.01.2025"), 1, "er før inngått"),
            ((*forny, "--inngatt", "31.02.2026"), 1, "«31.02.2026»"),
            ((*forny, "--inngatt", "01.01.2026", "--part", "XYZ og KS"), 1, "«XYZ»"),
            (forny, 2, "Mangler --inngatt"),
        ],
        ojeblikksbilde(kjor),
    )
    assert ny_avtale(kjor) == "A2"


def test_avtale_forny_avsluttet_eller_ukjent(kjor: Kjor) -> None:
    ny_avtale(kjor)
    ok(kjor("avtale", "forny", "A1", "--inngatt", "01.01.2026"))
    for_ = ojeblikksbilde(kjor)
    feil(
        kjor("avtale", "forny", "A1", "--inngatt", "01.02.2026"), 1, "A1 er allerede fornyet av A2"
    )
    feil(kjor("avtale", "forny", "A9", "--inngatt", "01.02.2026"), 1, "«A9»")
    assert ojeblikksbilde(kjor) == for_
