"""The timeline of the agreements drawn: as text at a terminal (`konsreg avtaler
--tidslinje`; the same characters without colour in a pipe) and as inline SVG in HTML
(Vedlegg c, the material). Data in, text out: regler/tidslinje.py decided the chains, the
years and the day; this module only lays them out.

At a terminal each chain of renewals is one line: its newest title at the left, cut to
fit, then a bar per agreement across a ruler of years. A bar in force is `█`, one that
had expired on the day `░`; `◂` and `▸` say that it runs on beyond the picture (or that
its start is not known), and the agreement's id stands inside its bar when there is
room. The day is a `│` (`▼` on the ruler). The shapes carry the meaning, so the text
reads the same without colour (NO_COLOR, a pipe, a file); colour only adds to it.

The SVG is written here rather than by a plotting library: a picture of rectangles and
text needs none, and matplotlib or plotly would be a large dependency (numpy and more)
whose import alone takes longer than konsreg's start-up; a small SVG library (svgwrite,
drawsvg) would only wrap the same few elements. Every text in it is escaped (`<`, `&`,
quotes, and control characters shown as escapes), so a title cannot become markup.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from rich.cells import cell_len

from konsreg.regler.datoer import norsk_dato
from konsreg.regler.tidslinje import Kjede, Strekk, Tidslinje
from konsreg.tekst import synlig

GJELDENDE, UTLOPT, FORTSETTER_V, FORTSETTER_H, DAGEN, DAGMERKE = "█", "░", "◂", "▸", "│", "▼"
# The narrowest picture drawn: a terminal narrower than this wraps its lines.
MIN_BREDDE = 40
# Year labels are four digits and a space apart; 1, 2, 5 … years between labels.
_ARSTEG = (1, 2, 5, 10, 20, 25, 50, 100)

# The styles of the terminal picture (a pipe and NO_COLOR show only the characters).
STILER = {
    "gjeldende": "blue",
    "gjeldende_id": "bold white on blue",
    "utlopt": "grey50",
    "utlopt_id": "black on grey70",
    "dag": "bold red",
    "akse": "grey50",
    "ar": "bold",
    "tittel_utlopt": "grey50",
}

Bit = tuple[str, str | None]  # a run of text and its style (a key of STILER, or None)


@dataclass(frozen=True)
class Plassering:
    """A bar's place: an agreement, its share of the years from `fra` to `til` (0–1,
    end exclusive), and whether it goes on past either edge."""

    strekk: Strekk
    fra: float
    til: float
    videre_v: bool
    videre_h: bool


def _grenser(t: Tidslinje) -> tuple[date, date]:
    return date(t.fra, 1, 1), date(t.til + 1, 1, 1)


def andel(t: Tidslinje, dag: date) -> float:
    """Where `dag` (its start) lies between the first and the last year's end, 0–1."""
    start, slutt = _grenser(t)
    return (dag - start).days / (slutt - start).days


def plasser(t: Tidslinje, linje: Sequence[Strekk]) -> list[Plassering]:
    """The bars of one line inside the years: an agreement outside them is left out, one
    that reaches past an edge is cut there and marked."""
    start, slutt = _grenser(t)
    ut = []
    for s in linje:
        if (s.til is not None and s.til < start) or (s.fra is not None and s.fra >= slutt):
            continue
        fra = s.fra if s.fra is not None and s.fra >= start else start
        til = s.til + timedelta(days=1) if s.til is not None and s.til < slutt else slutt
        ut.append(
            Plassering(
                s,
                andel(t, fra),
                andel(t, til),
                videre_v=s.fra is None or s.fra < start,
                videre_h=s.til is None or s.til >= slutt,
            )
        )
    return ut


def dag_tekst(t: Tidslinje) -> str:
    return f"{t.dagnavn} {norsk_dato(t.dag)}"


def _ar_steg(per_ar: float) -> int:
    """The fewest years between year labels that keeps them apart (`per_ar`: the width
    of a year)."""
    return next((s for s in _ARSTEG if s * per_ar >= 5), _ARSTEG[-1])


