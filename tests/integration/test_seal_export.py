"""The seal register leaving the app, on both engines: the .xlsx export of the 用印登记簿 and of the
reconciliation (voided entries exported, marked), and the printed 用印审批单 / 用印登记簿 built from
the database — empty boxes before approval, the approvals afterwards (B角代签, R6.2), 作废."""

from __future__ import annotations

import io
from datetime import date, time, timedelta

import pdfplumber
import pytest
from openpyxl import load_workbook

from desktop_app.services import seals
from desktop_app.services.seals import export as seal_export
from desktop_app.services.seals.printouts import seal_form_pdf, seal_register_pdf
from desktop_app.services.system.common import ValidationError
from tests.integration.seals_support import CLERK, T, _away, _outgoing, at, build_world


@pytest.fixture
def w(db, admin):
    return build_world(db, admin)


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def last_column_text(pdf: bytes, header: str) -> str:
    """The text of a register's last column, top to bottom, read by position under its header
    (a cell that wraps interleaves with its neighbours in the page's plain text)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        out = []
        for page in doc.pages:
            words = page.extract_words()
            head = next(w for w in words if w["text"] == header)
            # the column runs from the end of the header before it to the page's right edge
            left = max(
                w["x1"] for w in words if abs(w["top"] - head["top"]) < 2 and w["x1"] < head["x0"]
            )
            cropped = page.crop((left + 1, head["bottom"], page.width, page.height))
            out.append("".join((cropped.extract_text() or "").split()))
        return "".join(out)


def used_and_voided(w):
    """Two entries on day T: the first voided (wrong count), the second valid with spoiled copies."""
    app = w.approve(w.apply(title="春耕资金说明", copies=4).id, "vice_mayor", w.vm)
    first = w.use(app.id, copies_stamped=4)
    seals.void_use(w.db, CLERK, first.id, "份数登记错误", first.version)
    w.use(app.id, copies_stamped=3, copies_spoiled=1, used_at=at(hour=15))
    return app


def test_register_xlsx_keeps_voided_entries_with_real_dates(w, tmp_path):
    used_and_voided(w)
    path = tmp_path / "登记簿.xlsx"
    assert seal_export.export_register_xlsx(w.db, path, T, T) == 2
    ws = load_workbook(path).active
    assert ws.title == "用印登记簿" and ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:5] == ["序号", "年度", "用印日期", "时间", "编号"]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    assert [(r["序号"], r["状态"], r["作废原因"]) for r in rows] == [
        (1, "作废", "份数登记错误"),
        (2, "有效", None),
    ]
    second = rows[1]
    assert second["用印日期"].date() == T and second["时间"] == time(15, 0)
    assert (second["编号"], second["用印单位"], second["文件名称"], second["印章"]) == (
        "用印〔2026〕1号",
        "农业农村局",
        "春耕资金说明",
        "同江市人民政府印",
    )
    assert (second["批准份数"], second["用印份数"], second["废页"]) == (4, 3, 1)
    assert (second["批准人"], second["监印人"]) == ("孙副市长（副市长）", "赵监印")


def test_register_xlsx_filters_by_seal_and_refuses_a_reversed_period(w, tmp_path):
    used_and_voided(w)
    path = tmp_path / "x.xlsx"
    assert seal_export.export_register_xlsx(w.db, path, T, T, seal_id=w.office_seal) == 0
    assert [c.value for c in load_workbook(path).active[1]][0] == "序号"
    with pytest.raises(ValidationError, match="结束日期"):
        seal_export.export_register_xlsx(w.db, path, T, T - timedelta(days=1))


def test_reconciliation_xlsx_per_seal_and_month(w, tmp_path):
    used_and_voided(w)
    path = tmp_path / "对账.xlsx"
    assert seal_export.export_reconciliation_xlsx(w.db, path, 2026) == 1
    ws = load_workbook(path).active
    assert [c.value for c in ws[2]] == ["同江市人民政府印", 2026, 3, 1, 4, 3, 1, 1, 1]


def test_printed_form_before_approval_has_empty_boxes_R45_2(w):
    app = w.apply(title="春耕资金说明")
    text = text_of(seal_form_pdf(w.db, app.id).pdf)
    assert text.startswith("同江市人民政府用印审批单") and "用印〔2026〕1号" in text
    assert "春耕资金说明" in text and "■市政府印章□市政府办公室印章" in text
    assert "分管副市长审批意见签字：年月日" in text
    assert "孙副市长" not in text and "作废" not in text


def test_printed_form_after_approval_and_use_shows_the_approver_and_register_footer(w):
    app = used_and_voided(w)
    text = text_of(seal_form_pdf(w.db, app.id).pdf)
    assert "签字：孙副市长2026年3月2日" in text
    assert "监印人赵监印用印时间2026年3月2日15:00" in text
    assert "3份（废页1份）■是" in text
    assert "用印登记第1号已作废：份数登记错误" in text


def test_printed_form_marks_the_AB_partner_signature_R6_2(w, admin):
    _away(w, admin, w.vm, T, T + timedelta(days=2))
    app = w.approve(w.apply().id, "vice_mayor", w.partner)
    assert "签字：周副市长（B角代签）2026年3月2日" in text_of(seal_form_pdf(w.db, app.id).pdf)


def test_printed_form_of_a_formal_document_names_it_and_prints_only_required_boxes_R45_1(w):
    """第四十五条: a formal document is signed in its 发文 chain — its form has no 分管副市长 or
    市长 box (nor the joint boxes of an other use) unless a rule asks for one."""
    doc = _outgoing(w)
    app = w.apply(is_formal=True, outgoing_id=doc, copies=2)
    form = seals.application_form(w.db, app.id)
    assert form.boxes == ()
    text = text_of(seal_form_pdf(w.db, app.id).pdf)
    assert "正式公文同政发〔2026〕1号《关于做好春耕生产的通知》（市政" in text  # 备注 wraps
    assert "分管副市长审批意见" not in text and "市长审批意见" not in text
    important = w.apply(is_formal=True, outgoing_id=doc, important=True)  # R45.3: the mayor
    assert [x.code for x in seals.application_form(w.db, important.id).boxes] == ["mayor"]


def test_printed_form_of_a_voided_application_is_marked(w):
    app = w.apply()
    seals.void_application(w.db, CLERK, app.id, "申请有误", app.version)
    text = text_of(seal_form_pdf(w.db, app.id).pdf)
    assert "作废编号：用印〔2026〕1号" in text and "作废：申请有误" in text


def test_printed_register_for_a_date_range_shows_voided_entries(w):
    used_and_voided(w)
    result = seal_register_pdf(
        w.db, T, T + timedelta(days=30), seal_id=w.gov_seal, printed_on=date(2026, 4, 1)
    )
    text = text_of(result.pdf)
    assert text.startswith("用印登记簿")
    assert "用印日期：2026年3月2日至2026年4月1日；印章：同江市人民政府印" in text
    assert "作废：份数登记错误" in last_column_text(result.pdf, "备注")  # wrapped in its column
    assert "共2条登记，其中作废1条" in result.notes
