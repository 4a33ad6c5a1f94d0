"""`konsreg import vedlegg a|b|c FIL|-`: tables as they stand in a material document.

Round trips: a table imported into an empty register and printed again with the same
year and date is the same table, for the 2026 material's own blocks (extracted from
the material at test time) and for tables written here. Bad lines are all reported
with their line numbers, exit code 3, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_vedlegg import (
    SAMHANDLING,
    VELFERD,
    forventet,
    materialblokk,
    materiale_tekst,
    ok,
    register_innhold,
    rutenett,
    saker_json,
    vedlegg_args,
)
from tests.conftest import Kjor

C_HODE = "\tParter\tInngått\tUtløper\tFørste avtale inngått"
C_TITTEL = "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen"


def skriv_fil(tmp_path: Path, navn: str, tekst: str, *, crlf: bool = False) -> str:
    sti = tmp_path / navn
    data = tekst.replace("\n", "\r\n") if crlf else tekst
    sti.write_bytes(data.encode("utf-8"))
    return str(sti)


def importer(kjor: Kjor, bokstav: str, fil: str, *args: str, input: str | None = None) -> str:
    """Import and return the summary line on stderr."""
    r = ok(kjor("import", "vedlegg", bokstav, fil, *args, input=input))
    linjer = [linje for linje in r.stderr.splitlines() if linje.startswith("Vedlegg ")]
    assert len(linjer) == 1, r.stderr
    return str(linjer[0])


def skriv_ut(kjor: Kjor, bokstav: str, ar: str, per: str | None = None) -> str:
    args = ["vedlegg", bokstav, "--ar", ar, "--format", "tsv"]
    if per:
        args += ["--per", per]
    return str(ok(kjor(*args)).stdout)


def feil_linjer(r: object, kode: int = 3) -> list[str]:
    exit_code = getattr(r, "exit_code")  # noqa: B009
    stderr: str = getattr(r, "stderr")  # noqa: B009
    assert exit_code == kode, f"exit {exit_code}\nstderr: {stderr}"
    assert "Traceback" not in stderr
    return stderr.splitlines()


# -- the 2026 material's own tables ------------------------------------------------------


@pytest.mark.parametrize("bokstav", ["a", "b", "c"])
def test_materialets_tabell_rundtur(kjor: Kjor, tmp_path: Path, bokstav: str) -> None:
    blokk = materialblokk(materiale_tekst(), bokstav)
    fil = skriv_fil(tmp_path, f"vedlegg-{bokstav}.txt", blokk)
    args = [] if bokstav == "c" else ["--ar", "2026"]  # c takes its date from the title
    antall = len([rad for rad in forventet(bokstav)[2:] if len(rad) > 1])
    assert importer(kjor, bokstav, fil, *args) == (
        f"Vedlegg {bokstav}: {antall} nye, 0 oppdatert, 0 uendret."
    )
    r = ok(kjor(*vedlegg_args(bokstav)))
    assert rutenett(r.stdout) == rutenett(blokk) == forventet(bokstav)


def test_materialets_tabeller_gir_samme_register_som_eksempel(kjor: Kjor, tmp_path: Path) -> None:
    """Importing the three tables over `konsreg eksempel` finds every row already there."""
    ok(kjor("eksempel"))
    for_ = register_innhold(kjor)
    tekst = materiale_tekst()
    for bokstav in "abc":
        fil = skriv_fil(tmp_path, f"{bokstav}.txt", materialblokk(tekst, bokstav))
        args = [] if bokstav == "c" else ["--ar", "2026"]
        assert ": 0 nye, 0 oppdatert, " in importer(kjor, bokstav, fil, *args)
    assert register_innhold(kjor) == for_


@pytest.mark.parametrize("bokstav", ["a", "b", "c"])
def test_ny_import_av_samme_tabell_endrer_ingenting(
    kjor: Kjor, tmp_path: Path, bokstav: str
) -> None:
    fil = skriv_fil(tmp_path, "t.txt", materialblokk(materiale_tekst(), bokstav))
    args = [] if bokstav == "c" else ["--ar", "2026"]
    importer(kjor, bokstav, fil, *args)
    for_ = register_innhold(kjor)
    antall = len(for_["avtaler"] if bokstav == "c" else for_["saker"])
    assert importer(kjor, bokstav, fil, *args) == (
        f"Vedlegg {bokstav}: 0 nye, 0 oppdatert, {antall} uendret."
    )
    assert register_innhold(kjor) == for_


def test_materialets_c_fra_stdin_med_crlf(kjor: Kjor) -> None:
    blokk = materialblokk(materiale_tekst(), "c").replace("\n", "\r\n")
    assert importer(kjor, "c", "-", input=blokk).startswith("Vedlegg c: 8 nye")
    assert rutenett(skriv_ut(kjor, "c", "2026", "2026-04-30")) == forventet("c")


def test_dry_run_lagrer_ingenting(kjor: Kjor, tmp_path: Path) -> None:
    fil = skriv_fil(tmp_path, "a.txt", materialblokk(materiale_tekst(), "a"))
    linje = importer(kjor, "a", fil, "--ar", "2026", "--dry-run")
    assert linje.startswith("Vedlegg a: 2 nye")
    assert "ingenting er lagret" in linje
    assert saker_json(kjor) == []


# -- tables of our own -------------------------------------------------------------------

TABELL_A_2020 = """### Vedlegg a) Oversikt over kostnadsberegningssaker

