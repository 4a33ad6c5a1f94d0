"""Stored text is data on every way out (issue 9, items 6 and 7).

A title can hold rich markup (`[/bold]`, `[link=…]`), emoji codes and terminal control
sequences: registers made before text was checked hold such titles, and rows can be
written with SQL. Tables, Markdown, HTML, messages and warnings show them as text, with
control characters escaped; the machine formats keep them exactly; the appendix TSV
escapes tab, newline, CR and backslash so that `import vedlegg` reads it back unchanged.

Hostile titles are written with SQL into the test's register, past the input checks.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Kjor
from tests.hjelp import feil, ny_avtale, ny_sak, ok

FIENDTLIG = (
    "Før [/bold] [link=https://x.example]Klikk her[/link] "
    "\x1b[31mrød\x1b[0m \x1b]0;OWNED\x07\x1b[2J :smile: slutt"
)
# The same, as a person is shown it.
VIST = (
    "Før [/bold] [link=https://x.example]Klikk her[/link] "
    "\\x1b[31mrød\\x1b[0m \\x1b]0;OWNED\\x07\\x1b[2J :smile: slutt"
)
# A wide "terminal" as rich sees it: it writes styles, and would write hyperlinks.
TERMINAL = {"TTY_COMPATIBLE": "1", "TERM": "xterm-256color", "COLUMNS": "400"}
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def sql(setning: str, **param: Any) -> None:
    """Run one statement on this test's register, past every check of the program."""
    from sqlalchemy import create_engine, text

    from konsreg.cli import felles

    engine = create_engine(felles.Tilstand().url())
    try:
        with engine.begin() as conn:
            conn.execute(text(setning), param)
    finally:
        engine.dispose()


def sett_tittel(tabell: str, gammel: str, ny: str) -> None:
    sql(f"UPDATE {tabell} SET tittel = :ny WHERE tittel = :gammel", ny=ny, gammel=gammel)


def fiendtlig_register(kjor: Kjor) -> None:
    """Case 2026/1 and agreement A1 titled FIENDTLIG; A1 expired before 30.04.2026."""
    ny_sak(kjor, tittel="sak-plass")
    ny_avtale(kjor, tittel="avtale-plass", utloper="31.12.2025")
    sett_tittel("sak", "sak-plass", FIENDTLIG)
    sett_tittel("avtale", "avtale-plass", FIENDTLIG)


def trygg_for_terminal(ut: str) -> None:
    """The data shows as text: no control sequence of its own, no hyperlink, no markup
    read, no emoji; only rich's own styles (SGR) may be there."""
    assert "\x1b[31m" not in ut and "\x1b[2J" not in ut and "\x07" not in ut
    assert "\x1b]" not in ut, "en OSC-sekvens (tittel eller hyperlenke) nådde terminalen"
    assert "\x1b" not in _SGR.sub("", ut)
    assert VIST in ut
    assert "😄" not in ut


# -- item 6: tables at a terminal and in a pipe ------------------------------------------

TABELLER = [
    ("saker",),
    ("sak", "vis", "2026/1"),
    ("avtaler",),
    ("avtale", "vis", "A1"),
    ("vedlegg", "a", "--ar", "2026"),
    ("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026"),
]


@pytest.mark.parametrize("terminal", [True, False], ids=["terminal", "pipe"])
@pytest.mark.parametrize("args", TABELLER, ids=lambda a: " ".join(a[:2]))
def test_tabell_viser_fiendtlig_tittel_som_tekst(
    kjor: Kjor, args: tuple[str, ...], terminal: bool
) -> None:
    fiendtlig_register(kjor)
    env = TERMINAL if terminal else {"COLUMNS": "400"}
    r = ok(kjor(*args, "--format", "table", env=env))
    trygg_for_terminal(r.stdout)
    # The stored title, not the text of a hidden link.
    assert "[link=https://x.example]Klikk her[/link]" in r.stdout
    if terminal:
        assert _SGR.search(r.stdout), "ventet rikets egne stiler i en terminal"
    trygg_for_terminal(r.stderr + VIST)  # a warning (vedlegg c) is escaped too


