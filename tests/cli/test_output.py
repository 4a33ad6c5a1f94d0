"""Output formats: exact tsv/csv/markdown/json/jsonl, the table, the default format, and colour.

The register's clock is frozen (tests.hjelp.frys_tid), so timestamps are part of the
golden strings too.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from konsreg.cli import felles
from tests.conftest import Kjor
from tests.hjelp import (
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    frys_tid,
    les_pty,
    ok,
)

T = "2026-04-30T10:15:00+00:00"


@pytest.fixture
def register(kjor: Kjor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three cases and three agreements (one renewed), all at the frozen time."""
    frys_tid(monkeypatch)
    for args in (
        [
            *("-t", "kostnadsberegning", "-d", "HOD", "--oppmeldt", "2022", "--gjentakende"),
            *("--tittel", "Endringer i betalingen for e-helseløsninger"),
            *("--meldt-inn-av", "HOD", "--status", "pågående"),
        ],
        [
            *("-t", "lovmedvirkning", "-d", "KUD", "--tittel", "Kulturmiljøloven"),
            *("--beskrivelse", "Erstatter kulturminneloven, fra 1978"),
            *("--oppmeldt", "2026", "--meldt-inn-av", "KLD"),
        ],
        [
            *("-t", "kostnadsberegning", "-d", "AID", "--oppmeldt", "2026"),
            *("--tittel", 'Integreringsstønad | "aktivitetsplikt"', "--meldt-inn-av", "KS"),
        ],
    ):
        ok(kjor("sak", "ny", *args))
    ok(
        kjor(
            "avtale",
            "ny",
            "--tittel",
            "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående opplæring",
            *("-k", "velferd", "-p", "KD og KS", "--inngatt", "02.12.2022"),
            *("--utloper", "31.12.2025", "--forste-avtale", "2009"),
        )
    )
    ok(
        kjor(
            "avtale",
            "ny",
            *("--tittel", "Samarbeidsavtale om mottak og bosetting av flyktninger"),
            *("-k", "samhandling", "-p", "AID, JD, BFD, KDD og KS", "--inngatt", "11.03.2022"),
            *("--utloper", "31.12.2025", "--forste-avtale", "2004"),
        )
    )
    ok(kjor("avtale", "forny", "A2", "--inngatt", "06.03.2026", "--utloper", "31.12.2029"))


SAKER_TSV = (
    "saksnummer\ttype\tdepartement\ttittel\tbeskrivelse\toppmeldt\tgjentakende\tmeldt_inn_av"
    "\tstatus\tstatus_endret\topprettet\tendret\n"
    "2022/1\tkostnadsberegning\tHOD\tEndringer i betalingen for e-helseløsninger\t\t2022\ttrue"
    f"\tHOD\tpagaende\t2026-04-30\t{T}\t{T}\n"
    "2026/1\tlovmedvirkning\tKUD\tKulturmiljøloven\tErstatter kulturminneloven, fra 1978\t2026"
    f"\tfalse\tKLD\tny\t2026-04-30\t{T}\t{T}\n"
    '2026/2\tkostnadsberegning\tAID\t"Integreringsstønad | ""aktivitetsplikt"""\t\t2026\tfalse'
    f"\tKS\tny\t2026-04-30\t{T}\t{T}\n"
)

SAKER_CSV = (
    "saksnummer,type,departement,tittel,beskrivelse,oppmeldt,gjentakende,meldt_inn_av,"
    "status,status_endret,opprettet,endret\n"
    "2022/1,kostnadsberegning,HOD,Endringer i betalingen for e-helseløsninger,,2022,true,"
    f"HOD,pagaende,2026-04-30,{T},{T}\n"
    '2026/1,lovmedvirkning,KUD,Kulturmiljøloven,"Erstatter kulturminneloven, fra 1978",2026,'
    f"false,KLD,ny,2026-04-30,{T},{T}\n"
    '2026/2,kostnadsberegning,AID,"Integreringsstønad | ""aktivitetsplikt""",,2026,false,'
    f"KS,ny,2026-04-30,{T},{T}\n"
)

SAKER_MARKDOWN = (
    "| Saksnr. | Type | Dep. | Tittel | Oppmeldt | Meldt inn av | Status | Endret status |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
    "| 2022/1 | kostnadsberegning | HOD | Endringer i betalingen for e-helseløsninger | 2022 "
    "| HOD | pågående | 30.04.2026 |\n"
    "| 2026/1 | lovmedvirkning | KUD | Kulturmiljøloven | 2026 | KLD | ny | 30.04.2026 |\n"
    '| 2026/2 | kostnadsberegning | AID | Integreringsstønad \\| "aktivitetsplikt" | 2026 '
    "| KS | ny | 30.04.2026 |\n"
)

