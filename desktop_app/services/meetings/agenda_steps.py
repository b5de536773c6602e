"""The steps of an agenda item's approval chain (R23.4.1a–R23.4.4, R23.4.2c, R23.4.7): what each
records, who must have signed it on its day, and the order the five R23.4.1a steps follow."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from db.models import AgendaItem
from desktop_app.formatting import format_date
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as q
from desktop_app.services.meetings.participants import signer_on
from desktop_app.services.system.common import ValidationError, required_text

# step → (label, date column, who signs: a post code, "sponsor" (the vice mayor in charge of the
# item's unit that day, derived — R6.1 — or his AB partner while he is away, R6.2), or nobody)
STEPS: dict[str, tuple[str, str | None, str | None]] = {
    "coordination": ("协调（会签、分别征求意见或协调会）", "coordination_on", None),
    "sponsor_signed": ("分管副市长审定签字", "sponsor_signed_on", "sponsor"),
    "office_consolidated": ("市政府办公室综合汇总", "office_consolidated_on", None),
    "exec_reviewed": ("常务副市长审核", "exec_reviewed_on", "exec_vice_mayor"),
    "mayor_approved": ("市长审定", "mayor_approved_on", "mayor"),
    "legal_reviewed": ("法制部门审核同意", "legal_reviewed_on", None),
    "procedure_sheet": ("法定程序完成情况表", "procedure_sheet_on", None),
    "consensus": ("达成一致意见", None, None),
    "disagreement": ("分歧意见及解决方案", None, None),
    "mayor_consent": ("市长同意提请审议", "mayor_consent_on", "mayor"),
    "briefing": ("向市长专题汇报", "briefing_on", None),
    "materials": ("会议材料送达文秘室", "materials_received_on", None),
}
CHAIN_ORDER = (
    "coordination",
    "sponsor_signed",
    "office_consolidated",
    "exec_reviewed",
    "mayor_approved",
)  # R23.4.1a is a sequence
COORDINATION_METHODS = ("会签", "分别征求意见", "协调会")
_EXTRA = {
    "coordination": {"method"},
    "disagreement": {"disagreement", "solution"},
    "materials": {"copies"},
}
_SIGNED_BY = {
    "sponsor_signed": "sponsor_signed_by",
    "exec_reviewed": "exec_reviewed_by",
    "mayor_approved": "mayor_approved_by",
}


def date_column(step: str) -> str:
    """The AgendaItem column holding the day `step` was taken (every step but the two that
    record text: consensus and disagreement)."""
    column = STEPS[step][1]
    if column is None:
        raise ValueError(f"step {step!r} is not recorded by a date")
    return column


NO_UNIT = "请先填写该议题的提请部门：分管副市长由提请部门确定（人员与分管 → 分管）。"


def _signer(s: Session, item: AgendaItem, step: str, on: date, by: int | None) -> int | None:
    label, _column, signer = STEPS[step]
    rule_id = "R23.4.4" if step == "mayor_consent" else "R23.4.1a"
    if signer == "sponsor":
        # R23.4.1a: 分管副市长审定签字 — the vice mayor in charge of the submitting unit on the
        # day he signs; while he is away his AB partner may sign in his place (B角代签, R6.2).
        if item.department_id is None:
            raise ValidationError(NO_UNIT)
        who = in_charge.require(s, rule_id, on, unit_id=item.department_id)
        signer_id = by if by is not None else who.person_id
        item.sponsor_signed_capacity = in_charge.check_signer(
            s, rule_id, label, who, signer_id
        ).capacity
        return signer_id
    return signer_on(s, signer, on, by, rule_id, label) if signer else None


def signature_problem(s: Session, item: AgendaItem) -> str:
    """Why the recorded 分管副市长审定签字 does not stand for the item's unit ("" when it does or
    none is recorded): the unit was changed since, or the signature was recorded when the vice
    mayor was still picked by hand (before migration 0011) and is not that unit's."""
    on, signer = item.sponsor_signed_on, item.sponsor_signed_by
    if on is None:
        return ""
    if item.department_id is None:
        return f"议题未填写提请部门，无法确认{format_date(on)}的「分管副市长审定签字」是否由分管副市长签署"
    who = in_charge.find(s, on, unit_id=item.department_id)
    unit = q.unit_name(s, item.department_id)
    if who is None:
        return f"{format_date(on)}「{unit}」没有登记分管副市长（{in_charge.DIRECTORY_HINT}）"
    if signer is not None and (
        signer == who.person_id
        or (signer == who.partner_id and item.sponsor_signed_capacity == "B角代签")
    ):
        return ""
    return (
        f"「分管副市长审定签字」记录为{q.person_name(s, signer) or '（未记录签字人）'}"
        f"于{format_date(on)}签署，但当日「{unit}」的分管副市长为{who.name}"
    )


