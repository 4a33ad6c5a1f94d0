"""The search query as rules: what a person types becomes a tree, the tree becomes FTS5's
language and PostgreSQL's tsquery parts, and no ordinary text is a syntax error in the
engine (a real FTS5 table in memory says so). The snippet's marks become parts, brackets
and offsets."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konsreg.errors import Bruksfeil
from konsreg.regler import sok as s
from konsreg.regler.sok import Eller, Frase, Og, Ord

A, B = s.START, s.SLUTT


@pytest.mark.parametrize(
    ("sporring", "tre", "fts5"),
    [
        ("bosett", Ord("bosett"), '"bosett"*'),
        ("helse*", Ord("helse", stjerne=True), '"helse"*'),
        ('"mottak og bosetting"', Frase("mottak og bosetting"), '"mottak og bosetting"'),
        ('"  mottak\n og  "', Frase("mottak og"), '"mottak og"'),
        (
            "bosetting flyktninger",
            Og((Ord("bosetting"), Ord("flyktninger"))),
            '("bosetting"*) AND ("flyktninger"*)',
        ),
        (
            "bosetting OG flyktninger",
            Og((Ord("bosetting"), Ord("flyktninger"))),
            '("bosetting"*) AND ("flyktninger"*)',
        ),
        (
            "bosetting ELLER kulturmiljøloven",
            Eller((Ord("bosetting"), Ord("kulturmiljøloven"))),
            '("bosetting"*) OR ("kulturmiljøloven"*)',
        ),
        # The engines' own operators too: FTS5's AND/OR/NOT, websearch's `-`.
        (
            "bosetting OR helse AND KS",
            Eller((Ord("bosetting"), Og((Ord("helse"), Ord("KS"))))),
            '("bosetting"*) OR (("helse"*) AND ("KS"*))',
        ),
        (
            "helse* IKKE helsefellesskapene",
            Og((Ord("helse", True),), (Ord("helsefellesskapene"),)),
            '(("helse"*)) NOT ("helsefellesskapene"*)',
        ),
        (
            "digital -helse NOT beredskap",
            Og((Ord("digital"),), (Ord("helse"), Ord("beredskap"))),
            '((("digital"*)) NOT ("helse"*)) NOT ("beredskap"*)',
        ),
        (
            "(bosetting ELLER integrering) IKKE vindkraft",
            Og((Eller((Ord("bosetting"), Ord("integrering"))),), (Ord("vindkraft"),)),
            '((("bosetting"*) OR ("integrering"*))) NOT ("vindkraft"*)',
        ),
        # ELLER binds looser than OG, as in both engines.
        (
            "a b ELLER c",
            Eller((Og((Ord("a"), Ord("b"))), Ord("c"))),
            '(("a"*) AND ("b"*)) OR ("c"*)',
        ),
        # Lower case is a word: Norwegian needs og, eller, ikke (and "or" is a tree).
        (
            "mottak og bosetting",
            Og((Ord("mottak"), Ord("og"), Ord("bosetting"))),
            '("mottak"*) AND ("og"*) AND ("bosetting"*)',
        ),
        # What FTS5 would read as syntax is text: quoted, a quote doubled.
        ("tittel:helse", Ord("tittel:helse"), '"tittel:helse"*'),
        ("NEAR", Ord("NEAR"), '"NEAR"*'),
        ("e-helse^", Ord("e-helse^"), '"e-helse^"*'),
        ("x & y", Og((Ord("x"), Ord("y"))), '("x"*) AND ("y"*)'),
        ('a "" b', Og((Ord("a"), Ord("b"))), '("a"*) AND ("b"*)'),
        ("hel*se", Ord("hel se"), '"hel se"*'),
    ],
)
def test_sporringen_leses_og_skrives_for_fts5(sporring: str, tre: s.Node, fts5: str) -> None:
    assert s.les_sporring(sporring) == tre
    assert s.fts5(tre) == fts5


@pytest.mark.parametrize(
    ("sporring", "melding"),
    [
        ("", "ingen ord å søke etter"),
        ("  & % –", "ingen ord å søke etter"),
        ("()", "ingen ord å søke etter"),
        ("IKKE helse", "kan ikke bare utelukke"),
        ("-helse", "kan ikke bare utelukke"),
        ("helse ELLER IKKE bosetting", "kan ikke bare utelukke"),
        ("(IKKE helse) bosetting", "kan ikke bare utelukke"),
        ("(helse", "«(» uten en «)»"),
        ("helse)", "«)» uten en «(»"),
        (") helse", "«)» uten en «(»"),
        ("helse OG", "«OG» må stå mellom"),
        ("OG helse", "«OG» må stå mellom"),
        ("helse OG OG bosetting", "«OG» må stå mellom"),
        ("ELLER helse", "«ELLER» må stå mellom"),
        ("helse OR", "«OR» må stå mellom"),
        ("helse ELLER ELLER x", "«ELLER» må stå mellom"),
        ("helse IKKE", "«IKKE» må stå foran"),
        ("helse IKKE IKKE x", "«IKKE» må stå foran"),
        ('"mottak og bosetting', "anførselstegn"),
        ("helse ( ) x", "tom parentes"),
        (" ".join(["ord"] * 65), "for mange ord"),
        ("helse\x00", "styretegnet \\\\x00"),
        ("helse\x1b[31m", "styretegnet \\\\x1b"),
    ],
)
def test_en_sporring_som_ikke_kan_leses_er_en_bruksfeil(sporring: str, melding: str) -> None:
    with pytest.raises(Bruksfeil, match=melding.replace("(", r"\(").replace(")", r"\)")):
        s.les_sporring(sporring)


def test_linjeskift_og_tabulator_er_mellomrom() -> None:
    assert s.les_sporring("mottak\n\tbosetting\r\n") == Og((Ord("mottak"), Ord("bosetting")))


def test_deler_til_postgresql_er_sitert() -> None:
    assert s.tsquery_prefiks("helse") == "'helse':*"
    assert s.tsquery_prefiks("it's \\x") == "'it''s \\\\x':*"
    assert s.websearch_frase("or -helse") == '"or -helse"'


def test_ordene_i_en_sporring() -> None:
    tre = s.les_sporring('(bosetting ELLER "mottak og") helse* IKKE vindkraft')
    assert s.ord_i(tre) == [Ord("bosetting"), Frase("mottak og"), Ord("helse", True)]


@pytest.fixture(scope="module")
def fts5() -> sqlite3.Connection:
    """An FTS5 table with the register's tokenizer (migration 0006), in memory."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(tittel, tekst, "
        "tokenize='unicode61 remove_diacritics 0', prefix='2 3 4 5 6')"
    )
    conn.executemany(
        "INSERT INTO t VALUES (?, ?)",
        [
            ("Samarbeidsavtale om mottak og bosetting av flyktninger", None),
            ("Kulturmiljøloven", "Ny kulturmiljølov som skal erstatte kulturminneloven"),
            ("Bosettingen av enslige", "Å bo trygt hjemme"),
            ("E-helse", "Årlige endringer for nasjonale e-helseløsninger"),
        ],
    )
    return conn


