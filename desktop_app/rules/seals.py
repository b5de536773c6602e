"""Seal rules (第四十五至四十八条, 第十四条): R45.1–R48, R14, LOG, SEALMGT.

Pure functions of plain values. `required_approvals` lists what a use of a seal needs before it
may happen (one rule function per provision); the service asks the directory who holds each post
on the day of the signature and `check_use` refuses the use until every item is on record.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.formatting import format_date
from desktop_app.rules.registry import rule, violation

SEAL_KINDS = {"gov": "市政府印章", "office": "市政府办公室印章", "other": "其他印章"}
SEAL_STATUS = {"made": "已刻制", "active": "启用", "suspended": "停用", "destroyed": "已销毁"}
# Lifecycle 刻制 → 启用 → 停用 → 销毁; a suspended seal may be put back into use.
TRANSITIONS = {
    "made": ("active", "destroyed"),
    "active": ("suspended", "destroyed"),
    "suspended": ("active", "destroyed"),
    "destroyed": (),
}

# What may be recorded on an application: the required items and the optional opinion boxes.
APPROVAL_KINDS = {
    "sign_off": "公文签批程序完成",
    "vice_mayor": "分管副市长签批",
    "mayor": "市长签批",
    "office_director": "办公室主任签字",
    "tv": "市长或常务副市长签发",
    "legality": "合法性审查",
    "party_seal": "市委（市委办公室）先行用印",
    "unit_head": "承办单位负责人意见",
    "office_review": "市政府办公室审核意见",
}
# Recorded by the clerk (no post holder signs them): the review's conclusion, the party seal.
CLERK_RECORDED = ("legality", "party_seal", "unit_head", "office_review")


@dataclass(frozen=True)
class Requirement:
    code: str  # a key of APPROVAL_KINDS
    rule_id: str
    label: str


def _req(code: str, rule_id: str) -> Requirement:
    return Requirement(code, rule_id, APPROVAL_KINDS[code])


# R45.1: the seal that goes with each issuer of a formal document (see SEAL_KINDS).
ISSUER_SEAL = {"government": "gov", "office": "office"}
ISSUER_NAMES = {"government": "市政府", "office": "市政府办公室"}
ISSUED_STATUSES = ("issued", "published")
UNLINKED = "未关联发文"


@dataclass(frozen=True)
class LinkedDocument:
    """The facts of the 发文 record a formal application links (read from the register)."""

    label: str  # 同政发〔2018〕34号《标题》
    issuer: str  # government | office
    status: str  # draft | signed | issued | published
    numbered: bool
    voided: bool
    chain_problem: str = ""  # why its sign-off chain is not complete ("" when it is)


@rule(
    "R45.1",
    "第四十五条",
    "block",
    "市政府正式公文经签批程序（R33/R34）全部完成后方可加盖政府公章：用印审批单须关联已编号印发、"
    "未作废、签批程序完成的发文登记，且印章与发文机关相符（市政府→政府印章，市政府办公室→办公室印章）；"
    "其他用印按第四十五条、第四十六条审批。",
)
def formal_document_requirement(is_formal: bool) -> Requirement | None:
    """R45.1: a formal document needs its sign-off chain complete instead of the approvals of
    an other use; whether the linked record qualifies is `formal_document_problem`."""
    return _req("sign_off", "R45.1") if is_formal else None


def formal_document_problem(seal_kind: str, doc: LinkedDocument | None) -> str | None:
    """R45.1: why the application may not be sealed as a formal document (None when it may).
    A formal document is a 发文 record, issued (numbered), not voided, its chain complete, and
    the seal is the issuer's; anything else is an other use (R45.2 / R46)."""
    other_use = (
        "不属于正式公文的，请取消「正式公文」标记，按其他用印报分管副市长（政府印章）"
        "或办公室主任（办公室印章）签批"
    )
    if doc is None:
        return f"{UNLINKED}：正式公文用印须关联发文登记中已编号印发的发文，以便核对签批程序；{other_use}"
    if doc.voided:
        return f"关联的发文{doc.label}已作废，不能作为正式公文用印。"
    if doc.status not in ISSUED_STATUSES or not doc.numbered:
        return (
            f"关联的发文{doc.label}尚未编号印发；正式公文须签批程序完成、编号印发后方可加盖公章。"
        )
    if doc.chain_problem:
        return f"关联的发文{doc.label}签批程序未完成：{doc.chain_problem}"
    wanted = ISSUER_SEAL.get(doc.issuer)
    if seal_kind != wanted:
        issuer = ISSUER_NAMES.get(doc.issuer, doc.issuer)
        seal = SEAL_KINDS.get(wanted or "", "相应印章")
        return (
            f"发文{doc.label}以{issuer}名义印发，应加盖{seal}，与所选印章"
            f"（{SEAL_KINDS.get(seal_kind, seal_kind)}）不符。"
        )
    return None


