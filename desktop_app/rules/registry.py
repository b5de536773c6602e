"""The catalogue of enforced rules and the error a rule raises.

Each rule function is registered with its ID from rulebook/RULES.md, the article it comes from and
a one-line summary; `fuban rules` and the in-app help list exactly what is registered, i.e. what
the product really enforces.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from db.errors import FubanError

F = TypeVar("F", bound=Callable)


@dataclass(frozen=True)
class RuleInfo:
    rule_id: str
    article: str  # e.g. 「第六条」, or a section name for rules that are not articles
    severity: str  # block | warn | track | rule | data
    summary: str  # one line, Chinese
    functions: tuple[str, ...] = ()


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
        _RULES[rule_id] = RuleInfo(info.rule_id, info.article, info.severity, info.summary,
                                   (*info.functions, name))
        return fn

    return wrap


def cite(rule_id: str, what: str) -> str:
    """「依据《工作规则》第六条：……」 — the form every block or warning is shown in."""
    info = _RULES.get(rule_id)
    where = info.article if info else rule_id
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


def all_rules() -> list[RuleInfo]:
    """Every enforced rule, in rulebook order. Importing desktop_app.rules loads them all."""
    import desktop_app.rules  # noqa: F401 - importing registers every rule module

    return sorted(_RULES.values(), key=lambda r: _sort_key(r.rule_id))
