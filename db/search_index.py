"""Keeps the document search index (db.models.search) current.

Whenever a flush inserts or changes an incoming document, one of its reading records, or an
outgoing document, the search entry of that document is recomputed from what is now in the
database, in the same transaction (a session event, registered when db.models loads). Bulk loads
that bypass the ORM call `refresh(conn, kind, ids)` themselves — the same code path — and
`rebuild(conn)` recomputes everything (migration 0007, after a restore, `rebuild_index`).

Each kind of document is a `Source` (db.search_sources): how to load its searchable fields,
which mapped classes touch it and which documents a changed object belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from db.chunks import CHUNK, in_chunks
from db.models import search as search_model
from db.models.search import (
    PG_CONFIG,
    SLICE_TOKEN_SQL,
    DocumentSearch,
    entry_tokens,
    slice_token,
)


@dataclass(frozen=True)
class Fields:
    """A document's searchable texts by field key (the service labels them for snippets), and
    what a search hit shows."""

    secrecy: str
    voided: bool
    texts: list[tuple[str, str]]  # (field key, text)
    number: str = ""
    title: str = ""
    when: date | datetime | None = None  # received at / issued on (drafted on before issue)


@dataclass(frozen=True)
class BriefSql:
    """A kind's brief fields as columns joined onto a search's hits (a derived table `h` of
    id, kind, record_id) in the search's own statement: on the shared server the hits and what
    they show come in one round trip instead of one more per kind."""

    columns: tuple[str, ...]  # SQL expressions, in the order `fields` takes their values
    joins: str  # LEFT JOINs matching only this kind's hits (h.kind = '…' AND … = h.record_id)
    fields: Callable[[tuple], Fields]  # the values of `columns` (NULLs: not this kind's hit)


# A changed object (and whether it is new) → the ids of the documents whose entries it touches.
Touches = Callable[[Any, Connection, bool], Iterable[int]]


@dataclass
class Source:
    kind: str
    load: Callable[[Connection, list[int]], dict[int, Fields]]
    keys: Callable[[Connection], list[tuple[Any, int]]]  # (date for ordering, id) of every record
    # mapped class → (documents it touches, columns whose change matters; None: any change)
    watch: dict[type, tuple[Touches, frozenset[str] | None]] = field(default_factory=dict)
    # the fields without the long ones kept in other tables (a search's hits show these and
    # read the rest only where the match is not in them); None: `load`
    brief: Callable[[Connection, list[int]], dict[int, Fields]] | None = None
    # the mapped class of the document itself and its fields from a just-inserted object, so a
    # new document's entry is written without reading back what the flush just wrote
    # (a new document has no entry yet, and no readings unless the same flush added them)
    record: type | None = None
    fields_of_new: Callable[[Any], Fields] | None = None
    brief_sql: BriefSql | None = None  # `brief` joined onto the hits (PostgreSQL's search)


SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    SOURCES[source.kind] = source


# ---- keeping entries current -----------------------------------------------------------------


def refresh(
    conn: Connection,
    kind: str,
    ids: Iterable[int],
    tokens: Callable[[list[tuple[str, str]]], str] = entry_tokens,
) -> None:
    """Recompute the search entries of these documents from the database (`tokens`: how an
    entry's text is spelled, for a migration that goes back to an older spelling)."""
    source = SOURCES[kind]
    wanted = sorted(set(ids))
    s = DocumentSearch
    pg = conn.dialect.name == "postgresql"
    for part in in_chunks(wanted):
        # PostgreSQL: two clerks adding readings to one document at once: the second waits here
        # and then reads the first one's reading too (READ COMMITTED: a new snapshot per query).
        existing = dict(
            conn.execute(_EXISTING_LOCKED if pg else _EXISTING, {"kind": kind, "ids": part}).all()
        )
        fields = source.load(conn, part)
        updates, inserts = [], []
        for record_id in part:
            f = fields.get(record_id)
            if f is None:
                continue
            values = dict(sec=f.secrecy, vd=f.voided, tok=tokens(f.texts))
            if record_id in existing:
                updates.append(dict(values, entry_id=existing[record_id]))
            else:
                inserts.append(dict(values, k=kind, rid=record_id))
        columns = dict(secrecy=bindparam("sec"), voided=bindparam("vd"), tokens=_tokens_value(conn))
        if pg:
            _add_slices(conn, updates, inserts)
        if updates:
            conn.execute(_update_pg() if pg else _UPDATE, updates)
        if inserts:
            conn.execute(
                insert(s).values(
                    **({"id": bindparam("id")} if "id" in inserts[0] else {}),
                    kind=bindparam("k"),
                    record_id=bindparam("rid"),
                    **columns,
                ),
                inserts,
            )


# The statements every refresh runs, built once (a save refreshes one entry or two).
_EXISTING = select(DocumentSearch.record_id, DocumentSearch.id).where(
    DocumentSearch.kind == bindparam("kind"),
    DocumentSearch.record_id.in_(bindparam("ids", expanding=True)),
)
_EXISTING_LOCKED = _EXISTING.with_for_update()
_UPDATE = (
    update(DocumentSearch)
    .where(DocumentSearch.id == bindparam("entry_id"))
    .values(secrecy=bindparam("sec"), voided=bindparam("vd"), tokens=bindparam("tok"))
)
_UPDATE_PG: list[Any] = []  # built at its first use: func.to_tsvector needs the PostgreSQL
# dialect loaded first (which an SQLite start-up does not load)


def _update_pg() -> Any:
    if not _UPDATE_PG:
        tokens = func.to_tsvector(literal_column(PG_CONFIG), bindparam("tok"))
        _UPDATE_PG.append(_UPDATE.values(tokens=tokens))
    return _UPDATE_PG[0]


def insert_new(conn: Connection, kind: str, entries: dict[int, Fields]) -> None:
    """The entries of documents that have none yet (just inserted), from their fields: one
    INSERT per flush; on PostgreSQL the entry's id and its slice word come from the sequence
    inside the same statement."""
    s = DocumentSearch
    rows = [
        dict(k=kind, rid=record_id, sec=f.secrecy, vd=f.voided, tok=entry_tokens(f.texts))
        for record_id, f in entries.items()
    ]
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.execute(_INSERT_NEW_PG, [dict(r, slice_size=search_model.SLICE) for r in rows])
        return
    conn.execute(
        insert(s).values(
            kind=bindparam("k"),
            record_id=bindparam("rid"),
            secrecy=bindparam("sec"),
            voided=bindparam("vd"),
            tokens=bindparam("tok"),
        ),
        rows,
    )


_INSERT_NEW_PG = text(
    f"""
INSERT INTO document_search (id, kind, record_id, secrecy, voided, tokens)
SELECT n.id, :k, :rid, :sec, :vd,
       to_tsvector({PG_CONFIG}, concat_ws(' ', nullif(:tok, ''), {SLICE_TOKEN_SQL.format("n.id")}))
FROM (SELECT nextval(pg_get_serial_sequence('document_search', 'id')) AS id) AS n
"""
)


def _add_slices(conn: Connection, updates: list[dict], inserts: list[dict]) -> None:
    """PostgreSQL: each entry also holds the word of its slice of entry ids (slice_token), so a
    search can ask the index for the newest entries only; a new entry's id is taken from the
    sequence first, to know its slice."""
    if inserts:
        ids = conn.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence('document_search', 'id')) "
                "FROM generate_series(1, :n)"
            ),
            {"n": len(inserts)},
        ).scalars()
        for values, entry_id in zip(inserts, sorted(ids), strict=True):
            values["id"] = entry_id
    for values in (*updates, *inserts):
        entry_id = int(values["entry_id"] if "entry_id" in values else values["id"])
        values["tok"] = f"{values['tok']} {slice_token(entry_id)}".strip()


