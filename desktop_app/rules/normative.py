"""Normative-document rules (规范性文件, Art. 16–18, 38): R16, R17, R18, R38.

Pure functions of plain values: the two filing deadlines after publication (R16), joint drafting
of a document touching two or more departments' powers (R17), the legal office's review before
the 常务会议 and the drafting department's interpretation (解读) published with the document
(R18), and additions outside the department's annual plan (R38). The sign-off chain, numbers,
publication, R10 and R37 stay in rules.documents; services/documents supplies the facts.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import NamedTuple

from desktop_app.rules.registry import cite, rule, violation


class FilingDeadlines(NamedTuple):
    higher_government: date  # 上级人民政府
    congress_standing_committee: date  # 本级人大常委会


@rule(
    "R16",
    "第十六条",
    "track",
    "规范性文件自发布之日起十五日内（自然日）向上级人民政府和本级人大常委会备案。",
)
def filing_deadlines(published_on: date, days: int = 15) -> FilingDeadlines:
    """R16 (CAL2: calendar days; the day of publication is not counted): the two filing
    deadlines of a normative document. `days` comes from the organisation profile (filing_days)."""
    due = published_on + timedelta(days=days)
    return FilingDeadlines(due, due)


def overdue_filings(
    published_on: date,
    today: date,
    filed_with_higher: date | None,
    filed_with_congress: date | None,
    days: int = 15,
) -> list[str]:
    """R16: warning texts (citing the article) for each filing missing past or made after its
    deadline; empty = fine."""
    due = filing_deadlines(published_on, days)
    out = []
    for name, deadline, filed in (
        ("上级人民政府", due.higher_government, filed_with_higher),
        ("市人大常委会", due.congress_standing_committee, filed_with_congress),
    ):
        if filed is None and today > deadline:
            out.append(
                cite(
                    "R16",
                    f"规范性文件未在{deadline.year}年{deadline.month}月"
                    f"{deadline.day}日前向{name}备案。",
                )
            )
        elif filed is not None and filed > deadline:
            out.append(cite("R16", f"规范性文件向{name}备案晚于期限（{days}日）。"))
    return out


@rule(
    "R18",
    "第十八条",
    "block",
    "规范性文件须经市政府法制部门审核后提交常务会议讨论决定；起草部门的解读意见经法制部门审核后随文公布。",
)
def check_normative_before_meeting(legal_reviewed: bool) -> None:
    """R18: a normative document goes to the 常务会议 only after the legal office's review."""
    if not legal_reviewed:
        raise violation("R18", "规范性文件须先经市政府法制部门审核，方可提交常务会议讨论决定。")


@rule(
    "R38",
    "第三十八条",
    "track",
    "各部门按规定报送规范性文件计划；确需追加的，由市政府法制部门审核提出意见后，提交市政府常务会议讨论决定。",
)
def normative_plan_flags(
    is_normative: bool, in_plan: bool, legal_reviewed: bool, meeting_decided: bool
) -> list[str]:
    """R38: warning texts (cited) for a normative document added outside the department's
    annual plan that still lacks the legal office's review or the 常务会议's decision."""
    if not is_normative or in_plan:
        return []
    out = []
    if not legal_reviewed:
        out.append(cite("R38", "追加的规范性文件（未列入年度计划）尚未经市政府法制部门审核。"))
    if not meeting_decided:
        out.append(
            cite("R38", "追加的规范性文件（未列入年度计划）尚未提交市政府常务会议讨论决定。")
        )
    return out


INTERPRETATION_STEPS = ("drafted", "reviewed", "published")  # 起草部门解读 → 法制审核 → 随文公布


def check_interpretation_step(step: str, drafted: bool, reviewed: bool) -> None:
    """R18: the drafting department's interpretation (解读) is reviewed by the legal office before
    it is published with the document — each step needs the one before it."""
    if step not in INTERPRETATION_STEPS:
        raise ValueError(f"未知的解读环节「{step}」。")
    if step == "reviewed" and not drafted:
        raise violation("R18", "请先登记起草部门的解读意见，再登记法制部门审核。")
    if step == "published" and not reviewed:
        raise violation("R18", "解读意见须经市政府法制部门审核后方可随文公布。")


def check_normative_decided(
    is_normative: bool, legal_reviewed: bool, meeting_decided: bool
) -> None:
    """R18: a normative document is numbered and issued only after the legal office's review and
    the 常务会议's decision."""
    if not is_normative:
        return
    check_normative_before_meeting(legal_reviewed)
    if not meeting_decided:
        raise violation(
            "R18", "规范性文件须经市政府常务会议讨论决定后方可编号印发；请先登记常务会议决定。"
        )


def interpretation_flags(
    is_normative: bool, issued: bool, interpretation_published: bool
) -> list[str]:
    """R18 tracking: a numbered normative document whose interpretation is not yet published."""
    if is_normative and issued and not interpretation_published:
        return [cite("R18", "规范性文件的解读意见尚未随文公布。")]
    return []


# ---- R17: normative documents touching two or more departments' powers -----------------------


@rule(
    "R17",
    "第十七条",
    "rule",
    "规范性文件涉及两个以上行政部门职权的，由所涉部门联合起草，或由市政府指定一个部门起草：登记须写明起草部门或指定。",
)
def check_normative_drafting(
    is_normative: bool, departments: dict[int, str], drafting_ids: Collection[int], designation: str
) -> None:
    """R17: `departments` = the departments whose powers the normative document touches (id →
    name; the drafting unit included). Two or more: every one of them is among the drafting units
    (jointly drafted), or the government's designation of the drafting department is recorded."""
    if not is_normative or len(departments) < 2 or (designation or "").strip():
        return
    missing = [name for uid, name in departments.items() if uid not in set(drafting_ids)]
    if missing:
        raise violation(
            "R17",
            "此规范性文件涉及两个以上部门的职权，应由所涉部门联合起草或由市政府指定"
            f"一个部门起草；未列为起草单位：{'、'.join(missing)}。请登记联合起草单位，"
            "或登记市政府的指定（指定文件或会议）。",
        )
