"""Issue 18 item 10 on both engines: the people of the directory are listed by the highest post
held on the day (市长, 常务副市长, 副市长 …, then those without a post), then in pinyin order of
the name — not by character code, which put 刘 (U+5218) before 李 (U+674E) and a former mayor
above the mayor; a unit's post reads 「向阳乡 · 乡镇党委书记」, not 「向阳乡乡镇党委书记」."""

from __future__ import annotations

from datetime import date

from desktop_app.services.directory import commands as directory
from desktop_app.services.directory.name_order import pinyin_key, unit_and_title

DAY = date(2026, 3, 2)


def _person(db, admin, name: str) -> int:
    return directory.save_person(db, admin, name=name).id


def test_persons_by_rank_then_pinyin_with_unit_and_title_apart(db, admin):
    town = directory.save_unit(db, admin, name="向阳乡", kind="township").id
    ids = {n: _person(db, admin, n) for n in ("赵文华", "刘国栋", "李明远", "张海峰", "孙立新")}
    ids |= {n: _person(db, admin, n) for n in ("白雪", "安宁", "曹阳")}

    def appoint(name: str, post: str, start: date, end: date | None = None, unit=None, title=""):
        directory.save_appointment(
            db,
            admin,
            person_id=ids[name],
            post_code=post,
            unit_id=unit,
            start_date=start,
            end_date=end,
            title=title,
        )

    appoint("刘国栋", "mayor", date(2016, 11, 1), date(2021, 9, 30))
    appoint("李明远", "mayor", date(2021, 10, 1))
    appoint("张海峰", "exec_vice_mayor", date(2021, 10, 1))
    appoint("赵文华", "vice_mayor", date(2021, 10, 1))
    appoint("孙立新", "vice_mayor", date(2021, 10, 1))
    appoint("曹阳", "township_secretary", date(2021, 10, 1), unit=town, title="乡镇党委书记")

    listed = directory.list_persons(db, on=DAY)
    assert [p.name for p in listed] == [
        "李明远",  # 市长
        "张海峰",  # 常务副市长
        "孙立新",  # 副市长, sūn before zhào
        "赵文华",
        "曹阳",  # 乡镇党委书记
        "安宁",  # no post that day, in pinyin order: ān, bái, liú
        "白雪",
        "刘国栋",  # the former mayor, no longer above the mayor
    ]
    posts = {p.name: p.posts for p in listed}
    assert posts["曹阳"] == "向阳乡 · 乡镇党委书记"
    assert posts["李明远"] == "市长" and posts["刘国栋"] == ""

    # without a day: pinyin order only
    assert [p.name for p in directory.list_persons(db)][:3] == ["安宁", "白雪", "曹阳"]


def test_pinyin_key_and_unit_title():
    assert pinyin_key("张海峰") == ("zhang", "hai", "feng")
    assert pinyin_key("李明远") < pinyin_key("刘国栋")
    assert unit_and_title("向阳乡", "乡镇党委书记") == "向阳乡 · 乡镇党委书记"
    assert unit_and_title("", "常务副市长") == "常务副市长"
