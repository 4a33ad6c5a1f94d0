"""Alembic environment for konsreg.

The program hands its own connection in `config.attributes["connection"]`, so a
migration runs inside the transaction (and the write lock) that konsreg opened.
Run by hand (`alembic -c alembic.ini ...` in a checkout) it opens the register the
program itself would (db.hvor: KONSREG_DATABASE_URL, KONSREG_DB, or the default file).
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import konsreg.models  # noqa: F401  (registers the tables on SQLModel.metadata)
from konsreg import db

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )


def run_migrations_offline() -> None:
    url = db.hvor()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = db.lag_engine(db.hvor())
    with db.skriver(engine).begin() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
