"""`konsreg db ...`: where the register is, its schema revision, upgrades and backups."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from pathlib import Path
from typing import Annotated

import typer

from konsreg.cli.felles import melding, skriv, tilstand
from konsreg.errors import Databasefeil, KonsregFeil

app = typer.Typer(help="Databasen: status, oppgradering og sikkerhetskopi.", no_args_is_help=True)


@app.command("status")
def status() -> None:
    """Vis hvilken database som brukes (uten passord), revisjonen og om den er oppdatert."""
    from sqlalchemy.exc import DBAPIError

    from konsreg import db, register

    url = tilstand().url()
    linjer = [f"Database:  {db.vis_url(url)}"]
    if db.er_sqlite(url) and url.database and not Path(url.database).exists():
        linjer.append("Revisjon:  ingen (filen finnes ikke ennå; den lages ved første bruk)")
        skriv("\n".join(linjer) + "\n")
        return
    engine = db.lag_engine(url, opprett=False)
    try:
        # Only reads: a database that is not a register is refused as it is, and an
        # older register is neither migrated nor marked here.
        with engine.connect() as conn:
            ident = db.identifiser(conn)
        revisjon = ident.revisjon
        if revisjon == db.HEAD_REVISION:
            with db.les(engine) as session:
                antall = register.telling(session=session)
            linjer.append(f"Revisjon:  {revisjon} (gjeldende)")
            linjer.append(
                f"Innhold:   {antall['saker']} saker, {antall['avtaler']} avtaler, "
                f"{antall['departementer']} departementer"
            )
        elif revisjon is None:
            linjer.append(f"Revisjon:  ingen (tom database; programmet er på {db.HEAD_REVISION})")
        elif ident.kjent:
            linjer.append(
                f"Revisjon:  {revisjon} (utdatert; kjør «konsreg db upgrade» for å gå "
                f"til {db.HEAD_REVISION})"
            )
        else:
            linjer.append(
                f"Revisjon:  {revisjon} (nyere enn programmet, som er på "
                f"{db.HEAD_REVISION}; oppgrader konsreg)"
            )
    except DBAPIError as feil:
        raise db.oversett_operasjonsfeil(feil, url) from None
    finally:
        engine.dispose()
    skriv("\n".join(linjer) + "\n")


@app.command("upgrade")
def upgrade() -> None:
    """Oppgrader databasen til programmets revisjon (skjer også av seg selv ved bruk)."""
    from sqlalchemy.exc import DBAPIError

    from konsreg import db

    url = tilstand().url()
    if db.opprett_register(url):
        melding(f"Databasen er opprettet på revisjon {db.HEAD_REVISION}.")
        return
    engine = db.lag_engine(url)
    try:
        for_, etter = db.oppgrader(engine)
    except DBAPIError as feil:
        raise db.oversett_operasjonsfeil(feil, url) from None
    finally:
        engine.dispose()
    if for_ == etter:
        melding(f"Databasen er allerede på gjeldende revisjon ({etter}).")
    else:
        melding(f"Databasen er oppgradert fra {for_ or 'tom'} til {etter}.")


@app.command("backup")
def backup(
    fil: Annotated[Path, typer.Argument(help="Filen kopien skal skrives til.")],
    overskriv: Annotated[
        bool, typer.Option("--overskriv", help="Skriv over en fil som finnes fra før.")
    ] = False,
) -> None:
    """Ta en konsistent kopi av et SQLite-register, også mens andre skriver til det.

    For PostgreSQL: bruk pg_dump.
    """
    import os
    import sqlite3

    from konsreg import db

    url = tilstand().url()
    if not db.er_sqlite(url):
        raise KonsregFeil(
            "Sikkerhetskopi av PostgreSQL tas med pg_dump, f.eks. "
            "«pg_dump -Fc -f konsreg.dump DATABASE»."
        )
    tilstand().engine()  # the source must be a valid, current register
    kilde = Path(str(url.database))
    mal = fil.expanduser()
    if mal.is_dir():  # also "" (the current directory), which has no name to add .tmp to
        raise KonsregFeil(f"{mal} er en mappe; oppgi filen kopien skal skrives til.")
    if mal.exists() and not overskriv:
        raise KonsregFeil(f"{mal} finnes fra før; bruk --overskriv for å skrive over den.")
    if mal.resolve() == kilde.resolve():
        raise KonsregFeil("Kopien kan ikke skrives til selve registeret.")
    if not mal.parent.is_dir():
        raise Databasefeil(f"Mappen {mal.parent} finnes ikke.")
    midlertidig = mal.with_name(mal.name + ".tmp")
    try:
        midlertidig.unlink(missing_ok=True)
        fd = os.open(midlertidig, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        # The backup API copies page by page and restarts if a writer changes the
        # source midway, so the copy is one consistent state.
        src = sqlite3.connect(kilde, timeout=db.BUSY_TIMEOUT_S)
        dst = sqlite3.connect(midlertidig)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
            src.close()
        os.replace(midlertidig, mal)
    except sqlite3.Error as feil:
        midlertidig.unlink(missing_ok=True)
        raise Databasefeil(f"Sikkerhetskopien feilet: {feil}.") from None
    except OSError as feil:
        midlertidig.unlink(missing_ok=True)
        raise Databasefeil(f"Kan ikke skrive {mal}: {feil.strerror}.") from None
    melding(f"Sikkerhetskopi skrevet til {mal}.")
