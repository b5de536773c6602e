"""Pick lists for the meeting dialogs, from the dated directory (today's holders first)."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from desktop_app.rules.meetings import KINDS
from desktop_app.services.absences.in_charge import DIRECTORY_HINT, InCharge
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import planning as meetings

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


def areas(db: Database, day: date) -> list[tuple]:
    """The 战线 pick list for a 战线会议 (R28): the areas vice mayors are in charge of that day."""
    return [("", "（非战线会议）"), *((a, a) for a in meetings.areas_on(db, day))]


def vice_mayor_text(found: InCharge | None, subject_chosen: bool) -> str:
    """The derived 分管副市长 as the forms show it, read-only: the clerk confirms, never chooses
    (R6.1); while he is away, who may sign in his place (R6.2)."""
    if not subject_chosen:
        return "（选择提请部门后自动带出）"
    if found is None:
        return f"（未登记分管副市长，{DIRECTORY_HINT}）"
    text = f"{found.name}（{found.title}）"
    if found.away:
        text += (
            f"；当日经批准外出，AB角{found.partner_name}可代签"
            if found.stand_in_id
            else "；当日经批准外出"
        )
    return text
