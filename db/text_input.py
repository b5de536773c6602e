"""Text and dates a clerk typed are checked before they are written, in one place for every table.

The limits come from the models themselves (each `String(n)` column): a value longer than the
column holds would be a raw DataError on PostgreSQL and silently kept in full on SQLite (which
does not enforce lengths) — a database that then cannot be restored on PostgreSQL. NUL characters
and lone surrogates cannot be stored by PostgreSQL (or encoded as UTF-8) at all. Each is refused
with a message naming the field, and the unit of work rolls back: nothing is half-saved.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, String, event, inspect
from sqlalchemy.orm import Mapper, Session, sessionmaker

from db.errors import FubanError

# The name a clerk knows a column by ("table.column" first, then the column alone).
LABELS: dict[str, str] = {
    "person.name": "姓名",
    "unit.name": "单位名称",
    "account.display_name": "姓名",
    "title": "标题",
    "name": "名称",
    "short_name": "简称",
    "phone": "电话",
    "note": "备注",
    "sender": "来文单位",
    "sender_number": "来文字号",
    "secrecy": "密级",
    "secrecy_term": "保密期限",
    "copy_numbers": "份号",
    "archive_ref": "归档号",
    "room": "会议地点",
    "main_to": "主送",
    "cc": "抄送",
    "opinion": "意见",
    "proposal": "拟办意见",
    "reason": "理由",
    "purpose": "用途",
    "destination": "目的地",
    "contact": "联系方式",
    "acting_name": "主持工作人员姓名",
    "acting_post": "主持工作人员职务",
    "acting_contact": "主持工作人员联系电话",
    "topic": "主题",
    "display_name": "姓名",
    "username": "用户名",
    "person_name": "姓名",
    "unit_name": "单位名称",
    "post_title": "职务名称",
    "signer_name": "签署人",
    "signer_post": "签署人职务",
    "area": "战线",
    "prefix": "机关代字",
    "meeting_ref": "会议决定",
    "handler": "经办人",
    "borrower": "借用人",
    "custodian": "保管人",
    "document": "文件名称",
    "subject": "事由",
    "scope": "委托事项",
    "reporter": "汇报人",
    "conclusion": "结论",
    "discussion": "讨论情况",
    "decision": "决定事项",
    "filename": "文件名",
}


class TextInputError(FubanError):
    """Text (or a date) that cannot be stored as typed; nothing was saved."""


# No record of a city government's office is dated before the People's Republic, and none
# (deadlines and terms included) further ahead than this many years: a date outside is a typo
# (2099 for 2009), refused before it could, say, use up 收文〔2099〕1号.
EARLIEST = date(1949, 10, 1)
YEARS_AHEAD = 10

DATE_LABELS: dict[str, str] = {
    "received_at": "收文时间",
    "drafted_on": "拟稿日期",
    "signed_on": "签署日期",
    "issued_on": "印发日期",
    "published_on": "公开日期",
    "start_date": "起始日期",
    "end_date": "结束日期",
    "starts_at": "会议时间",
    "deadline": "办理期限",
    "due_on": "期限",
    "read_on": "阅批日期",
    "closed_on": "办结日期",
    "returned_on": "返回日期",
    "filed_on": "报备日期",
}


def check_date(column_key: str, value: object, today: date) -> None:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        return
    latest = date(today.year + YEARS_AHEAD, 12, 31)
    if not EARLIEST <= day <= latest:
        label = DATE_LABELS.get(column_key, "日期")
        raise TextInputError(
            f"「{label}」{day.year}年{day.month}月{day.day}日不是合理的日期"
            f"（应在1949年10月1日至{latest.year}年之间），请检查是否输错。"
        )


def label_of(table: str, column_key: str) -> str:
    return LABELS.get(f"{table}.{column_key}") or LABELS.get(column_key, "填写的内容")


def refuse_unstorable(label: str, value: str) -> None:
    """NUL and lone surrogates: no database takes them, not even as a query parameter."""
    if "\x00" in value:
        raise TextInputError(f"「{label}」含有不可见的控制字符（NUL），请删除后再保存。")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise TextInputError(
            f"「{label}」含有无法保存的字符（不成对的代理字符），请删除后重新输入。"
        ) from None


def check_text(table: str, column_key: str, value: object, limit: int | None) -> None:
    """Refuse NUL, lone surrogates and text longer than `limit` characters (None: no limit)."""
    if not isinstance(value, str):
        return
    label = label_of(table, column_key)
    refuse_unstorable(label, value)
    if limit is not None and len(value) > limit:
        raise TextInputError(f"「{label}」不能超过{limit}个字（现为{len(value)}个字）。")


def check_number(table: str, column_key: str, value: int, column_type: object) -> None:
    """Refuse a whole number its column cannot hold (INTEGER: 32 bits on PostgreSQL; SQLite
    takes 64): a raw overflow error otherwise, or a value only one engine keeps."""
    bits = 64 if isinstance(column_type, BigInteger) else 32
    if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        raise TextInputError(f"「{label_of(table, column_key)}」数值超出范围（{value}）。")


def max_length(model: type, column_key: str) -> int | None:
    """The most characters column `column_key` of `model` holds (None: unlimited) — for forms'
    maxLength as well as for the check."""
    mapper: Mapper[object] = inspect(model)
    column = mapper.columns[column_key]
    return column.type.length if isinstance(column.type, String) else None


def _check_session(session: Session, _ctx, _instances) -> None:
    today = date.today()
    added = session.new  # a new set on every access: asked once, not once per object
    for obj in [*added, *session.dirty]:
        state = inspect(obj)
        new = obj in added
        for attr in state.mapper.column_attrs:
            if not new and not state.attrs[attr.key].history.has_changes():
                continue
            column = attr.columns[0]
            value = getattr(obj, attr.key)
            if isinstance(value, date):
                check_date(attr.key, value, today)
                continue
            if isinstance(value, int) and not isinstance(value, bool):
                check_number(state.mapper.local_table.name, attr.key, value, column.type)
                continue
            limit = column.type.length if isinstance(column.type, String) else None
            check_text(state.mapper.local_table.name, attr.key, value, limit)


def install(factory: sessionmaker) -> None:
    event.listen(factory, "before_flush", _check_session)
