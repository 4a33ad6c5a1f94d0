"""`konsreg db ...`: where the register is, its schema revision, upgrades and backups."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

from pathlib import Path
from typing import Annotated

import typer

from konsreg.cli.felles import melding, skriv, tilstand
from konsreg.cli.hjelp import NorskTyper
from konsreg.errors import KonsregFeil

app = NorskTyper(help="Databasen: status, oppgradering og sikkerhetskopi.", no_args_is_help=True)


@app.command("status", short_help="Vis databasen som brukes, revisjonen og om den er oppdatert.")
def status() -> None:
    """Vis hvilken database som brukes (uten passord), revisjonen og om den er oppdatert."""
    from konsreg import db
    from konsreg.register.departementer import telling

    url = tilstand().url()
    linjer = [f"Database:  {db.vis_url(url)}"]
    stand = db.les_status(url)
    head = db.HEAD_REVISION
    if stand.tilstand == "ingen fil":
        linjer.append("Revisjon:  ingen (filen finnes ikke ennå; den lages ved første bruk)")
    elif stand.tilstand == "tom":
        linjer.append(f"Revisjon:  ingen (tom database; programmet er på {head})")
    elif stand.tilstand == "utdatert":
        linjer.append(
            f"Revisjon:  {stand.revisjon} (utdatert; kjør «konsreg db upgrade» for å gå til {head})"
        )
    elif stand.tilstand == "nyere":
        linjer.append(
            f"Revisjon:  {stand.revisjon} (nyere enn programmet, som er på {head}; "
            "oppgrader konsreg)"
        )
    else:
        # Only reads: an older register is not marked by `db status`.
        with db.uten_endringer(url) as engine, db.leseokt(engine) as session:
            antall = telling(session=session)
        linjer.append(f"Revisjon:  {stand.revisjon} (gjeldende)")
        linjer.append(
            f"Innhold:   {antall['saker']} saker, {antall['avtaler']} avtaler, "
            f"{antall['departementer']} departementer"
        )
    skriv("\n".join(linjer) + "\n")


@app.command("upgrade", short_help="Oppgrader databasen til programmets revisjon.")
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


@app.command("backup", short_help="Ta en konsistent kopi av et SQLite-register.")
def backup(
    fil: Annotated[Path, typer.Argument(metavar="FIL", help="Filen kopien skal skrives til.")],
    overskriv: Annotated[
        bool, typer.Option("--overskriv", help="Skriv over en fil som finnes fra før.")
    ] = False,
) -> None:
    """Ta en konsistent kopi av et SQLite-register, også mens andre skriver til det.

    Kopien skrives til et midlertidig navn ved siden av FIL og får navnet først når den er
    hel, så en full disk aldri etterlater en halv kopi. For PostgreSQL: bruk pg_dump.
    """
    from konsreg import db
    from konsreg.filer import midlertidig_ved, sjekk_mal
    from konsreg.tekst import synlig

    url = tilstand().url()
    if not db.er_sqlite(url):
        raise KonsregFeil(
            "Sikkerhetskopi av PostgreSQL tas med pg_dump, f.eks. "
            "«pg_dump -Fc -f konsreg.dump DATABASE»."
        )
    mal = fil.expanduser()
    if str(fil) == "" or mal.is_dir():  # "" is the current directory: no file name
        raise KonsregFeil(f"{synlig(str(mal))} er en mappe; oppgi filen kopien skal skrives til.")
    vern = tilstand().registerfiler()
    sjekk_mal(mal, vern=vern)
    if mal.exists() and not overskriv:
        raise KonsregFeil(
            f"{synlig(str(mal))} finnes fra før; bruk --overskriv for å skrive over den."
        )
    tilstand().engine()  # the source must be a valid, current register
    # Owner only, like the register: the copy holds the same working material.
    with midlertidig_ved(mal, vern=vern, modus=0o600) as midlertidig:
        db.sikkerhetskopi(Path(str(url.database)), midlertidig, navn=mal)
    melding(f"Sikkerhetskopi skrevet til {synlig(str(mal))}.")


@app.command("kopier", short_help="Kopier hele registeret til et annet, i én transaksjon.")
def kopier(
    til: Annotated[
        str,
        typer.Option(
            "--til",
            metavar="MÅL",
            help="Registeret det kopieres til: en SQLite-fil eller en database-URL "
            "(postgresql+psycopg://…). Det må være tomt; det lages om det ikke finnes.",
            show_default=False,
        ),
    ],
) -> None:
    """Kopier hele registeret til et annet: alle saker og avtaler med id-er og numre,
    historikken med tidspunkter og hvem, tellerne, kategoriene, departementene og
    fornyelsene, i én transaksjon. Slik flyttes et register fra en SQLite-fil til den delte
    PostgreSQL-databasen (eller tilbake); målet må være tomt.
    """
    from konsreg import db
    from konsreg.filer import er_samme_fil
    from konsreg.tekst import antall, synlig

    kilde_url = tilstand().url()
    mal_url = db.database_url(sti=None, url=til) if "://" in til else db.sqlite_url(Path(til))
    samme = db.vis_url(mal_url) == db.vis_url(kilde_url) or (
        db.er_sqlite(mal_url)
        and db.er_sqlite(kilde_url)
        and er_samme_fil(Path(str(mal_url.database)), Path(str(kilde_url.database)))
    )
    if samme:
        raise KonsregFeil("Målet er det samme registeret som kilden; oppgi et annet med --til.")
    kilde = tilstand().engine()
    mal = db.apne_register(mal_url)
    try:
        kopiert = db.kopier_register(kilde, mal)
    finally:
        mal.dispose()
    melding(
        f"Kopierte registeret til {synlig(db.vis_url(mal_url))}: "
        + ", ".join(
            antall(kopiert[nokkel], en, flere)
            for nokkel, en, flere in (
                ("sak", "sak", "saker"),
                ("avtale", "avtale", "avtaler"),
                ("mote", "møte", "møter"),
                ("punkt", "punkt", "punkter"),
                ("historikk", "historikkrad", "historikkrader"),
                ("departement", "departement", "departementer"),
                ("kategori", "kategori", "kategorier"),
            )
        )
        + "."
    )
