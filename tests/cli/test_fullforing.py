"""Shell completion from the register (cli/fullforing.py), through Click's completion
protocol (`_KONSREG_COMPLETE=complete_bash` with COMP_WORDS, as the bash script calls
konsreg; `complete_zsh` with _TYPER_COMPLETE_ARGS for zsh), in-process. The real shells
sourcing the installed scripts, and the time a Tab takes: tests/samtidig/test_fullforing.py.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from konsreg.cli import fullforing
from tests.conftest import BACKEND, Kjor
from tests.hjelp import feil, ok


def fullfor(kjor: Kjor, linje: str, **env: str) -> list[str]:
    """The candidates bash gets for the last word of `linje` (empty after a space)."""
    ord_ = linje.split(" ")
    r = kjor(
        env={
            "_KONSREG_COMPLETE": "complete_bash",
            "COMP_WORDS": linje,
            "COMP_CWORD": str(len(ord_) - 1),
            **env,
        }
    )
    assert r.exit_code == 0, r.output
    assert r.stderr == ""
    return r.stdout.split()


@pytest.fixture
def eksempel(kjor: Kjor) -> Kjor:
    ok(kjor("eksempel"))
    return kjor


def test_kommandoer_og_valg_uten_register(kjor: Kjor, eget_register: Path) -> None:
    assert {"sak", "saker"} <= set(fullfor(kjor, "konsreg sa"))
    assert {"--departement", "--meldt-inn-av"} <= set(fullfor(kjor, "konsreg sak ny --"))
    assert fullfor(kjor, "konsreg --show-completion ") == ["bash", "zsh"]
    assert not eget_register.exists()


def test_saksnumre(eksempel: Kjor) -> None:
    assert sorted(fullfor(eksempel, "konsreg sak vis ")) == ["2022/1", "2026/1", "2026/2"]
    assert sorted(fullfor(eksempel, "konsreg sak endre 2026/")) == ["2026/1", "2026/2"]
    assert fullfor(eksempel, "konsreg sak vis 2019/") == []
    assert sorted(fullfor(eksempel, "konsreg punkt ny 2026-2 --sak 202")) == [
        "2022/1",
        "2026/1",
        "2026/2",
    ]


def test_avtaler(eksempel: Kjor) -> None:
    assert sorted(fullfor(eksempel, "konsreg avtale vis ")) == [f"A{i}" for i in range(1, 9)]
    assert fullfor(eksempel, "konsreg avtale forny A7") == ["A7"]
    assert "A3" in fullfor(eksempel, "konsreg avtale endre A1 --fornyer ")
    assert "A5" in fullfor(eksempel, "konsreg punkt endre 2026-2/1 --avtale A")


def test_departementer_og_parter(eksempel: Kjor) -> None:
    koder = fullfor(eksempel, "konsreg sak ny --departement ")
    assert {"HOD", "KDD", "KMD", "AID"} <= set(koder)
    assert "KS" not in koder
    assert len(koder) == len(set(koder))  # a code named twice over the years: once
    assert fullfor(eksempel, "konsreg saker -d KD") == ["KD", "KDD"]
    parter = fullfor(eksempel, "konsreg avtaler --part ")
    assert parter[0] == "KS" and "HOD" in parter
    assert fullfor(eksempel, "konsreg sak ny --meldt-inn-av K")[0] == "KS"
    assert "HOD" in fullfor(eksempel, "konsreg mote ny --type bilateralt -d H")


def test_moter_og_punkter(eksempel: Kjor) -> None:
    for linje in (
        "konsreg mote vis ",
        "konsreg punkt liste ",
        "konsreg materiale ",
        "konsreg sjekk ",
        "konsreg referat ",
    ):
        assert fullfor(eksempel, linje) == ["2026-2"], linje
    punkter = fullfor(eksempel, "konsreg punkt vis 2026-2/")
    assert len(punkter) == 17 and punkter[0] == "2026-2/1"
    assert fullfor(eksempel, "konsreg punkt vis 2026-2/1") == ["2026-2/1"] + [
        f"2026-2/{n}" for n in range(10, 18)
    ]
    assert "2026-2/3" in fullfor(eksempel, "konsreg punkt flytt 2026-2/2 --etter 2026")
    ok(eksempel("punkt", "fjern", "2026-2/3"))
    assert "2026-2/3" not in fullfor(eksempel, "konsreg punkt vis 2026-2/")


def test_zsh_faar_titlene_som_beskrivelse(eksempel: Kjor) -> None:
    r = eksempel(
        env={"_KONSREG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "konsreg sak vis 2026/"}
    )
    assert r.exit_code == 0
    assert r.stdout.startswith("_arguments '*: :((")
    assert '"2026/2":"Kulturmiljøloven"' in r.stdout


def test_beskrivelsen_er_en_trygg_linje() -> None:
    assert fullforing._hjelp("a\nb\x1bc") == "a b\\x1bc"
    assert len(fullforing._hjelp("x" * 200)) == 60


@pytest.mark.bare_sqlite
def test_db_valget_gjelder_ogsaa_fullforingen(kjor: Kjor, tmp_path: Path) -> None:
    annen = tmp_path / "annen.db"
    ok(kjor("--db", str(annen), "eksempel"))
    assert fullfor(kjor, "konsreg sak vis ") == []  # the test's own register is empty
    assert len(fullfor(kjor, f"konsreg --db {annen} sak vis ")) == 3


@pytest.mark.bare_sqlite
def test_manglende_register_gir_ingenting_og_lages_ikke(kjor: Kjor, tmp_path: Path) -> None:
    for linje in ("konsreg sak vis ", "konsreg avtale vis A", "konsreg sak ny -d "):
        assert fullfor(kjor, linje) == []
        assert fullfor(kjor, f"konsreg --db {tmp_path / 'ingen.db'} {linje[8:]}") == []
    assert list(tmp_path.iterdir()) == []
    # Nor the default file, nor its folder.
    uten = {"KONSREG_DB": ""}
    assert fullfor(kjor, "konsreg sak vis ", **uten) == []
    assert not (tmp_path / "home" / ".config" / "konsreg").exists()


@pytest.mark.bare_sqlite
def test_en_fil_som_ikke_er_et_register_gir_ingenting(kjor: Kjor, tmp_path: Path) -> None:
    tekst = tmp_path / "notat.txt"
    tekst.write_text("ikke en database\n")
    fremmed = tmp_path / "fremmed.db"
    sqlite3.connect(fremmed).execute("CREATE TABLE x (a)").connection.commit()
    for fil in (tekst, fremmed):
        assert fullfor(kjor, f"konsreg --db {fil} sak vis ") == []
    assert tekst.read_text() == "ikke en database\n"


@pytest.mark.bare_sqlite
def test_laast_register_gir_ingenting_raskt(eksempel: Kjor, eget_register: Path) -> None:
    las = sqlite3.connect(eget_register)
    las.execute("PRAGMA locking_mode = EXCLUSIVE")
    las.execute("BEGIN EXCLUSIVE")
    las.execute("UPDATE sak SET tittel = tittel")
    try:
        start = time.perf_counter()
        assert fullfor(eksempel, "konsreg sak vis ") == []
        assert time.perf_counter() - start < fullforing.VENTETID + 2
    finally:
        las.rollback()
        las.close()
    assert len(fullfor(eksempel, "konsreg sak vis ")) == 3  # free again: there it is


def test_server_som_ikke_svarer_gir_ingenting(kjor: Kjor) -> None:
    url = "postgresql+psycopg://konsreg@127.0.0.1:1/ingen"
    assert fullfor(kjor, "konsreg sak vis ", KONSREG_DATABASE_URL=url) == []


@pytest.mark.skipif(BACKEND != "postgres", reason="registeret er på PostgreSQL bare da")
def test_register_paa_postgresql(eksempel: Kjor) -> None:
    assert sorted(fullfor(eksempel, "konsreg sak vis 2026/")) == ["2026/1", "2026/2"]
    assert "A5" in fullfor(eksempel, "konsreg avtale vis A")


@pytest.mark.bare_sqlite
def test_registerfil_som_db_hvor(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The file completion reads is the one a command opens (db.hvor), every way round."""
    from konsreg import db

    def begge(valgt: Path | None) -> tuple[object, object]:
        url = db.hvor(db=valgt)
        egen = fullforing.registerfil(valgt)
        vist = url.database if db.er_sqlite(url) else url.render_as_string(hide_password=False)
        return (str(egen) if isinstance(egen, Path) else egen), vist

    fil = tmp_path / "med mellomrom æ.db"
    monkeypatch.setenv("KONSREG_DB", str(fil))
    monkeypatch.delenv("KONSREG_DATABASE_URL", raising=False)
    assert begge(None) == (str(fil), str(fil))
    annen = tmp_path / "annen.db"
    assert begge(annen) == (str(annen), str(annen))
    monkeypatch.delenv("KONSREG_DB")
    egen, vist = begge(None)
    assert egen == vist and str(egen).endswith("konsreg.db")
    pg = "postgresql+psycopg://bruker@vert:5432/konsreg"
    monkeypatch.setenv("KONSREG_DATABASE_URL", pg)
    assert begge(None) == (pg, pg)
    assert begge(annen) == (str(annen), str(annen))  # --db first
    monkeypatch.setenv("KONSREG_DATABASE_URL", f"sqlite:///{annen}")
    assert fullforing._sqlite_fil(f"sqlite:///{annen}") == annen


def test_vis_skript(kjor: Kjor) -> None:
    bash = ok(kjor("--show-completion", "bash")).stdout
    assert "_KONSREG_COMPLETE=complete_bash" in bash and "complete -o default" in bash
    zsh = ok(kjor("--show-completion", "zsh")).stdout
    assert zsh == fullforing.ZSH_SKRIPT
    feil(kjor("--show-completion", "fish"), 2, "bash og zsh", "«fish»")


def test_hjelpen_er_norsk(kjor: Kjor) -> None:
    hjelp = ok(kjor("--help")).stdout
    assert "Installer fullføring med Tab" in hjelp
    assert "--show-completion SKALL" in hjelp
    assert "Install completion" not in hjelp
