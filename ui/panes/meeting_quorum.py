"""The 出席 tab's quorum line (R23.1): members, present, the 半数以上 needed and who is still
未登记 — read through services.meetings.attendance.quorum_line on the worker, the reading 标记已召开
decides by. Counting the member lines of the list instead disagreed with the save whenever the
directory of the meeting day and the list differed (a vice mayor appointed after the list was
made, one who left)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from desktop_app.services.meetings import attendance
from ui import operations
from ui.context import AppContext
from ui.widgets.table import RELOAD_BUSY_AFTER_MS


def quorum_text(q: Any) -> str:
    """The line for a QuorumLine: 半数以上 includes half (R23.1)."""
    text = f"成员 {q.members} 人，出席 {q.present} 人"
    if q.kind == "executive":
        text += f"；须半数以上（含半数，至少 {q.needed} 人）"
        if not q.quorate:
            short = "不足半数，不能召开" if q.members else "会议当日没有常务会议成员的任职记录"
            text += f"　<b style='color:#b22222'>{short}</b>"
        if q.not_members:
            text += f"<br>名单中会议当日已不是常务会议成员、不计入：{'、'.join(q.not_members)}"
    unrecorded = (*q.unrecorded_members, *q.unrecorded_attendees)
    if unrecorded:
        text += f"<br>未登记 {len(unrecorded)} 人：{'、'.join(unrecorded)}（登记后方可标记已召开）"
    return text


class QuorumLabel(QLabel):
    """Shows the quorum of the meeting given to `show_for` (None: nothing)."""

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("quorumLabel")
        self.setWordWrap(True)  # a long quorum note must not widen the window
        self.ctx = ctx
        self._latest = operations.Latest()  # only the meeting shown last counts

    def show_for(self, meeting_id: int | None) -> None:
        if meeting_id is None:
            self._latest.cancel()
            self.setText("")
            return
        db = self.ctx.db
        operations.run(
            lambda: attendance.quorum_line(db, meeting_id),
            lambda q: self.setText(quorum_text(q)),
            self._failed,
            parent=self,
            still_wanted=self._latest.ticket(),
            busy_after_ms=RELOAD_BUSY_AFTER_MS,
        )

    def _failed(self, exc: BaseException) -> None:
        # The 出席 list above reports its own read's failure; the line only says it is unknown.
        self.setText(f"未能读取法定人数：{exc}")
