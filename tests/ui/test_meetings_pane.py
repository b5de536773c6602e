"""The meetings pane driven like a clerk would: plan a 常务会议, register two items (one refused,
citing the article, until its chain is complete), record attendance, hold the meeting, then
generate, sign, issue and print the minutes and read the PDF's text; the register's search, an
item sent back for revision from the meeting (R23.6.2), and the item form's derived vice mayor
(R23.4.1a). The 战线会议 (R28): test_meetings_pane_sector.py."""

from __future__ import annotations

from datetime import date, datetime

from tests.pdf_text import pdftotext
from tests.ui.conftest import (
    choose,
    close_errors,
    finish,
    open_errors,
    open_previews,
    wait_loaded,
    wait_new_preview,
    wait_ops,
)
from tests.ui.meetings_pane_support import (
    select,  # test_meeting_move_item.py imports it from here
    set_date,
    window_fixture,  # noqa: F401 - the `window` fixture
)


def show_all(dialog, key: str) -> None:
    """Tick 「显示全部」 under a leader picker: everyone in the directory is offered."""
    from PySide6.QtWidgets import QCheckBox

    wait_ops()
    toggle = dialog.findChild(QCheckBox, f"showAll_{key}")
    assert toggle is not None and toggle.isVisibleTo(dialog)
    toggle.setChecked(True)


def record(qtbot, pane, title: str, step: str, day: date, by: str = "", method: str = ""):
    select(qtbot, pane.items, lambda i: i.title == title)
    dialog = pane.record_step()
    dialog.widgets["step"].setCurrentIndex(dialog.widgets["step"].findData(step))
    set_date(dialog, "on", day)
    if by:
        choose(dialog, "by", by)
    if method:
        dialog.widgets["method"].setCurrentIndex(dialog.widgets["method"].findData(method))
    assert finish(dialog.try_save()), open_errors()


