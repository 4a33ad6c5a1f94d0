"""The one error boundary: every failure reaches the user as one Norwegian line on stderr
with an exit code (1 refused, 2 wrong usage, 3 a file with bad rows), never a traceback
(KONSREG_DEBUG=1 shows one while developing). Also the state of each run: the root group
makes it and hands it to the commands through the click context (`ctx.obj`)."""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import os
import re
import sys
from collections.abc import Sequence
from typing import Any

import typer

from konsreg.cli.felles import Tilstand
from konsreg.cli.hjelp import NorskGruppe, plassholder
from konsreg.errors import KonsregFeil, Valideringsfeil
from konsreg.tekst import synlig


def _rotvalg(feil: Any, rot: Any, args: Sequence[str]) -> str | None:
    """An option of `konsreg` itself (`--db`, `--no-color`, `--version`) given after a
    command: where it goes instead, with the value the user gave."""
    import shlex

    navn, ctx = feil.option_name, getattr(feil, "ctx", None)
    valg = next((p for p in getattr(rot, "params", []) if navn in p.opts), None)
    if valg is None or ctx is None or ctx.parent is None:
        return None
    verdi = ""
    if not getattr(valg, "is_flag", False):
        for i, arg in enumerate(args):
            if arg == navn and i + 1 < len(args):
                verdi = " " + shlex.quote(args[i + 1])
            elif arg.startswith(navn + "="):
                verdi = " " + shlex.quote(arg.partition("=")[2])
    # `--version` ends the run: no command after it.
    kommando = "" if valg.is_eager else " " + " ".join(ctx.command_path.split()[1:]) + " …"
    rett = f"konsreg {navn}{verdi}{kommando}"
    return f"{navn} er et valg til konsreg selv og skrives før kommandoen: {rett}"


def _navn(param: Any) -> str:
    """An option by its long name (`--grense`), an argument by its placeholder (`NR`)."""
    if param.param_type_name == "argument":
        return plassholder(param)
    return max(param.opts, key=len)


def _valgene(tekst: str) -> str:
    """Click's choice list `'a', 'b', 'c'` as Norwegian writes it: a, b eller c."""
    valg = re.findall(r"'(.*?)'", tekst)
    return ", ".join(valg[:-1]) + " eller " + valg[-1] if len(valg) > 1 else tekst


