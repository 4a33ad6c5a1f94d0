"""Domain errors: each one carries a Norwegian message meant for the user.

Code below the CLI raises these; the CLI's single error boundary prints the
message on stderr and exits with the error's exit code.
"""

from __future__ import annotations

import errno
import os


class KonsregFeil(Exception):
    """A refused operation (exit 1): not found, invalid value, conflict."""

    exit_code = 1

    def __init__(self, melding: str) -> None:
        super().__init__(melding)
        self.melding = melding


class Bruksfeil(KonsregFeil):
    """Wrong use of the command line (exit 2), e.g. a missing value without a terminal."""

    exit_code = 2


class IkkeFunnet(KonsregFeil):
    """The case, agreement or ministry asked for does not exist."""


class Ugyldig(KonsregFeil):
    """A value that breaks a rule of the register (date, year, code, status)."""


class Konflikt(KonsregFeil):
    """The change would clash with what the register already holds."""


class IkkeTomt(Konflikt):
    """The register holds records of its own where only an empty one will do."""

    def __init__(self, melding: str, saker: int, avtaler: int) -> None:
        super().__init__(melding)
        self.saker, self.avtaler = saker, avtaler


class Databasefeil(KonsregFeil):
    """The database cannot be opened, read or written."""


class Valideringsfeil(KonsregFeil):
    """A file with bad rows (exit 3); `linjer` holds one message per bad row. `grunner`
    maps a line (its index) to the kind of problem the command line can do something
    about ("finnes": a record the register has already; "ar", "per": a row after the
    table's year or date), for the CLI to say which option helps."""

    exit_code = 3

    def __init__(
        self, melding: str, linjer: list[str] | None = None, grunner: dict[int, str] | None = None
    ) -> None:
        super().__init__(melding)
        self.linjer = linjer or []
        self.grunner = grunner or {}


# What the operating system said, in Norwegian; the file's name follows.
_OS_TEKST = {
    errno.ENOSPC: "Ikke mer plass på disken",
    errno.EDQUOT: "Diskkvoten er brukt opp",
    errno.EROFS: "Filsystemet er skrivebeskyttet",
    errno.EACCES: "Mangler tilgang",
    errno.EPERM: "Ikke tillatt",
    errno.ENOENT: "Finnes ikke",
    errno.EISDIR: "Er en mappe, ikke en fil",
    errno.ENOTDIR: "En del av stien er ikke en mappe",
    errno.ENAMETOOLONG: "Navnet er for langt",
    errno.EIO: "Lese- eller skrivefeil på disken (I/O-feil)",
    errno.EFBIG: "Filen blir større enn systemet tillater",
    errno.EMFILE: "For mange åpne filer",
    errno.EXDEV: "Kan ikke flytte filen til et annet filsystem",
    errno.ELOOP: "For mange lenker i stien",
    errno.ETXTBSY: "Filen er i bruk",
}


def os_tekst(feil: OSError) -> str:
    """What an OSError means, as a Norwegian phrase without the file name."""
    if feil.errno in _OS_TEKST:
        return _OS_TEKST[feil.errno]
    return f"Systemfeil ({feil.strerror or os.strerror(feil.errno or 0) or type(feil).__name__})"


def os_feil(feil: OSError, sti: object | None = None) -> KonsregFeil:
    """A user error for an OSError on `sti` (or the file the error names):
    «Ikke mer plass på disken: /data/eksport.csv.»"""
    from konsreg.tekst import synlig

    navn = synlig(str(sti if sti is not None else (feil.filename or "")))
    return KonsregFeil(f"{os_tekst(feil)}: {navn}." if navn else f"{os_tekst(feil)}.")