Sak\tOppmeldt
Kommunal- og moderniseringsdepartementet Nytt inntektssystem for fylkeskommunene\t2020
Kulturdepartementet Ny lov om frivillighet\t2020

Arbeids- og sosialdepartementet Kvalifiseringsprogrammet\t2018
Helse- og omsorgsdepartementet Betaling for e-helseløsninger\t2017 (første gang)
"""

TABELL_B_2026 = """Vedlegg b) Oversikt over lovmedvirkningssaker
Sak\tOppmeldt
Kultur- og likestillingsdepartementet Ny lov om kunstnerstipend\t2026
Justis- og beredskapsdepartementet Ny samfunnssikkerhetslov\t2026
Kultur- og likestillingsdepartementet Frivillighetsloven\t2019 (første gang)
Justis- og beredskapsdepartementet Politiloven\t2010 (første gang)
"""

TABELL_C_2024 = f"""### {C_TITTEL} per desember 2024

<b>{VELFERD}</b>{C_HODE}
Avtale om tidlig innsats i skolen\tKD og KS\t15.06.2023\t31.12.2026\t2015
Avtale om eldreomsorg & velferdsteknologi\tHOD, KDD og KS\t01.03.2024\t28.02.2027\t
<b>{SAMHANDLING}</b>\t\t\t\t
Avtale om beredskap i kommunene\tJD, DFD og KS\t02.01.2024\t31.03.2024\t2024

Avtale om statsforvalterens samordning\tKDD og KS\t29.02.2024\t\t
<b>Avtaler om klima og miljø</b>\t\t\t\t
Klimasats-avtalen\tKLD, KDD og KS\t31.12.2024\t31.12.2028\t2016
"""

TABELL_C_2020 = f"""{C_TITTEL} per juni 2020
{SAMHANDLING}{C_HODE}
Samarbeidsavtale om bosetting\tASD, JD, BLD, KMD og KS\t11.03.2019\t31.12.2021\t2004

Samarbeidsavtale om digitalisering\tKMD og KS\t14.09.2019\t31.12.2025\t2019
**Avtaler om kompetanse**\t\t\t\t
Avtale om kompetanseløft\tKD og KS\t30.06.2020\t30.06.2022\t2020
"""


def test_egen_tabell_a_2020_med_tidligere_departementer(kjor: Kjor, tmp_path: Path) -> None:
    fil = skriv_fil(tmp_path, "a-2020.txt", TABELL_A_2020, crlf=True)
    assert importer(kjor, "a", fil, "--ar", "2020") == "Vedlegg a: 4 nye, 0 oppdatert, 0 uendret."
    koder = {s["tittel"]: s["departement"] for s in saker_json(kjor)}
    assert koder == {
        "Nytt inntektssystem for fylkeskommunene": "KMD",
        "Ny lov om frivillighet": "KUD",
        "Kvalifiseringsprogrammet": "ASD",
        "Betaling for e-helseløsninger": "HOD",
    }
    assert rutenett(skriv_ut(kjor, "a", "2020")) == rutenett(TABELL_A_2020)


def test_egen_tabell_a_fra_stdin(kjor: Kjor) -> None:
    linje = importer(kjor, "a", "-", "--ar", "2020", input=TABELL_A_2020.replace("\n", "\r\n"))
    assert linje.startswith("Vedlegg a: 4 nye")
    assert rutenett(skriv_ut(kjor, "a", "2020")) == rutenett(TABELL_A_2020)


def test_egen_tabell_b_med_omdopte_departementer(kjor: Kjor, tmp_path: Path) -> None:
    """JD and KUD kept their codes when renamed: a recurring case from before the
    rename still prints with the ministry's name in the table's year."""
    fil = skriv_fil(tmp_path, "b.txt", TABELL_B_2026)
    assert importer(kjor, "b", fil, "--ar", "2026").startswith("Vedlegg b: 4 nye")
    assert skriv_ut(kjor, "b", "2026") == TABELL_B_2026


def test_egen_tabell_kulturdepartementet_1995_er_kd(kjor: Kjor, tmp_path: Path) -> None:
    """Two codes have had the name Kulturdepartementet (KD 1991–2001, KUD 2010–2021):
    the table's year decides which."""
    tabell = "Sak\tOppmeldt\nKulturdepartementet Ny kulturminnelov\t1995\n"
    r = ok(kjor("import", "vedlegg", "b", skriv_fil(tmp_path, "b.txt", tabell), "--ar", "1995"))
    assert "Advarsel" not in r.stderr
    assert [s["departement"] for s in saker_json(kjor)] == ["KD"]
    assert rutenett(skriv_ut(kjor, "b", "1995"))[1:] == rutenett(tabell)


