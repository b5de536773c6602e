"""Import of the office's 外出请示报备 register (system.ledger_import): the columns of the
register's export, so a sheet exported from fuban imports back as it was.

A row is one request. The post whose procedure applied (R62.5) comes from the directory on the
departure day (or, before the directory's dates, the post held today), so 职务, 单位 and 程序 are
only read back for the clerk's own check. The approvals written on paper (「分管副市长同意：孙立新
2026-03-02」, one per line, 「（B角代签）」 / 「（记录）」 after the name) become the request's
recorded steps; the 状态 says whether it was still 待审批 or 已作废; the return, the 销假 and the
written reports are taken as written. Today's rules (R62.1 notice, R62.4 both township leaders,
signers' posts) are not asked of it: it was approved on paper. A change of itinerary (行程变更)
is imported as a request of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models import Unit
from db.models.absences import Absence, AbsenceApproval
from db.models.system import HolidayNotice
from desktop_app.rules import absences as r
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import import_names
from desktop_app.services.directory import queries as dq
from desktop_app.services.system import ledger_cells as cells
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_import import RegisterSpec, RowReader
from desktop_app.services.system.ledger_sheet import FieldSpec
from desktop_app.workdays import WorkCalendar, parse_notice_text

STATES = ("", "待审批", "已批准", "在外", "待销假", "逾期未销假", "已销假", "已作废")
_STEP_LINE = re.compile(r"^(.+?)[：:]\s*(.+?)\s+(\S+)$")
_RECEIVED = re.compile(r"^已收到\s*(.*)$")
_PROVISIONAL = "（销假期限暂定）"
_STEPS_BY_TITLE = {s.title: s for s in r.STEPS.values()}

F = FieldSpec
FIELDS = [
    F("number", "序号", help="顺序号，仅供核对，可留空", sample=1),
    F(
        "person",
        "姓名",
        True,
        help="外出的领导干部，须在人员与分管名录中（按出发日期的任职确定报备程序）",
        sample="孙立新",
        aliases=("外出人员", "外出领导"),
    ),
    F("post", "职务", help="仅供核对：职务以人员与分管名录为准", sample="副市长"),
    F("unit", "单位", help="仅供核对：单位以人员与分管名录为准", sample=""),
    F("procedure", "程序", help="仅供核对：报备程序按出发日期的职务确定", sample=""),
    F(
        "category",
        "外出类别",
        True,
        choices=r.CATEGORIES,
        help="出差、考察、学习培训、休假、因私、出国（境）",
        sample="出差",
        aliases=("类别",),
    ),
    F(
        "reason",
        "事由",
        True,
        help="外出事由",
        sample="赴省汇报春耕生产工作",
        aliases=("外出事由",),
    ),
    F("destination", "目的地", True, help="目的地", sample="哈尔滨", aliases=("地点",)),
    F(
        "start",
        "出发日期",
        True,
        help="2026-3-16、2026年3月16日 等",
        sample="2026-3-16",
        aliases=("出发时间", "外出日期"),
    ),
    F("start_half", "出发时段", choices=("", *r.HALVES), help="上午、下午或晚上；留空为上午"),
    F(
        "end",
        "返回日期",
        True,
        help="计划返回的日期，不早于出发日期",
        sample="2026-3-18",
        aliases=("返回时间",),
    ),
    F("end_half", "返回时段", choices=("", *r.HALVES), help="上午、下午或晚上；留空为晚上"),
    F("days", "天数", help="仅供核对：按出发、返回日期计算"),
    F("transport", "交通方式", help="如 火车、飞机、自驾", sample="火车"),
    F("contact", "联系电话", help="外出期间联系电话", sample="13945400000"),
    F("acting_name", "主持工作负责同志", help="外出期间主持工作的负责同志姓名", sample="王强"),
    F("acting_post", "职务（主持工作）", help="主持工作负责同志的职务", sample="副秘书长"),
    F("acting_contact", "联系电话（主持工作）", help="主持工作负责同志的电话", sample=""),
    F(
        "filed_on",
        "报备日期",
        help="请示报备的日期；留空同出发日期",
        sample="2026-3-10",
        aliases=("请示日期",),
    ),
    F(
        "on_time",
        "提前3天报备",
        choices=("", "是", "否"),
        help="是或否；留空按报备日期是否早于出发日期 3 天以上判断",
    ),
    F("emergency_reason", "紧急外出理由", help="不足 3 天报备的紧急事由"),
    F(
        "state",
        "状态",
        choices=STATES,
        help="待审批、已作废或留空（其余如 已批准、已销假 均按已批准导入，以返回、销假日期为准）",
        sample="已销假",
    ),
    F(
        "approvals",
        "已登记审批",
        help="每行一个环节：环节：姓名 日期，如「分管副市长同意：孙立新 2026-3-11」；"
        "代签写「姓名（B角代签）」；环节须属于该人员的报备程序",
        sample="",
        aliases=("审批情况", "审批"),
    ),
    F("missing", "待审批环节", help="仅供核对：按已登记审批计算"),
    F("returned_on", "实际返回日期", help="实际返回的日期", sample="2026-3-18"),
    F("due", "销假期限", help="仅供核对：按工作日历计算（R62.8）"),
    F("reported_back_on", "销假日期", help="销假的日期，不早于实际返回日期", sample="2026-3-19"),
    F(
        "report",
        "书面报告",
        help="「不需要」「未收到」或「已收到 2026-3-20」；留空按外出类别判断",
        sample="",
    ),
    F("trip_report", "出访报告", help="因公出访：「未收到」或「已收到 日期」；其余留空"),
    F("amendment", "行程变更", help="仅供核对：变更的行程请作为一行单独导入"),
    F("note", "备注", help="其他说明"),
    F("void", "作废原因", help="状态为已作废时填写作废原因"),
]


@dataclass
class Context:
    session: Session
    names: import_names.DirectoryNames
    cal: WorkCalendar
    today: date
    existing: set[tuple[int, date, str]]  # person, departure day and half of live requests
    seen: dict[tuple[int, date, str], int] = field(default_factory=dict)
    unit_kinds: dict[int, str] = field(default_factory=dict)


@dataclass
class Row:
    sheet_row: int
    person_id: int
    person_name: str
    post: dq.Holder
    category: str
    reason: str
    destination: str
    start: date
    start_half: str
    end: date
    end_half: str
    transport: str
    contact: str
    acting: tuple[str, str, str]
    filed_on: date
    late: bool
    emergency_reason: str
    pending: bool
    approvals: list[tuple[str, int | None, str, str, date]]  # step, id, name, capacity, day
    returned_on: date | None
    reported_back_on: date | None
    report_required: bool
    report_received_on: date | None
    for_meeting: bool
    trip_report_required: bool
    trip_report_received_on: date | None
    note: str
    void_reason: str | None


def prepare(s: Session, _user: CurrentUser) -> Context:
    cal = WorkCalendar([parse_notice_text(t) for t in s.scalars(select(HolidayNotice.text))])
    live = s.execute(
        select(Absence.person_id, Absence.start_date, Absence.start_half).where(
            Absence.voided_at.is_(None)
        )
    )
    kinds = {i: k for i, k in s.execute(select(Unit.id, Unit.kind))}
    today = date.today()
    existing = {(pid, day, half) for pid, day, half in live}
    return Context(s, import_names.load(s), cal, today, existing, {}, kinds)


def _post(ctx: Context, row: RowReader, person_id: int, start: date) -> dq.Holder | None:
    """R62.5 on the departure day; before the directory's dates, the post held today."""
    for day in (start, ctx.today):
        held = dq.posts_of(ctx.session, person_id, day)
        if not held:
            continue
        try:
            code, _procedure = r.procedure_of(
                [(h.post_code, ctx.unit_kinds.get(h.unit_id or 0)) for h in held]
            )
        except RuleViolation as exc:
            row.problem("person", exc.message)
            return None
        return next(h for h in held if h.post_code == code)
    row.problem(
        "person",
        "人员与分管名录中没有此人在出发日期（或今天）的任职，无法确定报备程序：请先登记任职",
    )
    return None


