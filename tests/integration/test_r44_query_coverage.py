"""R44 (第四十四条): every public query function of desktop_app.services (by its name: list_,
get_, find_, search_, export_, print_ … taking `db` first) is walked by the R44 tests — named in
one of the query tables of r44_queries_support.py or MEETING_QUERIES (r44_links_support.py) — or
named in EXEMPT with the reason it names no record."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

from tests.integration.r44_links_support import MEETING_QUERIES
from tests.integration.r44_queries_support import (
    ACCOUNTLESS_QUERIES,
    DOCUMENT_QUERIES,
    SEAL_QUERIES,
    SUPERVISION_QUERIES,
)

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
    "seals.files.get_file": "a stored file by its hash; a classified record's refused",
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
    assert missing == [], "walk these: add them to r44_queries_support.py (or exempt them here)"
