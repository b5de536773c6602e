"""用印 on both engines: the catalogue and lending, the application's computed checklist and the
approvals each rule requires (R45.1 formal documents linked to an issued 发文 record, R45.2 the
vice mayor in charge derived from the directory, R45.3, R46, R47, R48, R14, R6.2), and recording
the use (LOG).
Register numbering, voiding, queries and tamper detection: test_seals_register.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services import seals
from desktop_app.services.directory import commands as directory
from desktop_app.services.system import dashboard, org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
T = date(2026, 3, 2)  # a Monday


def at(day: date = T, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


def blocked(excinfo, rule_id: str) -> str:
    assert excinfo.value.rule_id == rule_id
    assert f"（{rule_id}）" in excinfo.value.message
    return excinfo.value.message


@dataclass
class World:
    db: object
    unit: int  # 农业农村局, in the charge of 孙副市长
    office: int  # 同江市人民政府办公室
    mayor: int
    exec_vm: int
    vm: int  # 孙副市长, in charge of the unit
    partner: int  # 周副市长, 孙's AB partner
    director: int  # office director
    gov_seal: int
    office_seal: int

    def apply(self, **kw) -> seals.ApplicationDTO:
        args = dict(
            applied_on=T,
            unit_id=self.unit,
            handler="王经办",
            contact="13900000000",
            title="关于春耕生产资金的说明",
            copies=3,
            seal_id=self.gov_seal,
            purpose="报送省农业农村厅",
        )
        return seals.apply(self.db, CLERK, **(args | kw))

    def use(self, app_id: int, **kw) -> seals.UseDTO:
        args = dict(used_at=at(), copies_stamped=3, supervisor="赵监印", no_blank_paper=True)
        return seals.record_use(self.db, CLERK, app_id, **(args | kw))

    def approve(self, app_id: int, kind: str, person_id: int | None = None, **kw):
        return seals.record_approval(
            self.db, CLERK, app_id, kind, signed_on=kw.pop("on", T), person_id=person_id, **kw
        )


def build_world(db, admin) -> World:
    def person(name: str) -> int:
        return directory.save_person(db, admin, name=name).id

    start = date(2025, 1, 1)
    unit = directory.save_unit(db, admin, name="农业农村局", kind="department").id
    office = directory.save_unit(db, admin, name="同江市人民政府办公室", kind="office").id
    ids = {n: person(n) for n in ("张市长", "李常务", "孙副市长", "周副市长", "王主任")}
    for name, post, unit_id in (
        ("张市长", "mayor", None),
        ("李常务", "exec_vice_mayor", None),
        ("孙副市长", "vice_mayor", None),
        ("周副市长", "vice_mayor", None),
        ("王主任", "unit_head", office),
    ):
        directory.save_appointment(
            db,
            admin,
            person_id=ids[name],
            post_code=post,
            unit_id=unit_id,
            start_date=start,
            title="",
        )
    directory.save_portfolio(db, admin, person_id=ids["孙副市长"], unit_id=unit, start_date=start)
    directory.save_ab_pair(
        db, admin, person_a_id=ids["孙副市长"], person_b_id=ids["周副市长"], start_date=start
    )

    def seal(name: str, kind: str) -> int:
        made = seals.add_seal(
            db,
            admin,
            name=name,
            kind=kind,
            made_on=date(2025, 1, 2),
            document="刻制批准函",
            imprint=f"印模:{name}".encode(),
        )
        return seals.change_status(
            db, admin, made.id, "active", date(2025, 1, 3), "启用通知", made.version
        ).id

    return World(
        db,
        unit,
        office,
        ids["张市长"],
        ids["李常务"],
        ids["孙副市长"],
        ids["周副市长"],
        ids["王主任"],
        seal("同江市人民政府印", "gov"),
        seal("同江市人民政府办公室印", "office"),
    )


@pytest.fixture
def w(db, admin) -> World:
    return build_world(db, admin)


# --- catalogue and lending ---------------------------------------------------------------------


def test_catalogue_lifecycle_imprint_and_custody(w, admin):
    seal = seals.get_seal(w.db, w.gov_seal)
    assert (seal.status_name, seal.usable) == ("启用", True)
    assert [e.event_name for e in seal.events] == ["刻制", "启用"]
    assert seals.get_file(w.db, seal.imprint_sha256).content == "印模:同江市人民政府印".encode()
    seal = seals.hand_over(
        w.db, admin, w.gov_seal, custodian="赵监印", start_date=T, handed_over_by="钱原保管"
    )
    assert seal.custodian == "赵监印"
    assert seals.custodian_on(w.db, w.gov_seal, T - timedelta(days=1)) == ""
    # No article of the work rules speaks of destroying a seal: the two witnesses are a rule of
    # the seal register (SEALMGT, 印章管理规则), cited by name in the refusal.
    with pytest.raises(RuleViolation) as err:
        seals.change_status(
            w.db,
            admin,
            w.gov_seal,
            "destroyed",
            T,
            "销毁批文",
            seal.version,
            witness_1="甲",
            witness_2="甲",
        )
    assert "两名不同的监销人" in blocked(err, "SEALMGT")
    assert err.value.message.startswith("依据印章管理规则（SEALMGT）")
    seal = seals.change_status(w.db, admin, w.gov_seal, "suspended", T, "停用通知", seal.version)
    assert not seal.usable and [s.id for s in seals.list_seals(w.db, usable_only=True)] == [
        w.office_seal
    ]
    seal = seals.change_status(
        w.db,
        admin,
        w.gov_seal,
        "destroyed",
        T,
        "销毁批文",
        seal.version,
        witness_1="甲",
        witness_2="乙",
    )
    assert seal.events[-1].witness_2 == "乙"
    with pytest.raises(ValidationError, match="不能启用"):
        seals.change_status(w.db, admin, w.gov_seal, "active", T, "启用", seal.version)


def test_lending_needs_the_right_approver_and_overdue_loans_reach_the_dashboard(w):
    args = dict(
        borrower="王经办",
        purpose="赴省厅签约",
        approved_on=T,
        taken_at=at(),
        due_back_at=at(hour=17),
        unit_id=w.unit,
    )
    assert {x.person_id for x in seals.loan_approvers(w.db, w.gov_seal, T)} == {w.mayor, w.exec_vm}
    with pytest.raises(RuleViolation) as err:  # SEALMGT: who approves lending, by seal kind
        seals.lend_seal(w.db, CLERK, w.gov_seal, approver_id=w.vm, **args)
    assert "须经市长、常务副市长批准" in blocked(err, "SEALMGT")
    assert not seals.get_seal(w.db, w.gov_seal).on_loan
    loan = seals.lend_seal(w.db, CLERK, w.gov_seal, approver_id=w.exec_vm, **args)
    assert loan.approver_name == "李常务" and seals.get_seal(w.db, w.gov_seal).on_loan
    with pytest.raises(ValidationError, match="已外借"):
        seals.lend_seal(w.db, CLERK, w.gov_seal, approver_id=w.mayor, **args)
    items = [i for i in dashboard.collect(w.db, T + timedelta(days=1)) if i.area == "用印"]
    assert [(i.severity, i.ref_kind) for i in items] == [("overdue", "seal_loan")]
    assert not [i for i in dashboard.collect(w.db, T) if i.ref_kind == "seal_loan"]
    loan = seals.return_seal(
        w.db,
        CLERK,
        loan.id,
        returned_at=at(T + timedelta(days=1), 9),
        received_by="赵监印",
        expected_version=loan.version,
    )
    assert not loan.is_overdue(at(T + timedelta(days=2)))
    assert not seals.overdue_loans(w.db, at(T + timedelta(days=2)))
    # the office seal may also be lent with the office director's approval
    seals.lend_seal(w.db, CLERK, w.office_seal, approver_id=w.director, **args)


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


# --- formal documents (R45.1) -------------------------------------------------------------------


def _sign_chain(w: World, doc_id: int, upto: int | None = None, user=CLERK) -> None:
    """Record the 发文 chain's open steps through the outgoing register's own services (the
    vice mayor in charge it derives, the office director's review, the executive vice mayor's
    or the mayor's 签发); `upto` stops after that many steps."""
    from desktop_app.services.documents import outgoing

    for n, line in enumerate(
        x for x in outgoing.signoff_checklist(w.db, user, doc_id, T) if not x.done
    ):
        if upto is not None and n >= upto:
            return
        person = (
            line.for_person_id
            or {"office_review": w.director}.get(line.step_key)
            or (w.mayor if line.label.startswith("市长签发") else w.exec_vm)
        )
        outgoing.record_signoff(
            w.db,
            user,
            doc_id,
            step_key=line.step_key,
            person_id=person,
            signed_on=T,
            for_person_id=line.for_person_id,
        )


def _outgoing(
    w: World,
    *,
    signed: bool = True,
    issued: bool = True,
    issuer: str = "government",
    title: str = "关于做好春耕生产的通知",
    user=CLERK,
    **kw,
) -> int:
    """A notice drafted by 农业农村局 (in the charge of 孙副市长), its chain signed and numbered
    through the outgoing register's services, as far as asked."""
    from desktop_app.services.documents import outgoing

    doc = outgoing.create_outgoing(
        w.db,
        user,
        issuer=issuer,
        doc_type="通知",
        title=title,
        drafting_unit_id=w.unit,
        drafted_on=T,
        **kw,
    )
    if signed:
        _sign_chain(w, doc.id, user=user)
    if signed and issued:
        outgoing.issue_outgoing(w.db, user, doc.id, issued_on=T, expected_version=None)
    return doc.id


def test_R45_1_marking_formal_without_a_linked_record_is_refused(w):
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True)
    assert "未关联发文" in blocked(e, "R45.1")
    assert "第四十五条" in e.value.message
    with pytest.raises(ValidationError, match="发文不存在"):
        w.apply(is_formal=True, outgoing_id=987654)