def check(ctx: Context, row: RowReader) -> Row | None:
    name = row.text("person", True)
    person_id = _lookup(row, "person", name, ctx.names.person)
    category = row.choice("category", r.CATEGORIES, "外出类别") if not row.blank("category") else ""
    if row.blank("category"):
        row.problem("category", "不能为空")
    reason = row.text("reason", True, 2000)
    destination = row.text("destination", True, 256)
    start = row.date("start", required=True)
    start_half = row.choice("start_half", ("", *r.HALVES), "时段") or "上午"
    end = row.date("end", required=True)
    end_half = row.choice("end_half", ("", *r.HALVES), "时段") or "晚上"
    transport = row.text("transport", max_len=64)
    contact = row.text("contact", max_len=128)
    acting = (
        row.text("acting_name", max_len=64),
        row.text("acting_post", max_len=128),
        row.text("acting_contact", max_len=128),
    )
    filed_on = row.date("filed_on")
    on_time = row.choice("on_time", ("", "是", "否"), "值")
    emergency = row.text("emergency_reason", max_len=2000)
    state = row.choice("state", STATES, "状态")
    returned_on = row.date("returned_on")
    reported_back_on = row.date("reported_back_on")
    report_required, report_on = _report(row, "report", category)
    trip_required, trip_on = _report(row, "trip_report", None)
    note = row.text("note").removesuffix(_PROVISIONAL)
    void = row.text("void", max_len=2000)
    if state == "已作废" and not void:
        void = "（原台账注明作废）"
    elif state != "已作废" and void:
        row.problem("void", "状态不是「已作废」却填写了作废原因")
    post = _post(ctx, row, person_id, start) if person_id is not None and start else None
    approvals = _approvals(ctx, row, post, category) if post and category else []
    if start is not None and end is not None:
        halves = r.HALVES.index(start_half), r.HALVES.index(end_half)
        if end < start or (end == start and halves[1] < halves[0]):
            row.problem("end", f"返回时间 {end:%Y-%m-%d}{end_half} 早于出发时间")
    if start is not None and returned_on is not None and returned_on < start:
        row.problem("returned_on", f"实际返回日期 {returned_on:%Y-%m-%d} 早于出发日期")
    if reported_back_on is not None:
        if returned_on is None:
            row.problem("reported_back_on", "已填销假日期，却没有实际返回日期")
        elif reported_back_on < returned_on:
            row.problem(
                "reported_back_on", f"销假日期 {reported_back_on:%Y-%m-%d} 早于实际返回日期"
            )
    if person_id is not None and start is not None:
        key = (person_id, start, start_half)
        if key in ctx.existing and state != "已作废":
            row.problem("start", f"{name} {start:%Y-%m-%d}{start_half}出发的外出已在报备登记中")
        first = ctx.seen.setdefault(key, row.row)
        if first != row.row:
            row.problem("start", f"与第{first}行是同一人同一时间出发的外出")
    if row.problems or None in (person_id, post, start, end):
        return None
    assert person_id is not None and post is not None and start is not None and end is not None
    filed = filed_on or start
    late = on_time == "否" if on_time else (start - filed).days < r.NOTICE_DAYS
    return Row(
        row.row,
        person_id,
        name,
        post,
        category,
        reason,
        destination,
        start,
        start_half,
        end,
        end_half,
        transport,
        contact,
        acting,
        filed,
        late,
        emergency if late else "",
        state == "待审批",
        approvals,
        returned_on,
        reported_back_on,
        report_required,
        report_on,
        report_required and category not in r.REPORT_CATEGORIES,
        trip_required,
        trip_on,
        note,
        void or None,
    )


