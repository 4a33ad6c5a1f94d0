"""The constants of the database layer: the revision, the register's marker, waits."""

from __future__ import annotations

# The newest revision in migrations/versions; a test keeps it equal to Alembic's head.
HEAD_REVISION = "0006"

SQLITE_HEADER = b"SQLite format 3\x00"
# `PRAGMA application_id` of a konsreg register ("KREG"): set when a register is made,
# and on an older register the first time it is opened.
APPLICATION_ID = int.from_bytes(b"KREG", "big")
# The tables every konsreg revision has; with a known revision they make a register.
KONSREG_TABELLER = frozenset(
    {"sak", "avtale", "avtalepart", "teller", "kategori", "departement", "historikk"}
)
# How long a command waits for a lock another user holds (SQLite's busy timeout,
# PostgreSQL's lock_timeout); KONSREG_VENTETID overrides it, in seconds.
BUSY_TIMEOUT_S = 15
VENTETID_MAKS_S = 3600
_SKRIV = "konsreg_skriv"
# Query options that carry a secret (libpq takes the password there too).
_HEMMELIGE_VALG = ("password", "sslpassword")
