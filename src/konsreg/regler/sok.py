"""Full-text search as rules: what a person's query means, written for each engine, and
what a hit looks like (`konsreg sok`). No session here: register/sok.py runs the query.

The query language (README, «Søk»):

- words: `bosetting helse` (all of them; `OG`/`AND` may stand between them)
- `ELLER`/`OR` between two parts: either of them
- `IKKE`/`NOT` before a part, or `-ord`: leave out what has it (never a query of only that)
- `"mottak og bosetting"`: the words in this order (a phrase), each word exactly
- `helse*`: a word that starts with this
- parentheses group: `(bosetting ELLER integrering) IKKE vindkraft`

The operators are only operators in capitals (`og`, `eller`, `ikke` are words: Norwegian
needs them). Anything else a person types is text: each word is quoted for FTS5 and passed
as a bound value to PostgreSQL, so no ordinary text is a syntax error in the engine.

The engines differ in what a bare word matches (the README documents it): SQLite's FTS5
has no Norwegian stemmer, so a bare word is a prefix there (`bosett` finds `bosetting` and
`bosettingen`); PostgreSQL stems it with the `norwegian` configuration (`bosetting` finds
`bosettingen`), and `ord*` is a prefix of the stem on both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from konsreg.errors import Bruksfeil
from konsreg.tekst import er_styretegn, sitat, synlig

# The marks the engines put around a hit in a snippet (FTS5 snippet(), PostgreSQL's
# ts_headline): control characters, which stored text can never hold (tekst.rens_tekst),
# so the renderer splits on them and styles the parts, never parsing stored text.
START = "\x02"
SLUTT = "\x03"
# A snippet's cut (FTS5 writes it where a snippet does not start or end with its field).
KUTT = "…"
# The most words and operators a query may have: a person's query is a few words.
MAKS_LEDD = 64


class Posttype(StrEnum):
    """What a hit is: a case, an agreement, or a meeting's agenda item."""

    sak = "sak"
    avtale = "avtale"
    punkt = "punkt"


def posttype(verdi: str) -> Posttype:
    """`--type`: sak, avtale or punkt (any case)."""
    try:
        return Posttype(verdi.strip().lower())
    except ValueError:
        raise ValueError(f"ukjent type {sitat(verdi)}; velg sak, avtale eller punkt") from None


# -- the query as a tree -----------------------------------------------------------------


@dataclass(frozen=True)
class Ord:
    """A bare word as typed (`tekst` may hold a hyphen: `e-helse`); `stjerne`: typed as
    a prefix (`helse*`)."""

    tekst: str
    stjerne: bool = False


@dataclass(frozen=True)
class Frase:
    """Words in quotes: these words in this order, each exactly."""

    tekst: str


@dataclass(frozen=True)
class Og:
    """All of `med`, none of `uten` (`uten` is never alone: an engine cannot search for
    what a text lacks without something it has)."""

    med: tuple[Node, ...]
    uten: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Eller:
    deler: tuple[Node, ...]


Node = Ord | Frase | Og | Eller


# -- reading a query ---------------------------------------------------------------------

_OG = frozenset({"OG", "AND"})
_ELLER = frozenset({"ELLER", "OR"})
_IKKE = frozenset({"IKKE", "NOT"})


@dataclass(frozen=True)
class _Tegn:
    """A token of the query: `ord`, `frase`, `og`, `eller`, `ikke`, `(`, `)`."""

    art: str
    tekst: str = ""
    stjerne: bool = False


def har_ord(tekst: str) -> bool:
    """Whether a text has a letter or a digit: what both engines make a word of."""
    return any(t.isalnum() for t in tekst)


def _tegn(sporring: str) -> Iterator[_Tegn]:
    i, n = 0, len(sporring)
    while i < n:
        t = sporring[i]
        if t.isspace():
            i += 1
        elif t == '"':
            slutt = sporring.find('"', i + 1)
            if slutt < 0:
                raise Bruksfeil(
                    'Søket har et anførselstegn (") uten et til som avslutter frasen; '
                    'skriv f.eks. "mottak og bosetting".'
                )
            tekst = " ".join(sporring[i + 1 : slutt].split())
            if har_ord(tekst):
                yield _Tegn("frase", tekst)
            i = slutt + 1
        elif t in "()":
            yield _Tegn(t)
            i += 1
        elif t == "-" and i + 1 < n and not sporring[i + 1].isspace() and sporring[i + 1] != "-":
            yield _Tegn("ikke", "-")
            i += 1
        else:
            j = i
            while j < n and not sporring[j].isspace() and sporring[j] not in '"()':
                j += 1
            ord_ = sporring[i:j]
            i = j
            if ord_ in _OG:
                yield _Tegn("og", ord_)
            elif ord_ in _ELLER:
                yield _Tegn("eller", ord_)
            elif ord_ in _IKKE:
                yield _Tegn("ikke", ord_)
            else:
                stjerne = ord_.endswith("*")
                # A `*` inside a word is no operator of ours: both engines split there.
                tekst = ord_.rstrip("*").replace("*", " ").strip()
                if har_ord(tekst):
                    yield _Tegn("ord", tekst, stjerne)


