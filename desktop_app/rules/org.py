"""ORG rules (R4, R6.1–R6.3, R62.5): posts, who outranks whom, who may sign in whose place.

Pure functions of plain values; the directory service supplies the facts for a given day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.rules.registry import rule, violation


@dataclass(frozen=True)
class PostKind:
    code: str
    title: str  # default title; an appointment may carry its own (局长 / 主任 …)
    rank: int  # higher = more senior; R62.5 follows the highest post held
    unit_kinds: tuple[str, ...]  # the kinds of unit the post belongs to; () = the city itself
    single: bool  # only one holder at a time (per unit, for unit posts)


UNIT_KINDS: dict[str, str] = {
    "department": "政府工作部门（局/委/办）",
    "office": "市政府办公室及其内设机构",
    "township": "乡镇",
    "organ": "其他机关（市委、人大等）",
}

POSTS: dict[str, PostKind] = {
    p.code: p
    for p in (
        PostKind("party_secretary", "市委书记", 100, (), True),
        PostKind("mayor", "市长", 90, (), True),
        PostKind("exec_vice_mayor", "常务副市长", 80, (), True),
        PostKind("vice_mayor", "副市长", 70, (), False),
        PostKind("party_group_member", "市政府党组成员", 60, (), False),
        PostKind("township_secretary", "乡镇党委书记", 55, ("township",), True),
        PostKind("township_head", "乡镇长", 50, ("township",), True),
        PostKind("unit_head", "局长/主任", 50, ("department", "office", "organ"), True),
        PostKind(
            "unit_deputy", "副局长/副主任", 40, ("department", "office", "organ", "township"), False
        ),
        PostKind("standing_secretary", "常务秘书", 30, ("office",), False),
    )
}

VICE_MAYOR_POSTS = ("exec_vice_mayor", "vice_mayor")


def post_title(code: str, custom: str = "") -> str:
    return custom or POSTS[code].title


@rule(
    "R4",
    "第四条",
    "data",
    "市政府由市长、副市长和各局（委、办）局长（主任）组成；人员与职务按任职起止日期登记。",
)
def check_post_unit(post_code: str, unit_kind: str | None) -> None:
    """R4: a post belongs either to the city (市长, 副市长 …) or to a unit of the right kind."""
    post = POSTS.get(post_code)
    if post is None:
        raise violation("R4", f"未知职务「{post_code}」。")
    if not post.unit_kinds and unit_kind is not None:
        raise violation("R4", f"「{post.title}」是市级职务，不属于某个单位，请不要选择单位。")
    if post.unit_kinds and unit_kind not in post.unit_kinds:
        kinds = "、".join(UNIT_KINDS[k] for k in post.unit_kinds)
        raise violation("R4", f"「{post.title}」须选择所属单位（{kinds}）。")


@rule("R62.5", "第六十二条", "rule", "一人兼任多个职务的，按最高职务履行外出请示报备程序。")
def highest_post(post_codes: list[str]) -> str | None:
    """R62.5: of the posts a person holds on a day, the one whose procedure applies."""
    known = [c for c in post_codes if c in POSTS]
    if not known:
        return None
    return max(known, key=lambda c: POSTS[c].rank)


@rule(
    "R6.1",
    "第六条",
    "data",
    "副市长按分工分管部门、乡镇和战线（按日期登记），据此确定某日的分管副市长。",
)
def check_portfolio_holder(holder_posts: list[str], day: date) -> None:
    """R6.1: only a (executive) vice mayor holds a portfolio (分管)."""
    if not any(c in VICE_MAYOR_POSTS for c in holder_posts):
        raise violation("R6.1", f"{format_date(day)}此人不任副市长，不能登记分管。")


@dataclass(frozen=True)
class SignerCheck:
    """Outcome of a sign-off check: who signed and in what capacity (shown on the record)."""

    allowed: bool
    capacity: str  # 本人 | B角代签 | 受委托
    note: str = ""


@rule(
    "R6.2",
    "第六条",
    "rule",
    "副市长互为AB角：副市长经批准外出期间，应由其签署的事项可由其AB角代签，标注「B角代签」。",
)
def b_role_may_sign(
    addressee_id: int, signer_id: int, partner_id: int | None, addressee_away: bool
) -> SignerCheck:
    """R6.2: a sign-off addressed to vice mayor A may be recorded by A's AB partner only while A
    is away on an approved absence covering that day."""
    if signer_id == addressee_id:
        return SignerCheck(True, "本人")
    if partner_id is None or signer_id != partner_id:
        raise violation("R6.2", "签署人既不是该副市长本人，也不是其当日的AB角，不能代签。")
    if not addressee_away:
        raise violation("R6.2", "该副市长当日未经批准外出，AB角不能代签；请由本人签署。")
    return SignerCheck(True, "B角代签")


def check_in_charge_signer(
    rule_id: str,
    label: str,
    vm_id: int,
    vm_name: str,
    signer_id: int,
    signer_name: str,
    partner_id: int | None,
    partner_name: str,
    vm_away: bool,
    partner_away: bool = False,
) -> SignerCheck:
    """A step the article gives to the vice mayor in charge (R33.1, R23.4.1a, R45.2, R62.3 …):
    that vice mayor (本人), or, while he is away and his AB partner is not (R6.2), the partner
    (B角代签). Anyone else is refused under the step's own article (`rule_id`), not R6.2: the
    clerk needs to know whose signature the article asks for."""
    if signer_id == vm_id:
        return SignerCheck(True, "本人")
    cover = f"（其经批准外出期间可由AB角{partner_name}代签）" if partner_id else ""
    if partner_id is None or signer_id != partner_id:
        raise violation(
            rule_id,
            f"「{label}」须由分管副市长{vm_name}签署{cover}；"
            f"{signer_name or '签署人'}当日不分管此项工作，不能签署。",
        )
    if not vm_away:
        raise violation(
            "R6.2",
            f"{vm_name}当日未经批准外出，AB角{partner_name}不能代签；请由{vm_name}本人签署。",
        )
    if partner_away:
        raise violation(
            "R6.2", f"AB角{partner_name}当日也经批准外出，不能代签；请待{vm_name}返回后签署。"
        )
    return SignerCheck(True, "B角代签")


ENTRUSTMENT_ARTICLES = ("R23.1", "R29.1")


@rule(
    "R6.3",
    "第六条",
    "rule",
    "市长外出期间，常务副市长受市长委托主持全面工作；仅在条文写明“受委托”的事项上可代市长签署。",
)
def entrusted_may_sign_for_mayor(
    rule_id: str, mayor_id: int, signer_id: int, entrusted_id: int | None
) -> SignerCheck:
    """R6.3: in place of the mayor, only the person entrusted that day, and only where the article
    names entrustment (R23.1 presiding the 常务会议, R29.1 signing its minutes)."""
    if signer_id == mayor_id:
        return SignerCheck(True, "本人")
    if rule_id not in ENTRUSTMENT_ARTICLES:
        raise violation("R6.3", "此事项须由市长本人签署，条文未规定可由受委托人代签。")
    if entrusted_id is None or signer_id != entrusted_id:
        raise violation("R6.3", "当日没有市长对此人的委托记录，不能代市长签署；请先登记委托。")
    return SignerCheck(True, "受委托")
