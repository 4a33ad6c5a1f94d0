"""The findings of `konsreg sjekk` in words: what is wrong, and what to do about it."""

from __future__ import annotations

from konsreg.regler.datoer import norsk_dato
from konsreg.regler.departementer import skriv_parter
from konsreg.regler.sjekk import (
    AnnenTittel,
    DatoUlik,
    DepartementUlik,
    EndretEtterTekst,
    Funn,
    ManglerIVedlegg,
    UtenPost,
    UtenTekst,
    UtgattPost,
    UtloptSomGjeldende,
)
from konsreg.tekst import synlig


def tekst(f: Funn) -> str:
    """One finding as a line: «feil» or «advarsel», where, what, and what to do."""
    niva = "feil" if f.feil else "advarsel"
    return synlig(f"{niva}: {_tekst(f)}")


def _tekst(f: Funn) -> str:
    match f:
        case UtloptSomGjeldende():
            return (
                f"avtale {f.avtale} «{f.tittel}» utløp {norsk_dato(f.utloper)}, "
                "men står som gjeldende i vedlegg c. Avslutt den (konsreg avtale avslutt "
                f"{f.avtale}) eller forny den (konsreg avtale forny {f.avtale})."
            )
        case ManglerIVedlegg() if f.post is None:
            return (
                f"punkt {f.punkt} «{f.tittel}» har ingen post i registeret, så det har ingen "
                f"rad i vedlegg {f.vedlegg}. Registrer posten og knytt punktet til den "
                f"(konsreg punkt endre {f.punkt} --{'avtale' if f.vedlegg == 'c' else 'sak'} …)."
            )
        case ManglerIVedlegg():
            return (
                f"punkt {f.punkt} gjelder {f.post} «{f.tittel}», som ikke står i vedlegg "
                f"{f.vedlegg} per møtedatoen. Sjekk postens datoer og status."
            )
        case UtenPost():
            return (
                f"punkt {f.punkt} «{f.tittel}» har ingen post i registeret; overskriften og "
                "datoene er skrevet for hånd og sjekkes ikke."
            )
        case EndretEtterTekst():
            return (
                f"{f.post} er endret etter at teksten i punkt {f.punkt} ble skrevet. Les "
                f"teksten igjen (konsreg punkt vis {f.punkt})."
            )
        case DatoUlik():
            return (
                f"punkt {f.punkt}: teksten sier «{f.ord} {norsk_dato(f.i_teksten)}», men "
                f"{f.post} har {norsk_dato(f.i_registeret) if f.i_registeret else 'ingen dato'}. "
                "Rett teksten eller posten."
            )
        case DepartementUlik():
            return (
                f"punkt {f.punkt}: teksten nevner {skriv_parter(list(f.nevnt))}, men {f.post} "
                f"står på {skriv_parter(list(f.i_registeret))} i registeret. Rett teksten eller "
                "postens departement."
            )
        case UtenTekst():
            return (
                f"sak {f.sak} «{f.tittel}» står i vedlegg {f.vedlegg}, men har ingen tekst i "
                "materialet. Legg den til (konsreg punkt ny … --sak "
                f"{f.sak} --tekst-fil …) hvis noe er nytt."
            )
        case AnnenTittel():
            return (
                f"punkt {f.punkt} kaller {f.post} «{f.i_punktet}», men registeret kaller den "
                f"«{f.i_registeret}». Bruk registerets navn (konsreg punkt endre {f.punkt} "
                "--tom tittel) eller rett posten."
            )
        case UtgattPost():
            return f"punkt {f.punkt} gjelder {f.post}, som er annullert (utgår). Fjern punktet."
    raise AssertionError(f)  # pragma: no cover
