"""外出请示报备表 (FORMS.md) and the list of absences, checked on the PDF itself with pdfplumber:
A4 size, one page, the rows FORMS.md lists, blank opinion boxes before approval and the recorded
approvals after (「B角代签」, R6.2), the chain per procedure (R62.2 / R62.3 / R62.10), the R62.1
filing note, the return and 销假 footer (R62.8), 作废 marks. The form is the self-test's specimen
(form_specimens) and variations of it; the adapter is fed the backend's real DTO classes."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pdfplumber
import pytest

from desktop_app.printing.absence_forms import (
    LIST_TITLE,
    AbsenceForm,
    AbsenceListEntry,
    OpinionBox,
    absence_form_from,
    absence_list_entry,
    build_absence_form_pdf,
    build_absence_list_pdf,
    default_boxes,
    status_text,
)
from desktop_app.selftest import form_specimens
from desktop_app.services.absences.dto import AbsenceDTO, ApprovalDTO, StepDTO

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LEFT, TOP, WIDTH, HEIGHT = 28, 37, 156, 225

HEAD = form_specimens.absence_form()  # the self-test's specimen: a township head's training course


def _pdf(form: AbsenceForm, whole_page: bool = False, sheets: int = 1) -> tuple[list, str]:
    """(pages, text): the text cell by cell; with `whole_page`, also the page's plain text
    (for what stands outside the table)."""
    result = build_absence_form_pdf(form)
    assert result.pages == sheets
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        pages = [(p.width, p.height, p.chars) for p in pdf.pages]
        plain = "\n".join(p.extract_text() for p in pdf.pages).replace(" ", "")
        text = "\n".join(_cell_texts(p) for p in pdf.pages)
        text += "\n" + plain if whole_page else ""
    return pages, text


def _cell_texts(page) -> str:
    """The page's text cell by cell (wrapped lines joined), one cell per line: what a reader
    sees in each box of the ruled form."""
    lines = [page.extract_text().splitlines()[0]]  # the title, above the table
    for table in page.extract_tables():
        for row in table:
            lines += [c.replace("\n", "") for c in row if c]
    return "\n".join(lines).replace(" ", "")


def test_blank_form_before_approval_is_one_a4_page_with_every_row():
    pages, text = _pdf(HEAD)
    assert len(pages) == 1
    width, height, chars = pages[0]
    assert width == pytest.approx(A4[0], abs=1) and height == pytest.approx(A4[1], abs=1)
    assert "同江市领导干部外出请示报备表" in text
    for label in (
        "姓名",
        "职务",
        "外出类别",
        "事由",
        "目的地",
        "出发时间",
        "返回时间",
        "交通方式",
        "联系电话",
        "主持工作",
        "负责同志",
        "报备时间",
        "实际返回时间",
        "销假时间",
        "备注",
    ):
        assert label in text, label
    assert "■学习培训" in text and "□出差" in text and "□出国（境）" in text
    assert "2026年9月7日上午" in text and "2026年9月11日下午" in text and "共5天" in text
    assert "姓名：孙丽" in text and "13904540002" in text
    # R62.3 chain, nothing recorded yet: empty boxes with the blanks for a wet signature
    assert "分管副市长意见" in text and "市长意见" in text and "□已抄报市委" in text
    assert text.count("签字：年月日") == 2
    assert "B角代签" not in text
    # Everything inside the GB/T 9704 text block (±1 mm)
    for c in chars:
        assert LEFT - 1 <= c["x0"] / MM and c["x1"] / MM <= LEFT + WIDTH + 1, c["text"]
        assert TOP - 1 <= c["top"] / MM and c["bottom"] / MM <= TOP + HEIGHT + 1, c["text"]


def test_recorded_approvals_print_opinion_signer_date_and_b_role_mark():
    """R6.2: the AB partner's signature is marked 「B角代签」."""
    boxes = (
        OpinionBox("分管副市长意见", "同意，注意安全。", "王建国", date(2026, 9, 2), True),
        OpinionBox("市长意见", "同意", "李明远", date(2026, 9, 3)),
    )
    _pages, text = _pdf(replace(HEAD, boxes=boxes, copied_on=date(2026, 9, 3)))
    assert "同意，注意安全。" in text
    assert "签字：王建国（B角代签）2026年9月2日" in text
    assert "签字：李明远2026年9月3日" in text
    assert "签字：年月日" not in text
    assert "■已抄报市委2026年9月3日" in text


def test_vice_mayor_chain_has_mayor_and_party_secretary_boxes_and_no_copy_row():
    """R62.2: the mayor agrees, the party secretary approves; R62.10 adds the abroad steps, and
    第六十六条 (R66) the foreign-affairs office's opinion before a vice mayor's trip abroad (so
    five boxes, not four)."""
    form = replace(
        HEAD,
        name="王建国",
        post="副市长",
        category="出国（境）",
        boxes=default_boxes("vice_mayor", "出国（境）"),
        copy_to_party=False,
    )
    # five boxes of at least 25 mm do not fit one sheet with the facts: a second sheet follows
    _pages, text = _pdf(form, sheets=2)
    assert "市长意见" in text and "市委主要负责同志意见" in text
    assert "向市长报告" in text and "督查室登记" in text
    assert "外事处意见" in text
    assert "分管副市长" not in text and "抄报市委" not in text
    assert text.count("签字：年月日") == 5


