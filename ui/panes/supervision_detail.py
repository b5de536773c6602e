"""The 督办 pane's detail: one item with its approval steps and written reports, and the files
attached to the reports — opened with the program Windows associates with them, or saved where
the clerk chooses. The file is read through the operation runner, never on the GUI thread."""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QTextBrowser

from desktop_app.formatting import format_date
from desktop_app.services.supervision import queries
from ui import operations
from ui.widgets import export as export_file

OPEN, SAVE = "open", "save"  # link schemes of the attachment links: open:<report id>


def detail_html(item, reports, chain_steps=()) -> str:
    def row(label: str, value) -> str:
        text = format_date(value) if hasattr(value, "isoformat") else (value or "")
        return f"<tr><td><b>{label}</b></td><td>{text}</td></tr>" if text else ""

    deadline = item.deadline_text
    if item.deadline_provisional:
        deadline += (
            "：按工作日计算，所跨年度的放假安排尚未录入（第五十九条），"
            "请在「设置 → 工作日历」录入该年放假通知后核对"
        )
    lines = [
        row("来源", item.source_text),
        row(
            "批示",
            f"{item.instruction_by} {format_date(item.instruction_on)}"
            if item.instruction_by
            else "",
        ),
        row("督办内容", item.content),
        row("责任单位", item.unit_name),
        row("责任人", item.responsible_person),
        row("协办单位", item.assisting_units),
        row("分管副市长", item.vice_mayor_name),
        row("质量要求", item.quality),
        row("交办日期", item.assigned_on),
        row("完成时限", deadline),
        row("状态", item.status_text),
        row("办结日期", item.closed_on),
        row("办结依据", item.evidence),
        row(
            "提交协调",
            f"{item.escalated_to} {format_date(item.escalated_on)}：{item.escalation_reason}"
            if item.escalated_to
            else "",
        ),
        row("作废原因", item.void_reason),
        row("导入", escape(getattr(item, "imported_from", ""))),
    ]
    reps = "".join(
        f"<li>{format_date(r.received_on)}（{r.direction_text}）：{r.text}"
        + _attachment(r)
        + "</li>"
        for r in reports
    )
    signed = "".join(
        f"<li>{s.title}：{s.signer_name}（{s.capacity}）{format_date(s.signed_on)}"
        + (f"　{s.opinion}" if s.opinion else "")
        + "</li>"
        for s in chain_steps
    )
    return (
        f"<h3>{item.title}</h3><table>{''.join(lines)}</table>"
        + (f"<h4>审批环节</h4><ul>{signed}</ul>" if signed else "")
        + f"<h4>书面反馈（{len(reports)}）</h4><ul>{reps or '<li>尚无</li>'}</ul>"
    )


def _attachment(r) -> str:
    if not r.attachment_name:
        return ""
    text = escape(r.attachment_text)
    if not r.has_file:
        return f"　附件：{text}"
    return f'　附件：<a href="{OPEN}:{r.id}">{text}</a>　<a href="{SAVE}:{r.id}">另存为…</a>'


class AttachmentLinks:
    """Makes the detail browser's attachment links open or save the stored file; the file is read
    and written on the runner's worker."""

    def __init__(self, browser: QTextBrowser, ctx):
        self.browser, self.ctx = browser, ctx
        self.names: dict[int, str] = {}  # report id → attachment name, of the item shown
        browser.setOpenLinks(False)
        browser.anchorClicked.connect(self.clicked)

    def show(self, reports) -> None:
        self.names = {r.id: r.attachment_name for r in reports if r.has_file}

    def clicked(self, url: QUrl) -> None:
        action, _sep, report_id = url.toString().partition(":")
        if action in (OPEN, SAVE) and report_id.isdigit():
            (self.open if action == OPEN else self.save)(int(report_id))

    def _copy(self, report_id: int, target, then=None) -> None:
        """Read the file and write it to `target(stored)` on the worker; `then(path)` after."""
        db, user = self.ctx.db, self.ctx.user

        def copy() -> Path:
            stored = queries.report_attachment(db, report_id, user=user)
            path = target(stored)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(stored.content)
            return path

        operations.run(copy, then, parent=self.browser, title="无法读取附件")

    def open(self, report_id: int) -> None:
        """A copy in the temporary folder, opened with the program the file type is set to."""
        self._copy(
            report_id,
            lambda stored: (
                Path(tempfile.gettempdir())
                / "fuban-attachments"
                / stored.sha256[:16]
                / safe_name(stored.filename)
            ),
            lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))),
        )

    def save(self, report_id: int) -> None:
        name = safe_name(self.names.get(report_id, ""))
        start = str(export_file.start_folder() / name)  # 文档, not the program's folder
        path, _f = QFileDialog.getSaveFileName(self.browser, "附件另存为", start, "所有文件 (*)")
        if path:
            export_file.remember_folder(Path(path).parent)
            self._copy(report_id, lambda _stored: Path(path))


def safe_name(name: str) -> str:
    """A file name Windows accepts: no folder parts, none of <>:"/\\|?* or control characters."""
    cleaned = "".join("_" if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name).strip(" .")
    return cleaned or "附件"
