"""编号续接: continue this year's numbering from the paper registers when going live mid-year.

The administrator sets, per sequence, the last number already used on paper (同政发〔2026〕57号,
收文〔2026〕812号, the term's 第二十四次常务会议 …); the sequence's counter is set to it, so the
allocator (db.sequences) goes on with 58. The value is kept as an organisation setting
(「numbering:<sequence>」), so the change is in the audit chain with its before and after, and
`fuban check` knows that numbers up to it were issued on paper, not lost.

A value below a number fuban itself has already issued is refused: that number would be issued
twice. Raising it skips numbers (they were used on paper). The counter row is locked while the
highest issued number is read, so no clerk's save can slip a number in between.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.engine import Database
from db.errors import StaleRecordError
from db.locks import insert_if_missing
from db.models import OrgSetting
from db.models.documents import IncomingDocument
from db.models.meetings import Meeting, MinutesRecord
from db.models.outgoing import OutgoingDocument
from db.models.seals import SealApplication, SealUse
from db.models.system import SequenceCounter
from desktop_app.formatting import chinese_number, format_issue_number
from desktop_app.rules.meetings import KINDS as MEETING_KINDS
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import CurrentUser, ValidationError, require

SETTING_PREFIX = "numbering:"
KEY_LENGTH = 64  # org_setting.key
LARGEST = 99999

# The sequences kept per year, besides one per 发文 prefix: (code, label)
YEARLY = (
    ("incoming", "收文"),
    ("seal_application", "用印"),
    ("seal_use", "用印登记"),
)


@dataclass(frozen=True)
class SequenceRow:
    """One sequence as the administrator sees it in 设置 → 编号续接."""

    name: (
        str  # doc:同政发:2026, incoming:2026, minutes:executive:2026, meeting:executive:2021-10-01
    )
    label: str  # 发文 同政发, 收文, 用印, 用印登记, 常务会议纪要, 常务会议
    period: str  # 2026年 | 本届（2021年10月1日起）
    last_used: int  # the counter: the last number used, on paper or in fuban
    on_paper: int | None  # the last number used on paper, as the administrator set it
    highest_issued: int  # the highest number fuban itself issued (0: none)
    version: int  # of the setting row (0: never set), for optimistic locking

    @property
    def next_number(self) -> int:
        return self.last_used + 1

    @property
    def next_text(self) -> str:
        return number_text(self.name, self.next_number)


def _parts(name: str) -> list[str]:
    return name.split(":")


def number_text(name: str, number: int) -> str:
    """How number `number` of sequence `name` is written: 同政发〔2026〕58号, 第二十五次 …"""
    parts = _parts(name)
    kind = parts[0]
    if kind == "doc":
        return f"{parts[1]}〔{parts[2]}〕{number}号"
    if kind == "incoming":
        return f"收文〔{parts[1]}〕{number}号"
    if kind == "seal_application":
        return f"用印〔{parts[1]}〕{number}号"
    if kind == "seal_use":
        return f"{parts[1]}年第{number}号"
    if kind == "minutes":
        return format_issue_number(int(parts[2]), number)
    if kind == "meeting":
        return f"第{chinese_number(number)}次" if 0 < number < 1000 else f"第{number}次"
    return str(number)


def label_of(name: str) -> tuple[str, str]:
    """(label, period) of a sequence name."""
    parts = _parts(name)
    kind = parts[0]
    if kind == "doc":
        return f"发文 {parts[1]}", f"{parts[2]}年"
    if kind == "minutes":
        return f"{MEETING_KINDS.get(parts[1], parts[1])}纪要", f"{parts[2]}年"
    if kind == "meeting":
        start = date.fromisoformat(parts[2])
        return MEETING_KINDS.get(parts[1], parts[1]), (
            f"本届（{start.year}年{start.month}月{start.day}日起）"
        )
    return dict(YEARLY).get(kind, kind), f"{parts[1]}年"


def _term_start(db_or_session) -> str:
    if isinstance(db_or_session, Session):
        return str(org_profile.profile_value(db_or_session, "term_start"))
    return str(org_profile.get_profile(db_or_session)["term_start"])


def names_for_year(s: Session, year: int) -> list[str]:
    """Every sequence an office keeps for `year` (each 发文 prefix, 收文, 用印, 用印登记, each
    meeting kind's 纪要) and each meeting kind's count within the current term, plus any other
    counter that exists for that year (a prefix no longer in the profile)."""
    prefixes = org_profile.profile_value(s, "doc_prefixes")
    names = [f"doc:{p}:{year}" for p in prefixes]
    names += [f"{code}:{year}" for code, _ in YEARLY]
    names += [f"minutes:{k}:{year}" for k in MEETING_KINDS]
    term = _term_start(s)
    names += [f"meeting:{k}:{term}" for k in MEETING_KINDS]
    for (other,) in s.execute(
        select(SequenceCounter.name).where(SequenceCounter.name.like(f"doc:%:{year}"))
    ):
        if other not in names:
            names.insert(len(prefixes), other)
    return names


def resolve(db: Database, kind: str, year: int) -> str:
    """The sequence name of what the command line calls it: a 发文 prefix (同政发), 收文, 用印,
    用印登记, a meeting kind's 纪要 (常务会议纪要) or the meeting kind itself (常务会议: its count
    within the current term, which must have begun by `year`)."""
    text = (kind or "").strip()
    if not 1900 <= int(year) <= 2100:
        raise ValidationError(f"年份不正确：{year}")
    yearly = {label: code for code, label in YEARLY}
    if text in yearly:
        return f"{yearly[text]}:{year}"
    by_label = {label: code for code, label in MEETING_KINDS.items()}
    if text.endswith("纪要") and text[:-2] in by_label:
        return f"minutes:{by_label[text[:-2]]}:{year}"
    if text in by_label:
        term = _term_start(db)
        if date.fromisoformat(term).year > year:
            raise ValidationError(
                f"本届政府自 {term} 起（组织设置「本届政府起始日期」），会议次序按届编号，"
                f"{year}年不在本届内。"
            )
        return f"meeting:{by_label[text]}:{term}"
    prefixes = org_profile.get_profile(db)["doc_prefixes"]
    if text.startswith("发文"):
        text = text[2:].strip(" :：")
    if text in prefixes:
        return f"doc:{text}:{year}"
    known = [*prefixes, *yearly, *(f"{k}纪要" for k in by_label), *by_label]
    raise ValidationError(f"没有编号序列「{kind}」。可选：{'、'.join(known)}。")


def _check_name(name: str) -> None:
    parts = _parts(name)
    ok = (
        (parts[0] == "doc" and len(parts) == 3 and parts[1] and parts[2].isdigit())
        or (parts[0] in dict(YEARLY) and len(parts) == 2 and parts[1].isdigit())
        or (parts[0] in ("minutes", "meeting") and len(parts) == 3 and parts[1] in MEETING_KINDS)
    )
    if not ok or len(SETTING_PREFIX + name) > KEY_LENGTH:
        raise ValidationError(f"编号序列名称不正确：{name}")


# --- what fuban itself issued ------------------------------------------------------------------


def highest_issued(s: Session, name: str) -> int:
    """The highest number of sequence `name` carried by a record saved in fuban (voided records
    included: a number once issued is never reused)."""
    parts = _parts(name)
    kind = parts[0]
    if kind == "doc":
        q = select(func.max(OutgoingDocument.seq)).where(
            OutgoingDocument.prefix == parts[1], OutgoingDocument.year == int(parts[2])
        )
    elif kind == "incoming":
        q = select(func.max(IncomingDocument.seq)).where(IncomingDocument.year == int(parts[1]))
    elif kind == "seal_application":
        q = select(func.max(SealApplication.seq)).where(SealApplication.year == int(parts[1]))
    elif kind == "seal_use":
        q = select(func.max(SealUse.seq)).where(SealUse.year == int(parts[1]))
    elif kind == "minutes":
        year = int(parts[2])
        q = (
            select(func.max(MinutesRecord.issue_number))
            .join(Meeting, Meeting.id == MinutesRecord.meeting_id)
            .where(
                Meeting.kind == parts[1],
                MinutesRecord.issued_on >= date(year, 1, 1),
                MinutesRecord.issued_on <= date(year, 12, 31),
            )
        )
    elif kind == "meeting":
        return _highest_meeting(s, parts[1], date.fromisoformat(parts[2]))
    else:
        return 0
    return int(s.scalar(q) or 0)


def _highest_meeting(s: Session, kind: str, term: date) -> int:
    """Meetings belong to the latest term begun on or before their day (as `fuban check` reads
    them): those of this kind from `term` until the next term known for the kind."""
    later = []
    for (other,) in s.execute(
        select(SequenceCounter.name).where(SequenceCounter.name.like(f"meeting:{kind}:%"))
    ):
        try:
            start = date.fromisoformat(other.split(":")[2])
        except ValueError:
            continue
        if start > term:
            later.append(start)
    end = min(later, default=None)
    top = 0
    for starts_at, number in s.execute(
        select(Meeting.starts_at, Meeting.number).where(Meeting.kind == kind)
    ):
        day = starts_at.date()
        if day >= term and (end is None or day < end):
            top = max(top, int(number))
    return top


# --- the settings ------------------------------------------------------------------------------


def paper_points(s: Session) -> dict[str, int]:
    """Every sequence's last number used on paper, as set (`fuban check` counts them issued)."""
    rows = s.execute(
        select(OrgSetting.key, OrgSetting.value_json).where(
            OrgSetting.key.like(f"{SETTING_PREFIX}%")
        )
    )
    return {key[len(SETTING_PREFIX) :]: int(json.loads(value)) for key, value in rows}


