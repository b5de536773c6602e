"""Voiding a record while another clerk writes what depends on it, on a shared database (both
engines; SQLite's single writer already takes them in turn): the void's check and the other write
must not both pass, or a voided record is left with a live record depending on it."""

from __future__ import annotations

from sqlalchemy import select

from db.models.seals import SealApplication, SealUse
from desktop_app.services import seals
from desktop_app.services.system.common import CurrentUser
from tests.integration.seals_support import CLERK, w_fixture  # noqa: F401 - the `w` fixture
from tests.two_threads import lined_up

CLERK_B = CurrentUser("wenmi_b", "文秘乙", "clerk")


def test_LOG_an_application_voided_while_its_use_is_registered_keeps_the_register_whole(w):
    """Clerk A voids an approved 用印审批单 (no use registered, he checks) while clerk B registers
    its use: the register must never show a voided application with a live use (LOG: the use is
    voided first, then the application)."""
    app = w.approve(w.apply(copies=3).id, "vice_mayor", w.vm)
    results, errors = lined_up(
        w.db.engine,
        lambda sql: "FROM seal_use" in sql,
        [
            lambda: seals.void_application(w.db, CLERK, app.id, "重复申请", app.version),
            lambda: w.use(app.id, expected_version=app.version),
        ],
    )
    assert len(results) + len(errors) == 2 and len(errors) == 1, (results, errors)
    with w.db.read() as s:
        voided = s.scalar(select(SealApplication.voided_at).where(SealApplication.id == app.id))
        live_uses = list(
            s.scalars(
                select(SealUse.id).where(
                    SealUse.application_id == app.id, SealUse.voided_at.is_(None)
                )
            )
        )
    assert (voided is None) == bool(live_uses)
