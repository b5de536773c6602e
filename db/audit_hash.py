"""How an audit entry's hash is made (DESIGN.md → Data): the entry's text of a before/after
image, and SHA-256 (or, on the keyed part of the chain, HMAC-SHA256) over the entry's fields and
the previous entry's hash. The append (db.audit), the key check (db.audit_key) and the chain's
verification (db.audit_verify) all hash an entry this one way."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def canonical(data: dict[str, Any] | str | None) -> str:
    """The entry's text of a before/after image (a text already made by this function is
    taken as it is: `queue_inserts` keeps images as text, not as dicts)."""
    if isinstance(data, str):
        return data
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    prev_hash: str,
    seq: int,
    at: datetime,
    actor: str,
    table: str,
    record_id: int,
    action: str,
    before_json: str,
    after_json: str,
    key: bytes | None = None,
) -> str:
    """SHA-256 of the entry's payload; with `key`, HMAC-SHA256 of the same payload."""
    payload = "\x1f".join(
        [
            prev_hash,
            str(seq),
            at.isoformat(),
            actor,
            table,
            str(record_id),
            action,
            before_json,
            after_json,
        ]
    ).encode("utf-8")
    if key is not None:
        return hmac.new(key, payload, hashlib.sha256).hexdigest()
    return hashlib.sha256(payload).hexdigest()


def stored_entry_hash(e: Any, key: bytes | None) -> str:
    """The hash a stored entry (a row of audit_entry) should carry, recomputed from its fields."""
    return entry_hash(
        e.prev_hash,
        e.seq,
        e.at,
        e.actor,
        e.table_name,
        e.record_id,
        e.action,
        e.before_json,
        e.after_json,
        key,
    )
