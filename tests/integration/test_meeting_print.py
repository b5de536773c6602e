"""Printed meeting papers read back with pdftotext (poppler): the 纪要 as FORMS.md describes it, the
meeting notice with its materials deadline and room (R23.7.1, R23.4.7) and the agenda sheet."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import delete

from db.models import AgendaItem
from desktop_app.services.meetings import minutes
from desktop_app.services.meetings.printouts import agenda_pdf, meeting_notice_pdf
from desktop_app.services.system.common import CurrentUser
from tests.integration.minutes_support import ITEMS, OPENING, issued, plan
from tests.pdf_text import pdftotext


def text_of(pdf: bytes) -> str:
    """The PDF's text with all white space removed (lines wrap anywhere in Chinese text)."""
    return re.sub(r"\s+", "", pdftotext(pdf))


def test_draft_minutes_pdf_has_mark_opening_and_attendance(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    result = minutes.minutes_pdf(db, rec.id)
    text = text_of(result.pdf)
    assert result.pdf.startswith(b"%PDF") and result.pages >= 1
    assert "同江市人民政府常务会议纪要" in text and "（草稿）" in text
    assert "同江市人民政府办公室" in text
    assert OPENING in text
    assert "一、会前集体学法" in text and "二、关于审议《同江市城区供热管理办法》的问题。" in text
    assert ITEMS[0][4] in text
    assert "出席：李明远、张海峰、赵文华、孙立新、周志强、吴秀兰" in text
    assert "列席：市政府办公室陈立、" in text
    assert "秘密" not in text


def test_issued_confidential_minutes_pdf_carries_number_secrecy_and_copy_number(db, clerk):
    # 第四十四条 (R44): confidential minutes are printed by an account with the classified
    # permission (机要) only — a print without one is refused, see test_r44_confidential_meeting.py
    m = plan(db, clerk, confidential=True)
    rec = issued(db, clerk, m)
    jiyao = CurrentUser("jiyao", "机要员", "confidential")
    text = text_of(minutes.minutes_pdf(db, rec.id, user=jiyao).pdf)
    assert "〔2024〕1号" in text and "（草稿）" not in text
    assert text.startswith("000001秘密") and "2024年5月5日" in text


def test_minutes_closing_block_shows_cc_and_issue_date(db, clerk):
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    rec = minutes.save_minutes(
        db,
        clerk,
        rec.id,
        opening=rec.opening,
        sections=rec.sections,
        cc="市委办公室，市人大常委会办公室",
        expected_version=rec.version,
    )
    text = text_of(minutes.minutes_pdf(db, rec.id).pdf)
    assert "抄送：市委办公室，市人大常委会办公室。" in text


def test_R23_7_1_notice_has_time_room_items_attendees_and_materials_deadline(db, clerk):
    m = plan(db, clerk)
    result = meeting_notice_pdf(db, m.id, issued_on=date(2024, 4, 22))
    text = text_of(result.pdf)
    assert result.notes == [] or all("R23.7.1" not in n for n in result.notes)
    assert "关于召开市政府第一次常务会议的通知" in text
    assert "定于2024年4月30日（星期二）上午9:00在市政府501会议室召开市政府第一次常务会议" in text
    assert "由市长李明远主持" in text
    assert "请于2024年4月28日前将会议材料送至市政府文秘室（309室）" in text  # R23.4.7
    assert f"2.{ITEMS[0][0]}（汇报人：住房和城乡建设局局长郑红梅；审议类）" in text
    assert "出席：李明远、张海峰" in text and "列席：市政府办公室陈立" in text
    assert "2024年4月22日" in text


def test_R23_7_1_notice_before_the_agenda_is_fixed_is_flagged(db, clerk):
    m = plan(db, clerk, items=[])
    result = meeting_notice_pdf(db, m.id, issued_on=date(2024, 4, 22))
    [note] = [n for n in result.notes if "R23.7.1" in n]
    assert "第二十三条" in note and "议程尚未确定" in note
    assert "议题另行通知" in text_of(result.pdf)


def test_notice_title_is_not_squeezed_onto_the_body_grid(db, clerk):
    """二号 title glyphs keep their own width: measured with pdftotext -bbox."""
    m = plan(db, clerk)
    html = pdftotext(meeting_notice_pdf(db, m.id).pdf, "-bbox", "-f", "1", "-l", "1")
    first = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]+)<', html)
    assert first and first.group(3) == "关于召开市政府第一次常务会议的通知"
    per_char = (float(first.group(2)) - float(first.group(1))) / len(first.group(3))
    assert per_char == pytest.approx(22, abs=0.5)  # 二号, not the body's 15.8 pt pitch


def test_agenda_sheet_numbers_items_with_reporter_and_category(db, clerk):
    m = plan(db, clerk)
    with db.uow() as s:
        s.execute(delete(AgendaItem).where(AgendaItem.meeting_id == m.id, AgendaItem.position == 3))
    text = text_of(agenda_pdf(db, m.id).pdf)
    assert "市政府第一次常务会议议程" in text
    assert "时间：2024年4月30日（星期二）上午9:00" in text and "地点：市政府501会议室" in text
    assert "一、会前集体学法" in text
    assert f"二、{ITEMS[0][0]}（汇报人：住房和城乡建设局局长郑红梅；审议类）" in text
    assert f"三、{ITEMS[1][0]}" in text and ITEMS[2][0] not in text


def test_twelve_item_minutes_run_to_several_pages(db, clerk):
    many = [
        (
            f"关于第{n}项工作的汇报",
            "财政局",
            "局长徐东升",
            "与会人员进行了讨论。" * 6,
            "会议原则同意，要求抓好落实。" * 8,
        )
        for n in range(1, 13)
    ]
    m = plan(db, clerk, items=many)
    rec = minutes.draft_minutes(db, clerk, m.id)
    result = minutes.minutes_pdf(db, rec.id)
    assert result.pages >= 4
    assert "十三、关于第12项工作的问题。" in text_of(result.pdf)
