"""公文: the 收文 and 发文 registers (R32–R44, R16, R18, R49, NUM), each with the selected
record's detail and the actions its state allows, and the printed registers."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout

from ui.panes.base import Pane
from ui.panes.documents_incoming import IncomingTab
from ui.panes.documents_outgoing import OutgoingTab
from ui.panes.documents_releases import ReleasesTab


class DocumentsPane(Pane):
    title = "公文"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.setObjectName("documentsPane")
        self.incoming = IncomingTab(ctx)
        self.tabs = QTabWidget(objectName="documentTabs")
        self.tabs.addTab(self.incoming, "收文")
        self.outgoing = OutgoingTab(ctx)
        self.tabs.addTab(self.outgoing, "发文")
        self.releases = ReleasesTab(ctx)  # 新闻发言人发布 (R52)
        self.tabs.addTab(self.releases, "新闻发布")
        self.tabs.currentChanged.connect(lambda _i: self.activate())
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def activate(self) -> None:
        current = self.tabs.currentWidget()
        if current is not None and hasattr(current, "reload"):
            current.reload()

    def open_record(self, ref_kind: str, ref_id) -> None:
        if ref_kind == "incoming" and ref_id is not None:
            self.tabs.setCurrentWidget(self.incoming)
            self.incoming.open_document(ref_id)
        elif ref_kind == "outgoing" and ref_id is not None:
            self.tabs.setCurrentWidget(self.outgoing)
            self.outgoing.open_document(ref_id)
        elif ref_kind == "release" and ref_id is not None:
            self.tabs.setCurrentWidget(self.releases)
            self.releases.open_release(ref_id)
