"""Issue 15 on official-format pages, one provision at a time: characters never lost (per-character
fallback, reported when no face has one), the 版记 on an even last page with its 印发 line and
settings, a notice's 署名 kept with its last lines, titles broken between words."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pdfplumber
import pytest

from desktop_app.printing.fonts import RESOURCES_FONTS, load_fonts
from desktop_app.printing.glyph_fallback import CoverageSearch
from desktop_app.printing.meeting_forms import title_em_width
from desktop_app.printing.minutes import build_minutes_pdf, minutes_document
from desktop_app.printing.official import render
from desktop_app.printing.official_model import OfficialDocument
from desktop_app.printing.sample import sample_minutes
from desktop_app.printing.signature import Signature, with_signature
from desktop_app.printing.title_breaks import break_title
from desktop_app.printing.typeset import Paragraph, Run
from tests.form_checker import check_official, check_signature

FIXTURE_EXT_B = Path(__file__).resolve().parents[1] / "fixtures" / "fonts" / "ext-b-sample.ttf"
NAMES = "局长王喆、李堃、赵赟、张㑇、吉𠮷"


def _doc(text: str) -> OfficialDocument:
    return OfficialDocument("测试", "办公室", [Paragraph([Run(text)])])


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(c["text"] for p in doc.pages for c in p.chars)


def _search(tmp_path: Path, windows: bool) -> CoverageSearch:
    win = tmp_path / "Windows" / "Fonts"
    win.mkdir(parents=True)
    if windows:  # stands in for Windows' SimSun-ExtB (a 5-character Hanazono subset)
        shutil.copy(FIXTURE_EXT_B, win / "simsunb.ttf")
    return CoverageSearch([], [win], RESOURCES_FONTS, [])


def test_rare_characters_come_from_other_faces_and_stay_in_the_text_layer(tmp_path):
    result = render(_doc(NAMES), load_fonts(), coverage=_search(tmp_path, windows=True))
    assert NAMES in _text(result.pdf)
    assert result.missing_chars == []
    note = next(n for n in result.notes if n.startswith("生僻字取自其他字体"))
    assert "simsunb.ttf" in note and "fuban-han-ext-a.ttf" in note
    assert "㑇" in note and "𠮷" in note


def test_a_character_no_face_has_is_reported_never_dropped_silently(tmp_path, caplog):
    result = render(_doc(NAMES), load_fonts(), coverage=_search(tmp_path, windows=False))
    assert result.missing_chars == ["𠮷"]
    assert any("缺字" in n and "𠮷" in n and "U+20BB7" in n for n in result.notes)
    assert "𠮷" in caplog.text
    with pdfplumber.open(io.BytesIO(result.pdf)) as doc:
        assert "缺字：𠮷" in doc.metadata["Subject"]
    assert "王喆、李堃、赵赟、张㑇" in _text(result.pdf)


def test_minutes_with_nothing_to_cc_keep_the_issue_line_on_an_even_page():
    m = dataclasses.replace(sample_minutes(), cc="")
    report = check_official(build_minutes_pdf(m).pdf, ["同江市人民政府办公室2018年9月4日印发"])
    assert report.closing_page == report.pages and report.pages % 2 == 0
    assert "抄送" not in report.text


def test_closing_label_and_copies_come_from_the_settings():
    m = dataclasses.replace(sample_minutes(), cc_label="分送", copies=40)
    report = check_official(build_minutes_pdf(m).pdf, ["分送：市委办公室", "（共印40份）"])
    assert "抄送" not in report.text


def test_closing_shares_an_even_last_page_that_has_room():
    m = sample_minutes()
    doc = minutes_document(m)
    doc.paragraphs = doc.paragraphs[:3]  # text ends early on page 1 (odd)
    one = render(doc)
    assert one.pages == 2  # 版记 alone on page 2
    doc.paragraphs = doc.paragraphs + [Paragraph([Run("国" * 28 * 22)])]
    report = check_official(render(doc).pdf, closing=True)
    assert report.closing_page == report.pages and report.pages % 2 == 0


def test_notice_signature_and_date_never_stand_alone_on_a_page():
    # Fill the page so the signature would fall alone on the next one: it takes the last lines.
    from tests.unit.test_official_forms_checked import NAMES_56, REAL_ITEMS, facts, notice

    for extra in range(0, 60, 3):
        f = facts(REAL_ITEMS, "市政府第12次常务会议", NAMES_56[: 10 + extra], [])
        pdf = notice(f).pdf
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            last = doc.pages[-1]
            body = [c for c in last.chars if c["top"] < (37 + 225) * 72 / 25.4]
            text = "".join(c["text"] for c in body)
        assert text.endswith("2026年12月3日")
        assert "请提前向常务副市长请假。" in text, f"signature alone ({extra}): {text}"
        check_signature(pdf, "同江市人民政府办公室", "2026年12月3日")  # and the seal's room


def _signed(text: str, office: str, right_aligned: bool = False) -> bytes:
    body = [Paragraph([Run(text)])]
    if right_aligned:  # the layout before: 署名 and date flush right, no room for the seal
        body += [
            Paragraph([], first_indent=0, keep_with_next=True),
            Paragraph([Run(office)], first_indent=0, align="right", keep_with_next=True),
            Paragraph([Run("2026年12月3日")], first_indent=0, align="right"),
        ]
    else:
        body = with_signature(body, Signature(office, "2026年12月3日"))
    return render(OfficialDocument("通知", office, body), load_fonts()).pdf


def test_signature_7_3_5_1_date_four_characters_in_署名_centred_room_for_the_seal():
    """GB/T 9704-2012 7.3.5.1: 成文日期右空四字; 署名 centred on the date; the seal's top within
    one line below the text, the 署名 and date a little below its centre, nothing else under it."""
    sig = check_signature(
        _signed("特此通知。", "同江市人民政府办公室"), "同江市人民政府办公室", "2026年12月3日"
    )
    assert abs(sig.date_right_space - 4 * 156 / 28) < 0.5 and abs(sig.office_offset) < 0.5
    assert sig.lines_after_text == pytest.approx(3, abs=0.01)  # two blank lines between
    assert 0 < sig.seal_top_gap < 225 / 22
    with pytest.raises(AssertionError, match="right space"):
        check_signature(
            _signed("特此通知。", "同江市人民政府办公室", right_aligned=True),
            "同江市人民政府办公室",
            "2026年12月3日",
        )


def test_a_long_署名_is_pulled_left_to_end_at_the_text_block():
    office = "同江市人民政府办公室同江市财政局同江市审计局"
    pdf = _signed("特此通知。", office)
    check_signature(pdf, office, "2026年12月3日")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        line = [c for c in doc.pages[0].chars if c["text"] in office]
        right = max(c["x1"] for c in line) * 25.4 / 72
    assert abs(right - (28 + 156)) < 1.0


def test_signature_takes_the_last_text_lines_along_when_the_page_is_full():
    """With the text ending on the last lines of a page, the 署名 block (two blank lines, 署名,
    date and the seal's lower edge: five lines) moves to the next page with the text's last
    line, never alone."""
    long_text = "为做好全市防汛工作，现就有关事项通知如下。" * 26
    for extra in range(0, 40, 2):
        pdf = _signed(long_text + "各" * extra, "同江市人民政府办公室")
        sig = check_signature(pdf, "同江市人民政府办公室", "2026年12月3日")
        assert sig.seal_bottom <= 37 + 225 + 1.0


def test_titles_break_between_words_never_inside_a_name_or_number_and_balanced():
    limit = 19.6
    lines = break_title(
        "关于召开同江市人民政府第二十五次常务会议研究全市国土绿化暨森林草原防灭火工作的通知",
        limit,
        title_em_width,
    )
    assert len(lines) == 3 and all(title_em_width(x) <= limit for x in lines)
    assert max(map(len, lines)) - min(map(len, lines)) <= 4  # balanced
    assert not any(x.startswith("草原") or x.endswith("森林") for x in lines)
    lines = break_title("关于印发《同江市城市集中供热管理办法》的通知", 16, title_em_width)
    assert any("《同江市城市集中供热管理办法》" in x for x in lines)
    lines = break_title("关于实施同江市国土空间总体规划（2021—2035年）的意见", 14, title_em_width)
    assert any("2021—2035年" in x for x in lines)
    for x in lines[1:]:
        assert x[0] not in "，。、；：）」』》"


def test_title_of_a_notice_is_broken_between_words_on_the_page():
    from tests.unit.test_official_forms_checked import REAL_ITEMS, facts, notice

    title = "市政府第12次常务会议暨全市森林草原防灭火和城市集中供热工作推进会议"
    pdf = notice(facts(REAL_ITEMS, title, ["李明远"], [])).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        big = [c for c in doc.pages[0].chars if c["size"] > 20]
    rows: dict[int, str] = {}
    for c in big:
        rows[round(c["top"])] = rows.get(round(c["top"]), "") + c["text"]
    lines = list(rows.values())
    assert len(lines) >= 2 and "".join(lines) == f"关于召开{title}的通知"
    assert not any(
        a[-1] + b[0] in ("草原", "供热", "会议") for a, b in zip(lines, lines[1:], strict=False)
    )


def test_org_profile_closing_settings_are_checked():
    import pytest

    from desktop_app.services.system.common import ValidationError
    from desktop_app.services.system.org_profile import BY_KEY, clean_value

    assert clean_value(BY_KEY["minutes_cc_label"], "分送") == "分送"
    with pytest.raises(ValidationError, match="抄送"):
        clean_value(BY_KEY["minutes_cc_label"], "送达")
    assert clean_value(BY_KEY["minutes_copies"], "1200") == 1200
    with pytest.raises(ValidationError):
        clean_value(BY_KEY["minutes_copies"], "-1")
    assert BY_KEY["minutes_copies"].default == 0 and BY_KEY["minutes_cc_label"].default == "抄送"


def test_the_issue_line_carries_the_issue_date():
    m = dataclasses.replace(sample_minutes(), issued_text="2018年9月6日")
    report = check_official(build_minutes_pdf(m).pdf, ["2018年9月6日印发"])
    assert report.closing_page is not None


def _content(pdf: bytes) -> bytes:
    """The pages' content streams, decoded (pdfminer)."""
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return b"".join(resolve1(s).get_data() for p in doc.pages for s in p.page_obj.contents)


def test_small_mark_stand_in_gets_the_bold_look_and_says_so():
    fonts = load_fonts()
    result = build_minutes_pdf(sample_minutes(), fonts)
    if fonts.fonts["xiaobiaosong"].fallback:  # no 方正小标宋 on this PC (as in CI)
        assert b"2 Tr" in _content(result.pdf)  # fill and stroke the outline
        assert any("以宋体加粗代替" in n for n in result.notes)
    else:
        assert b"2 Tr" not in _content(result.pdf)


def test_a_short_last_line_never_opens_a_page_alone():
    # 21 full lines, then a paragraph of two full lines and four characters: its short last
    # line would open page 2 alone; the break moves up one line instead.
    filler = Paragraph([Run("国" * 28 * 21)], first_indent=0)
    tail = Paragraph([Run("家" * (28 * 2 + 4))], first_indent=0)
    doc = OfficialDocument("测试", "办公室", [filler, tail])
    with pdfplumber.open(io.BytesIO(render(doc).pdf)) as pdf:
        second = "".join(c["text"] for c in pdf.pages[1].chars if c["size"] == 16)
    assert second == "家" * 32


def test_table_forms_get_borrowed_characters_as_font_markup(tmp_path):
    from desktop_app.printing.glyph_fallback import GlyphFallback

    fonts = load_fonts()
    glyphs = GlyphFallback(fonts, _search(tmp_path, windows=True))
    marked = glyphs.markup("张㑇<局长>", "fangsong")
    assert marked.startswith("张<font name=") and "㑇</font>" in marked
    assert marked.endswith("&lt;局长&gt;")
    assert glyphs.markup("李明远", "fangsong") == "李明远"


def test_the_督查通报_is_signed_as_7_3_5_1_places_it():
    from datetime import date

    from desktop_app.printing.supervision_circular import (
        CircularData,
        CircularLine,
        build_circular_pdf,
    )

    lines = [CircularLine(f"同江市第{k}局", 3, 1, 1, 1, 1) for k in range(1, 30)]
    data = CircularData("同江市人民政府督查室", "2026年11月", date(2026, 12, 3), lines)
    pdf = build_circular_pdf(data).pdf
    check_official(pdf, ["督查通报", "同江市第29局"])
    check_signature(pdf, "同江市人民政府督查室", "2026年12月3日")


def test_the_督办通知单_is_signed_as_7_3_5_1_places_it():
    from datetime import date

    from desktop_app.printing.supervision_notice import NoticeData, build_notice_pdf

    data = NoticeData(
        "同江市人民政府督查室",
        12,
        "同江市水务局",
        "抓紧完成城区排水管网改造",
        "汛期前完成主干管网清淤和改造。",
        "市政府第12次常务会议决定事项",
        "孙立新",
        "王强",
        "同江市财政局",
        "按期保质完成",
        date(2026, 12, 31),
        date(2026, 12, 3),
        token="T0K3N",
    )
    pdf = build_notice_pdf(data).pdf  # (its code block sits in the top margin, by design)
    check_signature(pdf, "同江市人民政府督查室", "2026年12月3日")


def _faces(pdf: bytes, text: str) -> list[str]:
    """The face each character of the first line holding `text` is printed in, from `text` on
    (the subset prefix 「AAAAAA+」 left out)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[int, list[dict]] = {}
            for c in page.chars:
                rows.setdefault(round(c["matrix"][5]), []).append(c)  # by baseline
            for row in rows.values():
                row.sort(key=lambda c: c["x0"])
                line = "".join(c["text"] for c in row)
                if text in line:
                    start = line.index(text)
                    return [c["fontname"].split("+")[-1] for c in row[start : start + len(text)]]
    raise AssertionError(f"no line holds {text}")


def _summary(late: list[str]):
    from datetime import date

    from desktop_app.printing.supervision_proposals import ProposalCounts, ProposalSummaryData

    counts = [ProposalCounts("npc", 12, 12, 10, 1, 1), ProposalCounts("cppcc", 8, 8, 8, 0, 0)]
    return ProposalSummaryData("同江市人民政府办公室", 2026, date(2026, 12, 3), counts, late, [])


def test_level_one_headings_are_heiti_on_the_督办_papers():
    """FORMS.md: 「一、」 headings in 黑体 — the 督办通知单's 「一、督办事项：」, the 督查通报's
    「一、住房和城乡建设局：」 and the 提案汇总's 「一、人大代表建议：」 (they were 仿宋), the text
    after the colon in 仿宋; a numbered paragraph without one (「五、请于……」) has its number in 黑体."""
    from datetime import date

    from desktop_app.printing.supervision_circular import (
        CircularData,
        CircularLine,
        build_circular_pdf,
    )
    from desktop_app.printing.supervision_notice import build_notice_pdf
    from desktop_app.printing.supervision_proposals import build_proposal_summary_pdf
    from desktop_app.selftest import form_specimens

    fonts = load_fonts()
    hei, fang = fonts.fonts["heiti"].face, fonts.fonts["fangsong"].face
    assert hei != fang
    line = CircularLine("住房和城乡建设局", 3, 1, 1, 1, 1)
    circular = CircularData("同江市人民政府督查室", "2026年11月", date(2026, 12, 3), [line])
    notice = build_notice_pdf(form_specimens.notice_data()).pdf
    cases = [
        (notice, "一、督办事项：", "完成城区"),
        (notice, "二、分管副市长：", "周志强"),
        (notice, "五、", "请于时限内"),
        (build_circular_pdf(circular).pdf, "一、住房和城乡建设局：", "督办事项"),
        (build_proposal_summary_pdf(_summary([])).pdf, "一、人大代表建议：", "收到12件"),
    ]
    for pdf, heading, body in cases:  # (a .ttc face is named with its index: 「…Hei-0」)
        assert all(f.startswith(hei) for f in _faces(pdf, heading)), heading
        assert all(f.startswith(fang) for f in _faces(pdf, heading + body)[len(heading) :]), body


def test_the_提案汇总_has_a_balanced_title_and_is_signed_as_7_3_5_1_places_it():
    """The 署名 and date were set flush right (no 右空四字) and could go to a page of their own;
    the title broke with its last word 「汇总」 alone on the second line."""
    from desktop_app.printing.supervision_proposals import build_proposal_summary_pdf

    units = [f"同江市第{k}局" for k in range(1, 120)]  # a long list: the body ends on page 2
    for late in ([], units):
        pdf = build_proposal_summary_pdf(_summary(late)).pdf
        check_official(pdf, ["办理情况汇总"])
        check_signature(pdf, "同江市人民政府办公室", "2026年12月3日")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        rows: dict[int, str] = {}
        for c in doc.pages[0].chars:
            if c["size"] == 22:
                rows[round(c["top"])] = rows.get(round(c["top"]), "") + c["text"]
    title = [rows[k] for k in sorted(rows)]
    assert "".join(title) == "2026年人大代表建议和政协委员提案办理情况汇总"
    assert len(title) == 2 and abs(len(title[0]) - len(title[1])) <= 4, title
