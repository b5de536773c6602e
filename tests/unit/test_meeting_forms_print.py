"""会议通知 and 议程 drawn from hand-made MeetingFacts, without a database: printing takes the
facts the service reads (R23.7.1, R23.4.7) and prints the hidden-items line it is given (R44)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pdfplumber

from desktop_app.formatting import CHINA
from desktop_app.printing.meeting_forms import (
    MeetingFacts,
    MeetingItem,
    build_agenda_pdf,
    build_meeting_notice_pdf,
    notice_items,
    when_text,
)

STUDY = MeetingItem("law_study", "学习《中华人民共和国行政许可法》", "", "")
TOPIC = MeetingItem("normal", "关于2018年防汛工作的汇报", "deliberation", "同江市水务局王强")


def facts(*items: MeetingItem) -> MeetingFacts:
    return MeetingFacts(
        7,
        False,
        "市政府第12次常务会议",
        "309",
        date(2018, 8, 31),
        when_text(datetime(2018, 8, 31, 9, 0, tzinfo=CHINA)),
        "市长李明远",
        list(items),
        ["李明远", "张海峰"],
        ["同江市水务局王强"],
    )


def text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in doc.pages))


def notice(f: MeetingFacts, hidden: str | None = None):
    return build_meeting_notice_pdf(
        f,
        office="同江市人民政府办公室",
        room="309",
        materials_deadline=date(2018, 8, 28),
        issued_on=date(2018, 8, 24),
        hidden_text=hidden,
    )


def test_when_text_is_china_time_with_weekday_and_half_day():
    assert (
        when_text(datetime(2018, 8, 31, 6, 30, tzinfo=CHINA)) == "2018年8月31日（星期五）上午6:30"
    )
    assert when_text(datetime(2018, 9, 3, 14, 0, tzinfo=CHINA)) == "2018年9月3日（星期一）下午2:00"
    assert when_text(datetime(2018, 8, 31, 1, 0, tzinfo=UTC)) == "2018年8月31日（星期五）上午9:00"


def test_R23_7_1_notice_lists_items_with_reporter_and_materials_deadline():
    result = notice(facts(STUDY, TOPIC))
    body = text(result.pdf)
    assert "关于召开市政府第12次常务会议的通知" in body
    assert "2.关于2018年防汛工作的汇报（汇报人：同江市水务局王强；审议类）" in body
    assert "请于2018年8月28日前将会议材料送至市政府文秘室（309室）" in body  # full date
    assert not any("议程尚未确定" in n for n in result.notes)


def test_R23_7_1_notice_without_topics_says_items_follow_and_warns():
    assert notice_items(facts(STUDY)) == []
    result = notice(facts(STUDY))
    assert "议题另行通知" in text(result.pdf)
    assert any("议程尚未确定" in n for n in result.notes)


def test_R44_notice_prints_the_hidden_line_instead_of_the_items():
    result = notice(facts(STUDY, TOPIC), hidden="（涉密会议，内容不显示）")
    body = text(result.pdf)
    assert "（涉密会议，内容不显示）" in body and "防汛" not in body
    assert any("R44" in n or "涉密会议" in n for n in result.notes)


def test_agenda_numbers_the_items_in_chinese():
    body = text(build_agenda_pdf(facts(STUDY, TOPIC), office="同江市人民政府办公室").pdf)
    assert "市政府第12次常务会议议程" in body
    assert "一、学习《中华人民共和国行政许可法》" in body
    assert "二、关于2018年防汛工作的汇报" in body


def test_agenda_labels_are_heiti_like_the_attendance_labels():
    """FORMS.md → Font roles: labels (「出席：」) in 黑体 — the 议程's 「时间：」「地点：」「主持：」
    too (they were 仿宋), the values in 仿宋."""
    pdf = build_agenda_pdf(facts(STUDY, TOPIC), office="同江市人民政府办公室").pdf
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    fonts: dict[str, set[str]] = {}
    for c in chars:
        fonts.setdefault(c["text"], set()).add(c["fontname"])
    heading = fonts["、"]  # only in 「一、」「二、」, which are 黑体
    assert len(heading) == 1
    for label in ("时间：", "地点：", "主持：", "时", "间"):
        assert all(fonts[ch] & heading for ch in label), label
    assert not fonts["李"] & heading and not fonts["星"] & heading  # values in 仿宋
