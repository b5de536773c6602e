"""The audit append as one PostgreSQL statement: the entries hashed onto the locked head, the
check that the head sits on the last entry, and the head moved onto the new last entry, in one
round trip. db.audit sends it for a save's append on the shared server; db.audit_commit sends it
together with the COMMIT, with a different last line."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text

from db.audit_hash import canonical, entry_hash
from db.audit_tip import tip_error
from db.base import UTCDateTime

# The entries, the tip check and the head's move in one statement (PostgreSQL). `ins` runs to
# completion before `upd` (its count is in upd's condition), so the guards of the server's own
# logins (db.server_roles_sql) see the entries appended past the old head and then the head moved
# onto the last of them; `tip` reads the chain as the statement began, before these entries.
# {final}: the last line; db.audit_commit, which sends the append with the COMMIT, ends it
# differently.
APPEND_PG_SQL = """
WITH tip AS (SELECT coalesce(max(seq), 0) AS last FROM audit_entry),
ins AS (
  INSERT INTO audit_entry
    (seq, at, actor, table_name, record_id, action, before_json, after_json, prev_hash, hash)
  SELECT e.seq, :at, e.actor, e.table_name, e.record_id, e.action, e.before_json,
         e.after_json, e.prev_hash, e.hash
  FROM unnest(CAST(:seqs AS integer[]), CAST(:actors AS text[]), CAST(:tables AS text[]),
              CAST(:record_ids AS integer[]), CAST(:actions AS text[]),
              CAST(:befores AS text[]), CAST(:afters AS text[]), CAST(:prevs AS text[]),
              CAST(:hashes AS text[]))
       AS e(seq, actor, table_name, record_id, action, before_json, after_json, prev_hash, hash)
  WHERE (SELECT last FROM tip) = :head_seq
  RETURNING 1
),
upd AS (
  UPDATE audit_head SET last_seq = :last_seq, last_hash = :last_hash
  WHERE id = 1 AND (SELECT count(*) FROM ins) = :n
  RETURNING 1
)
{final}
"""
_APPEND_PG = text(
    APPEND_PG_SQL.format(final="SELECT (SELECT last FROM tip), (SELECT count(*) FROM upd)")
).bindparams(bindparam("at", type_=UTCDateTime()))


def append_params(
    entries: list, head_seq: int, prev: str, at: datetime, key: bytes | None
) -> dict[str, Any]:
    """The entries hashed onto the head (head_seq, prev), as the parameters of _APPEND_PG."""
    columns: dict[str, list] = {
        c: [] for c in ("seqs", "actors", "tables", "record_ids", "actions", "befores", "afters")
    }
    prevs, hashes = [], []
    seq = head_seq
    for actor, table, record_id, action, before, after in entries:
        seq += 1
        b, a = canonical(before), canonical(after)
        digest = entry_hash(prev, seq, at, actor, table, record_id, action, b, a, key)
        for name, value in zip(columns, (seq, actor, table, record_id, action, b, a), strict=True):
            columns[name].append(value)
        prevs.append(prev)
        hashes.append(digest)
        prev = digest
    return dict(
        columns,
        at=at,
        prevs=prevs,
        hashes=hashes,
        head_seq=head_seq,
        last_seq=seq,
        last_hash=prev,
        n=len(entries),
    )


def append_checking_tip(
    conn, entries: list, head_seq: int, prev: str, at: datetime, key: bytes | None
) -> None:
    last, moved = conn.execute(_APPEND_PG, append_params(entries, head_seq, prev, at, key)).one()
    if last != head_seq or moved != 1:
        raise tip_error(head_seq, last)
