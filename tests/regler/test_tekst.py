"""The text rules: what stored text may hold, and how it is shown on a screen."""

from __future__ import annotations

import pytest

from konsreg.tekst import rens_tekst, sitat, synlig


@pytest.mark.parametrize(
    ("inn", "ut"),
    [
        ("Kulturmiljøloven", "Kulturmiljøloven"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x07b", "a\\x07b"),
        ("\x1b]0;OWNED\x07", "\\x1b]0;OWNED\\x07"),
        ("høyre\u202evenstre", "høyre\\u202evenstre"),
        ("to\nlinjer", "to\\nlinjer"),
        ("tab\there", "tab\\there"),
        ("c1\x9bx", "c1\\x9bx"),
        ("del\x7f", "del\\x7f"),
        ("[/bold] [link=https://x]y[/link]", "[/bold] [link=https://x]y[/link]"),
    ],
)
def test_synlig_viser_styretegn_som_escapes(inn: str, ut: str) -> None:
    assert synlig(inn) == ut


def test_synlig_kan_beholde_linjeskift() -> None:
    assert synlig("a\nb\x1bc", linjeskift=True) == "a\nb\\x1bc"


def test_sitat_kutter_lange_verdier_i_midten() -> None:
    lang = "x" * 10_000 + "\x1b"
    s = sitat(lang, maks=20)
    assert len(s) < 40
    assert s.startswith("«xxxx") and s.endswith("\\x1b»")
    assert "…" in s
    assert sitat({"a": 1}) == "«{'a': 1}»"


@pytest.mark.parametrize(
    ("inn", "ut"),
    [
        ("  Tittel  ", "Tittel"),
        ("Linje 1\r\nLinje 2", None),  # a title allows no newline
        ("e\u0301", "e\u0301"),
        ("Bo trygt hjemme\u200d", "Bo trygt hjemme\u200d"),
    ],
)
def test_rens_tekst_tittel(inn: str, ut: str | None) -> None:
    if ut is None:
        with pytest.raises(ValueError, match=r"styretegnet \\n"):
            rens_tekst(inn, felt="tittel")
    else:
        assert rens_tekst(inn, felt="tittel") == ut


@pytest.mark.parametrize(
    ("inn", "melding"),
    [
        ("", "tittel kan ikke være tom"),
        ("   ", "tittel kan ikke være tom"),
        ("\u200b\u200b", "tittel er tom (bare usynlige tegn)"),
        ("\ufeff\u2060\u00ad\u3164", "tittel er tom (bare usynlige tegn)"),
        ("a\x00b", "tittel inneholder styretegnet \\x00 (tegn 2); fjern det"),
        ("\x1b[31mrød", "tittel inneholder styretegnet \\x1b (tegn 1); fjern det"),
        ("abc\u202e", "tittel inneholder styretegnet \\u202e (tegn 4); fjern det"),
    ],
)
def test_rens_tekst_avviser(inn: str, melding: str) -> None:
    with pytest.raises(ValueError) as feil:
        rens_tekst(inn, felt="tittel")
    assert str(feil.value) == melding


def test_rens_tekst_tillater_det_feltet_tillater() -> None:
    assert rens_tekst("a\r\nb\tc", felt="beskrivelse", tillat="\n\t") == "a\nb\tc"
    with pytest.raises(ValueError, match=r"\\r"):
        rens_tekst("a\rb", felt="beskrivelse", tillat="\n\t")


def test_rens_tekst_ascii_som_den_lange_veien() -> None:
    """Printable ASCII with nothing to strip is returned as it is (the short way an import
    takes for most titles); every other ASCII string, printable or not, gets what the
    rule says: stripped, refused for a control character, refused when empty."""
    import random
    import string

    rng = random.Random(12)
    tegn = string.printable + "\x00\x1b\x7f  "
    for _ in range(20_000):
        inn = "".join(rng.choice(tegn) for _ in range(rng.randrange(0, 6)))
        for tillat in ("", "\n\t"):
            ren = inn.replace("\r\n", "\n").strip() if "\r\n" in inn else inn.strip()
            styretegn = [t for t in ren if (t < " " or t == "\x7f") and t not in tillat]
            if styretegn or not ren:
                with pytest.raises(ValueError):
                    rens_tekst(inn, felt="tittel", tillat=tillat)
            else:
                assert rens_tekst(inn, felt="tittel", tillat=tillat) == ren


def test_os_feil_sier_det_pa_norsk_med_filnavnet() -> None:
    import errno

    from konsreg.errors import os_feil

    assert os_feil(OSError(errno.ENOSPC, "No space left"), "/d/e.csv").melding == (
        "Ikke mer plass på disken: /d/e.csv."
    )
    assert os_feil(OSError(errno.EACCES, "Permission denied", "/d/\x1b[2J")).melding == (
        "Mangler tilgang: /d/\\x1b[2J."
    )
    assert os_feil(OSError(errno.EROFS, "Read-only")).melding == "Filsystemet er skrivebeskyttet."
