"""Pure rule functions, one module per area; importing this package registers them all."""

from desktop_app.rules import (  # noqa: F401
    absences,
    calendar_rules,
    documents,
    incoming,
    meetings,
    org,
    seals,
)
from desktop_app.rules.registry import RuleViolation, all_rules, cite, violation

__all__ = ["RuleViolation", "all_rules", "cite", "violation"]
