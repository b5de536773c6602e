"""Import of the office's 收文登记簿 (system.ledger_import): the columns of the printed register
and of its export (FORMS.md), so a sheet exported from fuban imports back as it was.

A row becomes a 收文 with its number as the ledger has it (收文〔2026〕15号, any bracket), its
leaders' 批示 as reading records (「李明远：同意。（2018年5月4日）」, several joined by 「；」), its
承办单位 (「市教育局（协办：市财政局、市审计局）」) and, when 办结日期 is given, closed. Its state
follows from what the row holds; no approval rule of today is applied to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import bulk
from db.base import utcnow
from db.models import IncomingDocument, IncomingReading
from desktop_app.formatting import CHINA, china_today, format_doc_number
from desktop_app.rules import incoming as r
from desktop_app.services.directory import import_names
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_sheet import FieldSpec
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader

PREFIX = "收文"
_COPIES = re.compile(r"^(\d+)\s*(?:[（(]份号[：:]\s*(.+?)[）)])?$")
_READING = re.compile(r"^(.+?)[：:](.*)[（(]([^（()）]+)[）)]$", re.S)
_UNITS = re.compile(r"^(.*?)[（(]协办[：:](.*)[）)]$")
_VOID = re.compile(r"^作废[：:]?\s*")
# What a row dated after the import day is told to do instead (an import takes history only)
NOT_RECEIVED = "导入只用于已经发生的历史记录，尚未收到的来文请收到后在「收文」中登记。"
NOT_CLOSED = "导入只用于已经发生的历史记录，尚未办结的请不填办结日期，办结后在「收文」中登记。"

FIELDS = [
    FieldSpec(
        "number",
        "收文号",
        True,
        help="收文〔年份〕序号号，如 收文〔2026〕15号；括号可写作 [] 【】 ()",
        sample="收文〔2026〕15号",
        aliases=("收文编号", "收文字号", "登记号", "编号"),
    ),
    FieldSpec(
        "received_at",
        "收文日期",
        True,
        help="签收日期，可带时刻：2026-3-5、2026/03/05 9:30、2026年3月5日、二〇二六年三月五日",
        sample=datetime(2026, 3, 5, 9, 30),
        aliases=("签收时间", "收文时间", "签收日期", "日期"),
    ),
    FieldSpec(
        "sender",
        "来文机关",
        True,
        help="发来文件的机关全称",
        sample="黑龙江省人民政府办公厅",
        aliases=("来文单位", "发文机关", "来文机关（单位）"),
    ),
    FieldSpec(
        "sender_number",
        "来文字号",
        help="来文的发文字号，如 黑政办发〔2026〕8号",
        sample="黑政办发〔2026〕8号",
        aliases=("文号", "来文文号"),
    ),
    FieldSpec(
        "title",
        "标题",
        True,
        help="文件标题（不超过 256 字）",
        sample="关于做好2026年春季森林草原防灭火工作的通知",
        aliases=("文件标题", "文件名称", "题目"),
    ),
    FieldSpec(
        "doc_type",
        "文种",
        choices=("", *r.DOC_TYPES, *r.BULLETIN_KINDS),
        help="公文文种或刊物（简报、情况、信息）；可留空",
        sample="通知",
    ),
    FieldSpec(
        "secrecy",
        "密级",
        choices=r.SECRECY_LEVELS,
        help="秘密、机密、绝密或留空；涉密行只能由机要人员导入",
        sample="",
    ),
    FieldSpec(
        "urgency",
        "紧急程度",
        choices=r.URGENCY_LEVELS,
        help="特急、加急或留空",
        sample="加急",
        aliases=("缓急", "紧急"),
    ),
    FieldSpec("copies", "份数", help="份数；涉密件可写 3（份号：001-003）", sample=1),
    FieldSpec("proposal", "拟办意见", help="市政府办公室的拟办意见", sample="拟请分管副市长阅示。"),
    FieldSpec(
        "instructions",
        "领导批示",
        help="姓名：意见（2026年3月6日），多条以「；」分隔；姓名须在人员名录中",
        sample="",
        aliases=("批示", "领导批示意见", "阅批意见"),
    ),
    FieldSpec(
        "units",
        "承办单位",
        help="主办单位，协办单位写在括号内：市应急局（协办：市林草局、市公安局）；单位须在名录中",
        sample="",
        aliases=("办理单位", "承办部门"),
    ),
    FieldSpec("deadline", "办理时限", help="日期，不早于收文日期", sample="", aliases=("时限",)),
    FieldSpec(
        "closed_on",
        "办结日期",
        help="办结的日期；填写即视为已办结",
        sample="",
        aliases=("办结时间", "完成日期"),
    ),
    FieldSpec("archive_ref", "归档号", help="档案编号", sample="", aliases=("档号", "归档编号")),
    FieldSpec("void", "作废原因", help="作废的记录写「作废：原因」；未作废留空", sample=""),
]


@dataclass
class Context:
    names: import_names.DirectoryNames
    existing: set[tuple[int, int]]  # (year, seq) of every 收文 in the database
    today: date = field(default_factory=china_today)


@dataclass
class Row:
    year: int
    seq: int
    received_at: datetime
    sender: str
    sender_number: str
    title: str
    doc_type: str
    secrecy: str
    urgency: str
    copies: int
    copy_numbers: str
    proposal: str
    readings: list[tuple[int, str, date, str]]  # person id, name, day, opinion
    lead_unit_id: int | None
    assist_unit_ids: list[int]
    unit_text: str
    deadline: date | None
    closed_on: date | None
    archive_ref: str
    void_reason: str | None


def prepare(s: Session, _user: CurrentUser) -> Context:
    existing = {(y, n) for y, n in s.execute(select(IncomingDocument.year, IncomingDocument.seq))}
    return Context(import_names.load(s), existing)


def check(ctx: Context, row: RowReader) -> Row | None:
    number = row.number("number", PREFIX)
    received = row.date_time("received_at", required=True)
    sender = row.text("sender", True, 128)
    sender_number = row.text("sender_number", max_len=64)
    title = row.text("title", True, 256)
    doc_type = row.choice("doc_type", FIELDS[5].choices, "文种")
    secrecy = row.choice("secrecy", r.SECRECY_LEVELS, "密级")
    urgency = row.choice("urgency", r.URGENCY_LEVELS, "紧急程度")
    copies, copy_numbers = copies_of(row)
    proposal = row.text("proposal", max_len=2000)
    readings = _readings(ctx, row)
    lead, assists = _units(ctx, row)
    deadline = row.date("deadline")
    closed_on = row.date("closed_on")
    archive_ref = row.text("archive_ref", max_len=64)
    if number is not None and (number[1], number[2]) in ctx.existing:
        row.problem("number", f"{format_doc_number(*number)} 已在收文登记簿中，不能重复登记")
    if received is not None:
        day = received.date()
        if number is not None and number[1] != day.year:
            row.problem("number", f"编号年份 {number[1]} 与收文日期 {day.year} 年不符")
        if closed_on is not None and closed_on < day:
            row.problem("closed_on", f"办结日期 {closed_on:%Y-%m-%d} 早于收文日期 {day:%Y-%m-%d}")
        if deadline is not None and deadline < day:
            row.problem("deadline", f"办理时限 {deadline:%Y-%m-%d} 早于收文日期 {day:%Y-%m-%d}")
        for _pid, name, read_on, _o in readings:
            if read_on < day:
                row.problem("instructions", f"{name}的批示日期早于收文日期")
        row.not_after("received_at", day, ctx.today, "收文日期", NOT_RECEIVED)
    row.not_after("closed_on", closed_on, ctx.today, "办结日期", NOT_CLOSED)
    for _pid, name, read_on, _o in readings:
        row.not_after("instructions", read_on, ctx.today, f"{name}的批示日期")
    if row.problems or number is None or received is None:
        return None
    return Row(
        number[1],
        number[2],
        received.replace(tzinfo=CHINA),
        sender,
        sender_number,
        title,
        doc_type,
        secrecy,
        urgency,
        copies,
        copy_numbers,
        proposal,
        readings,
        lead,
        assists,
        row.text("units"),
        deadline,
        closed_on,
        archive_ref,
        void_reason_of(row),
    )


def void_reason_of(row: RowReader) -> str | None:
    """「作废：原因」 (as the export writes it) → the reason; None when the row is not voided."""
    text = row.text("void")
    if not text:
        return None
    return _VOID.sub("", text).strip() or "（原台账注明作废）"


def copies_of(row: RowReader) -> tuple[int, str]:
    """份数, or 「3（份号：001-003）」 as the export writes a classified document's copies."""
    if row.blank("copies"):
        return 1, ""
    text = values.text(row.raw("copies"))
    m = _COPIES.match(text)
    if not m or int(m[1]) < 1:
        row.problem("copies", f"「{text}」不是份数（应为整数，涉密件可写 3（份号：001-003））")
        return 1, ""
    return int(m[1]), (m[2] or "").strip()


