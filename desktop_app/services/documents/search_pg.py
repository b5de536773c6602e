"""How the document search asks PostgreSQL for the newest matches without reading every match.

A GIN index cannot return entries in order, so a query that matches thousands of documents used
to fetch and check all of them before sorting for the first page (「秸秆禁烧」: 3,300 entries,
each entry's whole vector read again to check the character pairs stand together). Two things
bound that work now:

- The index is asked only for the rarest pairs of each part (by the column's own statistics,
  `pg_stats.most_common_elems`: as few as narrow the search to about 0.1 % of entries); more
  common pairs (「20」, 「发〔」 of a document number, 「安全」) add little to the narrowing but
  cost reading their long lists.
  Such an AND of words needs no recheck; the exact phrase is then checked by ts_match_vq (which,
  being a function, the planner does not hand to the index) on the entries the index returned.
- The newest entries are searched first: each entry holds the word of its slice of entry ids
  (db.models.search.slice_token), the index is asked for the query's pairs AND the two newest
  slices' words, and only when those hold fewer than a page are the older entries asked for.
  A page of a common phrase comes from the newest slices, read and checked alone.

The order and the results are exactly those of the plain phrase query, newest first.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from db.models.search import PG_CONFIG, SLICE
from db.search_index import BriefSql

KEY_TOKENS = 4  # pairs of a part the index is asked for, at most
NARROW = 0.001  # enough pairs to expect them together in 0.1 % of entries
COMMON = 0.05  # words in more entries than this: newest first through the primary key
STATS_TTL = 600.0  # seconds the column statistics are kept

RECENT_SLICES = 2  # slices of the newest entries read first, for a search of every kind
MINORITY = 0.8  # a kind of document with fewer of the entries reads one slice more (slices_for)

_stats_lock = threading.Lock()
_stats: dict[str, tuple[float, Stats]] = {}


@dataclass(frozen=True)
class Stats:
    """What the index's column statistics say, kept STATS_TTL seconds."""

    tokens: dict[str, float]  # share of entries holding each common token
    kinds: dict[str, float]  # share of entries of each kind of document
    last_id: int  # the newest entry's id when read


_STATS_SQL = text(
    """
SELECT (SELECT most_common_elems::text::text[] FROM pg_stats
        WHERE tablename = 'document_search' AND attname = 'tokens'),
       (SELECT most_common_elem_freqs FROM pg_stats
        WHERE tablename = 'document_search' AND attname = 'tokens'),
       (SELECT most_common_vals::text::text[] FROM pg_stats
        WHERE tablename = 'document_search' AND attname = 'kind'),
       (SELECT most_common_freqs FROM pg_stats
        WHERE tablename = 'document_search' AND attname = 'kind'),
       (SELECT coalesce(max(id), 0) FROM document_search)
"""
)


def index_stats(conn: Connection) -> Stats:
    """ANALYZE's most common elements of the tokens (a token not listed is rarer than every
    listed one) and shares of each kind; empty before any ANALYZE."""
    key = str(conn.engine.url)
    now = time.monotonic()
    with _stats_lock:
        held = _stats.get(key)
        if held is not None and now - held[0] < STATS_TTL:
            return held[1]
    elems, elem_freqs, kinds, kind_freqs, last_id = conn.execute(_STATS_SQL).one()
    stats = Stats(
        dict(zip(elems, elem_freqs, strict=False)) if elems and elem_freqs else {},  # the
        # freqs end with min, max, nulls
        dict(zip(kinds, kind_freqs, strict=True)) if kinds and kind_freqs else {},
        int(last_id or 0),
    )
    with _stats_lock:
        _stats[key] = (now, stats)
    return stats


def token_frequencies(conn: Connection) -> dict[str, float]:
    """Share of entries holding each common token (index_stats)."""
    return index_stats(conn).tokens


# A whole document number (…〔2015〕12号) names one document, or the few that cite it: its
# matches are few wherever they lie, and reading the newest slices first would only ask the
# index twice for them (a partial one, …〔2015〕, names a year's worth and keeps the slices).
WHOLE_NUMBER = re.compile(r"〔\d{4}〕\d+号")


def slices_for(kind: str | None, stats: Stats) -> int | None:
    """How many of the newest slices a search reads first: RECENT_SLICES, one more for a kind
    that is a minority of the entries (a 发文 is one entry in six: its newest matches are spread
    wider); None where those are every slice (a small register: the index is then asked once).
    Not more: at 200,000 documents the 发文 tab's searches took, median of 15, with 2 / 3 / 4 /
    6 / 8 slices / every slice (the index asked once, all matches sorted): 「防汛」 3.4 / 3.0 /
    3.1 / 4.5 / 4.8 / 3.1 ms, 「秸秆禁烧」 3.0 / 3.1 / 3.2 / 3.5 / 4.9 / 5.4, 「森林草原防火」 3.3 /
    3.3 / 3.5 / 4.1 / 6.1 / 8.0, 「汛」 5.3 / 3.5 / 4.0 / 4.8 / 6.0 / 4.6; the 收文 tab's were
    fastest with 2 (「防汛」 1.9 / 2.1 / 2.4 / 2.8 / 3.3 / 4.2)."""
    share = 1.0 if kind is None else stats.kinds.get(kind, 1.0)
    wanted = RECENT_SLICES + 1 if share < MINORITY else RECENT_SLICES
    if stats.last_id and wanted * SLICE > stats.last_id:
        return None
    return wanted