def _norsk_bruksfeil(feil: Any, rot: Any = None, args: Sequence[str] = ()) -> str:
    """Click's usage errors, said in Norwegian."""
    from typer._click import exceptions as ce

    kommando = feil.ctx.command_path if getattr(feil, "ctx", None) else "konsreg"
    hjelp = f" Se «{kommando} --help»."
    if isinstance(feil, ce.NoSuchOption) and (rett := _rotvalg(feil, rot, args)):
        return rett
    if isinstance(feil, ce.NoSuchOption):
        forslag = ""
        # Click suggests --help for anything starting with -h or --he; no one meant it.
        mulige = sorted(set(feil.possibilities or ()) - {"--help", "-h"})
        if mulige:
            forslag = f" Mente du {' eller '.join(mulige)}?"
        return f"Ukjent valg «{feil.option_name}».{forslag}{hjelp}"
    if isinstance(feil, ce.MissingParameter):
        if feil.param is None:
            return f"Mangler {feil.param_hint or 'en verdi'}.{hjelp}"
        hva = "argumentet" if feil.param.param_type_name == "argument" else "valget"
        # What it is, from its help: "Mangler argumentet NR (saksnummeret, f.eks. 2026/3)."
        om = (getattr(feil.param, "help", None) or "").strip().rstrip(".")
        om = f" ({om[:1].lower()}{om[1:]})" if om else ""
        return f"Mangler {hva} {_navn(feil.param)}{om}.{hjelp}"
    if isinstance(feil, ce.BadParameter):
        if feil.param is not None:
            hint = _navn(feil.param)
        elif isinstance(feil.param_hint, list | tuple):
            hint = " / ".join(feil.param_hint)
        else:
            hint = str(feil.param_hint or "verdien")
        melding = feil.message
        if m := re.search(r"'(.*)' is not a valid integer", melding):
            melding = f"«{m[1]}» er ikke et heltall"
        elif melding.startswith("Input should be a valid integer"):
            melding = "må være et heltall"  # Typer's own parser names no value
        elif m := re.search(r"Input should be greater than or equal to (\S+)", melding):
            melding = f"må være {m[1]} eller mer"
        elif m := re.search(r"Input should be less than or equal to (\S+)", melding):
            melding = f"må være {m[1]} eller mindre"
        elif m := re.search(r"'(.*)' is not one of (.*)\.?$", melding):
            melding = f"«{m[1]}» er ikke et av valgene {_valgene(m[2])}"
        elif m := re.search(r"'(.*)' is not (a valid )?(.*)", melding):
            melding = f"«{m[1]}» er ugyldig"
        return f"Ugyldig verdi for {hint}: {melding}.{hjelp}"
    if isinstance(feil, ce.BadOptionUsage):
        if m := re.search(r"Option '(.*)' requires (an argument|(\d+) arguments)", feil.message):
            verdi = f"{m[3]} verdier" if m[3] else "en verdi"
            return f"Valget {m[1]} trenger {verdi}.{hjelp}"
        if m := re.search(r"Option '(.*)' does not take a value", feil.message):
            return f"Valget {m[1]} tar ingen verdi.{hjelp}"
        return f"Feil bruk av {feil.option_name}.{hjelp}"
    tekst = feil.message
    if m := re.search(r"No such command '(.*?)'", tekst):
        # Typer appends "Did you mean 'avslutt'?" for a near miss.
        kandidater = re.findall(r"'(.*?)'", tekst.partition("Did you mean")[2])
        mente = f" Mente du {' eller '.join(kandidater)}?" if kandidater else ""
        return f"Ukjent kommando «{m[1]}».{mente}{hjelp}"
    if m := re.search(r"unexpected extra argument(?:s|\(s\))? \((.*)\)", tekst):
        return f"Uventet argument «{m[1]}».{hjelp}"
    if m := re.search(r"Argument '(.*)' takes (\d+) values", tekst):
        return f"Argumentet {m[1].upper()} tar {m[2]} verdier.{hjelp}"
    if "Missing command" in tekst:
        return f"Mangler en kommando.{hjelp}"
    return f"Feil bruk: {tekst}{hjelp}"


def _linje(tekst: str) -> None:
    """One line for the person on stderr, control characters shown as escapes, so a
    value from a file or a title cannot act on the terminal (`\\x1b]0;…`) or start a
    line of its own. No password masking here: a URL is only ever shown through
    db.vis_url, and a driver's words holding a secret are dropped where they are put
    into a message (replacing the password's text everywhere revealed it: "kont***kt")."""
    sys.stderr.write(synlig(tekst) + "\n")


# The exit code of a command stopped with Ctrl-C (128 + SIGINT, as shells report it);
# konsreg gives it for nothing else.
_AVBRUTT = 130


def _feil(tekst: str, kode: int) -> int:
    _linje(f"Feil: {tekst}")
    return kode


