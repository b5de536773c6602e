"""The seal register on both engines (LOG): numbers gap-free under two concurrent processes, a void
keeps the entry and its number, the register and reconciliation views, the printed form's DTO,
and `fuban check` finding register rows changed or deleted directly in the database."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from db.engine import Database
from desktop_app.cli import main
from desktop_app.services import seals
from desktop_app.services.system import maintenance
from tests.integration.seals_support import CLERK, T, World, at, build_world, w_fixture  # noqa: F401
from tests.two_processes import race

PER_PROCESS = 15


def test_LOG_void_keeps_the_entry_and_its_number_and_a_new_entry_follows(w):
    app = w.approve(w.apply(copies=5).id, "vice_mayor", w.vm)
    first = w.use(app.id, copies_stamped=5)
    with pytest.raises(Exception, match="原因"):
        seals.void_use(w.db, CLERK, first.id, " ", first.version)
    voided = seals.void_use(w.db, CLERK, first.id, "份数登记错误，实际盖印 4 份", first.version)
    assert voided.voided and (voided.year, voided.seq) == (2026, 1)
    assert seals.get_application(w.db, app.id).status == "approved"
    second = w.use(app.id, copies_stamped=4, copies_spoiled=1, used_at=at(hour=11))
    assert second.seq == 2
    dto = seals.get_application(w.db, app.id)
    assert dto.status == "used" and dto.active_use.id == second.id
    assert [(u.seq, u.voided) for u in dto.uses] == [(1, True), (2, False)]
    rows = seals.register_rows(w.db, T, T)
    assert [(r.serial, r.voided, r.copies_stamped) for r in rows] == [(1, True, 5), (2, False, 4)]
    assert rows[0].remarks == "作废：份数登记错误，实际盖印 4 份"
    assert rows[1].remarks == "废页 1 份"
    assert rows[1].number == "用印〔2026〕1号" and rows[1].approvers == "孙副市长（副市长）"
    assert rows[1].date_text == "2026年3月2日 11:00"
    assert (rows[1].unit_name, rows[1].seal_name, rows[1].handler, rows[1].supervisor) == (
        "农业农村局",
        "同江市人民政府印",
        "王经办",
        "赵监印",
    )
    # the application itself can then be voided; it keeps its number
    seals.void_use(w.db, CLERK, second.id, "文件撤回", second.version)
    dto = seals.void_application(w.db, CLERK, app.id, "文件撤回，不再用印", dto.version)
    assert dto.status == "voided" and dto.number == "用印〔2026〕1号"
    assert w.apply().number == "用印〔2026〕2号"


def test_queries_filter_reconcile_and_fill_the_printed_form(w, admin):
    a = w.approve(w.apply(title="春耕资金说明", copies=4).id, "vice_mayor", w.vm)
    w.use(a.id, copies_stamped=3, copies_spoiled=2)
    b = w.apply(seal_id=w.office_seal, title="办公室证明", applied_on=T + timedelta(days=31))
    c = w.approve(w.apply(title="已作废的申请").id, "vice_mayor", w.vm)
    seals.void_application(w.db, CLERK, c.id, "申请有误", c.version)
    assert [x.title for x in seals.list_applications(w.db, seal_id=w.office_seal)] == ["办公室证明"]
    assert [x.id for x in seals.list_applications(w.db, start=T, end=T)] == [c.id, a.id]
    assert [x.id for x in seals.list_applications(w.db, text="春耕")] == [a.id]
    assert [x.id for x in seals.list_applications(w.db, status="used")] == [a.id]
    assert [x.id for x in seals.list_applications(w.db, include_voided=False)] == [b.id, a.id]
    assert seals.list_applications(w.db, unit_id=w.office) == []
    used = seals.list_applications(w.db, status="used")[0]
    assert (used.copies_stamped, used.status_name) == (3, "已用印")

    rec = seals.reconciliation(w.db, 2026)
    assert [
        (x.seal_name, x.month, x.copies_approved, x.copies_stamped, x.copies_spoiled, x.unstamped)
        for x in rec
    ] == [("同江市人民政府印", 3, 4, 3, 2, 1)]

    form = seals.application_form(w.db, b.id)  # before approval: empty boxes for wet signatures
    assert form.title == "同江市人民政府用印审批单"
    assert form.seal_ticks == (("市政府印章", False), ("市政府办公室印章", True), ("其他", False))
    # only the boxes this application's rules ask for (R46), beside the joint opinion boxes of an
    # other use: no 分管副市长 or 市长 box on an office-seal application
    assert [(x.code, x.required, x.approval) for x in form.boxes] == [
        ("unit_head", False, None),
        ("office_review", False, None),
        ("office_director", True, None),
    ]
    assert (form.important_text, form.legality_text, form.supervisor) == ("否", "否", "")
    w.approve(
        b.id, "unit_head", signer_name="王局长", opinion="请予用印", on=T + timedelta(days=31)
    )
    w.approve(b.id, "office_director", w.director, on=T + timedelta(days=31))
    w.use(b.id, used_at=at(T + timedelta(days=31)), copies_stamped=2)
    form = seals.application_form(w.db, b.id)
    boxes = {x.code: x.approval for x in form.boxes}
    assert boxes["unit_head"].opinion == "请予用印"
    assert boxes["office_director"].signer_name == "王主任"
    assert (form.supervisor, form.copies_stamped) == ("赵监印", 2)
    assert form.application.contact == "13900000000"


def test_LOG_fuban_check_finds_a_register_row_changed_or_deleted_in_the_database(
    w,
    db_url,
    tmp_path,
    monkeypatch,
    capsys,
):
    app = w.approve(w.apply().id, "vice_mayor", w.vm)
    use = w.use(app.id, copies_stamped=3, scan=b"scan-bytes")
    assert maintenance.check(w.db).ok
    monkeypatch.setenv("FUBAN_DB_URL", db_url)
    monkeypatch.setenv("FUBAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FUBAN_CONFIG_DIR", str(tmp_path / "cfg"))
    assert main(["check"]) == 0
    # Opening keyed the audit chain with this PC's new audit.key: verify with it from now on.
    from desktop_app import config

    w.db.set_audit_key(config.read_audit_key())
    capsys.readouterr()
    with w.db.engine.begin() as conn:
        conn.execute(text(f"UPDATE seal_use SET copies_stamped = 30 WHERE id = {use.id}"))
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert f"登记簿表 seal_use 第 {use.id} 行被绕过程序修改：copies_stamped" in out
    with w.db.engine.begin() as conn:
        conn.execute(text(f"UPDATE seal_use SET copies_stamped = 3 WHERE id = {use.id}"))
    assert maintenance.check(w.db).ok  # put back exactly: nothing to report
    with w.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE seal_file SET content = :c WHERE sha256 = :h"),
            {"c": b"forged", "h": use.scan_sha256},
        )
        conn.execute(text(f"DELETE FROM seal_use WHERE id = {use.id}"))
    problems = maintenance.check(w.db).problems
    assert f"登记簿表 seal_use 第 {use.id} 行已被删除（登记簿只能作废，不能删除）" in problems
    assert any("内容被改动" in p and "seal_file" in p for p in problems)


def test_backup_and_restore_carry_stored_files(w, sqlite_db, tmp_path):
    seal = seals.get_seal(w.db, w.gov_seal)
    path = tmp_path / "b.zip"
    maintenance.backup(w.db, path)
    maintenance.restore(sqlite_db, path, tmp_path / "safety")
    assert (
        seals.get_file(sqlite_db, seal.imprint_sha256).content == "印模:同江市人民政府印".encode()
    )
    assert maintenance.check(sqlite_db).ok


def _use_many(d: Database, ids: dict, count: int) -> list[tuple[int, int]]:
    """In a child process: apply, approve and register `count` uses, one transaction each."""
    from desktop_app.services import seals as svc
    from desktop_app.services.system.common import CurrentUser

    user = CurrentUser("p", "进程", "clerk")
    got = []
    for i in range(count):
        app = svc.apply(
            d,
            user,
            applied_on=ids["day"],
            unit_id=ids["unit"],
            handler="经办",
            title=f"文件{i}",
            copies=1,
            seal_id=ids["seal"],
            purpose="报送",
        )
        svc.record_approval(
            d, user, app.id, "vice_mayor", signed_on=ids["day"], person_id=ids["vm"]
        )
        use = svc.record_use(
            d,
            user,
            app.id,
            used_at=ids["at"],
            copies_stamped=1,
            supervisor="监印",
            no_blank_paper=True,
        )
        got.append((app.seq, use.seq))
    return got


def test_LOG_two_processes_get_gap_free_application_and_register_numbers(db_url, admin):
    d = Database(db_url)
    try:
        world: World = build_world(d, admin)
    finally:
        d.dispose()
    ids = dict(day=T, at=at(), unit=world.unit, seal=world.gov_seal, vm=world.vm)
    lists = race(db_url, _use_many, [(ids, PER_PROCESS), (ids, PER_PROCESS)], timeout=300)
    pairs = lists[0] + lists[1]
    expected = list(range(1, 2 * PER_PROCESS + 1))
    assert sorted(a for a, _ in pairs) == expected
    assert sorted(u for _, u in pairs) == expected
    d = Database(db_url)
    try:
        rows = seals.register_rows(d, T, T)
        assert [r.serial for r in rows] == expected
        assert maintenance.check(d).ok
    finally:
        d.dispose()


def test_printed_register_reports_progress_per_page_and_stops_when_cancelled(w):
    """The 用印登记簿 is built off the GUI thread by the UI: the service passes its progress
    callback and cancel check down to the drawing, page by page."""
    from desktop_app.printing.register import BuildCancelled
    from desktop_app.services.seals.printouts import seal_register_pdf

    for k in range(3):
        app = w.approve(w.apply(title=f"进度测试文件{k}").id, "vice_mayor", w.vm)
        w.use(app.id, copies_stamped=1)
    seen: list[tuple[int, int]] = []
    result = seal_register_pdf(w.db, T, T, progress=lambda n, m: seen.append((n, m)))
    assert seen == [(n, result.pages) for n in range(1, result.pages + 1)]
    with pytest.raises(BuildCancelled):
        seal_register_pdf(w.db, T, T, cancelled=lambda: True)
