"""The columns of the 会议登记簿 and 会议决定事项 imports (meetings.import_meetings,
meetings.import_decisions): the registers' export headers, plus a few only a template has."""

from __future__ import annotations

from datetime import date, time

from desktop_app.rules.meetings import KINDS
from desktop_app.services.meetings.export import MINUTES_STATES
from desktop_app.services.meetings.planning import STATUS_NAMES
from desktop_app.services.system.ledger_sheet import FieldSpec as F


def placeholder_title(n: int) -> str:
    """An agenda item the meetings' sheet counts but does not name (the decisions' sheet may)."""
    return f"（议题{n}，原台账未载题目）"


def is_placeholder(title: str) -> bool:
    return title.startswith("（议题") and title.endswith("，原台账未载题目）")


FIELDS = [
    F("serial", "序号", help="顺序号，仅供核对，可留空", sample=1),
    F(
        "title",
        "会议名称",
        True,
        help="如 市政府第二十五次常务会议；名称中的「第N次」即届内次数",
        sample="市政府第二十五次常务会议",
        aliases=("会议", "名称"),
    ),
    F(
        "kind",
        "类别",
        True,
        choices=tuple(KINDS.values()),
        help="、".join(KINDS.values()),
        sample="常务会议",
        aliases=("会议类别", "会议类型"),
    ),
    F(
        "day",
        "日期",
        True,
        help="召开日期",
        sample=date(2026, 3, 5),
        aliases=("会议日期", "召开日期"),
    ),
    F("time", "时间", help="开始时刻，如 9:00；留空为 9:00", sample=time(9, 0)),
    F("room", "地点", help="会议室", sample="501", aliases=("会议地点",)),
    F("presider", "主持人", help="主持人姓名，须在人员名录中", sample="李明远"),
    F("capacity", "主持身份", choices=("", "本人", "受委托"), help="本人或受委托；留空为本人"),
    F(
        "status",
        "状态",
        choices=("", *STATUS_NAMES.values()),
        help="筹备中、已召开、已取消；留空为已召开",
        sample="已召开",
    ),
    F("items", "议题数", help="议题的数目（常务会议含会前集体学法）", sample=3),
    F(
        "item_titles",
        "议题",
        help="议题名称，多项以「；」或换行分隔；留空时按议题数登记，议题名称由决定事项表补上",
        sample="会前集体学法；研究城区供热管网改造方案；审议春耕生产资金安排",
    ),
    F("members", "应到成员", help="应出席的组成人员人数；须与该日人员与分管名录一致，可留空"),
    F("present", "出席成员", help="出席的人数（除请假外应全部出席或全部未登记）"),
    F("leave", "请假成员", help="请假的成员姓名，以「、」分隔"),
    F("unrecorded", "未登记", help="出席情况未登记的人数"),
    F(
        "secrecy",
        "涉密",
        choices=("", "是", "否"),
        help="涉密会议填「是」：只能由机要人员导入，导入后其内容只对机要人员显示",
        sample="否",
    ),
    F(
        "minutes_state",
        "纪要状态",
        choices=("", "未起草", *MINUTES_STATES.values()),
        help="未起草、起草、征求意见、合法性审查、常务副市长审核、已签发、已印发",
        sample="已印发",
    ),
    F(
        "minutes_number",
        "纪要编号",
        help="已印发纪要的编号：〔2026〕5号 或 第5期",
        sample="〔2026〕5号",
        aliases=("纪要期号",),
    ),
    F("issued_on", "纪要印发日期", help="纪要印发的日期；留空同会议日期", sample=""),
    F("number", "届内次数", help="本届政府同类会议的第几次；会议名称中有「第N次」时可留空"),
    F("void", "作废原因", help="作废的会议登记写明原因"),
]
