"""Issue 11, items 11-13, through the commands (on the test's backend): ministries'
successors in appendices and filters, full names wherever a code goes, the prompt that
checks a ministry as it is typed, and the sanity warnings."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    avtaler_json,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    feil,
    ider,
    ny_avtale,
    ny_sak,
    ok,
    sak_args,
    saker_json,
    vis_json,
)

KMD_NAVN = "Kommunal- og moderniseringsdepartementet"
KDD_NAVN = "Kommunal- og distriktsdepartementet"
FOTNOTE_B = (
    f"Fotnote: «Planloven» ble registrert under KMD ({KMD_NAVN}); "
    f"vist under etterfølgeren KDD ({KDD_NAVN})."
)
FOTNOTE_C = f"Fotnote: «Digihjelpen»: KMD ({KMD_NAVN}) er vist som etterfølgeren KDD ({KDD_NAVN})."


def _fil(tmp_path: Path, navn: str, innhold: str) -> str:
    sti = tmp_path / navn
    sti.write_text(innhold, encoding="utf-8")
    return str(sti)


def _kmd_sak(kjor: Kjor) -> str:
    """The issue's case: registered under KMD in 2018 and still open."""
    return ny_sak(kjor, type="lov", departement="KMD", tittel="Planloven", oppmeldt="2018")


def _digihjelpen(kjor: Kjor) -> str:
    """An agreement KMD signed in 2018, in force in 2026."""
    return ny_avtale(
        kjor,
        tittel="Digihjelpen",
        part="KMD og KS",
        inngatt="30.01.2018",
        utloper="31.12.2027",
        forste_avtale="2018",
    )


# -- 11. successors: the appendix of a year prints the name in force ---------------------


def test_vedlegg_b_2026_viser_kdd_for_kmd_sak_fra_2018_med_fotnote(kjor: Kjor) -> None:
    _kmd_sak(kjor)
    r = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "tsv"))
    assert r.stdout.splitlines() == [
        "Vedlegg b) Oversikt over lovmedvirkningssaker",
        "Sak\tOppmeldt",
        f"{KDD_NAVN} Planloven\t2018",
        FOTNOTE_B,
    ]
    # The appendix of 2020 prints KMD's own name, and needs no footnote.
    r = ok(kjor("vedlegg", "b", "--ar", "2020", "-f", "tsv"))
    assert r.stdout.splitlines()[2:] == [f"{KMD_NAVN} Planloven\t2018"]
    # The record keeps the code it was registered with.
    assert saker_json(kjor)[0]["departement"] == "KMD"


def test_vedlegg_b_fotnoten_i_hvert_format(kjor: Kjor) -> None:
    _kmd_sak(kjor)
    md = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "markdown")).stdout
    assert md.endswith(f"| {KDD_NAVN} Planloven | 2018 |\n\n{FOTNOTE_B}\n")
    side = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "html")).stdout
    assert f'</table>\n<p class="fotnote">{FOTNOTE_B}</p>\n</body>' in side
    data = json.loads(ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "json")).stdout)
    assert data["fotnoter"] == [FOTNOTE_B]
    rad = data["rader"][0]
    assert (rad["departement"], rad["departement_vist"], rad["departement_navn"]) == (
        "KMD",
        "KDD",
        KDD_NAVN,
    )
    tabell = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "table")).stdout
    assert "Fotnote: «Planloven»" in tabell
    # CSV is the grid alone, for spreadsheets.
    assert "Fotnote" not in ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "csv")).stdout


def test_vedlegg_c_viser_etterfolgeren_blant_partene(kjor: Kjor) -> None:
    _digihjelpen(kjor)
    r = ok(kjor("vedlegg", "c", "--per", "2026-04-30", "-f", "tsv"))
    linjer = r.stdout.splitlines()
    assert linjer[2:] == ["Digihjelpen\tKDD og KS\t30.01.2018\t31.12.2027\t2018", FOTNOTE_C]
    data = json.loads(ok(kjor("vedlegg", "c", "--per", "2026-04-30", "-f", "json")).stdout)
    assert data["rader"][0]["parter"] == ["KMD", "KS"]
    assert data["rader"][0]["parter_vist"] == ["KDD", "KS"]
    assert data["fotnoter"] == [FOTNOTE_C]
    # As of 2020, KMD was KMD.
    r = ok(kjor("vedlegg", "c", "--per", "2020-12-31", "-f", "tsv"))
    assert r.stdout.splitlines()[2:] == ["Digihjelpen\tKMD og KS\t30.01.2018\t31.12.2027\t2018"]


