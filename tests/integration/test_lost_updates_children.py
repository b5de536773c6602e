"""Lost updates through a child row (DESIGN.md → Data, optimistic locking): a 保管交接 of a seal,
a 发文 sign-off and a 督办 approval step are rows of their own, but two clerks entering one for
the same record must not both win — the second is refused, and what the first saved stays."""

from __future__ import annotations

from datetime import date

import pytest

from db.errors import FubanError, StaleRecordError
from db.models.outgoing import OutgoingSignoff
from db.models.supervision import SupervisionStep
from desktop_app.services import seals
from desktop_app.services.absences import in_charge
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing
from desktop_app.services.supervision import commands, steps
from desktop_app.services.system.common import CurrentUser
from tests.demo_db import fill_demo
from tests.integration.seals_support import T, w_fixture  # noqa: F401 - the `w` fixture
from tests.integration.test_outgoing_support import draft, org_fixture  # noqa: F401 - `org`
from tests.two_threads import lined_up

CLERK_A = CurrentUser("wenmi_a", "文秘甲", "clerk")
CLERK_B = CurrentUser("wenmi_b", "文秘乙", "clerk")


def test_a_hand_over_entered_on_a_seal_handed_over_since_is_refused(w):
    """Both clerks open 保管交接 on the same seal; B records it first. A's form was filled in
    against the custodian as it stood before: saved, it would undo B's hand-over unseen."""
    seen_by_a = seals.get_seal(w.db, w.gov_seal)
    seen_by_b = seals.get_seal(w.db, w.gov_seal)
    seals.hand_over(
        w.db,
        CLERK_B,
        w.gov_seal,
        custodian="孙保管",
        start_date=T,
        handed_over_by=seen_by_b.custodian,
        expected_version=seen_by_b.version,
    )
    with pytest.raises(StaleRecordError, match="该记录已被他人修改"):
        seals.hand_over(
            w.db,
            CLERK_A,
            w.gov_seal,
            custodian="赵监印",
            start_date=T,
            handed_over_by=seen_by_a.custodian,
            expected_version=seen_by_a.version,
        )
    now = seals.get_seal(w.db, w.gov_seal)
    assert now.custodian == "孙保管"
    assert [c.custodian for c in now.custody] == ["孙保管"]


def test_two_clerks_recording_the_same_sign_off_at_once_do_not_both_succeed(db, org):
    """On a shared database two clerks record 孙立新's 分管副市长同意 of one draft at the same
    moment, each from the draft as he opened it."""
    d = draft(db, org)
    _, errors = lined_up(
        db.engine,
        lambda sql: "outgoing_signoff" in sql,
        [
            lambda u=u: outgoing.record_signoff(
                db,
                u,
                d.id,
                step_key="vice_mayor_agree",
                person_id=org.p["孙立新"],
                signed_on=T,
                expected_version=d.version,
            )
            for u in (CLERK_A, CLERK_B)
        ],
    )
    with db.read() as s:
        rows = s.query(OutgoingSignoff).filter_by(document_id=d.id, voided_at=None).all()
    assert [x.step_key for x in rows] == ["vice_mayor_agree"]
    assert len(errors) == 1 and isinstance(errors[0], FubanError), errors


DAY = date(2026, 9, 30)


def test_two_clerks_recording_the_same_supervision_step_at_once_do_not_both_succeed(db, admin):
    """On a shared database two clerks record the vice mayor's 审核 of one 督办 item (R13) at
    the same moment."""
    fill_demo(db, admin, date(2026, 9, 1))
    units = {u.name: u.id for u in directory.list_units(db)}
    persons = {p.name: p.id for p in directory.list_persons(db)}
    with db.read() as s:
        vm = in_charge.find(s, DAY, unit_id=units["财政局"]).name
    item = commands.create_item(
        db,
        admin,
        kind="major",
        title="处置市政府所属车辆",
        unit_id=units["财政局"],
        responsible_person="徐东升",
        deadline=date(2026, 10, 30),
        assigned_on=DAY,
        matter="fiscal",
    )
    _, errors = lined_up(
        db.engine,
        lambda sql: "supervision_step" in sql,
        [
            lambda: steps.record_step(
                db, admin, item.id, step="vm_review", signed_on=DAY, signer_id=persons[vm]
            )
            for _ in range(2)
        ],
    )
    with db.read() as s:
        rows = s.query(SupervisionStep).filter_by(item_id=item.id, voided_at=None).all()
    assert [x.step for x in rows] == ["vm_review"]
    assert len(errors) == 1 and isinstance(errors[0], FubanError), errors