SAKER_JSON: list[dict[str, Any]] = [
    {
        "saksnummer": "2022/1",
        "type": "kostnadsberegning",
        "departement": "HOD",
        "tittel": "Endringer i betalingen for e-helseløsninger",
        "beskrivelse": None,
        "oppmeldt": 2022,
        "gjentakende": True,
        "meldt_inn_av": "HOD",
        "status": "pagaende",
        "status_endret": "2026-04-30",
        "opprettet": T,
        "endret": T,
    },
    {
        "saksnummer": "2026/1",
        "type": "lovmedvirkning",
        "departement": "KUD",
        "tittel": "Kulturmiljøloven",
        "beskrivelse": "Erstatter kulturminneloven, fra 1978",
        "oppmeldt": 2026,
        "gjentakende": False,
        "meldt_inn_av": "KLD",
        "status": "ny",
        "status_endret": "2026-04-30",
        "opprettet": T,
        "endret": T,
    },
    {
        "saksnummer": "2026/2",
        "type": "kostnadsberegning",
        "departement": "AID",
        "tittel": 'Integreringsstønad | "aktivitetsplikt"',
        "beskrivelse": None,
        "oppmeldt": 2026,
        "gjentakende": False,
        "meldt_inn_av": "KS",
        "status": "ny",
        "status_endret": "2026-04-30",
        "opprettet": T,
        "endret": T,
    },
]

KVALITET = "Avtale om kvalitetsutvikling i barnehagen, grunnskolen og videregående opplæring"
MOTTAK = "Samarbeidsavtale om mottak og bosetting av flyktninger"

AVTALER_TSV = (
    "id\ttittel\tkategori\tparter\tinngatt\tgyldig_fra\tutloper\tforste_avtale\tstatus"
    "\tstatus_endret\tfornyer\topprettet\tendret\n"
    f"A1\t{KVALITET}\tvelferd\tKD og KS\t2022-12-02\t\t2025-12-31\t2009\tny\t2026-04-30\t\t{T}"
    f"\t{T}\n"
    f"A2\t{MOTTAK}\tsamhandling\tAID, JD, BFD, KDD og KS\t2022-03-11\t\t2025-12-31\t2004"
    f"\tavsluttet\t2025-12-31\t\t{T}\t{T}\n"
    f"A3\t{MOTTAK}\tsamhandling\tAID, JD, BFD, KDD og KS\t2026-03-06\t\t2029-12-31\t2004"
    f"\tny\t2026-04-30\tA2\t{T}\t{T}\n"
)

AVTALER_CSV = (
    "id,tittel,kategori,parter,inngatt,gyldig_fra,utloper,forste_avtale,status,status_endret,"
    "fornyer,opprettet,endret\n"
    f'A1,"{KVALITET}",velferd,KD og KS,2022-12-02,,2025-12-31,2009,ny,2026-04-30,,{T},{T}\n'
    f'A2,{MOTTAK},samhandling,"AID, JD, BFD, KDD og KS",2022-03-11,,2025-12-31,2004,'
    f"avsluttet,2025-12-31,,{T},{T}\n"
    f'A3,{MOTTAK},samhandling,"AID, JD, BFD, KDD og KS",2026-03-06,,2029-12-31,2004,'
    f"ny,2026-04-30,A2,{T},{T}\n"
)

AVTALER_MARKDOWN = (
    "| Id | Tittel | Kategori | Parter | Inngått | Gyldig fra | Utløper | Første avtale "
    "| Status |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
    f"| A1 | {KVALITET} | velferd | KD og KS | 02.12.2022 |  | 31.12.2025 | 2009 | ny |\n"
    f"| A2 | {MOTTAK} | samhandling | AID, JD, BFD, KDD og KS | 11.03.2022 |  | 31.12.2025 "
    "| 2004 | avsluttet |\n"
    f"| A3 | {MOTTAK} | samhandling | AID, JD, BFD, KDD og KS | 06.03.2026 |  | 31.12.2029 "
    "| 2004 | ny |\n"
)

