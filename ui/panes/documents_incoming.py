"""收文 tab: the register with a status filter and a database search, the selected document's
detail, and the actions its state allows (R32–R36, R42, R43, R44)."""

from __future__ import annotations

from datetime import date

from desktop_app.rules import incoming as r
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from ui.context import AppContext
from ui.panes.documents_common import IndexHits, imported_mark, in_hit_order
from ui.panes.documents_detail import IncomingDetail
from ui.panes.documents_incoming_forms import IncomingForms
from ui.panes.documents_tab import RegisterTab
from ui.widgets.table import Column

# (filter value, label): the service's states, plus 已逾期 (a routed document past its deadline)
# and 作废 (voided records, normally hidden).
STATUS_FILTER = [
    ("", "全部状态"),
    ("registered", "待拟办"),
    ("proposed", "已拟办"),
    ("routed", "办理中"),
    ("overdue", "已逾期"),
    ("closed", "已办结"),
    ("returned", "已退文"),
    ("voided", "作废"),
]


def is_overdue(d: incoming.IncomingDTO, today: date) -> bool:
    return d.status == "routed" and d.deadline is not None and d.deadline < today


def register_rows(
    db,
    user,
    text: str,
    status: str,
    include_voided: bool,
    today: date,
    snippets: dict[int, str],
    limit: int,
    index: IndexHits | None = None,
) -> tuple[list[incoming.IncomingDTO], bool]:
    """The register rows for the filter and search text, at most `limit`, and whether there are
    more. 已逾期 and 作废 are narrowed here from the service's routed and voided-included pages.
    A search goes through the full-text index (which also reads opinions): one screen of hits,
    their records in the index's order, `snippets` filled with where each matched."""
    include = include_voided or status == "voided"
    service_status = {"overdue": "routed", "voided": ""}.get(status, status)
    index = index or IndexHits("incoming")
    screen = index.screen(db, user, text, include, limit) if text else None
    if screen is None:
        rows = incoming.list_documents(db, user, text, include, service_status, limit=limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
    else:
        hits, more = screen
        snippets.update(hits)
        rows = in_hit_order(
            incoming.list_documents(db, user, "", include, service_status, ids=list(hits)), hits
        )
    if status == "voided":
        rows = [d for d in rows if d.void_reason]
    elif status == "overdue":
        rows = [d for d in rows if is_overdue(d, today)]
    return rows, more


class IncomingTab(RegisterTab):
    def __init__(self, ctx: AppContext, parent=None):
        placeholder = "搜索标题、来文机关、文号、拟办和阅批意见…"
        super().__init__(ctx, "incoming", STATUS_FILTER, placeholder, parent)
        self.units: dict[int, str] = {}
        self.detail = IncomingDetail(ctx)
        self.forms = IncomingForms(self)
        self._build_actions()
        self._finish()

    def _columns(self) -> list[Column]:
        return [
            Column("收文号", lambda d: d.number, 115),
            Column("收文时间", lambda d: d.received_at, 125),
            Column("来文机关", lambda d: d.sender, 150),
            Column("来文字号", lambda d: d.sender_number, 130),
            Column("标题", lambda d: d.title, 260),
            Column("文种", lambda d: d.doc_type, 50),
            Column("性质", lambda d: r.NATURES.get(d.nature, d.nature), 60),
            Column("紧急", lambda d: d.urgency, 40),
            Column("密级", lambda d: d.secrecy, 40),
            Column("状态", self._status_text, 120),
            Column("呈送/承办", self._handler, 110),
            Column("办理时限", lambda d: d.deadline, 90),
            Column("提醒", lambda d: "；".join(d.flags), 200),
            Column("来源", imported_mark, 40),
            Column("匹配内容", lambda d: self.snippets.get(d.id, "")),
        ]

    def _status_text(self, d: incoming.IncomingDTO) -> str:
        return "办理中（已逾期）" if is_overdue(d, self.ctx.today()) else d.status_name

    def _handler(self, d: incoming.IncomingDTO) -> str:
        return d.leader_name or self.units.get(d.lead_unit_id or 0, "")

    def _build_actions(self) -> None:
        v, f, s = self.view, self.forms, self.state
        v.add_action("登记收文…", f.register, "registerIncoming").setEnabled(s.may_edit)
        states = (
            ("退文…", f.return_to_sender, "returnIncoming", ("registered", "proposed")),
            ("拟办意见…", f.propose, "proposeIncoming", ("registered", "proposed")),
            (
                "作为信息处理…",
                f.file_as_information,
                "fileIncomingAsInformation",
                ("registered", "proposed"),
            ),
            ("分送…", f.route, "routeIncoming", ("proposed", "routed")),
            ("阅批…", f.record_reading, "readIncoming", ("routed",)),
            ("催办…", f.chase, "chaseIncoming", ("routed",)),
            ("办结…", f.close, "closeIncoming", ("routed",)),
            ("作废…", f.void, "voidIncoming", tuple(incoming.STATUS_NAMES)),
        )
        self.buttons = {}
        for text, slot, name, allowed in states:
            button = v.add_action(text, slot, name, needs_row=True)
            s.add(button, lambda row, allowed=allowed: row.status in allowed)
            self.buttons[name] = button
        from desktop_app.services.documents import sheets
        from ui.panes.sheet_print import add_sheet_button

        add_sheet_button(
            v,
            self.ctx,
            "打印处理笺",
            "printIncomingSheet",
            sheets.incoming_sheet_pdf,
            lambda d: f"收文处理笺 {d.number}",
        )
        # R42: a bulletin's approval by 市委/市政府, before it may go to a leader.
        button = v.add_action("刊物审批…", f.bulletin_approval, "approveBulletin", needs_row=True)
        s.add(button, lambda row: row.is_bulletin and row.status in ("registered", "proposed"))
        self.buttons["approveBulletin"] = button

    # --- data ------------------------------------------------------------------------------
    def _fetch(self, include_voided: bool) -> list[incoming.IncomingDTO]:
        db, user = self.ctx.db, self.ctx.user
        self.units = directory.unit_names(db)
        snippets: dict[int, str] = {}
        rows, more = register_rows(
            db,
            user,
            self.query["text"],
            self.query["status"],
            include_voided,
            self.ctx.today(),
            snippets,
            self.pager.limit,
            self.index,
        )
        self.snippets = snippets
        return self.pager.take(rows, more)

    def _show_detail(self, doc_id: int | None) -> None:
        self.detail.show_document(doc_id, self.units)
