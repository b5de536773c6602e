"""请示报告 (R57–R60): a request or report recorded as a 督办 item of kind "request", so its reply is
followed up in the same register. Written or oral (an oral one written down by whoever received
it: who, when, from whom, what — R58); the category of article 60 for a major matter (R60); the
route — to the vice mayor in charge of the unit concerned, or, for an especially urgent major
matter, straight to the executive vice mayor or mayor, recorded as such (R57); the reply deadline
in working days on the office calendar (R59), or one the clerk sets where article 59 gives none."""

from __future__ import annotations

from datetime import date, datetime

from db.engine import Database
from db.models.supervision import SupervisionItem
from desktop_app.formatting import CHINA
from desktop_app.rules import supervision as rules
from desktop_app.services.supervision import queries
from desktop_app.services.supervision.commands import (
    _new_item,
    _required,
    _text,
    require_supervision,
)
from desktop_app.services.supervision.dto import ItemDTO
from desktop_app.services.system.calendar_admin import work_calendar
from desktop_app.services.system.common import ValidationError


def record_request(
    db: Database,
    user,
    *,
    form: str,
    title: str,
    content: str,
    request_from: str,
    received_by: str,
    received_at: datetime,
    unit_id: int | None,
    responsible_person: str,
    from_grassroots: bool = False,
    several_portfolios: bool = False,
    major_category: str = "",
    route: str = "in_charge",
    deadline: date | None = None,
    matter: str = "",
) -> ItemDTO:
    """Record a request; its reply deadline is R59's when article 59 sets one (a deadline typed
    by the clerk is then refused if later), else the one given."""
    require_supervision(user)
    rules.check_request_route(form, route, major_category)
    rules.check_major_category(major_category)
    if matter and matter not in rules.MATTERS:
        raise ValidationError("事项类型不正确。")
    rules.check_oral_record(form, received_by, request_from, content)
    title = _required(title, SupervisionItem, "title", "请示事项")
    if received_at is None or received_at.tzinfo is None:
        raise ValidationError("请填写接受请示报告的时间。")
    received_on = received_at.astimezone(CHINA).date()
    due = rules.reply_deadline(received_on, several_portfolios, from_grassroots, work_calendar(db))
    deadline = rules.check_reply_deadline(deadline, due)
    with db.uow(user.username) as s:
        item = _new_item(
            s,
            kind="request",
            title=title,
            content=_text(content, SupervisionItem, "content", "请示内容"),
            unit_id=unit_id,
            responsible_person=_text(
                responsible_person, SupervisionItem, "responsible_person", "责任人"
            ),
            deadline=deadline,
            assigned_on=received_on,
            request_form=form,
            request_from=_text(request_from, SupervisionItem, "request_from", "报告单位或报告人"),
            received_by=_text(received_by, SupervisionItem, "received_by", "接受人"),
            received_at=received_at,
            from_grassroots=from_grassroots,
            several_portfolios=several_portfolios,
            major_category=major_category,
            route=route,
            matter=matter,
        )
        return queries.item_dto(s, item, received_on)
