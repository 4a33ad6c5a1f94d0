"""The database layer: where the register lives and how it is opened, told from other
databases, kept at the current schema revision, copied, and what its driver says in
Norwegian. Nothing above it runs SQL outside a session it hands out.

url (where, passwords hidden, waits) · motor (engines and sessions) · identitet (is it
a konsreg register?) · skjema (create and upgrade) · revisjoner (Alembic's folder) ·
feil (driver errors in Norwegian) · kopi (backups) · konstanter.
"""

from konsreg.db.feil import oversett_operasjonsfeil
from konsreg.db.flytt import kopier_register
from konsreg.db.identitet import Identitet, identifiser, les_revisjon
from konsreg.db.konstanter import (
    APPLICATION_ID,
    BUSY_TIMEOUT_S,
    HEAD_REVISION,
    KONSREG_TABELLER,
    SQLITE_HEADER,
)
from konsreg.db.kopi import sikkerhetskopi
from konsreg.db.motor import (
    lag_engine,
    leseokt,
    serialiser_import,
    skriveokt,
    skriver,
    uten_endringer,
)
from konsreg.db.revisjoner import alembic_config, kjente_revisjoner, migrations_dir
from konsreg.db.skjema import (
    Skjemastatus,
    apne_register,
    les_status,
    oppgrader,
    opprett_register,
    sikre_skjema,
)
from konsreg.db.url import (
    database_url,
    driver_tekst,
    er_sqlite,
    hemmeligheter,
    hvor,
    les_url,
    sqlite_url,
    standardfil,
    ventetid,
    vis_sekunder,
    vis_url,
)

__all__ = [
    "APPLICATION_ID",
    "BUSY_TIMEOUT_S",
    "HEAD_REVISION",
    "KONSREG_TABELLER",
    "SQLITE_HEADER",
    "Identitet",
    "Skjemastatus",
    "alembic_config",
    "apne_register",
    "database_url",
    "driver_tekst",
    "er_sqlite",
    "hemmeligheter",
    "hvor",
    "identifiser",
    "kjente_revisjoner",
    "kopier_register",
    "lag_engine",
    "les_revisjon",
    "les_status",
    "les_url",
    "leseokt",
    "migrations_dir",
    "oppgrader",
    "opprett_register",
    "oversett_operasjonsfeil",
    "serialiser_import",
    "sikkerhetskopi",
    "sikre_skjema",
    "skriveokt",
    "skriver",
    "sqlite_url",
    "standardfil",
    "uten_endringer",
    "ventetid",
    "vis_sekunder",
    "vis_url",
]