@pytest.mark.parametrize(
    ("sporring", "rader"),
    [
        ("bosett", [1, 3]),
        ("bosetting", [1, 3]),
        ('"bosetting"', [1]),
        ('"mottak og bosetting"', [1]),
        ('"bosetting og mottak"', []),
        ("kulturmiljø", [2]),
        ("kulturmiljøloven", [2]),
        ("å", [3, 4]),  # Å, Årlige: å is a letter of its own, not an a
        ("a", [1, 3]),  # av (and never Å)
        ("helse", [4]),
        ("e-helse", [4]),
        ("bosetting IKKE enslige", [1]),
        ("(bosetting ELLER kulturmiljø) IKKE mottak", [2, 3]),
    ],
)
def test_fts5_finner_det_norsk_tekst_sier(
    fts5: sqlite3.Connection, sporring: str, rader: list[int]
) -> None:
    uttrykk = s.fts5(s.les_sporring(sporring))
    funnet = [r for (r,) in fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", (uttrykk,))]
    assert sorted(funnet) == rader


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=40))
def test_ingen_tekst_er_en_syntaksfeil_i_fts5(fts5: sqlite3.Connection, tekst: str) -> None:
    # Whatever a person types is read by konsreg, or refused by konsreg in Norwegian:
    # the engine never gets a query it cannot parse.
    try:
        uttrykk = s.fts5(s.les_sporring(tekst))
    except Bruksfeil:
        return
    fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", (uttrykk,)).fetchall()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["helse", "bosett*", '"mottak og"', "OG", "ELLER", "IKKE", "-x", "(", ")", "KS"]
        ),
        max_size=12,
    )
)
def test_ingen_operatorrekke_er_en_syntaksfeil_i_fts5(
    fts5: sqlite3.Connection, ledd: list[str]
) -> None:
    try:
        uttrykk = s.fts5(s.les_sporring(" ".join(ledd)))
    except Bruksfeil:
        return
    fts5.execute("SELECT rowid FROM t WHERE t MATCH ?", (uttrykk,)).fetchall()


