"""The demo year's 公文 (demo_year): 收文 registered, given the office's 拟办意见, sent to the
vice mayor in charge (who reads and comments) or to a department with a deadline (most closed,
some still open, a few near or past their deadline); 发文 drafted by a department, signed off
by the vice mayor in charge, the office and the executive vice mayor (R33.1), and numbered when
issued — the last few still in sign-off."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from desktop_app.formatting import CHINA
from desktop_app.services.demo_year import Office
from desktop_app.services.documents import incoming, outgoing, releases

# the vice mayor in charge of each unit the documents concern (demo.LEADERS)
IN_CHARGE = {
    "教育局": "赵文华",
    "卫生健康局": "赵文华",
    "民政局": "赵文华",
    "农业农村局": "孙立新",
    "自然资源局": "孙立新",
    "住房和城乡建设局": "周志强",
    "安全生产监督管理局": "周志强",
    "信访局": "吴秀兰",
}
# (sender, sender's number prefix, title, 文种, nature, the unit it concerns)
INCOMING = [
    (
        "佳木斯市人民政府办公室",
        "佳政办发",
        "关于做好春耕生产工作的通知",
        "通知",
        "action",
        "农业农村局",
    ),
    (
        "佳木斯市应急管理局",
        "佳应急发",
        "关于开展安全生产大检查的通知",
        "通知",
        "action",
        "安全生产监督管理局",
    ),
    ("同江市教育局", "同教发", "关于调整城区学校布局的请示", "请示", "request", "教育局"),
    (
        "佳木斯市卫生健康委员会",
        "佳卫发",
        "关于基层医疗卫生服务能力提升的通知",
        "通知",
        "notice",
        "卫生健康局",
    ),
    (
        "同江市住房和城乡建设局",
        "同住建发",
        "关于城区供热价格调整的请示",
        "请示",
        "request",
        "住房和城乡建设局",
    ),
    (
        "佳木斯市自然资源局",
        "佳自然资发",
        "关于做好自然资源统一确权登记的通知",
        "通知",
        "action",
        "自然资源局",
    ),
    ("佳木斯市民政局", "佳民发", "关于做好困难群众冬季救助工作的通知", "通知", "action", "民政局"),
    ("同江市信访局", "同信发", "关于信访积案化解情况的报告", "报告", "notice", "信访局"),
]
# (title, 文种, drafting unit)
OUTGOING = [
    ("关于做好春耕生产工作的通知", "通知", "农业农村局"),
    ("关于开展安全生产大检查的通知", "通知", "安全生产监督管理局"),
    ("关于印发同江市城区学校布局调整方案的通知", "通知", "教育局"),
    ("关于加强基层医疗卫生机构建设的意见", "意见", "卫生健康局"),
    ("关于印发同江市城区供热管理办法的通知", "通知", "住房和城乡建设局"),
    ("关于做好困难群众冬季救助工作的通知", "通知", "民政局"),
    ("关于推进自然资源确权登记工作的通知", "通知", "自然资源局"),
    ("关于进一步做好信访工作的通知", "通知", "信访局"),
]
INCOMING_EVERY = 9  # days between one 收文 and the next, through the year
OUTGOING_EVERY = 26


def _received(o: Office, days_ago: int) -> datetime:
    hour = 8 + o.rnd.randint(0, 8)
    return datetime.combine(o.workday(days_ago), time(hour, 30), tzinfo=CHINA)


def _incoming_one(o: Office, n: int, days_ago: int) -> None:
    sender, prefix, title, doc_type, nature, unit = INCOMING[n % len(INCOMING)]
    at = _received(o, days_ago)
    day = at.date()
    d = incoming.register_document(
        o.db,
        o.user,
        received_at=at,
        sender=sender,
        title=title,
        doc_type=doc_type,
        nature=nature,
        sender_number=f"{prefix}〔{day.year}〕{o.rnd.randint(3, 90)}号",
        urgency="特急" if n % 11 == 5 else "",
    )
    o.count("收文")
    if days_ago == 0:
        return  # today's: the 拟办意见 is still to be written (R43)
    vm = IN_CHARGE[unit]
    to_leader = nature != "action" or n % 3 == 0
    proposal = (
        f"呈{vm[0]}副市长阅示。" if to_leader else f"转{unit}办理，请于规定期限内报送办理结果。"
    )
    d = incoming.propose(o.db, o.user, d.id, proposal, d.version)
    if to_leader:
        d = incoming.route(
            o.db,
            o.user,
            d.id,
            to="vice_mayor",
            today=day,
            leader_id=o.person[vm],
            expected_version=d.version,
        )
        if days_ago > 2:
            incoming.record_reading(
                o.db,
                o.user,
                d.id,
                read_on=day + timedelta(days=1),
                opinion="" if nature == "notice" else f"请{unit}研究提出意见。",
                person_id=o.person[vm],
            )
        return
    d = incoming.route(
        o.db,
        o.user,
        d.id,
        to="department",
        today=day,
        lead_unit_id=o.unit[unit],
        working_days=10,
        expected_version=d.version,
    )
    assert d.deadline is not None
    if d.deadline < o.today - timedelta(days=3) and n % 7 != 3:
        incoming.close(
            o.db,
            o.user,
            d.id,
            result=f"{unit}已按要求办理并书面报告办理结果。",
            closed_on=d.deadline - timedelta(days=1),
            archive_ref=f"{day.year}-收-{d.number.split('〕')[-1].rstrip('号')}",
            expected_version=d.version,
        )


def _outgoing_one(o: Office, n: int, days_ago: int, issue: bool) -> None:
    title, doc_type, unit = OUTGOING[n % len(OUTGOING)]
    drafted = o.workday(days_ago)
    d = outgoing.create_outgoing(
        o.db,
        o.user,
        issuer="government",
        doc_type=doc_type,
        title=title,
        drafting_unit_id=o.unit[unit],
        drafted_on=drafted,
        main_to="各乡镇人民政府，市政府各部门",
        cc="市委办公室，市人大常委会办公室，市政协办公室",
    )
    o.count("发文")
    steps = [
        ("vice_mayor_agree", IN_CHARGE[unit], 1),
        ("office_review", "陈立", 2),  # head of 市政府办公室
        ("sign", "张海峰", 3),  # 常务副市长
    ]
    for step, who, after in steps if issue else steps[:1]:
        d = outgoing.record_signoff(
            o.db,
            o.user,
            d.id,
            step_key=step,
            person_id=o.person[who],
            signed_on=drafted + timedelta(days=after),
        )
    if issue:
        issued_on = drafted + timedelta(days=4)
        d = outgoing.issue_outgoing(
            o.db, o.user, d.id, issued_on=issued_on, expected_version=d.version
        )
        if n % 2 == 0:  # R49: reviewed for secrets and published on the government's website
            d = outgoing.set_openness(o.db, o.user, d.id, "主动公开", expected_version=d.version)
            d = outgoing.record_confidentiality_review(
                o.db,
                o.user,
                d.id,
                reviewed_on=issued_on,
                reviewer="文秘室 周敏",
                expected_version=d.version,
            )
            outgoing.publish_outgoing(
                o.db,
                o.user,
                d.id,
                published_on=issued_on + timedelta(days=1),
                expected_version=d.version,
            )


def _releases(o: Office) -> None:
    """R52: the spokesperson's releases — one approved and released, one waiting."""
    for days_ago, title, important in (
        (70, "全市春耕生产工作新闻发布会", False),
        (-4, "城区供热保障工作新闻发布会", True),
    ):
        day = o.today - timedelta(days=days_ago)
        x = releases.create_release(
            o.db, o.user, title=title, planned_on=day, topic=title[:-5], important=important
        )
        o.count("新闻发布")
        if days_ago > 0:
            x = releases.approve_release(
                o.db,
                o.user,
                x.id,
                approved_on=day - timedelta(days=2),
                expected_version=x.version,
            )
            releases.mark_released(o.db, o.user, x.id, released_on=day, expected_version=x.version)


def fill(o: Office) -> None:
    days = list(range(350, -1, -INCOMING_EVERY)) + [0]
    for n, days_ago in enumerate(days):
        _incoming_one(o, n, days_ago)
    for n, days_ago in enumerate(range(345, 0, -OUTGOING_EVERY)):
        _outgoing_one(o, n, days_ago, issue=days_ago > 20)
    _releases(o)