def _row(s: Session, name: str) -> SequenceRow:
    setting = s.scalar(select(OrgSetting).where(OrgSetting.key == SETTING_PREFIX + name))
    last = s.scalar(select(SequenceCounter.last_value).where(SequenceCounter.name == name))
    label, period = label_of(name)
    return SequenceRow(
        name=name,
        label=label,
        period=period,
        last_used=int(last or 0),
        on_paper=int(json.loads(setting.value_json)) if setting else None,
        highest_issued=highest_issued(s, name),
        version=setting.version if setting else 0,
    )


def list_sequences(db: Database, user: CurrentUser, year: int) -> list[SequenceRow]:
    """设置 → 编号续接: each sequence of `year` with its last number (administrators only)."""
    require(user, "admin")
    with db.read() as s:
        return [_row(s, name) for name in names_for_year(s, year)]


def get_sequence(db: Database, name: str) -> SequenceRow:
    _check_name(name)
    with db.read() as s:
        return _row(s, name)


def set_last_on_paper(
    db: Database,
    user: CurrentUser,
    name: str,
    last: int,
    expected_version: int | None = None,
) -> SequenceRow:
    """Set the last number of sequence `name` already used on paper; the next number fuban
    issues is `last` + 1. Refused below the highest number fuban itself issued."""
    require(user, "admin")
    _check_name(name)
    try:
        last = int(str(last).strip())
    except ValueError:
        raise ValidationError("已用到的号须为整数，如 57。") from None
    if not 0 <= last <= LARGEST:
        raise ValidationError(f"已用到的号须在 0 到 {LARGEST} 之间。")
    key = SETTING_PREFIX + name
    with db.uow(user.username) as s:
        # Lock the counter first: a clerk's save numbering in this sequence waits (or has
        # committed, and its record is seen below), so no number slips in between.
        insert_if_missing(s, SequenceCounter, {"name": name, "last_value": 0}, ["name"])
        counter = s.scalars(
            select(SequenceCounter).where(SequenceCounter.name == name).with_for_update()
        ).one()
        top = highest_issued(s, name)
        if last < top:
            label, period = label_of(name)
            raise ValidationError(
                f"{period}{label}在本系统中已编到 {number_text(name, top)}，"
                f"已用到的号不能小于 {top}（否则编号会重复）。"
            )
        setting = s.scalar(select(OrgSetting).where(OrgSetting.key == key))
        if expected_version is not None and (setting.version if setting else 0) != (
            expected_version
        ):
            raise StaleRecordError()
        text = json.dumps(last)
        if setting is None:
            s.add(OrgSetting(key=key, value_json=text))
        elif setting.value_json != text:
            setting.value_json = text
        counter.last_value = last
        s.flush()
    return get_sequence(db, name)
