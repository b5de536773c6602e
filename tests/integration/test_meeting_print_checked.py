"""Meeting papers built from the database through the functions the panes call, run through the
form checker (tests/form_checker.py), on both engines: the issued 纪要 with its 版记 on an even
last page, the 版记 settings from 组织设置 (抄送/分送, 共印N份), the 会议通知 and the 议程."""

from __future__ import annotations

from datetime import date

from desktop_app.services.meetings import minutes
from desktop_app.services.meetings.printouts import agenda_pdf, meeting_notice_pdf
from desktop_app.services.system import org_profile
from tests.form_checker import check_official
from tests.integration.minutes_support import OPENING, issued, plan


def test_issued_minutes_pass_the_form_checker(db, clerk, tmp_path):
    m = plan(db, clerk)
    rec = issued(db, clerk, m)
    report = check_official(
        minutes.minutes_pdf(db, rec.id).pdf,
        ["同江市人民政府常务会议纪要", OPENING, "2024年5月5日印发"],
        images=tmp_path / "纪要",
        closing=True,
    )
    assert report.closing_page == report.pages and report.pages % 2 == 0


def test_minutes_closing_takes_label_and_copies_from_the_org_settings(db, clerk, admin):
    profile = org_profile.get_profile(db)
    org_profile.save_profile(
        db,
        admin,
        {"minutes_cc_label": "分送", "minutes_copies": 30, "minutes_cc": ""},
        profile.versions,
    )
    m = plan(db, clerk)
    rec = minutes.draft_minutes(db, clerk, m.id)
    report = check_official(minutes.minutes_pdf(db, rec.id).pdf, closing=True)
    assert "（共印30份）" in report.text and "印发" in report.text
    assert "抄送：" not in report.text  # nothing to 分送: the 印发 line stays alone
    rec = minutes.save_minutes(
        db,
        clerk,
        rec.id,
        opening=rec.opening,
        sections=rec.sections,
        cc="市委办公室",
        expected_version=rec.version,
    )
    report = check_official(minutes.minutes_pdf(db, rec.id).pdf, closing=True)
    assert "分送：市委办公室。" in report.text and "抄送" not in report.text


def test_notice_and_agenda_pass_the_form_checker(db, clerk, tmp_path):
    m = plan(db, clerk)
    notice = meeting_notice_pdf(db, m.id, issued_on=date(2024, 4, 22)).pdf
    check_official(
        notice,
        ["关于召开市政府第一次常务会议的通知", "2024年4月22日"],
        images=tmp_path / "会议通知",
        closing=False,
    )
    check_official(
        agenda_pdf(db, m.id).pdf,
        ["市政府第一次常务会议议程"],
        images=tmp_path / "议程",
        closing=False,
    )
