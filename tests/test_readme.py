"""README.md is tested: its examples are run, so README and program cannot drift apart.

- A `console` block is a session, as in cram: each `$ konsreg …` line runs in bash (pipes,
  `jq`, `> fil` as written) and what it prints, stdout and stderr in the order written, must
  be the lines under it. A line `…` alone stands for any number of lines. The command must
  fail (exit code not 0) exactly when its output has a line starting `Feil:` or `feil:`.
- A `sh` block: every line that starts with `konsreg` runs and must succeed.
- A block without a language that shows `konsreg …` synopses: every command it names must
  exist, and every option it shows must be an option of that command.
- A `text` block after a `sh` block with one command is that command's output.

Every block starts in a fresh home folder whose default register (a SQLite file, as for a
new user) holds the example data (`konsreg eksempel`), with the clock frozen at `KLOKKE`
(`KONSREG_KLOKKE`), `$USER` kari and times in UTC, so the dates shown hold on any day.
HTML comments right above a block say what else it needs; they are invisible on GitHub:

    <!-- test: tomt register -->        start without the example data
    <!-- test: fortsett -->             go on in the previous block's folder and register
    <!-- test: før: KOMMANDO -->        run this first (must succeed; output not compared)
    <!-- test: erstatt A => B -->       run with B for A, and compare with B for A
    <!-- test: terminal 100 -->         run at a terminal 100 columns wide
    <!-- test: ikke kjørt: GRUNN -->    not run here, and why (only the install commands)
    <!-- test: utdata -->               (above a `text` block) the output of the sh block before
"""

from __future__ import annotations

import fcntl
import functools
import os
import pty
import re
import shlex
import shutil
import struct
import subprocess
import sys
import termios
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.hjelp import les_pty

README = Path(__file__).resolve().parent.parent / "README.md"
KLOKKE = "2026-11-27T09:11:11+00:00"
HJEM_I_README = "/home/kari"

pytestmark = pytest.mark.skipif(
    os.environ.get("KONSREG_TEST_BACKEND", "sqlite") != "sqlite",
    reason="README viser standardregisteret, en SQLite-fil; kjøres i SQLite-runden",
)


@dataclass
class Blokk:
    sprak: str
    linje: int  # the fence's line number in README.md
    linjer: list[str]
    direktiver: list[str] = field(default_factory=list)

    @property
    def navn(self) -> str:
        return f"README.md:{self.linje}"


_GJERDE = re.compile(r"^(\s*)```(\w*)\s*$")
_DIREKTIV = re.compile(r"^\s*<!--\s*test:\s*(.*?)\s*-->\s*$")


def blokker(tekst: str) -> list[Blokk]:
    """The fenced code blocks of a Markdown text, each with the test directives above it."""
    ut: list[Blokk] = []
    linjer = tekst.splitlines()
    i = 0
    while i < len(linjer):
        m = _GJERDE.match(linjer[i])
        if not m:
            i += 1
            continue
        innrykk, sprak = len(m.group(1)), m.group(2)
        direktiver: list[str] = []
        j = i - 1
        while j >= 0 and (d := _DIREKTIV.match(linjer[j])):
            direktiver.insert(0, d.group(1))
            j -= 1
        kropp = []
        i += 1
        while not _GJERDE.match(linjer[i]):
            kropp.append(linjer[i][innrykk:])
            i += 1
        ut.append(Blokk(sprak, i - len(kropp), kropp, direktiver))
        i += 1
    return ut


@dataclass
class Steg:
    kommando: str
    ventet: list[str]


def steg(blokk: Blokk) -> list[Steg]:
    """A console block's commands (`$ …`), each with the lines shown under it."""
    ut: list[Steg] = []
    for linje in blokk.linjer:
        if linje.startswith("$ "):
            ut.append(Steg(linje[2:], []))
        elif ut:
            ut[-1].ventet.append(linje)
        elif linje.strip():
            raise AssertionError(f"{blokk.navn}: utdata før første $-linje: {linje!r}")
    for s in ut:
        while s.ventet and not s.ventet[-1].strip():
            s.ventet.pop()
    return ut


def stemmer(ventet: list[str], faktisk: list[str]) -> bool:
    """`faktisk` is `ventet`, where a line `…` alone stands for any number of lines."""
    if not ventet:
        return not faktisk
    if ventet[0] == "…":
        return any(stemmer(ventet[1:], faktisk[i:]) for i in range(len(faktisk) + 1))
    return bool(faktisk) and ventet[0] == faktisk[0] and stemmer(ventet[1:], faktisk[1:])


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


