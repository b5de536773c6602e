"""Import of the office's 用印登记簿 (system.ledger_import): the columns of the register's export
(FORMS.md), so a sheet exported from fuban imports back as it was.

Each row is one entry of the register (序号 within its 年度) under its 用印审批单 number
(用印〔2026〕57号, any bracket); rows sharing a 编号 are entries of one application (an entry
voided and made again). The 批准人 written on paper (「孙立新（副市长）、张海峰（市长）」, 「…（B角代签）」)
become the application's recorded approvals; none of today's checklist (R45–R48, R14) is asked of
it — it was approved on paper. Both the application numbers and the register's 序号 continue after
the highest imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.base import utcnow
from db.models.seals import Seal, SealApplication, SealApproval, SealUse
from desktop_app.formatting import CHINA, china_today
from desktop_app.services.directory import import_names
from desktop_app.services.seals.checklist import NUMBER_PREFIX, application_number
from desktop_app.services.system import ledger_cells as cells
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_sheet import FieldSpec
from desktop_app.services.system.ledger_spec import RegisterSpec, RowReader

STATES = ("有效", "作废")
_SPOILED = re.compile(r"^废页\s*\d+\s*份$")
_CHAIN = re.compile(r"^发文签批[：:]")
# What a row dated after the import day is told to do instead (an import takes history only)
NOT_USED = (
    "导入只用于已经发生的历史记录，尚未用印的请在「用印」中登记用印申请，"
    "经审批后用印（第四十五条至第四十八条）。"
)

F = FieldSpec
FIELDS = [
    F(
        "number",
        "序号",
        True,
        help="用印登记簿的年内顺序号（整数）；同一年度内不能重复",
        sample=1,
        aliases=("登记号", "顺序号"),
    ),
    F("year", "年度", help="登记的年度；留空按用印日期的年份", sample=2026, aliases=("年份",)),
    F(
        "used_on",
        "用印日期",
        True,
        help="加盖印章的日期：2026-3-5、2026年3月5日 等；可带时刻",
        sample=date(2026, 3, 5),
        aliases=("日期", "用印时间"),
    ),
    F("time", "时间", help="用印的时刻，如 10:30；留空记为 0:00", sample=time(10, 30)),
    F(
        "application",
        "编号",
        True,
        help="用印审批单编号：用印〔年份〕序号号，如 用印〔2026〕1号；同一审批单的多次登记写同一编号",
        sample="用印〔2026〕1号",
        aliases=("审批单编号", "用印编号"),
    ),
    F(
        "unit",
        "用印单位",
        True,
        help="单位全称或简称，须在人员与分管名录中",
        sample="同江市农业农村局",
        aliases=("申请单位", "用印部门"),
    ),
    F(
        "title",
        "文件名称",
        True,
        help="盖章的文件名称（不超过 256 字）",
        sample="关于申请春耕资金的报告",
        aliases=("文件标题", "材料名称"),
    ),
    F("purpose", "事由", help="用印事由", sample="报送省农业农村厅", aliases=("用印事由",)),
    F(
        "seal",
        "印章",
        True,
        help="印章名称，须与「用印 → 印章」中的名称一致，如 同江市人民政府印",
        sample="同江市人民政府印",
        aliases=("印章名称", "所用印章"),
    ),
    F("approved", "批准份数", help="审批单批准的份数；留空同用印份数", sample=2),
    F("stamped", "用印份数", help="实际盖章的份数；留空同批准份数", sample=2, aliases=("份数",)),
    F("spoiled", "废页", help="盖坏作废的页数；留空为 0", sample=0, aliases=("废页份数",)),
    F("handler", "经办人", help="申请单位的经办人", sample="刘晓东"),
    F(
        "approvers",
        "批准人",
        help="姓名（身份），多人以「、」分隔，如 孙立新（副市长）、张海峰（市长）；"
        "B 角代签写「姓名（B角代签）」；姓名须在人员名录中",
        sample="",
        aliases=("审批人", "批准领导"),
    ),
    F("supervisor", "监印人", help="监印人姓名", sample="赵红"),
    F("state", "状态", choices=("", *STATES), help="有效或作废；留空为有效", sample="有效"),
    F("void", "作废原因", help="作废的登记写明原因；状态为作废时必填", sample=""),
    F("remarks", "备注", help="其他说明", sample=""),
]


@dataclass
class Context:
    names: import_names.DirectoryNames
    seals: dict[str, int]
    seal_names: list[str]
    existing_apps: set[tuple[int, int]]
    existing_uses: set[tuple[int, int]]
    # the first row of each application number in the file: what its later rows must repeat
    apps_in_file: dict[tuple[int, int], tuple[int, tuple]] = field(default_factory=dict)
    written_apps: dict[tuple[int, int], int] = field(default_factory=dict)
    today: date = field(default_factory=china_today)


@dataclass
class Row:
    year: int
    seq: int
    used_at: datetime
    app_year: int
    app_seq: int
    unit_id: int
    unit_name: str
    title: str
    purpose: str
    seal_id: int
    seal_name: str
    approved: int
    stamped: int
    spoiled: int
    handler: str
    approvals: list[tuple[int, str, str, bool]]  # person id, name, title, B角代签
    supervisor: str
    void_reason: str | None
    note: str


def prepare(s: Session, _user: CurrentUser) -> Context:
    found = {n: i for i, n in s.execute(select(Seal.id, Seal.name).where(Seal.voided_at.is_(None)))}
    apps = {(y, n) for y, n in s.execute(select(SealApplication.year, SealApplication.seq))}
    uses = {(y, n) for y, n in s.execute(select(SealUse.year, SealUse.seq))}
    return Context(import_names.load(s), found, sorted(found), apps, uses)


def check(ctx: Context, row: RowReader) -> Row | None:
    serial = row._read("number", True, values.count)
    year = row._read("year", False, values.count)
    used = row.date_time("used_on", required=True)
    at = row._read("time", False, cells.time_of_day)
    app = row._read("application", True, lambda v: values.doc_number(v, NUMBER_PREFIX))
    unit_name = row.text("unit", True)
    unit_id = row.found("unit", unit_name, ctx.names.unit)
    title = row.text("title", True, 256)
    purpose = row.text("purpose", max_len=2000)
    seal_name = row.text("seal", True)
    seal_id = ctx.seals.get(seal_name)
    if seal_name and seal_id is None:
        near = values.nearest(seal_name, ctx.seal_names)
        hint = f"，最接近的是：{'、'.join(near)}" if near else ""
        row.problem("seal", f"印章「{seal_name}」不在印章目录中{hint}")
    approved = row._read("approved", False, values.count)
    stamped = row._read("stamped", False, values.count)
    spoiled = row._read("spoiled", False, lambda v: values.count(v, 0)) or 0
    handler = row.text("handler", max_len=64)
    approvals = _approvals(ctx, row)
    supervisor = row.text("supervisor", max_len=64)
    state = row.choice("state", ("", *STATES), "状态")
    reason = row.text("void", max_len=2000)
    if state == "作废" and not reason:
        reason = "（原台账注明作废）"
    elif state != "作废" and reason:
        row.problem("void", "状态不是「作废」却填写了作废原因")
    if approved is None:
        approved = stamped or 1
    if stamped is None:
        stamped = approved
    if stamped > approved:
        row.problem("stamped", f"用印份数 {stamped} 多于批准份数 {approved}")
    if used is not None:
        if at is not None or used.time() == time():
            used = datetime.combine(used.date(), at or time())
        if year is None:
            year = used.year
        elif year != used.year:
            row.problem("year", f"年度 {year} 与用印日期 {used.year} 年不符")
        row.not_after("used_on", used.date(), ctx.today, "用印日期", NOT_USED)
    if year is not None and serial is not None and (year, serial) in ctx.existing_uses:
        row.problem("number", f"{year}年第{serial}号已在用印登记簿中，不能重复登记")
    if app is not None:
        key = (app[1], app[2])
        same = (unit_id, title, purpose, seal_id, approved, handler, tuple(approvals))
        if key in ctx.existing_apps:
            row.problem("application", f"{application_number(*key)} 已在系统中，不能重复登记")
        first = ctx.apps_in_file.setdefault(key, (row.row, same))
        if first[0] != row.row and first[1] != same:
            row.problem(
                "application",
                f"编号 {application_number(*key)} 与第{first[0]}行是同一审批单，"
                "但用印单位、文件名称、事由、印章、批准份数、经办人或批准人不同",
            )
    if row.problems or None in (serial, year, used, app, unit_id, seal_id):
        return None
    assert serial is not None and year is not None and used is not None and app is not None
    assert unit_id is not None and seal_id is not None
    return Row(
        year,
        serial,
        used.replace(tzinfo=CHINA),
        app[1],
        app[2],
        unit_id,
        unit_name,
        title,
        purpose,
        seal_id,
        seal_name,
        approved,
        stamped,
        spoiled,
        handler,
        approvals,
        supervisor,
        reason or None,
        _note(row.text("remarks")),
    )


def _approvals(ctx: Context, row: RowReader) -> list[tuple[int, str, str, bool]]:
    """「发文签批：张海峰；孙立新（副市长）」 (a formal document's chain first, as the export
    writes it) or 「孙立新（副市长）、周志强（B角代签）」."""
    text = _CHAIN.sub("", row.text("approvers")).replace("；", "、").replace(";", "、")
    out = []
    for name, title in cells.named_list(text):
        pid = row.found("approvers", name, ctx.names.person)
        if pid is not None:
            b_role = title == "B角代签"
            out.append((pid, name, "" if b_role else title, b_role))
    return out


def _note(remarks: str) -> str:
    """备注 as the export writes it: 「作废：…；废页 1 份；note」 — the first two have their
    own columns, only the note is kept."""
    parts = [p for p in remarks.split("；")]
    kept = [p for p in parts if not p.startswith("作废：") and not _SPOILED.match(p.strip())]
    return "；".join(kept).strip()


def _kind(title: str) -> str:
    """The approval's box on the 用印审批单, by the title written after the name."""
    if title == "市长":
        return "mayor"
    if "主任" in title:
        return "office_director"
    return "vice_mayor"


