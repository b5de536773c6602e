"""Imported history on both engines (issue 20 items 3 and 4): every imported 收文 and 发文 says
where it came from — 「导入自「file」（工作表「sheet」第N行），who when」 — in the register and
the record; imported 发文 were approved on paper and are not checked against today's sign-off
rules (no missing steps, no rule warnings, sealable), while a 发文 drafted in fuban still is;
imported 收文 carry none of today's intake warnings."""

from __future__ import annotations

import re
from datetime import datetime

from desktop_app.formatting import CHINA
from desktop_app.services.documents import import_incoming as imp_in
from desktop_app.services.documents import import_outgoing as imp_out
from desktop_app.services.documents import incoming, outgoing
from desktop_app.services.documents.outgoing_signoffs import PAPER
from desktop_app.services.system import ledger_import as li
from tests.integration.import_support import write_ledger
from tests.integration.test_outgoing_support import (
    CLERK,
    draft,
    org_fixture,  # noqa: F401 - `org`
)

OUT_HEADERS = ["发文字号", "标题", "文种", "拟稿单位", "签发人", "签发日期", "印发日期"]


def test_imported_outgoing_is_not_checked_against_todays_signoff_rules(db, org, tmp_path):
    path = write_ledger(
        tmp_path / "发文登记簿2026.xlsx",
        OUT_HEADERS,
        [
            [
                "同政发〔2026〕1号",
                "关于春耕的通知",
                "通知",
                "农业农村局",
                "孙立新",
                "2026-2-1",
                "2026-2-2",
            ],
            ["同政发〔2026〕2号", "关于防汛的通知", "通知", "农业农村局", "", "", "2026-2-9"],
        ],
    )
    li.import_file(db, CLERK, imp_out.SPEC, path)
    docs = {d.number: d for d in outgoing.list_outgoing(db, CLERK)}
    first, second = docs["同政发〔2026〕1号"], docs["同政发〔2026〕2号"]
    for d, row in ((first, 2), (second, 3)):
        assert d.imported_from.startswith(
            f"导入自「发文登记簿2026.xlsx」（工作表「台账」第{row}行），"
        )
        assert d.chain_complete and d.missing_steps == () and d.warnings == ()
    assert first.signer_name == "孙立新"
    lines = outgoing.signoff_checklist(db, CLERK, first.id)
    sign = next(x for x in lines if x.step_key == "sign")
    assert sign.done and sign.signer_name == "孙立新"
    assert all(x.needed == PAPER for x in lines if not x.done)
    assert any(not x.done for x in lines)  # today's chain has steps the paper ledger never listed
    with db.read() as s:
        outgoing.check_ready_to_seal(s, second.id)  # no R45.1 refusal: approved on paper
        assert outgoing.formal_document(s, second.id).chain_complete
    assert outgoing.get_outgoing(db, CLERK, first.id).imported_from == first.imported_from
    # a 发文 drafted in fuban is still held to today's chain
    mine = draft(db, org)
    assert mine.imported_from == "" and not mine.chain_complete and mine.missing_steps


def test_imported_incoming_says_where_it_came_from_and_carries_no_intake_warning(db, tmp_path):
    headers = ["收文号", "收文日期", "来文机关", "标题", "文种"]
    path = write_ledger(
        tmp_path / "收文台账.xlsx",
        headers,
        [["收文〔2026〕1号", "2026-3-2", "省政府办公厅", "政务信息第3期", "信息"]],
    )
    li.import_file(db, CLERK, imp_in.SPEC, path)
    mine = incoming.register_document(
        db,
        CLERK,
        received_at=datetime(2026, 3, 5, 9, tzinfo=CHINA),
        sender="省政府办公厅",
        title="政务信息第4期",
        doc_type="信息",
        nature="notice",
    )
    docs = {d.number: d for d in incoming.list_documents(db, CLERK, "", True, "")}
    old = docs["收文〔2026〕1号"]
    assert old.imported_from.startswith("导入自「收文台账.xlsx」（工作表「台账」第2行），")
    assert re.search(r"），wenmi \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$", old.imported_from)
    assert old.flags == ()  # R42 is today's rule; the paper bulletin was handled then
    assert incoming.get_document(db, CLERK, old.id).imported_from == old.imported_from
    assert mine.imported_from == "" and any("R42" in f for f in docs[mine.number].flags)
