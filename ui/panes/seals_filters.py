"""Filters shared by the 用印 tabs: seal, unit, and a period (from … to …)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.services import seals
from desktop_app.services.directory import commands as directory
from ui import operations
from ui.widgets.form_fields import date_edit


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PeriodFilter(QWidget):
    """「期间 [from] 至 [to]」; optional (a tick turns it on) or always on (the register)."""

    changed = Signal()

    def __init__(self, start: date, end: date, optional: bool, name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.enabled = QCheckBox("期间", objectName=f"{name}On")
        self.enabled.setVisible(optional)
        self.enabled.setChecked(not optional)
        self.from_edit, self.to_edit = date_edit(), date_edit()
        self.from_edit.setObjectName(f"{name}From")
        self.to_edit.setObjectName(f"{name}To")
        self.set_range(start, end)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if not optional:
            layout.addWidget(QLabel("期间"))
        layout.addWidget(self.enabled)
        layout.addWidget(self.from_edit)
        layout.addWidget(QLabel("至"))
        layout.addWidget(self.to_edit)
        self._sync()
        self.enabled.toggled.connect(lambda _on: (self._sync(), self.changed.emit()))
        self.from_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.to_edit.dateChanged.connect(lambda _d: self.changed.emit())

    def _sync(self) -> None:
        for edit in (self.from_edit, self.to_edit):
            edit.setEnabled(self.enabled.isChecked())

    def set_range(self, start: date, end: date) -> None:
        self.from_edit.setDate(_qdate(start))
        self.to_edit.setDate(_qdate(end))

    def start(self) -> date | None:
        return self.from_edit.date().toPython() if self.enabled.isChecked() else None

    def end(self) -> date | None:
        return self.to_edit.date().toPython() if self.enabled.isChecked() else None

    def text(self) -> str:
        s, e = self.start(), self.end()
        return f"{s.isoformat()} 至 {e.isoformat()}" if s and e else "全部期间"


def fill_seals(combo: QComboBox, db) -> None:
    """Every seal of the catalogue (destroyed ones too: their history stays searchable), read
    through the operation runner; keeps the current choice."""
    operations.run(
        lambda: [
            (s.name if s.usable else f"{s.name}（{s.status_name}）", s.id)
            for s in seals.list_seals(db)
        ],
        lambda items: _refill(combo, "全部印章", items),
        parent=combo,
        title="读取失败",
    )


def fill_units(combo: QComboBox, db) -> None:
    operations.run(
        lambda: [(u.name, u.id) for u in directory.list_units(db)],
        lambda items: _refill(combo, "全部单位", items),
        parent=combo,
        title="读取失败",
    )


def _refill(combo: QComboBox, all_label: str, items: list[tuple[str, int]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)  # the same choice stays: no reload of the register
    combo.clear()
    combo.addItem(all_label, None)
    for label, value in items:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
