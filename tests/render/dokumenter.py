"""Small documents built by hand for the writers' tests: a front page, contents, headings
on three levels, paragraphs with bold, italic and links, lists, a page break and two
appendix tables (one with category rows and a footnote), with hostile text in most
places a stored text can reach."""

from __future__ import annotations

from konsreg.render.dokument import (
    Avsnitt,
    Dokument,
    Innhold,
    Liste,
    Overskrift,
    Sideskift,
    Tabell,
    Tekstbit,
    bit,
)
from konsreg.render.vedlegg import Tabellrad, Vedlegg

VEDLEGG_A = Vedlegg(
    bokstav="a",
    tittel="Vedlegg a) Oversikt over kostnadsberegningssaker",
    overskrift=["Sak", "Oppmeldt"],
    rader=[
        Tabellrad(["Helse- og omsorgsdepartementet <script>alert(1)</script>", "2026"]),
        Tabellrad(["Kultur- og likestillingsdepartementet | a | **x**", "2022 (første gang)"]),
    ],
)

VEDLEGG_C = Vedlegg(
    bokstav="c",
    tittel="Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per april 2026",
    overskrift=[
        "Avtaler om velferdstjenester",
        "Parter",
        "Inngått",
        "Utløper",
        "Første avtale inngått",
    ],
    rader=[
        Tabellrad(["Avtale om kvalitet", "KD og KS", "02.12.2022", "31.12.2025", "2009"]),
        Tabellrad(["Avtaler om samhandling <b>", "", "", "", ""], gruppe=True),
        Tabellrad(["Avtale om NAV\x1b[2J", "AID og KS", "04.01.2023", "31.12.2026", "2012"]),
    ],
    fotnoter=["¹ «Avtale om NAV» ble registrert under KMD; vist under KDD."],
)


def liten() -> Dokument:
    return Dokument(
        tittel="Materialet til 2. konsultasjonsmøte 2026",
        blokker=(
            Avsnitt(bit("DET KONGELIGE KOMMUNAL- OG DISTRIKTSDEPARTEMENT"), stil="forside"),
            Avsnitt(bit("MATERIALET TIL 2. KONSULTASJONSMØTE 2026"), stil="forside_tittel"),
            Innhold(),
            Overskrift(1, "1. Det 2. konsultasjonsmøtet i 2026"),
            Avsnitt(
                (
                    Tekstbit("Les mer på "),
                    Tekstbit("regjeringen.no", lenke="https://www.regjeringen.no/"),
                    Tekstbit(" og "),
                    Tekstbit("ks.no", fet=True, lenke="https://www.ks.no/"),
                    Tekstbit(". Ikke en lenke: "),
                    Tekstbit("klikk", lenke="javascript:alert(1)"),
                    Tekstbit("."),
                )
            ),
            Overskrift(2, "a. Innspill <script>alert(1)</script>"),
            Avsnitt(
                (
                    Tekstbit("**ikke fet** _ikke kursiv_ # | a | \x1b[31m "),
                    Tekstbit("fet", fet=True),
                    Tekstbit(" og "),
                    Tekstbit("kursiv", kursiv=True),
                )
            ),
            Avsnitt(bit("15. desember 2025 presenterte regjeringen en plan.")),
            Overskrift(3, "Spørsmål til drøfting:", i_innhold=False),
            Liste((bit("Hvilke grep?"), bit("# Hvordan?")), kursiv=True),
            Liste((bit("ett"), bit("to")), nummerert=True),
            Overskrift(1, "2. Eventuelt"),
            Sideskift(),
            Overskrift(3, VEDLEGG_A.tittel, i_innhold=False),
            Tabell(VEDLEGG_A),
            Overskrift(3, VEDLEGG_C.tittel, i_innhold=False),
            Tabell(VEDLEGG_C),
        ),
    )
