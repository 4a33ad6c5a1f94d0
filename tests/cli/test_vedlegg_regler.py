"""Which rows an appendix has, and in which order: the rules, at their edges.

Vedlegg a/b: cases of that kind registered up to the year and not closed before it.
Vedlegg c: agreements signed by --per and not closed before it; an agreement is in
force through the whole of its utløper day; categories in the register's order, the
first non-empty one heading the first column, each further one a group row.
"""

from __future__ import annotations

from datetime import date

import pytest

from konsreg import models
from konsreg.lesere.vedlegg import les_vedlegg
from konsreg.regler.avtale import er_utlopt
from konsreg.regler.departementer import Dep, Departementer
from konsreg.render import vedlegg
from tests.cli.test_vedlegg import SAMHANDLING, VELFERD, ok, rutenett
from tests.conftest import Kjor

C_KOLONNER = ["Parter", "Inngått", "Utløper", "Første avtale inngått"]


def ny_sak(
    kjor: Kjor,
    tittel: str,
    oppmeldt: str,
    *ekstra: str,
    type: str = "kostnadsberegning",
    dep: str = "HOD",
) -> str:
    r = ok(
        kjor(
            "sak", "ny", "-t", type, "-d", dep, "--tittel", tittel, "--oppmeldt", oppmeldt,
            "--meldt-inn-av", "KS", "-q", *ekstra,
        )
    )  # fmt: skip
    return str(r.stdout.strip())


def ny_avtale(
    kjor: Kjor,
    tittel: str,
    *,
    kategori: str = "samhandling",
    inngatt: str = "01.01.2024",
    utloper: str = "31.12.2027",
    parter: str = "HOD og KS",
) -> str:
    r = ok(
        kjor(
            "avtale", "ny", "--tittel", tittel, "-k", kategori, "-p", parter,
            "--inngatt", inngatt, "--utloper", utloper, "--forste-avtale", "2020", "-q",
        )
    )  # fmt: skip
    return str(r.stdout.strip())


def sak_titler(kjor: Kjor, bokstav: str, ar: int) -> list[str]:
    r = ok(kjor("vedlegg", bokstav, "--ar", str(ar), "--format", "tsv"))
    rader = rutenett(r.stdout)
    assert rader[1] == ["Sak", "Oppmeldt"]
    return [rad[0] for rad in rader[2:]]


def c_rader(kjor: Kjor, per: str, *ekstra: str) -> tuple[list[list[str]], str]:
    r = ok(kjor("vedlegg", "c", "--per", per, "--format", "tsv", *ekstra))
    return rutenett(r.stdout), r.stderr


# -- Vedlegg a and b ---------------------------------------------------------------------


def test_ab_avsluttet_for_aret_er_ute_avsluttet_i_aret_er_med(kjor: Kjor) -> None:
    ny_sak(kjor, "Lukket i fjor", "2024")
    ny_sak(kjor, "Lukket nyttår", "2024")
    ny_sak(kjor, "Lukket nyttårsaften", "2024")
    ny_sak(kjor, "Lukket i år", "2025")
    ok(kjor("sak", "avslutt", "2024/1", "--dato", "15.06.2025"))
    ok(kjor("sak", "avslutt", "2024/2", "--dato", "01.01.2026"))
    ok(kjor("sak", "avslutt", "2024/3", "--dato", "31.12.2025"))
    ok(kjor("sak", "avslutt", "2025/1", "--dato", "20.11.2026"))
    titler = sak_titler(kjor, "a", 2026)
    assert "Helse- og omsorgsdepartementet Lukket i fjor" not in titler
    assert "Helse- og omsorgsdepartementet Lukket nyttårsaften" not in titler
    assert "Helse- og omsorgsdepartementet Lukket nyttår" in titler
    assert "Helse- og omsorgsdepartementet Lukket i år" in titler
    # In 2025 all four were still open for at least part of the year.
    assert len(sak_titler(kjor, "a", 2025)) == 4


def test_ab_sak_oppmeldt_senere_er_ikke_med(kjor: Kjor) -> None:
    ny_sak(kjor, "Neste år", "2027")
    ny_sak(kjor, "I år", "2026")
    assert sak_titler(kjor, "a", 2026) == ["Helse- og omsorgsdepartementet I år"]
    assert sak_titler(kjor, "a", 2027) == [
        "Helse- og omsorgsdepartementet Neste år",
        "Helse- og omsorgsdepartementet I år",
    ]
    assert sak_titler(kjor, "a", 2025) == []