def kortet(tekst: str, bredde: int) -> str:
    """`tekst` in at most `bredde` terminal cells, cut with `…`."""
    if cell_len(tekst) <= bredde:
        return tekst
    ut, brukt = [], 0
    for tegn in tekst:
        brukt += cell_len(tegn)
        if brukt > bredde - 1:
            break
        ut.append(tegn)
    return "".join(ut).rstrip() + "…"


# -- the terminal ------------------------------------------------------------------------


def tittelbredde(bredde: int) -> int:
    """The title column: two fifths of the width, 12 to 48 cells (the years get the rest:
    at 80 columns about five cells a year over nine years)."""
    return min(48, max(12, bredde * 2 // 5))


def linjer(t: Tidslinje, bredde: int) -> list[list[Bit]]:
    """The picture at a terminal `bredde` cells wide, as lines of styled runs: the ruler,
    a line per chain (and per overlap in one), and the key."""
    bredde = max(bredde, MIN_BREDDE)
    tb = tittelbredde(bredde)
    plass = bredde - tb - 1
    start, slutt = _grenser(t)

    def kol(dag: date) -> int:
        return min(plass - 1, max(0, math.floor(andel(t, dag) * plass)))

    dagkol = kol(t.dag) if start <= t.dag < slutt else None
    ut = [*_linjal(t, tb, plass, kol, dagkol)]
    for kjede in t.kjeder:
        tittelstil = "tittel_utlopt" if all(s.utlopt for s in kjede.avtaler) else None
        for i, linje in enumerate(kjede.linjer):
            tittel = kortet(synlig(kjede.tittel), tb) if i == 0 else ""
            venstre: list[Bit] = [(tittel, tittelstil), (" " * (tb - cell_len(tittel) + 1), None)]
            ut.append(venstre + _stolper(t, linje, plass, dagkol))
    ut += _forklaring(t, bredde)
    return ut


def _linjal(t: Tidslinje, tb: int, plass: int, kol: Any, dagkol: int | None) -> Iterator[list[Bit]]:
    """Two lines: the year labels, then the axis with a tick at each year's start."""
    per_ar = plass / (t.til - t.fra + 1)
    steg = _ar_steg(per_ar)
    merket = [ar for ar in range(t.fra, t.til + 1) if ar % steg == 0 or steg == 1]
    tall = [" "] * plass
    for ar in merket:
        k = kol(date(ar, 1, 1))
        if k + 4 <= plass:
            tall[k : k + 4] = str(ar)
    akse = ["─"] * plass
    for ar in range(t.fra, t.til + 1):
        if per_ar >= 2 or ar in merket:
            akse[kol(date(ar, 1, 1))] = "┬"
    luft: list[Bit] = [(" " * (tb + 1), None)]
    yield [*luft, ("".join(tall).rstrip(), "ar")]
    if dagkol is None:
        yield [*luft, ("".join(akse), "akse")]
    else:
        yield [
            *luft,
            ("".join(akse[:dagkol]), "akse"),
            (DAGMERKE, "dag"),
            ("".join(akse[dagkol + 1 :]), "akse"),
        ]


def _stolper(t: Tidslinje, linje: Sequence[Strekk], plass: int, dagkol: int | None) -> list[Bit]:
    """One line of bars, `plass` cells: each cell a character and its style."""
    celler: list[Bit] = [(" ", None)] * plass
    if dagkol is not None:
        celler[dagkol] = (DAGEN, "dag")
    for b in plasser(t, linje):
        fra = min(plass - 1, math.floor(b.fra * plass))
        til = max(fra, min(plass, math.ceil(b.til * plass)) - 1)
        stil = "utlopt" if b.strekk.utlopt else "gjeldende"
        tegn = [UTLOPT if b.strekk.utlopt else GJELDENDE] * (til - fra + 1)
        if b.videre_v:
            tegn[0] = FORTSETTER_V
        if b.videre_h:
            tegn[-1] = FORTSETTER_H
        # The id inside the bar, after a marker, when it leaves a cell of bar after it.
        id_ = synlig(b.strekk.id)
        forst = 1 if b.videre_v else 0
        idstart = forst if cell_len(id_) == len(id_) and forst + len(id_) < len(tegn) else None
        for i, tg in enumerate(tegn):
            if idstart is not None and idstart <= i < idstart + len(id_):
                celler[fra + i] = (id_[i - idstart], f"{stil}_id")
            else:
                celler[fra + i] = (tg, stil)
    return _sla_sammen(celler)


def _sla_sammen(celler: Sequence[Bit]) -> list[Bit]:
    """Neighbouring cells of one style as one run."""
    ut: list[Bit] = []
    for tegn, stil in celler:
        if ut and ut[-1][1] == stil:
            ut[-1] = (ut[-1][0] + tegn, stil)
        else:
            ut.append((tegn, stil))
    return ut


def _forklaring(t: Tidslinje, bredde: int) -> list[list[Bit]]:
    """The key, on one line or, in a narrow terminal, more."""
    antall = sum(len(k.avtaler) for k in t.kjeder)
    hva = f"{antall} {'avtale' if antall == 1 else 'avtaler'}, {t.fra}–{t.til}"
    deler: list[list[Bit]] = [
        [(GJELDENDE, "gjeldende"), (" gjeldende", None)],
        [(UTLOPT, "utlopt"), (" utløpt", None)],
    ]
    if any(b.videre_v or b.videre_h for k in t.kjeder for ln in k.linjer for b in plasser(t, ln)):
        deler.append([(f"{FORTSETTER_V}{FORTSETTER_H}", None), (" fortsetter", None)])
    deler.append([(DAGEN, "dag"), (f" {dag_tekst(t)}", None)])
    ut: list[list[Bit]] = [[], [(hva, None)]]
    for del_ in deler:
        linje = ut[-1]
        mellom: Bit = ("   " if len(linje) == 1 and linje[0][0] == hva else "  ", None)
        if cell_len("".join(tekst for tekst, _ in [*linje, mellom, *del_])) <= bredde:
            linje += [mellom, *del_]
        else:
            ut.append(list(del_))
    return ut


def tekst(t: Tidslinje, bredde: int) -> str:
    """The picture as plain text (a pipe, a file): the characters without colour."""
    return "".join(
        "".join(tekst for tekst, _ in linje).rstrip() + "\n" for linje in linjer(t, bredde)
    )


def rik(t: Tidslinje, bredde: int) -> Any:
    """The picture for rich at a terminal: the same characters, coloured."""
    from rich.text import Text

    ut = Text(no_wrap=True, overflow="crop")
    for i, linje in enumerate(linjer(t, bredde)):
        if i:
            ut.append("\n")
        for tekst_, stil in linje:
            ut.append(tekst_, style=STILER.get(stil or "", ""))
    return ut


# -- SVG ---------------------------------------------------------------------------------

SVG_BREDDE = 600  # user units (at 17 cm, a unit is 0.8 pt); the picture scales to the page
_TITTEL_B = 220
_HOYRE_MARG = 12
_TOPP = 30
_RAD = 20
_STOLPE = 12
_SKRIFT = "Calibri, Carlito, Arial, sans-serif"
_FARGER = {
    "gjeldende": "#1f4e79",
    "utlopt": "#c8c8c8",
    "gjeldende_id": "#ffffff",
    "utlopt_id": "#333333",
    "dag": "#c00000",
    "rutenett": "#d9d9d9",
    "tekst": "#000000",
    "svak": "#595959",
}


def _e(tekst: str) -> str:
    """Text for SVG (XML): control characters and what XML cannot hold shown as escapes,
    then `<`, `&` and quotes escaped."""
    from konsreg.render.dokument import dokumenttekst

    return html.escape(dokumenttekst(tekst), quote=True)


def _tall(x: float) -> str:
    """A coordinate: at most one decimal, no trailing zero (stable text to compare)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


# Advance widths (in em) of DejaVu Sans, rounded up where a group shares one: the widest
# font the figure may get (_SKRIFT asks for Calibri, Carlito or Arial, all narrower;
# without them Linux gives DejaVu Sans). A title cut by these widths fits in any of them,
# so it ends in "…", not clipped mid-letter; a character not listed counts as 1 em.
_DEJAVU = (
    "a=613 b=635 c=550 d=635 e=615 f=352 g=635 h=634 i=278 j=278 k=579 l=278 m=974 "
    "n=634 o=612 p=635 q=635 r=411 s=521 t=392 u=634 v=592 w=818 x=592 y=592 z=525 "
    "åäøö=613 æ=981 .,'=318 :;|=337 !=401 ()[]-/=390 0123456789=636 IJ=360 "
    "ABCDEFGHKLNOPQRSTUVXYZÅØÄÖ=787 MWÆ–=1000"
)
_EM: dict[str, float] = {
    tegn: int(tusendeler) / 1000
    for gruppe, tusendeler in (felt.rsplit("=", 1) for felt in _DEJAVU.split())
    for tegn in gruppe
}
_EM[" "] = 0.318


def _bredde_ca(tekst: str, skrift: float) -> float:
    """About how wide `tekst` is in a sans-serif font of size `skrift`: never less than it
    is in DejaVu Sans (the title's clip path still holds anything wider)."""
    return sum(_EM.get(tegn, 1.0) for tegn in tekst) * skrift


def _kortet_px(tekst: str, bredde: float, skrift: float) -> str:
    """`tekst` cut with `…` so it fits in `bredde` pixels, by the widths above."""
    if _bredde_ca(tekst, skrift) <= bredde:
        return tekst
    plass = bredde - _bredde_ca("…", skrift)
    brukt, ut = 0.0, []
    for tegn in tekst:
        brukt += _EM.get(tegn, 1.0) * skrift
        if brukt > plass:
            break
        ut.append(tegn)
    return "".join(ut).rstrip() + "…"


def _periode(s: Strekk) -> str:
    fra = norsk_dato(s.fra) if s.fra else "ukjent start"
    til = norsk_dato(s.til) if s.til else "uten sluttdato"
    return f"{fra}–{til}" + (" (utløpt)" if s.utlopt else "")


def svg(t: Tidslinje) -> str:
    """The picture as one inline `<svg>` element, scaled to the width it is given."""
    x0 = _TITTEL_B + 8
    plass = SVG_BREDDE - x0 - _HOYRE_MARG
    rader = [(k, i, linje) for k in t.kjeder for i, linje in enumerate(k.linjer)]
    bunn = _TOPP + _RAD * len(rader)
    hoyde = bunn + 34
    tittel = f"Tidslinje over avtalene {t.fra}–{t.til}, {dag_tekst(t)}"

    def x(andel_: float) -> str:
        return _tall(x0 + andel_ * plass)

    ut = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SVG_BREDDE} {hoyde}" '
        f'width="100%" role="img" aria-labelledby="tidslinje-tittel" '
        f'font-family="{_SKRIFT}" font-size="11">',
        f'<title id="tidslinje-tittel">{_e(tittel)}</title>',
        "<defs>",
        f'<clipPath id="tidslinje-titler"><rect x="0" y="0" width="{_TITTEL_B}" '
        f'height="{hoyde}"/></clipPath>',
        "</defs>",
    ]
    # The years: a line at each year's start, the labels centred in their year.
    antall_ar = t.til - t.fra + 1
    per_ar = plass / antall_ar
    steg = _ar_steg(per_ar / 7)  # a label is about 7 units a character wide here
    for ar in range(t.fra, t.til + 2):
        xa = x(andel(t, date(ar, 1, 1)))
        ut.append(
            f'<line x1="{xa}" y1="{_TOPP - 8}" x2="{xa}" y2="{bunn}" '
            f'stroke="{_FARGER["rutenett"]}" stroke-width="1"/>'
        )
        if ar <= t.til and (steg == 1 or ar % steg == 0):
            midt = x(andel(t, date(ar, 1, 1)) + 0.5 / antall_ar) if steg == 1 else xa
            ut.append(
                f'<text x="{midt}" y="{_TOPP - 12}" text-anchor="middle" font-weight="bold" '
                f'font-size="10">{ar}</text>'
            )
    ider: list[str] = []  # drawn last: the day's line passes under them
    for n, (kjede, i, linje) in enumerate(rader):
        y = _TOPP + n * _RAD
        ut += _svg_rad(t, kjede, i, linje, y, x, ider)
    if date(t.fra, 1, 1) <= t.dag < date(t.til + 1, 1, 1):
        xd = x(andel(t, t.dag))
        ut += [
            f'<line x1="{xd}" y1="{_TOPP - 8}" x2="{xd}" y2="{bunn}" '
            f'stroke="{_FARGER["dag"]}" stroke-width="1.5"/>',
            f'<polygon points="{_tall(float(xd) - 4)},{_TOPP - 10} {_tall(float(xd) + 4)},'
            f'{_TOPP - 10} {xd},{_TOPP - 4}" fill="{_FARGER["dag"]}"/>',
        ]
    ut += ider
    ut += _svg_forklaring(t, bunn + 20)
    ut.append("</svg>")
    return "\n".join(ut)


def _svg_rad(
    t: Tidslinje, kjede: Kjede, i: int, linje: Sequence[Strekk], y: int, x: Any, ider: list[str]
) -> list[str]:
    """A line of the picture: the chain's title (on its first line) and its bars; the ids
    inside the bars go to `ider`."""
    ut = []
    midt = y + _RAD / 2
    if i == 0:
        farge = _FARGER["svak"] if all(s.utlopt for s in kjede.avtaler) else _FARGER["tekst"]
        ut.append(
            f'<text x="0" y="{_tall(midt + 4)}" fill="{farge}" '
            f'clip-path="url(#tidslinje-titler)">'
            f"<title>{_e(kjede.tittel)}</title>{_e(_kortet_px(kjede.tittel, _TITTEL_B, 11))}</text>"
        )
    topp, hoyde = midt - _STOLPE / 2, _STOLPE
    for b in plasser(t, linje):
        x1, x2 = float(x(b.fra)), float(x(b.til))
        x2 = max(x2, x1 + 2)
        spiss = min(5.0, (x2 - x1) / 2)
        venstre = x1 + spiss if b.videre_v else x1
        hoyre = x2 - spiss if b.videre_h else x2
        punkter = [(venstre, topp), (hoyre, topp)]
        punkter += [(x2, midt)] if b.videre_h else []
        punkter += [(hoyre, topp + hoyde), (venstre, topp + hoyde)]
        punkter += [(x1, midt)] if b.videre_v else []
        stil = "utlopt" if b.strekk.utlopt else "gjeldende"
        ut.append(
            f'<polygon points="{" ".join(f"{_tall(px)},{_tall(py)}" for px, py in punkter)}" '
            f'fill="{_FARGER[stil]}"><title>{_e(b.strekk.id)} {_e(b.strekk.tittel)}: '
            f"{_e(_periode(b.strekk))}</title></polygon>"
        )
        if _bredde_ca(b.strekk.id, 9) + 8 <= hoyre - venstre:
            ider.append(
                f'<text x="{_tall(venstre + 4)}" y="{_tall(midt + 3)}" font-size="9" '
                f'fill="{_FARGER[stil + "_id"]}">{_e(b.strekk.id)}</text>'
            )
    return ut


def _svg_forklaring(t: Tidslinje, y: int) -> list[str]:
    ut = []
    x = 0.0
    for stil, tekst_ in (("gjeldende", "gjeldende"), ("utlopt", "utløpt")):
        ut.append(
            f'<rect x="{_tall(x)}" y="{y - 9}" width="18" height="10" fill="{_FARGER[stil]}"/>'
        )
        ut.append(f'<text x="{_tall(x + 24)}" y="{y}">{_e(tekst_)}</text>')
        x += 24 + _bredde_ca(tekst_, 11) + 18
    ut.append(
        f'<line x1="{_tall(x + 9)}" y1="{y - 11}" x2="{_tall(x + 9)}" y2="{y + 2}" '
        f'stroke="{_FARGER["dag"]}" stroke-width="1.5"/>'
    )
    ut.append(f'<text x="{_tall(x + 24)}" y="{y}">{_e(dag_tekst(t))}</text>')
    return ut


def figurtekst(t: Tidslinje) -> str:
    """The caption of the figure in Vedlegg c and the material."""
    return (
        f"Avtalene {t.fra}–{t.til}, en linje per avtaleserie (en avtale og de som fornyer "
        f"den). Mørk: gjeldende, grå: utløpt; rød strek: {dag_tekst(t)}."
    )


def html_figur(t: Tidslinje) -> list[str]:
    """The figure as HTML lines: the SVG and its caption (the style sheet is
    render/vedlegg.py's TABELL_CSS, which the material's page shares)."""
    return [
        '<figure class="tidslinje">',
        svg(t),
        f"<figcaption>{_e(figurtekst(t))}</figcaption>",
        "</figure>",
    ]
