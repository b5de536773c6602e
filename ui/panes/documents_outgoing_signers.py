"""Who the 发文 登记签批 form offers for a step, from the dated directory on the day signed: the
holders of the step's post first (the vice mayors for a vice mayor's step, the 市政府办公室's
head, deputies and standing secretary for its review, the 常务副市长 or the 市长 for 签发), the
one the step names proposed; everyone else behind 「显示全部人员」 (ui.widgets.short_list)."""

from __future__ import annotations

from datetime import date

from db.engine import Database
from desktop_app.rules.documents import OFFICE_REVIEW_POSTS, VICE_MAYOR_POSTS
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory import queries as q
from desktop_app.services.documents.outgoing_dto import SignoffLine
from ui.panes import meeting_choices as choices
from ui.widgets.form import FormDialog
from ui.widgets.short_list import ShortList, select

# The post of a step (rules.documents.SignOffStep.post) → the posts that may sign it, the one
# whose holder is proposed first.
STEP_POSTS: dict[str, tuple[str, ...]] = {
    "vice_mayor_in_charge": VICE_MAYOR_POSTS,
    "vice_mayors_in_charge": VICE_MAYOR_POSTS,
    "exec_vice_mayor": ("exec_vice_mayor",),
    "mayor": ("mayor",),
    "mayor_or_exec_vice_mayor": ("mayor", "exec_vice_mayor"),
}
ALL_SIGNERS = ("mayor", "exec_vice_mayor", "vice_mayor")


def signers(db: Database, day: date, line: SignoffLine | None) -> ShortList:
    """The 签署人 list for `line` signed on `day`."""
    if line is None:
        return choices.qualified(db, day, ALL_SIGNERS)
    if line.post == "office_review":
        return _office(db, day)
    posts = STEP_POSTS.get(line.post, ALL_SIGNERS)
    # A vice mayor's step proposes the vice mayor it is addressed to (his AB partner is among
    # the vice mayors when he signs in his place); 签发 the holder of its post that day.
    if line.for_person_id is not None:
        return choices.qualified(db, day, posts, propose_person=line.for_person_id)
    return choices.qualified(db, day, posts, posts[0])


def _office(db: Database, day: date) -> ShortList:
    """The 市政府办公室's head, deputies and standing secretary that day; the head proposed."""
    offices = [u.id for u in directory.list_units(db) if u.kind == "office"]
    first: dict[int, str] = {}
    with db.read() as s:
        for code in OFFICE_REVIEW_POSTS:
            for unit_id in offices:
                for h in q.holders(s, code, day, unit_id):
                    first.setdefault(h.person_id, f"{h.name}（{h.unit_name}{h.title}）")
    names = {p.id: p.name for p in directory.list_persons(db)}
    rest = [(pid, name) for pid, name in names.items() if pid not in first]
    proposed = next(iter(first), None)
    return ShortList([choices.NONE, *first.items()], rest, proposed)


def propose(dialog: FormDialog, line: SignoffLine) -> None:
    """Select whom `line` names, if the list on show offers him: the vice mayor it is addressed
    to, or the holder named in what it needs (「常务副市长 张海峰」)."""
    combo = dialog.widgets["person_id"]
    if line.for_person_id is not None and select(dialog, "person_id", line.for_person_id):
        return
    name = line.needed.rpartition(" ")[2]
    if " " in line.needed:
        for i in range(combo.count()):
            if combo.itemText(i).split("（")[0] == name:
                combo.setCurrentIndex(i)
                return
