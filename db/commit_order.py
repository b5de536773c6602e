"""What a writing transaction does last, just before COMMIT (DESIGN.md → Data).

Every save passes two serialisation points: a sequence counter row (db.sequences: gap-free
numbers) and the audit chain's head row (db.audit: one unbroken chain). Each is locked from the
statement that touches it until COMMIT — on the shared server every other clerk's save that
needs the same row waits that long. So they are touched last: the unit of work first writes
everything else (rows, search-index entries, its own checks and reads), then, in this order,

1. numbers the records that asked for a number at commit (`sequences.number_at_commit`):
   the counter is incremented, the record written with its number;
2. appends the audit entries of every flush of the transaction (`audit` queues them) — on the
   shared server together with the COMMIT, in one round trip (db.audit_commit);
3. commits.

The locks are then held for a handful of statements instead of the whole save. Numbers stay
gap-free (a transaction that fails anywhere, even after numbering, rolls its counter back with
it) and the chain stays one line (entries are appended under the head row's lock, in the order
the transaction made its changes).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from db import audit, audit_commit, sequences

# Checks a save makes of its own right to write (services register theirs: the account still
# active and allowed), run after the save's own flush and before the counter is taken and the
# audit entries appended: for a save whose only writes are the numbered records (otherwise they
# would run at the numbering flush, inside the locked span), and for one that flushed nothing —
# its writes are audit entries alone (a classified record's view logged) or statements of its
# own. A check that already ran at a flush of the transaction returns at once.
BEFORE_COMMIT: list[Callable[[Session], None]] = []

# The per-transaction lists the two steps keep in `session.info`.
_LISTS = (sequences.PENDING_KEY, audit.QUEUE_KEY)
_MARKS = "fuban_savepoint_marks"


def _finish(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: the outer transaction's COMMIT does this
    session.flush()  # the transaction's own work, before any shared lock
    if session.info.get(audit.QUEUE_KEY) or session.info.get(sequences.PENDING_KEY):
        audit_commit.prepare(session)  # the shared server: the key checked before any lock too
    for check in BEFORE_COMMIT:
        check(session)
    sequences.number_pending(session)  # counter rows: locked from here to COMMIT
    if audit_commit.defer(session):
        return  # the shared server: appended with the COMMIT (anything flushed later too)
    audit.append_queued(session)  # the head row: locked from here to COMMIT
    # Should anything still be flushed before COMMIT, its entries go on the chain at once.
    session.info[audit.APPENDED_KEY] = True


def _committed(session: Session) -> None:
    session.info.pop(audit.APPENDED_KEY, None)
    session.info.pop(_MARKS, None)


def _begun(session: Session, transaction) -> None:
    """A savepoint remembers how long the lists were, to cut them back if it rolls back."""
    if transaction.nested:
        marks = session.info.setdefault(_MARKS, {})
        marks[transaction] = {key: len(session.info.get(key, ())) for key in _LISTS}


def _rolled_back(session: Session, previous_transaction) -> None:
    """What a rolled-back transaction (or savepoint) did is neither numbered nor audited."""
    if previous_transaction.nested:
        mark = session.info.get(_MARKS, {}).pop(previous_transaction, None)
        if mark is not None:
            for key, length in mark.items():
                del session.info.get(key, [])[length:]
    elif previous_transaction.parent is None:
        for key in (*_LISTS, _MARKS, audit.APPENDED_KEY):
            session.info.pop(key, None)


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_commit", _finish)
    event.listen(factory, "after_commit", _committed)
    event.listen(factory, "after_transaction_create", _begun)
    event.listen(factory, "after_soft_rollback", _rolled_back)