def test_R23_1_R23_4_1a_R29_1_meeting_flow_from_plan_to_printed_minutes(qtbot, window):
    pane = window.show_pane("会议")
    # 1. plan a 常务会议 presided by the mayor
    dialog = pane.plan_meeting()
    dialog.widgets["starts_at"].setDateTime(datetime(2026, 11, 30, 9, 0))
    choose(dialog, "presider_id", "李明远")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.meetings, lambda m: m.title == "市政府第一次常务会议")
    meeting = pane.meetings.current()
    assert meeting.kind == "executive" and meeting.room == "501"

    # 2. two agenda items
    pane.tabs.setCurrentWidget(pane.items)
    for title, category in (
        ("关于2027年城市基础设施建设计划的议题", "deliberation"),
        ("关于秋季防汛工作情况的通报", "report"),
    ):
        dialog = pane.edit_item(None)
        dialog.widgets["title"].setText(title)
        dialog.widgets["category"].setCurrentIndex(dialog.widgets["category"].findData(category))
        assert "sponsor_id" not in dialog.widgets  # no free pick (R23.4.1a)
        choose(dialog, "department_id", "住房和城乡建设局")
        shown = dialog.widgets["vice_mayor"]  # derived from the unit, read-only
        wait_ops()  # the hint is read through the runner
        assert shown.isReadOnly() and shown.text().startswith("周志强（副市长）")
        assert finish(dialog.try_save()), open_errors()

    # 3. placing the deliberation item is refused until its chain is complete
    plan_title = "关于2027年城市基础设施建设计划的议题"
    select(qtbot, pane.items, lambda i: i.title == plan_title)
    dialog = pane.place_on_meeting()
    assert not finish(dialog.try_save())
    errors = open_errors()
    assert any("依据《工作规则》第二十三条" in e and "市长审定" in e for e in errors), errors
    close_errors()
    dialog.reject()
    record(qtbot, pane, plan_title, "coordination", date(2026, 11, 16), method="会签")
    record(qtbot, pane, plan_title, "sponsor_signed", date(2026, 11, 17))
    record(qtbot, pane, plan_title, "office_consolidated", date(2026, 11, 18))
    record(qtbot, pane, plan_title, "exec_reviewed", date(2026, 11, 19), by="张海峰")
    record(qtbot, pane, plan_title, "mayor_approved", date(2026, 11, 20), by="李明远")
    record(qtbot, pane, plan_title, "procedure_sheet", date(2026, 11, 20))
    select(qtbot, pane.items, lambda i: i.title == plan_title)
    dialog = pane.place_on_meeting()
    assert finish(dialog.try_save()), open_errors()

    # 4. attendance: a vice mayor on leave, approved by the executive vice mayor
    pane.tabs.setCurrentIndex(0)
    select(qtbot, pane.meetings, lambda m: m.id == meeting.id)
    detail = pane.detail
    select(qtbot, detail.attendance, lambda a: a.person_name == "吴秀兰")
    assert detail.attendance.current().status_name == "未登记"  # nobody is 出席 by default
    dialog = detail.edit_attendance()
    dialog.widgets["status"].setCurrentIndex(dialog.widgets["status"].findData("leave"))
    choose(dialog, "leave_approved_by", "张海峰")
    assert finish(dialog.try_save()), open_errors()
    wait_loaded(qtbot, detail.attendance)
    assert "成员 6 人，出席 0 人" in detail.quorum.text()
    assert "未登记 15 人：李明远、张海峰" in detail.quorum.text()

    # 5. 标记已召开 is refused while attendance is unrecorded, naming who (第二十三条); the clerk
    #    records the rest present and the meeting is held (5 of 6 members: half or more)
    mark_held = window.findChild(type(detail.minutes.buttons["draftMinutes"]), "markHeld")
    select(qtbot, pane.meetings, lambda m: m.id == meeting.id)
    mark_held.click()
    wait_ops()
    errors = open_errors()
    assert any("第二十三条" in e and "李明远、张海峰、赵文华" in e for e in errors), errors
    close_errors()
    window.findChild(type(detail.minutes.buttons["draftMinutes"]), "recordRestPresent").click()
    wait_loaded(qtbot, detail.attendance)
    assert "成员 6 人，出席 5 人" in detail.quorum.text() and "未登记" not in detail.quorum.text()
    select(qtbot, pane.meetings, lambda m: m.id == meeting.id)
    mark_held.click()
    select(qtbot, pane.meetings, lambda m: m.id == meeting.id)
    assert pane.meetings.current().status == "held"

    # 6. the item's outcome at the meeting (R23.5), then the minutes: draft, edit, reviews,
    #    sign-off by the mayor, issue, print
    select(qtbot, detail.items, lambda i: i.title == plan_title)
    dialog = detail.record_outcome()
    dialog.widgets["reporter"].setText("住房和城乡建设局局长郑红梅")
    dialog.widgets["conclusion"].setPlainText("会议原则同意该计划，要求倒排工期，确保按期完成。")
    assert finish(dialog.try_save()), open_errors()
    from desktop_app.services.directory import commands as directory

    ctx = window.ctx  # R23.7.2: the 常务秘书 of 市政府办公室 drafts the minutes
    secretary = directory.save_person(ctx.db, ctx.user, name="钱文").id
    office = next(u.id for u in directory.list_units(ctx.db) if u.name == "市政府办公室")
    directory.save_appointment(
        ctx.db,
        ctx.user,
        person_id=secretary,
        post_code="standing_secretary",
        unit_id=office,
        start_date=date(2026, 1, 1),
    )
    dialog = detail.minutes.draft()
    choose(dialog, "drafter_id", "陈立")  # heads the office, but is not 常务秘书
    assert not finish(dialog.try_save())
    assert any("第二十三条" in e and "不是常务秘书" in e for e in open_errors())
    close_errors()
    choose(dialog, "drafter_id", "钱文")
    assert finish(dialog.try_save()), open_errors()
    assert "起草（常务秘书）：钱文" in detail.minutes.state.text()
    dialog = detail.minutes.edit()
    dialog.widgets["cc"].setText("市委办公室，市人大常委会办公室")
    body = dialog.widgets["body"]  # the clerk fills the gap the draft marked (R23.5)
    assert "【待补充：学法内容】" in body.toPlainText()
    body.setPlainText(
        body.toPlainText().replace("【待补充：学法内容】", "《中华人民共和国行政复议法》")
    )
    assert finish(dialog.try_save()), open_errors()
    for state, day in (
        ("comments", date(2026, 12, 1)),
        ("legal", date(2026, 12, 2)),
        ("exec_review", date(2026, 12, 3)),
    ):
        dialog = detail.minutes.advance()
        dialog.widgets["to"].setCurrentIndex(dialog.widgets["to"].findData(state))
        set_date(dialog, "on", day)
        assert finish(dialog.try_save()), open_errors()
    dialog = detail.minutes.sign()
    wait_ops()
    assert dialog.widgets["signer_id"].currentText().startswith("李明远")  # the mayor proposed
    show_all(dialog, "signer_id")  # a vice mayor is not offered first: behind 「显示全部」
    choose(dialog, "signer_id", "周志强")  # a vice mayor may not sign 常务会议 minutes (R29.1)
    set_date(dialog, "on", date(2026, 12, 4))
    assert not finish(dialog.try_save())
    assert any("第二十九条" in e for e in open_errors())
    close_errors()
    choose(dialog, "signer_id", "李明远")
    assert finish(dialog.try_save()), open_errors()
    dialog = detail.minutes.issue()
    set_date(dialog, "on", date(2026, 12, 5))
    assert finish(dialog.try_save()), open_errors()
    assert "〔2026〕1号" in detail.minutes.state.text()
    assert "合法性审查：杨帆　常务副市长审核：张海峰" in detail.minutes.state.text()
    assert "住房和城乡建设局：未提出不同意见，视为同意" in detail.minutes.state.text()
    # R29.2: the issued minutes hold the item as concluded — its outcome is refused, as typed
    select(qtbot, detail.items, lambda i: i.title == plan_title)
    dialog = detail.record_outcome()
    dialog.widgets["conclusion"].setPlainText("会议不同意该计划。")
    assert not finish(dialog.try_save())
    assert any("第二十九条" in e and "勘误/补充" in e for e in open_errors())
    assert dialog.isVisible()
    assert dialog.widgets["conclusion"].toPlainText() == "会议不同意该计划。"
    close_errors()
    dialog.reject()

    before = open_previews()
    detail.minutes.preview()
    preview = wait_new_preview(qtbot, before)
    text = pdftotext(preview.pdf)
    flat = "".join(text.split())
    assert "同江市人民政府常务会议纪要" in flat
    assert "2026年11月30日，市长李明远主持召开市政府第一次常务会议" in flat
    assert "出席：李明远、张海峰" in flat
    assert "请假：吴秀兰" in flat
    assert "会议原则同意该计划，要求倒排工期，确保按期完成。" in flat
    assert "抄送：市委办公室，市人大常委会办公室。" in flat
    preview.close()


