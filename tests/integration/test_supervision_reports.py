"""Written reports on a 督办 item on both engines (R29.3): the attached file itself is kept (its
SHA-256 and size with the report, the bytes once in the file store) and read back to open or save;
a classified item's attachment only for accounts that may see it (R44). Text limits come from the
model's columns (db.text_input.max_length), as the forms' maxLength does."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from db.models.seals import SealFile
from db.models.supervision import SupervisionItem
from db.text_input import max_length
from desktop_app.services.directory import commands as directory
from desktop_app.services.supervision import commands, queries
from desktop_app.services.supervision.dto import HIDDEN
from desktop_app.services.system.common import PermissionDenied, ValidationError
from tests.demo_db import fill_demo

DAY = date(2026, 9, 30)
SCAN = b"%PDF-1.4 report scan " + bytes(range(256)) * 40


@pytest.fixture
def item(db, admin, clerk):
    fill_demo(db, admin, date(2026, 9, 1))
    unit = next(u.id for u in directory.list_units(db) if u.name == "财政局")
    return commands.create_item(
        db,
        clerk,
        kind="major",
        title="完成供热补贴资金拨付",
        unit_id=unit,
        responsible_person="徐东升",
        deadline=date(2026, 10, 30),
        assigned_on=DAY,
    )


def _report(db, user, item_id, **kw):
    values = dict(received_on=DAY, text="已拨付一半", today=DAY)
    values.update(kw)
    return commands.record_report(db, user, item_id, **values)


def test_R29_3_the_attached_file_is_kept_with_its_hash_and_size(db, clerk, item):
    r = _report(db, clerk, item.id, attachment=SCAN, attachment_name="拨付凭证.pdf")
    assert r.attachment_sha256 == hashlib.sha256(SCAN).hexdigest()
    assert (r.attachment_size, r.has_file) == (len(SCAN), True)
    (listed,) = queries.reports_of(db, item.id, user=clerk)
    assert (listed.attachment_name, listed.attachment_size) == ("拨付凭证.pdf", len(SCAN))
    assert listed.attachment_text == "拨付凭证.pdf（10 KB）"
    stored = queries.report_attachment(db, r.id, user=clerk)
    assert (stored.filename, stored.size, stored.content) == ("拨付凭证.pdf", len(SCAN), SCAN)
    # the same bytes attached to a second report are stored once
    _report(db, clerk, item.id, attachment=SCAN, attachment_name="再次报送.pdf")
    with db.read() as s:
        assert s.query(SealFile).filter_by(sha256=r.attachment_sha256).count() == 1


def test_R29_3_a_paper_attachment_is_noted_by_name_and_has_no_file(db, clerk, item):
    r = _report(db, clerk, item.id, attachment_name="资金拨付明细表（纸质）")
    assert (r.has_file, r.attachment_text) == (False, "资金拨付明细表（纸质）")
    with pytest.raises(ValidationError, match="没有附件文件"):
        queries.report_attachment(db, r.id, user=clerk)


def test_a_file_without_a_name_and_an_empty_file_are_refused_and_nothing_saved(db, clerk, item):
    with pytest.raises(ValidationError, match="文件名"):
        _report(db, clerk, item.id, attachment=SCAN, attachment_name="")
    with pytest.raises(ValidationError, match="文件过大"):
        _report(db, clerk, item.id, attachment=b"x" * (50 * 1024 * 1024 + 1), attachment_name="a")
    assert queries.reports_of(db, item.id, user=clerk) == []


def test_R44_a_classified_item_s_attachment_is_not_given_to_an_ordinary_account(
    db, admin, clerk, item
):
    r = _report(db, admin, item.id, text="批复意见", attachment=SCAN, attachment_name="批复.pdf")
    with db.uow("admin") as s:
        s.get(SupervisionItem, item.id).secrecy = "机密"
    (seen,) = queries.reports_of(db, item.id, user=clerk)
    assert (seen.text, seen.attachment_name) == (HIDDEN, "（附件不显示）")
    with pytest.raises(PermissionDenied):
        queries.report_attachment(db, r.id, user=clerk)
    assert queries.report_attachment(db, r.id, user=admin).content == SCAN


def test_text_limits_are_the_model_s_columns(db, clerk, item):
    limit = max_length(SupervisionItem, "responsible_person")
    assert limit == 64
    with pytest.raises(ValidationError, match=f"最多{limit}个字"):
        commands.create_item(
            db,
            clerk,
            kind="major",
            title="督办事项",
            unit_id=item.unit_id,
            responsible_person="甲" * (limit + 1),
            deadline=date(2026, 10, 30),
            assigned_on=DAY,
        )
    title_limit = max_length(SupervisionItem, "title")
    with pytest.raises(ValidationError, match=f"最多{title_limit}个字"):
        commands.create_item(
            db,
            clerk,
            kind="major",
            title="题" * (title_limit + 1),
            unit_id=item.unit_id,
            responsible_person="徐东升",
            deadline=date(2026, 10, 30),
            assigned_on=DAY,
        )
    # a Text column takes a long written report in full (no limit of its own)
    long = "落实情况" * 2000
    assert _report(db, clerk, item.id, text=long).text == long
