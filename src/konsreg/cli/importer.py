"""`konsreg import ...`: read tables into the register, all rows or none."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from konsreg.cli.felles import AvValg, advar, bruker, melding, tilstand
from konsreg.errors import Bruksfeil, KonsregFeil

app = typer.Typer(help="Les tabeller og filer inn i registeret.", no_args_is_help=True)


class Bokstav(StrEnum):
    a = "a"
    b = "b"
    c = "c"


def les_tekst(fil: str, encoding: str) -> tuple[str, str]:
    """The text of FIL (or stdin for `-`), and the name to use in messages."""
    if fil == "-":
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        navn = "<stdin>"
    else:
        sti = Path(fil).expanduser()
        if not sti.is_file():
            raise KonsregFeil(f"Finner ikke filen {sti}.")
        try:
            data = sti.read_bytes()
        except OSError as feil:
            raise KonsregFeil(f"Kan ikke lese {sti}: {feil.strerror}.") from None
        navn = str(fil)
    if isinstance(data, str):
        return data, navn
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    try:
        return data.decode(encoding), navn
    except LookupError:
        raise Bruksfeil(f"Ukjent tegnsett «{encoding}»; bruk f.eks. utf-8 eller cp1252.") from None
    except UnicodeDecodeError as feil:
        linje = data[: feil.start].count(b"\n") + 1
        raise KonsregFeil(
            f"{navn}:{linje}: teksten er ikke {encoding}; prøv --encoding cp1252 "
            "(eldre Excel/Word-filer)."
        ) from None


@app.command("vedlegg")
def vedlegg(
    bokstav: Annotated[Bokstav, typer.Argument(help="a, b eller c.")],
    fil: Annotated[str, typer.Argument(help="Filen med tabellen, eller - for stdin.")],
    ar: Annotated[
        str | None,
        typer.Option(
            "--ar",
            "--år",
            help="Konsultasjonsåret tabellen gjelder (standard: i år).",
            show_default=False,
        ),
    ] = None,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="Datoen vedlegg c gjelder (standard: siste dag i måneden "
            "tittelen nevner, ellers i dag).",
            show_default=False,
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="Tegnsett (utf-8-sig; cp1252 for eldre filer).")
    ] = "utf-8-sig",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Sjekk og rapporter, men lagre ingenting.")
    ] = False,
    av: AvValg = None,
) -> None:
    """Les et vedlegg slik det står i et møtemateriale (kopiert ut av Word eller PDF).

    Tabellen er tabulatorseparert: overskriftsrad, departementets fulle navn og tittelen i
    samme Sak-celle, «2022 (første gang)», kategorirader (også med markering som <b>…</b>),
    blanke linjer fra sideskift, parter som trykt og datoer dd.mm.åååå. Saker og avtaler
    som finnes fra før (samme departement og tittel; samme tittel og inngått-dato),
    oppdateres. Feil rapporteres med linjenummer, alle sammen, og da lagres ingenting.
    """
    from konsreg import db, register
    from konsreg.dates import parse_ar, parse_dato
    from konsreg.errors import Valideringsfeil
    from konsreg.lesere import les_vedlegg

    tekst, navn = les_tekst(fil, encoding)
    arstall = parse_ar(ar, felt="--ar") if ar else date.today().year
    engine = tilstand().engine()
    with db.les(engine) as session:
        deps = register.last_departementer(session=session)
    lest = les_vedlegg(tekst, bokstav=bokstav.value, deps=deps, kilde=navn)
    if lest.feil:
        raise Valideringsfeil(f"{len(lest.feil)} feil i {navn}; ingenting er lagret.", lest.feil)
    if not lest.saker and not lest.avtaler:
        raise KonsregFeil(f"Fant ingen rader i {navn}; er det riktig vedlegg ({bokstav.value})?")
    advarsler: list[str] = []
    with db.skriv(engine) as session:
        if bokstav.value in ("a", "b"):
            resultat = register.importer_vedlegg_saker(
                session=session,
                type="kostnadsberegning" if bokstav.value == "a" else "lovmedvirkning",
                ar=arstall,
                rader=lest.saker,
                av=bruker(av),
                advarsler=advarsler,
                kilde=navn,
            )
        else:
            dag = parse_dato(per) if per else (lest.per or date.today())
            resultat = register.importer_vedlegg_avtaler(
                session=session,
                per=dag,
                rader=lest.avtaler,
                av=bruker(av),
                advarsler=advarsler,
                kilde=navn,
            )
        if dry_run:
            session.rollback()
    advar(advarsler)
    forbehold = " (--dry-run: ingenting er lagret)" if dry_run else ""
    melding(f"Vedlegg {bokstav.value}: {resultat.tekst()}{forbehold}.")