class Skall:
    """A fresh home folder with its default register, where README's commands run."""

    def __init__(self, hjem: Path) -> None:
        self.hjem = hjem
        bin_ = str(Path(sys.executable).parent)
        self.miljo = {
            "PATH": f"{bin_}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(hjem),
            "USER": "kari",
            "LOGNAME": "kari",
            "TZ": "UTC",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "SHELL": "/bin/bash",
            "KONSREG_KLOKKE": KLOKKE,
            "PYTHONUNBUFFERED": "1",  # stdout and stderr interleaved as written
            "TERM": "dumb",
        }
        self.erstatt: list[tuple[str, str]] = []  # (README's text, what runs instead)
        self.vist_som: list[tuple[str, str]] = []  # (README's text, how the program shows it)

    def kjor(self, kommando: str, *, kolonner: int | None = None) -> tuple[int, list[str]]:
        for gammel, ny in self.erstatt:
            kommando = kommando.replace(gammel, ny)
        if kolonner:
            kode, ut = self._i_terminal(kommando, kolonner)
        else:
            p = subprocess.run(
                ["bash", "-o", "pipefail", "-c", kommando],
                cwd=self.hjem,
                env=self.miljo,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=120,
            )
            kode, ut = p.returncode, p.stdout.decode("utf-8", "replace")
        ut = ut.replace(str(self.hjem), HJEM_I_README)
        for gammel, ny in self.vist_som:
            ut = ut.replace(ny, gammel)
        return kode, [linje.rstrip() for linje in ut.splitlines()]

    def _i_terminal(self, kommando: str, kolonner: int) -> tuple[int, str]:
        mester, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, kolonner, 0, 0))
        miljo = {**self.miljo, "TERM": "xterm-256color", "NO_COLOR": "1"}
        p = subprocess.Popen(
            ["bash", "-o", "pipefail", "-c", kommando],
            cwd=self.hjem,
            env=miljo,
            stdout=slave,
            stderr=slave,
            # No questions: a README command that would ask for a missing value fails
            # (as in a script) instead of waiting for an answer nobody gives.
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(slave)
        try:
            ut = les_pty(mester)
        except TimeoutError:
            os.killpg(p.pid, 9)
            raise
        tekst = ut.decode("utf-8", "replace").replace("\r\n", "\n")
        # At a terminal konsreg warns that the clock is frozen; the frozen clock is the test's.
        tekst = "".join(
            linje
            for linje in _ANSI.sub("", tekst).splitlines(keepends=True)
            if not linje.startswith("Advarsel: KONSREG_KLOKKE=")
        )
        return p.wait(timeout=120), tekst


@functools.cache
def _alle() -> tuple[Blokk, ...]:
    """README's blocks, read once per run (KONSREG_SKRIV_README writes after the tests)."""
    return tuple(blokker(README.read_text(encoding="utf-8")))


def _med_konsreg(blokk: Blokk) -> bool:
    return any("konsreg" in linje for linje in blokk.linjer)


def _kjorbare() -> list[Blokk]:
    return [b for b in _alle() if b.sprak in ("console", "sh") and _med_konsreg(b)]


def _direktiv(blokk: Blokk, navn: str) -> list[str]:
    ut = []
    for d in blokk.direktiver:
        hode, _, rest = d.partition(":")
        if d == navn or hode.strip() == navn:
            ut.append(rest.strip())
        elif d.startswith(navn + " "):
            ut.append(d[len(navn) + 1 :].strip())
    return ut


_KJENTE = ("tomt register", "fortsett", "før", "erstatt", "terminal", "ikke kjørt", "utdata")


def _sh_kommandoer(blokk: Blokk) -> list[str]:
    r"""The lines of a sh block that run konsreg, without their trailing comments. A line
    that names konsreg some other way (`cat f | konsreg …`, `X=1 konsreg …`, a `\`
    continuation) would not be run: it is an error, so no command slips past the test."""
    ut = []
    for linje in blokk.linjer:
        linje = re.sub(r"\s{2,}#.*$", "", linje).strip()
        if linje.startswith("konsreg ") and not linje.endswith("\\"):
            ut.append(linje)
        elif re.search(r"\bkonsreg\b", linje) and not linje.startswith("#"):
            raise AssertionError(f"{blokk.navn}: kan ikke kjøre linjen «{linje}»")
    return ut


# KONSREG_SKRIV_README=1 writes what the commands printed into README.md where it differs
# (as KONSREG_SKRIV_GULL does for the golden tables): read the diff before committing it.
SKRIV = os.environ.get("KONSREG_SKRIV_README") == "1"
_RETTELSER: list[tuple[int, str, list[str]]] = []


def skriv_rettelser(tekst: str, rettelser: list[tuple[int, str, list[str]]]) -> str:
    """`tekst` with the output under each (block line, command) replaced."""
    linjer = tekst.splitlines()
    for fra, kommando, ut in sorted(rettelser, reverse=True):
        innrykk = len(linjer[fra - 1]) - len(linjer[fra - 1].lstrip())
        i = fra
        while linjer[i][innrykk:] != f"$ {kommando}":
            i += 1
        slutt = i + 1
        while not linjer[slutt][innrykk:].startswith(("$ ", "```")):
            slutt += 1
        while linjer[slutt - 1].strip() == "" and slutt - 1 > i:
            slutt -= 1
        linjer[i + 1 : slutt] = [" " * innrykk + u if u else "" for u in ut]
    return "\n".join(linjer) + "\n"


@pytest.fixture(scope="module")
def okter() -> Iterator[dict[int, Skall]]:
    """The folder each block ran in, so a block marked `fortsett` goes on in it."""
    yield {}
    if SKRIV and _RETTELSER:
        README.write_text(
            skriv_rettelser(README.read_text(encoding="utf-8"), _RETTELSER), encoding="utf-8"
        )


def _skall_for(
    blokk: Blokk, forrige: Blokk | None, okter: dict[int, Skall], tmp_path: Path, eksempel: Path
) -> Skall:
    if _direktiv(blokk, "fortsett"):
        assert forrige is not None and forrige.linje in okter, (
            f"{blokk.navn}: «fortsett», men blokken før har ikke kjørt"
        )
        return okter[forrige.linje]
    hjem = tmp_path / "kari"
    hjem.mkdir(parents=True)
    if not _direktiv(blokk, "tomt register"):
        shutil.copytree(eksempel / ".config", hjem / ".config")
    return Skall(hjem)


@pytest.fixture(scope="session")
def eksempelhjem(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home folder whose default register holds the example data, made once per run
    (loading it takes a second; each block gets a copy)."""
    hjem = tmp_path_factory.mktemp("eksempelhjem")
    kode, ut = Skall(hjem).kjor("konsreg eksempel")
    assert kode == 0, ut
    return hjem


_ALLE = _kjorbare()


@pytest.mark.parametrize("blokk", _ALLE, ids=[b.navn for b in _ALLE])
def test_readme_blokk(
    blokk: Blokk,
    okter: dict[int, Skall],
    eksempelhjem: Path,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    for d in blokk.direktiver:
        assert d.startswith(_KJENTE), f"{blokk.navn}: ukjent test-direktiv «{d}»"
    if grunn := _direktiv(blokk, "ikke kjørt"):
        assert grunn[0], f"{blokk.navn}: «ikke kjørt» trenger en grunn"
        pytest.skip(f"{blokk.navn}: {grunn[0]}")
    if re.search(r"\bjq\b", "\n".join(blokk.linjer)) and shutil.which("jq") is None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail("jq mangler i CI (.ci/run installerer det)")
        pytest.skip("jq mangler (README-pipelinen bruker jq)")
    alle = _kjorbare()
    i = next(n for n, b in enumerate(alle) if b.linje == blokk.linje)
    forrige = alle[i - 1] if i else None
    if _direktiv(blokk, "fortsett") and forrige is not None and forrige.linje not in okter:
        # Run alone (pytest -k): run the blocks it goes on from first.
        test_readme_blokk(forrige, okter, eksempelhjem, tmp_path / "forrige", request)
    skall = _skall_for(blokk, forrige, okter, tmp_path, eksempelhjem)
    for e in _direktiv(blokk, "erstatt"):
        gammel, _, ny = e.partition(" => ")
        if ny.strip() == "{pg}":
            # README's server is a fresh schema on this machine's PostgreSQL (CI has one).
            from sqlalchemy.engine import make_url

            from konsreg.db.url import vis_url

            url = request.getfixturevalue("pg_schema_url")
            skall.erstatt.append((gammel.strip(), url))
            skall.vist_som.append((gammel.strip(), vis_url(make_url(url))))
        else:
            skall.erstatt.append((gammel.strip(), ny.strip()))
            skall.vist_som.append((gammel.strip(), ny.strip()))
    for forberedelse in _direktiv(blokk, "før"):
        kode, ut = skall.kjor(forberedelse)
        assert kode == 0, f"{blokk.navn}: før: {forberedelse}\n" + "\n".join(ut)
    kolonner = int(t[0]) if (t := _direktiv(blokk, "terminal")) else None
    if blokk.sprak == "console":
        for s in steg(blokk):
            kode, ut = skall.kjor(s.kommando, kolonner=kolonner)
            if SKRIV and not stemmer(s.ventet, ut) and "…" not in s.ventet:
                _RETTELSER.append((blokk.linje, s.kommando, ut))
                continue
            vis = f"{blokk.navn}: $ {s.kommando}\nventet:\n" + "\n".join(s.ventet)
            vis += f"\nfikk (exit {kode}):\n" + "\n".join(ut)
            assert stemmer(s.ventet, ut), vis
            assert not any("Traceback" in linje for linje in ut), vis
            feil = any(re.match(r"(Feil|feil): ", linje) for linje in s.ventet)
            assert (kode != 0) == feil, vis
    else:
        kommandoer = _sh_kommandoer(blokk)
        utdata = _utdata_etter(blokk)
        for k in kommandoer:
            kode, ut = skall.kjor(k, kolonner=kolonner)
            assert kode == 0, f"{blokk.navn}: {k}\n" + "\n".join(ut)
            assert not any("Traceback" in linje for linje in ut)
            if utdata is not None:
                assert len(kommandoer) == 1, (
                    f"{blokk.navn}: text-blokken etter hører til én kommando"
                )
                assert stemmer(utdata.linjer, ut), f"{utdata.navn} (utdata fra {k}):\n" + "\n".join(
                    ut
                )
    okter[blokk.linje] = skall


def _utdata_etter(blokk: Blokk) -> Blokk | None:
    """The block right after a sh block, when it is a `text` block marked `utdata`."""
    alle = _alle()
    i = next(n for n, b in enumerate(alle) if b.linje == blokk.linje)
    if i + 1 < len(alle):
        neste = alle[i + 1]
        if neste.sprak == "text" and "utdata" in neste.direktiver:
            return neste
    return None


# --- Synopses -------------------------------------------------------------------------


def _klikk() -> Any:
    import typer.main

    from konsreg.cli.app import app

    return typer.main.get_command(app)


def _synopser() -> Iterator[tuple[Blokk, str]]:
    """Each `konsreg …` synopsis line of the blocks without a language, with the lines
    indented under it (more options) joined on."""
    for blokk in _alle():
        if blokk.sprak or not _med_konsreg(blokk):
            continue
        gjeldende: str | None = None
        for linje in [*blokk.linjer, ""]:
            if linje.startswith(" ") and gjeldende is not None and linje.strip()[:1] in "[-":
                gjeldende += " " + linje.strip()
                continue
            if gjeldende is not None:
                yield blokk, gjeldende
            gjeldende = linje if linje.startswith("konsreg ") else None


def _segmenter(linje: str) -> list[list[str]]:
    linje = re.sub(r"\s#\s.*$", "", linje)  # a trailing comment
    linje = re.sub(r"\([^)]*\)", "", linje)  # a parenthesis says something about the line
    linje = linje.replace("\\", " ")
    return [shlex.split(d, posix=False) for d in linje.split(" | ")]


def _er_gruppe(k: Any) -> bool:
    return hasattr(k, "commands")  # Typer's Click (vendored or not) has its own Group class


def _sjekk_synopsis(rot: Any, linje: str) -> list[str]:
    """What in one synopsis line is not so: unknown commands and options."""
    feil: list[str] = []
    deler = _segmenter(linje)
    ord_ = deler[0]
    assert ord_[0] == "konsreg"
    gruppe = rot
    i = 1
    while i < len(ord_) and ord_[i].startswith("--") and ord_[i] in ("--db",):
        i += 2
    # The first segment walks down the tree as far as its words are commands.
    kommandoer: list[Any] = []
    while i < len(ord_):
        navn = ord_[i].split("|")
        if not all(n in gruppe.commands for n in navn):
            break
        treff = [gruppe.commands[n] for n in navn]
        i += 1
        if len(treff) == 1 and _er_gruppe(treff[0]):
            gruppe = treff[0]
            continue
        kommandoer = treff
        break
    if not kommandoer:
        return [f"{linje}: ingen kommando"]
    segmenter = [(kommandoer, ord_[i:])]
    for del_ in deler[1:]:
        if del_ and del_[0] in gruppe.commands:
            segmenter.append(([gruppe.commands[del_[0]]], del_[1:]))
        else:
            return [f"{linje}: «{' '.join(del_)}» er ingen kommando i «{gruppe.name}»"]
    # A segment with nothing but its name ("a" in "vedlegg a | b [--ar ÅR]") shares the
    # options of the segment after it.
    for n in range(len(segmenter) - 2, -1, -1):
        if not segmenter[n][1]:
            segmenter[n] = (segmenter[n][0], segmenter[n + 1][1])
    for kommandoer_, ordene in segmenter:
        for o in ordene:
            valg = re.match(r"^\[?(-{1,2}[a-zæøå][\w-]*)", o)
            if not valg:
                continue
            for k in kommandoer_:
                kjente = {navn for p in k.params for navn in (*p.opts, *p.secondary_opts)}
                if valg.group(1) not in kjente:
                    feil.append(f"{linje}: «{k.name}» har ikke valget {valg.group(1)}")
    return feil


def test_synopsene_i_readme_finnes() -> None:
    rot = _klikk()
    linjer = list(_synopser())
    assert len(linjer) >= 20  # the synopses of sak, avtale, vedlegg, mote, punkt, import …
    feil = [f for blokk, linje in linjer for f in _sjekk_synopsis(rot, linje)]
    assert feil == []


def test_synopsesjekken_finner_et_valg_som_mangler() -> None:
    # The drift issue 15 found: README promised --per for vedlegg a and b.
    rot = _klikk()
    assert _sjekk_synopsis(rot, "konsreg vedlegg a | b  [--ar ÅR] [--per DATO]") == [
        "konsreg vedlegg a | b  [--ar ÅR] [--per DATO]: «a» har ikke valget --per",
        "konsreg vedlegg a | b  [--ar ÅR] [--per DATO]: «b» har ikke valget --per",
    ]
    assert _sjekk_synopsis(rot, "konsreg vedlegg c [--per DATO] [--bare-gjeldende]") == []
    assert _sjekk_synopsis(rot, "konsreg sak ny | liste | vent") != []


# --- The harness itself -----------------------------------------------------------------


def test_hvert_direktiv_er_kjent() -> None:
    # Also above blocks that are not run (a `text` block's `utdata`): a typo would
    # otherwise turn a comparison off without a word.
    ukjente = [f"{b.navn}: {d}" for b in _alle() for d in b.direktiver if not d.startswith(_KJENTE)]
    assert ukjente == []
    assert sum("utdata" in b.direktiver for b in _alle() if b.sprak == "text") >= 1


def test_blokkene_leses_med_direktiver() -> None:
    tekst = "a\n<!-- test: fortsett -->\n<!-- test: før: konsreg x -->\n```console\n$ ls\nut\n```\n"
    (b,) = blokker(tekst)
    assert (b.sprak, b.linje, b.linjer, b.direktiver) == (
        "console",
        4,
        ["$ ls", "ut"],
        ["fortsett", "før: konsreg x"],
    )
    assert _direktiv(b, "før") == ["konsreg x"]
    assert [(s.kommando, s.ventet) for s in steg(b)] == [("ls", ["ut"])]


def test_ellipse_star_for_hvilke_som_helst_linjer() -> None:
    assert stemmer(["a", "…", "d"], ["a", "b", "c", "d"])
    assert stemmer(["a", "…", "d"], ["a", "d"])
    assert not stemmer(["a", "…", "d"], ["a", "b", "c"])
    assert not stemmer(["a", "b"], ["a", "b", "c"])
    assert not stemmer(["a"], [])


def test_hver_kjorbar_blokk_kjores_eller_sier_hvorfor_ikke() -> None:
    # Only the install commands may be skipped, and .ci/run runs the first of them.
    hoppet = [b for b in _kjorbare() if _direktiv(b, "ikke kjørt")]
    assert all("pip install" in "\n".join(b.linjer) for b in hoppet)
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "README.md" in ci and "quickstart" in ci
