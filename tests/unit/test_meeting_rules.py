"""Pure MEET rule functions (R21–R28): allowed and blocked cases, and the edges of the cadence."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.rules.meetings import (
    ItemChain,
    PresiderFacts,
    cadence_gaps,
    check_attendance_recorded,
    check_item_ready,
    check_presider,
    check_quorum,
    check_sponsor_attends,
    check_substitute,
    missing_steps,
    quorum_needed,
)
from desktop_app.rules.minutes import (
    check_minutes_hand,
    check_minutes_step,
    check_objection_open,
    check_objections_settled,
    comment_outcomes,
)
from desktop_app.rules.registry import RuleViolation, all_rules

D = date


def _cites(err, rule_id: str) -> str:
    assert err.value.rule_id == rule_id
    assert f"（{rule_id}）" in err.value.message
    return err.value.message


def test_meeting_rules_are_registered_with_their_articles():
    by_id = {r.rule_id: r for r in all_rules()}
    for rule_id, article in (
        ("R20", "第二十条"),
        ("R21", "第二十一条"),
        ("R23.1", "第二十三条"),
        ("R23.4.1a", "第二十三条"),
        ("R23.4.5", "第二十三条"),
        ("R25", "第二十五条"),
        ("R27", "第二十七条"),
    ):
        assert by_id[rule_id].article == article


# --- R23.1: quorum --------------------------------------------------------------------------------


@pytest.mark.parametrize("members, present", [(6, 3), (6, 4), (6, 6), (5, 3), (2, 1), (1, 1)])
def test_R23_1_quorum_half_or_more_present(members, present):
    """第二十三条「须有半数以上常务会议成员出席」: in Chinese legal drafting 以上 includes the
    number itself (民法典第一千二百五十九条), so exactly half — 3 of 6 — may hold the meeting."""
    check_quorum(members, present)


@pytest.mark.parametrize("members, present, need", [(6, 2, 3), (5, 2, 3), (7, 3, 4), (6, 0, 3)])
def test_R23_1_quorum_fewer_than_half_is_refused(members, present, need):
    """第二十三条: fewer than half is refused; the message asks for half (rounded up), which it
    calls 半数以上（含半数）, so it no longer contradicts itself."""
    with pytest.raises(RuleViolation) as e:
        check_quorum(members, present)
    message = _cites(e, "R23.1")
    assert f"成员 {members} 人，出席 {present} 人，至少需要 {need} 人" in message
    assert "半数以上（含半数）" in message
    assert quorum_needed(members) == need


def test_R23_1_attendance_must_be_recorded_before_the_meeting_is_held():
    """第二十三条: nobody is 出席 by default — every line is recorded before the quorum counts."""
    check_attendance_recorded("executive", [], [])
    with pytest.raises(RuleViolation) as e:
        check_attendance_recorded("executive", ["赵文华", "孙立新"], ["财政局徐东升"])
    message = _cites(e, "R23.1")
    assert "赵文华、孙立新" in message and "列席 财政局徐东升" in message
    with pytest.raises(RuleViolation) as e:  # other meetings: 第二十七条 (leave is recorded)
        check_attendance_recorded("mayor_office", ["吴秀兰"], [])
    assert "吴秀兰" in _cites(e, "R27")


def test_R23_1_no_members_on_record_is_refused():
    with pytest.raises(RuleViolation) as e:
        check_quorum(0, 0)
    _cites(e, "R23.1")


# --- presiders (R21, R22, R23.1, R24, R25, R28) ---------------------------------------------------

MAYOR = PresiderFacts("executive", ["mayor"], True, False)
EVM = PresiderFacts("executive", ["exec_vice_mayor", "party_group_member"], False, False)
VM = PresiderFacts("mayor_office", ["vice_mayor"], False, False)


@pytest.mark.parametrize(
    "kind", ["plenary", "integrity", "executive", "mayor_office", "mayor_regular", "citywide"]
)
def test_R21_R28_the_mayor_may_preside_every_kind_but_the_sector_meeting(kind):
    assert check_presider(replace(MAYOR, kind=kind)) == "本人"


def test_R23_1_executive_vice_mayor_presides_only_when_entrusted():
    with pytest.raises(RuleViolation) as e:
        check_presider(EVM)
    _cites(e, "R23.1")
    assert check_presider(replace(EVM, entrusted_by_mayor=True)) == "受委托"


def test_R24_vice_mayor_presides_the_mayor_office_meeting_when_entrusted():
    with pytest.raises(RuleViolation) as e:
        check_presider(VM)
    _cites(e, "R24")
    assert check_presider(replace(VM, entrusted_by_mayor=True)) == "受委托"


@pytest.mark.parametrize(
    "kind, rule_id",
    [("plenary", "R21"), ("integrity", "R22"), ("mayor_regular", "R25"), ("citywide", "R28")],
)
def test_R21_R22_R25_R28_only_the_mayor_presides(kind, rule_id):
    with pytest.raises(RuleViolation) as e:  # even an entrusted executive vice mayor
        check_presider(replace(EVM, kind=kind, entrusted_by_mayor=True))
    _cites(e, rule_id)


def test_R28_sector_meeting_by_the_vice_mayor_in_charge():
    sector = replace(
        VM,
        kind="sector",
        sector_area="农业农村战线",
        sector_vice_mayor="孙立新",
        presider_name="周志强",
    )
    with pytest.raises(RuleViolation) as e:
        check_presider(sector)
    _cites(e, "R28")
    assert "「农业农村战线」战线会议由分管副市长孙立新主持，周志强不分管该战线" in e.value.message
    assert check_presider(replace(sector, presider_in_charge_of_sector=True)) == "本人"


def test_R28_the_mayor_does_not_preside_a_sector_meeting():
    """第二十八条（二）: 战线会议「由分管副市长主持」; the mayor's own is a 全市性工作会议."""
    with pytest.raises(RuleViolation) as e:
        check_presider(
            replace(
                MAYOR,
                kind="sector",
                sector_area="农业农村战线",
                sector_vice_mayor="孙立新",
                presider_name="李明远",
            )
        )
    _cites(e, "R28")
    assert "请登记为全市性工作会议" in e.value.message


