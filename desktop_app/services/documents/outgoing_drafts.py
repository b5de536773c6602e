"""发文 draft records: create and edit while the chain is being signed (optimistic locking), void
with a reason (a numbered document keeps its number, shown as 作废), the archive reference.

The clerk records what the document touches — the drafting unit, other units and areas (战线),
the co-issuing units of a joint document (R37) — never which vice mayor signs: the vice mayors in
charge are derived from the directory on the 拟稿日期 (and again at each sign-off), and a unit
with none is refused (R33.1/R34, `outgoing_in_charge`).

Also `change_document`, the one way the other 发文 modules change a record: load it under its
version, check R44 and voiding, apply the change, return the fresh DTO."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session

from db.base import utcnow
from db.engine import Database
from db.models import Unit
from db.models.outgoing import OutgoingDocument
from desktop_app.rules import documents as r
from desktop_app.rules.incoming import check_classified, check_classified_fields
from desktop_app.rules.registry import violation
from desktop_app.services.documents import outgoing_in_charge as vm
from desktop_app.services.documents.outgoing_dto import (
    OutgoingDTO,
    areas_of,
    facts_of,
    ids_of,
    match,
    signoffs_of,
    step_lines,
)
from desktop_app.services.documents.outgoing_page import build
from desktop_app.services.system.common import (
    CurrentUser,
    ValidationError,
    load_for_update,
    require,
    required_text,
    void_record,
)
from desktop_app.services.system.org_profile import profile_value

# Fields a draft may set or change, with their defaults.
DRAFT_FIELDS: dict[str, object] = {
    "issuer": None,
    "doc_type": None,
    "title": None,
    "drafting_unit_id": None,
    "drafted_on": None,
    "drafter": "",
    "checker": "",
    "touched_unit_ids": (),
    "touched_areas": (),
    "joint_unit_ids": (),
    "drafting_designation": "",
    "major_matter": "",
    "main_to": "",
    "cc": "",
    "to_party_or_congress": False,
    "to_higher_government": False,
    "reports_on_higher_instructions": False,
    "is_normative": False,
    "important": False,
    "tv_announcement": False,
    "in_normative_plan": True,
    "secrecy": "",
    "secrecy_term": "",
    "copies": 1,
    "copy_numbers": "",
    "openness": "",
    "openness_reason": "",
}
_LISTS = ("touched_unit_ids", "touched_areas", "joint_unit_ids")  # stored as "a,b"
_FLAGS = (
    "to_party_or_congress",
    "to_higher_government",
    "reports_on_higher_instructions",
    "is_normative",
    "important",
    "tv_announcement",
    "in_normative_plan",
)


def dto_of(s: Session, d: OutgoingDocument, viewer: CurrentUser | None = None) -> OutgoingDTO:
    """The saved document's DTO as `viewer` may see it (R44: its deciding meeting's item)."""
    s.flush()
    return build(s, [d], profile_value(s, "filing_days"), viewer=viewer)[0]


def change_document(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    expected_version: int | None,
    change: Callable[[Session, OutgoingDocument], None],
) -> OutgoingDTO:
    require(user, "records")
    with db.uow(user.username) as s:
        d = load_for_update(s, OutgoingDocument, outgoing_id, expected_version)
        check_classified(d.secrecy, user.can("classified"))
        if d.voided_at is not None:
            raise ValidationError("已作废的发文不能修改。")
        change(s, d)
        return dto_of(s, d, user)


def check_openness(openness: str, reason: str, secrecy: str) -> None:
    """公开属性 as drafted (R49, R44): one of the three; 不予公开 with a reason; a classified
    document is never 主动公开 or 依申请公开."""
    if not openness:
        return
    if openness not in r.OPENNESS:
        raise ValidationError(f"公开属性应为：{'、'.join(r.OPENNESS)}。")
    if openness == "不予公开":
        r.check_publication(bool(secrecy), False, openness, reason)
    elif secrecy:
        r.check_publication(True, False, openness)


def _apply(s: Session, d: OutgoingDocument, v: dict, user: CurrentUser) -> None:
    """Check every value, then set them all (nothing half-set on bad input)."""
    if v["issuer"] not in r.ISSUERS:
        raise ValidationError("请选择发文机关（市政府或市政府办公室）。")
    if v["doc_type"] not in r.DOC_TYPES:
        raise ValidationError(f"文种应为：{'、'.join(r.DOC_TYPES)}。")
    title = required_text(v["title"], "标题", 256)
    if not isinstance(v["drafted_on"], date):
        raise ValidationError("请填写拟稿日期。")
    unit = s.get(Unit, v["drafting_unit_id"]) if v["drafting_unit_id"] is not None else None
    if unit is None:
        raise ValidationError("请选择拟稿单位。")
    drafter = person_name(v["drafter"], "拟稿人")
    checker = person_name(v["checker"], "核稿人")
    touched = _units(s, v["touched_unit_ids"], "涉及单位", exclude=unit.id)
    joint = _units(s, v["joint_unit_ids"], "联合发文单位", exclude=unit.id)
    raw = v["touched_areas"] or ()
    if isinstance(raw, str):
        raw = raw.replace("、", ",").split(",")
    areas = tuple(dict.fromkeys(a.strip() for a in raw if a and a.strip()))
    if any("," in a for a in areas):
        raise ValidationError("战线名称不能含逗号。")
    major = (v["major_matter"] or "").strip()
    if major and major not in r.MAJOR_MATTERS:
        raise ValidationError(f"重大事项类别应为：{'、'.join(r.MAJOR_MATTERS)}。")
    designation = (v["drafting_designation"] or "").strip()
    if len(designation) > 128:
        raise ValidationError("市政府指定起草的依据不能超过128个字。")
    copies = int(v["copies"])
    if copies < 1:
        raise ValidationError("印制份数至少为 1。")
    secrecy = (v["secrecy"] or "").strip()
    check_classified(secrecy, user.can("classified"))
    check_classified_fields(secrecy, v["secrecy_term"] or "", copies, v["copy_numbers"] or "")
    openness, reason = (v["openness"] or "").strip(), (v["openness_reason"] or "").strip()
    check_openness(openness, reason, secrecy)
    d.issuer, d.doc_type, d.title = v["issuer"], v["doc_type"], title
    d.drafting_unit_id, d.drafted_on = unit.id, v["drafted_on"]
    d.register_on = d.issued_on or d.drafted_on
    d.drafter, d.checker = drafter, checker
    d.touched_unit_ids = ",".join(str(u) for u in touched)
    d.touched_areas = ",".join(areas)
    d.joint_unit_ids = ",".join(str(u) for u in joint)
    d.drafting_designation, d.major_matter = designation, major
    d.main_to, d.cc = (v["main_to"] or "").strip(), (v["cc"] or "").strip()
    for flag in _FLAGS:
        setattr(d, flag, bool(v[flag]))
    d.secrecy, d.secrecy_term = secrecy, (v["secrecy_term"] or "").strip()
    d.copies, d.copy_numbers = copies, (v["copy_numbers"] or "").strip()
    d.openness, d.openness_reason = openness, reason
    # the vice mayors in charge on the 拟稿日期: refused (R33.1/R34) where the directory has none
    vm.derive(s, d, d.drafted_on)


def person_name(value, what: str) -> str:
    """A 拟稿人/核稿人 as typed (or picked from the directory): spaces trimmed, at most 64
    characters, "" when not recorded."""
    name = " ".join(str(value or "").split())
    if len(name) > 64:
        raise ValidationError(f"{what}不能超过64个字。")
    return name


def _units(s: Session, ids, what: str, exclude: int) -> tuple[int, ...]:
    out = tuple(dict.fromkeys(int(u) for u in ids or () if int(u) != exclude))
    for u in out:
        if s.get(Unit, u) is None:
            raise ValidationError(f"{what}中有不存在的单位。")
    return out


def create_outgoing(
    db: Database,
    user: CurrentUser,
    *,
    issuer: str,
    doc_type: str,
    title: str,
    drafting_unit_id: int,
    drafted_on: date,
    **values,
) -> OutgoingDTO:
    """A new draft (status 签批中). Other keywords: see DRAFT_FIELDS — touched_unit_ids and
    touched_areas (what the document concerns besides the drafting unit: the vice mayors in
    charge follow from them), joint_unit_ids (R37 co-issuing units), drafting_designation
    (R17), major_matter (R10), main_to, cc, the flags, secrecy, secrecy_term, copies,
    copy_numbers, openness, openness_reason, drafter and checker (拟稿人, 核稿人)."""
    require(user, "records")
    unknown = set(values) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    v = {
        **DRAFT_FIELDS,
        **values,
        "issuer": issuer,
        "doc_type": doc_type,
        "title": title,
        "drafting_unit_id": drafting_unit_id,
        "drafted_on": drafted_on,
    }
    with db.uow(user.username) as s:
        d = OutgoingDocument(status="draft")
        _apply(s, d, v, user)
        s.add(d)
        return dto_of(s, d, user)


def update_outgoing(
    db: Database, user: CurrentUser, outgoing_id: int, expected_version: int | None, **changes
) -> OutgoingDTO:
    """Edit a draft (only while it is being signed: once 签发, the text is final)."""
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")

    def change(s: Session, d: OutgoingDocument) -> None:
        if d.status != "draft":  # what the signer signed is what is issued (第三十三条/第三十四条)
            sign = r.required_signoffs(facts_of(d))[-1]
            raise violation(
                sign.rule_id,
                f"发文已经「{sign.label}」，签发的文本不能再修改；如有错误请作废后重新拟稿。",
            )
        current = {k: getattr(d, k) for k in DRAFT_FIELDS if k not in _LISTS}
        current["touched_unit_ids"] = ids_of(d.touched_unit_ids)
        current["joint_unit_ids"] = ids_of(d.joint_unit_ids)
        current["touched_areas"] = areas_of(d.touched_areas)
        _apply(s, d, {**current, **changes}, user)
        _void_unfitting_signoffs(s, d, user)

    return change_document(db, user, outgoing_id, expected_version, change)


def _void_unfitting_signoffs(
    s: Session,
    d: OutgoingDocument,
    user: CurrentUser,
    reason: str = "拟稿修改后签批程序变化，此签批不再适用。",
) -> None:
    """After an edit changed the facts that decide the chain (issuer, type, what it touches and so
    the vice mayors in charge, flags), sign-offs of steps the chain no longer has are voided, so
    the checklist shows only what the rules now ask for."""
    lines = step_lines(d)
    for x in signoffs_of(s, [d.id]).get(d.id, []):
        if not any(match(ln, [x]) for ln in lines):
            x.voided_at, x.voided_by = utcnow(), user.username
            x.void_reason = reason


void_unfitting_signoffs = _void_unfitting_signoffs


def void_outgoing(
    db: Database, user: CurrentUser, outgoing_id: int, reason: str, expected_version: int | None
) -> OutgoingDTO:
    """作废 with a reason. A numbered document keeps its number in the register (作废); the
    number is never given again (NUM)."""
    require(user, "records")
    with db.uow(user.username) as s:
        d = load_for_update(s, OutgoingDocument, outgoing_id, expected_version)
        check_classified(d.secrecy, user.can("classified"))
        void_record(s, OutgoingDocument, outgoing_id, reason, expected_version, user)
        return dto_of(s, d, user)


def set_archive_ref(
    db: Database,
    user: CurrentUser,
    outgoing_id: int,
    archive_ref: str,
    expected_version: int | None,
) -> OutgoingDTO:
    """归档号 of an issued document."""

    def change(_s: Session, d: OutgoingDocument) -> None:
        if d.status not in ("issued", "published"):
            raise ValidationError("只有已印发的发文可以登记归档号。")
        d.archive_ref = required_text(archive_ref, "归档号", 64)

    return change_document(db, user, outgoing_id, expected_version, change)
