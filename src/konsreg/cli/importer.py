"""`konsreg import ...`: read tables into the register, all rows or none."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import sys
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from konsreg.cli.felles import AvValg, advar, bruker, melding, tilstand
from konsreg.errors import Bruksfeil, KonsregFeil

app = typer.Typer(help="Les tabeller og filer inn i registeret.", no_args_is_help=True)


class Bokstav(StrEnum):
    a = "a"
    b = "b"
    c = "c"


def les_tekst(fil: str, encoding: str) -> tuple[str, str]:
    """The text of FIL (a file, a pipe or FIFO, or stdin for `-`), and the name to use in
    messages. Read whole, so at most `poster.GRENSE_VEDLEGG` bytes: a pasted appendix is
    a few hundred lines, and a mistaken multi-gigabyte file must not fill memory."""
    from konsreg.errors import os_feil
    from konsreg.poster import GRENSE_VEDLEGG, apne_fil, storrelse

    if fil == "-":
        strom: Any = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else sys.stdin
        navn = "<stdin>"
    else:
        strom, _ = apne_fil(fil)
        navn = str(fil)
    try:
        data = strom.read(GRENSE_VEDLEGG + 1)
    except OSError as feil:
        raise os_feil(feil, navn) from None
    finally:
        if fil != "-":
            strom.close()
    if len(data) > GRENSE_VEDLEGG:
        raise KonsregFeil(
            f"{navn} er større enn {storrelse(GRENSE_VEDLEGG)}, som er grensen for et vedlegg; "
            "er det riktig fil?"
        )
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
    from konsreg.errors import Valideringsfeil
    from konsreg.lesere import les_vedlegg
    from konsreg.regler.datoer import parse_ar, parse_dato

    tekst, navn = les_tekst(fil, encoding)
    arstall = parse_ar(ar, felt="--ar") if ar else date.today().year
    engine = tilstand().engine()
    with db.les(engine) as session:
        deps = register.last_departementer(session=session)
    lest = les_vedlegg(tekst, bokstav=bokstav.value, deps=deps, kilde=navn, ar=arstall)
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


class Konflikt(StrEnum):
    feil = "feil"
    hopp_over = "hopp-over"
    oppdater = "oppdater"


class PostFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"


FilArg = Annotated[str, typer.Argument(help="Filen, eller - for stdin.")]
PostFormatValg = Annotated[
    PostFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="csv, tsv, json eller jsonl (standard: fra filendelsen; fra stdin gjettes det).",
        case_sensitive=False,
    ),
]
SkilleValg = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        "-d",
        help="Skilletegnet i CSV: ';', ',' eller tab (standard: gjettes fra overskriftsraden).",
        show_default=False,
    ),
]
EncodingValg = Annotated[
    str,
    typer.Option(
        "--encoding",
        help="Tegnsett: utf-8-sig (standard, med eller uten BOM), utf-16, cp1252 (eldre Excel).",
    ),
]
KonfliktValg = Annotated[
    Konflikt,
    typer.Option(
        "--ved-konflikt",
        help="Når en post finnes fra før: feil (standard), hopp-over eller oppdater.",
        case_sensitive=False,
    ),
]
UkjenteValg = Annotated[
    bool, typer.Option("--ignorer-ukjente", help="Hopp over kolonner registeret ikke kjenner.")
]
TorrValg = Annotated[bool, typer.Option("--dry-run", help="Sjekk alt, men lagre ingenting.")]
StilleValg = Annotated[bool, typer.Option("--quiet", "-q", help="Ingen oppsummering.")]
JsonValg = Annotated[bool, typer.Option("--json", help="Oppsummeringen som JSON på stdout.")]


def _importer(
    hva: str,
    fil: str,
    format: PostFormat | None,
    delimiter: str | None,
    encoding: str,
    ved_konflikt: Konflikt,
    ignorer_ukjente: bool,
    dry_run: bool,
    quiet: bool,
    som_json: bool,
    av: str | None,
    tillat_hull: bool = False,
) -> None:
    import json
    from contextlib import ExitStack

    from konsreg import db, poster, register

    kilde = poster.apne(fil)
    kjente = poster.SAK_KOLONNER if hva == "saker" else poster.AVTALE_KOLONNER
    engine = tilstand().engine()
    advarsler: list[str] = []
    with ExitStack() as stakk:
        if kilde.strom is not sys.stdin.buffer:
            stakk.callback(kilde.strom.close)
        _, rader, teller = poster.les_poster(
            kilde,
            fmt=format.value if format else None,
            kjente=kjente,
            encoding=encoding,
            delimiter=delimiter,
            ignorer_ukjente=ignorer_ukjente,
        )
        fremdrift = _fremdrift(stakk, kilde.storrelse, teller, quiet)
        with db.skriv(engine) as session:
            felles: dict[str, Any] = {
                "session": session,
                "rader": rader,
                "konflikt": ved_konflikt.value,
                "av": bruker(av),
                "kilde": kilde.navn,
                "advarsler": advarsler,
                "fremdrift": fremdrift,
            }
            if hva == "saker":
                resultat = register.importer_saker(**felles, tillat_hull=tillat_hull)
            else:
                resultat = register.importer_avtaler(**felles)
            if dry_run:
                session.rollback()
    if not quiet:
        advar(advarsler)
    if som_json:
        data = {"hva": hva, **resultat.som_dict(), "lagret": not dry_run}
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif not quiet:
        forbehold = " (--dry-run: ingenting er lagret)" if dry_run else ""
        melding(f"{hva.capitalize()}: {resultat.tekst_poster()}{forbehold}.")


def _fremdrift(stakk: Any, storrelse: int | None, teller: Any, quiet: bool) -> Any:
    """A progress bar on stderr for large files at a terminal; nothing in a pipe."""
    if quiet or not storrelse or storrelse < (1 << 20) or not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    from konsreg.cli.felles import konsoll

    progress = stakk.enter_context(Progress(console=konsoll(stderr=True), transient=True))
    oppgave = progress.add_task("Leser", total=storrelse)

    def oppdater(_antall: int) -> None:
        progress.update(oppgave, completed=teller.lest)

    return oppdater


@app.command("saker")
def saker(
    fil: FilArg,
    format: PostFormatValg = None,
    delimiter: SkilleValg = None,
    encoding: EncodingValg = "utf-8-sig",
    ved_konflikt: KonfliktValg = Konflikt.feil,
    ignorer_ukjente: UkjenteValg = False,
    dry_run: TorrValg = False,
    quiet: StilleValg = False,
    json: JsonValg = False,
    av: AvValg = None,
    tillat_hull: Annotated[
        bool,
        typer.Option(
            "--tillat-hull",
            help="Ingen advarsel når saksnumre i filen lager hull i et års nummerrekke.",
        ),
    ] = False,
) -> None:
    """Importer saker fra CSV, TSV, JSON eller JSONL (alle rader eller ingen).

    Kolonnene er feltnavnene fra «konsreg eksport saker» eller norske overskrifter (Sak,
    Tittel, Departement, Oppmeldt, Status, Meldt inn av, …). Hver rad sjekkes med de samme
    reglene som «sak ny» før noe lagres; feil rapporteres som FIL:LINJE: felt: melding, og
    da lagres ingenting (exit-kode 3). Nøkkel: saksnummer.
    """
    _importer(
        "saker",
        fil,
        format,
        delimiter,
        encoding,
        ved_konflikt,
        ignorer_ukjente,
        dry_run,
        quiet,
        json,
        av,
        tillat_hull,
    )


@app.command("avtaler")
def avtaler(
    fil: FilArg,
    format: PostFormatValg = None,
    delimiter: SkilleValg = None,
    encoding: EncodingValg = "utf-8-sig",
    ved_konflikt: KonfliktValg = Konflikt.feil,
    ignorer_ukjente: UkjenteValg = False,
    dry_run: TorrValg = False,
    quiet: StilleValg = False,
    json: JsonValg = False,
    av: AvValg = None,
) -> None:
    """Importer avtaler fra CSV, TSV, JSON eller JSONL (alle rader eller ingen).

    Kolonnene er feltnavnene fra «konsreg eksport avtaler» eller norske overskrifter
    (Tittel, Kategori, Parter, Inngått, Utløper, Første avtale inngått, …). Nøkkel: id, eller
    tittel og inngått der id mangler.
    """
    _importer(
        "avtaler",
        fil,
        format,
        delimiter,
        encoding,
        ved_konflikt,
        ignorer_ukjente,
        dry_run,
        quiet,
        json,
        av,
    )
