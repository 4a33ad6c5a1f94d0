"""Shell completion that knows the register: case numbers, agreement ids, ministry codes,
meetings and items as Tab offers them (`sak vis <Tab>`), and `--install-completion` /
`--show-completion` for bash and zsh (Typer's scripts, Norwegian words).

Completion runs at every Tab, in a new process, while a person waits, so:

- Commands and options complete without this module reading anything: the values below
  are looked up only when the word being completed is such a value.
- A SQLite register is read with the standard library's sqlite3, not through the
  database layer: the layer's package loads SQLAlchemy (about 0.1 s of every Tab). The
  file is opened `mode=rw` and `query_only` (an absent file is never made; opened
  read-write so that closing it tidies its WAL files away as konsreg itself does), and
  waits at most VENTETID for a lock. A register on a server (KONSREG_DATABASE_URL) goes
  through SQLAlchemy, with a short connect timeout.
- Nothing here fails loudly: a register that is missing, locked, not konsreg's, or on a
  server that does not answer gives no candidates, never a traceback. Completion must
  not put noise on the terminal in the middle of a command line.

Where the register is follows `db.hvor` (--db, KONSREG_DATABASE_URL, KONSREG_DB, the
default file); tests/cli/test_fullforing.py keeps the two equal.
"""

# No `from __future__ import annotations`: Typer reads the completion functions'
# signatures (ctx, incomplete) at start-up.

import os
from pathlib import Path
from typing import Any

# How long a Tab waits for a register another process holds locked.
VENTETID = 0.3
# The most candidates offered: the newest first (a register of a million cases is
# completed by typing the year first).
MAKS = 200
_TITTEL = 60

Kandidater = list[tuple[str, str]]


def _rot_db(ctx: Any) -> Path | None:
    """`konsreg --db FIL …` as the completion parsed it (the root's callback does not run
    while completing, so the state object is not there)."""
    try:
        verdi = ctx.find_root().params.get("db")
    except Exception:
        return None
    return Path(verdi).expanduser() if verdi else None


def registerfil(db: Path | None, miljo: Any = os.environ) -> Path | str | None:
    """The SQLite file the register is in, as `db.hvor` finds it, or the server URL (a
    str) when KONSREG_DATABASE_URL names one; None when it cannot be worked out."""
    if db is not None:
        return db
    if url := miljo.get("KONSREG_DATABASE_URL"):
        return str(url)
    if fil := miljo.get("KONSREG_DB"):
        return Path(fil).expanduser()
    import typer

    return Path(typer.get_app_dir("konsreg")) / "konsreg.db"


def _sqlite_fil(url: str) -> Path | None:
    """The file of a `sqlite:///FIL` URL (KONSREG_DATABASE_URL may name one)."""
    skjema, _, resten = url.partition("://")
    if not skjema.startswith("sqlite") or not resten.startswith("/") or "?" in resten:
        return None
    from urllib.parse import unquote

    return Path(unquote(resten[1:])) if resten[1:] else None


def sporring(
    ctx: Any, sql: str, parametre: dict[str, Any], *, sql_fil: str | None = None
) -> list[tuple[Any, ...]]:
    """The rows of `sql` (on SQLite `sql_fil`, if given) from the register, or none at all
    if it cannot be read."""
    try:
        hvor = registerfil(_rot_db(ctx))
        if isinstance(hvor, str) and _sqlite_fil(hvor) is None:
            return _fra_server(hvor, sql, parametre)
        fil = _sqlite_fil(hvor) if isinstance(hvor, str) else hvor
        return _fra_fil(fil, sql_fil or sql, parametre) if fil is not None else []
    except Exception:
        return []


def _fra_fil(fil: Path, sql: str, parametre: dict[str, Any]) -> list[tuple[Any, ...]]:
    import sqlite3
    from urllib.parse import quote

    if not fil.is_file():
        return []
    uri = f"file:{quote(os.path.abspath(fil))}?mode=rw"
    forbindelse = sqlite3.connect(uri, uri=True, timeout=VENTETID)
    try:
        forbindelse.execute("PRAGMA query_only = 1")
        return list(forbindelse.execute(sql, parametre))
    finally:
        forbindelse.close()


def _fra_server(url: str, sql: str, parametre: dict[str, Any]) -> list[tuple[Any, ...]]:
    from sqlalchemy import create_engine, text

    from konsreg.db import database_url

    adresse = database_url(sti=None, url=url)
    argumenter = {"connect_timeout": 2} if adresse.get_backend_name() == "postgresql" else {}
    engine = create_engine(adresse, connect_args=argumenter)
    try:
        with engine.connect() as forbindelse:
            return [tuple(r) for r in forbindelse.execute(text(sql), parametre)]
    finally:
        engine.dispose()


