"""The approval chains on 督办 items in time (R13, R67; the chains themselves, who signs each step
and in which order they are recorded are in rules.supervision): each step is dated on or after
the steps before it, and a matter whose chain decides whether it may be done at all is marked
done only once its chain is complete. Pure functions of plain values."""

from __future__ import annotations

from datetime import date

from desktop_app.formatting import format_date
from desktop_app.rules.registry import rule, violation
from desktop_app.rules.supervision import _CHAIN_RULE, _R13, _R67, CHAINS, MATTERS

# The matters the article lets happen only after the chain: fiscal spending or the disposal of
# fixed assets after the mayor's approval (R13), a meeting with foreign guests after the foreign
# affairs office's opinion, with Taiwan visitors after the decision (R67). An NPC/CPPCC item
# (R72) or a report to the party committee (R57) is answered whatever its chain's state.
DONE_ONLY_WHEN_APPROVED = ("fiscal", "foreign_guest", "taiwan_guest")


@rule("R13", "第十三条", "block", _R13)
@rule("R67", "第六十七条", "block", _R67)
def check_step_date(
    chain: str, title: str, signed_on: date, earlier: list[tuple[str, date]]
) -> None:
    """R13, R67: the chain is a sequence (对台部门审核 → 办公室主任同意 → 常务副市长决定): a step is
    dated on or after every step before it on record — `earlier` = (title, day) of those. The
    same day is allowed (the paper has the day, not the hour)."""
    later = [(t, day) for t, day in earlier if day > signed_on]
    if later:
        before, day = max(later, key=lambda x: x[1])
        raise violation(
            _CHAIN_RULE[chain],
            f"「{title}」的日期（{format_date(signed_on)}）早于「{before}」（{format_date(day)}）："
            "须按程序依次办理，请核对签署日期。",
        )


@rule("R13", "第十三条", "block", _R13)
@rule("R67", "第六十七条", "block", _R67)
def check_chain_done(chain: str | None, done: list[str]) -> None:
    """R13, R67: a matter of DONE_ONLY_WHEN_APPROVED is marked 已办结 only once every step of its
    chain is on record (marking it 未办结, with the reason, stays possible)."""
    if chain not in DONE_ONLY_WHEN_APPROVED:
        return
    missing = [t for c, t, _who in CHAINS[chain] if c not in done]
    if missing:
        raise violation(
            _CHAIN_RULE[chain],
            f"「{MATTERS[chain]}」须按程序审批后方可办理：尚缺{'、'.join(missing)}。"
            "请先登记审批环节；未办理的，标记为未办结并说明原因。",
        )
