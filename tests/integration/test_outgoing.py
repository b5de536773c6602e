"""发文 on both engines: drafts and editing, the sign-off chain (R33.1, R33.2, R33.3, R34, R6.2)
with the vice mayors in charge derived from what the document touches. Numbering at issue (NUM),
voiding and the register's list: test_outgoing_register.py. R10, R17, R37:
test_outgoing_basis.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from db.errors import StaleRecordError
from db.models.absences import Absence
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import outgoing
from desktop_app.services.system.common import ValidationError
from tests.integration.test_outgoing_support import (
    CLERK,
    T,
    blocked,
    draft,
    org_fixture,  # noqa: F401 - the `org` fixture
    sign,
)


def test_draft_record_and_editing_with_optimistic_locking(db, org):
    d = draft(db, org, tv_announcement=True, copies=120)
    assert (d.status, d.status_name, d.number, d.issuer_name) == ("draft", "签批中", "", "市政府")
    assert d.drafting_unit_name == "农业农村局" and d.vice_mayor_names == "孙立新"
    assert d.vice_mayors_on == T  # derived from the directory on the 拟稿日期
    assert d.main_to.startswith("各乡镇") and d.cc == "市委办公室" and d.copies == 120
    assert d.missing_steps == ("分管副市长同意", "市政府办公室审核", "常务副市长签发")
    e = outgoing.update_outgoing(
        db,
        CLERK,
        d.id,
        d.version,
        title="关于做好春耕备耕工作的通知",
        touched_unit_ids=[org.u["住房和城乡建设局"]],
    )
    assert e.title == "关于做好春耕备耕工作的通知" and e.vice_mayor_names == "孙立新、周志强"
    assert e.touched_unit_names == "住房和城乡建设局"
    with pytest.raises(StaleRecordError):
        outgoing.update_outgoing(db, CLERK, d.id, d.version, title="过期的修改")
    with pytest.raises(ValidationError, match="文种"):
        draft(db, org, doc_type="便函")
    with pytest.raises(TypeError):  # the clerk no longer picks the vice mayor (R33.1)
        draft(db, org, vice_mayor_ids=[org.p["孙立新"]])
    with pytest.raises(ValidationError, match="拟稿单位"):
        draft(db, org, drafting_unit_id=None)


def test_R33_1_chain_checklist_and_refused_signers(db, org):
    """R33.1: vice mayor in charge agrees → office reviews → executive vice mayor signs."""
    d = draft(db, org)
    lines = outgoing.signoff_checklist(db, CLERK, d.id, day=T)
    assert [(x.label, x.needed, x.done) for x in lines] == [
        ("分管副市长同意", "分管副市长 孙立新", False),
        ("市政府办公室审核", "市政府办公室负责人或常务秘书", False),
        ("常务副市长签发", "常务副市长 张海峰", False),
    ]
    with pytest.raises(RuleViolation) as err:  # out of order
        sign(db, org, d.id, "office_review", "陈立")
    assert "请先完成「分管副市长同意」" in blocked(err, "R33.1")
    sign(db, org, d.id, "vice_mayor_agree", "孙立新")
    with pytest.raises(RuleViolation) as err:  # head of a department, not of the office
        sign(db, org, d.id, "office_review", "罗健")
    blocked(err, "R33.1")
    sign(db, org, d.id, "office_review", "陈立")
    with pytest.raises(RuleViolation) as err:  # a vice mayor may not sign in the exec's place
        sign(db, org, d.id, "sign", "孙立新")
    assert "常务副市长" in blocked(err, "R33.1")
    done = sign(db, org, d.id, "sign", "张海峰", day=T + timedelta(days=1))
    assert (done.status, done.status_name, done.chain_complete) == ("signed", "已签发", True)
    assert done.signer_name == "张海峰" and done.signed_on == T + timedelta(days=1)
    assert (
        done.signers
        == "孙立新（分管副市长同意）；陈立（市政府办公室审核）；张海峰（常务副市长签发）"
    )
    lines = outgoing.signoff_checklist(db, CLERK, d.id)
    assert all(x.done and x.capacity == "本人" for x in lines)
    with pytest.raises(ValidationError, match="签批程序已经完成"):
        sign(db, org, d.id, "sign", "张海峰")
    # Article 33 has the executive vice mayor sign the text that is issued: once 签发 the text is
    # final — refused under 第三十三条 (R33.1, the rule of this chain), not as an input error.
    with pytest.raises(RuleViolation) as err:
        outgoing.update_outgoing(db, CLERK, d.id, None, title="签发后修改")
    assert "发文已经「常务副市长签发」，签发的文本不能再修改" in blocked(err, "R33.1")
    assert err.value.message.startswith("依据《工作规则》第三十三条")


def test_R33_1_a_unit_without_a_vice_mayor_in_charge_that_day_is_refused(db, org):
    """R33.1 (Art. 33 as corrected) decides: before the term (2021-10-01) the directory has no
    vice mayor in charge of 农业农村局, so the document is refused — pointing to 人员与分管 → 分管
    — instead of going on without the vice-mayor step as the old reading (no selection → office
    review and 签发 only) allowed."""
    with pytest.raises(RuleViolation) as err:
        draft(db, org, drafted_on=date(2021, 9, 1))
    msg = blocked(err, "R33.1")
    assert "农业农村局" in msg and "人员与分管 → 分管" in msg
    d = draft(db, org, drafted_on=date(2021, 10, 8))  # allowed: the term has begun
    assert d.vice_mayor_names == "孙立新"


def test_R33_1_no_path_skips_the_vice_mayor_of_the_drafting_unit(db, org):
    """R33.1: the issue's case — a 市政府 notice of 农业农村局 cannot go to office review and
    签发 without 孙立新, and 周志强 (住建/安监) is refused as its 分管副市长 under 第三十三条."""
    d = draft(db, org)
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "office_review", "陈立")
    assert "分管副市长同意" in blocked(err, "R33.1")
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "vice_mayor_agree", "周志强")
    msg = blocked(err, "R33.1")
    assert "孙立新" in msg and msg.startswith("依据《工作规则》第三十三条")
    with pytest.raises(RuleViolation) as err:  # naming him as the vice mayor addressed too
        sign(db, org, d.id, "vice_mayor_agree", "周志强", for_vm="周志强")
    blocked(err, "R33.1")
    assert sign(db, org, d.id, "vice_mayor_agree", "孙立新").signers == "孙立新（分管副市长同意）"


def test_R33_1_an_area_touched_brings_its_vice_mayor(db, org):
    """R33.1: an 办公室-drafted 市政府 notice concerning 农业农村战线: 张海峰 (市政府办公室) and
    孙立新 (the area) are both in charge → R33.2 (each reviews)."""
    d = draft(db, org, drafting_unit_id=org.u["市政府办公室"], touched_areas=["农业农村战线"])
    assert d.vice_mayor_names == "张海峰、孙立新" and d.touched_areas == ("农业农村战线",)
    assert d.missing_steps[0] == "分管副市长分别审核（2位）"
    with pytest.raises(RuleViolation) as err:
        draft(db, org, touched_areas=["海洋渔业战线"])
    assert "海洋渔业战线" in blocked(err, "R33.1")


def test_R33_1_executive_vice_mayor_in_charge_agrees_and_signs(db, org):
    """R33.1: 财政局 is in 张海峰's own portfolio: he agrees as the vice mayor in charge and, after
    the office's review, signs as 常务副市长 — both steps recorded (Art. 33 names two acts)."""
    d = draft(db, org, drafting_unit_id=org.u["财政局"], title="关于做好2026年财政收支工作的通知")
    assert d.vice_mayor_names == "张海峰"
    sign(db, org, d.id, "vice_mayor_agree", "张海峰")
    sign(db, org, d.id, "office_review", "陈立")
    done = sign(db, org, d.id, "sign", "张海峰")
    assert done.chain_complete and done.signers == (
        "张海峰（分管副市长同意）；陈立（市政府办公室审核）；张海峰（常务副市长签发）"
    )