def test_utdraget_i_deler_klammer_og_plasser() -> None:
    utdrag = f"…mottak og {A}bosetting{B} av {A}flyktninger{B}…"
    assert s.deler(utdrag) == [
        ("…mottak og ", False),
        ("bosetting", True),
        (" av ", False),
        ("flyktninger", True),
        ("…", False),
    ]
    assert s.uten_merker(utdrag) == "…mottak og bosetting av flyktninger…"
    assert s.med_klammer(utdrag) == "…mottak og [bosetting] av [flyktninger]…"
    uten = s.uten_merker(utdrag)
    assert [uten[a:b] for a, b in s.treffplasser(utdrag)] == ["bosetting", "flyktninger"]
    # A mark without its pair (a snippet cut inside a hit) ends with the snippet.
    assert s.deler(f"om {A}bosett") == [("om ", False), ("bosett", True)]
    assert s.deler("") == []


def test_beste_utdrag_er_det_forste_med_treff() -> None:
    assert s.beste_utdrag([None, "uten", f"med {A}treff{B}"]) == f"med {A}treff{B}"
    assert s.beste_utdrag([None, "uten", "også uten"]) == "uten"
    assert s.beste_utdrag([None, ""]) == ""


def test_utdrag_fra_postgresql_far_kutt_som_fra_fts5() -> None:
    tekst = "Ny avtale om mottak og bosetting av flyktninger ble signert 6. mars 2026."
    assert s.med_kutt(f"{A}bosetting{B} av flyktninger", tekst) == (
        f"…{A}bosetting{B} av flyktninger…"
    )
    assert s.med_kutt(f"Ny avtale om {A}mottak{B}", tekst) == f"Ny avtale om {A}mottak{B}…"
    assert s.med_kutt(f"signert 6. mars {A}2026{B}", tekst) == f"…signert 6. mars {A}2026{B}"
    assert s.med_kutt("", tekst) == ""
    assert s.rydd("## Tittel\n\n  tekst\tmer ") == "## Tittel tekst mer"


def test_punktets_tittel() -> None:
    assert s.punkttittel("Eget", 2, False) == "Eget"
    assert s.punkttittel(None, 2, True) == "Kapittel 2, innledning"
    assert s.punkttittel(None, 6, False) == "Kapittel 6"


def test_posttype_og_partene() -> None:
    assert s.posttype(" Avtale ") == s.Posttype.avtale
    with pytest.raises(ValueError, match="ukjent type «møte»"):
        s.posttype("møte")
    assert s.parter_tekst(["AID", "JD", "KS"]) == "AID, JD, KS"
    assert s.parter_tekst([]) is None