def _lookup(row: RowReader, key: str, name: str, find) -> int | None:
    if not name:
        return None
    try:
        return find(name)
    except values.CellProblem as exc:
        row.problem(key, str(exc))
        return None


def _report(row: RowReader, key: str, category: str | None) -> tuple[bool, date | None]:
    """「不需要」 / 「未收到」 / 「已收到 2026-03-20」; blank: required by the category (R62.9) for
    the written report, not required for the trip report."""
    text = row.text(key)
    if not text:
        return (r.report_required(category, False) if category is not None else False), None
    if text == "不需要":
        return False, None
    if text == "未收到":
        return True, None
    m = _RECEIVED.match(text)
    if m:
        try:
            return True, values.day(m[1].strip())
        except values.CellProblem as exc:
            row.problem(key, str(exc))
            return True, None
    row.problem(key, f"「{text}」应为「不需要」「未收到」或「已收到 日期」")
    return False, None


def _approvals(
    ctx: Context, row: RowReader, post: dq.Holder, category: str
) -> list[tuple[str, int | None, str, str, date]]:
    text = row.text("approvals")
    out: list[tuple[str, int | None, str, str, date]] = []
    if not text:
        return out
    _code, procedure = r.procedure_of([(post.post_code, "department")])
    chain = {s.code for s in r.approval_chain(procedure, category)}
    for line in re.split(r"[\n；;]", text):
        line = line.strip()
        if not line:
            continue
        m = _STEP_LINE.match(line)
        if not m:
            row.problem(
                "approvals",
                f"「{line}」应写作「环节：姓名 日期」，如 分管副市长同意：孙立新 2026-3-11",
            )
            continue
        step = _STEPS_BY_TITLE.get(m[1].strip())
        if step is None or step.code not in chain:
            row.problem(
                "approvals", f"「{m[1]}」不属于「{r.PROCEDURE_NAMES[procedure]}」的审批程序"
            )
            continue
        [(name, capacity)] = cells.named_list(m[2], separators="、")[:1] or [("", "")]
        capacity = capacity or "本人"
        if capacity not in ("本人", "B角代签", "记录"):
            row.problem("approvals", f"「{m[2]}」：括号内应为 B角代签 或 记录")
            continue
        try:
            signed_on = values.day(m[3])
        except values.CellProblem as exc:
            row.problem("approvals", str(exc))
            continue
        person_id = None
        if step.post or name in ctx.names.people:  # a leader's step: a person of the directory
            person_id = _lookup(row, "approvals", name, ctx.names.person)
            if person_id is None:
                continue
        out.append((step.code, person_id, name, capacity, signed_on))
    return out


