"""公文 pane, issue 12 pieces: an irregular 收文 (R32) and an unapproved bulletin (R42) are offered
no leader route — filed as information instead, or (a bulletin) approved first; the 新闻发布 tab
(R52) with its approver derived from the post held that day; 工作台 entries of R55 and R54 open
their records."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import QLabel

from db.models import Meeting, MinutesRecord
from db.models.outgoing import OutgoingDocument
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import releases
from desktop_app.services.system import dashboard
from tests.ui.conftest import close_errors, finish, open_errors, wait_loaded, wait_ops
from tests.ui.documents_incoming_support import reg, tab_fixture  # noqa: F401 - `tab`
from tests.ui.test_documents_pane import pick, select, set_date

TODAY = date(2026, 11, 26)


def test_R32_irregular_document_offers_no_leader_route_and_is_filed_as_information(qtbot, tab):
    ctx = tab.ctx
    d = reg(ctx, "某乡越级报送的请示", channel="irregular", doc_type="请示", nature="request")
    select(qtbot, tab, lambda x: x.id == d.id)
    assert tab.buttons["fileIncomingAsInformation"].isEnabled()
    assert not tab.buttons["approveBulletin"].isEnabled()  # not a bulletin
    from desktop_app.services.documents import incoming

    incoming.propose(ctx.db, ctx.user, d.id, "非正常程序传递，拟作为信息处理。", d.version)
    select(qtbot, tab, lambda x: x.id == d.id and x.status == "proposed")
    dialog = tab.forms.route()
    combo = dialog.widgets["to"]
    assert [combo.itemData(i) for i in range(combo.count())] == ["department"]
    assert any("第三十二条" in w.text() for w in dialog.findChildren(QLabel))
    dialog.reject()
    dialog = tab.forms.file_as_information()
    assert not finish(dialog.try_save())  # a note is required
    close_errors()
    dialog.widgets["note"].setPlainText("非正常程序传递，作为信息存档备查。")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.status == "closed")
    assert tab.current().status_name == "已作为信息处理"
    assert {n for n, b in tab.buttons.items() if b.isEnabled()} == {"voidIncoming"}


def test_R42_bulletin_is_approved_then_offered_every_route(qtbot, tab):
    ctx = tab.ctx
    d = reg(ctx, "农业农村工作简报（第3期）", doc_type="简报", nature="notice")
    from desktop_app.services.documents import incoming

    d = incoming.propose(ctx.db, ctx.user, d.id, "拟呈分管副市长阅。", d.version)
    select(qtbot, tab, lambda x: x.id == d.id)
    assert "未经市委、市政府批准" in tab.detail.text.toPlainText()
    dialog = tab.forms.route()
    assert dialog.widgets["to"].count() == 1  # only a department: not forwarded to a leader
    dialog.reject()
    dialog = tab.forms.bulletin_approval()
    dialog.widgets["approver"].setText("市政府办公室主任")
    assert not finish(dialog.try_save())  # no approving body chosen: refused under 第四十二条
    assert any("第四十二条" in e for e in open_errors())
    close_errors()
    pick(dialog, "approved_by", "市政府")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, tab, lambda x: x.id == d.id and x.bulletin_approved_by == "市政府")
    assert "市政府（市政府办公室主任）" in tab.detail.text.toPlainText()
    dialog = tab.forms.route()
    assert dialog.widgets["to"].count() == 3
    dialog.reject()


def test_R52_release_tab_new_approve_release(qtbot, demo_ctx):
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    rel = pane.releases
    pane.tabs.setCurrentWidget(rel)
    wait_loaded(qtbot, rel.view)
    dialog = rel.new()
    dialog.widgets["title"].setText("冬季供暖新闻发布会")
    dialog.widgets["important"].setChecked(True)
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, rel.view)
    assert rel.view.select_where(lambda x: x.title == "冬季供暖新闻发布会")
    assert rel.buttons["approveRelease"].isEnabled()
    assert not rel.buttons["markReleased"].isEnabled()  # not before the approval
    dialog = rel.approve()
    wait_ops()  # the hint is read through the runner
    assert dialog.approver.text() == "批准人：市长李明远"  # derived, shown, not chosen
    set_date(dialog, "approved_on", date(2015, 1, 5))  # before the term: nobody holds the post
    wait_ops()
    assert "没有市长任职记录" in dialog.approver.text()
    assert not finish(dialog.try_save())
    assert any("第五十二条" in e for e in open_errors())
    close_errors()
    set_date(dialog, "approved_on", TODAY)
    assert finish(dialog.try_save()), open_errors()
    qtbot.waitUntil(
        lambda: rel.current() is not None and rel.current().status == "approved", timeout=5000
    )
    dialog = rel.release()
    assert finish(dialog.try_save()), open_errors()
    qtbot.waitUntil(
        lambda: rel.current() is not None and rel.current().status == "released", timeout=5000
    )
    assert [x.status_name for x in releases.list_releases(demo_ctx.db)] == ["已发布"]


def test_R55_R54_dashboard_entries_open_their_records(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    db = demo_ctx.db
    unit = {u.name: u.id for u in directory.list_units(db)}["农业农村局"]
    with db.uow("wenmi") as s:
        doc = OutgoingDocument(
            issuer="government",
            doc_type="通知",
            title="关于做好冬季供暖的通知",
            drafting_unit_id=unit,
            drafted_on=TODAY,
            register_on=TODAY,
            status="issued",
            prefix="同政发",
            year=2026,
            seq=9,
            signed_on=TODAY,
            issued_on=TODAY,
            openness="主动公开",
        )
        m = Meeting(
            kind="executive",
            number=9,
            title="市政府第九次常务会议",
            status="held",
            starts_at=datetime(2026, 11, 20, 9, tzinfo=CHINA),
        )
        s.add_all([doc, m])
        s.flush()
        s.add(MinutesRecord(meeting_id=m.id, state="issued", issued_on=TODAY, issue_number=9))
        s.flush()
        doc_id, meeting_id = doc.id, m.id
    items = {i.rule_id: i for i in dashboard.collect(db, TODAY) if i.rule_id in ("R54", "R55")}
    assert (items["R55"].ref_kind, items["R55"].ref_id) == ("outgoing", doc_id)
    assert (items["R54"].ref_kind, items["R54"].ref_id) == ("meeting", meeting_id)
    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.open_record(items["R55"].area, items["R55"].ref_kind, items["R55"].ref_id)
    out = win.pane("公文").outgoing
    qtbot.waitUntil(lambda: out.current() is not None and out.current().id == doc_id, timeout=5000)
    win.open_record(items["R54"].area, items["R54"].ref_kind, items["R54"].ref_id)
    meetings = win.pane("会议")
    assert win.stack.currentWidget() is meetings
    qtbot.waitUntil(
        lambda: (
            meetings.meetings.current() is not None and meetings.meetings.current().id == meeting_id
        ),
        timeout=5000,
    )
