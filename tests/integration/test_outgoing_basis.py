"""What a 发文 stands on besides its chain, on both engines: the deciding meeting of a major matter
(R10), the drafting units of a normative document touching two departments (R17) and a joint
document's disagreement blocking its number until the outcome is recorded (R37)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.rules.registry import RuleViolation
from desktop_app.services.documents import outgoing
from desktop_app.services.system.common import ValidationError
from tests.integration.test_outgoing_support import (
    CLERK,
    T,
    blocked,
    decide,
    draft,
    meeting,
    org_fixture,  # noqa: F401 - the `org` fixture
    sign,
    signed_r33_1,
)


def _issue(db, doc_id: int):
    return outgoing.issue_outgoing(
        db, CLERK, doc_id, issued_on=T + timedelta(days=5), expected_version=None
    )


def test_R10_major_matter_refused_at_issue_without_its_deciding_meeting(db, org):
    d = signed_r33_1(db, org, major_matter="政府投资", title="关于下达2026年农田水利投资计划的通知")
    with pytest.raises(RuleViolation) as err:
        _issue(db, d.id)
    assert "政府投资" in blocked(err, "R10")


def test_R10_deciding_meeting_must_be_a_held_standing_or_plenary_meeting_with_the_item(db, org):
    d = signed_r33_1(db, org, major_matter="财政预算")
    office_meeting = meeting(db, kind="mayor_office")
    planned = meeting(db, T + timedelta(days=9), status="planned")
    other = meeting(db)

    def link(meeting_id: int, item_id: int):
        return outgoing.record_deciding_meeting(
            db, CLERK, d.id, meeting_id=meeting_id, agenda_item_id=item_id, expected_version=None
        )

    for ids, words in (
        (office_meeting, "不是市政府常务会议或全体会议"),
        (planned, "尚未召开"),
        ((other[0], planned[1]), "不在"),
    ):
        with pytest.raises(RuleViolation) as err:
            link(*ids)
        assert words in blocked(err, "R10")
    with pytest.raises(ValidationError, match="议题"):
        link(other[0], 99999)
    plenary = meeting(db, kind="plenary", item="审议2026年财政预算草案")
    e = link(*plenary)
    assert e.decided_by_meeting == "市政府第三次会议 议题：审议2026年财政预算草案"
    assert _issue(db, d.id).number == "同政发〔2026〕1号"  # allowed: cites the meeting


def test_R10_ordinary_document_needs_no_meeting(db, org):
    assert _issue(db, signed_r33_1(db, org).id).number == "同政发〔2026〕1号"


def _normative_of_two_departments(db, org, **kw):
    """A 规范性文件 of 财政局 touching 发展和改革局's powers (both 张海峰's: R33.1)."""
    args = dict(
        drafting_unit_id=org.u["财政局"],
        touched=("发展和改革局",),
        is_normative=True,
        title="同江市政府投资项目管理办法",
    )
    args.update(kw)
    return draft(db, org, **args)


def test_R17_two_departments_refused_at_legal_review_and_issue_without_drafters(db, org):
    d = _normative_of_two_departments(db, org)
    with pytest.raises(RuleViolation) as err:
        outgoing.record_legal_review(
            db, CLERK, d.id, reviewed_on=T, reviewer="杨帆", expected_version=None
        )
    assert "发展和改革局" in blocked(err, "R17")
    # also at issue (a record whose legal review was kept before the rule)
    with db.uow("wenmi") as s:
        from db.models.outgoing import OutgoingDocument

        s.get(OutgoingDocument, d.id).legal_reviewed_on = T
    decide(db, d.id, meeting(db))
    for step in ("vice_mayor_agree", "office_review", "sign"):
        sign(db, org, d.id, step, {"office_review": "陈立"}.get(step, "张海峰"))
    with pytest.raises(RuleViolation) as err:
        _issue(db, d.id)
    blocked(err, "R17")


@pytest.mark.parametrize(
    "kw",
    [
        {"joint_unit_ids": "发展和改革局"},
        {"drafting_designation": "市政府2026年第3次常务会议指定财政局起草"},
    ],
)
def test_R17_jointly_drafted_or_designated_allowed(db, org, kw):
    if "joint_unit_ids" in kw:
        kw = {"joint_unit_ids": [org.u[kw["joint_unit_ids"]]]}
    d = _normative_of_two_departments(db, org, **kw)
    e = outgoing.record_legal_review(
        db, CLERK, d.id, reviewed_on=T, reviewer="杨帆", expected_version=None
    )
    assert e.legal_reviewed_by == "杨帆"
    decide(db, d.id, meeting(db))
    for step in ("vice_mayor_agree", "office_review", "sign"):
        sign(db, org, d.id, step, {"office_review": "陈立"}.get(step, "张海峰"))
    assert _issue(db, d.id).number == "同政发〔2026〕1号"


def test_R37_open_disagreement_blocks_the_number_until_its_outcome(db, org):
    d = signed_r33_1(
        db, org, joint_unit_ids=[org.u["自然资源局"]], title="关于做好耕地保护和春耕生产工作的通知"
    )
    assert d.joint_unit_names == "自然资源局"
    with pytest.raises(RuleViolation) as err:  # one side only
        outgoing.record_disagreement(
            db,
            CLERK,
            d.id,
            raised_on=T,
            positions=[("农业农村局", "春耕时节紧")],
            proposal="分步实施",
        )
    assert "各方" in blocked(err, "R37")
    e = outgoing.record_disagreement(
        db,
        CLERK,
        d.id,
        raised_on=T,
        positions=[("农业农村局", "春耕时节紧，须立即下发"), ("自然资源局", "耕地红线核实未完成")],
        proposal="先下发春耕部分，耕地核实结果另行通知",
    )
    assert len(e.open_disagreements) == 1
    with pytest.raises(RuleViolation) as err:
        _issue(db, d.id)
    assert "协调结果" in blocked(err, "R37")
    (x,) = outgoing.list_disagreements(db, CLERK, d.id)
    assert x.positions[1] == ("自然资源局", "耕地红线核实未完成") and not x.settled
    with pytest.raises(ValidationError, match="协调结果"):
        outgoing.record_outcome(db, CLERK, x.id, decided_by="孙立新", decided_on=T, outcome=" ")
    e = outgoing.record_outcome(
        db,
        CLERK,
        x.id,
        decided_by="孙立新（分管副市长）",
        decided_on=T + timedelta(days=1),
        outcome="同意主办部门建议",
    )
    assert e.open_disagreements == ()
    assert _issue(db, d.id).number == "同政发〔2026〕1号"  # allowed once the outcome is recorded


def test_R37_joint_units_bring_their_vice_mayors_and_only_joint_documents_record_disagreements(
    db, org
):
    """R37 with R33.2: a co-issuing 住建局 brings 周志强 — each vice mayor reviews."""
    d = draft(db, org, joint_unit_ids=[org.u["住房和城乡建设局"]])
    assert d.vice_mayor_names == "孙立新、周志强"
    plain = draft(db, org)
    # Article 37 speaks of the disagreements of a joint document: for any other the refusal is
    # under 第三十七条 (it was a bare input error).
    with pytest.raises(RuleViolation) as err:
        outgoing.record_disagreement(
            db,
            CLERK,
            plain.id,
            raised_on=T,
            positions=[("甲", "理由"), ("乙", "理由")],
            proposal="建议",
        )
    assert "没有登记联合发文单位" in blocked(err, "R37")
