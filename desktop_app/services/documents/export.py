"""Export the 收文登记簿 and 发文登记簿 to Excel (.xlsx): the rows and columns of the printed
register (FORMS.md), dates as real Excel dates, then one more column with the 作废 reason, in the
style of the meetings export (bold frozen header, widths, auto filter).

R44: classified rows only for accounts that may see them; each one exported is audited.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from db.engine import Database
from desktop_app.formatting import CHINA
from desktop_app.services.documents import outgoing
from desktop_app.services.documents import register as doc_register
from desktop_app.services.system.common import CurrentUser
from desktop_app.services.system.spreadsheet import DATE_FORMAT, Column, write_sheet

DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
VOID_COLUMN = Column("作废原因", 20)

INCOMING_COLUMNS = [
    Column("收文号", 16),
    Column("收文日期", 20, DATETIME_FORMAT),
    Column("来文机关", 24),
    Column("来文字号", 20),
    Column("标题", 44),
    Column("密级", 6),
    Column("紧急程度", 8),
    Column("份数", 14),
    Column("拟办意见", 36),
    Column("领导批示", 40),
    Column("承办单位", 20),
    Column("办理时限", 16, DATE_FORMAT),
    Column("办结日期", 16, DATE_FORMAT),
    Column("归档号", 16),
    VOID_COLUMN,
]


def export_incoming_xlsx(
    db: Database,
    user: CurrentUser,
    path: Path | str,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
) -> int:
    """The 收文登记簿 for documents received from `start` to `end`, oldest first, as the printed
    register has it. Returns the number of data rows written."""
    rows = doc_register.incoming_rows(
        db, user, start=start, end=end, include_voided=include_voided, newest_first=False
    )
    data = []
    for r in rows:
        local = r.received_at.astimezone(CHINA).replace(tzinfo=None)
        data.append(
            [
                r.number,
                local,
                r.sender,
                r.sender_number,
                r.title,
                r.secrecy,
                r.urgency,
                r.copies_text,
                r.proposal,
                r.instructions,
                r.units,
                r.deadline,
                r.closed_on,
                r.archive_ref,
                "作废：" + (r.void_reason or "") if r.voided else "",
            ]
        )
    # R44: logged before the file is written — a log refused (this PC lacks the audit key, the
    # account was deactivated or demoted since it signed in) leaves no unlogged copy behind.
    doc_register.record_output(
        db, user, "incoming_document", [r.id for r in rows if r.secrecy], "export"
    )
    return write_sheet(path, "收文登记簿", INCOMING_COLUMNS, data)


OUTGOING_COLUMNS = [
    Column("顺序号", 8),
    Column("发文字号", 20),
    Column("标题", 44),
    Column("文种", 8),
    Column("密级", 6),
    Column("拟稿单位", 20),
    Column("拟稿人", 10),
    Column("核稿人", 10),
    Column("签发人", 10),
    Column("签发日期", 16, DATE_FORMAT),
    Column("主送", 30),
    Column("抄送", 24),
    Column("印制份数", 14),
    Column("印发日期", 16, DATE_FORMAT),
    Column("公开属性", 12),
    Column("归档号", 16),
    VOID_COLUMN,
]


def export_outgoing_xlsx(
    db: Database,
    user: CurrentUser,
    path: Path | str,
    *,
    start: date | None = None,
    end: date | None = None,
    include_voided: bool = True,
) -> int:
    """The 发文登记簿 for documents issued from `start` to `end` (drafts under their drafting
    date), in register order. Returns the number of data rows written."""
    docs = outgoing.list_outgoing(
        db, user, start=start, end=end, include_voided=include_voided, newest_first=False
    )
    data = [
        [
            n,
            d.number,
            d.title,
            d.doc_type,
            d.secrecy,
            d.drafting_unit_name,
            d.drafter,
            d.checker,
            d.signer_name,
            d.signed_on,
            d.main_to,
            d.cc,
            doc_register.copies_text(d.copies, d.copy_numbers),
            d.issued_on,
            d.openness,
            d.archive_ref,
            "作废：" + d.void_reason if d.voided else "",
        ]
        for n, d in enumerate(docs, 1)
    ]
    doc_register.record_output(  # R44: logged first, as the 收文登记簿's
        db, user, "outgoing_document", [d.id for d in docs if d.secrecy], "export"
    )
    return write_sheet(path, "发文登记簿", OUTGOING_COLUMNS, data)
