"""The vice mayors in charge of a 发文 (R6.1 → R33.1, R33.2, R34): derived from the directory,
never typed by the clerk.

What decides them is what the document touches: the drafting unit, the other units and the
areas (战线) it concerns, and the co-issuing units of a joint document (R37). On a day, each of
those has one vice mayor in charge (`services.in_charge`); the distinct ones are the document's
vice mayors — one → R33.1, two or more → R33.2. A unit or area with none that day is refused
under the asking article (R33.1 for a 市政府 document, R34 for an office one) with the message
that points to 人员与分管 → 分管: the step is never dropped.

A 市政府 document always has the step; a 市政府办公室 document only when it conveys a
government decision or is important (R34).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from db.engine import Database
from db.models.outgoing import OutgoingDocument
from desktop_app.rules.registry import RuleViolation
from desktop_app.services.absences import in_charge
from desktop_app.services.documents.outgoing_dto import areas_of, ids_of


def needs_vice_mayor(issuer: str, important: bool) -> bool:
    """R33.1/R33.2: every 市政府 document; R34: an office document only when important."""
    return issuer == "government" or (issuer == "office" and bool(important))


def asking_rule(issuer: str) -> str:
    return "R34" if issuer == "office" else "R33.1"


def subjects(
    drafting_unit_id: int | None,
    touched_unit_ids: Iterable[int] = (),
    joint_unit_ids: Iterable[int] = (),
) -> list[int]:
    """The units whose vice mayors in charge the document needs, drafting unit first."""
    units = [drafting_unit_id] if drafting_unit_id is not None else []
    return list(dict.fromkeys([*units, *touched_unit_ids, *joint_unit_ids]))


def derive_for(
    s: Session,
    issuer: str,
    important: bool,
    day: date,
    drafting_unit_id: int | None,
    touched_unit_ids: Iterable[int] = (),
    areas: Iterable[str] = (),
    joint_unit_ids: Iterable[int] = (),
) -> list[in_charge.InCharge]:
    """The distinct vice mayors in charge on `day` ([] where the document needs none); refused
    (the asking article) when a unit or area has none."""
    if not needs_vice_mayor(issuer, important):
        return []
    return in_charge.require_all(
        s,
        asking_rule(issuer),
        day,
        subjects(drafting_unit_id, touched_unit_ids, joint_unit_ids),
        areas,
    )


def derive(s: Session, d: OutgoingDocument, day: date) -> list[in_charge.InCharge]:
    """Derive the document's vice mayors on `day` and keep them on the record (with the day):
    the checklist, the register and the seal register read the chain from them."""
    found = derive_for(
        s,
        d.issuer,
        d.important,
        day,
        d.drafting_unit_id,
        ids_of(d.touched_unit_ids),
        areas_of(d.touched_areas),
        ids_of(d.joint_unit_ids),
    )
    d.vice_mayor_ids = ",".join(str(x.person_id) for x in found)
    d.vice_mayors_on = day if found else None
    return found


@dataclass(frozen=True)
class Preview:
    """What the 发文 form shows read-only as the clerk picks units and areas."""

    names: str  # 「孙立新」「孙立新、周志强」; "" when none is needed or none could be derived
    chain: str  # the vice-mayor step it gives: 「分管副市长同意（第三十三条）」
    error: str  # the refusal (a unit with no vice mayor in charge), "" when fine


def preview(
    db: Database,
    *,
    issuer: str,
    important: bool,
    day: date,
    drafting_unit_id: int | None,
    touched_unit_ids: Iterable[int] = (),
    areas: Iterable[str] = (),
    joint_unit_ids: Iterable[int] = (),
) -> Preview:
    """The vice mayors in charge the form shows (the clerk confirms, never chooses)."""
    if not needs_vice_mayor(issuer, important):
        return Preview("", "无需分管副市长同意（常规性办公室文件，第三十四条）", "")
    if drafting_unit_id is None:
        return Preview("", "", "请先选择拟稿单位。")
    with db.read() as s:
        try:
            found = derive_for(
                s, issuer, important, day, drafting_unit_id, touched_unit_ids, areas, joint_unit_ids
            )
        except RuleViolation as exc:
            return Preview("", "", exc.message)
    names = "、".join(x.name for x in found)
    if issuer == "office":
        chain = "分管副市长同意（第三十四条）"
    elif len(found) >= 2:
        chain = f"{len(found)}位分管副市长分别审核（第三十三条）"
    else:
        chain = "分管副市长同意（第三十三条）"
    return Preview(names, chain, "")
