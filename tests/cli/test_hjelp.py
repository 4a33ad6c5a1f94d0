"""The help and the usage errors in Norwegian (issue 15, item 2): no word of Click's own
reaches `--help` of any command, placeholders are Norwegian, the command lists show whole
sentences, and Click's usage errors are said in Norwegian."""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer

from konsreg.cli.hjelp import NorskGruppe, NorskKommando
from tests.conftest import Kjor
from tests.hjelp import bygg_kommandoen_en_gang, feil, ok  # noqa: F401  (autouse)

# -- Click's words --------------------------------------------------------------------

# Calls whose text reaches the user: gettext's (Click proper), and in Typer's copy of
# Click (no gettext) the messages of its exceptions, its output and its help options.
_OVERSATT = {"_", "gettext", "ngettext", "pgettext"}
_UTSKRIFT = {"fail", "echo", "secho", "write_usage", "section", "write_heading"}
_UNNTAK = ("Error", "Exception", "Parameter", "Option", "Usage", "Abort")
_NAVN = {"help", "message", "msg", "prefix", "hint", "suggest"}
_METAVARER = {"options_metavar", "subcommand_metavar"}

# Words of Click's catalogue konsreg's help may use: Norwegian words spelt the same
# (for, format, like, list, standard, terminal, to, type, var), a command's name
# (import), and names of files, formats, streams and shells (md, README, stdin, stdout,
# stderr, bash, zsh).
NORSKE_ORD = frozenset(
    {"for", "format", "like", "list", "standard", "terminal", "to", "type", "var", "import"}
    | {"md", "readme", "stdin", "stdout", "stderr", "bash", "zsh"}
)


def _tekster(node: ast.AST) -> Iterator[str]:
    """The literal text in an expression: strings, and the fixed parts of f-strings."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr | ast.BinOp | ast.IfExp | ast.BoolOp | ast.Call):
        for barn in ast.iter_child_nodes(node):
            yield from _tekster(barn)
    elif isinstance(node, ast.FormattedValue):
        yield from _tekster(node.value)


def _navn(uttrykk: ast.AST) -> str:
    if isinstance(uttrykk, ast.Name):
        return uttrykk.id
    return uttrykk.attr if isinstance(uttrykk, ast.Attribute) else ""


def _brukertekster(kilde: str) -> set[str]:
    """Click's user-facing strings in one module's source."""
    tekster: set[str] = set()
    for node in ast.walk(ast.parse(kilde)):
        if isinstance(node, ast.Call):
            kalt = _navn(node.func)
            if kalt in _OVERSATT or kalt in _UTSKRIFT or kalt.endswith(_UNNTAK):
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    tekster.update(_tekster(arg))
            for k in node.keywords:
                if k.arg in _NAVN | _METAVARER:
                    tekster.update(_tekster(k.value))
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            mal = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(_navn(m) in _NAVN | _METAVARER for m in mal):
                tekster.update(_tekster(node.value))
        elif isinstance(node, ast.arguments) and node.defaults:
            navn = [a.arg for a in node.args[-len(node.defaults) :]]
            for navn_, standard in zip(navn, node.defaults, strict=True):
                if navn_ in _NAVN | _METAVARER:
                    tekster.update(_tekster(standard))
    return tekster


@cache
def clicks_ord() -> frozenset[str]:
    """Every English word in the strings Click and Typer show a user, read from their
    source: Typer (and the copy of Click inside it, which konsreg runs), and Click's own
    gettext catalogue (its `_()` strings) when Click is installed."""
    filer = sorted(Path(typer.__file__).parent.glob("**/*.py"))
    spec = importlib.util.find_spec("click")
    if spec is not None and spec.origin is not None:
        filer += sorted(Path(spec.origin).parent.glob("*.py"))
    tekster = set().union(*(_brukertekster(f.read_text(encoding="utf-8")) for f in filer))
    return frozenset(o.lower() for t in tekster for o in re.findall(r"[A-Za-z]{2,}", t))


def test_katalogen_har_clicks_ord() -> None:
    # The reading of the source finds what it is for (else the test below proves nothing).
    forventet = {"usage", "options", "arguments", "commands", "show", "this", "message"}
    forventet |= {"exit", "default", "required", "missing", "such", "install", "completion"}
    assert forventet <= clicks_ord()
    assert len(clicks_ord()) > 150


# -- the command tree -------------------------------------------------------------------


def _tre() -> Any:
    from typer.main import get_command

    from konsreg.cli.app import app

    return get_command(app)


def _kommandoer(
    kommando: Any = None, sti: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group, with the words that call it."""
    kommando = kommando or _tre()
    yield sti, kommando
    for navn, under in getattr(kommando, "commands", {}).items():
        yield from _kommandoer(under, (*sti, navn))