AVTALER_JSON: list[dict[str, Any]] = [
    {
        "id": "A1",
        "tittel": KVALITET,
        "kategori": "velferd",
        "parter": ["KD", "KS"],
        "inngatt": "2022-12-02",
        "gyldig_fra": None,
        "utloper": "2025-12-31",
        "forste_avtale": 2009,
        "status": "ny",
        "status_endret": "2026-04-30",
        "fornyer": None,
        "opprettet": T,
        "endret": T,
    },
    {
        "id": "A2",
        "tittel": MOTTAK,
        "kategori": "samhandling",
        "parter": ["AID", "JD", "BFD", "KDD", "KS"],
        "inngatt": "2022-03-11",
        "gyldig_fra": None,
        "utloper": "2025-12-31",
        "forste_avtale": 2004,
        "status": "avsluttet",
        "status_endret": "2025-12-31",
        "fornyer": None,
        "opprettet": T,
        "endret": T,
    },
    {
        "id": "A3",
        "tittel": MOTTAK,
        "kategori": "samhandling",
        "parter": ["AID", "JD", "BFD", "KDD", "KS"],
        "inngatt": "2026-03-06",
        "gyldig_fra": None,
        "utloper": "2029-12-31",
        "forste_avtale": 2004,
        "status": "ny",
        "status_endret": "2026-04-30",
        "fornyer": "A2",
        "opprettet": T,
        "endret": T,
    },
]

# The stable machine field names of issue 2 (more may follow; these keep their names).
SAK_FELT = [
    "saksnummer",
    "type",
    "departement",
    "tittel",
    "beskrivelse",
    "oppmeldt",
    "gjentakende",
    "meldt_inn_av",
    "status",
    "status_endret",
    "opprettet",
    "endret",
]
AVTALE_FELT = [
    "id",
    "tittel",
    "kategori",
    "parter",
    "inngatt",
    "utloper",
    "forste_avtale",
    "status",
    "fornyer",
    "opprettet",
    "endret",
]


# -- listings, exactly -----------------------------------------------------------------


@pytest.mark.usefixtures("register")
def test_tekstformater_eksakt(kjor: Kjor) -> None:
    for kommando, fmt, ventet in [
        ("saker", "tsv", SAKER_TSV),
        ("saker", "csv", SAKER_CSV),
        ("saker", "markdown", SAKER_MARKDOWN),
        ("avtaler", "tsv", AVTALER_TSV),
        ("avtaler", "csv", AVTALER_CSV),
        ("avtaler", "markdown", AVTALER_MARKDOWN),
    ]:
        r = ok(kjor(kommando, "--format", fmt))
        assert r.stdout == ventet, f"{kommando} --format {fmt}"
        assert r.stderr == ""


@pytest.mark.usefixtures("register")
def test_json_og_jsonl_eksakt(kjor: Kjor) -> None:
    for kommando, ventet in (("saker", SAKER_JSON), ("avtaler", AVTALER_JSON)):
        tekst = ok(kjor(kommando, "--format", "json")).stdout
        assert json.loads(tekst) == ventet
        assert tekst.endswith("]\n")
        assert "æ" in tekst or "ø" in tekst  # UTF-8 as it is, not \u escapes
        linjer = ok(kjor(kommando, "-f", "jsonl")).stdout.splitlines()
        assert [json.loads(linje) for linje in linjer] == ventet
        assert all(linje.startswith("{") for linje in linjer)


@pytest.mark.usefixtures("register")
def test_stabile_feltnavn(kjor: Kjor) -> None:
    for kommando, felt in (("saker", SAK_FELT), ("avtaler", AVTALE_FELT)):
        for fmt, skille in (("tsv", "\t"), ("csv", ",")):
            header = ok(kjor(kommando, "-f", fmt)).stdout.splitlines()[0].split(skille)
            assert [f for f in header if f in felt] == felt
        rad = json.loads(ok(kjor(kommando, "-f", "json")).stdout)[0]
        assert [f for f in rad if f in felt] == felt


@pytest.mark.usefixtures("register")
def test_tomme_lister(kjor: Kjor) -> None:
    assert ok(kjor("saker", "--ar", "1999", "-f", "json")).stdout == "[]\n"
    assert ok(kjor("saker", "--ar", "1999", "-f", "jsonl")).stdout == ""
    assert ok(kjor("saker", "--ar", "1999", "-f", "tsv")).stdout == SAKER_TSV.splitlines()[0] + "\n"
    assert ok(kjor("avtaler", "--utlop", "1999", "-f", "markdown")).stdout == (
        AVTALER_MARKDOWN.splitlines(keepends=True)[0] + AVTALER_MARKDOWN.splitlines(True)[1]
    )


