"""Helpers of the R44 (第四十四条) tests: the `world` of a classified 收文, a classified 发文 and a
confidential meeting linked wherever a record names another, the walk that finds their titles in
any returned value, and the meetings' queries walked for every role."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from db.models import AgendaItem
from desktop_app.formatting import CHINA
from desktop_app.services import seals
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import incoming
from desktop_app.services.meetings import agenda, decisions, minutes
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.supervision import commands as supervision
from desktop_app.services.system.common import CurrentUser
from tests.integration.test_outgoing_support import Org, issued, org_fixture  # noqa: F401

T = date(2026, 3, 2)
IN_TITLE = "关于甲乙丙密件核查工作的函"
OUT_TITLE = "关于丁戊己密件部署工作的通知"
MEETING_NEEDLE = "庚辛壬密议"  # the confidential meeting's content
ITEM_TITLE = f"关于{MEETING_NEEDLE}边境设施建设的议题"
MINUTES_TEXT = f"会议强调，{MEETING_NEEDLE}事项须严格保密。"
DECISION_TEXT = f"由自然资源局牵头落实{MEETING_NEEDLE}选址工作"
NEEDLES = ("甲乙丙密件", "丁戊己密件", MEETING_NEEDLE)
M_DAY = T + timedelta(days=10)  # the confidential 常务会议, planned

ROLES = {
    role: CurrentUser(f"r44_{role}", f"测试{role}", role)
    for role in ("admin", "clerk", "confidential", "supervisor", "readonly")
}
JIYAO = ROLES["confidential"]
CLERK = ROLES["clerk"]


# --- the generic walk ---------------------------------------------------------------------------


def walk(value: Any, path: str = "$", seen: set[int] | None = None) -> Iterator[tuple[str, str]]:
    """(path, text) of every string reachable from `value`: dataclass fields, sequences, sets,
    mappings (keys and values), plain objects' attributes, exceptions' messages."""
    seen = set() if seen is None else seen
    if isinstance(value, str):
        yield path, value
        return
    if isinstance(value, bytes):
        yield path, value.decode("utf-8", "replace")
        return
    if value is None or isinstance(value, (int, float, bool, date, datetime, timedelta)):
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, BaseException):
        yield f"{path}.message", str(getattr(value, "message", "") or value)
        return
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from walk(getattr(value, f.name), f"{path}.{f.name}", seen)
        return
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(k, f"{path}[key]", seen)
            yield from walk(v, f"{path}[{k!r}]", seen)
        return
    if isinstance(value, (list, tuple, set, frozenset)):
        for i, v in enumerate(value):
            yield from walk(v, f"{path}[{i}]", seen)
        return
    if hasattr(value, "_mapping"):  # SQLAlchemy Row
        yield from walk(dict(value._mapping), path, seen)
        return
    if hasattr(value, "__dict__"):
        for k, v in vars(value).items():
            if not k.startswith("_"):
                yield from walk(v, f"{path}.{k}", seen)


def leaks(value: Any) -> list[str]:
    """Paths where a distinctive classified title (or part of it) appears."""
    return [f"{p} = {t[:80]!r}" for p, t in walk(value) if any(n in t for n in NEEDLES)]


# --- the world ----------------------------------------------------------------------------------


@dataclasses.dataclass
class World:
    db: Any
    org: Org
    incoming_id: int
    outgoing_id: int
    used_app: int
    unused_app: int
    tmp: Path
    meeting_id: int = 0
    item_id: int = 0
    minutes_id: int = 0
    decision_id: int = 0
    supervised_ids: tuple[int, ...] = ()


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


@pytest.fixture(name="world")
def world_fixture(db, admin, org, tmp_path) -> World:
    # a classified 收文: routed to the vice mayor in charge, read with an opinion, chased
    d = incoming.register_document(
        db,
        JIYAO,
        received_at=_at(T),
        sender="省人民政府办公厅",
        title=IN_TITLE,
        doc_type="通知",
        nature="action",
        sender_number="黑政办发〔2026〕9号",
        secrecy="机密",
        secrecy_term="20年",
        copies=2,
        copy_numbers="005,006",
    )
    d = incoming.propose(db, JIYAO, d.id, "呈孙立新副市长阅示。", d.version)
    d = incoming.route(
        db,
        JIYAO,
        d.id,
        to="vice_mayor",
        leader_id=org.p["孙立新"],
        today=T,
        expected_version=d.version,
    )
    incoming.record_reading(
        db, JIYAO, d.id, read_on=T, opinion="请农业农村局按密件要求办理", person_id=org.p["孙立新"]
    )
    incoming.chase(db, JIYAO, d.id, T, "催办密件落实情况")
    # a classified 发文 of 市政府, its chain complete and issued
    out = issued(
        db,
        org,
        user=JIYAO,
        title=OUT_TITLE,
        secrecy="机密",
        secrecy_term="20年",
        copies=2,
        copy_numbers="001,002",
    )
    # the government seal; two formal applications linked to the 发文 (by the 机要 account, the
    # only one who may, R44); one used and entered in the 用印登记簿, one approved and unused
    made = seals.add_seal(
        db,
        admin,
        name="同江市人民政府印",
        kind="gov",
        made_on=date(2025, 1, 2),
        document="刻制批准函",
        imprint=b"imprint",
    )
    seal = seals.change_status(
        db, admin, made.id, "active", date(2025, 1, 3), "启用通知", made.version
    )
    args = dict(
        applied_on=T,
        unit_id=org.u["农业农村局"],
        handler="王经办",
        title=OUT_TITLE,
        copies=2,
        seal_id=seal.id,
        purpose="正式公文印发",
        is_formal=True,
        outgoing_id=out.id,
    )
    used = seals.apply(db, JIYAO, **args)
    seals.record_use(
        db,
        JIYAO,
        used.id,
        used_at=_at(T, 10),
        copies_stamped=2,
        supervisor="赵监印",
        no_blank_paper=True,
    )
    unused = seals.apply(db, JIYAO, **(args | {"copies": 1}))
    w = World(db, org, d.id, out.id, used.id, unused.id, tmp_path)
    _confidential_meeting(w, admin)
    _supervision_items(w, admin)
    return w


def _supervision_items(w: World, admin: CurrentUser) -> None:
    """督办 of the classified 收文 (the item inherits its 密级) and of the confidential meeting's
    decision, taken over without retyping (R70, R35, R23.6.1)."""
    from_document = supervision.create_item(
        w.db,
        JIYAO,
        kind="document",
        title=f"督办{IN_TITLE}办理",
        content=f"{IN_TITLE}须按期办结",
        unit_id=w.org.u["农业农村局"],
        responsible_person="王局长",
        deadline=T + timedelta(days=20),
        assigned_on=T,
        incoming_document_id=w.incoming_id,
    )
    from_decision = supervision.item_from_decision(
        w.db, admin, w.decision_id, responsible_person="李局长"
    )
    w.supervised_ids = (from_document.id, from_decision.id)


def _confidential_meeting(w: World, admin: CurrentUser) -> None:
    """A confidential 常务会议 planned by 机要, an item placed on it (materials not yet in, so
    the 工作台 reminds of it), its minutes drafted by the 常务秘书 and edited, a decision."""
    db, org = w.db, w.org
    secretary = directory.save_person(db, admin, name="钱文").id  # 常务秘书 drafts (R23.7.2)
    directory.save_appointment(
        db,
        admin,
        person_id=secretary,
        post_code="standing_secretary",
        unit_id=org.u["市政府办公室"],
        start_date=date(2025, 1, 1),
    )
    m = meetings.plan_meeting(
        db,
        JIYAO,
        kind="executive",
        presider_id=org.p["李明远"],
        starts_at=_at(M_DAY),
        confidential=True,
    )
    with db.uow(JIYAO.username) as s:
        item = AgendaItem(
            title=ITEM_TITLE,
            meeting_id=m.id,
            position=1,
            status="placed",
            department_id=org.u["自然资源局"],
            reporter="局长",
            discussion=f"与会人员对{MEETING_NEEDLE}提出意见。",
            conclusion="会议原则同意。",
        )
        s.add(item)
        s.flush()
        w.item_id = item.id
    rec = minutes.draft_minutes(db, JIYAO, m.id, drafter_id=secretary)
    sections = [*rec.sections, minutes.Section("关于保密要求", (MINUTES_TEXT,))]
    rec = minutes.save_minutes(
        db, JIYAO, rec.id, opening=rec.opening, sections=sections, expected_version=rec.version
    )
    dec = decisions.add_decision(
        db,
        JIYAO,
        meeting_id=m.id,
        content=DECISION_TEXT,
        unit_id=org.u["自然资源局"],
        deadline=M_DAY,
        agenda_item_id=w.item_id,
        quality=f"{MEETING_NEEDLE}不外传",
    )
    w.meeting_id, w.minutes_id, w.decision_id = m.id, rec.id, dec.id


def _xlsx(path: Path) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    return [[c for c in row] for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]


def _export(w: World, name: str, write: Callable[[Path], Any]) -> list[list]:
    path = w.tmp / f"{name}.xlsx"
    write(path)
    return _xlsx(path)


# Each query: (qualified names it covers, call(w, user)). `user` is the signed-in account; the
# queries that take no account (the 工作台, the other areas' registers) are walked for every
# role alike and must never show a classified title.
Query = tuple[tuple[str, ...], Callable[[World, CurrentUser], Any]]

MEETING_QUERIES: dict[str, Query] = {
    "会议登记 list": (
        ("meetings.planning.list_meetings",),
        lambda w, u: meetings.list_meetings(w.db, True, user=u),
    ),
    "会议 open": (
        ("meetings.planning.get_meeting",),
        lambda w, u: meetings.get_meeting(w.db, w.meeting_id),
    ),
    "议题 register": (
        ("meetings.agenda.list_items",),
        lambda w, u: agenda.list_items(w.db, include_voided=True, user=u),
    ),
    "议题 search": (
        ("meetings.agenda.list_items",),
        lambda w, u: agenda.list_items(w.db, search=MEETING_NEEDLE, user=u),
    ),
    "会议 agenda": (
        ("meetings.agenda.list_items",),
        lambda w, u: agenda.list_items(w.db, w.meeting_id, user=u),
    ),
    "议题 open": (
        ("meetings.agenda.get_item",),
        lambda w, u: agenda.get_item(w.db, w.item_id, user=u),
    ),
    "纪要 open": (
        ("meetings.minutes.get_minutes",),
        lambda w, u: minutes.get_minutes(w.db, w.minutes_id, u),
    ),
    "纪要 of meeting": (
        ("meetings.minutes.minutes_of_meeting",),
        lambda w, u: minutes.minutes_of_meeting(w.db, w.meeting_id, u),
    ),
    "决定事项 list": (
        ("meetings.decisions.list_decisions",),
        lambda w, u: decisions.list_decisions(w.db, user=u),
    ),
    "决定事项 of meeting": (
        ("meetings.decisions.list_decisions",),
        lambda w, u: decisions.list_decisions(w.db, w.meeting_id, user=u),
    ),
    "决定事项 open": (
        ("meetings.decisions.open_decisions",),
        lambda w, u: decisions.open_decisions(w.db, user=u),
    ),
    "决定事项 overdue": (
        ("meetings.decisions.overdue_decisions",),
        lambda w, u: decisions.overdue_decisions(w.db, M_DAY + timedelta(days=1), user=u),
    ),
    "决定事项 xlsx": (
        ("meetings.export.export_decisions_xlsx",),
        lambda w, u: _export(
            w,
            f"dec_{u.role}",
            lambda p: meeting_export.export_decisions_xlsx(w.db, p, today=T, user=u),
        ),
    ),
    "会议 xlsx": (
        ("meetings.export.export_meetings_xlsx",),
        lambda w, u: _export(
            w,
            f"meet_{u.role}",
            lambda p: meeting_export.export_meetings_xlsx(w.db, p, include_voided=True, user=u),
        ),
    ),
}


def _call(w: World, user: CurrentUser, fn: Callable[[World, CurrentUser], Any]) -> Any:
    """The query's result, or the refusal it raised (its message is walked too)."""
    try:
        return fn(w, user)
    except Exception as exc:  # a refusal is an answer: it must not name the record either
        return exc


def _walk_all(w: World, queries: dict[str, Query]) -> tuple[list[str], dict[str, list[str]]]:
    """(leaks for roles without the classified permission, what each 机要 role saw per query)"""
    found, seen = [], {}
    for role, user in ROLES.items():
        for name, (_covers, fn) in queries.items():
            result = _call(w, user, fn)
            paths = leaks(result)
            if user.can("classified"):
                seen[f"{role}: {name}"] = paths
            elif paths:
                found.append(f"{role}: {name}: {paths[0]}")
    return found, seen
