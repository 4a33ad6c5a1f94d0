"""Reliability under load (issue 5), the slow half: numbering with many writers at once,
imports of 10,000 rows killed with SIGKILL at random moments, a bad last row of 10,000,
fuzzed command lines and import files, and a backup taken while another process writes.

Every test is marked slow; CI runs them on SQLite and on PostgreSQL. The loops are the
issue's numbers and no bigger, the random moments come from a fixed seed, and each test
prints its figures into the test log (`[sqlite] ...`, `[postgres] ...`).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, make_url, text

from tests.conftest import BACKEND, I_CI, Kjor
from tests.hjelp import (
    avtale_args,
    bygg_kommandoen_en_gang,  # noqa: F401  (autouse)
    ny_avtale,
    ny_sak,
    ok,
    sak_args,
    saker_json,
    tabellinnhold,
)
from tests.samtidig.test_palitelighet import (
    Nummerering,
    avtalerader,
    eksport_alt,
    forste_linje,
    importfil,
    innhold,
    integritet,
    les_nummerering,
    meld,
    python_konsreg,
    register_url,
    sakrader,
    sha,
    sjekk_uten_hull,
    sqlite_fil,
)

pytestmark = pytest.mark.slow


# -- 1. numbering under load ----------------------------------------------------------------

# A worker: its own process and its own connections (each command opens and closes its
# engine), waits at the start line, then registers ANTALL cases in 2026 through the CLI's
# own entry point, one after the other.
ARBEIDER = r"""
import sys, time
from pathlib import Path
from typer.main import get_command
from konsreg.cli.app import app

konsreg = get_command(app)
start, navn, antall = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
Path(f"{start}.{navn}").touch()
while not start.exists():
    time.sleep(0.005)
for i in range(antall):
    kode = konsreg.main(
        ["sak", "ny", "-t", "kostnad", "-d", "HOD", "--tittel", f"{navn} {i}",
         "--oppmeldt", "2026", "--meldt-inn-av", "KS", "-q"],
        standalone_mode=False,
    )
    if kode:
        sys.exit(kode)
