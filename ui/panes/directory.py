"""人员与分管: the dated directory (R4, R6.1–R6.3). Six registers — persons, units, 任职, 分管,
AB角, 委托 — described in directory_forms.TABS, plus 按日查询: who held what on a given day."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from db.errors import StaleRecordError
from desktop_app.services.directory import commands as directory
from desktop_app.services.directory.commands import DayView
from ui import operations
from ui.context import AppContext
from ui.errors import show_error
from ui.panes.base import Pane
from ui.panes.directory_forms import (
    TABS,
    Choices,
    TabSpec,
    leader_lists,
    load_choices,
    new_values,
)
from ui.panes.directory_hints import StandingGapsHint
from ui.widgets.form import FormDialog
from ui.widgets.form_fields import FieldSpec, date_edit
from ui.widgets.short_list import follow_date
from ui.widgets.table import Column, DtoTableModel, RegisterView, voided

AREA = "人员与分管"
OPEN_TABS = {"person": "persons", "unit": "units", "post": "appointments"}  # open_record kinds

LEADER_COLUMNS = [
    Column("姓名", lambda r: r.name, 100),
    Column("职务", lambda r: r.title, 120),
    Column("分管", lambda r: r.portfolio),
    Column("AB角", lambda r: r.ab_partner, 100),
]


W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str) -> W:
    """Give a widget the stable objectName tests and accessibility tools look for."""
    widget.setObjectName(object_name)
    return widget


class DayPanel(QWidget):
    """按日查询: the leadership, portfolios, AB pairs and entrustment on the chosen day."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("dayPanel")
        self.ctx = ctx
        self.picker = date_edit()
        self.picker.setObjectName("dayPicker")
        today = ctx.today()
        self.picker.setDate(QDate(today.year, today.month, today.day))
        self.picker.dateChanged.connect(lambda _d: self.reload())
        self.secretary = named(QLabel(), "daySecretary")
        self.mayor = named(QLabel(), "dayMayor")
        self.entrusted = named(QLabel(), "dayEntrusted")
        self.model = DtoTableModel(LEADER_COLUMNS, self)
        self.table = self._leader_table()

        top = QHBoxLayout()
        top.addWidget(QLabel("日期："))
        top.addWidget(self.picker)
        top.addStretch(1)
        facts = QFormLayout()
        facts.addRow("市委书记：", self.secretary)
        facts.addRow("市长：", self.mayor)
        facts.addRow("受委托（R6.3）：", self.entrusted)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(facts)
        layout.addWidget(QLabel("副市长（分管与AB角，R6.1、R6.2）："))
        layout.addWidget(self.table, 1)

    def _leader_table(self) -> QTableView:
        table = named(QTableView(), "dayLeaders")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        for i, col in enumerate(LEADER_COLUMNS):
            if col.width:
                table.setColumnWidth(i, col.width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        return table

    def day(self) -> date:
        d = self.picker.date()
        return date(d.year(), d.month(), d.day())

    def reload(self) -> None:
        day, db = self.day(), self.ctx.db
        operations.run(lambda: directory.day_view(db, day), self._show, self._failed, parent=self)

    def _show(self, view: DayView) -> None:
        if view.day != self.day():
            return  # the answer for a date the clerk has already left; a newer one is coming
        self.secretary.setText(view.party_secretary or "（无）")
        self.mayor.setText(view.mayor or "（无）")
        self.entrusted.setText(view.entrusted or "（无委托）")
        self.model.set_rows(view.leaders)
        self.table.resizeRowsToContents()
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc, "读取失败")
        self.loaded.emit()


