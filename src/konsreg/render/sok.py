"""The hits of a search (`konsreg sok`) for people and machines.

A snippet comes with the engine's marks around each hit (regler.sok.START/SLUTT). It is
split on them first and each part made safe after (control characters shown as escapes):
the stored text is never read as markup. At a terminal a hit is bold (a rich style on
the part); CSV and TSV put it in brackets (`… om [bosetting] av …`); Markdown in `**`; JSON
gives the snippet without marks and where the hits are in it (`treff`: [from, to] as
character offsets)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from konsreg.regler.begreper import Format
from konsreg.regler.sok import (
    Posttype,
    Treff,
    deler,
    med_klammer,
    treffplasser,
    uten_merker,
)
from konsreg.render.felt import Kolonne
from konsreg.render.tabell import md_celle, rik_tekst
from konsreg.tekst import synlig

# The machine formats' fields; these names are stable.
FELT = ("type", "id", "tittel", "utdrag")
JSON_FELT = (*FELT, "treff")
KOLONNER = (
    Kolonne("hva", "Treff"),
    Kolonne("tittel", "Tittel", bred=True),
    Kolonne("utdrag", "Utdrag", bred=True),
)
_FLERTALL = {Posttype.sak: "sakene", Posttype.avtale: "avtalene", Posttype.punkt: "punktene"}


def rik_utdrag(utdrag: str) -> Any:
    """The snippet as rich text, each hit bold."""
    from rich.text import Text

    tekst = Text()
    for del_, treff in deler(utdrag):
        tekst.append(synlig(del_), style="bold" if treff else "")
    return tekst


def tabell(treff: Sequence[Treff]) -> Any:
    """A rich table of the hits, best first."""
    from rich.table import Table

    t = Table(show_lines=False)
    t.add_column(rik_tekst(KOLONNER[0].overskrift), no_wrap=True)
    t.add_column(rik_tekst(KOLONNER[1].overskrift), overflow="fold", ratio=2, min_width=16)
    t.add_column(rik_tekst(KOLONNER[2].overskrift), overflow="fold", ratio=3, min_width=16)
    for h in treff:
        t.add_row(rik_tekst(h.hva), rik_tekst(h.tittel), rik_utdrag(h.utdrag))
    return t


def _md_utdrag(utdrag: str) -> str:
    deler_ = []
    for del_, treff in deler(utdrag):
        tekst = md_celle(del_)  # `*`, `_` and the rest escaped: only the hits are bold
        deler_.append(f"**{tekst}**" if treff and tekst.strip() else tekst)
    return "".join(deler_)


def skriv(treff: Sequence[Treff], fmt: Format, ut: IO[str]) -> None:
    """The hits in a machine format or Markdown."""
    if fmt == Format.markdown:
        ut.write("| " + " | ".join(k.overskrift for k in KOLONNER) + " |\n")
        ut.write("| " + " | ".join("---" for _ in KOLONNER) + " |\n")
        for h in treff:
            celler = (md_celle(h.hva), md_celle(h.tittel), _md_utdrag(h.utdrag))
            ut.write("| " + " | ".join(celler) + " |\n")
        return
    from konsreg.render.formater import FORMATER, Oppsett

    if fmt in (Format.json, Format.jsonl):
        rader: list[dict[str, Any]] = [
            {
                "type": h.type.value,
                "id": h.id,
                "tittel": h.tittel,
                "utdrag": uten_merker(h.utdrag),
                "treff": [list(p) for p in treffplasser(h.utdrag)],
            }
            for h in treff
        ]
        FORMATER[fmt].skriv(rader, Oppsett(JSON_FELT, KOLONNER), ut)
        return
    rader = [
        {"type": h.type.value, "id": h.id, "tittel": h.tittel, "utdrag": med_klammer(h.utdrag)}
        for h in treff
    ]
    FORMATER[fmt].skriv(rader, Oppsett(FELT, KOLONNER), ut)


def ingen_treff(sporring: str) -> str:
    return f"Ingen treff for «{sporring}»."


def flere(vist: int) -> str:
    hva = "det beste treffet" if vist == 1 else f"de {vist} beste treffene"
    return f"Viser {hva}; --grense N viser flere, --grense 0 alle."


def avgrenset(typer: Sequence[Posttype], kandidater: int) -> str:
    """More hits of some kinds than are ranked (register/sok.py)."""
    hvilke = " og ".join(_FLERTALL[t] for t in typer)
    antall = f"{kandidater:,}".replace(",", "\u00a0")
    return (
        f"Mer enn {antall} treff blant {hvilke}: rangert blant de {antall} nyeste. "
        "Flere ord, --type eller --ar snevrer inn søket; --grense 0 rangerer alle."
    )
