"""Leader pick lists by the day's holders in the 收文, 发文 and 人员与分管 forms too (issue 18 item
6): who holds a qualifying post on the day of the act first, everyone else behind 「显示全部人员」,
never the former mayor (刘国栋, mayor until 2021-09-30 in the demo directory) by default; and the
记录审批环节 form fits a 1366×768 laptop whichever step is chosen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QDate

from desktop_app.services.documents import incoming, outgoing
from tests.ui.conftest import close_errors, wait_ops
from tests.ui.test_pick_lists import _agenda_item, show_all, texts


@pytest.fixture
def window(qtbot, demo_ctx):
    from ui.main_window import MainWindow

    win = MainWindow(demo_ctx)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    yield win
    close_errors()


def ids(ctx) -> dict[str, int]:
    from sqlalchemy import select

    from db.models import Person, Unit

    with ctx.db.read() as s:
        out = dict(s.execute(select(Person.name, Person.id)).all())
        out.update(s.execute(select(Unit.name, Unit.id)).all())
    return out


def routed(ctx, leader: str, to: str = "vice_mayor") -> incoming.IncomingDTO:
    d = incoming.register_document(
        ctx.db,
        ctx.user,
        received_at=datetime(2026, 11, 26, 1, tzinfo=UTC),
        sender="佳木斯市人民政府办公室",
        title="关于做好冬季安全生产工作的通知",
        doc_type="通知",
        nature="action",
    )
    d = incoming.propose(ctx.db, ctx.user, d.id, "呈阅示。", d.version)
    return incoming.route(
        ctx.db,
        ctx.user,
        d.id,
        to=to,
        today=ctx.today(),
        leader_id=ids(ctx)[leader],
        expected_version=d.version,
    )


def select_doc(qtbot, tab, doc_id: int) -> None:
    tab.view.reload()
    wait_ops()
    qtbot.waitUntil(lambda: not tab.view.loading, timeout=5000)
    assert tab.view.select_where(lambda r: r.id == doc_id)
    wait_ops()


def test_route_offers_todays_leaders_and_proposes_the_mayor_for_the_mayors_route(qtbot, window):
    ctx = window.ctx
    d = incoming.register_document(
        ctx.db,
        ctx.user,
        received_at=datetime(2026, 11, 26, 1, tzinfo=UTC),
        sender="黑龙江省人民政府",
        title="关于做好冬季供暖工作的通知",
        doc_type="通知",
        nature="action",
    )
    pane = window.show_pane("公文")
    tab = pane.incoming
    select_doc(qtbot, tab, d.id)
    dialog = tab.forms.route()
    wait_ops()
    leader = dialog.widgets["leader_id"]
    offered = texts(leader)
    assert "李明远（市长）" in offered and "张海峰（常务副市长）" in offered
    assert not any(t.startswith("刘国栋") for t in offered)
    toggle = show_all(dialog, "leader_id")
    assert toggle.text() == "显示全部人员" and toggle.isVisibleTo(dialog)
    dialog.widgets["to"].setCurrentIndex(dialog.widgets["to"].findData("mayor"))
    wait_ops()
    assert leader.currentText() == "李明远（市长）"
    toggle.setChecked(True)
    assert "刘国栋" in texts(leader) and leader.currentText() == "李明远（市长）"
    dialog.reject()


def test_reading_offers_the_days_leaders_and_units_the_rest_behind_show_all(qtbot, window):
    ctx = window.ctx
    d = routed(ctx, "孙立新")
    pane = window.show_pane("公文")
    tab = pane.incoming
    select_doc(qtbot, tab, d.id)
    dialog = tab.forms.record_reading()
    wait_ops()
    who = dialog.widgets["who"]
    assert who.currentText() == "孙立新（副市长）"  # the leader it was routed to
    assert "农业农村局" in texts(who)  # departments read too
    assert not any(t.startswith("刘国栋") for t in texts(who))
    show_all(dialog, "who").setChecked(True)
    assert "刘国栋" in texts(who) and who.currentText() == "孙立新（副市长）"
    show_all(dialog, "who").setChecked(False)

    # read on a day of the former term: that day's mayor is offered
    dialog.widgets["read_on"].setDate(QDate(2020, 6, 1))
    wait_ops()
    assert "刘国栋（市长）" in texts(who)
    assert not any(t.startswith("李明远（") for t in texts(who))
    dialog.reject()


def test_reading_with_a_scanned_signer_outside_the_posts_turns_show_all_on(qtbot, window):
    ctx = window.ctx
    people = ids(ctx)
    d = routed(ctx, "孙立新")
    pane = window.show_pane("公文")
    tab = pane.incoming
    select_doc(qtbot, tab, d.id)
    dialog = tab.forms.record_reading(signer_id=people["刘国栋"])
    wait_ops()
    assert dialog.widgets["who"].currentData() == f"p:{people['刘国栋']}"
    assert show_all(dialog, "who").isChecked()
    dialog.reject()


def test_outgoing_signoff_lists_the_step_posts_of_the_day_signed(qtbot, window):
    ctx = window.ctx
    people = ids(ctx)
    d = outgoing.create_outgoing(
        ctx.db,
        ctx.user,
        issuer="government",
        doc_type="通知",
        title="关于做好2027年春耕生产工作的通知",
        drafting_unit_id=people["农业农村局"],
        drafted_on=ctx.today(),
        main_to="各乡镇人民政府",
    )
    pane = window.show_pane("公文")
    pane.tabs.setCurrentWidget(pane.outgoing)
    tab = pane.outgoing
    select_doc(qtbot, tab, d.id)
    qtbot.waitUntil(lambda: bool(tab.checklist.rows), timeout=5000)
    dialog = tab.forms.sign()
    wait_ops()
    step, signer = dialog.widgets["step"], dialog.widgets["person_id"]
    # the vice mayor's step: the vice mayors of the day, the one in charge proposed
    assert signer.currentData() == people["孙立新"]
    assert not any(t.startswith(("李明远", "刘国栋")) for t in texts(signer))
    # 签发: the 常务副市长 of the day
    step.setCurrentIndex(step.count() - 1)
    wait_ops()
    assert signer.currentText() == "张海峰（常务副市长）"
    assert [t for t in texts(signer) if t != "（请选择）"] == ["张海峰（常务副市长）"]
    assert show_all(dialog, "person_id").isVisibleTo(dialog)
    dialog.reject()


def test_directory_entrustment_proposes_the_mayor_of_its_start_date(qtbot, window):
    from ui.panes.directory_forms import ENTRUSTMENTS

    pane = window.show_pane("人员与分管")
    pane._open_form(ENTRUSTMENTS, None)
    wait_ops()
    dialog = pane.dialog
    principal, agent = dialog.widgets["principal_id"], dialog.widgets["agent_id"]
    assert principal.currentText() == "李明远（市长）"
    assert texts(principal)[1:] == ["李明远（市长）"]  # the rest behind 「显示全部人员」
    assert agent.currentText() == "张海峰（常务副市长）"
    assert "孙立新（副市长）" in texts(agent)
    dialog.widgets["start_date"].setDate(QDate(2020, 6, 1))
    wait_ops()
    assert principal.currentText() == "刘国栋（市长）"
    show_all(dialog, "principal_id").setChecked(True)
    assert "李明远" in texts(principal)
    dialog.reject()


def test_directory_ab_pair_and_portfolio_offer_the_vice_mayors_of_the_day(qtbot, window):
    from ui.panes.directory_forms import AB_PAIRS, PORTFOLIOS

    pane = window.show_pane("人员与分管")
    for spec, keys in ((PORTFOLIOS, ("person_id",)), (AB_PAIRS, ("person_a_id", "person_b_id"))):
        pane._open_form(spec, None)
        wait_ops()
        dialog = pane.dialog
        for key in keys:
            offered = texts(dialog.widgets[key])
            assert offered[0] == "（请选择）"
            assert "孙立新（副市长）" in offered and "张海峰（常务副市长）" in offered
            assert not any(t.startswith(("李明远", "刘国栋", "罗健")) for t in offered)
            assert dialog.widgets[key].currentIndex() == 0  # nobody proposed
            assert show_all(dialog, key).isVisibleTo(dialog)
        dialog.reject()


def test_record_step_fits_the_laptop_for_every_step(qtbot, window, monkeypatch):
    from PySide6.QtCore import QRect

    from desktop_app.services.meetings import agenda_steps
    from tests.ui.test_dialogs_fit_screen import LAPTOP, assert_fits
    from ui.widgets import screen_fit

    monkeypatch.setattr(screen_fit, "available_geometry", lambda _widget: QRect(LAPTOP))
    _agenda_item(window.ctx)
    pane = window.show_pane("会议")
    pane.tabs.setCurrentWidget(pane.items)
    pane.items.reload()
    wait_ops()
    assert pane.items.select_where(lambda i: i.title == "关于农村供水工程建设的议题")
    dialog = pane.record_step()
    step = dialog.widgets["step"]
    for code in agenda_steps.STEPS:
        step.setCurrentIndex(step.findData(code))
        wait_ops()
        assert_fits(dialog, LAPTOP)
    dialog.reject()
