"""R23.1 (第二十三条) on the 会议登记簿 import, on both engines: a 常务会议 row saying 已召开 whose
attendance leaves fewer than half of the day's members present is refused with the article and
nothing is written; half (3 of 6) imports as held."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.models import Meeting
from desktop_app.services.meetings import planning as meetings
from desktop_app.services.meetings.import_meetings import SPEC as MEETINGS
from desktop_app.services.system import ledger_import as li
from desktop_app.services.system.common import ValidationError
from tests.demo_db import fill_demo
from tests.integration.import_support import write_ledger
from tests.integration.minutes_support import TODAY

HEADERS = [
    "会议名称",
    "类别",
    "日期",
    "主持人",
    "状态",
    "议题数",
    "应到成员",
    "出席成员",
    "请假成员",
]


def _row(n: int, present: int, leave: str, status: str = "已召开") -> list:
    return [
        f"市政府第{n}次常务会议",
        "常务会议",
        f"2024-3-{n}",
        "李明远",
        status,
        2,
        6,
        present,
        leave,
    ]


def test_R23_1_an_imported_meeting_held_without_half_of_its_members_is_refused(db, clerk, tmp_path):
    fill_demo(db, clerk, TODAY)  # 常务会议 members that day: 李明远 and five vice mayors
    bad = write_ledger(
        tmp_path / "会议.xlsx",
        HEADERS,
        [
            _row(1, 2, "张海峰、赵文华、孙立新、周志强"),  # 2 of 6: no quorum
            _row(2, 2, "张海峰、赵文华、孙立新、周志强", status="已取消"),  # not held: as written
        ],
    )
    lines = li.dry_run(db, clerk, MEETINGS, bad).problem_lines()
    assert len(lines) == 1 and lines[0].startswith("第2行H列「出席成员」：")
    assert "第二十三条（R23.1）" in lines[0] and "成员 6 人，出席 2 人，至少需要 3 人" in lines[0]
    with pytest.raises(ValidationError):
        li.import_file(db, clerk, MEETINGS, bad)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 0
    good = write_ledger(tmp_path / "会议2.xlsx", HEADERS, [_row(3, 3, "张海峰、赵文华、孙立新")])
    li.import_file(db, clerk, MEETINGS, good)  # half is enough: 3 of 6
    [m] = meetings.list_meetings(db)
    assert (m.status, m.members, m.present) == ("held", 6, 3)