# --- R23.4: the chain of an agenda item ----------------------------------------------------------

COMPLETE = ItemChain(
    category="deliberation",
    is_policy=True,
    coordination=True,
    sponsor_signed=True,
    office_consolidated=True,
    exec_reviewed=True,
    mayor_approved=True,
    legal_reviewed=True,
    procedure_sheet=True,
    consensus=True,
    disagreement_recorded=False,
)
EMPTY = ItemChain(
    category="deliberation",
    is_policy=True,
    coordination=False,
    sponsor_signed=False,
    office_consolidated=False,
    exec_reviewed=False,
    mayor_approved=False,
    legal_reviewed=False,
    procedure_sheet=False,
    consensus=False,
    disagreement_recorded=False,
)


def test_R23_4_1a_complete_chain_is_ready():
    assert missing_steps(COMPLETE) == []
    check_item_ready(COMPLETE)


def test_R23_4_1a_every_missing_step_is_listed_and_the_first_rule_cited():
    assert [rid for rid, _ in missing_steps(EMPTY)] == ["R23.4.1a"] * 5 + [
        "R23.4.1b",
        "R23.4.2b",
        "R23.4.4",
    ]
    with pytest.raises(RuleViolation) as e:
        check_item_ready(EMPTY)
    message = _cites(e, "R23.4.1a")
    assert all(text in message for _rid, text in missing_steps(EMPTY))


@pytest.mark.parametrize(
    "change, rule_id",
    [
        ({"mayor_approved": False}, "R23.4.1a"),
        ({"legal_reviewed": False}, "R23.4.1b"),
        ({"procedure_sheet": False}, "R23.4.2b"),
        ({"consensus": False}, "R23.4.4"),
    ],
)
def test_R23_4_each_missing_step_blocks_with_its_rule(change, rule_id):
    with pytest.raises(RuleViolation) as e:
        check_item_ready(replace(COMPLETE, **change))
    _cites(e, rule_id)


def test_R23_4_1b_R23_4_2b_what_does_not_apply_is_not_asked():
    check_item_ready(replace(COMPLETE, is_policy=False, legal_reviewed=False))
    check_item_ready(replace(COMPLETE, category="report", procedure_sheet=False))


def test_R23_4_4_disagreement_with_solution_and_consent_may_be_submitted():
    check_item_ready(replace(COMPLETE, consensus=False, disagreement_recorded=True))


def test_R23_4_5_sponsor_must_attend():
    check_sponsor_attends("赵文华", True)
    with pytest.raises(RuleViolation) as e:
        check_sponsor_attends("赵文华", False)
    assert "分管副市长赵文华不能参加本次会议" in _cites(e, "R23.4.5")


def test_R27_substitute_needs_the_executive_vice_mayors_approval():
    check_substitute(True)
    with pytest.raises(RuleViolation) as e:
        check_substitute(False)
    _cites(e, "R27")


# --- cadence (R21, R22, R23.2, R25) --------------------------------------------------------------


def test_R23_2_previous_month_missing_is_warned_once_records_go_back_that_far():
    held = [D(2026, 1, 10), D(2026, 3, 3)]
    assert cadence_gaps("executive", held, D(2026, 3, 10)) == [
        "2026年2月没有召开常务会议（原则上每月一次）。"
    ]
    # Records that start this month or last month do not claim a gap before them.
    assert cadence_gaps("executive", [D(2026, 3, 3)], D(2026, 3, 10)) == []
    assert cadence_gaps("executive", [D(2026, 2, 1)], D(2026, 3, 10)) == []


def test_R23_2_january_looks_back_to_december_of_the_year_before():
    assert cadence_gaps("executive", [D(2025, 10, 9), D(2026, 1, 5)], D(2026, 1, 12)) == [
        "2025年12月没有召开常务会议（原则上每月一次）。"
    ]
    assert cadence_gaps("executive", [D(2025, 12, 9), D(2026, 1, 5)], D(2026, 1, 12)) == []