class _Leser:
    """A recursive descent over the tokens: eller → og → ledd → atom."""

    def __init__(self, tegn: list[_Tegn]) -> None:
        self.tegn, self.i = tegn, 0

    def neste(self) -> _Tegn | None:
        return self.tegn[self.i] if self.i < len(self.tegn) else None

    def ta(self) -> _Tegn:
        t = self.tegn[self.i]
        self.i += 1
        return t

    def uttrykk(self) -> Node:
        deler = [self.og()]
        while (t := self.neste()) is not None and t.art == "eller":
            self.ta()
            if (etter := self.neste()) is None or etter.art in ("eller", "og", ")"):
                raise _mellom(t.tekst)
            deler.append(self.og())
        return deler[0] if len(deler) == 1 else Eller(tuple(deler))

    def og(self) -> Node:
        med: list[Node] = []
        uten: list[Node] = []
        forrige_og: _Tegn | None = None
        while (t := self.neste()) is not None and t.art not in ("eller", ")"):
            if t.art == "og":
                if forrige_og is not None or not (med or uten):
                    raise _mellom(t.tekst)
                forrige_og = self.ta()
                continue
            forrige_og = None
            if t.art == "ikke":
                self.ta()
                if (etter := self.neste()) is None or etter.art not in ("ord", "frase", "("):
                    raise Bruksfeil(
                        f"«{t.tekst}» må stå foran et ord, en frase eller en parentes; "
                        "skriv f.eks. «bosetting IKKE vindkraft»."
                    )
                uten.append(self.atom())
            else:
                med.append(self.atom())
        if forrige_og is not None:
            raise _mellom(forrige_og.tekst)
        if not med and not uten:
            if (t := self.neste()) is not None and t.art == ")":
                raise Bruksfeil("Søket har en «)» uten en «(» foran.")
            raise _mellom(t.tekst if t is not None else "ELLER")
        if not med:
            raise Bruksfeil(
                "Et søk kan ikke bare utelukke ord (IKKE/-); skriv også hva treffene skal "
                "inneholde, f.eks. «bosetting IKKE vindkraft»."
            )
        if len(med) == 1 and not uten:
            return med[0]
        return Og(tuple(med), tuple(uten))

    def atom(self) -> Node:
        t = self.ta()
        if t.art == "ord":
            return Ord(t.tekst, t.stjerne)
        if t.art == "frase":
            return Frase(t.tekst)
        if t.art == "(":
            if (etter := self.neste()) is not None and etter.art == ")":
                raise Bruksfeil("Søket har en tom parentes «()»; skriv noe i den eller fjern den.")
            node = self.uttrykk()
            if (slutt := self.neste()) is None or slutt.art != ")":
                raise Bruksfeil("Søket har en «(» uten en «)» som lukker den.")
            self.ta()
            return node
        raise Bruksfeil("Søket har en «)» uten en «(» foran.")  # pragma: no cover


def _mellom(operator: str) -> Bruksfeil:
    return Bruksfeil(
        f"«{operator}» må stå mellom to ord eller fraser; skriv f.eks. "
        f"«bosetting {operator} integrering»."
    )


def les_sporring(sporring: str) -> Node:
    """The query a person typed, as a tree; a query that cannot be read is a usage
    error (exit 2) in Norwegian, never an error of the database. Line breaks and tabs
    are spaces; other control characters (which no stored text holds) are refused."""
    if tegn_ := next((t for t in sporring if er_styretegn(t) and not t.isspace()), None):
        raise Bruksfeil(
            f"Søket inneholder styretegnet {synlig(tegn_)}, som ingen tekst i registeret "
            "har; fjern det."
        )
    tegn = list(_tegn(sporring))
    if not any(t.art in ("ord", "frase") for t in tegn):
        raise Bruksfeil(
            f"Søket {sitat(sporring)} har ingen ord å søke etter; skriv minst ett ord, "
            "f.eks. «konsreg sok bosetting»."
        )
    if len(tegn) > MAKS_LEDD:
        raise Bruksfeil(f"Søket har for mange ord og operatorer ({len(tegn)}; høyst {MAKS_LEDD}).")
    leser = _Leser(tegn)
    node = leser.uttrykk()
    if (rest := leser.neste()) is not None:
        if rest.art == ")":
            raise Bruksfeil("Søket har en «)» uten en «(» foran.")
        raise _mellom(rest.tekst)  # pragma: no cover
    return node


# -- the query for each engine -----------------------------------------------------------


def _fts5_streng(tekst: str) -> str:
    """A string in FTS5's query language: quoted, an inner quote doubled. FTS5 splits it
    into words with the table's tokenizer; it is never read as syntax."""
    return '"' + tekst.replace('"', '""') + '"'


