"""The register's clock: every change it records happens at `na()`, and "today" is `i_dag()`.

Tests freeze `na` in-process. `KONSREG_KLOKKE` freezes it for a whole process, so the
README's examples (run as real commands by tests/test_readme.py) give the same dates and
times on any day: it is for tests and documentation, never for a real register.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from konsreg.errors import Bruksfeil
from konsreg.tekst import synlig

MILJO = "KONSREG_KLOKKE"


def fast_tid() -> datetime | None:
    """The frozen instant from KONSREG_KLOKKE (ISO 8601; without a zone it is local time,
    as a person reads "2026-11-27" or "09:00"), or None."""
    verdi = os.environ.get(MILJO, "").strip()
    if not verdi:
        return None
    try:
        tid = datetime.fromisoformat(verdi.replace("Z", "+00:00"))
    except ValueError:
        raise Bruksfeil(
            f"{MILJO}=«{synlig(verdi)}» er ikke et tidspunkt; skriv det som "
            f"2026-11-27T09:00:00+00:00, eller fjern {MILJO} (den er bare for tester)."
        ) from None
    if tid.tzinfo is None:
        tid = tid.astimezone()  # the local time it names
    return tid.astimezone(UTC).replace(microsecond=0)


def na() -> datetime:
    return fast_tid() or datetime.now(UTC).replace(microsecond=0)


def i_dag() -> date:
    """Today's date where the user is (the local date of `na()`)."""
    return dag(na())


def dag(tid: datetime) -> date:
    """The date an instant falls on where the user is: a change made at 00:30 in Oslo is
    dated that day, not the day before (its UTC date)."""
    return tid.astimezone().date()
