"""Files konsreg writes (exports, appendices, backups): atomically, and never the register.

A file is written to a temporary name in its target's folder, flushed to disk and then
renamed over the target, so a full disk, a killed process or a failed export never
leaves a partial file where a good one was. Before anything is written the target is
compared, by device and inode, with the register and its -wal/-shm/-journal files: a
hard link or a symlink to the register is the register.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from konsreg.errors import KonsregFeil, os_feil
from konsreg.tekst import synlig

SIDEFILER = ("-wal", "-shm", "-journal")


def registerfiler(register: str | os.PathLike[str] | None) -> list[Path]:
    """The files a SQLite register consists of (those that may exist)."""
    if not register:
        return []
    sti = Path(register)
    return [sti, *(Path(f"{sti}{ending}") for ending in SIDEFILER)]


def er_samme_fil(a: Path, b: Path) -> bool:
    """The same file by device and inode (a hard link or a symlink counts)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def sjekk_mal(sti: Path, *, vern: Iterable[Path] = ()) -> Path:
    """The file to write for `sti`: a symlink is written through to the file it names.
    Refuses a folder, a missing folder and any file in `vern` (the register's files)."""
    mal = Path(os.path.realpath(sti))
    vist = synlig(str(sti))
    if mal.is_dir():
        raise KonsregFeil(f"{vist} er en mappe; oppgi filen som skal skrives.")
    for fil in vern:
        if er_samme_fil(mal, fil) or mal == Path(os.path.realpath(fil)):
            raise KonsregFeil(
                f"{vist} er selve registeret ({synlig(str(fil))}); skriv til en annen fil."
            )
    if not mal.parent.is_dir():
        raise KonsregFeil(f"Kan ikke skrive {vist}: mappen {synlig(str(sti.parent))} finnes ikke.")
    if mal.exists() and not mal.is_file():
        raise KonsregFeil(f"{vist} er ikke en vanlig fil; oppgi en fil å skrive til.")
    return mal


def _modus(mal: Path) -> int:
    """Keep an existing file's permissions; a new file gets what the umask allows."""
    try:
        return stat.S_IMODE(os.stat(mal).st_mode)
    except FileNotFoundError:
        maske = os.umask(0)
        os.umask(maske)
        return 0o666 & ~maske


def _fsync_mappe(mappe: Path) -> None:
    # The rename is durable once the folder is on disk; some filesystems refuse this.
    with contextlib.suppress(OSError):
        fd = os.open(mappe, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextmanager
def midlertidig_ved(
    sti: Path, *, vern: Iterable[Path] = (), modus: int | None = None
) -> Iterator[Path]:
    """A new, empty temporary file beside `sti` (with `modus`, else the mode the result
    should have); renamed over `sti` when the block ends without an error, removed
    otherwise. Only the file this made is ever removed."""
    mal = sjekk_mal(sti, vern=vern)
    try:
        fd, navn = tempfile.mkstemp(dir=mal.parent, prefix=f".{mal.name}.", suffix=".tmp")
    except OSError as feil:
        raise os_feil(feil, sti) from None
    midlertidig = Path(navn)
    try:
        os.fchmod(fd, _modus(mal) if modus is None else modus)
        os.close(fd)
        yield midlertidig
        fd = os.open(midlertidig, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(midlertidig, mal)
        _fsync_mappe(mal.parent)
    except OSError as feil:
        midlertidig.unlink(missing_ok=True)
        raise os_feil(feil, sti) from None
    except BaseException:
        midlertidig.unlink(missing_ok=True)
        raise


@contextmanager
def skriv_atomisk(
    sti: Path,
    *,
    vern: Iterable[Path] = (),
    encoding: str = "utf-8",
    newline: str | None = "",
) -> Iterator[IO[Any]]:
    """A text file opened for writing at a temporary name; it replaces `sti` whole when
    the block ends without an error, and nothing changes otherwise."""
    with midlertidig_ved(sti, vern=vern) as midlertidig:
        try:
            with midlertidig.open("w", encoding=encoding, newline=newline) as ut:
                yield ut
        except OSError as feil:
            raise os_feil(feil, sti) from None
