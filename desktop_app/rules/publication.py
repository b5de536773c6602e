"""政务公开 rules (第七章, Art. 52–55): the spokesperson's releases and their approval (R52), and
the tracking of what must be published — meeting decisions (R54) and issued documents (R55).
Pure functions of plain values; the services gather the posts held on the day and the records."""

from __future__ import annotations

from datetime import date

from desktop_app.rules.registry import rule, violation

RELEASE_STATUS = {"draft": "待审批", "approved": "已批准", "released": "已发布"}
# R52: the post whose approval a release needs, by whether it concerns important matters.
RELEASE_APPROVER = {False: ("exec_vice_mayor", "常务副市长"), True: ("mayor", "市长")}
PUBLISHED_MEETING_KINDS = ("plenary", "executive")  # R54: 全体会议、常务会议


def release_approver(important: bool) -> tuple[str, str]:
    """R52: (post code, title) of the one who approves the release."""
    return RELEASE_APPROVER[bool(important)]


@rule(
    "R52",
    "第五十二条",
    "block",
    "市政府新闻发言人发布新闻须经常务副市长批准，涉及重要事项须报市长批准；未经批准不得发布。",
)
def check_release_approver(
    important: bool, approver_posts: list[str], approver_name: str, day: date
) -> str:
    """R52: the approver held the post the release needs on the day he approved it (常务副市长;
    市长 when it concerns important matters). Returns that post's title."""
    code, title = release_approver(important)
    if code not in approver_posts:
        what = (
            "涉及重要事项的新闻发布须报市长批准"
            if important
            else "新闻发言人发布新闻须经常务副市长批准"
        )
        raise violation(
            "R52",
            f"{what}；{approver_name}于{day.year}年{day.month}月{day.day}日"
            f"不是{title}，其批准不能作为发布依据。",
        )
    return title


@rule(
    "R52",
    "第五十二条",
    "block",
    "市政府新闻发言人发布新闻须经常务副市长批准，涉及重要事项须报市长批准；未经批准不得发布。",
)
def check_releasable(
    status: str, important: bool, approved_on: date | None, released_on: date
) -> None:
    """R52: a release is marked released only after the approval it needs, not before its day."""
    _code, title = release_approver(important)
    if status == "released":
        raise violation("R52", "该新闻已登记发布。")
    if status != "approved" or approved_on is None:
        raise violation("R52", f"新闻发言人发布新闻须经{title}批准；尚未登记批准，不能发布。")
    if released_on < approved_on:
        raise violation(
            "R52",
            f"发布日期不能早于{title}批准日期"
            f"（{approved_on.year}年{approved_on.month}月{approved_on.day}日）。",
        )


@rule(
    "R54",
    "第五十四条",
    "track",
    "市政府全体会议和常务会议讨论决定的事项，除涉密以外应及时公布：未公布的在工作台提示，直至公布。",
)
def meeting_decisions_unpublished(
    kind: str, held: bool, confidential: bool, published: bool
) -> bool:
    """R54: the decisions of a held 全体会议/常务会议 that is not confidential are tracked until
    its minutes are marked published."""
    return kind in PUBLISHED_MEETING_KINDS and held and not confidential and not published


@rule(
    "R55",
    "第五十五条",
    "track",
    "市政府及市政府办公室制发的除涉密以外的文件，由市政府办公室及时向社会公布：已印发未公布的在工作台提示，直至公布。",
)
def document_unpublished(status: str, secrecy: str, openness: str) -> bool:
    """R55: an issued, non-classified document to be published (主动公开, or its openness not yet
    decided) is tracked until published. 依申请公开 and 不予公开 (with its reason, R49) are not."""
    return status == "issued" and not secrecy and openness in ("主动公开", "")