def test_R45_1_linking_a_draft_or_unnumbered_record_is_refused(w):
    draft = _outgoing(w, signed=False)
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=draft)
    assert "尚未编号印发" in blocked(e, "R45.1")
    signed = _outgoing(w, issued=False, title="关于春季防火的通知")  # 已签发, not yet numbered
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=signed)
    assert "（未编号）《关于春季防火的通知》尚未编号印发" in blocked(e, "R45.1")


def test_R45_1_linking_a_voided_record_is_refused(w):
    from desktop_app.services.documents import outgoing

    doc = _outgoing(w)
    outgoing.void_outgoing(w.db, CLERK, doc, "内容有误，收回", None)
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=doc)
    assert "已作废" in blocked(e, "R45.1")


def test_R45_1_seal_must_match_the_issuer(w):
    gov_doc = _outgoing(w)
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=gov_doc, seal_id=w.office_seal)
    assert "以市政府名义印发，应加盖市政府印章" in blocked(e, "R45.1")
    office_doc = _outgoing(w, issuer="office", title="关于调整春节值班安排的通知")
    with pytest.raises(RuleViolation) as e:
        w.apply(is_formal=True, outgoing_id=office_doc)
    assert "应加盖市政府办公室印章" in blocked(e, "R45.1")
    # allowed: the office's own document with the office seal — its director signs (第四十六条)
    app = w.apply(is_formal=True, outgoing_id=office_doc, seal_id=w.office_seal)
    assert [(i.code, i.done) for i in app.checklist] == [
        ("sign_off", True),
        ("office_director", False),
    ]
    assert app.outgoing_issuer == "市政府办公室"


