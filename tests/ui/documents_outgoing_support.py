"""Shared set-up of the 发文 tab tests (no tests here): the `tab` fixture, the 公文 pane's 发文 tab
on the demo database (import `tab_fixture` to use it), and a 发文 drafted with its sign-off chain
recorded (`signed_doc`)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.services.directory import commands as directory
from desktop_app.services.documents import outgoing

TITLE = "关于做好2027年春耕生产工作的通知"


@pytest.fixture(name="tab")
def tab_fixture(qtbot, demo_ctx):
    from ui.panes.documents import DocumentsPane

    pane = DocumentsPane(demo_ctx)
    qtbot.addWidget(pane)
    pane.tabs.setCurrentWidget(pane.outgoing)
    return pane.outgoing


def people(ctx) -> dict[str, int]:
    return {p.name: p.id for p in directory.list_persons(ctx.db)}


def signed_doc(ctx, title: str = TITLE, **kw) -> outgoing.OutgoingDTO:
    p = people(ctx)
    unit = {u.name: u.id for u in directory.list_units(ctx.db)}["农业农村局"]
    d = outgoing.create_outgoing(
        ctx.db,
        ctx.user,
        issuer="government",
        doc_type="通知",
        title=title,
        drafting_unit_id=unit,
        drafted_on=date(2026, 11, 20),
        **kw,
    )
    for step, who in (
        ("vice_mayor_agree", "孙立新"),
        ("office_review", "陈立"),
        ("sign", "张海峰"),
    ):
        d = outgoing.record_signoff(
            ctx.db, ctx.user, d.id, step_key=step, person_id=p[who], signed_on=date(2026, 11, 23)
        )
    return d