def test_kategorinavn_i_overskriften_er_tekst(kjor: Kjor) -> None:
    """Vedlegg c's first header is a category's name: data, not markup."""
    ny_avtale(kjor, utloper="31.12.2027")
    sql("UPDATE kategori SET navn = :navn WHERE kode = 'samhandling'", navn=FIENDTLIG)
    r = ok(kjor("vedlegg", "c", "--per", "30.04.2026", "-f", "table", env=TERMINAL))
    trygg_for_terminal(r.stdout)


def test_no_color_virker_med_fiendtlig_tittel(kjor: Kjor) -> None:
    fiendtlig_register(kjor)
    for args, env in ((["saker"], {"NO_COLOR": "1"}), (["--no-color", "saker"], {})):
        r = ok(kjor(*args, "-f", "table", env={**TERMINAL, **env}))
        trygg_for_terminal(r.stdout)
        farger = [p for p in _SGR.findall(r.stdout) if re.search(r"\b(3|4|9|10)\d\b", p)]
        assert farger == []


def test_konsollen_leser_aldri_markup_eller_emoji(capsys: pytest.CaptureFixture[str]) -> None:
    from konsreg.cli import felles

    felles.vis("[bold red]fet[/bold red] [link=https://x.example]lenke[/link] :smile: \x1b[2J")
    ut = capsys.readouterr().out
    assert ut == "[bold red]fet[/bold red] [link=https://x.example]lenke[/link] :smile: \\x1b[2J\n"
    konsoll = felles.konsoll()
    assert konsoll._markup is False and konsoll._emoji is False


def test_maskinformater_beholder_teksten_eksakt(kjor: Kjor) -> None:
    """The table shows the title escaped; csv, tsv, json and jsonl give it back exactly."""
    fiendtlig_register(kjor)
    trygg_for_terminal(ok(kjor("saker", "-f", "table", env=TERMINAL)).stdout)
    r = ok(kjor("saker", "-f", "csv"))
    assert "\x1b]0;OWNED\x07" in r.stdout
    assert [rad["tittel"] for rad in csv.DictReader(io.StringIO(r.stdout))] == [FIENDTLIG]
    r = ok(kjor("saker", "-f", "tsv"))
    assert [rad["tittel"] for rad in csv.DictReader(io.StringIO(r.stdout), delimiter="\t")] == [
        FIENDTLIG
    ]
    assert json.loads(ok(kjor("saker", "-f", "json")).stdout)[0]["tittel"] == FIENDTLIG
    for hva in ("saker", "avtaler"):
        linjer = ok(kjor("eksport", hva, "-f", "jsonl")).stdout.splitlines()
        assert [json.loads(linje)["tittel"] for linje in linjer] == [FIENDTLIG]
    linjer = ok(kjor("eksport", "alt", "-f", "jsonl")).stdout.splitlines()
    assert [json.loads(linje)["tittel"] for linje in linjer] == [FIENDTLIG, FIENDTLIG]
    data = json.loads(ok(kjor("vedlegg", "a", "--ar", "2026", "-f", "json")).stdout)
    assert data["rader"][0]["tittel"] == FIENDTLIG