@pytest.mark.usefixtures("register")
def test_format_uten_hensyn_til_store_bokstaver(kjor: Kjor) -> None:
    assert ok(kjor("saker", "--format", "TSV")).stdout == SAKER_TSV
    assert ok(kjor("saker", "-f", "Csv")).stdout == SAKER_CSV


# -- one record with its history -------------------------------------------------------

SAK_VIS_MARKDOWN = """\
## Sak 2026/1

| Felt | Verdi |
| --- | --- |
| saksnummer | 2026/1 |
| type | lovmedvirkning |
| departement | KUD |
| tittel | Kulturmiljøloven |
| beskrivelse | Erstatter kulturminneloven, fra 1978 |
| oppmeldt | 2026 |
| gjentakende | nei |
| meldt_inn_av | KLD |
| status | pågående |
| status_endret | 01.05.2026 |
| opprettet | 30.04.2026 10:15 |
| endret | 30.04.2026 10:15 |

### Historikk

| Tidspunkt | Av | Felt | Gammel verdi | Ny verdi |
| --- | --- | --- | --- | --- |
| 30.04.2026 10:15 | tester | opprettet |  | 2026/1 |
| 30.04.2026 10:15 | kari | status | ny | pagaende |
| 30.04.2026 10:15 | kari | status_endret | 2026-04-30 | 2026-05-01 |
"""


@pytest.mark.usefixtures("register")
def test_sak_vis_markdown_eksakt(kjor: Kjor) -> None:
    ok(kjor("sak", "endre", "2026/1", "--status", "pågående", "--dato", "1.5.2026", "--av", "kari"))
    assert ok(kjor("sak", "vis", "2026/1", "--format", "markdown")).stdout == SAK_VIS_MARKDOWN


@pytest.mark.usefixtures("register")
def test_sak_vis_json_jsonl_tsv_csv(kjor: Kjor) -> None:
    historikk = [
        {"tidspunkt": T, "av": "tester", "felt": "opprettet", "gammel": None, "ny": "2026/1"}
    ]
    ventet = {**SAKER_JSON[1], "historikk": historikk}
    assert json.loads(ok(kjor("sak", "vis", "2026/1", "-f", "json")).stdout) == ventet
    jsonl = ok(kjor("sak", "vis", "2026/1", "-f", "jsonl")).stdout
    assert jsonl.count("\n") == 1
    assert json.loads(jsonl) == ventet
    tsv = SAKER_TSV.splitlines()
    assert ok(kjor("sak", "vis", "2026/1", "-f", "tsv")).stdout == f"{tsv[0]}\n{tsv[2]}\n"
    csv_ = SAKER_CSV.splitlines()
    assert ok(kjor("sak", "vis", "2026/1", "-f", "csv")).stdout == f"{csv_[0]}\n{csv_[2]}\n"


AVTALE_VIS_MARKDOWN = f"""\
## Avtale A2

| Felt | Verdi |
| --- | --- |
| id | A2 |
| tittel | {MOTTAK} |
| kategori | samhandling |
| parter | AID, JD, BFD, KDD og KS |
| inngatt | 11.03.2022 |
| gyldig_fra |  |
| utloper | 31.12.2025 |
| forste_avtale | 2004 |
| status | avsluttet |
| status_endret | 31.12.2025 |
| fornyer |  |
| opprettet | 30.04.2026 10:15 |
| endret | 30.04.2026 10:15 |
| serie | A2 → A3 |
| fullt_navn |  |

### Historikk

| Tidspunkt | Av | Felt | Gammel verdi | Ny verdi |
| --- | --- | --- | --- | --- |
| 30.04.2026 10:15 | tester | opprettet |  | A2 |
| 30.04.2026 10:15 | tester | status | ny | avsluttet |
| 30.04.2026 10:15 | tester | status_endret | 2026-04-30 | 2025-12-31 |
"""


@pytest.mark.usefixtures("register")
def test_avtale_vis_markdown_og_json_eksakt(kjor: Kjor) -> None:
    r = ok(kjor("avtale", "vis", "A2", "--format", "markdown"))
    assert r.stdout == AVTALE_VIS_MARKDOWN
    assert r.stderr == "Avtale A2 er fornyet av A3.\n"
    data = json.loads(ok(kjor("avtale", "vis", "A3", "-f", "json")).stdout)
    assert data == {
        **AVTALER_JSON[2],
        "serie": ["A2", "A3"],
        "fullt_navn": None,
        "historikk": [
            {"tidspunkt": T, "av": "tester", "felt": "opprettet", "gammel": None, "ny": "A3"}
        ],
    }
    tsv = AVTALER_TSV.splitlines()
    vist = ok(kjor("avtale", "vis", "A3", "-f", "tsv")).stdout
    assert vist == f"{tsv[0]}\tserie\tfullt_navn\n{tsv[3]}\tA2 → A3\t\n"


