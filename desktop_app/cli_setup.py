"""Preparing a database's contents from the command line, by an administrator: `fuban demo
[--year]` (demo data in an empty database), `fuban numbering set | show` (编号续接 from the paper
registers) and `fuban calendar import | show` (the State Council's holiday notice, the work
calendar)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app import cli_session as session


def cmd_demo(args) -> int:
    from desktop_app.services import demo

    d = session.open_db()
    if args.year:
        from desktop_app.services import demo_year

        counts = demo_year.fill_year(d, session.admin_user(d))
        print("已写入演示数据（一年的台账）：" + "，".join(demo_year.summary(counts)) + "。")
        return 0
    counts = demo.fill(d, session.admin_user(d))
    print(f"已写入演示数据：{counts['persons']} 人，{counts['units']} 个单位。")
    return 0


def cmd_numbering(args) -> int:
    """编号续接: the last number used on paper, per sequence and year (administrators)."""
    from desktop_app.services.system import numbering

    d = session.open_db()
    user = session.admin_user(d)
    if args.action == "set":
        name = numbering.resolve(d, args.kind, args.year)
        row = numbering.set_last_on_paper(d, user, name, args.number)
        print(f"{row.period}{row.label}已用到 {row.last_used} 号，下一个编号为 {row.next_text}。")
        return 0
    for row in numbering.list_sequences(d, user, args.year):
        paper = f"纸质已用到 {row.on_paper}" if row.on_paper is not None else "未设置续接"
        print(
            f"{row.label:<10}{row.period:<18}已用到 {row.last_used:>5}  "
            f"（{paper}；本系统最大 {row.highest_issued}）  下一个：{row.next_text}"
        )
    return 0


def cmd_calendar(args) -> int:
    from desktop_app.services.system import calendar_admin

    d = session.open_db()
    if args.action == "import":
        n = calendar_admin.import_notice_file(
            d, session.admin_user(d), Path(args.file), replace=args.replace
        )
        print(f"已导入{n.year}年节假日安排：{n.holidays} 段假期，{n.workdays} 个调休上班日。")
        return 0
    cal = calendar_admin.work_calendar(d)
    year = args.year
    source = {
        "notice": "已录入的放假通知",
        "library": "内置日历数据",
        "weekends": "无数据，暂按周末计算",
    }[cal.source(year)]
    day, off = date(year, 1, 1), []
    while day.year == year:
        if not cal.is_working_day(day) and day.weekday() < 5:
            off.append(f"{day.isoformat()} {cal.holiday_name(day) or ''}".strip())
        day = date.fromordinal(day.toordinal() + 1)
    print(f"{year}年工作日来源：{source}")
    print("\n".join(off) or "（无工作日放假）")
    return 0