def check_sealed_after_signing(signed_on: date | None, used_on: date) -> None:
    """R45.1: the seal goes on a formal document only after its sign-off chain is complete, so
    the use is not dated before the linked 发文's 签发 (the day its last step was signed; none
    recorded — history taken over from the ledger — nothing to compare). The same day is
    allowed."""
    if signed_on is not None and used_on < signed_on:
        raise violation(
            "R45.1",
            f"正式公文须签批程序完成后方可加盖公章：用印日期（{format_date(used_on)}）早于"
            f"所关联发文的签发日期（{format_date(signed_on)}），请核对用印时间。",
        )


def check_formal_document(is_formal: bool, seal_kind: str, doc: LinkedDocument | None) -> None:
    """R45.1: refuse marking an application 正式公文 unless its linked record qualifies."""
    if not is_formal:
        return
    problem = formal_document_problem(seal_kind, doc)
    if problem:
        raise violation("R45.1", problem)


@rule(
    "R45.2",
    "第四十五条",
    "block",
    "其他文件需盖政府公章的，由市政府办公室和承办单位共同填写用印审批单，报分管副市长签批后方可用印。",
)
def vice_mayor_requirement(seal_kind: str, is_formal: bool) -> Requirement | None:
    """R45.2: any use of the government seal other than a formal document needs the vice mayor
    in charge of the applying unit (or the AB partner while away, R6.2)."""
    if seal_kind == "gov" and not is_formal:
        return _req("vice_mayor", "R45.2")
    return None


@rule("R45.3", "第四十五条", "block", "重要用印（类别可设置，亦可人工标记）须由市长签批。")
def mayor_requirement(important: bool) -> Requirement | None:
    """R45.3: an important use needs the mayor himself (no entrustment: 第六条 lets the entrusted
    executive vice mayor sign only where an article says so, and 第四十五条 does not)."""
    return _req("mayor", "R45.3") if important else None


@rule("R46", "第四十六条", "block", "市政府办公室印鉴须经办公室主任签字方可使用。")
def office_director_requirement(seal_kind: str) -> Requirement | None:
    """R46: the office's seal needs the office director's signature."""
    return _req("office_director", "R46") if seal_kind == "office" else None


@rule(
    "R47",
    "第四十七条",
    "block",
    "市委、市政府（或两办）同时用印时，市委或市委办公室用印后方可使用市政府或市政府办公室印鉴。",
)
def party_seal_requirement(joint_with_party: bool) -> Requirement | None:
    """R47: joint sealing — the party seal is applied (and recorded) first."""
    return _req("party_seal", "R47") if joint_with_party else None


@rule(
    "R48",
    "第四十八条",
    "block",
    "以市政府或市政府办公室名义在市电视台播发的公告、通告，由市长或常务副市长签发并加盖公章。",
)
def tv_requirement(tv_announcement: bool) -> Requirement | None:
    """R48: a TV announcement is signed by the mayor or the executive vice mayor."""
    return _req("tv", "R48") if tv_announcement else None


@rule(
    "R14",
    "第十四条",
    "block",
    "以市政府名义签订合约、合同、协议等涉及法律方面的政府行为，须进行合法性审查，审查记录在案后方可用印。",
)
def legality_requirement(is_contract: bool) -> Requirement | None:
    """R14: a contract or agreement in the government's name needs its legality review on record."""
    return _req("legality", "R14") if is_contract else None


def required_approvals(
    *,
    seal_kind: str,
    is_formal: bool,
    important: bool,
    is_contract: bool,
    joint_with_party: bool,
    tv_announcement: bool,
) -> list[Requirement]:
    """Everything a use needs, in the order the form shows it."""
    found = [
        formal_document_requirement(is_formal),
        legality_requirement(is_contract),
        vice_mayor_requirement(seal_kind, is_formal),
        office_director_requirement(seal_kind),
        mayor_requirement(important),
        tv_requirement(tv_announcement),
        party_seal_requirement(joint_with_party),
    ]
    return [r for r in found if r is not None]


def is_important(marked: bool, category: str, categories: Collection[str]) -> bool:
    """R45.3: important when marked by hand or when its category is one configured as important."""
    return marked or (bool(category) and category in categories)


def check_post_signer(
    requirement: Requirement, signer_id: int, holder_ids: Collection[int], post_text: str
) -> None:
    """R45.3 / R46 / R48: the signer must hold the required post on the day of the signature."""
    if not holder_ids:
        raise violation(
            requirement.rule_id, f"签署当日未登记{post_text}，请先在「人员与分管」登记任职。"
        )
    if signer_id not in holder_ids:
        raise violation(
            requirement.rule_id, f"「{requirement.label}」须由{post_text}签署，签署人当日不任此职。"
        )


