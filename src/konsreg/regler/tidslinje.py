"""The timeline of the agreements (`konsreg avtaler --tidslinje`, the figure in Vedlegg c's
HTML): which days each agreement ran, its renewals gathered into one chain, and the years
the picture spans. Pure rules: the register gives the agreements, render/tidslinje.py
draws what this module decides.

An agreement runs from its start (gyldig fra, else inngått: `avtale.start`) through its
last day: the closing date of a closed agreement (`status_endret`, a last day like
`utloper`) when that comes before its utløper, else its utløper; an agreement with
neither runs on. It has expired on `dag` when its last day came before it (the rule of
`avtale.er_utlopt`). A chain is an agreement and those that renew it, followed by
`fornyer` back to the first; a ring an old import left is cut where it closes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from konsreg.regler.avtale import er_utlopt, start
from konsreg.regler.begreper import Status

# The most years a picture spans unless --fra and --til say otherwise: a register that
# goes back to 2004 is drawn from twenty years before its last year, not squeezed.
MAKS_AR = 20
# --fra/--til further apart than this is a mistake, not a picture.
GRENSE_AR = 100


@dataclass(frozen=True, slots=True)
class Strekk:
    """One agreement on the timeline: its id and title, its first and last day (None:
    unknown start, or running on), and whether it had expired on the timeline's day."""

    id: str
    tittel: str
    fra: date | None
    til: date | None
    utlopt: bool


@dataclass(frozen=True, slots=True)
class Kjede:
    """An agreement and those that renew it, earliest first, laid out in lines: one line
    unless two of them ran at the same time (an agreement renewed twice)."""

    tittel: str  # the newest agreement's title: the one the series goes by now
    linjer: tuple[tuple[Strekk, ...], ...]

    @property
    def avtaler(self) -> tuple[Strekk, ...]:
        return tuple(sorted((s for linje in self.linjer for s in linje), key=_rekkefolge))


@dataclass(frozen=True, slots=True)
class Tidslinje:
    """What a timeline shows: the chains in order, the years it spans (`fra` through
    `til`), and its day (today, or the day Vedlegg c is as of) with the word for it."""

    kjeder: tuple[Kjede, ...]
    fra: int
    til: int
    dag: date
    dagnavn: str = "i dag"


@dataclass(frozen=True, slots=True)
class Avtaledata:
    """What the rules need of an agreement as the register has it."""

    id: str
    tittel: str
    inngatt: date | None
    gyldig_fra: date | None
    utloper: date | None
    status: str
    status_endret: date | None


def siste_dag(status: str, status_endret: date | None, utloper: date | None) -> date | None:
    """The last day an agreement ran: a closed one's closing day if that came first, else
    its utløper; None when it runs on."""
    if status == Status.avsluttet and status_endret is not None:
        return min(status_endret, utloper) if utloper is not None else status_endret
    return utloper


def strekk(a: Avtaledata, dag: date) -> Strekk:
    slutt = siste_dag(a.status, a.status_endret, a.utloper)
    return Strekk(a.id, a.tittel, start(a.inngatt, a.gyldig_fra), slutt, er_utlopt(slutt, dag))


def forste_i_kjeden(lenker: Mapping[str, str | None], avtale: str) -> str:
    """The first agreement of `avtale`'s chain: `fornyer` followed back as far as it goes,
    and no further than round a ring once."""
    sett = {avtale}
    while (forrige := lenker.get(avtale)) is not None and forrige not in sett:
        sett.add(forrige)
        avtale = forrige
    return avtale


def kjeder(avtaler: Sequence[Strekk], lenker: Mapping[str, str | None]) -> list[Kjede]:
    """`avtaler` gathered into chains by `lenker` (each id's `fornyer`, for every
    agreement the register has, so a chain holds together through one left out), in the
    order of each chain's first agreement in `avtaler`."""
    grupper: dict[str, list[Strekk]] = {}
    for s in avtaler:
        grupper.setdefault(forste_i_kjeden(lenker, s.id), []).append(s)
    ut = []
    for medlemmer in grupper.values():
        ordnet = sorted(medlemmer, key=_rekkefolge)
        ut.append(Kjede(ordnet[-1].tittel, _linjer(ordnet)))
    return ut


def _rekkefolge(s: Strekk) -> tuple[date, str]:
    return (s.fra or date.min, s.id)


def _linjer(ordnet: Sequence[Strekk]) -> tuple[tuple[Strekk, ...], ...]:
    """The agreements on as few lines as let none overlap another on its line: each on
    the first line whose last agreement ended before it started."""
    linjer: list[list[Strekk]] = []
    for s in ordnet:
        for linje in linjer:
            forrige = linje[-1]
            if forrige.til is not None and s.fra is not None and forrige.til < s.fra:
                linje.append(s)
                break
        else:
            linjer.append([s])
    return tuple(tuple(linje) for linje in linjer)


def arspenn(
    kjeder_: Sequence[Kjede], dag: date, fra: int | None = None, til: int | None = None
) -> tuple[int, int]:
    """The years a picture spans: `fra` and `til` where given, else from the first
    agreement's start to the last one's end, with the day's year always in it, at most
    MAKS_AR years (the newest kept)."""
    avtaler = [s for k in kjeder_ for s in k.avtaler]
    starter = [s.fra.year for s in avtaler if s.fra is not None]
    slutter = [s.til.year for s in avtaler if s.til is not None]
    if til is None:
        til = max([dag.year, *slutter, *(starter if fra is None else [fra])])
        if fra is not None:
            til = min(til, fra + MAKS_AR - 1)
    if fra is None:
        fra = max(min([dag.year, *starter, *slutter], default=dag.year), til - MAKS_AR + 1)
        fra = min(fra, til)
    return fra, til


def sjekk_arspenn(fra: int | None, til: int | None) -> None:
    """--fra and --til as a person meant them: in order, and a span a picture can hold."""
    if fra is not None and til is not None:
        if fra > til:
            raise ValueError(f"--fra ({fra}) kommer etter --til ({til})")
        if til - fra >= GRENSE_AR:
            raise ValueError(f"{fra}–{til} er mer enn {GRENSE_AR} år; velg et kortere spenn")


def i_spennet(kjede: Kjede, fra: int, til: int) -> bool:
    """Whether any of the chain's agreements ran in the years `fra`–`til`."""
    return any(
        (s.fra is None or s.fra.year <= til) and (s.til is None or s.til.year >= fra)
        for s in kjede.avtaler
    )


def tidslinje(
    avtaler: Sequence[Avtaledata],
    lenker: Mapping[str, str | None],
    *,
    dag: date,
    fra: int | None = None,
    til: int | None = None,
    dagnavn: str = "i dag",
) -> Tidslinje:
    """The timeline of `avtaler` on `dag`: their chains, the years, and only the chains
    that ran in those years."""
    sjekk_arspenn(fra, til)
    alle = kjeder([strekk(a, dag) for a in avtaler], lenker)
    forste, siste = arspenn(alle, dag, fra, til)
    synlige = tuple(k for k in alle if i_spennet(k, forste, siste))
    return Tidslinje(synlige, forste, siste, dag, dagnavn)
