"""用印 on both engines: the application's computed checklist and the approvals each rule requires
(R45.2 the vice mayor in charge derived from the directory, R45.3, R46, R47, R48, R14, R6.2), and
recording the use (LOG).
Catalogue and lending: test_seal_catalogue.py. Formal documents (R45.1, R44):
test_seal_formal_documents.py. Register numbering, voiding, queries and tamper detection:
test_seals_register.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services import seals
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import dashboard, org_profile
from desktop_app.services.system.common import ValidationError
from tests.integration.seals_support import (
    CLERK,
    T,
    _away,
    at,
    blocked,
    w_fixture,  # noqa: F401 - the `w` fixture
)

# --- approvals --------------------------------------------------------------------------------


def test_R45_2_use_refused_without_the_vice_mayor_then_allowed(w):
    app = w.apply()
    assert app.number == "用印〔2026〕1号" and app.status == "pending"
    assert [(i.code, i.rule_id, i.done) for i in app.checklist] == [("vice_mayor", "R45.2", False)]
    assert app.checklist[0].who == "分管副市长 孙副市长"
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    assert "分管副市长签批" in blocked(e, "R45.2")
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "vice_mayor", w.mayor)  # the mayor is not the vice mayor in charge
    # 第四十五条 decides (it gives the signature to the vice mayor in charge), not R6.2
    assert "须由分管副市长孙副市长签署" in blocked(e, "R45.2")
    assert "第四十五条" in e.value.message
    app = w.approve(app.id, "vice_mayor", w.vm, opinion="同意")
    assert app.status == "approved" and app.checklist[0].approval.signer_name == "孙副市长"
    assert app.checklist[0].approval.for_person_id == w.vm
    use = w.use(app.id)
    assert (use.year, use.seq, use.copies_stamped) == (2026, 1, 3)
    assert seals.get_application(w.db, app.id).status == "used"


def test_R45_2_unit_without_a_vice_mayor_in_charge_is_refused(w, admin):
    other = directory.save_unit(w.db, admin, name="统计局", kind="department").id
    app = w.apply(unit_id=other)
    assert app.checklist[0].who == "分管副市长（未登记：请在「人员与分管 → 分管」中登记）"
    assert seals.eligible_signers(w.db, app.id, "vice_mayor", T) == []
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "vice_mayor", w.vm)
    message = blocked(e, "R45.2")
    assert "「统计局」没有登记分管副市长" in message and "人员与分管 → 分管" in message
    with pytest.raises(RuleViolation) as e:  # the step is never dropped
        w.use(app.id)
    blocked(e, "R45.2")


def test_R45_2_another_vice_mayor_is_refused_under_article_45(w, admin):
    """第四十五条: only the vice mayor in charge of the applying unit (derived from the
    directory) signs. 钱副市长 is a vice mayor in charge of 住建局, not of 农业农村局: refused
    under 第四十五条 (it was 「第六条（R6.2）…不是其当日的AB角」)."""
    other = directory.save_person(w.db, admin, name="钱副市长").id
    directory.save_appointment(
        w.db,
        admin,
        person_id=other,
        post_code="vice_mayor",
        unit_id=None,
        start_date=date(2025, 1, 1),
        title="",
    )
    housing = directory.save_unit(w.db, admin, name="住建局", kind="department").id
    directory.save_portfolio(
        w.db, admin, person_id=other, unit_id=housing, start_date=date(2025, 1, 1)
    )
    app = w.apply()
    assert [x.person_id for x in seals.eligible_signers(w.db, app.id, "vice_mayor", T)] == [w.vm]
    for signer in (other, w.exec_vm):
        with pytest.raises(RuleViolation) as e:
            w.approve(app.id, "vice_mayor", signer)
        message = blocked(e, "R45.2")
        assert "第四十五条" in message and "须由分管副市长孙副市长签署" in message
        assert "不分管" in message and "第六条" not in message and "不是其当日的AB角" not in message
    # 周 is 孙's AB partner: refused under R6.2 while 孙 is not away
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "vice_mayor", w.partner)
    blocked(e, "R6.2")
    # allowed: 孙副市长 himself, recorded as the vice mayor in charge it was for
    app = w.approve(app.id, "vice_mayor", w.vm)
    assert app.ready and app.approvals[0].for_person_id == w.vm


def test_R6_2_partner_may_not_sign_while_the_vice_mayor_is_not_away(w):
    app = w.apply()
    assert [x.person_id for x in seals.eligible_signers(w.db, app.id, "vice_mayor", T)] == [w.vm]
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "vice_mayor", w.partner)
    assert "未经批准外出" in blocked(e, "R6.2")


def test_R45_3_important_use_needs_the_mayor_himself(w, admin):
    entrusted = directory.save_entrustment(
        w.db,
        admin,
        principal_id=w.mayor,
        agent_id=w.exec_vm,
        start_date=T,
        end_date=T + timedelta(days=3),
    )
    assert entrusted
    category = org_profile.get_profile(w.db)["important_seal_categories"][1]
    app = w.apply(important_category=category)
    assert app.important and [i.code for i in app.checklist] == ["vice_mayor", "mayor"]
    app = w.approve(app.id, "vice_mayor", w.vm)
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    blocked(e, "R45.3")
    with pytest.raises(RuleViolation) as e:  # entrustment does not reach 第四十五条 (R6.3)
        w.approve(app.id, "mayor", w.exec_vm)
    assert "不任此职" in blocked(e, "R45.3")
    app = w.approve(app.id, "mayor", w.mayor)
    assert app.ready
    w.use(app.id)
    with pytest.raises(ValidationError, match="重要用印类别"):
        w.apply(important_category="随便写的类别")
    assert w.apply(important=True).important  # marked by hand


def test_R46_office_seal_needs_the_office_director(w):
    app = w.apply(seal_id=w.office_seal)
    assert [(i.code, i.who) for i in app.checklist] == [
        ("office_director", "市政府办公室主任 王主任")
    ]
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    blocked(e, "R46")
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "office_director", w.vm)
    blocked(e, "R46")
    w.approve(app.id, "office_director", w.director)
    assert w.use(app.id).seq == 1


def test_R47_joint_sealing_needs_the_party_seal_first(w):
    app = w.apply(joint_with_party=True)
    app = w.approve(app.id, "vice_mayor", w.vm)
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    assert "市委（市委办公室）先行用印" in blocked(e, "R47")
    with pytest.raises(ValidationError):
        w.approve(app.id, "party_seal")  # the time the party seal was applied is required
    app = w.approve(app.id, "party_seal", done_at=at(hour=11))
    assert app.approvals[-1].signer_name == "中共同江市委员会"
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, used_at=at(hour=10))
    assert "早于市委" in blocked(e, "R47")
    assert w.use(app.id, used_at=at(hour=14)).seq == 1


def test_R48_tv_announcement_needs_the_mayor_or_executive_vice_mayor(w):
    app = w.apply(tv_announcement=True, title="关于春季防火的通告")
    app = w.approve(app.id, "vice_mayor", w.vm)
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    blocked(e, "R48")
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "tv", w.vm)
    blocked(e, "R48")
    assert {x.person_id for x in seals.eligible_signers(w.db, app.id, "tv", T)} == {
        w.mayor,
        w.exec_vm,
    }
    w.approve(app.id, "tv", w.exec_vm)
    w.use(app.id)


def test_R14_contract_needs_the_legality_review_recorded(w):
    app = w.apply(is_contract=True, title="同江市人民政府与某公司合作协议")
    app = w.approve(app.id, "vice_mayor", w.vm)
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    assert "合法性审查" in blocked(e, "R14")
    with pytest.raises(ValidationError, match="合法性审查结论"):
        w.approve(app.id, "legality", signer_name="市司法局")
    app = w.approve(app.id, "legality", signer_name="市司法局", opinion="经审查，协议内容合法。")
    form = seals.application_form(w.db, app.id)
    assert form.legality_text.startswith("是；合法性审查已完成（市司法局")
    w.use(app.id)


def test_approval_rules_of_recording(w):
    app = w.apply()
    # Refusals a rule decides carry it (R45.1, the register rule LOG), not a bare input error.
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "sign_off")
    assert "不能手工登记" in blocked(e, "R45.1")
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "vice_mayor", w.vm, on=T - timedelta(days=1))
    assert "早于申请日期" in blocked(e, "LOG")
    app = w.approve(app.id, "vice_mayor", w.vm)
    with pytest.raises(RuleViolation) as e:
        w.approve(app.id, "vice_mayor", w.vm)
    assert "已登记" in blocked(e, "LOG")
    with pytest.raises(RuleViolation) as e:
        seals.update_application(w.db, CLERK, app.id, app.version, copies=5)
    assert "已有审批记录" in blocked(e, "LOG")
    assert "用印登记簿规则" in e.value.message
    app = seals.void_approval(
        w.db, CLERK, app.approvals[0].id, "签署人选错", app.approvals[0].version
    )
    assert app.status == "pending" and app.approvals == ()
    app = seals.update_application(w.db, CLERK, app.id, app.version, copies=5)
    assert app.copies == 5 and app.number == "用印〔2026〕1号"


# --- recording the use (LOG) --------------------------------------------------------------------


def test_LOG_use_refused_for_copies_blank_paper_inactive_seal_then_allowed(w, admin):
    app = w.approve(w.apply(copies=3).id, "vice_mayor", w.vm)
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, copies_stamped=4)
    assert "超过批准的 3 份" in blocked(e, "LOG")
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, no_blank_paper=False)
    blocked(e, "LOG")
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, used_at=at(T - timedelta(days=1)))
    assert "早于审批时间" in blocked(e, "LOG")
    seal = seals.get_seal(w.db, w.gov_seal)
    seal = seals.change_status(w.db, admin, w.gov_seal, "suspended", T, "停用", seal.version)
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    assert "不在启用状态" in blocked(e, "LOG")
    seals.change_status(w.db, admin, w.gov_seal, "active", T, "恢复启用", seal.version)
    use = w.use(
        app.id, copies_stamped=2, copies_spoiled=1, scan=b"%PDF-scan", scan_filename="s.pdf"
    )
    assert seals.get_file(w.db, use.scan_sha256).filename == "s.pdf"
    with pytest.raises(RuleViolation) as e:
        w.use(app.id)
    assert "已登记用印" in blocked(e, "LOG")
    with pytest.raises(RuleViolation) as e:
        seals.update_application(w.db, CLERK, app.id, None, title="改标题")
    blocked(e, "LOG")
    with pytest.raises(RuleViolation) as e:
        seals.void_application(w.db, CLERK, app.id, "重复申请", None)
    assert "先作废用印登记" in blocked(e, "LOG")
    with pytest.raises(RuleViolation) as e:
        seals.attach_scan(w.db, CLERK, use.id, b"other", "x.pdf", use.version)
    assert "已附扫描件" in blocked(e, "LOG")


def test_dashboard_lists_waiting_and_long_unused_applications(w):
    pending = w.apply(title="待审批的文件")
    approved = w.approve(w.apply(title="审批后未用的文件").id, "vice_mayor", w.vm)
    items = {
        i.ref_id: i
        for i in dashboard.collect(w.db, T + timedelta(days=30))
        if i.ref_kind == "seal_application"
    }
    assert items[pending.id].severity == "pending" and "待审批" in items[pending.id].title
    assert dashboard.category(items[pending.id], T + timedelta(days=30)) == "待审批"
    assert items[approved.id].severity == "warn" and "未用印" in items[approved.id].title
    soon = [
        i.ref_id
        for i in dashboard.collect(w.db, T + timedelta(days=1))
        if i.ref_kind == "seal_application"
    ]
    assert soon == [pending.id]


# --- R6.2: the AB partner signs while the vice mayor in charge is away ---------------------------


def test_R6_2_AB_partner_signs_for_the_vice_mayor_away_marked_B_role(w, admin):
    _away(w, admin, w.vm, T, T + timedelta(days=2))
    app = w.apply()
    signers = seals.eligible_signers(w.db, app.id, "vice_mayor", T)
    assert [(x.person_id, x.b_role) for x in signers] == [(w.vm, False), (w.partner, True)]
    with pytest.raises(RuleViolation) as e:  # neither he nor his AB partner: 第四十五条
        w.approve(app.id, "vice_mayor", w.mayor)
    blocked(e, "R45.2")
    app = w.approve(app.id, "vice_mayor", w.partner)
    approval = app.checklist[0].approval
    assert approval.b_role and approval.signer_name == "周副市长"
    assert approval.signer_title == "副市长（B角代签）"
    assert (approval.for_person_id, approval.for_name) == (w.vm, "孙副市长")
    w.use(app.id)
    assert seals.register_rows(w.db, T, T)[0].approvers == "周副市长（B角代签）"
    # the day after the absence the partner may no longer sign in his place
    later = w.apply(applied_on=T + timedelta(days=3))
    with pytest.raises(RuleViolation) as e:
        w.approve(later.id, "vice_mayor", w.partner, on=T + timedelta(days=3))
    assert "未经批准外出" in blocked(e, "R6.2")
