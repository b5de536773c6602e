"""涉密会议 (R44, R23.6.3): what of a confidential meeting each account sees, and the audit of
every open, print and export of its content.

A meeting planned as confidential (`Meeting.confidential`, and minutes drafted from it) is a
classified record as 第四十四条 means it, divided the way the secretariat works with it:

- the meeting itself stays visible to every account — its kind, number, name, day, room,
  presider and attendance appear in the register, the calendar and the 工作台, so clerks can
  plan rooms and notify members (choose a neutral meeting name: the name is not hidden);
- its content — the titles of the items placed on it, the minutes (opening, body, objections),
  the decisions and their reports — is shown only to accounts with the `classified`
  permission (机要, 管理员). Everyone else, and every place without a signed-in account (the
  工作台), sees 「（涉密会议，内容不显示）」 in its place; the register's search words do not find
  it by an item title.

Opening the minutes, printing the minutes or the 议程/会议通知, and exporting the decisions of a
confidential meeting are written to the audit log (action view / print, like a classified 收文),
on the minutes record or the meeting record. Printing confidential content without the
permission is refused under R44.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from db import audit
from db.engine import Database
from db.models import Meeting
from desktop_app.rules.registry import violation
from desktop_app.services.system.common import CurrentUser

HIDDEN = "（涉密会议，内容不显示）"

if TYPE_CHECKING:

    class DataclassInstance(Protocol):
        """Any dataclass instance (what `dataclasses.replace` accepts)."""

        __dataclass_fields__: ClassVar[dict[str, Any]]

    class _MeetingRow(DataclassInstance, Protocol):
        """A DTO of something placed on a meeting (a decision, an agenda item)."""

        @property
        def meeting_id(self) -> int | None: ...


D = TypeVar("D", bound="DataclassInstance")
R = TypeVar("R", bound="_MeetingRow")


def may_see(user: CurrentUser | None, confidential: bool) -> bool:
    """R44: a confidential meeting's content only for accounts with the classified permission;
    no account (None: the 工作台, callers that pass none) sees none."""
    return not confidential or (user is not None and user.can("classified"))


def check_may_see(user: CurrentUser | None, confidential: bool, what: str) -> None:
    """R44: refuse `what` (打印/导出/修改 …) of confidential content without the permission."""
    if not may_see(user, confidential):
        raise violation("R44", f"涉密会议的{what}仅限机要人员办理。")


def check_meeting_content(
    s: Session, user: CurrentUser | None, meeting_id: int | None, what: str
) -> None:
    """R44: refuse changing the content (`what`) of a confidential meeting's item or decision
    without the permission — the account sees 「（涉密会议，内容不显示）」, and saving it would
    overwrite the text it cannot see."""
    if meeting_id is None:
        return
    confidential = s.scalar(select(Meeting.confidential).where(Meeting.id == meeting_id))
    check_may_see(user, bool(confidential), what)


def confidential_ids(s: Session, meeting_ids: Iterable[int | None]) -> set[int]:
    """The confidential meetings among `meeting_ids`."""
    ids = sorted({i for i in meeting_ids if i is not None})
    if not ids:
        return set()
    return set(
        s.scalars(select(Meeting.id).where(Meeting.id.in_(ids), Meeting.confidential.is_(True)))
    )


def hide(dto: D, fields: Iterable[str]) -> D:
    """`dto` with the text `fields` replaced by HIDDEN (empty ones stay empty, tuples become
    empty tuples)."""
    changes: dict[str, object] = {}
    for name in fields:
        value = getattr(dto, name)
        if isinstance(value, str):
            changes[name] = HIDDEN if value else ""
        elif isinstance(value, tuple):
            changes[name] = ()
    return dataclasses.replace(dto, **changes)


DECISION_FIELDS = ("item_title", "content", "quality", "report")
ITEM_FIELDS = ("title", "disagreement", "solution", "reporter", "discussion", "conclusion")


def shown_decisions(s: Session, rows: list[R], user: CurrentUser | None) -> list[R]:
    """Decisions (services.decisions.DecisionDTO) as `user` may see them (R44)."""
    if user is not None and user.can("classified"):
        return rows
    secret = confidential_ids(s, (d.meeting_id for d in rows))
    return [hide(d, DECISION_FIELDS) if d.meeting_id in secret else d for d in rows]


def shown_items(s: Session, rows: list[R], user: CurrentUser | None) -> list[R]:
    """Agenda items (services.agenda_view.AgendaItemDTO) as `user` may see them (R44): the
    items placed on a confidential meeting lose their titles and what was said about them."""
    if user is not None and user.can("classified"):
        return rows
    secret = confidential_ids(s, (i.meeting_id for i in rows))
    return [hide(i, ITEM_FIELDS) if i.meeting_id in secret else i for i in rows]


def audit_content(
    db: Database,
    user: CurrentUser,
    table: str,
    record_ids: Iterable[int],
    action: str,
    what: str = "",
) -> None:
    """R44: log each view / print / export of a confidential meeting's content, on its record
    (`table`: minutes or meeting), as classified 收文 and 发文 are logged."""
    ids = sorted(set(record_ids))
    if not ids:
        return
    after = {"what": what} if what else {}
    with db.uow(user.username) as s:
        audit.append_entries(s, user.username, [(table, i, action, {}, after) for i in ids])
