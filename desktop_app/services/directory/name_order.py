"""The order people are listed in: by the highest post held on the day (市委书记, 市长, 常务副市长,
副市长 … then those without a post), then by the pinyin of the name, as a printed 名录 is ordered
(not by character code, which put 刘 before 李 and a former mayor above the mayor)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=4096)
def pinyin_key(name: str) -> tuple[str, ...]:
    """「张海峰」 → ("zhang", "hai", "feng"): each character's most common reading; characters
    without one (Latin letters, digits) stand for themselves."""
    from pypinyin import Style, lazy_pinyin  # loaded on first use (about half a second)

    return tuple(lazy_pinyin(name.strip(), style=Style.NORMAL))


def person_order(rank: int, name: str) -> tuple[int, tuple[str, ...], str]:
    """Sort key: the higher rank first, then pinyin, then the characters (same readings)."""
    return (-rank, pinyin_key(name), name)


def unit_and_title(unit_name: str, title: str) -> str:
    """「向阳乡 · 乡镇党委书记」: the unit and the post kept apart (run together they read as one
    word, 「向阳乡乡镇党委书记」); a city post alone (「常务副市长」)."""
    return f"{unit_name} · {title}" if unit_name else title
