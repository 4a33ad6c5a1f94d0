"""The rules of the appendices: which kind of case each lists, the date Vedlegg c is as
of, and the order of the rows (which rows belong is the register's selection,
register/utvalg.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from konsreg.regler.begreper import Sakstype

SAKSTYPE = {"a": Sakstype.kostnadsberegning, "b": Sakstype.lovmedvirkning}
# A footnote line after an appendix's rows starts so: the printed text says where a
# successor is shown instead of the ministry registered, and a reader skips such lines.
FOTNOTE = "Fotnote:"


class _Nummerert(Protocol):
    @property
    def saksnummer(self) -> str: ...
    @property
    def oppmeldt(self) -> int: ...


S = TypeVar("S", bound=_Nummerert)


def per_dag(*, ar: int | None, per: date | None, idag: date) -> date:
    """The day Vedlegg c is as of: `--per` when given; else today, or the last day of
    another consultation year than this one."""
    if per is not None:
        return per
    if ar is not None and ar != idag.year:
        return date(ar, 12, 31)
    return idag


def sorter_saker(saker: Sequence[S]) -> list[S]:
    """Newest first (the material lists this year's new cases before the ongoing ones),
    then in the order they were numbered."""

    def nokkel(s: _Nummerert) -> tuple[int, int, int]:
        ar, _, nr = s.saksnummer.partition("/")
        return (-s.oppmeldt, int(ar), int(nr or 0))

    return sorted(saker, key=nokkel)
