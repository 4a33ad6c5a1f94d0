"""What the CLI's commands share: the state of one run, output, prompts, options.

The state (which register, colour or not, the engine once opened) lives in the click
context's `obj`, made by the root group for each run (cli/app.py): no module global.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from konsreg.errors import Bruksfeil, Ugyldig
from konsreg.regler.begreper import Format

T = TypeVar("T")

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine

    from konsreg.regler.advarsler import Advarsel


# One Format vocabulary for every `--format`; each command says (in its help) and checks
# (`utformat`) which of them it writes.
LISTEFORMATER = (Format.table, Format.csv, Format.tsv, Format.json, Format.jsonl, Format.markdown)
FormatValg = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="table, csv, tsv, json, jsonl eller markdown. Standard: table i en terminal, "
        "ellers tsv.",
        case_sensitive=False,
        show_default=False,
    ),
]
GrenseValg = Annotated[
    int | None,
    typer.Option(
        "--grense",
        min=0,
        metavar="ANTALL",
        help="Høyst så mange rader (0: alle). Standard: 1000 i en tabell i terminalen, "
        "ellers alle.",
        show_default=False,
    ),
]
AvValg = Annotated[
    str | None,
    typer.Option(
        "--av",
        metavar="NAVN",
        help="Hvem som gjør endringen (standard: $USER).",
        show_default=False,
    ),
]
DatoValg = Annotated[
    str | None,
    typer.Option(
        "--dato",
        metavar="DATO",
        help="Datoen statusen endret seg; for avsluttet den siste dagen (standard: i dag). "
        "Alene retter den datoen til statusen posten har.",
        show_default=False,
    ),
]
StatusValg = Annotated[
    str | None,
    typer.Option(
        "--status",
        "-s",
        metavar="STATUS",
        help="ny, pagaende (pågående) eller avsluttet.",
        show_default=False,
    ),
]
AlleValg = Annotated[bool, typer.Option("--alle", help="Ta med annullerte poster (status utgår).")]
GrunnValg = Annotated[
    str | None,
    typer.Option(
        "--grunn",
        metavar="TEKST",
        help="Hvorfor posten annulleres (lagres i historikken).",
        show_default=False,
    ),
]
ArValg = Annotated[
    str | None,
    typer.Option(
        "--ar", "--år", metavar="ÅR", help="Konsultasjonsåret (standard: i år).", show_default=False
    ),
]


@dataclass
class Tilstand:
    """Options of the root command, and the register opened from them on first need."""

    db: Path | None = None
    no_color: bool = False
    _engine: Engine | None = field(default=None, repr=False)
    _url: URL | None = field(default=None, repr=False)

    def url(self) -> URL:
        from konsreg import db

        if self._url is None:
            self._url = db.hvor(db=self.db)
        return self._url

    def url_hvis_kjent(self) -> URL | None:
        """The URL if it has been worked out (for error messages: never work it out then)."""
        return self._url

    def engine(self) -> Engine:
        from konsreg import db

        if self._engine is None:
            self._engine = db.apne_register(self.url())
        return self._engine

    def registerfiler(self) -> list[Path]:
        """The files of a SQLite register (none for a server database): what no output
        file may ever be."""
        from konsreg import db
        from konsreg.filer import registerfiler

        url = self.url()
        return registerfiler(url.database) if db.er_sqlite(url) else []

    def lukk(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _kontekst(silent: bool = False) -> Any:
    # Typer carries its own copy of click: its context is the one the commands run in.
    from typer._click.globals import get_current_context

    return get_current_context(silent=silent)


# Set by the program's entry point (app.main): a process that runs the app itself (the
# tests) keeps its garbage collector as it is.
I_PROGRAMMET = False


# Objects between collections of the young generation while an import only adds rows:
# a batch's 2,000 rows (their dicts, checks and tuples) then die young, between two
# collections, instead of being walked several times and promoted on the way.
UNGE_UNDER_IMPORT = 50_000


def frys_det_lastede(*, bare_nye: bool = False) -> None:
    """Before a command's long work (an import): the objects the libraries made when they
    were imported (SQLAlchemy, pydantic, rich, Typer: about 75,000) are moved out of the
    garbage collector's sight (`gc.freeze`); they live to the end anyway, and each
    collection while a large file is imported walked them all again: about 1.1 s of the
    5.6 s of importing 100,000 agreements (27.11.2026).

    `bare_nye`: the import can only add rows (it stops at, or skips, a record the
    register has), so the young generation is collected every UNGE_UNDER_IMPORT objects
    instead of 700: importing 1,000,000 cases 51 s -> 45 s, peak memory the same (78
    MiB). Not when rows may update records: the ORM's reference cycles of an update would
    pile up between collections (95 MiB against 81 for 200,000 changed rows)."""
    if I_PROGRAMMET:
        import gc

        gc.freeze()
        if bare_nye:
            _, eldre, eldst = gc.get_threshold()
            gc.set_threshold(UNGE_UNDER_IMPORT, eldre, eldst)


def tilstand() -> Tilstand:
    """This run's state, from the click context."""
    return _kontekst().ensure_object(Tilstand)