def test_R33_2_each_vice_mayor_reviews_then_mayor_or_exec_signs(db, org):
    """R33.2: 农业农村局 drafts, 住建局 is touched: 孙立新 and 周志强 each review."""
    d = draft(db, org, touched=("住房和城乡建设局",))
    lines = outgoing.signoff_checklist(db, CLERK, d.id, day=T)
    assert [x.needed for x in lines] == [
        "分管副市长 孙立新",
        "分管副市长 周志强",
        "市长或常务副市长",
    ]
    sign(db, org, d.id, "vice_mayors_review", "孙立新", for_vm="孙立新")
    with pytest.raises(RuleViolation) as err:  # 周志强 has not reviewed yet
        sign(db, org, d.id, "sign", "李明远")
    assert "分管副市长分别审核" in blocked(err, "R33.2")
    with pytest.raises(ValidationError, match="已登记"):
        sign(db, org, d.id, "vice_mayors_review", "孙立新", for_vm="孙立新")
    sign(db, org, d.id, "vice_mayors_review", "周志强", for_vm="周志强")
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "sign", "赵文华")
    assert "市长或常务副市长" in blocked(err, "R33.2")
    done = sign(db, org, d.id, "sign", "李明远")
    assert done.status == "signed" and done.signer_name == "李明远"