def preview(v: Row) -> tuple[str, ...]:
    state = "作废" if v.void_reason is not None else "待审批" if v.pending else ""
    return (
        v.person_name,
        v.post.title,
        v.category,
        v.destination,
        f"{v.start:%Y-%m-%d}{v.start_half}",
        f"{v.end:%Y-%m-%d}{v.end_half}",
        f"{v.returned_on:%Y-%m-%d}" if v.returned_on else "",
        state,
    )


def write(s: Session, ctx: Context, rows: list[Row]) -> list[int]:
    now, actor = utcnow(), s.info.get("actor", "")
    out = []
    for v in rows:
        post = v.post
        a = Absence(
            person_id=v.person_id,
            person_name=v.person_name,
            post_code=post.post_code,
            post_title=f"{post.unit_name}{post.title}" if post.unit_id else post.title,
            unit_id=post.unit_id,
            unit_name=post.unit_name,
            category=v.category,
            for_meeting=v.for_meeting,
            reason=v.reason,
            destination=v.destination,
            start_date=v.start,
            start_half=v.start_half,
            end_date=v.end,
            end_half=v.end_half,
            transport=v.transport,
            contact=v.contact,
            acting_name=v.acting[0],
            acting_post=v.acting[1],
            acting_contact=v.acting[2],
            filed_on=v.filed_on,
            late=v.late,
            emergency_reason=v.emergency_reason,
            status="pending" if v.pending else "approved",
            approved_on=None if v.pending else max((x[4] for x in v.approvals), default=v.filed_on),
            returned_on=v.returned_on,
            return_due=r.return_due(ctx.cal, v.returned_on)[0] if v.returned_on else None,
            reported_back_on=v.reported_back_on,
            report_required=v.report_required,
            report_received_on=v.report_received_on,
            trip_report_required=v.trip_report_required,
            trip_report_received_on=v.trip_report_received_on,
            note=v.note,
        )
        if v.void_reason is not None:
            a.voided_at, a.voided_by, a.void_reason = now, actor, v.void_reason
        out.append(a)
    s.add_all(out)
    s.flush()
    s.add_all(
        AbsenceApproval(
            absence_id=a.id,
            step=step,
            signer_id=pid,
            signer_name=name,
            signed_on=day,
            capacity=capacity,
        )
        for a, v in zip(out, rows, strict=True)
        for step, pid, name, capacity, day in v.approvals
    )
    return [a.id for a in out]


SPEC = RegisterSpec(
    kind="absences",
    title="外出请示报备",
    table="absence",
    fields=FIELDS,
    preview_titles=("姓名", "职务", "外出类别", "目的地", "出发", "返回", "实际返回", "状态"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: ("row", v.sheet_row),  # duplicates are checked by person and time
    number_text=lambda v: "",
    write=write,
    counters=lambda v: None,
    secrecy=lambda v: "",
)
