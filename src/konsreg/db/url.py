"""Where the register lives, as a URL: one resolver for the CLI and migrations/env.py,
passwords never shown, and how long a command waits for a lock."""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, make_url
from sqlalchemy.exc import ArgumentError

from konsreg.db.konstanter import _HEMMELIGE_VALG, BUSY_TIMEOUT_S, VENTETID_MAKS_S
from konsreg.errors import Databasefeil
from konsreg.tekst import synlig


def ventetid() -> float:
    """Seconds to wait for a lock: KONSREG_VENTETID, else BUSY_TIMEOUT_S."""
    tekst = os.environ.get("KONSREG_VENTETID", "").strip()
    if not tekst:
        return float(BUSY_TIMEOUT_S)
    try:
        verdi = float(tekst.replace(",", "."))
    except ValueError:
        verdi = math.nan
    if not 0 <= verdi <= VENTETID_MAKS_S:  # also NaN
        raise Databasefeil(
            f"KONSREG_VENTETID må være et antall sekunder fra 0 til {VENTETID_MAKS_S} "
            f"(f.eks. 15), ikke «{synlig(tekst[:40])}»."
        )
    return verdi


def vis_sekunder(sekunder: float) -> str:
    """15 → "15 s", 0.5 → "0,5 s"."""
    tall = f"{sekunder:.1f}".rstrip("0").rstrip(".") if sekunder % 1 else f"{sekunder:.0f}"
    return f"{tall.replace('.', ',')} s"


def sqlite_url(sti: Path) -> URL:
    # URL.create keeps spaces, '?', '#' and '%' in the path as they are.
    return URL.create("sqlite+pysqlite", database=str(sti))


def _kod_brukerinfo(url: str) -> str:
    """`url` with every '@' of its user info percent-encoded.

    The user info ends at the LAST '@' of the authority, as urllib reads it (RFC 3986);
    SQLAlchemy's own parser stops at the first, so a raw '@' in a password
    (`bruker:Hem@melig@vert/db`) made the rest of the password the host."""
    skille = url.find("://")
    if skille < 0:
        return url
    start = skille + 3
    slutt = len(url)
    for tegn in "/?":
        posisjon = url.find(tegn, start)
        if posisjon >= 0:
            slutt = min(slutt, posisjon)
    brukerinfo, at, vert = url[start:slutt].rpartition("@")
    if not at or "@" not in brukerinfo:
        return url
    return f"{url[:start]}{brukerinfo.replace('@', '%40')}@{vert}{url[slutt:]}"


def les_url(url: str) -> URL:
    """KONSREG_DATABASE_URL as a URL; ArgumentError/ValueError when it is none."""
    return make_url(_kod_brukerinfo(url))


def database_url(*, sti: Path | None, url: str | None) -> URL:
    """The URL to open: an explicit SQLAlchemy URL wins over a file path."""
    if url:
        try:
            parsed = les_url(url)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            raise Databasefeil(
                "KONSREG_DATABASE_URL er ikke en gyldig database-URL; "
                "skriv den som postgresql+psycopg://bruker@vert/database."
            ) from None
        if parsed.drivername == "postgresql":
            # psycopg 3 is the driver the postgres extra installs.
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed
    if sti is None:
        raise Databasefeil("Ingen database er valgt.")
    return sqlite_url(sti)


def vis_url(url: URL) -> str:
    """The URL as it may be shown to a user: the one way konsreg shows a URL.

    Rendered from the parsed URL, never by editing text: the password is `***`, also
    one given as `?password=` (libpq takes it there too). A URL that cannot be
    rendered is `***` whole. A SQLite file is shown by its path as it is, not
    percent-encoded (æ, not %C3%A6)."""
    try:
        if er_sqlite(url) and url.database and not url.query:
            return synlig(f"{url.drivername}:///{url.database}")
        skjul = {navn: "SKJULT" for navn in _HEMMELIGE_VALG if navn in url.query}
        vist = url.update_query_dict(skjul).render_as_string(hide_password=True)
        for navn in skjul:
            vist = vist.replace(f"{navn}=SKJULT", f"{navn}=***")
        return synlig(vist)
    except Exception:
        return "***"


def hemmeligheter(url: URL | None) -> list[str]:
    """The secrets in `url` (its password, `?password=`), as given and percent-encoded:
    text that must never be shown, so a driver message holding one is not shown."""
    if url is None:
        return []
    verdier: list[str] = []
    try:
        kandidater: list[Any] = [url.password]
        for navn in _HEMMELIGE_VALG:
            verdi = url.query.get(navn)
            kandidater += list(verdi) if isinstance(verdi, tuple) else [verdi]
    except Exception:
        return []
    for verdi in kandidater:
        if isinstance(verdi, str) and verdi:
            verdier += [verdi, quote(verdi, safe="")]
    return list(dict.fromkeys(verdier))


def driver_tekst(feil: BaseException, url: URL | None) -> str | None:
    """The first line of what the driver said, or None when it holds a secret of `url`
    (then the caller says something generic instead of editing the line)."""
    orig = getattr(feil, "orig", None) or feil
    tekst = str(orig).strip()
    linje = tekst.splitlines()[0] if tekst else type(orig).__name__
    if any(h in tekst for h in hemmeligheter(url)):
        return None
    return synlig(linje)


def er_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def standardfil() -> Path:
    """The embedded default: `konsreg.db` in the user's application directory (made,
    owner only, on first use). KONSREG_DB names another file."""
    env = os.environ.get("KONSREG_DB")
    if env:
        return Path(env).expanduser()
    mappe = appmappe()
    mappe.mkdir(parents=True, exist_ok=True, mode=0o700)
    return mappe / "konsreg.db"


def appmappe() -> Path:
    """The user's application folder for konsreg: the one `typer.get_app_dir("konsreg")`
    names (a test keeps them equal), worked out here so the database layer needs no CLI."""
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA") or os.path.expanduser("~")) / "konsreg"
    if sys.platform == "darwin":
        return Path(os.path.expanduser("~/Library/Application Support")) / "konsreg"
    return Path(os.environ.get("XDG_CONFIG_HOME", os.path.expanduser("~/.config"))) / "konsreg"


def hvor(*, db: Path | None = None) -> URL:
    """Where the register lives, for the CLI and for migrations/env.py alike: `--db`
    (a SQLite file), else KONSREG_DATABASE_URL (any SQLAlchemy URL), else KONSREG_DB,
    else the default file."""
    if db is not None:
        return database_url(sti=db.expanduser(), url=None)
    if adresse := os.environ.get("KONSREG_DATABASE_URL"):
        return database_url(sti=None, url=adresse)
    return database_url(sti=standardfil(), url=None)
