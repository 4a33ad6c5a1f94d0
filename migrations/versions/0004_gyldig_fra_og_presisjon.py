"""gyldig fra and date precision for agreements

An agreement may be in force from another day than it was signed (`gyldig_fra`: the
refugee agreement runs from 01.01.2026 but was signed 06.03.2026), and the material
gives some dates only to the month ("inngått i juni" 2024). `inngatt` and `gyldig_fra`
keep the first day of such a month, and a precision column beside each says so (NULL
is the day, as every date stored before this revision is).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("avtale", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gyldig_fra", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "inngatt_presisjon", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "gyldig_fra_presisjon", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True
            )
        )


def downgrade() -> None:
    # Never by copying the table on SQLite: dropping the old `avtale` would cascade to
    # its parties (avtalepart, ON DELETE CASCADE). SQLite 3.35+ drops a column in place.
    with op.batch_alter_table("avtale", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("gyldig_fra_presisjon")
        batch_op.drop_column("inngatt_presisjon")
        batch_op.drop_column("gyldig_fra")
