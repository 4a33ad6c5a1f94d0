"""Moving a register by export and import, and updating from a spreadsheet: categories
the register made itself travel with the export, and an emptied cell clears a field."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_rundtur import i, tomt_register
from tests.conftest import Kjor
from tests.hjelp import ny_sak, ok, vis_json

TABELL = (
    "Avtaler om digitalisering\tParter\tInngått\tUtløper\tFørste avtale inngått\n"
    "Avtale om Digihjelpen\tDFD og KS\t18.03.2022\t31.12.2025\t2018\n"
)


def test_egen_kategori_folger_med_eksporten_til_et_tomt_register(
    kjor: Kjor, tmp_path: Path
) -> None:
    ok(kjor("import", "vedlegg", "c", "-", "--per", "2026-04-30", input=TABELL))
    eksport = ok(kjor("eksport", "avtaler", "-f", "jsonl")).stdout
    assert '"kategori": "digitalisering"' in eksport
    assert '"kategori_navn": "Avtaler om digitalisering"' in eksport
    vedlegg = ok(kjor("vedlegg", "c", "--per", "2026-04-30", "-f", "tsv")).stdout
    with tomt_register(tmp_path) as reg:
        r = ok(i(kjor, reg, "import", "avtaler", "-", "--format", "jsonl", input=eksport.encode()))
        assert "1 nye" in r.stderr
        assert ok(i(kjor, reg, "eksport", "avtaler", "-f", "jsonl")).stdout == eksport
        igjen = ok(i(kjor, reg, "vedlegg", "c", "--per", "2026-04-30", "-f", "tsv")).stdout
        assert igjen == vedlegg


def test_ukjent_kategori_uten_navn_er_fortsatt_en_feil(kjor: Kjor) -> None:
    rad = (
        '{"tittel": "X", "kategori": "digitalisering", "parter": ["DFD", "KS"], '
        '"inngatt": "2024-01-01"}\n'
    )
    r = kjor("import", "avtaler", "-", "--format", "jsonl", input=rad)
    assert r.exit_code == 3
    assert "<stdin>:1: kategori: Ukjent kategori «digitalisering»" in r.stderr
    assert ok(kjor("avtaler", "-f", "jsonl")).stdout == ""


def test_vedlegg_c_uten_inngatt_avvises(kjor: Kjor) -> None:
    tabell = TABELL + "Avtale uten dato\tKD og KS\t\t31.12.2027\t2024\n"
    r = kjor("import", "vedlegg", "c", "-", "--per", "2026-04-30", input=tabell)
    assert r.exit_code == 3
    assert "<stdin>:3: inngått mangler" in r.stderr
    assert ok(kjor("avtaler", "-f", "jsonl")).stdout == ""


def test_oppdater_fra_regneark_tommer_en_celle_som_er_tommet(kjor: Kjor) -> None:
    nr = ny_sak(kjor, beskrivelse="Gammel omtale")
    csv = ok(kjor("eksport", "saker")).stdout
    assert ",Gammel omtale," in csv
    r = ok(
        kjor(
            "import",
            "saker",
            "-",
            "--format",
            "csv",
            "--ved-konflikt",
            "oppdater",
            input=csv.replace(",Gammel omtale,", ",,"),
        )
    )
    assert "1 oppdatert" in r.stderr
    sak = vis_json(kjor, "sak", nr)
    assert sak["beskrivelse"] is None
    assert [h["felt"] for h in sak["historikk"]][-1] == "beskrivelse"


def test_oppdater_uten_kolonnen_lar_feltet_sta(kjor: Kjor) -> None:
    nr = ny_sak(kjor, beskrivelse="Blir stående")
    rad = (
        f"saksnummer;tittel;type;departement;meldt inn av;oppmeldt\n{nr};Ny tittel;k;HOD;KS;2026\n"
    )
    ok(kjor("import", "saker", "-", "--ved-konflikt", "oppdater", input=rad))
    sak = vis_json(kjor, "sak", nr)
    assert sak["tittel"] == "Ny tittel"
    assert sak["beskrivelse"] == "Blir stående"