def test_R33_2_a_vice_mayor_not_in_charge_is_refused_and_units_of_one_count_once(db, org):
    """R33.2: 张海峰 (财政 …) may not review a document of 农业/住建; two units of 孙立新 alone
    (农业农村局, 自然资源局) stay R33.1 — the vice mayors are counted, not the units."""
    d = draft(db, org, touched=("住房和城乡建设局",))
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "vice_mayors_review", "张海峰")
    assert "孙立新、周志强" in blocked(err, "R33.2")
    one = draft(db, org, touched=("自然资源局",))
    assert one.vice_mayor_names == "孙立新" and one.missing_steps[0] == "分管副市长同意"


def test_R33_3_mayor_signs_decisions_even_when_exec_is_entrusted(db, org):
    """R33.3 (with R6.3): a 决定 is signed by the mayor himself; the entrusted executive vice
    mayor may not sign it (demo entrustment: T+7 … T+10)."""
    d = draft(db, org, doc_type="决定", title="关于表彰2025年度安全生产先进单位的决定")
    assert d.is_decision_or_order
    day = T + timedelta(days=8)
    sign(db, org, d.id, "vice_mayor_agree", "孙立新", day=day)
    sign(db, org, d.id, "office_review", "陈立", day=day)
    assert outgoing.signoff_checklist(db, CLERK, d.id, day=day)[-1].needed == "市长 李明远"
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "sign", "张海峰", day=day)
    assert "受委托" in blocked(err, "R33.3")
    assert sign(db, org, d.id, "sign", "李明远", day=day).status == "signed"
    report = draft(
        db,
        org,
        to_higher_government=True,
        doc_type="报告",
        title="关于2025年安全生产工作情况的报告",
    )
    sign(db, org, report.id, "vice_mayor_agree", "孙立新")
    sign(db, org, report.id, "office_review", "陈立")
    with pytest.raises(RuleViolation) as err:
        sign(db, org, report.id, "sign", "张海峰")
    blocked(err, "R33.3")


def test_R33_3_an_important_notice_goes_to_the_mayor(db, org):
    """R33.3: 决定、命令 *and other important documents*: a 市政府 通知 marked important is signed
    by the mayor, not the executive vice mayor; unmarked, 张海峰 signs (R33.1)."""
    d = draft(db, org, important=True, title="关于全面推行河长制的通知")
    sign(db, org, d.id, "vice_mayor_agree", "孙立新")
    sign(db, org, d.id, "office_review", "陈立")
    assert outgoing.signoff_checklist(db, CLERK, d.id, day=T)[-1].label == "市长签发"
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "sign", "张海峰")
    blocked(err, "R33.3")
    assert sign(db, org, d.id, "sign", "李明远").signer_name == "李明远"
    notice = draft(db, org, doc_type="公告", title="关于春耕期间道路通行的公告")
    assert notice.missing_steps[-1] == "常务副市长签发"


def test_R34_office_documents(db, org):
    """R34: routine office documents — executive vice mayor signs; important ones — vice mayor
    in charge (derived like R33.1) agrees first."""
    routine = draft(db, org, issuer="office", title="关于调整春节值班安排的通知")
    assert [x.label for x in outgoing.signoff_checklist(db, CLERK, routine.id, T)] == [
        "常务副市长签发"
    ]
    with pytest.raises(RuleViolation) as err:
        sign(db, org, routine.id, "sign", "周志强")
    blocked(err, "R34")
    assert sign(db, org, routine.id, "sign", "张海峰").status == "signed"
    assert routine.vice_mayor_names == ""  # routine: no vice mayor step, none derived
    important = draft(db, org, issuer="office", important=True)
    assert important.vice_mayor_names == "孙立新"  # derived from 农业农村局, not picked
    with pytest.raises(RuleViolation) as err:
        sign(db, org, important.id, "sign", "张海峰")
    assert "分管副市长同意" in blocked(err, "R34")
    with pytest.raises(RuleViolation) as err:  # another portfolio's vice mayor
        sign(db, org, important.id, "vice_mayor_agree", "吴秀兰")
    assert "孙立新" in blocked(err, "R34")
    sign(db, org, important.id, "vice_mayor_agree", "孙立新")
    assert sign(db, org, important.id, "sign", "张海峰").chain_complete