def fts5(node: Node) -> str:
    """The query in FTS5's language (bound as one value to MATCH). A bare word is a prefix
    (FTS5 has no Norwegian stemmer), a phrase is exact."""
    if isinstance(node, Ord):
        return _fts5_streng(node.tekst) + "*"
    if isinstance(node, Frase):
        return _fts5_streng(node.tekst)
    if isinstance(node, Eller):
        return " OR ".join(f"({fts5(d)})" for d in node.deler)
    uttrykk = " AND ".join(f"({fts5(d)})" for d in node.med)
    for del_ in node.uten:
        uttrykk = f"({uttrykk}) NOT ({fts5(del_)})"
    return uttrykk


def tsquery_prefiks(tekst: str) -> str:
    """A prefix for PostgreSQL's to_tsquery (`'helse':*`): quoted, so nothing in it is
    tsquery syntax; a quote and a backslash escaped as to_tsquery reads them."""
    return "'" + tekst.replace("\\", "\\\\").replace("'", "''") + "':*"


def websearch_frase(tekst: str) -> str:
    """A word or phrase for PostgreSQL's websearch_to_tsquery, in quotes: `or` or a
    leading `-` inside are words, not its operators. `tekst` holds no quote (the query
    reader splits on them)."""
    return '"' + tekst.replace('"', " ") + '"'


def ord_i(node: Node) -> list[Node]:
    """The words and phrases a hit must or may have (not those it must lack)."""
    if isinstance(node, Ord | Frase):
        return [node]
    deler = node.deler if isinstance(node, Eller) else node.med
    return [o for d in deler for o in ord_i(d)]


# -- a hit -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Treff:
    """One hit: what it is, its id and title as shown, and a snippet of where the query
    hit (`utdrag`, with START/SLUTT around each hit, as the engine wrote it)."""

    type: Posttype
    id: str
    tittel: str
    utdrag: str

    @property
    def hva(self) -> str:
        """`sak 2026/1`, `avtale A7`, `punkt 2026-2/3`."""
        return f"{self.type.value} {self.id}"


def deler(utdrag: str) -> list[tuple[str, bool]]:
    """A snippet as (text, is a hit) parts, in order. A mark without its pair (an engine
    cutting inside a hit) ends at the end of the snippet."""
    ut: list[tuple[str, bool]] = []
    i, treff = 0, False
    while i < len(utdrag):
        merke = SLUTT if treff else START
        j = utdrag.find(merke, i)
        if j < 0:
            j = len(utdrag)
        if j > i:
            ut.append((utdrag[i:j].replace(START, "").replace(SLUTT, ""), treff))
        i, treff = j + 1, not treff
    return [(t, h) for t, h in ut if t]


def uten_merker(utdrag: str) -> str:
    return utdrag.replace(START, "").replace(SLUTT, "")


def med_klammer(utdrag: str) -> str:
    """The snippet for plain text: each hit in brackets (`… om [bosetting] av …`)."""
    return "".join(f"[{t}]" if h else t for t, h in deler(utdrag))


def treffplasser(utdrag: str) -> list[tuple[int, int]]:
    """Where the hits are in the snippet without marks: (from, to) as Python slices."""
    ut: list[tuple[int, int]] = []
    pos = 0
    for tekst, treff in deler(utdrag):
        if treff:
            ut.append((pos, pos + len(tekst)))
        pos += len(tekst)
    return ut


def beste_utdrag(utdrag: Sequence[str | None]) -> str:
    """The first of a record's snippets (one per field, in the order the fields are
    preferred) that has a hit; else the first that has text."""
    for u in utdrag:
        if u and START in u:
            return u
    return next((u for u in utdrag if u), "")


def parter_tekst(parter: list[str] | tuple[str, ...]) -> str | None:
    """An agreement's parties as the search index reads them (`avtale.parter_tekst`):
    the codes in order, as the triggers of migration 0006 write them."""
    return ", ".join(parter) if parter else None


def punkttittel(tittel: str | None, kapittel: int, innledning: bool) -> str:
    """An agenda item's title as a hit shows it: its own, else its record's (the caller
    gives whichever there is), else where it stands."""
    if tittel:
        return tittel
    return f"Kapittel {kapittel}, innledning" if innledning else f"Kapittel {kapittel}"


_MELLOMROM = re.compile(r"\s+")
_KANT = re.compile(r"^\W+|\W+$")


def rydd(utdrag: str | None) -> str:
    """A snippet on one line: the line breaks and indents of a text (Markdown) as one
    space each."""
    return _MELLOMROM.sub(" ", utdrag or "").strip()


def _kjerne(tekst: str) -> str:
    return _KANT.sub("", " ".join(tekst.split()))


def med_kutt(utdrag: str | None, tekst: str | None) -> str:
    """PostgreSQL's ts_headline cut from `tekst`, with `…` where it is cut, as FTS5's
    snippet() writes it."""
    if not utdrag or not tekst:
        return utdrag or ""
    del_, hel = _kjerne(uten_merker(utdrag)), _kjerne(tekst)
    if not del_:
        return utdrag
    for_ = "" if hel.startswith(del_) else KUTT
    etter = "" if hel.endswith(del_) else KUTT
    return f"{for_}{utdrag.strip()}{etter}"