@rule(
    "LOG",
    "用印登记簿规则",
    "block",
    "用印逐次登记：编号连续，日期时间、印章、文件、份数、用印单位和经办人、批准人、监印人俱全；"
    "登记后不得删改，错误只能作废（注明原因）后重新登记，登记簿同时显示两者。",
)
def check_use(
    *,
    seal_status: str,
    voided: bool,
    already_used: bool,
    missing: list[Requirement],
    copies_approved: int,
    copies_stamped: int,
    copies_spoiled: int,
    no_blank_paper: bool,
    supervisor: str,
    formal_problem: str | None = None,
) -> None:
    """LOG (and the rule of each missing approval): may the seal be applied now, as recorded?
    `formal_problem` (R45.1, from `formal_document_problem`): why the formal document may not
    be sealed — refused with that reason rather than a bare 「尚缺」."""
    if voided:
        raise violation("LOG", "该用印审批单已作废，不能用印；请重新填写审批单。")
    if already_used:
        raise violation("LOG", "该审批单已登记用印；登记有误的，请先作废该登记，再重新登记。")
    if seal_status != "active":
        raise violation("LOG", "该印章不在启用状态，不能用印。")
    if formal_problem:
        raise violation("R45.1", formal_problem)
    if missing:
        first = missing[0]
        rest = "；".join(m.label for m in missing)
        raise violation(first.rule_id, f"尚缺：{rest}；全部记录后方可用印。")
    if copies_stamped < 1 or copies_spoiled < 0:
        raise violation("LOG", "实际用印份数至少为 1，废页份数不能为负。")
    if copies_stamped > copies_approved:
        raise violation(
            "LOG",
            f"实际用印 {copies_stamped} 份，超过批准的 {copies_approved} 份；超出部分须另行审批。",
        )
    if not no_blank_paper:
        raise violation("LOG", "须确认「未在空白文件上用印」后方可登记。")
    if not supervisor.strip():
        raise violation("LOG", "请填写监印人。")


# SEALMGT: who may approve taking a seal out, by its kind (posts held on the day approved).
LOAN_APPROVER_POSTS = {
    "gov": ("mayor", "exec_vice_mayor"),
    "office": ("mayor", "exec_vice_mayor", "office_director"),
    "other": ("mayor", "exec_vice_mayor", "office_director"),
}
SEAL_MANAGEMENT = "印章管理规则"
SEAL_MANAGEMENT_SUMMARY = (
    "印章外借须经批准：政府印章由市长或常务副市长批准，办公室印章及其他印章由市长、"
    "常务副市长或市政府办公室主任批准，批准人以批准当日任职为准；"
    "销毁印章须两名不同的监销人在场并登记姓名。"
)


@rule("SEALMGT", SEAL_MANAGEMENT, "block", SEAL_MANAGEMENT_SUMMARY)
def check_loan_approver(approver_holds_post: bool, seal_kind: str) -> None:
    """SEALMGT: a seal leaves the office only with the approval of a holder of the right post
    on the day approved (the work rules have no article on lending a seal)."""
    if not approver_holds_post:
        posts = "市长、常务副市长" + ("" if seal_kind == "gov" else "或市政府办公室主任")
        raise violation(
            "SEALMGT",
            f"印章外借须经{posts}批准：所选批准人当日不任这些职务，请选择当日任职的批准人。",
        )


@rule("SEALMGT", SEAL_MANAGEMENT, "block", SEAL_MANAGEMENT_SUMMARY)
def check_destruction_witnesses(witness_1: str, witness_2: str) -> None:
    """SEALMGT: a seal is destroyed before two different witnesses (监销人), both named."""
    w1, w2 = witness_1.strip(), witness_2.strip()
    if not w1 or not w2 or w1 == w2:
        raise violation("SEALMGT", "销毁印章须有两名不同的监销人在场并登记姓名。")


def check_party_seal_first(party_sealed_at: datetime | None, used_at: datetime) -> None:
    """R47: the government seal is applied only after the party seal."""
    if party_sealed_at is not None and used_at < party_sealed_at:
        raise violation("R47", "用印时间早于市委（市委办公室）用印时间；须市委先行用印。")


def check_approvals_before_use(latest_signed_on: date | None, used_on: date) -> None:
    """LOG: every approval precedes the use it allows."""
    if latest_signed_on is not None and used_on < latest_signed_on:
        raise violation("LOG", "用印时间早于审批时间；须先审批后用印。")