# -- the default format and the human table --------------------------------------------


@pytest.mark.usefixtures("register")
def test_standard_er_tsv_uten_terminal(kjor: Kjor) -> None:
    assert ok(kjor("saker")).stdout == SAKER_TSV
    assert ok(kjor("sak", "liste")).stdout == SAKER_TSV
    assert ok(kjor("avtaler")).stdout == AVTALER_TSV
    vis = ok(kjor("sak", "vis", "2026/1")).stdout
    assert vis.splitlines()[0] == SAKER_TSV.splitlines()[0]
    avdelinger = ok(kjor("departementer")).stdout
    assert avdelinger.startswith("kode\tnavn\tfra_ar\ttil_ar\tmerknad\n")
    for tekst in (vis, avdelinger):
        assert "\x1b" not in tekst
        assert "┃" not in tekst and "│" not in tekst


@pytest.mark.usefixtures("register")
def test_tabell_viser_verdiene_for_mennesker(kjor: Kjor) -> None:
    r = ok(kjor("saker", "--format", "table", env={"COLUMNS": "200"}))
    linjer = r.stdout.splitlines()
    assert linjer[0].startswith("┏")
    assert "Saksnr." in linjer[1] and "Tittel" in linjer[1]
    rad = next(linje for linje in linjer if "2022/1" in linje)
    celler = [c.strip() for c in rad.strip("│").split("│")]
    assert celler == [
        "2022/1",
        "kostnadsberegning",
        "HOD",
        "Endringer i betalingen for e-helseløsninger",
        "2022",
        "HOD",
        "pågående",
        "30.04.2026",
    ]
    r = ok(kjor("avtaler", "-f", "table", env={"COLUMNS": "250"}))
    rad = next(linje for linje in r.stdout.splitlines() if "│ A2 " in linje)
    celler = [c.strip() for c in rad.strip("│").split("│")]
    assert celler == [
        "A2",
        MOTTAK,
        "samhandling",
        "AID, JD, BFD, KDD og KS",
        "11.03.2022",
        "",
        "31.12.2025",
        "2004",
        "avsluttet",
    ]


# -- colour ----------------------------------------------------------------------------


@pytest.mark.usefixtures("register")
def test_no_color_og_valget_no_color(kjor: Kjor) -> None:
    # The run's state lives in the click context's obj: hand the run one to look at
    # afterwards, and ask for the console inside a context holding it.
    from typer._click import Context
    from typer.main import get_command

    from konsreg.cli.app import app

    def kjor_med(*args: str, env: dict[str, str] | None = None) -> felles.Tilstand:
        tilstand = felles.Tilstand()
        r = CliRunner().invoke(app, list(args), env=env, obj=tilstand, catch_exceptions=False)
        ok(r)
        return tilstand

    def konsoll(tilstand: felles.Tilstand) -> Any:
        with Context(get_command(app), obj=tilstand):
            return felles.konsoll()

    tilstand = kjor_med("saker", "-f", "table")
    assert tilstand.no_color is False
    assert not konsoll(tilstand).no_color
    tilstand = kjor_med("--no-color", "saker", "-f", "table")
    assert tilstand.no_color is True
    assert konsoll(tilstand).no_color
    tilstand = kjor_med("saker", "-f", "table", env={"NO_COLOR": "1"})
    assert tilstand.no_color is True
    assert konsoll(tilstand).no_color


_SGR = re.compile(r"\x1b\[([0-9;]*)m")


def _farger(tekst: str) -> list[str]:
    """The colour codes (foreground and background) among the SGR sequences of `tekst`."""
    farger = []
    for param in _SGR.findall(tekst):
        for del_ in param.split(";"):
            if del_.isdigit() and (30 <= int(del_) <= 49 or 90 <= int(del_) <= 107):
                farger.append(del_)
    return farger


