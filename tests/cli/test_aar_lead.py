"""Issue 11, items 3-5: moving a register keeps everything (`db kopier`), a record
registered by mistake leaves the appendix (`annuller`, status utgår), and `eksempel`
never duplicates (its own marker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    feil,
    ny_avtale,
    ny_sak,
    ojeblikksbilde,
    ok,
    sak_args,
    saker_json,
)


def _fyll(kjor: Kjor, *db: str) -> None:
    """A register with history by several people, a renewal in force before it was
    signed, a date known to the month, a voided case and a category of its own."""
    ok(kjor(*db, "eksempel", "--av", "kari"))
    ok(kjor(*db, "sak", "endre", "2026/1", "--status", "pagaende", "--av", "ola"))
    ok(kjor(*db, "sak", "avslutt", "2022/1", "--dato", "1.6.2026", "--av", "per"))
    forny = ("--inngatt", "6.3.2026", "--gyldig-fra", "1.1.2026", "--utloper", "31.12.2029")
    ok(kjor(*db, "avtale", "forny", "A3", *forny))
    ok(kjor(*db, "avtale", "endre", "A6", "--inngatt", "juni 2024"))  # known to the month
    ok(kjor(*db, "sak", "annuller", "2026/2", "--grunn", "Feilregistrert"))
    ok(kjor(*db, "import", "vedlegg", "c", "-", input=_EGEN_KATEGORI))


_EGEN_KATEGORI = (
    "Avtaler om beredskap\tParter\tInngått\tUtløper\tFørste avtale inngått\n"
    "Avtale om digital beredskap\tJD, DFD og KS\t02.11.2026\t\t2026\n"
)


def _alt(kjor: Kjor, *db: str) -> dict[str, Any]:
    """Everything a user can read back: every case and agreement with its history, the
    meetings and their agendas (issue 13), and the whole export."""

    def les(*args: str) -> Any:
        return json.loads(ok(kjor(*db, *args, "-f", "json")).stdout)

    saker = [s["saksnummer"] for s in les("saker", "--alle")]
    avtaler = [a["id"] for a in les("avtaler", "--alle")]
    moter = les("mote", "liste")
    return {
        "saker": {n: les("sak", "vis", n) for n in saker},
        "avtaler": {h: les("avtale", "vis", h) for h in avtaler},
        "moter": moter,
        "punkter": {m["id"]: les("punkt", "liste", m["id"]) for m in moter},
        "eksport": ok(kjor(*db, "eksport", "alt")).stdout,
        "departementer": les("departementer"),
    }


@pytest.mark.bare_sqlite
def test_sqlite_til_postgresql_og_tilbake_beholder_alt(
    kjor: Kjor, tmp_path: Path, pg_schema_url: str
) -> None:
    # `eksport -f jsonl | import` into PostgreSQL lost all history (4 rows to 1) and set
    # `opprettet` to the import time. `db kopier` carries every row as it is.
    _fyll(kjor)
    for_ = _alt(kjor)
    assert [h["av"] for h in for_["saker"]["2026/1"]["historikk"]] == ["kari", "ola"]
    assert (for_["avtaler"]["A9"]["gyldig_fra"], for_["avtaler"]["A6"]["inngatt"]) == (
        "2026-01-01",
        "2024-06",
    )
    assert [m["id"] for m in for_["moter"]] == ["2026-2"]
    assert len(for_["punkter"]["2026-2"]) == 17
    ok(kjor("db", "kopier", "--til", pg_schema_url))
    pg = {"KONSREG_DATABASE_URL": pg_schema_url, "KONSREG_DB": ""}
    midt = _med_miljo(kjor, pg)
    assert midt == for_
    tilbake = tmp_path / "tilbake.db"
    r = kjor("db", "kopier", "--til", str(tilbake), env=pg)
    ok(r)
    assert (
        "3 saker, 10 avtaler, 1 møte, 17 punkter, 78 historikkrader, 43 departementer, "
        "3 kategorier" in r.stderr
    )
    assert _alt(kjor, "--db", str(tilbake)) == for_
    # Both ends carry on where the source stopped: the counters came along.
    assert _ny_sak_i(kjor, "--db", str(tilbake)) == "2026/3\n"
    assert kjor("sak", "ny", *sak_args(), "-q", env=pg).stdout == "2026/3\n"


def _ny_sak_i(kjor: Kjor, *db: str) -> str:
    return str(ok(kjor(*db, "sak", "ny", *sak_args(), "-q")).stdout)


def _saker(kjor: Kjor, *db: str, filter: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(kjor(*db, "saker", *filter, "-f", "json")).stdout)
    return data


def _med_miljo(kjor: Kjor, env: dict[str, str]) -> dict[str, Any]:
    def k(*args: str, **kw: Any) -> Any:
        return kjor(*args, env=env, **kw)

    return _alt(k)


def test_kopi_til_en_fil_er_lik_kilden(kjor: Kjor, tmp_path: Path) -> None:
    _fyll(kjor)
    for_ = _alt(kjor)
    mal = tmp_path / "kopi.db"
    ok(kjor("db", "kopier", "--til", str(mal)))
    assert _alt(kjor, "--db", str(mal)) == for_
    r = ok(kjor("--db", str(mal), "avtale", "ny", *avtale_args(), "-q"))
    assert r.stdout == "A11\n"


def test_kopier_avviser_et_register_som_ikke_er_tomt_og_seg_selv(
    kjor: Kjor, tmp_path: Path
) -> None:
    ny_sak(kjor)
    mal = tmp_path / "mal.db"
    ok(kjor("--db", str(mal), "sak", "ny", *sak_args(tittel="Egen sak")))
    for_ = ojeblikksbilde(kjor)
    feil(
        kjor("db", "kopier", "--til", str(mal)),
        1,
        "Målregisteret har allerede 1 saker og 0 avtaler",
    )
    assert [s["tittel"] for s in _saker(kjor, "--db", str(mal))] == ["Egen sak"]
    assert ojeblikksbilde(kjor) == for_
    annen = tmp_path / "annen.db"
    import sqlite3

    sqlite3.connect(annen).execute("CREATE TABLE kunder (id INTEGER)").connection.commit()
    feil(kjor("db", "kopier", "--til", str(annen)), 1, "ikke et konsreg-register")


@pytest.mark.bare_sqlite
def test_kopier_til_seg_selv_avvises(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor)
    from konsreg.cli import felles

    fil = str(felles.Tilstand().url().database)
    lenke = tmp_path / "lenke.db"
    lenke.symlink_to(fil)
    for mal in (fil, str(lenke)):
        feil(kjor("db", "kopier", "--til", mal), 1, "det samme registeret som kilden")


# -- item 4: annuller ---------------------------------------------------------------------


def test_annullert_sak_forsvinner_fra_vedlegget_men_beholder_alt(kjor: Kjor) -> None:
    # A wrong or test entry printed in `vedlegg b --ar 2026` forever, closed or not.
    ok(kjor("eksempel"))
    b_for = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "tsv")).stdout
    assert "Kulturmiljøloven" in b_for
    r = ok(kjor("sak", "annuller", "2026/2", "--grunn", "Registrert to ganger", "--av", "kari"))
    assert r.stdout == "Sak 2026/2 er annullert (utgår).\n"
    b = ok(kjor("vedlegg", "b", "--ar", "2026", "-f", "tsv")).stdout
    assert "Kulturmiljøloven" not in b
    assert [s["saksnummer"] for s in saker_json(kjor)] == ["2022/1", "2026/1"]
    assert [s["saksnummer"] for s in saker_json(kjor, "--alle")] == ["2022/1", "2026/1", "2026/2"]
    assert [s["saksnummer"] for s in saker_json(kjor, "--status", "utgår")] == ["2026/2"]
    r = ok(kjor("sak", "vis", "2026/2", "-f", "json"))
    assert r.stderr == "Sak 2026/2 er annullert (utgår): Registrert to ganger\n"
    vist = json.loads(r.stdout)
    assert vist["status"] == "utgar"
    assert [(h["felt"], h["ny"], h["av"]) for h in vist["historikk"][1:]] == [
        ("status", "utgar", "kari"),
        ("grunn", "Registrert to ganger", "kari"),
    ]
    # The number is never given again, and the register says what it cannot do.
    assert ny_sak(kjor, type="lovmedvirkning") == "2026/3"
    feil(kjor("sak", "annuller", "2026/2", "--grunn", "x"), 1, "allerede annullert")
    feil(kjor("sak", "avslutt", "2026/2"), 1, "er annullert (utgår)")
    feil(kjor("sak", "annuller", "2026/1"), 2, "Mangler --grunn")


def test_annullert_avtale_forsvinner_fra_vedlegg_c(kjor: Kjor) -> None:
    ok(kjor("eksempel"))
    ok(kjor("avtale", "annuller", "A4", "--grunn", "Test"))
    c = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026", "-f", "tsv")).stdout
    assert "NAV-kontorene" not in c
    ider = [a["id"] for a in json.loads(ok(kjor("avtaler", "-f", "json")).stdout)]
    assert "A4" not in ider
    assert "A4" in [a["id"] for a in json.loads(ok(kjor("avtaler", "--alle", "-f", "json")).stdout)]
    assert "A4" not in [
        a["id"]
        for a in json.loads(ok(kjor("avtaler", "--gjeldende-per", "1.5.2026", "-f", "json")).stdout)
    ]
    feil(kjor("avtale", "forny", "A4", "--inngatt", "1.1.2027"), 1, "annullert (utgår)")
    assert ny_avtale(kjor) == "A9"


def test_annullert_overlever_eksport_og_import(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor)
    ok(kjor("sak", "annuller", "2026/1", "--grunn", "Feil"))
    fil = tmp_path / "saker.jsonl"
    ok(kjor("eksport", "saker", "-f", "jsonl", "-o", str(fil)))
    tom = ("--db", str(tmp_path / "tom.db"))
    ok(kjor(*tom, "import", "saker", str(fil)))
    assert [(s["saksnummer"], s["status"]) for s in _saker(kjor, *tom, filter=("--alle",))] == [
        ("2026/1", "utgar")
    ]
    assert _saker(kjor, *tom) == []


# -- item 5: eksempel ---------------------------------------------------------------------


def test_eksempel_pa_nytt_etter_en_endring_dupliserer_ingenting(kjor: Kjor) -> None:
    # Rerunning it on a register where an example case was edited made 2026/7 and 2026/8.
    ok(kjor("eksempel"))
    ok(kjor("sak", "endre", "2026/1", "--tittel", "Ny tittel"))
    ok(kjor("avtale", "endre", "A1", "--tittel", "Ny avtaletittel"))
    for_ = ojeblikksbilde(kjor)
    r = ok(kjor("eksempel"))
    assert "0 nye saker, 0 nye avtaler, 11 fantes fra før" in r.stderr
    assert ojeblikksbilde(kjor) == for_


def test_eksempel_i_et_register_med_egne_poster(kjor: Kjor) -> None:
    ny_sak(kjor, tittel="Egen sak")
    for_ = ojeblikksbilde(kjor)
    feil(
        kjor("eksempel"),
        1,
        "Registeret har allerede 1 sak og 0 avtaler; eksempeldataene lastes bare i et tomt "
        "register. Bruk --likevel",
    )
    assert ojeblikksbilde(kjor) == for_
    ok(kjor("eksempel", "--likevel"))
    assert len(saker_json(kjor)) == 4
    ok(kjor("eksempel", "--likevel"))  # once loaded, never again
    assert len(saker_json(kjor)) == 4
