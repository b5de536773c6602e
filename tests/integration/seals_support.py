"""Shared set-up of the 用印 tests (no tests here): a world of units, city leaders and active
seals (the `w` fixture), and the helpers that walk a linked 发文 through its chain and file a
vice mayor's absence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from desktop_app.formatting import CHINA
from desktop_app.services import seals
from desktop_app.services.directory import commands as directory
from desktop_app.services.system.common import CurrentUser

CLERK = CurrentUser("wenmi", "文秘甲", "clerk")
T = date(2026, 3, 2)  # a Monday


def at(day: date = T, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


def blocked(excinfo, rule_id: str) -> str:
    assert excinfo.value.rule_id == rule_id
    assert f"（{rule_id}）" in excinfo.value.message
    return excinfo.value.message


@dataclass
class World:
    db: object
    unit: int  # 农业农村局, in the charge of 孙副市长
    office: int  # 同江市人民政府办公室
    mayor: int
    exec_vm: int
    vm: int  # 孙副市长, in charge of the unit
    partner: int  # 周副市长, 孙's AB partner
    director: int  # office director
    gov_seal: int
    office_seal: int

    def apply(self, **kw) -> seals.ApplicationDTO:
        args = dict(
            applied_on=T,
            unit_id=self.unit,
            handler="王经办",
            contact="13900000000",
            title="关于春耕生产资金的说明",
            copies=3,
            seal_id=self.gov_seal,
            purpose="报送省农业农村厅",
        )
        return seals.apply(self.db, CLERK, **(args | kw))

    def use(self, app_id: int, **kw) -> seals.UseDTO:
        args = dict(used_at=at(), copies_stamped=3, supervisor="赵监印", no_blank_paper=True)
        return seals.record_use(self.db, CLERK, app_id, **(args | kw))

    def approve(self, app_id: int, kind: str, person_id: int | None = None, **kw):
        return seals.record_approval(
            self.db, CLERK, app_id, kind, signed_on=kw.pop("on", T), person_id=person_id, **kw
        )


def build_world(db, admin) -> World:
    def person(name: str) -> int:
        return directory.save_person(db, admin, name=name).id

    start = date(2025, 1, 1)
    unit = directory.save_unit(db, admin, name="农业农村局", kind="department").id
    office = directory.save_unit(db, admin, name="同江市人民政府办公室", kind="office").id
    ids = {n: person(n) for n in ("张市长", "李常务", "孙副市长", "周副市长", "王主任")}
    for name, post, unit_id in (
        ("张市长", "mayor", None),
        ("李常务", "exec_vice_mayor", None),
        ("孙副市长", "vice_mayor", None),
        ("周副市长", "vice_mayor", None),
        ("王主任", "unit_head", office),
    ):
        directory.save_appointment(
            db,
            admin,
            person_id=ids[name],
            post_code=post,
            unit_id=unit_id,
            start_date=start,
            title="",
        )
    directory.save_portfolio(db, admin, person_id=ids["孙副市长"], unit_id=unit, start_date=start)
    directory.save_ab_pair(
        db, admin, person_a_id=ids["孙副市长"], person_b_id=ids["周副市长"], start_date=start
    )

    def seal(name: str, kind: str) -> int:
        made = seals.add_seal(
            db,
            admin,
            name=name,
            kind=kind,
            made_on=date(2025, 1, 2),
            document="刻制批准函",
            imprint=f"印模:{name}".encode(),
        )
        return seals.change_status(
            db, admin, made.id, "active", date(2025, 1, 3), "启用通知", made.version
        ).id

    return World(
        db,
        unit,
        office,
        ids["张市长"],
        ids["李常务"],
        ids["孙副市长"],
        ids["周副市长"],
        ids["王主任"],
        seal("同江市人民政府印", "gov"),
        seal("同江市人民政府办公室印", "office"),
    )


@pytest.fixture(name="w")
def w_fixture(db, admin) -> World:
    return build_world(db, admin)


# --- formal documents (R45.1) -------------------------------------------------------------------


def _sign_chain(w: World, doc_id: int, upto: int | None = None, user=CLERK) -> None:
    """Record the 发文 chain's open steps through the outgoing register's own services (the
    vice mayor in charge it derives, the office director's review, the executive vice mayor's
    or the mayor's 签发); `upto` stops after that many steps."""
    from desktop_app.services.documents import outgoing

    for n, line in enumerate(
        x for x in outgoing.signoff_checklist(w.db, user, doc_id, T) if not x.done
    ):
        if upto is not None and n >= upto:
            return
        person = (
            line.for_person_id
            or {"office_review": w.director}.get(line.step_key)
            or (w.mayor if line.label.startswith("市长签发") else w.exec_vm)
        )
        outgoing.record_signoff(
            w.db,
            user,
            doc_id,
            step_key=line.step_key,
            person_id=person,
            signed_on=T,
            for_person_id=line.for_person_id,
        )


def _outgoing(
    w: World,
    *,
    signed: bool = True,
    issued: bool = True,
    issuer: str = "government",
    title: str = "关于做好春耕生产的通知",
    user=CLERK,
    **kw,
) -> int:
    """A notice drafted by 农业农村局 (in the charge of 孙副市长), its chain signed and numbered
    through the outgoing register's services, as far as asked."""
    from desktop_app.services.documents import outgoing

    doc = outgoing.create_outgoing(
        w.db,
        user,
        issuer=issuer,
        doc_type="通知",
        title=title,
        drafting_unit_id=w.unit,
        drafted_on=T,
        **kw,
    )
    if signed:
        _sign_chain(w, doc.id, user=user)
    if signed and issued:
        outgoing.issue_outgoing(w.db, user, doc.id, issued_on=T, expected_version=None)
    return doc.id


def _formal_unlinked(w: World, seal_id: int | None = None) -> int:
    """An application saved 正式公文 with no linked record, as older versions allowed (written
    directly, the way such rows reached today's database)."""
    from db.models.seals import SealApplication

    app = w.apply(seal_id=seal_id or w.gov_seal)
    with w.db.uow("wenmi") as s:
        row = s.get(SealApplication, app.id)
        row.is_formal = True
    return app.id


# --- R6.2: the AB partner signs while the vice mayor in charge is away ---------------------------


def _away(w: World, admin, person_id: int, start: date, end: date) -> None:
    """An approved absence of vice mayor `person_id`, filed and approved through the absences
    register (R62.2: the mayor agrees, the party secretary approves)."""
    from desktop_app.services.absences import approvals as absences_approvals
    from desktop_app.services.absences import commands as absences

    secretary = directory.save_person(w.db, admin, name="市委书记").id
    directory.save_appointment(
        w.db,
        admin,
        person_id=secretary,
        post_code="party_secretary",
        unit_id=None,
        start_date=date(2025, 1, 1),
    )
    filed = start - timedelta(days=5)
    d = absences.file_request(
        w.db,
        CLERK,
        absences.AbsenceInput(
            person_id=person_id,
            category="出差",
            reason="赴省汇报工作",
            destination="哈尔滨",
            start_date=start,
            start_half="上午",
            end_date=end,
            end_half="晚上",
            transport="火车",
            contact="13945400000",
            acting_name="周副市长",
            acting_post="副市长",
            acting_contact="13945400001",
            filed_on=filed,
        ),
    )
    for step in ("mayor_agree", "secretary_approve"):
        d = absences_approvals.record_approval(w.db, CLERK, d.id, step, filed)
    assert d.status == "approved"
