"""All mapped classes; importing this module registers every table on Base.metadata."""

from db.models.org import AbPair, Appointment, Entrustment, Person, Portfolio, Unit
from db.models.system import (
    Account,
    AuditEntry,
    AuditHead,
    HolidayNotice,
    OrgSetting,
    SequenceCounter,
)

__all__ = [
    "AbPair",
    "Account",
    "Appointment",
    "AuditEntry",
    "AuditHead",
    "Entrustment",
    "HolidayNotice",
    "OrgSetting",
    "Person",
    "Portfolio",
    "SequenceCounter",
    "Unit",
]