def test_utskrift_med_fotnote_leses_inn_igjen_uten_endring(kjor: Kjor, tmp_path: Path) -> None:
    """The printed appendix imports back as the same records: the footnote is no row, a
    case shown under KDD is the one registered under KMD, and KDD among an agreement's
    printed parties is not a change of its KMD."""
    _kmd_sak(kjor)
    _digihjelpen(kjor)
    for_ = (saker_json(kjor), avtaler_json(kjor))
    tsv = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "tsv")).stdout
    assert f"{KDD_NAVN} Planloven\t2018\n{FOTNOTE_B}\n" in tsv
    r = ok(kjor("import", "vedlegg", "b", _fil(tmp_path, "b.tsv", tsv), "--ar", "2026"))
    assert "0 nye, 0 oppdatert, 1 uendret" in r.stderr
    tsv = ok(kjor("vedlegg", "c", "--per", "2026-04-30", "-f", "tsv")).stdout
    assert f"\tKDD og KS\t30.01.2018\t31.12.2027\t2018\n{FOTNOTE_C}\n" in tsv
    r = ok(kjor("import", "vedlegg", "c", _fil(tmp_path, "c.tsv", tsv)))
    assert "0 nye, 0 oppdatert, 1 uendret" in r.stderr
    assert (saker_json(kjor), avtaler_json(kjor)) == for_


def test_materialets_vedlegg_2026_har_ingen_fotnoter(kjor: Kjor) -> None:
    # Every ministry of the 2026 example is registered under its 2026 code, so the golden
    # tables (tests/cli/test_vedlegg.py) stay byte for byte as the material has them.
    ok(kjor("eksempel"))
    for bokstav in "abc":
        args = ["vedlegg", bokstav, "--ar", "2026", "--per", "2026-04-30"][
            : 4 if bokstav != "c" else 6
        ]
        for fmt in ("tsv", "markdown", "html", "table"):
            assert "Fotnote" not in ok(kjor(*args, "-f", fmt)).stdout
        assert json.loads(ok(kjor(*args, "-f", "json")).stdout)["fotnoter"] == []


def test_avtaler_part_kdd_finner_kmd_og_krd(kjor: Kjor) -> None:
    krd = ny_avtale(
        kjor,
        tittel="Fra KRD",
        part="KRD og KS",
        inngatt="01.06.2010",
        utloper=None,
        forste_avtale=None,
    )
    kmd = _digihjelpen(kjor)
    kdd = ny_avtale(
        kjor,
        tittel="Fra KDD",
        part="KDD og KS",
        inngatt="01.06.2023",
        utloper=None,
        forste_avtale=None,
    )
    ny_avtale(
        kjor,
        tittel="Fra HOD",
        part="HOD og KS",
        inngatt="01.06.2023",
        utloper=None,
        forste_avtale=None,
    )
    assert ider(avtaler_json(kjor, "--part", "KDD")) == [krd, kmd, kdd]
    assert ider(avtaler_json(kjor, "--part", KDD_NAVN)) == [krd, kmd, kdd]
    assert ider(avtaler_json(kjor, "--part", "KDD", "--uten-forgjengere")) == [kdd]
    # KRD handed over to KMD in 2014: KMD's agreements include KRD's of 2010.
    assert ider(avtaler_json(kjor, "--part", "KMD")) == [krd, kmd]
    # DFD took over a part of KMD's tasks (a judgement, see `departementer --overganger`),
    # and with KMD what KMD had from KRD; KDD, which goes on, is not DFD's predecessor.
    assert ider(avtaler_json(kjor, "-p", "DFD")) == [krd, kmd]


def test_saker_filtrene_finner_forgjengernes_saker(kjor: Kjor) -> None:
    kmd = _kmd_sak(kjor)
    kdd = ny_sak(kjor, departement="KDD", oppmeldt="2023", meldt_inn_av="KMD")
    ny_sak(kjor, departement="HOD", oppmeldt="2023")
    assert ider(saker_json(kjor, "-d", "KDD"), "saksnummer") == [kmd, kdd]
    assert ider(saker_json(kjor, "-d", "KDD", "--uten-forgjengere"), "saksnummer") == [kdd]
    assert ider(saker_json(kjor, "--meldt-inn-av", "KDD"), "saksnummer") == [kdd]
    assert ider(saker_json(kjor, "--meldt-inn-av", "KDD", "--uten-forgjengere"), "saksnummer") == []
    assert ider(saker_json(kjor, "-d", "KMD"), "saksnummer") == [kmd]