"""


def test_nummerering_under_last(
    tmp_path: Path, kjor: Kjor, capsys: pytest.CaptureFixture[str]
) -> None:
    prosesser_n, antall = (8, 250) if BACKEND == "postgres" else (4, 250)
    n = prosesser_n * antall
    ok(kjor("db", "upgrade"))
    start = tmp_path / "start"
    prosesser = [
        subprocess.Popen(
            [sys.executable, "-c", ARBEIDER, str(start), f"p{k}", str(antall)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            text=True,
        )
        for k in range(prosesser_n)
    ]
    try:
        klare = [Path(f"{start}.p{k}") for k in range(prosesser_n)]
        while not all(k.exists() for k in klare):
            for p in prosesser:
                assert p.poll() is None, p.communicate()
            time.sleep(0.01)
        t0 = time.monotonic()
        start.touch()
        resultater = [p.communicate(timeout=900) for p in prosesser]
        tid = time.monotonic() - t0
    finally:
        for p in prosesser:
            if p.poll() is None:
                p.kill()
                p.wait()
    for p, (_, feilut) in zip(prosesser, resultater, strict=True):
        assert p.returncode == 0, feilut
        assert feilut == ""  # no error, no warning reached a user
    skrevet = [linje for ut, _ in resultater for linje in ut.splitlines()]
    assert Counter(skrevet) == Counter(f"2026/{i}" for i in range(1, n + 1))
    # Each process got increasing numbers, in the order it asked.
    for ut, _ in resultater:
        egne = [int(linje.split("/")[1]) for linje in ut.splitlines()]
        assert egne == sorted(egne) and len(egne) == antall
    # The register agrees: every number 1..N once, the counter at N.
    engine = create_engine(register_url())
    try:
        with engine.connect() as conn:
            nummerering = les_nummerering(conn)
    finally:
        engine.dispose()
    sjekk_uten_hull(nummerering)
    assert nummerering.saker == {2026: list(range(1, n + 1))}
    assert len({s["tittel"] for s in saker_json(kjor)}) == n
    fil = sqlite_fil()
    if fil is not None:
        assert integritet(fil) == "ok"
    meld(
        capsys,
        f"{prosesser_n} prosesser × {antall} «sak ny» i 2026: {n} saksnumre 2026/1–2026/{n}, "
        f"hvert nøyaktig én gang, ingen feil, på {tid:.1f} s ({n / tid:.0f} per s)"
        + (", integrity_check ok" if fil is not None else ""),
    )


# -- 3. imports killed at random moments ----------------------------------------------------

DREPTE = 50  # SIGKILLs that hit a running import
RADER = 10_000
FRO = 20260430  # the kill moments come from this seed


def _drepefil(mappe: Path, runde: int, hva: str) -> Path:
    merke = f"r{runde:03d}"
    if hva == "saker":
        sti = mappe / f"{merke}.csv"
        linjer = ["tittel,departement,type,oppmeldt,meldt_inn_av\n"]
        linjer += [f"{merke} sak {n},KD,kostnadsberegning,2026,KS\n" for n in range(1, RADER + 1)]
    else:
        sti = mappe / f"{merke}.jsonl"
        linjer = [
            json.dumps(
                {"tittel": f"{merke} avtale {n}", "kategori": "velferd", "parter": "KD og KS"}
                | {"inngatt": "2024-01-01"}
            )
            + "\n"
            for n in range(1, RADER + 1)
        ]
    sti.write_text("".join(linjer), encoding="utf-8")
    return sti


def _tell(conn: Any, runde: int, hva: str) -> tuple[int, int, int]:
    """(records, their creation in the history, agreements' party pairs) of a round."""
    merke = {"m": f"r{runde:03d} %"}
    tabell, entitet = ("sak", "sak") if hva == "saker" else ("avtale", "avtale")
    poster = conn.execute(
        text(f"SELECT count(*) FROM {tabell} WHERE tittel LIKE :m"), merke
    ).scalar_one()
    historikk = conn.execute(
        text(
            f"SELECT count(*) FROM historikk h JOIN {tabell} t ON h.entitet_id = t.id "
            f"WHERE h.entitet = '{entitet}' AND h.felt = 'opprettet' AND t.tittel LIKE :m"
        ),
        merke,
    ).scalar_one()
    if hva == "saker":
        return poster, historikk, poster
    parter = conn.execute(
        text(
            "SELECT count(*) FROM avtalepart p JOIN avtale a ON p.avtale_id = a.id "
            "WHERE a.tittel LIKE :m"
        ),
        merke,
    ).scalar_one()
    return poster, historikk, parter // 2


def _miljo_med_appnavn(prefiks: str, *, pa_postgres: bool) -> tuple[dict[str, str], str]:
    """This test's environment, and on PostgreSQL the register's URL with an application
    name of its own (`_vent_til_frakoblet` waits for its connections to be gone)."""
    env = dict(os.environ)
    appnavn = f"{prefiks}_{uuid.uuid4().hex[:8]}"
    if pa_postgres:
        url = make_url(env["KONSREG_DATABASE_URL"])
        url = url.update_query_dict({"application_name": appnavn})
        env["KONSREG_DATABASE_URL"] = url.render_as_string(hide_password=False)
    return env, appnavn


def _vent_til_frakoblet(engine: Any, appnavn: str) -> float:
    """PostgreSQL: wait until the server has noticed the killed client and rolled back (a
    COMMIT sent just before the kill could still land). Returns the seconds it took."""
    t0 = time.monotonic()
    while True:
        with engine.connect() as conn:
            igjen = conn.execute(
                text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :a"),
                {"a": appnavn},
            ).scalar_one()
        if not igjen:
            return time.monotonic() - t0
        assert time.monotonic() - t0 < 60, "serveren holder fortsatt på den drepte forbindelsen"
        time.sleep(0.05)


def test_drepte_importer_gir_alt_eller_ingenting(
    tmp_path: Path, kjor: Kjor, capsys: pytest.CaptureFixture[str]
) -> None:
    ok(kjor("db", "upgrade"))
    fil = sqlite_fil()
    engine = create_engine(register_url())
    env, appnavn = _miljo_med_appnavn("konsreg_drept", pa_postgres=fil is None)
    rng = random.Random(FRO)
    utfall: Counter[str] = Counter()
    hele: dict[str, float] = {}
    t_start = time.monotonic()
    try:
        # One whole import of each kind first: all rows in, and how long one takes.
        runde = 0
        for hva in ("saker", "avtaler"):
            sti = _drepefil(tmp_path, runde, hva)
            t0 = time.monotonic()
            r = python_konsreg("import", hva, str(sti), "-q", env=env)
            hele[hva] = time.monotonic() - t0
            assert (r.returncode, r.stderr) == (0, ""), r.stderr
            with engine.connect() as conn:
                assert _tell(conn, runde, hva) == (RADER, RADER, RADER)
            runde += 1
        drept = 0
        while drept < DREPTE:
            assert runde < DREPTE + 40, utfall
            hva = "saker" if runde % 2 == 0 else "avtaler"
            sti = _drepefil(tmp_path, runde, hva)
            # Anywhere from start-up through reading, checking, writing and the commit.
            forsinkelse = rng.uniform(0.0, hele[hva] * 1.05)
            prosess = subprocess.Popen(
                [sys.executable, "-m", "konsreg", "import", hva, str(sti), "-q"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
            )
            try:
                prosess.wait(timeout=forsinkelse)
                traff = False
            except subprocess.TimeoutExpired:
                prosess.send_signal(signal.SIGKILL)
                traff = True
            _, feilut = prosess.communicate()
            if traff and prosess.returncode == 0:
                traff = False  # it finished between the timeout and the kill
            if traff:
                assert prosess.returncode == -signal.SIGKILL
                drept += 1
            else:
                assert prosess.returncode == 0, feilut
            if fil is None:
                _vent_til_frakoblet(engine, appnavn)
            with engine.connect() as conn:
                tall = _tell(conn, runde, hva)
            assert tall in ((0, 0, 0), (RADER, RADER, RADER)), (runde, hva, forsinkelse, tall)
            if fil is not None:
                assert integritet(fil) == "ok", runde
            utfall[
                f"{'drept' if traff else 'ferdig før drapet'}: {'alle' if tall[0] else 'ingen'}"
            ] += 1
            sti.unlink()
            runde += 1
        tid = time.monotonic() - t_start
        # No gaps and no doubles in the numbers, and the register carries on.
        with engine.connect() as conn:
            nummerering = les_nummerering(conn)
    finally:
        engine.dispose()
    sjekk_uten_hull(nummerering)
    nye = len(nummerering.saker.get(2026, []))
    assert ny_sak(kjor) == f"2026/{nye + 1}"
    assert ny_avtale(kjor) == f"A{len(nummerering.avtaler) + 1}"
    if fil is not None:
        assert integritet(fil) == "ok"
    meld(
        capsys,
        f"drepte importer av {RADER} rader: {runde} runder, {drept} SIGKILL midt i "
        f"(frø {FRO}), utfall {dict(sorted(utfall.items()))}; hel import tok "
        f"{hele['saker']:.1f} s (saker, CSV) og {hele['avtaler']:.1f} s (avtaler, JSONL); "
        f"alt på {tid:.0f} s; etterpå {nye} saker og {len(nummerering.avtaler)} avtaler "
        "uten hull i numrene",
    )


# -- 3b. imports interrupted with Ctrl-C at random moments ---------------------------------

AVBRUTTE = 20  # SIGINTs that reach konsreg's command while it imports
AVBRUDDSRADER = 30_000  # agreements: about 15 batches, the writer thread busy in each


def test_avbrutte_importer_gir_ingenting_og_ingen_krasj(
    tmp_path: Path, kjor: Kjor, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C (SIGINT) anywhere in an import: while a batch is read and checked, while the
    writer thread writes (SQLite) and while the session waits for it. The command ends
    with exit 130 and «Feil: Avbrutt.»; the register holds none of the file's rows and is
    whole. (Before the fix an interruption while the session waited for the
    writer made SQLAlchemy close the connection under the running statement: a
    segmentation fault, or «Får ikke kontakt med databasen» and exit 1.)"""
    ok(kjor("db", "upgrade"))
    fil = sqlite_fil()
    engine = create_engine(register_url())
    env, appnavn = _miljo_med_appnavn("konsreg_avbrutt", pa_postgres=fil is None)
    sti = tmp_path / "avtaler.csv"
    sti.write_text(
        "tittel,kategori,parter,inngatt\n"
        + "".join(f"Avbrutt {n},velferd,KD og KS,01.02.2024\n" for n in range(AVBRUDDSRADER)),
        encoding="utf-8",
    )
    rng = random.Random(FRO + 1)
    utfall: Counter[str] = Counter()
    lagret = 0
    try:
        t0 = time.monotonic()
        r = python_konsreg("import", "avtaler", str(sti), "--dry-run", "-q", env=env)
        hel = time.monotonic() - t0
        assert r.returncode == 0, r.stderr
        # Mostly after the program has started (a listing of nothing takes that long).
        t0 = time.monotonic()
        assert python_konsreg("avtaler", "--format", "csv", env=env).returncode == 0
        oppstart = min(time.monotonic() - t0, hel / 2)
        runder = 0
        while utfall["avbrutt i kommandoen"] < AVBRUTTE:
            runder += 1
            assert runder < AVBRUTTE * 3, utfall
            prosess = subprocess.Popen(
                [sys.executable, "-m", "konsreg", "import", "avtaler", str(sti), "-q"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                env=env,
                text=True,
            )
            try:
                prosess.wait(timeout=rng.uniform(oppstart, hel * 1.05))
            except subprocess.TimeoutExpired:
                prosess.send_signal(signal.SIGINT)
            _, feilut = prosess.communicate(timeout=120)
            assert "Segmentation" not in feilut and "Fatal Python error: Seg" not in feilut
            if fil is None:
                _vent_til_frakoblet(engine, appnavn)
            with engine.begin() as conn:
                tall = (
                    conn.execute(text("SELECT count(*) FROM avtale")).scalar_one(),
                    conn.execute(text("SELECT count(*) FROM avtalepart")).scalar_one() // 2,
                )
                assert tall in ((0, 0), (AVBRUDDSRADER, AVBRUDDSRADER)), (runder, tall)
                if tall[0]:
                    for tabell in ("historikk", "avtalepart", "avtale"):
                        conn.execute(text(f"DELETE FROM {tabell}"))  # every round starts empty
            utfall_ = (prosess.returncode, feilut)
            if prosess.returncode == 0:
                assert tall[0] and feilut == "", utfall_
                hva = "ferdig"
            elif not tall[0] and feilut == "Feil: Avbrutt.\n":
                assert prosess.returncode in (130, -signal.SIGINT), utfall_
                hva = "avbrutt i kommandoen"
            elif not tall[0]:
                # While Python or the program was still starting: Python's own
                # KeyboardInterrupt (at its very start "Fatal Python error:
                # init_sys_streams"), before any of konsreg's commands ran.
                assert "konsreg/cli/" not in feilut, utfall_
                assert feilut.rstrip().endswith("KeyboardInterrupt"), utfall_
                assert prosess.returncode in (-signal.SIGINT, 1), utfall_
                hva = "avbrutt før kommandoen"
            else:
                # After the commit, while the register was closed or Python ended: the
                # rows are in; «Avbrutt.» (130), or killed by the signal once Python had
                # reset its handlers (-2). README's weaknesses.
                assert prosess.returncode in (130, -signal.SIGINT), utfall_
                assert feilut in ("", "Feil: Avbrutt.\n"), utfall_
                hva = "avbrutt etter lagring"
            utfall[hva] += 1
            lagret += bool(tall[0])
            if fil is not None:
                assert integritet(fil) == "ok", runder
    finally:
        engine.dispose()
    assert ny_avtale(kjor) == f"A{lagret * AVBRUDDSRADER + 1}"
    meld(
        capsys,
        f"avbrutte importer av {AVBRUDDSRADER} avtaler (Ctrl-C, frø {FRO + 1}): {runder} "
        f"runder, {dict(sorted(utfall.items()))}; en hel import tok {hel:.1f} s",
    )


# -- 4. a bad last row of 10,000 changes nothing ------------------------------------------


@pytest.mark.parametrize(
    ("hva", "fmt", "felt", "verdi", "melding"),
    [
        ("saker", "csv", "departement", "QQ", "departement: Ukjent departementskode «QQ»"),
        ("avtaler", "jsonl", "inngatt", "31.02.2026", "inngatt: «31.02.2026»"),
    ],
)
def test_darlig_siste_av_10000_rader_endrer_ingen_byte(
    kjor: Kjor,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    hva: str,
    fmt: str,
    felt: str,
    verdi: str,
    melding: str,
) -> None:
    ny_sak(kjor)
    ny_avtale(kjor)
    fil = sqlite_fil()
    for_ = (eksport_alt(kjor), tabellinnhold(), sha(fil) if fil else None)
    rader = (sakrader if hva == "saker" else avtalerader)(RADER, "Rad")
    rader[-1][felt] = verdi
    sti = importfil(tmp_path, hva, fmt, rader)
    t0 = time.monotonic()
    r = kjor("import", hva, str(sti))
    tid = time.monotonic() - t0
    assert r.exit_code == 3, r.stderr
    linjer = r.stderr.splitlines()
    assert len(linjer) == 2, linjer
    assert linjer[0].startswith(f"{sti}:{forste_linje(fmt) + RADER - 1}: {melding}"), linjer
    assert linjer[1] == f"Feil: 1 feil i {sti}; ingenting er lagret."
    etter = (eksport_alt(kjor), tabellinnhold(), sha(fil) if fil else None)
    assert etter == for_
    if fil is not None:
        assert innhold(fil.parent) == sorted([fil.name, sti.name])
    # The numbers the written batches took were given back.
    assert ny_sak(kjor) == "2026/2"
    assert ny_avtale(kjor) == "A2"
    meld(
        capsys,
        f"import av {RADER} {hva} ({fmt}) med feil i siste rad: exit 3 etter {tid:.1f} s, "
        "eksport og tabeller uendret" + (", databasefilen byte for byte lik" if fil else ""),
    )


# -- 5. fuzzing: command lines and import files -------------------------------------------

settings.register_profile(
    "konsreg-fuzz-ci",
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)
settings.register_profile(
    "konsreg-fuzz", deadline=None, suppress_health_check=list(HealthCheck), print_blob=True
)
PROFIL = settings.get_profile("konsreg-fuzz-ci" if I_CI else "konsreg-fuzz")
# At least 1,000 examples per backend in CI (CI=true); fewer locally.
# KONSREG_FUZZ_FAKTOR=10 runs ten times as many, for a longer hunt by hand.
FAKTOR = float(os.environ.get("KONSREG_FUZZ_FAKTOR", "1"))
KOMMANDO_EKSEMPLER = int((700 if I_CI else 150) * FAKTOR)
RAD_EKSEMPLER = int((400 if I_CI else 80) * FAKTOR)

# No NUL in arguments: an argv cannot hold one. Import files can, and get them.
TEGN = st.characters(exclude_categories=["Cs"], exclude_characters="\x00")
TEKST = st.text(TEGN, max_size=12)
STI_TEKST = TEKST.filter(lambda t: not any(c in t for c in "/\\~"))


def blanding(*gyldige: str) -> st.SearchStrategy[str]:
    """Mostly values the command knows, sometimes anything at all."""
    return st.one_of(st.sampled_from(gyldige), st.sampled_from(gyldige), TEKST)


MANEDER = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august"]
MANEDER += ["september", "oktober", "november", "desember"]
DAGER = st.dates(date(1900, 1, 1), date(2100, 12, 31))
DATO = st.one_of(
    DAGER.map(date.isoformat),
    DAGER.map(lambda d: d.strftime("%d.%m.%Y")),
    DAGER.map(lambda d: f"{d.day}.{d.month}.{d.year % 100:02d}"),
    DAGER.map(lambda d: f"{d.day}. {MANEDER[d.month - 1]} {d.year}"),
    st.sampled_from(["31.02.2026", "29.02.2025", "00.00.0000", "2026-13-01", "32.1.2026", "1.1.1"]),
    st.sampled_from(["i dag", "90d", "8u", "6m", "1å", "-1d", "99999999999d", "0d"]),
    # Months (issue 11): for inngått, gyldig fra and "as of" days; elsewhere an error.
    st.sampled_from(["juni 2024", "06.2024", "2024-06", "13.2024", "2024-00", "smarch 2024"]),
    TEKST,
)
AR = st.one_of(
    *[st.sampled_from(["2026", "2025", "2022", "2030", "1999"])] * 3,
    st.integers(1800, 2200).map(str),
    st.sampled_from(["0", "-1", "20x6", "99999999999999999999", "2026.0", " 2026 ", "٢٠٢٦"]),
    TEKST,
)
TYPE = blanding("kostnadsberegning", "lovmedvirkning", "kostnad", "lov", "KOSTNAD", "k")
DEP = blanding("HOD", "KD", "KS", "AID", "DFD", "KUF", "SMK", "hod", " KD ")
STATUS = blanding("ny", "pagaende", "pågående", "avsluttet", "PÅGÅENDE")
KATEGORI = blanding(
    "velferd", "samhandling", "Avtaler om velferdstjenester (kvalitet/tjenesteutvikling)"
)
PART = blanding("KD og KS", "AID, JD, BFD, KDD og KS", "KS", "HOD og HOD", "XYZ og KS", "og")
SAKSNR = blanding("2026/1", "2026/2", "2025/1", "2022/1", "2026-1", "0/0", "2026/1" + "9" * 30)
HANDLE = blanding("A1", "A2", "1", "a3", "A0", "A" + "9" * 30)
FORMAT = blanding("table", "csv", "tsv", "json", "jsonl", "markdown", "html", "CSV", "xml")
TITTEL = st.one_of(
    blanding("E-helse", "'); DROP TABLE sak;--", '=HYPERLINK("http://x","y")'),
    st.text(TEGN, min_size=1, max_size=40),
)
IMPORTFORMAT = blanding("csv", "tsv", "json", "jsonl")
ENCODING = blanding("utf-8-sig", "utf-8", "cp1252", "utf-16", "latin-1", "ascii", "bogus")
SKILLE = blanding(";", ",", "tab", "\\t", "\t", "|", ";;")
KONFLIKT = blanding("feil", "hopp-over", "oppdater")

VEDLEGG_C = (
    "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler i konsultasjonsordningen per april "
    "2026\nAvtaler om velferdstjenester (kvalitet/tjenesteutvikling)\tParter\tInngått\tUtløper\t"
    "Første avtale inngått\nAvtale om kvalitetsutvikling i barnehagen\tKD og KS\t02.12.2022\t"
    "31.12.2025\t2009\nAvtaler om samhandling mellom ulike deler av forvaltningen\n"
    "Samarbeidsavtale om partnerskapet i NAV-kontorene\tAID og KS\t04.01.2023\t31.12.2026\t2012\n"
)
VEDLEGG_A = (
    "Vedlegg a) Oversikt over kostnadsberegningssaker\nSak\tOppmeldt\n"
    "Helse- og omsorgsdepartementet Endringer i betalingen for e-helse\t2022 (første gang)\n"
    "Arbeids- og inkluderingsdepartementet Ny integreringsstønad\t2026\n"
)
SAKER_CSV = (
    "tittel;departement;type;oppmeldt;meldt inn av\nFra fil;KD;kostnadsberegning;2026;KS\n"
    "Også fra fil;HOD;lovmedvirkning;2025;HOD\n"
)
AVTALER_JSONL = (
    '{"tittel": "Fra fil", "kategori": "velferd", "parter": ["KD", "KS"], '
    '"inngatt": "2024-01-01"}\n'
)
FILER: dict[str, bytes | None] = {
    "saker.csv": SAKER_CSV.encode(),
    "avtaler.jsonl": AVTALER_JSONL.encode(),
    "vedlegg-c.txt": VEDLEGG_C.encode(),
    "vedlegg-a.txt": VEDLEGG_A.encode(),
    "tom.csv": b"",
    "binaer.bin": bytes(range(256)) * 4,
    "cp1252.csv": "tittel,departement,type,oppmeldt,meldt_inn_av\nÆrlig,KD,lov,2026,KS\n".encode(
        "cp1252"
    ),
    "mappe": None,  # a directory
}
INNFIL = st.one_of(st.sampled_from([*FILER, "borte.csv", "-", "konsreg.db"]), STI_TEKST)
UTFIL = st.one_of(
    st.sampled_from(["ut.csv", "ut.json", "mappe", "mangler/ut.csv", "kopi.db", "konsreg.db"]),
    STI_TEKST,
)
STDIN = st.one_of(
    st.sampled_from([v for v in FILER.values() if v is not None]), st.binary(max_size=300)
)

Spek = tuple[list[st.SearchStrategy[str]], dict[str, st.SearchStrategy[str] | None]]
SAK_VALG: dict[str, st.SearchStrategy[str] | None] = {
    "--type": TYPE,
    "-t": TYPE,
    "--departement": DEP,
    "-d": DEP,
    "--tittel": TITTEL,
    "--beskrivelse": TEKST,
    "--oppmeldt": AR,
    "--gjentakende": None,
    "--meldt-inn-av": DEP,
    "--status": STATUS,
    "-s": STATUS,
    "--dato": DATO,
    "--av": TEKST,
}
SAK_LISTE: dict[str, st.SearchStrategy[str] | None] = {
    "--type": TYPE,
    "--ar": AR,
    "--år": AR,
    "--status": STATUS,
    "--departement": DEP,
    "--meldt-inn-av": DEP,
    "--format": FORMAT,
    "-f": FORMAT,
}
AVTALE_VALG: dict[str, st.SearchStrategy[str] | None] = {
    "--tittel": TITTEL,
    "--kategori": KATEGORI,
    "-k": KATEGORI,
    "--part": PART,
    "-p": PART,
    "--inngatt": DATO,
    "--inngått": DATO,
    "--utloper": DATO,
    "--utløper": DATO,
    "--forste-avtale": AR,
    "--første-avtale": AR,
    "--gyldig-fra": DATO,
    "--status": STATUS,
    "--av": TEKST,
}
AVTALE_LISTE: dict[str, st.SearchStrategy[str] | None] = {
    "--utlop": AR,
    "--utløp": AR,
    "--utloper-innen": DATO,
    "--gjeldende-per": DATO,
    "--part": DEP,
    "-p": DEP,
    "--kategori": KATEGORI,
    "--status": STATUS,
    "--format": FORMAT,
}
IMPORT_VALG: dict[str, st.SearchStrategy[str] | None] = {
    "--format": IMPORTFORMAT,
    "--delimiter": SKILLE,
    "--encoding": ENCODING,
    "--ved-konflikt": KONFLIKT,
    "--ignorer-ukjente": None,
    "--dry-run": None,
    "--quiet": None,
    "--json": None,
    "--av": TEKST,
}
VEDLEGG_VALG: dict[str, st.SearchStrategy[str] | None] = {
    "--ar": AR,
    "--per": DATO,
    "--bare-gjeldende": None,
    "--format": FORMAT,
}
KOMMANDOER: dict[tuple[str, ...], Spek] = {
    ("sak", "ny"): ([], {**SAK_VALG, "-q": None}),
    ("sak", "liste"): ([], SAK_LISTE),
    ("saker",): ([], SAK_LISTE),
    ("sak", "vis"): ([SAKSNR], {"--format": FORMAT}),
    ("sak", "endre"): ([SAKSNR], {**SAK_VALG, "--ikke-gjentakende": None, "--dato": DATO}),
    ("sak", "avslutt"): ([SAKSNR], {"--dato": DATO, "--av": TEKST}),
    ("avtale", "ny"): ([], {**AVTALE_VALG, "--dato": DATO, "-q": None}),
    ("avtale", "liste"): ([], AVTALE_LISTE),
    ("avtaler",): ([], AVTALE_LISTE),
    ("avtale", "vis"): ([HANDLE], {"--format": FORMAT}),
    ("avtale", "endre"): (
        [HANDLE],
        {**AVTALE_VALG, "--dato": DATO, "--fornyer": HANDLE, "--ikke-fornyer": None},
    ),
    ("avtale", "avslutt"): ([HANDLE], {"--dato": DATO, "--av": TEKST}),
    ("avtale", "forny"): ([HANDLE], {**AVTALE_VALG, "-q": None}),
    ("vedlegg", "a"): ([], VEDLEGG_VALG),
    ("vedlegg", "b"): ([], VEDLEGG_VALG),
    ("vedlegg", "c"): ([], VEDLEGG_VALG),
    ("import", "saker"): ([INNFIL], IMPORT_VALG),
    ("import", "avtaler"): ([INNFIL], IMPORT_VALG),
    ("import", "alt"): (
        [INNFIL],
        {k: v for k, v in IMPORT_VALG.items() if k not in ("--format", "--delimiter")},
    ),
    ("import", "vedlegg"): (
        [blanding("a", "b", "c"), INNFIL],
        {"--ar": AR, "--per": DATO, "--encoding": ENCODING, "--dry-run": None, "--av": TEKST},
    ),
    ("eksport",): (
        [blanding("saker", "avtaler", "alt")],
        {"--format": IMPORTFORMAT, "-f": IMPORTFORMAT, "-o": UTFIL, "--excel": None},
    ),
    ("departementer",): ([], {"--ar": AR, "--format": FORMAT}),
    ("db", "status"): ([], {}),
    ("db", "upgrade"): ([], {}),
    ("db", "backup"): ([UTFIL], {"--overskriv": None}),
    ("eksempel",): ([], {"--av": TEKST}),
}
# Half the time a command starts from a valid set of its required options, so the
# fuzzing gets past "missing --type" into the register's own rules.
GRUNNLAG: dict[tuple[str, ...], st.SearchStrategy[list[str]]] = {
    ("sak", "ny"): TITTEL.map(
        lambda t: ["-t", "kostnad", "-d", "HOD", "--tittel", t, "--meldt-inn-av", "KS"]
    ),
    ("sak", "endre"): TITTEL.map(lambda t: ["--tittel", t]),
    ("avtale", "ny"): st.tuples(TITTEL, DATO, PART).map(
        lambda t: ["--tittel", t[0], "-k", "velferd", "-p", t[2], "--inngatt", t[1]]
    ),
    ("avtale", "endre"): DATO.map(lambda d: ["--utloper", d]),
    ("avtale", "forny"): DATO.map(lambda d: ["--inngatt", d]),
}
UHELL = ["ingen"] * 8 + ["stokk", "ukjent-valg", "mangler-verdi", "ekstra", "uten-argument"]
UHELL += ["hjelp", "ukjent-kommando"]


@st.composite
def kommandolinje(draw: st.DrawFn) -> tuple[list[str], bytes | None]:
    """A command with valid and invalid options and values, sometimes misused."""
    navn = draw(st.sampled_from([*sorted(KOMMANDOER), *GRUNNLAG]))  # writers twice
    posisjonelle, valg = KOMMANDOER[navn]
    deler = [draw(s) for s in posisjonelle]
    if navn in GRUNNLAG and draw(st.booleans()):
        deler += draw(GRUNNLAG[navn])
    for opsjon in draw(st.lists(st.sampled_from(sorted(valg)), max_size=6)) if valg else []:
        strategi = valg[opsjon]
        if strategi is None:
            deler.append(opsjon)
            continue
        verdi = draw(strategi)
        if opsjon.startswith("--") and draw(st.booleans()):
            deler.append(f"{opsjon}={verdi}")
        else:
            deler += [opsjon, verdi]
    uhell = draw(st.sampled_from(UHELL))
    if uhell == "stokk":
        deler = list(draw(st.permutations(deler)))
    elif uhell == "ukjent-valg":
        deler.insert(draw(st.integers(0, len(deler))), "--" + draw(TEKST))
    elif uhell == "mangler-verdi" and deler:
        deler.pop()
    elif uhell == "ekstra":
        deler.append(draw(TEKST))
    elif uhell == "uten-argument":
        deler = deler[len(posisjonelle) :]
    elif uhell == "hjelp":
        deler.append(draw(st.sampled_from(["--help", "-h"])))
    rot = draw(st.sampled_from([[], [], [], ["--no-color"], ["--version"], ["--bogus"]]))
    kommando = list(navn)
    if uhell == "ukjent-kommando":
        kommando[-1] = draw(TEKST)
    stdin = draw(STDIN) if "-" in deler else None
    return [*rot, *kommando, *deler], stdin


def _innholdshash(conn: Any) -> str:
    """Every row of every table of the register, hashed."""
    h = hashlib.sha256()
    for tabell in ("sak", "avtale", "avtalepart", "historikk", "teller", "kategori", "departement"):
        for rad in sorted(
            tuple(map(str, r)) for r in conn.execute(text(f"SELECT * FROM {tabell}"))
        ):
            h.update(repr(rad).encode())
    return h.hexdigest()


def sjekk_konsistens(conn: Any, *, uten_hull: bool) -> Nummerering:
    """The register is consistent: unique numbers agreeing with their parts, counters that
    cannot give a number twice, every record with its creation in the history and every
    agreement with its parties; with `uten_hull`, no gaps either."""
    n = les_nummerering(conn)
    assert n.saksnummer_feil == []
    for ar, lopenr in n.saker.items():
        assert len(set(lopenr)) == len(lopenr), ar
        assert n.tellere.get(f"sak/{ar}", 0) >= lopenr[-1], (ar, n.tellere)
    assert len(set(n.avtaler)) == len(n.avtaler)
    assert n.tellere.get("avtale", 0) >= max(n.avtaler, default=0)
    if uten_hull:
        sjekk_uten_hull(n)
    foreldrelose = conn.execute(
        text(
            "SELECT (SELECT count(*) FROM sak s WHERE NOT EXISTS (SELECT 1 FROM historikk h "
            "  WHERE h.entitet = 'sak' AND h.entitet_id = s.id AND h.felt = 'opprettet')),"
            " (SELECT count(*) FROM avtale a WHERE NOT EXISTS (SELECT 1 FROM historikk h "
            "  WHERE h.entitet = 'avtale' AND h.entitet_id = a.id AND h.felt = 'opprettet')),"
            " (SELECT count(*) FROM avtale a WHERE NOT EXISTS (SELECT 1 FROM avtalepart p "
            "  WHERE p.avtale_id = a.id))"
        )
    ).one()
    assert tuple(foreldrelose) == (0, 0, 0)
    return n


def _ingen_krasj(r: Any, args: Any) -> None:
    hva = f"{args!r}\nexit {r.exit_code}\nstdout: {r.stdout[-2000:]}\nstderr: {r.stderr[-2000:]}"
    assert r.exit_code in (0, 1, 2, 3), hva
    assert "Traceback" not in r.output, hva
    # The error boundary turns an exception nobody foresaw into "Uventet feil": a bug.
    assert "Uventet feil" not in r.stderr, hva


@pytest.fixture
def fuzzregister(kjor: Kjor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The register made, files to import in the working directory (tmp_path, so every
    relative path a command gets, and every file it writes, stays there)."""
    for navn, data in FILER.items():
        if data is None:
            (tmp_path / navn).mkdir()
        else:
            (tmp_path / navn).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    ok(kjor("db", "upgrade"))
    engine = create_engine(register_url())
    yield engine
    engine.dispose()


def _etter_hvert_eksempel(engine: Any, for_: str, r: Any, endrer_ingenting: bool) -> str:
    fil = sqlite_fil()
    if fil is not None:
        assert integritet(fil) == "ok"
    with engine.connect() as conn:
        etter = _innholdshash(conn)
        if r.exit_code != 0 or endrer_ingenting:
            assert etter == for_, f"en kommando som feilet, endret registeret: {r.stderr}"
        return etter


def test_fuzz_kommandolinjen(
    kjor: Kjor, fuzzregister: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = fuzzregister
    koder: Counter[int] = Counter()
    with engine.connect() as conn:
        tilstand = [_innholdshash(conn)]
    t0 = time.monotonic()

    @settings(PROFIL, max_examples=KOMMANDO_EKSEMPLER)
    @given(kommandolinje())
    # What earlier runs found (an "Uventet feil" each), kept as fixed examples.
    @example((["avtaler", "--utloper-innen", "99999999999d"], None))
    @example((["avtaler", "--utloper-innen", "99999m"], None))
    @example((["db", "backup", "", "--overskriv"], None))
    @example((["import", "avtaler", "saker.csv", "--encoding", "utf-16"], None))
    def eksempel(linje: tuple[list[str], bytes | None]) -> None:
        args, stdin = linje
        r = kjor(*args, input=stdin)
        _ingen_krasj(r, args)
        assert "Databasefeil" not in r.stderr, (args, r.stderr)
        koder[r.exit_code] += 1
        torr = "--dry-run" in args or "--help" in args or "-h" in args
        tilstand[0] = _etter_hvert_eksempel(engine, tilstand[0], r, torr)
        with engine.connect() as conn:
            sjekk_konsistens(conn, uten_hull=True)

    eksempel()
    tid = time.monotonic() - t0
    saker = saker_json(kjor)
    meld(
        capsys,
        f"fuzz av kommandolinjen: {sum(koder.values())} kjøringer av {len(KOMMANDOER)} "
        f"kommandoer på {tid:.0f} s, exit-koder {dict(sorted(koder.items()))}, ingen "
        f"traceback; registeret etterpå: {len(saker)} saker, nummerert uten hull",
    )


# Field names and values for generated import rows: the register's own names, the
# Norwegian headings, unknown ones; values valid for the field, or anything.
SAK_FELT = {
    "saksnummer": st.one_of(
        st.tuples(st.integers(1990, 2030), st.integers(1, 40)).map(lambda t: f"{t[0]}/{t[1]}"),
        SAKSNR,
    ),
    "type": TYPE,
    "departement": DEP,
    "tittel": TITTEL,
    "beskrivelse": TEKST,
    "oppmeldt": AR,
    "gjentakende": blanding("true", "false", "ja", "nei", "1", "0", ""),
    "meldt_inn_av": DEP,
    "status": STATUS,
    "status_endret": DATO,
    "opprettet": blanding("2026-04-30T10:15:00+00:00", "2026-04-30 10:15", "2026-04-30"),
    "endret": blanding("2026-04-30T10:15:00+02:00", "i går"),
    "Sak": TITTEL,
    "Meldt inn av": DEP,
    "ukjent": TEKST,
}
AVTALE_FELT = {
    "id": HANDLE,
    "tittel": TITTEL,
    "kategori": KATEGORI,
    "parter": st.one_of(PART, st.lists(DEP, max_size=4)),
    "inngatt": DATO,
    "gyldig_fra": DATO,
    "utloper": DATO,
    "forste_avtale": AR,
    "status": STATUS,
    "status_endret": DATO,
    "fornyer": HANDLE,
    "opprettet": blanding("2026-04-30T10:15:00+00:00"),
    "Inngått": DATO,
    "Første avtale inngått": AR,
    "ukjent": TEKST,
}
HVASOMHELST = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=15),  # NUL included
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(TEKST, st.integers(), max_size=2),
)


@st.composite
def importfil_bytes(draw: st.DrawFn) -> tuple[str, str, bytes, list[str]]:
    """(saker|avtaler, format, the file's bytes, extra options) for one import."""
    hva = draw(st.sampled_from(["saker", "avtaler"]))
    felt = SAK_FELT if hva == "saker" else AVTALE_FELT
    if draw(st.integers(0, 9)) == 0:  # now and then the other kind's rows
        felt = AVTALE_FELT if hva == "saker" else SAK_FELT
    rader = []
    for _ in range(draw(st.integers(0, 5))):
        navn = draw(st.lists(st.sampled_from(sorted(felt)), max_size=8, unique=True))
        rader.append({n: draw(st.one_of(felt[n], felt[n], felt[n], HVASOMHELST)) for n in navn})
    fmt = draw(st.sampled_from(["csv", "tsv", "json", "jsonl"]))
    if fmt in ("json", "jsonl"):
        objekter: list[Any] = list(rader)
        if draw(st.integers(0, 9)) == 0:
            objekter.append(draw(HVASOMHELST))  # not an object
        ascii_ = draw(st.booleans())
        if fmt == "json":
            tekst = json.dumps(
                objekter, ensure_ascii=ascii_, indent=draw(st.sampled_from([None, 1]))
            )
        else:
            tekst = "".join(json.dumps(o, ensure_ascii=ascii_) + "\n" for o in objekter)
    else:
        kolonner = list(dict.fromkeys(n for r in rader for n in r)) or ["tittel"]
        skille = "\t" if fmt == "tsv" else draw(st.sampled_from([",", ";"]))
        ut = io.StringIO()
        skriver = csv.writer(
            ut, delimiter=skille, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))
        )
        skriver.writerow(kolonner)
        for r in rader:
            skriver.writerow(["" if r.get(k) is None else str(r.get(k)) for k in kolonner])
        tekst = ut.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = codecs.encode(tekst, encoding, errors="replace")
    endring = draw(st.sampled_from(["ingen"] * 6 + ["kutt", "bytt", "nul", "søppel"]))
    if endring != "ingen" and data:
        i = draw(st.integers(0, len(data)))
        if endring == "kutt":
            data = data[:i]
        elif endring == "bytt":
            data = data[:i] + draw(st.binary(min_size=1, max_size=4)) + data[i + 1 :]
        elif endring == "nul":
            data = data[:i] + b"\x00" + data[i:]
        else:
            data = draw(st.binary(max_size=200))
    valg: list[str] = []
    if encoding == "cp1252" and draw(st.booleans()):
        valg += ["--encoding", "cp1252"]
    for opsjon in draw(
        st.lists(
            st.sampled_from(["--dry-run", "--ignorer-ukjente", "--json", "-q", "konflikt"]),
            max_size=3,
            unique=True,
        )
    ):
        if opsjon == "konflikt":
            valg += ["--ved-konflikt", draw(st.sampled_from(["feil", "hopp-over", "oppdater"]))]
        else:
            valg.append(opsjon)
    return hva, fmt, data, valg


