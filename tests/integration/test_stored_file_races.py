"""Two clerks storing the same file at the same moment on a shared database (DESIGN.md → Data:
attachments are kept once, referenced by their hash): the same scan attached to two 用印登记, or
a 处理笺 printed for the first time by two clerks at once. Both saves go through, with one stored
file (one code) between them — not a raw duplicate-key error for the second clerk."""

from __future__ import annotations

from sqlalchemy import func, select

from db.models.seals import SealFile
from db.models.sheets import SheetCode
from desktop_app.services import seals
from desktop_app.services.documents import sheets
from desktop_app.services.system.common import CurrentUser
from tests.integration.seals_support import w_fixture  # noqa: F401 - the `w` fixture
from tests.integration.test_outgoing_support import T, draft, org_fixture  # noqa: F401 - `org`
from tests.sheet_checker import decode_codes
from tests.two_threads import lined_up

CLERK_A = CurrentUser("wenmi_a", "文秘甲", "clerk")
CLERK_B = CurrentUser("wenmi_b", "文秘乙", "clerk")


def test_the_same_scan_attached_to_two_entries_at_once_is_stored_once_and_both_saves_succeed(w):
    """One scan of the stamped pages of two applications, attached to each entry by a clerk
    at the same moment: each check finds the file not stored yet."""
    uses = []
    for title in ("关于春耕生产资金的说明", "关于秋收工作的报告"):
        app = w.approve(w.apply(title=title).id, "vice_mayor", w.vm)
        uses.append(w.use(app.id))
    scan = b"%PDF-1.7 scan of the stamped pages"
    with w.db.read() as s:
        files_before = s.scalar(select(func.count()).select_from(SealFile))
    results, errors = lined_up(
        w.db.engine,
        lambda sql: "FROM seal_file" in sql,
        [
            lambda u=u, c=c: seals.attach_scan(w.db, c, u.id, scan, "用印扫描.pdf", u.version)
            for u, c in zip(uses, (CLERK_A, CLERK_B), strict=True)
        ],
    )
    assert errors == []
    assert len({r.scan_sha256 for r in results}) == 1
    with w.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SealFile)) == files_before + 1
    assert all(seals.get_use(w.db, u.id).scan_sha256 for u in uses)


def test_a_sheet_printed_for_the_first_time_by_two_clerks_at_once_carries_one_code(db, org):
    """Both clerks print the 发文稿纸 of a new draft at the same moment: each finds no code made
    yet. Both prints go through, with the same code on both sheets."""
    d = draft(db, org)
    results, errors = lined_up(
        db.engine,
        lambda sql: "FROM sheet_code" in sql,
        [lambda c=c: sheets.outgoing_sheet_pdf(db, c, d.id, T) for c in (CLERK_A, CLERK_B)],
    )
    assert errors == []
    assert len({decode_codes(r.pdf)[0] for r in results}) == 1
    with db.read() as s:
        assert s.scalars(select(SheetCode.token).where(SheetCode.record_id == d.id)).all() == [
            decode_codes(results[0].pdf)[0]
        ]
