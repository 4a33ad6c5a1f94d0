"""Issue 9, item 1: files konsreg writes never wipe the register and are never half
written. Exports, appendices and backups go to a temporary file in the target's folder
and are renamed over the target only when whole; the target is compared with the
register's files by device and inode, so a hard link to the register is the register."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor
from tests.hjelp import feil, ny_avtale, ny_sak, ok


def _sqlite_fil() -> Path:
    from konsreg.cli import felles

    return Path(str(felles.Tilstand().url().database))


def _sha(sti: Path) -> str:
    return hashlib.sha256(sti.read_bytes()).hexdigest()


def _mappe(mappe: Path) -> list[str]:
    return sorted(p.name for p in mappe.iterdir())


@pytest.mark.bare_sqlite
def test_eksport_til_en_hard_lenke_til_registeret_avvises(kjor: Kjor, tmp_path: Path) -> None:
    # `ln reg.db hard.csv; konsreg eksport saker -o hard.csv` truncated the register:
    # resolved paths do not see hard links, inodes do.
    ny_sak(kjor)
    ny_avtale(kjor)
    fil = _sqlite_fil()
    hard = tmp_path / "hard.csv"
    os.link(fil, hard)
    for_ = _sha(fil)
    for args in (
        ("eksport", "saker", "-o", str(hard)),
        ("eksport", "alt", "-o", str(hard)),
        ("vedlegg", "c", "-o", str(hard)),
        ("db", "backup", str(hard), "--overskriv"),
    ):
        feil(kjor(*args), 1, f"{hard} er selve registeret")
    assert _sha(fil) == for_
    assert os.path.samefile(fil, hard)
    ok(kjor("saker"))
    assert ny_sak(kjor) == "2026/2"


@pytest.mark.bare_sqlite
def test_ingen_utfil_kan_vaere_registerets_sidefiler(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor)
    fil = _sqlite_fil()
    for ending in ("-wal", "-shm", "-journal"):
        side = Path(f"{fil}{ending}")
        for args in (
            ("eksport", "saker", "-o", str(side)),
            ("vedlegg", "a", "-o", str(side)),
            ("db", "backup", str(side), "--overskriv"),
        ):
            feil(kjor(*args), 1, "er selve registeret")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_eksport_erstatter_filen_hel(kjor: Kjor, tmp_path: Path) -> None:
    ny_sak(kjor)
    ut = tmp_path / "saker.csv"
    ut.write_text("gammel eksport\n")
    os.chmod(ut, 0o640)
    ok(kjor("eksport", "saker", "-o", str(ut)))
    assert ut.read_text().startswith("saksnummer,")
    assert oct(ut.stat().st_mode & 0o777) == "0o640"  # the file's own permissions are kept
    assert _mappe(tmp_path).count("saker.csv") == 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_eksport_gjennom_en_symbolsk_lenke_skriver_filen_den_peker_pa(
    kjor: Kjor, tmp_path: Path
) -> None:
    ny_sak(kjor)
    (tmp_path / "ekte").mkdir()
    ekte = tmp_path / "ekte" / "saker.csv"
    ekte.write_text("gammel\n")
    lenke = tmp_path / "lenke.csv"
    lenke.symlink_to(ekte)
    ok(kjor("eksport", "saker", "-o", str(lenke)))
    assert lenke.is_symlink()
    assert ekte.read_text().startswith("saksnummer,")


def test_en_eksport_som_stanses_midt_i_lar_den_gamle_filen_sta(
    kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Killed or failed halfway (here: interrupted after the first row is written), the
    # export leaves the previous file as it was and no temporary file behind.
    from konsreg.render import maskin as render

    for n in range(3):
        ny_sak(kjor, tittel=f"Sak {n}")
    ut = tmp_path / "saker.csv"
    ut.write_text("god gammel eksport\n")
    ekte = render.skriv_eksport

    def avbrutt(rader: Any, felt: Any, fmt: str, fil: Any, **kw: Any) -> int:
        def to_rader() -> Iterator[Any]:
            for i, rad in enumerate(rader):
                if i == 1:
                    raise KeyboardInterrupt
                yield rad

        return ekte(to_rader(), felt, fmt, fil, **kw)

    monkeypatch.setattr(render, "skriv_eksport", avbrutt)
    r = kjor("eksport", "saker", "-o", str(ut))
    assert r.exit_code == 130
    assert ut.read_text() == "god gammel eksport\n"
    assert _mappe(tmp_path) == _mappe(tmp_path) and not [
        p for p in tmp_path.iterdir() if p.name.startswith(".saker.csv")
    ]


@pytest.fixture
def liten_disk(tmp_path: Path) -> Iterator[Path]:
    """A 128 KiB tmpfs: a real full disk (needs root and mount; CI runs as root)."""
    mappe = tmp_path / "liten"
    mappe.mkdir()
    r = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mappe)],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0:
        pytest.skip(f"kan ikke montere en liten tmpfs her ({r.stderr.strip()})")
    try:
        yield mappe
    finally:
        subprocess.run(["umount", "-l", str(mappe)], check=False)


def _mange_saker(kjor: Kjor, tmp_path: Path, antall: int, lengde: int) -> None:
    linjer = ["type,departement,tittel,oppmeldt,meldt_inn_av"]
    linjer += [f"lov,KD,{'x' * lengde} {n},2026,KS" for n in range(antall)]
    fil = tmp_path / "mange.csv"
    fil.write_text("\n".join(linjer) + "\n")
    ok(kjor("import", "saker", str(fil), "-q"))


def test_full_disk_lar_den_gamle_eksporten_sta(
    kjor: Kjor, tmp_path: Path, liten_disk: Path
) -> None:
    # A full disk left a truncated 64 KB export in place of the old file, with "No space
    # left on device." and no file name.
    _mange_saker(kjor, tmp_path, 400, 500)  # about 230 KB of CSV: more than the disk holds
    ut = liten_disk / "saker.csv"
    ut.write_text("god gammel eksport\n")
    r = kjor("eksport", "saker", "-o", str(ut))
    feil(r, 1, f"Ikke mer plass på disken: {ut}")
    assert ut.read_text() == "god gammel eksport\n"
    assert _mappe(liten_disk) == ["saker.csv"]
    # The disk is as full as before: the partial temporary file was removed.
    assert os.statvfs(liten_disk).f_bfree > 20


@pytest.mark.bare_sqlite
def test_full_disk_gir_ingen_halv_sikkerhetskopi(
    kjor: Kjor, tmp_path: Path, liten_disk: Path
) -> None:
    _mange_saker(kjor, tmp_path, 400, 500)
    mal = liten_disk / "kopi.db"
    feil(kjor("db", "backup", str(mal)), 1, "Ikke mer plass på disken")
    assert _mappe(liten_disk) == []


@pytest.mark.bare_sqlite
def test_backup_sletter_ingen_fil_den_ikke_har_laget(kjor: Kjor, tmp_path: Path) -> None:
    # The backup wrote to NAVN.tmp and deleted whatever was there first.
    ny_sak(kjor)
    fremmed = tmp_path / "kopi.db.tmp"
    fremmed.write_text("noen andres arbeid\n")
    ok(kjor("db", "backup", str(tmp_path / "kopi.db")))
    assert fremmed.read_text() == "noen andres arbeid\n"
    assert oct((tmp_path / "kopi.db").stat().st_mode & 0o777) == "0o600"
    r = ok(kjor("--db", str(tmp_path / "kopi.db"), "saker", "-f", "json"))
    assert [s["saksnummer"] for s in json.loads(r.stdout)] == ["2026/1"]


def test_vedlegg_til_fil_velger_format_etter_endelsen(kjor: Kjor, tmp_path: Path) -> None:
    ok(kjor("eksempel"))
    html = tmp_path / "vedlegg-c.html"
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026", "-o", str(html)))
    assert r.stdout == ""
    assert f"Skrev vedlegg c til {html}." in r.stderr
    assert html.read_text().startswith("<!DOCTYPE html>")
    tsv = tmp_path / "a.txt"
    ok(kjor("vedlegg", "a", "--ar", "2026", "-o", str(tsv)))
    forventet = ok(kjor("vedlegg", "a", "--ar", "2026", "-f", "tsv")).stdout
    assert tsv.read_text() == forventet
    feil(kjor("vedlegg", "b", "-f", "table", "-o", str(tsv)), 2, "--format table er for skjermen")
    feil(kjor("vedlegg", "b", "-o", str(tmp_path)), 1, "er en mappe")
