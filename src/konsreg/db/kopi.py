"""A consistent copy of a SQLite register, also while others write to it."""

from __future__ import annotations

from pathlib import Path

from konsreg.db.konstanter import BUSY_TIMEOUT_S
from konsreg.errors import Databasefeil


def sikkerhetskopi(kilde: Path, mal: Path, *, navn: Path | None = None) -> None:
    """Copy the SQLite register `kilde` into the (new, empty) file `mal` as one
    consistent state, also while others write to it. `navn`: the file the user named."""
    import sqlite3

    try:
        # The backup API copies page by page and restarts if a writer changes the
        # source midway, so the copy is one consistent state.
        src = sqlite3.connect(kilde, timeout=BUSY_TIMEOUT_S)
        dst = sqlite3.connect(mal)
        try:
            src.backup(dst)
            # A lone file: the copy must not need a -wal beside it to be whole.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as feil:
        if "full" in str(feil).lower():
            raise Databasefeil(f"Ikke mer plass på disken: {navn or mal}.") from None
        raise Databasefeil(f"Sikkerhetskopien feilet: {feil}.") from None
