"""A page of the 收文 register is one statement on both engines: the documents with their
leader's name, whether a leader has read them (R35's warning) and where an import brought them
from. Each DTO of the page is the one the document's own read (get_document) builds."""

from __future__ import annotations

from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import import_incoming as imp_in
from desktop_app.services.documents import incoming
from desktop_app.services.system import ledger_import as li
from tests import statements
from tests.demo_db import fill_demo
from tests.integration.import_support import write_ledger
from tests.integration.test_incoming import CLERK, T, proposed


def _count_statements(db, call):
    with statements.recorded(db) as seen:
        result = call()
    return result, seen


def test_a_page_and_what_its_rows_show_come_in_one_statement(db, admin, tmp_path):
    fill_demo(db, admin, T)
    person = {p.name: p.id for p in directory.list_persons(db)}
    unit = {u.name: u.id for u in directory.list_units(db)}["农业农村局"]
    path = write_ledger(
        tmp_path / "收文台账.xlsx",
        ["收文号", "收文日期", "来文机关", "标题", "文种"],
        [["收文〔2025〕9号", "2025-3-2", "省政府办公厅", "政务信息第3期", "信息"]],
    )
    li.import_file(db, CLERK, imp_in.SPEC, path)

    def to_department(title: str) -> incoming.IncomingDTO:
        d = proposed(db, title=title, from_higher=True)
        return incoming.route(
            db,
            CLERK,
            d.id,
            to="department",
            lead_unit_id=unit,
            working_days=5,
            today=T,
            expected_version=d.version,
        )

    unread = to_department("关于做好春耕生产的通知")
    read = to_department("关于做好秸秆禁烧工作的通知")
    incoming.record_reading(db, CLERK, read.id, read_on=T, person_id=person["孙立新"], opinion="阅")
    d = proposed(db, title="关于防汛工作的通知")
    to_leader = incoming.route(
        db,
        CLERK,
        d.id,
        to="vice_mayor",
        leader_id=person["孙立新"],
        today=T,
        expected_version=d.version,
    )

    page, seen = _count_statements(
        db, lambda: incoming.list_documents(db, CLERK, "", True, "", limit=50)
    )
    assert len(seen) == 1
    by_id = {x.id: x for x in page}
    ids = [unread.id, read.id, to_leader.id]
    found, seen = _count_statements(
        db, lambda: incoming.list_documents(db, CLERK, "", True, "", ids=ids)
    )
    assert len(seen) == 1
    assert {x.id for x in found} == set(ids)

    # What each row shows is what the document's own read says.
    for x in page:
        assert x == incoming.get_document(db, CLERK, x.id)
    assert any("（R35）" in f for f in by_id[unread.id].flags)  # no leader has read it
    assert not any("（R35）" in f for f in by_id[read.id].flags)
    assert by_id[to_leader.id].leader_name == "孙立新"
    imported = [x for x in page if x.number == "收文〔2025〕9号"]
    assert imported and imported[0].imported_from.startswith("导入自「收文台账.xlsx」")
    assert all(x.imported_from == "" for x in page if x.number != "收文〔2025〕9号")
