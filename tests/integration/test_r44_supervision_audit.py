"""R44 (第四十四条) on both engines: a 督办 item of a classified document (or of a confidential
meeting's decision) is classified content — every open of it (its detail with the written
reports, an attached file) and every export of it by an account with the classified
permission is written to the audit log, as a classified 收文's open is; opening it hidden, as an
ordinary account sees it, writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.models import AuditEntry
from db.models.seals import SealUse
from desktop_app.services import seals
from desktop_app.services.supervision import commands as supervision
from desktop_app.services.supervision import export as supervision_export
from desktop_app.services.supervision import queries
from desktop_app.services.system.common import PermissionDenied
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    CLERK,
    JIYAO,
    T,
    org_fixture,
    world_fixture,
)

SCAN = b"%PDF-1.4 classified report scan"


def _audited(db, action: str) -> list[tuple[int, str]]:
    """(record id, actor) of each `action` entry on a 督办 item."""
    with db.read() as s:
        return list(
            s.execute(
                select(AuditEntry.record_id, AuditEntry.actor)
                .where(AuditEntry.table_name == "supervision_item", AuditEntry.action == action)
                .order_by(AuditEntry.seq)
            ).all()
        )


def test_R44_opening_a_classified_supervision_item_is_audited(world):
    """第四十四条: the detail of a classified 督办 item (its reports' text, as the register's
    detail panel reads it) opened by 机要 is logged; the hidden view of a clerk is not."""
    secret, _decision = world.supervised_ids
    supervision.record_report(
        world.db, JIYAO, secret, received_on=T, text="密件已按要求办理", today=T
    )
    (hidden,) = queries.reports_of(world.db, secret, user=CLERK)
    assert hidden.text != "密件已按要求办理"
    assert _audited(world.db, "view") == []
    (shown,) = queries.reports_of(world.db, secret, user=JIYAO)
    assert shown.text == "密件已按要求办理"
    assert _audited(world.db, "view") == [(secret, JIYAO.username)]


def test_R44_opening_a_classified_supervision_item_s_attachment_is_audited(world):
    """第四十四条: the file attached to a classified item's report, opened by 机要, is logged."""
    secret, _decision = world.supervised_ids
    r = supervision.record_report(
        world.db,
        JIYAO,
        secret,
        received_on=T,
        text="见附件",
        attachment=SCAN,
        attachment_name="密件办理情况.pdf",
        today=T,
    )
    before = _audited(world.db, "view")
    assert queries.report_attachment(world.db, r.id, user=JIYAO).content == SCAN
    assert _audited(world.db, "view") == [*before, (secret, JIYAO.username)]


def test_R44_exporting_classified_supervision_items_is_audited(world):
    """第四十四条: the 督办台账 exported by 机要 writes the classified items' text, and each of
    them is logged as exported; a clerk's export (their text hidden) writes nothing."""
    supervision_export.export_items(world.db, world.tmp / "clerk.xlsx", T, user=CLERK)
    assert _audited(world.db, "export") == []
    supervision_export.export_items(world.db, world.tmp / "jiyao.xlsx", T, user=JIYAO)
    assert sorted(_audited(world.db, "export")) == sorted(
        (i, JIYAO.username) for i in world.supervised_ids
    )


def test_R44_a_classified_record_s_file_is_not_read_by_its_hash(world):
    """第四十四条: a file a classified record holds — a report's attachment on a classified 督办
    item, the scan of a classified 发文's stamped pages — is opened only through its record (the
    account checked, the view logged): the clerk is not given its hash, and the file store does
    not hand it out by hash to anyone."""
    secret, _decision = world.supervised_ids
    r = supervision.record_report(
        world.db,
        JIYAO,
        secret,
        received_on=T,
        text="见附件",
        attachment=SCAN,
        attachment_name="密件办理情况.pdf",
        today=T,
    )
    (hidden,) = queries.reports_of(world.db, secret, user=CLERK)
    assert (hidden.attachment_sha256, hidden.has_file) == ("", False)
    with pytest.raises(PermissionDenied, match="涉密"):
        seals.get_file(world.db, r.attachment_sha256)
    with world.db.read() as s:
        use = s.scalars(select(SealUse).where(SealUse.application_id == world.used_app)).one()
    scanned = seals.attach_scan(world.db, JIYAO, use.id, b"%PDF stamped pages", "盖章页.pdf", None)
    with pytest.raises(PermissionDenied, match="涉密"):
        seals.get_file(world.db, scanned.scan_sha256)
    # through its record, 机要 still opens it, and that open is logged
    before = _audited(world.db, "view")
    assert queries.report_attachment(world.db, r.id, user=JIYAO).content == SCAN
    assert _audited(world.db, "view") == [*before, (secret, JIYAO.username)]
