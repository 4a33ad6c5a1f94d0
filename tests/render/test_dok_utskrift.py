"""The HTML page printed as a browser prints it: headless Chromium makes a PDF, pdftotext
reads it back. The text comes in the document's order, the front page is a page of its
own, the appendices start a page, and a long table's header is at the top of every
page it runs over.

Slow (a browser starts). It installs chromium and poppler-utils with apt-get when they
are missing and it may; otherwise it is skipped, except in CI (env CI), where it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from konsreg.render.dok_html import html
from konsreg.render.dokument import Dokument, Overskrift, Tabell
from konsreg.render.vedlegg import Tabellrad, Vedlegg
from tests.conftest import I_CI
from tests.render.dokumenter import liten

# Program → the Debian package that has it.
PROGRAMMER = {"chromium": "chromium", "pdftotext": "poppler-utils"}
NETTLESERE = ("chromium", "chromium-browser", "google-chrome")


def _hopp_over(grunn: str) -> None:
    if I_CI:
        pytest.fail(f"CI skal kunne skrive ut HTML til PDF: {grunn}")
    pytest.skip(grunn)


def _installer(pakker: list[str]) -> None:
    """apt-get install, with apt-get update first if the install fails (old lists)."""
    if shutil.which("apt-get") is None:
        _hopp_over(f"mangler {', '.join(pakker)}, og apt-get finnes ikke")
    if os.geteuid() != 0:
        _hopp_over(f"mangler {', '.join(pakker)}, og bare root kan installere med apt-get")
    miljo = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    kommando = ["apt-get", "install", "-y", "-q", "--no-install-recommends", *pakker]
    kjort = subprocess.run(kommando, capture_output=True, text=True, env=miljo, check=False)
    if kjort.returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=miljo, check=False)
        kjort = subprocess.run(kommando, capture_output=True, text=True, env=miljo, check=False)
    if kjort.returncode != 0:
        _hopp_over(f"apt-get install {' '.join(pakker)} feilet: {kjort.stderr[-500:]}")


def _program() -> tuple[str, str]:
    """The browser and pdftotext, installed if need be."""
    mangler = []
    if not any(shutil.which(n) for n in NETTLESERE):
        mangler.append(PROGRAMMER["chromium"])
    if shutil.which("pdftotext") is None:
        mangler.append(PROGRAMMER["pdftotext"])
    if mangler:
        _installer(mangler)
    nettleser = next((shutil.which(n) for n in NETTLESERE if shutil.which(n)), None)
    pdftotext = shutil.which("pdftotext")
    if nettleser is None or pdftotext is None:
        _hopp_over("chromium eller pdftotext mangler etter installasjonen")
    assert nettleser is not None and pdftotext is not None
    return nettleser, pdftotext


def _skriv_ut(dok: Dokument, mappe: Path) -> list[str]:
    """The document printed to PDF by the browser: each page's text."""
    return skriv_ut_html(html(dok), mappe)


def skriv_ut_html(tekst_html: str, mappe: Path) -> list[str]:
    """An HTML page printed to PDF by the browser: each page's text."""
    nettleser, pdftotext = _program()
    mappe.mkdir(parents=True, exist_ok=True)
    side = mappe / "materiale.html"
    side.write_text(tekst_html, encoding="utf-8")
    pdf = mappe / "materiale.pdf"
    (mappe / "hjem").mkdir(exist_ok=True)
    kjort = subprocess.run(
        [
            nettleser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",  # no date, title or address printed in the margins
            f"--user-data-dir={mappe / 'profil'}",
            f"--print-to-pdf={pdf}",
            side.as_uri(),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(mappe / "hjem")},
        timeout=180,
        check=False,
    )
    assert pdf.exists() and pdf.stat().st_size > 0, kjort.stderr[-2000:]
    tekst = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return [s for s in tekst.split("\f") if s.strip()]


def _linjer(side: str) -> list[str]:
    return [linje.strip() for linje in side.splitlines() if linje.strip()]


LANG = Vedlegg(
    bokstav="a",
    tittel="Vedlegg a) Lang tabell",
    overskrift=["Sak", "Oppmeldt"],
    rader=[Tabellrad([f"Sak nummer {n} om noe", "2026"]) for n in range(1, 121)],
)


@pytest.mark.slow
def test_html_skrives_ut_i_rekkefolge_med_sideskift(tmp_path: Path) -> None:
    liten_dok = liten()
    dok = Dokument(
        liten_dok.tittel,
        (*liten_dok.blokker, Overskrift(3, LANG.tittel, i_innhold=False), Tabell(LANG)),
    )
    sider = _skriv_ut(dok, tmp_path)

    # The front page alone on the first page.
    assert _linjer(sider[0]) == [
        "DET KONGELIGE KOMMUNAL- OG DISTRIKTSDEPARTEMENT",
        "MATERIALET TIL 2. KONSULTASJONSMØTE 2026",
    ]
    assert _linjer(sider[1])[0] == "Innhold"

    # The text in the document's order, hostile text printed as typed.
    alt = "\n".join(sider)
    ventet = [
        "Innhold",
        "1. Det 2. konsultasjonsmøtet i 2026",
        "a. Innspill <script>alert(1)</script>",
        "Les mer på regjeringen.no og ks.no. Ikke en lenke: klikk.",
        "**ikke fet** _ikke kursiv_ # | a | \\x1b[31m fet og kursiv",
        "15. desember 2025 presenterte regjeringen en plan.",
        "Spørsmål til drøfting:",
        "Hvilke grep?",
        "# Hvordan?",
        "2. Eventuelt",
        "Vedlegg a) Oversikt over kostnadsberegningssaker",
        "Helse- og omsorgsdepartementet <script>alert(1)</script>",
        "Kultur- og likestillingsdepartementet | a | **x**",
        "Vedlegg c) Oversikt over bilaterale samarbeidsavtaler per april 2026",
        "Avtale om kvalitet",
        "Avtaler om samhandling <b>",
        "Avtale om NAV\\x1b[2J",
        "¹ «Avtale om NAV» ble registrert under KMD; vist under KDD.",
        "Vedlegg a) Lang tabell",
        "Sak nummer 120 om noe",
    ]
    posisjon = 0
    for tekst in ventet:
        funnet = alt.find(tekst, posisjon)
        assert funnet >= 0, f"{tekst!r} mangler eller står før {ventet[ventet.index(tekst) - 1]!r}"
        posisjon = funnet + len(tekst)

    # The appendices start a page.
    vedlegg = next(i for i, s in enumerate(sider) if "Vedlegg a) Oversikt" in s)
    assert _linjer(sider[vedlegg])[0] == "Vedlegg a) Oversikt over kostnadsberegningssaker"
    assert "2. Eventuelt" in sider[vedlegg - 1]

    # The long table runs over pages, each starting with its header row.
    lange = [s for s in sider if "Sak nummer" in s]
    assert len(lange) >= 2
    for side in lange[1:]:
        assert _linjer(side)[:2] == ["Sak", "Oppmeldt"], _linjer(side)[:4]
