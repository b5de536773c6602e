"""会议通知 and 议程: the meeting notice (R23.7.1, with the materials deadline of R23.4.7) and the
agenda sheet, as GB/T 9704 portrait pages through `desktop_app.printing.official`.

R44 (services.meeting_secrecy): the items of a confidential meeting are its content. The 议程 of
one prints only for an account with the classified permission (refused otherwise); the 会议通知
prints for everyone — clerks send it to the members — with the items listed only for such an
account and 「（涉密会议，内容不显示）」 in their place for others. Each print that lists the items
of a confidential meeting is audited on the meeting."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from db.engine import Database
from db.models import AgendaItem, Attendance, Meeting, Person, Unit
from desktop_app.formatting import chinese_number, format_date
from desktop_app.printing import official
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.geometry import PORTRAIT, SIZES
from desktop_app.printing.official import OfficialDocument, RenderResult, attendance, blank
from desktop_app.printing.typeset import Paragraph, Run
from desktop_app.rules.registry import cite
from desktop_app.services import directory_queries as q
from desktop_app.services import meeting_secrecy, org_profile
from desktop_app.services.common import CurrentUser, ValidationError
from desktop_app.services.meetings import CHINA, meeting_day

CATEGORY_NAMES = {"report": "传达通报类", "deliberation": "审议类"}
KIND_NAMES = {"law_study": "会前集体学法", "after_report": "事后报告"}
WEEKDAYS = "一二三四五六日"
TITLE_SIZE = SIZES["二号"]


def title_lines(text: str) -> list[Paragraph]:
    """A 小标宋 二号 title, centred, cut into balanced lines that fit the text block."""
    per_line = int(PORTRAIT.block_width // TITLE_SIZE)
    n = max(1, math.ceil(len(text) / per_line))
    size = math.ceil(len(text) / n)
    return [Paragraph([Run(text[i:i + size], "xiaobiaosong")], first_indent=0, align="center",
                      size=TITLE_SIZE) for i in range(0, len(text), size)]


def _plain(text: str, indent: int = 2, role: str = "fangsong", align: str = "justify"):
    return Paragraph([Run(text, role)], first_indent=indent, align=align)


@dataclass(frozen=True)
class _Item:
    kind: str  # normal | law_study | after_report
    title: str
    category: str
    reporter: str  # reporting unit + reporter


@dataclass(frozen=True)
class _Facts:
    meeting_id: int
    confidential: bool
    title: str
    room: str
    day: date
    when: str  # 2018年8月31日（星期五）上午9:00
    presider: str  # 市长李明远 / 受市长委托，常务副市长张海峰
    items: list[_Item]
    members: list[str]
    attendees: list[str]


def _when(m: Meeting) -> str:
    local = m.starts_at.astimezone(CHINA)
    half = "上午" if local.hour < 12 else "下午"
    hour = local.hour if local.hour <= 12 else local.hour - 12
    return (f"{format_date(local.date())}（星期{WEEKDAYS[local.weekday()]}）"
            f"{half}{hour}:{local.minute:02d}")


def _facts(db: Database, meeting_id: int) -> _Facts:
    with db.read() as s:
        m = s.get(Meeting, meeting_id)
        if m is None or m.voided_at is not None or m.status == "cancelled":
            raise ValidationError("会议不存在、已作废或已取消。")
        day = meeting_day(m.starts_at)
        posts = q.posts_of(s, m.presider_id, day) if m.presider_id else []
        presider = (posts[0].title if posts else "") + q.person_name(s, m.presider_id)
        if m.presider_capacity == "受委托":
            presider = f"受市长委托，{presider}"
        rows = s.execute(select(AgendaItem, Unit.name)
                         .outerjoin(Unit, Unit.id == AgendaItem.department_id)
                         .where(AgendaItem.meeting_id == m.id, AgendaItem.voided_at.is_(None),
                                AgendaItem.status.in_(("placed", "decided", "revise")))
                         .order_by(AgendaItem.position, AgendaItem.id))
        items = [_Item(i.kind, i.title, i.category, f"{unit or ''}{i.reporter}")
                 for i, unit in rows]
        people = s.execute(select(Attendance, Person.name, Unit.name)
                           .outerjoin(Person, Person.id == Attendance.person_id)
                           .outerjoin(Unit, Unit.id == Attendance.unit_id)
                           .where(Attendance.meeting_id == m.id).order_by(Attendance.id))
        members, attendees = [], []
        for a, person, unit in people:
            if a.role == "member" and person:
                members.append(person)
            elif a.role != "member" and (unit or person):
                attendees.append(f"{unit or ''}{a.substitute or person or ''}")
        return _Facts(m.id, m.confidential, m.title, m.room, day, _when(m), presider, items,
                      members, attendees)


def _audit_print(db: Database, user: CurrentUser | None, f: _Facts, what: str) -> None:
    """R44: a print listing a confidential meeting's items is logged on the meeting."""
    if f.confidential and f.items and user is not None:
        meeting_secrecy.audit_content(db, user, "meeting", [f.meeting_id], "print", what)


