"""What a search hit shows besides the snippet: number, title and date of each found document,
loaded for one page of hits at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from db.models import IncomingDocument
from db.search_index import incoming_number
from desktop_app.services.meetings import CHINA


@dataclass(frozen=True)
class Facts:
    number: str
    title: str
    day: date | None


def facts(conn: Connection, kind: str, ids: list[int]) -> dict[int, Facts]:
    if kind == "incoming":
        return _incoming(conn, ids)
    if kind == "outgoing":
        return _outgoing(conn, ids)
    return {}


def _incoming(conn: Connection, ids: list[int]) -> dict[int, Facts]:
    d = IncomingDocument
    rows = conn.execute(select(d.id, d.year, d.seq, d.title, d.received_at).where(d.id.in_(ids)))
    return {r.id: Facts(incoming_number(r.year, r.seq), r.title,
                        r.received_at.astimezone(CHINA).date()) for r in rows}


def _outgoing(conn: Connection, ids: list[int]) -> dict[int, Facts]:
    return {}  # filled in with the outgoing register
