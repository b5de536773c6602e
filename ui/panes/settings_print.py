"""设置 → 打印: which font file serves each role on this PC, per-PC overrides, and the specimen.

The per-PC font overrides live in the machine settings (settings.json → fonts); building the
specimen runs off the GUI thread (the first build registers the CJK fonts).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import config
from desktop_app.printing.fonts import ROLES, WANTED, resolve_role
from desktop_app.services.system.common import ValidationError
from ui import worker
from ui.errors import show_error

SOURCE_NAMES = {
    "configured": "本机设置指定",
    "windows": "Windows 字体",
    "bundled": "随软件附带",
    "system": "系统字体",
}


def resolution_text(role: str, configured: dict[str, str]) -> str:
    try:
        r = resolve_role(role, configured)
    except LookupError as exc:
        return str(exc)
    text = f"{r.path}（{SOURCE_NAMES[r.source]}）"
    return text + (f"　替代字体：未找到{WANTED.get(role, '')}" if r.fallback else "")


class PrintSettingsWidget(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("printSettings")
        self.edits: dict[str, QLineEdit] = {}
        self.resolved: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.addWidget(QLabel("<b>字体角色</b>"), 0, 0)
        grid.addWidget(QLabel("<b>本机指定的字体文件（留空＝自动）</b>"), 0, 1)
        grid.addWidget(QLabel("<b>当前使用</b>"), 0, 3)
        for row, (role, (name, _c)) in enumerate(ROLES.items(), start=1):
            edit = QLineEdit(objectName=f"font_{role}")
            browse = QPushButton("浏览…")
            browse.clicked.connect(lambda _=False, r=role: self._browse(r))
            label = QLabel(objectName=f"resolved_{role}")
            label.setWordWrap(True)
            self.edits[role], self.resolved[role] = edit, label
            grid.addWidget(QLabel(name), row, 0)
            grid.addWidget(edit, row, 1)
            grid.addWidget(browse, row, 2)
            grid.addWidget(label, row, 3)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 3)
        save = QPushButton("保存字体设置", objectName="saveFonts")
        save.clicked.connect(self.save)
        sample = QPushButton("预览样张…", objectName="previewSample")
        sample.clicked.connect(self.preview_sample)
        self.note = QLabel(objectName="printNote")
        self.note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(sample)
        buttons.addStretch(1)
        intro = QLabel(
            "打印的公文、纪要和登记簿均嵌入字体。每种字体依次查找：本机指定的文件 → "
            "Windows 字体文件夹 → 随软件附带的字体 → 系统字体；只能使用 TrueType 字体。"
            "「预览样张」可检查本机字体和打印机。"
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.preview = None
        self.refresh()

    def refresh(self) -> None:
        configured = config.load().fonts
        for role, edit in self.edits.items():
            edit.setText(configured.get(role, ""))
            self.resolved[role].setText(resolution_text(role, configured))

    def overrides(self) -> dict[str, str]:
        return {role: e.text().strip() for role, e in self.edits.items() if e.text().strip()}

    def _browse(self, role: str) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, "选择字体文件", "", "TrueType 字体 (*.ttf *.ttc *.TTF *.TTC)"
        )
        if path:
            self.edits[role].setText(path)

    def save(self) -> bool:
        from desktop_app.printing.fonts import is_truetype

        for role, path in self.overrides().items():
            if not Path(path).is_file() or not is_truetype(Path(path)):
                show_error(
                    self,
                    ValidationError(
                        f"「{ROLES[role][0]}」的文件不存在或不是 TrueType 字体（.ttf/.ttc）：{path}"
                    ),
                    "未保存",
                )
                return False
        settings = config.load()
        settings.fonts = self.overrides()
        config.save(settings)
        self.refresh()
        self.note.setText("字体设置已保存，下次生成的打印文件即按此使用。")
        return True

    def preview_sample(self) -> None:
        fonts = config.load().fonts
        self.note.setText("正在生成样张…")

        def build():
            from desktop_app.printing.fonts import load_fonts
            from desktop_app.printing.minutes import build_minutes_pdf
            from desktop_app.printing.sample import sample_minutes

            return build_minutes_pdf(sample_minutes(), load_fonts(fonts))

        worker.run(build, self._show_sample, lambda exc: show_error(self, exc, "无法生成样张"))

    def _show_sample(self, result) -> None:
        from ui.print_preview import PrintPreview

        self.note.setText(f"样张共 {result.pages} 页。")
        self.preview = PrintPreview(result.pdf, "纪要样张", "纪要样张.pdf", result.notes, self)
        self.preview.show()
