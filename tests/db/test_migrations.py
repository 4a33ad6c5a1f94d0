"""The schema comes only from Alembic revisions: HEAD_REVISION is Alembic's single
head, and after an upgrade the database matches the models exactly (on the backend
the suite runs with)."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlmodel import SQLModel

import konsreg.db
import konsreg.models
from konsreg.cli import felles
from konsreg.db import sokeindeks
from tests.conftest import Kjor
from tests.hjelp import (
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    ny_avtale,
    ny_sak,
    ok,
)


def test_head_revision_er_alembics_eneste_hode() -> None:
    skript = ScriptDirectory.from_config(konsreg.db.alembic_config())
    assert skript.get_heads() == [konsreg.db.HEAD_REVISION]
    assert konsreg.db.HEAD_REVISION in konsreg.db.kjente_revisjoner()
    # One straight line of revisions from base to head.
    revisjoner = list(skript.walk_revisions())
    assert revisjoner[0].revision == konsreg.db.HEAD_REVISION
    assert revisjoner[-1].down_revision is None
    assert skript.get_bases() == [revisjoner[-1].revision]


def test_migrert_database_er_lik_modellene(kjor: Kjor) -> None:
    ok(kjor("db", "upgrade"))
    engine = konsreg.db.apne_register(felles.Tilstand().url())
    try:
        with engine.connect() as conn:
            # The search index is kept out of the models (konsreg/db/sokeindeks.py), and
            # migrations/env.py tells Alembic to leave it aside: so does this comparison.
            kontekst = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "include_name": sokeindeks.ta_med_navn,
                    "include_object": sokeindeks.ta_med_objekt,
                },
            )
            forskjeller = compare_metadata(kontekst, SQLModel.metadata)
            assert forskjeller == []
            assert kontekst.get_current_revision() == konsreg.db.HEAD_REVISION
            alle = set(inspect(conn).get_table_names())
            tabeller = {t for t in alle if not sokeindeks.er_sokeobjekt(t, "table")}
            assert tabeller == set(SQLModel.metadata.tables) | {"alembic_version"}
            _sokeindeksen_er_der(conn, alle - tabeller)
            if conn.dialect.name == "postgresql":
                # The models leave out `postgresql_using` (it loads SQLAlchemy's PostgreSQL
                # dialect at every start, and Alembic's comparison ignores it): the title
                # indexes are hash indexes by migration 0002 alone.
                for tabell, indeks in (("sak", "ix_sak_tittel"), ("avtale", "ix_avtale_tittel")):
                    valg = {
                        i["name"]: i.get("dialect_options", {})
                        for i in inspect(conn).get_indexes(tabell)
                    }
                    assert valg[indeks].get("postgresql_using") == "hash"
    finally:
        engine.dispose()


def _sokeindeksen_er_der(conn: Any, sokeobjekter: set[str]) -> None:
    """The search index of revision 0006 is whole at head: what the comparison above
    leaves aside is checked here, so a later revision cannot drop it unseen (a table
    rebuilt in batch mode on SQLite loses its triggers)."""
    tabeller = {t: fts for t, (fts, _) in sokeindeks.FTS_TABELLER.items()}
    if conn.dialect.name == "sqlite":
        skygger = ("", "_data", "_idx", "_docsize", "_config")
        assert sokeobjekter == {f + s for f in tabeller.values() for s in skygger}
        triggere = set(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
        )
        handlinger = ("ny", "slettet", "endret")
        assert triggere == {
            f"{f}_{h}" for f in [*tabeller.values(), "sok_avtalepart"] for h in handlinger
        }
        return
    assert sokeobjekter == set()
    for tabell in tabeller:
        kolonner = {k["name"]: k for k in inspect(conn).get_columns(tabell)}
        assert kolonner[sokeindeks.SOKEKOLONNE].get("computed"), tabell
        indekser = {i["name"]: i for i in inspect(conn).get_indexes(tabell)}
        indeks = indekser[f"ix_{tabell}_{sokeindeks.SOKEKOLONNE}"]
        assert indeks.get("dialect_options", {}).get("postgresql_using") == "gin"
    triggere = set(
        conn.exec_driver_sql(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'avtalepart'::regclass "
            "AND NOT tgisinternal"
        ).scalars()
    )
    assert triggere == {"sok_avtalepart_ny", "sok_avtalepart_slettet", "sok_avtalepart_endret"}


def test_migreringen_fyller_referansedata(kjor: Kjor) -> None:
    ok(kjor("db", "upgrade"))
    csv_rader = list(
        csv.DictReader(
            io.StringIO(
                resources.files("konsreg").joinpath("data/departementer.csv").read_text("utf-8")
            )
        )
    )
    engine = konsreg.db.apne_register(felles.Tilstand().url())
    try:
        with engine.connect() as conn:
            antall = conn.execute(select(func.count()).select_from(konsreg.models.Departement))
            assert antall.scalar_one() == len(csv_rader)
            kategorier = conn.execute(
                text("SELECT kode FROM kategori ORDER BY rekkefolge")
            ).scalars()
            assert list(kategorier) == ["velferd", "samhandling"]
    finally:
        engine.dispose()


def test_nedgradering_og_oppgradering_igjen(kjor: Kjor) -> None:
    ny_sak(kjor)
    ny_avtale(kjor)
    engine = konsreg.db.apne_register(felles.Tilstand().url())
    try:
        with konsreg.db.skriver(engine).begin() as conn:
            command.downgrade(konsreg.db.alembic_config(conn), "base")
            assert set(inspect(conn).get_table_names()) - {"sqlite_sequence"} == {"alembic_version"}
            command.upgrade(konsreg.db.alembic_config(conn), "head")
    finally:
        engine.dispose()
    r = ok(kjor("saker", "--format", "json"))
    assert r.stdout == "[]\n"
    assert (
        ok(
            kjor(
                "sak",
                "ny",
                "-t",
                "lov",
                "-d",
                "KD",
                "--tittel",
                "x",
                "--meldt-inn-av",
                "KS",
                "--oppmeldt",
                "2026",
                "-q",
            )
        ).stdout
        == "2026/1\n"
    )


def _revisjon(filnavn: str) -> Any:
    """A revision's module, loaded from migrations/versions by its file name."""
    from importlib import util

    sti = konsreg.db.migrations_dir() / "versions" / filnavn
    spesifikasjon = util.spec_from_file_location(f"rev_{sti.stem}", sti)
    assert spesifikasjon is not None and spesifikasjon.loader is not None
    modul = util.module_from_spec(spesifikasjon)
    spesifikasjon.loader.exec_module(modul)
    return modul


