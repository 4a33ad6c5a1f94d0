"""The rules of meetings and the material: ids, the window since the previous meeting, the
derived subsections, the headings, and what the checks read out of running text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from konsreg.errors import Ugyldig
from konsreg.regler import mote as m
from konsreg.regler.materiale import Materialepunkt, PostAvtale, PostSak, overskrift, underdel_for
from konsreg.regler.sjekk import datoer_i_tekst, departementer_i_tekst

TID = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tekst", "ventet"),
    [
        ("2026-2", m.MoteId(2026, m.Motetype.plenum, 2)),
        (" 2026-12 ", m.MoteId(2026, m.Motetype.plenum, 12)),
        ("2026-HOD-1", m.MoteId(2026, m.Motetype.bilateralt, 1, "HOD")),
        ("2026-hod-3", m.MoteId(2026, m.Motetype.bilateralt, 3, "HOD")),
        ("2026-P-1", m.MoteId(2026, m.Motetype.politisk, 1)),
    ],
)
def test_mote_id_leses_og_skrives_likt(tekst: str, ventet: m.MoteId) -> None:
    assert m.les_mote_id(tekst) == ventet
    assert m.les_mote_id(str(ventet)) == ventet


@pytest.mark.parametrize("tekst", ["2026", "26-2", "2026/2", "2026-2-", "", "2026-٢"])
def test_ugyldig_mote_id_er_en_norsk_feil(tekst: str) -> None:
    with pytest.raises(Ugyldig, match="er ikke en møte-id"):
        m.les_mote_id(tekst)


def test_punkt_id() -> None:
    assert m.les_punkt_id("2026-2/3") == (m.MoteId(2026, m.Motetype.plenum, 2), 3)
    assert m.les_punkt_id("2026-HOD-1/12")[1] == 12
    with pytest.raises(Ugyldig, match="er ikke et punkt"):
        m.les_punkt_id("2026-2")


def test_vinduet_er_forrige_mote_ellers_et_ar_tilbake() -> None:
    assert m.vindu(date(2026, 4, 16), ("2026-1", date(2026, 1, 20))) == m.Vindu(
        date(2026, 1, 20), date(2026, 4, 16), "2026-1"
    )
    assert m.vindu(date(2026, 4, 16), None).siden == date(2025, 4, 16)
    assert m.vindu(date(2028, 2, 29), None).siden == date(2027, 2, 28)


VINDU = m.Vindu(date(2026, 1, 20), date(2026, 4, 16), "2026-1")


def test_ny_sak_er_oppmeldt_i_vinduet_og_ikke_pa_et_tidligere_mote() -> None:
    assert m.underdel_for_sak(oppmeldt=2026, pa_tidligere_mote=False, vindu_=VINDU) == "a"
    assert m.underdel_for_sak(oppmeldt=2026, pa_tidligere_mote=True, vindu_=VINDU) == "b"
    assert m.underdel_for_sak(oppmeldt=2022, pa_tidligere_mote=False, vindu_=VINDU) == "b"


@pytest.mark.parametrize(
    ("inngatt", "gyldig_fra", "utloper", "status", "status_endret", "ventet"),
    [
        (date(2026, 3, 6), date(2026, 1, 1), date(2029, 12, 31), "pagaende", None, "b"),
        (date(2026, 3, 6), None, date(2029, 12, 31), "pagaende", None, "a"),
        (date(2024, 4, 26), None, date(2028, 12, 31), "pagaende", None, "b"),
        # Expired since the previous meeting, still "ongoing" in the register: ended.
        (date(2022, 9, 8), None, date(2026, 1, 31), "pagaende", None, "c"),
        # Closed early: the closing day counts, not utløper.
        (date(2024, 1, 1), None, date(2028, 1, 1), "avsluttet", date(2026, 3, 1), "c"),
        # Still in force on the meeting day (utløper is its last day).
        (date(2024, 1, 1), None, date(2026, 4, 16), "pagaende", None, "b"),
    ],
)
def test_avtalens_underdel(
    inngatt: date,
    gyldig_fra: date | None,
    utloper: date,
    status: str,
    status_endret: date | None,
    ventet: str,
) -> None:
    assert (
        m.underdel_for_avtale(
            inngatt=inngatt,
            gyldig_fra=gyldig_fra,
            utloper=utloper,
            status=status,
            status_endret=status_endret,
            vindu_=VINDU,
        )
        == ventet
    )


def _punkt(**felt: object) -> Materialepunkt:
    standard: dict[str, object] = {
        "id": "2026-2/1",
        "nr": 1,
        "kapittel": 5,
        "posisjon": 1,
        "innledning": False,
        "underdel": None,
        "tittel": None,
        "meldt_inn_av": None,
        "tekst": None,
        "sporsmal": (),
        "onsket_resultat": (),
        "konklusjon": None,
        "tekst_endret": None,
    }
    return Materialepunkt(**{**standard, **felt})  # type: ignore[arg-type]


AVTALE = PostAvtale(
    id="A2",
    tittel="Avtale om praksis 2022-2025",
    fullt_navn="Avtale om kvalitets- og kapasitetsøkning i praksis",
    parter=("KD", "HOD", "KS"),
    inngatt=date(2022, 9, 8),
    gyldig_fra=None,
    utloper=date(2025, 12, 31),
    status="pagaende",
    status_endret=None,
    endret=TID,
)
SAK = PostSak(
    saksnummer="2026/1",
    type="lovmedvirkning",
    departement="KUD",
    tittel="Kulturmiljøloven",
    oppmeldt=2026,
    gjentakende=False,
    meldt_inn_av="KLD",
    status="ny",
    endret=TID,
    pa_tidligere_mote=False,
)


def test_overskriftene_bygges_av_posten() -> None:
    avsluttet = _punkt(avtale=AVTALE)
    vindu = m.Vindu(date(2025, 4, 16), date(2026, 4, 16))
    assert underdel_for(avsluttet, vindu) == "c"
    assert overskrift(avsluttet, "c") == (
        "Avtale om kvalitets- og kapasitetsøkning i praksis (08.09.2022 – 31.12.2025)"
    )
    assert overskrift(avsluttet, "b") == "Avtale om kvalitets- og kapasitetsøkning i praksis"
    ny_sak = _punkt(kapittel=4, sak=SAK)
    assert underdel_for(ny_sak, vindu) == "a"
    assert overskrift(ny_sak, "a") == "Kulturmiljøloven – Meldt inn av KLD"
    assert overskrift(ny_sak, "b") == "Kulturmiljøloven"
    overstyrt = _punkt(kapittel=4, sak=SAK, tittel="Ny kulturmiljølov")
    assert overskrift(overstyrt, "a") == "Ny kulturmiljølov – Meldt inn av KLD"
    eventuelt = _punkt(kapittel=6, tittel="Sak om krisesenterloven", meldt_inn_av="BFD")
    assert overskrift(eventuelt, None) == "Sak om krisesenterloven – Meldt inn av BFD"
    uten_post = _punkt(underdel="a", tittel="Avtale om mottak (01.01.2026 – 31.12.2029)")
    assert underdel_for(uten_post, vindu) == "a"
    assert overskrift(uten_post, "a") == "Avtale om mottak (01.01.2026 – 31.12.2029)"


def test_datoer_ved_ord_i_teksten() -> None:
    tekst = (
        "Avtalen ble inngått 19. mars 2024 og gjelder for perioden 2024 - 2027. Ny avtale "
        "ble signert 06.03.2026. Møtet 23. januar 2026 var godt. Den utløper 31. desember 2029."
    )
    assert datoer_i_tekst(tekst) == [
        ("inngått", date(2024, 3, 19)),
        ("signert", date(2026, 3, 6)),
        ("utløper", date(2029, 12, 31)),
    ]
    assert datoer_i_tekst("inngått 31. februar 2024") == []


def test_departementer_i_teksten() -> None:
    navn = {
        "KS": "KS",
        "KLD": "Klima- og miljødepartementet",
        "KUD": "Kultur- og likestillingsdepartementet",
        "KD": "Kunnskapsdepartementet",
        "HOD": "Helse- og omsorgsdepartementet",
    }
    tekst = "Klima- og miljødepartementet utarbeider en ny lov. KS, HOD og KD er enige. KDD-ish"
    assert departementer_i_tekst(tekst, navn) == {"KLD", "HOD", "KD"}
    assert departementer_i_tekst("KUDOS til alle", navn) == set()


def test_bokstaver() -> None:
    assert [m.bokstav(i) for i in (0, 3, 25, 26, 27)] == ["a", "d", "z", "aa", "ab"]