def test_R45_1_issued_government_document_with_the_government_seal_is_allowed(w):
    doc = _outgoing(w)
    app = w.apply(is_formal=True, outgoing_id=doc, copies=2)
    assert app.outgoing_label == "同政发〔2026〕1号《关于做好春耕生产的通知》"
    assert app.outgoing_issuer == "市政府"
    assert [(i.code, i.rule_id, i.done) for i in app.checklist] == [("sign_off", "R45.1", True)]
    assert app.ready and app.status == "approved"
    assert w.use(app.id, copies_stamped=2).seq == 1
    assert [x.id for x in seals.list_applications(w.db, outgoing_id=doc)] == [app.id]
    # the register names who approved it: the 发文 chain's signers
    approvers = seals.register_rows(w.db, T, T)[0].approvers
    assert approvers.startswith("发文签批：") and "李常务" in approvers
    # the bounded search finds it by its number, for the government seal only
    found = seals.find_formal_documents(w.db, CLERK, "〔2026〕1号", seal_kind="gov")
    assert [(x.id, x.number, x.issuer_name) for x in found] == [
        (doc, "同政发〔2026〕1号", "市政府")
    ]
    assert seals.find_formal_documents(w.db, CLERK, "〔2026〕1号", seal_kind="office") == []
    with pytest.raises(ValidationError):
        seals.find_formal_documents(w.db, CLERK, " ")


