"""工作日历 (CAL1): where each year's working days come from, and the holiday notices an
administrator entered (typed from the State Council's notice, or imported from a text file)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.system import calendar_admin
from desktop_app.services.system.common import ValidationError
from desktop_app.workdays import WorkCalendar, parse_notice_text
from ui import operations
from ui.context import AppContext
from ui.errors import show_error
from ui.panes.settings_common import BAD_COLOR, OK_COLOR, keep_service_order
from ui.widgets.table import Column, RegisterView

SOURCE_TEXT = {
    "notice": "已录入放假通知",
    "library": "内置日历数据",
    "weekends": "暂按周末计算（尚无放假安排，请管理员录入国务院办公厅的放假通知）",
}
HOLIDAYS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
FORMAT_HELP = (
    "每行一项：「年份: 2027」写一次；「休: 开始日期 至 结束日期 节日名称」为放假"
    "（只放一天写一个日期）；「班: 日期」为调休上班日。以 # 开头的行是说明，不保存。"
)


def notice_template(year: int) -> str:
    """A notice to complete: every 「__」 must be replaced with the date from the notice."""
    lines = [
        f"# {year}年部分节假日安排（请对照国务院办公厅放假通知填写，把 __ 换成日期）",
        "# 只放一天的节日删去“至 …”；没有调休上班的删去“班:”行。",
        f"年份: {year}",
    ]
    lines += [f"休: {year}-__-__ 至 {year}-__-__ {name}" for name in HOLIDAYS]
    lines += [f"班: {year}-__-__", f"班: {year}-__-__"]
    return "\n".join(lines) + "\n"


def check_template_filled(text: str) -> None:
    """Refuse a template still holding 「__」 placeholders, naming the first such line."""
    for no, line in enumerate(text.splitlines(), 1):
        if "__" in line and not line.strip().startswith("#"):
            raise ValidationError(f"第{no}行：请按放假通知把 __ 换成日期；不需要的行请删去。")


class NoticeDialog(QDialog):
    """The notice text in an editor; a parse error (with its line number) keeps it open."""

    def __init__(self, title: str, text: str, save: Callable[[str], Any], parent=None):
        super().__init__(parent)
        self.setObjectName("noticeDialog")
        self.setWindowTitle(title)
        self.resize(640, 480)
        self.save_fn = save
        self.result_value: Any = None
        self.saving: operations.Operation | None = None
        self.editor = QPlainTextEdit(objectName="noticeText")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setPlainText(text)
        help_label = QLabel(FORMAT_HELP, wordWrap=True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)

    def try_save(self) -> operations.Operation:
        """Check and save off the GUI thread; a refusal is shown and the text stays."""
        if self.saving is not None and not self.saving.done:
            return self.saving
        text, save = self.editor.toPlainText(), self.save_fn

        def check_and_save() -> Any:
            check_template_filled(text)
            return save(text)

        self.saving = operations.run(
            check_and_save,
            self._saved,
            lambda exc: show_error(self, exc, "未保存"),
            parent=self,
            title="未保存",
        )
        return self.saving

    def _saved(self, result: Any) -> None:
        self.result_value = result
        self.accept()

    def reject(self) -> None:
        if self.saving is not None and not self.saving.done:
            return  # a save on its way to the database is not withdrawn
        super().reject()


class CalendarWidget(QWidget):
    status_loaded = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("calendarSettings")
        self.ctx = ctx
        self.sources: dict[int, str] = {}
        self._pending_year: int | None = None
        self._loading = False
        self.status = QLabel(objectName="calendarStatus", wordWrap=True)
        columns = [
            Column("年份", lambda n: n.year, 80),
            Column("假期段数", lambda n: n.holidays, 90),
            Column("调休上班日数", lambda n: n.workdays, 110),
            Column("录入人", lambda n: n.updated_by),
        ]
        self.view = RegisterView(
            "notices", columns, lambda _v: calendar_admin.list_notices(ctx.db), voidable=False
        )
        keep_service_order(self.view)
        self.view.loaded.connect(self._list_loaded)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        if ctx.user.can("admin"):
            self.view.add_action("录入放假安排", self.new_notice, "newNotice")
            self.view.add_action("修改", self.edit_notice, "editNotice", needs_row=True)
            self.view.add_action("导入文件…", self.choose_file, "importNotice")
            self.view.table.doubleClicked.connect(lambda _i: self.edit_notice())
        else:
            layout.addWidget(QLabel("只有管理员可以录入放假安排。", objectName="calendarNote"))

    # --- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        self._loading = True
        self.view.reload()
        db = self.ctx.db
        operations.run(
            lambda: calendar_admin.work_calendar(db),
            self._show_status,
            lambda exc: show_error(self, exc, "读取失败"),
            parent=self,
        )

    def _show_status(self, cal: WorkCalendar) -> None:
        this_year = self.ctx.today().year
        self.sources = {y: cal.source(y) for y in (this_year, this_year + 1)}
        lines = []
        for year, source in self.sources.items():
            color = BAD_COLOR if source == "weekends" else OK_COLOR
            lines.append(
                f"<b>{year}年</b>：<span style='color:{color}'>{SOURCE_TEXT[source]}</span>"
            )
        self.status.setText("<br>".join(lines))
        self.status_loaded.emit()

    def show_year(self, year: int | None) -> None:
        """Select the year's notice (from a dashboard reminder), after a load in progress."""
        self._pending_year = year
        if not self._loading:
            self._select_pending()

    def _list_loaded(self) -> None:
        self._loading = False
        self._select_pending()

    def _select_pending(self) -> None:
        year, self._pending_year = self._pending_year, None
        if year is not None:
            self.view.select_where(lambda n: n.year == year)

    def _changed(self, _result=None) -> None:
        self.reload()
        self.ctx.data_changed.emit("设置")  # the dashboard's CAL1 reminder depends on it

    # --- actions --------------------------------------------------------------------------

    def _open(self, dialog: NoticeDialog) -> NoticeDialog:
        dialog.accepted.connect(self._changed)
        dialog.open()
        return dialog

    def new_notice(self) -> NoticeDialog:
        year = self.ctx.today().year + 1
        db, user = self.ctx.db, self.ctx.user
        return self._open(
            NoticeDialog(
                "录入放假安排",
                notice_template(year),
                lambda text: calendar_admin.save_notice(db, user, text),
                self,
            )
        )

    def edit_notice(self) -> NoticeDialog | None:
        notice = self.view.current()
        if notice is None:
            return None
        db, user = self.ctx.db, self.ctx.user
        return self._open(
            NoticeDialog(
                f"修改{notice.year}年放假安排",
                notice.text,
                # the row opened, by id: its text may name another year (save_notice)
                lambda text: calendar_admin.save_notice(
                    db, user, text, notice.version, record_id=notice.id
                ),
                self,
            )
        )

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "导入放假安排", "", "文本文件 (*.txt);;所有文件 (*)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> operations.Operation | None:
        """Import a notice file as an operation (None: the clerk kept the year entered)."""
        replace = False
        year = _file_year(path)
        if year is not None and any(n.year == year for n in self.view.model.rows):
            answer = QMessageBox.question(
                self, "导入放假安排", f"{year}年的放假安排已录入。用文件中的内容替换吗？"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            replace = True
        db, user = self.ctx.db, self.ctx.user
        # parse errors name the line; nothing was saved
        return operations.run(
            lambda: calendar_admin.import_notice_file(db, user, path, replace),
            lambda _r: self._changed(),
            parent=self,
            title="未导入",
        )


def _file_year(path: Path) -> int | None:
    """The year a notice file is for; None if unreadable (the import then says why)."""
    try:
        return parse_notice_text(path.read_text(encoding="utf-8-sig")).year
    except (OSError, ValueError):
        return None
