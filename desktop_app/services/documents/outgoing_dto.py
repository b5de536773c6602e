"""发文 read side: the plain DTOs (a 发文登记簿 row, a sign-off checklist line), how one is made
from a record and what other tables say of it, and the sign-off chain's helpers. Reading a page
of them is outgoing_page."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from db.chunks import in_chunks
from db.models.outgoing import OutgoingDocument, OutgoingSignoff
from desktop_app.formatting import format_doc_number
from desktop_app.rules import documents as r
from desktop_app.rules import normative as rn
from desktop_app.services.system.common import CurrentUser

STATUS_NAMES = {"draft": "签批中", "signed": "已签发", "issued": "已印发", "published": "已公开"}
VOIDED_NAME = "作废"
VM_POSTS = ("vice_mayor_in_charge", "vice_mayors_in_charge")


@dataclass(frozen=True)
class SignoffLine:
    """One line of the sign-off checklist: a step (for one vice mayor, where the step is theirs)
    and, once recorded, who signed it, when and in what capacity (本人 / B角代签)."""

    step_key: str
    label: str
    rule_id: str
    needed: str  # who is needed: 「分管副市长 孙立新」「市政府办公室负责人或秘书」「市长」
    for_person_id: int | None
    done: bool
    signoff_id: int | None = None
    signer_id: int | None = None
    signer_name: str = ""
    signed_on: date | None = None
    capacity: str = ""  # 本人 | B角代签
    opinion: str = ""
    post: str = ""  # the post the step needs (rules.documents.SignOffStep.post)

    @property
    def b_role(self) -> bool:
        return self.capacity == "B角代签"


@dataclass(frozen=True)
class OutgoingDTO:
    """One 发文 record; every column of the 发文登记簿 (FORMS.md) is a field here."""

    id: int
    version: int
    number: str  # 同政发〔2018〕34号, "" before issue
    prefix: str
    year: int | None
    seq: int | None
    issuer: str  # government | office
    issuer_name: str  # 市政府 | 市政府办公室
    doc_type: str
    title: str
    drafting_unit_id: int
    drafting_unit_name: str  # 拟稿单位
    drafted_on: date
    vice_mayor_ids: tuple[int, ...]  # the vice mayors in charge, derived (never typed)
    vice_mayor_names: str
    main_to: str  # 主送
    cc: str  # 抄送
    to_party_or_congress: bool
    to_higher_government: bool
    reports_on_higher_instructions: bool
    is_normative: bool
    important: bool
    tv_announcement: bool
    secrecy: str  # 密级, "" = not classified
    secrecy_term: str
    copies: int  # 印制份数
    copy_numbers: str  # 份号
    openness: str  # 公开属性
    openness_reason: str
    status: str
    signer_name: str  # 签发人
    signed_on: date | None  # 签发日期
    signers: str  # every sign-off: 「孙立新（分管副市长同意）；张海峰（常务副市长签发）」
    chain_complete: bool
    missing_steps: tuple[str, ...]
    issued_on: date | None  # 印发日期
    published_on: date | None
    confidentiality_reviewed_on: date | None
    confidentiality_reviewed_by: str
    legal_reviewed_on: date | None
    legal_reviewed_by: str
    in_normative_plan: bool
    meeting_decided_on: date | None
    meeting_ref: str
    filing_due: date | None  # R16, both filings (上级政府, 人大常委会)
    filed_higher_on: date | None
    filed_congress_on: date | None
    interpretation_drafted_on: date | None
    interpretation_reviewed_on: date | None
    interpretation_published_on: date | None
    archive_ref: str  # 归档号
    voided: bool
    void_reason: str
    warnings: tuple[str, ...]  # R18 / R38 tracking, cited
    vice_mayors_on: date | None = None  # the day they were derived (None: the clerk's old pick)
    touched_unit_ids: tuple[int, ...] = ()  # other units the document concerns (R33.1)
    touched_unit_names: str = ""
    touched_areas: tuple[str, ...] = ()  # areas (战线) it concerns
    joint_unit_ids: tuple[int, ...] = ()  # R37 co-issuing units (the drafting unit leads)
    joint_unit_names: str = ""
    drafting_designation: str = ""  # R17: the government's designation of the drafting dept
    major_matter: str = ""  # R10 category as chosen ("" = none; normative counts by itself)
    decided_meeting_id: int | None = None  # R10: the meeting that decided it …
    decided_item_id: int | None = None  # … and its agenda item
    decided_by_meeting: str = ""  # 「市政府第三次常务会议 议题：……」
    open_disagreements: tuple[str, ...] = ()  # R37: disagreements without an outcome
    # 「导入自「…xlsx」（工作表「…」第5行），…」: history approved on paper, brought in from the
    # office's own ledger — not checked against today's sign-off rules (no missing steps)
    imported_from: str = ""
    drafter: str = ""  # 拟稿人
    checker: str = ""  # 核稿人

    @property
    def status_name(self) -> str:
        return VOIDED_NAME if self.voided else STATUS_NAMES.get(self.status, self.status)

    @property
    def is_decision_or_order(self) -> bool:
        return self.doc_type in r.MAYOR_SIGNS_TYPES

    @property
    def label(self) -> str:
        return f"{self.number or '（未编号）'}《{self.title}》"

    @property
    def is_issued(self) -> bool:
        """Numbered and issued (已印发 or 已公开), and not voided."""
        return self.status in ("issued", "published") and not self.voided

    @property
    def is_major_matter(self) -> bool:
        return bool(r.major_matter_of(self.major_matter, self.is_normative))


@functools.lru_cache(maxsize=4096)
def ids_of(text: str) -> tuple[int, ...]:
    """「3,7」 → (3, 7). Kept: a page of the register parses each row's lists eight times or
    more, and a handful of unit and vice-mayor lists cover most rows."""
    return tuple(int(x) for x in (text or "").split(",") if x.strip())


def visible(user: CurrentUser):
    """R44: the SQL condition for what `user` may see."""
    return true() if user.can("classified") else OutgoingDocument.secrecy == ""


def areas_of(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in (text or "").split(",") if x.strip())


def facts_of(d: OutgoingDocument) -> r.OutgoingFacts:
    return r.OutgoingFacts(
        issuer=d.issuer,
        doc_type=d.doc_type,
        vice_mayors=len(ids_of(d.vice_mayor_ids)),
        to_party_or_congress=d.to_party_or_congress,
        to_higher_government=d.to_higher_government,
        reports_on_higher_instructions=d.reports_on_higher_instructions,
        is_normative=d.is_normative,
        important=d.important,
        tv_announcement=d.tv_announcement,
    )


@functools.lru_cache(maxsize=256)
def _chain(facts: r.OutgoingFacts) -> tuple[r.SignOffStep, ...]:
    """required_signoffs, once per kind of document: a page of the register asks it three
    times a row, and a handful of facts covers every row."""
    return tuple(r.required_signoffs(facts))


def chain_of(d: OutgoingDocument) -> tuple[r.SignOffStep, ...]:
    return _chain(facts_of(d))


def number_text(d: OutgoingDocument) -> str:
    if d.prefix and d.year and d.seq:
        return format_doc_number(d.prefix, d.year, d.seq)
    return ""


def standing_of(s: Session, model, doc_ids: Iterable[int], *conditions) -> dict[int, list]:
    """Each document's standing (not voided) rows of `model` that meet `conditions`, oldest
    first, a part of the documents at a time."""
    out: dict[int, list] = {}
    for part in in_chunks(list(doc_ids)):
        rows = s.scalars(
            select(model)
            .where(model.document_id.in_(part), model.voided_at.is_(None), *conditions)
            .order_by(model.id)
        )
        for x in rows:
            out.setdefault(x.document_id, []).append(x)
    return out


def signoffs_of(s: Session, doc_ids: Iterable[int]) -> dict[int, list[OutgoingSignoff]]:
    """The standing (not voided) sign-offs of each document, oldest first."""
    return standing_of(s, OutgoingSignoff, doc_ids)


def step_lines(
    d: OutgoingDocument, chain: tuple[r.SignOffStep, ...] | None = None
) -> list[tuple[r.SignOffStep, int | None]]:
    """The chain (`chain_of(d)` unless given) as (step, vice mayor it is addressed to) pairs: a
    vice mayors' step has one line per vice mayor in charge (as derived); none derived yet → one
    open line addressed to nobody, so the step is never left out."""
    out: list[tuple[r.SignOffStep, int | None]] = []
    for step in chain if chain is not None else chain_of(d):
        if step.post in VM_POSTS:
            out.extend((step, vm) for vm in ids_of(d.vice_mayor_ids) or (None,))
        else:
            out.append((step, None))
    return out


def match(
    line: tuple[r.SignOffStep, int | None], signed: list[OutgoingSignoff]
) -> OutgoingSignoff | None:
    step, vm = line
    return next(
        (x for x in signed if x.step_key == step.key and (vm is None or x.for_person_id == vm)),
        None,
    )


def recorded_keys(
    d: OutgoingDocument,
    signed: list[OutgoingSignoff],
    chain: tuple[r.SignOffStep, ...] | None = None,
) -> set[str]:
    """Keys of the chain's steps fully on record (a vice mayors' step: every one of them)."""
    lines = step_lines(d, chain)
    keys = {step.key for step, _ in lines}
    return {k for k in keys if all(match(ln, signed) for ln in lines if ln[0].key == k)}


def missing_steps(d: OutgoingDocument, signed: list[OutgoingSignoff]) -> list[str]:
    done = recorded_keys(d, signed)
    return [s.label for s in chain_of(d) if s.key not in done]


def make_dto(
    d: OutgoingDocument,
    signed: list[OutgoingSignoff],
    people: dict[int, str],
    units: dict[int, str],
    filing_days: int,
    disagreements: list[str],
    meeting: str,
    imported_from: str = "",
) -> OutgoingDTO:
    chain = chain_of(d)
    steps = {s.key: s for s in chain}
    sign = next((x for x in signed if x.step_key == "sign"), None)
    summary = "；".join(
        f"{people.get(x.person_id, '')}（{steps[x.step_key].label if x.step_key in steps else ''}"
        f"{'，B角代签' if x.capacity == 'B角代签' else ''}）"
        for x in signed
    )
    done = recorded_keys(d, signed, chain)
    missing = [s.label for s in chain if s.key not in done]
    vm_ids = ids_of(d.vice_mayor_ids)
    warnings = [
        *rn.normative_plan_flags(
            d.is_normative,
            d.in_normative_plan,
            d.legal_reviewed_on is not None,
            d.meeting_decided_on is not None,
        ),
        *rn.interpretation_flags(
            d.is_normative, d.seq is not None, d.interpretation_published_on is not None
        ),
    ]
    if d.is_normative and d.published_on:
        # R16: filings made after their deadline (missing ones are the dashboard's business)
        warnings += rn.overdue_filings(
            d.published_on, d.published_on, d.filed_higher_on, d.filed_congress_on, filing_days
        )
    if imported_from:  # approved on paper under the rules of its time: nothing is missing
        missing, warnings = [], []
    filing_due = (
        rn.filing_deadlines(d.published_on, filing_days).higher_government
        if d.is_normative and d.published_on
        else None
    )
    touched, joint = ids_of(d.touched_unit_ids), ids_of(d.joint_unit_ids)
    return OutgoingDTO(
        d.id,
        d.version,
        number_text(d),
        d.prefix or "",
        d.year,
        d.seq,
        d.issuer,
        r.ISSUERS.get(d.issuer, d.issuer),
        d.doc_type,
        d.title,
        d.drafting_unit_id,
        units.get(d.drafting_unit_id, ""),
        d.drafted_on,
        vm_ids,
        "、".join(people.get(p, "") for p in vm_ids),
        d.main_to,
        d.cc,
        d.to_party_or_congress,
        d.to_higher_government,
        d.reports_on_higher_instructions,
        d.is_normative,
        d.important,
        d.tv_announcement,
        d.secrecy,
        d.secrecy_term,
        d.copies,
        d.copy_numbers,
        d.openness,
        d.openness_reason,
        d.status,
        people.get(sign.person_id, "") if sign else "",
        d.signed_on,
        summary,
        not missing,
        tuple(missing),
        d.issued_on,
        d.published_on,
        d.confidentiality_reviewed_on,
        d.confidentiality_reviewed_by,
        d.legal_reviewed_on,
        d.legal_reviewed_by,
        d.in_normative_plan,
        d.meeting_decided_on,
        d.meeting_ref,
        filing_due,
        d.filed_higher_on,
        d.filed_congress_on,
        d.interpretation_drafted_on,
        d.interpretation_reviewed_on,
        d.interpretation_published_on,
        d.archive_ref,
        d.voided_at is not None,
        d.void_reason or "",
        tuple(warnings),
        vice_mayors_on=d.vice_mayors_on,
        touched_unit_ids=touched,
        touched_unit_names="、".join(units.get(u, "") for u in touched),
        touched_areas=areas_of(d.touched_areas),
        joint_unit_ids=joint,
        joint_unit_names="、".join(units.get(u, "") for u in joint),
        drafting_designation=d.drafting_designation or "",
        major_matter=d.major_matter or "",
        decided_meeting_id=d.decided_meeting_id,
        decided_item_id=d.decided_item_id,
        decided_by_meeting=meeting,
        open_disagreements=tuple(disagreements),
        imported_from=imported_from,
        drafter=d.drafter or "",
        checker=d.checker or "",
    )