def test_ab_bare_sin_egen_type(kjor: Kjor) -> None:
    ny_sak(kjor, "Kostnad", "2026")
    ny_sak(kjor, "Lov", "2026", type="lovmedvirkning", dep="KLD")
    assert sak_titler(kjor, "a", 2026) == ["Helse- og omsorgsdepartementet Kostnad"]
    assert sak_titler(kjor, "b", 2026) == ["Klima- og miljødepartementet Lov"]


def test_ab_gjentakende_og_rekkefolge(kjor: Kjor) -> None:
    ny_sak(kjor, "Gammel", "2022", "--gjentakende")
    ny_sak(kjor, "Ny to", "2026", dep="AID")
    ny_sak(kjor, "Mellom", "2024", dep="KD")
    ny_sak(kjor, "Ny en", "2026", dep="KDD")
    r = ok(kjor("vedlegg", "a", "--ar", "2026", "--format", "tsv"))
    assert rutenett(r.stdout)[2:] == [
        ["Arbeids- og inkluderingsdepartementet Ny to", "2026"],
        ["Kommunal- og distriktsdepartementet Ny en", "2026"],
        ["Kunnskapsdepartementet Mellom", "2024"],
        ["Helse- og omsorgsdepartementet Gammel", "2022 (første gang)"],
    ]


def test_ab_tom_tabell_har_tittel_og_overskrift(kjor: Kjor) -> None:
    r = ok(kjor("vedlegg", "b", "--ar", "2026", "--format", "tsv"))
    assert r.stdout == "Vedlegg b) Oversikt over lovmedvirkningssaker\nSak\tOppmeldt\n"


def test_ab_departementsnavn_fra_konsultasjonsaret(kjor: Kjor) -> None:
    """A ministry renamed under the same code prints with the name it has in the
    consultation year, as the material of that year does."""
    ny_sak(kjor, "Beredskap", "2010", "--gjentakende", dep="JD")
    assert sak_titler(kjor, "a", 2026) == ["Justis- og beredskapsdepartementet Beredskap"]
    assert sak_titler(kjor, "a", 2011) == ["Justis- og politidepartementet Beredskap"]


# -- Vedlegg c ---------------------------------------------------------------------------


def test_c_avsluttet_dagen_for_er_ute_pa_dagen_eller_senere_er_med(kjor: Kjor) -> None:
    for navn in ("Dagen før", "Samme dag", "Dagen etter", "Åpen"):
        ny_avtale(kjor, navn)
    ok(kjor("avtale", "endre", "A1", "--status", "avsluttet", "--dato", "29.04.2026"))
    ok(kjor("avtale", "endre", "A2", "--status", "avsluttet", "--dato", "30.04.2026"))
    ok(kjor("avtale", "endre", "A3", "--status", "avsluttet", "--dato", "01.05.2026"))
    rader, _ = c_rader(kjor, "2026-04-30")
    assert [r[0] for r in rader[2:]] == ["Samme dag", "Dagen etter", "Åpen"]
    rader, _ = c_rader(kjor, "2026-04-29")
    assert [r[0] for r in rader[2:]] == ["Dagen før", "Samme dag", "Dagen etter", "Åpen"]


def test_c_inngatt_etter_per_er_ute(kjor: Kjor) -> None:
    ny_avtale(kjor, "Inngått på dagen", inngatt="30.04.2026")
    ny_avtale(kjor, "Inngått dagen etter", inngatt="01.05.2026")
    rader, _ = c_rader(kjor, "2026-04-30")
    assert [r[0] for r in rader[2:]] == ["Inngått på dagen"]
    rader, _ = c_rader(kjor, "2026-05-01")
    assert [r[0] for r in rader[2:]] == ["Inngått på dagen", "Inngått dagen etter"]


def test_c_gjelder_hele_utlopsdagen(kjor: Kjor) -> None:
    ny_avtale(kjor, "Utløper på dagen", inngatt="01.01.2024", utloper="30.04.2026")
    ny_avtale(kjor, "Utløp dagen før", inngatt="01.01.2024", utloper="29.04.2026")
    rader, stderr = c_rader(kjor, "2026-04-30")
    assert [r[0] for r in rader[2:]] == ["Utløper på dagen", "Utløp dagen før"]
    advarsler = [linje for linje in stderr.splitlines() if linje.startswith("Advarsel:")]
    assert len(advarsler) == 1, stderr
    assert "«Utløp dagen før»" in advarsler[0]
    assert "29.04.2026" in advarsler[0]
    assert "Utløper på dagen" not in stderr
    rader, stderr = c_rader(kjor, "2026-04-30", "--bare-gjeldende")
    assert [r[0] for r in rader[2:]] == ["Utløper på dagen"]
    assert "Advarsel" not in stderr