def _prefiks(tekst: str) -> str:
    """`tekst%` for LIKE, its own `%`, `_` and `\\` taken literally."""
    return tekst.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _hjelp(*deler: Any) -> str:
    """A candidate's description (zsh shows it beside the value): one line, shown safely."""
    from konsreg.tekst import synlig

    tekst = " ".join(str(d) for d in deler if d)
    tekst = synlig(" ".join(tekst.split()))
    return tekst if len(tekst) <= _TITTEL else tekst[: _TITTEL - 1].rstrip() + "…"


def _omfang(tekst: str) -> dict[str, Any]:
    """The ids that start with `tekst`, as a range of the unique index (SQLite compares
    text byte by byte, so every such id lies in it): a prefix is found in a register of a
    million cases without reading them all. A server compares by its locale, which may
    pass over `/`; there LIKE alone decides."""
    return {"fra": tekst, "til": tekst + "\uffff", "p": _prefiks(tekst), "n": MAKS}


def saksnummer(ctx: Any, incomplete: str) -> Kandidater:
    """Case numbers: `sak vis 2026/<Tab>`."""
    rader = sporring(
        ctx,
        "SELECT saksnummer, tittel FROM sak WHERE saksnummer LIKE :p ESCAPE '\\' "
        "ORDER BY ar DESC, lopenr DESC LIMIT :n",
        _omfang(incomplete),
        sql_fil="SELECT saksnummer, tittel FROM sak WHERE saksnummer >= :fra "
        "AND saksnummer < :til AND saksnummer LIKE :p ESCAPE '\\' "
        "ORDER BY saksnummer DESC LIMIT :n",
    )
    return [(nr, _hjelp(tittel)) for nr, tittel in rader]


def avtale(ctx: Any, incomplete: str) -> Kandidater:
    """Agreement ids."""
    rader = sporring(
        ctx,
        "SELECT handle, tittel FROM avtale WHERE handle LIKE :p ESCAPE '\\' "
        "ORDER BY id DESC LIMIT :n",
        _omfang(incomplete.upper()),
        sql_fil="SELECT handle, tittel FROM avtale WHERE handle >= :fra AND handle < :til "
        "AND handle LIKE :p ESCAPE '\\' ORDER BY handle DESC LIMIT :n",
    )
    return [(h, _hjelp(tittel)) for h, tittel in rader]


def departement(ctx: Any, incomplete: str) -> Kandidater:
    """Ministry codes, each with its newest name; codes no longer in use too (a listing
    may ask for KMD's cases)."""
    rader = sporring(
        ctx,
        "SELECT kode, navn FROM departement WHERE kode LIKE :p ESCAPE '\\' "
        "ORDER BY kode, COALESCE(til_ar, 9999), COALESCE(fra_ar, 0)",
        {"p": _prefiks(incomplete.upper())},
    )
    navn: dict[str, str] = {}
    for kode, n in rader:
        navn[kode] = n  # the last row of a code is its newest name
    return [(kode, _hjelp(n)) for kode, n in navn.items()]


def part(ctx: Any, incomplete: str) -> Kandidater:
    """KS or a ministry: `--part`, `--meldt-inn-av`."""
    ks = [("KS", "Kommunesektorens organisasjon")] if "KS".startswith(incomplete.upper()) else []
    return ks + departement(ctx, incomplete)


def mote(ctx: Any, incomplete: str) -> Kandidater:
    """Meeting ids, the latest first, with date and theme."""
    rader = sporring(
        ctx,
        "SELECT handle, dato, tema FROM mote WHERE handle LIKE :p ESCAPE '\\' "
        "ORDER BY dato DESC, id DESC LIMIT :n",
        {"p": _prefiks(incomplete.upper()), "n": MAKS},
    )
    return [(h, _hjelp(_dato(dato), tema)) for h, dato, tema in rader]


def punkt(ctx: Any, incomplete: str) -> Kandidater:
    """Item ids (`2026-2/3`): the meetings' items, the latest meeting first; after a `/`
    only that meeting's."""
    motedel, skille, _ = incomplete.upper().partition("/")
    # A meeting named in full (before the `/`) is matched exactly, else as a prefix.
    mal = _prefiks(motedel)[:-1] if skille else _prefiks(motedel)
    rader = sporring(
        ctx,
        "SELECT m.handle, p.nr, COALESCE(p.tittel, s.tittel, a.tittel) FROM punkt p "
        "JOIN mote m ON m.id = p.mote_id LEFT JOIN sak s ON s.id = p.sak_id "
        "LEFT JOIN avtale a ON a.id = p.avtale_id "
        "WHERE p.fjernet IS NULL AND m.handle LIKE :p ESCAPE '\\' "
        "ORDER BY m.dato DESC, m.id DESC, p.nr LIMIT :n",
        {"p": mal, "n": MAKS},
    )
    ut = [(f"{h}/{nr}", _hjelp(tittel)) for h, nr, tittel in rader]
    return [k for k in ut if k[0].startswith(incomplete.upper())]


