"""The text of a minutes draft, generated from the meeting (R23.5): the usual opening sentence,
one section per item with who reported, the discussion and the conclusion, and the attendance
lines (出席 / 请假 / 列席)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AgendaItem, EmergencyDecision, Meeting, Unit
from desktop_app.formatting import format_date
from desktop_app.rules.minutes import placeholder
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.attendance import effective_attendance
from desktop_app.services.meetings.schedule import meeting_day


def items_taken_up(s: Session, meeting_id: int) -> list[AgendaItem]:
    """The items the meeting took up: placed (and later decided or sent back), in order."""
    return list(
        s.scalars(
            select(AgendaItem)
            .where(
                AgendaItem.meeting_id == meeting_id,
                AgendaItem.voided_at.is_(None),
                AgendaItem.status.in_(("placed", "decided", "revise")),
            )
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def attendance_lines(s: Session, meeting_id: int) -> dict[str, list[str]]:
    """出席 / 请假 (members) and 列席 (attendees as unit + name) from the meeting's effective
    attendance (services.attendance): a member on an approved absence that day is 请假."""
    out: dict[str, list[str]] = {"present": [], "on_leave": [], "attending": []}
    for a in effective_attendance(s, meeting_id):
        if a.role == "member" and a.status in ("present", "leave") and a.person_name:
            out["present" if a.status == "present" else "on_leave"].append(a.person_name)
        elif a.role != "member" and a.status == "present" and a.label:
            out["attending"].append(a.label)
    return out


LAW_STUDY = "会前集体学法"
# What was studied is not on record: the draft says so in a marked gap, which the clerk fills in;
# the minutes are neither signed nor issued while one remains (R23.5).
LAW_STUDY_FILLER = f"会前，与会人员集体学习了{placeholder('学法内容')}。"
_SUFFIXES = ("的议题", "的问题", "的请示", "的汇报", "的事后报告", "的报告", "的事项")


def topic(title: str) -> str:
    """「关于审议《……》的议题」 → 「审议《……》」: the item's subject for the opening sentence."""
    t = title.strip().rstrip("。")
    t = t[2:] if t.startswith("关于") else t
    return next((t[: -len(x)] for x in _SUFFIXES if t.endswith(x)), t)


def _opening_sentence(day: date, presider: str, title: str, items: list[AgendaItem]) -> str:
    """「2018年8月31日，市长李明远主持召开市政府第二十五次常务会议，研究了……等事项。现纪要如下：」"""
    studied = [topic(i.title) for i in items if i.kind == "normal"]
    reported = [topic(i.title) for i in items if i.kind == "after_report"]
    parts = [f"{format_date(day)}，{presider}主持召开{title}"]
    if studied:
        parts.append(f"研究了{'、'.join(studied)}{'等' if len(studied) > 1 else ''}事项")
    if reported:
        parts.append(f"听取了{'、'.join(reported)}的事后报告")
    return "，".join(parts) + "。现纪要如下："


def _section(s: Session, item: AgendaItem) -> tuple[str, list[str]]:
    """R23.5: heading, then who reported, the discussion and the conclusion."""
    said = [
        p.strip()
        for text in (item.discussion, item.conclusion)
        for p in (text or "").splitlines()
        if p.strip()
    ]
    if item.kind == "law_study":
        heading = LAW_STUDY if item.title.strip() == LAW_STUDY else topic(item.title)
        return heading, said or [LAW_STUDY_FILLER]
    unit = s.get(Unit, item.department_id) if item.department_id else None
    who = f"{unit.name if unit else ''}{item.reporter.strip()}"
    if item.kind == "after_report":
        emergency = s.get(EmergencyDecision, item.emergency_id) if item.emergency_id else None
        how = (
            f"（{format_date(emergency.decided_on)}以{emergency.method}方式临机处置）"
            if emergency
            else ""
        )
        first = f"会议听取了{who}关于{topic(item.title)}的事后报告{how}。"
        return f"关于{topic(item.title)}的事后报告", [first, *said]
    first = f"会议听取了{who}关于{topic(item.title)}的汇报。"
    return section_heading(item.title), [first, *said]


def section_heading(title: str) -> str:
    """「关于审议《……》的问题」; a subject that already ends in 问题 (「有关问题的汇报」) is not
    given a second one (「……有关问题的问题」)."""
    subject = topic(title)
    return f"关于{subject}" if subject.endswith("问题") else f"关于{subject}的问题"


def _leader_title(s: Session, person_id: int | None, day: date) -> str:
    posts = q.posts_of(s, person_id, day) if person_id else []
    return posts[0].title if posts else ""


def draft_text(s: Session, m: Meeting) -> tuple[str, list[dict]]:
    day = meeting_day(m.starts_at)
    presider = _leader_title(s, m.presider_id, day) + q.person_name(s, m.presider_id)
    if m.presider_capacity == "受委托":
        presider = f"受市长委托，{presider}"
    items = items_taken_up(s, m.id)
    sections = [_section(s, item) for item in items]
    return (
        _opening_sentence(day, presider, m.title, items),
        [{"heading": h, "paragraphs": p} for h, p in sections],
    )
