"""What the database driver said, in Norwegian: a locked, full, read-only or missing
database, a refused login, a server that closed the connection. Never the password."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from sqlalchemy import URL

from konsreg.db.url import driver_tekst, er_sqlite, ventetid, vis_sekunder, vis_url
from konsreg.errors import Databasefeil, os_feil, os_tekst
from konsreg.tekst import synlig


def _os_databasefeil(feil: OSError, sti: Path, hva: str) -> Databasefeil:
    """An OSError while opening or making the register, in Norwegian, naming the file."""
    if feil.errno in (errno.ENOSPC, errno.EDQUOT):
        return Databasefeil(os_feil(feil, sti).melding)
    grunn = os_tekst(feil)
    return Databasefeil(f"Kan ikke {hva} {synlig(str(sti))}: {grunn[0].lower()}{grunn[1:]}.")


def _skrivehindring(mappe: Path) -> OSError | None:
    """Why nothing can be created in `mappe` (None if something can). Tried, not asked:
    os.access says yes to root even in an immutable or read-only-mounted folder."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=mappe):
            return None
    except OSError as feil:
        return feil


def _lite_plass(mappe: Path) -> bool:
    """Whether the filesystem of `mappe` is (nearly) full: less room than SQLite needs
    for the shared-memory index of a WAL register."""
    try:
        fs = os.statvfs(mappe)
    except OSError:
        return False
    ledige = fs.f_bfree if hasattr(os, "geteuid") and os.geteuid() == 0 else fs.f_bavail
    return ledige * fs.f_frsize < 256 * 1024


def _full_disk(sti: Path) -> Databasefeil:
    return Databasefeil(os_feil(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), sti).melding)


def _sqlite_feil(tekst: str, sti: Path) -> Databasefeil | None:
    """SQLite's message for a file that cannot be written or grown, with the reason
    named: the -shm of an earlier read-only time, a folder SQLite cannot create its
    -wal/-shm in, a full disk."""
    if "database or disk is full" in tekst:
        return _full_disk(sti)
    if not any(t in tekst for t in ("readonly", "read-only", "unable to open", "disk i/o")):
        return None
    if "disk i/o" in tekst and _lite_plass(sti.parent):
        return _full_disk(sti)
    # Reading a register while it was read-only leaves SQLite's -shm behind with
    # that mode; once the register is writable again, that file is what refuses.
    skrivbar = os.access(sti, os.W_OK)
    for rest in (f"{sti}-shm", f"{sti}-wal"):
        if skrivbar and os.path.exists(rest) and not os.access(rest, os.W_OK):
            return Databasefeil(
                f"Databasen kan bare leses fordi {rest} er skrivebeskyttet (laget da "
                "databasen var det); gi den samme rettigheter som databasen, "
                f"f.eks. «chmod 600 {rest}»."
            )
    rester = Path(f"{sti}-wal").exists() and Path(f"{sti}-shm").exists()
    hindring = None if rester or not sti.exists() else _skrivehindring(sti.parent)
    if hindring is not None:
        grunn = os_tekst(hindring)
        return Databasefeil(
            f"Kan ikke bruke databasen {synlig(str(sti))}: SQLite må lage "
            f"{synlig(sti.name)}-wal og {synlig(sti.name)}-shm i mappen "
            f"{synlig(str(sti.parent))}, men kan ikke skrive der "
            f"({grunn[0].lower()}{grunn[1:]}); gi skrivetilgang til mappen, "
            "eller flytt registeret til en mappe du kan skrive i."
        )
    return None


def _sqlstate(feil: BaseException) -> str | None:
    orig = getattr(feil, "orig", None) or feil
    kode = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return str(kode) if kode else None


# A backend the server ended (pg_terminate_backend, a restart), by SQLSTATE or by text.
_STENGT_SQLSTATE = {"57P01", "57P02", "57P05"}
_STENGT_TEKST = (
    "terminating connection",
    "server closed the connection",
    "the connection is lost",
    "consuming input failed",
    "connection is closed",
)


def oversett_operasjonsfeil(feil: Exception, url: URL | None) -> Databasefeil:
    """A Norwegian sentence for what the database driver said; never the password.

    The driver's own words are shown only as a last resort, and only when they hold
    no secret of the URL: a line is dropped, never edited."""
    tekst = str(getattr(feil, "orig", feil) or feil).lower()
    sqlstate = _sqlstate(feil)
    hvor = vis_url(url) if url is not None else "databasen"
    if sqlstate == "55P03" or "lock timeout" in tekst:
        return Databasefeil(
            f"Databasen er låst av en annen bruker (ventet {vis_sekunder(ventetid())} på en "
            "lås); prøv igjen."
        )
    if sqlstate in _STENGT_SQLSTATE or any(t in tekst for t in _STENGT_TEKST):
        return Databasefeil(
            f"Forbindelsen til databasen {hvor} ble stengt av serveren; ingenting er "
            "lagret. Prøv igjen."
        )
    if "locked" in tekst or "busy" in tekst:
        return Databasefeil(
            f"Databasen er opptatt av en annen prosess (ventet {vis_sekunder(ventetid())}); "
            "prøv igjen."
        )
    if sqlstate == "53100" or "no space left on device" in tekst:
        return Databasefeil(f"Ikke mer plass på disken for databasen {hvor}; ingenting er lagret.")
    fil = url.database if url is not None and er_sqlite(url) else None
    if fil and fil != ":memory:" and (melding := _sqlite_feil(tekst, Path(fil))) is not None:
        return melding
    if "readonly" in tekst or "read-only" in tekst or "read only" in tekst:
        return Databasefeil(f"Databasen kan bare leses ({hvor}); sjekk filrettighetene.")
    if "not a database" in tekst or "malformed" in tekst or "file is not" in tekst:
        return Databasefeil(f"{hvor} er ikke en gyldig SQLite-database eller er skadet.")
    if "unable to open" in tekst:
        return Databasefeil(f"Kan ikke åpne {hvor}; sjekk stien og rettighetene.")
    if "password" in tekst or "authentication" in tekst:
        return Databasefeil(f"Innlogging til {hvor} feilet; sjekk bruker og passord.")
    # The server answered, but said no: checked before "connection", which these
    # messages also contain ("connection to server … failed: FATAL: database … does not exist").
    if "database" in tekst and "does not exist" in tekst:
        return Databasefeil(f"Databasen {hvor} finnes ikke på serveren.")
    if "role" in tekst and "does not exist" in tekst:
        return Databasefeil(f"Brukeren i {hvor} finnes ikke på serveren.")
    if "invalid connection option" in tekst or "invalid sslmode" in tekst:
        return Databasefeil(f"Et valg i database-URL-en {hvor} er ugyldig; sjekk det etter «?».")
    if "connection" in tekst or "connect" in tekst or "could not" in tekst:
        return Databasefeil(f"Får ikke kontakt med databasen {hvor}; sjekk at serveren kjører.")
    if "does not exist" in tekst:
        return Databasefeil(f"Databasen {hvor} finnes ikke på serveren.")
    linje = driver_tekst(feil, url)
    if linje is None:
        return Databasefeil(f"Databasefeil i {hvor}; ingenting er lagret.")
    return Databasefeil(f"Databasefeil i {hvor}: {linje}")