def test_filteret_folger_arene_der_en_kode_kom_tilbake(kjor: Kjor) -> None:
    # BFD became BLD in 2006 and BFD again in 2019: BLD's predecessors are the BFD cases
    # from before 2006, not BFD's own since 2019.
    gammel = ny_sak(kjor, departement="BFD", oppmeldt="2000")
    bld = ny_sak(kjor, departement="BLD", oppmeldt="2012")
    ny_ = ny_sak(kjor, departement="BFD", oppmeldt="2020")
    assert ider(saker_json(kjor, "-d", "BLD"), "saksnummer") == [gammel, bld]
    assert ider(saker_json(kjor, "-d", "BFD"), "saksnummer") == [gammel, bld, ny_]


def test_departementer_overganger(kjor: Kjor) -> None:
    rader = json.loads(ok(kjor("departementer", "--overganger", "-f", "json")).stdout)
    assert set(rader[0]) == {"forgjenger", "etterfolger", "fra_ar", "omfang", "merknad"}
    par = {(r["forgjenger"], r["etterfolger"], r["fra_ar"], r["omfang"]) for r in rader}
    assert ("KRD", "KMD", 2014, "hel") in par
    assert ("KMD", "KDD", 2022, "hel") in par
    assert ("KMD", "DFD", 2024, "del") in par
    dfd = next(r for r in rader if r["etterfolger"] == "DFD")
    assert dfd["merknad"].startswith("Skjønn:")
    feil(kjor("departementer", "--overganger", "--ar", "2020"), 2, "--overganger og --ar")


def test_hjelpen_nevner_forgjengere_og_fulle_navn(kjor: Kjor) -> None:
    def hjelp(*args: str) -> str:
        return " ".join(ok(kjor(*args, "--help")).stdout.split())

    assert "--uten-forgjengere Bare koden som registrert" in hjelp("saker")
    assert "fullt navn (Helse- og omsorgsdepartementet)" in hjelp("saker")
    assert "--uten-forgjengere --part bare som registrert" in hjelp("avtaler")
    assert "også dem forgjengerne inngikk" in hjelp("avtaler")
    assert "Kode eller fullt navn" in hjelp("avtale", "ny")
    assert "--overganger List i stedet hvilket departement" in hjelp("departementer")
    for bokstav in "abc":
        assert "etterfølgeren" in hjelp("vedlegg", bokstav) and "fotnote" in hjelp(
            "vedlegg", bokstav
        )
    # Item 12's prompt and item 13's warnings.
    assert "sies fra om med en gang det er skrevet" in hjelp("sak", "ny")
    assert "mer enn ett år fram gir en advarsel" in hjelp("sak", "ny")
    assert "Før saken ble registrert eller før oppmeldt-året gir en advarsel" in hjelp(
        "sak", "avslutt"
    )
    assert "uten KS blant partene lagres med en advarsel" in hjelp("avtale", "ny")
    assert "med en --dato før inngått avvises" in hjelp("avtale", "endre")


# -- 12. full names are accepted ------------------------------------------------------


def test_sak_ny_med_fullt_navn(kjor: Kjor) -> None:
    ny_sak(kjor, departement="Justis- og beredskapsdepartementet", meldt_inn_av="ks")
    ny_sak(kjor, departement="justis-  og BEREDSKAPSdepartementet", meldt_inn_av=KDD_NAVN)
    assert [(s["departement"], s["meldt_inn_av"]) for s in saker_json(kjor)] == [
        ("JD", "KS"),
        ("JD", "KDD"),
    ]
    nr = saker_json(kjor)[0]["saksnummer"]
    ok(kjor("sak", "endre", nr, "-d", "Helse- og omsorgsdepartementet"))
    assert vis_json(kjor, "sak", nr)["departement"] == "HOD"
    assert ider(saker_json(kjor, "-d", "helse- og omsorgsdepartementet"), "saksnummer") == [nr]


