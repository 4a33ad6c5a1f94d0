"""Helpers the test modules share: registering records through the CLI, checking
results and errors, freezing the register's clock, and snapshots of the database."""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import typer.testing

from tests.conftest import Kjor

_BYGG = getattr(typer.testing, "_get_command", None)
_BYGD = functools.cache(_BYGG) if _BYGG is not None else None


@pytest.fixture(autouse=True)
def bygg_kommandoen_en_gang(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Typer's CliRunner builds the click command tree from the app on every invoke
    (about 0.1 s for konsreg); a test module that imports this fixture builds it once.
    The program itself builds it once per process too."""
    if _BYGD is not None:
        monkeypatch.setattr(typer.testing, "_get_command", _BYGD)
    yield


# The register's clock in tests that need exact timestamps.
FAST_TID = datetime(2026, 4, 30, 10, 15, 0, tzinfo=UTC)


def frys_tid(monkeypatch: pytest.MonkeyPatch, tid: datetime = FAST_TID) -> datetime:
    """Make every change the register records happen at `tid` (and show times in UTC)."""
    from konsreg.register import klokke

    monkeypatch.setattr(klokke, "na", lambda: tid)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    return tid


def ok(r: Any) -> Any:
    """The command succeeded, without a traceback."""
    assert r.exit_code == 0, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
    assert "Traceback" not in r.output
    return r


def feil(r: Any, kode: int, *deler: str) -> str:
    """The command failed with `kode` and one Norwegian line on stderr; returns the line."""
    assert r.exit_code == kode, f"exit {r.exit_code}\nstdout: {r.stdout}\nstderr: {r.stderr}"
    assert "Traceback" not in r.output
    linjer = r.stderr.splitlines()
    assert len(linjer) == 1, f"ventet én linje på stderr, fikk: {r.stderr!r}"
    linje = linjer[0]
    assert linje.startswith("Feil: "), linje
    for del_ in deler:
        assert del_ in linje, f"{del_!r} mangler i {linje!r}"
    return linje


SAK_STANDARD = {
    "--type": "kostnadsberegning",
    "--departement": "HOD",
    "--tittel": "E-helse",
    "--oppmeldt": "2026",
    "--meldt-inn-av": "KS",
}


def sak_args(**felt: str | None) -> list[str]:
    """`sak ny` options: the defaults above, overridden (None leaves an option out)."""
    verdier: dict[str, str | None] = dict(SAK_STANDARD)
    for navn, verdi in felt.items():
        verdier["--" + navn.replace("_", "-")] = verdi
    args: list[str] = []
    for valg, verdi in verdier.items():
        if verdi is not None:
            args += [valg, verdi]
    return args


def ny_sak(kjor: Kjor, *ekstra: str, **felt: str | None) -> str:
    """Register a case and return its saksnummer."""
    r = ok(kjor("sak", "ny", *sak_args(**felt), *ekstra, "-q"))
    return str(r.stdout.strip())


AVTALE_STANDARD = {
    "--tittel": "Samarbeidsavtale om partnerskapet i NAV-kontorene",
    "--kategori": "samhandling",
    "--part": "AID og KS",
    "--inngatt": "04.01.2023",
    "--utloper": "31.12.2026",
    "--forste-avtale": "2012",
}


def avtale_args(**felt: str | None) -> list[str]:
    verdier: dict[str, str | None] = dict(AVTALE_STANDARD)
    for navn, verdi in felt.items():
        verdier["--" + navn.replace("_", "-")] = verdi
    args: list[str] = []
    for valg, verdi in verdier.items():
        if verdi is not None:
            args += [valg, verdi]
    return args


def ny_avtale(kjor: Kjor, *ekstra: str, **felt: str | None) -> str:
    """Register an agreement and return its id (A1, A2, ...)."""
    r = ok(kjor("avtale", "ny", *avtale_args(**felt), *ekstra, "-q"))
    return str(r.stdout.strip())


def saker_json(kjor: Kjor, *filter: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(kjor("saker", *filter, "--format", "json")).stdout)
    return data


def avtaler_json(kjor: Kjor, *filter: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(kjor("avtaler", *filter, "--format", "json")).stdout)
    return data


def vis_json(kjor: Kjor, hva: str, handle: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(kjor(hva, "vis", handle, "--format", "json")).stdout)
    return data


def ider(rader: list[dict[str, Any]], felt: str = "id") -> list[str]:
    return [str(r[felt]) for r in rader]


def tabellinnhold() -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table of this test's register, as text, in a stable order:
    history and counters included, so a consumed number shows too."""
    from sqlalchemy import create_engine, inspect, text

    from konsreg.cli import felles

    engine = create_engine(felles.Tilstand().url())
    try:
        with engine.connect() as conn:
            resultat = {}
            for tabell in sorted(inspect(conn).get_table_names()):
                rader = conn.execute(text(f'SELECT * FROM "{tabell}"')).all()
                resultat[tabell] = sorted(tuple(str(v) for v in rad) for rad in rader)
            return resultat
    finally:
        engine.dispose()


def ojeblikksbilde(kjor: Kjor) -> dict[str, Any]:
    """The register as a user lists it (`saker`/`avtaler --format json`) and, beneath
    that, every row of every table."""
    return {
        "saker": saker_json(kjor),
        "avtaler": avtaler_json(kjor),
        "tabeller": tabellinnhold(),
    }


def avvises_uten_endring(
    kjor: Kjor, tilfeller: list[tuple[tuple[str, ...], int, str]], for_: dict[str, Any]
) -> None:
    """Each command fails with its exit code and message part, and leaves the register
    as `for_` (one register for many cases: a new register costs a migration)."""
    for args, kode, del_ in tilfeller:
        try:
            feil(kjor(*args), kode, del_)
            assert ojeblikksbilde(kjor) == for_, "registeret er endret"
        except AssertionError as galt:
            raise AssertionError(f"konsreg {' '.join(args)}: {galt}") from None


def sokeindeksen_stemmer(url: Any = None) -> None:
    """The search index says what the rows say (migration 0006). SQLite: each FTS5 table's
    every word, row, field and place (fts5vocab `instance`) is what a rebuild from the
    rows gives (in a transaction rolled back); PostgreSQL: its generated columns cannot
    differ, and `avtale.parter_tekst` is what the parties are. Both: parter_tekst too."""
    from sqlalchemy import create_engine

    from konsreg.cli import felles
    from konsreg.db.sokeindeks import FTS_TABELLER

    engine = create_engine(url or felles.Tilstand().url())
    try:
        with engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                parter = (
                    "SELECT id, parter_tekst, (SELECT group_concat(kode, ', ') FROM (SELECT kode "
                    "FROM avtalepart WHERE avtale_id = avtale.id ORDER BY posisjon)) FROM avtale"
                )
            else:
                parter = (
                    "SELECT id, parter_tekst, (SELECT string_agg(kode, ', ' ORDER BY posisjon) "
                    "FROM avtalepart WHERE avtale_id = avtale.id) FROM avtale"
                )
            for id_, lagret, ventet in conn.exec_driver_sql(parter).all():
                assert lagret == ventet, f"avtale {id_}: parter_tekst {lagret!r}, parter {ventet!r}"
            conn.rollback()
            if conn.dialect.name != "sqlite":
                return
            for tabell, (fts, _) in FTS_TABELLER.items():
                conn.exec_driver_sql(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.v_{fts} "
                    f"USING fts5vocab(main, {fts}, instance)"
                )
                sql = f"SELECT term, doc, col, offset FROM temp.v_{fts}"
                indeksen = sorted(conn.exec_driver_sql(sql).all())
                conn.exec_driver_sql(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
                radene = sorted(conn.exec_driver_sql(sql).all())
                conn.rollback()  # the rebuild was only to compare
                assert indeksen == radene, f"søkeindeksen for {tabell} stemmer ikke med radene"
    finally:
        engine.dispose()


def les_pty(mester: int, frist: float = 120.0) -> bytes:
    """All a pseudo-terminal's other end wrote, until it closed (then `mester` is closed).
    A process that is still writing or waiting after `frist` seconds is a failure, not a
    hang (TimeoutError)."""
    import os
    import select

    slutt = time.monotonic() + frist
    biter = []
    try:
        while True:
            igjen = slutt - time.monotonic()
            if igjen <= 0 or not select.select([mester], [], [], igjen)[0]:
                raise TimeoutError(f"ingen slutt på terminalen etter {frist:.0f} s")
            try:
                bit = os.read(mester, 65536)
            except OSError:  # EIO: the other end is closed
                break
            if not bit:
                break
            biter.append(bit)
    finally:
        os.close(mester)
    return b"".join(biter)
