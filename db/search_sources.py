"""What the document search index reads for each kind of document (db.search_index.Source):
the searchable fields, and which changed objects touch which documents.

收文: 收文号, title, 来文机关, 来文字号, 拟办意见 and every reading opinion.
发文: 发文字号, title, 拟稿单位 (the unit's name), 主送 and 抄送.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, bindparam, select

from db.chunks import in_chunks
from db.models.documents import IncomingDocument, IncomingReading
from db.models.org import Unit
from db.models.outgoing import OutgoingDocument
from db.search_index import BriefSql, Fields, Source, register


def _present(texts: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    return [(k, t) for k, t in texts if t]


# ---- 收文 --------------------------------------------------------------------------------------


def incoming_number(year: int, seq: int) -> str:
    return f"收文〔{year}〕{seq}号"


# built once: a save that changes a 收文 or adds a reading runs both
_OPINIONS = (
    select(IncomingReading.document_id, IncomingReading.opinion)
    .where(IncomingReading.document_id.in_(bindparam("ids", expanding=True)))
    .order_by(IncomingReading.id)
)
_INCOMING = select(
    IncomingDocument.id,
    IncomingDocument.year,
    IncomingDocument.seq,
    IncomingDocument.title,
    IncomingDocument.sender,
    IncomingDocument.sender_number,
    IncomingDocument.proposal,
    IncomingDocument.secrecy,
    IncomingDocument.voided_at,
    IncomingDocument.received_at,
).where(IncomingDocument.id.in_(bindparam("ids", expanding=True)))


def _load_incoming(
    conn: Connection, ids: list[int], opinions_too: bool = True
) -> dict[int, Fields]:
    out: dict[int, Fields] = {}
    for part in in_chunks(ids):
        opinions: dict[int, list[tuple[str, str]]] = {}
        for doc_id, opinion in conn.execute(_OPINIONS, {"ids": part}) if opinions_too else ():
            opinions.setdefault(doc_id, []).append(("opinion", opinion))
        for row in conn.execute(_INCOMING, {"ids": part}).all():
            out[row.id] = _incoming_fields(row, opinions.get(row.id, []))
    return out


def _incoming_fields(row: Any, opinions: list[tuple[str, str]]) -> Fields:
    """A 收文's fields from a row of the columns `_load_incoming` reads, or from the document
    object itself (a new document: `fields_of_new`)."""
    number = incoming_number(row.year, row.seq)
    texts = [("sender", row.sender), ("sender_number", row.sender_number)]
    texts += [("proposal", row.proposal), *opinions]
    return _fields(row, number, texts, row.received_at)


def _fields(row: Any, number: str, texts: list[tuple[str, str | None]], when: Any) -> Fields:
    """Fields of either kind: its number and title searched first, then its own `texts`."""
    searched = _present([("number", number), ("title", row.title), *texts])
    return Fields(row.secrecy, row.voided_at is not None, searched, number, row.title, when)


class _IncomingBrief(NamedTuple):  # the columns of _INCOMING_BRIEF, as _incoming_fields reads them
    year: int
    seq: int
    title: str
    sender: str
    sender_number: str
    proposal: str
    secrecy: str
    voided_at: Any
    received_at: Any


_INCOMING_BRIEF = BriefSql(
    tuple(f"b_in.{name}" for name in _IncomingBrief._fields),
    "LEFT JOIN incoming_document AS b_in ON h.kind = 'incoming' AND b_in.id = h.record_id",
    lambda values: _incoming_fields(_IncomingBrief(*values), []),
)


def _incoming_keys(conn: Connection) -> list[tuple[Any, int]]:
    d = IncomingDocument
    return [(r.received_at, r.id) for r in conn.execute(select(d.received_at, d.id))]


register(
    Source(
        "incoming",
        _load_incoming,
        _incoming_keys,
        {
            IncomingDocument: (
                lambda o, _c, _new: [o.id],
                frozenset(
                    {
                        "year",
                        "seq",
                        "title",
                        "sender",
                        "sender_number",
                        "proposal",
                        "secrecy",
                        "voided_at",
                    }
                ),
            ),
            IncomingReading: (lambda o, _c, _new: [o.document_id], None),
        },
        brief=lambda conn, ids: _load_incoming(conn, ids, opinions_too=False),
        record=IncomingDocument,
        fields_of_new=lambda d: _incoming_fields(d, []),
        brief_sql=_INCOMING_BRIEF,
    )
)


# ---- 发文 --------------------------------------------------------------------------------------


def outgoing_number(prefix: str | None, year: int | None, seq: int | None) -> str:
    return f"{prefix}〔{year}〕{seq}号" if prefix and year and seq else ""


# built once: a new select per call cost more than reading its rows (its columns matched again
# to the cached statement's on every execution)
_OUTGOING = (
    select(
        OutgoingDocument.id,
        OutgoingDocument.prefix,
        OutgoingDocument.year,
        OutgoingDocument.seq,
        OutgoingDocument.title,
        Unit.name.label("unit"),
        OutgoingDocument.main_to,
        OutgoingDocument.cc,
        OutgoingDocument.secrecy,
        OutgoingDocument.voided_at,
        OutgoingDocument.issued_on,
        OutgoingDocument.drafted_on,
    )
    .outerjoin(Unit, Unit.id == OutgoingDocument.drafting_unit_id)
    .where(OutgoingDocument.id.in_(bindparam("ids", expanding=True)))
)


def _load_outgoing(conn: Connection, ids: list[int]) -> dict[int, Fields]:
    out: dict[int, Fields] = {}
    for part in in_chunks(ids):
        for row in conn.execute(_OUTGOING, {"ids": part}).all():
            out[row.id] = _outgoing_fields(row)
    return out


def _outgoing_fields(row: Any) -> Fields:
    """A 发文's fields from a row of the columns of _OUTGOING (or _OutgoingBrief)."""
    number = outgoing_number(row.prefix, row.year, row.seq)
    texts = [("unit", row.unit), ("main_to", row.main_to), ("cc", row.cc)]
    return _fields(row, number, texts, row.issued_on or row.drafted_on)


