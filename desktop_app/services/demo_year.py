"""`fuban demo --year`: a year of the demo office's work, entered through the services.

On top of the demo government (demo.fill) it adds what a secretariat does in a year — meetings
with their items, attendance, issued minutes and decisions (demo_year_meetings); 收文 routed and
read, 发文 signed off and numbered (demo_year_documents); seal applications and uses, leaders'
absences and returns, 督办 items (demo_year_office) — so every pane, the 工作台 and every printed
form show something true on first sight. Every record goes through the same service a clerk's
action does, so every rule is checked and the audit chain holds it all (`fuban check` passes).

Deterministic: the same `today` gives the same office (a seeded random.Random); dated relative to
`today`, so the 工作台 has things due and overdue whenever it is run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select

from db.engine import Database
from db.models import Meeting
from desktop_app.services import demo
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import numbering, org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError

SECRETARY = "钱文"  # 常务秘书 of 市政府办公室: drafts the minutes (R23.7.2)
# meetings of the term held before the demo's year (编号续接): the year's first 常务会议 is the 41st
PAPER_MEETINGS = {"executive": 40, "mayor_office": 16}


@dataclass
class Office:
    """What the parts share: the database, who enters it, the day it is entered on, the directory's
    people and units by name, and the seeded randomness."""

    db: Database
    user: CurrentUser
    today: date
    person: dict[str, int]
    unit: dict[str, int]
    rnd: random.Random
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def workday(self, days_ago: int) -> date:
        """A Monday–Friday `days_ago` days before today (the Friday before, on a weekend)."""
        day = self.today - timedelta(days=days_ago)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day


def _office(db: Database, user: CurrentUser, today: date) -> Office:
    return Office(
        db,
        user,
        today,
        {p.name: p.id for p in directory.list_persons(db)},
        {u.name: u.id for u in directory.list_units(db)},
        random.Random(today.toordinal()),
    )


def _staff(o: Office) -> None:
    """The 常务秘书 of 市政府办公室, who drafts the minutes (R23.7.2), and the term's start in
    the organisation profile (R20: meetings are counted within the term)."""
    if SECRETARY not in o.person:
        o.person[SECRETARY] = directory.save_person(o.db, o.user, name=SECRETARY).id
        directory.save_appointment(
            o.db,
            o.user,
            person_id=o.person[SECRETARY],
            post_code="standing_secretary",
            unit_id=o.unit["市政府办公室"],
            start_date=demo.TERM,
        )
    profile = org_profile.get_profile(o.db)
    if profile["term_start"] != demo.TERM.isoformat():
        org_profile.save_profile(
            o.db, o.user, {"term_start": demo.TERM.isoformat()}, dict(profile.versions)
        )
    # The term began years before the demo's year: its meetings go on from the paper count
    for kind, held_before in PAPER_MEETINGS.items():
        numbering.set_last_on_paper(
            o.db, o.user, f"meeting:{kind}:{demo.TERM.isoformat()}", held_before
        )


def fill_year(
    db: Database,
    user: CurrentUser,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Add a year of records to the demo government (filled first if the directory is empty).
    Refused when the registers already hold records: the demo never mixes with real work.
    `progress(done, total)` after each of its steps (directory, meetings, documents, office)."""
    step = progress or (lambda _done, _total: None)
    from desktop_app.services import demo_year_documents, demo_year_meetings, demo_year_office

    today = today or date.today()
    with db.read() as s:
        if s.scalar(select(func.count()).select_from(Meeting)):
            raise ValidationError("数据库中已有会议记录，演示年度数据只能写入新的演示数据库。")
    step(0, 4)
    filled = demo.fill(db, user, today=today) if not directory.list_persons(db) else {}
    o = _office(db, user, today)
    if "李明远" not in o.person:
        raise ValidationError("演示年度数据须写入演示政府（fuban demo）的数据库。")
    _staff(o)
    step(1, 4)
    demo_year_meetings.fill(o)
    step(2, 4)
    demo_year_documents.fill(o)
    step(3, 4)
    demo_year_office.fill(o)
    step(4, 4)
    return {**filled, **o.counts}


UNITS = {
    "persons": "人",
    "units": "个单位",
    "会议": "次会议",
    "议题": "个议题",
    "纪要": "期纪要",
    "决定事项": "项决定事项",
    "收文": "件收文",
    "发文": "件发文",
    "用印申请": "份用印申请",
    "用印": "次用印",
    "外出报备": "份外出报备",
    "督办": "项督办",
    "新闻发布": "次新闻发布",
}


def summary(counts: dict[str, int]) -> list[str]:
    """「14 次会议」, 「40 件收文」 … for the command's one line."""
    return [f"{counts[k]} {word}" for k, word in UNITS.items() if counts.get(k)]
