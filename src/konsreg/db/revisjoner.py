"""The Alembic revisions konsreg knows: its migrations/ folder (shipped inside the
installed package) and the configuration that points Alembic at it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from konsreg.errors import Databasefeil


def migrations_dir() -> Path:
    """migrations/ inside the installed package, or beside src/ in a checkout."""
    pakke = Path(str(resources.files("konsreg"))) / "migrations"
    if (pakke / "env.py").is_file():
        return pakke
    kilde = Path(__file__).resolve().parents[3] / "migrations"
    if (kilde / "env.py").is_file():
        return kilde
    raise Databasefeil("Finner ikke migrasjonene til konsreg; installasjonen er ufullstendig.")


def alembic_config(conn: Any = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = conn
    return cfg


def kjente_revisjoner() -> set[str]:
    from alembic.script import ScriptDirectory

    skript = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in skript.walk_revisions()}
