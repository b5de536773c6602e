"""Import of the office's 发文登记簿 (system.ledger_import): the columns of the printed register
and of its export (FORMS.md), so a sheet exported from fuban imports back as it was.

A row becomes an issued 发文 under its own number (同政发〔2026〕57号, any bracket), the issuer
read from the 机关代字 (a 代字 with 「办」 is the office's), its 签发人 as the record of the
签发 step. The sign-off chain of today's rules is not asked of it: it was approved on paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import bulk
from db.base import utcnow
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from desktop_app.formatting import china_today, format_doc_number
from desktop_app.rules import documents as r
from desktop_app.rules import incoming as ri
from desktop_app.services.directory import import_names
from desktop_app.services.documents.import_incoming import copies_of, void_reason_of
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_sheet import FieldSpec
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader

# What a row dated after the import day is told to do instead (an import takes history only)
NOT_ISSUED = (
    "导入只用于已经发生的历史记录，尚未印发的发文请在「发文」中登记并办理签批（第三十三条）。"
)

F = FieldSpec
FIELDS = [
    F(
        "number",
        "发文字号",
        True,
        help="机关代字〔年份〕序号号，如 同政发〔2026〕57号；括号可写作 [] 【】 ()",
        sample="同政发〔2026〕57号",
        aliases=("文号", "发文编号", "编号"),
    ),
    F(
        "title",
        "标题",
        True,
        help="文件标题（不超过 256 字）",
        sample="关于印发《同江市2026年春季农业生产工作方案》的通知",
        aliases=("文件标题", "文件名称"),
    ),
    F("doc_type", "文种", True, choices=r.DOC_TYPES, help="公文文种", sample="通知"),
    F(
        "secrecy",
        "密级",
        choices=ri.SECRECY_LEVELS,
        help="秘密、机密、绝密或留空；涉密行只能由机要人员导入",
    ),
    F(
        "drafting_unit",
        "拟稿单位",
        True,
        help="单位全称或简称，须在人员与分管名录中",
        sample="同江市农业农村局",
        aliases=("拟稿部门", "起草单位", "主办单位"),
    ),
    F("drafter", "拟稿人", help="拟稿人姓名（可不在人员名录中）", aliases=("起草人",)),
    F("checker", "核稿人", help="核稿人姓名（可不在人员名录中）", aliases=("审核人",)),
    F("signer", "签发人", help="签发的领导姓名，须在人员与分管名录中", sample="李明远"),
    F(
        "signed_on",
        "签发日期",
        help="日期，不晚于印发日期",
        sample="2026-3-2",
        aliases=("签发时间",),
    ),
    F(
        "main_to",
        "主送",
        help="主送机关",
        sample="各乡镇人民政府，市政府各部门",
        aliases=("主送机关",),
    ),
    F("cc", "抄送", help="抄送机关", sample="市委办公室", aliases=("抄送机关",)),
    F(
        "copies",
        "印制份数",
        help="份数；涉密件可写 3（份号：001-003）",
        sample=60,
        aliases=("份数", "印数"),
    ),
    F(
        "issued_on",
        "印发日期",
        True,
        help="印发的日期",
        sample="2026-3-3",
        aliases=("印发时间", "发文日期"),
    ),
    F(
        "openness",
        "公开属性",
        choices=("", *r.OPENNESS),
        help="主动公开、依申请公开、不予公开或留空",
        sample="主动公开",
        aliases=("公开方式",),
    ),
    F("archive_ref", "归档号", help="档案编号", aliases=("档号",)),
    F("void", "作废原因", help="作废的记录写「作废：原因」；未作废留空"),
]


@dataclass
class Context:
    names: import_names.DirectoryNames
    existing: set[tuple[str, int, int]]
    today: date = field(default_factory=china_today)


@dataclass
class Row:
    prefix: str
    year: int
    seq: int
    title: str
    doc_type: str
    secrecy: str
    drafting_unit_id: int
    unit_name: str
    drafter: str
    checker: str
    signer_id: int | None
    signed_on: date | None
    main_to: str
    cc: str
    copies: int
    copy_numbers: str
    issued_on: date
    openness: str
    archive_ref: str
    void_reason: str | None


def prepare(s: Session, _user: CurrentUser) -> Context:
    d = OutgoingDocument
    rows = s.execute(select(d.prefix, d.year, d.seq).where(d.seq.is_not(None)))
    numbers = {(p or "", y or 0, n or 0) for p, y, n in rows}  # all set, by the query
    return Context(import_names.load(s), numbers)


def check(ctx: Context, row: RowReader) -> Row | None:
    number = row.number("number")
    title = row.text("title", True, 256)
    doc_type = row.choice("doc_type", r.DOC_TYPES, "文种") if not row.blank("doc_type") else ""
    if row.blank("doc_type"):
        row.problem("doc_type", "不能为空")
    secrecy = row.choice("secrecy", ri.SECRECY_LEVELS, "密级")
    unit_name = row.text("drafting_unit", True)
    unit_id = row.found("drafting_unit", unit_name, ctx.names.unit)
    drafter, checker = row.text("drafter", max_len=64), row.text("checker", max_len=64)
    signer = row.text("signer")
    signer_id = row.found("signer", signer, ctx.names.person)
    signed_on = row.date("signed_on")
    copies, copy_numbers = copies_of(row)
    issued_on = row.date("issued_on", required=True)
    openness = row.choice("openness", ("", *r.OPENNESS), "公开属性")
    if secrecy and openness in r.OPENNESS and openness != "不予公开":  # R44, as check_openness
        row.problem("openness", f"涉密文件不得{openness}（第四十四条），应为「不予公开」或留空")
    if number is not None and number in ctx.existing:
        row.problem("number", f"{format_doc_number(*number)} 已在发文登记簿中，不能重复登记")
    if issued_on is not None:
        if number is not None and number[1] != issued_on.year:
            row.problem("number", f"文号年份 {number[1]} 与印发日期 {issued_on.year} 年不符")
        if signed_on is not None and issued_on < signed_on:
            row.problem(
                "issued_on", f"印发日期 {issued_on:%Y-%m-%d} 早于签发日期 {signed_on:%Y-%m-%d}"
            )
    row.not_after("signed_on", signed_on, ctx.today, "签发日期", NOT_ISSUED)
    row.not_after("issued_on", issued_on, ctx.today, "印发日期", NOT_ISSUED)
    main_to, cc = row.text("main_to"), row.text("cc")
    archive_ref = row.text("archive_ref", max_len=64)
    void = void_reason_of(row)
    if row.problems or number is None or issued_on is None or unit_id is None:
        return None
    return Row(
        *number,
        title,
        doc_type,
        secrecy,
        unit_id,
        unit_name,
        drafter,
        checker,
        signer_id,
        signed_on,
        main_to,
        cc,
        copies,
        copy_numbers,
        issued_on,
        openness,
        archive_ref,
        void,
    )


def preview(v: Row) -> tuple[str, ...]:
    return (
        format_doc_number(v.prefix, v.year, v.seq),
        v.title,
        v.doc_type,
        v.secrecy,
        v.unit_name,
        f"{v.issued_on:%Y-%m-%d}",
        "作废" if v.void_reason is not None else "",
    )


def write(s: Session, _ctx: Context, rows: list[Row]) -> list[int]:
    """The rows as issued 发文 with their 签发 records, written in bulk (db.bulk: Core inserts,
    audited and indexed as the ORM would)."""
    now, actor = utcnow(), s.info.get("actor", "")
    ids = bulk.insert_records(s, OutgoingDocument, [_document(v, now, actor) for v in rows])
    bulk.insert_records(
        s,
        OutgoingSignoff,
        [
            dict(
                document_id=doc_id,
                step_key="sign",
                person_id=v.signer_id,
                signed_on=v.signed_on or v.issued_on,
            )
            for doc_id, v in zip(ids, rows, strict=True)
            if v.signer_id is not None
        ],
    )
    bulk.reindex(s, "outgoing", ids)
    return ids


def _document(v: Row, now: datetime, actor: str) -> dict:
    voided = v.void_reason is not None
    return dict(
        issuer="office" if "办" in v.prefix else "government",
        doc_type=v.doc_type,
        title=v.title,
        drafting_unit_id=v.drafting_unit_id,
        drafter=v.drafter,
        checker=v.checker,
        drafted_on=v.signed_on or v.issued_on,
        register_on=v.issued_on,
        main_to=v.main_to,
        cc=v.cc,
        secrecy=v.secrecy,
        copies=v.copies,
        copy_numbers=v.copy_numbers,
        openness=v.openness,
        status="issued",
        prefix=v.prefix,
        year=v.year,
        seq=v.seq,
        signed_on=v.signed_on,
        issued_on=v.issued_on,
        archive_ref=v.archive_ref,
        voided_at=now if voided else None,
        voided_by=actor if voided else None,
        void_reason=v.void_reason,
    )


SPEC = RegisterSpec(
    kind="outgoing",
    title="发文登记簿",
    table="outgoing_document",
    fields=FIELDS,
    preview_titles=("发文字号", "标题", "文种", "密级", "拟稿单位", "印发日期", "作废"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: (v.prefix, v.year, v.seq),
    number_text=lambda v: format_doc_number(v.prefix, v.year, v.seq),
    write=write,
    counters=lambda v: (r.number_sequence_name(v.prefix, v.year), v.seq),
    secrecy=lambda v: v.secrecy,
)
