"""The areas composed into one application.

Each area registers its 工作台 provider when its dashboard module is imported. The collector lives in
`system`, the lowest area, and must not import the areas above it (they all import `system`, so the
areas would close into one circle); whoever composes the application — the window, the command
line, the tests — calls `compose()` once, and the collector refuses to run before that rather than
show a dashboard with an area silently missing.
"""

from __future__ import annotations

import importlib

from desktop_app.services.system import dashboard

# Lowest first, the order areas may import each other (a test holds the code to it).
AREAS = ("system", "directory", "absences", "meetings", "documents", "seals", "supervision")

DASHBOARD_MODULES = (
    "desktop_app.services.directory.dashboard",
    "desktop_app.services.absences.dashboard",
    "desktop_app.services.meetings.dashboard",
    "desktop_app.services.meetings.dashboard_decisions",
    "desktop_app.services.documents.dashboard_incoming",
    "desktop_app.services.documents.dashboard_outgoing",
    "desktop_app.services.seals.dashboard",
    "desktop_app.services.supervision.dashboard",
)
# Modules that register what a scanned sheet code or a typed record number opens
# (system.sheet_codes), on import like the providers above.
SHEET_MODULES = (
    "desktop_app.services.documents.sheet_targets",
    "desktop_app.services.meetings.agenda_sheet",
    "desktop_app.services.supervision.sheets",
)


def compose() -> None:
    """Register every area's dashboard provider (idempotent: a module registers once, on import)."""
    for name in (*DASHBOARD_MODULES, *SHEET_MODULES):
        importlib.import_module(name)
    dashboard.mark_composed()
