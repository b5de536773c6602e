"""The code on a printed sheet (发文稿纸, 收文处理笺, 议题审批表, 督办通知单) and what a scan of it —
or a typed record number — opens.

A sheet's QR code holds an opaque token: random (`secrets`), the same on every print of the
record's sheet, and stored here with the kind and id of the record. It says nothing by itself;
`resolve` finds the record only through the table, and only for an account allowed to see it
(R44: a classified record for the 机要 permission, refused otherwise).

The areas above `system` know their records: each registers, when its module is imported, a
*resolver* per kind (record id → `ScanTarget`: where it is and the next step to record, with the
step's signer) and a *number reader* (typed text such as 收文〔2026〕12号 → kind and id).
`services.areas.compose()` imports them, as it does the 工作台 providers. Nothing is recorded by a
scan: the target only says which record and step the clerk is taken to."""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.locks import serialize
from db.models.sheets import SheetCode
from desktop_app.services.system.common import CurrentUser, ValidationError

PREFIX = "FB"  # the codes fuban printed; letters and digits only, so any scanner types them
_TOKEN = re.compile(r"^FB[A-Z2-7]{16}$")
KINDS = ("incoming", "outgoing", "agenda_item", "supervision")


@dataclass(frozen=True)
class ScanTarget:
    """Where a scanned sheet takes the clerk: the pane, the record, and the next step to record
    with its signer pre-selected ("" / None when the record has no step left to record)."""

    area: str  # the pane: 公文 | 会议 | 督办
    ref_kind: str  # incoming | outgoing | agenda_item | supervision
    ref_id: int
    label: str  # 收文〔2026〕12号《……》
    action: str = ""  # the pane's action that records the next step ("" when none is left)
    step_key: str = ""  # the step within it (a 发文 sign-off step, an 议题 step …)
    step_label: str = ""  # 「分管副市长同意」「阅批」
    signer_id: int | None = None  # the step's signer, pre-selected in the form
    signer_name: str = ""
    for_person_id: int | None = None  # a vice mayors' step: the vice mayor it is addressed to

    @property
    def message(self) -> str:
        """One line for the status bar: what was found and what comes next."""
        if not self.action:
            return f"已打开{self.label}：各环节均已登记。"
        who = f"，签署人：{self.signer_name}" if self.signer_name else ""
        return f"已打开{self.label}，下一步：{self.step_label}{who}。"


Resolver = Callable[[Database, CurrentUser, int, date], ScanTarget]
NumberReader = Callable[[Session, str], tuple[str, int] | None]
_RESOLVERS: dict[str, Resolver] = {}
_NUMBER_READERS: list[NumberReader] = []


def register(kind: str, resolver: Resolver, reader: NumberReader | None = None) -> None:
    """Called by an area's module when imported: how its records of `kind` are opened, and how
    their typed numbers are read."""
    _RESOLVERS[kind] = resolver
    if reader is not None and reader not in _NUMBER_READERS:
        _NUMBER_READERS.append(reader)


def new_token() -> str:
    """FB + 16 base32 characters (80 random bits)."""
    return PREFIX + base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def token_for(s: Session, kind: str, record_id: int) -> str:
    """The record's token, made on its first print (inside the caller's unit of work)."""
    if kind not in KINDS:
        raise ValueError(f"unknown sheet kind {kind!r}")
    found = existing_token(s, kind, record_id)
    if found:
        return found
    # Two clerks printing the record's first sheet at once (a shared server): the second waits
    # here for the first to commit and then finds its code, instead of a duplicate-key error.
    serialize(s, "sheet_code")
    found = existing_token(s, kind, record_id)
    if found:
        return found
    token = new_token()
    s.add(SheetCode(token=token, kind=kind, record_id=record_id))
    s.flush()
    return token


def existing_token(s: Session, kind: str, record_id: int) -> str | None:
    """The record's token if a sheet of it was printed before, else None (nothing made)."""
    return s.scalar(
        select(SheetCode.token).where(SheetCode.kind == kind, SheetCode.record_id == record_id)
    )


def reprint_token(
    db: Database, kind: str, record_id: int, sheet: str, number: str, *actions: str
) -> str:
    """For an account that may not make a code (read-only): the token of a record whose sheet
    was printed before — a reprint carries the same code —, else a refusal naming who may
    print the first sheet (the roles allowed `actions`)."""
    from desktop_app.services.system.common import PermissionDenied, roles_allowed

    with db.read() as s:
        token = existing_token(s, kind, record_id)
    if token:
        return token
    who = "、".join(roles_allowed(*actions))
    raise PermissionDenied(
        f"{number}的{sheet}还没有打印过：第一张{sheet}（生成其二维码）须由{who}账户打印；"
        f"打印过之后，只读账户也可以重印。"
    )


def normalize(text: str) -> str:
    """What the clerk or the scanner typed, trimmed; a scanner with Caps Lock on types the
    token in lower case, a typed number may carry full-width digits or spaces."""
    text = (text or "").strip().replace(" ", "").replace("\u3000", "")
    text = text.translate({0xFF10 + i: ord("0") + i for i in range(10)})
    return text.upper() if _TOKEN.match(text.upper()) else text


def lookup(db: Database, text: str) -> tuple[str, int] | None:
    """(kind, record id) of a token or a typed number, None when nothing matches. Says nothing
    about whether the account may open it: `resolve` decides that."""
    text = normalize(text)
    if not text:
        return None
    with db.read() as s:
        if _TOKEN.match(text):
            row = s.execute(
                select(SheetCode.kind, SheetCode.record_id).where(SheetCode.token == text)
            ).first()
            return (row[0], row[1]) if row is not None else None
        for reader in _NUMBER_READERS:
            found = reader(s, text)
            if found is not None:
                return found
    return None


def resolve(db: Database, user: CurrentUser, text: str, today: date | None = None) -> ScanTarget:
    """The record a scanned code or typed number stands for, and its next step with the signer
    the directory names on `today` — refused (R44) when `user` may not see it, refused plainly
    when nothing matches."""
    if not (text or "").strip():
        raise ValidationError("请扫描处理笺上的二维码，或输入收文号、发文字号。")
    found = lookup(db, text)
    if found is None:
        raise ValidationError(
            f"没有找到「{(text or '').strip()[:40]}」对应的记录：请确认二维码是本系统打印的，"
            "或输入收文号（收文〔2026〕12号）、发文字号（同政发〔2026〕3号）、"
            "发文12、议题12、督办12。"
        )
    kind, record_id = found
    if kind not in _RESOLVERS:
        raise RuntimeError(f"no resolver registered for {kind!r}: services.areas.compose() first")
    return _RESOLVERS[kind](db, user, record_id, today or date.today())
