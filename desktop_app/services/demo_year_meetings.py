"""The demo year's meetings (demo_year): 常务会议 about monthly and 市长办公会议 now and then,
each item taken through its chain (R23.4), the attendance recorded and the meeting marked held,
the minutes drafted, reviewed, signed and issued, decisions assigned and most reported done.
The latest 常务会议's minutes are still in review and the next one is planned with its items,
so the 工作台 shows what is pending."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from desktop_app.formatting import CHINA
from desktop_app.services.demo_year import SECRETARY, Office
from desktop_app.services.meetings import (
    agenda,
    agenda_meeting,
    attendance,
    attendance_record,
    decisions,
    holding,
    minutes,
    minutes_issue,
    minutes_review,
)
from desktop_app.services.meetings import planning as meetings

# (title, unit, reporter, discussion, conclusion, decision: (content, unit, days to deadline))
ITEMS = [
    (
        "关于审议《同江市城区供热管理办法》的议题",
        "住房和城乡建设局",
        "局长郑红梅",
        "与会人员对供热收费标准和应急保障提出了意见。",
        "会议原则同意该办法，由住房和城乡建设局修改完善后印发。",
        ("修改完善《同江市城区供热管理办法》并按程序印发", "住房和城乡建设局", 30),
    ),
    (
        "关于春季农业生产工作的汇报",
        "农业农村局",
        "局长罗健",
        "",
        "会议要求各乡镇抓好春耕备耕，确保农时。",
        ("组织各乡镇落实春耕备耕措施，按周报送进度", "农业农村局", 45),
    ),
    (
        "关于城市基础设施建设项目资金安排的请示",
        "财政局",
        "局长徐东升",
        "与会人员就资金来源和拨付进度进行了讨论。",
        "会议原则同意所提资金安排意见。",
        ("按会议确定的方案拨付基础设施建设项目资金", "财政局", 20),
    ),
    (
        "关于城区学校布局调整的议题",
        "教育局",
        "局长胡晓燕",
        "与会人员对学校撤并后的学生接送提出了意见。",
        "会议同意布局调整方案，由教育局做好学生分流和校车安排。",
        ("制定学生分流和校车安排方案", "教育局", 40),
    ),
    (
        "关于安全生产大检查情况的汇报",
        "安全生产监督管理局",
        "局长何斌",
        "",
        "会议要求对检查发现的隐患逐项整改，限期销号。",
        ("对安全生产大检查发现的隐患逐项整改销号", "安全生产监督管理局", 30),
    ),
    (
        "关于基层医疗卫生机构建设的议题",
        "卫生健康局",
        "局长郭峰",
        "与会人员建议优先保障边远乡镇卫生院。",
        "会议原则同意建设方案，资金由财政局统筹安排。",
        ("编制基层医疗卫生机构建设年度计划", "卫生健康局", 60),
    ),
    (
        "关于信访积案化解工作的汇报",
        "信访局",
        "局长林涛",
        "",
        "会议要求各责任单位包案化解，逐案销号。",
        ("落实信访积案包案化解责任，按月报送化解情况", "信访局", 30),
    ),
    (
        "关于自然资源确权登记工作的议题",
        "自然资源局",
        "局长罗健",
        "与会人员对确权登记的进度安排提出了意见。",
        "会议同意工作方案，由自然资源局牵头组织实施。",
        ("组织实施自然资源确权登记工作方案", "自然资源局", 50),
    ),
]
REPORTERS = {  # the unit's head (demo.HEAD_NAMES), as the minutes name him
    "住房和城乡建设局": "局长郑红梅",
    "农业农村局": "局长罗健",
    "财政局": "局长徐东升",
    "教育局": "局长胡晓燕",
    "安全生产监督管理局": "局长何斌",
    "卫生健康局": "局长郭峰",
    "信访局": "局长林涛",
    "自然资源局": "局长罗健",
}
LAWS = (
    "《中华人民共和国行政复议法》",
    "《中华人民共和国安全生产法》",
    "《优化营商环境条例》",
    "《中华人民共和国政府信息公开条例》",
    "《重大行政决策程序暂行条例》",
)
# 常务会议 days, as days before today (the last one held, its minutes still in review), and
# the next one planned
EXECUTIVE_DAYS_AGO = (330, 295, 260, 225, 190, 155, 120, 85, 50, 15)
NEXT_EXECUTIVE_IN = 8
MAYOR_OFFICE_DAYS_AGO = (240, 140, 35)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=CHINA)


def _meeting_day(o: Office, days_ago: int) -> date:
    return o.workday(days_ago)


def _item(o: Office, spec: tuple, meeting_on: date, chain: bool) -> int:
    title, unit = spec[0], spec[1]
    first = meeting_on - timedelta(days=12)
    item = agenda.save_item(
        o.db,
        o.user,
        title=title,
        category="deliberation" if "议题" in title or "请示" in title else "report",
        department_id=o.unit[unit],
        today=first,
    )
    if chain:
        steps: list[tuple[str, dict[str, Any]]] = [
            ("coordination", {"method": "会签"}),
            ("sponsor_signed", {}),
            ("office_consolidated", {}),
            ("exec_reviewed", {}),
            ("mayor_approved", {}),
        ]
        if item.category == "deliberation":
            steps.append(("procedure_sheet", {}))
        for n, (step, extra) in enumerate(steps):
            item = agenda.record_step(
                o.db,
                o.user,
                item.id,
                step,
                first + timedelta(days=n),
                expected_version=item.version,
                **extra,
            )
        item = agenda.record_step(
            o.db,
            o.user,
            item.id,
            "materials",
            meeting_on - timedelta(days=3),
            expected_version=item.version,
            copies=20,
        )
    o.count("议题")
    return item.id


def _plan(o: Office, kind: str, day: date, specs: list[tuple]) -> meetings.MeetingDTO:
    m = meetings.plan_meeting(
        o.db, o.user, kind=kind, presider_id=o.person["李明远"], starts_at=_at(day)
    )
    for spec in specs:
        item_id = _item(o, spec, day, chain=kind == "executive")
        agenda_meeting.place_on_meeting(
            o.db, o.user, item_id, m.id, agenda.get_item(o.db, item_id).version
        )
    o.count("会议")
    return m


def _hold(o: Office, m: meetings.MeetingDTO, day: date, specs: list[tuple], law: str) -> None:
    lines = attendance.list_attendance(o.db, m.id)
    away = [a for a in lines if a.role == "member" and a.person_name in ("赵文华", "吴秀兰")]
    if away and o.rnd.random() < 0.4:
        a = o.rnd.choice(away)
        attendance_record.set_attendance(
            o.db, o.user, a.id, "leave", a.version, leave_approved_by=o.person["张海峰"]
        )
    attendance_record.record_rest_present(o.db, o.user, m.id)
    for item in agenda.list_items(o.db, meeting_id=m.id):
        if item.kind == "law_study":
            agenda_meeting.record_outcome(
                o.db,
                o.user,
                item.id,
                reporter="法制办公室主任杨帆",
                discussion=f"会前，与会人员集体学习了{law}。",
                conclusion="会议要求各部门认真学习，依法履职。",
                expected_version=item.version,
            )
            continue
        spec = next(s for s in specs if s[0] == item.title)
        agenda_meeting.record_outcome(
            o.db,
            o.user,
            item.id,
            reporter=REPORTERS.get(spec[1], spec[2]),
            discussion=spec[3],
            conclusion=spec[4],
            expected_version=item.version,
        )
    holding.mark_held(o.db, o.user, m.id, meetings.get_meeting(o.db, m.id).version)


def _minutes(o: Office, m: meetings.MeetingDTO, day: date, issue: bool) -> None:
    rec = minutes.draft_minutes(
        o.db, o.user, m.id, drafter_id=o.person[SECRETARY], drafted_on=day + timedelta(days=1)
    )
    steps = ("comments", "legal", "exec_review") if issue else ("comments",)
    for k, state in enumerate(steps, start=2):
        rec = minutes_review.advance_minutes(
            o.db, o.user, rec.id, state, day + timedelta(days=k), expected_version=rec.version
        )
    if issue:
        rec = minutes_issue.sign_minutes(
            o.db, o.user, rec.id, o.person["李明远"], day + timedelta(days=5), rec.version
        )
        minutes_issue.issue_minutes(o.db, o.user, rec.id, day + timedelta(days=6), rec.version)
        o.count("纪要")


def _decisions(o: Office, m: meetings.MeetingDTO, day: date, specs: list[tuple]) -> None:
    items = {i.title: i.id for i in agenda.list_items(o.db, meeting_id=m.id)}
    for spec in specs:
        content, unit, days = spec[5]
        deadline = day + timedelta(days=days)
        d = decisions.add_decision(
            o.db,
            o.user,
            meeting_id=m.id,
            content=content,
            unit_id=o.unit[unit],
            deadline=deadline,
            agenda_item_id=items.get(spec[0]),
            quality="按期完成，书面报告落实情况",
        )
        o.count("决定事项")
        # Most units report on time; a few are late, and some are still open (overdue or due)
        if deadline < o.today - timedelta(days=20) and o.rnd.random() < 0.85:
            decisions.report_done(
                o.db,
                o.user,
                d.id,
                reported_on=deadline - timedelta(days=o.rnd.randint(0, 5)),
                report=f"{unit}已按会议要求完成：{content}。",
                expected_version=d.version,
            )


def fill(o: Office) -> None:
    executive = list(EXECUTIVE_DAYS_AGO)
    for n, days_ago in enumerate(executive):
        day = _meeting_day(o, days_ago)
        specs = [ITEMS[(2 * n) % len(ITEMS)], ITEMS[(2 * n + 1) % len(ITEMS)]]
        m = _plan(o, "executive", day, specs)
        _hold(o, m, day, specs, LAWS[n % len(LAWS)])
        last = n == len(executive) - 1
        _minutes(o, m, day, issue=not last)
        _decisions(o, m, day, specs)
    upcoming = o.today + timedelta(days=NEXT_EXECUTIVE_IN)
    while upcoming.weekday() >= 5:
        upcoming += timedelta(days=1)
    _plan(o, "executive", upcoming, [ITEMS[3], ITEMS[6]])
    for n, days_ago in enumerate(MAYOR_OFFICE_DAYS_AGO):
        day = _meeting_day(o, days_ago) + timedelta(days=1)
        if day.weekday() >= 5:
            day -= timedelta(days=3)
        specs = [ITEMS[(n + 4) % len(ITEMS)]]
        m = _plan(o, "mayor_office", day, specs)
        _hold(o, m, day, specs, "")
        _minutes(o, m, day, issue=True)
        _decisions(o, m, day, specs)
