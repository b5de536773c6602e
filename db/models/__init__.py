"""All mapped classes; importing this module registers every table on Base.metadata.

The model modules do not use `from __future__ import annotations`: their `Mapped[...]`
annotations are then objects that SQLAlchemy reads as they are, instead of strings it compiles
and evaluates one by one at every start (tests/unit/test_startup_imports.py)."""

# Modules whose classes are imported from the module itself (db.models.seals.Seal …).
from db.models import (  # noqa: F401
    absences,
    imports,
    outgoing,
    releases,
    seals,
    search,
    sheets,
    supervision,
)
from db.models.documents import IncomingChase, IncomingDocument, IncomingReading
from db.models.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    EmergencyDecision,
    Meeting,
    MinutesRecord,
)
from db.models.org import AbPair, Appointment, Entrustment, Person, Portfolio, Unit
from db.models.system import (
    Account,
    AuditEntry,
    AuditHead,
    HolidayNotice,
    OrgSetting,
    SequenceCounter,
    SignInAttempt,
)

__all__ = [
    "AbPair",
    "AgendaItem",
    "Attendance",
    "Decision",
    "EmergencyDecision",
    "Meeting",
    "MinutesRecord",
    "Account",
    "Appointment",
    "AuditEntry",
    "AuditHead",
    "Entrustment",
    "HolidayNotice",
    "IncomingChase",
    "IncomingDocument",
    "IncomingReading",
    "OrgSetting",
    "Person",
    "Portfolio",
    "SequenceCounter",
    "SignInAttempt",
    "Unit",
]

# Set last. A module is in sys.modules from the moment its import begins: another thread that
# found it there could read a registry of mapped classes still being declared (the sign-in
# dialog, shown while the worker imports this, once failed the start with "Class … is not
# mapped"). It asks for COMPLETE instead (ui.dialogs.sign_in).
COMPLETE = True
