"""full-text search: an index of cases, agreements and agenda items

`konsreg sok` searches titles, descriptions, the parties of agreements, and the texts and
conclusions of agenda items with each engine's own machinery. The index lives beside the
rows it indexes and is kept in the same transaction as every change to them, whatever
writes the change (the ORM, the imports' executemany and COPY, `db kopier`, psql):

- An agreement gets `parter_tekst`, its parties' codes in order ("AID, JD, KS"), which the
  index reads like any column of the row. Triggers on `avtalepart` keep it (SQLite: per
  row, and only when a party is not in it already, so an import that writes it with the
  row changes nothing; PostgreSQL: per statement, from the transition tables).
- SQLite: three FTS5 tables with external content (`content='sak'` …: the text is not
  stored twice), the tokenizer `unicode61 remove_diacritics 0` (æ, ø and å stay letters
  and `å` is not `a`), prefix indexes of 2–6 characters (a bare word is a prefix search
  on SQLite), and AFTER INSERT/UPDATE/DELETE triggers on `sak`, `avtale` and `punkt`.
- PostgreSQL: a generated `sokevektor` tsvector column on `sak`, `avtale` and `punkt`
  (the `norwegian` configuration; weights A for titles, B for texts, C for parties) with
  a GIN index. A generated column is computed by the server for every write, COPY too.

This is the one revision with SQL for one dialect: FTS5 virtual tables, tsvector columns
and triggers have no dialect-neutral form in Alembic, so the revision branches on
`op.get_bind().dialect.name`. The objects stay out of SQLModel's metadata (so the ORM,
the bulk writers and `db kopier` never write them); migrations/env.py tells Alembic's
comparison to leave them aside (konsreg/db/sokeindeks.py).

A later revision that rebuilds `sak`, `avtale`, `avtalepart` or `punkt` on SQLite (batch
mode with a table copy) drops their triggers with the old table and must create them
again (`_sqlite_triggere` here); tests/db/test_migrations.py checks that head has them.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ = sqlmodel

# Frozen as this revision makes them (konsreg/db/sokeindeks.py names them for the rest).
# table: (FTS5 table, the columns it indexes)
TABELLER: dict[str, tuple[str, tuple[str, ...]]] = {
    "sak": ("sok_sak", ("tittel", "beskrivelse")),
    "avtale": ("sok_avtale", ("tittel", "fullt_navn", "parter_tekst")),
    "punkt": ("sok_punkt", ("tittel", "tekst", "konklusjon")),
}
TOKENIZER = "unicode61 remove_diacritics 0"
PREFIKSER = "2 3 4 5 6"
# PostgreSQL: the weight of each column in the generated tsvector.
VEKTER: dict[str, tuple[tuple[str, str], ...]] = {
    "sak": (("tittel", "A"), ("beskrivelse", "B")),
    "avtale": (("tittel", "A"), ("fullt_navn", "B"), ("parter_tekst", "C")),
    "punkt": (("tittel", "A"), ("tekst", "B"), ("konklusjon", "B")),
}

# The parties of agreement `{id}` as `parter_tekst` holds them (SQLite: group_concat keeps
# the order of its ordered subquery).
_SQLITE_PARTER = (
    "(SELECT group_concat(kode, ', ') FROM "
    "(SELECT kode FROM avtalepart WHERE avtale_id = {id} ORDER BY posisjon))"
)
_PG_PARTER = (
    "(SELECT string_agg(p.kode, ', ' ORDER BY p.posisjon) FROM avtalepart p "
    "WHERE p.avtale_id = {id})"
)


def _sqlite_triggere() -> list[str]:
    """The triggers that keep the FTS5 tables and `avtale.parter_tekst` (SQLite)."""
    ut: list[str] = []
    for tabell, (fts, kolonner) in TABELLER.items():
        navn = ", ".join(kolonner)
        nye = ", ".join(f"new.{k}" for k in kolonner)
        gamle = ", ".join(f"old.{k}" for k in kolonner)
        endret = " OR ".join(f"old.{k} IS NOT new.{k}" for k in kolonner)
        sett_inn = f"INSERT INTO {fts}(rowid, {navn}) VALUES (new.id, {nye});"
        # External content: FTS5 is told the old values to take out of the index.
        ta_ut = f"INSERT INTO {fts}({fts}, rowid, {navn}) VALUES ('delete', old.id, {gamle});"
        ut += [
            f"CREATE TRIGGER {fts}_ny AFTER INSERT ON {tabell} BEGIN {sett_inn} END",
            f"CREATE TRIGGER {fts}_slettet AFTER DELETE ON {tabell} BEGIN {ta_ut} END",
            f"CREATE TRIGGER {fts}_endret AFTER UPDATE OF {navn} ON {tabell} "
            f"WHEN {endret} BEGIN {ta_ut} {sett_inn} END",
        ]
    # A party that the agreement's parter_tekst names already changes nothing: an import
    # (and `db kopier`) writes parter_tekst with the agreement, before its parties.
    ny_part = _SQLITE_PARTER.format(id="new.avtale_id")
    gammel_part = _SQLITE_PARTER.format(id="old.avtale_id")
    har_den = (
        "instr(', ' || coalesce((SELECT parter_tekst FROM avtale WHERE id = new.avtale_id), '')"
        " || ',', ', ' || new.kode || ',') = 0"
    )
    ut += [
        "CREATE TRIGGER sok_avtalepart_ny AFTER INSERT ON avtalepart "
        f"WHEN {har_den} BEGIN "
        f"UPDATE avtale SET parter_tekst = {ny_part} WHERE id = new.avtale_id; END",
        "CREATE TRIGGER sok_avtalepart_slettet AFTER DELETE ON avtalepart BEGIN "
        f"UPDATE avtale SET parter_tekst = {gammel_part} WHERE id = old.avtale_id; END",
        "CREATE TRIGGER sok_avtalepart_endret AFTER UPDATE ON avtalepart BEGIN "
        f"UPDATE avtale SET parter_tekst = {gammel_part} WHERE id = old.avtale_id; "
        f"UPDATE avtale SET parter_tekst = {ny_part} WHERE id = new.avtale_id; END",
    ]
    return ut


def _sqlite_opp() -> None:
    for tabell, (fts, kolonner) in TABELLER.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5({', '.join(kolonner)}, "
            f"content='{tabell}', content_rowid='id', tokenize='{TOKENIZER}', "
            f"prefix='{PREFIKSER}')"
        )
    for sql in _sqlite_triggere():
        op.execute(sql)
    # The rows a register has: the index read from its content tables.
    for fts, _ in TABELLER.values():
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def _sqlite_ned() -> None:
    bind = op.get_bind()
    triggere = bind.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sok\\_%' ESCAPE '\\'"
    ).scalars()
    for navn in list(triggere):
        op.execute(f"DROP TRIGGER {navn}")
    for fts, _ in TABELLER.values():
        op.execute(f"DROP TABLE {fts}")


def _pg_opp() -> None:
    for tabell, vekter in VEKTER.items():
        vektor = " || ".join(
            f"setweight(to_tsvector('norwegian'::regconfig, coalesce({k}, '')), '{v}')"
            for k, v in vekter
        )
        op.execute(
            f"ALTER TABLE {tabell} ADD COLUMN sokevektor tsvector "
            f"GENERATED ALWAYS AS ({vektor}) STORED"
        )
        op.execute(f"CREATE INDEX ix_{tabell}_sokevektor ON {tabell} USING gin (sokevektor)")
    # One UPDATE per statement on avtalepart (an import's COPY of 400,000 parties), and
    # none where parter_tekst is right already.
    op.execute(
        f"""
        CREATE FUNCTION sok_parter_for(ider integer[]) RETURNS void LANGUAGE sql
        SET search_path FROM CURRENT AS $$
            UPDATE avtale a SET parter_tekst = {_PG_PARTER.format(id="a.id")}
            WHERE a.id = ANY(ider)
              AND a.parter_tekst IS DISTINCT FROM {_PG_PARTER.format(id="a.id")}
        $$
        """
    )
    op.execute(
        """
        CREATE FUNCTION sok_parter() RETURNS trigger LANGUAGE plpgsql
        SET search_path FROM CURRENT AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM sok_parter_for(ARRAY(SELECT DISTINCT avtale_id FROM nye));
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM sok_parter_for(ARRAY(SELECT DISTINCT avtale_id FROM gamle));
            ELSE
                PERFORM sok_parter_for(
                    ARRAY(SELECT avtale_id FROM nye UNION SELECT avtale_id FROM gamle));
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER sok_avtalepart_ny AFTER INSERT ON avtalepart "
        "REFERENCING NEW TABLE AS nye FOR EACH STATEMENT EXECUTE FUNCTION sok_parter()"
    )
    op.execute(
        "CREATE TRIGGER sok_avtalepart_slettet AFTER DELETE ON avtalepart "
        "REFERENCING OLD TABLE AS gamle FOR EACH STATEMENT EXECUTE FUNCTION sok_parter()"
    )
    op.execute(
        "CREATE TRIGGER sok_avtalepart_endret AFTER UPDATE ON avtalepart "
        "REFERENCING OLD TABLE AS gamle NEW TABLE AS nye "
        "FOR EACH STATEMENT EXECUTE FUNCTION sok_parter()"
    )


