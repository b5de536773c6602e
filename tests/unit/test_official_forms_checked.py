"""Every official-format form (specimen, 常务会议纪要, 市长工作例会纪要, a confidential 纪要, 会议通知, 议程) built from
realistic and from stress records (a 200-character title, a 3,000-character conclusion, 56
attendees, names with 喆 堃 赟 㑇 𠮷) and run through the form checker (tests/form_checker.py).
Page images of each form are saved under pytest's temporary folder."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.printing.meeting_forms import (
    MeetingFacts,
    MeetingItem,
    build_agenda_pdf,
    build_meeting_notice_pdf,
    when_text,
)
from desktop_app.printing.minutes import Minutes, MinutesItem, build_minutes_pdf
from desktop_app.printing.sample import sample_minutes
from tests.form_checker import check_official, check_signature

RARE = ["王喆", "李堃", "赵赟", "张㑇", "吉𠮷"]
NAMES_56 = [f"参会单位{n:02d}" + "张王李赵刘陈杨黄"[n % 8] + "明华" for n in range(51)] + RARE
LONG_TITLE = (
    "关于审议《同江市国土空间总体规划（2021—2035年）》暨森林草原防灭火、"
    "城市集中供热管理、农村人居环境整治提升五年行动方案和2026年度重点项目资金安排"
    "以及同江市人民政府与黑龙江省某某投资集团有限公司战略合作框架协议等事项"
)
LONG_TITLE = (LONG_TITLE * 3)[:200]
CONCLUSION = (
    "会议听取了住房和城乡建设局关于2026年城市基础设施建设项目进展情况的汇报，原则同意所提资金安排意见。"
    "会议要求，财政局、审计局要加强资金监管，严格执行政府投资项目管理规定，确保资金安全和项目质量；"
)
CONCLUSION = (CONCLUSION * 40)[:3000]


def stress_minutes(kind_mark: str) -> Minutes:
    m = sample_minutes()
    return dataclasses.replace(
        m,
        mark=kind_mark,
        items=[
            MinutesItem(LONG_TITLE, [CONCLUSION]),
            *m.items,
            MinutesItem(
                "研究吉𠮷、王喆同志反映问题的处理意见的问题", ["会议同意张㑇、李堃、赵赟的意见。"]
            ),
        ],
        present=NAMES_56[:20] + RARE,
        attending=NAMES_56,
    )


def facts(items: list[MeetingItem], title: str, members: list[str], attendees: list[str]):
    return MeetingFacts(
        7,
        False,
        title,
        "501",
        date(2026, 12, 10),
        when_text(datetime(2026, 12, 10, 9, 0, tzinfo=CHINA)),
        "市长李明远",
        items,
        members,
        attendees,
    )


REAL_ITEMS = [
    MeetingItem("law_study", "学习《中华人民共和国行政许可法》", "", ""),
    MeetingItem("normal", "关于2026年防汛工作的汇报", "deliberation", "同江市水务局王强"),
    MeetingItem("normal", "关于城区供热管理办法的汇报", "deliberation", "住房和城乡建设局赵赟"),
]
STRESS_ITEMS = [
    *REAL_ITEMS,
    MeetingItem("normal", LONG_TITLE, "deliberation", "财政局吉𠮷"),
    MeetingItem("normal", "关于张㑇、李堃同志工作调整的汇报", "report", "人事局王喆"),
]


def notice(f: MeetingFacts):
    return build_meeting_notice_pdf(
        f,
        office="同江市人民政府办公室",
        room="309",
        materials_deadline=date(2026, 12, 8),
        issued_on=date(2026, 12, 3),
    )


FORMS = {
    "specimen": lambda: build_minutes_pdf(sample_minutes()),
    "executive-stress": lambda: build_minutes_pdf(stress_minutes("同江市人民政府常务会议纪要")),
    "mayor-weekly": lambda: build_minutes_pdf(
        dataclasses.replace(sample_minutes(), mark="同江市人民政府市长工作例会纪要", cc="")
    ),
    "mayor-weekly-stress": lambda: build_minutes_pdf(
        stress_minutes("同江市人民政府市长工作例会纪要")
    ),
    "confidential-stress": lambda: build_minutes_pdf(
        dataclasses.replace(
            stress_minutes("同江市人民政府常务会议纪要"),
            copy_number="000003",
            secrecy="秘密★1年",
            cc="",
            copies=25,
        )
    ),
    "notice": lambda: notice(
        facts(REAL_ITEMS, "市政府第12次常务会议", ["李明远", "张海峰"], ["同江市水务局王强"])
    ),
    "notice-stress": lambda: notice(facts(STRESS_ITEMS, LONG_TITLE[:60], NAMES_56, NAMES_56)),
    "agenda": lambda: build_agenda_pdf(
        facts(REAL_ITEMS, "市政府第12次常务会议", [], []), office="同江市人民政府办公室"
    ),
    "agenda-stress": lambda: build_agenda_pdf(
        facts(STRESS_ITEMS, LONG_TITLE[:60], [], []), office="同江市人民政府办公室"
    ),
}
EXPECT = {
    "specimen": ["同江市人民政府常务会议纪要", "李明远", "郑红梅"],
    "executive-stress": [LONG_TITLE, *RARE, NAMES_56[0], NAMES_56[50]],
    "mayor-weekly": ["同江市人民政府市长工作例会纪要", "同江市人民政府办公室2018年9月4日印发"],
    "mayor-weekly-stress": [LONG_TITLE, *RARE],
    "confidential-stress": ["000003", "秘密★1年", LONG_TITLE, *RARE, "（共印25份）"],
    "notice": [
        "关于召开市政府第12次常务会议的通知",
        "赵赟",
        "同江市人民政府办公室",
        "2026年12月3日",
    ],
    "notice-stress": [LONG_TITLE, "吉𠮷", "张㑇", "李堃", "王喆", NAMES_56[30]],
    "agenda": ["市政府第12次常务会议议程", "赵赟"],
    "agenda-stress": [LONG_TITLE, "吉𠮷"],
}


@pytest.mark.parametrize("name", list(FORMS))
def test_form_passes_the_checker(name, tmp_path):
    result = FORMS[name]()
    closing = name.startswith(("specimen", "executive", "mayor", "confidential"))
    # a character no font on this PC has is reported (and drawn as an empty box)
    for ch in result.missing_chars:
        assert any(ch in note for note in result.notes)
    expect = ["".join(ch for ch in t if ch not in result.missing_chars) for t in EXPECT[name]]
    report = check_official(result.pdf, expect, images=tmp_path / name, closing=closing)
    if "stress" in name or closing:
        assert report.full_lines, "no full body line measured"
    assert len(list((tmp_path / name).glob("page-*.png"))) == report.pages
    if name.startswith("notice"):  # signed: 署名, 成文日期 and the seal's room (7.3.5.1)
        sig = check_signature(result.pdf, "同江市人民政府办公室", "2026年12月3日")
        assert sig.page == report.pages
