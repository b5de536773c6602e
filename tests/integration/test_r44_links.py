"""R44 (第四十四条) wherever a record names another, on both engines: a classified 收文 and a
classified 发文 with distinctive titles, linked wherever the app lets a record name another (the
收文's readings and 催办, the 发文's sign-off chain, a seal application → the 发文 with its use in
the 用印登记簿, the search index, the 工作台), then every list / get / register / export /
dashboard query the services offer is called for each role, and every value it returns is
walked (dataclasses, tuples, lists, dicts, strings, refusal messages, exported cells): the
titles appear nowhere for a role without the classified permission, and do for 机要.

A confidential meeting (涉密会议, R44 with R23.6.3) is walked the same way: an item title, a
minutes paragraph and a decision carry a distinctive phrase; the meeting itself (its name, day
and kind) stays in every register, its content appears only for 机要/管理员 in every meetings /
议题 / minutes / decisions / 工作台 / export query, and printing its minutes or 议程 is refused
for the others and audited for 机要.

A guard test lists the public query functions of desktop_app.services: a new one must be walked
here (or named in EXEMPT with the reason it names no record)."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from db.models import AgendaItem, AuditEntry
from desktop_app.formatting import CHINA
from desktop_app.rules.registry import RuleViolation
from desktop_app.services import seals
from desktop_app.services.absences.queries import list_absences
from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import incoming, outgoing, releases
from desktop_app.services.documents import register as doc_register
from desktop_app.services.documents import search as doc_search
from desktop_app.services.meetings import agenda, agenda_meeting, decisions, emergency, minutes
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.seals import export as seal_export
from desktop_app.services.supervision import commands as supervision
from desktop_app.services.supervision import export as supervision_export
from desktop_app.services.supervision import queries as supervision_queries
from desktop_app.services.system import dashboard
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
HIDDEN = "（涉密文件，标题不显示）"
MEETING_HIDDEN = "（涉密会议，内容不显示）"
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


def test_walk_finds_titles_anywhere():
    @dataclasses.dataclass(frozen=True)
    class Inner:
        label: str

    @dataclasses.dataclass(frozen=True)
    class Outer:
        items: tuple
        extra: dict

    found = leaks(
        Outer((Inner("x"), [Inner(f"同政发《{OUT_TITLE}》")]), {"k": ValueError(IN_TITLE)})
    )
    assert found == [
        f"$.items[1][0].label = '同政发《{OUT_TITLE}》'",
        f"$.extra['k'].message = '{IN_TITLE}'",
    ]
    assert leaks(Outer((Inner(HIDDEN),), {})) == []


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


@pytest.fixture
def world(db, admin, org, tmp_path) -> World:  # noqa: F811 - org comes from org_fixture
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

DOCUMENT_QUERIES: dict[str, Query] = {
    "收文登记 list": (
        ("documents.incoming_reads.list_documents",),
        lambda w, u: incoming.list_documents(w.db, u, include_voided=True),
    ),
    "收文 search words": (
        ("documents.incoming_reads.list_documents",),
        lambda w, u: incoming.list_documents(w.db, u, search=NEEDLES[0]),
    ),
    "收文 open": (
        ("documents.incoming_reads.get_document",),
        lambda w, u: incoming.get_document(w.db, u, w.incoming_id),
    ),
    "收文 readings": (
        ("documents.incoming_reads.readings",),
        lambda w, u: incoming.readings(w.db, u, w.incoming_id),
    ),
    "收文 chases": (
        ("documents.incoming_reads.chases",),
        lambda w, u: incoming.chases(w.db, u, w.incoming_id),
    ),
    "收文登记簿 rows": (
        ("documents.register.incoming_rows",),
        lambda w, u: doc_register.incoming_rows(w.db, u),
    ),
    "收文登记簿 xlsx": (
        ("documents.export.export_incoming_xlsx",),
        lambda w, u: _export(
            w, f"in_{u.role}", lambda p: doc_export.export_incoming_xlsx(w.db, u, p)
        ),
    ),
    "发文登记 list": (
        ("documents.outgoing.list_outgoing",),
        lambda w, u: outgoing.list_outgoing(w.db, u, include_voided=True),
    ),
    "发文 open": (
        ("documents.outgoing.get_outgoing",),
        lambda w, u: outgoing.get_outgoing(w.db, u, w.outgoing_id),
    ),
    "发文 sign-off chain": (
        ("documents.outgoing_signoffs.signoff_checklist",),
        lambda w, u: outgoing.signoff_checklist(w.db, u, w.outgoing_id, T),
    ),
    "发文 disagreements": (
        ("documents.outgoing_basis.list_disagreements",),
        lambda w, u: outgoing.list_disagreements(w.db, u, w.outgoing_id),
    ),
    "发文登记簿 xlsx": (
        ("documents.export.export_outgoing_xlsx",),
        lambda w, u: _export(
            w, f"out_{u.role}", lambda p: doc_export.export_outgoing_xlsx(w.db, u, p)
        ),
    ),
    "search 收文": (
        ("documents.search.search_documents",),
        lambda w, u: doc_search.search_documents(w.db, u, NEEDLES[0]),
    ),
    "search 发文": (
        ("documents.search.search_documents",),
        lambda w, u: doc_search.search_documents(w.db, u, NEEDLES[1]),
    ),
    "search 发文 number": (
        ("documents.search.search_documents",),
        lambda w, u: doc_search.search_documents(w.db, u, "同政发"),
    ),
}

SEAL_QUERIES: dict[str, Query] = {
    "用印 applications": (
        ("seals.queries.list_applications",),
        lambda w, u: seals.list_applications(w.db, user=u),
    ),
    "用印 applications words": (
        ("seals.queries.list_applications",),
        lambda w, u: seals.list_applications(w.db, user=u, text=NEEDLES[1]),
    ),
    "用印 application": (
        ("seals.applications.get_application",),
        lambda w, u: seals.get_application(w.db, w.used_app, T, user=u),
    ),
    "用印审批单 form": (
        ("seals.approval_form.application_form",),
        lambda w, u: seals.application_form(w.db, w.unused_app, user=u),
    ),
    "用印审批单 print": (
        ("seals.approval_form.print_application_form",),
        lambda w, u: _printed_form(w, u),
    ),
    "用印登记簿 rows": (
        ("seals.register_reads.register_rows",),
        lambda w, u: seals.register_rows(w.db, T, T, user=u),
    ),
    "用印登记簿 xlsx": (
        ("seals.export.export_register_xlsx",),
        lambda w, u: _export(
            w, f"seal_{u.role}", lambda p: seal_export.export_register_xlsx(w.db, p, T, T, user=u)
        ),
    ),
    "用印 waiting": (
        ("seals.queries.waiting_applications",),
        lambda w, u: seals.waiting_applications(
            w.db, approved_before=T + timedelta(days=1), user=u
        ),
    ),
    "正式公文 number search": (
        ("seals.formal.find_formal_documents",),
        lambda w, u: seals.find_formal_documents(w.db, u, "同政发"),
    ),
    "正式公文 title search": (
        ("seals.formal.find_formal_documents",),
        lambda w, u: seals.find_formal_documents(w.db, u, NEEDLES[1]),
    ),
}

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
SUPERVISION_QUERIES: dict[str, Query] = {
    "督办 register": (
        ("supervision.queries.list_items",),
        lambda w, u: supervision_queries.list_items(w.db, T, user=u, include_voided=True),
    ),
    "督办 search": (
        ("supervision.queries.list_items",),
        lambda w, u: supervision_queries.list_items(w.db, T, user=u, search=NEEDLES[0]),
    ),
    "督办 open": (
        ("supervision.queries.get_item",),
        lambda w, u: [supervision_queries.get_item(w.db, i, T, user=u) for i in w.supervised_ids],
    ),
    "督办 xlsx": (
        ("supervision.export.export_items",),
        lambda w, u: _export(
            w, f"sup_{u.role}", lambda p: supervision_export.export_items(w.db, p, T, user=u)
        ),
    ),
}

# what 机要 sees the content in (the others name the meeting only)
MEETING_CONTENT = (
    "会议登记 list",
    "议题 register",
    "议题 search",
    "会议 agenda",
    "议题 open",
    "纪要 open",
    "纪要 of meeting",
    "决定事项 list",
    "决定事项 of meeting",
    "决定事项 open",
    "决定事项 overdue",
    "决定事项 xlsx",
)

# No account: the same for every role, so never a classified title.
ACCOUNTLESS_QUERIES: dict[str, Query] = {
    "工作台": (
        ("system.dashboard.collect",),
        lambda w, u: dashboard.collect(w.db, T + timedelta(days=60)),
    ),
    "用印 waiting (工作台)": (
        ("seals.queries.waiting_applications",),
        lambda w, u: seals.waiting_applications(w.db, approved_before=T + timedelta(days=60)),
    ),
    "用印 applications (no account)": (
        ("seals.queries.list_applications",),
        lambda w, u: seals.list_applications(w.db),
    ),
    "用印审批单 (no account)": (
        ("seals.approval_form.application_form",),
        lambda w, u: seals.application_form(w.db, w.used_app),
    ),
    "用印登记簿 (no account)": (
        ("seals.register_reads.register_rows",),
        lambda w, u: seals.register_rows(w.db, T, T),
    ),
    "会议": (("meetings.planning.list_meetings",), lambda w, u: meetings.list_meetings(w.db, True)),
    "工作台 (meeting day)": (
        (
            "system.dashboard.collect",
            "meetings.dashboard.materials_items",
            "meetings.dashboard_decisions.decision_items",
        ),
        lambda w, u: dashboard.collect(w.db, M_DAY),
    ),
    "纪要 (no account)": (
        ("meetings.minutes.get_minutes",),
        lambda w, u: minutes.get_minutes(w.db, w.minutes_id),
    ),
    "决定事项 open (no account)": (
        ("meetings.decisions.open_decisions",),
        lambda w, u: decisions.open_decisions(w.db),
    ),
    "议题 (no account)": (
        ("meetings.agenda.get_item",),
        lambda w, u: agenda.get_item(w.db, w.item_id),
    ),
    "决定事项 xlsx (no account)": (
        ("meetings.export.export_decisions_xlsx",),
        lambda w, u: _export(
            w, "dec_none", lambda p: meeting_export.export_decisions_xlsx(w.db, p, today=T)
        ),
    ),
    "议题": (
        ("meetings.agenda.list_items",),
        lambda w, u: agenda.list_items(w.db, include_voided=True),
    ),
    "决定事项": (
        ("meetings.decisions.list_decisions",),
        lambda w, u: decisions.list_decisions(w.db),
    ),
    "新闻发布": (
        ("documents.releases.list_releases",),
        lambda w, u: releases.list_releases(w.db, True),
    ),
    "紧急决策": (
        ("meetings.emergency.list_emergencies",),
        lambda w, u: emergency.list_emergencies(w.db, True),
    ),
    "外出报备": (("absences.queries.list_absences",), lambda w, u: list_absences(w.db)),
}


def _printed_form(w: World, u: CurrentUser):
    from desktop_app.printing.seal_forms import seal_form_from

    return seal_form_from(seals.print_application_form(w.db, u, w.used_app))


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


def test_R44_no_classified_title_in_any_document_query_for_other_roles(world):
    """第四十四条: 收文/发文 registers, opening, readings, 催办, sign-offs, search and exports show
    the classified titles to 管理员 and 机要 only (opening one is refused for the others)."""
    found, seen = _walk_all(world, DOCUMENT_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):  # allowed: the 机要 permission sees them
        for name in (
            "收文登记 list",
            "收文 open",
            "收文登记簿 rows",
            "发文登记 list",
            "发文 open",
            "search 收文",
            "search 发文",
            "收文登记簿 xlsx",
            "发文登记簿 xlsx",
        ):
            assert seen[f"{role}: {name}"], f"{role} does not see the title in {name}"


def test_R44_no_classified_title_in_any_seal_query_for_other_roles(world):
    """第四十四条: an application linked to a classified 发文 — list, detail, checklist, printed
    form, 用印登记簿 and its export, the 正式公文 search — shows 「（涉密文件，标题不显示）」 to
    roles without the classified permission; 机要 sees the title."""
    found, seen = _walk_all(world, SEAL_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):
        for name in SEAL_QUERIES:
            assert seen[f"{role}: {name}"], f"{role} does not see the title in {name}"
    shown = seals.list_applications(world.db, user=CLERK)
    assert [x.title for x in shown] == [HIDDEN, HIDDEN]  # listed (no gaps), title hidden


def test_R44_no_classified_title_where_no_account_is_signed_in(world):
    """第四十四条: the 工作台 and the registers that take no account show no classified title
    to anyone (the 工作台 has no signed-in account)."""
    found = []
    for name, (_covers, fn) in ACCOUNTLESS_QUERIES.items():
        paths = leaks(_call(world, JIYAO, fn))
        if paths:
            found.append(f"{name}: {paths[0]}")
    assert found == []
    items = [i for i in dashboard.collect(world.db, T + timedelta(days=60)) if i.area == "用印"]
    assert any(HIDDEN in i.title for i in items)  # the approved, unused application


def test_R44_confidential_meeting_content_only_for_the_classified_permission(world):
    """第四十四条 (R44, with R23.6.3): a confidential meeting's item titles, minutes and
    decisions appear for 机要 and 管理员 only, in every meetings / 议题 / minutes / decisions /
    export query; the others see the meeting (name, day, kind) with 「（涉密会议，内容不显示）」."""
    found, seen = _walk_all(world, MEETING_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):  # allowed: the classified permission sees them
        for name in MEETING_CONTENT:
            assert seen[f"{role}: {name}"], f"{role} does not see the content in {name}"
    rec = minutes.get_minutes(world.db, world.minutes_id, JIYAO)
    assert any(MINUTES_TEXT in p for sec in rec.sections for p in sec.paragraphs)
    # refused side: the meeting is listed and named, its content hidden
    listed = [m for m in meetings.list_meetings(world.db, user=CLERK) if m.id == world.meeting_id]
    assert len(listed) == 1 and listed[0].confidential and listed[0].day == M_DAY
    hidden = minutes.get_minutes(world.db, world.minutes_id, CLERK)
    assert hidden.opening == MEETING_HIDDEN and hidden.state == "draft"
    assert [s.heading for s in hidden.sections] == [MEETING_HIDDEN]
    assert [
        d.content for d in decisions.list_decisions(world.db, world.meeting_id, user=CLERK)
    ] == [MEETING_HIDDEN]
    assert [
        i.title
        for i in agenda.list_items(world.db, world.meeting_id, user=CLERK)
        if i.id == world.item_id
    ] == [MEETING_HIDDEN]
    assert agenda.list_items(world.db, search=MEETING_NEEDLE, user=CLERK) == []  # no oracle
    items = [
        i
        for i in dashboard.collect(world.db, M_DAY)
        if i.ref_kind == "agenda_item" and i.ref_id == world.item_id
    ]
    assert items and all(MEETING_HIDDEN in i.title for i in items)  # reminded, not named


def test_R44_no_classified_title_in_the_supervision_register_for_other_roles(world):
    """第四十四条: a 督办 item of a classified 收文 or of a confidential meeting's decision —
    register, search, opening, export — names its matter to the classified permission only."""
    found, seen = _walk_all(world, SUPERVISION_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):  # allowed: the classified permission sees them
        for name in ("督办 register", "督办 open", "督办 xlsx"):
            assert seen[f"{role}: {name}"], f"{role} does not see the matter in {name}"
    listed = supervision_queries.list_items(world.db, T, user=CLERK, include_voided=True)
    assert {i.id for i in listed} >= set(world.supervised_ids)  # listed (no gaps), text hidden


def _audits(db, table: str, record_id: int, action: str) -> list[tuple[str, str]]:
    """(actor, after_json) of the audit entries of `action` on the record."""
    with db.read() as s:
        return list(
            s.execute(
                select(AuditEntry.actor, AuditEntry.after_json).where(
                    AuditEntry.table_name == table,
                    AuditEntry.record_id == record_id,
                    AuditEntry.action == action,
                )
            ).all()
        )


def test_R44_confidential_minutes_print_refused_for_a_clerk_allowed_and_audited_for_jiyao(world):
    """第四十四条: printing confidential minutes (or the 议程 of a confidential meeting) as a
    文秘 is refused citing R44; as 机要 it prints and the print — and the open — is audited."""
    from desktop_app.services.meetings import printouts as meeting_print

    for user in (CLERK, ROLES["supervisor"], ROLES["readonly"]):
        with pytest.raises(RuleViolation) as exc:
            minutes.minutes_pdf(world.db, world.minutes_id, user=user)
        assert exc.value.rule_id == "R44" and "第四十四条" in str(exc.value)
        assert not leaks(exc.value)
        with pytest.raises(RuleViolation) as exc:
            meeting_print.agenda_pdf(world.db, world.meeting_id, user=user)
        assert exc.value.rule_id == "R44"
    with pytest.raises(RuleViolation):
        minutes.minutes_pdf(world.db, world.minutes_id)  # no account: no print
    assert _audits(world.db, "minutes", world.minutes_id, "print") == []
    # the notice goes to the members: printed for the clerk without the items
    notice = meeting_print.meeting_notice_pdf(world.db, world.meeting_id, T, user=CLERK)
    assert any("R44" in n or "第四十四条" in n for n in notice.notes)
    assert _audits(world.db, "meeting", world.meeting_id, "print") == []

    result = minutes.minutes_pdf(world.db, world.minutes_id, user=JIYAO, copy_number=2)
    assert result.pdf.startswith(b"%PDF")
    printed = _audits(world.db, "minutes", world.minutes_id, "print")
    assert [(actor, "000002" in (after or "")) for actor, after in printed] == [
        (JIYAO.username, True)
    ]
    meeting_print.agenda_pdf(world.db, world.meeting_id, user=JIYAO)
    assert [actor for actor, _after in _audits(world.db, "meeting", world.meeting_id, "print")] == [
        JIYAO.username
    ]
    before = len(_audits(world.db, "minutes", world.minutes_id, "view"))
    minutes.get_minutes(world.db, world.minutes_id, JIYAO)
    minutes.get_minutes(world.db, world.minutes_id, CLERK)  # hidden: nothing opened, no entry
    assert len(_audits(world.db, "minutes", world.minutes_id, "view")) == before + 1


def test_R44_confidential_meeting_content_is_not_overwritten_by_a_clerk(world):
    """第四十四条: an account that sees 「（涉密会议，内容不显示）」 cannot save the minutes, an
    item's title or its outcome over the text it cannot see; 机要 can."""
    rec = minutes.get_minutes(world.db, world.minutes_id, CLERK)
    with pytest.raises(RuleViolation) as exc:
        minutes.save_minutes(
            world.db,
            CLERK,
            rec.id,
            opening=MEETING_HIDDEN,
            sections=[(MEETING_HIDDEN, [])],
            expected_version=rec.version,
        )
    assert exc.value.rule_id == "R44"
    item = agenda.get_item(world.db, world.item_id, user=CLERK)
    with pytest.raises(RuleViolation):
        agenda.save_item(
            world.db,
            CLERK,
            title=item.title,
            category="deliberation",
            department_id=item.department_id,
            record_id=item.id,
            expected_version=item.version,
            today=T,
        )
    with pytest.raises(RuleViolation):
        agenda_meeting.record_outcome(
            world.db,
            CLERK,
            item.id,
            reporter="x",
            discussion="",
            conclusion="y",
            expected_version=item.version,
        )
    assert agenda.get_item(world.db, world.item_id, user=JIYAO).title == ITEM_TITLE
    full = minutes.get_minutes(world.db, world.minutes_id, JIYAO)
    saved = minutes.save_minutes(
        world.db,
        JIYAO,
        full.id,
        opening=full.opening,
        sections=full.sections,
        expected_version=full.version,
    )
    assert saved.opening == full.opening  # allowed for 机要