def test_party_line_and_mayor_boxes():
    """R62.3: a township party secretary's form has the 市委's box only; R62.10: the mayor's trip
    abroad has no 「向市长报告」 box (he does not report to himself)."""
    assert [b.label for b in default_boxes("township_secretary", "出差")] == ["市委意见"]
    assert [b.label for b in default_boxes("mayor", "出国（境）")] == [
        "外事处意见",
        "市委主要负责同志意见",
        "督查室登记",
    ]


def test_filing_note_says_whether_three_days_ahead_or_late_emergency():
    """R62.1: ≥3 days ahead, or late as an emergency with the reason."""
    _p, ahead = _pdf(HEAD)
    assert "2026年9月1日（提前3天以上报备）" in ahead
    late = replace(HEAD, filed_on=date(2026, 9, 6), emergency_reason="省里临时通知参加会议")
    _p, text = _pdf(late)
    assert "2026年9月6日（不足3天，紧急外出：省里临时通知参加会议）" in text


def test_return_and_reported_back_footer():
    """R62.8: actual return, the 销假 date — or when it is due while not yet recorded."""
    back = replace(
        HEAD, returned_on=date(2026, 9, 30), returned_half="下午", return_due=date(2026, 10, 8)
    )
    _p, text = _pdf(back)
    assert "2026年9月30日下午" in text and "（应于2026年10月8日前销假）" in text
    done = replace(
        back,
        reported_back_on=date(2026, 10, 8),
        report_required=True,
        report_received_on=date(2026, 10, 9),
    )
    _p, text = _pdf(done)
    assert "2026年10月8日" in text and "应于" not in text
    assert "书面报告已于2026年10月9日收到" in text


def test_voided_request_is_marked_with_reason():
    _p, text = _pdf(replace(HEAD, void_reason="行程取消"), whole_page=True)
    assert "（作废：行程取消）" in text


def test_long_reason_continues_on_a_second_sheet_at_full_size():
    """FORMS.md: never below 五号; a form whose text does not fit continues on a second sheet
    (it was shrunk to fit one page before)."""
    reason = "赴省城参加会议并汇报项目进展情况。" * 40
    result = build_absence_form_pdf(replace(HEAD, reason=reason))
    assert result.pages == 2
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        sizes = {round(c["size"], 1) for p in pdf.pages for c in p.chars}
        text = "".join(p.extract_text() for p in pdf.pages).replace("\n", "").replace(" ", "")
        values = "".join(  # the value column, outside the labels, in reading order
            p.crop((LEFT * MM + 36 * MM, 0, p.width, p.height)).extract_text().replace("\n", "")
            for p in pdf.pages
        )
    assert min(sizes) >= 10.5
    assert reason in values.replace(" ", "") and "备注" in text and "报备时间" in text


# ---- room to sign, labels, fonts (issue 15 items 3 and 12) -----------------------------------


def _signature_lines(page) -> list[tuple[float, float, float]]:
    """(x of 「签」, x1 of the line's 「日」, baseline) of each blank signature line."""
    out = []
    for c in page.chars:
        if c["text"] == "签":
            same = [d for d in page.chars if abs(d["top"] - c["top"]) < 1 and d["x0"] > c["x0"]]
            day = max((d for d in same if d["text"] == "日"), key=lambda d: d["x1"])
            out.append((c["x0"], day["x1"], c["bottom"]))
    return out


def test_blank_form_has_boxes_of_25_mm_and_signature_lines_of_60_mm():
    result = build_absence_form_pdf(
        replace(HEAD, boxes=default_boxes("township_head", "出国（境）"))
    )
    assert result.pages == 1
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        page = pdf.pages[0]
        signs = _signature_lines(page)
        rules = sorted(
            {round(e["top"], 1) for e in page.edges if e["orientation"] == "h" and e["width"] > 300}
        )
    assert len(signs) == 4
    for x0, x1, bottom in signs:
        assert (x1 - x0) / MM >= 60, "签字……日 line narrower than 60 mm"
        above = max(r for r in rules if r < bottom)
        below = min(r for r in rules if r > bottom)
        assert (below - above) / MM >= 25 - 0.1, "opinion box lower than 25 mm"


def test_labels_break_between_words():
    form = replace(HEAD, boxes=default_boxes("vice_mayor", "学习培训"))
    with pdfplumber.open(io.BytesIO(build_absence_form_pdf(form).pdf)) as pdf:
        page = pdf.pages[0]
        label_x = (LEFT + 2) * MM, (LEFT + 32) * MM
        lines: dict[int, str] = {}
        for c in sorted(page.chars, key=lambda c: c["x0"]):
            if label_x[0] < c["x0"] < label_x[1] and c["top"] > (TOP + 15) * MM:
                lines[round(c["top"])] = lines.get(round(c["top"]), "") + c["text"]
    texts = [lines[k] for k in sorted(lines)]
    i = texts.index("市委主要")
    assert texts[i : i + 3] == ["市委主要", "负责同志", "意见"]


