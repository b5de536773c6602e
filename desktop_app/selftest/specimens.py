"""The self-test's database and printed forms: a new SQLite database in a temporary folder,
migrated and filled with the demo office; the registers drawn from it through the same services
the window uses, and the forms of a single record drawn from specimen data (the demo office holds
people and units, no meetings or applications)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from db.engine import Database
from desktop_app.printing.official import RenderResult
from desktop_app.services.system.common import CurrentUser

SELFTEST_USER = CurrentUser("selftest", "自检", "admin")
OFFICE = "同江市人民政府办公室"
DAY = date(2018, 9, 4)


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


def meeting_facts():
    from desktop_app.formatting import CHINA
    from desktop_app.printing.meeting_forms import MeetingFacts, MeetingItem, when_text

    items = [
        MeetingItem("law_study", "学习《中华人民共和国行政许可法》", "", ""),
        MeetingItem("normal", "关于2018年防汛工作的汇报", "deliberation", "同江市水务局王强"),
    ]
    return MeetingFacts(
        7,
        False,
        "市政府第12次常务会议",
        "309",
        date(2018, 8, 31),
        when_text(datetime(2018, 8, 31, 9, 0, tzinfo=CHINA)),
        "市长李明远",
        items,
        ["李明远", "张海峰", "赵文华"],
        ["同江市水务局王强"],
    )


def seal_form():
    from desktop_app.printing.seal_forms import OpinionBox, SealForm

    boxes = (
        OpinionBox("承办单位负责人意见", "请予用印。", "刘局长", date(2018, 9, 3)),
        OpinionBox("市政府办公室审核意见"),
        OpinionBox("分管副市长审批意见", "同意。", "周副市长", DAY, b_role=True),
        OpinionBox("市长审批意见（重要用印）"),
    )
    return SealForm(
        title="同江市人民政府用印审批单",
        number="用印〔2018〕57号",
        unit="同江市农业农村局",
        handler="王建国",
        contact="13904561234",
        applied_on=date(2018, 9, 3),
        document_title="春耕生产资金说明",
        copies=3,
        seal_ticks=(("市政府印章", True), ("市政府办公室印章", False), ("其他", False)),
        other_seal_name="",
        purpose="报送省农业农村厅",
        important_text="否",
        contract_text="否",
        boxes=boxes,
        org=OFFICE,
        supervisor="赵监印",
        used_at_text="2018年9月4日 10:30",
        copies_stamped=3,
        copies_spoiled=1,
        no_blank_paper=True,
    )


def absence_form():
    from desktop_app.printing.absence_forms import AbsenceForm, default_boxes

    return AbsenceForm(
        name="赵志刚",
        post="街津口赫哲族乡乡长",
        category="学习培训",
        reason="参加全省乡镇主要负责同志培训班",
        destination="哈尔滨市",
        start=date(2026, 9, 7),
        start_half="上午",
        end=date(2026, 9, 11),
        end_half="下午",
        transport="火车",
        contact="13904540001",
        acting_name="孙丽",
        acting_post="街津口赫哲族乡副乡长",
        acting_contact="13904540002",
        filed_on=date(2026, 9, 1),
        boxes=default_boxes("township_head", "学习培训"),
        copy_to_party=True,
        org=OFFICE,
    )


def notice_data():
    from desktop_app.printing.supervision_notice import NoticeData

    return NoticeData(
        office=OFFICE,
        item_id=12,
        unit_name="同江市水务局",
        title="完成城区排涝泵站改造",
        content="汛前完成城区三处排涝泵站设备更换并试运行",
        source_text="市政府第12次常务会议决定事项",
        vice_mayor_name="周志强",
        responsible_person="王强",
        assisting_units="财政局",
        quality="按期完成，确保汛期正常运行",
        deadline=date(2018, 10, 31),
        issued_on=DAY,
        token="FBSELFTEST0000000A",
    )


def sign_sheet():
    """A 收文处理笺 with a recorded and an empty leader's box and its QR code."""
    from desktop_app.printing.sign_sheets import SheetBox, SignSheet

    return SignSheet(
        title="同江市人民政府办公室收文处理笺",
        number="收文〔2018〕12号",
        token="FBSELFTEST0000000B",
        facts=((("收文号", "收文〔2018〕12号"), ("收文时间", "2018年9月3日 09:00")),),
        boxes=(
            SheetBox("拟办意见", opinion="呈孙副市长阅示。", leader=False),
            SheetBox("领导批示", "副市长 孙立新"),
            SheetBox("领导批示", "市长 李明远", opinion="同意。", signer="李明远", signed_on=DAY),
        ),
        after=((("承办单位", "农业农村局"), ("办理时限", "2018年9月10日")),),
        org=OFFICE,
    )
