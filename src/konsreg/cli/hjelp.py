"""The help and the usage line in Norwegian: the classes every konsreg command is built
from (`NorskTyper` makes its groups `NorskGruppe` and its commands `NorskKommando`).

Click (the copy inside Typer) writes its own words in English: "Usage:", "Options",
"Show this message and exit.", "[default: ny]", "<str>". Its copy has no gettext any more,
and Typer's remaining `_()` would follow the user's locale, so a translation catalogue
installed for gettext could not make the help Norwegian for everyone. The words are said
here instead, where the help is built: the usage line, the sections, each option's line
and the list of commands. The usage *errors* are said in cli/grense.py.
"""

# No `from __future__ import annotations`: Typer would eval every annotation string at start-up.

import inspect
import re
from enum import Enum
from typing import Any

import typer
from typer._click.formatting import HelpFormatter, join_options
from typer.core import TyperCommand, TyperGroup

BRUK = "Bruk: "
VALG = "[VALG]"
KOMMANDO = "KOMMANDO [ARGUMENTER]..."

# Help texts Typer gives the options it adds itself, as konsreg says them.
TYPERS_HJELP = {
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
    "Install completion for the current shell.": "Installer fullføring for dette skallet.",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Vis fullføringen for dette skallet, for å kopiere den eller tilpasse installasjonen."
    ),
}
HJELPEN = TYPERS_HJELP["Show this message and exit."]


class NorskFormatter(HelpFormatter):
    """Click's formatter, with the usage line saying «Bruk:»."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, BRUK if prefix is None else prefix)


class NorskKontekst(typer.Context):
    formatter_class = NorskFormatter


def plassholder(param: Any) -> str:
    """What stands for a value in the help: the parameter's metavar (`NR`, `DATO`), else
    its own (Norwegian) name in capitals, never Typer's `<str>`."""
    navn = param.metavar or (param.name or "verdi").upper().replace("_", "-").strip("-")
    return navn + ("..." if param.nargs != 1 else "")


def _standard(param: Any, ctx: Any) -> str | None:
    """The default the help shows, if it shows one (as Typer decides that)."""
    if isinstance(param.show_default, str):
        return param.show_default
    if not (param.show_default or ctx.show_default):
        return None
    verdi = param.get_default(ctx, call=False)
    if callable(verdi):
        return "(beregnes)"
    if getattr(param, "is_bool_flag", False):
        # A flag names the side that is on by default (`--gjentakende / --ikke-…`).
        if not param.secondary_opts:
            return None
        return (param.opts if verdi else param.secondary_opts)[0].lstrip("-/")
    if verdi is None or verdi in ("", [], ()):
        return None
    if isinstance(verdi, list | tuple):
        return ", ".join(str(v.value if isinstance(v, Enum) else v) for v in verdi)
    return str(verdi.value if isinstance(verdi, Enum) else verdi)


def _grenser(param: Any) -> str | None:
    if getattr(param, "count", False):
        return None
    minst, hoyst = getattr(param, "min", None), getattr(param, "max", None)
    if minst is not None and hoyst is not None:
        return f"fra {minst} til {hoyst}"
    if minst is not None:
        return f"minst {minst}"
    if hoyst is not None:
        return f"høyst {hoyst}"
    return None


