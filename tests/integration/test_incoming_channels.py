"""收文 that may not go before a leader, on both engines: a document that came through an irregular
channel (R32, 第三十二条: 市政府领导不受理和审批非正常程序传递的文件) and a bulletin not approved by
市委/市政府 (R42, 第四十二条). Each is refused on the way to a leader (routing, or a leader's
阅批), and the clerk's ways out are allowed: 退文, 作为信息处理, or a department's handling. The
routing suggestion is the directory's vice mayor in charge (in_charge.find), his AB partner while
he is away (R6.2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import incoming
from desktop_app.services.system.common import ValidationError
from tests.integration import test_meeting_plan as base
from tests.integration.test_absences import approve_all, file
from tests.integration.test_incoming import CLERK, at, blocked

gov = base.gov
DAY = base.T + timedelta(days=14)  # a Monday inside the demo term


def reg(db, **kw) -> incoming.IncomingDTO:
    args = dict(
        received_at=at(DAY),
        sender="乐业镇人民政府",
        title="关于申请道路维修资金的请示",
        doc_type="请示",
        nature="request",
    )
    args.update(kw)
    return incoming.register_document(db, CLERK, **args)


def proposed(db, **kw) -> incoming.IncomingDTO:
    d = reg(db, **kw)
    return incoming.propose(db, CLERK, d.id, "拟呈分管副市长阅示。", d.version)


def to_leader(db, d, leader_id: int, to: str = "vice_mayor") -> incoming.IncomingDTO:
    return incoming.route(
        db, CLERK, d.id, to=to, leader_id=leader_id, today=DAY, expected_version=d.version
    )


# --- R32: irregular channel ----------------------------------------------------------------------


def test_R32_irregular_document_is_refused_before_the_vice_mayor_and_the_mayor(db, gov):
    d = proposed(db, channel="irregular")
    assert not d.may_go_to_leader
    assert any("不能呈送领导" in f and "（R32）" in f for f in d.flags)
    for to, who in (("vice_mayor", "孙立新"), ("mayor", "李明远")):
        with pytest.raises(RuleViolation) as err:
            to_leader(db, d, gov.person[who], to)
        msg = blocked(err, "R32")
        assert msg.startswith("依据《工作规则》第三十二条") and "退文" in msg
    assert incoming.get_document(db, CLERK, d.id).status == "proposed"  # nothing half-saved


def test_R32_irregular_document_may_be_returned(db, gov):
    d = proposed(db, channel="irregular")
    back = incoming.return_to_sender(db, CLERK, d.id, "非正常程序传递，请按程序报送", d.version)
    assert (back.status, back.status_name) == ("returned", "已退文")
    with pytest.raises(ValidationError, match="已退文"):
        incoming.return_to_sender(db, CLERK, d.id, "再次退文", back.version)


def test_R32_a_routed_document_is_not_returned(db, gov):
    """R32: 退文 is the office's check before routing — a document already routed to a leader
    is refused under 第三十二条 (it was a bare input error)."""
    d = to_leader(db, proposed(db), gov.person["孙立新"])
    with pytest.raises(RuleViolation) as err:
        incoming.return_to_sender(db, CLERK, d.id, "非正常程序报送", d.version)
    msg = blocked(err, "R32")
    assert msg.startswith("依据《工作规则》第三十二条") and "现为「办理中」" in msg
    assert incoming.get_document(db, CLERK, d.id).status == "routed"


def test_R32_irregular_document_may_be_filed_as_information_with_a_note(db, gov):
    d = reg(db, channel="irregular")
    with pytest.raises(ValidationError, match="处理说明"):
        incoming.file_as_information(
            db, CLERK, d.id, note=" ", filed_on=DAY, expected_version=d.version
        )
    filed = incoming.file_as_information(
        db,
        CLERK,
        d.id,
        note="非正常程序传递，作为信息存档备查。",
        filed_on=DAY,
        archive_ref="2026-10年-3",
        expected_version=d.version,
    )
    assert (filed.status, filed.status_name, filed.info_only) == ("closed", "已作为信息处理", True)
    assert (filed.result, filed.closed_on, filed.archive_ref) == (
        "非正常程序传递，作为信息存档备查。",
        DAY,
        "2026-10年-3",
    )
    with pytest.raises(RuleViolation):  # filed: it is not routed afterwards
        to_leader(db, filed, gov.person["孙立新"])


def test_R32_irregular_document_may_still_go_to_a_department(db, gov):
    """The article forbids the leaders' acceptance only; 转有关办、局 remains the clerk's choice,
    and no leader may then record a 阅批 on it."""
    d = proposed(db, channel="irregular")
    routed = incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=gov.unit["乐业镇"],
        working_days=5,
        today=DAY,
        expected_version=d.version,
    )
    assert routed.status == "routed"
    with pytest.raises(RuleViolation) as err:
        incoming.record_reading(
            db, CLERK, d.id, read_on=DAY, person_id=gov.person["孙立新"], opinion="同意"
        )
    blocked(err, "R32")
    incoming.record_reading(
        db, CLERK, d.id, read_on=DAY, unit_id=gov.unit["乐业镇"], opinion="已阅，按程序重新报送。"
    )


def test_R32_regular_document_goes_to_the_vice_mayor_in_charge(db, gov):
    d = proposed(db, reverse_flow=True)  # 逆行文 stays a warning
    assert d.may_go_to_leader and any("逆行文" in f for f in d.flags)
    routed = to_leader(db, d, gov.person["孙立新"])
    assert (routed.status, routed.leader_name) == ("routed", "孙立新")


def test_R6_2_route_suggestion_is_the_directory_answer_with_the_partner_while_away(db, gov):
    s = incoming.suggest_route(db, gov.unit["乐业镇"], DAY)
    assert (s.vice_mayor_name, s.partner_name, s.mayor_name) == ("孙立新", "赵文华", "李明远")
    assert (s.vice_mayor_away, s.suggested_id) == (False, gov.person["孙立新"])
    approve_all(db, file(db, gov, "孙立新", start=DAY, days=2))
    s = incoming.suggest_route(db, gov.unit["乐业镇"], DAY)
    assert s.vice_mayor_away and s.away_note and s.suggested_id == gov.person["赵文华"]
    none = incoming.suggest_route(db, 0, DAY)  # no unit chosen: only the mayor
    assert (none.vice_mayor_id, none.mayor_name) == (None, "李明远")


# --- R42: bulletins -------------------------------------------------------------------------------


def bulletin(db, kind: str = "简报", **kw) -> incoming.IncomingDTO:
    return proposed(
        db,
        doc_type=kind,
        nature="notice",
        sender="农业农村局",
        title=f"农业农村工作{kind}（第3期）",
        **kw,
    )


def test_R42_unapproved_bulletin_is_not_forwarded_to_a_leader(db, gov):
    for kind in ("简报", "情况", "信息"):
        d = bulletin(db, kind)
        assert d.is_bulletin and not d.may_go_to_leader
        assert any("（R42）" in f for f in d.flags)
        with pytest.raises(RuleViolation) as err:
            to_leader(db, d, gov.person["孙立新"])
        assert blocked(err, "R42").startswith("依据《工作规则》第四十二条")
    d = bulletin(db)
    filed = incoming.file_as_information(
        db,
        CLERK,
        d.id,
        note="未经批准编印，不予转呈，存档。",
        filed_on=DAY,
        expected_version=d.version,
    )
    assert filed.status_name == "已作为信息处理"


def test_R42_approved_bulletin_follows_the_document_procedure(db, gov):
    d = bulletin(db)
    with pytest.raises(RuleViolation) as err:  # approved by a department is no approval
        incoming.record_bulletin_approval(
            db,
            CLERK,
            d.id,
            approved_by="农业农村局",
            approver="王局长",
            approved_on=DAY,
            today=DAY,
            expected_version=d.version,
        )
    blocked(err, "R42")
    with pytest.raises(ValidationError, match="批准人"):
        incoming.record_bulletin_approval(
            db,
            CLERK,
            d.id,
            approved_by="市政府",
            approver="",
            approved_on=DAY,
            today=DAY,
            expected_version=d.version,
        )
    with pytest.raises(ValidationError, match="批准日期"):
        incoming.record_bulletin_approval(
            db,
            CLERK,
            d.id,
            approved_by="市政府",
            approver="李明远",
            approved_on=DAY + timedelta(days=1),
            today=DAY,
            expected_version=d.version,
        )
    d = incoming.record_bulletin_approval(
        db,
        CLERK,
        d.id,
        approved_by="市政府",
        approver="李明远",
        approved_on=date(2026, 1, 5),
        today=DAY,
        expected_version=d.version,
    )
    assert d.may_go_to_leader and not any("（R42）" in f for f in d.flags)
    assert d.bulletin_approval_text == "市政府（李明远）2026年1月5日批准"
    routed = to_leader(db, d, gov.person["孙立新"])
    assert (routed.status, routed.leader_name) == ("routed", "孙立新")
    # R42: the approval decides whether the bulletin goes before a leader, so it is recorded
    # before routing — afterwards the refusal is under 第四十二条 (it was a bare input error).
    with pytest.raises(RuleViolation) as err:
        incoming.record_bulletin_approval(
            db,
            CLERK,
            d.id,
            approved_by="市委",
            approver="某",
            approved_on=DAY,
            today=DAY,
            expected_version=routed.version,
        )
    assert "现为「办理中」" in blocked(err, "R42")


def test_R42_approval_recorded_at_registration(db, gov):
    d = bulletin(
        db,
        "信息",
        bulletin_approved_by="市委",
        bulletin_approver="市委办公室",
        bulletin_approved_on=date(2026, 2, 1),
    )
    assert (d.bulletin_approved_by, d.may_go_to_leader) == ("市委", True)
    to_leader(db, d, gov.person["孙立新"])
    with pytest.raises(RuleViolation) as err:  # an ordinary document carries no such approval
        reg(db, bulletin_approved_by="市政府", bulletin_approver="某", bulletin_approved_on=DAY)
    blocked(err, "R42")