def test_avtale_med_parter_som_fulle_navn(kjor: Kjor) -> None:
    a = ny_avtale(kjor, part="Helse- og omsorgsdepartementet og KS")
    b = ny_avtale(
        kjor,
        tittel="Eldre avtale",
        part="Barne-, likestillings- og inkluderingsdepartementet, KRD og KS",
        inngatt="01.06.2012",
        utloper=None,
        forste_avtale=None,
    )
    c = ok(
        kjor(
            "avtale",
            "ny",
            "--tittel",
            "Gjentatt valg",
            "-k",
            "velferd",
            "-p",
            "Arbeids- og inkluderingsdepartementet",
            "-p",
            "ks",
            "--inngatt",
            "01.01.2026",
            "-q",
        )
    ).stdout.strip()
    parter = {x["id"]: x["parter"] for x in avtaler_json(kjor)}
    assert parter == {a: ["HOD", "KS"], b: ["BLD", "KRD", "KS"], c: ["AID", "KS"]}
    ok(kjor("avtale", "endre", a, "-p", "AID, Helse- og omsorgsdepartementet og KS"))
    assert vis_json(kjor, "avtale", a)["parter"] == ["AID", "HOD", "KS"]


def test_import_tar_fulle_navn(kjor: Kjor, tmp_path: Path) -> None:
    saker = _fil(
        tmp_path,
        "saker.csv",
        "tittel,departement,type,oppmeldt,meldt_inn_av\n"
        "Beredskap,Justis- og beredskapsdepartementet,lov,2026,Helse- og omsorgsdepartementet\n",
    )
    ok(kjor("import", "saker", saker))
    assert [(s["departement"], s["meldt_inn_av"]) for s in saker_json(kjor)] == [("JD", "HOD")]
    avtaler = _fil(
        tmp_path,
        "avtaler.jsonl",
        json.dumps(
            {
                "tittel": "Helseavtale",
                "kategori": "samhandling",
                "parter": "Helse- og omsorgsdepartementet og KS",
                "inngatt": "2026-01-01",
            }
        )
        + "\n"
        + json.dumps(
            {
                "tittel": "Liste",
                "kategori": "velferd",
                "parter": ["Barne- og familiedepartementet", "KS"],
                "inngatt": "2026-01-01",
            }
        )
        + "\n",
    )
    ok(kjor("import", "avtaler", avtaler))
    assert [a["parter"] for a in avtaler_json(kjor)] == [["BFD", "KS"], ["HOD", "KS"]]
    c = _fil(
        tmp_path,
        "c.tsv",
        "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)\tParter\tInngått\tUtløper\t"
        "Første avtale inngått\n"
        "Fra materialet\tKunnskapsdepartementet og KS\t02.12.2022\t31.12.2027\t2009\n",
    )
    ok(kjor("import", "vedlegg", "c", c, "--per", "2026-04-30"))
    assert vis_json(kjor, "avtale", "A3")["parter"] == ["KD", "KS"]


@pytest.mark.parametrize(
    ("args", "deler"),
    [
        (
            ("sak", "ny", *sak_args(departement="Justis og beredskapsdepartementet")),
            ("Ukjent departementskode «Justis og beredskapsdepartementet»", "(JD)"),
        ),
        (
            (
                "avtale",
                "ny",
                "--tittel",
                "T",
                "-k",
                "velferd",
                "--inngatt",
                "1.1.2026",
                "-p",
                "Helse og omsorgsdepartementet og KS",
            ),
            ("Ukjent part «HELSE»", "«Helse- og omsorgsdepartementet» (HOD)"),
        ),
        (
            ("saker", "-d", "Helse og omsorg"),
            ("«Helse og omsorg»", "«Helse- og omsorgsdepartementet» (HOD)"),
        ),
        (
            ("avtaler", "-p", "Kunnskapsdep"),
            ("Ukjent part «Kunnskapsdep»", "«Kunnskapsdepartementet» (KD)"),
        ),
    ],
)
def test_ukjent_verdi_foreslar_koder_og_navn(
    kjor: Kjor, args: tuple[str, ...], deler: tuple[str, ...]
) -> None:
    feil(kjor(*args), 1, *deler, "Mente du")
    assert saker_json(kjor) == [] and avtaler_json(kjor) == []


