"""What every service shares: the signed-in user, permission checks, optimistic-lock loading,
voiding, and input validation errors."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import Session

from db import commit_order
from db.base import RecordMixin, VoidableMixin, utcnow
from db.errors import FubanError, NotFoundError, StaleRecordError
from db.models.system import Account
from db.text_input import refuse_unstorable
from desktop_app.formatting import format_date

T = TypeVar("T")
R = TypeVar("R", bound=RecordMixin)  # a register's record: it has an id and a version

ROLES: dict[str, str] = {
    "admin": "管理员",
    "clerk": "文秘",
    "confidential": "机要",
    "supervisor": "督查",
    "readonly": "只读",
}

# What each role may do. 管理员 also keeps records: in a small office the administrator is a clerk.
_CAN: dict[str, set[str]] = {
    "admin": {"admin", "records", "classified", "supervision"},
    "clerk": {"records"},
    "confidential": {"records", "classified"},
    "supervisor": {"supervision"},
    "readonly": set(),
}

_ACTION_NAMES = {
    "admin": "系统管理（设置、账户、日历）",
    "records": "登记和修改台账",
    "classified": "查看涉密记录",
    "supervision": "督办",
}


class ValidationError(FubanError):
    """Bad input; nothing was saved."""


class PermissionDenied(FubanError):
    pass


@dataclass(frozen=True)
class CurrentUser:
    username: str
    display_name: str
    role: str

    def can(self, action: str) -> bool:
        granted = action in _CAN.get(self.role, set())
        if granted:  # what the service goes on to do relies on it: checked again at the save
            _relied_on(self.username, _ALONE.get(action) or frozenset((action,)))
        return granted


SYSTEM_USER = CurrentUser("system", "系统", "admin")


# What the service running in this thread (or task) relied on of the signed-in account's role:
# (user name, requirements), each requirement a set of actions of which the role must grant one.
# `require` starts the list afresh (a service's entry point); every `can` that answers yes adds
# its action (a classified record shown, an administrator's shortcut taken). The unit of work
# checks the list again against the account as stored when it writes (see below): a window
# signed in before its account was demoted holds a CurrentUser copied at sign-in.
_Relied = tuple[str, tuple[frozenset[str], ...]]
_CHECKED: ContextVar[_Relied | None] = ContextVar("fuban_checked", default=None)
# `can` is asked once per row by some DTO builders: its requirement is not built each time
_ALONE = {action: frozenset((action,)) for action in _ACTION_NAMES}


def _relied_on(username: str, actions: frozenset[str], *, start: bool = False) -> None:
    current = _CHECKED.get()
    if start or current is None or current[0] != username:
        _CHECKED.set((username, (actions,)))
    elif actions not in current[1]:
        _CHECKED.set((username, (*current[1], actions)))


def forget_checks() -> None:
    """A new sign-in: nothing relied on yet in this thread."""
    _CHECKED.set(None)


def roles_allowed(*actions: str) -> list[str]:
    """The roles' Chinese names that may do any of `actions` (「管理员、文秘、机要」), in ROLES'
    order: what a refusal tells the clerk to ask for."""
    return [name for code, name in ROLES.items() if _CAN.get(code, set()) & set(actions)]


def require(user: CurrentUser, action: str) -> None:
    if action not in _CAN.get(user.role, set()):
        role = ROLES.get(user.role, user.role)
        raise PermissionDenied(f"当前账户（{role}）无权{_ACTION_NAMES.get(action, action)}。")
    _relied_on(user.username, frozenset((action,)), start=True)


def require_any(user: CurrentUser, *actions: str, refusal: str) -> None:
    """As `require`, for a step any of `actions` allows (督办: 文秘 or 督查); `refusal` is the
    message. The save checks the stored role against all of them, not the first one held: an
    administrator demoted to 督查 may still do what 督查 may."""
    if not _CAN.get(user.role, set()) & set(actions):
        raise PermissionDenied(refusal)
    _relied_on(user.username, frozenset(actions), start=True)


_ACCOUNT_CHECKED = "fuban_account_checked"
# built once: every writing transaction runs it
_ACCOUNT_NOW = select(Account.role, Account.active).where(Account.username == bindparam("actor"))


def _account_still_allows(session: Session, _ctx=None, _instances=None) -> None:
    """A window signed in before its account was deactivated or demoted must not keep writing,
    nor open or print a classified record (each such view is written to the audit log): the
    CurrentUser it holds is a copy from sign-in. So every writing transaction re-reads the
    account (once: at its first flush, or before its COMMIT when it flushed nothing — an audit
    entry only, a server account function; db.commit_order): it must still be active, and its
    role as stored must still grant what the service relied on (`require`, `can`)."""
    actor = session.info.get("actor")
    if not actor or session.info.get("sign_in"):
        return
    # The account is read once per transaction; what the service relied on may grow after the
    # first flush (a DTO built with `can`), and is checked against that same reading.
    seen = session.info.get(_ACCOUNT_CHECKED)
    if seen is not None and seen[:2] == (session.get_transaction(), actor):
        row = seen[2]
    else:
        row = session.connection().execute(_ACCOUNT_NOW, {"actor": actor}).first()
        session.info[_ACCOUNT_CHECKED] = (session.get_transaction(), actor, row)
    if row is None:  # "system", or the first administrator being created
        return
    if not row.active:
        raise PermissionDenied("此账户已被停用，不能再保存或查看涉密记录；请联系管理员。")
    checked = _CHECKED.get()
    stored = _CAN.get(row.role, set())
    lost = [r for r in checked[1] if not r & stored] if checked and checked[0] == actor else []
    if lost:
        what = "或".join(_ACTION_NAMES.get(a, a) for a in sorted(lost[0], key=_action_rank))
        raise PermissionDenied(
            f"此账户的角色已改为「{ROLES.get(row.role, row.role)}」，无权{what}；请重新登录。"
        )


def _action_rank(action: str) -> int:
    return list(_ACTION_NAMES).index(action) if action in _ACTION_NAMES else len(_ACTION_NAMES)


event.listen(Session, "before_flush", _account_still_allows)
commit_order.BEFORE_COMMIT.append(_account_still_allows)


def get_existing(
    session: Session,
    model: type[T],
    key: object,
    *,
    with_for_update: bool = False,
    message: str = "记录不存在或已被删除。",
) -> T:
    """The record under primary key `key`, or NotFoundError with a message for the clerk —
    never a None that would surface later as an AttributeError."""
    obj: T | None = session.get(model, key, with_for_update=with_for_update)
    if obj is None:
        raise NotFoundError(message)
    return obj


def load_for_update(
    session: Session, model: type[R], record_id: int, expected_version: int | None
) -> R:
    """Load a record to change it; refuse if someone saved it since the clerk loaded it."""
    obj = get_existing(session, model, record_id)
    if expected_version is not None and obj.version != expected_version:
        raise StaleRecordError()
    return obj


_Record = TypeVar("_Record", bound=RecordMixin)


def void_record(
    session: Session,
    model: type[_Record],
    record_id: int,
    reason: str,
    expected_version: int | None,
    user: CurrentUser,
) -> _Record:
    """作废: the record stays, marked with who, when and why. Returns it (voided)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("作废必须填写原因。")
    obj = load_for_update(session, model, record_id, expected_version)
    assert isinstance(obj, VoidableMixin)
    if obj.voided_at is not None:
        raise ValidationError("该记录已作废。")
    obj.voided_at = utcnow()
    obj.voided_by = user.username
    obj.void_reason = reason
    return obj


def required_text(value: str | None, label: str, max_len: int = 128) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError(f"请填写{label}。")
    # Refused here, not only at the flush: services look the text up (duplicates) before saving,
    # and the database cannot take NUL or a lone surrogate even as a query parameter.
    refuse_unstorable(label, text)
    if len(text) > max_len:
        raise ValidationError(f"{label}过长（最多 {max_len} 个字）。")
    return text


def check_period(start: date | None, end: date | None) -> None:
    if start is None:
        raise ValidationError("请填写起始日期。")
    if end is not None and end < start:
        raise ValidationError("结束日期不能早于起始日期。")


fmt_date = format_date  # one date format everywhere (desktop_app.formatting)
