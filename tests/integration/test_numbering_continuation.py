"""编号续接 on both engines: the last number used on paper sets where fuban's numbering goes on;
lowering it below a number fuban issued is refused naming that number; the change is audited;
`fuban check` counts the paper numbers as issued; only an administrator may set it."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from db.errors import StaleRecordError
from db.models import AuditEntry
from db.sequences import allocate
from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming
from desktop_app.services.system import maintenance, numbering
from desktop_app.services.system.common import CurrentUser, PermissionDenied, ValidationError

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")


def reg(db, day: date = date(2026, 12, 1)) -> incoming.IncomingDTO:
    return incoming.register_document(
        db,
        CLERK,
        received_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title="关于做好冬季安全生产的通知",
        doc_type="通知",
        nature="action",
        sender_number="佳政办发〔2026〕93号",
    )


def test_continue_after_57_gives_58(db, admin):
    row = numbering.set_last_on_paper(db, admin, "incoming:2026", 57)
    assert (row.last_used, row.on_paper, row.highest_issued) == (57, 57, 0)
    assert row.next_text == "收文〔2026〕58号"
    assert reg(db).number == "收文〔2026〕58号"
    assert reg(db).number == "收文〔2026〕59号"
    assert reg(db, date(2027, 1, 4)).number == "收文〔2027〕1号"  # another year starts at 1
    row = numbering.get_sequence(db, "incoming:2026")
    assert (row.last_used, row.on_paper, row.highest_issued) == (59, 57, 59)
    assert maintenance.check(db).ok, maintenance.check(db).problems


def test_doc_prefix_and_meeting_count_continue(db, admin):
    name = numbering.resolve(db, "同政发", 2026)
    assert name == "doc:同政发:2026"
    numbering.set_last_on_paper(db, admin, name, 57)
    with db.uow("wenmi") as s:
        assert allocate(s, name) == 58
    term_name = numbering.resolve(db, "常务会议", 2026)
    assert term_name.startswith("meeting:executive:")
    row = numbering.set_last_on_paper(db, admin, term_name, 24)
    assert row.next_text == "第二十五次" and row.period.startswith("本届")
    assert numbering.resolve(db, "常务会议纪要", 2026) == "minutes:executive:2026"
    assert numbering.resolve(db, "用印", 2026) == "seal_application:2026"
    with pytest.raises(ValidationError, match="没有编号序列「同政报」"):
        numbering.resolve(db, "同政报", 2026)


def test_lowering_below_an_issued_number_is_refused_and_nothing_changes(db, admin):
    numbering.set_last_on_paper(db, admin, "incoming:2026", 57)
    reg(db)  # 58
    with pytest.raises(ValidationError) as refused:
        numbering.set_last_on_paper(db, admin, "incoming:2026", 50)
    assert "收文〔2026〕58号" in refused.value.message and "不能小于 58" in refused.value.message
    row = numbering.get_sequence(db, "incoming:2026")
    assert (row.last_used, row.on_paper) == (58, 57)
    # up to the highest issued number is allowed; raising skips numbers used on paper
    assert numbering.set_last_on_paper(db, admin, "incoming:2026", 58).next_number == 59
    assert numbering.set_last_on_paper(db, admin, "incoming:2026", 70).next_number == 71
    assert reg(db).number == "收文〔2026〕71号"
    assert maintenance.check(db).ok, maintenance.check(db).problems


def test_lowering_a_mistyped_value_before_anything_is_issued_is_allowed(db, admin):
    numbering.set_last_on_paper(db, admin, "incoming:2026", 812)
    row = numbering.set_last_on_paper(db, admin, "incoming:2026", 81)
    assert (row.last_used, row.next_text) == (81, "收文〔2026〕82号")
    assert reg(db).number == "收文〔2026〕82号"


def test_the_change_is_audited_with_before_and_after(db, admin):
    numbering.set_last_on_paper(db, admin, "doc:同政发:2026", 57)
    numbering.set_last_on_paper(db, admin, "doc:同政发:2026", 60)
    with db.read() as s:
        entries = s.execute(
            select(AuditEntry.action, AuditEntry.before_json, AuditEntry.after_json)
            .where(AuditEntry.table_name == "org_setting", AuditEntry.actor == "admin")
            .order_by(AuditEntry.seq)
        ).all()
    (action1, _, after1), (action2, before2, after2) = entries[-2:]
    assert action1 == "insert"
    assert json.loads(after1)["key"] == "numbering:doc:同政发:2026"
    assert json.loads(after1)["value_json"] == "57"
    assert action2 == "update"
    assert json.loads(before2) == {"value_json": "57"}
    assert json.loads(after2) == {"value_json": "60"}
    assert maintenance.check(db).ok, maintenance.check(db).problems


def test_a_counter_raised_behind_the_app_is_still_found(db, admin):
    numbering.set_last_on_paper(db, admin, "incoming:2026", 57)
    with db.uow("intruder") as s:
        allocate(s, "incoming:2026")  # 58, carried by no record
    problems = maintenance.check(db).problems
    assert any("收文" in p or "incoming:2026" in p for p in problems), problems


def test_only_an_administrator_sets_it_and_bad_input_is_refused(db, admin):
    with pytest.raises(PermissionDenied):
        numbering.set_last_on_paper(db, CLERK, "incoming:2026", 57)
    with pytest.raises(PermissionDenied):
        numbering.list_sequences(db, CLERK, 2026)
    for bad in ("-1", "五十七", 100000):
        with pytest.raises(ValidationError):
            numbering.set_last_on_paper(db, admin, "incoming:2026", bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        numbering.set_last_on_paper(db, admin, "nonsense:2026", 5)
    assert numbering.get_sequence(db, "incoming:2026").last_used == 0


def test_a_stale_edit_is_refused(db, admin):
    row = numbering.get_sequence(db, "incoming:2026")
    numbering.set_last_on_paper(db, admin, "incoming:2026", 57, expected_version=row.version)
    with pytest.raises(StaleRecordError):
        numbering.set_last_on_paper(db, admin, "incoming:2026", 60, expected_version=row.version)


def test_the_list_shows_every_sequence_of_the_year(db, admin):
    numbering.set_last_on_paper(db, admin, "doc:同政发:2026", 57)
    rows = {(r.label, r.period): r for r in numbering.list_sequences(db, admin, 2026)}
    assert rows[("发文 同政发", "2026年")].last_used == 57
    for label in ("发文 同政办发", "收文", "用印", "用印登记", "常务会议纪要"):
        assert (label, "2026年") in rows
    assert any(label == "常务会议" and p.startswith("本届") for label, p in rows)


@pytest.fixture
def cli_env(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    return db_url


def test_command_line_sets_and_shows(cli_env, capsys):
    from desktop_app.cli import main

    assert main(["numbering", "set", "同政发", "2026", "57"]) == 0
    assert "同政发〔2026〕58号" in capsys.readouterr().out
    assert main(["numbering", "set", "常务会议", "2026", "24"]) == 0
    assert "第二十五次" in capsys.readouterr().out
    assert main(["numbering", "show", "2026"]) == 0
    out = capsys.readouterr().out
    assert "发文 同政发" in out and "下一个：同政发〔2026〕58号" in out
    assert main(["numbering", "set", "同政报", "2026", "5"]) == 2
    assert "没有编号序列「同政报」" in capsys.readouterr().err
