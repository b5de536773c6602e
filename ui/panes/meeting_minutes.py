"""The meeting's 纪要 tab: draft, edit, the reviews in order with who took each (R23.7.2),
objections before issue (R29.4), sign-off, issue, corrections, publication and the printed
minutes (R23.5, R29.1, R29.2, R23.6.3)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.services.meetings import minutes, minutes_issue, minutes_review
from ui import operations
from ui.panes import meeting_choices as choices
from ui.panes.meeting_print import preview as preview_pdf
from ui.panes.meeting_print import preview_copies
from ui.widgets.actions import act, offer_to
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec
from ui.widgets.short_list import follow_date


def people_for(db, steps: tuple[str, ...], day) -> list[tuple]:
    """Those who may take these steps that day first (R23.7.2), then everyone else."""
    first = [p for step in steps for p in minutes_review.step_people(db, step, day)]
    ids = {pid for pid, _label in first}
    rest = [(pid, label) for pid, label in choices.persons(db, day)[1:] if pid not in ids]
    return [choices.NONE, *first, *rest]


class MinutesTab(QWidget):
    """Works on the meeting its MeetingDetail shows."""

    def __init__(self, detail: Any, parent=None):
        super().__init__(parent)
        self.setObjectName("minutesTab")
        self.detail = detail
        self.shown: Any = None
        self._latest = operations.Latest()  # only the shown meeting's minutes count
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
            ("recordObjection", "记录不同意见…", self.objection),
            ("settleObjection", "记录处理结果…", self.settle),
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
        # Every step of the minutes requires "records" (services.meetings.minutes, minutes_review,
        # minutes_issue); the preview is a read (R44 checked by the service).
        offer_to(
            self.detail.ctx.user,
            ("records",),
            *(b for name, b in self.buttons.items() if name != "previewMinutes"),
        )
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addLayout(buttons)
        layout.addWidget(self.state)
        layout.addStretch(1)

    def current(self) -> Any:
        """The meeting's minutes as last read by refresh() (None: none yet, or still reading)."""
        return self.shown

    def refresh(self) -> None:
        """Read the meeting's minutes off the GUI thread; a newer meeting drops this read."""
        self.shown = None
        self._show(None)
        meeting_id = self.detail._id()
        if meeting_id is None:
            self._latest.cancel()
            return
        self.state.setText("正在读取纪要…")
        db, user = self.detail.ctx.db, self.detail.ctx.user

        def load() -> Any:
            found = [
                m
                for m in minutes.minutes_of_meeting(db, meeting_id, user)
                if not getattr(m, "corrects_id", None)
            ]
            return found[0] if found else None

        operations.run(
            load, self._loaded, parent=self, still_wanted=self._latest.ticket(), title="读取失败"
        )

    def _loaded(self, m: Any) -> None:
        self.shown = m
        self._show(m)

    def _show(self, m: Any) -> None:
        if m is None:
            self.state.setText("尚未生成纪要。")
        else:
            self.state.setText(state_text(m))
        has = m is not None
        self.buttons["draftMinutes"].setEnabled(self.detail.meeting is not None and not has)
        # R44: the text of confidential minutes is edited and printed by a 机要 account only
        content = has and (not m.confidential or self.detail.ctx.user.can("classified"))
        for name in (
            "editMinutes",
            "recordObjection",
            "settleObjection",
            "previewMinutes",
            "correctMinutes",
        ):
            self.buttons[name].setEnabled(content)
        for name in (
            "advanceMinutes",
            "signMinutes",
            "issueMinutes",
            "publishMinutes",
        ):
            self.buttons[name].setEnabled(has)

    def draft(self) -> FormDialog:
        """R23.7.2: the 常务秘书 drafts; none chosen: the day's 常务秘书."""
        db, day = self.detail.ctx.db, self.detail.meeting.day
        return self.detail._form(
            "生成纪要草稿",
            [
                FieldSpec(
                    "drafter_id", "起草人（常务秘书；不选则为当日常务秘书）", "combo", lazy=True
                ),
                FieldSpec("drafted_on", "起草日期", "date"),
            ],
            lambda v: minutes.draft_minutes(
                self.detail.ctx.db,
                self.detail.ctx.user,
                self.detail._id(),
                drafter_id=v["drafter_id"],
                drafted_on=v["drafted_on"],
            ),
            "draftMinutesDialog",
            {"drafted_on": day},
            lambda: {"drafter_id": people_for(db, ("draft",), day)},
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
                FieldSpec(
                    "kind", "类别", "combo", [(k, k) for k in minutes_issue.CORRECTION_KINDS]
                ),
                FieldSpec("text", "内容", "multiline"),
            ],
            lambda v: minutes_issue.correct_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["kind"], v["text"]
            ),
            "correctMinutesDialog",
        )

    def publish(self) -> None:
        m = self.current()
        act(
            self,
            lambda: minutes_issue.set_published(
                self.detail.ctx.db, self.detail.ctx.user, m.id, True, m.version
            ),
            self.detail._done,
        )

    def advance(self) -> FormDialog:
        """R23.7.2: 法制办合法性审查 by a person of 法制办公室, 常务副市长审核 by the day's 常务副市长
        (none chosen: the office's head / the day's 常务副市长)."""
        m = self.current()
        db, today = self.detail.ctx.db, self.detail.ctx.today()
        states = [(s, minutes.STATE_NAMES[s]) for s in ("comments", "legal", "exec_review")]
        return self.detail._form(
            "纪要进入下一环节",
            [
                FieldSpec("to", "环节", "combo", states),
                FieldSpec("on", "日期", "date"),
                FieldSpec("by", "审查／审核人（法制办公室人员；常务副市长）", "combo", lazy=True),
            ],
            lambda v: minutes_review.advance_minutes(
                self.detail.ctx.db,
                self.detail.ctx.user,
                m.id,
                v["to"],
                v["on"],
                m.version,
                by_person_id=v["by"],
            ),
            "advanceMinutesDialog",
            pick_lists=lambda: {"by": people_for(db, ("legal", "exec_review"), today)},
        )

    def objection(self) -> FormDialog:
        """R29.4: an objection raised at the meeting or before issue — who, what, how settled."""
        m = self.current()
        db = self.detail.ctx.db
        return self.detail._form(
            "记录不同意见（第二十九条：纪要发出前提出）",
            [
                FieldSpec("unit_id", "提出单位", "combo", lazy=True),
                FieldSpec("person_id", "提出人", "combo", lazy=True),
                FieldSpec("raised_on", "提出日期", "date"),
                FieldSpec("what", "不同意见", "multiline"),
                FieldSpec("how", "处理结果（可稍后记录）", "multiline"),
            ],
            lambda v: minutes_review.record_objection(
                db,
                self.detail.ctx.user,
                m.id,
                what=v["what"],
                raised_on=v["raised_on"],
                unit_id=v["unit_id"],
                person_id=v["person_id"],
                how=v["how"],
                expected_version=m.version,
            ),
            "objectionDialog",
            pick_lists=lambda: {
                "unit_id": choices.units(db),
                "person_id": choices.persons(db, m.meeting_day),
            },
        )

    def settle(self) -> FormDialog:
        """R29.4: how an objection was settled."""
        m = self.current()
        options = [(i, f"{o.who}：{o.what}") for i, o in enumerate(m.objections) if not o.how]
        return self.detail._form(
            "记录不同意见的处理结果",
            [
                FieldSpec("index", "不同意见", "combo", [choices.NONE, *options]),
                FieldSpec("how", "处理结果", "multiline"),
            ],
            lambda v: minutes_review.settle_objection(
                self.detail.ctx.db,
                self.detail.ctx.user,
                m.id,
                -1 if v["index"] is None else v["index"],
                v["how"],
                m.version,
            ),
            "settleObjectionDialog",
        )

    def sign(self) -> FormDialog:
        """R29.1: the mayor (proposed), the executive vice mayor and the meeting's presider on
        the day of signing are offered first; everyone else behind 「显示全部」."""
        m = self.current()
        db, today = self.detail.ctx.db, self.detail.ctx.today()
        meeting = self.detail.meeting
        presider = ((meeting.presider_id, "会议主持人"),) if meeting and meeting.presider_id else ()

        def signers(day) -> dict:
            posts = ("mayor", "exec_vice_mayor")
            return {"signer_id": choices.qualified(db, day, posts, "mayor", extra=presider)}

        dialog = self.detail._form(
            "记录纪要签发",
            [
                FieldSpec("signer_id", "签发人", "combo", lazy=True, required=True),
                FieldSpec("on", "签发日期", "date"),
            ],
            lambda v: minutes_issue.sign_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["signer_id"], v["on"], m.version
            ),
            "signMinutesDialog",
            {"on": today},
            pick_lists=lambda: signers(today),
        )
        follow_date(dialog, "on", signers)
        return dialog

    def issue(self) -> FormDialog:
        m = self.current()
        return self.detail._form(
            "印发纪要",
            [FieldSpec("on", "印发日期", "date")],
            lambda v: minutes_issue.issue_minutes(
                self.detail.ctx.db, self.detail.ctx.user, m.id, v["on"], m.version
            ),
            "issueMinutesDialog",
        )

    def preview(self) -> FormDialog | None:
        """The printed minutes in the preview; confidential ones (R44) ask their 份数 first and
        carry a 份号 per copy (the dialog is returned)."""
        m = self.current()
        db, user = self.detail.ctx.db, self.detail.ctx.user
        title = m.meeting_title + "纪要"
        if m.confidential:
            return preview_copies(
                self, lambda copies: minutes.minutes_pdf(db, m.id, user=user, copies=copies), title
            )
        preview_pdf(self, lambda: minutes.minutes_pdf(db, m.id, user=user), title)
        return None

    # --- decisions -------------------------------------------------------------------------