def test_R45_1_a_record_voided_after_the_application_blocks_the_use(w):
    from desktop_app.services.documents import outgoing

    doc = _outgoing(w)
    app = w.apply(is_formal=True, outgoing_id=doc, copies=2)
    outgoing.void_outgoing(w.db, CLERK, doc, "内容有误，收回", None)
    app = seals.get_application(w.db, app.id)
    assert not app.ready and "已作废" in app.checklist[0].detail
    with pytest.raises(RuleViolation) as e:
        w.use(app.id, copies_stamped=2)
    assert "已作废" in blocked(e, "R45.1")


def _formal_unlinked(w: World, seal_id: int | None = None) -> int:
    """An application saved 正式公文 with no linked record, as older versions allowed (written
    directly, the way such rows reached today's database)."""
    from db.models.seals import SealApplication

    app = w.apply(seal_id=seal_id or w.gov_seal)
    with w.db.uow("wenmi") as s:
        row = s.get(SealApplication, app.id)
        row.is_formal = True
    return app.id


def test_R45_1_formal_application_saved_without_a_link_shows_unlinked_and_needs_it(w):
    """Migrated data: kept as it is, shown 「未关联发文」; no use until the record is linked."""
    app_id = _formal_unlinked(w)
    app = seals.get_application(w.db, app_id)
    assert app.unlinked and not app.ready
    assert [(i.code, i.done) for i in app.checklist] == [("sign_off", False)]
    assert app.checklist[0].detail.startswith("未关联发文")
    assert "未关联发文" in seals.list_applications(w.db)[0].flags
    with pytest.raises(RuleViolation) as e:
        w.use(app_id)
    assert "未关联发文" in blocked(e, "R45.1")
    draft = _outgoing(w, signed=False, title="关于春季防火的通知")
    with pytest.raises(RuleViolation) as e:
        seals.link_outgoing(w.db, CLERK, app_id, draft, None)
    assert "尚未编号印发" in blocked(e, "R45.1")
    doc = _outgoing(w)
    app = seals.link_outgoing(w.db, CLERK, app_id, doc, None)
    assert not app.unlinked and app.ready
    with pytest.raises(ValidationError, match="已关联发文"):
        seals.link_outgoing(w.db, CLERK, app_id, doc, None)
    assert w.use(app_id).seq == 1


def test_R45_1_an_other_use_needs_no_link_and_cannot_be_linked(w):
    app = w.apply()
    with pytest.raises(RuleViolation) as e:
        seals.link_outgoing(w.db, CLERK, app.id, _outgoing(w), None)
    blocked(e, "R45.1")


# --- R6.2: the AB partner signs while the vice mayor in charge is away ---------------------------


