"""Moving a register to another database (`db kopier`): every table row as it is, ids,
history with its times and authors, counters, categories, ministries and renewal links,
into an empty register, in one transaction on the target."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, Table, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection

from konsreg.db.sokeindeks import rader_per_setning
from konsreg.errors import IkkeTomt

BUNKE = 2000
# Tables that hold the register's own records: the target must have none.
POSTTABELLER = ("sak", "avtale", "mote", "punkt", "historikk")


def _tabeller() -> list[Table]:
    """konsreg's tables, each after those it refers to (what the models define: new
    tables, such as meetings later, come along without a change here)."""
    from sqlmodel import SQLModel

    import konsreg.models  # noqa: F401  (registers the tables on the metadata)

    return list(SQLModel.metadata.sorted_tables)


def _rader(kilde: Connection, tabell: Table) -> Iterator[list[dict[str, Any]]]:
    """The rows of a table in primary-key order, a batch at a time."""
    stmt = select(tabell).order_by(*tabell.primary_key.columns)
    resultat = kilde.execution_options(yield_per=BUNKE).execute(stmt)
    for bunke in resultat.mappings().partitions(BUNKE):
        yield [dict(rad) for rad in bunke]


def _egne_referanser(tabell: Table) -> list[str]:
    """Columns that point into their own table (a renewal's `fornyer_id`): written
    after all rows are in, since a row may point at one that comes later."""
    return [fk.parent.name for fk in tabell.foreign_keys if fk.column.table is tabell]


def tell_poster(mal: Connection) -> dict[str, int]:
    return {
        navn: int(mal.execute(select(func.count()).select_from(text(navn))).scalar_one())
        for navn in POSTTABELLER
    }


def kopier(kilde: Connection, mal: Connection) -> dict[str, int]:
    """Copy every row of the register on `kilde` (read in one snapshot) into the empty
    register on `mal` (in the caller's transaction); returns rows per table."""
    poster = tell_poster(mal)
    if any(poster.values()):
        raise IkkeTomt(
            f"Målregisteret har allerede {poster['sak']} saker og {poster['avtale']} avtaler; "
            "et register kopieres bare til et tomt register. Ingenting er endret.",
            poster["sak"],
            poster["avtale"],
        )
    tabeller = _tabeller()
    # The reference data a new register comes with gives way to the source's own.
    for tabell in reversed(tabeller):
        mal.execute(delete(tabell))
    antall: dict[str, int] = {}
    for tabell in tabeller:
        egne = _egne_referanser(tabell)
        koblinger: list[dict[str, Any]] = []
        antall[tabell.name] = 0
        for bunke in _rader(kilde, tabell):
            if egne:
                koblinger += [
                    {c: r[c] for c in [*tabell.primary_key.columns.keys(), *egne]}
                    for r in bunke
                    if any(r[c] is not None for c in egne)
                ]
                bunke = [{**r, **dict.fromkeys(egne)} for r in bunke]
            _sett_inn(mal, tabell, bunke)
            antall[tabell.name] += len(bunke)
        _koble(mal, tabell, egne, koblinger)
    if mal.dialect.name == "postgresql":
        _flytt_sekvenser(mal, tabeller)
    return antall


def _sett_inn(mal: Connection, tabell: Table, rader: list[dict[str, Any]]) -> None:
    """Rows into the target; on SQLite many to a statement, so the search index's triggers
    flush FTS5 once a statement, not once a row (sokeindeks.RADER_PER_SETNING)."""
    if mal.dialect.name != "sqlite":
        mal.execute(insert(tabell), rader)
        return
    per = rader_per_setning(mal, len(tabell.columns))
    for fra in range(0, len(rader), per):
        mal.execute(insert(tabell).values(rader[fra : fra + per]))


def _koble(
    mal: Connection, tabell: Table, egne: list[str], koblinger: list[dict[str, Any]]
) -> None:
    nokler = list(tabell.primary_key.columns)
    for start in range(0, len(koblinger), BUNKE):
        for rad in koblinger[start : start + BUNKE]:
            hvor = [k == rad[k.name] for k in nokler]
            mal.execute(update(tabell).where(*hvor).values({c: rad[c] for c in egne}))


def _flytt_sekvenser(mal: Connection, tabeller: list[Table]) -> None:
    """PostgreSQL's id sequences continue after the copied ids (SQLite needs nothing)."""
    for tabell in tabeller:
        kolonne = tabell.columns.get("id")
        if kolonne is None or not kolonne.autoincrement:
            continue
        mal.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{tabell.name}', 'id'), "
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {tabell.name}"
            )
        )


def kopier_register(kilde: Engine, mal: Engine) -> dict[str, int]:
    """`kilde` (a register at the current revision) into `mal` (an empty register at the
    same revision): read in one snapshot, written in one transaction."""
    from konsreg.db.motor import skriver

    les = kilde
    if kilde.dialect.name == "postgresql":
        les = kilde.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    with les.connect() as fra, skriver(mal).begin() as til, fra.begin():
        return kopier(fra, til)
