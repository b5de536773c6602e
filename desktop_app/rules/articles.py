"""The words of 《同江市人民政府工作规则》, article by article.

The rules text ships as a resource (resources/rulebook/); this module splits it into its articles
(第一条 … 第七十五条) so that a citation can be followed to the article's own words: `fuban rules
--text`, 设置 → 规则 and the 「查看条文」 button on a refusal all read it here. Chapter headings
(第X章, and the two headings of this copy that lost their chapter number) are not part of any
article, nor is the issuing office's line at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

RULEBOOK_DIR = Path(__file__).resolve().parents[2] / "resources" / "rulebook"
RULEBOOK_FILE = RULEBOOK_DIR / "tongjiang-work-rules-2018.txt"
SOURCE_FILE = RULEBOOK_DIR / "SOURCE.txt"
RULES_TITLE = "《同江市人民政府工作规则》"

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMERAL = "零〇一二两三四五六七八九十百"
# Spaces a government text puts around headings: ASCII, full-width (U+3000), no-break; and
# characters of the Unicode private-use area some word processors leave behind.
_JUNK = re.compile(r"[\s\u3000\u00a0\ue000-\uf8ff]+")
_ARTICLE = re.compile(rf"^第([{_NUMERAL}]+)条")
_CHAPTER = re.compile(rf"^第([{_NUMERAL}]+)章")
_ISSUED_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日印发$")
# A heading without a number: a short line of Chinese characters only (「会议办理」, 「督办检查」).
_BARE_HEADING = re.compile(r"^[\u4e00-\u9fff]{2,8}$")


def chinese_number(text: str) -> int:
    """「四十五」 → 45, 「十」 → 10, 「一百零二」 → 102 (the numerals articles are counted in)."""
    if not text or any(ch not in _NUMERAL for ch in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total, digit = 0, None
    for ch in text:
        if ch == "百":
            total += (1 if digit is None else digit) * 100
            digit = None
        elif ch == "十":
            total += (1 if digit is None else digit) * 10
            digit = None
        else:
            digit = _DIGITS[ch]
    return total + (digit or 0)


def chinese_numeral(n: int) -> str:
    """45 → 「四十五」, 10 → 「十」 (1 ≤ n ≤ 999)."""
    if not 1 <= n <= 999:
        raise ValueError(n)
    names = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{names[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else names[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += names[ones]
    return out


def article_label(n: int) -> str:
    return f"第{chinese_numeral(n)}条"


@dataclass(frozen=True)
class Article:
    number: int
    label: str  # 第四十五条
    chapter: str  # the heading it stands under as written, e.g. 「第六章 公文处理」, 「会议办理」
    text: str  # the article's full text, beginning with its label; one paragraph a line


def _clean(line: str) -> str:
    """Strip the indentation and stray characters; inner runs of spaces become one space."""
    return _JUNK.sub(" ", line).strip()


def _heading(line: str) -> bool:
    return bool(_CHAPTER.match(line) or _BARE_HEADING.match(line))


def parse(text: str) -> list[Article]:
    """Split the rules text into its articles, in order. The preamble (the issuing notice and the
    title) comes before 第一条 and belongs to no article; headings and the issuing office's line
    at the end end the article before them."""
    found: list[Article] = []
    chapter = ""
    current: tuple[int, str, str] | None = None
    paragraphs: list[str] = []

    def close() -> None:
        if current is not None:
            number, label, ch = current
            found.append(Article(number, label, ch, "\n".join(paragraphs)))

    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        m = _ARTICLE.match(line)
        if m:
            close()
            number = chinese_number(m.group(1))
            label = f"第{m.group(1)}条"
            # 「第四十五条　市政府正式公文…」: one space between the label and the words
            line = label + " " + line[len(label) :].lstrip() if line != label else label
            current, paragraphs = (number, label, chapter), [line.rstrip()]
        elif _heading(line):
            close()
            current, paragraphs = None, []
            chapter = line
        elif _ISSUED_LINE.search(line):
            close()
            current, paragraphs = None, []
        elif current is not None:
            paragraphs.append(line)
    close()
    return found


@cache
def _by_label() -> dict[str, Article]:
    return {a.label: a for a in parse(RULEBOOK_FILE.read_text(encoding="utf-8"))}


def all_articles() -> list[Article]:
    return sorted(_by_label().values(), key=lambda a: a.number)


def article(label: str | int) -> Article:
    """The article 「第四十五条」 (or 45). KeyError if the rules have no such article."""
    key = article_label(label) if isinstance(label, int) else label.strip()
    try:
        return _by_label()[key]
    except KeyError:
        raise KeyError(f"《工作规则》没有{key}") from None


def has_article(label: str | int) -> bool:
    try:
        article(label)
    except (KeyError, ValueError):
        return False
    return True


def article_text(label: str | int) -> str:
    """The full text of one article, e.g. article_text("第四十五条")."""
    return article(label).text


def article_labels(citation: str) -> list[str]:
    """The article labels a rule's citation names, in order: 「第六条」 → [第六条];
    「第三十三条、第三十四条」 → both; words (「用印登记簿规则」) → []."""
    return re.findall(rf"第[{_NUMERAL}]+条", citation)


@cache
def source_line() -> str:
    """「来源：《同江市人民政府工作规则》（同政发〔2018〕34号），…印发。」 — shown under an article."""
    return SOURCE_FILE.read_text(encoding="utf-8").splitlines()[0].strip()
