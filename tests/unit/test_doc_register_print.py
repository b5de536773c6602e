"""收文登记簿 / 发文登记簿 cells and pages without a database: what each column prints, the filter
line, voided rows, 份号 of classified copies, and a long register's pages (header on every page,
「第 N 页 共 M 页」, every row present once, in order) read back with pdfplumber."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pdfplumber

from desktop_app.formatting import CHINA
from desktop_app.printing.doc_registers import (
    INCOMING_COLUMNS,
    OUTGOING_COLUMNS,
    incoming_cells,
    outgoing_cells,
    period_text,
)
from desktop_app.printing.register import RegisterSpec, build_register_pdf
from desktop_app.services.documents.register import IncomingRow

FORMS_INCOMING = [
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
FORMS_OUTGOING = [
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


def row(n: int = 1, **kw) -> IncomingRow:
    args = dict(
        id=n,
        number=f"收文〔2018〕{n}号",
        received_at=datetime(2018, 5, 3, 8, 5, tzinfo=CHINA),
        sender="黑龙江省人民政府办公厅",
        sender_number="黑政办发〔2018〕21号",
        title=f"关于做好2018年防汛工作的通知（第{n}份）",
        secrecy="",
        urgency="特急",
        copies=1,
        copy_numbers="",
        proposal="拟请分管副市长阅示，转水务局办理。",
        instructions="李明远：请水务局抓紧落实。（2018年5月4日）",
        units="同江市水务局",
        deadline=date(2018, 5, 17),
        closed_on=None,
        archive_ref="",
        void_reason=None,
    )
    return IncomingRow(**(args | kw))


def test_columns_are_those_of_forms_md():
    assert [c.title for c in INCOMING_COLUMNS] == FORMS_INCOMING
    assert [c.title for c in OUTGOING_COLUMNS] == FORMS_OUTGOING


def test_incoming_cells_dates_copy_numbers_and_void_reason():
    cells = incoming_cells(row())
    assert cells[:2] == ["收文〔2018〕1号", "2018年5月3日 08:05"]
    assert cells[7] == "1" and cells[11] == "2018年5月17日" and cells[12] == "" and cells[13] == ""
    secret = incoming_cells(row(secrecy="机密", copies=2, copy_numbers="011,012"))
    assert secret[5] == "机密" and secret[7] == "2（份号：011,012）"
    voided = incoming_cells(row(void_reason="重复登记", archive_ref="2018-WS-9"))
    assert voided[13] == "重复登记；2018-WS-9"  # the template puts 「作废：」 in front


def test_received_time_is_printed_in_china_time():
    utc_evening = datetime(2018, 5, 2, 16, 30, tzinfo=UTC)  # past midnight in China
    assert incoming_cells(row(received_at=utc_evening))[1] == "2018年5月3日 00:30"


def test_outgoing_cells():
    d = SimpleNamespace(
        number="同政发〔2018〕34号",
        title="关于印发防汛预案的通知",
        doc_type="通知",
        secrecy="秘密",
        drafting_unit_name="水务局",
        signer_name="张海峰",
        signed_on=date(2018, 5, 2),
        main_to="各乡镇人民政府",
        cc="市委办公室",
        copies=3,
        copy_numbers="001,002,003",
        issued_on=date(2018, 5, 3),
        openness="不予公开",
        archive_ref="",
        voided=True,
        void_reason="标题有误",
    )
    assert outgoing_cells(7, d) == [
        "7",
        "同政发〔2018〕34号",
        "关于印发防汛预案的通知",
        "通知",
        "秘密",
        "水务局",
        "张海峰",
        "2018年5月2日",
        "各乡镇人民政府",
        "市委办公室",
        "3（份号：001,002,003）",
        "2018年5月3日",
        "不予公开",
        "标题有误",
    ]


def test_filter_line():
    assert (
        period_text("收文日期", date(2018, 1, 1), date(2018, 12, 31), True)
        == "收文日期：2018年1月1日至2018年12月31日"
    )
    assert (
        period_text("印发日期", date(2018, 1, 1), None, False)
        == "印发日期：2018年1月1日起；不含作废"
    )
    assert period_text("收文日期", None, date(2018, 3, 1), True) == "收文日期：截至2018年3月1日"
    assert period_text("收文日期", None, None, True) == "收文日期：全部"


def test_a_long_register_repeats_the_header_and_keeps_every_row_in_order():
    rows = [row(n, void_reason="重复登记" if n in (5, 40) else None) for n in range(1, 61)]
    spec = RegisterSpec(
        "收文登记簿",
        "同江市人民政府办公室",
        INCOMING_COLUMNS,
        filter_text=period_text("收文日期", date(2018, 5, 1), date(2018, 5, 31), True),
        printed_on=date(2018, 6, 1),
        voided_rows={4, 39},
    )
    pdf = build_register_pdf(spec, [incoming_cells(r) for r in rows])
    titles, last_cells = [], []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        total = len(doc.pages)
        assert total > 2
        for n, page in enumerate(doc.pages, start=1):
            assert page.width > page.height
            table = page.extract_tables()[0]
            assert [c.replace("\n", "") for c in table[0]] == FORMS_INCOMING
            for r in table[1:]:
                titles.append(r[4].replace("\n", ""))
                last_cells.append((r[13] or "").replace("\n", ""))
            assert f"第{n}页共{total}页" in (page.extract_text() or "").replace(" ", "")
    assert titles == [r.title for r in rows]
    assert [i for i, c in enumerate(last_cells) if c] == [4, 39]
    assert last_cells[4] == "作废：重复登记"


def test_fourteen_columns_keep_dates_and_numbers_whole_and_titles_on_at_most_two_lines():
    """收文登记簿: 14 columns on A4 landscape — the columns follow their content, so a date
    (2018年5月17日) or a number (收文〔2018〕12号, 黑政办发〔2018〕21号) is never cut, and no
    column title is set one character per line."""
    rows = [row(n) for n in range(1, 41)]
    spec = RegisterSpec("收文登记簿", "同江市人民政府办公室", INCOMING_COLUMNS)
    pdf = build_register_pdf(spec, [incoming_cells(r) for r in rows])
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            table = page.extract_tables()[0]
            for header in table[0]:
                assert all(len(line) >= 2 for line in header.split("\n")), header
            for r in table[1:]:
                assert re.fullmatch(r"收文〔2018〕\d+号", r[0]), r[0]
                assert r[3] == "黑政办发〔2018〕21号"
                assert r[1].split("\n")[0] == "2018年5月3日" or r[1].startswith("2018年5月3日 ")
                assert r[11] == "2018年5月17日"


def test_doc_registers_report_borrowed_and_missing_characters_like_every_other_print(
    monkeypatch,
):
    """The 收文/发文登记簿 return the result the other prints return: pages and notes for the
    preview's status bar — a 来文机关 with 堃 borrowed from another face, a 签发人 with 𠮷 that
    no shipped face has (「缺字」, also in the PDF's Subject) — and how many entries it holds."""
    from desktop_app.printing import glyph_fallback
    from desktop_app.printing.doc_registers import (
        build_incoming_register_pdf,
        build_outgoing_register_pdf,
    )
    from desktop_app.printing.fonts import RESOURCES_FONTS

    shipped = glyph_fallback.CoverageSearch([], [], RESOURCES_FONTS, []).paths()
    monkeypatch.setattr(glyph_fallback, "_default_paths", lambda: shipped)
    common = dict(org="同江市人民政府办公室", start=None, end=None, include_voided=True)
    incoming = build_incoming_register_pdf(
        [row(1, sender="同江市王堃乡人民政府"), row(2, title="吉𠮷村通知", void_reason="重复")],
        printed_on=date(2018, 6, 1),
        **common,
    )
    assert incoming.pages >= 1 and incoming.missing_chars == ["𠮷"]
    assert any(n.startswith("生僻字取自其他字体") and "堃" in n for n in incoming.notes)
    assert any(n.startswith("缺字") and "U+20BB7" in n for n in incoming.notes)
    assert "共2条登记，其中作废1条" in incoming.notes
    with pdfplumber.open(io.BytesIO(incoming.pdf)) as doc:
        assert "缺字：𠮷" in doc.metadata["Subject"] and len(doc.pages) == incoming.pages
    doc_row = _outgoing_dto(signer_name="吉𠮷")
    outgoing = build_outgoing_register_pdf([doc_row], printed_on=date(2018, 6, 1), **common)
    assert outgoing.missing_chars == ["𠮷"] and "共1条登记" in outgoing.notes


def _outgoing_dto(**kw) -> SimpleNamespace:
    args = dict(
        number="同政发〔2018〕34号",
        title="关于印发防汛预案的通知",
        doc_type="通知",
        secrecy="",
        drafting_unit_name="水务局",
        signer_name="张海峰",
        signed_on=date(2018, 5, 2),
        main_to="各乡镇人民政府",
        cc="市委办公室",
        copies=3,
        copy_numbers="",
        issued_on=date(2018, 5, 3),
        openness="主动公开",
        archive_ref="",
        voided=False,
        void_reason="",
    )
    return SimpleNamespace(**(args | kw))