def reindex(conn: Connection, tokens: Callable[[list[tuple[str, str]]], str] = entry_tokens) -> int:
    """Recompute the tokens of every existing entry in place, in the order of the entries (a
    migration that changes what is indexed). Returns the number of entries."""
    s = DocumentSearch
    done = 0
    for kind in SOURCES:
        ids = list(conn.scalars(select(s.record_id).where(s.kind == kind).order_by(s.id)))
        for part in in_chunks(ids):
            refresh(conn, kind, part, tokens)
            done += len(part)
    return done


def respell(conn: Connection, tokens: Callable[[list[tuple[str, str]]], str] = entry_tokens) -> int:
    """Spell every entry again (a migration that changes what is indexed), keeping their order.
    PostgreSQL: the entries are emptied and written anew in their order (ids from the sequence,
    so their slices follow), which leaves no dead copy of each row behind as rewriting them in
    place would (a table twice its size until a VACUUM FULL). SQLite: in place."""
    if conn.dialect.name != "postgresql":
        return reindex(conn, tokens)
    s = DocumentSearch
    order = [(k, r) for k, r in conn.execute(select(s.kind, s.record_id).order_by(s.id))]
    conn.execute(text("TRUNCATE document_search"))
    for batch in in_chunks(order):
        start = 0
        for j in range(1, len(batch) + 1):  # consecutive runs of one kind, in order
            if j == len(batch) or batch[j][0] != batch[start][0]:
                refresh(conn, batch[start][0], [r for _, r in batch[start:j]], tokens)
                start = j
    return len(order)


