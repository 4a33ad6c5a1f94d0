"""The register's vocabulary as types: statuses, kinds of case, output formats."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """A case's or an agreement's status, as stored and in machine formats."""

    ny = "ny"
    pagaende = "pagaende"
    avsluttet = "avsluttet"
    # Noark 5 "Utgår": registered by mistake. Kept with its number, history and reason;
    # shown in no appendix and no default listing; its number is never given again.
    utgar = "utgar"


class Sakstype(StrEnum):
    kostnadsberegning = "kostnadsberegning"
    lovmedvirkning = "lovmedvirkning"


class Format(StrEnum):
    """Every output format; each command offers the subset it can write."""

    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


class Konfliktmodus(StrEnum):
    """What an import does with a record the register already has: refuse the file, skip
    the row, update the record (unless the file's `endret` is older than the register's:
    a colleague changed it after the file was made), or update it all the same."""

    feil = "feil"
    hopp_over = "hopp-over"
    oppdater = "oppdater"
    overskriv = "overskriv"


# The party that is always the other side of an agreement, and may bring in a case.
KS = "KS"
