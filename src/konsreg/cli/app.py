"""The root `konsreg` command and its sub-apps, one module per noun."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from typer.completion import completion_init

from konsreg import __version__
from konsreg.cli import (
    avtale,
    database,
    departementer,
    eksempel,
    eksport,
    felles,
    fullforing,
    importer,
    materiale,
    mote,
    punkt,
    sak,
    sok,
    vedlegg,
)
from konsreg.cli.felles import Tilstand
from konsreg.cli.grense import KonsregGroup, sjekk_inndata
from konsreg.cli.hjelp import NorskTyper

app = NorskTyper(
    cls=KonsregGroup,
    name="konsreg",
    help="Saksregisteret for konsultasjonsordningen mellom staten og KS.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's help renderer pulls in markdown-it and triples start-up time.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    # --install-completion and --show-completion are ours (below), in Norwegian.
    add_completion=False,
)
# Typer's bash and zsh protocol (`_KONSREG_COMPLETE=complete_bash`), which its own options
# would otherwise register.
completion_init()


def _versjon(verdi: bool) -> None:
    if verdi:
        sys.stdout.write(f"konsreg {__version__}\n")
        raise typer.Exit()


def _ser_ut_som_url(sti: str) -> bool:
    """`skjema:/…` or `skjema://…`: a URL given where a file was expected."""
    skjema, kolon, resten = sti.partition(":")
    return bool(kolon) and resten.startswith("/") and skjema.replace("+", "").isalnum()


@app.callback()
def hoved(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            metavar="FIL",
            help="SQLite-filen registeret ligger i (ellers KONSREG_DATABASE_URL, KONSREG_DB, "
            "eller standardfilen i brukerens programmappe). Skrives før kommandoen: "
            "konsreg --db FIL sak ny …",
            show_default=False,
        ),
    ] = None,
    no_color: Annotated[
        bool, typer.Option("--no-color", help="Ingen farger (NO_COLOR virker også).")
    ] = False,
    versjon: Annotated[
        bool | None,
        typer.Option("--version", callback=_versjon, is_eager=True, help="Vis versjonen."),
    ] = None,
    installer_fullforing: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            callback=fullforing.installer,
            is_eager=True,
            help="Installer fullføring med Tab for skallet du bruker (bash eller zsh).",
        ),
    ] = False,
    vis_fullforing: Annotated[
        str | None,
        typer.Option(
            "--show-completion",
            metavar="SKALL",
            callback=fullforing.vis_skript,
            autocompletion=fullforing.skall,
            is_eager=True,
            help="Skriv fullføringsskriptet for bash eller zsh, til å legge inn selv.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Saksregisteret for konsultasjonsordningen mellom staten og KS."""
    tilstand = ctx.ensure_object(Tilstand)
    if db is not None and _ser_ut_som_url(str(db)):
        from konsreg.errors import Bruksfeil

        # Path() folds "postgresql+psycopg://h/db" into "postgresql+psycopg:/h/db", which
        # then failed as a missing folder: say where a URL goes instead.
        raise Bruksfeil(
            "--db tar en SQLite-fil, ikke en database-URL; sett URL-en i KONSREG_DATABASE_URL "
            "(KONSREG_DATABASE_URL=postgresql+psycopg://… konsreg …)."
        )
    tilstand.db = db
    tilstand.no_color = no_color or bool(os.environ.get("NO_COLOR"))
    if klokkeverdi := os.environ.get("KONSREG_KLOKKE"):
        from konsreg.register import klokke
        from konsreg.tekst import synlig

        klokke.fast_tid()  # a value that is no time stops every command, not only writes
        if sys.stderr.isatty():
            # A frozen clock dates every change wrongly: a person at a terminal must see it
            # (the README test that sets it reads stderr through a pipe).
            sys.stderr.write(
                f"Advarsel: KONSREG_KLOKKE={synlig(klokkeverdi)} står på; registeret daterer "
                "alt til det tidspunktet. Den er bare for tester: fjern den.\n"
            )


app.add_typer(sak.app, name="sak")
app.add_typer(avtale.app, name="avtale")
app.add_typer(mote.app, name="mote")
app.add_typer(punkt.app, name="punkt")
app.add_typer(vedlegg.app, name="vedlegg")
app.add_typer(importer.app, name="import")
app.add_typer(database.app, name="db")
app.command("eksempel", short_help="Last inn eksempeldataene fra 2026-materialet.")(
    eksempel.eksempel
)
app.command("eksport")(eksport.eksport)
app.command("departementer", short_help="List departementene og årene navnene gjaldt.")(
    departementer.departementer
)
app.command("materiale", short_help="Skriv hele materialet til et møte.")(materiale.materiale)
app.command("sjekk")(materiale.sjekk)
app.command("referat", short_help="Skriv referatet fra et møte.")(materiale.referat)
app.command("sok", short_help="Søk i titler, beskrivelser, parter og møtetekster.")(sok.sok)
app.command("saker", help="Samme som «konsreg sak liste».")(sak.liste)
app.command("avtaler", help="Samme som «konsreg avtale liste».")(avtale.liste)


def main() -> None:
    """The program's entry point (the `konsreg` script and `python -m konsreg`)."""
    if (grunn := sjekk_inndata(sys.argv[1:], os.environ)) is not None:
        sys.stderr.write(f"Feil: {grunn}\n")
        sys.exit(2)
    felles.I_PROGRAMMET = True
    try:
        app()
    finally:
        _uten_siste_opprydding()


def _uten_siste_opprydding() -> None:
    """The process ends now. At exit Python's garbage collector walks, several times, every
    object the libraries made at import (SQLAlchemy, pydantic, rich, Typer) and frees none:
    about 0.1 s, a fifth of a short command. Frozen, the collector skips them and the
    operating system takes the memory back. Objects still go when their last reference
    does (files, and the register's engine, were closed before this). Only here, in the
    program: a process that runs the app (the tests) keeps collecting as before."""
    import gc

    gc.freeze()
