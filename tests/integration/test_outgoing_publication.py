"""发文 on both engines: publication (R49), classified documents (R44), normative documents —
legal review before the 常务会议 and the interpretation (R18), plan additions (R38), the two
filing deadlines (R16) — and the 工作台 items."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import outgoing
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import ValidationError
from tests.integration.test_outgoing_support import (
    CLERK,
    JIYAO,
    T,
    blocked,
    decide,
    draft,
    issued,
    meeting,
    org_fixture,  # noqa: F401 - the `org` fixture
    sign,
    signed_r33_1,
)


def test_R49_publication_needs_openness_and_confidentiality_review(db, org):
    d = issued(db, org)
    with pytest.raises(ValidationError, match="公开属性"):
        outgoing.publish_outgoing(db, CLERK, d.id, published_on=T, expected_version=None)
    with pytest.raises(RuleViolation) as err:
        outgoing.set_openness(db, CLERK, d.id, "不予公开")
    assert "理由" in blocked(err, "R49")
    d = outgoing.set_openness(db, CLERK, d.id, "主动公开")
    with pytest.raises(RuleViolation) as err:
        outgoing.publish_outgoing(db, CLERK, d.id, published_on=T, expected_version=None)
    assert "保密审查" in blocked(err, "R49")
    d = outgoing.record_confidentiality_review(
        db,
        CLERK,
        d.id,
        reviewed_on=T + timedelta(days=1),
        reviewer="陈立",
        expected_version=d.version,
    )
    with pytest.raises(RuleViolation) as err:  # reviewed after the day it is said to be published
        outgoing.publish_outgoing(db, CLERK, d.id, published_on=T, expected_version=None)
    blocked(err, "R49")
    done = outgoing.publish_outgoing(
        db, CLERK, d.id, published_on=T + timedelta(days=1), expected_version=d.version
    )
    assert (done.status, done.status_name, done.openness) == ("published", "已公开", "主动公开")
    assert (done.confidentiality_reviewed_on, done.confidentiality_reviewed_by) == (
        T + timedelta(days=1),
        "陈立",
    )


def test_R49_not_public_documents_are_never_published(db, org):
    d = issued(db, org, openness="不予公开", openness_reason="涉及个人隐私")
    assert (d.openness, d.openness_reason) == ("不予公开", "涉及个人隐私")
    outgoing.record_confidentiality_review(
        db, CLERK, d.id, reviewed_on=T, reviewer="陈立", expected_version=None
    )
    with pytest.raises(RuleViolation) as err:
        outgoing.publish_outgoing(db, CLERK, d.id, published_on=T, expected_version=None)
    assert "不予公开" in blocked(err, "R49")
    with pytest.raises(ValidationError, match="已编号印发"):  # a draft is not published either
        outgoing.publish_outgoing(
            db, CLERK, draft(db, org).id, published_on=T, expected_version=None
        )


def test_R44_classified_drafts_need_the_confidential_role_and_copy_numbers(db, org):
    with pytest.raises(RuleViolation) as err:
        draft(
            db,
            org,
            user=CLERK,
            secrecy="秘密",
            secrecy_term="10年",
            copies=2,
            copy_numbers="001,002",
        )
    blocked(err, "R44")
    with pytest.raises(RuleViolation) as err:
        draft(
            db, org, user=JIYAO, secrecy="秘密", secrecy_term="10年", copies=2, copy_numbers="001"
        )
    assert "份号" in blocked(err, "R44")
    with pytest.raises(RuleViolation) as err:  # R49/R44: never public
        draft(
            db,
            org,
            user=JIYAO,
            secrecy="机密",
            secrecy_term="20年",
            copies=1,
            copy_numbers="001",
            openness="主动公开",
        )
    assert "涉密文件不得公开" in blocked(err, "R49")
    d = draft(
        db,
        org,
        user=JIYAO,
        secrecy="机密",
        secrecy_term="20年",
        copies=2,
        copy_numbers="001,002",
        openness="不予公开",
        openness_reason="涉及国家秘密",
    )
    assert (d.secrecy, d.secrecy_term, d.copy_numbers) == ("机密", "20年", "001,002")


def test_R44_classified_records_are_hidden_and_every_open_and_print_is_audited(db, org):
    plain = issued(db, org)
    secret = issued(
        db,
        org,
        user=JIYAO,
        title="关于边境管控工作的通知",
        secrecy="秘密",
        secrecy_term="10年",
        copies=3,
        copy_numbers="001,002,003",
        openness="不予公开",
        openness_reason="涉及国家秘密",
    )
    assert secret.number == "同政发〔2026〕2号"
    assert [x.id for x in outgoing.list_outgoing(db, CLERK)] == [plain.id]
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, search="边境")] == []
    assert outgoing.count_outgoing(db, CLERK) == 1
    assert {x.id for x in outgoing.list_outgoing(db, JIYAO)} == {plain.id, secret.id}
    assert outgoing.count_outgoing(db, JIYAO) == 2
    for refused in (
        lambda: outgoing.get_outgoing(db, CLERK, secret.id),
        lambda: outgoing.signoff_checklist(db, CLERK, secret.id),
        lambda: outgoing.record_print(db, CLERK, [secret.id]),
        lambda: outgoing.set_archive_ref(db, CLERK, secret.id, "X", None),
    ):
        with pytest.raises(RuleViolation) as err:
            refused()
        blocked(err, "R44")
    outgoing.get_outgoing(db, JIYAO, secret.id)
    outgoing.get_outgoing(db, JIYAO, plain.id)  # not classified: no view entry
    outgoing.record_print(db, JIYAO, [plain.id, secret.id])
    with db.read() as s:
        logged = s.execute(
            select(AuditEntry.action, AuditEntry.record_id, AuditEntry.actor)
            .where(
                AuditEntry.table_name == "outgoing_document",
                AuditEntry.action.in_(("view", "print")),
            )
            .order_by(AuditEntry.seq)
        ).all()
    assert [tuple(x) for x in logged] == [
        ("view", secret.id, "jiyao"),
        ("print", secret.id, "jiyao"),
    ]
    with pytest.raises(RuleViolation) as err:
        outgoing.publish_outgoing(db, JIYAO, secret.id, published_on=T, expected_version=None)
    assert "涉密文件不得公开" in blocked(err, "R49")


def normative(db, org, **kw) -> outgoing.OutgoingDTO:
    args = dict(
        is_normative=True,
        title="同江市城市供热管理办法",
        drafting_unit_id=org.u["住房和城乡建设局"],
    )
    args.update(kw)
    return draft(db, org, **args)


def _sign_normative(db, org, doc_id: int) -> None:
    sign(db, org, doc_id, "vice_mayor_agree", "周志强")
    sign(db, org, doc_id, "office_review", "陈立")
    sign(db, org, doc_id, "sign", "张海峰")


def test_R18_legal_review_before_the_standing_meeting_and_before_issue(db, org):
    d, plain = normative(db, org), draft(db, org)
    with db.read() as s:
        with pytest.raises(RuleViolation) as err:
            outgoing.check_normative_ready_for_meeting(s, d.id)
        assert "法制部门审核" in blocked(err, "R18")
        outgoing.check_normative_ready_for_meeting(s, plain.id)  # not normative: fine
    held = meeting(db, T + timedelta(days=2))
    with pytest.raises(RuleViolation) as err:
        decide(db, d.id, held)
    blocked(err, "R18")
    outgoing.record_legal_review(
        db, CLERK, d.id, reviewed_on=T, reviewer="杨帆", expected_version=None
    )
    outgoing.normative_ready_for_meeting(db, d.id)  # allowed now
    _sign_normative(db, org, d.id)
    with pytest.raises(RuleViolation) as err:  # not yet decided by the 常务会议
        outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    assert "常务会议" in blocked(err, "R18")
    e = decide(db, d.id, held)
    assert (e.legal_reviewed_by, e.meeting_ref) == ("杨帆", "市政府第三次常务会议")
    # Article 18: the review comes before the meeting's decision, so once decided the review on
    # record is what the meeting saw — changing it is refused under 第十八条.
    with pytest.raises(RuleViolation) as err:
        outgoing.record_legal_review(
            db, CLERK, d.id, reviewed_on=T, reviewer="另一人", expected_version=None
        )
    assert "法制审核记录不能再修改" in blocked(err, "R18")
    assert outgoing.get_outgoing(db, CLERK, d.id).legal_reviewed_by == "杨帆"
    assert e.meeting_decided_on == T + timedelta(days=2)
    assert e.decided_by_meeting == "市政府第三次常务会议 议题：审议同江市城市供热管理办法"
    e = outgoing.issue_outgoing(
        db, CLERK, e.id, issued_on=T + timedelta(days=3), expected_version=e.version
    )
    assert e.number == "同政发〔2026〕1号"
    assert any("（R18）" in w and "解读" in w for w in e.warnings)


def test_R18_interpretation_drafted_reviewed_then_published_with_the_document(db, org):
    d = normative(db, org)
    with pytest.raises(RuleViolation) as err:
        outgoing.record_interpretation(
            db, CLERK, d.id, step="reviewed", on=T, expected_version=None
        )
    blocked(err, "R18")
    outgoing.record_interpretation(db, CLERK, d.id, step="drafted", on=T, expected_version=None)
    with pytest.raises(RuleViolation) as err:
        outgoing.record_interpretation(
            db, CLERK, d.id, step="published", on=T, expected_version=None
        )
    assert "法制部门审核" in blocked(err, "R18")
    outgoing.record_interpretation(db, CLERK, d.id, step="reviewed", on=T, expected_version=None)
    with pytest.raises(RuleViolation) as err:  # the document has no number yet
        outgoing.record_interpretation(
            db, CLERK, d.id, step="published", on=T, expected_version=None
        )
    blocked(err, "R18")
    outgoing.record_legal_review(
        db, CLERK, d.id, reviewed_on=T, reviewer="杨帆", expected_version=None
    )
    decide(db, d.id, meeting(db))
    _sign_normative(db, org, d.id)
    outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    e = outgoing.record_interpretation(
        db, CLERK, d.id, step="published", on=T, expected_version=None
    )
    assert e.interpretation_published_on == T and e.warnings == ()
    with pytest.raises(ValidationError, match="不是规范性文件"):
        outgoing.record_legal_review(
            db, CLERK, draft(db, org).id, reviewed_on=T, reviewer="杨帆", expected_version=None
        )


def test_R38_additions_to_the_plan_are_tracked_until_reviewed_and_decided(db, org):
    planned = normative(db, org)
    assert planned.warnings == ()
    extra = normative(db, org, in_normative_plan=False, title="同江市犬类管理暂行规定")
    assert [w for w in extra.warnings if "（R38）" in w] == [w for w in extra.warnings] and len(
        extra.warnings
    ) == 2
    items = [i for i in dashboard.collect(db, T) if i.rule_id == "R38"]
    assert {i.ref_id for i in items} == {extra.id}
    outgoing.record_legal_review(
        db, CLERK, extra.id, reviewed_on=T, reviewer="杨帆", expected_version=None
    )
    e = decide(db, extra.id, meeting(db))
    assert e.warnings == ()
    assert not [i for i in dashboard.collect(db, T) if i.rule_id == "R38"]


def _published_normative(db, org, published_on: date) -> outgoing.OutgoingDTO:
    d = normative(db, org, openness="主动公开")
    outgoing.record_legal_review(
        db, CLERK, d.id, reviewed_on=T, reviewer="杨帆", expected_version=None
    )
    decide(db, d.id, meeting(db))
    _sign_normative(db, org, d.id)
    outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    outgoing.record_confidentiality_review(
        db, CLERK, d.id, reviewed_on=T, reviewer="陈立", expected_version=None
    )
    return outgoing.publish_outgoing(
        db, CLERK, d.id, published_on=published_on, expected_version=None
    )


def test_R16_two_filing_deadlines_tracked_to_done(db, org):
    d = normative(db, org)
    with pytest.raises(RuleViolation) as err:  # not yet published: no deadline runs
        outgoing.record_filing(db, CLERK, d.id, with_="higher", filed_on=T, expected_version=None)
    blocked(err, "R16")
    p = _published_normative(db, org, T)
    assert p.filing_due == T + timedelta(days=15)

    def filing_items(today: date):
        return [i for i in dashboard.collect(db, today) if i.rule_id == "R16"]

    assert filing_items(T + timedelta(days=3)) == []  # 15 days ahead: nothing yet
    soon = filing_items(T + timedelta(days=13))  # 3-17, Friday; due 3-17 (Tuesday)
    assert [(i.severity, i.ref_id, i.due) for i in soon] == [("due", p.id, T + timedelta(days=15))]
    assert "上级人民政府、市人大常委会" in soon[0].detail
    late = filing_items(T + timedelta(days=16))
    assert [i.severity for i in late] == ["overdue"] and "（R16）" in late[0].detail
    outgoing.record_filing(
        db, CLERK, p.id, with_="higher", filed_on=T + timedelta(days=10), expected_version=None
    )
    assert "市人大常委会" in filing_items(T + timedelta(days=16))[0].detail
    done = outgoing.record_filing(
        db, CLERK, p.id, with_="congress", filed_on=T + timedelta(days=17), expected_version=None
    )
    assert filing_items(T + timedelta(days=16)) == []  # both filed: tracked to done
    assert (done.filed_higher_on, done.filed_congress_on) == (
        T + timedelta(days=10),
        T + timedelta(days=17),
    )
    assert any("（R16）" in w and "晚于期限" in w for w in done.warnings)  # congress filed late


def test_dashboard_lists_signed_documents_waiting_for_a_number(db, org):
    d = signed_r33_1(db, org)
    items = [i for i in dashboard.collect(db, T) if i.area == "发文"]
    assert [(i.ref_kind, i.ref_id, i.rule_id) for i in items] == [("outgoing", d.id, "NUM")]
    outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    # numbered: no longer waiting for a number (R55 then tracks its publication, elsewhere)
    assert [i for i in dashboard.collect(db, T) if i.area == "发文" and i.rule_id == "NUM"] == []
