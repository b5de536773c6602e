"""发文 tab: the 发文登记簿 with a status filter and a database search, the selected document's
detail and sign-off checklist, and the actions its state allows (R33, R34, R45.1, NUM, R10,
R16, R17, R18, R37, R38, R44, R49)."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from desktop_app.services.documents import outgoing
from ui.context import AppContext
from ui.panes.documents_common import IndexHits, imported_mark, in_hit_order
from ui.panes.documents_outgoing_detail import OutgoingDetail
from ui.panes.documents_outgoing_forms import OutgoingForms
from ui.panes.documents_tab import RegisterTab
from ui.widgets.table import Column

STATUS_FILTER = [("", "全部状态"), *outgoing.STATUS_NAMES.items(), ("voided", "作废")]


def register_rows(
    db,
    user,
    text: str,
    status: str,
    include_voided: bool,
    snippets: dict[int, str],
    limit: int,
    index: IndexHits | None = None,
) -> tuple[list[outgoing.OutgoingDTO], bool]:
    """The 发文登记簿 rows for the filter and search text, at most `limit`, and whether there
    are more. A search goes through the full-text index (title, number, drafting unit, 主送,
    抄送): one screen of hits, their records in the index's order, `snippets` filled with where
    each matched; the register's own search is the fallback where the index does not cover
    outgoing documents."""
    include = include_voided or status == "voided"
    service_status = "" if status == "voided" else status
    index = index or IndexHits("outgoing")
    screen = index.screen(db, user, text, include, limit) if text else None
    if screen is None:
        rows = outgoing.list_outgoing(
            db, user, search=text, include_voided=include, status=service_status, limit=limit + 1
        )
        more = len(rows) > limit
        rows = rows[:limit]
    else:
        hits, more = screen
        snippets.update(hits)
        rows = in_hit_order(
            outgoing.list_outgoing(
                db, user, include_voided=include, status=service_status, ids=list(hits)
            ),
            hits,
        )
    return ([d for d in rows if d.voided] if status == "voided" else rows), more


class OutgoingTab(RegisterTab):
    def __init__(self, ctx: AppContext, parent=None):
        placeholder = "搜索标题、发文字号、拟稿单位、主送、抄送…"
        super().__init__(ctx, "outgoing", STATUS_FILTER, placeholder, parent)
        # A voided number stays in the register, marked 作废 (NUM): shown unless unticked.
        self.view.show_voided.blockSignals(True)  # no load yet: the pane loads when shown
        self.view.show_voided.setChecked(True)
        self.view.show_voided.blockSignals(False)
        self.detail = OutgoingDetail(ctx)
        self.checklist = self.detail.checklist
        self.forms = OutgoingForms(self)
        self._build_actions()
        void_signoff = QPushButton("作废签批记录…", objectName="voidSignoff")
        void_signoff.setEnabled(self.state.may_edit)
        void_signoff.clicked.connect(self.forms.void_signoff)
        self.detail.sign_layout.addWidget(void_signoff)
        self._finish()

    def _columns(self) -> list[Column]:
        return [
            Column("发文字号", lambda d: d.number or "（未编号）", 140),
            Column("标题", lambda d: d.title, 260),
            Column("文种", lambda d: d.doc_type, 50),
            Column("发文机关", lambda d: d.issuer_name, 90),
            Column("密级", lambda d: d.secrecy, 40),
            Column("拟稿单位", lambda d: d.drafting_unit_name, 110),
            Column("拟稿日期", lambda d: d.drafted_on, 90),
            Column("状态", lambda d: d.status_name, 60),
            Column("签发人", lambda d: d.signer_name, 70),
            Column("签发日期", lambda d: d.signed_on, 90),
            Column("印发日期", lambda d: d.issued_on, 90),
            Column("公开属性", lambda d: d.openness, 70),
            Column("尚缺签批", lambda d: "、".join(d.missing_steps), 160),
            Column("提醒", lambda d: "；".join(d.warnings), 200),
            Column("来源", imported_mark, 40),
            Column("匹配内容", lambda d: self.snippets.get(d.id, "")),
        ]

    def _build_actions(self) -> None:
        v, f, s = self.view, self.forms, self.state
        v.add_action("拟稿登记…", lambda: f.draft(None), "draftOutgoing").setEnabled(s.may_edit)
        normative = ("draft", "signed", "issued", "published")
        states = (
            (
                "修改…",
                lambda: f.draft(self.current()),
                "editOutgoing",
                lambda d: d.status == "draft",
            ),
            ("登记签批…", f.sign, "signOutgoing", lambda d: d.status == "draft"),
            ("编号印发…", f.issue, "issueOutgoing", lambda d: d.status == "signed"),
            (
                "决定会议…",
                f.deciding_meeting,
                "meetingOutgoing",
                lambda d: d.is_major_matter and d.status in ("draft", "signed"),
            ),
            (
                "意见分歧…",
                f.disagreement,
                "disagreementOutgoing",
                lambda d: bool(d.joint_unit_ids) and d.status in ("draft", "signed"),
            ),
            (
                "规范性文件…",
                f.normative,
                "normativeOutgoing",
                lambda d: d.is_normative and d.status in normative,
            ),
            ("公开属性…", f.openness, "opennessOutgoing", lambda d: d.status != "published"),
            (
                "保密审查…",
                f.confidentiality_review,
                "reviewOutgoing",
                lambda d: d.status != "published" and not d.secrecy,
            ),
            (
                "标记公开…",
                f.publish,
                "publishOutgoing",
                lambda d: d.status == "issued" and not d.secrecy,
            ),
            (
                "归档号…",
                f.archive,
                "archiveOutgoing",
                lambda d: d.status in ("issued", "published"),
            ),
            ("作废…", f.void, "voidOutgoing", lambda d: True),
        )
        from desktop_app.services.documents import sheets
        from ui.panes.sheet_print import add_sheet_button

        add_sheet_button(
            v,
            self.ctx,
            "打印稿纸",
            "printOutgoingSheet",
            sheets.outgoing_sheet_pdf,
            lambda d: f"发文稿纸 {d.number or d.title}",
        )
        self.buttons = {}
        for text, slot, name, allowed in states:
            button = v.add_action(text, slot, name, needs_row=True)
            s.add(button, allowed)
            self.buttons[name] = button

    # --- data ------------------------------------------------------------------------------
    def _fetch(self, include_voided: bool) -> list[outgoing.OutgoingDTO]:
        snippets: dict[int, str] = {}
        rows, more = register_rows(
            self.ctx.db,
            self.ctx.user,
            self.query["text"],
            self.query["status"],
            include_voided,
            snippets,
            self.pager.limit,
            self.index,
        )
        self.snippets = snippets
        return self.pager.take(rows, more)

    def _show_detail(self, doc_id: int | None) -> None:
        self.detail.show_document(doc_id)
