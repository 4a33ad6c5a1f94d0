"""The material of a meeting (and its minutes) built as a `Dokument` from the register's
data: the front page, the contents, chapters 1–6 from the items, and Vedlegg a–c as of
the meeting, in the layout of the 2026 material.

What the builder decides: the order and levels of headings, each item's heading from
its record (regler/materiale.py: `overskrift`), which subsections appear (none that is
empty), and the fixed chapter texts from the templates (`maler`), whose figures are
computed from the register. Stored text enters as Markdown parsed into blocks
(render/markdown.py), so it is never markup in any output format.

Templates are Jinja2, rendered in a sandbox (a template from `--maler` is a file anyone
may have written), with every value it inserts escaped for Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from konsreg.errors import KonsregFeil, Ugyldig
from konsreg.models import Materialedata
from konsreg.regler import mote as moteregler
from konsreg.regler.datoer import MANEDER, norsk_dato
from konsreg.regler.materiale import Forslag, Materialepunkt, overskrift
from konsreg.render.dokument import (
    Avsnitt,
    Blokk,
    Dokument,
    Figur,
    Innhold,
    Liste,
    Overskrift,
    Sideskift,
    Tabell,
    Tekstbit,
    bit,
)
from konsreg.render.vedlegg import vedlegg_ab, vedlegg_c

MALER = ("kapittel1.md.j2", "kapittel3.md.j2", "kapittel4.md.j2", "kapittel5.md.j2")
FORSIDE = ("DET KONGELIGE", "KOMMUNAL- OG DISTRIKTSDEPARTEMENT")
FORSIDE_TITTEL = "KONSULTASJONER MELLOM STATEN OG KOMMUNESEKTOREN"
VEDLEGGSLISTE = {
    "a": "A. Oversikt over kostnadsberegningssaker i konsultasjonsåret {ar}",
    "b": "B. Oversikt over lovmedvirkningssaker i konsultasjonsåret {ar}",
    "c": "C. Oversikt over bilaterale samarbeidsavtaler {per}",
}
# The largest template file read from --maler: a chapter's text is a few kilobytes.
MAKS_MAL = 256 * 1024


def innebygde_maler() -> dict[str, str]:
    """The templates shipped with konsreg (the 2026 wording)."""
    mappe = Path(__file__).resolve().parent.parent / "maler"
    return {navn: (mappe / navn).read_text(encoding="utf-8") for navn in MALER}


def les_maler(mappe: Path | None) -> dict[str, str]:
    """The shipped templates, each replaced by a file of the same name in `mappe` (a
    folder with only the templates one wants to change is enough)."""
    maler = innebygde_maler()
    if mappe is None:
        return maler
    if not mappe.is_dir():
        raise Ugyldig(f"--maler {mappe} er ikke en mappe.")
    kjente = 0
    for navn in MALER:
        fil = mappe / navn
        if not fil.is_file():
            continue
        try:
            data = fil.read_bytes()
        except OSError as feil:
            from konsreg.errors import os_feil

            raise os_feil(feil, fil) from None
        if len(data) > MAKS_MAL:
            raise Ugyldig(f"Malen {fil} er større enn {MAKS_MAL // 1024} KiB; er det riktig fil?")
        try:
            maler[navn] = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Ugyldig(f"Malen {fil} er ikke UTF-8; lagre den som UTF-8.") from None
        kjente += 1
    if not kjente:
        raise Ugyldig(
            f"Mappen {mappe} har ingen av malene ({', '.join(MALER)}); se README.md i "
            "konsreg/maler for navnene."
        )
    return maler


_MD_SPESIELLE = re.compile(r"([\\`*_\[\]<>#|!])")


def _md_escape(verdi: Any) -> Any:
    """A value a template inserts, as Markdown text: never markup, however it is typed."""
    if isinstance(verdi, str):
        return _MD_SPESIELLE.sub(r"\\\1", verdi)
    return verdi


def _liten_forbokstav(tekst: str) -> str:
    return tekst[:1].lower() + tekst[1:]


def gjengi_mal(kilde: str, navn: str, kontekst: Mapping[str, Any]) -> str:
    """A template rendered in Jinja2's sandbox: a template cannot reach Python's insides,
    a missing variable is an error, and each inserted value is escaped for Markdown."""
    from jinja2 import StrictUndefined, TemplateError
    from jinja2.sandbox import SandboxedEnvironment

    miljo = SandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_md_escape,
    )
    miljo.filters["liten_forbokstav"] = _liten_forbokstav
    try:
        return miljo.from_string(kilde).render(**kontekst)
    except TemplateError as feil:
        raise KonsregFeil(f"Malen {navn} kan ikke brukes: {feil}.") from None


def per_maned(dag: date) -> str:
    """`april 2026`."""
    return f"{MANEDER[dag.month - 1]} {dag.year}"


@dataclass(frozen=True)
class _Eventuelt:
    tittel: str
    meldt_inn_av: str | None
    meldt_inn_av_navn: str


def _kontekst(data: Materialedata) -> dict[str, Any]:
    m = data.mote
    eventuelt = [
        _Eventuelt(
            p.tittel or "",
            p.meldt_inn_av,
            data.departementsnavn.get(p.meldt_inn_av or "", p.meldt_inn_av or ""),
        )
        for p in data.punkter
        if p.kapittel == 6 and not p.innledning
    ]
    return {
        "mote": {"nr": m.nummer, "ar": m.ar, "tema": m.tema or "", "dato": m.dato, "id": m.id},
        "per": per_maned(m.dato),
        "gjeldende_avtaler": data.gjeldende_avtaler,
        "eventuelt": eventuelt,
    }


def _markdown(tekst: str | None) -> list[Blokk]:
    from konsreg.render.markdown import fra_markdown

    return list(fra_markdown(tekst)) if tekst else []


def _lister(p: Materialepunkt, niva: int) -> list[Blokk]:
    ut: list[Blokk] = []
    if p.sporsmal:
        ut.append(Overskrift(niva, "Spørsmål til drøfting:", i_innhold=False))
        ut.append(Liste(tuple(bit(s) for s in p.sporsmal), kursiv=True))
    if p.onsket_resultat:
        ut.append(Avsnitt(bit("Ønsket resultat:", kursiv=True)))
        ut.append(Liste(tuple(bit(s) for s in p.onsket_resultat), kursiv=True))
    return ut


def tittel(data: Materialedata) -> str:
    m = data.mote
    if m.type == moteregler.Motetype.plenum:
        return f"Materialet til {m.nummer}. konsultasjonsmøte {m.ar}"
    if m.type == moteregler.Motetype.bilateralt:
        return f"Materialet til bilateralt møte mellom {m.departement} og KS {norsk_dato(m.dato)}"
    return f"Materialet til politisk konsultasjon {norsk_dato(m.dato)}"


def bygg(data: Materialedata, maler: Mapping[str, str]) -> Dokument:
    """The whole material of one meeting."""
    m = data.mote
    kontekst = _kontekst(data)
    per = f"per {per_maned(m.dato)}"
    blokker: list[Blokk] = [Avsnitt(bit(linje), stil="forside") for linje in FORSIDE]
    blokker.append(Avsnitt(bit(FORSIDE_TITTEL, fet=True), stil="forside_tittel"))
    blokker.append(Avsnitt(bit(tittel(data).upper(), fet=True), stil="forside_tittel"))
    blokker.append(Sideskift())
    blokker.append(Innhold())
    blokker.append(Avsnitt(bit("Vedlegg:", fet=True)))
    blokker.append(Liste(tuple(bit(t.format(ar=m.ar, per=per)) for t in VEDLEGGSLISTE.values())))
    blokker.append(Sideskift())

    def mal(navn: str) -> list[Blokk]:
        return _markdown(gjengi_mal(maler[navn], navn, kontekst))

    innledninger = {p.kapittel: p for p in data.punkter if p.innledning}

    def kapittel(nr: int) -> list[Materialepunkt]:
        return [p for p in data.punkter if p.kapittel == nr and not p.innledning]

    def innledning(nr: int) -> list[Blokk]:
        p = innledninger.get(nr)
        return _markdown(p.tekst) if p else []

    # 1. The meeting.
    blokker.append(Overskrift(1, f"1. Det {m.nummer}. konsultasjonsmøtet i {m.ar}"))
    blokker += mal("kapittel1.md.j2") + innledning(1)
    # 2. KS' input: each a lettered subsection.
    blokker.append(Overskrift(1, "2. Innspill fra KS"))
    blokker += innledning(2)
    for i, p in enumerate(kapittel(2)):
        blokker.append(Overskrift(2, f"{moteregler.bokstav(i)}. {p.tittel or ''}"))
        blokker += _markdown(p.tekst) + _lister(p, 3)
    # 3–5: the derived subsections, each left out when empty.
    for nr, navn in (
        (3, "Kostnadsberegningssaker"),
        (4, "Lovmedvirkningssaker"),
        (5, "Bilaterale avtaler"),
    ):
        blokker.append(Overskrift(1, f"{nr}. {navn}"))
        blokker += mal(f"kapittel{nr}.md.j2") + innledning(nr)
        punktene = kapittel(nr)
        for bokstav_, undertittel in moteregler.UNDERDELER[nr].items():
            i_del = [p for p in punktene if p.underdel == bokstav_]
            if not i_del:
                continue
            blokker.append(Overskrift(2, f"{bokstav_}. {undertittel}"))
            for p in i_del:
                blokker.append(Overskrift(3, overskrift(p, bokstav_), i_innhold=False))
                blokker += _markdown(p.tekst) + _lister(p, 4)
    # 6. Eventuelt.
    blokker.append(Overskrift(1, "6. Eventuelt"))
    blokker += innledning(6)
    for p in kapittel(6):
        blokker.append(Overskrift(3, overskrift(p, None), i_innhold=False))
        blokker += _markdown(p.tekst) + _lister(p, 4)
    # The appendices, as of the meeting.
    blokker += vedleggene(data)
    return Dokument(tittel=tittel(data), blokker=tuple(blokker), meta={"mote": m.id})


def vedleggene(data: Materialedata) -> list[Blokk]:
    ar = data.mote.ar
    blokker: list[Blokk] = []
    for v in (
        vedlegg_ab("a", ar, data.vedlegg_a),
        vedlegg_ab("b", ar, data.vedlegg_b),
        vedlegg_c(ar, data.mote.dato, data.vedlegg_c, data.kategorier),
    ):
        blokker.append(Sideskift())
        blokker.append(Overskrift(1, v.tittel, i_innhold=False))
        if v.bokstav == "c" and data.tidslinje is not None and data.tidslinje.kjeder:
            blokker.append(Figur(data.tidslinje))
        blokker.append(Tabell(v))
    return blokker


def bygg_referat(data: Materialedata) -> Dokument:
    """The minutes: date, who attended, the agenda, each item's conclusion."""
    m = data.mote
    navn = tittel(data).replace("Materialet til", "Referat fra", 1)
    blokker: list[Blokk] = [Overskrift(1, navn)]
    blokker.append(Avsnitt((Tekstbit("Dato: ", fet=True), Tekstbit(norsk_dato(m.dato)))))
    if m.tema:
        blokker.append(Avsnitt((Tekstbit("Tema: ", fet=True), Tekstbit(m.tema))))
    blokker.append(Overskrift(2, "Til stede"))
    if m.deltakere:
        blokker.append(Liste(tuple(bit(d) for d in m.deltakere)))
    else:
        blokker.append(Avsnitt(bit("(Ingen deltakere registrert.)")))
    punktene = [p for p in data.punkter if not p.innledning]
    blokker.append(Overskrift(2, "Saksliste"))
    blokker.append(Liste(tuple(bit(_agenda_linje(p)) for p in punktene), nummerert=True))
    for i, p in enumerate(punktene, start=1):
        blokker.append(Overskrift(2, f"{i}. {_agenda_linje(p)}"))
        if p.konklusjon:
            blokker.append(Avsnitt(bit("Konklusjon:", fet=True)))
            blokker += _markdown(p.konklusjon)
        else:
            blokker.append(Avsnitt(bit("Ingen konklusjon er registrert.", kursiv=True)))
    return Dokument(tittel=navn, blokker=tuple(blokker), meta={"mote": m.id})


