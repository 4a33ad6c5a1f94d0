"""What the register returns as data, in words: warnings, the summary of an import, and
which option helps with a refused file. The one place such wording and the command-line
options it names live."""

from __future__ import annotations

from collections.abc import Iterable

from konsreg.regler.advarsler import (
    Advarsel,
    FlereAdvarsler,
    Hull,
    IFil,
    LangtFram,
    MoteAr,
    TidligAvsluttet,
    UtenforAr,
    UtenKS,
    Utlopt,
)
from konsreg.regler.datoer import norsk_dato
from konsreg.regler.departementer import skriv_parter
from konsreg.render.felt import status_tekst


def _ar_spenn(fra: int | None, til: int | None) -> str:
    return f"{fra or '?'}–{til or ''}"


def advarsel(a: Advarsel) -> str:
    """One warning as the line after «Advarsel: »."""
    match a:
        case UtenforAr():
            return (
                f"{a.kode} ({a.navn}) fantes ikke i {a.ar}, bare i "
                f"{_ar_spenn(a.fra_ar, a.til_ar)}; koden er godtatt som skrevet."
            )
        case Hull():

            def spenn(fra: int, til: int) -> str:
                return f"{a.ar}/{fra}" if fra == til else f"{a.ar}/{fra}–{a.ar}/{til}"

            navn = ", ".join(spenn(x, y) for x, y in a.spenn) + (" m.fl." if a.flere else "")
            return (
                f"Saksnumrene {navn} finnes ikke ({a.mangler} numre): importen lager et hull "
                f"i nummerrekken for {a.ar}, og neste «sak ny» får {a.ar}/{a.neste}. Bruk "
                "--tillat-hull hvis det er meningen."
            )
        case Utlopt():
            return (
                f"{a.id} «{a.tittel}» utløp {norsk_dato(a.utloper)}, men står i registeret som "
                f"{status_tekst(a.status)} per {norsk_dato(a.per)}; avslutt eller forny den, "
                "eller bruk --bare-gjeldende."
            )
        case UtenKS():
            return (
                f"Avtalen har ikke KS blant partene ({skriv_parter(a.parter)}); en bilateral "
                "avtale har to parter, staten ved departementene og kommunesektoren ved KS. "
                "Den er lagret som skrevet."
            )
        case LangtFram():
            hvem = f"Sak {a.saksnummer}" if a.saksnummer else "Saken"
            return (
                f"{hvem} er meldt opp for {a.oppmeldt}, mer enn ett år fram i tid (i år er "
                f"{a.i_ar}); sjekk oppmeldt-året."
            )
        case TidligAvsluttet():
            return _tidlig_avsluttet(a)
        case MoteAr():
            return (
                f"Møtet {a.mote} har året {a.ar} i id-en, men datoen {norsk_dato(a.dato)}; "
                "sjekk id-en og --dato."
            )
        case IFil():
            return f"{a.kilde}:{a.linje}: {advarsel(a.advarsel)}"
        case FlereAdvarsler():
            return f"… og {a.antall} advarsler til om linjer i filen."
    raise AssertionError(a)  # pragma: no cover


def _tidlig_avsluttet(a: TidligAvsluttet) -> str:
    hvem = f"{a.hva.capitalize()} {a.navn}" if a.navn else f"{a.hva.capitalize()}en"
    if a.opprettet is not None:
        grunn = f"før den ble registrert ({norsk_dato(a.opprettet)})"
    else:
        grunn = f"før oppmeldt-året {a.oppmeldt}"
    return f"{hvem} er avsluttet {norsk_dato(a.dato)}, {grunn}; sjekk datoen."


def importresultat(nye: int, oppdatert: int, hoppet_over: int, uendret: int) -> str:
    """`import saker|avtaler`: «12 nye, 3 oppdatert, 0 hoppet over»."""
    tekst = f"{nye} nye, {oppdatert} oppdatert, {hoppet_over} hoppet over"
    return tekst + (f", {uendret} uendret" if uendret else "")


def vedleggsresultat(nye: int, oppdatert: int, uendret: int, nye_kategorier: list[str]) -> str:
    """`import vedlegg`: «8 nye, 0 oppdatert, 0 uendret; nye kategorier: …»."""
    tekst = f"{nye} nye, {oppdatert} oppdatert, {uendret} uendret"
    if nye_kategorier:
        tekst += f"; nye kategorier: {', '.join(nye_kategorier)}"
    return tekst


# What to do about a refused line of a file, by its kind (errors.Valideringsfeil.grunner).
_RAD = {
    "finnes": "bruk --ved-konflikt hopp-over eller oppdater",
    "ar": "oppgi riktig år med --ar",
    "per": "oppgi datoen tabellen gjelder med --per",
    # A meeting of `import alt` the register has: never updated from a file.
    "mote_finnes": "bruk --ved-konflikt hopp-over for å la møtet og punktene stå som de er",
    "mote_oppdateres": "endre det med «konsreg mote endre» og «konsreg punkt endre», eller "
    "bruk --ved-konflikt hopp-over for å la det stå",
}


def med_rad(linje: str, grunn: str | None) -> str:
    """A refused line of a file, with the option that helps where one does."""
    return f"{linje}; {_RAD[grunn]}" if grunn in _RAD else linje


# What to do about a refused file, said once after its lines, by the kinds among them.
_FIL = {
    "endret": "Eksporter på nytt og gjør endringene i den nye filen, eller bruk "
    "--ved-konflikt overskriv for å skrive over endringene som er gjort etter at filen ble "
    "laget.",
}


def med_fil(melding: str, grunner: Iterable[str]) -> str:
    """The closing line of a refused file, with what helps for its kinds of problem."""
    return " ".join([melding, *(_FIL[g] for g in dict.fromkeys(grunner) if g in _FIL)])