def _tokens_value(conn: Connection):
    """The token text as stored: on PostgreSQL parsed into a tsvector (word positions kept for
    phrase queries)."""
    if conn.dialect.name == "postgresql":
        return func.to_tsvector(literal_column(PG_CONFIG), bindparam("tok"))
    return bindparam("tok")


def rebuild(conn: Connection) -> int:
    """Drop every entry and index every document again, oldest first (so entry ids follow the
    documents' dates). Returns the number of entries."""
    conn.execute(delete(DocumentSearch))
    keys: list[tuple[Any, str, int]] = []
    for kind, source in SOURCES.items():
        keys.extend((_sortable(when), kind, record_id) for when, record_id in source.keys(conn))
    keys.sort()
    batch: list[tuple[str, int]] = []
    for _, kind, record_id in keys:
        batch.append((kind, record_id))
        if len(batch) >= CHUNK:
            _refresh_in_order(conn, batch)
            batch = []
    _refresh_in_order(conn, batch)
    return len(keys)


def _refresh_in_order(conn: Connection, batch: list[tuple[str, int]]) -> None:
    # consecutive runs of one kind keep the inserts in date order
    start = 0
    for i in range(1, len(batch) + 1):
        if i == len(batch) or batch[i][0] != batch[start][0]:
            refresh(conn, batch[start][0], [r for _, r in batch[start:i]])
            start = i


def _sortable(when: Any) -> str:
    if isinstance(when, datetime):
        return (
            when.isoformat()[:19] if when.tzinfo is None else when.astimezone(UTC).isoformat()[:19]
        )
    if isinstance(when, date):
        return when.isoformat()
    return str(when or "")


# ---- session event ---------------------------------------------------------------------------


def _touched(session: Session) -> tuple[dict[str, set[int]], dict[str, dict[int, Any]]]:
    """The documents whose entries this flush touched, by kind; and apart from them, by kind,
    the documents the flush inserted that nothing else in it touched (id: the object)."""
    found: dict[str, set[int]] = {}
    inserted: dict[str, dict[int, Any]] = {}
    added = session.new  # a new set on every access: asked once, not once per object
    for obj in [*added, *session.dirty]:
        for source in SOURCES.values():
            spec = source.watch.get(type(obj))
            if spec is None:
                continue
            touches, columns = spec
            new = obj in added
            if new and type(obj) is source.record and source.fields_of_new is not None:
                inserted.setdefault(source.kind, {})[getattr(obj, "id")] = obj  # noqa: B009
                continue
            if not new and columns is not None:
                state = inspect(obj)
                if not any(state.attrs[c].history.has_changes() for c in columns):
                    continue
            ids = {i for i in touches(obj, session.connection(), new) if i is not None}
            if ids:
                found.setdefault(source.kind, set()).update(ids)
    for kind, objects in inserted.items():
        # one a reading of which the same flush added is loaded like any other document
        also = found.get(kind, set()) & set(objects)
        if also:
            for record_id in also:
                del objects[record_id]
    return found, inserted


DEFERRED_KEY = "fuban_search_deferred"


def defer(session: Session) -> None:
    """Collect the documents the next flushes touch instead of refreshing their entries at each
    flush, until `refresh_deferred`: a bulk write (an import) that flushes a chunk of documents
    and then their readings computes each entry once. Still in the same transaction."""
    session.info.setdefault(DEFERRED_KEY, {})


def refresh_deferred(session: Session) -> None:
    """Refresh what was collected since `defer`, and keep collecting."""
    pending: dict[str, set[int]] = session.info.get(DEFERRED_KEY) or {}
    for kind, ids in pending.items():
        refresh(session.connection(), kind, ids)
    pending.clear()


def _after_flush(session: Session, _ctx) -> None:
    deferred = session.info.get(DEFERRED_KEY)
    touched, inserted = _touched(session)
    for kind in touched.keys() | inserted.keys():
        new = inserted.get(kind, {})
        ids = touched.get(kind, set())
        if deferred is not None:
            deferred.setdefault(kind, set()).update(ids | set(new))
            continue
        if new:
            # Inserted by this flush: no entry yet, and its fields are the object's as just
            # written — the entry is written without reading anything back.
            fields_of = SOURCES[kind].fields_of_new
            assert fields_of is not None
            insert_new(session.connection(), kind, {i: fields_of(new[i]) for i in sorted(new)})
        if ids:
            refresh(session.connection(), kind, ids)


event.listen(Session, "after_flush", _after_flush)


from db import search_sources  # noqa: E402, F401 - registers the incoming and outgoing sources
