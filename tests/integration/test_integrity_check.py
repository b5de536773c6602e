"""`fuban check` sees every kind of edit made behind the app (issue: 14 of 30 were missed): every
audited table is replayed against its audit entries, `created_by` against the insert's actor,
password hashes by digest, number counters against the numbers issued, the search index against
its documents; a damaged SQLite file is reported in words, not as a traceback. Both engines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from sqlalchemy import text

from db.models import IncomingDocument, IncomingReading, Person, Unit
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from db.sequences import allocate
from desktop_app.formatting import CHINA
from desktop_app.services.system import accounts, maintenance

T = date(2026, 3, 2)


def _seed(db) -> dict[str, int]:
    """One record of each kind the trials edit, written through the audited unit of work."""
    with db.uow("wenmi") as s:
        p = Person(name="李明远")
        s.add(p)
        s.flush()
        inc = IncomingDocument(
            year=2026,
            seq=allocate(s, "incoming:2026"),
            received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
            sender="佳木斯市人民政府办公室",
            title="关于做好春耕生产的通知",
            doc_type="通知",
            nature="action",
        )
        secret = IncomingDocument(
            year=2026,
            seq=allocate(s, "incoming:2026"),
            received_at=datetime(2026, 3, 2, 10, tzinfo=CHINA),
            sender="省政府办公厅",
            title="涉密标题不得外泄",
            doc_type="通知",
            nature="action",
            secrecy="机密",
            secrecy_term="10年",
            copy_numbers="003",
        )
        s.add_all([inc, secret])
        s.flush()
        reading = IncomingReading(
            document_id=inc.id,
            person_id=p.id,
            read_on=T,
            kind="opinion",
            opinion="请农业农村局抓好落实。",
        )
        s.add(reading)
        u = Unit(name="农业农村局", kind="department")
        s.add(u)
        s.flush()
        out = OutgoingDocument(
            issuer="government",
            doc_type="通知",
            title="关于春耕的通知",
            drafting_unit_id=u.id,
            drafted_on=T,
            register_on=T,
            status="issued",
            prefix="同政发",
            year=2026,
            seq=allocate(s, "doc:同政发:2026"),
            signed_on=T,
            issued_on=T,
        )
        s.add(out)
        s.flush()
        sign = OutgoingSignoff(document_id=out.id, step_key="sign", person_id=p.id, signed_on=T)
        s.add(sign)
        s.flush()
        ids = dict(
            person=p.id,
            incoming=inc.id,
            secret=secret.id,
            reading=reading.id,
            outgoing=out.id,
            signoff=sign.id,
        )
    accounts.create_first_admin(db, "admin", "管理员", "first-pass-123")
    from desktop_app.services.system.common import CurrentUser

    admin = CurrentUser("admin", "管理员", "admin")
    ids["clerk"] = accounts.create_account(
        db, admin, "wenmi", "文秘甲", "clerk-pass-123", "clerk"
    ).id
    ids["admin"] = next(a.id for a in accounts.list_accounts(db) if a.username == "admin")
    return ids


# (what, SQL with {ids}, a phrase the report must contain)
TAMPERS: list[tuple[str, str, str]] = [
    (
        "收文标题被改",
        "UPDATE incoming_document SET title = '改过的标题' WHERE id = {incoming}",
        "表 incoming_document 第 {incoming} 行被绕过程序修改：title",
    ),
    (
        "收文密级被去掉",
        "UPDATE incoming_document SET secrecy = '' WHERE id = {secret}",
        "表 incoming_document 第 {secret} 行被绕过程序修改：secrecy",
    ),
    (
        "收文被删除",
        "DELETE FROM document_search WHERE kind = 'incoming' AND record_id = {incoming};"
        "DELETE FROM incoming_reading WHERE document_id = {incoming};"
        "DELETE FROM incoming_document WHERE id = {incoming}",
        "表 incoming_document 第 {incoming} 行已被删除",
    ),
    (
        "阅批意见被改",
        "UPDATE incoming_reading SET opinion = '同意' WHERE id = {reading}",
        "表 incoming_reading 第 {reading} 行被绕过程序修改：opinion",
    ),
    (
        "发文字号被改",
        "UPDATE outgoing_document SET seq = 7 WHERE id = {outgoing}",
        "表 outgoing_document 第 {outgoing} 行被绕过程序修改：seq",
    ),
    (
        "已印发文件被删除",
        "DELETE FROM outgoing_signoff WHERE document_id = {outgoing};"
        "DELETE FROM document_search WHERE kind = 'outgoing' AND record_id = {outgoing};"
        "DELETE FROM outgoing_document WHERE id = {outgoing}",
        "表 outgoing_document 第 {outgoing} 行已被删除",
    ),
    (
        "签批人被改",
        "UPDATE outgoing_signoff SET person_id = {person} + 0, step_key = 'office_review'"
        " WHERE id = {signoff}",
        "表 outgoing_signoff 第 {signoff} 行被绕过程序修改：step_key",
    ),
    (
        "账号角色改为管理员",
        "UPDATE account SET role = 'admin' WHERE id = {clerk}",
        "表 account 第 {clerk} 行被绕过程序修改：role",
    ),
    (
        "密码散列被替换",
        "UPDATE account SET password_hash = (SELECT password_hash FROM account "
        "WHERE id = {admin}) WHERE id = {clerk}",
        "表 account 第 {clerk} 行被绕过程序修改：password_hash（已被替换）",
    ),
    (
        "编号计数器被改",
        "UPDATE sequence_counter SET last_value = 1 WHERE name = 'incoming:2026'",
        "编号计数器「incoming:2026」为 1，已发编号最大为 2",
    ),
    (
        "检索索引被解密",
        "UPDATE document_search SET secrecy = '' WHERE kind = 'incoming' AND record_id = {secret}",
        "检索索引中 incoming 第 {secret} 号文件的密级或作废标记与文件不符",
    ),
    (
        "创建人被改",
        "UPDATE person SET created_by = 'admin' WHERE id = {person}",
        "表 person 第 {person} 行的创建人被改动",
    ),
]


@pytest.mark.parametrize("what,sql,phrase", TAMPERS, ids=[t[0] for t in TAMPERS])
def test_check_finds_every_kind_of_direct_edit(db, what, sql, phrase):
    ids = _seed(db)
    assert maintenance.check(db).problems == []
    with db.engine.begin() as conn:
        for stmt in sql.format(**ids).split(";"):
            conn.execute(text(stmt))
    problems = maintenance.check(db).problems
    assert any(phrase.format(**ids) in p for p in problems), (what, problems)


def test_a_counter_ahead_of_the_numbers_reports_the_missing_numbers(db):
    _seed(db)
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE sequence_counter SET last_value = 5 WHERE name = 'doc:同政发:2026'")
        )
    assert "编号计数器「doc:同政发:2026」为 5，已发编号最大为 1：第 2–5 号不见了" in " ".join(
        maintenance.check(db).problems
    )


def test_a_damaged_sqlite_file_is_reported_in_words(tmp_path):
    from db.engine import Database

    path = tmp_path / "fuban.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4096)  # a header, then garbage
    d = Database(f"sqlite:///{path}")
    try:
        result = maintenance.check(d)
    finally:
        d.dispose()
    assert not result.ok
    assert result.problems[0].startswith("数据库文件已损坏")
    assert "fuban db restore" in result.problems[0]


def _writer(db, stop) -> Callable[[], int]:
    """A clerk saving records throughout: each save numbers a 收文 and appends to the audit."""

    def run() -> int:
        n = 0
        while not stop.is_set():
            with db.uow("wenmi") as s:
                s.add(
                    IncomingDocument(
                        year=2026,
                        seq=allocate(s, "incoming:2026"),
                        received_at=datetime(2026, 3, 2, 9, tzinfo=CHINA),
                        sender="来文单位",
                        title=f"第{n}件",
                        doc_type="通知",
                        nature="info",
                    )
                )
            n += 1
        return n

    return run


def test_backups_taken_while_a_clerk_saves_each_restore_consistent(db, tmp_path):
    """A backup reads every table in one snapshot: taken while a writer runs, each one restores
    and passes `check` (counters level with the numbers, every row audited)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from db import migrate
    from db.engine import Database

    _seed(db)
    stop = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        written = pool.submit(_writer(db, stop))
        paths = []
        for i in range(3):
            paths.append(tmp_path / f"b{i}.zip")
            maintenance.backup(db, paths[-1])
        stop.set()
        assert written.result() > 0
    for i, path in enumerate(paths):
        target = Database(f"sqlite:///{tmp_path / f'r{i}.db'}")
        try:
            migrate.upgrade(target)
            maintenance.restore(target, path, tmp_path / "safety")
            assert maintenance.check(target).problems == []
        finally:
            target.dispose()
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    "damage",
    [
        "INSERT INTO audit_entry (seq, at, actor, table_name, record_id, action, before_json, "
        "after_json, prev_hash, hash) SELECT seq + 1, at, actor, table_name, record_id, action, "
        "before_json, after_json, hash, hash FROM audit_entry WHERE seq = (SELECT MAX(seq) FROM "
        "audit_entry)",
        "DELETE FROM audit_head",
    ],
    ids=["entry past the head", "head deleted"],
)
def test_a_damaged_audit_tip_refuses_saving_until_repaired_with_a_recorded_entry(db, damage):
    from db.audit_tip import AuditTipError
    from desktop_app.services.directory import commands as directory
    from desktop_app.services.system.common import CurrentUser

    admin = CurrentUser("admin", "管理员", "admin")
    directory.save_person(db, admin, name="张三")
    with db.engine.begin() as conn:
        conn.execute(text(damage))
    with pytest.raises(AuditTipError) as e:
        directory.save_person(db, admin, name="李四")
    assert "fuban db repair-audit" in e.value.message
    assert [p.name for p in directory.list_persons(db)] == ["张三"]  # nothing half-saved
    assert maintenance.repair_audit(db).startswith("已重新接续审计链")
    assert maintenance.repair_audit(db) == "审计链末尾完好，无需修复。"
    directory.save_person(db, admin, name="李四")
    with db.engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_entry ORDER BY seq"))]
    assert "repair" in actions  # never silently