def preview(v: Row) -> tuple[str, ...]:
    return (
        f"{v.year}-{v.seq}",
        v.used_at.strftime("%Y-%m-%d %H:%M"),
        application_number(v.app_year, v.app_seq),
        v.unit_name,
        v.title,
        v.seal_name,
        str(v.stamped),
        "作废" if v.void_reason is not None else "",
    )


def write(s: Session, ctx: Context, rows: list[Row]) -> list[int]:
    now, actor = utcnow(), s.info.get("actor", "")
    new_apps: list[tuple[SealApplication, Row]] = []
    pending: set[tuple[int, int]] = set()
    for v in rows:
        key = (v.app_year, v.app_seq)
        if key in ctx.written_apps or key in pending:
            continue
        pending.add(key)
        app = SealApplication(
            year=v.app_year,
            seq=v.app_seq,
            applied_on=v.used_at.date(),
            unit_id=v.unit_id,
            handler=v.handler,
            title=v.title,
            copies=v.approved,
            seal_id=v.seal_id,
            purpose=v.purpose,
        )
        new_apps.append((app, v))
    s.add_all(a for a, _v in new_apps)
    s.flush()
    for app, v in new_apps:
        ctx.written_apps[(app.year, app.seq)] = app.id
        s.add_all(
            SealApproval(
                application_id=app.id,
                kind=_kind(title),
                person_id=pid,
                signer_name=name,
                signer_title=title,
                b_role=b_role,
                signed_on=app.applied_on,
            )
            for pid, name, title, b_role in v.approvals
        )
    uses = []
    for v in rows:
        use = SealUse(
            application_id=ctx.written_apps[(v.app_year, v.app_seq)],
            year=v.year,
            seq=v.seq,
            used_at=v.used_at,
            copies_stamped=v.stamped,
            copies_spoiled=v.spoiled,
            supervisor=v.supervisor,
            no_blank_paper=True,
            note=v.note,
        )
        if v.void_reason is not None:
            use.voided_at, use.voided_by, use.void_reason = now, actor, v.void_reason
        uses.append(use)
    s.add_all(uses)
    s.flush()
    return [u.id for u in uses]


SPEC = RegisterSpec(
    kind="seals",
    title="用印登记簿",
    table="seal_use",
    fields=FIELDS,
    preview_titles=("序号", "用印时间", "编号", "用印单位", "文件名称", "印章", "份数", "作废"),
    prepare=prepare,
    check=check,
    preview=preview,
    number_key=lambda v: (v.year, v.seq),
    number_text=lambda v: f"{v.year}年第{v.seq}号",
    write=write,
    counters=lambda v: [
        (f"seal_application:{v.app_year}", v.app_seq),
        (f"seal_use:{v.year}", v.seq),
    ],
    secrecy=lambda v: "",
)
