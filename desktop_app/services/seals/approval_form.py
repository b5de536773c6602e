"""The 用印审批单 as printed (UI: 「打印审批单」): the boxes this application's rules ask for, with
the recorded approvals and the register entry, and the R44 logging of a classified one's print.
(Not named application_form.py: the package exports the function application_form, which a
submodule of that name would shadow.)"""

from __future__ import annotations

from db.engine import Database
from db.errors import NotFoundError
from db.models.seals import SealApplication
from desktop_app.formatting import format_date
from desktop_app.services.seals.applications import audit_outgoing
from desktop_app.services.seals.checklist import application_dto, linked_secrecy
from desktop_app.services.seals.dto import ApplicationForm, FormBox
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.org_profile import profile_value

BOXES = (
    ("unit_head", "承办单位负责人意见"),
    ("office_review", "市政府办公室审核意见"),
    ("vice_mayor", "分管副市长审批意见"),
    ("office_director", "办公室主任意见"),
    ("mayor", "市长审批意见（重要用印）"),
    ("tv", "市长或常务副市长签发意见"),
)


def print_application_form(db: Database, user: CurrentUser, app_id: int) -> ApplicationForm:
    """The 用印审批单 to print (UI: 「打印审批单」). R44: linked to a classified 发文, the
    document's number and title (and the 文件名称) are printed only for an account with the
    classified permission, and that print is written to the audit log, like the 发文 register's
    own prints; for other accounts they print as 「（涉密文件，标题不显示）」."""
    form = application_form(db, app_id, user=user)
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        assert app is not None
        classified, outgoing_id = linked_secrecy(s, app.outgoing_id) != "", app.outgoing_id
    if classified and user.can("classified"):
        audit_outgoing(db, user, [outgoing_id], "print", f"用印审批单{form.application.number}")
    return form


def application_form(
    db: Database, app_id: int, *, user: CurrentUser | None = None
) -> ApplicationForm:
    """Everything the printed 用印审批单 needs: before approval the boxes are empty (for wet
    signatures); afterwards they carry the recorded approvals; the footer the register entry.
    As `user` may see it (R44, see application_dto); printing goes through
    print_application_form, which logs the print of a classified one."""
    with db.read() as s:
        app = s.get(SealApplication, app_id)
        if app is None:
            raise NotFoundError("用印审批单不存在。")
        dto = application_dto(s, app, viewer=user)
        org = profile_value(s, "org_name")
    required = {i.code for i in dto.checklist}
    recorded = {a.kind: a for a in dto.approvals}
    # Only the boxes this application's rules ask for (and any recorded): a formal document
    # (R45.1) is signed in its 发文 chain, so it has no 分管副市长 or 市长 box unless R45.3
    # asks for the mayor; the joint 承办单位 / 办公室 boxes belong to an other use (R45.2).
    joint = () if dto.is_formal else ("unit_head", "office_review")
    shown = [
        (code, label)
        for code, label in BOXES
        if code in joint or code in required or code in recorded
    ]
    legality = recorded.get("legality")
    if not dto.is_contract:
        legality_text = "否"
    elif legality is not None:
        legality_text = (
            f"是；合法性审查已完成（{legality.signer_name}，"
            f"{format_date(legality.signed_on)}：{legality.opinion}）"
        )
    else:
        legality_text = "是；合法性审查未完成"
    use = dto.active_use
    return ApplicationForm(
        title=f"{org}用印审批单",
        application=dto,
        seal_ticks=(
            ("市政府印章", dto.seal_kind == "gov"),
            ("市政府办公室印章", dto.seal_kind == "office"),
            ("其他", dto.seal_kind == "other"),
        ),
        other_seal_name=dto.seal_name if dto.seal_kind == "other" else "",
        legality_text=legality_text,
        important_text=(f"是（{dto.important_category}）" if dto.important_category else "是")
        if dto.important
        else "否",
        boxes=tuple(
            FormBox(code, label, code in required, recorded.get(code)) for code, label in shown
        ),
        supervisor=use.supervisor if use else "",
        used_at=use.used_at if use else None,
        copies_stamped=use.copies_stamped if use else None,
    )
