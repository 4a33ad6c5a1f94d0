"""The import's writer thread (db/bakskriver.py): statements run in order, the session
waits for them, an error of the writer is SQLAlchemy's and stops what follows, and the
thread is gone (and Python's switch interval back) however the block ends."""

from __future__ import annotations

import sqlite3
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from konsreg.db import bakskriver
from konsreg.register import bulk

pytestmark = pytest.mark.bare_sqlite

TID = datetime(2026, 11, 28, 9, tzinfo=UTC)
KOLONNER = ("entitet", "entitet_id", "felt", "gammel", "ny", "tidspunkt", "av")


def _historikk() -> Any:
    from konsreg.models import Historikk

    return Historikk.__table__  # type: ignore[attr-defined]


def _rader(n: int, fra: int = 1) -> list[tuple[Any, ...]]:
    return [("avtale", i, "opprettet", None, None, TID, "x") for i in range(fra, fra + n)]


def _skrivere() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "konsreg-skriver"]


def _antall(okt: Any, tabell: str) -> int:
    return int(okt.execute(text(f"SELECT count(*) FROM {tabell}")).scalar_one())


def _send_brudd(okt: Any) -> bool:
    """Send the writer a row its register refuses: a party of an agreement that does not
    exist (a foreign key)."""
    return bakskriver.send(
        okt.connection(),
        "INSERT INTO avtalepart (avtale_id, posisjon, kode) VALUES (?, ?, ?)",
        (999, 1, "KS"),
    )


def test_setningene_gar_til_traden_og_okten_venter_pa_dem(okt: Any) -> None:
    """1,234 rows (three INSERTs) sent to the writer; the session's next statement sees
    them all. The thread lives only inside the block."""
    sendt: list[str] = []
    with bakskriver.i_bakgrunnen(okt):
        assert len(_skrivere()) == 1
        forbindelse = okt.connection()
        skriver = forbindelse.info[bakskriver.NOKKEL]
        ekte = skriver.send

        def send(sql: str, parametre: Any) -> None:
            sendt.append(sql)
            ekte(sql, parametre)

        skriver.send = send
        bulk.sett_inn(okt, _historikk(), KOLONNER, _rader(1234))
        assert _antall(okt, "historikk") == 1234
        assert sys.getswitchinterval() == pytest.approx(bakskriver.BYTTE_S)
    assert len(sendt) == 3 and all(s.startswith("INSERT INTO historikk") for s in sendt)
    assert _skrivere() == [] and sys.getswitchinterval() != pytest.approx(bakskriver.BYTTE_S)
    assert bakskriver.NOKKEL not in okt.connection().info


def test_en_feil_i_traden_kommer_ved_neste_setning_og_stanser_resten(okt: Any) -> None:
    """A party of an agreement that does not exist (a foreign key): SQLAlchemy's
    IntegrityError at the session's next statement, and the rows sent after it are not
    written."""
    for_ = sys.getswitchinterval()
    with pytest.raises(IntegrityError) as feil, bakskriver.i_bakgrunnen(okt):
        assert _send_brudd(okt)
        bulk.sett_inn(okt, _historikk(), KOLONNER, _rader(3))
        okt.execute(text("SELECT 1")).all()
        pytest.fail("the session's statement should have raised the writer's error")
    assert isinstance(feil.value.orig, sqlite3.IntegrityError)
    assert "INSERT INTO avtalepart" in str(feil.value.statement)
    assert _skrivere() == [] and sys.getswitchinterval() == for_
    assert _antall(okt, "historikk") == 0  # before the rollback: they were never run
    okt.rollback()


def test_en_feil_i_traden_kommer_senest_nar_blokken_slutter(okt: Any) -> None:
    with pytest.raises(IntegrityError), bakskriver.i_bakgrunnen(okt):
        _send_brudd(okt)
    assert _skrivere() == []


def test_en_blokk_som_feiler_stanser_traden_for_den_slipper(okt: Any) -> None:
    """The block's own error goes on as it is; the writer is stopped and gone before
    the caller rolls back (nothing of the block's is left)."""
    with pytest.raises(RuntimeError, match="halvveis"), bakskriver.i_bakgrunnen(okt):
        for i in range(20):
            bulk.sett_inn(okt, _historikk(), KOLONNER, _rader(500, 1 + 500 * i))
        raise RuntimeError("halvveis")
    assert _skrivere() == []
    okt.rollback()
    assert _antall(okt, "historikk") == 0


def test_en_forbindelse_som_ikke_kan_deles_skriver_selv(tmp_path: Path) -> None:
    """A URL that keeps sqlite3's check_same_thread: no thread, the caller writes."""
    engine = create_engine(f"sqlite:///{tmp_path / 'egen.db'}?check_same_thread=true")
    try:
        with Session(engine) as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            with bakskriver.i_bakgrunnen(session):
                assert _skrivere() == []
                forbindelse = session.connection()
                assert not bakskriver.send(forbindelse, "INSERT INTO t VALUES (?)", (1,))
            session.commit()
    finally:
        engine.dispose()


def test_blokkene_nestes_ikke(okt: Any) -> None:
    """An inner block on the same connection leaves the outer writer in charge."""
    with bakskriver.i_bakgrunnen(okt):
        with bakskriver.i_bakgrunnen(okt):
            assert len(_skrivere()) == 1
        assert bakskriver.NOKKEL in okt.connection().info
    assert _skrivere() == []


def test_ctrl_c_mens_traden_stanses_venter_likevel_pa_den(okt: Any) -> None:
    """A second Ctrl-C while the writer is being stopped: the thread is waited for all the
    same (the caller rolls back on the same connection next), then Ctrl-C goes on."""
    skriver = bakskriver.Bakskriver(okt.connection().connection.driver_connection, None)
    ekte = skriver._trad.join
    kall: list[bool] = []

    def join(timeout: float | None = None) -> None:
        kall.append(True)
        if len(kall) == 1:
            raise KeyboardInterrupt
        ekte(timeout)

    skriver._trad.join = join  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        skriver.avslutt()
    assert len(kall) == 2 and not skriver._trad.is_alive()


def test_en_fanget_feil_glemmes_ikke(okt: Any) -> None:
    """Caught once, the writer's error comes again at the next statement sent and at the
    end of the block: the block cannot end as if the rows after it were written."""
    with pytest.raises(IntegrityError), bakskriver.i_bakgrunnen(okt):
        _send_brudd(okt)
        with pytest.raises(IntegrityError):
            okt.execute(text("SELECT 1")).all()
        with pytest.raises(IntegrityError):
            bulk.sett_inn(okt, _historikk(), KOLONNER, _rader(3))
    assert _skrivere() == []
    assert _antall(okt, "historikk") == 0


def test_en_stanset_skriver_tar_ikke_imot_mer(okt: Any) -> None:
    """After the writer is stopped, a statement sent is refused at once (it would never
    run, and the next wait would wait for ever)."""
    skriver = bakskriver.Bakskriver(okt.connection().connection.driver_connection, None)
    skriver.avslutt()
    with pytest.raises(RuntimeError, match="stanset"):
        skriver.send("SELECT 1", ())
    skriver.vent()  # nothing waiting: returns