def _pg_ned() -> None:
    for navn in ("sok_avtalepart_ny", "sok_avtalepart_slettet", "sok_avtalepart_endret"):
        op.execute(f"DROP TRIGGER {navn} ON avtalepart")
    op.execute("DROP FUNCTION sok_parter()")
    op.execute("DROP FUNCTION sok_parter_for(integer[])")
    for tabell in VEKTER:
        op.execute(f"DROP INDEX ix_{tabell}_sokevektor")
        op.execute(f"ALTER TABLE {tabell} DROP COLUMN sokevektor")


def upgrade() -> None:
    # Never by copying the table on SQLite: dropping the old `avtale` would cascade to its
    # parties (avtalepart, ON DELETE CASCADE). ADD COLUMN alters it in place.
    with op.batch_alter_table("avtale", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("parter_tekst", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    dialekt = op.get_bind().dialect.name
    parter = _PG_PARTER if dialekt == "postgresql" else _SQLITE_PARTER
    op.execute(f"UPDATE avtale SET parter_tekst = {parter.format(id='avtale.id')}")
    if dialekt == "sqlite":
        _sqlite_opp()
    elif dialekt == "postgresql":
        _pg_opp()
    else:
        raise NotImplementedError(f"konsreg søker bare i SQLite og PostgreSQL, ikke {dialekt}")


def downgrade() -> None:
    dialekt = op.get_bind().dialect.name
    if dialekt == "sqlite":
        _sqlite_ned()
    elif dialekt == "postgresql":
        _pg_ned()
    with op.batch_alter_table("avtale", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("parter_tekst")