def _readings(ctx: Context, row: RowReader) -> list[tuple[int, str, date, str]]:
    text = row.text("instructions")
    out: list[tuple[int, str, date, str]] = []
    if not text:
        return out
    for part in _split_readings(text):
        m = _READING.match(part.strip())
        if not m:
            row.problem("instructions", f"「{part}」应写作「姓名：意见（2026年3月6日）」")
            continue
        name, opinion, when = m[1].strip(), m[2].strip(), m[3].strip()
        try:
            pid = ctx.names.person(name)
            read_on = values.day(when)
        except values.CellProblem as exc:
            row.problem("instructions", str(exc))
            continue
        out.append((pid, name, read_on, opinion))
    return out


def _split_readings(text: str) -> list[str]:
    """「甲：同意。（2018年5月4日）；乙：阅。（2018年5月5日）」: split after each closing date."""
    parts = re.split(r"(?<=[）)])\s*[；;]\s*", text)
    return [p for p in parts if p.strip()]


def _units(ctx: Context, row: RowReader) -> tuple[int | None, list[int]]:
    text = row.text("units")
    if not text:
        return None, []
    m = _UNITS.match(text)
    lead_text, assist_text = (m[1], m[2]) if m else (text, "")
    names = [n.strip() for n in re.split(r"[、，,;；]", lead_text) if n.strip()]
    lead_name = names[0] if names else ""
    assist = names[1:] + [n.strip() for n in re.split(r"[、，,;；]", assist_text) if n.strip()]
    lead: int | None = None
    assists: list[int] = []
    try:
        lead = ctx.names.unit(lead_name) if lead_name else None
        assists = [ctx.names.unit(n) for n in assist]
    except values.CellProblem as exc:
        row.problem("units", str(exc))
    return lead, assists


