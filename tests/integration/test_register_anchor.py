"""Issue 13 item 8: the audit chain's head is printed in the footer of every page of every printed
register — 收文登记簿, 发文登记簿, 用印登记簿, the list of absences — on both engines. The text is the
head as the database holds it when the rows are read (db.audit.head_anchor, read in the same
snapshot); the R44 print entries of classified rows follow it in the chain. The page number keeps
its place (centred on the footer line), the anchor sits left of it, smaller."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pdfplumber
import pytest

from db import audit
from desktop_app.printing.geometry import LANDSCAPE, MM
from desktop_app.services.absences import queries as absences_queries
from desktop_app.services.absences.printouts import absence_list_pdf
from desktop_app.services.documents.register_printouts import (
    incoming_register_pdf,
    outgoing_register_pdf,
)
from desktop_app.services.seals.printouts import seal_register_pdf
from tests.integration.seals_support import T as SEAL_DAY
from tests.integration.seals_support import at, build_world
from tests.integration.test_absences import TRIP, file, gov  # noqa: F401 - the `gov` fixture
from tests.integration.test_doc_registers import CLERK, JIYAO, china, reg
from tests.integration.test_outgoing_support import org_fixture  # noqa: F401 - the `org` fixture

LONG = (
    "关于认真贯彻落实《黑龙江省人民政府关于进一步加强安全生产工作的意见》"
    "切实做好今冬明春安全生产和森林防火工作的通知"
)


def head(db) -> str:
    with db.read() as s:
        return audit.head_anchor(s)


def footers(pdf: bytes) -> list[tuple[str, str, float]]:
    """Per page: (anchor text, page number text, page number's centre x), spaces removed."""
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            foot = sorted(
                (c for c in page.chars if c["bottom"] > page.height - LANDSCAPE.bottom - 9 * MM),
                key=lambda c: (c["top"], c["x0"]),
            )
            small = [c for c in foot if c["size"] == pytest.approx(9)]
            number = [c for c in foot if c["size"] == pytest.approx(10.5)]
            assert all(c["x1"] < number[0]["x0"] for c in small), "anchor runs into the number"
            out.append(
                (
                    "".join(c["text"] for c in small).replace(" ", ""),
                    "".join(c["text"] for c in number).replace(" ", ""),
                    (number[0]["x0"] + number[-1]["x1"]) / 2,
                )
            )
    return out


def assert_anchored(pdf: bytes, anchor: str, least_pages: int = 2) -> None:
    pages = footers(pdf)
    assert len(pages) >= least_pages
    for n, (text, number, centre) in enumerate(pages, 1):
        assert text == anchor.replace(" ", ""), f"page {n}"
        assert number == f"第{n}页共{len(pages)}页"
        assert centre == pytest.approx(LANDSCAPE.width / 2, abs=1.5)  # where it always was


def test_every_page_of_the_incoming_register_carries_the_audit_head(db, admin):
    for i in range(30):
        reg(db, f"{LONG}（第{i + 1}份）", china(2018, 1, 1 + i % 28, 9, i))
    before = head(db)
    assert before.startswith("审计链第 ")
    pdf = incoming_register_pdf(db, CLERK, start=date(2018, 1, 1), end=date(2018, 1, 31)).pdf
    assert_anchored(pdf, before, least_pages=3)
    assert head(db) == before  # nothing classified printed: nothing appended


def test_incoming_anchor_follows_the_record_and_precedes_the_R44_print_entries(db, admin):
    reg(
        db,
        "关于防汛物资储备的通报",
        china(2018, 1, 20),
        user=JIYAO,
        secrecy="机密",
        secrecy_term="10年",
        copies=2,
        copy_numbers="007,008",
    )
    first = head(db)
    assert_anchored(
        incoming_register_pdf(db, JIYAO, start=date(2018, 1, 1), end=date(2018, 1, 31)).pdf,
        first,
        least_pages=1,
    )
    logged = head(db)
    assert logged != first  # R44: the print of the classified row came after, in the chain
    reg(db, "又一份文件", china(2018, 1, 21))
    latest = head(db)
    pdf = incoming_register_pdf(db, CLERK, start=date(2018, 1, 1), end=date(2018, 1, 31)).pdf
    assert latest not in (first, logged)
    assert_anchored(pdf, latest, least_pages=1)


def test_outgoing_register_carries_the_audit_head(db, org):
    from tests.integration.test_outgoing_support import T, issued

    issued(db, org, title="关于做好2026年防汛工作的通知")
    before = head(db)
    assert_anchored(
        outgoing_register_pdf(db, CLERK, start=T, end=T + timedelta(days=7)).pdf,
        before,
        least_pages=1,
    )


def test_every_page_of_the_seal_register_carries_the_audit_head(db, admin):
    w = build_world(db, admin)
    for i in range(12):
        app = w.approve(w.apply(title=f"{LONG}（{i + 1}）", purpose=LONG).id, "vice_mayor", w.vm)
        w.use(app.id, used_at=at(hour=8 + i % 10))
    before = head(db)
    result = seal_register_pdf(db, SEAL_DAY, SEAL_DAY, printed_on=SEAL_DAY, user=CLERK)
    assert result.pages >= 2
    assert_anchored(result.pdf, before)


def test_every_page_of_the_absence_list_carries_the_audit_head(db, gov):  # noqa: F811
    for k in range(6):
        file(db, gov, "曹阳", start=TRIP + timedelta(days=7 * k), days=1, reason=LONG * 2)
    shown = absences_queries.list_absences(db, today=TRIP)
    before = head(db)
    result = absence_list_pdf(db, shown, "全部", TRIP)
    assert result.pages >= 2
    assert_anchored(result.pdf, before)


def test_absence_list_is_read_again_with_its_anchor(db, gov):  # noqa: F811
    """The rows the pane hands over may be stale: the list prints them as they stand, with the
    head of the same moment, in the order given."""
    a = file(db, gov, "曹阳", start=TRIP, days=1)
    b = file(db, gov, "曹阳", start=TRIP + timedelta(days=7), days=1)
    rows, anchor = absences_queries.absences_to_print(db, [b.id, a.id, 999999])
    assert [d.id for d in rows] == [b.id, a.id] and anchor == head(db)
