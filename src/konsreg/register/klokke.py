"""The register's clock: every change it records happens at `na()` (tests freeze it)."""

from __future__ import annotations

from datetime import UTC, datetime


def na() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
