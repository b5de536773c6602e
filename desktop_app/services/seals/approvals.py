"""用印审批单 approvals (R45.1–R48, R14, R6.2): who may sign an item of an application on a day,
the vice mayor in charge shown read-only, recording one item of the checklist (refused unless the
signer held the post that day, or is the AB partner standing in) and voiding a wrongly recorded
one. Kept apart from the application itself (applications): an approval is recorded on an open
application and never changes what it approved."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.errors import NotFoundError
from db.models.seals import Seal, SealApplication, SealApproval
from desktop_app.formatting import china_today
from desktop_app.rules import seals as r
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import queries as q
from desktop_app.services.seals.applications import load_open_application
from desktop_app.services.seals.checklist import (
    B_ROLE_TITLE,
    POST_TEXT,
    application_dto,
    requirements_of,
    signers_for,
)
from desktop_app.services.seals.dto import ApplicationDTO, Signer
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    require,
    required_text,
    void_record,
)
from desktop_app.services.system.org_profile import profile_value


def eligible_signers(db: Database, app_id: int, kind: str, day: date) -> list[Signer]:
    """Who may record item `kind` of the application on `day` (for the approval dialog)."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        return signers_for(s, kind, app.unit_id, day)


def in_charge_text(db: Database, app_id: int, day: date) -> str:
    """R45.2, for the approval dialog to show read-only: who the directory says is the vice
    mayor in charge of the applying unit on `day`, and whether his AB partner may sign."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        who = in_charge.find(s, day, unit_id=app.unit_id)
        if who is None:
            return (
                f"「{q.unit_name(s, app.unit_id)}」当日没有登记分管副市长；"
                f"{in_charge.DIRECTORY_HINT}。"
            )
        text = f"{who.name}（{who.title or '副市长'}，分管{who.subject}）"
        if who.stand_in_id is not None:
            return f"{text}；当日经批准外出，可由AB角{who.partner_name}代签（B角代签）"
        if who.away:
            partner = (
                f"AB角{who.partner_name}也经批准外出"
                if who.partner_id is not None
                else "未登记AB角"
            )
            return f"{text}；当日经批准外出，{partner}，请待其返回后签署"
        return text


def _check_signer(
    s: Session, app: SealApplication, req: r.Requirement, person_id: int | None, day: date
) -> tuple[str, str, bool, int | None]:
    """(name, title, b_role, vice mayor in charge it is for) of someone allowed to sign `req`
    on `day`, or a RuleViolation citing the article that gives the signature."""
    # R45.2: the vice mayor in charge is derived, never chosen (a unit with none is refused
    # first, pointing to the directory); R6.2 for his AB partner
    who = (
        in_charge.require(s, "R45.2", day, unit_id=app.unit_id)
        if req.code == "vice_mayor"
        else None
    )
    if person_id is None:
        raise ValidationError("请选择签署人。")
    name = q.person_name(s, person_id)
    if not name:
        raise ValidationError("签署人不存在。")
    if who is not None:
        check = in_charge.check_signer(s, "R45.2", "分管副市长签字", who, person_id)
        b_role = check.capacity == "B角代签"
        return name, B_ROLE_TITLE if b_role else (who.title or "分管副市长"), b_role, who.person_id
    allowed = signers_for(s, req.code, app.unit_id, day)
    r.check_post_signer(req, person_id, {x.person_id for x in allowed}, POST_TEXT[req.code])
    return name, next(x.title for x in allowed if x.person_id == person_id), False, None


def record_approval(
    db: Database,
    user: CurrentUser,
    app_id: int,
    kind: str,
    *,
    signed_on: date,
    person_id: int | None = None,
    signer_name: str = "",
    opinion: str = "",
    done_at: datetime | None = None,
    expected_version: int | None = None,
) -> ApplicationDTO:
    """Record one item of the checklist (or an optional opinion box).

    vice_mayor / mayor / office_director / tv: `person_id` must hold the post on `signed_on`
    (vice mayor in charge of the applying unit, or the AB partner while away — 「B角代签」).
    legality (R14): `signer_name` = who reviewed, `opinion` = the conclusion.
    party_seal (R47): `done_at` = when the party seal was applied, `signer_name` = its unit.
    unit_head / office_review: the optional opinion boxes of the printed form.
    """
    require(user, "records")
    if kind == "sign_off":
        raise violation(
            "R45.1",
            "「公文签批程序完成」不能手工登记：正式公文的签批在发文登记中完成，由关联的发文核对。",
        )
    if kind not in r.APPROVAL_KINDS:
        raise ValidationError("没有这一审批事项。")
    if signed_on is None:
        raise ValidationError("请填写签署日期。")
    if signed_on > china_today():
        raise ValidationError("签署日期不能晚于今天。")
    with db.uow(user.username) as s:
        app = load_open_application(s, app_id, expected_version)
        if signed_on < app.applied_on:
            raise violation("LOG", "签署日期不能早于申请日期：先申请，后审批。")
        if s.scalar(
            select(SealApproval.id)
            .where(
                SealApproval.application_id == app.id,
                SealApproval.kind == kind,
                SealApproval.voided_at.is_(None),
            )
            .limit(1)
        ):
            raise violation(
                "LOG",
                f"「{r.APPROVAL_KINDS[kind]}」已登记，登记不能改写；如有错误，请先作废该记录。",
            )
        seal = s.get(Seal, app.seal_id)
        assert seal is not None
        reqs = {x.code: x for x in requirements_of(app, seal.kind)}
        b_role, title, name, for_person = False, "", (signer_name or "").strip(), None
        if kind in POST_TEXT:
            req = reqs.get(kind) or r.Requirement(kind, "LOG", r.APPROVAL_KINDS[kind])
            name, title, b_role, for_person = _check_signer(s, app, req, person_id, signed_on)
        elif kind == "legality":
            name = required_text(signer_name, "审查单位或审查人", 64)
            opinion = required_text(opinion, "合法性审查结论", 2000)
        elif kind == "party_seal":
            if done_at is None or done_at.tzinfo is None:
                raise ValidationError("请填写市委（市委办公室）用印的时间（带时区）。")
            name = name or profile_value(s, "party_committee_name")
        else:
            name = required_text(signer_name, "签署人", 64)
        s.add(
            SealApproval(
                application_id=app.id,
                kind=kind,
                person_id=person_id if kind in POST_TEXT else None,
                signer_name=name[:64],
                signer_title=title[:64],
                b_role=b_role,
                for_person_id=for_person,
                signed_on=signed_on,
                done_at=done_at,
                opinion=(opinion or "").strip(),
            )
        )
        s.flush()
        return application_dto(s, app, viewer=user)


def void_approval(
    db: Database, user: CurrentUser, approval_id: int, reason: str, expected_version: int | None
) -> ApplicationDTO:
    """Void a wrongly recorded approval (only before the use is registered)."""
    require(user, "records")
    with db.uow(user.username) as s:
        approval = s.get(SealApproval, approval_id)
        if approval is None:
            raise NotFoundError("审批记录不存在。")
        app = load_open_application(s, approval.application_id, None)
        void_record(s, SealApproval, approval_id, reason, expected_version, user)
        s.flush()
        return application_dto(s, app, viewer=user)
