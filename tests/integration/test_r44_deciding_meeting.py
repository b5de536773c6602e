"""R44 (第四十四条) where a 发文 names the meeting that decided it (R10), on both engines: the agenda
items of a confidential 常务会议 are its content (services.meetings.secrecy). An account without
the classified permission sees the meeting's name but not the item's title — neither in the pick
list of deciding meetings nor in the 发文's 「作出决定的会议」 (register, opening, saves, the
printed 发文登记簿 and its export); 机要 sees it."""

from __future__ import annotations

from pathlib import Path

from db.models.meetings import Meeting
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import outgoing
from desktop_app.services.documents import register as doc_register
from tests.integration.r44_links_support import _xlsx, leaks
from tests.integration.test_outgoing_support import (
    CLERK,
    JIYAO,
    T,
    meeting,
    org_fixture,  # noqa: F401 - the `org` fixture
    signed_r33_1,
)

SECRET_ITEM = "审议庚辛壬密议边境设施建设方案"  # leaks() looks for 庚辛壬密议
HIDDEN = "（涉密会议，内容不显示）"


def _confidential_meeting(db) -> tuple[int, int]:
    ids = meeting(db, item=SECRET_ITEM)
    with db.uow("jiyao") as s:
        m = s.get(Meeting, ids[0])
        assert m is not None
        m.confidential = True
    return ids


def test_R44_deciding_meetings_pick_list_hides_a_confidential_meetings_items(db, org):
    _confidential_meeting(db)
    meeting(db, item="审议同江市城市供热管理办法")  # an open one: shown to all
    for user in (None, CLERK):  # no account (as before the pick list took one), the clerk
        shown = (
            outgoing.deciding_meetings(db)
            if user is None
            else (outgoing.deciding_meetings(db, user=user))
        )
        assert leaks(shown) == []
        assert [t for m in shown for _, t in m.items] == [HIDDEN, "审议同江市城市供热管理办法"]
        assert {m.title for m in shown} == {"市政府第三次常务会议"}  # the name is not hidden
    seen = outgoing.deciding_meetings(db, user=JIYAO)
    assert SECRET_ITEM in [t for m in seen for _, t in m.items]


def test_R44_a_documents_deciding_meeting_hides_a_confidential_item(db, org, tmp_path: Path):
    ids = _confidential_meeting(db)
    d = signed_r33_1(db, org, major_matter="财政预算")
    # 机要 records the link (the clerk could not see which item it is)
    linked = outgoing.record_deciding_meeting(
        db, JIYAO, d.id, meeting_id=ids[0], agenda_item_id=ids[1], expected_version=None
    )
    assert linked.decided_by_meeting == f"市政府第三次常务会议 议题：{SECRET_ITEM}"
    label = f"市政府第三次常务会议 议题：{HIDDEN}"
    # what the clerk gets back when saving the document, and in every read of it
    saved = outgoing.issue_outgoing(db, CLERK, d.id, issued_on=T, expected_version=None)
    for result in (
        saved,
        outgoing.get_outgoing(db, CLERK, d.id),
        outgoing.list_outgoing(db, CLERK),
        outgoing.list_outgoing(db, CLERK, ids=[d.id]),
        doc_register.outgoing_register(db, CLERK),
    ):
        assert leaks(result) == [], result
    assert outgoing.get_outgoing(db, CLERK, d.id).decided_by_meeting == label
    path = tmp_path / "out.xlsx"
    doc_export.export_outgoing_xlsx(db, CLERK, path)
    assert leaks(_xlsx(path)) == []
    # 机要 sees the item on every path
    assert outgoing.get_outgoing(db, JIYAO, d.id).decided_by_meeting == linked.decided_by_meeting
    assert outgoing.list_outgoing(db, JIYAO)[0].decided_by_meeting == linked.decided_by_meeting