def test_c_avsluttet_utlopt_avtale_gir_ingen_advarsel(kjor: Kjor) -> None:
    ny_avtale(kjor, "Utløpt og avsluttet", utloper="31.12.2025")
    ok(kjor("avtale", "endre", "A1", "--status", "avsluttet", "--dato", "31.12.2025"))
    rader, stderr = c_rader(kjor, "2026-04-30")
    assert rader[2:] == []
    assert stderr == ""


def test_c_kategorier_i_registerets_rekkefolge(kjor: Kjor) -> None:
    """Registered samhandling first, velferd second: velferd still comes first."""
    ny_avtale(kjor, "Samhandling 1", kategori="samhandling")
    ny_avtale(kjor, "Velferd 1", kategori="velferd")
    ny_avtale(kjor, "Samhandling 2", kategori="samhandling")
    rader, _ = c_rader(kjor, "2026-04-30")
    assert rader[1] == [VELFERD, *C_KOLONNER]
    assert [r[0] for r in rader[2:]] == [
        "Velferd 1",
        SAMHANDLING,
        "Samhandling 1",
        "Samhandling 2",
    ]
    assert rader[3] == [SAMHANDLING]  # a group row: only the name, empty cells after


def test_c_forste_ikke_tomme_kategori_er_overskrift(kjor: Kjor) -> None:
    ny_avtale(kjor, "Samhandling 1", kategori="samhandling")
    rader, _ = c_rader(kjor, "2026-04-30")
    assert rader[1] == [SAMHANDLING, *C_KOLONNER]
    assert [r[0] for r in rader[2:]] == ["Samhandling 1"]
    assert VELFERD not in "\n".join("\t".join(r) for r in rader)


def test_c_parter_som_trykt(kjor: Kjor) -> None:
    ny_avtale(kjor, "Fem parter", parter="AID, JD, BFD, KDD og KS")
    ny_avtale(kjor, "To parter", parter="KS og KD")
    rader, _ = c_rader(kjor, "2026-04-30")
    assert [r[1] for r in rader[2:]] == ["AID, JD, BFD, KDD og KS", "KS og KD"]


# -- the layout module itself ------------------------------------------------------------


def avtale(
    tittel: str,
    kategori: str = "samhandling",
    utloper: date | None = date(2027, 12, 31),
    forste: int | None = 2020,
) -> models.AvtaleLinje:
    return models.AvtaleLinje(
        id="A1",
        tittel=tittel,
        kategori=kategori,
        kategori_navn={"velferd": VELFERD, "samhandling": SAMHANDLING}.get(kategori, kategori),
        parter=("AID", "HOD", "KS"),
        inngatt=date(2024, 1, 1),
        utloper=utloper,
        forste_avtale=forste,
        status="pagaende",
    )


KATEGORIER = [("velferd", VELFERD), ("samhandling", SAMHANDLING), ("klima", "Avtaler om klima")]


def test_vedlegg_c_grupper_og_overskrift() -> None:
    v = vedlegg.vedlegg_c(
        2026,
        date(2026, 4, 30),
        [avtale("S", "samhandling"), avtale("K", "klima")],
        KATEGORIER,
    )
    assert v.overskrift == [SAMHANDLING, *C_KOLONNER]
    assert [(r.celler, r.gruppe) for r in v.rader] == [
        (["S", "AID, HOD og KS", "01.01.2024", "31.12.2027", "2020"], False),
        (["Avtaler om klima", "", "", "", ""], True),
        (["K", "AID, HOD og KS", "01.01.2024", "31.12.2027", "2020"], False),
    ]
    assert v.tittel.endswith("konsultasjonsordningen per april 2026")


def test_vedlegg_c_ukjent_kategori_kommer_sist() -> None:
    v = vedlegg.vedlegg_c(
        2026, date(2026, 4, 30), [avtale("X", "ny-kat"), avtale("V", "velferd")], KATEGORIER
    )
    assert [r.celler[0] for r in v.rader] == ["V", "ny-kat", "X"]


def test_vedlegg_c_tomme_celler() -> None:
    v = vedlegg.vedlegg_c(2026, date(2026, 4, 30), [avtale("X", utloper=None, forste=None)], [])
    assert v.rader[0].celler == ["X", "AID, HOD og KS", "01.01.2024", "", ""]
    assert vedlegg.tsv(v).splitlines()[-1] == "X\tAID, HOD og KS\t01.01.2024\t\t"


def test_utlopt_grensen() -> None:
    a = avtale("X", utloper=date(2026, 4, 30))
    assert not er_utlopt(a.utloper, date(2026, 4, 30))
    assert er_utlopt(a.utloper, date(2026, 5, 1))
    assert not er_utlopt(avtale("Y", utloper=None).utloper, date(2099, 1, 1))


