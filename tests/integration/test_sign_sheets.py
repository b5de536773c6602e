"""发文稿纸, 收文处理笺 and 议题审批表 built from records in each state, checked by their text, the
height of the signature boxes, embedded fonts and the QR code — which decodes to a token that
opens the record at its next step, and only for an account allowed to see it (R44)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from db.models.absences import Absence
from db.models.sheets import SheetCode
from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import incoming, sheets
from desktop_app.services.meetings import agenda, agenda_sheet
from desktop_app.services.system import sheet_codes
from desktop_app.services.system.common import CurrentUser, PermissionDenied, ValidationError
from tests.integration.test_outgoing_support import (
    CLERK,
    JIYAO,
    T,
    draft,
    org_fixture,
    sign,
    signed_r33_1,
)
from tests.sheet_checker import box_heights, check_sheet, decode_codes

_ = org_fixture  # the `org` fixture: the demo government
READER = CurrentUser("duzhe", "只读", "readonly")
TOL = 0.1  # mm: the rules are measured at their centre lines


def _away(db, org, name: str, start: date, end: date) -> None:
    """An approved trip of vice mayor `name` covering start..end (R6.2)."""
    with db.uow("wenmi") as s:
        s.add(
            Absence(
                person_id=org.p[name],
                person_name=name,
                post_code="vice_mayor",
                category="出差",
                start_date=start,
                start_half="上午",
                end_date=end,
                end_half="下午",
                filed_on=start - timedelta(days=5),
                status="approved",
                approved_on=start - timedelta(days=4),
            )
        )


def _code(pdf: bytes) -> str:
    report = check_sheet(pdf)
    assert len(report.codes) == 1, report.codes
    return report.codes[0]


def test_R33_1_outgoing_sheet_nothing_signed_has_a_box_per_step_with_the_signer_printed(db, org):
    d = draft(db, org)
    pdf = sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf
    report = check_sheet(
        pdf,
        [
            "同江市人民政府发文稿纸",
            "关于做好2026年春耕生产工作的通知",
            "农业农村局",
            "分管副市长孙立新",  # R33.1: derived from the drafting unit, pre-printed
            "常务副市长张海峰",
            "各乡镇人民政府，市政府各部门",
            f"发文{d.id}（未编号）",
        ],
    )
    assert report.pages == 1
    assert "签字：孙立新" not in report.text  # nothing recorded: blank for the pen
    assert min(box_heights(pdf, "分管副市长同意")) >= 35 - TOL
    assert min(box_heights(pdf, "常务副市长签发")) >= 35 - TOL
    assert min(box_heights(pdf, "市政府办公室审核")) >= 25 - TOL
    token = report.codes[0]
    assert token.startswith("FB") and str(d.id) not in token[2:4]
    target = sheet_codes.resolve(db, CLERK, token, T)
    assert (target.area, target.ref_kind, target.ref_id) == ("公文", "outgoing", d.id)
    assert (target.action, target.step_key, target.signer_name) == (
        "sign",
        "vice_mayor_agree",
        "孙立新",
    )


def test_R33_1_half_signed_sheet_fills_what_is_recorded_and_reprints_the_same_code(db, org):
    d = draft(db, org)
    first = _code(sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf)
    sign(db, org, d.id, "vice_mayor_agree", "孙立新")
    pdf = sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf
    report = check_sheet(pdf, ["签字：孙立新", "2026年3月2日"])
    assert report.codes == [first]  # an older printed copy still finds the record
    target = sheet_codes.resolve(db, CLERK, first, T)
    assert (target.step_key, target.step_label) == ("office_review", "市政府办公室审核")


def test_R33_1_complete_chain_sheet_and_the_scan_goes_to_issue(db, org):
    d = signed_r33_1(db, org)
    pdf = sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf
    check_sheet(pdf, ["签字：孙立新", "签字：陈立", "签字：张海峰"])
    target = sheet_codes.resolve(db, CLERK, _code(pdf), T)
    assert (target.action, target.step_label) == ("issue", "编号印发")


def test_R6_2_ab_partner_marked_while_the_vice_mayor_is_away_and_preselected(db, org):
    _away(db, org, "孙立新", T, T + timedelta(days=3))
    d = draft(db, org)
    pdf = sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf
    check_sheet(pdf, ["分管副市长孙立新", "可由AB角赵文华代签"])
    target = sheet_codes.resolve(db, CLERK, _code(pdf), T)
    assert (target.signer_name, target.for_person_id) == ("赵文华", org.p["孙立新"])
    # the day he is back, he is the one pre-selected
    back = sheet_codes.resolve(db, CLERK, _code(pdf), T + timedelta(days=7))
    assert back.signer_name == "孙立新"


def test_R18_normative_sheet_has_the_legal_review_box(db, org):
    d = draft(db, org, is_normative=True)
    pdf = sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf
    check_sheet(pdf, ["法制审核", "规范性文件", "第十八条"])
    assert min(box_heights(pdf, "法制审核")) >= 25 - TOL


def test_R44_classified_sheet_only_for_jiyao_with_secrecy_and_copy_number_and_audited(db, org):
    d = draft(
        db,
        org,
        user=JIYAO,
        title="关于边境管控工作的通知",
        secrecy="秘密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="001",
    )
    with pytest.raises(RuleViolation) as refused:
        sheets.outgoing_sheet_pdf(db, CLERK, d.id, T)
    assert refused.value.rule_id == "R44"
    pdf = sheets.outgoing_sheet_pdf(db, JIYAO, d.id, T).pdf
    report = check_sheet(pdf, ["秘密★10年", "001", "关于边境管控工作的通知"])
    token = report.codes[0]
    assert "边境" not in token and "秘密" not in token  # the code reveals nothing by itself
    with db.read() as s:
        printed = s.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "outgoing_document",
                AuditEntry.record_id == d.id,
                AuditEntry.action == "print",
            )
        ).all()
    assert len(printed) == 1
    assert sheet_codes.resolve(db, JIYAO, token, T).ref_id == d.id
    with pytest.raises(RuleViolation) as scan_refused:
        sheet_codes.resolve(db, CLERK, token, T)
    assert scan_refused.value.rule_id == "R44"


def test_read_only_accounts_reprint_sheets_that_have_a_code_and_are_told_who_prints_the_first(
    db, org
):
    """The first sheet of a record makes its code: an account that may record (管理员、文秘、
    机要; for the 督办通知单 督查 too). A read-only account reprints it, with the same code; for a
    record never printed the refusal says who may print the first sheet. Nothing is written."""
    from desktop_app.services.supervision import commands, printouts

    d = draft(db, org)
    doc = _incoming(db)
    item = agenda.save_item(
        db,
        CLERK,
        title="关于调整城区学校布局的议题",
        category="deliberation",
        department_id=org.u["教育局"],
        today=T,
    )
    sup = commands.create_item(
        db,
        CLERK,
        kind="major",
        title="督促完成车辆处置",
        unit_id=org.u["教育局"],
        responsible_person="徐东升",
        deadline=T + timedelta(days=30),
        assigned_on=T,
    )
    prints = {
        "发文稿纸": lambda u: sheets.outgoing_sheet_pdf(db, u, d.id, T),
        "收文处理笺": lambda u: sheets.incoming_sheet_pdf(db, u, doc.id, T),
        "议题审批表": lambda u: agenda_sheet.agenda_sheet_pdf(db, u, item.id, T),
        "督办通知单": lambda u: printouts.notice_pdf(db, sup.id, T, user=u),
    }
    for sheet, build in prints.items():
        with pytest.raises(PermissionDenied) as refused:
            build(READER)
        who = "管理员、文秘、机要、督查" if sheet == "督办通知单" else "管理员、文秘、机要"
        assert f"的{sheet}还没有打印过：第一张{sheet}（生成其二维码）须由{who}账户打印" in (
            refused.value.message
        )
        first = decode_codes(build(CLERK).pdf)
        assert len(first) == 1
        assert decode_codes(build(READER).pdf) == first  # the same code on the reprint
    with db.read() as s:
        assert len(s.scalars(select(SheetCode)).all()) == 4  # one per record, none by a reprint


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=CHINA)


def _incoming(db, **kw) -> incoming.IncomingDTO:
    args = dict(
        received_at=_at(T),
        sender="佳木斯市人民政府办公室",
        title="关于做好春耕生产的通知",
        doc_type="通知",
        nature="action",
        sender_number="佳政办发〔2026〕3号",
    )
    args.update(kw)
    return incoming.register_document(db, CLERK, **args)


def test_R32_incoming_sheet_registered_then_routed_then_read(db, org):
    d = _incoming(db)
    pdf = sheets.incoming_sheet_pdf(db, CLERK, d.id, T).pdf
    report = check_sheet(
        pdf, ["收文处理笺", d.number, "佳木斯市人民政府办公室", "佳政办发〔2026〕3号", "拟办意见"]
    )
    token = report.codes[0]
    assert sheet_codes.resolve(db, CLERK, token, T).action == "propose"
    d = incoming.propose(db, CLERK, d.id, "呈孙副市长阅示。", d.version)
    d = incoming.route(
        db,
        CLERK,
        d.id,
        to="vice_mayor",
        today=T,
        leader_id=org.p["孙立新"],
        expected_version=d.version,
    )
    pdf = sheets.incoming_sheet_pdf(db, CLERK, d.id, T).pdf
    check_sheet(pdf, ["呈孙副市长阅示。", "副市长孙立新", "市长批示", "市长李明远"])
    assert min(box_heights(pdf, "领导批示")) >= 35 - TOL
    target = sheet_codes.resolve(db, CLERK, token, T)
    assert (target.action, target.signer_id) == ("read", org.p["孙立新"])
    incoming.record_reading(
        db, CLERK, d.id, read_on=T, opinion="请农业农村局抓紧落实。", person_id=org.p["孙立新"]
    )
    pdf = sheets.incoming_sheet_pdf(db, CLERK, d.id, T).pdf
    check_sheet(pdf, ["请农业农村局抓紧落实。", "签字：孙立新"])
    assert sheet_codes.resolve(db, CLERK, token, T).action == "close"


def test_R6_2_incoming_routed_leader_away_names_the_ab_partner(db, org):
    _away(db, org, "孙立新", T, T + timedelta(days=3))
    d = _incoming(db)
    d = incoming.propose(db, CLERK, d.id, "呈孙副市长阅示。", d.version)
    d = incoming.route(
        db,
        CLERK,
        d.id,
        to="vice_mayor",
        today=T,
        leader_id=org.p["孙立新"],
        expected_version=d.version,
    )
    pdf = sheets.incoming_sheet_pdf(db, CLERK, d.id, T).pdf
    check_sheet(pdf, ["孙立新外出，可由AB角赵文华代签"])
    assert sheet_codes.resolve(db, CLERK, d.number, T).signer_name == "赵文华"


def test_typed_numbers_open_the_record_and_unknown_text_is_refused(db, org):
    d = _incoming(db)
    assert sheet_codes.resolve(db, CLERK, f"  {d.number} ", T).ref_id == d.id
    assert (
        sheet_codes.resolve(db, CLERK, d.number.replace("〔", "[").replace("〕", "]"), T).ref_id
        == d.id
    )
    o = draft(db, org)
    assert sheet_codes.resolve(db, CLERK, f"发文{o.id}", T).ref_kind == "outgoing"
    with pytest.raises(ValidationError):
        sheet_codes.resolve(db, CLERK, "FBAAAAAAAAAAAAAAAA", T)  # well-formed, never issued
    with pytest.raises(ValidationError):
        sheet_codes.resolve(db, CLERK, "", T)


def test_R44_classified_incoming_sheet_carries_secrecy_and_copy_numbers(db, org):
    d = incoming.register_document(
        db,
        JIYAO,
        received_at=_at(T),
        sender="黑龙江省人民政府办公厅",
        title="关于边境管控的通知",
        doc_type="通知",
        nature="notice",
        secrecy="机密",
        secrecy_term="20年",
        copies=2,
        copy_numbers="003,004",
    )
    with pytest.raises(RuleViolation):
        sheets.incoming_sheet_pdf(db, CLERK, d.id, T)
    check_sheet(sheets.incoming_sheet_pdf(db, JIYAO, d.id, T).pdf, ["机密★20年", "003,004"])
    with db.read() as s:  # the print is audited, naming the sheet
        printed = s.scalars(
            select(AuditEntry).where(
                AuditEntry.table_name == "incoming_document",
                AuditEntry.record_id == d.id,
                AuditEntry.action == "print",
            )
        ).all()
    assert len(printed) == 1 and "收文处理笺" in printed[0].after_json
    with pytest.raises(RuleViolation):  # R44: nor by the number typed
        sheet_codes.resolve(db, CLERK, d.number, T)


def test_R23_4_1a_agenda_sheet_before_and_after_the_chain_steps(db, org):
    item = agenda.save_item(
        db,
        CLERK,
        title="关于调整城区学校布局的议题",
        category="deliberation",
        department_id=org.u["教育局"],
        is_policy=True,
        today=T,
    )
    pdf = agenda_sheet.agenda_sheet_pdf(db, CLERK, item.id, T).pdf
    report = check_sheet(
        pdf,
        [
            "常务会议议题审批表",
            "关于调整城区学校布局的议题",
            "协调情况",
            "分管副市长审定签字",
            "常务副市长审核",
            "市长审定",
            "法制部门审核意见",
            "法定程序完成情况",
        ],
    )
    assert min(box_heights(pdf, "分管副市长审定签字")) >= 35 - TOL
    token = report.codes[0]
    target = sheet_codes.resolve(db, CLERK, token, T)
    assert (target.area, target.ref_kind, target.action, target.step_key) == (
        "会议",
        "agenda_item",
        "step",
        "coordination",
    )
    v = agenda.get_item(db, item.id).version
    agenda.record_step(db, CLERK, item.id, "coordination", T, expected_version=v, method="会签")
    v = agenda.get_item(db, item.id).version
    agenda.record_step(db, CLERK, item.id, "sponsor_signed", T, expected_version=v)
    pdf = agenda_sheet.agenda_sheet_pdf(db, CLERK, item.id, T).pdf
    report = check_sheet(pdf, ["协调方式：会签", "签字："])
    assert report.codes == [token]
    target = sheet_codes.resolve(db, CLERK, f"议题{item.id}", T)
    assert (target.step_key, target.signer_name) == ("office_consolidated", "")
    with db.read() as s:
        kinds = sorted(s.scalars(select(SheetCode.kind)))
    assert kinds == ["agenda_item"]
