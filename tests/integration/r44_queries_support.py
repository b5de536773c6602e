"""Shared set-up of the R44 (第四十四条) tests (no tests here): the document, 用印, 督办 and
account-less queries the services offer, each with the service functions it covers and a call for
a `world` and a user. test_r44_links.py walks them for every role; test_r44_query_coverage.py
checks that together with MEETING_QUERIES (r44_links_support.py) they cover every public query of
desktop_app.services: a new query is added to one of these tables."""

from __future__ import annotations

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
from tests.integration.r44_links_support import M_DAY, NEEDLES, Query, T, World, _export

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