@pytest.mark.parametrize(
    ("dag", "tekst"),
    [
        (date(2026, 1, 1), "per januar 2026"),
        (date(2026, 2, 28), "per februar 2026"),
        (date(2026, 4, 30), "per april 2026"),
        (date(2025, 12, 31), "per desember 2025"),
    ],
)
def test_per_tekst(dag: date, tekst: str) -> None:
    assert vedlegg.per_tekst(dag) == tekst


def test_oppmeldt_tekst() -> None:
    assert vedlegg.oppmeldt_tekst(2022, True) == "2022 (første gang)"
    assert vedlegg.oppmeldt_tekst(2026, False) == "2026"


def test_markdown_escaper_skillelinje() -> None:
    v = vedlegg.vedlegg_c(2026, date(2026, 4, 30), [avtale("A | B")], KATEGORIER)
    assert "| A \\| B |" in vedlegg.markdown(v)


# -- the reader --------------------------------------------------------------------------

DEPS = Departementer(
    [
        Dep("KD", "Kunnskapsdepartementet", 2006, None),
        Dep("KUD", "Kulturdepartementet", 2010, 2021),
        Dep("KD", "Kulturdepartementet", 1991, 2001),
        Dep("KUD", "Kultur- og likestillingsdepartementet", 2022, None),
        Dep("HOD", "Helse- og omsorgsdepartementet", 2004, None),
        Dep("KMD", "Kommunal- og moderniseringsdepartementet", 2014, 2021),
    ]
)


def test_leser_lengste_departementsnavn() -> None:
    lest = les_vedlegg(
        "Sak\tOppmeldt\nKultur- og likestillingsdepartementet Kulturmiljøloven\t2026\n",
        bokstav="b",
        deps=DEPS,
        kilde="f",
    )
    assert lest.feil == []
    assert [(s.departement, s.tittel) for s in lest.saker] == [("KUD", "Kulturmiljøloven")]


def test_leser_skjemaskift_er_ingen_egen_linje() -> None:
    """A form feed (a page break, as pdftotext writes it) is not a line of its own:
    line numbers count newlines, as an editor does."""
    tekst = (
        "Sak\tOppmeldt\n"
        "Helse- og omsorgsdepartementet A\t2026\n"
        "\fHelse- og omsorgsdepartementet B\t2026\n"
        "Ukjentdepartementet C\t2026\n"
    )
    lest = les_vedlegg(tekst, bokstav="a", deps=DEPS, kilde="f")
    assert [s.tittel for s in lest.saker] == ["A", "B"]
    assert len(lest.feil) == 1
    assert lest.feil[0].startswith("f:4: ")


def test_leser_per_fra_tittelen() -> None:
    tekst = (
        "### Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per februar 2024\n"
        f"{VELFERD}\tParter\tInngått\tUtløper\tFørste avtale inngått\n"
        "X\tKD og KS\t01.02.2024\t31.12.2027\t2009\n"
    )
    lest = les_vedlegg(tekst, bokstav="c", deps=DEPS, kilde="f")
    assert lest.feil == []
    assert lest.per == date(2024, 2, 29)


def test_leser_tittel_etter_sideskift() -> None:
    """pdftotext puts the form feed first on the new page's first line."""
    tekst = (
        "\n\f### Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per mai 2025\r\n"
        f"{VELFERD}\tParter\tInngått\tUtløper\tFørste avtale inngått\r\n"
        "X\tKD og KS\t01.02.2024\t31.12.2027\t2009\r\n"
        "\f\r\n"
        "Y\tKD og KS\t01.02.2024\t31.12.2027\t2009\r\n"
    )
    lest = les_vedlegg(tekst, bokstav="c", deps=DEPS, kilde="f")
    assert lest.feil == []
    assert lest.per == date(2025, 5, 31)
    assert [(a.linje, a.tittel, a.kategori) for a in lest.avtaler] == [
        (4, "X", VELFERD),
        (6, "Y", VELFERD),
    ]


@pytest.mark.parametrize("rekkefolge", [1, -1])
@pytest.mark.parametrize(("ar", "kode"), [(1995, "KD"), (2015, "KUD"), (2026, "KUD")])
def test_leser_navn_som_to_koder_har_hatt_avgjores_av_aret(
    rekkefolge: int, ar: int, kode: str
) -> None:
    deps = Departementer(DEPS.alle[::rekkefolge])
    lest = les_vedlegg(
        "Sak\tOppmeldt\nKulturdepartementet Museumsreform\t1995\n",
        bokstav="a",
        deps=deps,
        kilde="f",
        ar=ar,
    )
    assert [s.departement for s in lest.saker] == [kode]
