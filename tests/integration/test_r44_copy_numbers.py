"""R44 (第四十四条: printed copies of classified content carry 份号) for confidential minutes, on
both engines: every print takes the next 份号 of the minutes' counter — a reprint continues
000001, 000002 … and never repeats one —, N copies are one PDF of N copies each with its own
number, the audit log names the numbers printed, and unclassified minutes print as before with no
份号 and take none. Read back with pdftotext, as the other print tests do."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from db.models import AuditEntry, MinutesRecord
from desktop_app.services.meetings import minutes
from desktop_app.services.system.common import CurrentUser, ValidationError
from tests.integration.migration_support import drift_after_upgrade
from tests.integration.minutes_support import issued, plan
from tests.pdf_text import pdftotext

JIYAO = CurrentUser("jiyao", "机要员", "confidential")
COPY_MARK = re.compile(r"^(\d{6})秘密")


def pages(pdf: bytes) -> list[str]:
    """Each page's text, white space removed (pdftotext ends each page with a form feed)."""
    return [re.sub(r"\s+", "", p) for p in pdftotext(pdf).split("\f")][:-1]


def copy_marks(pdf: bytes) -> list[str]:
    """The 份号 of each copy in the PDF: a copy's first page opens with 份号 and 密级."""
    return [m[1] for p in pages(pdf) if (m := COPY_MARK.match(p))]


def printed(db, minutes_id: int) -> list[str]:
    """What each print entry of the minutes says, in order."""
    with db.read() as s:
        rows = s.scalars(
            select(AuditEntry.after_json)
            .where(
                AuditEntry.table_name == "minutes",
                AuditEntry.record_id == minutes_id,
                AuditEntry.action == "print",
            )
            .order_by(AuditEntry.seq)
        )
        return [json.loads(a)["what"] for a in rows]


def counter(db, minutes_id: int) -> int:
    with db.read() as s:
        return s.scalar(select(MinutesRecord.copies_printed).where(MinutesRecord.id == minutes_id))


@pytest.fixture(name="secret")
def secret_fixture(db, clerk):
    return issued(db, clerk, plan(db, clerk, confidential=True))


def test_R44_consecutive_prints_of_confidential_minutes_get_consecutive_copy_numbers(db, secret):
    """Printed twice, the minutes carry 000001 and then 000002 — a reprint continues the
    numbering — and each print is logged with its own number."""
    first = minutes.minutes_pdf(db, secret.id, user=JIYAO)
    second = minutes.minutes_pdf(db, secret.id, user=JIYAO)
    assert copy_marks(first.pdf) == ["000001"] and first.copy_numbers == ["000001"]
    assert copy_marks(second.pdf) == ["000002"] and second.copy_numbers == ["000002"]
    assert printed(db, secret.id) == ["纪要〔2024〕1号第000001份", "纪要〔2024〕1号第000002份"]
    assert any("第000002份" in n for n in second.notes)  # the preview's status bar says so
    assert counter(db, secret.id) == 2


def test_R44_n_copies_are_one_pdf_of_n_copies_each_with_its_own_copy_number(db, secret):
    """3 copies after one print: one PDF holding three whole copies of the minutes, numbered
    000002, 000003, 000004 (consecutive, on from the last), each with its 密级, its pages
    numbered from 「— 1 —」, and one log entry naming the range."""
    single = minutes.minutes_pdf(db, secret.id, user=JIYAO)
    three = minutes.minutes_pdf(db, secret.id, user=JIYAO, copies=3)
    assert copy_marks(three.pdf) == ["000002", "000003", "000004"]
    assert three.copy_numbers == ["000002", "000003", "000004"]
    assert three.pages == 3 * single.pages
    body = pages(single.pdf)
    for k in range(3):  # every copy is the whole document: same pages, only the 份号 differs
        copy = pages(three.pdf)[k * single.pages : (k + 1) * single.pages]
        assert copy[0][:6] == f"00000{k + 2}" and copy[0][6:] == body[0][6:]
        assert copy[1:] == body[1:]  # page numbers too: each copy's run from 「— 1 —」
    assert printed(db, secret.id)[-1] == "纪要〔2024〕1号第000002—000004份"
    after = minutes.minutes_pdf(db, secret.id, user=JIYAO)
    assert copy_marks(after.pdf) == ["000005"]  # never reused
    assert drift_after_upgrade(db) == []  # `fuban check` agrees with the counter


@pytest.mark.parametrize("copies", [0, -1, 100])
def test_R44_copies_outside_1_to_99_are_refused_and_take_no_number(db, secret, copies):
    with pytest.raises(ValidationError) as err:
        minutes.minutes_pdf(db, secret.id, user=JIYAO, copies=copies)
    assert "1至99份" in err.value.message
    assert counter(db, secret.id) == 0 and printed(db, secret.id) == []
    assert copy_marks(minutes.minutes_pdf(db, secret.id, user=JIYAO).pdf) == ["000001"]


def test_unclassified_minutes_print_without_copy_number_and_take_none(db, clerk):
    rec = issued(db, clerk, plan(db, clerk))
    for user in (clerk, JIYAO, None):
        result = minutes.minutes_pdf(db, rec.id, user=user, copies=2)
        text = "".join(pages(result.pdf))
        assert not re.search(r"\d{6}", text.split("纪要", 1)[0])  # nothing above the mark
        assert "秘密" not in text and result.copy_numbers == []
        assert result.pages == minutes.minutes_pdf(db, rec.id).pages  # one copy, as before
    assert counter(db, rec.id) == 0 and printed(db, rec.id) == []