def preview(v: Row) -> tuple[str, ...]:
    return (
        format_doc_number(PREFIX, v.year, v.seq),
        v.received_at.strftime("%Y-%m-%d %H:%M"),
        v.sender,
        v.title,
        v.secrecy,
        v.unit_text,
        "已办结" if v.closed_on else "",
        "作废" if v.void_reason is not None else "",
    )


def _status(v: Row) -> str:
    if v.closed_on is not None:
        return "closed"
    if v.lead_unit_id is not None or v.readings:
        return "routed"
    return "proposed" if v.proposal else "registered"


def write(s: Session, _ctx: Context, rows: list[Row]) -> list[int]:
    """The rows as 收文 with their readings, written in bulk (db.bulk: Core inserts, audited and
    indexed as the ORM would)."""
    now, actor = utcnow(), s.info.get("actor", "")
    ids = bulk.insert_records(s, IncomingDocument, [_document(v, now, actor) for v in rows])
    bulk.insert_records(
        s,
        IncomingReading,
        [
            dict(
                document_id=doc_id,
                person_id=pid,
                read_on=read_on,
                kind="circle" if opinion == r.CIRCLED else "opinion",
                opinion=opinion,
            )
            for doc_id, v in zip(ids, rows, strict=True)
            for pid, _name, read_on, opinion in v.readings
        ],
    )
    bulk.reindex(s, "incoming", ids)
    return ids


def _document(v: Row, now: datetime, actor: str) -> dict:
    voided = v.void_reason is not None
    return dict(
        year=v.year,
        seq=v.seq,
        received_at=v.received_at,
        sender=v.sender,
        sender_number=v.sender_number,
        title=v.title,
        doc_type=v.doc_type,
        secrecy=v.secrecy,
        urgency=v.urgency,
        copies=v.copies,
        copy_numbers=v.copy_numbers,
        nature="notice",
        proposal=v.proposal,
        proposed_at=v.received_at if v.proposal else None,
        route_kind="department" if v.lead_unit_id is not None else "",
        lead_unit_id=v.lead_unit_id,
        assist_unit_ids=",".join(str(u) for u in v.assist_unit_ids),
        deadline=v.deadline,
        closed_on=v.closed_on,
        archive_ref=v.archive_ref,
        status=_status(v),
        voided_at=now if voided else None,
        voided_by=actor if voided else None,
        void_reason=v.void_reason,
    )


SPEC = RegisterSpec(
    kind="incoming",
    title="收文登记簿",
    table="incoming_document",
    fields=FIELDS,
    preview_titles=("收文号", "收文日期", "来文机关", "标题", "密级", "承办单位", "办结", "作废"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: (v.year, v.seq),
    number_text=lambda v: format_doc_number(PREFIX, v.year, v.seq),
    write=write,
    counters=lambda v: (f"incoming:{v.year}", v.seq),
    secrecy=lambda v: v.secrecy,
)
