"""The 发文登记簿 on both engines: no number or seal before the sign-off chain is complete
(R45.1, the seal register's contract), numbering at issue (NUM), voiding, and the register's
list by period, search and given ids (R44)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import outgoing
from desktop_app.services.system.common import ValidationError
from tests.integration.test_outgoing_support import (
    CLERK,
    JIYAO,
    T,
    blocked,
    draft,
    issued,
    org_fixture,  # noqa: F401 - the `org` fixture
    sign,
    signed_r33_1,
)


def test_R45_1_no_number_or_seal_before_the_chain_is_complete(db, org):
    d = draft(db, org)
    sign(db, org, d.id, "vice_mayor_agree", "孙立新")
    with pytest.raises(RuleViolation) as err:
        outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    assert "市政府办公室审核" in blocked(err, "R45.1")
    with db.read() as s:
        with pytest.raises(RuleViolation) as err:
            outgoing.check_ready_to_seal(s, d.id)
        blocked(err, "R45.1")
        assert outgoing.outgoing_label(s, d.id) == "（未编号）《关于做好2026年春耕生产工作的通知》"
    sign(db, org, d.id, "office_review", "陈立")
    sign(db, org, d.id, "sign", "张海峰")
    with db.read() as s:
        outgoing.check_ready_to_seal(s, d.id)  # allowed: chain complete
        with pytest.raises(ValidationError):
            outgoing.check_ready_to_seal(s, 99999)
    with db.read() as s:  # the seal register's read: signed, not yet issued
        fd = outgoing.formal_document(s, d.id)
        assert (fd.issued, fd.chain_complete, fd.issuer_name) == (False, True, "市政府")
    e = outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    with db.read() as s:
        assert outgoing.outgoing_label(s, d.id) == f"{e.number}《{e.title}》"
        fd = outgoing.formal_document(s, d.id)
        assert (fd.issued, fd.chain_complete, fd.issuer, fd.missing_steps) == (
            True,
            True,
            "government",
            (),
        )
    outgoing.void_outgoing(db, CLERK, d.id, "内容有误，重新发文", None)
    with db.read() as s:
        with pytest.raises(ValidationError, match="作废") as err:
            outgoing.check_ready_to_seal(s, d.id)
        assert isinstance(err.value, LookupError)  # the seal register reads it as "not ready"


def test_R45_1_voiding_a_signoff_reopens_the_chain(db, org):
    d = signed_r33_1(db, org)
    last = outgoing.signoff_checklist(db, CLERK, d.id)[-1]
    back = outgoing.void_signoff(db, CLERK, last.signoff_id, "签发人登记错误", None)
    assert back.status == "draft" and back.missing_steps == ("常务副市长签发",)
    with pytest.raises(RuleViolation) as err:
        outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    blocked(err, "R45.1")


def test_NUM_a_numbered_documents_signoffs_and_text_are_final(db, org):
    """NUM numbers a document once it is signed: a sign-off of a numbered document is not voided
    (it would leave a number on an unsigned document), and its signed text is not edited (R33.1,
    the rule of its chain) — both refused citing the rule; voiding the document is the way."""
    d = issued(db, org)
    last = outgoing.signoff_checklist(db, CLERK, d.id)[-1]
    with pytest.raises(RuleViolation) as err:
        outgoing.void_signoff(db, CLERK, last.signoff_id, "签发人登记错误", None)
    assert "签批记录不能再作废" in blocked(err, "NUM")
    assert err.value.message.startswith("依据发文字号编号规则（NUM）")
    with pytest.raises(RuleViolation) as err:
        outgoing.update_outgoing(db, CLERK, d.id, None, title="印发后修改")
    blocked(err, "R33.1")
    kept = outgoing.get_outgoing(db, CLERK, d.id)
    assert (kept.status, kept.title, kept.chain_complete) == ("issued", d.title, True)
    gone = outgoing.void_outgoing(db, CLERK, d.id, "内容有误，重新发文", None)
    assert gone.voided and gone.number == d.number
    with pytest.raises(ValidationError, match="已作废"):
        outgoing.void_signoff(db, CLERK, last.signoff_id, "签发人登记错误", None)


def test_NUM_numbers_per_prefix_and_year_never_reused(db, org):
    a = issued(db, org)
    b = issued(db, org, title="关于加强森林防火工作的通知")
    assert (a.number, b.number) == ("同政发〔2026〕1号", "同政发〔2026〕2号")
    assert (b.status, b.status_name, b.issued_on, b.seq) == ("issued", "已印发", T, 2)
    office = draft(db, org, issuer="office")
    sign(db, org, office.id, "sign", "张海峰")
    office = outgoing.issue_outgoing(db, CLERK, office.id, issued_on=T, expected_version=None)
    letter = signed_r33_1(db, org, doc_type="函", title="关于商请支持春耕物资调运的函")
    letter = outgoing.issue_outgoing(db, CLERK, letter.id, issued_on=T, expected_version=None)
    assert (office.number, letter.number) == ("同政办发〔2026〕1号", "同政函〔2026〕1号")
    outgoing.void_outgoing(db, CLERK, b.id, "文件内容调整，停止印发", None)
    c = issued(db, org, title="关于做好春季防汛工作的通知")
    assert c.number == "同政发〔2026〕3号"  # 2 stays with the voided record
    voided = outgoing.get_outgoing(db, CLERK, b.id)
    assert (voided.number, voided.voided, voided.status_name) == ("同政发〔2026〕2号", True, "作废")
    assert voided.void_reason == "文件内容调整，停止印发"
    nxt = issued(db, org, day=date(2027, 1, 5), title="关于做好2027年元旦春节期间工作的通知")
    assert nxt.number == "同政发〔2027〕1号"
    with pytest.raises(ValidationError, match="已编号"):
        outgoing.issue_outgoing(db, CLERK, a.id, issued_on=T, expected_version=None)
    with pytest.raises(ValidationError, match="已作废"):
        outgoing.issue_outgoing(db, CLERK, b.id, issued_on=T, expected_version=None)


def test_NUM_refuses_unconfigured_prefix_and_issue_before_signing(db, org):
    d = signed_r33_1(db, org)
    with pytest.raises(RuleViolation) as err:
        outgoing.issue_outgoing(
            db, CLERK, d.id, issued_on=T, prefix="佳政发", expected_version=None
        )
    assert "同政发" in blocked(err, "NUM")
    with pytest.raises(RuleViolation) as err:
        outgoing.issue_outgoing(
            db, CLERK, d.id, issued_on=T - timedelta(days=1), expected_version=None
        )
    blocked(err, "NUM")
    assert outgoing.prefix_choices(db, "office", "函") == (
        "同政办函",
        ["同政发", "同政办发", "同政函", "同政办函"],
    )
    ok = outgoing.issue_outgoing(
        db, CLERK, d.id, issued_on=T, prefix="同政办函", expected_version=None
    )
    assert ok.number == "同政办函〔2026〕1号"  # the clerk may choose another configured prefix


def test_register_list_by_period_and_search(db, org):
    a = issued(db, org)
    b = issued(
        db,
        org,
        day=T + timedelta(days=10),
        title="关于做好2026年防汛工作的通知",
        drafting_unit_id=org.u["自然资源局"],
    )
    c = draft(db, org, title="关于开展安全生产大检查的通知")  # not issued: listed by 拟稿日期
    outgoing.void_outgoing(db, CLERK, a.id, "重发", None)
    ids = [x.id for x in outgoing.list_outgoing(db, CLERK)]
    assert ids == [b.id, c.id, a.id]  # newest first
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, limit=1, offset=1)] == [c.id]
    oldest_first = outgoing.list_outgoing(db, CLERK, newest_first=False)
    assert [x.id for x in oldest_first] == [a.id, c.id, b.id]  # numbered first on a day
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, include_voided=False)] == [b.id, c.id]
    window = outgoing.list_outgoing(
        db, CLERK, start=T + timedelta(days=1), end=T + timedelta(days=30)
    )
    assert [x.id for x in window] == [b.id]
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, search="防汛")] == [b.id]
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, search="〔2026〕2号")] == [b.id]
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, search="自然资源")] == [b.id]
    assert [x.id for x in outgoing.list_outgoing(db, CLERK, search="50%")] == []
    assert outgoing.count_outgoing(db, CLERK) == 2
    row = outgoing.get_outgoing(db, CLERK, b.id)
    # every column of the 发文登记簿 (FORMS.md)
    assert (
        row.seq,
        row.number,
        row.title,
        row.doc_type,
        row.secrecy,
        row.drafting_unit_name,
        row.signer_name,
        row.signed_on,
        row.copies,
        row.issued_on,
        row.openness,
        row.archive_ref,
    ) == (
        2,
        "同政发〔2026〕2号",
        "关于做好2026年防汛工作的通知",
        "通知",
        "",
        "自然资源局",
        "张海峰",
        T,
        1,
        T + timedelta(days=10),
        "",
        "",
    )
    assert row.main_to and row.cc
    filed = outgoing.set_archive_ref(db, CLERK, b.id, "2026-永久-12", row.version)
    assert filed.archive_ref == "2026-永久-12"


def test_register_narrowed_to_given_ids_keeps_the_other_filters_and_R44(db, org):
    """`ids` (the hits of a full-text search) narrows the 发文登记簿 to those records; status,
    voided and R44 (a classified record only for the 机要 role) still apply to them."""
    a = issued(db, org)
    b = draft(db, org, title="关于开展安全生产大检查的通知", drafted_on=T + timedelta(days=1))
    c = draft(db, org, title="关于做好2026年防汛工作的通知", drafted_on=T + timedelta(days=2))
    secret = draft(
        db,
        org,
        user=JIYAO,
        title="关于边境管控工作的通知",
        secrecy="秘密",
        secrecy_term="10年",
        copies=1,
        copy_numbers="001",
        drafted_on=T + timedelta(days=3),
    )
    outgoing.void_outgoing(db, CLERK, c.id, "重发", None)

    def listed(user=CLERK, **kw) -> list[int]:
        return [x.id for x in outgoing.list_outgoing(db, user, **kw)]

    assert listed(ids=[a.id, c.id]) == [c.id, a.id]  # the register's order, newest first
    assert listed(ids=[a.id, c.id], include_voided=False) == [a.id]
    assert listed(ids=(a.id, b.id), status="draft") == [b.id]
    assert listed(ids={b.id}, search="防汛") == []  # and the register's own search still applies
    assert listed(ids=[]) == []  # no hits: nothing, not the whole register
    assert listed(ids=[secret.id, b.id]) == [b.id]  # R44
    assert listed(JIYAO, ids=[secret.id, b.id]) == [secret.id, b.id]
    assert len(listed()) == 3 and len(listed(JIYAO)) == 4  # without `ids`: the whole register
