"""How many characters each text field of a form may take, from the model (db.text_input):
forms set it as the widget's maxLength, so a clerk cannot type past what the save would refuse.

A field is bound to the column of the same name. Most names mean one column wherever they occur
(or have the same length everywhere); for the few that do not (name, title, contact, kind, channel)
the form says which table it writes (FORM_TABLES). A field of a form not listed whose name is
ambiguous gets no limit (the save still refuses over-long text naming the field).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from sqlalchemy import String

from db.base import Base, RecordMixin

# Form (dialog object name) → the table its text fields are written to.
FORM_TABLES: dict[str, str] = {
    "personDialog": "person",
    "unitDialog": "unit",
    "appointmentDialog": "appointment",
    "portfolioDialog": "portfolio",
    "abPairDialog": "ab_pair",
    "entrustmentDialog": "entrustment",
    "newAbsenceDialog": "absence",
    "amendAbsenceDialog": "absence",
    "registerIncomingDialog": "incoming_document",
    "readingDialog": "incoming_reading",
    "chaseDialog": "incoming_chase",
    "draftOutgoingDialog": "outgoing_document",
    "newReleaseDialog": "spokesperson_release",
    "editReleaseDialog": "spokesperson_release",
    "planMeetingDialog": "meeting",
    "itemDialog": "agenda_item",
    "decisionDialog": "decision",
    "emergencyDialog": "emergency_decision",
    "sealApplyDialog": "seal_application",
    "addSealDialog": "seal",
    "sealLendDialog": "seal_loan",
    "sealUseDialog": "seal_use",
    "newAccountDialog": "account",
    "editAccountDialog": "account",
    "firstAdminDialog": "account",
    "supervisionNewItemDialog": "supervision_item",
    "supervisionFromDecisionDialog": "supervision_item",
    "supervisionReportDialog": "supervision_report",
    "supervisionRequestDialog": "supervision_item",
    "supervisionStepDialog": "supervision_step",
}


@cache
def _lengths() -> tuple[dict[str, dict[str, int]], dict[str, set[int]]]:
    by_table: dict[str, dict[str, int]] = {}
    by_key: dict[str, set[int]] = {}
    for mapper in Base.registry.mappers:
        if not issubclass(mapper.class_, RecordMixin):
            continue  # bookkeeping tables (counters, index) are no form's
        table = mapper.local_table
        name = mapper.class_.__tablename__  # the table's name (local_table is typed as any FROM)
        for column in table.columns:
            if isinstance(column.type, String) and column.type.length:
                by_table.setdefault(name, {})[column.key] = column.type.length
                by_key.setdefault(column.key, set()).add(column.type.length)
    return by_table, by_key


def column_limit(form: str, key: str) -> int | None:
    """The most characters field `key` of form `form` may hold (None: no column, or unknown)."""
    by_table, by_key = _lengths()
    table = FORM_TABLES.get(form)
    if table is not None and key in by_table.get(table, {}):
        return by_table[table][key]
    lengths = by_key.get(key, set())
    return next(iter(lengths)) if len(lengths) == 1 else None


def text_limits(form: str, keys: Iterable[str]) -> dict[str, int]:
    return {k: n for k in keys if (n := column_limit(form, k)) is not None}
