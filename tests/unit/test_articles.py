"""The rules text shipped as a resource, read article by article (desktop_app.rules.articles)."""

from __future__ import annotations

import pytest

from desktop_app.rules import articles
from desktop_app.rules.articles import (
    all_articles,
    article,
    article_label,
    article_labels,
    article_text,
    chinese_number,
    chinese_numeral,
    parse,
)


def test_the_rules_text_and_its_source_note_ship_as_resources():
    assert articles.RULEBOOK_FILE.is_file()
    text = articles.RULEBOOK_FILE.read_text(encoding="utf-8")
    assert text.startswith("同政发〔2018〕34号")
    note = articles.SOURCE_FILE.read_text(encoding="utf-8")
    assert "同江市人民政府" in note and "同政发〔2018〕34号" in note
    assert articles.source_line() == (
        "来源：《同江市人民政府工作规则》（同政发〔2018〕34号），同江市人民政府2018年9月4日印发。"
    )


def test_every_article_from_the_first_to_the_seventy_fifth_in_order():
    numbers = [a.number for a in all_articles()]
    assert numbers == list(range(1, 76))
    assert [a.label for a in all_articles()][:3] == ["第一条", "第二条", "第三条"]


def test_first_article_whose_line_begins_with_full_width_spaces():
    # 「　　第一条　为建立…」: the indentation is not part of the text, nor is the preamble
    # (the issuing notice) or the chapter heading before it.
    text = article_text("第一条")
    assert text.startswith("第一条 为建立“权责一致")
    assert text.endswith("参照《佳木斯市人民政府工作规则》，制定本规则。")
    assert "同政发〔2018〕34号" not in text and "第一章" not in text
    assert article("第一条").chapter == "第一章 总 则"


def test_fourth_article_also_indented_with_full_width_spaces():
    assert (
        article_text("第四条")
        == "第四条 市政府由下列人员组成：市长、副市长，市政府工作部门的各局（委、办）局长（主任）。"
    )


def test_a_middle_article_R45_is_whole_and_alone():
    text = article_text("第四十五条")
    assert text.startswith("第四十五条 市政府正式公文经市政府办公室履行公文审批程序")
    assert text.endswith("重要用印须由市长签批。")
    assert "第四十六条" not in text
    assert article(45).text == text
    assert article("第四十五条").chapter == "第六章 公文处理"


def test_an_article_of_many_paragraphs_keeps_them_and_stops_at_the_next_article():
    text = article_text("第二十三条")
    lines = text.splitlines()
    assert lines[0] == "第二十三条 市政府常务会议"
    assert "会议须有半数以上常务会议成员出席方能召开。" in text
    assert "5.如分管副市长不能参加会议，原则上分管战线提请的议题不予上会。" in lines
    assert lines[-1] == "3.市政府常务会议一般安排在政府501会议室。会务工作由市政府办公室负责。"
    assert "市长办公会议" not in lines[-1]


def test_the_last_article_ends_before_the_issuing_offices_line():
    text = article_text("第七十五条")
    assert text == (
        "第七十五条 本规则自下发之日起执行，原《同江市人民政府关于印发同江市人民政府工作规则的通知》"
        "（同政发〔2015〕27号）同时废止。"
    )
    assert article("第七十五条").chapter == "第十一章 附 则"


def test_chapters_are_not_articles_even_without_a_number():
    # This copy's fifth and tenth chapter headings lost their numbers (「会议办理」, 「督办检查」):
    # they end the article before them all the same.
    assert "会议办理" not in article_text("第十九条")
    assert article("第二十条").chapter == "会议办理"
    assert "督办检查" not in article_text("第六十七条").splitlines()
    assert article("第六十八条").chapter == "督办检查"
    for a in all_articles():
        assert a.text.startswith(a.label + " ")
        assert not any(
            line.startswith(("第一章", "第六章", "第十一章")) for line in a.text.splitlines()
        )


def test_unknown_article_is_a_clear_key_error():
    with pytest.raises(KeyError, match="第七十六条"):
        article_text("第七十六条")
    assert not articles.has_article(76)
    assert articles.has_article("第七十五条")


def test_chinese_numerals_both_ways():
    for n in (1, 9, 10, 11, 20, 23, 45, 62, 75, 100, 101, 110, 999):
        assert chinese_number(chinese_numeral(n)) == n
    assert chinese_numeral(45) == "四十五" and chinese_numeral(10) == "十"
    assert chinese_number("十二") == 12 and chinese_number("二十") == 20
    assert article_label(62) == "第六十二条"
    with pytest.raises(ValueError):
        chinese_number("45")


def test_article_labels_of_a_citation():
    assert article_labels("第六条") == ["第六条"]
    assert article_labels("第三十三条、第三十四条") == ["第三十三条", "第三十四条"]
    assert article_labels("用印登记簿规则") == []


def test_parse_a_small_text():
    text = (
        "通知\n\n第一章　总 则\n\n　　第一条　甲。\n第二条  乙\n（一）丙。\n\n第二章　其他\n"
        "第三条\u3000丁。\ue004\n\n　某某办公室　　 2018年9月4日印发 \n"
    )
    got = parse(text)
    assert [(a.number, a.chapter, a.text) for a in got] == [
        (1, "第一章 总 则", "第一条 甲。"),
        (2, "第一章 总 则", "第二条 乙\n（一）丙。"),
        (3, "第二章 其他", "第三条 丁。"),
    ]
