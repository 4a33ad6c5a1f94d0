"""Full-text search (`konsreg sok`): cases, agreements and agenda items found by what they
say, through each engine's own index (migration 0006), ranked, with a snippet each.

A search runs the same way on both engines, for each kind of record it looks in:

1. the candidates: the hits that pass the filters, newest first, at most `KANDIDATER` of
   each kind (all of them with `grense=0`), each with the engine's rank (SQLite: FTS5's
   bm25 with the title weighted highest; PostgreSQL: ts_rank of the weighted tsvector,
   divided by the length of the text);
2. the best `grense` of all kinds together, by rank (ties: the newest first);
3. for those alone: the title as shown, and a snippet of each indexed field (FTS5's
   snippet(), PostgreSQL's ts_headline()), of which the first field with a hit is shown.

Ranking only the newest `KANDIDATER` hits of a kind keeps a search for a common word in a
register of a million cases at a few milliseconds: a rank needs every candidate scored,
and a word in 300,000 titles took more than half a second to rank. A secretariat's
register holds a few thousand records, so all hits are ranked; the answer says when a
kind had more (`Sokesvar.avgrenset`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from typing import Any

from sqlalchemy import column, func, literal, literal_column, or_, select, table
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col

from konsreg.db.sokeindeks import FTS_TABELLER, SOKEKOLONNE
from konsreg.errors import Bruksfeil
from konsreg.models import Avtale, AvtalePart, Mote, Punkt, Sak
from konsreg.register import utvalg
from konsreg.register.departementer import last_departementer
from konsreg.regler import sok as regler
from konsreg.regler.begreper import KS, Status
from konsreg.regler.mote import punkt_id
from konsreg.regler.sok import Eller, Frase, Node, Og, Ord, Posttype, Treff
from konsreg.tekst import sitat, synlig

# The candidates of each kind that are ranked (see the module's docstring).
KANDIDATER = 1000
# The hits shown unless `grense` says otherwise.
GRENSE = 20
# The order of kinds among hits of equal rank.
_ORDEN = {Posttype.sak: 0, Posttype.avtale: 1, Posttype.punkt: 2}
_TYPE = {o: t for t, o in _ORDEN.items()}
_MODELL: dict[Posttype, Any] = {Posttype.sak: Sak, Posttype.avtale: Avtale, Posttype.punkt: Punkt}
# FTS5's bm25 weight of each indexed column (FTS_TABELLER's order): the title most.
_BM25 = {
    Posttype.sak: (3.0, 1.0),
    Posttype.avtale: (3.0, 2.0, 0.5),
    Posttype.punkt: (3.0, 1.0, 1.0),
}
# The fields a snippet is shown from: the first with a hit, in this order.
_UTDRAG = {
    Posttype.sak: ("beskrivelse", "tittel"),
    Posttype.avtale: ("fullt_navn", "tittel", "parter_tekst"),
    Posttype.punkt: ("tekst", "konklusjon", "tittel"),
}
# About this many words in a snippet.
ORD_I_UTDRAG = 16
_PG_KONFIG: Any = literal_column("'norwegian'::regconfig")
_PG_UTDRAG = (
    f"StartSel={regler.START}, StopSel={regler.SLUTT}, "
    f"MaxWords={ORD_I_UTDRAG}, MinWords={ORD_I_UTDRAG // 2}"
)


@dataclass(frozen=True)
class Sokefilter:
    """What the hits must be besides: of one kind, of a consultation year (a case of that
    year as in `saker --ar`, an agreement in force some day of it, an item of a meeting
    that year), of a ministry (its predecessors' too) or of a status (cases and
    agreements; items have none and are left out)."""

    type: Posttype | None = None
    ar: int | None = None
    departement: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Sokesvar:
    """The hits in rank order; `flere`: there were more than shown; `avgrenset`: the kinds
    with more than KANDIDATER hits, whose newest KANDIDATER were ranked."""

    treff: list[Treff]
    flere: bool
    avgrenset: tuple[Posttype, ...] = ()


def sok(
    *,
    session: Session,
    sporring: str,
    filter: Sokefilter | None = None,
    grense: int | None = GRENSE,
) -> Sokesvar:
    """The records that match `sporring` (regler.sok's language), best first: `grense`
    of them (0: all hits, every one ranked)."""
    node = regler.les_sporring(sporring)
    f = filter or Sokefilter()
    typer = [f.type] if f.type else list(Posttype)
    if f.status:
        typer = [t for t in typer if t != Posttype.punkt]
    koder = _koder(session, f.departement) if f.departement else None
    motor: _Motor = (
        _Postgres(node) if session.get_bind().dialect.name == "postgresql" else _Sqlite(node)
    )
    grense = GRENSE if grense is None else grense
    maks = max(KANDIDATER, grense) if grense else None
    try:
        # (-rank, the kind's order, -id, id): sorted as they are, the best first.
        kandidater: list[tuple[float, int, int, int]] = []
        avgrenset = []
        for t in typer:
            rader = motor.kandidater(session, t, _vilkar(t, f, koder), maks)
            if maks is not None and len(rader) >= maks:
                avgrenset.append(t)
            orden = _ORDEN[t]
            kandidater += [(-poeng, orden, -i, i) for i, poeng in rader]
        kandidater.sort()
        valgt = [(_TYPE[o], i) for _, o, _, i in kandidater[: grense or None]]
        funnet = {
            t: motor.treff(session, t, ider)
            for t in typer
            if (ider := [i for tt, i in valgt if tt == t])
        }
    except DBAPIError as feil:
        if _er_sokefeil(feil):
            raise Bruksfeil(
                f"Databasen kunne ikke lese søket {sitat(sporring)}: "
                f"{synlig(str(feil.orig).splitlines()[0])}. Se «konsreg sok --help»."
            ) from None
        raise
    return Sokesvar(
        [funnet[t][i] for t, i in valgt], len(kandidater) > len(valgt), tuple(avgrenset)
    )


def _er_sokefeil(feil: DBAPIError) -> bool:
    """An engine refusing the query itself (FTS5's syntax, a tsquery it cannot take), not
    a database that is locked, gone or broken."""
    orig = feil.orig
    if (kode := getattr(orig, "sqlite_errorcode", None)) is not None:
        # SQLITE_ERROR: FTS5's "fts5: syntax error near …", "unterminated string", … (a
        # locked, full or corrupt database has codes of its own); a missing index table
        # is a broken register, not a query.
        return kode == 1 and not str(orig).startswith("no such table")
    # syntax_error, invalid_parameter_value, program_limit_exceeded (a tsquery too large)
    return getattr(feil.orig, "sqlstate", None) in ("42601", "22023", "54000")


def _koder(session: Session, departement: str) -> set[str]:
    """A ministry (code or full name) and its predecessors; KS as itself."""
    if departement.strip().upper() == KS:
        return {KS}
    deps = last_departementer(session=session)
    return deps.forgjengere(deps.kode_for(departement))


def _vilkar(t: Posttype, f: Sokefilter, koder: set[str] | None) -> list[Any]:
    """The filters of one kind, on its own table (the FTS table joins it by id)."""
    v: list[Any] = []
    if t == Posttype.punkt:
        v.append(col(Punkt.fjernet).is_(None))  # a removed item is never found
        if f.ar is not None:
            v.append(col(Punkt.mote_id).in_(select(col(Mote.id)).where(col(Mote.ar) == f.ar)))
        if koder is not None:
            v.append(
                or_(
                    col(Punkt.mote_id).in_(
                        select(col(Mote.id)).where(col(Mote.departement).in_(koder))
                    ),
                    col(Punkt.sak_id).in_(
                        select(col(Sak.id)).where(col(Sak.departement).in_(koder))
                    ),
                    col(Punkt.avtale_id).in_(
                        select(col(AvtalePart.avtale_id)).where(col(AvtalePart.kode).in_(koder))
                    ),
                )
            )
        return v
    modell = _MODELL[t]
    v.append(col(modell.status) == f.status if f.status else col(modell.status) != Status.utgar)
    if f.ar is not None:
        v.append(
            utvalg.sak_i_konsultasjonsaret(f.ar)
            if t == Posttype.sak
            else utvalg.avtale_i_aret(f.ar)
        )
    if koder is not None:
        v.append(
            col(Sak.departement).in_(koder)
            if t == Posttype.sak
            else col(Avtale.id).in_(
                select(col(AvtalePart.avtale_id)).where(col(AvtalePart.kode).in_(koder))
            )
        )
    return v


class _Motor:
    """One engine's two queries: the ranked candidates of a kind, and the hits shown."""

    def kandidater(
        self, session: Session, t: Posttype, vilkar: list[Any], maks: int | None
    ) -> list[tuple[int, float]]:
        raise NotImplementedError

    def utdrag(self, session: Session, t: Posttype, ider: list[int]) -> dict[int, list[str]]:
        """Each hit's snippets, one per field of `_UTDRAG[t]`, in that order."""
        raise NotImplementedError

    def treff(self, session: Session, t: Posttype, ider: list[int]) -> dict[int, Treff]:
        utdrag = self.utdrag(session, t, ider)
        return {
            i: Treff(t, id_, tittel, regler.beste_utdrag(utdrag.get(i, [])))
            for i, id_, tittel in _vist(session, t, ider)
        }


def _vist(session: Session, t: Posttype, ider: list[int]) -> list[tuple[int, str, str]]:
    """(row id, the id as shown, the title as shown) of the hits of kind `t`."""
    if t == Posttype.sak:
        stmt = select(col(Sak.id), col(Sak.saksnummer), col(Sak.tittel)).where(
            col(Sak.id).in_(ider)
        )
        return [(i, s, tittel) for i, s, tittel in session.execute(stmt)]
    if t == Posttype.avtale:
        stmt = select(col(Avtale.id), col(Avtale.handle), col(Avtale.tittel)).where(
            col(Avtale.id).in_(ider)
        )
        return [(i, h, tittel) for i, h, tittel in session.execute(stmt)]
    punkter = (
        select(
            col(Punkt.id),
            col(Mote.handle),
            col(Punkt.nr),
            func.coalesce(
                col(Punkt.tittel), col(Sak.tittel), col(Avtale.fullt_navn), col(Avtale.tittel)
            ),
            col(Punkt.kapittel),
            col(Punkt.innledning),
        )
        .join(Mote, col(Mote.id) == col(Punkt.mote_id))
        .outerjoin(Sak, col(Sak.id) == col(Punkt.sak_id))
        .outerjoin(Avtale, col(Avtale.id) == col(Punkt.avtale_id))
        .where(col(Punkt.id).in_(ider))
    )
    return [
        (i, punkt_id(m, nr), regler.punkttittel(tittel, kapittel, innledning))
        for i, m, nr, tittel, kapittel, innledning in session.execute(punkter)
    ]


class _Sqlite(_Motor):
    """FTS5: the query in its own language, bound as one value to MATCH."""

    def __init__(self, node: Node) -> None:
        self.sporring = regler.fts5(node)

    @staticmethod
    def _fts(t: Posttype) -> tuple[str, Any]:
        navn = FTS_TABELLER[t.value][0]
        return navn, table(navn, column("rowid"))

    def _match(self, navn: str) -> Any:
        return literal_column(navn).op("MATCH")(literal(self.sporring))

    def kandidater(
        self, session: Session, t: Posttype, vilkar: list[Any], maks: int | None
    ) -> list[tuple[int, float]]:
        navn, fts = self._fts(t)
        modell = _MODELL[t]
        bm25 = func.bm25(literal_column(navn), *(literal(v) for v in _BM25[t]))
        stmt = (
            select(fts.c.rowid, bm25)
            .select_from(fts.join(modell, col(modell.id) == fts.c.rowid))
            .where(self._match(navn), *vilkar)
            .order_by(fts.c.rowid.desc())  # FTS5 reads its index newest first: no sort
        )
        if maks is not None:
            stmt = stmt.limit(maks)
        # bm25 is better the lower it is.
        return [(i, -p) for i, p in session.connection().execute(stmt).all()]

    def utdrag(self, session: Session, t: Posttype, ider: list[int]) -> dict[int, list[str]]:
        navn, fts = self._fts(t)
        kolonner = [k.strip() for k in FTS_TABELLER[t.value][1].split(",")]
        snippets = [
            func.snippet(
                literal_column(navn),
                literal(kolonner.index(felt)),
                literal(regler.START),
                literal(regler.SLUTT),
                literal(regler.KUTT),
                literal(ORD_I_UTDRAG),
            )
            for felt in _UTDRAG[t]
        ]
        # One pass over the hits between the first and the last id: `+rowid IN` keeps
        # SQLite from starting the query again for each id (a prefix query costs its
        # whole doclist each start).
        stmt = select(fts.c.rowid, *snippets).where(
            self._match(navn),
            fts.c.rowid.between(min(ider), max(ider)),
            literal_column(f"+{navn}.rowid").in_(ider),
        )
        return {int(r[0]): [regler.rydd(u) for u in r[1:]] for r in session.execute(stmt)}


class _Postgres(_Motor):
    """PostgreSQL: the query as a tsquery put together from websearch_to_tsquery (words
    and phrases) and to_tsquery (prefixes), each part a bound value."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def _tsquery(self, node: Node | None = None) -> Any:
        node = self.node if node is None else node
        if isinstance(node, Ord) and node.stjerne:
            return func.to_tsquery(_PG_KONFIG, literal(regler.tsquery_prefiks(node.tekst)))
        if isinstance(node, Ord | Frase):
            return func.websearch_to_tsquery(
                _PG_KONFIG, literal(regler.websearch_frase(node.tekst))
            )
        if isinstance(node, Eller):
            return reduce(func.tsquery_or, (self._tsquery(d) for d in node.deler))
        assert isinstance(node, Og)
        uttrykk = reduce(func.tsquery_and, (self._tsquery(d) for d in node.med))
        for del_ in node.uten:
            uttrykk = func.tsquery_and(uttrykk, func.tsquery_not(self._tsquery(del_)))
        return uttrykk

    def kandidater(
        self, session: Session, t: Posttype, vilkar: list[Any], maks: int | None
    ) -> list[tuple[int, float]]:
        modell = _MODELL[t]
        vektor: Any = literal_column(f"{modell.__tablename__}.{SOKEKOLONNE}")
        indre = (
            select(col(modell.id).label("id"), vektor.label("vektor"))
            .where(vektor.op("@@")(self._tsquery()), *vilkar)
            .order_by(col(modell.id).desc())
        )
        if maks is not None:
            indre = indre.limit(maks)
        sub = indre.subquery()
        # Ranked outside the limit: ts_rank for the candidates alone (1: divided by the
        # text's length, as bm25 does).
        stmt = select(sub.c.id, func.ts_rank(sub.c.vektor, self._tsquery(), literal(1)))
        return [(i, float(p)) for i, p in session.connection().execute(stmt).all()]

    def utdrag(self, session: Session, t: Posttype, ider: list[int]) -> dict[int, list[str]]:
        modell = _MODELL[t]
        felt = [col(getattr(modell, f)) for f in _UTDRAG[t]]
        overskrifter = [
            func.ts_headline(_PG_KONFIG, func.coalesce(f, ""), self._tsquery(), literal(_PG_UTDRAG))
            for f in felt
        ]
        stmt = select(col(modell.id), *felt, *overskrifter).where(col(modell.id).in_(ider))
        n = len(felt)
        return {
            int(r[0]): [
                regler.rydd(regler.med_kutt(u, tekst))
                for tekst, u in zip(r[1 : n + 1], r[n + 1 :], strict=True)
            ]
            for r in session.execute(stmt)
        }
