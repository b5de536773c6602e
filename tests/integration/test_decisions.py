"""Meeting decisions on both engines: who carries them out by when (R23.6.1), written reports and
overdue units (R29.3) on the dashboard in working days, and items sent back for revision (R23.6.2)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from db.models import AgendaItem
from desktop_app.rules.meetings import ItemChain, check_item_ready
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.meetings import agenda, decisions, minutes
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import ValidationError
from tests.integration.minutes_support import ITEMS, people, plan, units

MEETING_DAY = date(2024, 4, 19)  # a Friday; 2024-05-01 … 05-05 are the 劳动节 holidays
TODAY = date(2024, 4, 30)


def _meeting(db, user):
    m = plan(db, user, day=MEETING_DAY)
    with db.read() as s:
        item_ids = list(
            s.scalars(
                select(AgendaItem.id)
                .where(AgendaItem.meeting_id == m.id, AgendaItem.kind == "normal")
                .order_by(AgendaItem.position)
            )
        )
    return m, item_ids


def _add(db, user, m, deadline, unit="财政局", content="落实项目资金", **kw):
    return decisions.add_decision(
        db, user, meeting_id=m.id, content=content, unit_id=units(db)[unit], deadline=deadline, **kw
    )


# --- R23.6.1 ------------------------------------------------------------------------------------


def test_R23_6_1_decision_gets_the_vice_mayor_in_charge_of_the_unit_by_default(db, clerk):
    m, (heating, _farm, money) = _meeting(db, clerk)
    d = _add(db, clerk, m, date(2024, 6, 30), agenda_item_id=money, quality="资金拨付到位")
    assert (d.unit_name, d.vice_mayor_name, d.item_title) == ("财政局", "张海峰", ITEMS[2][0])
    other = _add(
        db,
        clerk,
        m,
        date(2024, 5, 31),
        unit="住房和城乡建设局",
        content="修改完善供热管理办法",
        agenda_item_id=heating,
        vice_mayor_id=people(db)["李明远"],
    )
    assert other.vice_mayor_name == "李明远"
    assert [x.id for x in decisions.list_decisions(db, m.id)] == [other.id, d.id]
    assert [x.id for x in decisions.open_decisions(db)] == [other.id, d.id]


def test_R23_6_1_decision_without_unit_deadline_or_member_in_charge_is_refused(db, clerk):
    m, _items = _meeting(db, clerk)
    with pytest.raises(RuleViolation) as err:
        _add(db, clerk, m, date(2024, 6, 30), unit="中共同江市委员会")  # nobody's portfolio
    assert err.value.rule_id == "R23.6.1" and "第二十三条" in err.value.message
    with pytest.raises(RuleViolation, match="完成时限"):
        _add(db, clerk, m, None)
    # Article 23 (六)1 gives the decisions to the meeting's members (mayor, vice mayors) per their
    # portfolios: anyone else answering for one is refused under 第二十三条, not as an input error.
    with pytest.raises(RuleViolation) as err:
        _add(db, clerk, m, date(2024, 6, 30), vice_mayor_id=people(db)["徐东升"])
    assert err.value.rule_id == "R23.6.1" and "不任市长或副市长" in err.value.message
    assert err.value.message.startswith("依据《工作规则》第二十三条（R23.6.1）")
    with pytest.raises(ValidationError, match="早于会议日期"):
        _add(db, clerk, m, date(2024, 4, 1))
    assert decisions.list_decisions(db, m.id) == []


# --- R29.3 --------------------------------------------------------------------------------------


def test_R29_3_written_report_closes_the_decision(db, clerk):
    m, _items = _meeting(db, clerk)
    d = _add(db, clerk, m, date(2024, 4, 26))
    assert d.is_overdue(TODAY) and d.status_text(TODAY) == "已逾期"
    with pytest.raises(RuleViolation) as err:
        decisions.report_done(
            db, clerk, d.id, reported_on=TODAY, report=" ", expected_version=d.version
        )
    assert err.value.rule_id == "R29.3" and "第二十九条" in err.value.message
    done = decisions.report_done(
        db,
        clerk,
        d.id,
        reported_on=TODAY,
        report="资金已于4月25日拨付。",
        expected_version=d.version,
    )
    assert (done.status, done.reported_on, done.status_text(TODAY)) == ("done", TODAY, "已完成")
    assert decisions.open_decisions(db) == [] and decisions.overdue_decisions(db, TODAY) == []


def test_R29_3_R23_6_1_dashboard_lists_overdue_and_due_within_working_days(db, clerk):
    m, _items = _meeting(db, clerk)
    late = _add(db, clerk, m, date(2024, 4, 26), content="制定资金使用方案")
    due = _add(db, clerk, m, date(2024, 5, 7), content="拨付首批资金")  # 2nd working day after
    _add(db, clerk, m, date(2024, 5, 8), content="完成项目招标")  # 3rd: not yet
    reported = _add(db, clerk, m, date(2024, 4, 25), content="核实项目清单")
    decisions.report_done(
        db,
        clerk,
        reported.id,
        reported_on=date(2024, 4, 24),
        report="已核实。",
        expected_version=reported.version,
    )
    mine = [i for i in dashboard.collect(db, TODAY) if i.ref_kind == "decision"]
    assert [(i.ref_id, i.severity, i.rule_id, i.area) for i in mine] == [
        (late.id, "overdue", "R29.3", "会议"),
        (due.id, "due", "R23.6.1", "会议"),
    ]
    assert "第二十九条" in mine[0].detail and "尚未书面反馈" in mine[0].detail
    assert mine[0].title == "会议决定逾期未反馈：制定资金使用方案"
    assert decisions.overdue_decisions(db, TODAY)[0].id == late.id


# --- R23.6.2 ------------------------------------------------------------------------------------


def _approve(db, item_id):
    with db.uow() as s:
        item = s.get(AgendaItem, item_id)
        item.coordination_method, item.coordination_on = "会签", date(2024, 4, 1)
        for field in (
            "sponsor_signed_on",
            "office_consolidated_on",
            "exec_reviewed_on",
            "mayor_approved_on",
            "legal_reviewed_on",
            "procedure_sheet_on",
        ):
            setattr(item, field, date(2024, 4, 10))
        item.is_policy = True


def _chain(item: AgendaItem) -> ItemChain:
    return ItemChain(
        item.category,
        item.is_policy,
        item.coordination_on is not None,
        item.sponsor_signed_on is not None,
        item.office_consolidated_on is not None,
        item.exec_reviewed_on is not None,
        item.mayor_approved_on is not None,
        item.legal_reviewed_on is not None,
        item.procedure_sheet_on is not None,
        item.consensus,
        False,
    )


def test_R23_6_2_item_sent_back_returns_through_its_approval_chain(db, clerk):
    m, (heating, _farm, _money) = _meeting(db, clerk)
    _approve(db, heating)
    decisions.send_back_for_revision(db, clerk, heating, "收费标准须进一步论证")
    with db.read() as s:
        item = s.get(AgendaItem, heating)
        assert item.status == "revise"
        assert (
            item.sponsor_signed_on,
            item.office_consolidated_on,
            item.exec_reviewed_on,
            item.mayor_approved_on,
            item.legal_reviewed_on,
        ) == (None,) * 5
        assert item.coordination_on == date(2024, 4, 1)  # the coordination itself stands
        assert item.conclusion.endswith("会议要求修改后按程序重新报审：收费标准须进一步论证")
        with pytest.raises(RuleViolation) as err:
            check_item_ready(_chain(item))
    assert err.value.rule_id == "R23.4.1a" and "分管副市长审定签字" in err.value.message
    section = minutes.draft_minutes(db, clerk, m.id).sections[1]
    assert section.paragraphs[-1] == "会议要求修改后按程序重新报审：收费标准须进一步论证"


def test_R23_6_2_send_back_needs_a_reason_and_happens_once(db, clerk):
    _m, (heating, _farm, _money) = _meeting(db, clerk)
    with pytest.raises(ValidationError, match="理由"):
        decisions.send_back_for_revision(db, clerk, heating, "  ")
    decisions.send_back_for_revision(db, clerk, heating, "须补充风险评估")
    with pytest.raises(RuleViolation) as err:
        decisions.send_back_for_revision(db, clerk, heating, "再次退回")
    assert err.value.rule_id == "R23.6.2" and "重新报批" in err.value.message


def test_R23_6_2_only_an_item_the_meeting_deliberated_is_sent_back(db, clerk):
    """R23.6.2: the meeting asks for the revision of a deliberated item — not of the law study
    (R23.3) or a 事后报告 (R23.4.3), and not of an item no meeting has (第二十三条 refusals)."""
    m, (heating, _farm, _money) = _meeting(db, clerk)
    with db.read() as s:
        law_study = s.scalar(
            select(AgendaItem.id).where(
                AgendaItem.meeting_id == m.id, AgendaItem.kind == "law_study"
            )
        )
    with pytest.raises(RuleViolation) as err:
        decisions.send_back_for_revision(db, clerk, law_study, "学法内容调整")
    assert err.value.rule_id == "R23.6.2" and "不是提请审议的议题" in err.value.message
    assert err.value.message.startswith("依据《工作规则》第二十三条")
    loose = agenda.save_item(db, clerk, title="关于修订供热条例的议题", category="deliberation")
    with pytest.raises(RuleViolation) as err:
        decisions.send_back_for_revision(db, clerk, loose.id, "须补充风险评估")
    assert err.value.rule_id == "R23.6.2" and "尚未列入会议" in err.value.message
    decisions.send_back_for_revision(db, clerk, heating, "须补充风险评估")  # allowed path
    with db.read() as s:
        assert s.get(AgendaItem, heating).status == "revise"
        assert s.get(AgendaItem, law_study).status != "revise"


def test_R23_6_1_readonly_account_cannot_record_decisions(db, clerk):
    from desktop_app.services.system.common import CurrentUser, PermissionDenied

    m, _items = _meeting(db, clerk)
    with pytest.raises(PermissionDenied):
        _add(db, CurrentUser("guest", "访客", "readonly"), m, date(2024, 6, 30))
    supervisor = CurrentUser("ducha", "督查甲", "supervisor")
    d = _add(db, clerk, m, date(2024, 6, 30))
    assert (
        decisions.report_done(
            db, supervisor, d.id, reported_on=TODAY, report="已落实。", expected_version=d.version
        ).status
        == "done"
    )
