"""The state of a request to leave the city as a clerk reads it (R62.8). Shared by the absences
pane, the Excel export and the printed list, so it lives outside both services and printing."""

from __future__ import annotations

from datetime import date
from typing import Any


def status_text(dto: Any, today: date) -> str:
    """The state of `dto` (a services.absences_dto.AbsenceDTO) on `today`: 待审批, 已批准 (not
    left yet), 在外, 待销假, 逾期未销假 (R62.8), 已销假 — or 已作废."""
    if dto.status == "voided":
        return "已作废"
    if dto.status == "pending":
        return "待审批"
    if dto.reported_back_on is not None:
        return "已销假"
    if dto.returned_on is not None:
        return "逾期未销假" if dto.overdue_return(today) else "待销假"
    return "在外" if dto.start_date <= today else "已批准"
