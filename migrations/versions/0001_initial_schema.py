"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 22:16:58.915500
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# sqlmodel is imported because autogenerate renders its column types
# (sqlmodel.sql.sqltypes.AutoString).
_ = sqlmodel


# The ministries as this revision made them (kode, navn, fra_ar, til_ar, merknad): frozen
# here, so a later edit of data/departementer.csv changes no register; changes come as
# data migrations of their own.
DEPARTEMENTER: list[tuple[str, str, int | None, int | None, str | None]] = [
    ('AID', 'Arbeids- og inkluderingsdepartementet', 2022, None, 'Navn og kode fra 1.1.2022 (tidl. ASD) [S6][S7]. Samme navn og kode også brukt 2006–2009 (egen rad).'),
    ('BFD', 'Barne- og familiedepartementet', 2019, None, 'Navnet gjeninnført 2019; eksakt dato usikker (regjeringen.no: likestilling flyttet til KUD 22.01.2019; stortingsspørsmål og Forvaltningsdatabasen: 03.05.2019) [S10][S11][S12][S25]. Samme navn og kode også 1991–2005 (egen rad).'),
    ('DFD', 'Digitaliserings- og forvaltningsdepartementet', 2024, None, 'Opprettet med virkning fra 1.1.2024 (besluttet i statsråd 16.10.2023), med avdelinger og ansatte fra KDD [S1][S2][S3].'),
    ('ED', 'Energidepartementet', 2024, None, "OED endret navn til ED 1.1.2024 (besluttet 16.10.2023) [S4][S5]. NB: dn.no skrev feilaktig '1. januar 2023'."),
    ('FIN', 'Finansdepartementet', None, None, 'Koden FIN brukt i konsultasjonsreferat 16.10.2000 [S20]; startår ikke undersøkt.'),
    ('FD', 'Forsvarsdepartementet', None, None, 'Startår ikke undersøkt.'),
    ('HOD', 'Helse- og omsorgsdepartementet', 2004, None, 'Opprettet 1.10.2004 (Sosialdepartementet og Helsedepartementet lagt ned) [S8].'),
    ('JD', 'Justis- og beredskapsdepartementet', 2012, None, 'Navn fra 1.1.2012; forkortelsen JD videreført fra Justis- og politidepartementet [S13].'),
    ('KD', 'Kunnskapsdepartementet', 2006, None, 'Fra 1.1.2006 (tidl. UFD) [S9]. NB: KD ble 1982–2002 brukt om Kulturdepartementet og forløpere [S14] – koden må tolkes med årstall.'),
    ('KDD', 'Kommunal- og distriktsdepartementet', 2022, None, 'Navn fra 1.1.2022 (tidl. KMD) [S15][S16].'),
    ('KLD', 'Klima- og miljødepartementet', 2014, None, 'Miljøverndepartementet skiftet navn 1.1.2014 [S17].'),
    ('KUD', 'Kultur- og likestillingsdepartementet', 2022, None, 'Navn fra 2022; KUD ble 2010–2021 brukt om Kulturdepartementet [S14].'),
    ('LMD', 'Landbruks- og matdepartementet', 2004, None, 'Landbruksdepartementet skiftet navn 1.10.2004 [S8].'),
    ('NFD', 'Nærings- og fiskeridepartementet', 2014, None, 'Opprettet 1.1.2014 av NHD og FKD [S18].'),
    ('SD', 'Samferdselsdepartementet', None, None, 'Startår ikke undersøkt.'),
    ('UD', 'Utenriksdepartementet', None, None, 'Startår ikke undersøkt.'),
    ('KMD', 'Kommunal- og moderniseringsdepartementet', 2014, 2021, 'Fra 1.1.2014 (KRD + deler av FAD + planavdelingen i MD); ble KDD 1.1.2022 [S15][S16].'),
    ('KRD', 'Kommunal- og regionaldepartementet', 1998, 2013, "Startår usikkert (snl: arbeidsmarkedssakene overført til AAD i 1998, 'i årene etter' het det KRD) [S16]; koden brukt i KOSTRA-referat 2000 [S21]."),
    ('ASD', 'Arbeids- og sosialdepartementet', 2014, 2021, 'Opprettet 1.1.2014 (tidl. Arbeidsdepartementet) [S6][S22]; ble AID 1.1.2022 [S7].'),
    ('AD', 'Arbeidsdepartementet', 2010, 2013, 'Opprettet 1.1.2010 [S6]. Koden AD ikke verifisert for denne perioden; AD ble 1993–1996 brukt om Administrasjonsdepartementet [S23].'),
    ('AID', 'Arbeids- og inkluderingsdepartementet', 2006, 2009, 'Opprettet 1.1.2006 av ASD (2004–2005) + deler av KRD [S9][S24].'),
    ('ASD', 'Arbeids- og sosialdepartementet', 2004, 2005, 'Opprettet 1.10.2004 [S8]; ble AID 1.1.2006 [S9].'),
    ('AAD', 'Arbeids- og administrasjonsdepartementet', 1998, 2004, 'Årstall fra nn.wikipedia-tabell [S23]; lagt ned 1.10.2004 [S8]; koden brukt i konsultasjonsreferat 2000 [S20].'),
    ('BLD', 'Barne- og likestillingsdepartementet', 2006, 2009, 'Fra 1.1.2006 (tidl. BFD) [S9][S24].'),
    ('BLD', 'Barne-, likestillings- og inkluderingsdepartementet', 2010, 2016, "Navn 1.1.2010–1.4.2016 ifølge regjeringen.no [S10]; også forkortet 'BLI' i enkelte kilder [S11]."),
    ('BLD', 'Barne- og likestillingsdepartementet', 2016, 2019, 'Fra 1.4.2016 [S10]; ble BFD i 2019 (se BFD).'),
    ('BFD', 'Barne- og familiedepartementet', 1991, 2005, 'Fra 1.1.1991, lagt ned 31.12.2005 [S10][S12].'),
    ('FAD', 'Fornyings- og administrasjonsdepartementet', 2006, 2009, 'Moderniseringsdepartementet skiftet navn 1.1.2006 [S9].'),
    ('FAD', 'Fornyings-, administrasjons- og kirkedepartementet', 2010, 2013, 'Startår utledet (kirkesaker ut av KKD 1.1.2010 [S25]); gikk inn i KMD 2014 [S15][S16].'),
    ('KKD', 'Kultur- og kirkedepartementet', 2002, 2009, '[S14][S25]'),
    ('KUD', 'Kulturdepartementet', 2010, 2021, '[S14][S25]'),
    ('KD', 'Kulturdepartementet', 1991, 2001, 'Kode KD ifølge regjeringen.no-historikk [S14]; kolliderer med dagens KD.'),
    ('KD', 'Kirke- og kulturdepartementet', 1990, 1990, 'Navn 1990–1991 [S14].'),
    ('KD', 'Kultur- og vitenskapsdepartementet', 1982, 1989, 'Navn 1982–1990 [S14].'),
    ('KUF', 'Kirke-, utdannings- og forskningsdepartementet', 1991, 2001, 'Koden brukt i KOSTRA-referat 2000 [S21]; årstall fra no.wikipedia [S26].'),
    ('UFD', 'Utdannings- og forskningsdepartementet', 2002, 2005, 'Ble KD 1.1.2006 [S9][S26].'),
    ('MD', 'Miljøverndepartementet', 1972, 2013, 'Opprettet 8.5.1972; ble KLD 1.1.2014 [S17].'),
    ('OED', 'Olje- og energidepartementet', 1997, 2023, 'Opprettet 1.1.1997; ble ED 1.1.2024 [S4].'),
    ('OED', 'Olje- og energidepartementet', 1978, 1992, 'Eget energidepartement 1978–1992; 1993–1996 under Nærings- og energidepartementet [S4][S5].'),
    ('NHD', 'Nærings- og handelsdepartementet', None, 2013, 'Slått sammen med FKD til NFD 1.1.2014 [S18]; startår ikke undersøkt.'),
    ('FKD', 'Fiskeri- og kystdepartementet', 2004, 2013, 'Fiskeridepartementet skiftet navn 1.10.2004 [S8]; inn i NFD 1.1.2014 [S18].'),
    ('JD', 'Justis- og politidepartementet', 1818, 2011, 'Samme kode JD som i dag [S13].'),
    ('SHD', 'Sosial- og helsedepartementet', None, 2001, 'Koden brukt i referater fra 2000 [S20][S21]; startår ikke verifisert. til_ar 2001 satt i konsreg: departementet ble delt i Helsedepartementet og Sosialdepartementet 1.1.2002, så koden er ikke et departement i dag.'),
]


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('departement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('navn', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('fra_ar', sa.Integer(), nullable=True),
    sa.Column('til_ar', sa.Integer(), nullable=True),
    sa.Column('merknad', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departement'))
    )
    with op.batch_alter_table('departement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_departement_kode'), ['kode'], unique=False)

    op.create_table('historikk',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entitet', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('entitet_id', sa.Integer(), nullable=False),
    sa.Column('felt', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('gammel', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('ny', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('tidspunkt', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('av', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historikk'))
    )
    with op.batch_alter_table('historikk', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_historikk_entitet_id'), ['entitet_id'], unique=False)

    op.create_table('kategori',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kode', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('navn', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('rekkefolge', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kategori')),
    sa.UniqueConstraint('kode', name=op.f('uq_kategori_kode')),
    sa.UniqueConstraint('navn', name=op.f('uq_kategori_navn'))
    )
    op.create_table('sak',
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('departement', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('tittel', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('beskrivelse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('oppmeldt', sa.Integer(), nullable=False),
    sa.Column('gjentakende', sa.Boolean(), nullable=False),
    sa.Column('meldt_inn_av', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('saksnummer', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('ar', sa.Integer(), nullable=False),
    sa.Column('lopenr', sa.Integer(), nullable=False),
    sa.Column('status_endret', sa.Date(), nullable=True),
    sa.Column('opprettet', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('endret', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sak')),
    sa.UniqueConstraint('ar', 'lopenr', name='uq_sak_ar_lopenr'),
    sa.UniqueConstraint('saksnummer', name=op.f('uq_sak_saksnummer'))
    )
    op.create_table('teller',
    sa.Column('navn', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('verdi', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('navn', name=op.f('pk_teller'))
    )
    op.create_table('avtale',
    sa.Column('tittel', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('inngatt', sa.Date(), nullable=True),
    sa.Column('utloper', sa.Date(), nullable=True),
    sa.Column('forste_avtale', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('kategori_id', sa.Integer(), nullable=False),
    sa.Column('status_endret', sa.Date(), nullable=True),
    sa.Column('fornyer_id', sa.Integer(), nullable=True),
    sa.Column('opprettet', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('endret', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['fornyer_id'], ['avtale.id'], name=op.f('fk_avtale_fornyer_id_avtale')),
    sa.ForeignKeyConstraint(['kategori_id'], ['kategori.id'], name=op.f('fk_avtale_kategori_id_kategori')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_avtale')),
    sa.UniqueConstraint('handle', name=op.f('uq_avtale_handle'))
    )
    op.create_table('avtalepart',
    sa.Column('avtale_id', sa.Integer(), nullable=False),
    sa.Column('posisjon', sa.Integer(), nullable=False),
    sa.Column('kode', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.ForeignKeyConstraint(['avtale_id'], ['avtale.id'], name=op.f('fk_avtalepart_avtale_id_avtale'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('avtale_id', 'posisjon', name=op.f('pk_avtalepart'))
    )
    with op.batch_alter_table('avtalepart', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_avtalepart_kode'), ['kode'], unique=False)

    # ### end Alembic commands ###
    _fyll_referansedata()


def _fyll_referansedata() -> None:
    """The register comes filled: ministries (current and former) and the two
    agreement categories of Vedlegg c, in the material's order."""
    felt = ("kode", "navn", "fra_ar", "til_ar", "merknad")
    rader = [dict(zip(felt, rad, strict=True)) for rad in DEPARTEMENTER]
    departement = sa.table(
        "departement",
        sa.column("kode", sa.String),
        sa.column("navn", sa.String),
        sa.column("fra_ar", sa.Integer),
        sa.column("til_ar", sa.Integer),
        sa.column("merknad", sa.String),
    )
    op.bulk_insert(departement, rader)
    kategori = sa.table(
        "kategori",
        sa.column("kode", sa.String),
        sa.column("navn", sa.String),
        sa.column("rekkefolge", sa.Integer),
    )
    op.bulk_insert(
        kategori,
        [
            {
                "kode": "velferd",
                "navn": "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)",
                "rekkefolge": 1,
            },
            {
                "kode": "samhandling",
                "navn": "Avtaler om samhandling mellom ulike deler av forvaltningen",
                "rekkefolge": 2,
            },
        ],
    )


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('avtalepart', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_avtalepart_kode'))

    op.drop_table('avtalepart')
    op.drop_table('avtale')
    op.drop_table('teller')
    op.drop_table('sak')
    op.drop_table('kategori')
    with op.batch_alter_table('historikk', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_historikk_entitet_id'))

    op.drop_table('historikk')
    with op.batch_alter_table('departement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_departement_kode'))

    op.drop_table('departement')
    # ### end Alembic commands ###
