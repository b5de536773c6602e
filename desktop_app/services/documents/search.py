"""Full-text search over the document registers (收文 and 发文): Chinese substring matching.

The database's own full-text index answers (SQLite FTS5, PostgreSQL GIN over a tsvector) — see
db.models.search for why the text is indexed as character pairs. A query matches a document when
every whitespace-separated part of it occurs, as written, in one of the document's searchable
fields: 收文号, 标题, 来文机关, 来文字号, 拟办意见, 阅批意见 (incoming); 发文字号, 标题, 拟稿单位, 主送,
抄送 (outgoing). A single character is looked up as the start of an indexed pair.

R44: classified documents (any 密级) are found only by accounts that may see classified records;
for others they are not in the results nor in the count. Results come newest first (order of
registration).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

from db.engine import Database
from db.models.search import (
    FTS_TABLE,
    INITIALS_FIELDS,
    fts5_query,
    initials_phrase,
    normalize,
    query_alternatives,
    query_terms,
    runs,
)
from db.pinyin import initials_span
from db.search_index import SOURCES, BriefSql, Fields
from desktop_app.formatting import CHINA
from desktop_app.services.documents import search_pg
from desktop_app.services.system.common import CurrentUser

KINDS = ("incoming", "outgoing")
KIND_NAMES = {"incoming": "收文", "outgoing": "发文"}
FIELD_NAMES = {
    "number": "文号",
    "title": "标题",
    "sender": "来文机关",
    "sender_number": "来文字号",
    "proposal": "拟办意见",
    "opinion": "阅批意见",
    "unit": "拟稿单位",
    "main_to": "主送",
    "cc": "抄送",
}
SNIPPET_CONTEXT = 18  # characters shown either side of the match
MAX_LIMIT = 500


@dataclass(frozen=True)
class SearchHit:
    kind: str  # incoming | outgoing
    record_id: int
    number: str  # 收文〔2018〕5号 / 同政发〔2018〕34号 (empty for an outgoing draft)
    title: str
    date: date | None  # received (China time) / issued, else drafted
    snippet: str  # 「拟办意见：…请水务局做好防汛准备…」
    secrecy: str = ""
    voided: bool = False

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)


def search_documents(
    db: Database,
    user: CurrentUser,
    query: str,
    *,
    kind: str | None = None,
    limit: int = 50,
    offset: int = 0,
    include_voided: bool = False,
) -> list[SearchHit]:
    """Documents whose fields contain `query`, newest first; `kind` limits to incoming or
    outgoing. An empty query finds nothing."""
    terms = query_terms(query)
    if not terms or (kind is not None and kind not in SOURCES):
        return []
    limit = max(0, min(int(limit), MAX_LIMIT))
    with db.read_connection() as conn:
        sql, params, match = _matching_sql(
            conn, user, terms, query_alternatives(query), kind, include_voided
        )
        if match is None:
            # Ordering by the FTS table's own rowid lets FTS5 walk its lists newest first and
            # stop after one page; ordering by ds.id would sort every match first.
            rows = [
                (entry_id, k, record_id)
                for entry_id, k, record_id in conn.execute(
                    text(f"{sql} ORDER BY {FTS_TABLE}.rowid DESC LIMIT :limit OFFSET :offset"),
                    dict(params, limit=limit, offset=max(0, int(offset))),
                )
            ]
            read: dict[str, dict[int, Fields]] = {}
        else:
            kinds = [kind] if kind is not None else list(SOURCES)
            briefs = [(k, b) for k in kinds if (b := SOURCES[k].brief_sql) is not None]
            found = search_pg.newest(
                conn,
                sql,
                params,
                match,
                limit,
                max(0, int(offset)),
                kind,
                normalize(query),
                brief=[b for _, b in briefs],
            )
            rows, read = _joined_fields(found, briefs)
        fields, snippets = _shown(conn, rows, query, read)
    hits = []
    may_see_classified = user.can("classified")
    for _, k, record_id in rows:
        f = fields[k].get(record_id)
        # R44 once more, from the document itself: the index entry's 密级 decided the query, but
        # an index edited behind the app must not show a classified title.
        if f is not None and (may_see_classified or not f.secrecy):
            hits.append(
                SearchHit(
                    k,
                    record_id,
                    f.number,
                    f.title,
                    _day(f.when),
                    snippets.get((k, record_id), ""),
                    f.secrecy,
                    f.voided,
                )
            )
    return hits


def _joined_fields(
    rows: list[Any], briefs: list[tuple[str, BriefSql]]
) -> tuple[list[tuple[int, str, int]], dict[str, dict[int, Fields]]]:
    """The hits of search_pg.newest(…, brief=…) and each kind's brief fields read with them."""
    spans: dict[str, tuple[BriefSql, int, int]] = {}
    at = 3
    for k, brief in briefs:
        spans[k] = (brief, at, at + len(brief.columns))
        at += len(brief.columns)
    hits: list[tuple[int, str, int]] = []
    read: dict[str, dict[int, Fields]] = {k: {} for k in spans}
    for row in rows:
        entry_id, k, record_id = row[0], row[1], row[2]
        hits.append((entry_id, k, record_id))
        span = spans.get(k)
        if span is None:
            continue
        brief, start, end = span
        values = tuple(row[start:end])
        if any(v is not None for v in values):  # all NULL: no such record (as a brief read)
            read[k][record_id] = brief.fields(values)
    return hits, read


