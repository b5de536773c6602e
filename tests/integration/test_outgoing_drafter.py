"""拟稿人 and 核稿人 of a 发文 (issue 19): recorded at 拟稿登记 as typed, kept through edits,
printed on the 发文稿纸, brought in by the 发文登记簿 import; migration 0023 upgrades a database
holding 发文 records (on both engines)."""

from __future__ import annotations

import pytest
from sqlalchemy import MetaData, Table, inspect, select

from db import migrate
from db.engine import Database
from db.models.outgoing import OutgoingDocument
from desktop_app.services.documents import outgoing, sheets
from desktop_app.services.documents.import_outgoing import SPEC
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import ValidationError
from tests.integration.import_support import write_ledger
from tests.integration.migration_support import downgrade_to, drift_after_upgrade
from tests.integration.test_outgoing_support import CLERK, Org, T, draft, org_fixture
from tests.sheet_checker import check_sheet

_ = org_fixture  # the `org` fixture: the demo government


def test_drafter_and_checker_are_recorded_edited_and_printed_on_the_sheet(db, org):
    d = draft(db, org, drafter="  王晓东 ", checker="李  红")
    assert (d.drafter, d.checker) == ("王晓东", "李 红")  # spaces tidied, as typed otherwise
    report = check_sheet(sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf, ["王晓东", "李 红"])
    assert "拟稿人" in report.text and "核稿人" in report.text
    e = outgoing.update_outgoing(db, CLERK, d.id, d.version, checker="赵敏")
    assert (e.drafter, e.checker) == ("王晓东", "赵敏")  # an edit leaves the other one alone
    text = check_sheet(sheets.outgoing_sheet_pdf(db, CLERK, d.id, T).pdf, ["赵敏"]).text
    assert "李 红" not in text


def test_unrecorded_drafter_prints_blank_and_too_long_a_name_saves_nothing(db, org):
    d = draft(db, org)
    assert (d.drafter, d.checker) == ("", "")
    with pytest.raises(ValidationError) as err:
        outgoing.update_outgoing(db, CLERK, d.id, d.version, drafter="王" * 65, title="改过的标题")
    assert "拟稿人不能超过64个字" in err.value.message
    with db.read() as s:
        row = s.get(OutgoingDocument, d.id)
        assert row is not None and (row.drafter, row.title, row.version) == (
            "",
            d.title,
            d.version,
        )


def test_import_brings_in_drafter_and_checker(db, org, tmp_path):
    headers = ["发文字号", "标题", "文种", "拟稿单位", "拟稿人", "核稿人", "印发日期"]
    rows = [
        ["同政发〔2026〕1号", "关于春耕的通知", "通知", "农业农村局", "王晓东", "李红", "2026-2-2"],
        ["同政发〔2026〕2号", "关于防火的通知", "通知", "农业农村局", "", "", "2026-2-3"],
    ]
    path = write_ledger(tmp_path / "发文.xlsx", headers, rows)
    assert li.import_file(db, CLERK, SPEC, path).count == 2
    with db.read() as s:
        got = s.execute(
            select(OutgoingDocument.drafter, OutgoingDocument.checker).order_by(
                OutgoingDocument.seq
            )
        ).all()
    assert [tuple(r) for r in got] == [("王晓东", "李红"), ("", "")]


def test_0023_adds_drafter_and_checker_to_a_database_holding_documents(empty_url, admin, tmp_path):
    from desktop_app.services import demo

    d = Database(empty_url)
    try:
        migrate.upgrade(d)
        demo.fill(d, admin, today=T)
        doc = draft(d, Org(d))
        downgrade_to(d, "0022")  # the older schema, the record in it
        cols = {c["name"] for c in inspect(d.engine).get_columns("outgoing_document")}
        assert not {"drafter", "checker"} & cols
        migrate.upgrade(d, backup_dir=tmp_path / "bk")
        again = outgoing.get_outgoing(d, CLERK, doc.id)
        assert (again.title, again.drafter, again.checker) == (doc.title, "", "")
        assert drift_after_upgrade(d) == []  # no row value changed behind the audit chain
        e = outgoing.update_outgoing(d, CLERK, doc.id, again.version, drafter="王晓东")
        assert e.drafter == "王晓东"
        downgrade_to(d, "0022")  # and back: the rows stay
        with d.engine.connect() as conn:
            table = Table("outgoing_document", MetaData(), autoload_with=conn)
            assert "drafter" not in table.c
            assert len(conn.execute(table.select()).all()) >= 1
    finally:
        d.dispose()