def test_register_search_finds_a_meeting_by_item_and_by_person(qtbot, window):
    """Search covers title, items and people (the hidden 议题与人员 column)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from desktop_app.services.directory import commands as directory
    from desktop_app.services.meetings import planning as meetings

    ctx = window.ctx
    people = {p.name: p.id for p in directory.list_persons(ctx.db)}
    china = ZoneInfo("Asia/Shanghai")
    for day in (30, 16):
        meetings.plan_meeting(
            ctx.db,
            ctx.user,
            kind="mayor_regular",
            starts_at=datetime(2026, 11, day, 9, tzinfo=china),
            presider_id=people["李明远"],
        )
    meetings.plan_meeting(
        ctx.db,
        ctx.user,
        kind="executive",
        starts_at=datetime(2026, 12, 2, 9, tzinfo=china),
        presider_id=people["李明远"],
    )
    pane = window.show_pane("会议")
    view = pane.meetings
    view.reload()
    wait_loaded(qtbot, view)
    assert view.proxy.rowCount() == 3
    view.search.setText("会前集体学法")  # only the 常务会议 opens with the law study
    assert view.proxy.rowCount() == 1
    view.search.setText("杨帆")  # head of 法制办公室: a standing attendee of both kinds
    assert view.proxy.rowCount() == 3
    view.search.setText("")
    pane.kind.setCurrentIndex(pane.kind.findData("mayor_regular"))
    wait_loaded(qtbot, view)
    assert view.proxy.rowCount() == 2


def test_R23_6_2_item_sent_back_for_revision_from_the_meeting(qtbot, window):
    """The meeting asks for revision: the item's approvals are cleared, so it must return
    through its chain (R23.6.2); a reason is required."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from desktop_app.services.directory import commands as directory
    from desktop_app.services.meetings import agenda, agenda_meeting
    from desktop_app.services.meetings import planning as meetings

    ctx = window.ctx
    people = {p.name: p.id for p in directory.list_persons(ctx.db)}
    units = {u.name: u.id for u in directory.list_units(ctx.db)}
    m = meetings.plan_meeting(
        ctx.db,
        ctx.user,
        kind="executive",
        starts_at=datetime(2026, 11, 30, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
        presider_id=people["李明远"],
    )
    item = agenda.save_item(
        ctx.db,
        ctx.user,
        title="关于调整公交线路的通报",
        category="report",
        department_id=units["住房和城乡建设局"],
    )
    for k, (step, extra) in enumerate(
        (
            ("coordination", {"method": "会签"}),
            ("sponsor_signed", {}),
            ("office_consolidated", {}),
            ("exec_reviewed", {}),
            ("mayor_approved", {}),
        )
    ):
        item = agenda.record_step(
            ctx.db,
            ctx.user,
            item.id,
            step,
            date(2026, 11, 16 + k),
            expected_version=item.version,
            **extra,
        )
    agenda_meeting.place_on_meeting(ctx.db, ctx.user, item.id, m.id, item.version)
    pane = window.show_pane("会议")
    select(qtbot, pane.meetings, lambda row: row.id == m.id)
    select(qtbot, pane.detail.items, lambda i: i.title == "关于调整公交线路的通报")
    dialog = pane.detail.send_back()
    assert not finish(dialog.try_save())  # a reason is required
    close_errors()
    dialog.widgets["reason"].setPlainText("请补充沿线居民意见。")
    assert finish(dialog.try_save()), open_errors()
    back = agenda.get_item(ctx.db, item.id)
    assert back.status == "revise"
    assert back.sponsor_signed_on is None and back.mayor_approved_on is None


def test_R23_4_1a_item_form_shows_the_derived_vice_mayor_read_only(qtbot, window):
    """The clerk confirms, never chooses: the 分管副市长 follows the submitting unit; a unit the
    directory has none for is refused citing 第二十三条 and pointing to 人员与分管 → 分管."""
    from desktop_app.services.directory import commands as directory

    ctx = window.ctx
    directory.save_unit(ctx.db, ctx.user, name="统计局", kind="department")
    pane = window.show_pane("会议")
    pane.tabs.setCurrentWidget(pane.items)
    dialog = pane.edit_item(None)
    shown = dialog.widgets["vice_mayor"]
    wait_ops()  # the hint is read through the runner
    assert shown.isReadOnly() and shown.text() == "（选择提请部门后自动带出）"
    choose(dialog, "department_id", "教育局")
    wait_ops()
    assert shown.text().startswith("赵文华")
    choose(dialog, "department_id", "农业农村局")
    wait_ops()
    assert shown.text().startswith("孙立新")
    choose(dialog, "department_id", "统计局")
    wait_ops()
    assert "未登记分管副市长" in shown.text() and "人员与分管 → 分管" in shown.text()
    dialog.widgets["title"].setText("关于统计执法检查的通报")
    assert not finish(dialog.try_save())
    assert any("第二十三条" in e and "「统计局」没有登记分管副市长" in e for e in open_errors())
    close_errors()
    choose(dialog, "department_id", "农业农村局")
    assert finish(dialog.try_save()), open_errors()
    select(qtbot, pane.items, lambda i: i.title == "关于统计执法检查的通报")
    assert pane.items.current().vice_mayor_text == "孙立新"
