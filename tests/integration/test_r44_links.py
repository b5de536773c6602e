"""R44 (第四十四条) wherever a record names another, on both engines: a classified 收文 and a
classified 发文 with distinctive titles, linked wherever the app lets a record name another (the
收文's readings and 催办, the 发文's sign-off chain, a seal application → the 发文 with its use in
the 用印登记簿, the search index, the 工作台), then every list / get / register / export /
dashboard query the services offer (the tables of r44_queries_support.py) is called for each
role, and every value it returns is walked (dataclasses, tuples, lists, dicts, strings, refusal
messages, exported cells): the titles appear nowhere for a role without the classified
permission, and do for 机要.

The guard that every public query function of desktop_app.services is walked (or exempt):
test_r44_query_coverage.py."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from desktop_app.services import seals
from desktop_app.services.supervision import queries as supervision_queries
from desktop_app.services.system import dashboard
from tests.integration.r44_links_support import (  # noqa: F401 - the org and world fixtures
    CLERK,
    IN_TITLE,
    JIYAO,
    OUT_TITLE,
    T,
    _call,
    _walk_all,
    leaks,
    org_fixture,
    world_fixture,
)
from tests.integration.r44_queries_support import (
    ACCOUNTLESS_QUERIES,
    DOCUMENT_QUERIES,
    SEAL_QUERIES,
    SUPERVISION_QUERIES,
)

HIDDEN = "（涉密文件，标题不显示）"


def test_walk_finds_titles_anywhere():
    @dataclasses.dataclass(frozen=True)
    class Inner:
        label: str

    @dataclasses.dataclass(frozen=True)
    class Outer:
        items: tuple
        extra: dict

    found = leaks(
        Outer((Inner("x"), [Inner(f"同政发《{OUT_TITLE}》")]), {"k": ValueError(IN_TITLE)})
    )
    assert found == [
        f"$.items[1][0].label = '同政发《{OUT_TITLE}》'",
        f"$.extra['k'].message = '{IN_TITLE}'",
    ]
    assert leaks(Outer((Inner(HIDDEN),), {})) == []


def test_R44_no_classified_title_in_any_document_query_for_other_roles(world):
    """第四十四条: 收文/发文 registers, opening, readings, 催办, sign-offs, search and exports show
    the classified titles to 管理员 and 机要 only (opening one is refused for the others)."""
    found, seen = _walk_all(world, DOCUMENT_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):  # allowed: the 机要 permission sees them
        for name in (
            "收文登记 list",
            "收文 open",
            "收文登记簿 rows",
            "发文登记 list",
            "发文 open",
            "search 收文",
            "search 发文",
            "收文登记簿 xlsx",
            "发文登记簿 xlsx",
        ):
            assert seen[f"{role}: {name}"], f"{role} does not see the title in {name}"


def test_R44_no_classified_title_in_any_seal_query_for_other_roles(world):
    """第四十四条: an application linked to a classified 发文 — list, detail, checklist, printed
    form, 用印登记簿 and its export, the 正式公文 search — shows 「（涉密文件，标题不显示）」 to
    roles without the classified permission; 机要 sees the title."""
    found, seen = _walk_all(world, SEAL_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):
        for name in SEAL_QUERIES:
            assert seen[f"{role}: {name}"], f"{role} does not see the title in {name}"
    shown = seals.list_applications(world.db, user=CLERK)
    assert [x.title for x in shown] == [HIDDEN, HIDDEN]  # listed (no gaps), title hidden


def test_R44_no_classified_title_where_no_account_is_signed_in(world):
    """第四十四条: the 工作台 and the registers that take no account show no classified title
    to anyone (the 工作台 has no signed-in account)."""
    found = []
    for name, (_covers, fn) in ACCOUNTLESS_QUERIES.items():
        paths = leaks(_call(world, JIYAO, fn))
        if paths:
            found.append(f"{name}: {paths[0]}")
    assert found == []
    items = [i for i in dashboard.collect(world.db, T + timedelta(days=60)) if i.area == "用印"]
    assert any(HIDDEN in i.title for i in items)  # the approved, unused application


def test_R44_no_classified_title_in_the_supervision_register_for_other_roles(world):
    """第四十四条: a 督办 item of a classified 收文 or of a confidential meeting's decision —
    register, search, opening, export — names its matter to the classified permission only."""
    found, seen = _walk_all(world, SUPERVISION_QUERIES)
    assert found == []
    for role in ("admin", "confidential"):  # allowed: the classified permission sees them
        for name in ("督办 register", "督办 open", "督办 xlsx"):
            assert seen[f"{role}: {name}"], f"{role} does not see the matter in {name}"
    listed = supervision_queries.list_items(world.db, T, user=CLERK, include_voided=True)
    assert {i.id for i in listed} >= set(world.supervised_ids)  # listed (no gaps), text hidden