def test_egen_tabell_c_ny_kategori_tomme_celler_og_markering(kjor: Kjor, tmp_path: Path) -> None:
    fil = skriv_fil(tmp_path, "c-2024.txt", TABELL_C_2024, crlf=True)
    linje = importer(kjor, "c", fil)
    assert linje.startswith("Vedlegg c: 5 nye, 0 oppdatert, 0 uendret; nye kategorier: ")
    r = ok(kjor("vedlegg", "c", "--ar", "2024", "--per", "31.12.2024", "--format", "tsv"))
    assert rutenett(r.stdout) == rutenett(TABELL_C_2024)
    # utløpt 31.03.2024, before the title's 31.12.2024: printed, and warned about
    assert "«Avtale om beredskap i kommunene» utløp 31.03.2024" in r.stderr
    # importing it again changes nothing
    assert importer(kjor, "c", fil).startswith("Vedlegg c: 0 nye, 0 oppdatert, 5 uendret")


def test_egen_tabell_c_2020_fra_stdin_uten_velferd(kjor: Kjor) -> None:
    linje = importer(kjor, "c", "-", input=TABELL_C_2020)
    assert linje.startswith("Vedlegg c: 3 nye")
    assert "nye kategorier: " in linje
    ut = skriv_ut(kjor, "c", "2020", "30.06.2020")
    assert rutenett(ut) == rutenett(TABELL_C_2020.replace("**", ""))
    assert ut.splitlines()[1].startswith(SAMHANDLING + "\t")


def test_egen_tabell_c_med_annen_per(kjor: Kjor, tmp_path: Path) -> None:
    """--per overrides the title's month; the table printed with that date is the same
    rows under the new title."""
    fil = skriv_fil(tmp_path, "c.txt", TABELL_C_2020)
    importer(kjor, "c", fil, "--per", "15.07.2020")
    rader = rutenett(skriv_ut(kjor, "c", "2020", "15.07.2020"))
    assert rader[0] == [f"{C_TITTEL} per juli 2020"]
    assert rader[1:] == rutenett(TABELL_C_2020.replace("**", ""))[1:]


def test_utskrift_kan_leses_inn_igjen(kjor: Kjor, tmp_path: Path) -> None:
    """The tsv the program prints is itself a table `import vedlegg` reads: printed,
    imported again, nothing new, and the same table."""
    ok(kjor("eksempel"))
    ok(
        kjor(
            "avtale", "ny", "--tittel", "Uten sluttdato", "-k", "velferd", "-p", "KD og KS",
            "--inngatt", "01.02.2024", "-q",
        )
    )  # fmt: skip
    for bokstav in "abc":
        ut = ok(kjor(*vedlegg_args(bokstav))).stdout
        fil = skriv_fil(tmp_path, f"{bokstav}.tsv", ut)
        args = ["--per", "30.04.2026"] if bokstav == "c" else ["--ar", "2026"]
        assert ": 0 nye, 0 oppdatert, " in importer(kjor, bokstav, fil, *args)
        assert ok(kjor(*vedlegg_args(bokstav))).stdout == ut


# -- bad lines ---------------------------------------------------------------------------

DARLIG_A = """Sak\tOppmeldt
Helse- og omsorgsdepartementet God sak\t2026
Helse- og omsorgsdepartementet For mange celler\t2026\tekstra
Finansdepartementet En god sak til\t2026
Tulle- og tøysedepartementet Ukjent departement\t2026

Kunnskapsdepartementet Bare én celle
Finansdepartementet Rart år\ttjuetjueseks
"""