ALLE = [sti for sti, _ in _kommandoer()]


def _engelske_ord(tekst: str) -> list[str]:
    """The words of `tekst` that are Click's: option names (`--dry-run`), environment
    variables (`KONSREG_DB`), paths and URLs are names, not words, and a compound
    (`exit-kode`, `UTF-8`) is a Norwegian word or a name."""
    funn = []
    for bit in tekst.split():
        bit = bit.strip(".,;:!?()[]«»\"'…")
        if not bit or bit.startswith(("-", "$")) or re.search(r"[_./:@=+\\]|\w-\w", bit):
            continue
        funn += [o for o in re.findall(r"[A-Za-zÆØÅæøå]+", bit) if o.lower() in clicks_ord()]
    return [o for o in funn if o.lower() not in NORSKE_ORD]


def test_alle_kommandoene_er_norske() -> None:
    feil_klasse = [
        " ".join(sti) or "konsreg"
        for sti, k in _kommandoer()
        if not isinstance(k, NorskGruppe | NorskKommando)
    ]
    assert feil_klasse == [], "lag appen med NorskTyper (konsreg.cli.hjelp)"


@pytest.mark.parametrize("sti", ALLE, ids=lambda s: " ".join(s) or "konsreg")
def test_ingen_engelske_ord_i_hjelpen(kjor: Kjor, sti: tuple[str, ...]) -> None:
    for bredde in ("70", "200"):
        hjelp = ok(kjor(*sti, "--help", env={"COLUMNS": bredde})).stdout
        assert hjelp.startswith(f"Bruk: konsreg {' '.join(sti)}".rstrip() + " ")
        assert _engelske_ord(hjelp) == [], hjelp


def test_engelsk_blir_funnet() -> None:
    # The check finds Click's words where they would show, and leaves names alone.
    assert _engelske_ord("Usage: konsreg [OPTIONS]  Show this message and exit.") == [
        "Usage",
        "OPTIONS",
        "Show",
        "this",
        "message",
        "and",
        "exit",
    ]
    assert _engelske_ord("--dry-run KONSREG_DB README.md exit-kode for stdout [default: ny]") == [
        "default"
    ]


def _tar_verdi(param: Any) -> bool:
    return not getattr(param, "is_flag", False) and not getattr(param, "count", False)


def test_plassholderne_er_norske_og_gitt() -> None:
    # Every option that takes a value and every argument names its value (DATO, NR, FIL):
    # Typer's own (`<str>`, `<path>`, `{saksnummer}`) never shows.
    mangler = [
        f"{' '.join(sti)} {p.name}"
        for sti, k in _kommandoer()
        for p in k.params
        if _tar_verdi(p) and not p.metavar
    ]
    assert mangler == []
    for sti, k in _kommandoer():
        for p in k.params:
            if _tar_verdi(p):
                assert re.fullmatch(r"[A-ZÆØÅ][A-ZÆØÅ-]*", p.metavar), (sti, p.metavar)


@pytest.mark.parametrize("sti", ALLE, ids=lambda s: " ".join(s) or "konsreg")
def test_ingen_typer_plassholdere(kjor: Kjor, sti: tuple[str, ...]) -> None:
    hjelp = ok(kjor(*sti, "--help", env={"COLUMNS": "80"})).stdout
    bruk = hjelp.split("\n\n")[0]
    assert "{" not in bruk and "<" not in bruk, bruk
    # The first column of the option and argument lists: names and placeholders.
    for linje in hjelp.splitlines():
        if m := re.match(r"  (-\S.*?|[A-ZÆØÅ][A-ZÆØÅ-]*)(  |$)", linje):
            assert not re.search(r"[<>{}]", m[1]), linje


def test_kommandolistene_har_hele_setninger_pa_en_linje(kjor: Kjor) -> None:
    for sti, k in _kommandoer():
        if not isinstance(k, NorskGruppe):
            continue
        for navn, under in k.commands.items():
            kort = under.get_short_help_str()
            assert kort.endswith((".", ")")) and not kort.endswith("..."), (sti, navn, kort)
        hjelp = ok(kjor(*sti, "--help", env={"COLUMNS": "80"})).stdout
        liste = hjelp.partition("\nKommandoer:\n")[2].rstrip("\n").splitlines()
        # One line per command at 80 columns: nothing wraps onto a line of its own.
        assert len(liste) == len(k.commands), "\n".join(liste)


