"""index titles for imports

Imports look existing cases and agreements up by title, one batch at a time; without
an index every batch read the whole table. PostgreSQL gets hash indexes, since its
btree indexes refuse values over about 2.7 kB and titles have no length limit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 00:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ = (sa, sqlmodel)


def upgrade() -> None:
    with op.batch_alter_table("avtale", schema=None) as batch_op:
        batch_op.create_index("ix_avtale_tittel", ["tittel"], unique=False, postgresql_using="hash")
    with op.batch_alter_table("sak", schema=None) as batch_op:
        batch_op.create_index("ix_sak_tittel", ["tittel"], unique=False, postgresql_using="hash")


def downgrade() -> None:
    with op.batch_alter_table("sak", schema=None) as batch_op:
        batch_op.drop_index("ix_sak_tittel")
    with op.batch_alter_table("avtale", schema=None) as batch_op:
        batch_op.drop_index("ix_avtale_tittel")
