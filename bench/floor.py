"""The write floor of konsreg's schema (issue 12): the rows an import writes, and nothing else.

    python bench/floor.py avtaler REGISTER.db avtaler.csv   # into a SQLite register
    python bench/floor.py saker REGISTER.db saker.csv
    python bench/floor.py copy-avtaler DIR avtaler.csv      # DIR/*.csv + DIR/load.sql for psql
    python bench/floor.py copy-saker DIR saker.csv

The register must exist with its schema (`konsreg db upgrade`). The rows are those
`konsreg import avtaler|saker` writes for the bench's files (bench/run.py makes them):
per agreement one `avtale` row, one `avtalepart` row per party and one `historikk` row
"opprettet" (as `register/historikk.py: opprettet_rader`); per case one `sak` row and its
`historikk` row; then the counters (`teller`) past the numbers used. The CSV is read with
the csv module and dd.mm.yyyy turned into ISO text by slicing: no checks of any kind, no
lookups, ids given in the insert, plain INSERTs of up to 500 rows each (as konsreg's bulk
writer, register/bulk.py: the search index's triggers write FTS5 tables, which flush at
the end of every statement) in batches inside one transaction, the connection set up as
konsreg's (foreign keys on, the register's WAL journal). An agreement's row carries its
parties' codes (`parter_tekst`, as the import writes it), so the triggers on its parties
find nothing to do. That is the physical cost of this schema, search index included, for
these rows, which no import that checks its rows can beat. It prints what it wrote as
JSON, with the seconds spent inside SQLite (the inserts and commit) apart from the total.

The copy-* forms write the same rows as CSV files for PostgreSQL's COPY, and a
DIR/load.sql that psql runs in one transaction (`psql -1 -f DIR/load.sql`) into an empty
register (ids from 1): the PostgreSQL peer of the import.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BATCH = 10_000
AV = "x"  # the bench's imports run with `--av x`
KATEGORIER = {"velferd": 1, "samhandling": 2}  # as `konsreg db upgrade` seeds them

AVTALE_KOLONNER = (
    "id, handle, tittel, kategori_id, inngatt, inngatt_presisjon, gyldig_fra, "
    "gyldig_fra_presisjon, utloper, forste_avtale, status, status_endret, fornyer_id, "
    "opprettet, endret, parter_tekst"
)
# Rows in one INSERT (register/bulk.py: RADER_PER_SETNING).
PER_SETNING = 500
PART_KOLONNER = "avtale_id, posisjon, kode"
HISTORIKK_KOLONNER = "entitet, entitet_id, felt, gammel, ny, tidspunkt, av"
SAK_KOLONNER = (
    "id, saksnummer, ar, lopenr, type, departement, tittel, beskrivelse, oppmeldt, "
    "gjentakende, meldt_inn_av, status, status_endret, opprettet, endret"
)

Rad = tuple[Any, ...]


def _iso(dato: str) -> str | None:
    """dd.mm.yyyy as ISO text (the form SQLite stores and COPY reads)."""
    return f"{dato[6:10]}-{dato[3:5]}-{dato[0:2]}" if dato else None


def _parter(tekst: str) -> list[str]:
    """`UD, LMD, ED og KS` as the bench writes it (codes only)."""
    forst, _, siste = tekst.rpartition(" og ")
    return [*forst.split(", "), siste] if forst else [siste]


def avtaler(
    fil: Path, forste_id: int, forste_nr: int, tid: str, idag: str
) -> Iterator[tuple[list[Rad], list[Rad], list[Rad]]]:
    """Batches of (avtale, avtalepart, historikk) rows of the agreements in `fil`; ids
    from `forste_id`, handles A<n> from `forste_nr`."""
    with fil.open(newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        kol = {navn: i for i, navn in enumerate(next(r))}
        it, ik, ip = kol["tittel"], kol["kategori"], kol["parter"]
        ii, iu, iforste = kol["inngatt"], kol["utloper"], kol["forste_avtale"]
        a: list[Rad] = []
        p: list[Rad] = []
        h: list[Rad] = []
        for n, rad in enumerate(r):
            id_, handle = forste_id + n, f"A{forste_nr + n}"
            forste = rad[iforste]
            parter = _parter(rad[ip])
            a.append(
                (
                    *(id_, handle, rad[it], KATEGORIER[rad[ik]], _iso(rad[ii]), None, None),
                    *(None, _iso(rad[iu]), int(forste) if forste else None, "ny", idag),
                    *(None, tid, tid, ", ".join(parter)),
                )
            )
            p.extend((id_, pos, kode) for pos, kode in enumerate(parter, start=1))
            h.append(("avtale", id_, "opprettet", None, handle, tid, AV))
            if len(a) >= BATCH:
                yield a, p, h
                a, p, h = [], [], []
        if a:
            yield a, p, h


def saker(
    fil: Path, forste_id: int, tid: str, idag: str, lopenr: dict[int, int]
) -> Iterator[tuple[list[Rad], list[Rad]]]:
    """Batches of (sak, historikk) rows of the cases in `fil` (each with its saksnummer);
    `lopenr` gets the highest number per year."""
    with fil.open(newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        kol = {navn: i for i, navn in enumerate(next(r))}
        isn, ity, idep = kol["saksnummer"], kol["type"], kol["departement"]
        iti, iopp, imia = kol["tittel"], kol["oppmeldt"], kol["meldt_inn_av"]
        s: list[Rad] = []
        h: list[Rad] = []
        for n, rad in enumerate(r):
            id_, nummer = forste_id + n, rad[isn]
            ar_, _, nr_ = nummer.partition("/")
            ar, nr = int(ar_), int(nr_)
            if nr > lopenr.get(ar, 0):
                lopenr[ar] = nr
            s.append(
                (
                    *(id_, nummer, ar, nr, rad[ity], rad[idep], rad[iti], None),
                    *(int(rad[iopp]), 0, rad[imia], "ny", idag, tid, tid),
                )
            )
            h.append(("sak", id_, "opprettet", None, nummer, tid, AV))
            if len(s) >= BATCH:
                yield s, h
                s, h = [], []
        if s:
            yield s, h


def _sett(kolonner: str) -> str:
    return ", ".join("?" * len(kolonner.split(",")))


def _skriv(conn: sqlite3.Connection, tabell: str, kolonner: str, rader: list[Rad]) -> None:
    """`rader` into `tabell`, PER_SETNING rows an INSERT (as register/bulk.py)."""
    plasser = f"({_sett(kolonner)})"
    for fra in range(0, len(rader), PER_SETNING):
        del_ = rader[fra : fra + PER_SETNING]
        verdier = ", ".join([plasser] * len(del_))
        conn.execute(
            f"INSERT INTO {tabell} ({kolonner}) VALUES {verdier}", [v for r in del_ for v in r]
        )


def skriv_sqlite(hva: str, db: Path, fil: Path) -> dict[str, Any]:
    """Write the rows of `fil` into the register `db` in one transaction."""
    start = time.perf_counter()
    naa = datetime.now(UTC).replace(microsecond=0)
    # As SQLAlchemy stores DATETIME and DATE on SQLite.
    tid, idag = naa.strftime("%Y-%m-%d %H:%M:%S.%f"), naa.date().isoformat()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=ON")
    i_sql = 0.0
    try:
        conn.execute("BEGIN IMMEDIATE")
        tabell = "avtale" if hva == "avtaler" else "sak"
        (forste_id,) = conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {tabell}").fetchone()
        rader = 0
        tellere: dict[str, int] = {}
        if hva == "avtaler":
            row = conn.execute("SELECT verdi FROM teller WHERE navn = 'avtale'").fetchone()
            forste_nr = (row[0] if row else 0) + 1
            for a, p, h in avtaler(fil, forste_id, forste_nr, tid, idag):
                t = time.perf_counter()
                _skriv(conn, "avtale", AVTALE_KOLONNER, a)
                _skriv(conn, "avtalepart", PART_KOLONNER, p)
                _skriv(conn, "historikk", HISTORIKK_KOLONNER, h)
                i_sql += time.perf_counter() - t
                rader += len(a)
            tellere["avtale"] = forste_nr + rader - 1
        else:
            lopenr: dict[int, int] = {}
            for s, h in saker(fil, forste_id, tid, idag, lopenr):
                t = time.perf_counter()
                _skriv(conn, "sak", SAK_KOLONNER, s)
                _skriv(conn, "historikk", HISTORIKK_KOLONNER, h)
                i_sql += time.perf_counter() - t
                rader += len(s)
            tellere = {f"sak/{ar}": nr for ar, nr in lopenr.items()}
        t = time.perf_counter()
        conn.executemany(
            "INSERT INTO teller (navn, verdi) VALUES (?, ?) ON CONFLICT (navn) "
            "DO UPDATE SET verdi = max(verdi, excluded.verdi)",
            sorted(tellere.items()),
        )
        conn.execute("COMMIT")
        i_sql += time.perf_counter() - t
    finally:
        conn.close()
    return {
        "hva": hva,
        "rader": rader,
        "nye": rader,
        "sqlite_s": round(i_sql, 3),
        "total_s": round(time.perf_counter() - start, 3),
    }


def skriv_copy(hva: str, mappe: Path, fil: Path) -> dict[str, Any]:
    """The same rows as CSV files for COPY into an empty register, and load.sql."""
    mappe.mkdir(parents=True, exist_ok=True)
    naa = datetime.now(UTC).replace(microsecond=0)
    tid, idag = naa.isoformat(sep=" "), naa.date().isoformat()
    ut: dict[str, Any] = {}
    filer: dict[str, tuple[str, Any]] = {}
    rader = 0

    def skriver(tabell: str, kolonner: str) -> Any:
        f = (mappe / f"{tabell}.csv").open("w", newline="", encoding="utf-8")
        filer[tabell] = (kolonner, f)
        return csv.writer(f, lineterminator="\n")

    try:
        h = skriver("historikk", HISTORIKK_KOLONNER)
        if hva == "avtaler":
            a, p = skriver("avtale", AVTALE_KOLONNER), skriver("avtalepart", PART_KOLONNER)
            for ra, rp, rh in avtaler(fil, 1, 1, tid, idag):
                a.writerows(ra)
                p.writerows(rp)
                h.writerows(rh)
                rader += len(ra)
            tellere = {"avtale": rader}
            sekvens = "avtale"
        else:
            lopenr: dict[int, int] = {}
            s = skriver("sak", SAK_KOLONNER)
            for rs, rh in saker(fil, 1, tid, idag, lopenr):
                s.writerows(rs)
                h.writerows(rh)
                rader += len(rs)
            tellere = {f"sak/{ar}": nr for ar, nr in sorted(lopenr.items())}
            sekvens = "sak"
    finally:
        for _, f in filer.values():
            f.close()
    # The parents first (avtale before avtalepart), as the foreign keys need.
    orden = ["avtale", "avtalepart", "sak", "historikk"]
    linjer = [
        f"\\copy {t} ({filer[t][0]}) FROM '{mappe / (t + '.csv')}' WITH (FORMAT csv)"
        for t in orden
        if t in filer
    ]
    linjer.append(
        f"SELECT setval('{sekvens}_id_seq', {max(rader, 1)}, {'true' if rader else 'false'});"
    )
    for navn, verdi in tellere.items():
        linjer.append(
            f"INSERT INTO teller (navn, verdi) VALUES ('{navn}', {verdi}) ON CONFLICT (navn) "
            "DO UPDATE SET verdi = greatest(teller.verdi, excluded.verdi);"
        )
    (mappe / "load.sql").write_text("\n".join(linjer) + "\n", encoding="utf-8")
    ut.update(hva=hva, rader=rader, mappe=str(mappe))
    return ut


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[0] not in ("avtaler", "saker", "copy-avtaler", "copy-saker"):
        print(__doc__, file=sys.stderr)
        return 2
    hva, maal, fil = argv[0], Path(argv[1]), Path(argv[2])
    if hva.startswith("copy-"):
        svar = skriv_copy(hva.removeprefix("copy-"), maal, fil)
    else:
        if not maal.is_file():
            print(
                f"floor: {maal} does not exist (make it with `konsreg db upgrade`)", file=sys.stderr
            )
            return 2
        svar = skriv_sqlite(hva, maal, fil)
    print(json.dumps(svar))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
