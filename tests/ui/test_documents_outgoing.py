"""发文 tab driven like a clerk would: a draft through the dialog — the vice mayors in charge shown
read-only as units are picked (R33.1, R33.2), never chosen — its sign-off checklist showing what
is missing, numbering refused before the chain is complete (R45.1), a signer without the needed
post refused, the chain recorded, the number given (NUM) and shown; then publication after the
confidentiality review (R49), a voided number kept as 作废, the deciding meeting of a normative
document (R18, R10), a joint document's disagreement (R37), a dashboard entry opening its
document, and the register printed and exported.
The tab's search: test_documents_outgoing_search.py."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QCheckBox, QPushButton

from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing
from tests.pdf_text import pdftotext
from tests.ui import documents_outgoing_support as support
from tests.ui.conftest import choose, close_errors, finish, open_errors, wait_loaded, wait_ops
from tests.ui.documents_outgoing_support import TITLE, signed_doc
from tests.ui.test_documents_pane import pick, select

# The `tab` fixture; test_outgoing_drafter_form.py imports it from here.
tab = support.tab_fixture


def enabled(tab) -> set[str]:
    return {name for name, b in tab.buttons.items() if b.isEnabled()}


def sign(tab, step: str, who: str) -> bool:
    dialog = tab.forms.sign()
    choose(dialog, "step", step)
    choose(dialog, "person_id", who)
    ok = finish(dialog.try_save())
    if not ok:
        dialog.reject()
    return ok


def test_R33_1_R45_1_NUM_draft_checklist_signoffs_and_number(qtbot, tab):
    dialog = tab.forms.draft(None)
    dialog.widgets["title"].setText(TITLE)
    pick(dialog, "doc_type", "通知")
    choose(dialog, "drafting_unit_id", "农业农村局")
    # R33.1: the clerk picks units, the form shows whom the directory gives — read-only
    assert "vice_mayor_ids" not in dialog.widgets and not any(
        k.startswith("vm_") for k in dialog.widgets
    )
    wait_ops()  # the hint is read through the runner
    assert dialog.derived.text().startswith("孙立新")
    dialog.pickers["touched_unit_ids"].check("住房和城乡建设局")
    wait_ops()
    assert dialog.derived.text().startswith("孙立新、周志强") and "2位" in dialog.derived.text()
    dialog.pickers["touched_unit_ids"].set_value([])
    wait_ops()
    assert dialog.derived.text().startswith("孙立新")
    dialog.widgets["main_to"].setText("各乡镇人民政府，市政府各部门")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE)
    qtbot.waitUntil(lambda: tab.checklist.rowCount() == 3, timeout=5000)
    assert [(x.label, x.needed, x.done) for x in tab.checklist.rows] == [
        ("分管副市长同意", "分管副市长 孙立新", False),
        ("市政府办公室审核", "市政府办公室负责人或常务秘书", False),
        ("常务副市长签发", "常务副市长 张海峰", False),
    ]
    assert "尚缺签批" in tab.detail.chain.text() and "第四十五条" in tab.detail.chain.text()
    missing_col = [c.title for c in tab.view.model.columns].index("尚缺签批")
    assert tab.view.proxy.index(0, missing_col).data() == (
        "分管副市长同意、市政府办公室审核、常务副市长签发"
    )
    assert enabled(tab) == {
        "editOutgoing",
        "signOutgoing",
        "opennessOutgoing",
        "reviewOutgoing",
        "voidOutgoing",
    }

    # numbering before the chain is complete is refused (R45.1), the dialog stays open
    dialog = tab.forms.issue()
    assert not finish(dialog.try_save())
    assert any("（R45.1）" in e for e in open_errors()), open_errors()
    close_errors()
    dialog.reject()

    # the dialog proposes whom the open step names
    dialog = tab.forms.sign()
    wait_ops()  # the signers are read through the runner, then the step's signer proposed
    assert dialog.widgets["step"].currentText().startswith("分管副市长同意")
    assert dialog.widgets["person_id"].currentText().startswith("孙立新")
    choose(dialog, "step", "常务副市长签发")
    assert dialog.widgets["person_id"].currentText().startswith("张海峰")
    dialog.reject()

    # the chain: the vice mayor in charge, the office (a department head is refused), the exec
    assert sign(tab, "分管副市长同意", "孙立新"), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE)
    # the office's review offers the office's staff that day; a department head only behind
    # 「显示全部人员」, and refused when chosen from there
    dialog = tab.forms.sign()
    choose(dialog, "step", "市政府办公室审核")
    wait_ops()
    combo = dialog.widgets["person_id"]
    offered = [combo.itemText(i) for i in range(combo.count())]
    assert any(t.startswith("陈立（") for t in offered)
    assert not any(t.startswith("罗健") for t in offered)
    dialog.findChild(QCheckBox, "showAll_person_id").setChecked(True)
    choose(dialog, "person_id", "罗健")
    assert not finish(dialog.try_save())
    assert any("（R33.1）" in e for e in open_errors()), open_errors()
    close_errors()
    dialog.reject()
    assert sign(tab, "市政府办公室审核", "陈立"), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE)
    assert sign(tab, "常务副市长签发", "张海峰"), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE and d.status == "signed")
    qtbot.waitUntil(lambda: all(x.done for x in tab.checklist.rows), timeout=5000)
    assert tab.current().signer_name == "张海峰"
    assert "签批程序已完成" in tab.detail.chain.text()
    assert "issueOutgoing" in enabled(tab) and "signOutgoing" not in enabled(tab)

    # the number, from the issuer's and type's prefix
    dialog = tab.forms.issue()
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda d: d.title == TITLE and d.status == "issued")
    assert tab.current().number == "同政发〔2026〕1号"
    assert tab.view.proxy.index(0, 0).data() == "同政发〔2026〕1号"
    assert "同政发〔2026〕1号" in tab.detail.text.toPlainText()


def test_R49_publication_needs_the_confidentiality_review(qtbot, tab):
    ctx = tab.ctx
    d = signed_doc(ctx)
    d = outgoing.issue_outgoing(
        ctx.db, ctx.user, d.id, issued_on=date(2026, 11, 24), expected_version=d.version
    )
    select(qtbot, tab, lambda x: x.id == d.id)
    dialog = tab.forms.openness()
    pick(dialog, "openness", "主动公开")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.openness == "主动公开")
    dialog = tab.forms.publish()
    assert not finish(dialog.try_save())
    assert any("（R49）" in e for e in open_errors()), open_errors()
    close_errors()
    dialog.reject()
    dialog = tab.forms.confidentiality_review()
    dialog.widgets["reviewer"].setText("保密办王明")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.confidentiality_reviewed_by)
    dialog = tab.forms.publish()
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.status == "published")
    assert enabled(tab) == {"archiveOutgoing", "voidOutgoing"}


def test_NUM_voided_number_stays_in_the_register_marked_voided(qtbot, tab):
    ctx = tab.ctx
    d = signed_doc(ctx)
    d = outgoing.issue_outgoing(
        ctx.db, ctx.user, d.id, issued_on=date(2026, 11, 24), expected_version=d.version
    )
    select(qtbot, tab, lambda x: x.id == d.id)
    dialog = tab.forms.void()
    dialog.widgets["reason"].setPlainText("文字错误，重新拟稿")
    assert finish(dialog.try_save()), open_errors()
    tab.view.reload()
    wait_loaded(qtbot, tab.view)
    row = next(x for x in tab.view.model.rows if x.id == d.id)
    assert (row.number, row.status_name, row.void_reason) == (
        "同政发〔2026〕1号",
        "作废",
        "文字错误，重新拟稿",
    )
    tab.status.setCurrentIndex(tab.status.findData("voided"))
    wait_loaded(qtbot, tab.view)
    assert [x.id for x in tab.view.model.rows] == [d.id]


def test_R18_R10_normative_document_steps_from_the_pane(qtbot, tab):
    """R18: the 常务会议 is refused before the legal review, then recorded after it — picked
    from the meetings register, meeting and agenda item (R10)."""
    from tests.integration.test_outgoing_support import meeting

    ctx = tab.ctx
    meeting(ctx.db, ctx.today(), item="审议同江市城市道路管理办法")
    d = signed_doc(ctx, title="同江市城市道路管理办法", is_normative=True)
    select(qtbot, tab, lambda x: x.id == d.id)
    assert {"normativeOutgoing", "meetingOutgoing"} <= enabled(tab)

    def record(step: str, text: str = "") -> bool:
        dialog = tab.forms.normative()
        pick(dialog, "step", step)
        dialog.widgets["text"].setText(text)
        if step == "meeting":
            choose(dialog, "decided", "市政府第三次常务会议")
        ok = finish(dialog.try_save())
        if not ok:
            dialog.reject()
        return ok

    assert not record("meeting")
    assert any("（R18）" in e for e in open_errors()), open_errors()
    close_errors()
    assert record("legal", "法制办公室杨帆"), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.legal_reviewed_by)
    assert record("meeting"), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.meeting_ref)
    text = tab.detail.text.toPlainText()
    assert "法制办公室杨帆" in text and "审议同江市城市道路管理办法" in text


def test_R33_1_a_unit_without_a_vice_mayor_in_charge_is_shown_and_refused(qtbot, tab):
    """R33.1: 中共同江市委员会 has no vice mayor in charge: the form says so (pointing to 人员与分管
    → 分管) and the draft is refused — the step is never dropped."""
    dialog = tab.forms.draft(None)
    dialog.widgets["title"].setText("关于联合开展春季植树活动的通知")
    pick(dialog, "doc_type", "通知")
    choose(dialog, "drafting_unit_id", "中共同江市委员会")
    wait_ops()  # the hint is read through the runner
    assert "没有登记分管副市长" in dialog.derived.text()
    assert "人员与分管 → 分管" in dialog.derived.text()
    assert not finish(dialog.try_save())
    assert any("（R33.1）" in e for e in open_errors()), open_errors()
    close_errors()
    dialog.reject()


def test_R37_disagreement_blocks_the_number_until_its_outcome_from_the_pane(qtbot, tab):
    ctx = tab.ctx
    unit = {u.name: u.id for u in directory.list_units(ctx.db)}
    d = signed_doc(ctx, title="关于做好耕地保护工作的通知", joint_unit_ids=[unit["自然资源局"]])
    select(qtbot, tab, lambda x: x.id == d.id)
    assert "disagreementOutgoing" in enabled(tab)
    dialog = tab.forms.disagreement()
    dialog.widgets["positions"].setPlainText("农业农村局：春耕时节紧\n自然资源局：核实未完成")
    dialog.widgets["proposal"].setPlainText("先下发春耕部分")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.open_disagreements)
    dialog = tab.forms.issue()
    assert not finish(dialog.try_save())
    assert any("（R37）" in e for e in open_errors()), open_errors()
    close_errors()
    dialog.reject()
    dialog = tab.forms.disagreement()
    choose(dialog, "step", "登记协调结果")
    dialog.widgets["decided_by"].setText("孙立新（分管副市长）")
    dialog.widgets["outcome"].setPlainText("同意主办部门建议")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and not x.open_disagreements)
    assert finish(tab.forms.issue().try_save()), open_errors()


def test_checklist_model_passes_the_model_tester_and_a_signoff_can_be_voided(
    qtbot, qtmodeltester, tab
):
    ctx = tab.ctx
    d = signed_doc(ctx)
    select(qtbot, tab, lambda x: x.id == d.id)
    qtbot.waitUntil(lambda: tab.checklist.rowCount() == 3, timeout=5000)
    tab.detail.checklist_table.setCurrentIndex(tab.checklist.index(2, 0))
    dialog = tab.forms.void_signoff()
    dialog.widgets["reason"].setPlainText("签发人登记错误")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.status == "draft")
    qtbot.waitUntil(
        lambda: [x.done for x in tab.checklist.rows] == [True, True, False], timeout=5000
    )
    # checked last: one tester watching a model and its proxy through a reset trips over itself
    for model in (tab.view.model, tab.view.proxy, tab.checklist):
        qtmodeltester.check(model, force_py=True)


def test_dashboard_entry_opens_the_outgoing_document(qtbot, demo_ctx):
    from desktop_app.services.system import dashboard
    from ui.main_window import MainWindow

    d = signed_doc(demo_ctx)  # 已签发待印发 on the 工作台
    items = [
        i
        for i in dashboard.collect(demo_ctx.db, demo_ctx.today())
        if i.ref_kind == "outgoing" and i.ref_id == d.id
    ]
    assert items, "the 工作台 lists the signed document"
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.open_record(items[0].area, items[0].ref_kind, items[0].ref_id)
    pane = win.pane("公文")
    tab = pane.outgoing
    assert pane.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: tab.current() is not None and tab.current().id == d.id, timeout=5000)
    qtbot.waitUntil(lambda: tab.detail.document is not None, timeout=5000)
    assert tab.detail.document.title == TITLE


def test_outgoing_register_printed_and_exported_for_a_date_range(qtbot, tab, tmp_path):
    from openpyxl import load_workbook

    ctx = tab.ctx
    d = signed_doc(ctx)
    outgoing.issue_outgoing(
        ctx.db, ctx.user, d.id, issued_on=date(2026, 11, 24), expected_version=d.version
    )
    tab.view.reload()
    wait_loaded(qtbot, tab.view)
    assert tab.view.findChild(QPushButton, "printOutgoingRegister") is not None
    dialog = tab.output.print_register()
    assert finish(dialog.try_save()), open_errors()  # 1 January to today
    qtbot.waitUntil(lambda: bool(tab.output.previews), timeout=30000)
    preview = tab.output.previews[-1]
    text = pdftotext(preview.pdf, "-raw")
    flat = "".join(text.split())
    assert "发文登记簿" in flat and "同政发〔2026〕1号" in flat
    assert TITLE in flat and "张海峰" in flat
    preview.close()
    path = tmp_path / "发文登记簿.xlsx"
    tab.output.export_to(
        path, {"start": date(2026, 11, 1), "end": date(2026, 11, 30), "include_voided": True}
    )
    qtbot.waitUntil(lambda: tab.output.exported is not None, timeout=15000)
    assert tab.output.exported == 1
    cells = [c.value for c in next(load_workbook(path).active.iter_rows(min_row=2, max_row=2))]
    assert "同政发〔2026〕1号" in cells and TITLE in cells