def test_0014_incoming_numbers_are_unique_and_a_duplicate_stops_the_upgrade(db):
    """收文〔年〕N号 is UNIQUE like 发文 and 用印 numbers; a database already holding one twice is
    not upgraded, and the message names the number."""
    from sqlalchemy.exc import IntegrityError

    from db import migrate
    from db.errors import FubanError
    from tests.integration.migration_support import downgrade_to

    ids = _seed(db)
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text(f"UPDATE incoming_document SET seq = 1 WHERE id = {ids['secret']}"))
    downgrade_to(db, "0013")
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE incoming_document SET seq = 1 WHERE id = {ids['secret']}"))
    with pytest.raises(FubanError) as e:
        migrate.upgrade(db)
    assert "收文〔2026〕1号（2条）" in e.value.message
    assert migrate.current_revision(db) == "0013"
    with db.engine.begin() as conn:
        conn.execute(text(f"UPDATE incoming_document SET seq = 2 WHERE id = {ids['secret']}"))
    migrate.upgrade(db)
    assert migrate.current_revision(db) == migrate.HEAD


def test_R44_a_declassified_index_entry_still_shows_no_classified_title(db):
    """The search reads its hits' 密级 from the documents themselves: an index entry edited
    behind the app (secrecy cleared) does not put a classified title before a clerk."""
    from desktop_app.services.documents import search as doc_search
    from desktop_app.services.system.common import CurrentUser

    ids = _seed(db)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                f"UPDATE document_search SET secrecy = '' WHERE kind = 'incoming' "
                f"AND record_id = {ids['secret']}"
            )
        )
    clerk = CurrentUser("wenmi", "文秘甲", "clerk")
    machine = CurrentUser("jiyao", "机要员", "confidential")
    assert [h.title for h in doc_search.search_documents(db, clerk, "外泄")] == []
    assert [h.title for h in doc_search.search_documents(db, machine, "外泄")] == [
        "涉密标题不得外泄"
    ]