def kind_condition(conn: Connection, kind: str) -> str:
    """The condition on `ds.kind` (bound as :kind) for a search of one kind. A minority kind is
    a filter on the entries the word index returns, never a read of the (kind, record_id)
    index: for the 发文 (one entry in six) the planner ANDed the word index's bitmap with all
    30,000 发文 entries of that index, 3.3 of a search's 6.4 ms (「fx」; 「防汛」 3.5-4.1 ->
    1.5 ms). Not for the majority kind: hidden in an expression, its condition is estimated to
    keep a few rows instead of most, and the planner then sorted every recent match instead of
    walking the newest (「汛」 on the 收文 tab 1.6 -> 3.0 ms when tried)."""
    if index_stats(conn).kinds.get(kind, 1.0) < MINORITY:
        return "ds.kind || '' = :kind"
    return "ds.kind = :kind"


def _phrase(tokens: list[str]) -> str:
    return "(" + " <-> ".join(tokens) + ")"


def _keys(tokens: list[str], freqs: dict[str, float], rare: float) -> tuple[str, float]:
    """The rarest of a phrase's tokens, ANDed: as many as it takes (at most KEY_TOKENS) for
    their shares multiplied to fall under NARROW — a document number's pairs are each common
    (「20」, 「发〔」), their combination is not; all of them where statistics say nothing.
    Returns the tsquery text and the share of entries it is expected to match."""
    unique = list(dict.fromkeys(tokens))
    if not freqs:
        return "(" + " & ".join(unique) + ")", 0.0
    ranked = sorted(unique, key=lambda t: freqs.get(t, rare))
    chosen, share = [], 1.0
    for token in ranked[:KEY_TOKENS]:
        chosen.append(token)
        share *= freqs.get(token, rare)
        if share <= NARROW:
            break
    return "(" + " & ".join(chosen) + ")", share


@dataclass(frozen=True)
class Match:
    keys: str  # what the GIN index is asked (an AND of words: it answers without rechecking)
    exact: str | None  # the query checked on what it returns; None where `keys` is exact
    share: float  # the share of entries `keys` is expected to match (0: unknown)
    prefix: bool = False  # a one-character part: the index is asked for a prefix


def tsqueries(
    terms: list[list[str]],
    alternatives: list[list[str] | None],
    freqs: dict[str, float],
) -> Match:
    rare = min(freqs.values()) / 2 if freqs else 0.0  # a word ANALYZE did not list is rarer
    keys, exact = [], []
    checked = prefix = False
    share = 1.0
    for i, term in enumerate(terms):
        options = [term]
        alt = alternatives[i] if i < len(alternatives) else None
        if alt:
            options.append(alt)
        key_parts, exact_parts = [], []
        part_share = 0.0
        for tokens in options:
            if len(tokens) == 1 and len(tokens[0]) in (4, 7):  # one character: a prefix
                key_parts.append(f"{tokens[0]}:*")
                exact_parts.append(f"{tokens[0]}:*")
                prefix = True
                part_share += sum(f for t, f in freqs.items() if t.startswith(tokens[0]))
            elif len(tokens) == 1:
                key_parts.append(tokens[0])
                exact_parts.append(tokens[0])
                part_share += freqs.get(tokens[0], rare)
            else:
                text_, option_share = _keys(tokens, freqs, rare)
                key_parts.append(text_)
                exact_parts.append(_phrase(tokens))
                part_share += option_share
                checked = True
        keys.append("(" + " | ".join(key_parts) + ")")
        exact.append("(" + " | ".join(exact_parts) + ")")
        share *= min(1.0, part_share)
    return Match(" & ".join(keys), " & ".join(exact) if checked else None, share, prefix)


def match_condition(
    terms: list[list[str]], alternatives: list[list[str] | None], conn: Connection
) -> tuple[list[str], dict[str, Any], Match]:
    """WHERE conditions (on `ds`) and their parameters for the matching entries."""
    match = tsqueries(terms, alternatives, token_frequencies(conn))
    where = [f"ds.tokens @@ {_asked('q')}"]
    params: dict[str, Any] = {"q": match.keys}
    if match.exact is not None:
        where.append(f"ts_match_vq(ds.tokens, {_asked('exact')})")
        params["exact"] = match.exact
    return where, params, match


def _slice_word_sql(expr: str) -> str:
    """SQL for slice_token of the slice number `expr`."""
    return f"'s' || translate(to_hex({expr}), '0123456789abcdef', 'abcdefghijklmnop')"


