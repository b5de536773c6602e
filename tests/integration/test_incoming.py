"""收文 on both engines: registration and 退文 (R32), proposal and routing (R32, R35, R6.2),
reading records (R36), the dashboard (R43, R35), classified records (R44), chase and closing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import CurrentUser, ValidationError
from tests.demo_db import fill_demo

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")
T = date(2026, 3, 2)  # a Monday


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


def reg(db, user=CLERK, day: date = T, **kw) -> incoming.IncomingDTO:
    args = dict(
        received_at=at(day),
        sender="佳木斯市人民政府办公室",
        title="关于做好春耕生产的通知",
        doc_type="通知",
        nature="action",
        sender_number="佳政办发〔2026〕3号",
    )
    args.update(kw)
    return incoming.register_document(db, user, **args)


def proposed(db, **kw) -> incoming.IncomingDTO:
    d = reg(db, **kw)
    return incoming.propose(db, CLERK, d.id, "呈孙副市长阅示，转农业农村局办理。", d.version)


def blocked(excinfo, rule_id: str) -> str:
    assert excinfo.value.rule_id == rule_id
    assert f"（{rule_id}）" in excinfo.value.message
    return excinfo.value.message


@pytest.fixture
def unit(db, admin) -> int:
    return directory.save_unit(db, admin, name="农业农村局", kind="department").id


def test_R32_register_numbers_per_year_and_flags_irregular_and_reverse_flow(db):
    a = reg(db)
    b = reg(
        db,
        channel="irregular",
        reverse_flow=True,
        title="某乡越级报送的请示",
        doc_type="请示",
        nature="request",
    )
    c = reg(db, day=date(2027, 1, 4))
    assert (a.number, b.number, c.number) == (
        "收文〔2026〕1号",
        "收文〔2026〕2号",
        "收文〔2027〕1号",
    )
    assert a.flags == () and a.status == "registered" and a.status_name == "待拟办"
    assert len(b.flags) == 2 and all("（R32）" in f for f in b.flags)
    assert "逆行文" in b.flags[1]
    with pytest.raises(ValidationError):
        reg(db, doc_type="便函")


def test_R32_nothing_is_routed_that_was_not_registered_and_proposed(db, unit):
    d = reg(db)
    with pytest.raises(RuleViolation) as err:
        incoming.route(
            db, CLERK, d.id, to="mayor", leader_id=None, today=T, expected_version=d.version
        )
    assert "拟办意见" in blocked(err, "R32")
    back = incoming.return_to_sender(db, CLERK, d.id, "非正常程序报送", d.version)
    assert back.status == "returned" and back.return_reason == "非正常程序报送"
    with pytest.raises(RuleViolation) as err:
        incoming.route(
            db,
            CLERK,
            d.id,
            to="department",
            lead_unit_id=unit,
            deadline=T,
            today=T,
            expected_version=None,
        )
    assert "未经收文登记" in blocked(err, "R32")
    with pytest.raises(RuleViolation):
        incoming.record_reading(db, CLERK, d.id, read_on=T, opinion="同意", unit_id=unit)


def test_R32_R35_routed_to_the_vice_mayor_in_charge_with_the_ab_partner_offered(db, admin):
    fill_demo(db, admin, T)
    person = {p.name: p.id for p in directory.list_persons(db)}
    units = {u.name: u.id for u in directory.list_units(db)}
    s = incoming.suggest_route(db, units["农业农村局"], T)
    assert (s.vice_mayor_name, s.partner_name, s.mayor_name) == ("孙立新", "赵文华", "李明远")
    d = proposed(db)
    routed = incoming.route(
        db,
        CLERK,
        d.id,
        to="vice_mayor",
        leader_id=s.vice_mayor_id,
        today=T,
        expected_version=d.version,
    )
    assert (routed.status, routed.leader_name) == ("routed", "孙立新")
    read = incoming.record_reading(
        db, CLERK, d.id, read_on=T, person_id=person["孙立新"], opinion="请农业农村局抓紧落实。"
    )
    assert read.flags == ()
    assert incoming.readings(db, CLERK, d.id) == [("孙立新", T, "请农业农村局抓紧落实。")]


def test_R35_department_route_needs_lead_and_deadline_in_working_days(db, unit):
    d = proposed(db, from_higher=True)
    with pytest.raises(RuleViolation) as err:
        incoming.route(
            db, CLERK, d.id, to="department", lead_unit_id=unit, today=T, expected_version=d.version
        )
    assert "时限" in blocked(err, "R35")
    with pytest.raises(RuleViolation):
        incoming.route(
            db, CLERK, d.id, to="department", working_days=5, today=T, expected_version=d.version
        )
    routed = incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=unit,
        working_days=5,
        today=T,
        expected_version=d.version,
    )
    assert routed.deadline == date(2026, 3, 9)  # five working days after Monday 2 March
    # a document from 佳木斯 sent to a department before the vice mayor read it: warned
    assert any("（R35）" in f and "分管副市长" in f for f in routed.flags)


def test_R36_empty_opinion_refused_where_an_opinion_is_required(db, unit):
    d = proposed(db, nature="request", doc_type="请示")
    d = incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=unit,
        working_days=3,
        today=T,
        expected_version=d.version,
    )
    for opinion in ("", "  ", "已阅知"):
        with pytest.raises(RuleViolation) as err:
            incoming.record_reading(db, CLERK, d.id, read_on=T, unit_id=unit, opinion=opinion)
        blocked(err, "R36")
    incoming.record_reading(db, CLERK, d.id, read_on=T, unit_id=unit, opinion="同意，按程序办理。")
    assert incoming.readings(db, CLERK, d.id) == [("农业农村局", T, "同意，按程序办理。")]


def test_R36_a_circle_on_a_notice_means_read(db, unit):
    d = proposed(db, nature="notice", doc_type="通报")
    incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=unit,
        working_days=3,
        today=T,
        expected_version=d.version,
    )
    incoming.record_reading(db, CLERK, d.id, read_on=T, unit_id=unit)
    assert incoming.readings(db, CLERK, d.id) == [("农业农村局", T, "已阅知")]


def _dash(db, today: date, rule_id: str) -> list[dashboard.AttentionItem]:
    return [i for i in dashboard.collect(db, today) if i.rule_id == rule_id]


def test_R43_dashboard_lists_documents_received_today_without_proposal(db):
    d = reg(db)
    reg(db, day=T + timedelta(days=1))  # received tomorrow: not yet
    items = _dash(db, T, "R43")
    assert [(i.severity, i.ref_id) for i in items] == [("warn", d.id)]
    assert "收文〔2026〕1号" in items[0].title and "第四十三条" in items[0].detail
    assert [i.severity for i in _dash(db, T + timedelta(days=3), "R43")] == ["overdue", "overdue"]
    incoming.propose(db, CLERK, d.id, "呈分管副市长阅示。", d.version)
    assert _dash(db, T, "R43") == []


def test_R35_dashboard_overdue_and_due_within_two_working_days(db, unit):
    d = proposed(db)
    d = incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=unit,
        working_days=2,
        today=T,
        expected_version=d.version,
    )  # Wednesday 4 March
    assert _dash(db, date(2026, 2, 27), "R35") == []  # Friday: 3 working days before
    assert [i.severity for i in _dash(db, T, "R35")] == ["due"]
    assert [i.severity for i in _dash(db, date(2026, 3, 5), "R35")] == ["overdue"]
    incoming.chase(db, CLERK, d.id, date(2026, 3, 5), "电话催办", "周五前报送")
    closed = incoming.close(
        db,
        CLERK,
        d.id,
        result="已落实并书面报告",
        closed_on=date(2026, 3, 6),
        archive_ref="2026-永久-15",
        expected_version=None,
    )
    assert (closed.status, closed.archive_ref) == ("closed", "2026-永久-15")
    assert _dash(db, date(2026, 3, 9), "R35") == []


def test_R44_classified_records_hidden_from_others_and_every_open_logged(db):
    with pytest.raises(RuleViolation) as err:
        reg(db, secrecy="机密", secrecy_term="10年", copies=1, copy_numbers="003")
    blocked(err, "R44")  # a clerk may not register a classified document
    with pytest.raises(RuleViolation) as err:
        reg(db, JIYAO, secrecy="机密", secrecy_term="10年", copies=2, copy_numbers="003")
    assert "份号" in blocked(err, "R44")
    secret = reg(
        db,
        JIYAO,
        secrecy="机密",
        secrecy_term="10年",
        copies=2,
        copy_numbers="003,004",
        title="涉密事项通知",
    )
    plain = reg(db)
    assert [d.id for d in incoming.list_documents(db, CLERK)] == [plain.id]
    assert incoming.list_documents(db, CLERK, search="涉密") == []
    assert incoming.count_documents(db, CLERK) == 1
    with pytest.raises(RuleViolation):
        incoming.get_document(db, CLERK, secret.id)
    assert incoming.count_documents(db, JIYAO) == 2
    assert incoming.get_document(db, JIYAO, secret.id).title == "涉密事项通知"
    incoming.get_document(db, JIYAO, plain.id)  # not classified: no view entry
    with db.read() as s:
        views = s.scalars(select(AuditEntry).where(AuditEntry.action == "view")).all()
        assert [(v.actor, v.table_name, v.record_id) for v in views] == [
            ("jiyao", "incoming_document", secret.id)
        ]


def test_void_keeps_the_record_out_of_the_register(db):
    d = reg(db)
    incoming.void_document(db, CLERK, d.id, "重复登记", d.version)
    assert incoming.list_documents(db, CLERK) == []
    assert incoming.list_documents(db, CLERK, include_voided=True)[0].void_reason == "重复登记"


def test_0003_incoming_documents_upgrades_a_database_holding_data(db, admin):
    """0002 → 0003 keeps the directory, meetings and the audit chain, and adds the 收文 tables."""

    from db import migrate
    from desktop_app.services.meetings import planning as meetings
    from desktop_app.services.system import maintenance
    from tests.integration.migration_support import downgrade_to

    downgrade_to(db, "0002")  # a 0002 database in the same server/file
    fill_demo(db, admin, T)
    mayor = {p.name: p.id for p in directory.list_persons(db)}["李明远"]
    # The meeting as the 0002 schema stores it (today's meeting model has later columns), with
    # its audit entry as the program writes one.
    from sqlalchemy import text

    from db import audit

    with db.uow("wenmi") as s:
        s.execute(
            text(
                "INSERT INTO meeting (kind, number, title, starts_at, room, presider_id,"
                " presider_capacity, status, confidential, township_heads_required, note, created_at,"
                " created_by, updated_at, updated_by, version) VALUES ('executive', 1,"
                " '市政府第一次常务会议', :at, '501', :mayor, '本人', 'planned', :f, :f, '', :at,"
                " 'wenmi', :at, 'wenmi', 1)"
            ),
            {"at": at(T + timedelta(days=3)), "mayor": mayor, "f": False},
        )
        meeting_id = s.execute(text("SELECT max(id) FROM meeting")).scalar_one()
        audit.append_entries(
            s, "wenmi", [("meeting", meeting_id, "insert", {}, {"title": "市政府第一次常务会议"})]
        )
    before = [p.name for p in directory.list_persons(db)]
    migrate.upgrade(db, backup_dir=None)
    assert migrate.current_revision(db) == migrate.HEAD
    assert [p.name for p in directory.list_persons(db)] == before
    assert [m.title for m in meetings.list_meetings(db)] == ["市政府第一次常务会议"]
    assert maintenance.check(db).ok
    assert reg(db).number == "收文〔2026〕1号"
