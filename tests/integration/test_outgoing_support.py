"""Shared set-up of the 发文 tests (no tests here): the demo government, a draft maker and the
helpers that walk a document through its sign-off chain."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from db.models import Person, Unit
from db.models.meetings import AgendaItem, Meeting
from desktop_app.services.documents import outgoing
from desktop_app.services.system.common import CurrentUser
from tests.demo_db import fill_demo

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
JIYAO = CurrentUser("jiyao", "机要员", "confidential")
T = date(2026, 3, 2)  # a Monday


class Org:
    """Ids of the demo government: `org.p["孙立新"]`, `org.u["农业农村局"]`."""

    def __init__(self, db):
        with db.read() as s:
            self.p = dict(s.execute(select(Person.name, Person.id)).all())
            self.u = dict(s.execute(select(Unit.name, Unit.id)).all())


@pytest.fixture(name="org")
def org_fixture(db, admin) -> Org:
    """Import `org_fixture` into a test module to use the `org` fixture."""
    fill_demo(db, admin, T)
    return Org(db)


def draft(db, org: Org, user=CLERK, touched=(), **kw) -> outgoing.OutgoingDTO:
    """A 市政府 notice drafted by 农业农村局 (孙立新's portfolio); `touched` names other units
    it concerns. The clerk never picks the vice mayor: the directory gives him (R33.1)."""
    args = dict(
        issuer="government",
        doc_type="通知",
        title="关于做好2026年春耕生产工作的通知",
        drafting_unit_id=org.u["农业农村局"],
        drafted_on=T,
        touched_unit_ids=[org.u[n] for n in touched],
        main_to="各乡镇人民政府，市政府各部门",
        cc="市委办公室",
    )
    args.update(kw)
    return outgoing.create_outgoing(db, user, **args)


def sign(
    db,
    org: Org,
    doc_id: int,
    step: str,
    who: str,
    day: date = T,
    user=CLERK,
    for_vm: str | None = None,
) -> outgoing.OutgoingDTO:
    return outgoing.record_signoff(
        db,
        user,
        doc_id,
        step_key=step,
        person_id=org.p[who],
        signed_on=day,
        for_person_id=org.p[for_vm] if for_vm else None,
    )


def signed_r33_1(db, org: Org, user=CLERK, **kw) -> outgoing.OutgoingDTO:
    """A 市政府 document of 孙立新's portfolio (农业农村局), its R33.1 chain complete."""
    d = draft(db, org, user=user, **kw)
    sign(db, org, d.id, "vice_mayor_agree", "孙立新", user=user)
    sign(db, org, d.id, "office_review", "陈立", user=user)  # head of 市政府办公室
    return sign(db, org, d.id, "sign", "张海峰", user=user)  # 常务副市长


def issued(db, org: Org, day: date = T, user=CLERK, **kw) -> outgoing.OutgoingDTO:
    d = signed_r33_1(db, org, user=user, **kw)
    return outgoing.issue_outgoing(db, user, d.id, issued_on=day, expected_version=d.version)


def blocked(excinfo, rule_id: str) -> str:
    assert excinfo.value.rule_id == rule_id
    assert f"（{rule_id}）" in excinfo.value.message
    return excinfo.value.message


def meeting(
    db,
    day: date = T,
    kind: str = "executive",
    status: str = "held",
    item: str = "审议同江市城市供热管理办法",
) -> tuple[int, int]:
    """(meeting id, agenda item id) of a 常务会议 (or `kind`) in the meetings register, held on
    `day` at 9:00 China time, with one item on it — what R10 and R18 cite."""
    with db.uow("wenmi") as s:
        m = Meeting(
            kind=kind,
            number=3,
            title="市政府第三次常务会议" if kind == "executive" else "市政府第三次会议",
            starts_at=datetime(day.year, day.month, day.day, 1, tzinfo=UTC),
            status=status,
        )
        s.add(m)
        s.flush()
        i = AgendaItem(title=item, meeting_id=m.id, status="decided")
        s.add(i)
        s.flush()
        return m.id, i.id


def decide(db, doc_id: int, ids: tuple[int, int]) -> outgoing.OutgoingDTO:
    return outgoing.record_meeting_decision(
        db, CLERK, doc_id, meeting_id=ids[0], agenda_item_id=ids[1], expected_version=None
    )
