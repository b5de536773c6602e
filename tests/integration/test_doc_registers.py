"""收文登记簿 (and 发文登记簿) on both engines: rows for a date range in China time, pages newest
first, the printed PDF (text read back with pdfplumber) and the .xlsx export (openpyxl), voided
entries shown as 作废, classified rows only for the 机要 role with their 份号, and every classified
row printed or exported written to the audit log (R44)."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pdfplumber
from openpyxl import load_workbook
from sqlalchemy import select

from db.models import AuditEntry
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import incoming
from desktop_app.services.documents import register as doc_register
from desktop_app.services.documents.register_printouts import (
    incoming_register_pdf,
    outgoing_register_pdf,
)
from desktop_app.services.system.common import CurrentUser
from tests.integration.test_outgoing_support import org_fixture  # noqa: F401 - the `org` fixture

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")
HEADERS = [
    "收文号",
    "收文日期",
    "来文机关",
    "来文字号",
    "标题",
    "密级",
    "紧急程度",
    "份数",
    "拟办意见",
    "领导批示",
    "承办单位",
    "办理时限",
    "办结日期",
    "归档号",
]


def reg(db, title: str, when: datetime, user=CLERK, **kw):
    args = dict(
        received_at=when,
        sender="佳木斯市人民政府办公室",
        sender_number="佳政办发〔2018〕3号",
        title=title,
        doc_type="通知",
        nature="action",
    )
    return incoming.register_document(db, user, **(args | kw))


def china(y, m, d, h=9, minute=0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=CHINA)


def fill(db, admin):
    """Five documents around January 2018 — one handled to the end, one voided, one classified."""
    unit = directory.save_unit(db, admin, name="同江市水务局", kind="department").id
    helper = directory.save_unit(db, admin, name="同江市应急管理局", kind="department").id
    leader = directory.save_person(db, admin, name="李明远").id
    reg(db, "去年最后一份文件", china(2017, 12, 31, 23, 30))
    first = reg(db, "关于做好2018年防汛工作的通知", china(2018, 1, 1, 0, 30), urgency="加急")
    d = incoming.propose(db, CLERK, first.id, "拟请李明远副市长阅示，转水务局办理。", first.version)
    d = incoming.route(
        db,
        CLERK,
        d.id,
        to="department",
        lead_unit_id=unit,
        assist_unit_ids=(helper,),
        deadline=date(2018, 1, 15),
        today=date(2018, 1, 2),
        expected_version=d.version,
    )
    incoming.record_reading(
        db, CLERK, d.id, read_on=date(2018, 1, 3), person_id=leader, opinion="请水务局抓紧落实。"
    )
    d = incoming.get_document(db, CLERK, d.id)
    incoming.close(
        db,
        CLERK,
        d.id,
        result="已落实。",
        closed_on=date(2018, 1, 12),
        archive_ref="2018-WS-001",
        expected_version=d.version,
    )
    wrong = reg(db, "重复登记的文件", china(2018, 1, 5))
    incoming.void_document(db, CLERK, wrong.id, "与收文〔2018〕1号重复", wrong.version)
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
    reg(db, "二月份的文件", china(2018, 2, 1))


def test_rows_for_a_date_range_in_china_time_newest_first_and_paged(db, admin):
    fill(db, admin)
    jan = dict(start=date(2018, 1, 1), end=date(2018, 1, 31))
    rows = doc_register.incoming_rows(db, CLERK, **jan)
    assert [r.title for r in rows] == ["重复登记的文件", "关于做好2018年防汛工作的通知"]
    assert rows[0].voided and rows[0].void_reason == "与收文〔2018〕1号重复"
    done = rows[1]
    assert (done.number, done.urgency, done.deadline, done.closed_on, done.archive_ref) == (
        "收文〔2018〕1号",
        "加急",
        date(2018, 1, 15),
        date(2018, 1, 12),
        "2018-WS-001",
    )
    assert done.units == "同江市水务局（协办：同江市应急管理局）"
    assert done.instructions == "李明远：请水务局抓紧落实。（2018年1月3日）"
    assert done.received_on == date(2018, 1, 1) and not done.voided
    assert [
        r.title for r in doc_register.incoming_rows(db, CLERK, **jan, include_voided=False)
    ] == ["关于做好2018年防汛工作的通知"]
    assert doc_register.count_incoming(db, CLERK, **jan) == 2
    everything = doc_register.incoming_rows(db, CLERK)
    assert len(everything) == 4 and everything[0].title == "二月份的文件"  # R44: 4 of 5
    page = doc_register.incoming_rows(db, CLERK, limit=2, offset=1)
    assert [r.title for r in page] == [r.title for r in everything[1:3]]
    oldest = doc_register.incoming_rows(db, CLERK, newest_first=False, limit=1)
    assert oldest[0].title == "去年最后一份文件"


def test_R44_classified_rows_only_for_jiyao_with_their_copy_numbers(db, admin):
    fill(db, admin)
    jan = dict(start=date(2018, 1, 1), end=date(2018, 1, 31))
    assert doc_register.count_incoming(db, CLERK, **jan) == 2
    rows = doc_register.incoming_rows(db, JIYAO, **jan)
    secret = rows[0]
    assert secret.title == "关于防汛物资储备的通报" and secret.secrecy == "机密"
    assert secret.copies_text == "2（份号：007,008）"
    assert doc_register.count_incoming(db, JIYAO, **jan) == 3


def _pdf_rows(pdf: bytes, headers=HEADERS) -> tuple[list[list[str]], str, int]:
    """(table rows of every page without the repeated header, text outside the table, pages);
    a cell's wrapped lines are joined again."""
    rows, other = [], []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            assert page.width > page.height  # landscape A4
            table = page.extract_tables()[0]
            header = [c.replace("\n", "") for c in table[0]]
            assert header == headers
            rows.extend(
                [(c or "").replace("\n", "").replace(" ", "") for c in r] for r in table[1:]
            )
            other.append((page.extract_text() or "").replace(" ", ""))
        return rows, "\n".join(other), len(doc.pages)