STORT_SAKSNUMMER = (
    b'{"saksnummer": "2026/99999999999999999999", "tittel": "x", "departement": "KD", '
    b'"type": "lov", "oppmeldt": 2026, "meldt_inn_av": "KS"}\n'
)
STOR_AVTALE_ID = (
    b'{"id": "A99999999999", "tittel": "x", "kategori": "velferd", "parter": "KS", '
    b'"inngatt": "2024-01-01"}\n'
)

# PostgreSQL text cannot hold NUL, and its columns have lengths; SQLite takes both.
NUL_I_TITTELEN = STORT_SAKSNUMMER.replace(b"2026/99999999999999999999", b"").replace(
    b'"x"', b'"a\\u0000b"'
)
LANGT_KATEGORINAVN = (
    b'[{"tittel": "x", "kategori": "ny", "kategori_navn": "' + b"y" * 301 + b'", '
    b'"parter": "KS", "inngatt": "2024-01-01"}]'
)


def test_fuzz_importfiler(
    kjor: Kjor, fuzzregister: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = fuzzregister
    ok(kjor("eksempel"))  # records for the rows to meet
    koder: Counter[int] = Counter()
    with engine.connect() as conn:
        tilstand = [_innholdshash(conn)]
    t0 = time.monotonic()

    @settings(PROFIL, max_examples=RAD_EKSEMPLER)
    @given(
        importfil_bytes(), st.sampled_from(["fil", "fil-med-format", "stdin", "stdin-med-format"])
    )
    @example(("saker", "csv", b"\r;ittel\n", []), "fil")
    @example(("saker", "jsonl", STORT_SAKSNUMMER, []), "stdin")
    @example(("avtaler", "jsonl", STOR_AVTALE_ID, []), "fil")
    @example(("saker", "jsonl", NUL_I_TITTELEN, []), "fil")
    @example(("avtaler", "json", LANGT_KATEGORINAVN, ["--av", "x" * 101]), "fil")
    def eksempel(fil: tuple[str, str, bytes, list[str]], vei: str) -> None:
        hva, fmt, data, valg = fil
        if vei.startswith("fil"):
            sti = tmp_path / (f"inn.{fmt}" if vei == "fil" else "inn.txt")
            sti.write_bytes(data)
            args = ["import", hva, str(sti), *valg]
            stdin = None
        else:
            args = ["import", hva, "-", *valg]
            stdin = data
        if vei.endswith("med-format"):
            args += ["--format", fmt]
        r = kjor(*args, input=stdin)
        _ingen_krasj(r, (args, data[:300]))
        # A row the database refuses should have been a bad row, with its line.
        assert "Databasefeil" not in r.stderr, (args, data[:300], r.stderr)
        koder[r.exit_code] += 1
        tilstand[0] = _etter_hvert_eksempel(engine, tilstand[0], r, "--dry-run" in valg)
        with engine.connect() as conn:
            sjekk_konsistens(conn, uten_hull=False)

    eksempel()
    tid = time.monotonic() - t0
    # Numbers the register gives itself still follow on from the highest one.
    with engine.connect() as conn:
        hoyeste = max(les_nummerering(conn).saker.get(2026, [0]))
    assert ny_sak(kjor) == f"2026/{hoyeste + 1}"
    meld(
        capsys,
        f"fuzz av importfiler (csv/tsv/json/jsonl, fil og stdin): {sum(koder.values())} "
        f"kjøringer på {tid:.0f} s, exit-koder {dict(sorted(koder.items()))}, ingen traceback, "
        "alt eller ingenting hver gang",
    )


# -- 10. a backup while another process writes --------------------------------------------

SKRIVER = r"""
import sys
from pathlib import Path
from typer.main import get_command
from konsreg.cli.app import app

konsreg = get_command(app)
stopp = Path(sys.argv[1])
i = 0
while not stopp.exists():
    i += 1
    kode = konsreg.main(
        ["sak", "ny", "-t", "lov", "-d", "KD", "--tittel", f"skriver {i}", "--oppmeldt", "2026",
         "--meldt-inn-av", "KS", "-q"],
        standalone_mode=False,
    )
    if kode:
        sys.exit(kode)
"""


def _antall_saker(fil: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(fil)
    try:
        return int(conn.execute("SELECT count(*) FROM sak").fetchone()[0])
    finally:
        conn.close()


def test_backup_mens_en_annen_prosess_skriver(
    kjor: Kjor, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fil = sqlite_fil()
    if fil is None:
        pytest.skip(
            "PostgreSQL tas med pg_dump; test_db_backup_pa_postgres_henviser_til_pg_dump "
            "viser at db backup sier det (exit 1)"
        )
    # A register of some size: 5,000 cases and their history.
    sti = importfil(tmp_path, "saker", "csv", sakrader(5000, "Grunnlag"))
    ok(kjor("import", "saker", str(sti), "-q"))
    ny_avtale(kjor)
    stopp = tmp_path / "stopp"
    skriver = subprocess.Popen(
        [sys.executable, "-c", SKRIVER, str(stopp)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        frist = time.monotonic() + 120
        while _antall_saker(fil) < 5020:
            assert skriver.poll() is None, skriver.communicate()
            assert time.monotonic() < frist
            time.sleep(0.05)
        kopi = tmp_path / "kopi.db"
        for_ = _antall_saker(fil)
        t0 = time.monotonic()
        r = python_konsreg("db", "backup", str(kopi))
        tid = time.monotonic() - t0
        etter = _antall_saker(fil)
        assert (r.returncode, r.stderr) == (0, f"Sikkerhetskopi skrevet til {kopi}.\n")
        assert tid < 10
        assert skriver.poll() is None  # it kept writing the whole time
        assert etter > for_
        # The copy is one consistent state: sound, its numbers without gaps up to its
        # counter, every case with its creation in the history.
        assert integritet(kopi) == "ok"
        kopi_engine = create_engine(f"sqlite:///{kopi}")
        try:
            with kopi_engine.connect() as conn:
                i_kopien = sjekk_konsistens(conn, uten_hull=True)
                modus = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
        finally:
            kopi_engine.dispose()
        antall_i_kopien = len(i_kopien.saker[2026])
        assert for_ <= antall_i_kopien <= etter
        assert modus == "delete"
        # An existing file is left alone unless --overskriv.
        for_kopi = sha(kopi)
        r = python_konsreg("db", "backup", str(kopi))
        assert r.returncode == 1 and "finnes fra før" in r.stderr and "--overskriv" in r.stderr
        assert sha(kopi) == for_kopi
        r = python_konsreg("db", "backup", str(kopi), "--overskriv")
        assert r.returncode == 0, r.stderr
        assert integritet(kopi) == "ok"
        assert _antall_saker(kopi) >= antall_i_kopien
    finally:
        stopp.touch()
        ut, feilut = skriver.communicate(timeout=120)
    assert skriver.returncode == 0, feilut
    assert feilut == ""
    skrevet = len(ut.splitlines())
    # At a quiet moment the copy, opened with --db, exports exactly what the source does.
    kilde = eksport_alt(kjor)
    stille = tmp_path / "stille.db"
    ok(kjor("db", "backup", str(stille)))
    assert eksport_alt(kjor, "--db", str(stille)) == kilde
    assert ok(kjor("--db", str(stille), "sak", "ny", *sak_args(), "-q")).stdout == (
        f"2026/{5000 + skrevet + 1}\n"
    )
    assert ok(kjor("--db", str(stille), "avtale", "ny", *avtale_args(), "-q")).stdout == "A2\n"
    assert eksport_alt(kjor) == kilde  # the source did not get the copy's new records
    meld(
        capsys,
        f"db backup mens en annen prosess skrev ({skrevet} «sak ny» i løpet av testen): "
        f"{tid:.2f} s for {etter} saker, kopien har {antall_i_kopien} saker uten hull, "
        "integrity_check ok; kopien i ro eksporterer byte for byte det samme som kilden",
    )
