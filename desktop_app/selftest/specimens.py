"""The self-test's database and printed forms: a new SQLite database in a temporary folder,
migrated and filled with the demo office; the registers drawn from it through the same services
the window uses, and the forms of a single record drawn from specimen data (form_specimens; the
demo office holds people and units, no meetings or applications)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from db.engine import Database
from desktop_app.printing.official_model import RenderResult
from desktop_app.selftest.form_specimens import (
    OFFICE,
    absence_form,
    meeting_facts,
    notice_data,
    seal_form,
    sign_sheet,
)
from desktop_app.services.system.common import CurrentUser

SELFTEST_USER = CurrentUser("selftest", "自检", "admin")


def fresh_database(folder: Path) -> tuple[Database, str]:
    """A new database file in `folder`, brought to this version's schema by the migrations
    shipped with the program. It has no audit key (nothing of this PC's is touched)."""
    from db import migrate

    database = Database(f"sqlite:///{(folder / 'selftest.db').as_posix()}")
    migrate.upgrade(database, folder / "backups")
    revision = migrate.current_revision(database)
    if revision != migrate.head_revision():
        raise RuntimeError(f"升级后结构为 {revision}，应为 {migrate.head_revision()}")
    return database, f"已建立并升级到最新结构（{revision}）"


def fill_demo(database: Database) -> str:
    from desktop_app.services import demo

    counts = demo.fill(database, SELFTEST_USER)
    return f"已写入 {counts['persons']} 人，{counts['units']} 个单位"


def collect_dashboard(database: Database) -> str:
    """The 工作台 as the window assembles it: every area's provider, loaded by name (a program
    folder missing one fails here, as the window would at sign-in)."""
    from desktop_app.services import areas
    from desktop_app.services.system import dashboard

    areas.compose()
    items = dashboard.collect(database, date.today(), SELFTEST_USER)
    return f"各台账的待办汇总正常（{len(areas.DASHBOARD_MODULES)} 个来源，{len(items)} 项）"


def excel_round_trip(database: Database, folder: Path) -> str:
    """An export as the registers write it (openpyxl), read back the way the import of the
    office's own ledgers reads (python-calamine)."""
    from python_calamine import load_workbook

    from desktop_app.services.meetings.export import export_meetings_xlsx

    path = folder / "会议台账.xlsx"
    export_meetings_xlsx(database, path, user=SELFTEST_USER)
    rows = load_workbook(str(path)).get_sheet_by_index(0).to_python()
    if not rows or not any(str(cell).strip() for cell in rows[0]):
        raise RuntimeError("导出的 Excel 文件读回时没有标题行")
    return f"导出并读回正常（{len(rows[0])} 列）"


def render_all(database: Database, folder: Path) -> tuple[list[str], list[str]]:
    """Draw every printed form; each PDF is written to `folder` (deleted with it). Returns the
    lines for the forms drawn (name, pages) and for those that failed (name, why)."""
    import logging

    drawn, failed = [], []
    for name, build in forms(database):
        try:
            result = build()
            if not result.pdf.startswith(b"%PDF") or result.pages < 1:
                raise RuntimeError("生成的文件不是有效的 PDF")
            (folder / f"{name}.pdf").write_bytes(result.pdf)
            missing = f"，缺字 {''.join(result.missing_chars)}" if result.missing_chars else ""
            drawn.append(f"{name}：{result.pages} 页{missing}")
        except Exception as exc:  # one form failing does not hide the others
            logging.getLogger("fuban.selftest").warning("form %s failed", name, exc_info=True)
            why = " ".join(str(exc).split())  # ReportLab's messages span lines
            failed.append(f"{name}：未能生成（{type(exc).__name__}：{why}）")
    return drawn, failed


def forms(db: Database) -> list[tuple[str, Callable[[], RenderResult]]]:
    from desktop_app.printing import absence_forms, meeting_forms, seal_forms
    from desktop_app.printing.fonts import load_fonts
    from desktop_app.printing.minutes import build_minutes_pdf
    from desktop_app.printing.sample import sample_minutes, sample_register_pdf
    from desktop_app.printing.sign_sheets import build_sign_sheet_pdf
    from desktop_app.printing.supervision_notice import build_notice_pdf
    from desktop_app.services.absences import printouts as absence_prints
    from desktop_app.services.documents import register_printouts as doc_prints
    from desktop_app.services.seals import printouts as seal_prints
    from desktop_app.services.supervision import printouts as supervision_prints

    today = date.today()
    year_start = date(today.year, 1, 1)
    user = SELFTEST_USER

    def generic_register() -> RenderResult:
        pdf, pages = sample_register_pdf(load_fonts())
        return RenderResult(pdf, pages, [])

    return [
        ("会议纪要", lambda: build_minutes_pdf(sample_minutes(), load_fonts())),
        (
            "会议通知",
            lambda: meeting_forms.build_meeting_notice_pdf(
                meeting_facts(),
                office=OFFICE,
                room="309",
                materials_deadline=date(2018, 8, 28),
                issued_on=date(2018, 8, 24),
            ),
        ),
        ("会议议程", lambda: meeting_forms.build_agenda_pdf(meeting_facts(), office=OFFICE)),
        ("用印审批单", lambda: seal_forms.build_seal_form_pdf(seal_form())),
        ("外出请示报备表", lambda: absence_forms.build_absence_form_pdf(absence_form())),
        ("督办通知单", lambda: build_notice_pdf(notice_data())),
        ("收文处理笺", lambda: build_sign_sheet_pdf(sign_sheet())),
        ("登记簿样张", generic_register),
        ("收文登记簿", lambda: doc_prints.incoming_register_pdf(db, user, printed_on=today)),
        ("发文登记簿", lambda: doc_prints.outgoing_register_pdf(db, user, printed_on=today)),
        (
            "用印登记簿",
            lambda: seal_prints.seal_register_pdf(
                db, year_start, today, printed_on=today, user=user
            ),
        ),
        (
            "外出报备一览表",
            lambda: absence_prints.absence_list_pdf(db, [], f"{today.year}年", today),
        ),
        ("督查通报", lambda: supervision_prints.circular_pdf(db, year_start, today, today)),
        (
            "建议提案办理汇总",
            lambda: supervision_prints.proposal_summary_pdf(db, today.year, today),
        ),
    ]