def i_lesing(funksjon: Callable[..., T], **argumenter: Any) -> T:
    """Call a register function in one read session (one snapshot of the register)."""
    from konsreg import db

    with db.leseokt(tilstand().engine()) as session:
        return funksjon(session=session, **argumenter)


def i_skriving(funksjon: Callable[..., T], **argumenter: Any) -> T:
    """Call a register function in one write transaction: kept whole or not at all."""
    from konsreg import db

    with db.skriveokt(tilstand().engine()) as session:
        return funksjon(session=session, **argumenter)


def utformat(fmt: Format | None, tillatte: tuple[Format, ...] = LISTEFORMATER) -> Format:
    """The format asked for, if this command writes it; else a table at a terminal and
    TSV in a pipe."""
    if fmt is None:
        return Format.table if sys.stdout.isatty() else Format.tsv
    if fmt not in tillatte:
        kommando = _kontekst().command_path
        raise Bruksfeil(
            f"«{fmt.value}» er ikke et av valgene for {kommando}: "
            f"{', '.join(f.value for f in tillatte)}. Se «{kommando} --help»."
        )
    return fmt


def konsoll(*, stderr: bool = False) -> Any:
    """The console for people. It never reads markup (`[/bold]`, `[link=…]`) or emoji codes
    (`:smile:`) in what it prints, nor highlights it: the register's text is data. Our
    renderables pass text as `rich.text.Text` too; this is the second lock."""
    from rich.console import Console

    ctx = _kontekst(silent=True)
    uten_farger = bool(ctx and ctx.find_object(Tilstand) and tilstand().no_color)
    return Console(
        stderr=stderr,
        no_color=uten_farger or None,
        highlight=False,
        markup=False,
        emoji=False,
    )


def skriv(tekst: str) -> None:
    """Data to stdout."""
    sys.stdout.write(tekst)
    sys.stdout.flush()


def vis(renderable: Any) -> None:
    """A table (or a text) for the person, on stdout; a text has its control characters
    shown escaped."""
    if isinstance(renderable, str):
        from konsreg.render.tabell import rik_tekst

        renderable = rik_tekst(renderable, linjeskift=True)
    konsoll().print(renderable)


def melding(tekst: str) -> None:
    """A message for the person, on stderr, on one line: control characters from the data
    (an ESC from a title, a newline in a file name) are shown as escapes, never acted on."""
    from konsreg.tekst import synlig

    sys.stderr.write(synlig(tekst) + "\n")


def advar(advarsler: Iterable[Advarsel]) -> None:
    """Each warning once (a ministry and "meldt inn av" can raise the same), in words."""
    from konsreg.render.meldinger import advarsel

    for a in dict.fromkeys(advarsler):
        melding(f"Advarsel: {advarsel(a)}")


def er_interaktiv() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def spor(
    verdi: str | None,
    *,
    valg: str,
    sporsmal: str,
    sjekk: Callable[[str], str] | None = None,
) -> str:
    """The value given, else ask at a terminal; without one, a usage error (scripts never hang).
    An answer `sjekk` refuses (Ugyldig) is said at once and asked for again, not after
    all the questions; `sjekk` returns the value to use."""
    if verdi is not None and verdi.strip():
        return verdi
    if verdi is not None:
        raise Ugyldig(f"{valg} kan ikke være tom.")
    if not er_interaktiv():
        raise Bruksfeil(f"Mangler {valg}; oppgi det som valg (ingen terminal å spørre i).")
    while True:
        svar = ""
        while not svar:  # Enter alone asks again
            svar = sporsmal_svar(sporsmal)
        if not svar.strip():
            raise Ugyldig(f"{valg} kan ikke være tom.")
        if sjekk is None:
            return svar
        try:
            return sjekk(svar)
        except Ugyldig as feil:
            melding(f"Feil: {feil.melding}")