def _away(db, org, name: str, start: date, end: date) -> None:
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


def test_R6_2_ab_partner_signs_only_while_the_vice_mayor_is_away(db, org):
    """R6.2: 赵文华 (孙立新's AB partner) may agree in his place only on a day he is away."""
    d = draft(db, org)
    with pytest.raises(RuleViolation) as err:
        sign(db, org, d.id, "vice_mayor_agree", "赵文华")
    assert "未经批准外出" in blocked(err, "R6.2")
    _away(db, org, "孙立新", T + timedelta(days=1), T + timedelta(days=3))
    line = outgoing.signoff_checklist(db, CLERK, d.id, day=T + timedelta(days=2))[0]
    assert line.needed == "分管副市长 孙立新（外出，可由AB角赵文华代签）"
    with pytest.raises(RuleViolation) as err:  # not his AB partner: refused under Art. 33, whose
        sign(db, org, d.id, "vice_mayor_agree", "周志强", day=T + timedelta(days=2))  # step it is
    blocked(err, "R33.1")
    done = sign(db, org, d.id, "vice_mayor_agree", "赵文华", day=T + timedelta(days=2))
    line = outgoing.signoff_checklist(db, CLERK, d.id)[0]
    assert (line.signer_name, line.capacity, line.b_role) == ("赵文华", "B角代签", True)
    assert done.signers == "赵文华（分管副市长同意，B角代签）"


def test_R33_2_R34_a_step_the_chain_does_not_have_is_refused_under_its_article(db, org):
    """The chain's own article decides which steps it has: 市政府办公室审核 is no step of an
    R33.2 chain, 分管副市长同意 none of a routine office document's (R34)."""
    two = draft(db, org, touched_unit_ids=[org.u["住房和城乡建设局"]])
    with pytest.raises(RuleViolation) as err:
        sign(db, org, two.id, "office_review", "陈立")
    assert "本文件的签批程序中没有这一步" in blocked(err, "R33.2")
    assert err.value.message.startswith("依据《工作规则》第三十三条")
    office = draft(db, org, issuer="office")
    with pytest.raises(RuleViolation) as err:
        sign(db, org, office.id, "vice_mayor_agree", "孙立新")
    assert "常务副市长签发" in blocked(err, "R34")
    with pytest.raises(ValidationError, match="请选择签批步骤"):
        sign(db, org, office.id, "no_such_step", "张海峰")
    done = sign(db, org, office.id, "sign", "张海峰")  # allowed: the step R34 asks for
    assert done.status == "signed"


def test_R33_1_editing_what_it_touches_drops_sign_offs_the_chain_no_longer_has(db, org):
    """R33.1: the drafting unit changes to 住建局: its vice mayor (周志强) must agree; 孙立新's
    agreement no longer fits and is voided."""
    d = draft(db, org)
    sign(db, org, d.id, "vice_mayor_agree", "孙立新")
    kept = sign(db, org, d.id, "office_review", "陈立")
    e = outgoing.update_outgoing(
        db, CLERK, d.id, kept.version, drafting_unit_id=org.u["住房和城乡建设局"]
    )
    assert e.signers == "陈立（市政府办公室审核）"
    assert e.missing_steps == ("分管副市长同意", "常务副市长签发")
    lines = outgoing.signoff_checklist(db, CLERK, d.id, day=T)
    assert [(x.needed, x.done) for x in lines] == [
        ("分管副市长 周志强", False),
        ("市政府办公室负责人或常务秘书", True),
        ("常务副市长 张海峰", False),
    ]
    with pytest.raises(RuleViolation) as err:  # 孙立新 no longer signs this document (Art. 33)
        sign(db, org, d.id, "vice_mayor_agree", "孙立新")
    blocked(err, "R33.1")
