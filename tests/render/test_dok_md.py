"""A document as Markdown: a golden text for a small document, and what stored text
cannot do to it (become markup, a link to javascript:, a heading or a list)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from konsreg.render.dok_md import markdown
from konsreg.render.dokument import Avsnitt, Dokument, Liste, Tekstbit, bit
from konsreg.render.markdown import fra_markdown
from tests.render.dokumenter import liten

GYLDEN = """\
DET KONGELIGE KOMMUNAL- OG DISTRIKTSDEPARTEMENT

**MATERIALET TIL 2. KONSULTASJONSMØTE 2026**

**Innhold**

- 1\\. Det 2. konsultasjonsmøtet i 2026
  - a. Innspill \\<script>alert(1)\\</script>
- 2\\. Eventuelt

# 1\\. Det 2. konsultasjonsmøtet i 2026

Les mer på [regjeringen.no](https://www.regjeringen.no/) og [**ks.no**](https://www.ks.no/). \
Ikke en lenke: klikk.

## a. Innspill \\<script>alert(1)\\</script>

\\*\\*ikke fet\\*\\* \\_ikke kursiv\\_ # \\| a \\| \\\\x1b\\[31m **fet** og *kursiv*

15\\. desember 2025 presenterte regjeringen en plan.

### Spørsmål til drøfting:

- *Hvilke grep?*
- *# Hvordan?*

1. ett
2. to

# 2\\. Eventuelt

### Vedlegg a) Oversikt over kostnadsberegningssaker

| Sak | Oppmeldt |
| --- | --- |
| Helse- og omsorgsdepartementet \\<script>alert(1)\\</script> | 2026 |
| Kultur- og likestillingsdepartementet \\| a \\| \\*\\*x\\*\\* | 2022 (første gang) |

### Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per april 2026

| Avtaler om velferdstjenester | Parter | Inngått | Utløper | Første avtale inngått |
| --- | --- | --- | --- | --- |
| Avtale om kvalitet | KD og KS | 02.12.2022 | 31.12.2025 | 2009 |
| **Avtaler om samhandling \\<b>** |  |  |  |  |
| Avtale om NAV\\\\x1b\\[2J | AID og KS | 04.01.2023 | 31.12.2026 | 2012 |

¹ «Avtale om NAV» ble registrert under KMD; vist under KDD.
"""


def test_gylden_markdown() -> None:
    assert markdown(liten()) == GYLDEN


def test_samme_dokument_samme_tekst() -> None:
    assert markdown(liten()) == markdown(liten())


def test_lagret_tekst_leses_tilbake_som_tekst() -> None:
    # The Markdown read back with the parser: every stored text is the text it was.
    lest = fra_markdown(markdown(liten()))
    avsnitt = [b for b in lest if isinstance(b, Avsnitt)]
    assert avsnitt[4] == Avsnitt(
        (
            Tekstbit("**ikke fet** _ikke kursiv_ # | a | \\x1b[31m "),
            Tekstbit("fet", fet=True),
            Tekstbit(" og "),
            Tekstbit("kursiv", kursiv=True),
        )
    )
    assert avsnitt[5] == Avsnitt(bit("15. desember 2025 presenterte regjeringen en plan."))
    lister = [b for b in lest if isinstance(b, Liste)]
    assert lister[1].punkter[1] == (Tekstbit("# Hvordan?", kursiv=True),)


def test_to_lister_etter_hverandre_blir_to() -> None:
    dok = Dokument("t", (Liste((bit("a"),)), Liste((bit("b"),)), Liste((bit("c"),), True)))
    assert markdown(dok) == "- a\n\n* b\n\n1. c\n"
    assert len(fra_markdown(markdown(dok))) == 3


def test_stiler_som_rorer_hverandre() -> None:
    # A bold title line with an italic word in it: the shared bold wraps both.
    biter = (Tekstbit("Plan", fet=True, kursiv=True), Tekstbit(" for Norge", fet=True))
    assert markdown(Dokument("t", (Avsnitt(biter),))) == "***Plan* for Norge**\n"
    biter = (Tekstbit("a", fet=True, kursiv=True), Tekstbit("b", fet=True))
    assert markdown(Dokument("t", (Avsnitt(biter),))) == "***a*b**\n"
    assert fra_markdown("***a*b**") == (Avsnitt(biter),)


def test_nummerert_liste_med_start() -> None:
    dok = Dokument("t", (Liste((bit("desember"), bit("januar")), nummerert=True, start=15),))
    assert markdown(dok) == "15. desember\n16. januar\n"
    # Read back, a list that does not start at 1 is the paragraphs it was typed as
    # (render/markdown.py: "15. desember 2025 …" is a date): the same text, in order.
    assert fra_markdown(markdown(dok)) == (
        Avsnitt((Tekstbit("15. desember"),)),
        Avsnitt((Tekstbit("16. januar"),)),
    )


def test_utrop_for_lenke_blir_ikke_bilde() -> None:
    biter = (Tekstbit("Se!"), Tekstbit("her", lenke="https://ks.no"))
    assert markdown(Dokument("t", (Avsnitt(biter),))) == "Se\\![her](https://ks.no)\n"


_TEGN = st.sampled_from([*"ab1 .,*_#[]()<>|`\\&!-+:;«»", "&amp;", "15. ", "# ", "\n", "\x1b"])
_TEKST = st.lists(_TEGN, min_size=1, max_size=6).map("".join)
_BIT = st.builds(
    Tekstbit,
    _TEKST,
    st.booleans(),
    st.booleans(),
    st.sampled_from([None, None, "https://ks.no/a_(b)", "javascript:x"]),
)


def _som_ord(tekst: str) -> str:
    return " ".join(tekst.split())


@settings(max_examples=300, deadline=None)
@given(st.lists(_BIT, min_size=1, max_size=5))
def test_ingen_tekst_blir_markering(biter: list[Tekstbit]) -> None:
    # Whatever the runs, the text read back is the text written (but for the markers'
    # own asterisks where runs of different styles touch, and white space).
    md = markdown(Dokument("t", (Avsnitt(tuple(biter)),)))
    ventet = _som_ord("".join(b.tekst for b in biter).replace("\x1b", "\\x1b").replace("*", ""))
    lest = fra_markdown(md)
    if not ventet:
        return
    assert len(lest) == 1 and isinstance(lest[0], Avsnitt), md
    assert _som_ord("".join(b.tekst for b in lest[0].biter).replace("*", "")) == ventet, md


def _tegn(biter: tuple[Tekstbit, ...] | list[Tekstbit]) -> list[tuple[str, bool, bool, bool]]:
    """Each visible letter or digit with its style (punctuation and spaces may move out of
    a marker: `a**(b)**c` would not be bold)."""
    return [
        (t, b.fet, b.kursiv, b.lenke is not None) for b in biter for t in b.tekst if t.isalnum()
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(_BIT, min_size=1, max_size=5))
def test_stil_leses_tilbake_nar_delene_skilles_av_rom(biter: list[Tekstbit]) -> None:
    # Styled runs with a space between them (what the material has) keep every style.
    skilt: list[Tekstbit] = []
    for b in biter:
        if skilt and (skilt[-1].fet or skilt[-1].kursiv) and (b.fet or b.kursiv):
            skilt.append(Tekstbit(" "))
        skilt.append(b)
    md = markdown(Dokument("t", (Avsnitt(tuple(skilt)),)))
    lest = fra_markdown(md)
    trygge = [
        Tekstbit(
            b.tekst.replace("\x1b", "\\x1b"),
            fet=b.fet,
            kursiv=b.kursiv,
            lenke=None if b.lenke == "javascript:x" else b.lenke,
        )
        for b in skilt
    ]
    if not _tegn(trygge):
        return
    assert len(lest) == 1 and isinstance(lest[0], Avsnitt), md
    assert _tegn(lest[0].biter) == _tegn(trygge), md
