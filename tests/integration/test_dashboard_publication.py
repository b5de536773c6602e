"""工作台 items of 政务公开 on both engines: issued, non-classified documents of 市政府/市政府办公室
not yet published (R55, 第五十五条) and decisions of 全体会议/常务会议 not yet published (R54,
第五十四条) appear until they are published; classified ones never appear."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from db.models import Meeting, MinutesRecord
from db.models.outgoing import OutgoingDocument
from desktop_app.formatting import CHINA
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing
from desktop_app.services.meetings import minutes_issue
from desktop_app.services.system import dashboard
from tests.integration.test_incoming import CLERK

T = date(2026, 3, 2)


def _items(db, today: date, rule_id: str) -> list[dashboard.AttentionItem]:
    return [i for i in dashboard.collect(db, today) if i.rule_id == rule_id]


def _outgoing(db, admin, title: str, **kw) -> int:
    unit = directory.save_unit(db, admin, name=f"单位{title[:4]}", kind="department").id
    values = dict(
        issuer="government",
        doc_type="通知",
        title=title,
        drafting_unit_id=unit,
        drafted_on=T,
        register_on=T,
        status="issued",
        prefix="同政发",
        year=2026,
        seq=kw.pop("seq", 1),
        signed_on=T,
        issued_on=T,
        openness="主动公开",
    )
    values.update(kw)
    with db.uow("wenmi") as s:
        d = OutgoingDocument(**values)
        s.add(d)
        s.flush()
        return d.id


def test_R55_issued_unpublished_document_is_listed_until_published(db, admin):
    doc = _outgoing(db, admin, "关于做好春耕生产工作的通知")
    _outgoing(
        db,
        admin,
        "某涉密通知",
        seq=2,
        secrecy="秘密",
        secrecy_term="1年",
        openness="不予公开",
        openness_reason="涉密",
    )
    _outgoing(
        db,
        admin,
        "依申请公开的函",
        seq=3,
        issuer="office",
        prefix="同政办函",
        openness="依申请公开",
    )
    undecided = _outgoing(
        db, admin, "公开属性未定的通知", seq=4, issuer="office", prefix="同政办发", openness=""
    )
    items = _items(db, T + timedelta(days=5), "R55")
    assert sorted(i.ref_id for i in items) == sorted([doc, undecided])
    item = next(i for i in items if i.ref_id == doc)
    assert (item.area, item.ref_kind, item.severity) == ("发文", "outgoing", "warn")
    assert "同政发〔2026〕1号" in item.title and "已印发5天" in item.title
    assert item.detail.startswith("依据《工作规则》第五十五条（R55）")
    assert "2026年3月2日印发，已5天" in item.detail
    assert "公开属性" in next(i for i in items if i.ref_id == undecided).detail
    # published: off the list
    outgoing.record_confidentiality_review(
        db, CLERK, doc, reviewed_on=T, reviewer="陈立", expected_version=None
    )
    outgoing.publish_outgoing(
        db, CLERK, doc, published_on=T + timedelta(days=5), expected_version=None
    )
    assert [i.ref_id for i in _items(db, T + timedelta(days=6), "R55")] == [undecided]


def _meeting(
    db,
    kind: str,
    number: int,
    title: str,
    *,
    confidential: bool = False,
    minutes_state: str = "",
    minutes_confidential: bool = False,
    status: str = "held",
) -> tuple[int, int | None]:
    with db.uow("wenmi") as s:
        m = Meeting(
            kind=kind,
            number=number,
            title=title,
            status=status,
            starts_at=datetime(T.year, T.month, T.day, 9, tzinfo=CHINA),
            confidential=confidential,
        )
        s.add(m)
        s.flush()
        rec_id = None
        if minutes_state:
            rec = MinutesRecord(
                meeting_id=m.id,
                state=minutes_state,
                confidential=minutes_confidential,
                issue_number=number,
                issued_on=T + timedelta(days=2) if minutes_state == "issued" else None,
            )
            s.add(rec)
            s.flush()
            rec_id = rec.id
        return m.id, rec_id


def test_R54_meeting_decisions_listed_until_the_minutes_are_published(db, admin):
    exec_id, rec_id = _meeting(db, "executive", 5, "市政府第五次常务会议", minutes_state="issued")
    plenary_id, _ = _meeting(db, "plenary", 2, "市政府第二次全体会议")  # minutes not issued yet
    _meeting(db, "executive", 6, "市政府第六次常务会议", confidential=True, minutes_state="issued")
    _meeting(
        db,
        "executive",
        7,
        "市政府第七次常务会议",
        minutes_state="issued",
        minutes_confidential=True,
    )
    _meeting(db, "mayor_office", 3, "市长办公会议")  # R54 names 全体会议 and 常务会议 only
    _meeting(db, "executive", 8, "市政府第八次常务会议", status="planned")  # nothing decided yet
    items = _items(db, T + timedelta(days=10), "R54")
    assert sorted(i.ref_id for i in items) == sorted([exec_id, plenary_id])
    ex = next(i for i in items if i.ref_id == exec_id)
    assert (ex.area, ex.ref_kind, ex.severity) == ("会议", "meeting", "warn")
    assert ex.title == "市政府第五次常务会议决定事项待公布（会后10天）"
    assert ex.detail.startswith("依据《工作规则》第五十四条（R54）")
    assert "纪要已于2026年3月4日印发，尚未标记公布" in ex.detail
    pl = next(i for i in items if i.ref_id == plenary_id)
    assert pl.severity == "info" and "纪要尚未印发" in pl.detail
    minutes_issue.set_published(db, CLERK, rec_id, True)
    assert [i.ref_id for i in _items(db, T + timedelta(days=11), "R54")] == [plenary_id]
