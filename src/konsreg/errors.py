"""Domain errors: each one carries a Norwegian message meant for the user.

Code below the CLI raises these; the CLI's single error boundary prints the
message on stderr and exits with the error's exit code.
"""

from __future__ import annotations


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


class Databasefeil(KonsregFeil):
    """The database cannot be opened, read or written."""


class Valideringsfeil(KonsregFeil):
    """A file with bad rows (exit 3); `linjer` holds one message per bad row."""

    exit_code = 3

    def __init__(self, melding: str, linjer: list[str] | None = None) -> None:
        super().__init__(melding)
        self.linjer = linjer or []