def test_sporsmalet_sjekker_departementet_med_en_gang(
    kjor: Kjor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sak ny` at a terminal: a wrong ministry is said right away and asked again, before
    the title is asked for (driven through the prompt with input)."""
    from konsreg.cli import felles

    monkeypatch.setattr(felles, "er_interaktiv", lambda: True)
    svar = "kostnad\nHDO\nHelse- og omsorgsdepartementet\nTittel\nKX\nks\n"
    r = ok(kjor("sak", "ny", "--oppmeldt", "2026", "-q", input=svar))
    feil_dep = r.stderr.index("Feil: Ukjent departementskode «HDO». Mente du ")
    assert "HOD" in r.stderr[feil_dep:].splitlines()[0]
    assert feil_dep < r.stderr.index("Tittel:")
    assert r.stderr.count("Ansvarlig departement") == 2
    assert r.stderr.index("Tittel:") < r.stderr.index("Feil: Ukjent departementskode «KX»")
    assert r.stderr.count("Meldt inn av") == 2
    assert [(s["departement"], s["meldt_inn_av"]) for s in saker_json(kjor)] == [("HOD", "KS")]
    # The parties of `avtale ny` likewise, before inngått is asked for.
    svar = "Avtale\nvelferd\nHelse og omsorgsdepartementet og KS\nHOD og KS\n01.01.2026\n\n"
    r = ok(kjor("avtale", "ny", "-q", input=svar))
    feil_part = r.stderr.index("Feil: Ukjent part «HELSE». Mente du ")
    assert feil_part < r.stderr.index("Inngått")
    assert r.stderr.count("Parter") == 2
    assert avtaler_json(kjor)[0]["parter"] == ["HOD", "KS"]


def _les_til(fd: int, tekst: bytes, frist: float = 30.0) -> bytes:
    lest = b""
    slutt = time.monotonic() + frist
    while tekst not in lest:
        igjen = slutt - time.monotonic()
        if igjen <= 0:
            raise AssertionError(f"ventet {tekst!r}, fikk {lest!r}")
        klar, _, _ = select.select([fd], [], [], igjen)
        if klar:
            try:
                bit = os.read(fd, 4096)
            except OSError:
                break
            if not bit:
                break
            lest += bit
    return lest


@pytest.mark.slow
@pytest.mark.bare_sqlite
def test_sporsmalet_i_en_ekte_terminal(tmp_path: Path) -> None:
    """The same at a real pseudo-terminal: the answer is checked when it is typed."""
    import pty

    mester, slave = pty.openpty()
    db = tmp_path / "pty.db"
    env = {**os.environ, "HOME": str(tmp_path), "KONSREG_DB": str(db), "USER": "tester"}
    env.pop("KONSREG_DATABASE_URL", None)
    prosess = subprocess.Popen(
        [sys.executable, "-m", "konsreg", "sak", "ny", "-t", "lov", "--oppmeldt", "2026"],
        stdin=slave,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    try:
        _les_til(mester, b"Ansvarlig departement")
        os.write(mester, b"Justis og beredskapsdepartementet\n")
        svar = _les_til(mester, b"Ansvarlig departement").decode()
        assert "Feil: Ukjent departementskode" in svar
        assert "Tittel" not in svar
        os.write(mester, b"justis- og beredskapsdepartementet\n")
        _les_til(mester, b"Tittel")
        os.write(mester, b"Samfunnssikkerhetsloven\n")
        _les_til(mester, b"Meldt inn av")
        os.write(mester, b"KS\n")
        ut, _ = prosess.communicate(timeout=30)
    finally:
        if prosess.poll() is None:
            prosess.kill()
        os.close(mester)
    assert prosess.returncode == 0
    # (Each prompt's answer leaves a space on stdout: issue 11, item 14, not this one.)
    assert ut.decode().strip() == "Registrerte sak 2026/1: Samfunnssikkerhetsloven"


# -- 13. sanity -------------------------------------------------------------------------


def test_avtale_uten_ks_advares_men_lagres(kjor: Kjor, tmp_path: Path) -> None:
    r = ok(
        kjor(
            "avtale",
            "ny",
            "--tittel",
            "Mellom departementer",
            "-k",
            "velferd",
            "-p",
            "HOD og KD",
            "--inngatt",
            "01.01.2026",
            "-q",
        )
    )
    assert r.stderr == (
        "Advarsel: Avtalen har ikke KS blant partene (HOD og KD); en bilateral avtale har to "
        "parter, staten ved departementene og kommunesektoren ved KS. Den er lagret som "
        "skrevet.\n"
    )
    assert r.stdout == "A1\n"
    assert (
        ok(
            kjor(
                "avtale",
                "ny",
                "--tittel",
                "Med KS",
                "-k",
                "velferd",
                "-p",
                "HOD og KS",
                "--inngatt",
                "01.01.2026",
                "-q",
            )
        ).stderr
        == ""
    )
    sti = _fil(
        tmp_path,
        "avtaler.csv",
        "tittel,kategori,parter,inngatt\nFra fil,velferd,AID og KS,2026-01-01\n"
        "Uten KS,velferd,AID og JD,2026-01-01\n",
    )
    r = ok(kjor("import", "avtaler", sti))
    assert f"Advarsel: {sti}:3: Avtalen har ikke KS blant partene (AID og JD)" in r.stderr
    assert f"{sti}:2:" not in r.stderr
    c = _fil(
        tmp_path,
        "c.tsv",
        "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)\tParter\tInngått\tUtløper\t"
        "Første avtale inngått\n"
        "Med KS\tKD og KS\t02.12.2022\t31.12.2027\t2009\n"
        "Uten KS\tKD og HOD\t02.12.2022\t31.12.2027\t2009\n",
    )
    r = ok(kjor("import", "vedlegg", "c", c, "--per", "2026-04-30"))
    assert f"Advarsel: {c}:3: Avtalen har ikke KS blant partene (KD og HOD)" in r.stderr
    assert f"{c}:2:" not in r.stderr


def test_oppmeldt_mer_enn_ett_ar_fram_advares(kjor: Kjor, tmp_path: Path) -> None:
    i_ar = date.today().year
    r = ok(kjor("sak", "ny", *sak_args(oppmeldt=str(i_ar + 2)), "-q"))
    assert r.stderr == (
        f"Advarsel: Sak {i_ar + 2}/1 er meldt opp for {i_ar + 2}, mer enn ett år fram i tid "
        f"(i år er {i_ar}); sjekk oppmeldt-året.\n"
    )
    assert ok(kjor("sak", "ny", *sak_args(oppmeldt=str(i_ar + 1)), "-q")).stderr == ""
    nr = ok(kjor("sak", "ny", *sak_args(oppmeldt=str(i_ar)), "-q")).stdout.strip()
    r = ok(kjor("sak", "endre", nr, "--oppmeldt", str(i_ar + 3)))
    assert "mer enn ett år fram i tid" in r.stderr
    sti = _fil(
        tmp_path,
        "saker.csv",
        f"tittel,departement,type,oppmeldt,meldt_inn_av\nLangt fram,HOD,lov,{i_ar + 5},KS\n",
    )
    r = ok(kjor("import", "saker", sti))
    assert f"Advarsel: {sti}:2: Saken er meldt opp for {i_ar + 5}" in r.stderr


def test_sak_avsluttet_for_den_ble_registrert_eller_oppmeldt_advares(
    kjor: Kjor, tmp_path: Path
) -> None:
    i_ar = date.today().year
    nr = ny_sak(kjor, oppmeldt=str(i_ar))
    r = ok(kjor("sak", "avslutt", nr, "--dato", f"01.01.{i_ar - 1}"))
    assert r.stderr.startswith(f"Advarsel: Sak {nr} er avsluttet 01.01.{i_ar - 1}, før den ble ")
    assert vis_json(kjor, "sak", nr)["status"] == "avsluttet"
    nr = ny_sak(kjor, oppmeldt=str(i_ar + 1))
    r = ok(kjor("sak", "endre", nr, "--status", "avsluttet"))
    assert f"før oppmeldt-året {i_ar + 1}; sjekk datoen." in r.stderr
    # Today, for a case of this year: nothing to say.
    nr = ny_sak(kjor, oppmeldt=str(i_ar))
    assert ok(kjor("sak", "avslutt", nr)).stderr == ""
    # An import: against the row's own opprettet and oppmeldt.
    sti = _fil(
        tmp_path,
        "saker.csv",
        "tittel,departement,type,oppmeldt,meldt_inn_av,status,status_endret,opprettet\n"
        "A,HOD,lov,2024,KS,avsluttet,2023-05-01,\n"
        "B,HOD,lov,2024,KS,avsluttet,2024-05-01,2024-06-01T10:00:00+00:00\n"
        "C,HOD,lov,2024,KS,avsluttet,2024-07-01,2024-06-01T10:00:00+00:00\n",
    )
    r = ok(kjor("import", "saker", sti))
    assert f"{sti}:2: Saken er avsluttet 01.05.2023, før oppmeldt-året 2024" in r.stderr
    assert f"{sti}:3: Saken er avsluttet 01.05.2024, før den ble registrert (01.06.2024)" in (
        r.stderr
    )
    assert f"{sti}:4:" not in r.stderr


def test_avtale_avslutt_og_ny_avsluttet_har_samme_regel(kjor: Kjor) -> None:
    a = ny_avtale(kjor)  # inngått 04.01.2023
    feil(
        kjor("avtale", "avslutt", a, "--dato", "31.12.2022"),
        1,
        "Avsluttet (31.12.2022) er før inngått (04.01.2023); sjekk datoene.",
    )
    assert vis_json(kjor, "avtale", a)["status"] == "ny"
    r = ok(kjor("avtale", "avslutt", a, "--dato", "30.06.2023"))
    assert r.stdout == f"Avtale {a} avsluttet 30.06.2023.\n"
    assert f"Advarsel: Avtale {a} er avsluttet 30.06.2023, før den ble registrert" in r.stderr
    # Closed on its passed utløper, a date nobody typed: no warning about it.
    b = ny_avtale(kjor, tittel="Utløpt", utloper="31.12.2024")
    r = ok(kjor("avtale", "avslutt", b))
    assert (r.stdout, r.stderr) == (f"Avtale {b} avsluttet 31.12.2024.\n", "")
    args = avtale_args(tittel="Lukket", status="avsluttet")
    feil(
        kjor("avtale", "ny", *args, "--dato", "01.01.2023"),
        1,
        "Avsluttet (01.01.2023) er før inngått (04.01.2023); sjekk datoene.",
    )
    assert len(avtaler_json(kjor, "--alle")) == 2


def test_annullert_avtale_kan_ikke_avsluttes_eller_fornyes(kjor: Kjor) -> None:
    a = ny_avtale(kjor)
    ok(kjor("avtale", "annuller", a, "--grunn", "Registrert ved en feil"))
    feil(
        kjor("avtale", "avslutt", a),
        1,
        f"Avtale {a} er annullert (utgår) og kan ikke avsluttes.",
    )
    feil(
        kjor("avtale", "forny", a, "--inngatt", "01.01.2027"),
        1,
        f"Avtale {a} er annullert (utgår) og kan ikke fornyes; registrer den nye avtalen for seg.",
    )
    assert [x["status"] for x in avtaler_json(kjor, "--alle")] == ["utgar"]


def test_avtale_avsluttet_for_inngatt_avvises(kjor: Kjor, tmp_path: Path) -> None:
    a = ny_avtale(kjor)  # inngått 04.01.2023
    for_ = vis_json(kjor, "avtale", a)
    feil(
        kjor("avtale", "endre", a, "--status", "avsluttet", "--dato", "01.01.2023"),
        1,
        "Avsluttet (01.01.2023) er før inngått (04.01.2023); sjekk datoene.",
    )
    assert vis_json(kjor, "avtale", a) == for_
    # After inngått but before it was registered: kept, with a warning.
    r = ok(kjor("avtale", "endre", a, "--status", "avsluttet", "--dato", "01.02.2023"))
    assert f"Advarsel: Avtale {a} er avsluttet 01.02.2023, før den ble registrert" in r.stderr
    assert vis_json(kjor, "avtale", a)["status_endret"] == "2023-02-01"
    sti = _fil(
        tmp_path,
        "avtaler.csv",
        "tittel,kategori,parter,inngatt,status,status_endret\n"
        "Lukket for tidlig,velferd,KD og KS,2022-03-11,avsluttet,2022-01-01\n",
    )
    r = kjor("import", "avtaler", sti)
    assert r.exit_code == 3, r.stderr
    assert f"{sti}:2: status_endret: Avsluttet (01.01.2022) er før inngått (11.03.2022)" in (
        r.stderr
    )
    assert len(avtaler_json(kjor)) == 1