def _i_terminal(args: list[str], **env: str) -> tuple[str, str]:
    """Run `python -m konsreg ARGS` with stdout on a pseudo-terminal."""
    mester, slave = pty.openpty()
    miljo = {**os.environ, "COLUMNS": "200", "TERM": "xterm-256color", **env}
    if "NO_COLOR" not in env:
        miljo.pop("NO_COLOR", None)
    prosess = subprocess.Popen(
        [sys.executable, "-m", "konsreg", *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=miljo,
    )
    os.close(slave)
    ut = les_pty(mester)
    assert prosess.stderr is not None
    feil = prosess.stderr.read().decode()
    assert prosess.wait() == 0, feil
    return ut.decode().replace("\r\n", "\n"), feil


@pytest.mark.usefixtures("register")
def test_i_terminalen_er_standard_en_tabell(kjor: Kjor) -> None:
    ut, _ = _i_terminal(["saker"])
    assert "┏" in ut
    assert "Saksnr." in ut
    assert "pågående" in ut
    assert "\t" not in ut
    # A machine format stays plain also at a terminal.
    ut, _ = _i_terminal(["saker", "--format", "tsv"])
    assert ut == SAKER_TSV
    assert "\x1b" not in ut


@pytest.mark.usefixtures("register")
def test_i_terminalen_uten_farger_med_no_color(kjor: Kjor) -> None:
    for args, env in ((["saker"], {"NO_COLOR": "1"}), (["--no-color", "saker"], {})):
        ut, _ = _i_terminal(args, **env)
        assert "Saksnr." in ut
        assert "┏" in ut
        assert _farger(ut) == []


@pytest.mark.usefixtures("register")
def test_grense_kapper_listen_og_sier_hvor_mange_det_er(kjor: Kjor) -> None:
    alle = ok(kjor("saker")).stdout.splitlines()
    antall = len(alle) - 1
    assert antall == 3
    # A machine format: the first N rows, and a line on stderr that there are more.
    r = ok(kjor("saker", "--grense", "2"))
    assert r.stdout.splitlines() == alle[:3]
    assert r.stderr == "Skrev de første 2 saker (--grense); det er flere.\n"
    # Exactly as many as there are: nothing is said.
    r = ok(kjor("saker", "--grense", str(antall)))
    assert (r.stdout.splitlines(), r.stderr) == (alle, "")
    r = ok(kjor("saker", "--grense", "0", "-f", "jsonl"))
    assert (len(r.stdout.splitlines()), r.stderr) == (antall, "")
    # A table shows N rows and says how many there are in all.
    r = ok(kjor("saker", "-f", "table", "--grense", "2", env={"COLUMNS": "200"}))
    rader = [linje for linje in r.stdout.splitlines() if re.search(r"│ \d{4}/\d+ ", linje)]
    assert len(rader) == 2
    assert r.stderr == f"Viser 2 av {antall} saker; --grense 0 viser alle.\n"
    r = ok(kjor("avtaler", "-f", "json", "--grense", "1"))
    assert len(json.loads(r.stdout)) == 1
    assert r.stderr == "Skrev de første 1 avtaler (--grense); det er flere.\n"


def test_tabellen_viser_tusen_rader_som_standard(kjor: Kjor) -> None:
    from konsreg.cli import visning

    assert visning.TABELLGRENSE == 1000
    tekst = "saksnummer,type,departement,tittel,oppmeldt,meldt_inn_av\n" + "".join(
        f"2026/{n},kostnadsberegning,HOD,Sak {n},2026,KS\n" for n in range(1, 1003)
    )
    ok(kjor("import", "saker", "-", "--av", "t", "--quiet", input=tekst))
    r = ok(kjor("saker", "-f", "table", env={"COLUMNS": "200"}))
    assert len([linje for linje in r.stdout.splitlines() if "│ 2026/" in linje]) == 1000
    assert r.stderr == "Viser 1\u00a0000 av 1\u00a0002 saker; --grense 0 viser alle.\n"
    assert "│ 2026/1000 " in r.stdout and "│ 2026/1001 " not in r.stdout


@pytest.mark.parametrize(
    ("verdi", "melding"),
    [
        (
            "abc",
            "Feil: Ugyldig verdi for --grense: må være et heltall. Se «konsreg saker --help».\n",
        ),
        (
            "-1",
            "Feil: Ugyldig verdi for --grense: må være 0 eller mer. Se «konsreg saker --help».\n",
        ),
    ],
)
def test_gal_grense_er_en_norsk_feil(kjor: Kjor, verdi: str, melding: str) -> None:
    r = kjor("saker", "--grense", verdi)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", melding)