class KonsregGroup(NorskGruppe):
    """The root group: runs the command and turns every failure into a line on stderr."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            kode = self._kjor(args, prog_name, complete_var, **extra)
        except KeyboardInterrupt:
            # Ctrl-C outside Typer's own handling (before the command, or while the
            # register is closed in `_kjor`'s finally: a traceback otherwise). What was
            # committed stays.
            kode = _feil("Avbrutt.", _AVBRUTT)
        if standalone_mode:
            sys.exit(kode)
        return kode

    def _kjor(self, args: Any, prog_name: Any, complete_var: Any, **extra: Any) -> int:
        from typer._click import exceptions as ce

        tilstand = extra.setdefault("obj", Tilstand())
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "konsreg",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            if rv == _AVBRUTT:
                # Typer turns Ctrl-C during a command into a silent exit 130; say it, as
                # for Ctrl-C anywhere else.
                return _feil("Avbrutt.", _AVBRUTT)
            return rv if isinstance(rv, int) else 0
        except Valideringsfeil as feil:
            from konsreg.render.meldinger import med_fil, med_rad

            for i, linje in enumerate(feil.linjer):
                _linje(med_rad(linje, feil.grunner.get(i)))
            return _feil(med_fil(feil.melding, feil.grunner.values()), feil.exit_code)
        except KonsregFeil as feil:
            return _feil(feil.melding, feil.exit_code)
        except ce.NoArgsIsHelpError as feil:
            # The error was built from ctx.get_help(): rich help has printed itself
            # then (message empty), plain help is the message. Asking again printed
            # the rich help twice.
            if feil.message:
                sys.stderr.write(feil.message + "\n")
            return 2
        except ce.UsageError as feil:
            return _feil(_norsk_bruksfeil(feil, self, sys.argv[1:] if args is None else args), 2)
        except typer.Abort:
            return _feil("Avbrutt.", 1)
        except BrokenPipeError:
            # The reader of a pipe went away (`| head`); not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return 1
        except Exception as feil:
            if os.environ.get("KONSREG_DEBUG"):
                raise
            return _feil(_uventet(feil, tilstand), 1)
        finally:
            tilstand.lukk()


def _uventet(feil: Exception, tilstand: Tilstand) -> str:
    from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

    from konsreg.db import driver_tekst, oversett_operasjonsfeil
    from konsreg.errors import os_feil

    url = tilstand.url_hvis_kjent()
    if isinstance(feil, IntegrityError):
        return "Endringen bryter med det registeret allerede har (duplikat); ingenting er lagret."
    if isinstance(feil, DBAPIError | SQLAlchemyError):
        return oversett_operasjonsfeil(feil, url).melding
    if isinstance(feil, OSError):
        return os_feil(feil).melding
    # The exception's own words, unless they hold the password: then only its kind.
    tekst = driver_tekst(feil, url)
    hva = type(feil).__name__ + (f": {tekst}" if tekst and str(feil).strip() else "")
    return (
        f"Uventet feil ({hva}). Ingenting er lagret. "
        "Kjør med KONSREG_DEBUG=1 for detaljer, og meld feilen."
    )


def _uleselig(verdi: str) -> bool:
    """Python decodes argv and the environment with surrogateescape: bytes that are not
    UTF-8 come through as lone surrogates, which cannot be printed or stored."""
    return any("\ud800" <= t <= "\udfff" for t in verdi)


def _med_bytes(verdi: str) -> str:
    """The value with its undecodable bytes shown as \\xff, quoted for a message."""
    from konsreg.tekst import sitat

    try:
        vist = verdi.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        vist = verdi.encode("utf-8", "backslashreplace").decode("ascii")
    return sitat(vist)


# Environment values the register reads as text (a path or a URL).
MILJO = ("KONSREG_DB", "KONSREG_DATABASE_URL")


def sjekk_inndata(argv: Sequence[str], miljo: Any) -> str | None:
    """Why the command line or the environment cannot be used (not UTF-8), or None."""
    for nr, arg in enumerate(argv, start=1):
        if _uleselig(arg):
            return (
                f"Argument {nr} på kommandolinjen, {_med_bytes(arg)}, er ikke gyldig UTF-8; "
                "skriv det på nytt i UTF-8 (sjekk terminalens tegnsett)."
            )
    for navn in MILJO:
        verdi = miljo.get(navn)
        if verdi is not None and _uleselig(verdi):
            return (
                f"Miljøvariabelen {navn}, {_med_bytes(verdi)}, er ikke gyldig UTF-8; "
                "sett den på nytt i UTF-8."
            )
    return None
