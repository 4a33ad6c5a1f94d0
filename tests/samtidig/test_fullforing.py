"""`konsreg --install-completion` in the real shells: bash and zsh install the script,
start as a person's terminal would (`bash -i`, `zsh -i`, reading ~/.bashrc and
~/.zshrc), and their completion function, called as the shell calls it at a Tab, gets
the register's values. zsh runs its completion function with `_arguments` standing in
(outside a Tab there is no completion widget to hand the candidates to).

Slow (a shell and a konsreg process per step). zsh is skipped where it is not installed,
except in CI (.ci/run installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import I_CI, Kjor
from tests.hjelp import ok

pytestmark = pytest.mark.slow


def _miljo(hjem: Path) -> dict[str, str]:
    """A person's environment: their own HOME, konsreg on PATH (the test's venv), the
    register the test made (KONSREG_DB or KONSREG_DATABASE_URL, from the fixture)."""
    bin_ = str(Path(sys.executable).parent)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("_KONSREG", "COMP_"))}
    env.update(HOME=str(hjem), PATH=f"{bin_}{os.pathsep}{env.get('PATH', '')}")
    env.pop("ZDOTDIR", None)
    return env


def _kjor(skall: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [skall, *args],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _installer(skall: str, env: dict[str, str]) -> str:
    # `; :` keeps the shell as konsreg's parent (a lone command is exec'd in its place),
    # so konsreg finds the shell it runs in, as from a terminal.
    r = _kjor(skall, "-c", "konsreg --install-completion; :", env=env)
    assert r.returncode == 0, r.stderr
    assert f"Fullføring for {skall} er installert" in r.stderr, r.stderr
    return r.stderr


@pytest.fixture
def hjem(kjor: Kjor, tmp_path: Path) -> Path:
    ok(kjor("eksempel"))
    mappe = tmp_path / "person"
    mappe.mkdir()
    return mappe


def test_bash(hjem: Path) -> None:
    env = _miljo(hjem)
    _installer("bash", env)
    _installer("bash", env)  # twice: the line in ~/.bashrc once
    bashrc = (hjem / ".bashrc").read_text()
    assert bashrc.count(".bash_completions/konsreg.sh") == 1
    skript = (
        "COMP_WORDS=(konsreg {ord}); COMP_CWORD={nr}; _konsreg_completion konsreg; "
        'printf "%s\\n" "${{COMPREPLY[@]}}"'
    )

    def tab(*ord_: str) -> list[str]:
        r = _kjor("bash", "-i", "-c", skript.format(ord=" ".join(ord_), nr=len(ord_)), env=env)
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
        return r.stdout.split()

    assert sorted(tab("sak", "vis", '""')) == ["2022/1", "2026/1", "2026/2"]
    assert tab("avtale", "vis", "A7") == ["A7"]
    assert "HOD" in tab("saker", "--departement", '""')
    assert tab("mote", "vis", '""') == ["2026-2"]
    assert tab("punkt", "vis", "2026-2/17") == ["2026-2/17"]
    assert {"sak", "saker"} <= set(tab("sa"))


@pytest.mark.skipif(
    shutil.which("zsh") is None and not I_CI, reason="zsh er ikke installert (CI har det)"
)
def test_zsh(hjem: Path) -> None:
    env = _miljo(hjem)
    _installer("zsh", env)
    _installer("zsh", env)
    assert (hjem / ".zshrc").read_text().count("fpath+=~/.zfunc") == 1

    def tab(*ord_: str) -> str:
        # The first call loads _konsreg from ~/.zfunc, as the first Tab does: it must
        # complete then too, not only register itself.
        skript = (
            'print -r -- "komp=$_comps[konsreg]"; _arguments() { print -rl -- "$@" }; '
            f"words=(konsreg {' '.join(ord_)}); CURRENT={len(ord_) + 1}; _konsreg"
        )
        r = _kjor("zsh", "-i", "-c", skript, env=env)
        assert r.returncode == 0, r.stderr
        assert "Traceback" not in r.stderr
        assert r.stdout.startswith("komp=_konsreg\n"), r.stdout
        return r.stdout

    ut = tab("sak", "vis", '""')
    assert '"2026/2":"Kulturmiljøloven"' in ut
    assert '"2022/1":' in ut
    assert '"A7":' in tab("avtale", "vis", "A7")
    assert '"2026-2/17":"Sak om krisesenterloven"' in tab("punkt", "vis", "2026-2/17")


def test_ukjent_skall_faar_en_norsk_beskjed(hjem: Path) -> None:
    r = _kjor("sh", "-c", "konsreg --install-completion; :", env=_miljo(hjem))
    assert "Fullføring finnes for bash og zsh" in r.stderr
    assert not (hjem / ".bashrc").exists() and not (hjem / ".zshrc").exists()
