"""The catalogue of enforced rules and the error a rule raises.

Each rule function is registered with its ID from rulebook/RULES.md, the article it comes from and
a one-line summary; `fuban rules` and the in-app help list exactly what is registered, i.e. what
the product really enforces. Every rule is declared in a module of this package (a test scans the
code for declarations elsewhere), so importing the package is enough to know them all.

The article is 「第四十五条」 (several: 「第三十三条、第三十四条」) for a rule that comes from an
article of the work rules, and the rule's name in words for one that does not (「用印登记簿规则」,
「发文字号编号规则」, 「工作日历规则」) — never a bare ID: the clerk reads it in every refusal.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from db.errors import FubanError
from desktop_app.rules import articles

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class RuleInfo:
    rule_id: str
    article: str  # e.g. 「第六条」, or a section name for rules that are not articles
    severity: str  # block | warn | track | rule | data
    summary: str  # one line, Chinese
    functions: tuple[str, ...] = ()

    @property
    def article_labels(self) -> list[str]:
        """The articles of the work rules this rule comes from; [] for a rule named in words."""
        return articles.article_labels(self.article)

    def article_text(self) -> str:
        """The full text of the rule's article(s), as the rules word it; for a rule that is not an
        article, a sentence saying so with what the rule requires."""
        labels = self.article_labels
        if not labels:
            return (
                f"「{self.article}」不是{articles.RULES_TITLE}的条文，而是本程序据以登记和检查的"
                f"规则：{self.summary}"
            )
        texts = []
        for label in labels:
            try:
                texts.append(articles.article_text(label))
            except KeyError:
                texts.append(f"{label}：{articles.RULES_TITLE}中没有这一条。")
        return "\n\n".join(texts)


_RULES: dict[str, RuleInfo] = {}


class RuleViolation(FubanError):
    """An action the work rules do not allow (yet). The message cites the article."""

    def __init__(self, rule_id: str, message: str):
        super().__init__(message)
        self.rule_id = rule_id


def register(rule_id: str, article: str, severity: str, summary: str) -> None:
    """Declare a rule without a function of its own (e.g. one enforced by a data constraint)."""
    old = _RULES.get(rule_id)
    _RULES[rule_id] = RuleInfo(rule_id, article, severity, summary, old.functions if old else ())


def rule(rule_id: str, article: str, severity: str, summary: str) -> Callable[[F], F]:
    """Decorator: the function decides (part of) rule `rule_id`."""

    def wrap(fn: F) -> F:
        register(rule_id, article, severity, summary)
        info = _RULES[rule_id]
        name = f"{fn.__module__}.{fn.__qualname__}"
        _RULES[rule_id] = RuleInfo(
            info.rule_id, info.article, info.severity, info.summary, (*info.functions, name)
        )
        return fn

    return wrap


def article_of(rule_id: str) -> str:
    """The article a rule cites: its registered article; for an ID nobody registered, the article
    its number names (R45.9 → 第四十五条) — a refusal always names an article, never a bare ID."""
    info = _RULES.get(rule_id)
    if info is not None:
        return info.article
    m = re.fullmatch(r"R(\d{1,3})(\..*)?", rule_id)
    if m and articles.has_article(int(m.group(1))):
        return articles.article_label(int(m.group(1)))
    return "本程序的登记规则"


def cite(rule_id: str, what: str) -> str:
    """「依据《工作规则》第四十五条（R45.1）：……」, or for a rule that is not an article
    「依据用印登记簿规则（LOG）：……」 — the form every block or warning is shown in."""
    where = article_of(rule_id)
    prefix = "依据《工作规则》" if where.startswith("第") else "依据"
    return f"{prefix}{where}（{rule_id}）：{what}"


def violation(rule_id: str, what: str) -> RuleViolation:
    return RuleViolation(rule_id, cite(rule_id, what))


def _sort_key(rule_id: str) -> tuple:
    head = rule_id.lstrip("R")
    parts = []
    for p in head.replace("CAL", "").split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append((int(digits) if digits else 0, p))
    return (0 if rule_id.startswith("R") else 1, parts)


def _load_all() -> None:
    """Import every module of this package: each registers its rules on import (a module added
    later is found without being listed anywhere)."""
    import desktop_app.rules as package

    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{module.name}")


def all_rules() -> list[RuleInfo]:
    """Every enforced rule, in rulebook order — the one list `fuban rules` and 设置 → 规则 show."""
    _load_all()
    return sorted(_RULES.values(), key=lambda r: _sort_key(r.rule_id))


def rule_info(rule_id: str) -> RuleInfo | None:
    """The registered rule `rule_id` (None if no module declares it)."""
    _load_all()
    return _RULES.get(rule_id)