# --- every query is walked ----------------------------------------------------------------------

QUERY_NAME = re.compile(
    r"^(list|get|find|search|count|waiting|open|overdue|pending|export|print)_"
    r"|_rows$|_form$|_checklist$|^(readings|chases|collect|minutes_of_meeting"
    r"|absences_of_root|custodian_on|in_charge_text|eligible_signers)$"
)

# Queries that name no other record (or return no text of one), with the reason.
EXEMPT = {
    "system.accounts.list_accounts": "accounts: user names and roles",
    "directory.listing.list_persons": "the directory: people",
    "directory.listing.list_units": "the directory: units",
    "directory.listing.list_periods": "the directory: appointments and portfolios",
    "system.calendar_admin.list_notices": "the work calendar's notices",
    "system.org_profile.get_profile": "settings",
    "seals.catalogue.get_seal": "the seal catalogue names no document",
    "seals.catalogue.list_seals": "the seal catalogue names no document",
    "seals.catalogue.custodian_on": "a custodian's name",
    "seals.files.get_file": "a stored file by its hash (imprint, scan)",
    "seals.lending.list_loans": "loans name a seal, a borrower and a purpose, no document",
    "seals.lending.overdue_loans": "loans name a seal, a borrower and a purpose, no document",
    "seals.uses.get_use": "a register entry's numbers and supervisor (no title)",
    "seals.approvals.eligible_signers": "people who may sign",
    "seals.approvals.in_charge_text": "the vice mayor in charge of a unit",
    "documents.outgoing.count_outgoing": "a number (R44-filtered by outgoing)",
    "documents.incoming_reads.count_documents": "a number (R44-filtered by incoming_dto.visible)",
    "documents.register.count_incoming": "a number",
    "documents.search.count_matches": "a number",
    "absences.commands.get_absence": "an absence names people and places, no document",
    "absences.queries.absences_of_root": "an absence names people and places, no document",
    "absences.export.export_absences_xlsx": "absences name no document",
    "meetings.attendance.list_attendance": "attendance names people",
    "meetings.emergency.get_emergency": "walked via list_emergencies",
    "documents.releases.get_release": "walked via list_releases",
    "seals.export.export_reconciliation_xlsx": "sums per seal and month",
    "absences.dashboard.pending_items": "walked via dashboard.collect",
    "meetings.dashboard.open_meetings": "walked via dashboard.collect",
    "seals.dashboard.overdue_loan_items": "walked via dashboard.collect",
    "system.numbering.list_sequences": "sequence names and their last numbers",
    "system.numbering.get_sequence": "a sequence name and its last number",
}


def _service_queries() -> set[str]:
    import desktop_app.services as pkg

    names = set()
    for info in pkgutil.walk_packages(pkg.__path__, "desktop_app.services."):
        module = importlib.import_module(info.name)
        for fname, fn in vars(module).items():
            if (
                inspect.isfunction(fn)
                and fn.__module__ == module.__name__
                and not fname.startswith("_")
                and QUERY_NAME.search(fname)
            ):
                params = list(inspect.signature(fn).parameters)
                if params and params[0] == "db":
                    names.add(f"{info.name.removeprefix('desktop_app.services.')}.{fname}")
    return names


def test_R44_every_query_of_the_services_is_walked_or_exempt():
    covered = {
        c
        for qs in (
            DOCUMENT_QUERIES,
            SEAL_QUERIES,
            MEETING_QUERIES,
            SUPERVISION_QUERIES,
            ACCOUNTLESS_QUERIES,
        )
        for covers, _fn in qs.values()
        for c in covers
    }
    missing = sorted(_service_queries() - covered - set(EXEMPT))
    assert missing == [], "walk these in test_r44_links.py (or exempt them with the reason)"
