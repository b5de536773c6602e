"""`fuban demo`: a realistic demo government so every pane has something to show.

A mayor (and the one before), an executive vice mayor, four vice mayors with portfolios and AB
pairs, the departments the rules name, townships with party secretary and township head, and an
entrustment around today. Refuses to touch a database whose directory is not empty.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from db.engine import Database
from db.models import Person
from desktop_app.services.directory import commands as d
from desktop_app.services.system.common import CurrentUser, ValidationError

TERM = date(2021, 10, 1)

DEPARTMENTS = [
    ("市政府办公室", "office"),
    ("法制办公室", "office"),
    ("调查研究室", "office"),
    ("督办检查室", "office"),
    ("财政局", "department"),
    ("发展和改革局", "department"),
    ("审计局", "department"),
    ("信访局", "department"),
    ("安全生产监督管理局", "department"),
    ("教育局", "department"),
    ("卫生健康局", "department"),
    ("农业农村局", "department"),
    ("住房和城乡建设局", "department"),
    ("自然资源局", "department"),
    ("民政局", "department"),
    ("社区管委会", "department"),
]
SHORT = {"发展和改革局": "发改局", "安全生产监督管理局": "安监局", "住房和城乡建设局": "住建局"}
TOWNSHIPS = ["街津口赫哲族乡", "八岔赫哲族乡", "乐业镇", "三村镇", "临江镇", "向阳乡"]
HEAD_NAMES = [
    "陈立",
    "杨帆",
    "黄振宇",
    "周婷",
    "徐东升",
    "朱宏",
    "胡晓燕",
    "郭峰",
    "何斌",
    "高雪",
    "林涛",
    "罗健",
    "郑红梅",
    "梁伟",
    "谢军",
    "宋佳",
]
TOWNSHIP_PEOPLE = [
    ("韩冬", "曹阳"),
    ("彭浩", "董丽"),
    ("袁成", "邓磊"),
    ("许光", "傅兰"),
    ("沈超", "曾敏"),
    ("吕刚", "苏静"),
]
# (name, post, portfolio units)
LEADERS = [
    (
        "张海峰",
        "exec_vice_mayor",
        ["财政局", "审计局", "发展和改革局", "市政府办公室", "法制办公室"],
    ),
    ("赵文华", "vice_mayor", ["教育局", "卫生健康局", "民政局", "街津口赫哲族乡", "八岔赫哲族乡"]),
    ("孙立新", "vice_mayor", ["农业农村局", "自然资源局", "乐业镇", "三村镇"]),
    ("周志强", "vice_mayor", ["住房和城乡建设局", "安全生产监督管理局", "临江镇", "社区管委会"]),
    ("吴秀兰", "vice_mayor", ["信访局", "向阳乡", "调查研究室", "督办检查室"]),
]


def fill(db: Database, user: CurrentUser, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    with db.read() as s:
        if s.scalar(select(func.count()).select_from(Person)):
            raise ValidationError("数据库中已有人员记录，演示数据只能写入空数据库。")
    person = {}

    def add(name: str, phone: str = "") -> int:
        person[name] = d.save_person(db, user, name=name, phone=phone).id
        return person[name]

    unit = {}
    for i, (name, kind) in enumerate(DEPARTMENTS):
        unit[name] = d.save_unit(
            db, user, name=name, kind=kind, short_name=SHORT.get(name, ""), sort_order=i
        ).id
    for i, name in enumerate(TOWNSHIPS):
        unit[name] = d.save_unit(db, user, name=name, kind="township", sort_order=i).id
    unit["中共同江市委员会"] = d.save_unit(
        db, user, name="中共同江市委员会", kind="organ", short_name="市委"
    ).id

    appoint = d.save_appointment
    appoint(
        db,
        user,
        person_id=add("王建国", "0454-2321001"),
        post_code="party_secretary",
        unit_id=None,
        start_date=date(2019, 6, 1),
    )
    appoint(
        db,
        user,
        person_id=add("刘国栋"),
        post_code="mayor",
        unit_id=None,
        start_date=date(2016, 11, 1),
        end_date=TERM - timedelta(days=1),
    )
    appoint(
        db,
        user,
        person_id=add("李明远", "0454-2321002"),
        post_code="mayor",
        unit_id=None,
        start_date=TERM,
    )
    for i, (name, post, units) in enumerate(LEADERS):
        pid = add(name, f"1394540{i + 1:04d}")
        appoint(db, user, person_id=pid, post_code=post, unit_id=None, start_date=TERM)
        for u in units:
            d.save_portfolio(db, user, person_id=pid, unit_id=unit[u], start_date=TERM)
    appoint(
        db,
        user,
        person_id=person["张海峰"],
        post_code="party_group_member",
        unit_id=None,
        start_date=TERM,
        note="兼任",
    )
    d.save_portfolio(
        db, user, person_id=person["孙立新"], unit_id=None, area="农业农村战线", start_date=TERM
    )
    d.save_ab_pair(
        db, user, person_a_id=person["赵文华"], person_b_id=person["孙立新"], start_date=TERM
    )
    d.save_ab_pair(
        db, user, person_a_id=person["周志强"], person_b_id=person["吴秀兰"], start_date=TERM
    )
    titles = {"office": "主任", "department": "局长"}
    for (name, kind), head in zip(DEPARTMENTS, HEAD_NAMES, strict=True):
        title = "主任" if name.endswith(("室", "会")) else titles[kind]
        appoint(
            db,
            user,
            person_id=add(head),
            post_code="unit_head",
            unit_id=unit[name],
            start_date=TERM,
            title=title,
        )
    for name, (secretary, head) in zip(TOWNSHIPS, TOWNSHIP_PEOPLE, strict=True):
        appoint(
            db,
            user,
            person_id=add(secretary),
            post_code="township_secretary",
            unit_id=unit[name],
            start_date=TERM,
            title="乡镇党委书记",
        )
        appoint(
            db,
            user,
            person_id=add(head),
            post_code="township_head",
            unit_id=unit[name],
            start_date=TERM,
            title="镇长" if name.endswith("镇") else "乡长",
        )
    start = today + timedelta(days=7)
    d.save_entrustment(
        db,
        user,
        principal_id=person["李明远"],
        agent_id=person["张海峰"],
        start_date=start,
        end_date=start + timedelta(days=3),
        note="市长赴省参加会议期间",
    )
    return {"persons": len(person), "units": len(unit)}
