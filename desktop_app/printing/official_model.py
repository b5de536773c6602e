"""The data of a GB/T 9704 portrait document (official.py lays it out): `OfficialDocument` with
its red header mark (`RedHeader`) and closing block (`ClosingBlock`), the `RenderResult` a render
returns, and the paragraph builders the forms share (`attendance`, `blank`). Plain data, built by
the forms (meeting_forms, supervision_notice, minutes, …) and read by the services' printouts,
which need neither ReportLab nor the layout to name a document or its result."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop_app.printing.geometry import SIZES
from desktop_app.printing.typeset import Paragraph, Run


@dataclass
class RedHeader:
    """纪要 mark: 「同江市人民政府常务会议纪要」 in red 小标宋, its top edge 35 mm below the text
    block's top; the issue number; the issuing office and date; a full-width red rule."""

    mark: str
    issue_number: str
    office: str
    date_text: str
    mark_size: float = 0.0  # 0 = as large as fits on one line, 22–36 pt (mark_layout)


@dataclass
class ClosingBlock:
    """版记: 「抄送：……。」 and 「<office>　　<date>印发」 between rules, on the bottom of the last
    page, an even one. With nothing to 抄送 the 印发 line stays alone; `label` is 抄送 or 分送
    and `copies` > 0 adds 「（共印N份）」 (organisation settings)."""

    cc: str
    office: str
    date_text: str
    label: str = "抄送"
    copies: int = 0


@dataclass
class OfficialDocument:
    title: str  # PDF metadata title
    author: str
    paragraphs: list[Paragraph]
    header: RedHeader | None = None
    closing: ClosingBlock | None = None
    copy_number: str = ""  # 份号, confidential documents
    secrecy: str = ""  # 密级★保密期限
    extra_notes: list[str] = field(default_factory=list)
    # A sheet's code (sheet_code_mark): the opaque token and the record's number, drawn in the
    # top margin of the first page (the 督办通知单).
    code: tuple[str, str] | None = None


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    notes: list[str]  # font substitutions etc., for the preview's status bar
    missing_chars: list[str] = field(default_factory=list)  # characters no font has
    # 份号 of the copies the PDF holds, one per copy in order (R44; official.render_copies):
    # the preview lets the printer make no further copies of a numbered PDF.
    copy_numbers: list[str] = field(default_factory=list)


def attendance(label: str, names: list[str], size: float = SIZES["三号"]) -> Paragraph:
    """「出席：」 (黑体) + names (仿宋), indented two characters; wrapped lines align after the colon."""
    return Paragraph(
        [Run(f"{label}：", "heiti"), Run("、".join(names), "fangsong", True)],
        first_indent=2,
        hang=2 + len(label) + 1,
        align="left",
        size=size,
    )


def blank() -> Paragraph:
    return Paragraph([], first_indent=0)
