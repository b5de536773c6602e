"""Pick lists for the meeting dialogs, from the dated directory (today's holders first).
`qualified` gives the leader pickers' short lists: who holds a qualifying post on the day of the
act, the rest behind 「显示全部」 (ui.widgets.short_list)."""

from __future__ import annotations

from datetime import date
from typing import Any

from db.engine import Database
from desktop_app.rules.meetings import KINDS
from desktop_app.services.absences.in_charge import DIRECTORY_HINT, InCharge
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings import agenda, agenda_steps, participants
from ui.widgets.short_list import ShortList

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


def qualified(
    db: Database,
    day: date,
    posts: tuple[str, ...],
    propose: str | None = None,
    none: tuple = NONE,
    extra: tuple[tuple[int, str], ...] = (),
    propose_person: int | None = None,
) -> ShortList:
    """Who holds one of `posts` on `day` (labelled with the post, in the order of `posts`), then
    `extra` (person id, what qualifies them: e.g. the meeting's presider); everyone else behind
    「显示全部」. The holder of the post `propose` that day (else `propose_person`) is proposed —
    never someone who held it before."""
    with db.read() as s:
        first: dict[int, str] = {}
        proposed = None
        for code in posts:
            for h in q.holders(s, code, day):
                first.setdefault(h.person_id, f"{h.name}（{h.title}）")
                if code == propose and proposed is None:
                    proposed = h.person_id
    names = {p.id: p.name for p in directory.list_persons(db)}
    for pid, why in extra:
        if pid in names:
            first.setdefault(pid, f"{names[pid]}（{why}）")
    rest = [(pid, name) for pid, name in names.items() if pid not in first]
    if proposed is None and propose_person in first:
        proposed = propose_person
    return ShortList([none, *first.items()], rest, proposed)


def leaders(db: Database, day: date) -> list[tuple]:
    return persons(db, day, ("mayor", "exec_vice_mayor", "vice_mayor"))


def units(db: Database) -> list[tuple]:
    return [NONE, *((u.id, u.name) for u in directory.list_units(db))]


def kinds() -> list[tuple]:
    return list(KINDS.items())


def areas(db: Database, day: date) -> list[tuple]:
    """The 战线 pick list for a 战线会议 (R28): the areas vice mayors are in charge of that day."""
    return [("", "（非战线会议）"), *((a, a) for a in participants.areas_on(db, day))]


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


LEADER_POSTS = ("mayor", "exec_vice_mayor", "vice_mayor")


def presiders(db: Database, day: date) -> dict[str, Any]:
    """新建会议's day-dependent lists: the 战线 of that day and its leaders, the mayor proposed."""
    return {"area": areas(db, day), "presider_id": qualified(db, day, LEADER_POSTS, "mayor")}


SELF = (None, "（当日任职者本人）")


def step_signers(db: Database, day: date, step: str | None, unit_id: int | None) -> ShortList:
    """Who signs an agenda item's step (agenda_steps.STEPS) on `day`: the post's holder; for the
    分管副市长审定签字 the vice mayor in charge of the item's unit and, while he is away, his AB
    partner (R6.1, R6.2). Left on 「（当日任职者本人）」 the service takes the holder."""
    signer = agenda_steps.STEPS[step][2] if step in agenda_steps.STEPS else None
    if signer != "sponsor":
        posts = (signer,) if signer else LEADER_POSTS
        return qualified(db, day, posts, signer, SELF)
    found = agenda.vice_mayor_for(db, unit_id, day)
    extra = (
        ()
        if found is None
        else tuple((pid, "AB角代签" if b else "分管副市长") for pid, _name, b in found.may_sign())
    )
    return qualified(db, day, (), None, SELF, extra)
