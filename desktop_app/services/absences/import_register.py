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

The columns are in `import_fields`; what a row is checked against (the directory, the
procedures, the calendar) and the cells read against it are in `import_checks`; this module
holds the row's check, its preview and its writing, and the register's `SPEC`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db.base import utcnow
from db.models.absences import Absence, AbsenceApproval
from desktop_app.rules import absences as r
from desktop_app.services.absences import import_checks
from desktop_app.services.absences.import_checks import Context, prepare
from desktop_app.services.absences.import_fields import FIELDS, STATES
from desktop_app.services.directory import queries as dq
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader

_PROVISIONAL = "（销假期限暂定）"
# A departure after the import day imported as approved would skip the approvals (R62)
NOT_DEPARTED = (
    "尚未出发的外出请在「外出报备」中登记并登记审批（第六十二条），不能作为历史记录导入为已批准。"
)


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


def check(ctx: Context, row: RowReader) -> Row | None:
    name = row.text("person", True)
    person_id = row.found("person", name, ctx.names.person)
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
    report_required, report_on = import_checks.report(row, "report", category)
    trip_required, trip_on = import_checks.report(row, "trip_report", None)
    note = row.text("note").removesuffix(_PROVISIONAL)
    void = row.text("void", max_len=2000)
    if state == "已作废" and not void:
        void = "（原台账注明作废）"
    elif state != "已作废" and void:
        row.problem("void", "状态不是「已作废」却填写了作废原因")
    post = (
        import_checks.post(ctx, row, person_id, start) if person_id is not None and start else None
    )
    approvals = import_checks.approvals(ctx, row, post, category) if post and category else []
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
    if state not in ("待审批", "已作废"):  # imported as approved: it must have departed
        row.not_after("start", start, ctx.today, "出发日期", NOT_DEPARTED)
    row.not_after("filed_on", filed_on, ctx.today, "报备日期")
    for _step, _pid, signer, _capacity, signed_on in approvals:
        row.not_after("approvals", signed_on, ctx.today, f"{signer}的审批日期")
    row.not_after("returned_on", returned_on, ctx.today, "实际返回日期")
    row.not_after("reported_back_on", reported_back_on, ctx.today, "销假日期")
    row.not_after("report", report_on, ctx.today, "书面报告收到日期")
    row.not_after("trip_report", trip_on, ctx.today, "出访报告收到日期")
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
