"""Import of the office's 会议登记簿 (system.ledger_import): the columns of the register's export,
so a sheet exported from fuban imports back as it was; the decisions follow in their own sheet
(meetings.import_decisions).

A row is one meeting: its count within the term from its name (市政府第二十五次常务会议) or from
届内次数, its presider from the directory, its state, and its 纪要's state and issue number
(〔2026〕5号 or 第5期). The agenda is taken as the ledger has it: the titles in 议题 when given,
else 议题数 items whose titles the decisions' sheet fills in (「（议题2，原台账未载题目）」 until
then; a 常务会议 opens with its 会前集体学法, R23.3). Attendance is taken only when it names people
unambiguously: the members from the directory that day (R21–R25), the 请假 ones by name, and all
the others 出席 or all 未登记. Both the count within the term and the 纪要 numbers continue after
the highest imported. Confidential meetings only from 机要 (R44). None of today's rules on the
presider, the agenda's steps or the minutes' chain is asked of history; but a 常务会议 said to
be held with fewer than half its members able to attend (R23.1) is refused as a contradiction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import Attendance, Meeting, MinutesRecord
from db.models.meetings import AgendaItem
from desktop_app.formatting import CHINA, china_today, format_issue_number
from desktop_app.rules.meetings import KINDS, check_quorum
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import import_names
from desktop_app.services.meetings.export import MINUTES_STATES
from desktop_app.services.meetings.import_fields import FIELDS, placeholder_title
from desktop_app.services.meetings.participants import members_on
from desktop_app.services.meetings.planning import STATUS_NAMES
from desktop_app.services.system import ledger_cells as cells
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader
from desktop_app.services.system.org_profile import profile_value

_KIND_OF = {name: code for code, name in KINDS.items()}
_STATUS_OF = {name: code for code, name in STATUS_NAMES.items()}
_MINUTES_OF = {name: code for code, name in MINUTES_STATES.items()} | {"未起草": ""}
_ORDINAL = re.compile(r"第([〇零一二三四五六七八九十百\d]+)次")
_ISSUE = re.compile(r"^〔(\d{4})〕(\d+)号$|^第(\d+)期$")
_CN = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
# What a row dated after the import day is told to do instead (an import takes history only)
NOT_HELD = "导入只用于已经发生的历史记录，尚未召开的会议请在「会议」中登记。"


def ordinal(text: str) -> int | None:
    """第二十五次 → 25 (第25次 too); None without one."""
    m = _ORDINAL.search(text)
    if not m:
        return None
    s = m[1]
    if s.isdigit():
        return int(s)
    total, digit = 0, 0
    for c in s:
        if c in _CN:
            digit = _CN[c]
        elif c == "十":
            total += (digit or 1) * 10
            digit = 0
        elif c == "百":
            total += (digit or 1) * 100
            digit = 0
    return total + digit or None


@dataclass
class Context:
    session: Session
    names: import_names.DirectoryNames
    term: str
    term_start: date
    numbers: set[tuple[str, int]]  # (kind, count) of this term's meetings in fuban
    titles: set[tuple[str, date]]
    issues: set[tuple[str, int, int]]  # (kind, year, issue number) of minutes
    next_number: dict[str, int] = field(default_factory=dict)  # for rows without a count
    seen: dict[tuple, int] = field(default_factory=dict)
    today: date = field(default_factory=china_today)


@dataclass
class Row:
    sheet_row: int
    title: str
    kind: str
    number: int | None
    starts_at: datetime
    room: str
    presider_id: int | None
    capacity: str
    status: str
    items: list[str]
    attendance: list[tuple[int, int | None, str]]  # person, unit, status
    confidential: bool
    minutes_state: str
    issue: tuple[int, int] | None  # (year, number)
    issued_on: date | None
    void_reason: str | None
    term: str  # the sequence of the current term's counts, "" for a meeting before it

    @property
    def day(self) -> date:
        return self.starts_at.date()


def prepare(s: Session, _user: CurrentUser) -> Context:
    term = str(profile_value(s, "term_start"))
    start = date.fromisoformat(term)
    since = datetime.combine(start, time(), tzinfo=CHINA)
    numbers = {
        (k, n)
        for k, n in s.execute(
            select(Meeting.kind, Meeting.number).where(
                Meeting.starts_at >= since, Meeting.voided_at.is_(None)
            )
        )
    }
    titles = {
        (t, at.astimezone(CHINA).date())
        for t, at in s.execute(
            select(Meeting.title, Meeting.starts_at).where(Meeting.voided_at.is_(None))
        )
    }
    issues: set[tuple[str, int, int]] = {
        (k, d.year, n)
        for k, d, n in s.execute(
            select(Meeting.kind, MinutesRecord.issued_on, MinutesRecord.issue_number)
            .join(Meeting, Meeting.id == MinutesRecord.meeting_id)
            .where(MinutesRecord.issue_number.is_not(None), MinutesRecord.issued_on.is_not(None))
        )
        if d is not None and n is not None
    }
    highest = {k: max((n for kk, n in numbers if kk == k), default=0) for k in KINDS}
    return Context(s, import_names.load(s), term, start, numbers, titles, issues, highest)


def check(ctx: Context, row: RowReader) -> Row | None:
    title = row.text("title", True, 128)
    kind_name = (
        row.choice("kind", tuple(KINDS.values()), "会议类别") if not row.blank("kind") else ""
    )
    if row.blank("kind"):
        row.problem("kind", "不能为空")
    kind = _KIND_OF.get(kind_name, "")
    day = row.date("day", required=True)
    at = row._read("time", False, cells.time_of_day) or time(9, 0)
    room = row.text("room", max_len=32)
    presider_id = _person(ctx, row, "presider")
    capacity = row.choice("capacity", ("", "本人", "受委托"), "主持身份") or "本人"
    status = _STATUS_OF.get(row.choice("status", ("", *STATUS_NAMES.values()), "状态"), "held")
    count = row._read("number", False, values.count)
    number = count if count is not None else ordinal(title)
    if count is not None and ordinal(title) not in (None, count):
        row.problem("number", f"届内次数 {count} 与会议名称中的「第{ordinal(title)}次」不符")
    confidential = row.choice("secrecy", ("", "是", "否"), "值") == "是"
    items = _items(row, kind)
    attendance = _attendance(ctx, row, kind, day) if kind and day else []
    if kind == "executive" and status == "held" and attendance:
        _check_quorum(row, attendance)
    minutes_state, issue, issued_on = _minutes(row, day, ctx.today)
    row.not_after("day", day, ctx.today, "会议日期", NOT_HELD)
    void = row.text("void", max_len=2000) or None
    if day is not None and kind:
        if number is not None and day >= ctx.term_start and (kind, number) in ctx.numbers:
            row.problem("title", f"本届第{number}次{kind_name}已在会议登记簿中")
        if (title, day) in ctx.titles:
            row.problem("title", f"{day:%Y-%m-%d}的「{title}」已在会议登记簿中")
        for key, where in (((kind, number, day >= ctx.term_start), "title"), ((title, day), "day")):
            if key[1] is None:
                continue
            first = ctx.seen.setdefault(key, row.row)
            if first != row.row:
                row.problem(where, f"与第{first}行是同一次会议")
        if issue is not None:
            if (kind, *issue) in ctx.issues:
                row.problem("minutes_number", f"{kind_name}纪要{format_issue_number(*issue)}已存在")
            first = ctx.seen.setdefault(("minutes", kind, *issue), row.row)
            if first != row.row:
                row.problem("minutes_number", f"纪要编号与第{first}行重复")
    if row.problems or not kind or day is None:
        return None
    if number is not None and day >= ctx.term_start:  # a count-less row comes after them all
        ctx.next_number[kind] = max(ctx.next_number[kind], number)
    return Row(
        row.row,
        title,
        kind,
        number,
        datetime.combine(day, at, tzinfo=CHINA),
        room,
        presider_id,
        capacity,
        status,
        items,
        attendance,
        confidential,
        minutes_state,
        issue,
        issued_on,
        void,
        ctx.term if day >= ctx.term_start else "",
    )


def _person(ctx: Context, row: RowReader, key: str) -> int | None:
    name = row.text(key)
    if not name:
        return None
    try:
        return ctx.names.person(name)
    except values.CellProblem as exc:
        row.problem(key, str(exc))
        return None


def _items(row: RowReader, kind: str) -> list[str]:
    """The agenda's titles: those in 议题, or 议题数 placeholders (a 常务会议's first item is its
    会前集体学法, R23.3)."""
    law = ["会前集体学法"] if kind == "executive" else []
    titles = [t.strip() for t in re.split(r"[\n；;]", row.text("item_titles")) if t.strip()]
    if titles and law and law[0] not in titles:
        titles = law + titles
    count = row._read("items", False, lambda v: values.count(v, 0))
    if count is None or titles:
        if count is not None and len(titles) != count:
            row.problem("items", f"议题数 {count} 与「议题」中列出的 {len(titles)} 项不符")
        return titles
    law = law[:count]
    return law + [placeholder_title(i) for i in range(1, count - len(law) + 1)]


def _attendance(
    ctx: Context, row: RowReader, kind: str, day: date
) -> list[tuple[int, int | None, str]]:
    keys = ("members", "present", "unrecorded")
    if all(row.blank(k) for k in (*keys, "leave")):
        return []
    members, present, unrecorded = (
        row._read(k, False, lambda v: values.count(v, 0)) or 0 for k in keys
    )
    holders = members_on(ctx.session, kind, day)
    if members != len(holders):
        row.problem(
            "members",
            f"应到成员 {members} 人，与人员与分管名录中该日{KINDS[kind]}的组成人员"
            f" {len(holders)} 人不符：请核对，或清空出席情况各列后导入",
        )
        return []
    by_name = {h.name: h for h in holders}
    leave = [n for n, _t in cells.named_list(row.text("leave"))]
    for name in leave:
        if name not in by_name:
            row.problem("leave", f"请假成员「{name}」不是该日{KINDS[kind]}的组成人员")
    rest = members - len(leave)
    if present == rest and not unrecorded:
        others = "present"
    elif unrecorded == rest and not present:
        others = "unrecorded"
    else:
        row.problem(
            "present",
            f"出席 {present} 人、未登记 {unrecorded} 人，对应不到具体人员（除请假外应全部出席"
            "或全部未登记）：请清空出席情况各列后导入，再在「出席」中逐一登记",
        )
        return []
    return [(h.person_id, h.unit_id, "leave" if h.name in leave else others) for h in holders]


def _check_quorum(row: RowReader, attendance: list[tuple[int, int | None, str]]) -> None:
    """R23.1: 已召开 with more members on leave than 半数以上 (half or more present) allows is a
    contradiction, not history to take as written; members not recorded count as able to attend."""
    could_attend = sum(1 for _p, _u, status in attendance if status != "leave")
    try:
        check_quorum(len(attendance), could_attend)
    except RuleViolation as exc:
        row.problem("present", f"{exc.message}该行状态为已召开，请核对出席、请假人数或状态")


def _minutes(
    row: RowReader, day: date | None, today: date
) -> tuple[str, tuple[int, int] | None, date | None]:
    state = _MINUTES_OF.get(row.choice("minutes_state", ("", *_MINUTES_OF), "纪要状态"), "")
    text = row.text("minutes_number").replace("[", "〔").replace("]", "〕")
    written = row.date("issued_on")
    row.not_after("issued_on", written, today, "纪要印发日期")
    issued_on = written or day
    if not text:
        return state, None, issued_on if state == "issued" else None
    m = _ISSUE.match(text)
    if not m:
        row.problem("minutes_number", f"「{text}」应写作 〔2026〕5号 或 第5期")
        return state, None, None
    if state != "issued":
        row.problem("minutes_number", "纪要未印发，不应有纪要编号")
    year = int(m[1]) if m[1] else (issued_on.year if issued_on else 0)
    if issued_on is not None and year != issued_on.year:
        row.problem(
            "minutes_number",
            f"纪要编号的年份 {year} 与印发日期 {issued_on:%Y-%m-%d} 不符：请填写「纪要印发日期」",
        )
    return state, (year, int(m[2] or m[3])), issued_on


def preview(v: Row) -> tuple[str, ...]:
    return (
        v.title,
        KINDS[v.kind],
        v.starts_at.strftime("%Y-%m-%d %H:%M"),
        STATUS_NAMES[v.status],
        str(len(v.items)),
        "是" if v.confidential else "",
        format_issue_number(*v.issue) if v.issue else MINUTES_STATES.get(v.minutes_state, ""),
        "作废" if v.void_reason else "",
    )


def write(s: Session, ctx: Context, rows: list[Row]) -> list[int]:
    now, actor = utcnow(), s.info.get("actor", "")
    meetings = []
    for v in rows:
        if v.number is None:  # a meeting named without its count: the next one of its kind
            v.number = ctx.next_number[v.kind] = ctx.next_number[v.kind] + 1
        m = Meeting(
            kind=v.kind,
            number=v.number,
            title=v.title,
            starts_at=v.starts_at,
            room=v.room,
            presider_id=v.presider_id,
            presider_capacity=v.capacity,
            status=v.status,
            confidential=v.confidential,
        )
        if v.void_reason is not None:
            m.voided_at, m.voided_by, m.void_reason = now, actor, v.void_reason
        meetings.append(m)
    s.add_all(meetings)
    s.flush()
    for m, v in zip(meetings, rows, strict=True):
        s.add_all(
            AgendaItem(
                title=t,
                kind="law_study" if t == "会前集体学法" and i == 0 else "normal",
                category="report" if t == "会前集体学法" and i == 0 else "deliberation",
                meeting_id=m.id,
                position=i,
                status="placed",
            )
            for i, t in enumerate(v.items)
        )
        s.add_all(
            Attendance(meeting_id=m.id, person_id=p, unit_id=u, role="member", status=st)
            for p, u, st in v.attendance
        )
        if v.minutes_state:
            s.add(
                MinutesRecord(
                    meeting_id=m.id,
                    state=v.minutes_state,
                    issue_number=v.issue[1] if v.issue else None,
                    issued_on=v.issued_on,
                    confidential=v.confidential,
                )
            )
    s.flush()
    return [m.id for m in meetings]


def counters(v: Row) -> list[tuple[str, int]]:
    """The term's count of the kind (meetings of an earlier term raise nothing) and the year's
    纪要 number of the kind."""
    out = []
    if v.number is not None and v.term:
        out.append((f"meeting:{v.kind}:{v.term}", v.number))
    if v.issue is not None:
        out.append((f"minutes:{v.kind}:{v.issue[0]}", v.issue[1]))
    return out


SPEC = RegisterSpec(
    kind="meetings",
    title="会议登记簿",
    table="meeting",
    fields=FIELDS,
    preview_titles=("会议名称", "类别", "时间", "状态", "议题数", "涉密", "纪要", "作废"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: ("row", v.sheet_row),  # checked by kind and count, and by name and day
    number_text=lambda v: "",
    write=write,
    counters=counters,
    secrecy=lambda v: "涉密" if v.confidential else "",
)