class _OutgoingBrief(NamedTuple):  # the columns of _OUTGOING_BRIEF, as _outgoing_fields reads them
    prefix: str | None
    year: int | None
    seq: int | None
    title: str
    unit: str | None
    main_to: str
    cc: str
    secrecy: str
    voided_at: Any
    issued_on: Any
    drafted_on: Any


_OUTGOING_BRIEF = BriefSql(
    tuple("b_unit.name" if n == "unit" else f"b_out.{n}" for n in _OutgoingBrief._fields),
    "LEFT JOIN outgoing_document AS b_out ON h.kind = 'outgoing' AND b_out.id = h.record_id "
    "LEFT JOIN unit AS b_unit ON b_unit.id = b_out.drafting_unit_id",
    lambda values: _outgoing_fields(_OutgoingBrief(*values)),
)


def _outgoing_keys(conn: Connection) -> list[tuple[Any, int]]:
    d = OutgoingDocument
    return [(r.drafted_on, r.id) for r in conn.execute(select(d.drafted_on, d.id))]


def _drafted_by(unit: Unit, conn: Connection, new: bool) -> list[int]:
    """A renamed unit: the documents it drafted (a new unit has drafted nothing yet)."""
    if new:
        return []
    return list(
        conn.scalars(
            select(OutgoingDocument.id).where(OutgoingDocument.drafting_unit_id == unit.id)
        )
    )


register(
    Source(
        "outgoing",
        _load_outgoing,
        _outgoing_keys,
        {
            OutgoingDocument: (
                lambda o, _c, _new: [o.id],
                frozenset(
                    {
                        "prefix",
                        "year",
                        "seq",
                        "title",
                        "drafting_unit_id",
                        "main_to",
                        "cc",
                        "secrecy",
                        "voided_at",
                        "issued_on",
                    }
                ),
            ),
            Unit: (_drafted_by, frozenset({"name"})),
        },
        brief_sql=_OUTGOING_BRIEF,
    )
)