class DirectoryPane(Pane):
    title = AREA

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("directoryPane")
        self.dialog: FormDialog | None = None  # the form last opened (kept for tests)
        # (view, record id, whether to look among voided rows too): selected after the next load
        self._pending: tuple[RegisterView, Any, bool] | None = None
        self.views: dict[str, RegisterView] = {}
        self.tabs = named(QTabWidget(), "directoryTabs")
        for spec in TABS:
            self.views[spec.key] = self._make_view(spec)
            self.tabs.addTab(self.views[spec.key], spec.title)
        self.day = DayPanel(ctx)
        self.tabs.addTab(self.day, "按日查询")
        self.tabs.currentChanged.connect(lambda _i: self.activate())

        layout = QVBoxLayout(self)
        layout.addWidget(
            named(
                QLabel(
                    "<b>人员与分管</b>　任职、分管、AB角和委托均按起止日期登记；"
                    "某日由谁任职、分管、代签，见「按日查询」。"
                ),
                "directoryHeading",
            )
        )
        if not ctx.user.can("records"):
            layout.addWidget(
                named(QLabel("当前账户只能查看，不能登记、修改或作废。"), "directoryReadOnly")
            )
        # Gaps true every day (no AB partner …): shown here once, not on the 工作台 daily.
        self.gaps = StandingGapsHint(ctx)
        layout.addWidget(self.gaps)
        self.gaps.reload()
        ctx.data_changed.connect(self.gaps.data_changed)
        layout.addWidget(self.tabs, 1)

    # --- tabs ----------------------------------------------------------------------------

    def _make_view(self, spec: TabSpec) -> RegisterView:
        db = self.ctx.db
        view = RegisterView(spec.key, spec.columns, lambda include: spec.fetch(db, include))
        # Start in the service's order (dated registers: newest first); a header click sorts.
        view.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if self.ctx.user.can("records"):  # the services refuse anyway; do not offer what fails
            view.add_action("新增", lambda: self._open_form(spec, None), f"{spec.key}_add")
            view.add_action("修改", lambda: self._edit(spec), f"{spec.key}_edit", needs_row=True)
            view.add_action("作废", lambda: self._void(spec), f"{spec.key}_void", needs_row=True)
            view.table.doubleClicked.connect(lambda _idx: self._edit(spec))
        view.loaded.connect(lambda: self._select_pending(view))
        return view

    def activate(self) -> None:
        current = self.tabs.currentWidget()
        if isinstance(current, RegisterView):
            current.reload()
        else:
            self.day.reload()

    def open_record(self, ref_kind: str, ref_id: int | None) -> None:
        key = OPEN_TABS.get(ref_kind)
        if key is None:
            return
        view = self.views[key]
        view.search.clear()
        self._pending = (view, ref_id, True) if ref_id is not None else None
        if self.tabs.currentWidget() is view:
            view.reload()
        else:
            self.tabs.setCurrentWidget(view)  # currentChanged → activate → reload

    def _select_pending(self, view: RegisterView) -> None:
        if self._pending is None or self._pending[0] is not view:
            return
        _view, ref_id, look_voided = self._pending
        found = view.select_where(lambda row: row.id == ref_id)
        if found or not look_voided or view.show_voided.isChecked():
            self._pending = None
        else:
            view.show_voided.setChecked(True)  # it may be voided: look again, including those

    # --- add / edit / void ---------------------------------------------------------------

    def _selected(self, spec: TabSpec) -> Any | None:
        row = self.views[spec.key].current()
        return None if row is None or voided(row) else row

    def _edit(self, spec: TabSpec) -> None:
        row = self._selected(spec)
        if row is not None:
            self._open_form(spec, row)

    def _open_form(self, spec: TabSpec, row: Any | None) -> None:
        """Read the pick lists (and the record's values) through the runner, then open the
        form; the pane is busy meanwhile."""
        db, today = self.ctx.db, self.ctx.today()

        def load() -> tuple[Choices, dict[str, Any] | None, dict[str, Any]]:
            values = spec.values(db, row) if row is not None else None
            day = (values or {}).get("start_date") or today
            return load_choices(db, today), values, leader_lists(db, spec, day)

        operations.run(
            load, lambda loaded: self._show_form(spec, row, *loaded), parent=self, title="读取失败"
        )

    def _show_form(
        self,
        spec: TabSpec,
        row: Any | None,
        found: Choices,
        values: dict[str, Any] | None,
        leaders: dict[str, Any],
    ) -> None:
        db, user = self.ctx.db, self.ctx.user
        fields = spec.fields(found)
        if row is None:
            values = new_values(spec, fields, self.ctx.today())
            lock: dict[str, Any] = {}
        else:
            lock = {"record_id": row.id, "expected_version": row.version}
        save = lambda form: spec.save(db, user, **form, **lock)  # noqa: E731
        title = f"{'修改' if row else '新增'}{spec.noun}"
        dialog = FormDialog(title, fields, save, values, self, object_name=spec.dialog)
        dialog.checks.extend(spec.checks)
        if leaders:
            # Who held the post on the 起始日期 first, read again when it changes.
            dialog.put_choices(leaders)
            follow_date(dialog, "start_date", lambda day: leader_lists(db, spec, day))
        self._show_dialog(spec, dialog)

    def _void(self, spec: TabSpec) -> None:
        row = self._selected(spec)
        if row is None:
            return
        db, user = self.ctx.db, self.ctx.user
        save = lambda form: directory.void(  # noqa: E731
            db, user, spec.kind, row.id, form["reason"], row.version
        )
        intro = (
            f"作废{spec.noun}「{spec.describe(row)}」。记录不会删除，勾选「显示已作废」仍可查看。"
        )
        fields = [FieldSpec("reason", "作废原因", "multiline", required=True)]
        dialog = FormDialog(
            f"作废{spec.noun}", fields, save, parent=self, object_name="voidDialog", intro=intro
        )
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).setText("作废")
        self._show_dialog(spec, dialog)

    def _reload_on_stale(self, spec: TabSpec, exc: BaseException) -> None:
        """A refused stale save also reloads the register, so the clerk sees the newer record."""
        if isinstance(exc, StaleRecordError):
            self.views[spec.key].reload()

    def _show_dialog(self, spec: TabSpec, dialog: FormDialog) -> None:
        if self.dialog is not None and not self.dialog.isVisible():
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.setMinimumWidth(440)
        dialog.accepted.connect(lambda: self._saved(spec, dialog.result_value))
        dialog.save_failed.connect(lambda exc: self._reload_on_stale(spec, exc))
        dialog.open()

    def _saved(self, spec: TabSpec, result: Any) -> None:
        view = self.views[spec.key]
        record_id = getattr(result, "id", None)
        self._pending = (view, record_id, False) if record_id is not None else None
        view.reload()
        self.ctx.data_changed.emit(AREA)