def test_R23_2_the_current_month_counts_from_the_20th():
    held = [D(2026, 2, 10)]
    assert cadence_gaps("executive", held, D(2026, 3, 19)) == []
    assert cadence_gaps("executive", held, D(2026, 3, 20)) == [
        "2026年3月尚未召开常务会议（原则上每月一次）。"
    ]
    assert cadence_gaps("executive", [], D(2026, 3, 20)) == [
        "2026年3月尚未召开常务会议（原则上每月一次）。"
    ]


@pytest.mark.parametrize("kind, name", [("plenary", "全体会议"), ("integrity", "廉政工作会议")])
def test_R21_R22_half_year_boundaries(kind, name):
    assert cadence_gaps(kind, [D(2026, 1, 1)], D(2026, 6, 30)) == []
    assert cadence_gaps(kind, [D(2026, 6, 30)], D(2026, 7, 1)) == [
        f"2026年下半年尚未召开{name}（一般每半年一次）。"
    ]
    assert cadence_gaps(kind, [D(2025, 12, 31)], D(2026, 1, 2)) == [
        f"2026年上半年尚未召开{name}（一般每半年一次）。"
    ]
    assert cadence_gaps(kind, [D(2026, 12, 31)], D(2026, 7, 1)) == []


def test_R25_fourteen_days_is_fine_fifteen_is_warned():
    assert cadence_gaps("mayor_regular", [D(2026, 3, 2)], D(2026, 3, 16)) == []
    assert cadence_gaps("mayor_regular", [D(2026, 3, 2)], D(2026, 3, 17)) == [
        "市长工作例会已超过14天未召开（上次为2026年3月2日；原则上每两周一次）。"
    ]


def test_R25_future_meetings_do_not_count_and_none_at_all_is_warned():
    assert cadence_gaps("mayor_regular", [D(2026, 3, 1), D(2026, 4, 1)], D(2026, 3, 20)) == [
        "市长工作例会已超过14天未召开（上次为2026年3月1日；原则上每两周一次）。"
    ]
    assert cadence_gaps("mayor_regular", [], D(2026, 3, 20)) == [
        "市长工作例会已超过14天未召开（尚无记录；原则上每两周一次）。"
    ]


def test_R24_R28_meetings_held_as_needed_have_no_cadence():
    for kind in ("mayor_office", "citywide", "sector"):
        assert cadence_gaps(kind, [], D(2026, 3, 20)) == []


# --- R23.7.2: the minutes' steps and who takes them ------------------------------------------------


def test_R23_7_2_is_registered_from_the_rules_package():
    [info] = [r for r in all_rules() if r.rule_id == "R23.7.2"]
    assert info.article == "第二十三条"
    assert info.functions and all(f.startswith("desktop_app.rules.") for f in info.functions)


def test_R23_7_2_executive_minutes_pass_every_step_in_order():
    check_minutes_step("executive", "draft", "comments")
    with pytest.raises(RuleViolation) as e:
        check_minutes_step("executive", "draft", "legal")
    assert "下一步应为「征求汇报部门意见」" in _cites(e, "R23.7.2")
    check_minutes_step("mayor_office", "draft", "signed")  # reviews optional for other kinds


def test_R23_7_2_each_step_is_taken_by_the_post_the_article_names():
    check_minutes_hand("draft", "钱文", "2024年4月30日", True)
    with pytest.raises(RuleViolation) as e:
        check_minutes_hand("draft", "陈立", "2024年4月30日", False)
    assert "陈立在2024年4月30日不是常务秘书" in _cites(e, "R23.7.2")
    with pytest.raises(RuleViolation) as e:
        check_minutes_hand("legal", "徐东升", "2024年5月2日", False)
    assert "不是法制办公室人员" in _cites(e, "R23.7.2")
    with pytest.raises(RuleViolation) as e:
        check_minutes_hand("exec_review", "", "2024年5月3日", False)
    assert "没有常务副市长的任职记录" in _cites(e, "R23.7.2")


# --- R29.4: objections before issue ----------------------------------------------------------------


def test_R29_4_objections_are_taken_before_issue_not_after():
    check_objection_open("executive", issued=False)
    with pytest.raises(RuleViolation) as e:
        check_objection_open("executive", issued=True)
    assert "视为同意" in _cites(e, "R29.4")
    with pytest.raises(RuleViolation) as e:  # other kinds: the issued text is locked (R29.2)
        check_objection_open("sector", issued=True)
    _cites(e, "R29.2")


def test_R29_4_an_objection_is_settled_before_the_minutes_go_further():
    check_objections_settled([])
    with pytest.raises(RuleViolation) as e:
        check_objections_settled(["财政局"])
    assert "财政局提出的不同意见尚未记录处理结果" in _cites(e, "R29.4")


def test_R29_4_a_unit_that_raised_nothing_is_recorded_as_having_agreed():
    lines = comment_outcomes(
        ["住房和城乡建设局", "财政局"],
        [("财政局徐东升", "财政局", "资金来源未落实", "会后由财政局另行报批")],
    )
    assert lines == [
        "财政局徐东升：提出「资金来源未落实」；处理：会后由财政局另行报批",
        "住房和城乡建设局：未提出不同意见，视为同意",
    ]