def _agenda_linje(p: Materialepunkt) -> str:
    """An item as the minutes' agenda names it: its chapter's subject and heading."""
    tema = {
        2: "Innspill fra KS",
        3: "Kostnadsberegning",
        4: "Lovmedvirkning",
        5: "Avtale",
        6: "Eventuelt",
    }
    return f"{tema[p.kapittel]}: {overskrift(p, p.underdel)}"


GRUNNER = {
    "ny_sak": "ny sak siden forrige konsultasjonsmøte",
    "ny_avtale": "ny avtale siden forrige konsultasjonsmøte, gjelder fra {dato}",
    "avsluttet": "avsluttet siden forrige konsultasjonsmøte, siste dag {dato}",
    "utloper": "utløper {dato}, i møteåret",
    "uten_tekst": "pågående, uten tekst på de to siste konsultasjonsmøtene",
}


def forslag_linje(f: Forslag, *, lagt_til: bool) -> str:
    """One proposal as `mote forslag` prints it (tab-separated, for scripts and people)."""
    hva = f"sak {f.sak}" if f.sak else f"avtale {f.avtale}"
    grunn = GRUNNER[f.grunn].format(dato=norsk_dato(f.dato) if f.dato else "")
    felt = [f"kapittel {f.kapittel}", hva, f.tittel, grunn]
    if lagt_til and f.punkt:
        felt.append(f"lagt til som {f.punkt}")
    from konsreg.tekst import synlig

    return "\t".join(synlig(x) for x in felt)
