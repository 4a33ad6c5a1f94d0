"""ministries' successors

Which ministry took over from which (KRD → KMD → KDD, BLD → BFD, ASD → AID, OED → ED,
…), so that an appendix prints the name in force in its year and a filter by a ministry
finds what its predecessors registered. A new table, filled with frozen rows (the
source is data/etterfolgere.csv, kept equal to these by a test); no existing row changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ = sqlmodel

# (forgjenger, etterfolger, fra_ar, hel, merknad), frozen as this revision adds them.
ETTERFOLGERE: list[tuple[str, str, int, bool, str | None]] = [
    ('KD', 'KKD', 2002, True, 'Kulturdepartementet (kode KD 1991–2001) ble Kultur- og kirkedepartementet fra 2002 [S14].'),
    ('ASD', 'AID', 2006, True, 'Arbeids- og sosialdepartementet (2004–2005) ble Arbeids- og inkluderingsdepartementet 1.1.2006 [S9].'),
    ('BFD', 'BLD', 2006, True, 'Barne- og familiedepartementet ble Barne- og likestillingsdepartementet 1.1.2006 [S9][S24].'),
    ('KRD', 'AID', 2006, False, 'AID ble opprettet 1.1.2006 av ASD og deler av KRD [S9][S24]; KRD fortsatte. Skjønn: en KRD-sak fra før 2006 kan høre til AID.'),
    ('UFD', 'KD', 2006, True, 'Utdannings- og forskningsdepartementet ble Kunnskapsdepartementet 1.1.2006 [S9][S26].'),
    ('KKD', 'KUD', 2010, True, 'Kultur- og kirkedepartementet ble Kulturdepartementet (KUD) 2010, da kirkesakene gikk til FAD [S14][S25].'),
    ('KKD', 'FAD', 2010, False, 'Kirkesakene gikk fra KKD til Fornyings-, administrasjons- og kirkedepartementet 1.1.2010 [S25].'),
    ('AD', 'ASD', 2014, True, 'Arbeids- og sosialdepartementet ble opprettet 1.1.2014, tidligere Arbeidsdepartementet [S6][S22].'),
    ('FAD', 'KMD', 2014, True, 'FAD gikk inn i KMD 1.1.2014; KMD fikk deler av FAD [S15][S16]. Skjønn: KMD er den eneste etterfølgeren kildene nevner, så FAD-saker vises under KMDs etterfølger.'),
    ('FKD', 'NFD', 2014, True, 'Nærings- og fiskeridepartementet ble opprettet 1.1.2014 av NHD og FKD [S18].'),
    ('KRD', 'KMD', 2014, True, 'Kommunal- og moderniseringsdepartementet ble opprettet 1.1.2014 av KRD, deler av FAD og planavdelingen i MD [S15][S16].'),
    ('MD', 'KLD', 2014, True, 'Miljøverndepartementet skiftet navn til Klima- og miljødepartementet 1.1.2014 [S17].'),
    ('MD', 'KMD', 2014, False, 'Planavdelingen i MD gikk til KMD 1.1.2014 [S15][S16]; resten ble KLD.'),
    ('NHD', 'NFD', 2014, True, 'Nærings- og fiskeridepartementet ble opprettet 1.1.2014 av NHD og FKD [S18].'),
    ('BLD', 'BFD', 2019, True, 'BLD fikk igjen navnet Barne- og familiedepartementet i 2019; eksakt dato usikker [S10][S11][S12].'),
    ('BLD', 'KUD', 2019, False, 'Likestilling flyttet fra BLD til Kulturdepartementet i 2019 (regjeringen.no: 22.01.2019) [S10].'),
    ('ASD', 'AID', 2022, True, 'Arbeids- og sosialdepartementet endret navn til Arbeids- og inkluderingsdepartementet 1.1.2022 [S6][S7].'),
    ('KMD', 'KDD', 2022, True, 'Kommunal- og moderniseringsdepartementet ble Kommunal- og distriktsdepartementet 1.1.2022 [S15][S16].'),
    ('KMD', 'DFD', 2024, False, 'Skjønn: KMDs digitaliserings- og forvaltningsoppgaver gikk 1.1.2022 til KDD og 1.1.2024 videre til DFD, som ble opprettet med avdelinger og ansatte fra KDD [S1][S2][S3]. Vedleggene viser KMD-saker under KDD; et filter på DFD finner dem også. KDD selv er ikke ført som forgjenger for DFD: KDD finnes fortsatt, og dets saker er dets egne.'),
    ('OED', 'ED', 2024, True, 'Olje- og energidepartementet endret navn til Energidepartementet 1.1.2024 [S4][S5].'),
]


def upgrade() -> None:
    op.create_table(
        "etterfolger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("forgjenger", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("etterfolger", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("fra_ar", sa.Integer(), nullable=False),
        sa.Column("hel", sa.Boolean(), nullable=False),
        sa.Column("merknad", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_etterfolger")),
    )
    with op.batch_alter_table("etterfolger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_etterfolger_forgjenger"), ["forgjenger"], unique=False)
    etterfolger = sa.table(
        "etterfolger",
        sa.column("forgjenger", sa.String),
        sa.column("etterfolger", sa.String),
        sa.column("fra_ar", sa.Integer),
        sa.column("hel", sa.Boolean),
        sa.column("merknad", sa.String),
    )
    felt = ("forgjenger", "etterfolger", "fra_ar", "hel", "merknad")
    op.bulk_insert(etterfolger, [dict(zip(felt, rad, strict=True)) for rad in ETTERFOLGERE])


def downgrade() -> None:
    with op.batch_alter_table("etterfolger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_etterfolger_forgjenger"))
    op.drop_table("etterfolger")