def sporsmal_svar(sporsmal: str) -> str:
    """Ask at the terminal: the question on stderr, the answer read from stdin, and
    nothing on stdout (click's prompt writes its last character, a space, through
    `input()` on stdout, and `$(konsreg sak ny -q)` got " 2026/3"). End of input aborts."""
    sys.stderr.write(f"{sporsmal}: ")
    sys.stderr.flush()
    svar = sys.stdin.readline()
    if not svar:
        raise typer.Abort()
    return svar.rstrip("\r\n")


def bruker(av: str | None) -> str:
    """Who makes the change: `--av` (regler.felt.av), else $USER."""
    if av and av.strip():
        from konsreg.regler.felt import hvem

        return verdi_feil(lambda x: hvem(x, felt="--av"), av)
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:
        return "ukjent"


def dato(tekst: str | None) -> date | None:
    """A date option as typed (`2.12.22`, `2. desember 2022`, …), or None if not given."""
    from konsreg.regler.datoer import parse_dato

    return parse_dato(tekst) if tekst is not None else None


def maned_eller_dato(tekst: str | None) -> date | None:
    """A date option that may also be a month (`juni 2024`), or None if not given."""
    from konsreg.regler.datoer import parse_dato_eller_maned

    return parse_dato_eller_maned(tekst) if tekst is not None else None


def per(tekst: str | None) -> date | None:
    """An "as of" day: a date, or a month meaning its last day (`april 2026`)."""
    from konsreg.regler.datoer import parse_per

    return parse_per(tekst) if tekst is not None else None


def arstall(tekst: str | None, felt: str) -> int | None:
    """A year option (four digits), or None if not given."""
    from konsreg.regler.datoer import parse_ar

    return parse_ar(tekst, felt=felt) if tekst is not None else None


def endre_post(
    funksjon: Callable[..., Any], endring: Any, *, hva: str, av: str | None, **argumenter: Any
) -> None:
    """`sak endre` and `avtale endre`: the options given as one change, made in one
    transaction, its warnings and what changed said. A `--dato` alone is a change too."""
    if not endring.model_fields_set and argumenter.get("status_dato") is None:
        kommando = "sak" if hva == "Sak" else "avtale"
        raise Bruksfeil(f"Ingen endringer oppgitt; se «konsreg {kommando} endre --help».")
    advarsler: list[Any] = []
    post, endret = i_skriving(
        funksjon, endring=endring, av=bruker(av), advarsler=advarsler, **argumenter
    )
    advar(advarsler)
    navn = post.saksnummer if hva == "Sak" else post.id
    rapporter_endring(hva, navn, endret)


def si_grunn(hva: str, navn: str, status: str, historikk: Any) -> None:
    """On stderr, that a record is voided and why (`vis`)."""
    from konsreg.register.historikk import grunn

    if status == "utgar" and (tekst := grunn(historikk)) is not None:
        melding(f"{hva} {navn} er annullert (utgår): {tekst}")


def rapporter_endring(hva: str, navn: str, endret: list[str]) -> None:
    """What `endre` changed, on stdout; that nothing changed, on stderr."""
    if endret:
        skriv(f"{hva} {navn} endret: {', '.join(endret)}.\n")
    else:
        melding(f"{hva} {navn}: ingenting å endre (verdiene var de samme).")


def verdi_feil(funksjon: Any, verdi: Any) -> Any:
    """Call a rule that raises ValueError, turning it into a user error."""
    try:
        return funksjon(verdi)
    except ValueError as feil:
        tekst = str(feil)
        raise Ugyldig(tekst[0].upper() + tekst[1:] + ".") from None


def valgfri(funksjon: Any, verdi: str | None) -> Any:
    """`verdi_feil` for an option that may be left out."""
    return verdi_feil(funksjon, verdi) if verdi is not None else None
