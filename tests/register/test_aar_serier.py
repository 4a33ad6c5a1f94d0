"""Issue 11, item 8: the links of a series under two users at once, and a series an old
import left in a ring."""

from __future__ import annotations

from typing import Any

import pytest

from konsreg.errors import Ugyldig
from konsreg.register import avtaler
from tests.register.test_aar_avtale import _avtale, _lenk


def test_to_som_lenker_hver_sin_vei_samtidig_gir_ingen_ring(
    eget_register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One user links A2 to A1 while another links A1 to A2. Each alone is fine; both would
    # be a ring. The second must see the first's link and be refused in words: links are
    # set one at a time (PostgreSQL: a lock, without which the two deadlocked on each
    # other's row; SQLite: the write lock).
    import threading

    from sqlalchemy import text

    from konsreg import db
    from konsreg.cli.felles import Tilstand

    engine = db.apne_register(Tilstand().url())
    try:
        with db.skriveokt(engine) as s:
            _avtale(s, tittel="En")
            _avtale(s, tittel="To")
        utfall: dict[str, Any] = {}

        def den_andre() -> None:
            try:
                with db.skriveokt(engine) as annen:
                    utfall["svar"] = _lenk(annen, "A1", "A2")
            except Ugyldig as feil:
                utfall["svar"] = feil.melding
            except Exception as feil:  # without the lock: a deadlock on PostgreSQL
                utfall["svar"] = repr(feil)

        ekte = avtaler.lenker
        trad = threading.Thread(target=den_andre)

        def mens_den_andre_venter(*, session: Any) -> dict[str, str | None]:
            if threading.current_thread() is trad:
                return ekte(session=session)
            trad.start()
            if session.get_bind().dialect.name == "postgresql":
                # Until the other waits for the lock (or, without one, has finished).
                with engine.connect() as se:
                    for _ in range(200):
                        venter = se.execute(
                            text("SELECT count(*) FROM pg_locks WHERE NOT granted")
                        ).scalar()
                        if venter or not trad.is_alive():
                            break
                        trad.join(0.05)
            return ekte(session=session)

        monkeypatch.setattr(avtaler, "lenker", mens_den_andre_venter)
        with db.skriveokt(engine) as s:
            assert _lenk(s, "A2", "A1") == ["fornyer"]
        monkeypatch.setattr(avtaler, "lenker", ekte)
        trad.join(30)
        assert "så serien ville gå i ring" in utfall["svar"]
        with db.leseokt(engine) as s:
            assert avtaler.lenker(session=s) == {"A1": None, "A2": "A1"}
    finally:
        engine.dispose()


def test_serien_til_en_ring_fra_en_gammel_import_tar_slutt(okt: Any) -> None:
    from sqlalchemy import update
    from sqlmodel import col

    from konsreg.models import Avtale

    a, b, c = (_avtale(okt, tittel=t) for t in ("En", "To", "Tre"))
    ider = {x.handle: x.id for x in (avtaler.hent(session=okt, handle=h) for h in (a, b, c))}
    for fra, til in ((a, b), (b, a), (c, a)):
        okt.execute(update(Avtale).where(col(Avtale.id) == ider[fra]).values(fornyer_id=ider[til]))
    okt.expire_all()
    assert avtaler.vis(session=okt, handle=a)[3] == [b, a, c]
    assert avtaler.vis(session=okt, handle=c)[3] == [b, a, c]
