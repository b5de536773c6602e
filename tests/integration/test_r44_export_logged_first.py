"""R44 (第四十四条) on both engines: every export of classified content is logged — so the log is
written before the file. When the log is refused (this PC lacks the audit key, the account was
demoted or deactivated since it signed in …) the export fails and no file holding the classified
text is left behind."""

from __future__ import annotations

import pytest

from desktop_app.services.documents import export as doc_export
from desktop_app.services.documents import register as doc_register
from desktop_app.services.meetings import export as meeting_export
from desktop_app.services.meetings import secrecy as meeting_secrecy
from desktop_app.services.supervision import export as supervision_export
from desktop_app.services.system.common import PermissionDenied
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    JIYAO,
    T,
    org_fixture,
    world_fixture,
)


def _refused(*_args, **_kwargs):
    raise PermissionDenied("审计记录写入被拒绝。")


def test_R44_an_export_whose_log_is_refused_leaves_no_file(world, monkeypatch):
    monkeypatch.setattr(doc_register, "record_output", _refused)
    monkeypatch.setattr(meeting_secrecy, "audit_content", _refused)
    monkeypatch.setattr(supervision_export, "audit_item", _refused)
    exports = {
        "收文登记簿": lambda p: doc_export.export_incoming_xlsx(world.db, JIYAO, p),
        "发文登记簿": lambda p: doc_export.export_outgoing_xlsx(world.db, JIYAO, p),
        "会议决定事项": lambda p: meeting_export.export_decisions_xlsx(world.db, p, user=JIYAO),
        "督办台账": lambda p: supervision_export.export_items(world.db, p, T, user=JIYAO),
    }
    for name, export in exports.items():
        path = world.tmp / f"{name}.xlsx"
        with pytest.raises(PermissionDenied):
            export(path)
        assert not path.exists(), name
