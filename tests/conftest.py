"""Every test gets its own register: a SQLite file in tmp_path, or (with
KONSREG_TEST_BACKEND=postgres) its own schema in the PostgreSQL test database.
No test can reach a user's real register: HOME and XDG_CONFIG_HOME point into
tmp_path too.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from typer.testing import CliRunner

from konsreg.cli.app import app

BACKEND = os.environ.get("KONSREG_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("KONSREG_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
I_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _pg_tilgjengelig() -> str | None:
    """None if PostgreSQL answers, else the reason it does not."""
    try:
        import psycopg  # noqa: F401
        from sqlalchemy import create_engine, text
    except ImportError as feil:
        return f"psycopg er ikke installert ({feil})"
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as feil:
        return f"PostgreSQL svarer ikke på {PG_URL}: {str(feil).splitlines()[0]}"
    return None


_PG_GRUNN: str | None = None
if BACKEND == "postgres":
    _PG_GRUNN = _pg_tilgjengelig()


def krever_pg() -> None:
    """Skip (never in CI) when the PostgreSQL server cannot be reached."""
    grunn = _pg_tilgjengelig()
    if grunn:
        if I_CI:
            pytest.fail(f"CI skal ha PostgreSQL: {grunn}")
        pytest.skip(grunn)


@pytest.fixture
def pg_schema_url() -> Iterator[str]:
    """A fresh schema in the PostgreSQL test database, as a URL whose connections use it."""
    krever_pg()
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    navn = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{navn}"'))
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={navn}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{navn}" CASCADE'))
        engine.dispose()


_BYGG = getattr(typer.testing, "_get_command", None)
_BYGD = functools.cache(_BYGG) if _BYGG is not None else None


@pytest.fixture(autouse=True)
def eget_register(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Path]:
    """Point the register at this test's own database, whatever the environment says."""
    # CliRunner builds the click command tree on every invoke (~0.1 s); build it once,
    # as the program itself does once per process.
    if _BYGD is not None:
        monkeypatch.setattr(typer.testing, "_get_command", _BYGD)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("USER", "tester")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("KONSREG_DEBUG", raising=False)
    monkeypatch.delenv("KONSREG_KLOKKE", raising=False)
    sti = tmp_path / "konsreg.db"
    monkeypatch.setenv("KONSREG_DB", str(sti))
    monkeypatch.delenv("KONSREG_DATABASE_URL", raising=False)
    if BACKEND == "postgres" and "bare_sqlite" not in request.keywords:
        if _PG_GRUNN:
            if I_CI:
                pytest.fail(f"CI skal ha PostgreSQL: {_PG_GRUNN}")
            pytest.skip(_PG_GRUNN)
        url = request.getfixturevalue("pg_schema_url")
        monkeypatch.setenv("KONSREG_DATABASE_URL", url)
    yield sti


@pytest.fixture
def pa_postgres() -> bool:
    return BACKEND == "postgres"


Kjor = Callable[..., Any]


@pytest.fixture
def kjor() -> Kjor:
    """Run `konsreg ARGS` in-process; returns the result with stdout and stderr apart."""
    runner = CliRunner()

    def _kjor(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Any:
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return _kjor


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "bare_sqlite: the test is about SQLite files and always uses SQLite"
    )


@pytest.fixture
def okt(eget_register: Path) -> Iterator[Any]:
    """A write session on this test's own register, for tests of the register itself
    (no CLI); committed when the test ends, like a command."""
    from konsreg import db
    from konsreg.cli.felles import Tilstand

    engine = db.apne_register(Tilstand().url())
    try:
        with db.skriveokt(engine) as session:
            yield session
    finally:
        engine.dispose()
