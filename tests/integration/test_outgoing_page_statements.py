"""A page of the 发文 register reads the documents with their deciding meeting (R10), whether a
disagreement is open (R37), their import provenance and the R16 filing days in one statement;
then their sign-offs, the names of the people and units they cite, and the open disagreements'
texts only where one is open. Each DTO of the page is the one the document's own read
(get_outgoing) builds."""

from __future__ import annotations

from desktop_app.services.documents import import_outgoing as imp_out
from desktop_app.services.documents import outgoing
from desktop_app.services.system import ledger_import as li
from tests.integration.import_support import write_ledger
from tests.integration.test_import_history import OUT_HEADERS
from tests.integration.test_incoming_page_one_statement import _count_statements
from tests.integration.test_outgoing_support import (
    CLERK,
    T,
    decide,
    draft,
    issued,
    meeting,
    org_fixture,  # noqa: F401 - the `org` fixture
    signed_r33_1,
)


def test_a_page_reads_its_documents_and_what_they_show_in_three_statements_or_four(
    db, org, tmp_path
):
    path = write_ledger(
        tmp_path / "发文台账.xlsx",
        OUT_HEADERS,
        [
            [
                "同政发〔2025〕7号",
                "关于印发旧办法的通知",
                "通知",
                "农业农村局",
                "张海峰",
                "2025-3-2",
                "2025-3-3",
            ]
        ],
    )
    li.import_file(db, CLERK, imp_out.SPEC, path)
    plain = issued(db, org)
    linked = draft(db, org, title="同江市城市供热管理办法", is_normative=True)
    outgoing.record_legal_review(
        db, CLERK, linked.id, reviewed_on=T, reviewer="杨帆", expected_version=None
    )
    linked = decide(db, linked.id, meeting(db))
    disputed = signed_r33_1(
        db, org, joint_unit_ids=[org.u["自然资源局"]], title="关于做好耕地保护工作的通知"
    )
    outgoing.record_disagreement(
        db,
        CLERK,
        disputed.id,
        raised_on=T,
        positions=[("农业农村局", "春耕时节紧"), ("自然资源局", "耕地红线核实未完成")],
        proposal="先下发春耕部分",
    )

    page, seen = _count_statements(db, lambda: outgoing.list_outgoing(db, CLERK, limit=50))
    assert len(seen) == 4  # the page with its extras, the sign-offs, the names, the dispute
    ids = [plain.id, linked.id]
    found, seen = _count_statements(db, lambda: outgoing.list_outgoing(db, CLERK, ids=ids))
    assert len(seen) == 3 and {x.id for x in found} == set(ids)  # no dispute open among them

    for x in page:
        assert x == outgoing.get_outgoing(db, CLERK, x.id)
    by_id = {x.id: x for x in page}
    assert (
        by_id[linked.id].decided_by_meeting
        == "市政府第三次常务会议 议题：审议同江市城市供热管理办法"
    )
    assert by_id[plain.id].decided_by_meeting == ""
    assert len(by_id[disputed.id].open_disagreements) == 1
    assert by_id[disputed.id].open_disagreements[0].endswith("（建议：先下发春耕部分）")
    assert by_id[plain.id].open_disagreements == ()
    assert (
        by_id[plain.id].signer_name == "张海峰"
        and by_id[disputed.id].joint_unit_names == "自然资源局"
    )
    imported = [x for x in page if x.number == "同政发〔2025〕7号"]
    assert imported and imported[0].imported_from.startswith("导入自「发文台账.xlsx」")
    assert all(x.imported_from == "" for x in page if x.number != "同政发〔2025〕7号")
