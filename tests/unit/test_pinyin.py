"""Pinyin initials (db.pinyin): one letter per Chinese character, the reading of the word a
polyphonic character stands in, every reading for a short name."""

from db.pinyin import han_initials, initials, initials_choices, initials_span, is_initials_query


def test_one_letter_per_character_and_other_letters_kept():
    assert initials("防汛") == "fx" and initials("张海峰") == "zhf"
    assert initials("黑政发〔2015〕12号") == "hzf201512h"
    assert initials("关于GDP的说明") == "gygdpdsm"
    assert han_initials("黑政发〔2015〕12号") == ["hzf", "h"]


def test_a_polyphonic_character_takes_the_reading_of_its_word():
    assert initials("市长") == "sz" and initials("银行行长") == "yhhz" and initials("重庆") == "cq"
    assert initials("会计") == "kj" and initials("开会") == "kh"


def test_every_reading_of_a_short_name():
    assert set(initials_choices("曾国华")) >= {"cgh", "zgh"}
    assert initials_choices("张海峰") == ["zhf"]


def test_where_initials_occur_in_a_text():
    text = "关于做好防汛工作的通知"
    start, end = initials_span(text, "fx")
    assert text[start:end] == "防汛"
    assert initials_span(text, "qq") is None


def test_what_counts_as_initials():
    assert is_initials_query("fx") and is_initials_query("zhf")
    assert (
        not is_initials_query("f") and not is_initials_query("防汛") and not is_initials_query("f2")
    )
