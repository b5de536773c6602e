"""Import of the office's 会议决定事项 ledger (system.ledger_import): the columns of the register's
export, so a sheet exported from fuban imports back as it was. The meetings come first (their own
sheet, meetings.import_meetings, or entered in fuban): each decision names its meeting by name
and day.

The 议题 is found among the meeting's agenda items by its title; a meeting whose agenda the
meetings' sheet only counted gets that title on its next untitled item, else a new item. A
decision of a confidential meeting only from 机要 (R44). Its state and written report are taken as
written (R29.3 is not asked of history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Meeting
from db.models.meetings import AgendaItem, Decision
from desktop_app.formatting import CHINA, china_today
from desktop_app.services.directory import import_names
from desktop_app.services.meetings.import_fields import is_placeholder
from desktop_app.services.meetings.secrecy import HIDDEN
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_sheet import FieldSpec
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader

STATES = ("", "未完成", "已完成", "已逾期")
# What a row dated after the import day is told to do instead (an import takes history only)
NOT_HELD = "导入只用于已经召开的会议的决定事项，会议召开后请在「决定事项」中登记。"

F = FieldSpec
FIELDS = [
    F("serial", "序号", help="顺序号，仅供核对，可留空", sample=1),
    F(
        "meeting",
        "会议",
        True,
        help="会议名称，须与会议登记簿中的一致（先导入或登记会议）",
        sample="市政府第二十五次常务会议",
        aliases=("会议名称",),
    ),
    F("day", "会议日期", True, help="会议召开的日期", sample=date(2026, 3, 5), aliases=("日期",)),
    F(
        "item",
        "议题",
        help="作出决定的议题名称；可留空",
        sample="研究城区供热管网改造方案",
        aliases=("议题名称",),
    ),
    F(
        "content",
        "决定事项",
        True,
        help="会议决定的事项",
        sample="由市住建局牵头，10月15日前完成城区供热管网改造",
        aliases=("决定内容", "议定事项"),
    ),
    F(
        "unit",
        "责任单位",
        help="承办单位，须在人员与分管名录中",
        sample="同江市住房和城乡建设局",
        aliases=("承办单位",),
    ),
    F("vice_mayor", "分管副市长", help="姓名，须在人员名录中；可留空", sample=""),
    F("deadline", "完成时限", help="日期，不早于会议日期", sample="2026-10-15", aliases=("时限",)),
    F("quality", "质量要求", help="落实的质量要求", sample="按期具备供热条件"),
    F(
        "state",
        "状态",
        choices=STATES,
        help="未完成、已完成（已逾期按未完成导入）",
        sample="未完成",
    ),
    F("reported_on", "反馈日期", help="书面反馈落实情况的日期"),
    F("report", "落实情况", help="书面反馈的落实情况"),
]


@dataclass
class Context:
    names: import_names.DirectoryNames
    meetings: dict[tuple[str, date], list[tuple[int, bool]]]  # (name, day) → [(id, 涉密)]
    items: dict[int, list[tuple[int, str]]]  # meeting → its live agenda items (id, title)
    existing: set[tuple[int, str]]  # (meeting, 决定事项) in fuban
    may_classified: bool  # R44: a confidential meeting's decisions only from 机要
    # (meeting, 议题) → ("item", id) | ("rename", placeholder id) | ("new", 0)
    item_of: dict[tuple[int, str], tuple[str, int]] = field(default_factory=dict)
    written: dict[tuple[int, str], int] = field(default_factory=dict)
    seen: dict[tuple[int, str], int] = field(default_factory=dict)
    today: date = field(default_factory=china_today)


@dataclass
class Row:
    sheet_row: int
    meeting_id: int
    meeting_name: str
    confidential: bool
    item: str
    content: str
    unit_id: int | None
    unit_name: str
    vice_mayor_id: int | None
    deadline: date | None
    quality: str
    done: bool
    reported_on: date | None
    report: str


def prepare(s: Session, user: CurrentUser) -> Context:
    meetings: dict[tuple[str, date], list[tuple[int, bool]]] = {}
    for mid, title, at, secret in s.execute(
        select(Meeting.id, Meeting.title, Meeting.starts_at, Meeting.confidential).where(
            Meeting.voided_at.is_(None)
        )
    ):
        meetings.setdefault((title, at.astimezone(CHINA).date()), []).append((mid, secret))
    items: dict[int, list[tuple[int, str]]] = {}
    for iid, on, name in s.execute(
        select(AgendaItem.id, AgendaItem.meeting_id, AgendaItem.title)
        .where(AgendaItem.meeting_id.is_not(None), AgendaItem.voided_at.is_(None))
        .order_by(AgendaItem.position, AgendaItem.id)
    ):
        items.setdefault(on or 0, []).append((iid, name))
    existing = {
        (m, c)
        for m, c in s.execute(
            select(Decision.meeting_id, Decision.content).where(Decision.voided_at.is_(None))
        )
    }
    return Context(import_names.load(s), meetings, items, existing, user.can("classified"))


def check(ctx: Context, row: RowReader) -> Row | None:
    name = row.text("meeting", True, 128)
    day = row.date("day", required=True)
    item = row.text("item", max_len=256)
    content = row.text("content", True)
    if content == HIDDEN:
        row.problem(
            "content",
            "这是无权查看涉密会议的账户导出的表格，决定事项未导出：请由机要人员导出后再导入",
        )
    unit_id = row.found("unit", row.text("unit"), ctx.names.unit)
    vice_mayor_id = row.found("vice_mayor", row.text("vice_mayor"), ctx.names.person)
    deadline = row.date("deadline")
    quality = row.text("quality")
    state = row.choice("state", STATES, "状态")
    reported_on = row.date("reported_on")
    report = row.text("report")
    meeting = None
    if name and day is not None:
        found = ctx.meetings.get((name, day), [])
        if not found:
            row.problem(
                "meeting", f"会议登记簿中没有{day:%Y-%m-%d}的「{name}」：请先导入或登记该会议"
            )
        elif len(found) > 1:
            row.problem("meeting", f"{day:%Y-%m-%d}有 {len(found)} 次「{name}」，无法确定是哪一次")
        else:
            meeting = found[0]
            if meeting[1] and not ctx.may_classified:
                row.problem(
                    "meeting",
                    "涉密会议的决定事项只能由机要人员（可查看涉密记录的账户）导入",
                )
        for column, when, label in (
            ("deadline", deadline, "完成时限"),
            ("reported_on", reported_on, "反馈日期"),
        ):
            if when is not None and when < day:
                row.problem(column, f"{label} {when:%Y-%m-%d} 早于会议日期 {day:%Y-%m-%d}")
    row.not_after("day", day, ctx.today, "会议日期", NOT_HELD)
    row.not_after("reported_on", reported_on, ctx.today, "反馈日期")
    if state == "已完成" and reported_on is None:
        row.problem("reported_on", "状态为「已完成」，请填写反馈日期")
    if meeting is not None and content:
        key = (meeting[0], content)
        if key in ctx.existing:
            row.problem("content", "该会议的这一决定事项已在系统中")
        first = ctx.seen.setdefault(key, row.row)
        if first != row.row:
            row.problem("content", f"与第{first}行是同一会议的同一决定事项")
    if row.problems or meeting is None:
        return None
    if item:
        _claim_item(ctx, meeting[0], item)
    return Row(
        row.row,
        meeting[0],
        name,
        meeting[1],
        item,
        content,
        unit_id,
        row.text("unit"),
        vice_mayor_id,
        deadline,
        quality,
        state == "已完成",
        reported_on,
        report,
    )


def _claim_item(ctx: Context, meeting_id: int, title: str) -> None:
    """Which agenda item the 议题 is: one of that title, else the next untitled one (renamed),
    else a new one — decided once per meeting and title, in sheet order."""
    key = (meeting_id, title)
    if key in ctx.item_of:
        return
    items = ctx.items.get(meeting_id, [])
    same = next((iid for iid, t in items if t == title), None)
    if same is not None:
        ctx.item_of[key] = ("item", same)
        return
    free = next(((i, iid) for i, (iid, t) in enumerate(items) if is_placeholder(t)), None)
    if free is not None:
        items[free[0]] = (free[1], title)
        ctx.item_of[key] = ("rename", free[1])
    else:
        ctx.item_of[key] = ("new", 0)


def _item_id(s: Session, ctx: Context, v: Row) -> int | None:
    if not v.item:
        return None
    key = (v.meeting_id, v.item)
    if key in ctx.written:
        return ctx.written[key]
    how, iid = ctx.item_of[key]
    if how == "rename":
        placeholder = s.get(AgendaItem, iid)
        assert placeholder is not None
        placeholder.title = v.item
    elif how == "new":
        position = len(ctx.items.setdefault(v.meeting_id, []))
        new = AgendaItem(title=v.item, meeting_id=v.meeting_id, position=position, status="placed")
        s.add(new)
        s.flush()
        ctx.items[v.meeting_id].append((new.id, v.item))
        iid = new.id
    ctx.written[key] = iid
    return iid


def preview(v: Row) -> tuple[str, ...]:
    return (
        v.meeting_name,
        v.item,
        v.content,
        v.unit_name,
        f"{v.deadline:%Y-%m-%d}" if v.deadline else "",
        "已完成" if v.done else "未完成",
    )


def write(s: Session, ctx: Context, rows: list[Row]) -> list[int]:
    out = [
        Decision(
            meeting_id=v.meeting_id,
            agenda_item_id=_item_id(s, ctx, v),
            content=v.content,
            unit_id=v.unit_id,
            vice_mayor_id=v.vice_mayor_id,
            deadline=v.deadline,
            quality=v.quality,
            status="done" if v.done else "open",
            reported_on=v.reported_on,
            report=v.report,
        )
        for v in rows
    ]
    s.add_all(out)
    s.flush()
    return [d.id for d in out]


SPEC = RegisterSpec(
    kind="decisions",
    title="会议决定事项",
    table="decision",
    fields=FIELDS,
    preview_titles=("会议", "议题", "决定事项", "责任单位", "完成时限", "状态"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: ("row", v.sheet_row),  # checked by meeting and 决定事项
    number_text=lambda v: "",
    write=write,
    counters=lambda v: None,
    secrecy=lambda v: "涉密" if v.confidential else "",
)