AVTALE_HJELP = """\
Bruk: konsreg avtale [VALG] KOMMANDO [ARGUMENTER]...

  Bilaterale samarbeidsavtaler mellom departementene og KS.

Valg:
  -h, --help  Vis denne hjelpen og avslutt.

Kommandoer:
  ny        Registrer en ny bilateral avtale og skriv ut id-en (f.eks. A9).
  liste     List avtaler, med filtre.
  vis       Vis én avtale med hele historikken og serien den hører til.
  endre     Endre ett eller flere felt i en avtale.
  avslutt   Sett status avsluttet på en avtale, med siste dag den gjaldt.
  forny     Forny en avtale: registrer den nye og avslutt den gamle.
  annuller  Annuller en avtale som er registrert ved en feil (status utgår).
"""

SAK_VIS_HJELP = """\
Bruk: konsreg sak vis [VALG] NR

  Vis én sak med hele historikken.

Argumenter:
  NR  Saksnummeret, f.eks. 2026/3.  [påkrevd]

Valg:
  -f, --format FORMAT  table, csv, tsv, json, jsonl eller markdown. Standard:
                       table i en terminal, ellers tsv.
  -h, --help           Vis denne hjelpen og avslutt.
"""


@pytest.mark.parametrize(
    ("args", "ventet"),
    [(("avtale", "--help"), AVTALE_HJELP), (("sak", "vis", "--help"), SAK_VIS_HJELP)],
)
def test_hjelpen_eksakt(kjor: Kjor, args: tuple[str, ...], ventet: str) -> None:
    assert ok(kjor(*args, env={"COLUMNS": "80"})).stdout == ventet


def test_standard_og_grenser_pa_norsk(kjor: Kjor) -> None:
    hjelp = " ".join(ok(kjor("sak", "ny", "--help")).stdout.split())
    assert "--status STATUS ny, pagaende (pågående) eller avsluttet. [standard: ny]" in hjelp
    hjelp = " ".join(ok(kjor("saker", "--help")).stdout.split())
    assert "[minst 0]" in hjelp
    hjelp = " ".join(ok(kjor("sak", "endre", "--help")).stdout.split())
    assert "--gjentakende / --ikke-gjentakende Om saken kommer igjen hvert år." in hjelp


# -- usage errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (
            ("sak", "vis"),
            "Mangler argumentet NR (saksnummeret, f.eks. 2026/3). Se «konsreg sak vis --help».",
        ),
        (
            ("sak", "liste", "--alle=ja"),
            "Valget --alle tar ingen verdi. Se «konsreg sak liste --help».",
        ),
        (
            ("sak", "ny", "--tittel"),
            "Valget --tittel trenger en verdi. Se «konsreg sak ny --help».",
        ),
        (
            ("saker", "-f", "xml"),
            "Ugyldig verdi for --format: «xml» er ikke et av valgene "
            "table, csv, tsv, json, jsonl, markdown eller html. Se «konsreg saker --help».",
        ),
        (
            ("import", "vedlegg", "d", "fil.txt"),
            "Ugyldig verdi for BOKSTAV: «d» er ikke et "
            "av valgene a, b eller c. Se «konsreg import vedlegg --help».",
        ),
        (
            ("saker", "--grense", "x"),
            "Ugyldig verdi for --grense: må være et heltall. Se «konsreg saker --help».",
        ),
        (("sak", "vis", "2026/1", "mer"), "Uventet argument «mer». Se «konsreg sak vis --help»."),
        (("sak", "lsite"), "Ukjent kommando «lsite». Mente du liste? Se «konsreg sak --help»."),
        (
            ("saker", "--titel"),
            "Ukjent valg «--titel». Mente du --type? Se «konsreg saker --help».",
        ),
    ],
)
def test_bruksfeil_pa_norsk(kjor: Kjor, args: tuple[str, ...], melding: str) -> None:
    r = kjor(*args)
    assert (r.exit_code, r.stdout, r.stderr) == (2, "", f"Feil: {melding}\n")


def test_uten_kommando_hjelpen_pa_norsk(kjor: Kjor) -> None:
    r = kjor("punkt")
    assert r.exit_code == 2
    assert r.stderr.startswith("Bruk: konsreg punkt [VALG] KOMMANDO [ARGUMENTER]...\n")
    assert _engelske_ord(r.stderr) == []
    assert "Mangler" in feil(kjor("mote", "vis"), 2)