DARLIG_C = f"""{C_TITTEL} per april 2026
{VELFERD}{C_HODE}
Ny god avtale\tKD og KS\t01.02.2026\t31.12.2027\t2026
Umulig dato\tKD og KS\t31.02.2026\t31.12.2027\t2026
Ukjent part\tKD, XYZ og KS\t01.02.2026\t31.12.2027\t2026
For få celler\tKD og KS\t01.02.2026
<b>Avtaler om noe helt nytt</b>\t\t\t\t
To feil\tHOD og QQ\t01.01.2026\t30.02.2027\t2026
"""


def test_darlige_linjer_a_alle_med_linjenummer(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    for_ = register_innhold(kjor)
    fil = skriv_fil(tmp_path, "darlig-a.txt", DARLIG_A)
    linjer = feil_linjer(kjor("import", "vedlegg", "a", fil, "--ar", "2026"))
    assert len(linjer) == 5, linjer
    assert linjer[0].startswith(f"{fil}:3: ") and "fant 3" in linjer[0]
    assert linjer[1].startswith(f"{fil}:5: ") and "«Tulle- og tøysedepartementet" in linjer[1]
    assert linjer[2].startswith(f"{fil}:7: ") and "fant 1" in linjer[2]
    assert linjer[3].startswith(f"{fil}:8: ") and "«tjuetjueseks»" in linjer[3]
    assert linjer[4] == f"Feil: 4 feil i {fil}; ingenting er lagret."
    assert register_innhold(kjor) == for_


def test_darlige_linjer_c_alle_med_linjenummer(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    for_ = register_innhold(kjor)
    fil = skriv_fil(tmp_path, "darlig-c.txt", DARLIG_C, crlf=True)
    linjer = feil_linjer(kjor("import", "vedlegg", "c", fil))
    assert linjer[-1] == f"Feil: 5 feil i {fil}; ingenting er lagret."
    meldinger = linjer[:-1]
    assert [m.split(": ", 1)[0] for m in meldinger] == [
        f"{fil}:4",
        f"{fil}:5",
        f"{fil}:6",
        f"{fil}:8",
        f"{fil}:8",
    ]
    assert "«31.02.2026»" in meldinger[0]
    assert "Ukjent part «XYZ»" in meldinger[1]
    assert "fant 3" in meldinger[2]
    assert "«QQ»" in meldinger[3] and "«30.02.2027»" in meldinger[4]
    assert register_innhold(kjor) == for_
    # ... nor the new category: a good table with the same name still creates it
    god = (
        f"{C_TITTEL} per april 2026\n"
        f"Avtaler om noe helt nytt{C_HODE}\n"
        "X\tKD og KS\t01.02.2026\t\t\n"
    )
    assert "nye kategorier: " in importer(kjor, "c", "-", input=god)


def test_darlige_linjer_fra_stdin(kjor: Kjor) -> None:
    linjer = feil_linjer(kjor("import", "vedlegg", "a", "-", "--ar", "2026", input=DARLIG_A))
    assert linjer[0].startswith("<stdin>:3: ")
    assert linjer[-1] == "Feil: 4 feil i <stdin>; ingenting er lagret."
    assert saker_json(kjor) == []


def test_register_regler_rapporteres_med_linjenummer(kjor: Kjor, tmp_path: Path) -> None:
    """Rows the reader accepts but the register refuses: still every line, nothing saved."""
    tabell = (
        "Sak\tOppmeldt\n"
        "Helse- og omsorgsdepartementet I år\t2026\n"
        "Helse- og omsorgsdepartementet Neste år\t2027\n"
        "Helse- og omsorgsdepartementet I år\t2026\n"
    )
    fil = skriv_fil(tmp_path, "a.txt", tabell)
    linjer = feil_linjer(kjor("import", "vedlegg", "a", fil, "--ar", "2026"))
    assert linjer[0].startswith(f"{fil}:3: ") and "2027" in linjer[0]
    assert linjer[1].startswith(f"{fil}:4: ") and "linje 2" in linjer[1]
    assert linjer[-1].startswith("Feil: 2 ") and "ingenting er lagret" in linjer[-1]
    assert saker_json(kjor) == []


def test_inngatt_etter_tittelens_dato(kjor: Kjor, tmp_path: Path) -> None:
    tabell = f"{C_TITTEL} per april 2026\n{VELFERD}{C_HODE}\nX\tKD og KS\t01.05.2026\t\t\n"
    fil = skriv_fil(tmp_path, "c.txt", tabell)
    linjer = feil_linjer(kjor("import", "vedlegg", "c", fil))
    assert linjer[0].startswith(f"{fil}:3: ") and "01.05.2026" in linjer[0]
    assert register_innhold(kjor)["avtaler"] == []
    assert importer(kjor, "c", fil, "--per", "2026-05-01").startswith("Vedlegg c: 1 nye")
