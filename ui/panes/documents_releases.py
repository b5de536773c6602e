"""新闻发布 tab (R52): the register of the government spokesperson's releases — new, change
before approval, the approval (by the 常务副市长, or the 市长 when the release concerns important
matters: derived from the post held on the day and shown, not chosen), marked released only
after it, and void."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.services.documents import releases
from ui.context import AppContext
from ui.panes.documents_common import AREA, StateButtons
from ui.widgets.form import FormDialog, open_form
from ui.widgets.form_fields import FieldSpec
from ui.widgets.live_hint import LiveHint
from ui.widgets.table import Column, RegisterView

INTRO = (
    "市政府新闻发言人发布新闻，须经常务副市长批准，涉及重要事项须报市长批准；"
    "批准后方可登记发布（第五十二条）。"
)


class ReleasesTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("releasesTab")
        self.ctx = ctx
        self.view = RegisterView("releases", self._columns(), self._fetch)
        self.state = StateButtons(self.view, ctx.user.can("records"))
        self.buttons: dict[str, Any] = {}
        v, s = self.view, self.state
        self.buttons["newRelease"] = v.add_action("登记新闻发布…", self.new, "newRelease")
        self.buttons["newRelease"].setEnabled(s.may_edit)
        for text, slot, name, allowed in (
            ("修改…", self.edit, "editRelease", ("draft",)),
            ("登记批准…", self.approve, "approveRelease", ("draft",)),
            ("登记发布…", self.release, "markReleased", ("approved",)),
            ("作废…", self.void, "voidRelease", tuple(releases.STATUS_NAMES)),
        ):
            button = v.add_action(text, slot, name, needs_row=True)
            s.add(button, lambda row, allowed=allowed: row.status in allowed)
            self.buttons[name] = button
        note = QLabel(INTRO, objectName="releasesIntro")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(note)
        layout.addWidget(self.view, 1)

    def _columns(self) -> list[Column]:
        return [
            Column("拟发布日期", lambda x: x.planned_on, 100),
            Column("标题", lambda x: x.title, 240),
            Column("重要事项", lambda x: "是" if x.important else "", 70),
            Column("须经", lambda x: x.needs, 80),
            Column("状态", lambda x: x.status_name, 70),
            Column("批准", lambda x: x.approval_text, 220),
            Column("发布日期", lambda x: x.released_on, 100),
            Column("发布渠道", lambda x: x.channel, 100),
            Column("内容要点", lambda x: x.topic),
        ]

    def _fetch(self, include_voided: bool) -> list[releases.ReleaseDTO]:
        return releases.list_releases(self.ctx.db, include_voided)

    def current(self) -> releases.ReleaseDTO | None:
        return self.view.current()

    def reload(self) -> None:
        self.view.reload()

    def changed(self, _result: Any = None) -> None:
        self.view.reload()
        self.ctx.data_changed.emit(AREA)

    def open_release(self, release_id: int) -> None:
        def select() -> None:
            self.view.loaded.disconnect(select)
            self.view.select_where(lambda x: x.id == release_id)

        self.view.loaded.connect(select)
        self.view.reload()

    def _open(self, title, fields, save, name, values=None, intro="") -> FormDialog:
        return open_form(self, title, fields, save, name, values, self.changed, intro)

    # --- dialogs ------------------------------------------------------------------------------
    @staticmethod
    def _fields() -> list[FieldSpec]:
        return [
            FieldSpec("title", "发布标题"),
            FieldSpec("planned_on", "拟发布日期", "date"),
            FieldSpec("important", "涉及重要事项（须报市长批准）", "check"),
            FieldSpec(
                "channel",
                "发布渠道",
                help="新闻发布会、政府门户网站、政务微信、政务微博等（第五十三条）",
            ),
            FieldSpec("topic", "内容要点", "multiline"),
        ]

    def new(self) -> FormDialog:
        db, user = self.ctx.db, self.ctx.user
        return self._open(
            "登记新闻发布",
            self._fields(),
            lambda v: releases.create_release(db, user, **v),
            "newReleaseDialog",
            {"planned_on": self.ctx.today()},
            INTRO,
        )

    def edit(self) -> FormDialog:
        x = self.current()
        return self._open(
            f"修改：{x.title}",
            self._fields(),
            lambda v: releases.update_release(
                self.ctx.db, self.ctx.user, x.id, expected_version=x.version, **v
            ),
            "editReleaseDialog",
            {
                "title": x.title,
                "planned_on": x.planned_on,
                "important": x.important,
                "channel": x.channel,
                "topic": x.topic,
            },
            INTRO,
        )

    def approve(self) -> FormDialog:
        """The approver is the holder of the post the release needs on the day of approval:
        shown for the clerk to confirm, never chosen."""
        x, db = self.current(), self.ctx.db
        dialog = self._open(
            f"登记批准：{x.title}",
            [
                FieldSpec("approved_on", "批准日期", "date"),
                FieldSpec("note", "批示意见", "multiline"),
            ],
            lambda v: releases.approve_release(
                db,
                self.ctx.user,
                x.id,
                approved_on=v["approved_on"],
                note=v["note"],
                expected_version=x.version,
            ),
            "approveReleaseDialog",
            {"approved_on": self.ctx.today()},
            f"本条{'涉及重要事项，须报市长批准' if x.important else '须经常务副市长批准'}（第五十二条）。",
        )
        who = QLabel(objectName="releaseApprover")
        who.setWordWrap(True)
        dialog.add_below_fields(who)

        def put(a) -> None:
            who.setText(
                f"批准人：{a.post_title}{a.name}"
                if a.name
                else f"批准人：该日没有{a.post_title}任职记录，请先在「人员与分管 → 任职」登记。"
            )

        hint = LiveHint(who, put)
        dialog.approver_hint = hint

        def show() -> None:
            day, important = dialog.widgets["approved_on"].date().toPython(), x.important
            hint.request(lambda: releases.expected_approver(db, important, day))

        dialog.widgets["approved_on"].dateChanged.connect(lambda _d: show())
        show()
        dialog.approver = who
        return dialog

    def release(self) -> FormDialog:
        x = self.current()
        return self._open(
            f"登记发布：{x.title}",
            [FieldSpec("released_on", "发布日期", "date")],
            lambda v: releases.mark_released(
                self.ctx.db,
                self.ctx.user,
                x.id,
                released_on=v["released_on"],
                expected_version=x.version,
            ),
            "markReleasedDialog",
            {"released_on": max(self.ctx.today(), x.approved_on or self.ctx.today())},
            f"已由{x.approval_text}。",
        )

    def void(self) -> FormDialog:
        x = self.current()
        return self._open(
            f"作废：{x.title}",
            [FieldSpec("reason", "作废原因", "multiline")],
            lambda v: releases.void_release(
                self.ctx.db, self.ctx.user, x.id, v["reason"], x.version
            ),
            "voidReleaseDialog",
            intro="登记簿不删除记录：作废的新闻发布保留在登记簿中并注明原因。",
        )
