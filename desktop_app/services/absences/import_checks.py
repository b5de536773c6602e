"""What a row of the 外出请示报备 import (absences.import_register) is checked against and the
cells whose reading needs it: the `Context` built once per sheet by `prepare` (the directory's
names, the work calendar, the live requests), the post whose procedure applied (R62.5) on the
departure day, a person looked up in the directory, the written reports (R62.9), and the
approvals written on paper read as the procedure's steps. They stand apart from the row's check
and its writing (import_register), which call them cell by cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Unit
from db.models.absences import Absence
from db.models.system import HolidayNotice
from desktop_app.formatting import CHINA
from desktop_app.rules import absences as r
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import import_names
from desktop_app.services.directory import queries as dq
from desktop_app.services.system import ledger_cells as cells
from desktop_app.services.system import ledger_values as values
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.ledger_spec import RowReader
from desktop_app.workdays import WorkCalendar, parse_notice_text

_STEP_LINE = re.compile(r"^(.+?)[：:]\s*(.+?)\s+(\S+)$")
_RECEIVED = re.compile(r"^已收到\s*(.*)$")
_STEPS_BY_TITLE = {s.title: s for s in r.STEPS.values()}


@dataclass
class Context:
    session: Session
    names: import_names.DirectoryNames
    cal: WorkCalendar
    today: date
    existing: set[tuple[int, date, str]]  # person, departure day and half of live requests
    seen: dict[tuple[int, date, str], int] = field(default_factory=dict)
    unit_kinds: dict[int, str] = field(default_factory=dict)


def prepare(s: Session, _user: CurrentUser) -> Context:
    cal = WorkCalendar([parse_notice_text(t) for t in s.scalars(select(HolidayNotice.text))])
    live = s.execute(
        select(Absence.person_id, Absence.start_date, Absence.start_half).where(
            Absence.voided_at.is_(None)
        )
    )
    kinds = {i: k for i, k in s.execute(select(Unit.id, Unit.kind))}
    today = datetime.now(CHINA).date()  # the import day, as the other registers' imports
    existing = {(pid, day, half) for pid, day, half in live}
    return Context(s, import_names.load(s), cal, today, existing, {}, kinds)


def post(ctx: Context, row: RowReader, person_id: int, start: date) -> dq.Holder | None:
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


def report(row: RowReader, key: str, category: str | None) -> tuple[bool, date | None]:
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


def approvals(
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
            person_id = row.found("approvals", name, ctx.names.person)
            if person_id is None:
                continue
        out.append((step.code, person_id, name, capacity, signed_on))
    return out
