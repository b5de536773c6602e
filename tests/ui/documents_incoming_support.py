"""Shared set-up of the 收文 tab tests (no tests here): registering a 收文 and the `tab` fixture,
the 公文 pane's 收文 tab on the demo database (import `tab_fixture` to use it)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.formatting import CHINA
from desktop_app.services.documents import incoming


def reg(ctx, title: str, day: date = date(2026, 11, 20), user=None, **kw):
    args = dict(
        received_at=datetime(day.year, day.month, day.day, 9, tzinfo=CHINA),
        sender="佳木斯市人民政府办公室",
        title=title,
        doc_type="通知",
        nature="action",
    )
    args.update(kw)
    return incoming.register_document(ctx.db, user or ctx.user, **args)


@pytest.fixture(name="tab")
def tab_fixture(qtbot, demo_ctx):
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    return pane.incoming