def test_kildefilen_og_de_frosne_departementene_i_migreringene_er_like() -> None:
    # Revision 0001 carries its ministries as frozen rows: editing data/departementer.csv
    # changes no register. A change to the source file therefore needs a data migration
    # of its own; until then this test fails, so the two cannot drift apart in silence.
    modul = _revisjon("0001_initial_schema.py")
    tekst = resources.files("konsreg").joinpath("data/departementer.csv").read_text("utf-8")
    kilde = [
        (
            r["kode"].strip(),
            r["navn"].strip(),
            int(r["fra_ar"]) if r["fra_ar"].strip() else None,
            int(r["til_ar"]) if r["til_ar"].strip() else None,
            r["merknad"].strip() or None,
        )
        for r in csv.DictReader(io.StringIO(tekst))
    ]
    assert kilde == modul.DEPARTEMENTER


def test_kildefilen_og_de_frosne_etterfolgerne_i_migreringene_er_like() -> None:
    # Revision 0003 carries the hand-overs between ministries as frozen rows, as 0001 does
    # the ministries: data/etterfolgere.csv and the migration must say the same.
    modul = _revisjon("0003_departementenes_etterfolgere.py")
    tekst = resources.files("konsreg").joinpath("data/etterfolgere.csv").read_text("utf-8")
    kilde = [
        (
            r["forgjenger"].strip(),
            r["etterfolger"].strip(),
            int(r["fra_ar"]),
            {"hel": True, "del": False}[r["omfang"].strip()],
            r["merknad"].strip() or None,
        )
        for r in csv.DictReader(io.StringIO(tekst))
    ]
    assert kilde == modul.ETTERFOLGERE


