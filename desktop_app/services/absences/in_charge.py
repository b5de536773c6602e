"""Who must sign as "the vice mayor in charge" (分管副市长) of a unit or an area on a day, and
who may sign in his place — the one question every rule that names 分管副市长 asks (R6.1, R6.2:
R23.4.1a, R23.4.5, R28, R33.1, R33.2, R34, R45.2, R62.3).

The vice mayor is derived from the dated directory, never picked by the clerk. Where the
directory has no answer for that unit on that day the step is refused with a message that says
so and where to enter it — it is never silently dropped. While he is away (an approved absence
covering the day, `services.away`) his AB partner may sign, marked 「B角代签」, unless the
partner is away too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desktop_app.formatting import format_date
from desktop_app.rules.org import SignerCheck, check_in_charge_signer
from desktop_app.rules.registry import violation
from desktop_app.services.absences.away import is_away
from desktop_app.services.directory import queries as dq

DIRECTORY_HINT = "请先在「人员与分管 → 分管」中登记分管副市长后再办理"


@dataclass(frozen=True)
class InCharge:
    """The vice mayor in charge of `subject` on `day`, and his stand-in for that day."""

    subject: str  # the unit's name or the area (战线), for messages
    day: date
    person_id: int
    name: str
    title: str
    away: bool
    partner_id: int | None
    partner_name: str
    partner_away: bool

    @property
    def stand_in_id(self) -> int | None:
        """R6.2: who signs in his place today (None while he is in the city)."""
        if self.away and self.partner_id is not None and not self.partner_away:
            return self.partner_id
        return None

    def may_sign(self) -> list[tuple[int, str, bool]]:
        """(person id, name, B角代签) of everyone who may sign this step today."""
        out = [(self.person_id, self.name, False)]
        stand_in = self.stand_in_id
        if stand_in is not None:
            out.append((stand_in, self.partner_name, True))
        return out


def find(s: Session, day: date, *, unit_id: int | None = None, area: str = "") -> InCharge | None:
    """The vice mayor in charge of the unit (or area) on `day` with his AB partner, or None."""
    h = dq.in_charge(s, day, unit_id=unit_id, area=area)
    if h is None:
        return None
    partner = dq.ab_partner(s, h.person_id, day)
    return InCharge(
        subject=dq.unit_name(s, unit_id) if unit_id is not None else area.strip(),
        day=day,
        person_id=h.person_id,
        name=h.name,
        title=h.title,
        away=is_away(s, h.person_id, day),
        partner_id=partner,
        partner_name=dq.person_name(s, partner),
        partner_away=partner is not None and is_away(s, partner, day),
    )


def require(
    s: Session, rule_id: str, day: date, *, unit_id: int | None = None, area: str = ""
) -> InCharge:
    """As `find`, but a unit or area without a vice mayor in charge that day is refused under
    `rule_id` (the article that asks for his signature)."""
    found = find(s, day, unit_id=unit_id, area=area)
    if found is not None:
        return found
    subject = dq.unit_name(s, unit_id) if unit_id is not None else (area or "").strip()
    if not subject:
        raise violation(rule_id, f"无法确定分管副市长：没有指明单位或战线；{DIRECTORY_HINT}。")
    raise violation(
        rule_id,
        f"{format_date(day)}「{subject}」没有登记分管副市长，无法确定应由哪位"
        f"副市长签署；{DIRECTORY_HINT}。",
    )


def require_all(
    s: Session, rule_id: str, day: date, unit_ids: Iterable[int] = (), areas: Iterable[str] = ()
) -> list[InCharge]:
    """Every distinct vice mayor in charge of the given units and areas on `day`, in the order
    first met (R33.2 counts them); any unit or area without one is refused."""
    out: dict[int, InCharge] = {}
    for uid in dict.fromkeys(unit_ids):
        found = require(s, rule_id, day, unit_id=uid)
        out.setdefault(found.person_id, found)
    for area in dict.fromkeys(a.strip() for a in areas if a and a.strip()):
        found = require(s, rule_id, day, area=area)
        out.setdefault(found.person_id, found)
    return list(out.values())


def check_signer(
    s: Session, rule_id: str, label: str, who: InCharge, signer_id: int
) -> SignerCheck:
    """Whether `signer_id` may record step `label` that the article (`rule_id`) gives to the
    vice mayor in charge `who`: himself, or his AB partner while he is away (B角代签)."""
    return check_in_charge_signer(
        rule_id,
        label,
        who.person_id,
        who.name,
        signer_id,
        dq.person_name(s, signer_id),
        who.partner_id,
        who.partner_name,
        who.away,
        who.partner_away,
    )
