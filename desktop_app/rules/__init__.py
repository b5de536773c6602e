"""Pure rule functions, one module per area; importing this package registers them all."""

from desktop_app.rules import (  # noqa: F401
    absences,
    articles,
    calendar_rules,
    documents,
    incoming,
    meetings,
    minutes,
    normative,
    org,
    publication,
    seals,
    supervision,
    supervision_steps,
)
from desktop_app.rules.articles import article_text
from desktop_app.rules.registry import RuleViolation, all_rules, cite, rule_info, violation

__all__ = ["RuleViolation", "all_rules", "article_text", "cite", "rule_info", "violation"]