def test_migreringen_fyller_etterfolgerne(kjor: Kjor) -> None:
    ok(kjor("db", "upgrade"))
    tekst = resources.files("konsreg").joinpath("data/etterfolgere.csv").read_text("utf-8")
    ventet = sorted(
        (r["forgjenger"], r["etterfolger"], int(r["fra_ar"]), r["omfang"])
        for r in csv.DictReader(io.StringIO(tekst))
    )
    rader = json.loads(ok(kjor("departementer", "--overganger", "-f", "json")).stdout)
    assert sorted((r["forgjenger"], r["etterfolger"], r["fra_ar"], r["omfang"]) for r in rader) == (
        ventet
    )


def test_moter_kommer_til_et_fylt_register_fra_0002(kjor: Kjor) -> None:
    """Revision 0005 (meetings, items, an agreement's full name) upgrades a register with
    records from revision 0002 and keeps them; the new tables then take meetings about
    the old records."""
    sak = ny_sak(kjor)
    avtale = ny_avtale(kjor)
    for_ = ok(kjor("eksport", "alt")).stdout
    engine = konsreg.db.apne_register(felles.Tilstand().url())
    try:
        with konsreg.db.skriver(engine).begin() as conn:
            command.downgrade(konsreg.db.alembic_config(conn), "0002")
            assert not {"mote", "punkt"} & set(inspect(conn).get_table_names())
            command.upgrade(konsreg.db.alembic_config(conn), "head")
            kolonner = {k["name"] for k in inspect(conn).get_columns("avtale")}
            assert "fullt_navn" in kolonner
    finally:
        engine.dispose()
    assert ok(kjor("eksport", "alt")).stdout == for_
    ok(kjor("mote", "ny", "2026-2", "--dato", "16.04.2026"))
    ok(kjor("punkt", "ny", "2026-2", "--sak", sak, "--tekst", "Status."))
    ok(kjor("punkt", "ny", "2026-2", "--avtale", avtale))
    ok(kjor("avtale", "endre", avtale, "--fullt-navn", "Samarbeidsavtale mellom AID og KS"))
    assert [
        p["id"] for p in json.loads(ok(kjor("punkt", "liste", "2026-2", "-f", "json")).stdout)
    ] == [
        "2026-2/1",
        "2026-2/2",
    ]


def test_sokeindeksen_bygges_for_et_fylt_register_fra_0005(kjor: Kjor) -> None:
    """Revision 0006 builds the search index of a register that has records already: the
    2026 example (cases, agreements with parties, a meeting with 17 items) taken back to
    revision 0005, then upgraded, is searched as a register made at head is."""
    from tests.cli.test_sok import TREFF
    from tests.hjelp import sokeindeksen_stemmer

    ok(kjor("eksempel"))
    for_ = ok(kjor("eksport", "alt")).stdout
    engine = konsreg.db.apne_register(felles.Tilstand().url())
    try:
        with konsreg.db.skriver(engine).begin() as conn:
            command.downgrade(konsreg.db.alembic_config(conn), "0005")
            assert not any(
                sokeindeks.er_sokeobjekt(t, "table") for t in inspect(conn).get_table_names()
            )
            for tabell in ("sak", "avtale", "punkt"):
                kolonner = {k["name"] for k in inspect(conn).get_columns(tabell)}
                assert not kolonner & {sokeindeks.SOKEKOLONNE, "parter_tekst"}
        # As `db upgrade` does it: the program's own upgrade, in its own transaction.
        assert konsreg.db.oppgrader(engine) == ("0005", konsreg.db.HEAD_REVISION)
    finally:
        engine.dispose()
    assert ok(kjor("eksport", "alt")).stdout == for_
    sokeindeksen_stemmer()
    pa_postgres = felles.Tilstand().url().get_backend_name() == "postgresql"
    for sporring, treff in TREFF.items():
        r = ok(kjor("sok", sporring, "-f", "json", "--grense", "0"))
        assert [f"{h['type']} {h['id']}" for h in json.loads(r.stdout)] == treff[pa_postgres]