def hjelpelinje(param: Any, ctx: Any) -> tuple[str, str] | None:
    """An option's or argument's line in the help: its names and placeholder, its help,
    and in brackets its default, range and whether it is required."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        navn = plassholder(param)
    else:
        navn = join_options(param.opts)[0]
        if not param.is_flag and not param.count:
            navn += " " + plassholder(param)
        if param.secondary_opts:
            navn += " / " + join_options(param.secondary_opts)[0]
    tekst = TYPERS_HJELP.get(param.help or "", param.help or "")
    tillegg = []
    if (standard := _standard(param, ctx)) is not None:
        tillegg.append(f"standard: {standard}")
    if grenser := _grenser(param):
        tillegg.append(grenser)
    if param.required:
        tillegg.append("påkrevd")
    if tillegg:
        tekst = f"{tekst}  [{'; '.join(tillegg)}]" if tekst else f"[{'; '.join(tillegg)}]"
    return navn, tekst


# A full stop ends a sentence when a capital (or a quote) follows, outside brackets, and
# not after an abbreviation ("f.eks. A9", "jf. kapittel 5").
_FORKORTELSER = ("f.eks.", "bl.a.", "jf.", "nr.", "dvs.", "ca.", "mv.", "evt.", "kap.", "pkt.")


def forste_setning(tekst: str) -> str:
    """The first sentence of a help text, whole, on one line (the command list's short
    help: Click cut it at 45 characters, "… id-en (f.eks.")."""
    avsnitt = " ".join(tekst.partition("\n\n")[0].split())
    dybde = 0
    for i, tegn in enumerate(avsnitt):
        if tegn in "([":
            dybde += 1
        elif tegn in ")]":
            dybde = max(dybde - 1, 0)
        elif tegn == "." and dybde == 0:
            resten = avsnitt[i + 1 :]
            ord_ = avsnitt[: i + 1].rsplit(" ", 1)[-1].lower()
            if re.match(r" [A-ZÆØÅ«\"]", resten) and not ord_.endswith(_FORKORTELSER):
                return avsnitt[: i + 1]
    return avsnitt


class _Norsk:
    """What the Norwegian command and group share (a mixin before Typer's class)."""

    context_class: Any = NorskKontekst
    params: list[Any]
    help: str | None
    short_help: str | None

    def get_help_option(self, ctx: Any) -> Any:
        valg = super().get_help_option(ctx)  # type: ignore[misc]
        if valg is not None:
            valg.help = HJELPEN
        return valg

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return inspect.cleandoc(self.short_help)
        return forste_setning(inspect.cleandoc(self.help or ""))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """`[VALG]`, then the arguments by placeholder: `NR` when required, `[MØTE]` when not."""
        deler = [self.options_metavar] if self.options_metavar else []  # type: ignore[attr-defined]
        for param in self.params:
            if param.param_type_name == "argument":
                navn = plassholder(param)
                deler.append(navn if param.required else f"[{navn}]")
        return deler

    def format_options(self, ctx: Any, formatter: Any) -> None:
        argumenter: list[tuple[str, str]] = []
        valg: list[tuple[str, str]] = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            if (linje := hjelpelinje(param, ctx)) is not None:
                (argumenter if param.param_type_name == "argument" else valg).append(linje)
        if argumenter:
            with formatter.section("Argumenter"):
                formatter.write_dl(argumenter)
        if valg:
            with formatter.section("Valg"):
                formatter.write_dl(valg)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Click's parser raises some usage errors without the context ("requires an
        argument"): give it, so the message can name the command's own help."""
        from typer._click.exceptions import UsageError

        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as feil:
            if feil.ctx is None:
                feil.ctx, feil.cmd = ctx, ctx.command
            raise


def _norske_metavarer(kwargs: dict[str, Any]) -> dict[str, Any]:
    if kwargs.get("options_metavar") in (None, "[OPTIONS]"):
        kwargs["options_metavar"] = VALG
    return kwargs


class NorskKommando(_Norsk, TyperCommand):
    def __init__(self, name: str | None, **kwargs: Any) -> None:
        super().__init__(name, **_norske_metavarer(kwargs))


class NorskGruppe(_Norsk, TyperGroup):
    def __init__(self, **kwargs: Any) -> None:
        if kwargs.get("subcommand_metavar") is None:
            kwargs["subcommand_metavar"] = KOMMANDO
        super().__init__(**_norske_metavarer(kwargs))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [*super().collect_usage_pieces(ctx), self.subcommand_metavar]

    def format_options(self, ctx: Any, formatter: Any) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rader = []
        for navn in self.list_commands(ctx):
            kommando = self.get_command(ctx, navn)
            if kommando is not None and not kommando.hidden:
                rader.append((navn, kommando.get_short_help_str()))
        if rader:
            with formatter.section("Kommandoer"):
                formatter.write_dl(rader)


class NorskTyper(typer.Typer):
    """A Typer app whose groups and commands speak Norwegian in their help."""

    def __init__(self, *, cls: type[TyperGroup] | None = None, **kwargs: Any) -> None:
        super().__init__(cls=cls or NorskGruppe, **kwargs)

    def command(self, name: str | None = None, *, cls: Any = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or NorskKommando, **kwargs)