def _dato(dato: Any) -> str:
    """A date as SQLite (text) or a server (a date) gives it, as dd.mm.yyyy."""
    tekst = str(dato)[:10]
    ar, _, resten = tekst.partition("-")
    maned, _, dag = resten.partition("-")
    return f"{dag}.{maned}.{ar}" if dag else tekst


# -- installing the script -----------------------------------------------------------------

SKALL = ("bash", "zsh")

# Typer's zsh script completes nothing at the first Tab of a new shell: loaded from $fpath,
# the file only defined and registered its function. This one (the pattern Click uses)
# completes at once when loaded from $fpath and registers itself when sourced.
ZSH_SKRIPT = """#compdef konsreg

# konsreg's completion for zsh (konsreg --show-completion zsh).
_konsreg() {
  eval $(env _TYPER_COMPLETE_ARGS="${words[1,$CURRENT]}" _KONSREG_COMPLETE=complete_zsh konsreg)
}

if [[ "${zsh_eval_context[-1]}" == loadautofunc ]]; then
  _konsreg "$@"
else
  compdef _konsreg konsreg
fi
"""


def _skall(valgt: str | None) -> str:
    from konsreg.errors import Bruksfeil

    if valgt is None:
        try:
            import shellingham

            valgt = shellingham.detect_shell()[0]
        except Exception:
            valgt = os.path.basename(os.environ.get("SHELL", "")) or None
    if valgt not in SKALL:
        hva = f"«{valgt}»" if valgt else "skallet du bruker"
        raise Bruksfeil(
            f"Fullføring finnes for bash og zsh, ikke for {hva}; skriv "
            "«konsreg --show-completion bash» eller «… zsh» og legg skriptet inn selv."
        )
    return valgt


def skript(skall_: str) -> str:
    """The completion script for `skall_`: Typer's for bash, ours for zsh."""
    if skall_ == "zsh":
        return ZSH_SKRIPT
    from typer.completion import get_completion_script

    return (
        get_completion_script(prog_name="konsreg", complete_var="_KONSREG_COMPLETE", shell=skall_)
        + "\n"
    )


def plassering(skall_: str, hjem: Path) -> tuple[Path, Path, str]:
    """Where `--install-completion` puts the script for `skall_`, the start-up file that
    loads it, and the line there that does (where Typer puts them, so a script Typer
    installed is replaced, not doubled)."""
    if skall_ == "bash":
        fil = hjem / ".bash_completions" / "konsreg.sh"
        return fil, hjem / ".bashrc", f"source '{fil}'"
    zdotdir = Path(os.environ.get("ZDOTDIR") or hjem)
    return (
        hjem / ".zfunc" / "_konsreg",
        zdotdir / ".zshrc",
        "fpath+=~/.zfunc; autoload -Uz compinit; compinit",
    )


def installer(verdi: bool) -> None:
    """`--install-completion`: the script for the shell that runs konsreg, installed where
    it loads at the next start (bash: ~/.bash_completions/konsreg.sh, sourced from
    ~/.bashrc; zsh: ~/.zfunc/_konsreg, found through compinit in ~/.zshrc). Both files
    are written whole or not at all; the start-up file only gets its line once."""
    if not verdi:
        return
    import sys

    import typer

    from konsreg.filer import skriv_atomisk

    skall_ = _skall(None)
    fil, oppstart, linje = plassering(skall_, Path.home())
    fil.parent.mkdir(parents=True, exist_ok=True)
    with skriv_atomisk(fil) as ut:
        ut.write(skript(skall_))
    innhold = oppstart.read_text(encoding="utf-8") if oppstart.is_file() else ""
    if linje not in innhold:
        with skriv_atomisk(oppstart) as ut:
            ut.write(
                innhold + ("" if innhold.endswith("\n") or not innhold else "\n") + linje + "\n"
            )
    sys.stderr.write(
        f"Fullføring for {skall_} er installert i {fil} (lastes fra {oppstart}).\n"
        "Den virker i nye terminaler, eller i denne etter "
        f"«{'source ~/.bashrc' if skall_ == 'bash' else 'exec zsh'}».\n"
    )
    raise typer.Exit()


def vis_skript(verdi: str | None) -> None:
    """`--show-completion bash|zsh`: the script on stdout, to install by hand."""
    if verdi is None:
        return
    import sys

    import typer

    sys.stdout.write(skript(_skall(verdi.strip().lower() or None)))
    raise typer.Exit()


def skall(incomplete: str) -> list[str]:
    """`--show-completion <Tab>`."""
    return [s for s in SKALL if s.startswith(incomplete)]