def _away(w: World, admin, person_id: int, start: date, end: date) -> None:
    """An approved absence of vice mayor `person_id`, filed and approved through the absences
    register (R62.2: the mayor agrees, the party secretary approves)."""
    from desktop_app.services.absences import approvals as absences_approvals
    from desktop_app.services.absences import commands as absences

    secretary = directory.save_person(w.db, admin, name="市委书记").id
    directory.save_appointment(
        w.db,
        admin,
        person_id=secretary,
        post_code="party_secretary",
        unit_id=None,
        start_date=date(2025, 1, 1),
    )
    filed = start - timedelta(days=5)
    d = absences.file_request(
        w.db,
        CLERK,
        absences.AbsenceInput(
            person_id=person_id,
            category="出差",
            reason="赴省汇报工作",
            destination="哈尔滨",
            start_date=start,
            start_half="上午",
            end_date=end,
            end_half="晚上",
            transport="火车",
            contact="13945400000",
            acting_name="周副市长",
            acting_post="副市长",
            acting_contact="13945400001",
            filed_on=filed,
        ),
    )
    for step in ("mayor_agree", "secretary_approve"):
        d = absences_approvals.record_approval(w.db, CLERK, d.id, step, filed)
    assert d.status == "approved"


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


# --- classified documents (R44) -----------------------------------------------------------------

JIYAO = CurrentUser("jiyao", "机要员", "confidential")
SECRET_TITLE = "关于边境口岸联合管控的通知"


def _secret_outgoing(w: World) -> int:
    """An issued 机密 notice of the government, its chain complete, kept by the 机要 account."""
    return _outgoing(
        w,
        title=SECRET_TITLE,
        user=JIYAO,
        secrecy="机密",
        secrecy_term="20年",
        copies=2,
        copy_numbers="001,002",
    )


def _audited(w: World, action: str) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from db.models import AuditEntry

    with w.db.read() as s:
        return [
            tuple(x)
            for x in s.execute(
                select(AuditEntry.record_id, AuditEntry.actor)
                .where(AuditEntry.table_name == "outgoing_document", AuditEntry.action == action)
                .order_by(AuditEntry.seq)
            ).all()
        ]


def _formal_args(w: World, doc: int) -> dict:
    return dict(
        applied_on=T,
        unit_id=w.unit,
        handler="王经办",
        title=SECRET_TITLE,
        copies=2,
        seal_id=w.gov_seal,
        purpose="正式公文印发",
        is_formal=True,
        outgoing_id=doc,
    )


def test_R44_a_classified_outgoing_is_linked_by_a_confidential_account_only(w):
    """第四十四条: a clerk without the 机要 role may not link a classified 发文 (nor find it by its
    number or title); the refusal names neither; the 机要 account links it."""
    doc = _secret_outgoing(w)
    with pytest.raises(RuleViolation) as e:
        seals.apply(w.db, CLERK, **_formal_args(w, doc))
    assert "第四十四条" in blocked(e, "R44") and "机要" in e.value.message
    assert SECRET_TITLE not in e.value.message and "〔2026〕" not in e.value.message
    assert seals.find_formal_documents(w.db, CLERK, "〔2026〕1号") == []
    assert seals.find_formal_documents(w.db, CLERK, "边境口岸") == []
    unlinked = _formal_unlinked(w)  # saved 「未关联发文」 before the link was required
    with pytest.raises(RuleViolation) as e:
        seals.link_outgoing(w.db, CLERK, unlinked, doc, None)
    assert SECRET_TITLE not in blocked(e, "R44")
    assert seals.get_application(w.db, unlinked, user=CLERK).unlinked
    # allowed: the 机要 account finds it by its number and links it
    assert [x.id for x in seals.find_formal_documents(w.db, JIYAO, "〔2026〕1号")] == [doc]
    app = seals.link_outgoing(w.db, JIYAO, unlinked, doc, None)
    assert app.outgoing_label == f"同政发〔2026〕1号《{SECRET_TITLE}》" and app.ready
    applied = seals.apply(w.db, JIYAO, **_formal_args(w, doc))
    assert applied.title == SECRET_TITLE and applied.ready