def _item_text(item: _Item) -> str:
    if item.kind == "law_study":
        return item.title
    kind = KIND_NAMES.get(item.kind) or CATEGORY_NAMES.get(item.category, "")
    who = f"汇报人：{item.reporter}；" if item.reporter else ""
    return f"{item.title}（{who}{kind}）"


def _render(title: str, author: str, paragraphs: list[Paragraph], notes: list[str]):
    doc = OfficialDocument(title=title, author=author,
                           paragraphs=[*title_lines(title), blank(), *paragraphs],
                           extra_notes=notes)
    return official.render(doc, load_fonts())


def meeting_notice_pdf(db: Database, meeting_id: int, issued_on: date | None = None, *,
                       user: CurrentUser | None = None) -> RenderResult:
    """会议通知 (R23.7.1): time, room, items with reporters, who attends, and the materials
    deadline — the meeting day minus the profile's `materials_days_before_meeting` calendar days
    (R23.4.7, CAL2). A meeting whose agenda is not fixed yet gets a warning in `notes`. R44: a
    confidential meeting's items only for `user` with the classified permission."""
    profile = org_profile.get_profile(db)
    f = _facts(db, meeting_id)
    secret = not meeting_secrecy.may_see(user, f.confidential)
    room = profile["secretariat_room"]
    deadline = f.day - timedelta(days=int(profile["materials_days_before_meeting"]))
    topics = [item for item in f.items if item.kind != "law_study"]
    notes = [] if topics else [cite("R23.7.1", "议程尚未确定：议题确定后再发会议通知，"
                                    "本通知的议题一栏为「另行通知」。")]
    body = [_plain("各参会人员、各有关部门：", indent=0),
            _plain(f"定于{f.when}在市政府{f.room}会议室召开{f.title}，由{f.presider}主持。"
                   "现将有关事项通知如下："),
            _plain("一、会议议题", role="heiti")]
    listed = f.items if topics else []
    if secret and listed:
        body.append(_plain(meeting_secrecy.HIDDEN))
        notes.append(cite("R44", "涉密会议：议题仅限机要人员打印，本通知未列出议题。"))
    else:
        body += [_plain(f"{n}.{_item_text(item)}") for n, item in enumerate(listed, start=1)
                 ] or [_plain("议题另行通知。")]
    body += [_plain("二、参会人员", role="heiti")]
    body += [attendance(label, names) for label, names in
             (("出席", f.members), ("列席", f.attendees)) if names]
    body += [_plain("三、有关要求", role="heiti"),
             _plain(f"1.各汇报部门按照统一格式和份数要求印制会议材料，请于{deadline.month}月"
                    f"{deadline.day}日前将会议材料送至市政府文秘室（{room}室）。"),
             _plain("2.部门参会人员须为主要负责人；主要负责人因故不能参加的，须经常务副市长同意，"
                    "由了解议题内容的负责同志代替参加。"),
             _plain("3.市政府领导因故不能出席的，请提前向常务副市长请假。"),
             blank(), _plain(profile["office_name"], indent=0, align="right"),
             _plain(format_date(issued_on or date.today()), indent=0, align="right")]
    result = _render(f"关于召开{f.title}的通知", profile["office_name"], body, notes)
    if not secret and listed:
        _audit_print(db, user, f, "会议通知")
    return result


def agenda_pdf(db: Database, meeting_id: int, *, user: CurrentUser | None = None) -> RenderResult:
    """议程: time, room and presider, then the numbered items with reporter and category. R44:
    a confidential meeting's 议程 only for `user` with the classified permission, audited."""
    profile = org_profile.get_profile(db)
    f = _facts(db, meeting_id)
    meeting_secrecy.check_may_see(user, f.confidential, "议程打印")
    body = [_plain(f"时间：{f.when}"), _plain(f"地点：市政府{f.room}会议室"),
            _plain(f"主持：{f.presider}"), blank()]
    for n, item in enumerate(f.items, start=1):
        body.append(Paragraph([Run(f"{chinese_number(n)}、", "heiti"), Run(_item_text(item))]))
    notes = [] if f.items else [cite("R23.7.1", "会议尚无议题。")]
    result = _render(f"{f.title}议程", profile["office_name"], body, notes)
    _audit_print(db, user, f, "议程")
    return result
