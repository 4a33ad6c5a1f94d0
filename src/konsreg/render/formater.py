"""The registry of listing formats: one writer per format (in the shape of pip-audit's
`_format/`), so a command asks for a format instead of branching on it.

A table at a terminal is not here: it needs the console's width, and the CLI prints it
(`tabell.rich_tabell`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Protocol

from konsreg.regler.begreper import Format
from konsreg.render import maskin
from konsreg.render.felt import (
    AVTALE_FELT,
    AVTALE_KOLONNER,
    DEPARTEMENT_FELT,
    DEPARTEMENT_KOLONNER,
    EKSPORT_AVTALE_FELT,
    MOTE_FELT,
    MOTE_KOLONNER,
    OVERGANG_FELT,
    OVERGANG_KOLONNER,
    PUNKT_FELT,
    PUNKT_KOLONNER,
    SAK_FELT,
    SAK_KOLONNER,
    Kolonne,
    henter,
    som_dict,
)
from konsreg.render.tabell import skriv_markdown


@dataclass(frozen=True)
class Oppsett:
    """What a listing shows: its machine fields, and its columns for people."""

    felt: Sequence[str]
    kolonner: Sequence[Kolonne]


SAKER = Oppsett(SAK_FELT, SAK_KOLONNER)
AVTALER = Oppsett(AVTALE_FELT, AVTALE_KOLONNER)
EKSPORT_AVTALER = Oppsett(EKSPORT_AVTALE_FELT, AVTALE_KOLONNER)
DEPARTEMENTER = Oppsett(DEPARTEMENT_FELT, DEPARTEMENT_KOLONNER)
OVERGANGER = Oppsett(OVERGANG_FELT, OVERGANG_KOLONNER)
MOTER = Oppsett(MOTE_FELT, MOTE_KOLONNER)
PUNKTER = Oppsett(PUNKT_FELT, PUNKT_KOLONNER)


class Listeformat(Protocol):
    def skriv(self, rader: Iterable[Any], oppsett: Oppsett, ut: IO[str]) -> int:
        """Write the rows (public shapes or dicts) as they come; returns how many."""
        ...


@dataclass(frozen=True)
class _Maskin:
    fmt: str
    excel: bool = False

    def skriv(self, rader: Iterable[Any], oppsett: Oppsett, ut: IO[str]) -> int:
        hent = henter(oppsett.felt)
        return maskin.skriv_eksport(
            (hent(r) for r in rader), oppsett.felt, self.fmt, ut, excel=self.excel
        )


class _JsonListe:
    """A listing's JSON: one indented array (an export writes one object a line),
    written an object at a time."""

    def skriv(self, rader: Iterable[Any], oppsett: Oppsett, ut: IO[str]) -> int:
        hent = henter(oppsett.felt)
        return maskin.skriv_json_liste((hent(r) for r in rader), oppsett.felt, ut)


class _Markdown:
    def skriv(self, rader: Iterable[Any], oppsett: Oppsett, ut: IO[str]) -> int:
        felt = [k.felt for k in oppsett.kolonner]
        return skriv_markdown((som_dict(r, felt) for r in rader), oppsett.kolonner, ut)


# Listings (`saker`, `avtaler`, `departementer`, `vis`).
FORMATER: dict[Format, Listeformat] = {
    Format.csv: _Maskin("csv"),
    Format.tsv: _Maskin("tsv"),
    Format.json: _JsonListe(),
    Format.jsonl: _Maskin("jsonl"),
    Format.markdown: _Markdown(),
}
# `eksport`: everything streams, JSON one object a line; `--excel` is CSV for Excel.
EKSPORT: dict[Format, Listeformat] = {
    Format.csv: _Maskin("csv"),
    Format.tsv: _Maskin("tsv"),
    Format.json: _Maskin("json"),
    Format.jsonl: _Maskin("jsonl"),
}
EXCEL = _Maskin("csv", excel=True)


def skriv(rader: Iterable[Any], oppsett: Oppsett, fmt: Format, ut: IO[str]) -> int:
    return FORMATER[fmt].skriv(rader, oppsett, ut)
