"""份号 on the prints of classified content (R44, 第四十四条: every print is logged, and printed
copies carry 份号 — RULES.md).

A print of classified content — confidential minutes, the 议程 and 会议通知 of a confidential
meeting, the 议题审批表 of an item on one, the 督办通知单 of a classified 督办 item — takes its
份号 here before the paper is drawn: `take` moves the record's counter on (db.copy_numbers) and
writes the print to the audit log with the numbers printed and the counter's new value, in one
transaction. A number is therefore never taken without its print being logged, nor logged without
being taken, and never taken twice — also with two clerks printing at once on the shared server.
The paper is drawn after the commit, so other clerks' saves never wait for the drawing; a drawing
that fails leaves its numbers unused, never given again.

N copies are N numbers, consecutive, drawn into one PDF (printing.official.render_copies,
printing.sign_sheets): the printer must not copy a numbered PDF (ui.print_preview refuses a copy
count above 1), or two sheets would carry one 份号.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from db import audit
from db import copy_numbers as counters
from db.base import RecordMixin
from db.engine import Database
from desktop_app.services.system.common import CurrentUser, ValidationError

MAX_COPIES = 99  # the 份数 box of a classified print: 1–99


def label(number: int) -> str:
    """GB/T 9704 7.2.2: 份号 in six Arabic digits, 「000003」."""
    return f"{number:06d}"


@dataclass(frozen=True)
class CopyNumbers:
    """The 份号 one print took: first … last, consecutive."""

    first: int
    last: int

    @property
    def labels(self) -> list[str]:
        """One 份号 per copy, in order: ["000003", "000004", "000005"]."""
        return [label(n) for n in range(self.first, self.last + 1)]

    @property
    def text(self) -> str:
        """「第000003份」, or 「第000003—000005份」 for several copies."""
        if self.first == self.last:
            return f"第{label(self.first)}份"
        return f"第{label(self.first)}—{label(self.last)}份"

    @property
    def note(self) -> str:
        """The preview's status-bar line naming what was numbered and logged."""
        return f"份号：{self.text}（已记入审计日志）"


def check_copies(copies: int) -> None:
    """The 份数 of a classified print: a whole number from 1 to MAX_COPIES."""
    if isinstance(copies, bool) or not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
        raise ValidationError(f"打印份数须为1至{MAX_COPIES}份的整数。")


def take(
    s: Session,
    actor: str,
    model: type[RecordMixin],
    column: str,
    record_id: int,
    copies: int,
    what: str,
) -> CopyNumbers:
    """Take `copies` 份号 from the record's counter `column` and log the print of `what`
    (「纪要〔2026〕3号」 → 「纪要〔2026〕3号第000004—000005份」) in the session's transaction."""
    check_copies(copies)
    last = counters.take(s, model, column, record_id, copies)
    numbers = CopyNumbers(last - copies + 1, last)
    audit.append_entries(
        s,
        actor,
        [
            (
                model.__tablename__,
                record_id,
                "print",
                {column: numbers.first - 1},
                # The counter's new value, so `fuban check`'s replay of the row agrees with it.
                {"what": what + numbers.text, column: last},
            )
        ],
    )
    return numbers


def take_for_print(
    db: Database,
    user: CurrentUser,
    model: type[RecordMixin],
    column: str,
    record_id: int,
    copies: int,
    what: str,
) -> CopyNumbers:
    """`take` in a unit of work of its own, committed before the paper is drawn."""
    check_copies(copies)  # refused before a transaction is opened
    with db.uow(user.username) as s:
        return take(s, user.username, model, column, record_id, copies, what)