def _check_order(item: AgendaItem) -> None:
    """Each R23.4.1a step follows the one before it, and not earlier in time."""
    gap: str | None = None
    last: tuple[str, date] | None = None
    for step in CHAIN_ORDER:
        done = getattr(item, date_column(step))
        if done is None:
            gap = gap or step
        elif gap is not None:
            raise violation(
                "R23.4.1a",
                f"「{STEPS[step][0]}」须在「{STEPS[gap][0]}」之后，请先记录「{STEPS[gap][0]}」。",
            )
        elif last is not None and done < last[1]:
            raise violation(
                "R23.4.1a",
                f"「{STEPS[step][0]}」的日期不能早于「{STEPS[last[0]][0]}」"
                f"（{format_date(last[1])}）。",
            )
        else:
            last = (step, done)


def clear_step(item: AgendaItem, step: str) -> None:
    setattr(item, date_column(step), None)
    if step in _SIGNED_BY:
        setattr(item, _SIGNED_BY[step], None)
    if step == "sponsor_signed":
        item.sponsor_signed_capacity = ""
    if step == "coordination":
        item.coordination_method = ""
    if step == "materials":
        item.materials_copies = 0


def apply_step(
    s: Session,
    item: AgendaItem,
    step: str,
    on: date | None,
    by: int | None,
    extra: dict[str, Any],
    meeting_on: date | None,
) -> None:
    if step not in STEPS:
        raise ValidationError("未知的议题步骤。")
    label = STEPS[step][0]
    if set(extra) - _EXTRA.get(step, set()):
        raise ValidationError(f"「{label}」不需要这些内容：{'、'.join(sorted(extra))}。")
    if step == "consensus":
        item.consensus, item.disagreement, item.solution, item.mayor_consent_on = True, "", "", None
    elif step == "disagreement":
        item.disagreement = required_text(extra.get("disagreement"), "分歧意见", 2000)
        item.solution = required_text(extra.get("solution"), "解决方案或倾向性意见", 2000)
        item.consensus, item.mayor_consent_on = False, None  # the mayor consents to this text
    elif on is None:  # a correction: the step is taken off the record
        clear_step(item, step)
    else:
        _check_step(item, step, on, extra, meeting_on)
        who = _signer(s, item, step, on, by)
        if step in _SIGNED_BY:
            setattr(item, _SIGNED_BY[step], who)
        setattr(item, date_column(step), on)
    _check_order(item)


def _check_step(
    item: AgendaItem, step: str, on: date, extra: dict[str, Any], meeting_on: date | None
) -> None:
    """What one step needs besides its signer; fills in the step's own details."""
    if step == "coordination":
        if extra.get("method") not in COORDINATION_METHODS:
            raise ValidationError("请选择协调方式：会签、分别征求意见或协调会。")
        item.coordination_method = extra["method"]
    elif step == "mayor_consent" and item.consensus:
        raise violation(
            "R23.4.4",
            "该议题未登记分歧意见，无需市长同意；如未达成一致，请先登记分歧意见和解决方案。",
        )
    elif step == "briefing":
        if not item.is_important:
            raise violation(
                "R23.4.2c",
                "仅特别重要的议题可在会前提请市长听取专题汇报，请先将议题标记为特别重要。",
            )
        if meeting_on is not None and on > meeting_on:
            raise violation("R23.4.2c", "专题汇报应在常务会议之前。")
    elif step == "materials":
        try:
            copies = int(extra.get("copies", 0))
        except (TypeError, ValueError):
            copies = -1
        if copies < 0:
            raise ValidationError("材料份数须为不小于 0 的整数。")
        item.materials_copies = copies
