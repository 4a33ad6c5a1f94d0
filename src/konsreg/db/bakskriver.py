"""An import's SQLite INSERTs in a thread of their own, while the program reads and
checks the next rows (issue 12).

SQLite releases Python's GIL while it executes a statement, so one thread can write a
batch while the other reads and checks the next; the thread that writes runs no Python
of its own beyond handing each prepared statement to the driver. (Checking in the
thread and writing in the main thread, tried twice before, gained nothing: both threads
then run Python and hand the GIL back and forth.) 100,000 agreements on this 2-core
machine: 5.5–5.7 s → 4.0–4.8 s (medians of seven interleaved runs 5.60 → 4.29 s, the
write floor 3.37 s), the same user CPU time (4.97 s) (bench/RESULTS.md, 28.11.2026).

One connection, used by one thread at a time: while statements are waiting or running
in the writer, every statement of the session's own first waits for them (the engine's
`before_cursor_execute` hook, `vent_pa`), and `i_bakgrunnen` waits for them, or stops
the writer, before the transaction is committed or rolled back. A writer's error (a
constraint, a full disk) is SQLAlchemy's, as if the session had run the statement, and
is raised at the next wait; what was sent after it is not run.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

# The key in the DBAPI connection's `info` while a writer has it.
NOKKEL = "konsreg.bakskriver"
# How long (s) the thread that runs Python keeps the GIL when the writer wants it back
# after a statement. With Python's 5 ms the writer waits up to that after each of an
# import's ~1,100 statements: 100,000 agreements in 5.6 s (median of six), 1 ms 5.2 s,
# 0.5 ms 4.5 s, 0.2 ms 4.2–4.3 s, 0.1 and 0.05 ms no better (28.11.2026).
BYTTE_S = 0.0002

_SLUTT = None  # the queue's last item


class Bakskriver:
    """Runs the statements it is sent, in order, on `ra` (a `sqlite3.Connection`)."""

    def __init__(self, ra: Any, dialekt: Any) -> None:
        self._ra = ra
        self._dialekt = dialekt
        self._ko: queue.Queue[tuple[str, Sequence[Any]] | None] = queue.Queue()
        self._feil: BaseException | None = None
        self._stopp = False
        self._trad = threading.Thread(target=self._kjor, name="konsreg-skriver", daemon=True)
        self._trad.start()

    def send(self, sql: str, parametre: Sequence[Any]) -> None:
        if self._feil is not None:
            raise self._feil  # a statement failed: nothing after it may seem written
        if self._stopp:
            # Stopped (Ctrl-C): a statement now would never run, and a wait for it would
            # never end.
            raise RuntimeError("skrivetråden er stanset")
        self._ko.put((sql, parametre))

    def vent(self) -> None:
        """Wait until every statement sent has run; raise the writer's error, if any.
        Interrupted (Ctrl-C), the writer is stopped before the interruption goes on:
        SQLAlchemy closes the connection when Ctrl-C comes during a statement's hook,
        and closing it under a running statement crashed the process (28.11.2026)."""
        try:
            self._ko.join()
        except BaseException:
            self.avslutt()
            raise
        if self._feil is not None:
            # Kept, and raised at every wait: caught once, it must not let the block
            # end as if the statements after it had run.
            raise self._feil

    def avslutt(self) -> None:
        """Stop the thread (what is still waiting is not run) and wait for it."""
        self._stopp = True
        self._ko.put(_SLUTT)
        avbrutt = False
        while self._trad.is_alive():
            # A second Ctrl-C must not leave the thread running while the caller rolls
            # back on the same connection: wait on (a statement takes milliseconds).
            try:
                self._trad.join()
            except KeyboardInterrupt:
                avbrutt = True
        if avbrutt:
            raise KeyboardInterrupt

    def _kjor(self) -> None:
        markor = self._ra.cursor()
        try:
            while True:
                jobb = self._ko.get()
                try:
                    if jobb is _SLUTT:
                        return
                    if not self._stopp and self._feil is None:
                        markor.execute(*jobb)
                except BaseException as feil:
                    self._feil = self._som_sqlalchemy(feil, jobb)
                finally:
                    self._ko.task_done()
        finally:
            # The connection may be closed already (SQLAlchemy invalidated it on Ctrl-C
            # while this thread waited for work): nothing to close then.
            with suppress(Exception):
                markor.close()

    def _som_sqlalchemy(self, feil: BaseException, jobb: Any) -> BaseException:
        """The driver's error as SQLAlchemy wraps it when a session runs a statement
        (what the CLI's error boundary translates)."""
        import sqlite3

        from sqlalchemy.exc import DBAPIError

        if not isinstance(feil, sqlite3.Error):
            return feil
        sql = jobb[0] if jobb else ""
        return DBAPIError.instance(
            sql, None, feil, sqlite3.Error, hide_parameters=True, dialect=self._dialekt
        )


def vent_pa(forbindelse: Any) -> None:
    """Before a statement of the session's own: wait for the writer (engine hook)."""
    skriver = forbindelse.info.get(NOKKEL)
    if skriver is not None:
        skriver.vent()


def send(forbindelse: Any, sql: str, parametre: Sequence[Any]) -> bool:
    """Hand a statement to the writer that has this connection; False where none has
    it (the caller runs the statement itself)."""
    skriver = forbindelse.info.get(NOKKEL)
    if skriver is None:
        return False
    skriver.send(sql, parametre)
    return True


@contextmanager
def i_bakgrunnen(session: Any) -> Iterator[None]:
    """Within the block, the bulk INSERTs (`register/bulk.py`) of this SQLite session run
    in a writer thread; on PostgreSQL (COPY), or where the driver connection may not be
    shared with a thread, nothing changes. On the way out every statement sent has run
    (an error of one is raised), or, when the block fails, the writer is stopped first:
    the transaction is then whole either way."""
    forbindelse = session.connection()
    ra = forbindelse.connection.driver_connection
    if forbindelse.dialect.name != "sqlite" or NOKKEL in forbindelse.info or not _delbar(ra):
        yield
        return
    # The dict itself: after Ctrl-C SQLAlchemy may have invalidated the connection, and
    # asking it for its `info` again would raise instead of cleaning up.
    info = forbindelse.info
    bytte = sys.getswitchinterval()
    skriver: Bakskriver | None = None
    try:
        skriver = Bakskriver(ra, forbindelse.dialect)
        info[NOKKEL] = skriver
        sys.setswitchinterval(BYTTE_S)
        yield
        skriver.vent()
    finally:
        try:
            if skriver is not None:
                skriver.avslutt()
        finally:
            info.pop(NOKKEL, None)
            sys.setswitchinterval(bytte)


def _delbar(ra: Any) -> bool:
    """Whether the sqlite3 connection may be used from another thread (SQLAlchemy opens
    file registers with check_same_thread=False; a URL may say otherwise)."""
    svar: list[bool] = []

    def prov() -> None:
        import sqlite3

        try:
            ra.execute("SELECT 1").close()
            svar.append(True)
        except sqlite3.ProgrammingError:
            svar.append(False)

    trad = threading.Thread(target=prov)
    trad.start()
    trad.join()
    return svar == [True]
