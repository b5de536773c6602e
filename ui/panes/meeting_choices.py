"""Pick lists for the meeting dialogs, from the dated directory (today's holders first)."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from desktop_app.rules.meetings import KINDS
from desktop_app.services import directory
from desktop_app.services import directory_queries as q

NONE = (None, "（请选择）")


def persons(db: Database, day: date, posts: tuple[str, ...] = ()) -> list[tuple]:
    """Everyone, with those holding one of `posts` on `day` first and labelled with the post."""
    with db.read() as s:
        first: dict[int, str] = {}
        for code in posts:
            for h in q.holders(s, code, day):
                first.setdefault(h.person_id, f"{h.name}（{h.title}）")
    everyone = directory.list_persons(db)
    top = [(pid, label) for pid, label in first.items()]
    rest = [(p.id, p.name) for p in everyone if p.id not in first]
    return [NONE, *top, *rest]


def leaders(db: Database, day: date) -> list[tuple]:
    return persons(db, day, ("mayor", "exec_vice_mayor", "vice_mayor"))


def units(db: Database) -> list[tuple]:
    return [NONE, *((u.id, u.name) for u in directory.list_units(db))]


def kinds() -> list[tuple]:
    return list(KINDS.items())
