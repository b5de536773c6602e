"""The meeting's 纪要 tab: draft, edit, the reviews in order, sign-off, issue, corrections,
publication and the printed minutes (R23.5, R23.7.2, R29.1, R29.2, R23.6.3)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.services import minutes
from ui.panes import meeting_choices as choices
from ui.panes.meeting_print import preview as preview_pdf
from ui.widgets.actions import act
from ui.widgets.form import FieldSpec, FormDialog


class MinutesTab(QWidget):
    """Works on the meeting its MeetingDetail shows."""

    def __init__(self, detail: Any, parent=None):
        super().__init__(parent)
        self.setObjectName("minutesTab")
        self.detail = detail
        self.state = QLabel(objectName="minutesState")
        self.state.setWordWrap(True)
        self._build()

    def _build(self) -> None:
        box = self
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("draftMinutes", "生成纪要草稿", self.draft),
            ("editMinutes", "编辑纪要…", self.edit),
            ("advanceMinutes", "进入下一环节…", self.advance),
            ("signMinutes", "记录签发…", self.sign),
            ("issueMinutes", "印发…", self.issue),
            ("previewMinutes", "预览/打印", self.preview),
            ("correctMinutes", "勘误/补充…", self.correct),
            ("publishMinutes", "标记已公开", self.publish),
        ):
            b = QPushButton(text, objectName=name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
            self.buttons[name] = b
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.state)
        layout.addStretch(1)

    def current(self) -> Any:
        if self.detail._id() is None:
            return None
        found = [
            m
            for m in minutes.minutes_of_meeting(self.detail.ctx.db, self.detail._id())
            if not getattr(m, "corrects_id", None)
        ]
        return found[0] if found else None

    def refresh(self) -> None:
        m = self.current()
        if m is None:
            self.state.setText("尚未生成纪要。")
        else:
            state = minutes.STATE_NAMES.get(m.state, m.state)
            self.state.setText(f"纪要 {m.issue_text}　当前环节：{state}\n\n{m.opening}")
        has = m is not None
        self.buttons["draftMinutes"].setEnabled(self.detail.meeting is not None and not has)
        for name in (
            "editMinutes",
            "advanceMinutes",
            "signMinutes",
            "issueMinutes",
            "previewMinutes",
            "correctMinutes",
            "publishMinutes",
        ):
            self.buttons[name].setEnabled(has)

    def draft(self) -> None:
        act(
            self,
            lambda: minutes.draft_minutes(
                self.detail.ctx.db, self.detail.ctx.user, self.detail._id()
            ),
            self.detail._done,
        )

    def edit(self) -> FormDialog:
        """The draft's text: the opening, then one block per section (first line the heading,
        further lines its paragraphs), blocks separated by an empty line."""
        m = self.current()
        body = "\n\n".join("\n".join([sec.heading, *sec.paragraphs]) for sec in m.sections)
        return self.detail._form(
            "编辑纪要",
            [
                FieldSpec("opening", "开头", "multiline"),
                FieldSpec(
                    "body",
                    "正文（每段议题：首行标题，其后各行为段落；议题之间空一行）",
                    "multiline",
                ),
                FieldSpec("cc", "抄送"),
            ],
            lambda v: minutes.save_minutes(
                self.detail.ctx.db,
                self.detail.ctx.user,
                m.id,
                opening=v["opening"],
                sections=sections_of(v["body"]),
                cc=v["cc"],
                expected_version=m.version,
            ),
            "editMinutesDialog",
            {"opening": m.opening, "body": body, "cc": m.cc},
        )

    def correct(self) -> FormDialog:
        m = self.current()
        return self.detail._form(
            "纪要勘误/补充（第二十九条：印发后不得修改原文）",
            [
                FieldSpec("kind", "类别", "combo", [(k, k) for k in minutes.CORRECTION_KINDS]),
                FieldSpec("text", "内容", "multiline"),
            ],
            lambda v: minutes.correct_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["kind"], v["text"]
            ),
            "correctMinutesDialog",
        )

    def publish(self) -> None:
        m = self.current()
        act(
            self,
            lambda: minutes.set_published(
                self.detail.ctx.db, self.detail.ctx.user, m.id, True, m.version
            ),
            self.detail._done,
        )

    def advance(self) -> FormDialog:
        m = self.current()
        states = [(s, minutes.STATE_NAMES[s]) for s in ("comments", "legal", "exec_review")]
        return self.detail._form(
            "纪要进入下一环节",
            [FieldSpec("to", "环节", "combo", states), FieldSpec("on", "日期", "date")],
            lambda v: minutes.advance_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["to"], v["on"], m.version
            ),
            "advanceMinutesDialog",
        )

    def sign(self) -> FormDialog:
        m = self.current()
        people = choices.persons(
            self.detail.ctx.db, self.detail.ctx.today(), ("mayor", "exec_vice_mayor")
        )
        return self.detail._form(
            "记录纪要签发",
            [
                FieldSpec("signer_id", "签发人", "combo", people),
                FieldSpec("on", "签发日期", "date"),
            ],
            lambda v: minutes.sign_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["signer_id"], v["on"], m.version
            ),
            "signMinutesDialog",
        )

    def issue(self) -> FormDialog:
        m = self.current()
        return self.detail._form(
            "印发纪要",
            [FieldSpec("on", "印发日期", "date")],
            lambda v: minutes.issue_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["on"], m.version
            ),
            "issueMinutesDialog",
        )

    def preview(self) -> None:
        m = self.current()
        preview_pdf(
            self, lambda: minutes.minutes_pdf(self.detail.ctx.db, m.id), m.meeting_title + "纪要"
        )

    # --- decisions -------------------------------------------------------------------------


def sections_of(text: str) -> list[tuple[str, list[str]]]:
    """「标题\n段落\n段落\n\n标题\n段落」 → [(标题, [段落, 段落]), (标题, [段落])]."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    out = []
    for block in blocks:
        heading, *paragraphs = [line.strip() for line in block.split("\n") if line.strip()]
        out.append((heading, paragraphs))
    return out