def _print_audits(db, action: str) -> list[tuple[str, int]]:
    with db.read() as s:
        return [
            (e.table_name, e.record_id)
            for e in s.scalars(select(AuditEntry).where(AuditEntry.action == action))
        ]


def test_printed_register_for_a_range_with_voided_and_classified_rows(db, admin):
    fill(db, admin)
    result = incoming_register_pdf(
        db, JIYAO, start=date(2018, 1, 1), end=date(2018, 1, 31), printed_on=date(2018, 2, 2)
    )
    rows, text, pages = _pdf_rows(result.pdf)
    assert result.pages == pages and "共3条登记，其中作废1条" in result.notes
    assert "收文登记簿" in text and "同江市人民政府办公室" in text
    assert "收文日期：2018年1月1日至2018年1月31日" in text and "打印日期：2018年2月2日" in text
    assert f"第1页共{pages}页" in text
    assert [r[4] for r in rows] == [
        "关于做好2018年防汛工作的通知",
        "重复登记的文件",
        "关于防汛物资储备的通报",
    ]  # oldest first on paper
    assert rows[0] == [
        "收文〔2018〕1号",
        "2018年1月1日00:30",  # the time on the date's line or under it (spaces dropped)
        "佳木斯市人民政府办公室",
        "佳政办发〔2018〕3号",
        "关于做好2018年防汛工作的通知",
        "",
        "加急",
        "1",
        "拟请李明远副市长阅示，转水务局办理。",
        "李明远：请水务局抓紧落实。（2018年1月3日）",
        "同江市水务局（协办：同江市应急管理局）",
        "2018年1月15日",
        "2018年1月12日",
        "2018-WS-001",
    ]
    assert rows[1][13] == "作废：与收文〔2018〕1号重复"
    assert rows[2][5] == "机密" and rows[2][7] == "2（份号：007,008）"
    secret_id = doc_register.incoming_rows(
        db, JIYAO, start=date(2018, 1, 20), end=date(2018, 1, 20)
    )[0].id
    assert _print_audits(db, "print") == [("incoming_document", secret_id)]


def test_clerk_prints_without_classified_rows_and_nothing_is_audited(db, admin):
    fill(db, admin)
    rows, _, _ = _pdf_rows(
        incoming_register_pdf(db, CLERK, start=date(2018, 1, 1), end=date(2018, 1, 31)).pdf
    )
    assert [r[4] for r in rows] == ["关于做好2018年防汛工作的通知", "重复登记的文件"]
    assert _print_audits(db, "print") == []


def test_an_empty_range_prints_one_page_saying_so(db, admin):
    fill(db, admin)
    rows, _, pages = _pdf_rows(
        incoming_register_pdf(db, CLERK, start=date(2019, 1, 1), end=date(2019, 1, 31)).pdf
    )
    assert pages == 1 and rows[0][0] == "（无记录）"


def test_xlsx_export_has_the_register_columns_and_real_dates(db, admin, tmp_path):
    fill(db, admin)
    path = tmp_path / "收文登记簿.xlsx"
    n = doc_export.export_incoming_xlsx(
        db, JIYAO, path, start=date(2018, 1, 1), end=date(2018, 1, 31)
    )
    assert n == 3
    ws = load_workbook(path).active
    assert ws.title == "收文登记簿" and ws.freeze_panes == "A2"
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS + ["作废原因"]
    first, void, secret = rows[1:]
    assert first[0] == "收文〔2018〕1号" and first[1] == datetime(2018, 1, 1, 0, 30)
    assert first[11] == datetime(2018, 1, 15) and first[12] == datetime(2018, 1, 12)
    assert first[9] == "李明远：请水务局抓紧落实。（2018年1月3日）" and first[14] in (None, "")
    assert void[14] == "作废：与收文〔2018〕1号重复"
    assert secret[5] == "机密" and secret[7] == "2（份号：007,008）"
    assert len(_print_audits(db, "export")) == 1
    clerk_path = tmp_path / "clerk.xlsx"
    assert (
        doc_export.export_incoming_xlsx(
            db, CLERK, clerk_path, start=date(2018, 1, 1), end=date(2018, 1, 31)
        )
        == 2
    )