def test_R44_a_classified_documents_application_hides_its_title_from_other_accounts(w):
    """第四十四条: list, detail, checklist, register, the 工作台 and the printed form show an
    application of a classified 发文 to a non-机要 account as 「（涉密文件，标题不显示）」 and
    its words do not find it; he may not change it. The 机要 account sees it, and his opening
    and printing are logged on the 发文 record."""
    from desktop_app.printing.seal_forms import seal_form_from

    doc = _secret_outgoing(w)
    app = seals.apply(w.db, JIYAO, **_formal_args(w, doc))
    with pytest.raises(RuleViolation) as e:
        seals.update_application(w.db, CLERK, app.id, None, title="改个名字")
    assert SECRET_TITLE not in blocked(e, "R44")
    seals.record_use(
        w.db,
        CLERK,
        app.id,
        used_at=at(),
        copies_stamped=2,
        supervisor="赵监印",
        no_blank_paper=True,
    )  # the register stays complete whoever records it
    hidden = "（涉密文件，标题不显示）"
    mine = seals.get_application(w.db, app.id, user=CLERK)
    assert (mine.title, mine.outgoing_label, mine.outgoing_issuer) == (hidden, hidden, "市政府")
    assert hidden in mine.checklist[0].detail and SECRET_TITLE not in mine.checklist[0].detail
    assert [x.title for x in seals.list_applications(w.db, user=CLERK)] == [hidden]
    assert seals.list_applications(w.db, user=CLERK, text="边境口岸") == []
    assert seals.list_applications(w.db, text="边境口岸") == []  # no account: nothing shown
    assert [x.title for x in seals.register_rows(w.db, T, T, user=CLERK)] == [hidden]
    form = seal_form_from(seals.print_application_form(w.db, CLERK, app.id))
    assert form.document_title == hidden and SECRET_TITLE not in form.remarks
    assert "〔2026〕1号" not in form.remarks
    assert _audited(w, "view") == [] and _audited(w, "print") == []
    # allowed: the 机要 account sees the title, and each open and print is logged
    assert seals.get_application(w.db, app.id, user=JIYAO).title == SECRET_TITLE
    assert [x.title for x in seals.list_applications(w.db, user=JIYAO, text="边境口岸")] == [
        SECRET_TITLE
    ]
    rows = seals.register_rows(w.db, T, T, user=JIYAO)
    assert [x.title for x in rows] == [SECRET_TITLE]
    form = seal_form_from(seals.print_application_form(w.db, JIYAO, app.id))
    assert form.document_title == SECRET_TITLE
    assert f"同政发〔2026〕1号《{SECRET_TITLE}》" in form.remarks
    seals.record_output(w.db, JIYAO, rows)
    assert _audited(w, "view") == [(doc, "jiyao")]
    assert _audited(w, "print") == [(doc, "jiyao"), (doc, "jiyao")]


def test_R44_the_printed_form_of_a_classified_document_by_account(w):
    """第四十四条: the 用印审批单 prints the classified title only for the 机要 account."""
    from io import BytesIO

    import pdfplumber

    from desktop_app.services.seals.printouts import seal_form_pdf

    def text(user) -> str:
        with pdfplumber.open(BytesIO(seal_form_pdf(w.db, app.id, user).pdf)) as pdf:
            return "".join("".join((p.extract_text() or "").split()) for p in pdf.pages)

    doc = _secret_outgoing(w)
    app = seals.apply(w.db, JIYAO, **_formal_args(w, doc))
    assert "边境口岸" not in text(CLERK) and "边境口岸" not in text(None)
    assert "涉密文件，标题不显示" in text(CLERK)
    assert "边境口岸" in text(JIYAO)
    assert _audited(w, "print") == [(doc, "jiyao")]
