"""`konsreg import ...`: read tables into the register, all rows or none."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import sys
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

import typer

from konsreg.cli.felles import AvValg, advar, bruker, frys_det_lastede, melding, tilstand
from konsreg.cli.hjelp import NorskTyper
from konsreg.errors import KonsregFeil
from konsreg.register import klokke
from konsreg.regler.begreper import Konfliktmodus

app = NorskTyper(help="Les tabeller og filer inn i registeret.", no_args_is_help=True)


class Bokstav(StrEnum):
    a = "a"
    b = "b"
    c = "c"


VedleggArValg = Annotated[
    str | None,
    typer.Option(
        "--ar",
        "--år",
        metavar="ÅR",
        help="Konsultasjonsåret tabellen gjelder (standard: i år).",
        show_default=False,
    ),
]
PerValg = Annotated[
    str | None,
    typer.Option(
        "--per",
        metavar="DATO",
        help="Datoen vedlegg c gjelder, eller en måned (siste dag i den) (standard: siste dag "
        "i måneden tittelen nevner, ellers i dag).",
        show_default=False,
    ),
]
VedleggEncodingValg = Annotated[
    str,
    typer.Option(
        "--encoding", metavar="TEGNSETT", help="Tegnsett (utf-8-sig; cp1252 for eldre filer)."
    ),
]


@app.command("vedlegg", short_help="Les et vedlegg slik det står i et møtemateriale.")
def vedlegg(
    bokstav: Annotated[Bokstav, typer.Argument(metavar="BOKSTAV", help="a, b eller c.")],
    fil: Annotated[
        str, typer.Argument(metavar="FIL", help="Filen med tabellen, eller - for stdin.")
    ],
    ar: VedleggArValg = None,
    per: PerValg = None,
    encoding: VedleggEncodingValg = "utf-8-sig",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Sjekk og rapporter, men lagre ingenting.")
    ] = False,
    av: AvValg = None,
) -> None:
    """Les et vedlegg slik det står i et møtemateriale (kopiert ut av Word eller PDF).

    Tabellen er tabulatorseparert: overskriftsrad, departementets fulle navn og tittelen i
    samme Sak-celle, «2022 (første gang)», kategorirader (også med markering som <b>…</b>),
    blanke linjer fra sideskift, parter som trykt og datoer dd.mm.åååå. Saker og avtaler
    som finnes fra før (samme departement, tittel og oppmeldt-år; samme tittel og
    inngått-dato), oppdateres. Feil rapporteres med linjenummer, alle sammen, og da lagres
    ingenting.
    """
    from konsreg import db
    from konsreg.cli.felles import per as per_
    from konsreg.register.importer import vedlegg as importer
    from konsreg.regler.datoer import parse_ar
    from konsreg.regler.vedlegg import SAKSTYPE
    from konsreg.render.meldinger import vedleggsresultat

    arstall = parse_ar(ar, felt="--ar") if ar else klokke.i_dag().year
    lest, navn = _les_vedlegg(fil, encoding, bokstav.value, arstall)
    advarsler: list[Any] = []
    with db.skriveokt(tilstand().engine()) as session:
        if bokstav.value in SAKSTYPE:
            resultat = importer.importer_saker(
                session=session,
                type=SAKSTYPE[bokstav.value],
                ar=arstall,
                rader=lest.saker,
                av=bruker(av),
                advarsler=advarsler,
                kilde=navn,
            )
        else:
            resultat = importer.importer_avtaler(
                session=session,
                per=per_(per) or lest.per or klokke.i_dag(),
                rader=lest.avtaler,
                av=bruker(av),
                advarsler=advarsler,
                kilde=navn,
            )
        if dry_run:
            session.rollback()
    advar(advarsler)
    forbehold = " (--dry-run: ingenting er lagret)" if dry_run else ""
    tekst = vedleggsresultat(
        resultat.nye, resultat.oppdatert, resultat.uendret, resultat.nye_kategorier
    )
    melding(f"Vedlegg {bokstav.value}: {tekst}{forbehold}.")


def _les_vedlegg(fil: str, encoding: str, bokstav: str, ar: int) -> tuple[Any, str]:
    """The rows of the table in FIL, all of them good (else every bad line is refused)."""
    from konsreg import db
    from konsreg.errors import Valideringsfeil
    from konsreg.lesere.kilde import les_hele
    from konsreg.lesere.vedlegg import les_vedlegg
    from konsreg.register.departementer import last_departementer

    tekst, navn = les_hele(fil, encoding)
    with db.leseokt(tilstand().engine()) as session:
        deps = last_departementer(session=session)
    lest = les_vedlegg(tekst, bokstav=bokstav, deps=deps, kilde=navn, ar=ar)
    if lest.feil:
        raise Valideringsfeil(f"{len(lest.feil)} feil i {navn}; ingenting er lagret.", lest.feil)
    if not lest.saker and not lest.avtaler:
        raise KonsregFeil(f"Fant ingen rader i {navn}; er det riktig vedlegg ({bokstav})?")
    return lest, navn


FilArg = Annotated[str, typer.Argument(metavar="FIL", help="Filen, eller - for stdin.")]


class Innformat(StrEnum):
    """What `import saker|avtaler` reads: the text formats, and an Excel workbook."""

    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    xlsx = "xlsx"


PostFormatValg = Annotated[
    Innformat | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="csv, tsv, json, jsonl eller xlsx (standard: fra filendelsen; ellers gjettes det "
        "fra innholdet).",
        case_sensitive=False,
        show_default=False,
    ),
]
ArkValg = Annotated[
    str | None,
    typer.Option(
        "--ark",
        metavar="NAVN",
        help="Arket som skal leses i en Excel-arbeidsbok (standard: det første).",
        show_default=False,
    ),
]
SkilleValg = Annotated[
    str | None,
    typer.Option(
        "--delimiter",
        "-d",
        metavar="TEGN",
        help="Skilletegnet i CSV: ';', ',' eller tab (standard: gjettes fra overskriftsraden).",
        show_default=False,
    ),
]
EncodingValg = Annotated[
    str,
    typer.Option(
        "--encoding",
        metavar="TEGNSETT",
        help="Tegnsett: utf-8-sig (standard, med eller uten BOM), utf-16, cp1252 (eldre Excel).",
    ),
]
KonfliktValg = Annotated[
    Konfliktmodus,
    typer.Option(
        "--ved-konflikt",
        metavar="HANDLING",
        help="Når en post finnes fra før: feil (standard), hopp-over, oppdater (bare kolonnene "
        "filen har; stopper hvis en kollega har endret posten etter filens «endret») eller "
        "overskriv (oppdater også da).",
        case_sensitive=False,
    ),
]
UkjenteValg = Annotated[
    bool, typer.Option("--ignorer-ukjente", help="Hopp over kolonner registeret ikke kjenner.")
]
TorrValg = Annotated[bool, typer.Option("--dry-run", help="Sjekk alt, men lagre ingenting.")]
StilleValg = Annotated[bool, typer.Option("--quiet", "-q", help="Ingen oppsummering.")]
JsonValg = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Oppsummeringen som JSON på stdout, med hver rad i «poster»: linje, handling "
        "(ny, oppdatert, uendret, hoppet_over), nummeret og endrede felt med gammel og ny verdi.",
    ),
]


@dataclass(frozen=True)
class Importvalg:
    """The options `import saker` and `import avtaler` share."""

    fil: str
    format: Innformat | None
    delimiter: str | None
    encoding: str
    ved_konflikt: Konfliktmodus
    ignorer_ukjente: bool
    dry_run: bool
    quiet: bool
    json: bool
    av: str | None
    ark: str | None = None


def _importer(hva: str, valg: Importvalg, **ekstra: Any) -> None:
    from contextlib import ExitStack

    from konsreg import db
    from konsreg.lesere import kilde, kolonner, poster
    from konsreg.register.importer import avtaler, saker

    apnet = kilde.apne_kilde(valg.fil)
    advarsler: list[Any] = []
    with ExitStack() as stakk:
        logg = _Postlogg(stakk) if valg.json else None
        if apnet.strom is not sys.stdin.buffer:
            stakk.callback(apnet.strom.close)
        lest = poster.les_poster(
            apnet,
            fmt=valg.format.value if valg.format else None,
            kjente=kolonner.SAK_KOLONNER if hva == "saker" else kolonner.AVTALE_KOLONNER,
            encoding=valg.encoding,
            delimiter=valg.delimiter,
            ignorer_ukjente=valg.ignorer_ukjente,
            ark=valg.ark,
        )
        modul = saker if hva == "saker" else avtaler
        with db.skriveokt(tilstand().engine()) as session:
            frys_det_lastede(
                bare_nye=valg.ved_konflikt in (Konfliktmodus.feil, Konfliktmodus.hopp_over)
            )
            resultat = modul.importer(
                session=session,
                rader=lest.rader,
                konflikt=valg.ved_konflikt,
                av=bruker(valg.av),
                kilde=lest.navn,
                advarsler=advarsler,
                fremdrift=_fremdrift(stakk, apnet.storrelse, lest.teller, valg.quiet),
                poster=logg.skriv if logg else None,
                **ekstra,
            )
            if valg.dry_run:
                session.rollback()
        _oppsummer(hva, resultat, advarsler, valg, logg)


class _Postlogg:
    """The rows of `--json`'s «poster», one JSON object a line, kept in a temporary file
    past 1 MB: a million rows never sit in memory, and nothing reaches stdout before the
    import has succeeded."""

    def __init__(self, stakk: Any) -> None:
        import tempfile

        # Closed by the caller's stack, when the summary is written.
        fil = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")  # noqa: SIM115
        self.fil = stakk.enter_context(fil)
        self.antall = 0

    def skriv(self, post: Any, hva: str | None = None) -> None:
        """One row; `hva` is its kind in a file of several (`import alt`)."""
        import json

        from konsreg.render.felt import json_verdi

        data: dict[str, Any] = {"linje": post.linje}
        if hva is not None:
            data["post"] = hva
        data.update({"handling": post.handling, post.nokkelfelt: post.handle})
        if post.endringer:
            data["endringer"] = {
                felt: {"gammel": json_verdi(gammel), "ny": json_verdi(ny)}
                for felt, (gammel, ny) in post.endringer.items()
            }
        self.fil.write((",\n" if self.antall else "\n") + json.dumps(data, ensure_ascii=False))
        self.antall += 1

    def til(self, ut: Any) -> None:
        import shutil

        self.fil.seek(0)
        shutil.copyfileobj(self.fil, ut)


def _oppsummer(
    hva: str, resultat: Any, advarsler: list[Any], valg: Importvalg, logg: _Postlogg | None
) -> None:
    import json

    from konsreg.render.meldinger import importresultat

    if not valg.quiet:
        advar(advarsler)
    if logg is not None:
        data = {"hva": hva, **resultat.som_dict(), "lagret": not valg.dry_run}
        # The summary, then the rows: `"poster": [` closes the object's first line.
        sys.stdout.write(json.dumps(data, ensure_ascii=False)[:-1] + ', "poster": [')
        logg.til(sys.stdout)
        sys.stdout.write("\n]}\n" if logg.antall else "]}\n")
        sys.stdout.flush()
    elif not valg.quiet:
        forbehold = " (--dry-run: ingenting er lagret)" if valg.dry_run else ""
        tekst = importresultat(
            resultat.nye, resultat.oppdatert, resultat.hoppet_over, resultat.uendret
        )
        melding(f"{hva.capitalize()}: {tekst}{forbehold}.")


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


@app.command("saker", short_help="Importer saker fra en fil (alle rader eller ingen).")
def saker(
    fil: FilArg,
    format: PostFormatValg = None,
    delimiter: SkilleValg = None,
    encoding: EncodingValg = "utf-8-sig",
    ved_konflikt: KonfliktValg = Konfliktmodus.feil,
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
    ark: ArkValg = None,
) -> None:
    """Importer saker fra CSV, TSV, JSON, JSONL eller Excel (xlsx) (alle rader eller ingen).

    Kolonnene er feltnavnene fra «konsreg eksport saker» eller norske overskrifter (Sak,
    Tittel, Departement, Oppmeldt, Status, Meldt inn av, …). Hver rad sjekkes med de samme
    reglene som «sak ny» før noe lagres; feil rapporteres som FIL:LINJE: felt: melding, og
    da lagres ingenting (exit-kode 3). Nøkkel: saksnummer.

    Tom inndata (ikke engang en overskriftsrad) er en feil (exit-kode 3); en overskriftsrad
    alene er 0 rader.

    En Excel-arbeidsbok (.xlsx) leses fra det første arket (eller --ark NAVN), med
    overskriftsraden øverst; feil nevnes som FIL:ARK:RAD.
    """
    valg = Importvalg(
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
        ark,
    )
    _importer("saker", valg, tillat_hull=tillat_hull)


@app.command("avtaler", short_help="Importer avtaler fra en fil (alle rader eller ingen).")
def avtaler(
    fil: FilArg,
    format: PostFormatValg = None,
    delimiter: SkilleValg = None,
    encoding: EncodingValg = "utf-8-sig",
    ved_konflikt: KonfliktValg = Konfliktmodus.feil,
    ignorer_ukjente: UkjenteValg = False,
    dry_run: TorrValg = False,
    quiet: StilleValg = False,
    json: JsonValg = False,
    av: AvValg = None,
    ark: ArkValg = None,
) -> None:
    """Importer avtaler fra CSV, TSV, JSON, JSONL eller Excel (xlsx) (alle rader eller ingen).

    Kolonnene er feltnavnene fra «konsreg eksport avtaler» eller norske overskrifter
    (Tittel, Kategori, Parter, Inngått, Utløper, Første avtale inngått, …). Nøkkel: id, eller
    tittel og inngått der id mangler.

    Tom inndata (ikke engang en overskriftsrad) er en feil (exit-kode 3); en overskriftsrad
    alene er 0 rader.

    En Excel-arbeidsbok (.xlsx) leses fra det første arket (eller --ark NAVN), med
    overskriftsraden øverst; feil nevnes som FIL:ARK:RAD.
    """
    valg = Importvalg(
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
        ark,
    )
    _importer("avtaler", valg)


@app.command("alt", short_help="Importer en fil fra «konsreg eksport alt».")
def alt(
    fil: FilArg,
    encoding: EncodingValg = "utf-8-sig",
    ved_konflikt: KonfliktValg = Konfliktmodus.feil,
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
    """Importer en JSONL-fil fra «konsreg eksport alt»: saker, avtaler, møter og punkter.

    Alt i én transaksjon (alle linjer eller ingen). Saker og avtaler leses som i «import
    saker|avtaler»; møter og punkter sjekkes med de samme reglene som «mote ny» og «punkt
    ny», og beholder id, nummer, plass og tidspunkter. Et punkts møte, sak og avtale må stå
    før punktet i filen (som i eksporten). Et møte registeret har fra før avvises
    (--ved-konflikt feil) eller hoppes over med punktene sine (hopp-over); et møte
    oppdateres aldri fra en fil (oppdater: et møte og punkter som er like filens, er
    uendret, ellers avvises de). Feil rapporteres som FIL:LINJE: felt: melding, og da
    lagres ingenting (exit-kode 3).
    """
    from contextlib import ExitStack

    from konsreg import db
    from konsreg.lesere import kilde, poster
    from konsreg.register.importer import alt as importer

    valg = Importvalg(
        fil, None, None, encoding, ved_konflikt, ignorer_ukjente, dry_run, quiet, json, av
    )
    apnet = kilde.apne_kilde(valg.fil)
    advarsler: list[Any] = []
    with ExitStack() as stakk:
        logg = _Postlogg(stakk) if valg.json else None
        if apnet.strom is not sys.stdin.buffer:
            stakk.callback(apnet.strom.close)
        rader, teller = poster.les_alt(
            apnet, encoding=valg.encoding, ignorer_ukjente=valg.ignorer_ukjente
        )
        with db.skriveokt(tilstand().engine()) as session:
            resultater = importer.importer(
                session=session,
                rader=rader,
                konflikt=valg.ved_konflikt,
                av=bruker(valg.av),
                kilde=apnet.navn,
                advarsler=advarsler,
                tillat_hull=tillat_hull,
                fremdrift=_fremdrift(stakk, apnet.storrelse, teller, valg.quiet),
                poster=(lambda hva, post: logg.skriv(post, hva)) if logg else None,
            )
            if valg.dry_run:
                session.rollback()
        _oppsummer_alt(resultater, advarsler, valg, logg)


# The kinds of `import alt` as the summary names them.
_ALT = {"sak": "saker", "avtale": "avtaler", "mote": "møter", "punkt": "punkter"}


def _oppsummer_alt(
    resultater: dict[str, Any], advarsler: list[Any], valg: Importvalg, logg: _Postlogg | None
) -> None:
    """One line per kind (`Møter: 1 nye, 0 oppdatert, 0 hoppet over.`), or `--json`'s
    object with a summary per kind and every row in «poster»."""
    import json

    from konsreg.render.meldinger import importresultat

    if not valg.quiet:
        advar(advarsler)
    if logg is not None:
        data: dict[str, Any] = {"hva": "alt"}
        for post, resultat in resultater.items():
            data[_ALT[post].replace("ø", "o")] = resultat.som_dict()
        data["lagret"] = not valg.dry_run
        sys.stdout.write(json.dumps(data, ensure_ascii=False)[:-1] + ', "poster": [')
        logg.til(sys.stdout)
        sys.stdout.write("\n]}\n" if logg.antall else "]}\n")
        sys.stdout.flush()
    elif not valg.quiet:
        forbehold = " (--dry-run: ingenting er lagret)" if valg.dry_run else ""
        for post, r in resultater.items():
            tekst = importresultat(r.nye, r.oppdatert, r.hoppet_over, r.uendret)
            melding(f"{_ALT[post].capitalize()}: {tekst}{forbehold}.")
