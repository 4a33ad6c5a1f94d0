"""Issue 9, item 5: saksnumre and agreement ids stay inside the one limit the register
can store, for imports, the counters and `sak ny` alike; a gap an import leaves in a
year's numbers is named."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Kjor
from tests.hjelp import (
    avtale_args,
    feil,
    ny_sak,
    ojeblikksbilde,
    ok,
    sak_args,
    saker_json,
)

GRENSE = 2**31 - 1


def _importer(kjor: Kjor, tmp_path: Path, *nummer: str, ekstra: tuple[str, ...] = ()) -> str:
    linjer = ["saksnummer,type,departement,tittel,oppmeldt,meldt_inn_av"]
    linjer += [f"{nr},lov,KD,Sak {nr},{nr.split('/')[0] or 2025},KS" for nr in nummer]
    fil = tmp_path / "saker.csv"
    fil.write_text("\n".join(linjer) + "\n")
    return str(ok(kjor("import", "saker", str(fil), *ekstra)).stderr)


def test_sak_ny_gar_ikke_forbi_grensen(kjor: Kjor, tmp_path: Path) -> None:
    # SQLite handed out 2025/2147483648, which `sak vis` cannot find; PostgreSQL failed
    # every later `sak ny` for 2025 with "integer out of range".
    _importer(kjor, tmp_path, f"2025/{GRENSE}", ekstra=("--tillat-hull",))
    for_ = ojeblikksbilde(kjor)
    for _ in range(2):
        feil(
            kjor("sak", "ny", *sak_args(oppmeldt="2025")),
            1,
            f"Saksnumrene for 2025 er brukt opp: 2025/{GRENSE} er det høyeste",
        )
    assert ojeblikksbilde(kjor) == for_
    ok(kjor("sak", "vis", f"2025/{GRENSE}"))
    assert ny_sak(kjor, oppmeldt="2026") == "2026/1"


def test_import_uten_saksnummer_far_ikke_numre_forbi_grensen(kjor: Kjor, tmp_path: Path) -> None:
    _importer(kjor, tmp_path, f"2025/{GRENSE - 1}", ekstra=("--tillat-hull",))
    for_ = ojeblikksbilde(kjor)
    fil = tmp_path / "uten.csv"
    fil.write_text(
        "type,departement,tittel,oppmeldt,meldt_inn_av\n"
        + "".join(f"lov,KD,Ny {n},2025,KS\n" for n in range(3))
    )
    feil(
        kjor("import", "saker", str(fil)),
        1,
        "Saksnumrene for 2025 rekker ikke: 3 nye trengs, men bare 1 er ledige",
    )
    assert ojeblikksbilde(kjor) == for_


def test_avtale_id_ene_har_samme_grense(kjor: Kjor, tmp_path: Path) -> None:
    fil = tmp_path / "avtaler.csv"
    fil.write_text(
        f"id,tittel,kategori,parter,inngatt\nA{GRENSE},Siste mulige,velferd,KD og KS,01.01.2026\n"
    )
    ok(kjor("import", "avtaler", str(fil)))
    for_ = ojeblikksbilde(kjor)
    feil(kjor("avtale", "ny", *avtale_args()), 1, "Avtale-id-ene er brukt opp")
    assert ojeblikksbilde(kjor) == for_
    fil.write_text(
        f"id,tittel,kategori,parter,inngatt\nA{GRENSE + 1},For stor,velferd,KD,1.1.2026\n"
    )
    r = kjor("import", "avtaler", str(fil))
    assert r.exit_code == 3
    assert f"avtaler.csv:2: id: «A{GRENSE + 1}» har for stort nummer" in r.stderr


def test_import_som_lager_hull_i_nummerrekken_advarer(kjor: Kjor, tmp_path: Path) -> None:
    # Importing 2026/1000 into a register holding only 2026/1 was accepted in silence.
    assert ny_sak(kjor) == "2026/1"
    melding = _importer(kjor, tmp_path, "2026/1000")
    assert (
        "Advarsel: Saksnumrene 2026/2–2026/999 finnes ikke (998 numre): importen lager et hull "
        "i nummerrekken for 2026, og neste «sak ny» får 2026/1001. Bruk --tillat-hull hvis det "
        "er meningen.\n"
    ) in melding
    assert ny_sak(kjor) == "2026/1001"


def test_flere_hull_og_hull_som_fylles(kjor: Kjor, tmp_path: Path) -> None:
    melding = _importer(kjor, tmp_path, "2024/2", "2024/3", "2024/7", "2024/9")
    assert "Saksnumrene 2024/1, 2024/4–2024/6, 2024/8 finnes ikke (5 numre)" in melding
    # Numbers that continue the sequence, or fill the gap, are no warning.
    assert "Advarsel" not in _importer(kjor, tmp_path, "2024/10", "2024/11")
    assert "Advarsel" not in _importer(kjor, tmp_path, "2024/1", "2024/4")
    assert [s["saksnummer"] for s in saker_json(kjor)][:3] == ["2024/1", "2024/2", "2024/3"]


def test_tillat_hull_tier(kjor: Kjor, tmp_path: Path) -> None:
    melding = _importer(kjor, tmp_path, "2026/50", ekstra=("--tillat-hull",))
    assert "Advarsel" not in melding
    assert ny_sak(kjor) == "2026/51"
