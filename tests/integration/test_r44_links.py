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
from datetime import timedelta

from desktop_app.services import seals
from desktop_app.services.absences.queries import list_absences
from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import incoming, outgoing, releases
from desktop_app.services.documents import register as doc_register
from desktop_app.services.documents import search as doc_search
from desktop_app.services.meetings import agenda, decisions, emergency, minutes
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.seals import export as seal_export
from desktop_app.services.supervision import export as supervision_export
from desktop_app.services.supervision import queries as supervision_queries
from desktop_app.services.system import dashboard
from desktop_app.services.system.common import CurrentUser
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    CLERK,
    IN_TITLE,
    JIYAO,
    M_DAY,
    MEETING_QUERIES,
    NEEDLES,
    OUT_TITLE,
    Query,
    T,
    World,
    _call,
    _export,
    _walk_all,
    leaks,
    org_fixture,
    world_fixture,
)

HIDDEN = "（涉密文件，标题不显示）"


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
