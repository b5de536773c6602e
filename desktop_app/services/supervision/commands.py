"""督办 writes: an item from any source (R70, R71), one from a meeting decision without retyping
(R23.6.1), written progress reports (R29.3), closing with evidence, escalation (R71), voiding.

A meeting decision is followed up here once it is an item: closing the item closes the decision
with the same date and evidence, and the meetings area's own decision follow-up (its report form
and 工作台 reminders) leaves it to this register (meetings.decisions.tracked_ids)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Decision, IncomingDocument, Meeting, Person, Unit
from db.models.supervision import SupervisionItem, SupervisionReport, SupervisionStep
from db.text_input import max_length, refuse_unstorable
from desktop_app.rules import supervision as rules
from desktop_app.rules import supervision_steps as step_rules
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as dq
from desktop_app.services.meetings.schedule import meeting_day
from desktop_app.services.seals.files import store_file
from desktop_app.services.supervision import queries
from desktop_app.services.supervision.dto import ItemDTO, ReportDTO
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    get_existing,
    load_for_update,
    require_any,
    void_record,
)

# Who may write to the 督办 register: 文秘 (and 管理员, 机要) or 督查. The pane offers its write
# buttons to these accounts only (ui.panes.supervision), from this same tuple.
KEEPERS: tuple[str, ...] = ("records", "supervision")


def require_supervision(user: CurrentUser) -> None:
    # through require_any: a window whose account was demoted since sign-in is refused at the save
    require_any(user, *KEEPERS, refusal="当前账户无权登记督办事项。")


def _text(value: str | None, model: type, key: str, label: str) -> str:
    """Optional text for column `key` of `model`, at most what the column holds (db.text_input:
    the forms stop typing there too, services.system.form_limits); Text columns take any length."""
    value = (value or "").strip()
    refuse_unstorable(label, value)
    limit = max_length(model, key)
    if limit is not None and len(value) > limit:
        raise ValidationError(f"{label}最多{limit}个字（现为{len(value)}个字）。")
    return value


def _required(value: str | None, model: type, key: str, label: str) -> str:
    """As `_text`, and not blank."""
    if not (value or "").strip():
        raise ValidationError(f"请填写{label}。")
    return _text(value, model, key, label)


def _new_item(
    s: Session,
    *,
    kind: str,
    title: str,
    content: str,
    unit_id: int | None,
    responsible_person: str,
    deadline: date | None,
    assigned_on: date,
    **extra,
) -> SupervisionItem:
    rules.check_assignment(unit_id, responsible_person, deadline, assigned_on)
    if s.get(Unit, unit_id) is None:
        raise ValidationError("责任单位不存在。")
    # R71: the vice mayor in charge of the unit on the day it was assigned, from the directory.
    vm = in_charge.require(s, "R71", assigned_on, unit_id=unit_id)
    item = SupervisionItem(
        source_kind=kind,
        title=title,
        content=content,
        unit_id=unit_id,
        responsible_person=responsible_person.strip(),
        vice_mayor_id=vm.person_id,
        deadline=deadline,
        assigned_on=assigned_on,
        status="open",
        **extra,
    )
    s.add(item)
    s.flush()
    return item


def create_item(
    db: Database,
    user: CurrentUser,
    *,
    kind: str,
    title: str,
    content: str = "",
    unit_id: int | None,
    responsible_person: str,
    deadline: date | None,
    assigned_on: date,
    assisting_units: str = "",
    quality: str = "",
    incoming_document_id: int | None = None,
    instruction_by_id: int | None = None,
    instruction_on: date | None = None,
    instruction_on_what: str = "",
    matter: str = "",
) -> ItemDTO:
    """R70/R71: an item from a document, a 批示, a major decision or an NPC/CPPCC proposal;
    `matter`: one with its own approval chain (R13 fiscal, R67 guests; services.steps)."""
    require_supervision(user)
    if matter and matter not in rules.MATTERS:
        raise ValidationError("事项类型不正确。")
    rules.check_source(
        kind,
        decision_id=None,
        document_id=incoming_document_id,
        instruction_by=instruction_by_id,
        instruction_on=instruction_on,
    )
    if kind == "decision":
        raise ValidationError("会议决定事项请在会议的决定事项中选择后转入督办。")
    title = _required(title, SupervisionItem, "title", "督办事项")
    with db.uow(user.username) as s:
        secrecy = ""
        if incoming_document_id is not None:
            doc = s.get(IncomingDocument, incoming_document_id)
            if doc is None or doc.voided_at is not None:
                raise ValidationError("所选收文不存在或已作废。")
            secrecy = doc.secrecy  # R44: the item is as classified as its document
        if instruction_by_id is not None and s.get(Person, instruction_by_id) is None:
            raise ValidationError("批示领导不存在。")
        item = _new_item(
            s,
            kind=kind,
            title=title,
            content=_text(content, SupervisionItem, "content", "督办内容"),
            unit_id=unit_id,
            responsible_person=_text(
                responsible_person, SupervisionItem, "responsible_person", "责任人"
            ),
            deadline=deadline,
            assigned_on=assigned_on,
            assisting_units=_text(assisting_units, SupervisionItem, "assisting_units", "协办单位"),
            quality=_text(quality, SupervisionItem, "quality", "质量要求"),
            incoming_document_id=incoming_document_id,
            instruction_by_id=instruction_by_id,
            instruction_on=instruction_on,
            instruction_on_what=_text(
                instruction_on_what, SupervisionItem, "instruction_on_what", "批示所涉文件或事项"
            ),
            secrecy=secrecy,
            matter=matter,
        )
        return queries.item_dto(s, item, assigned_on)


def item_from_decision(
    db: Database, user: CurrentUser, decision_id: int, *, responsible_person: str
) -> ItemDTO:
    """R23.6.1/R70: a meeting decision becomes an item with its content, unit, deadline and
    quality as the meeting recorded them; only the responsible person is added (R71)."""
    require_supervision(user)
    with db.uow(user.username) as s:
        d = s.get(Decision, decision_id)
        if d is None or d.voided_at is not None:
            raise ValidationError("会议决定事项不存在或已作废。")
        existing = s.scalar(select(SupervisionItem).where(SupervisionItem.decision_id == d.id))
        if existing is not None:
            # One item per decision (a unique column): a voided one leaves the decision to the
            # meetings area's own follow-up rather than to a second item.
            if existing.voided_at is not None:
                raise ValidationError(
                    f"该决定事项转入督办后已作废（{existing.void_reason}），"
                    "仍在会议的决定事项中跟踪落实情况。"
                )
            raise ValidationError("该决定事项已列入督办台账，请在督办中跟踪。")
        m = get_existing(s, Meeting, d.meeting_id)
        day = meeting_day(m.starts_at)
        content = " ".join(d.content.split())
        limit = max_length(SupervisionItem, "title") or len(content)
        item = _new_item(
            s,
            kind="decision",
            title=content if len(content) <= limit else content[: limit - 1] + "…",
            content=d.content,
            unit_id=d.unit_id,
            responsible_person=_text(
                responsible_person, SupervisionItem, "responsible_person", "责任人"
            ),
            deadline=d.deadline,
            assigned_on=day,
            decision_id=d.id,
            quality=d.quality,
            secrecy="涉密" if m.confidential else "",  # R44: a confidential meeting's decision
        )
        if d.vice_mayor_id is not None:
            item.vice_mayor_id = d.vice_mayor_id  # as the meeting assigned it (R23.6.1)
        # R44: a confidential meeting's decision comes back hidden to an account that may not
        # see it (the decision's text is the meeting's, not the writer's)
        return queries.item_dto(s, item, day, user)


def record_report(
    db: Database,
    user: CurrentUser,
    item_id: int,
    *,
    received_on: date | None,
    text: str,
    direction: str = "unit",
    attachment_name: str = "",
    attachment: bytes | None = None,
    today: date,
) -> ReportDTO:
    """R29.3: a written report received from the unit (to the vice mayor in charge and the
    督查室), or sent on by the 督查室 to the executive vice mayor and the mayor. `attachment`:
    the file itself (a scan, the unit's document), kept once by its SHA-256 in the store the seal
    register's files use; `attachment_name` its file name — or, without a file, the name of a
    paper attachment kept on file."""
    require_supervision(user)
    if direction not in ("unit", "office"):
        raise ValidationError("请选择反馈的方向。")
    with db.uow(user.username) as s:
        item = s.get(SupervisionItem, item_id)
        if item is None or item.voided_at is not None:
            raise ValidationError("督办事项不存在或已作废。")
        rules.check_report(received_on, text, item.assigned_on, today)
        r = SupervisionReport(
            item_id=item.id,
            direction=direction,
            received_on=received_on,
            text=_text(text, SupervisionReport, "text", "反馈内容"),
            attachment_name=_text(
                attachment_name, SupervisionReport, "attachment_name", "附件名称"
            ),
        )
        if attachment:
            if not r.attachment_name:
                raise ValidationError("请填写附件的文件名。")
            r.attachment_sha256 = store_file(s, attachment, r.attachment_name, actor=user.username)
        s.add(r)
        s.flush()
        return queries.report_dto(r, len(attachment) if attachment else 0)


def close_item(
    db: Database,
    user: CurrentUser,
    item_id: int,
    *,
    done: bool,
    closed_on: date,
    evidence: str,
    expected_version: int | None = None,
) -> ItemDTO:
    """R29.3: done, or not done, on the unit's written report with the evidence or the reason;
    R13/R67: a matter with its own approval chain is done only once the chain is on record.
    A decision's item closes the decision too, so the two never disagree."""
    require_supervision(user)
    with db.uow(user.username) as s:
        item = load_for_update(s, SupervisionItem, item_id, expected_version)
        if item.voided_at is not None:
            raise ValidationError("该督办事项已作废。")
        if item.status != "open":
            raise ValidationError("该督办事项已标记办结情况。")
        reports = s.scalar(
            select(func.count()).where(
                SupervisionReport.item_id == item.id,
                SupervisionReport.direction == "unit",
                SupervisionReport.voided_at.is_(None),
            )
        )
        rules.check_close(done, evidence, reports or 0)
        if done:  # R13, R67: the matter is done only once its chain approved it
            from desktop_app.services.supervision.steps import chain_of  # steps imports us

            step_rules.check_chain_done(
                chain_of(item),
                list(
                    s.scalars(
                        select(SupervisionStep.step).where(
                            SupervisionStep.item_id == item.id,
                            SupervisionStep.voided_at.is_(None),
                        )
                    )
                ),
            )
        if closed_on < item.assigned_on:
            raise ValidationError("办结日期不能早于交办日期。")
        item.status = "done" if done else "not_done"
        item.closed_on, item.evidence = (
            closed_on,
            _text(evidence, SupervisionItem, "evidence", "办结依据"),
        )
        if done and item.decision_id is not None:
            d = get_existing(s, Decision, item.decision_id)
            d.status, d.reported_on, d.report = "done", closed_on, item.evidence
        s.flush()
        return queries.item_dto(s, item, closed_on, user)  # R44: as the register shows it


def escalate(
    db: Database,
    user: CurrentUser,
    item_id: int,
    *,
    to_person_id: int,
    on: date,
    reason: str,
    expected_version: int | None = None,
) -> ItemDTO:
    """R71: a hard or cross-department item submitted to the executive vice mayor or mayor."""
    require_supervision(user)
    with db.uow(user.username) as s:
        item = load_for_update(s, SupervisionItem, item_id, expected_version)
        if item.voided_at is not None or item.status != "open":
            raise ValidationError("只有办理中的督办事项可以提交协调。")
        posts = [h.post_code for h in dq.posts_of(s, to_person_id, on)]
        rules.check_escalation(posts, reason)
        item.escalated_to_id, item.escalated_on = to_person_id, on
        item.escalation_reason = _text(
            reason, SupervisionItem, "escalation_reason", "提交协调的理由"
        )
        s.flush()
        return queries.item_dto(s, item, on, user)  # R44: as the register shows it


def void_item(
    db: Database, user: CurrentUser, item_id: int, reason: str, expected_version: int | None
) -> None:
    """作废: a wrongly entered item stays visible with the reason. A decision's item that had
    closed its decision as done (close_item) takes that back: the decision is followed up in
    the meetings area again (meetings.decisions.tracked_ids), not left done on the evidence of
    a voided record."""
    require_supervision(user)
    with db.uow(user.username) as s:
        item = void_record(s, SupervisionItem, item_id, reason, expected_version, user)
        if item.decision_id is not None and item.status == "done":
            d = get_existing(s, Decision, item.decision_id)
            if (d.status, d.reported_on, d.report) == ("done", item.closed_on, item.evidence):
                d.status, d.reported_on, d.report = "open", None, ""
