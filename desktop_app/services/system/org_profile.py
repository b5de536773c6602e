"""Organisation profile (组织设置): names, number prefixes, rooms, standing attendees, thresholds.

Data, not constants (RULES.md), so another county with similar rules can use the product; the
defaults are Tongjiang's. Each value is one row, so two administrators editing different values
do not collide, and the same value is protected by its version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from db.engine import Database
from db.errors import StaleRecordError
from db.models import OrgSetting
from desktop_app.services.system import read_once
from desktop_app.services.system.common import CurrentUser, ValidationError, require


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str  # text | int | date | list | lists (mapping name → list) | choice
    default: Any
    help: str = ""
    # kind "choice": (stored value, what the administrator reads) — the values stay the codes the
    # printing reads, the pick list is Chinese.
    choices: tuple[tuple[str, str], ...] = ()


FIELDS: tuple[Field, ...] = (
    Field("org_name", "政府名称", "text", "同江市人民政府"),
    Field("office_name", "办公室名称", "text", "同江市人民政府办公室"),
    Field("party_committee_name", "市委名称", "text", "中共同江市委员会"),
    Field("city_short", "机关代字前缀", "text", "同"),
    Field(
        "doc_prefixes",
        "发文机关代字",
        "list",
        ["同政发", "同政办发", "同政函", "同政办函"],
        "每行一个，如 同政发",
    ),
    Field("secretariat_room", "文秘室房间", "text", "309"),
    Field("meeting_rooms", "会议室", "list", ["501"], "每行一个，第一个为默认会议室"),
    Field("term_start", "本届政府起始日期", "date", "2016-11-01", "会议按届内次序编号（R20）"),
    Field(
        "standing_attendees",
        "常设列席单位",
        "lists",
        {
            "常务会议": [
                "市政府党组其他成员",
                "市政府办公室",
                "法制办公室",
                "调查研究室",
                "督办检查室",
                "社区管委会",
                "财政局",
                "发改局",
                "审计局",
                "信访局",
                "安监局",
            ],
            "市长工作例会": ["市政府党组其他成员", "市政府办公室", "法制办公室", "调查研究室"],
        },
        "每行：会议类别：单位1、单位2 …（R23.1b、R25）",
    ),
    Field(
        "minutes_issue_style",
        "纪要期号样式",
        "choice",
        "bracket",
        "纪要版头的期号",
        (("bracket", "〔年份〕N号（如〔2026〕12号）"), ("period", "第N期（如 第12期）")),
    ),
    Field(
        "minutes_cc",
        "纪要默认抄送",
        "text",
        "市委办公室，市人大常委会办公室，市政协办公室",
        "纪要版记的抄送范围",
    ),
    Field(
        "minutes_cc_label",
        "纪要版记抄送标签",
        "text",
        "抄送",
        "抄送 或 分送（版记首行的标签）",
    ),
    Field(
        "minutes_copies",
        "纪要印制份数",
        "int",
        0,
        "大于 0 时版记末行印「（共印N份）」；0 不印",
    ),
    Field("minutes_secrecy", "涉密纪要密级", "text", "秘密"),
    Field("leave_notice_days", "外出提前请示天数（自然日）", "int", 3, "R62.1"),
    Field("return_report_working_days", "返回后销假时限（工作日）", "int", 1, "R62.8"),
    Field("materials_days_before_meeting", "会议材料提前送达天数", "int", 2, "R23.4.7"),
    Field("due_soon_working_days", "即将到期提醒（工作日）", "int", 2),
    Field("filing_days", "规范性文件备案时限（自然日）", "int", 15, "R16"),
    Field(
        "important_seal_categories",
        "重要用印类别",
        "list",
        ["以市政府名义签订的合同协议", "涉及重大财政支出", "对外担保或承诺", "上报上级的重要文件"],
        "R45.3",
    ),
    Field(
        "seal_unused_days",
        "审批后未用印提醒（自然日）",
        "int",
        10,
        "用印审批单审批完成后超过该天数仍未用印的，列入工作台",
    ),
)
BY_KEY = {f.key: f for f in FIELDS}


@dataclass(frozen=True)
class Profile:
    values: dict[str, Any]
    versions: dict[str, int]  # 0 = still the default (no row yet)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def get_profile(db: Database) -> Profile:
    return read_once.once(("profile", db.engine.url.render_as_string()), lambda: _read(db))


def _read(db: Database) -> Profile:
    with db.read() as s:
        rows = {r.key: (r.value_json, r.version) for r in s.scalars(select(OrgSetting))}
    values = {f.key: (json.loads(rows[f.key][0]) if f.key in rows else f.default) for f in FIELDS}
    return Profile(values, {k: rows[k][1] if k in rows else 0 for k in BY_KEY})


def clean_value(field: Field, value: Any) -> Any:
    """Check and normalise one value; Chinese message naming the field on bad input."""
    if field.kind == "text":
        text = str(value or "").strip()
        if not text and field.key != "minutes_cc":
            raise ValidationError(f"「{field.label}」不能为空。")
        if field.key == "minutes_cc_label" and text not in ("抄送", "分送"):
            raise ValidationError("「纪要版记抄送标签」只能是「抄送」或「分送」。")
        return text
    if field.kind == "choice":
        offered = dict(field.choices)
        text = str(value or "").strip()
        if text not in offered:
            raise ValidationError(f"「{field.label}」只能是：{'、'.join(offered.values())}。")
        return text
    if field.kind == "int":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"「{field.label}」须为整数。") from None
        top = 9999 if field.key == "minutes_copies" else 365
        if number < 0 or number > top:
            raise ValidationError(f"「{field.label}」须在 0 到 {top} 之间。")
        return number
    if field.kind == "date":
        try:
            return date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError(f"「{field.label}」日期格式应为 2018-09-04。") from None
    if field.kind == "list":
        items = [str(v).strip() for v in (value or []) if str(v).strip()]
        if not items:
            raise ValidationError(f"「{field.label}」至少填写一项。")
        return items
    if field.kind == "lists":
        return {
            str(k).strip(): [str(v).strip() for v in vs if str(v).strip()]
            for k, vs in dict(value or {}).items()
            if str(k).strip()
        }
    raise ValueError(field.kind)


def save_profile(
    db: Database, user: CurrentUser, changes: dict[str, Any], versions: dict[str, int]
) -> Profile:
    """Save changed values all-or-nothing; a value someone else changed meanwhile is refused."""
    require(user, "admin")
    cleaned = {k: clean_value(BY_KEY[k], v) for k, v in changes.items()}
    with db.uow(user.username) as s:
        rows = {r.key: r for r in s.scalars(select(OrgSetting))}
        for key, value in cleaned.items():
            row = rows.get(key)
            if (row.version if row else 0) != versions.get(key, 0):
                raise StaleRecordError()
            text = json.dumps(value, ensure_ascii=False)
            if row is None:
                s.add(OrgSetting(key=key, value_json=text))
            elif row.value_json != text:
                row.value_json = text
    return get_profile(db)


def profile_value(s, key: str):
    """One value inside an open session (a DTO builder must not open a second transaction)."""
    return value_from(key, s.scalar(_stored(key)))


def _stored(key: str):
    return select(OrgSetting.value_json).where(OrgSetting.key == key)


def value_sql(key: str):
    """The stored JSON text of one value, as a scalar subquery (NULL where never set): a page's
    own statement can carry it instead of one more statement."""
    return _stored(key).scalar_subquery()


def value_from(key: str, text: str | None):
    """The value of `key` from its stored JSON text (value_sql), or its default."""
    return json.loads(text) if text is not None else BY_KEY[key].default
