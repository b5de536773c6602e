"""R44 (第四十四条) wherever a record names another, on both engines: a classified 收文 and a
classified 发文 with distinctive titles, linked wherever the app lets a record name another (the
收文's readings and 催办, the 发文's sign-off chain, a seal application → the 发文 with its use in
the 用印登记簿, the search index, the 工作台), then every list / get / register / export /
dashboard query the services offer is called for each role, and every value it returns is
walked (dataclasses, tuples, lists, dicts, strings, refusal messages, exported cells): the
titles appear nowhere for a role without the classified permission, and do for 机要.

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

from desktop_app.services import (
    agenda,
    dashboard,
    decisions,
    doc_export,
    doc_register,
    doc_search,
    emergency,
    incoming,
    meetings,
    outgoing,
    releases,
    seal_export,
    seals,
)
from desktop_app.services.absences_queries import list_absences
from desktop_app.services.common import CurrentUser
from desktop_app.services.meetings import CHINA
from tests.integration.test_outgoing_support import Org, issued, org_fixture  # noqa: F401

T = date(2026, 3, 2)
IN_TITLE = "关于甲乙丙密件核查工作的函"
OUT_TITLE = "关于丁戊己密件部署工作的通知"
NEEDLES = ("甲乙丙密件", "丁戊己密件")
HIDDEN = "（涉密文件，标题不显示）"

ROLES = {role: CurrentUser(f"r44_{role}", f"测试{role}", role)
         for role in ("admin", "clerk", "confidential", "supervisor", "readonly")}
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

    found = leaks(Outer((Inner("x"), [Inner(f"同政发《{OUT_TITLE}》")]), {"k": ValueError(IN_TITLE)}))
    assert found == [f"$.items[1][0].label = '同政发《{OUT_TITLE}》'",
                     f"$.extra['k'].message = '{IN_TITLE}'"]
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


def _at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=CHINA)


@pytest.fixture
def world(db, admin, org, tmp_path) -> World:  # noqa: F811 - org comes from org_fixture
    # a classified 收文: routed to the vice mayor in charge, read with an opinion, chased
    d = incoming.register_document(
        db, JIYAO, received_at=_at(T), sender="省人民政府办公厅", title=IN_TITLE, doc_type="通知",
        nature="action", sender_number="黑政办发〔2026〕9号", secrecy="机密",
        secrecy_term="20年", copies=2, copy_numbers="005,006")
    d = incoming.propose(db, JIYAO, d.id, "呈孙立新副市长阅示。", d.version)
    d = incoming.route(db, JIYAO, d.id, to="vice_mayor", leader_id=org.p["孙立新"], today=T,
                       expected_version=d.version)
    incoming.record_reading(db, JIYAO, d.id, read_on=T, opinion="请农业农村局按密件要求办理",
                            person_id=org.p["孙立新"])
    incoming.chase(db, JIYAO, d.id, T, "催办密件落实情况")
    # a classified 发文 of 市政府, its chain complete and issued
    out = issued(db, org, user=JIYAO, title=OUT_TITLE, secrecy="机密", secrecy_term="20年",
                 copies=2, copy_numbers="001,002")
    # the government seal; two formal applications linked to the 发文 (by the 机要 account, the
    # only one who may, R44); one used and entered in the 用印登记簿, one approved and unused
    made = seals.add_seal(db, admin, name="同江市人民政府印", kind="gov", made_on=date(2025, 1, 2),
                          document="刻制批准函", imprint=b"imprint")
    seal = seals.change_status(db, admin, made.id, "active", date(2025, 1, 3), "启用通知",
                               made.version)
    args = dict(applied_on=T, unit_id=org.u["农业农村局"], handler="王经办", title=OUT_TITLE,
                copies=2, seal_id=seal.id, purpose="正式公文印发", is_formal=True,
                outgoing_id=out.id)
    used = seals.apply(db, JIYAO, **args)
    seals.record_use(db, JIYAO, used.id, used_at=_at(T, 10), copies_stamped=2,
                     supervisor="赵监印", no_blank_paper=True)
    unused = seals.apply(db, JIYAO, **(args | {"copies": 1}))
    return World(db, org, d.id, out.id, used.id, unused.id, tmp_path)


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
    "收文登记 list": (("incoming.list_documents",),
                    lambda w, u: incoming.list_documents(w.db, u, include_voided=True)),
    "收文 search words": (("incoming.list_documents",),
                        lambda w, u: incoming.list_documents(w.db, u, search=NEEDLES[0])),
    "收文 open": (("incoming.get_document",),
                lambda w, u: incoming.get_document(w.db, u, w.incoming_id)),
    "收文 readings": (("incoming.readings",),
                    lambda w, u: incoming.readings(w.db, u, w.incoming_id)),
    "收文 chases": (("incoming.chases",), lambda w, u: incoming.chases(w.db, u, w.incoming_id)),
    "收文登记簿 rows": (("doc_register.incoming_rows",),
                    lambda w, u: doc_register.incoming_rows(w.db, u)),
    "收文登记簿 xlsx": (("doc_export.export_incoming_xlsx",), lambda w, u: _export(
        w, f"in_{u.role}", lambda p: doc_export.export_incoming_xlsx(w.db, u, p))),
    "发文登记 list": (("outgoing.list_outgoing",),
                    lambda w, u: outgoing.list_outgoing(w.db, u, include_voided=True)),
    "发文 open": (("outgoing.get_outgoing",),
                lambda w, u: outgoing.get_outgoing(w.db, u, w.outgoing_id)),
    "发文 sign-off chain": (("outgoing_signoffs.signoff_checklist",),
                          lambda w, u: outgoing.signoff_checklist(w.db, u, w.outgoing_id, T)),
    "发文 disagreements": (("outgoing_basis.list_disagreements",),
                         lambda w, u: outgoing.list_disagreements(w.db, u, w.outgoing_id)),
    "发文登记簿 xlsx": (("doc_export.export_outgoing_xlsx",), lambda w, u: _export(
        w, f"out_{u.role}", lambda p: doc_export.export_outgoing_xlsx(w.db, u, p))),
    "search 收文": (("doc_search.search_documents",),
                  lambda w, u: doc_search.search_documents(w.db, u, NEEDLES[0])),
    "search 发文": (("doc_search.search_documents",),
                  lambda w, u: doc_search.search_documents(w.db, u, NEEDLES[1])),
    "search 发文 number": (("doc_search.search_documents",),
                         lambda w, u: doc_search.search_documents(w.db, u, "同政发")),
}

SEAL_QUERIES: dict[str, Query] = {
    "用印 applications": (("seals_queries.list_applications",),
                        lambda w, u: seals.list_applications(w.db, user=u)),
    "用印 applications words": (("seals_queries.list_applications",),
                              lambda w, u: seals.list_applications(w.db, user=u,
                                                                   text=NEEDLES[1])),
    "用印 application": (("seals_applications.get_application",),
                       lambda w, u: seals.get_application(w.db, w.used_app, T, user=u)),
    "用印审批单 form": (("seals_queries.application_form",),
                     lambda w, u: seals.application_form(w.db, w.unused_app, user=u)),
    "用印审批单 print": (("seals_queries.print_application_form",),
                      lambda w, u: _printed_form(w, u)),
    "用印登记簿 rows": (("seals_queries.register_rows",),
                    lambda w, u: seals.register_rows(w.db, T, T, user=u)),
    "用印登记簿 xlsx": (("seal_export.export_register_xlsx",), lambda w, u: _export(
        w, f"seal_{u.role}", lambda p: seal_export.export_register_xlsx(w.db, p, T, T, user=u))),
    "用印 waiting": (("seals_queries.waiting_applications",),
                   lambda w, u: seals.waiting_applications(w.db, approved_before=T + timedelta(
                       days=1), user=u)),
    "正式公文 number search": (("seals_formal.find_formal_documents",),
                           lambda w, u: seals.find_formal_documents(w.db, u, "同政发")),
    "正式公文 title search": (("seals_formal.find_formal_documents",),
                          lambda w, u: seals.find_formal_documents(w.db, u, NEEDLES[1])),
}

# No account: the same for every role, so never a classified title.
ACCOUNTLESS_QUERIES: dict[str, Query] = {
    "工作台": (("dashboard.collect",), lambda w, u: dashboard.collect(w.db, T + timedelta(days=60))),
    "用印 waiting (工作台)": (("seals_queries.waiting_applications",),
                          lambda w, u: seals.waiting_applications(
                              w.db, approved_before=T + timedelta(days=60))),
    "用印 applications (no account)": (("seals_queries.list_applications",),
                                     lambda w, u: seals.list_applications(w.db)),
    "用印审批单 (no account)": (("seals_queries.application_form",),
                           lambda w, u: seals.application_form(w.db, w.used_app)),
    "用印登记簿 (no account)": (("seals_queries.register_rows",),
                           lambda w, u: seals.register_rows(w.db, T, T)),
    "会议": (("meetings.list_meetings",), lambda w, u: meetings.list_meetings(w.db, True)),
    "议题": (("agenda.list_items",), lambda w, u: agenda.list_items(w.db, include_voided=True)),
    "决定事项": (("decisions.list_decisions",), lambda w, u: decisions.list_decisions(w.db)),
    "新闻发布": (("releases.list_releases",), lambda w, u: releases.list_releases(w.db, True)),
    "紧急决策": (("emergency.list_emergencies",),
             lambda w, u: emergency.list_emergencies(w.db, True)),
    "外出报备": (("absences_queries.list_absences",), lambda w, u: list_absences(w.db)),
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
        for name in ("收文登记 list", "收文 open", "收文登记簿 rows", "发文登记 list", "发文 open",
                     "search 收文", "search 发文", "收文登记簿 xlsx", "发文登记簿 xlsx"):
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


# --- every query is walked ----------------------------------------------------------------------

QUERY_NAME = re.compile(r"^(list|get|find|search|count|waiting|open|overdue|pending|export|print)_"
                        r"|_rows$|_form$|_checklist$|^(readings|chases|collect|minutes_of_meeting"
                        r"|absences_of_root|custodian_on|in_charge_text|eligible_signers)$")

# Queries that name no other record (or return no text of one), with the reason.
EXEMPT = {
    "accounts.list_accounts": "accounts: user names and roles",
    "directory.list_persons": "the directory: people",
    "directory.list_units": "the directory: units",
    "directory.list_periods": "the directory: appointments and portfolios",
    "calendar_admin.list_notices": "the work calendar's notices",
    "org_profile.get_profile": "settings",
    "seals_catalogue.get_seal": "the seal catalogue names no document",
    "seals_catalogue.list_seals": "the seal catalogue names no document",
    "seals_catalogue.custodian_on": "a custodian's name",
    "seals_files.get_file": "a stored file by its hash (imprint, scan)",
    "seals_lending.list_loans": "loans name a seal, a borrower and a purpose, no document",
    "seals_lending.overdue_loans": "loans name a seal, a borrower and a purpose, no document",
    "seals_uses.get_use": "a register entry's numbers and supervisor (no title)",
    "seals_applications.eligible_signers": "people who may sign",
    "seals_applications.in_charge_text": "the vice mayor in charge of a unit",
    "outgoing.count_outgoing": "a number (R44-filtered by outgoing)",
    "incoming.count_documents": "a number (R44-filtered by incoming)",
    "doc_register.count_incoming": "a number",
    "doc_search.count_matches": "a number",
    "absences.get_absence": "an absence names people and places, no document",
    "absences_queries.absences_of_root": "an absence names people and places, no document",
    "absence_export.export_absences_xlsx": "absences name no document",
    "agenda.get_item": "agenda items name meetings and units, no document (walked via list_items)",
    "attendance.list_attendance": "attendance names people",
    "meetings.get_meeting": "walked via list_meetings; a meeting names no document",
    "minutes.get_minutes": "minutes name meetings and people, no document",
    "minutes.minutes_of_meeting": "minutes name meetings and people, no document",
    "decisions.open_decisions": "walked via list_decisions",
    "decisions.overdue_decisions": "walked via list_decisions",
    "emergency.get_emergency": "walked via list_emergencies",
    "releases.get_release": "walked via list_releases",
    "meeting_export.export_meetings_xlsx": "meetings name no document",
    "meeting_export.export_decisions_xlsx": "decisions name no document",
    "seal_export.export_reconciliation_xlsx": "sums per seal and month",
    "dashboard_absences.pending_items": "walked via dashboard.collect",
    "dashboard_meetings.open_meetings": "walked via dashboard.collect",
    "dashboard_seals.overdue_loan_items": "walked via dashboard.collect",
}


def _service_queries() -> set[str]:
    import desktop_app.services as pkg

    names = set()
    for info in pkgutil.iter_modules(pkg.__path__):
        module = importlib.import_module(f"desktop_app.services.{info.name}")
        for fname, fn in vars(module).items():
            if (inspect.isfunction(fn) and fn.__module__ == module.__name__
                    and not fname.startswith("_") and QUERY_NAME.search(fname)):
                params = list(inspect.signature(fn).parameters)
                if params and params[0] == "db":
                    names.add(f"{info.name}.{fname}")
    return names


def test_R44_every_query_of_the_services_is_walked_or_exempt():
    covered = {c for qs in (DOCUMENT_QUERIES, SEAL_QUERIES, ACCOUNTLESS_QUERIES)
               for covers, _fn in qs.values() for c in covers}
    missing = sorted(_service_queries() - covered - set(EXEMPT))
    assert missing == [], "walk these in test_r44_links.py (or exempt them with the reason)"
