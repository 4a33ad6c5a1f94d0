"""A first pass through the main commands, on the test's own register."""

from __future__ import annotations

from tests.conftest import Kjor


def test_sak_ny_gir_saksnummer_og_vises_i_liste(kjor: Kjor) -> None:
    r = kjor(
        "sak",
        "ny",
        "-t",
        "kostnadsberegning",
        "-d",
        "HOD",
        "--tittel",
        "E-helse",
        "--oppmeldt",
        "2022",
        "--meldt-inn-av",
        "HOD",
        "-q",
    )
    assert r.exit_code == 0, r.stderr
    assert r.stdout == "2022/1\n"
    r = kjor("saker", "--format", "tsv")
    assert r.exit_code == 0, r.stderr
    linjer = r.stdout.splitlines()
    assert linjer[0].split("\t")[:4] == ["saksnummer", "type", "departement", "tittel"]
    assert linjer[1].split("\t")[:4] == ["2022/1", "kostnadsberegning", "HOD", "E-helse"]
