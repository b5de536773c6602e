"""Import of the office's 督办台账 (system.ledger_import): the columns of the register's export, so
a sheet exported from fuban imports back as it was.

A row is one item with its source (来源), unit, leaders, dates and state as the ledger has them.
An item from a meeting decision or a document is not linked to that record (the ledger does not
say which): it keeps its source's name. The written reports are counted as the ledger counts them
(书面反馈, 最近反馈): that many reports, each dated the last one, marked as taken from the ledger.
Items of classified documents or confidential meetings (涉密 是) only from 机要 and hidden from
everyone else at once (R44). None of today's rules on sources, deadlines or closing (R29.3,
R59, R70, R71) is asked of history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models.supervision import SupervisionItem, SupervisionReport
from desktop_app.formatting import china_today
from desktop_app.rules.supervision import SOURCES
from desktop_app.services.directory import import_names
from desktop_app.services.supervision.dto import HIDDEN, TIMELINESS_NAMES
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_sheet import FieldSpec
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader

_KINDS = {title: kind for kind, title in SOURCES.items()}
DONE = ("按时办结", "逾期办结", "已办结")
STATES = ("", "办理中", "已逾期", *DONE, "未办结", "已作废")
SECRET = "涉密"
_ESCALATION = re.compile(r"^(.+?)[：:](.*)$", re.S)
# What a row dated after the import day is told to do instead (an import takes history only)
NOT_ASSIGNED = "导入只用于已经发生的历史记录，尚未交办的事项请在「督办」中登记。"

F = FieldSpec
FIELDS = [
    F("number", "序号", help="顺序号，仅供核对，可留空", sample=1),
    F(
        "source",
        "来源",
        True,
        choices=tuple(SOURCES.values()),
        help="会议决定事项、文件办理、领导批示、重大决策部署、人大代表建议、政协委员提案、请示报告",
        sample="领导批示",
        aliases=("督办来源", "事项来源"),
    ),
    F(
        "title",
        "督办事项",
        True,
        help="督办事项的内容（不超过 256 字）",
        sample="抓紧完成城区供热管网改造",
        aliases=("事项", "督办内容", "事项名称"),
    ),
    F(
        "unit",
        "责任单位",
        True,
        help="牵头承办单位，须在人员与分管名录中",
        sample="同江市住房和城乡建设局",
        aliases=("承办单位", "牵头单位"),
    ),
    F("person", "责任人", help="承办单位的责任人", sample="王强"),
    F("assisting", "协办单位", help="协办单位，多个以「、」分隔", sample=""),
    F("vice_mayor", "分管副市长", help="姓名，须在人员名录中；可留空", sample=""),
    F("instruction_by", "批示领导", help="作出批示的领导姓名，须在人员名录中；可留空", sample=""),
    F("quality", "质量要求", help="办理的质量要求", sample="10月15日前具备供热条件"),
    F("assigned_on", "交办日期", True, help="交办的日期", sample="2026-7-1", aliases=("交办时间",)),
    F(
        "deadline",
        "完成时限",
        help="日期，不早于交办日期；可留空",
        sample="2026-10-15",
        aliases=("办理时限", "时限"),
    ),
    F("provisional", "时限暂定", help="仅供核对"),
    F("reports", "书面反馈", help="收到的书面反馈次数（整数）；留空为 0", sample=0),
    F("last_report", "最近反馈", help="最近一次书面反馈的日期；有反馈时必填"),
    F(
        "state",
        "状态",
        choices=STATES,
        help="办理中、已逾期、按时办结、逾期办结、已办结、未办结、已作废或留空"
        "（留空：有办结日期为已办结，否则办理中）",
        sample="办理中",
    ),
    F("closed_on", "办结日期", help="办结（或确认未办结）的日期", aliases=("完成日期",)),
    F("evidence", "办结依据", help="办结的依据，或未办结的原因"),
    F("escalation", "提交协调", help="提交协调的领导和原因：「张海峰：涉及多个部门，需协调」"),
    F("void", "作废原因", help="作废的事项写明原因"),
    F(
        "secrecy",
        "涉密",
        choices=("", "是", "否"),
        help="涉密文件或涉密会议的督办事项填「是」：只能由机要人员导入，导入后只对机要人员显示内容",
        sample="否",
    ),
]


@dataclass
class Context:
    names: import_names.DirectoryNames
    existing: set[tuple[str, int, date]]  # (督办事项, unit, 交办日期) of live items
    seen: dict[tuple[str, int, date], int] = field(default_factory=dict)
    today: date = field(default_factory=china_today)


@dataclass
class Row:
    sheet_row: int
    kind: str
    title: str
    unit_id: int
    unit_name: str
    person: str
    assisting: str
    vice_mayor_id: int | None
    instruction_by_id: int | None
    quality: str
    assigned_on: date
    deadline: date | None
    reports: int
    last_report: date | None
    status: str
    closed_on: date | None
    evidence: str
    escalated_to_id: int | None
    escalation_reason: str
    void_reason: str | None
    secrecy: str


def prepare(s: Session, _user: CurrentUser) -> Context:
    i = SupervisionItem
    live = s.execute(
        select(i.title, i.unit_id, i.assigned_on).where(
            i.voided_at.is_(None), i.unit_id.is_not(None)
        )
    )
    return Context(import_names.load(s), {(t, u or 0, d) for t, u, d in live})


def check(ctx: Context, row: RowReader) -> Row | None:
    source = (
        row.choice("source", tuple(SOURCES.values()), "来源") if not row.blank("source") else ""
    )
    if row.blank("source"):
        row.problem("source", "不能为空")
    title = row.text("title", True, 256)
    if title == HIDDEN:
        row.problem(
            "title",
            "这是无权查看涉密事项的账户导出的表格，事项内容未导出：请由机要人员导出后再导入",
        )
    unit_name = row.text("unit", True)
    unit_id = row.found("unit", row.text("unit"), ctx.names.unit)
    person = row.text("person", max_len=64)
    assisting = row.text("assisting", max_len=256)
    vice_mayor_id = row.found("vice_mayor", row.text("vice_mayor"), ctx.names.person)
    instruction_by_id = row.found("instruction_by", row.text("instruction_by"), ctx.names.person)
    quality = row.text("quality", max_len=2000)
    assigned_on = row.date("assigned_on", required=True)
    deadline = row.date("deadline")
    reports = row._read("reports", False, lambda v: values.count(v, 0)) or 0
    last_report = row.date("last_report")
    state = row.choice("state", STATES, "状态")
    closed_on = row.date("closed_on")
    evidence = row.text("evidence", max_len=2000)
    escalated_to_id, reason = _escalation(ctx, row)
    void = row.text("void", max_len=2000)
    secrecy = SECRET if row.choice("secrecy", ("", "是", "否"), "值") == "是" else ""
    if state == "已作废" and not void:
        void = "（原台账注明作废）"
    elif state != "已作废" and void:
        row.problem("void", "状态不是「已作废」却填写了作废原因")
    if state in (*DONE, "未办结") and closed_on is None:
        row.problem("closed_on", f"状态为「{state}」，请填写办结日期")
    if state in ("办理中", "已逾期") and closed_on is not None:
        row.problem("closed_on", f"状态为「{state}」却填写了办结日期")
    status = (
        "not_done"
        if state == "未办结"
        else "done"
        if state in DONE or (closed_on is not None and state in ("", "已作废"))
        else "open"
    )
    if reports and last_report is None:
        row.problem("last_report", f"书面反馈 {reports} 次，请填写最近一次反馈的日期")
    if not reports and last_report is not None:
        row.problem("reports", "填写了最近反馈日期，书面反馈次数却为 0")
    if assigned_on is not None:
        for column, day, label in (
            ("deadline", deadline, "完成时限"),
            ("closed_on", closed_on, "办结日期"),
            ("last_report", last_report, "最近反馈"),
        ):
            if day is not None and day < assigned_on:
                row.problem(column, f"{label} {day:%Y-%m-%d} 早于交办日期 {assigned_on:%Y-%m-%d}")
    row.not_after("assigned_on", assigned_on, ctx.today, "交办日期", NOT_ASSIGNED)
    row.not_after("last_report", last_report, ctx.today, "最近反馈")
    row.not_after("closed_on", closed_on, ctx.today, "办结日期")
    if unit_id is not None and assigned_on is not None and title:
        key = (title, unit_id, assigned_on)
        if key in ctx.existing and state != "已作废":
            row.problem("title", "同一督办事项（责任单位、交办日期相同）已在督办台账中")
        first = ctx.seen.setdefault(key, row.row)
        if first != row.row:
            row.problem("title", f"与第{first}行是同一督办事项（责任单位、交办日期相同）")
    if row.problems or not source or unit_id is None or assigned_on is None:
        return None
    return Row(
        row.row,
        _KINDS[source],
        title,
        unit_id,
        unit_name,
        person,
        assisting,
        vice_mayor_id,
        instruction_by_id,
        quality,
        assigned_on,
        deadline,
        reports,
        last_report,
        status,
        closed_on,
        evidence,
        escalated_to_id,
        reason,
        void or None,
        secrecy,
    )


def _escalation(ctx: Context, row: RowReader) -> tuple[int | None, str]:
    text = row.text("escalation")
    if not text:
        return None, ""
    m = _ESCALATION.match(text)
    if not m:
        row.problem("escalation", f"「{text}」应写作「领导姓名：原因」")
        return None, ""
    try:
        return ctx.names.person(m[1].strip()), m[2].strip()
    except values.CellProblem as exc:
        row.problem("escalation", str(exc))
        return None, ""


def preview(v: Row) -> tuple[str, ...]:
    state = (
        "已作废" if v.void_reason else {"done": "已办结", "not_done": "未办结"}.get(v.status, "")
    )
    return (
        SOURCES[v.kind],
        v.title,
        v.unit_name,
        f"{v.assigned_on:%Y-%m-%d}",
        f"{v.deadline:%Y-%m-%d}" if v.deadline else "",
        state or TIMELINESS_NAMES["open"],
        "涉密" if v.secrecy else "",
    )


def write(s: Session, _ctx: Context, rows: list[Row]) -> list[int]:
    now, actor = utcnow(), s.info.get("actor", "")
    items = []
    for v in rows:
        item = SupervisionItem(
            source_kind=v.kind,
            title=v.title,
            instruction_by_id=v.instruction_by_id,
            unit_id=v.unit_id,
            responsible_person=v.person,
            assisting_units=v.assisting,
            vice_mayor_id=v.vice_mayor_id,
            quality=v.quality,
            assigned_on=v.assigned_on,
            deadline=v.deadline,
            secrecy=v.secrecy,
            status=v.status,
            closed_on=v.closed_on if v.status != "open" else None,
            evidence=v.evidence,
            escalated_to_id=v.escalated_to_id,
            escalation_reason=v.escalation_reason,
        )
        if v.void_reason is not None:
            item.voided_at, item.voided_by, item.void_reason = now, actor, v.void_reason
        items.append(item)
    s.add_all(items)
    s.flush()
    s.add_all(
        SupervisionReport(
            item_id=item.id,
            direction="unit",
            received_on=v.last_report,
            text=f"原台账记载书面反馈 {v.reports} 次（第{k}次；最近一次为 {v.last_report:%Y-%m-%d}）",
        )
        for item, v in zip(items, rows, strict=True)
        if v.last_report is not None
        for k in range(1, v.reports + 1)
    )
    return [i.id for i in items]


SPEC = RegisterSpec(
    kind="supervision",
    title="督办台账",
    table="supervision_item",
    fields=FIELDS,
    preview_titles=("来源", "督办事项", "责任单位", "交办日期", "完成时限", "状态", "涉密"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: ("row", v.sheet_row),  # the ledger numbers nothing
    number_text=lambda v: "",
    write=write,
    counters=lambda v: None,
    secrecy=lambda v: v.secrecy,
    permissions=("records", "supervision"),  # as registering an item (require_supervision)
)
