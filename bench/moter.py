"""A register with many meetings for the material's benchmark: `saker` cases over the
years, four plenary meetings a year (`moter` in all) each with about twenty items of
text, written through konsreg's own register functions (so the rows are what konsreg
would write), in one transaction.

    python bench/moter.py REGISTER.db [--saker 10000] [--moter 500]

The last meeting (the one the benchmark prints) gets the example's texts: every item
of the 2026 material, about the cases and agreements of its year.
"""

from __future__ import annotations

import argparse
import random
from datetime import date
from pathlib import Path

from konsreg import db
from konsreg.models import AvtaleCreate, MoteCreate, PunktCreate, SakCreate, valider
from konsreg.register import avtaler, moter, punkter, saker

TEKST = (
    "Departementet og KS har drøftet saken i bilaterale møter. Arbeidet med "
    "kostnadsberegningen er i gang, og partene vil legge fram et felles grunnlag før "
    "neste konsultasjonsmøte.\n\n- Første punkt i arbeidet\n- Andre punkt i arbeidet\n"
)
DEPARTEMENTER = ("HOD", "KD", "AID", "KDD", "JD", "BFD", "KLD", "SD")


def bygg(sti: Path, antall_saker: int, antall_moter: int, seed: int = 13) -> str:
    """Write the register; returns the id of its last meeting."""
    rng = random.Random(seed)
    engine = db.apne_register(db.sqlite_url(sti))
    per_ar = 4
    ar0 = 2026 - antall_moter // per_ar + 1
    siste = ""
    try:
        with db.skriveokt(engine) as session:
            advarsler: list[object] = []
            # Cases spread over the meetings' years; most close two years after.
            sak_ar: dict[int, list[str]] = {}
            for i in range(antall_saker):
                ar = ar0 + i * (2026 - ar0 + 1) // antall_saker
                aapen = ar >= 2025
                data = valider(
                    SakCreate,
                    {
                        "type": "kostnadsberegning" if i % 3 else "lovmedvirkning",
                        "departement": rng.choice(DEPARTEMENTER),
                        "tittel": f"Sak {i} om kommunale tjenester",
                        "oppmeldt": ar,
                        "meldt_inn_av": "KS",
                        "status": "pagaende" if aapen else "avsluttet",
                    },
                )
                sak = saker.ny_sak(
                    session=session,
                    data=data,
                    av="bench",
                    advarsler=advarsler,  # type: ignore[arg-type]
                    status_dato=None if aapen else date(ar + 1, 12, 31),
                )
                sak_ar.setdefault(ar, []).append(sak.saksnummer)
            avtale_ider = []
            for i in range(40):
                ar = 2015 + i % 12
                a = avtaler.ny_avtale(
                    session=session,
                    data=valider(
                        AvtaleCreate,
                        {
                            "tittel": f"Samarbeidsavtale {i}",
                            "kategori": "samhandling",
                            "parter": [rng.choice(DEPARTEMENTER), "KS"],
                            "inngatt": date(ar, 3, 1),
                            "utloper": date(ar + 4, 12, 31),
                            "forste_avtale": ar,
                        },
                    ),
                    av="bench",
                    advarsler=advarsler,  # type: ignore[arg-type]
                )
                avtale_ider.append(a.id)
            for m in range(antall_moter):
                ar, nr = ar0 + m // per_ar, m % per_ar + 1
                handle = f"{ar}-{nr}"
                moter.ny_mote(
                    session=session,
                    handle=handle,
                    data=valider(
                        MoteCreate, {"dato": date(ar, 3 * nr - 1, 15), "tema": "kommuneøkonomi"}
                    ),
                    av="bench",
                    advarsler=advarsler,  # type: ignore[arg-type]
                )
                nye = [
                    PunktCreate(kapittel=2, tittel=f"Innspill {k}", tekst=TEKST) for k in range(4)
                ]
                aktuelle = sak_ar.get(ar, [])[:12]
                nye += [PunktCreate(sak=s, tekst=TEKST) for s in aktuelle]
                nye += [PunktCreate(avtale=a, tekst=TEKST) for a in rng.sample(avtale_ider, 3)]
                nye.append(
                    PunktCreate(kapittel=6, tittel="Eventuelt", meldt_inn_av="KS", tekst=TEKST)
                )
                for p in nye:
                    punkter.ny_punkt(
                        session=session,
                        mote=handle,
                        data=p,
                        av="bench",
                        advarsler=advarsler,  # type: ignore[arg-type]
                    )
                siste = handle
    finally:
        engine.dispose()
    return siste


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("register", type=Path)
    ap.add_argument("--saker", type=int, default=10_000)
    ap.add_argument("--moter", type=int, default=500)
    a = ap.parse_args()
    print(bygg(a.register, a.saker, a.moter))


if __name__ == "__main__":
    main()
