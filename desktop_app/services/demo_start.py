"""First start in the window: 「写入示例数据（演示用）」 — the demo government (demo.fill) and a year
of its records (demo_year.fill_year), offered only on a database that holds no records at all.

The fill is many saves through the services, one transaction each, as a clerk's work would be:
it runs to its end (no cancel that would leave half a demo office), reporting its steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import func, select

from db.engine import Database
from db.models import IncomingDocument, Meeting, Person, Unit
from db.models.absences import Absence
from db.models.outgoing import OutgoingDocument
from db.models.seals import SealApplication
from db.models.supervision import SupervisionItem
from desktop_app.services import demo_year
from desktop_app.services.system.common import CurrentUser, ValidationError

# Any row here means the database is someone's real (or earlier demo) work.
_RECORD_TABLES = (
    Person,
    Unit,
    Meeting,
    IncomingDocument,
    OutgoingDocument,
    SealApplication,
    Absence,
    SupervisionItem,
)


def may_offer_demo(db: Database) -> bool:
    """True only for an empty database: no directory entry and no record of any register."""
    with db.read() as s:
        return not any(
            s.scalar(select(func.count()).select_from(model)) for model in _RECORD_TABLES
        )


def fill_demo(
    db: Database,
    user: CurrentUser,
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
) -> list[str]:
    """Write the demo office (directory and a year of records) into the empty database; returns
    the summary lines (「14 次会议」 …). Refused on a database that holds records."""
    if not user.can("admin"):
        raise ValidationError("只有管理员可以写入示例数据。")
    if not may_offer_demo(db):
        raise ValidationError("数据库中已有记录，示例数据只能写入空数据库。")
    counts = demo_year.fill_year(db, user, today=today, progress=progress)
    return demo_year.summary(counts)