@pytest.mark.parametrize(
    "args",
    [
        ("saker",),
        ("sak", "vis", "2026/1"),
        ("avtaler",),
        ("vedlegg", "a", "--ar", "2026"),
        ("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_markdown_og_html_viser_styretegn_escapet(kjor: Kjor, args: tuple[str, ...]) -> None:
    fiendtlig_register(kjor)
    ut = ok(kjor(*args, "-f", "markdown")).stdout
    assert "\x1b" not in ut and "\x07" not in ut
    # Markdown escapes the backslash of the escape and the brackets; rendered, it reads
    # \x1b[31m.
    assert "\\\\x1b\\[31mrød\\\\x1b\\[0m \\\\x1b\\]0;OWNED\\\\x07" in ut
    if args[0] == "vedlegg":
        side = ok(kjor(*args, "-f", "html")).stdout
        assert "\x1b" not in side and "\x07" not in side
        assert "\\x1b]0;OWNED\\x07" in side


def test_beskrivelse_med_linjeskift_beholder_linjene_i_tabellen(kjor: Kjor) -> None:
    ny_sak(kjor)
    sql("UPDATE sak SET beskrivelse = :b", b="første linje\nandre\tlinje\x1b[2J")
    ut = ok(kjor("sak", "vis", "2026/1", "-f", "table", env=TERMINAL)).stdout
    linjer = [linje for linje in ut.splitlines() if "linje" in linje]
    assert len(linjer) == 2, ut
    assert "første linje" in linjer[0] and "andre\\tlinje\\x1b[2J" in linjer[1]
    assert "\x1b[2J" not in ut and "\t" not in ut


# -- item 6: lines for a person on stderr -------------------------------------------------


def test_advarsel_viser_styretegn_escapet(kjor: Kjor) -> None:
    fiendtlig_register(kjor)
    r = ok(kjor("vedlegg", "c", "--ar", "2026", "--per", "30.04.2026", "-f", "tsv"))
    (linje,) = r.stderr.splitlines()
    assert linje.startswith(f"Advarsel: A1 «{VIST}» utløp 31.12.2025")
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def test_radfeil_fra_fil_viser_styretegn_escapet(kjor: Kjor, tmp_path: Path) -> None:
    """An imported file's bad cell (Valideringsfeil.linjer) cannot act on the terminal."""
    fil = tmp_path / "saker.csv"
    ond = "\x1b]0;OWNED\x07\x1b[2J"
    hode = "type,departement,tittel,oppmeldt,meldt_inn_av"
    fil.write_text(f"{hode}\nkostnadsberegning,{ond},En sak,2026,KS\n", encoding="utf-8")
    r = kjor("import", "saker", str(fil))
    assert r.exit_code == 3, r.stderr
    linjer = r.stderr.splitlines()
    assert len(linjer) == 2, linjer
    # The text rule refuses the control character before the code is looked up; the
    # line names it escaped.
    assert "departement: departementet inneholder styretegnet \\x1b (tegn 1)" in linjer[0]
    assert linjer[1].startswith("Feil: 1 feil i ")
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


def test_radfeil_fra_vedlegg_viser_styretegn_escapet(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "a.txt"
    fil.write_text("Sak\tOppmeldt\n\x1b]0;OWNED\x07\x1b[2J Tittel\t2026\n", encoding="utf-8")
    r = kjor("import", "vedlegg", "a", str(fil), "--ar", "2026")
    assert r.exit_code == 3, r.stderr
    assert "«\\x1b]0;OWNED\\x07\\x1b[2J Tittel»" in r.stderr
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr


@pytest.mark.parametrize(
    "args, del_",
    [
        (("sak", "vis", "2026/\x1b[2J"), "«2026/\\x1b[2J»"),
        (("import", "saker", "ny\nlinje\x1b]0;x\x07.csv"), "ny\\nlinje\\x1b]0;x\\x07.csv"),
        (("saker", "--status", "\x1b[31m"), "«\\x1b[31m»"),
    ],
)
def test_feillinjen_er_en_linje_med_styretegn_escapet(
    kjor: Kjor, args: tuple[str, ...], del_: str
) -> None:
    r = kjor(*args)
    linje = feil(r, r.exit_code, del_)
    assert r.exit_code in (1, 2)
    assert "\x1b" not in linje and "\x07" not in linje


def test_melding_er_en_linje_med_styretegn_escapet(capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from konsreg.cli import felles
    from konsreg.regler.advarsler import Utlopt

    # Warnings are data; the same one twice is said once, on one line, escaped.
    utlopt = Utlopt("A1", "ny\nlinje \x1b[2J", date(2025, 12, 31), "pagaende", date(2026, 4, 30))
    felles.advar([utlopt, utlopt])
    felles.melding("Skrev 1 poster til ut\x1b]0;x\x07.csv.")
    assert capsys.readouterr().err == (
        "Advarsel: A1 «ny\\nlinje \\x1b[2J» utløp 31.12.2025, men står i registeret som "
        "pågående per 30.04.2026; avslutt eller forny den, eller bruk --bare-gjeldende.\n"
        "Skrev 1 poster til ut\\x1b]0;x\\x07.csv.\n"
    )


# -- item 7: the appendix TSV reads back unchanged ----------------------------------------

TITLER = [
    'Sitat "med" anførselstegn',
    "Tab\ti midten",
    "To\nlinjer",
    "Bak\\strek og \\t og \\\\n bokstavelig",
    "Slutter på bakstrek \\",
    "Vognretur\rher",
    "Bakstrek før linjeskift \\\nher",
    "Markup [/bold] og [link=https://x.example]lenke[/link]",
    "HTML <b> og <b>fet</b> inni og **stjerner**",
]


def _tsv(kjor: Kjor, bokstav: str, *db: str) -> str:
    args = ["vedlegg", bokstav, "--ar", "2026", "-f", "tsv"]
    if bokstav == "c":
        args += ["--per", "30.04.2026"]
    return str(ok(kjor(*db, *args)).stdout)


def test_vedlegg_tsv_rundtur_med_vanskelige_titler(kjor: Kjor, tmp_path: Path) -> None:
    # Titles with a tab, newline or CR (a register made before the text rule, or SQL)
    # print escaped and read back unchanged (test_leseren_gir_tilbake_titlene_…), but the
    # register refuses them as new titles: the round trip through a register uses the rest.
    from konsreg.tekst import er_styretegn

    titler = [t for t in TITLER if not any(er_styretegn(c) for c in t)]
    for i, tittel in enumerate(titler):
        ny_sak(kjor, tittel=f"a-{i}", oppmeldt=str(2026 - i))
        ny_sak(kjor, tittel=f"b-{i}", type="lovmedvirkning")
        ny_avtale(kjor, tittel=f"c-{i}", kategori="velferd" if i % 2 else "samhandling")
        sett_tittel("sak", f"a-{i}", tittel)
        sett_tittel("sak", f"b-{i}", tittel)
        sett_tittel("avtale", f"c-{i}", tittel)
    # A category with a hard name heads a group of its own (the second category, so
    # that the new one the import makes of it keeps its place). The register keeps a
    # category's name on one line (white space collapsed), so no tab or newline here.
    sql(
        "UPDATE kategori SET navn = :navn WHERE kode = 'samhandling'",
        navn='Avtaler om "samhandling" [/bold] \\n <b>',
    )
    tom = ["--db", str(tmp_path / "tom.db")]
    for bokstav in "abc":
        ut = _tsv(kjor, bokstav)
        assert len(ut.splitlines()) == len(titler) + 2 + (bokstav == "c")
        assert '"' in ut and '""' not in ut  # never CSV-quoted
        fil = tmp_path / f"{bokstav}.tsv"
        fil.write_text(ut, encoding="utf-8")
        args = [] if bokstav == "c" else ["--ar", "2026"]
        r = ok(kjor(*tom, "import", "vedlegg", bokstav, str(fil), *args))
        assert f"Vedlegg {bokstav}: {len(titler)} nye" in r.stderr
        assert _tsv(kjor, bokstav, *tom) == ut
    saker = json.loads(ok(kjor(*tom, "saker", "-f", "json")).stdout)
    assert sorted(s["tittel"] for s in saker) == sorted(titler * 2)
    avtaler = json.loads(ok(kjor(*tom, "avtaler", "-f", "json")).stdout)
    assert sorted(a["tittel"] for a in avtaler) == sorted(titler)


def test_vedlegg_tsv_med_styretegn_i_en_gammel_tittel_avvises_ved_import(
    kjor: Kjor, tmp_path: Path
) -> None:
    ny_sak(kjor, tittel="a-0")
    sett_tittel("sak", "a-0", "Tab\ti midten")
    ut = _tsv(kjor, "a")
    assert "Tab\\ti midten" in ut
    fil = tmp_path / "a.tsv"
    fil.write_text(ut, encoding="utf-8")
    r = kjor("--db", str(tmp_path / "tom.db"), "import", "vedlegg", "a", str(fil), "--ar", "2026")
    assert r.exit_code == 3
    assert "a.tsv:3: Tittelen inneholder styretegnet \\t (tegn 4); fjern det." in r.stderr


def test_leseren_gir_tilbake_titlene_vedlegg_tsv_skrev() -> None:
    """The writer and the reader alone, without the register's rules for new text: every
    title, control characters included, comes back from the appendix TSV as it was."""
    from datetime import date

    from konsreg.lesere.vedlegg import les_vedlegg
    from konsreg.models import AvtaleLinje, SakLinje
    from konsreg.regler.departementer import Dep, Departementer
    from konsreg.render.vedlegg import tsv, vedlegg_ab, vedlegg_c

    deps = Departementer([Dep("HOD", "Helse- og omsorgsdepartementet", None, None)])
    titler = [*TITLER, FIENDTLIG, "Alle\\t\t\\\\n\r\n\\"]
    saker = [
        SakLinje(f"2026/{i}", "HOD", deps.alle[0].navn, t, 2026, False, "ny")
        for i, t in enumerate(titler, start=1)
    ]
    lest = les_vedlegg(tsv(vedlegg_ab("a", 2026, saker)), bokstav="a", deps=deps, kilde="-")
    assert lest.feil == []
    assert [s.tittel for s in lest.saker] == titler
    avtaler = [
        AvtaleLinje(f"A{i}", t, "k", "Kategori", ("HOD", "KS"), date(2025, 1, 1), None, None, "ny")
        for i, t in enumerate(titler, start=1)
    ]
    tekst = tsv(vedlegg_c(2026, date(2026, 4, 30), avtaler, [("k", "Kategori")]))
    lest = les_vedlegg(tekst, bokstav="c", deps=deps, kilde="-")
    assert lest.feil == []
    assert [a.tittel for a in lest.avtaler] == titler


def test_vedlegg_tsv_skriver_escaper_uten_sitattegn(kjor: Kjor) -> None:
    ny_sak(kjor, tittel="plass")
    sett_tittel("sak", "plass", 'A "b"\tc\nd\re\\f \\n')
    linje = _tsv(kjor, "a").splitlines()[2]
    assert linje == 'Helse- og omsorgsdepartementet A "b"\\tc\\nd\\re\\\\f \\\\n\t2026'


def test_vedlegg_csv_er_ekte_csv_ogsa_med_vognretur(kjor: Kjor) -> None:
    """`vedlegg -f csv` stays CSV (quoted as CSV quotes), a lone CR included."""
    ny_sak(kjor, tittel="plass")
    for tittel in ("Bare\rvognretur", 'Vogn\rretur, "sitat"\tog\nlinje'):
        sql("UPDATE sak SET tittel = :ny", ny=tittel)
        r = ok(kjor("vedlegg", "a", "--ar", "2026", "-f", "csv"))
        rader = list(csv.reader(io.StringIO(r.stdout, newline="")))
        assert rader == [["Sak", "Oppmeldt"], [f"Helse- og omsorgsdepartementet {tittel}", "2026"]]


def test_leseren_fjerner_bare_markering_rundt_hele_cellen() -> None:
    """Pasted category rows come as `<b>…</b>` or `**…**`; markup inside a title is the
    title's own text. (Limitation: a title that is wholly wrapped in one tag pair or in
    `**…**` loses the wrapping on import.)"""
    from konsreg.lesere.vedlegg import _rens

    assert _rens("<b>Avtaler om samhandling</b>") == "Avtaler om samhandling"
    assert _rens("**Avtaler om kompetanse**") == "Avtaler om kompetanse"
    assert _rens("<B><i>Nestet</i></b>") == "Nestet"
    assert _rens("Om <b> og <b>fet</b> i titler") == "Om <b> og <b>fet</b> i titler"
    assert _rens("<b>A</b> og <b>B</b>") == "<b>A</b> og <b>B</b>"
    assert _rens("to**stjerner** her") == "to**stjerner** her"
    assert _rens("a\\tb\\nc\\rd\\\\e \\\\n \\x") == "a\tb\nc\rd\\e \\n \\x"
    assert _rens("  luft\u00a0 rundt  ") == "luft rundt"


@pytest.mark.slow
def test_i_en_ekte_terminal_er_standardtabellen_trygg(kjor: Kjor) -> None:
    """`python -m konsreg` with stdout on a pseudo-terminal: the default format is the
    table, and the hostile title reaches it as text (stderr's warning too)."""
    from tests.cli.test_output import _i_terminal

    fiendtlig_register(kjor)
    for args in (["saker"], ["sak", "vis", "2026/1"], ["vedlegg", "a", "--ar", "2026"]):
        ut, feil_ = _i_terminal(args, COLUMNS="400")
        assert "┏" in ut or "┌" in ut
        trygg_for_terminal(ut)
        assert feil_ == ""
    ut, feil_ = _i_terminal(["vedlegg", "c", "--per", "30.04.2026"], COLUMNS="400")
    trygg_for_terminal(ut)
    assert feil_.startswith(f"Advarsel: A1 «{VIST}»")