def test_a_reversed_range_is_refused(db):
    import pytest

    from desktop_app.services.system.common import ValidationError

    with pytest.raises(ValidationError):
        doc_register.incoming_rows(
            db, CLERK, start=date(2018, 2, 1), end=date(2018, 2, 1) - timedelta(days=1)
        )


# ---- 发文登记簿 ------------------------------------------------------------------------------

OUT_HEADERS = [
    "顺序号",
    "发文字号",
    "标题",
    "文种",
    "密级",
    "拟稿单位",
    "签发人",
    "签发日期",
    "主送",
    "抄送",
    "印制份数",
    "印发日期",
    "公开属性",
    "归档号",
]


def fill_outgoing(db, org):
    from desktop_app.services.documents import outgoing
    from tests.integration.test_outgoing_support import T, draft, issued

    first = issued(db, org, title="关于做好2026年防汛工作的通知", copies=60, drafter="王晓东")
    wrong = issued(db, org, title="编号后发现错误的通知")
    outgoing.void_outgoing(db, CLERK, wrong.id, "标题有误，重新拟稿", wrong.version)
    issued(
        db,
        org,
        user=JIYAO,
        title="关于边境管控工作的通知",
        secrecy="秘密",
        secrecy_term="5年",
        copies=2,
        copy_numbers="001,002",
    )
    draft(db, org, title="尚在签批的通知", drafted_on=T + timedelta(days=1))
    issued(db, org, title="下个月的通知", day=T + timedelta(days=31))
    return first


def test_outgoing_register_printed_with_numbers_signers_voided_and_classified_rows(db, org):
    from tests.integration.test_outgoing_support import T

    fill_outgoing(db, org)
    pdf = outgoing_register_pdf(db, JIYAO, start=T, end=T + timedelta(days=7), printed_on=T).pdf
    rows, text, pages = _pdf_rows(pdf, OUT_HEADERS)
    assert "发文登记簿" in text and "印发日期：2026年3月2日至2026年3月9日" in text
    assert [r[2] for r in rows] == [
        "关于做好2026年防汛工作的通知",
        "编号后发现错误的通知",
        "关于边境管控工作的通知",
        "尚在签批的通知",
    ]
    first, void, secret, draft_row = rows
    assert first[:4] == ["1", "同政发〔2026〕1号", "关于做好2026年防汛工作的通知", "通知"]
    assert first[6:8] == ["张海峰", "2026年3月2日"] and first[10:12] == ["60", "2026年3月2日"]
    assert first[5] == "农业农村局" and first[8] == "各乡镇人民政府，市政府各部门"
    assert first[9] == "市委办公室"
    assert void[1] == "同政发〔2026〕2号" and void[13] == "作废：标题有误，重新拟稿"
    assert secret[4] == "秘密" and secret[10] == "2（份号：001,002）"
    assert draft_row[0] == "4" and draft_row[1] == "" and draft_row[11] == ""
    assert [t for t, _ in _print_audits(db, "print")] == ["outgoing_document"]  # R44


def test_outgoing_register_for_a_clerk_and_its_xlsx_export(db, org, tmp_path):
    from tests.integration.test_outgoing_support import T

    fill_outgoing(db, org)
    rows, _, _ = _pdf_rows(
        outgoing_register_pdf(db, CLERK, start=T, end=T + timedelta(days=7)).pdf, OUT_HEADERS
    )
    assert "关于边境管控工作的通知" not in [r[2] for r in rows] and len(rows) == 3
    assert _print_audits(db, "print") == []
    path = tmp_path / "发文登记簿.xlsx"
    assert doc_export.export_outgoing_xlsx(db, JIYAO, path, start=T, end=T + timedelta(days=7)) == 4
    ws = load_workbook(path).active
    data = list(ws.iter_rows(values_only=True))
    headers = [*OUT_HEADERS[:6], "拟稿人", "核稿人", *OUT_HEADERS[6:], "作废原因"]
    assert ws.title == "发文登记簿" and list(data[0]) == headers
    assert data[1][:3] == (1, "同政发〔2026〕1号", "关于做好2026年防汛工作的通知")
    assert data[1][6:8] == ("王晓东", None)
    assert data[1][9] == datetime(2026, 3, 2) and data[1][13] == datetime(2026, 3, 2)
    assert data[2][16] == "作废：标题有误，重新拟稿" and data[3][12] == "2（份号：001,002）"
    assert [t for t, _ in _print_audits(db, "export")] == ["outgoing_document"]
