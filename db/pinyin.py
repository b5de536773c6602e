"""Pinyin initials of Chinese text, for searching by the first letters a clerk types on an
English keyboard: 「防汛」 → 「fx」, 「张海峰」 → 「zhf」, 「银行行长」 → 「yhhz」.

Each Chinese character gives the first letter of its reading (pypinyin's data). A character with
readings that start with different letters (长 cháng/zhǎng, 行 xíng/háng, 重, 会, 调 …) takes the
reading of the word it stands in where pypinyin's phrase list knows the word (市长 → sz, 银行 →
yh), else its most common reading. `initials_choices` gives every reading's letters for short
texts (names: 曾 zēng/céng, 单 shàn/dān), where a pick list can afford to try them all.

The tables are built on first use from the data files pypinyin ships (about 0.15 s), not at
start-up: reading them through pypinyin's own modules would also load its converter (0.5 s).
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# CJK unified ideographs (basic, extension A, compatibility, and the supplementary planes)
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
PHRASE_WINDOW = 4  # longest word looked up around an ambiguous character
MAX_CHOICES = 16  # readings combined per text in initials_choices


@dataclass(frozen=True)
class _Tables:
    letter: dict[int, str]  # code point → first letter of the most common reading
    letters: dict[str, str]  # ambiguous character → every first letter of its readings
    words: dict[str, str]  # word holding an ambiguous character → its initials (where they differ)
    fixable: frozenset[str]  # ambiguous characters some word in `words` reads otherwise


_tables: _Tables | None = None
_lock = threading.Lock()


@functools.cache
def _first_letter(reading: str) -> str:
    """「ài」 → 「a」: the tone mark goes with decomposition."""
    return unicodedata.normalize("NFD", reading)[:1].lower()


def _data(name: str) -> dict:
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("pypinyin")
    path = Path(next(iter(spec.submodule_search_locations))) / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:  # a build that keeps the data only in the modules
        module = name.removesuffix(".json")
        imported = __import__(f"pypinyin.{module}", fromlist=[module])
        return {str(k): v for k, v in getattr(imported, module).items()}


def _build() -> _Tables:
    letter: dict[int, str] = {}
    letters: dict[str, str] = {}
    for code, readings in _data("pinyin_dict.json").items():
        firsts = list(dict.fromkeys(_first_letter(r) for r in readings.split(",") if r))
        if not firsts or not firsts[0].isascii():
            continue
        letter[int(code)] = firsts[0]
        if len(firsts) > 1:
            letters[chr(int(code))] = "".join(f for f in firsts if f.isascii())
    words: dict[str, str] = {}
    ambiguous = letters.keys()
    for word, readings in _data("phrases_dict.json").items():
        if len(word) > PHRASE_WINDOW or ambiguous.isdisjoint(word) or len(word) != len(readings):
            continue
        said = "".join([_first_letter(r[0]) if r else "" for r in readings])
        if len(said) == len(word) and said != word.translate(letter):
            words[word] = said
    # only characters some word reads otherwise need the word looked up
    fixable = {
        ch
        for word, said in words.items()
        for ch, a in zip(word, said, strict=True)
        if letter.get(ord(ch)) != a
    }
    return _Tables(letter, letters, words, frozenset(fixable))


def tables() -> _Tables:
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _build()
    return _tables


def warm_up() -> None:
    """Build the tables in a background thread (a pick list about to be typed into), so the
    first letters the clerk types do not wait for them."""
    if _tables is None:
        threading.Thread(target=tables, name="pinyin-tables", daemon=True).start()


def _segment_initials(segment: str, t: _Tables) -> str:
    """Initials of a run of Chinese characters (one letter each)."""
    plain = segment.translate(t.letter)
    if t.fixable.isdisjoint(segment):
        return plain
    out = list(plain)
    for i, ch in enumerate(segment):
        if ch not in t.fixable:
            continue
        for size in range(PHRASE_WINDOW, 1, -1):  # the longest word wins
            found = None
            for start in range(max(0, i - size + 1), min(i, len(segment) - size) + 1):
                found = t.words.get(segment[start : start + size])
                if found is not None:
                    out[i] = found[i - start]
                    break
            if found is not None:
                break
    return "".join(out)


def han_initials(text: str) -> list[str]:
    """The initials of each run of Chinese characters in `text`, in order; characters without a
    reading (rare ones pypinyin does not know) end a run."""
    t = tables()
    out: list[str] = []
    for match in HAN.finditer(text):
        letters = _segment_initials(match.group(), t)
        out.extend(part for part in re.split(r"[^a-z]+", letters) if part)
    return out


def initials(text: str) -> str:
    """The initials of `text`: Chinese characters as letters, other letters and digits kept,
    anything else dropped. 「黑政发〔2015〕12号」 → 「hzf201512h」."""
    t = tables()
    out: list[str] = []
    at = 0
    for match in HAN.finditer(text):
        out.append(_kept(text[at : match.start()]))
        out.append(_segment_initials(match.group(), t))
        at = match.end()
    out.append(_kept(text[at:]))
    return "".join(ch for ch in "".join(out) if ch.isascii() and ch.isalnum())


def _kept(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def initials_choices(text: str) -> list[str]:
    """The initials of `text` under each combination of its ambiguous characters' readings
    (the likeliest first), at most MAX_CHOICES: what a short name may be typed as."""
    first = initials(text)
    t = tables()
    if t.letters.keys().isdisjoint(text):
        return [first]
    options: list[list[str]] = []
    for ch in text:
        if ch in t.letters:
            options.append(list(t.letters[ch]))
        elif spelled := initials(ch):
            options.append([spelled])
    out = [first]
    for combo in itertools.product(*options):
        spelled = "".join(combo)
        if spelled not in out:
            out.append(spelled)
        if len(out) >= MAX_CHOICES:
            break
    return out


def is_initials_query(text: str) -> bool:
    """Whether `text` can be pinyin initials: two or more latin letters and nothing else."""
    return len(text) >= 2 and text.isascii() and text.isalpha()


def initials_span(text: str, letters: str) -> tuple[int, int] | None:
    """Where in `text` a run of Chinese characters has `letters` as its initials: (start, end)
    of those characters, or None."""
    t = tables()
    for match in HAN.finditer(text):
        at = _segment_initials(match.group(), t).find(letters)  # one letter per character
        if at >= 0:
            return match.start() + at, match.start() + at + len(letters)
    return None
