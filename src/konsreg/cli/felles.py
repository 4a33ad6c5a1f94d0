"""What the CLI's commands share: the database choice, output, prompts, warnings."""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from konsreg.errors import Bruksfeil, Ugyldig

if TYPE_CHECKING:
    from sqlalchemy import URL, Engine


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


FormatValg = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table, csv, tsv, json, jsonl eller markdown. Standard: table i en terminal, "
        "ellers tsv.",
        case_sensitive=False,
    ),
]
AvValg = Annotated[
    str | None,
    typer.Option("--av", help="Hvem som gjør endringen (standard: $USER).", show_default=False),
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
            database_url = os.environ.get("KONSREG_DATABASE_URL")
            if self.db is not None:
                self._url = db.database_url(sti=self.db.expanduser(), url=None)
            elif database_url:
                self._url = db.database_url(sti=None, url=database_url)
            else:
                self._url = db.database_url(sti=standard_sti(), url=None)
        return self._url

    def engine(self) -> Engine:
        from konsreg import db

        if self._engine is None:
            self._engine = db.apne(self.url())
        return self._engine

    def registerfiler(self) -> list[Path]:
        """The files of a SQLite register (none for a server database): what no output
        file may ever be."""
        from konsreg import db
        from konsreg.filer import registerfiler

        url = self.url()
        return registerfiler(url.database) if db.er_sqlite(url) else []


_TILSTAND = Tilstand()


def tilstand() -> Tilstand:
    return _TILSTAND


def nullstill(db: Path | None, no_color: bool) -> Tilstand:
    global _TILSTAND
    if _TILSTAND._engine is not None:
        _TILSTAND._engine.dispose()
    _TILSTAND = Tilstand(db=db, no_color=no_color)
    return _TILSTAND


def standard_sti() -> Path:
    """The embedded default: one SQLite file in the user's application directory."""
    env = os.environ.get("KONSREG_DB")
    if env:
        return Path(env).expanduser()
    mappe = Path(typer.get_app_dir("konsreg"))
    mappe.mkdir(parents=True, exist_ok=True, mode=0o700)
    return mappe / "konsreg.db"


def utformat(fmt: Format | None) -> str:
    if fmt is not None:
        return fmt.value
    return "table" if sys.stdout.isatty() else "tsv"


def konsoll(*, stderr: bool = False) -> Any:
    """The console for people. It never reads markup (`[/bold]`, `[link=…]`) or emoji codes
    (`:smile:`) in what it prints, nor highlights it: the register's text is data. Our
    renderables pass text as `rich.text.Text` too; this is the second lock."""
    from rich.console import Console

    return Console(
        stderr=stderr,
        no_color=tilstand().no_color or None,
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
        from konsreg.render import rik_tekst

        renderable = rik_tekst(renderable, linjeskift=True)
    konsoll().print(renderable)


def melding(tekst: str) -> None:
    """A message for the person, on stderr, on one line: control characters from the data
    (an ESC from a title, a newline in a file name) are shown as escapes, never acted on."""
    from konsreg.tekst import synlig

    sys.stderr.write(synlig(tekst) + "\n")


def advar(advarsler: list[str]) -> None:
    # The same warning can arise twice (a ministry and "meldt inn av"); say it once.
    for a in dict.fromkeys(advarsler):
        melding(f"Advarsel: {a}")


def er_interaktiv() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def spor(verdi: str | None, *, valg: str, sporsmal: str) -> str:
    """The value given, else ask at a terminal; without one, a usage error (scripts never hang)."""
    if verdi is not None and verdi.strip():
        return verdi
    if verdi is not None:
        raise Ugyldig(f"{valg} kan ikke være tom.")
    if not er_interaktiv():
        raise Bruksfeil(f"Mangler {valg}; oppgi det som valg (ingen terminal å spørre i).")
    svar: str = typer.prompt(sporsmal, err=True)
    if not svar.strip():
        raise Ugyldig(f"{valg} kan ikke være tom.")
    return svar


def bruker(av: str | None) -> str:
    """Who makes the change: `--av` through the stored-text rule (no control
    characters, not invisible-only, at most 100 characters), else $USER."""
    if av and av.strip():
        from konsreg.tekst import rens_tekst

        try:
            rent = rens_tekst(av, felt="--av")
        except ValueError as feil:
            raise Ugyldig(f"{feil}.") from None
        if len(rent) > 100:  # the history's column; PostgreSQL refuses longer
            raise Ugyldig("--av kan være høyst 100 tegn.")
        return rent
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:
        return "ukjent"


def dato(tekst: str | None) -> date | None:
    """A date option as typed (`2.12.22`, `2. desember 2022`, …), or None if not given."""
    from konsreg.regler.datoer import parse_dato

    return parse_dato(tekst) if tekst is not None else None


def arstall(tekst: str | None, felt: str) -> int | None:
    """A year option (four digits), or None if not given."""
    from konsreg.regler.datoer import parse_ar

    return parse_ar(tekst, felt=felt) if tekst is not None else None


def rapporter_endring(hva: str, navn: str, endret: list[str]) -> None:
    """What `endre` changed, on stdout; that nothing changed, on stderr."""
    if endret:
        skriv(f"{hva} {navn} endret: {', '.join(endret)}.\n")
    else:
        melding(f"{hva} {navn}: ingenting å endre (verdiene var de samme).")


def verdi_feil(funksjon: Any, verdi: str) -> Any:
    """Call a normaliser that raises ValueError, turning it into a user error."""
    try:
        return funksjon(verdi)
    except ValueError as feil:
        tekst = str(feil)
        raise Ugyldig(tekst[0].upper() + tekst[1:] + ".") from None