def state_text(m: Any) -> str:
    """The tab's summary: step, who took each step (R23.7.2), the comment step's outcome with the
    units that agreed (R29.4), the attendance lines and the opening."""
    state = minutes.STATE_NAMES.get(m.state, m.state)
    lines = [f"纪要 {m.issue_text}　当前环节：{state}"]
    hands = [
        (label, name)
        for label, name in (
            ("起草（常务秘书）", m.drafter_name),
            ("合法性审查", m.legal_reviewer_name),
            ("常务副市长审核", m.exec_reviewer_name),
            ("签发", m.signer_name),
        )
        if name
    ]
    if hands:
        lines.append("　".join(f"{label}：{name}" for label, name in hands))
    if m.comment_summary and m.state != "draft":
        lines.append("征求意见：" + "；".join(m.comment_summary))
    for label, names in (("出席", m.present), ("请假", m.on_leave), ("列席", m.attending)):
        if names:
            lines.append(f"{label}：{'、'.join(names)}")
    return "\n".join(lines) + f"\n\n{m.opening}"


def sections_of(text: str) -> list[tuple[str, list[str]]]:
    """「标题\n段落\n段落\n\n标题\n段落」 → [(标题, [段落, 段落]), (标题, [段落])]."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    out = []
    for block in blocks:
        heading, *paragraphs = [line.strip() for line in block.split("\n") if line.strip()]
        out.append((heading, paragraphs))
    return out
