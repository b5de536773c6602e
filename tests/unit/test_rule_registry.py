"""The rule registry: citations a clerk can read, and each rule's article text one step away."""

from __future__ import annotations

import re

import pytest

from desktop_app.rules import all_rules, article_text, cite, rule_info, violation
from desktop_app.rules.registry import RuleInfo, RuleViolation, article_of

ARTICLE = re.compile(r"第[一二三四五六七八九十百]+条")
ARTICLES = re.compile(rf"{ARTICLE.pattern}(、{ARTICLE.pattern})*")
# a rule that is not an article is named in Chinese words ending in 规则 — never a bare ID
WORDS = re.compile(r"[\u4e00-\u9fff]{2,}规则")


def test_R45_1_citation_names_the_article_and_the_rule_id():
    assert (
        cite("R45.1", "缺少分管副市长签批。")
        == "依据《工作规则》第四十五条（R45.1）：缺少分管副市长签批。"
    )
    err = violation("R45.1", "缺少分管副市长签批。")
    assert isinstance(err, RuleViolation) and err.rule_id == "R45.1"
    assert "（R45.1）" in err.message


@pytest.mark.parametrize(
    ("rule_id", "words"),
    [
        ("NUM", "发文字号编号规则"),
        ("LOG", "用印登记簿规则"),
        ("CAL1", "工作日历规则"),
        ("CAL2", "工作日历规则"),
    ],
)
def test_rules_that_are_not_articles_are_cited_in_words(rule_id, words):
    """NUM, LOG, CAL1, CAL2 come from no article: the citation names the rule in words."""
    assert rule_info(rule_id).article == words
    message = violation(rule_id, "……").message
    assert message == f"依据{words}（{rule_id}）：……"
    assert not message.startswith(f"依据{rule_id}")


def test_an_unregistered_id_still_cites_an_article_never_a_bare_id():
    assert article_of("R45.9") == "第四十五条"
    assert cite("R99", "x") == "依据本程序的登记规则（R99）：x"
    assert cite("ZZZ", "x").startswith("依据本程序的登记规则（ZZZ）")


def test_every_registered_article_is_an_article_or_words():
    for r in all_rules():
        assert ARTICLES.fullmatch(r.article) or WORDS.fullmatch(r.article), (r.rule_id, r.article)


def test_every_registered_rule_refuses_with_a_citation():
    """Runtime check: violation() for every registered rule starts with 「依据」, names the rule's
    article (or its name in words) and its ID."""
    for r in all_rules():
        message = violation(r.rule_id, "测试。").message
        assert message.startswith("依据"), message
        if r.article.startswith("第"):
            assert message.startswith(f"依据《工作规则》{r.article}（{r.rule_id}）："), message
            assert r.article_labels and all(ARTICLE.fullmatch(a) for a in r.article_labels)
        else:
            assert message.startswith(f"依据{r.article}（{r.rule_id}）："), message


def test_each_rule_gives_its_articles_full_text():
    r = rule_info("R45.1")
    assert r.article_text() == article_text("第四十五条")
    r62 = rule_info("R62.3")
    assert r62.article_text().startswith("第六十二条 副市长、各乡（镇）政府主要负责人")
    for r in all_rules():
        text = r.article_text()
        assert text, r.rule_id
        if r.article_labels:
            assert text.startswith(r.article_labels[0] + " "), r.rule_id


def test_a_rule_naming_several_articles_gives_each_text_in_turn():
    both = RuleInfo("X", "第三十三条、第三十四条", "block", "测试")
    assert both.article_labels == ["第三十三条", "第三十四条"]
    assert both.article_text() == article_text("第三十三条") + "\n\n" + article_text("第三十四条")


def test_a_rule_in_words_explains_itself_instead_of_an_article():
    text = rule_info("LOG").article_text()
    assert text.startswith("「用印登记簿规则」不是《同江市人民政府工作规则》的条文")
    assert rule_info("LOG").summary in text


def test_a_missing_article_is_said_not_invented():
    odd = RuleInfo("X", "第九十九条", "rule", "测试")
    assert odd.article_text() == "第九十九条：《同江市人民政府工作规则》中没有这一条。"


def test_rules_are_sorted_in_rulebook_order():
    ids = [r.rule_id for r in all_rules()]
    assert ids.index("R4") < ids.index("R6.1") < ids.index("R23.1") < ids.index("R62.10")
    # the rules that are not articles last
    assert set(ids[-5:]) == {"CAL1", "CAL2", "LOG", "NUM", "SEALMGT"}
    assert rule_info("R6.2").article == "第六条"
    assert rule_info("NOPE") is None
