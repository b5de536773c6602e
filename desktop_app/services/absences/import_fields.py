"""The columns of the 外出请示报备 import (absences.import_register): the headers of the register's
export, so a sheet exported from fuban imports back as it was, each with the help and sample the
import template shows, and the 状态 values a row may carry. They stand apart from the check and
the writing of the rows, which read them only by field key.
"""

from __future__ import annotations

from desktop_app.rules import absences as r
from desktop_app.services.system.ledger_sheet import FieldSpec

STATES = ("", "待审批", "已批准", "在外", "待销假", "逾期未销假", "已销假", "已作废")

F = FieldSpec
FIELDS = [
    F("number", "序号", help="顺序号，仅供核对，可留空", sample=1),
    F(
        "person",
        "姓名",
        True,
        help="外出的领导干部，须在人员与分管名录中（按出发日期的任职确定报备程序）",
        sample="孙立新",
        aliases=("外出人员", "外出领导"),
    ),
    F("post", "职务", help="仅供核对：职务以人员与分管名录为准", sample="副市长"),
    F("unit", "单位", help="仅供核对：单位以人员与分管名录为准", sample=""),
    F("procedure", "程序", help="仅供核对：报备程序按出发日期的职务确定", sample=""),
    F(
        "category",
        "外出类别",
        True,
        choices=r.CATEGORIES,
        help="出差、考察、学习培训、休假、因私、出国（境）",
        sample="出差",
        aliases=("类别",),
    ),
    F(
        "reason",
        "事由",
        True,
        help="外出事由",
        sample="赴省汇报春耕生产工作",
        aliases=("外出事由",),
    ),
    F("destination", "目的地", True, help="目的地", sample="哈尔滨", aliases=("地点",)),
    F(
        "start",
        "出发日期",
        True,
        help="2026-3-16、2026年3月16日 等",
        sample="2026-3-16",
        aliases=("出发时间", "外出日期"),
    ),
    F("start_half", "出发时段", choices=("", *r.HALVES), help="上午、下午或晚上；留空为上午"),
    F(
        "end",
        "返回日期",
        True,
        help="计划返回的日期，不早于出发日期",
        sample="2026-3-18",
        aliases=("返回时间",),
    ),
    F("end_half", "返回时段", choices=("", *r.HALVES), help="上午、下午或晚上；留空为晚上"),
    F("days", "天数", help="仅供核对：按出发、返回日期计算"),
    F("transport", "交通方式", help="如 火车、飞机、自驾", sample="火车"),
    F("contact", "联系电话", help="外出期间联系电话", sample="13945400000"),
    F("acting_name", "主持工作负责同志", help="外出期间主持工作的负责同志姓名", sample="王强"),
    F("acting_post", "职务（主持工作）", help="主持工作负责同志的职务", sample="副秘书长"),
    F("acting_contact", "联系电话（主持工作）", help="主持工作负责同志的电话", sample=""),
    F(
        "filed_on",
        "报备日期",
        help="请示报备的日期；留空同出发日期",
        sample="2026-3-10",
        aliases=("请示日期",),
    ),
    F(
        "on_time",
        "提前3天报备",
        choices=("", "是", "否"),
        help="是或否；留空按报备日期是否早于出发日期 3 天以上判断",
    ),
    F("emergency_reason", "紧急外出理由", help="不足 3 天报备的紧急事由"),
    F(
        "state",
        "状态",
        choices=STATES,
        help="待审批、已作废或留空（其余如 已批准、已销假 均按已批准导入，以返回、销假日期为准）",
        sample="已销假",
    ),
    F(
        "approvals",
        "已登记审批",
        help="每行一个环节：环节：姓名 日期，如「分管副市长同意：孙立新 2026-3-11」；"
        "代签写「姓名（B角代签）」；环节须属于该人员的报备程序",
        sample="",
        aliases=("审批情况", "审批"),
    ),
    F("missing", "待审批环节", help="仅供核对：按已登记审批计算"),
    F("returned_on", "实际返回日期", help="实际返回的日期", sample="2026-3-18"),
    F("due", "销假期限", help="仅供核对：按工作日历计算（R62.8）"),
    F("reported_back_on", "销假日期", help="销假的日期，不早于实际返回日期", sample="2026-3-19"),
    F(
        "report",
        "书面报告",
        help="「不需要」「未收到」或「已收到 2026-3-20」；留空按外出类别判断",
        sample="",
    ),
    F("trip_report", "出访报告", help="因公出访：「未收到」或「已收到 日期」；其余留空"),
    F("amendment", "行程变更", help="仅供核对：变更的行程请作为一行单独导入"),
    F("note", "备注", help="其他说明"),
    F("void", "作废原因", help="状态为已作废时填写作废原因"),
]
