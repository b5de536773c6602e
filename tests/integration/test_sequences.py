"""The one sequence allocator (DESIGN.md → Data, NUM): 1, 2, 3 … per name, no gaps after a
rollback, and no duplicates when two processes allocate at the same time on either engine."""

from __future__ import annotations

import pytest

from db.engine import Database
from db.sequences import allocate, peek
from tests.two_processes import race

SEQ = "test:seq"
PER_PROCESS = 200


def test_allocate_counts_from_one_per_name(db):
    got = []
    for name in ("doc:同政发:2025", "doc:同政发:2025", "seal:2025", "doc:同政发:2025"):
        with db.uow("wenmi") as s:
            got.append(allocate(s, name))
    assert got == [1, 2, 1, 3]
    with db.read() as s:
        assert peek(s, "doc:同政发:2025") == 3
        assert peek(s, "seal:2025") == 1
        assert peek(s, "never-used") == 0


def test_several_numbers_in_one_transaction_are_consecutive(db):
    with db.uow("wenmi") as s:
        assert [allocate(s, SEQ) for _ in range(3)] == [1, 2, 3]
    with db.uow("wenmi") as s:
        assert allocate(s, SEQ) == 4


def test_rolled_back_transaction_does_not_consume_a_number(db):
    with db.uow("wenmi") as s:
        assert allocate(s, SEQ) == 1

    class SaveFailed(Exception):
        pass

    with pytest.raises(SaveFailed):
        with db.uow("wenmi") as s:
            assert allocate(s, SEQ) == 2
            raise SaveFailed  # e.g. the document failed validation after numbering

    with db.uow("wenmi") as s:
        assert allocate(s, SEQ) == 2  # no gap: 2 is issued again, to the record actually saved
    with db.read() as s:
        assert peek(s, SEQ) == 2


def test_rollback_of_a_brand_new_sequence_leaves_no_trace(db):
    with pytest.raises(LookupError):
        with db.uow("wenmi") as s:
            allocate(s, "fresh")
            raise LookupError("the record being numbered was not found")
    with db.read() as s:
        assert peek(s, "fresh") == 0
    with db.uow("wenmi") as s:
        assert allocate(s, "fresh") == 1


def allocate_many(d: Database, count: int) -> list[int]:
    """In a child process: `count` allocations, one transaction each."""
    got = []
    for _ in range(count):
        with d.uow("p") as s:
            got.append(allocate(s, SEQ))
    return got


def test_two_processes_allocating_at_once_get_1_to_400_without_duplicates(db_url):
    lists = race(db_url, allocate_many, [(PER_PROCESS,), (PER_PROCESS,)], timeout=180)

    for got in lists:
        assert len(got) == PER_PROCESS
        assert got == sorted(got)  # each process sees its own numbers increase
    union = lists[0] + lists[1]
    assert len(set(union)) == len(union), "duplicate numbers issued"
    assert sorted(union) == list(range(1, 2 * PER_PROCESS + 1))

    d = Database(db_url)
    try:
        with d.read() as s:
            assert peek(s, SEQ) == 2 * PER_PROCESS
    finally:
        d.dispose()
