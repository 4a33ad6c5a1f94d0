"""The search index's objects in the schema, which the models do not describe.

Migration 0006 makes them, per engine: on SQLite three FTS5 tables (`sok_sak`,
`sok_avtale`, `sok_punkt`, each with FTS5's own shadow tables `sok_sak_data`, …) and the
triggers that keep them; on PostgreSQL a generated `sokevektor` column (tsvector) on
`sak`, `avtale` and `punkt`, each with a GIN index `ix_<table>_sokevektor`, and the
statement triggers on `avtalepart`. They stay out of SQLModel's metadata, so that the
ORM, the bulk writers and `db kopier` (which copies the tables of the metadata) never
write them: the engine does. Alembic's comparison of the schema with the models is told
to leave them aside (`ta_med_navn`, `ta_med_objekt`, used by migrations/env.py and the
test of the migrations).
"""

from __future__ import annotations

from typing import Any

# The FTS5 tables (SQLite) and the columns each indexes, in the order the query and
# snippet() number them; PostgreSQL's generated column reads the same columns.
FTS_TABELLER: dict[str, tuple[str, str]] = {
    "sak": ("sok_sak", "tittel, beskrivelse"),
    "avtale": ("sok_avtale", "tittel, fullt_navn, parter_tekst"),
    "punkt": ("sok_punkt", "tittel, tekst, konklusjon"),
}
SOKEKOLONNE = "sokevektor"
PREFIKS = "sok_"


def er_sokeobjekt(navn: str | None, type_: str) -> bool:
    """Whether a table, column or index is part of the search index."""
    if navn is None:
        return False
    if type_ == "table":
        return navn.startswith(PREFIKS)
    if type_ == "column":
        return navn == SOKEKOLONNE
    if type_ == "index":
        return navn.endswith("_" + SOKEKOLONNE)
    return False


def ta_med_navn(navn: str | None, type_: str, _foreldre: Any) -> bool:
    """Alembic's `include_name`: the FTS5 tables are not even reflected."""
    return not er_sokeobjekt(navn, type_)


def ta_med_objekt(_objekt: Any, navn: str | None, type_: str, *_: Any) -> bool:
    """Alembic's `include_object`: the generated column and its index are not compared."""
    return not er_sokeobjekt(navn, type_)


# Rows in one INSERT on SQLite. The search index's triggers write FTS5 tables, and FTS5
# flushes what it has gathered at the end of every statement: a statement per row (an
# executemany) writes an index segment per row, several times slower than the rows
# themselves. A few hundred rows a statement cost no more than one.
RADER_PER_SETNING = 500


def rader_per_setning(forbindelse: Any, kolonner: int) -> int:
    """How many rows of `kolonner` values one INSERT takes on this SQLite connection:
    RADER_PER_SETNING, or fewer where the build allows fewer `?` (999 before 3.32)."""
    import sqlite3

    try:
        ra = forbindelse.connection.driver_connection
        grense = int(ra.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    except (AttributeError, sqlite3.Error):
        grense = 999
    return max(1, min(RADER_PER_SETNING, grense // max(kolonner, 1)))