def _shown(
    conn: Connection, rows, query: str, read: dict[str, dict[int, Fields]] | None = None
) -> tuple[dict[str, dict[int, Fields]], dict[tuple[str, int], str]]:
    """What the hits show, and their snippets: the brief fields first (number, title, organ …;
    `read`: those already read with the hits), the long ones (reading opinions) read only for
    hits that matched in them."""
    read = read or {}
    by_kind: dict[str, list[int]] = {}
    for _, k, record_id in rows:
        by_kind.setdefault(k, []).append(record_id)
    fields: dict[str, dict[int, Fields]] = {}
    snippets: dict[tuple[str, int], str] = {}
    for k, ids in by_kind.items():
        source = SOURCES[k]
        fields[k] = read[k] if k in read else (source.brief or source.load)(conn, ids)
        missing = []
        for record_id, f in fields[k].items():
            found = snippet(f, query)
            if found:
                snippets[k, record_id] = found
            elif source.brief is not None:
                missing.append(record_id)
        if missing:
            for record_id, f in source.load(conn, missing).items():
                fields[k][record_id] = f
                snippets[k, record_id] = snippet(f, query)
    return fields, snippets


def _day(when: date | datetime | None) -> date | None:
    """The date shown: a received time as the day in China."""
    if isinstance(when, datetime):
        return when.astimezone(CHINA).date()
    return when


def count_matches(
    db: Database,
    user: CurrentUser,
    query: str,
    *,
    kind: str | None = None,
    include_voided: bool = False,
) -> int:
    """How many documents search_documents would find (R44: what this user may see)."""
    terms = query_terms(query)
    if not terms or (kind is not None and kind not in SOURCES):
        return 0
    with db.read_connection() as conn:
        sql, params, _match = _matching_sql(
            conn, user, terms, query_alternatives(query), kind, include_voided
        )
        return int(conn.execute(text(f"SELECT count(*) FROM ({sql}) AS m"), params).scalar() or 0)


def _matching_sql(
    conn: Connection,
    user: CurrentUser,
    terms: list[list[str]],
    alternatives: list[list[str] | None],
    kind: str | None,
    include_voided: bool,
) -> tuple[str, dict, search_pg.Match | None]:
    """SELECT ds.id, ds.kind, ds.record_id of the matching entries, through the full-text
    index of the engine (on PostgreSQL also how to ask for the newest: search_pg)."""
    where: list[str] = []
    params: dict = {}
    match = None
    if conn.dialect.name == "sqlite":
        sql = (
            f"SELECT ds.id, ds.kind, ds.record_id FROM {FTS_TABLE} "
            f"JOIN document_search AS ds ON ds.id = {FTS_TABLE}.rowid"
        )
        where.append(f"{FTS_TABLE} MATCH :q")
        params["q"] = fts5_query(terms, alternatives)
    else:
        sql = "SELECT ds.id, ds.kind, ds.record_id FROM document_search AS ds"
        where, params, match = search_pg.match_condition(terms, alternatives, conn)
    if not user.can("classified"):
        where.append("ds.secrecy = ''")  # R44
    if kind is not None:
        where.append("ds.kind = :kind" if match is None else search_pg.kind_condition(conn, kind))
        params["kind"] = kind
    if not include_voided:
        where.append("NOT ds.voided")
    return f"{sql} WHERE {' AND '.join(where)}", params, match


def snippet(fields: Fields, query: str) -> str:
    """「label：…text around the match…」 from the field where the query's longest part occurs."""
    parts = sorted(runs(query), key=len, reverse=True)
    for part in parts:
        for key, value in fields.texts:
            plain = " ".join(value.split())
            norm = normalize(plain)
            at = norm.find(part)
            if at < 0:
                continue
            shown = plain if len(norm) == len(plain) else norm
            start = max(0, at - SNIPPET_CONTEXT)
            end = min(len(shown), at + len(part) + SNIPPET_CONTEXT)
            excerpt = ("…" if start else "") + shown[start:end] + ("…" if end < len(shown) else "")
            return f"{FIELD_NAMES.get(key, key)}：{excerpt}"
    for part in parts:  # found by pinyin initials (「fx」 → 防汛)
        if initials_phrase(part) is None:
            continue
        for key, value in fields.texts:
            if key not in INITIALS_FIELDS:
                continue
            plain = normalize(" ".join(value.split()))
            span = initials_span(plain, part)
            if span is not None:
                start = max(0, span[0] - SNIPPET_CONTEXT)
                end = min(len(plain), span[1] + SNIPPET_CONTEXT)
                excerpt = plain[start:end]
                excerpt = ("…" if start else "") + excerpt + ("…" if end < len(plain) else "")
                return f"{FIELD_NAMES.get(key, key)}：{excerpt}"
    return ""


def rebuild_index(db: Database) -> int:
    """Index every document again (after a restore of an old backup, or if in doubt). Returns
    the number of documents indexed."""
    from db.search_index import rebuild

    with db.uow() as s:
        return rebuild(s.connection())