def test_every_font_is_embedded_no_helvetica():
    pdf = build_absence_form_pdf(HEAD).pdf
    assert b"Helvetica" not in pdf
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        fonts = {c["fontname"] for p in doc.pages for c in p.chars}
    assert fonts and all("+" in f for f in fonts), fonts  # subset-embedded: 「ABCDEF+name」


def _dto(**kw) -> AbsenceDTO:
    approval = ApprovalDTO(
        7,
        1,
        "vm_agree",
        "分管副市长同意",
        "分管副市长意见",
        3,
        "王建国",
        "副市长",
        date(2026, 9, 2),
        "B角代签",
        "同意",
        "",
    )
    steps = (
        StepDTO("vm_agree", "分管副市长同意", "分管副市长意见", "R62.3", True, approval),
        StepDTO("mayor_approve", "市长批准", "市长意见", "R62.3", False, None),
        StepDTO("cc_party", "抄报市委", "抄报市委", "R62.3", False, None),
    )
    values = dict(
        id=5,
        version=1,
        root_id=5,
        amends_id=None,
        person_id=9,
        person_name="赵志刚",
        post_code="township_head",
        post_title="街津口赫哲族乡乡长",
        unit_id=2,
        unit_name="街津口赫哲族乡",
        procedure="head",
        procedure_name="乡镇、部门主要负责同志外出",
        category="出差",
        for_meeting=True,
        reason="参加全省会议",
        destination="哈尔滨市",
        start_date=date(2026, 9, 7),
        start_half="上午",
        end_date=date(2026, 9, 9),
        end_half="下午",
        days=3,
        transport="火车",
        contact="13904540001",
        acting_name="孙丽",
        acting_post="副乡长",
        acting_contact="13904540002",
        filed_on=date(2026, 9, 1),
        late=False,
        emergency_reason="",
        both_away_reason="",
        status="pending",
        status_name="待审批",
        approved_on=None,
        steps=steps,
        missing=("市长批准", "抄报市委"),
        returned_on=None,
        returned_half="",
        return_due=None,
        return_due_provisional=False,
        reported_back_on=None,
        report_required=True,
        report_received_on=None,
        report_note="",
        note="",
        void_reason="",
        amendment_ids=(),
        effective_id=None,
        pending_amendment=False,
    )
    return AbsenceDTO(**(values | kw))


def test_form_from_backend_dto_fills_boxes_by_step():
    form = absence_form_from(_dto(), "同江市人民政府办公室")
    assert [b.label for b in form.boxes] == ["分管副市长意见", "市长意见"]
    assert form.boxes[0].signed and form.boxes[0].b_role and not form.boxes[1].signed
    assert form.copy_to_party and form.copied_on is None and form.void_reason is None
    _p, text = _pdf(form)
    assert "签字：王建国（B角代签）2026年9月2日" in text and "须提交书面报告（未收到）" in text


def test_status_text_through_the_life_of_a_request():
    today = date(2026, 9, 8)
    assert status_text(_dto(), today) == "待审批"
    approved = _dto(status="approved")
    assert status_text(approved, date(2026, 9, 5)) == "已批准"
    assert status_text(approved, today) == "在外"
    back = _dto(status="returned", returned_on=date(2026, 9, 9), return_due=date(2026, 9, 10))
    assert status_text(back, date(2026, 9, 10)) == "待销假"
    assert status_text(back, date(2026, 9, 11)) == "逾期未销假"
    assert (
        status_text(
            _dto(
                status="reported", returned_on=date(2026, 9, 9), reported_back_on=date(2026, 9, 10)
            ),
            today,
        )
        == "已销假"
    )
    assert status_text(_dto(status="voided", void_reason="取消"), today) == "已作废"


def test_list_of_absences_is_landscape_a4_with_voided_rows_marked():
    entries = [
        absence_list_entry(_dto(status="approved"), date(2026, 9, 8)),
        AbsenceListEntry(
            "王建国",
            "副市长",
            "考察",
            "考察产业项目",
            "佳木斯市",
            date(2026, 9, 14),
            "上午",
            date(2026, 9, 15),
            "下午",
            "张海峰（常务副市长）",
            date(2026, 9, 13),
            True,
            "已作废",
            void_reason="行程取消",
        ),
    ]
    result = build_absence_list_pdf(
        entries, "同江市人民政府办公室", "外出日期：2026年9月1日至2026年9月30日", date(2026, 9, 8)
    )
    with pdfplumber.open(io.BytesIO(result.pdf)) as pdf:
        page = pdf.pages[0]
        assert (page.width, page.height) == pytest.approx((A4[1], A4[0]), abs=1)
        text = _cell_texts(page) + page.extract_text().replace(" ", "")
    assert result.pages == 1
    assert LIST_TITLE in text and "外出日期：2026年9月1日至2026年9月30日" in text
    assert "赵志刚" in text and "在外" in text and "孙丽（副乡长）" in text
    assert "作废：行程取消" in text and "（不足3天）" in text
    assert "第1页共1页" in text
