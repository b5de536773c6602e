"""The rule help (`fuban rules`, 设置 → 规则) shows each rule's severity as rulebook/RULES.md gives
it: the corrected and new rules of the catalog, as RULES.md lists them (for 「block / warn」 the
first, the refusal; the warning is a separate flag on the record)."""

from __future__ import annotations

import pytest

from desktop_app.rules import rule_info

# rulebook/RULES.md, severity column
RULES_MD = {
    "R10": "block",
    "R17": "rule",
    "R23.1": "block",
    "R29.4": "rule",
    "R32": "block",  # block / warn
    "R33.1": "block",
    "R33.3": "block",
    "R42": "block",
    "R45.1": "block",
    "R52": "block",
    "R54": "track",
    "R55": "track",
    "R57": "rule",
    "R58": "rule",
    "R62.3": "block",
    "R62.10": "block",
    "R66": "block",  # block / track
    "R67": "block",
}


@pytest.mark.parametrize(("rule_id", "severity"), sorted(RULES_MD.items()))
def test_R17_R29_4_R57_R58_registered_severity_is_the_one_rules_md_gives(rule_id, severity):
    assert rule_info(rule_id).severity == severity