# What a tsquery made by `tsqueries` may hold: token letters, slice words, operators, prefix
# marks. Only such text is written into a statement (`_inline`); anything else stays a parameter.
_TSQUERY_TEXT = re.compile(r"[a-z0-9 ()&|!<>:*-]+")


def _inline(sql: str, params: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The tsqueries of match_condition written into the statement as literals. The driver
    prepares a statement it has run a few times, and the server may then plan it once for any
    parameter value: for the hits joined to the registers that generic plan took 340 ms for a
    term no document holds (0.24 ms planned for the term). Written in, each query's text has a
    plan of its own."""
    params = dict(params)
    for name in ("q", "exact"):
        value = params.get(name)
        if isinstance(value, str) and _TSQUERY_TEXT.fullmatch(value):
            sql = sql.replace(_asked(name), _asked(name, value))
            del params[name]
    return sql, params


def _asked(name: str, value: str | None = None) -> str:
    """How match_condition asks for the tsquery `name`; written in, with `value`."""
    return f"to_tsquery({PG_CONFIG}, {':' + name if value is None else _literal(value)})"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _with_brief(statement: str, brief: Sequence[BriefSql]) -> str:
    """`statement` (ds.id, kind, record_id, newest first) with each kind's brief fields
    joined on, still newest first."""
    if not brief:
        return statement
    columns = ", ".join(c for b in brief for c in b.columns)
    joins = " ".join(b.joins for b in brief)
    return (
        f"SELECT h.id, h.kind, h.record_id, {columns} FROM ({statement}) AS h {joins} "
        "ORDER BY h.id DESC"
    )


def newest(
    conn: Connection,
    sql: str,
    params: dict[str, Any],
    match: Match,
    limit: int,
    offset: int,
    kind: str | None = None,
    query: str = "",
    brief: Sequence[BriefSql] = (),
) -> list[Any]:
    """The rows of `sql` (a SELECT of ds.id, … with a WHERE from match_condition, of `kind`
    only if given) newest first, `limit` of them after `offset`: the entries of the newest
    slices first (their slice words ANDed into what the index is asked, so it returns no older
    match; slices_for says how many), the older ones only if those hold fewer than asked — in
    one statement, since on a busy server each round trip costs more than the search itself.
    Words in more than COMMON of the entries are left to the planner: it reads the entries
    newest first and stops after a page. A `query` holding a WHOLE_NUMBER is asked of the
    index once. Each row carries the `brief` fields of its kind after its first three values
    (NULLs for the other kinds')."""
    want = offset + limit
    if want <= 0:
        return []
    inlined_sql, inlined = _inline(sql, params)
    asked = _asked("q") if "q" in inlined else _asked("q", params["q"])
    sql, params = inlined_sql, inlined

    def run(statement: str, values: dict[str, Any]) -> list[Any]:
        return list(conn.execute(text(_with_brief(statement, brief)), values).all())[offset:]

    order = " ORDER BY ds.id DESC LIMIT :want"
    if match.share >= COMMON:
        return run(sql + order, dict(params, want=want))
    slices = None if WHOLE_NUMBER.search(query) else slices_for(kind, index_stats(conn))
    if slices is None:  # the newest slices are every slice: the index is asked once
        plain = order if match.prefix else " ORDER BY ds.id + 0 DESC LIMIT :want"
        return run(sql + plain, dict(params, want=want))
    recent = sql.replace(asked, f"({asked} && (SELECT slices FROM top))", 1)
    # The newest slices' matches come from the index, then sorted (`ds.id + 0`: not in the
    # primary key's order): the planner, not knowing that the slice words confine the matches
    # to the newest entries, would walk the primary key backwards checking each entry's vector
    # (「防汛」 at 200,000: 2,668 entries, 1,632 pages, 4 ms) where the index returns the ~320
    # matches of the two slices (339 pages, 1.5 ms). Not for a one-character prefix, whose
    # index scan reads the lists of every pair starting with that character.
    recent_order = order if match.prefix else " ORDER BY ds.id + 0 DESC LIMIT :want"
    statement = f"""
WITH top AS MATERIALIZED (
  SELECT k, to_tsquery({PG_CONFIG}, (
    SELECT string_agg({_slice_word_sql("k - i")}, ' | ') FROM generate_series(0, :n - 1) AS i
  )) AS slices
  FROM (SELECT coalesce(max(id), 0) / :slice AS k FROM document_search) AS newest
), recent AS MATERIALIZED ({recent}{recent_order})
SELECT * FROM recent
UNION ALL
SELECT * FROM ({sql} AND ds.id < (SELECT (k - :n + 1) * :slice FROM top)
  AND (SELECT count(*) FROM recent) < :want{order}) AS older
ORDER BY 1 DESC LIMIT :want"""
    return run(statement, dict(params, want=want, slice=SLICE, n=slices))
