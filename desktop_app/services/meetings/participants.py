"""Who takes part in a meeting and who presides or signs: its members from the dated directory
(R21–R25, R28), the standing attendees configured per kind (R23.1b, R25), the area (战线) and
presiding vice mayor of a 战线会议 (R28), and the holder of a post who signs on a given day."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.engine import Database
from db.models import Unit
from desktop_app.formatting import format_date
from desktop_app.rules.meetings import KINDS
from desktop_app.rules.org import POSTS
from desktop_app.rules.registry import violation
from desktop_app.services.absences import in_charge
from desktop_app.services.absences.away import is_away
from desktop_app.services.directory import queries as q
from desktop_app.services.system import org_profile
from desktop_app.services.system.common import ValidationError

COMPOSITION_KINDS = ("plenary", "integrity")
PARTY_GROUP = "市政府党组其他成员"


def members_on(s: Session, kind: str, day: date) -> list[q.Holder]:
    """The meeting's members from the directory for that day (R21–R25, R28)."""
    leaders = (
        q.holders(s, "mayor", day)
        + q.holders(s, "exec_vice_mayor", day)
        + q.holders(s, "vice_mayor", day)
    )
    if kind in COMPOSITION_KINDS:  # 市政府组成人员: mayor, vice mayors, heads of departments
        heads = [
            h
            for h in q.holders(s, "unit_head", day)
            if (unit := s.get(Unit, h.unit_id)) is not None
            and unit.kind in ("department", "office")
        ]
        return leaders + heads
    if kind == "citywide":
        return leaders + q.holders(s, "township_head", day)
    seen: set[int] = set()
    unique = []
    for h in leaders:  # a person holding two posts is one member
        if h.person_id not in seen:
            seen.add(h.person_id)
            unique.append(h)
    return unique


def standing_attendees(
    s: Session, kind: str, day: date, profile: org_profile.Profile, member_ids: set[int]
) -> list[tuple[int | None, int | None, str]]:
    """(person, unit, note) of the standing attendees configured for the kind (R23.1b, R25)."""
    out: list[tuple[int | None, int | None, str]] = []
    for entry in profile["standing_attendees"].get(KINDS[kind], []):
        if entry == PARTY_GROUP:
            for h in q.holders(s, "party_group_member", day):
                if h.person_id not in member_ids:
                    out.append((h.person_id, None, PARTY_GROUP))
            continue
        unit = s.scalar(
            select(Unit).where(
                Unit.voided_at.is_(None), (Unit.name == entry) | (Unit.short_name == entry)
            )
        )
        if unit is None:
            out.append((None, None, f"{entry}（单位未登记）"))
            continue
        head = q.holder(s, "unit_head", day, unit.id)
        out.append((head.person_id if head else None, unit.id, "" if head else "主要负责人未登记"))
    return out


def sector_area(s: Session, day: date, area: str, presider_id: int | None) -> str:
    """R28: the area (战线) a 战线会议 is held for — as chosen, or, when none is chosen, the one
    area the presider is in charge of that day (none or several: the clerk must choose)."""
    area = (area or "").strip()
    if area:
        return area
    areas = (
        sorted({p.area for p in q.portfolio_of(s, presider_id, day) if p.area})
        if presider_id is not None
        else []
    )
    if len(areas) != 1:
        raise ValidationError("请选择战线会议的战线（分管战线见「人员与分管 → 分管」）。")
    return areas[0]


def sector_presider(
    s: Session, day: date, area: str, presider_id: int | None
) -> tuple[int, in_charge.InCharge]:
    """R28: a 战线会议 in the government's name is presided by the vice mayor in charge of its
    area on the meeting's day: derived from the directory (an area with none is refused, pointing
    to 人员与分管 → 分管); a presider given must be he. Article 28 names him alone — the AB
    partner (R6.2) signs in his place, he does not hold his meetings — so a meeting on a day he
    is away is refused: plan it for a day he is in the city."""
    vm = in_charge.require(s, "R28", day, area=area)
    if presider_id is None:
        presider_id = vm.person_id
    if presider_id == vm.person_id and is_away(s, vm.person_id, day):
        raise violation(
            "R28",
            f"「{area}」战线会议由分管副市长{vm.name}主持，{vm.name}"
            f"{format_date(day)}经批准外出，不能主持；请另定会期。",
        )
    return presider_id, vm


def area_vice_mayor(db: Database, area: str, day: date) -> in_charge.InCharge | None:
    """The vice mayor in charge of `area` on `day` — who presides its 战线会议 (R28) — for the
    planning form to fill in; None when the directory has none."""
    if not (area or "").strip():
        return None
    with db.read() as s:
        return in_charge.find(s, day, area=area)


def areas_on(db: Database, day: date) -> list[str]:
    """The areas (战线) some vice mayor is in charge of on `day`: the 战线会议 pick list."""
    with db.read() as s:
        return q.areas_on(s, day)


def signer_on(
    s: Session, post_code: str, day: date, person_id: int | None, rule_id: str, what: str
) -> int:
    """Who signed `what` as holder of `post_code` on `day`: the given person, who must hold the
    post that day (the directory is dated), or — when none is given — that day's holder."""
    title = POSTS[post_code].title
    held = q.holder(s, post_code, day)
    if person_id is None:
        if held is None:
            raise violation(rule_id, f"{format_date(day)}没有{title}的任职记录，无法记录{what}。")
        return held.person_id
    if held is None or held.person_id != person_id:
        raise violation(
            rule_id,
            f"{q.person_name(s, person_id)}在{format_date(day)}不任{title}，不能记录为{what}。",
        )
    return person_id
