"""纪要 — meeting minutes (GB/T 9704 §10.3, FORMS.md): red mark, opening sentence, one numbered
section per agenda item, attendance lines, closing block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from desktop_app.formatting import chinese_number
from desktop_app.printing.fonts import FontSet
from desktop_app.printing.official import render, render_copies
from desktop_app.printing.official_model import (
    ClosingBlock,
    OfficialDocument,
    RedHeader,
    RenderResult,
    attendance,
    blank,
)
from desktop_app.printing.typeset import Paragraph, split_heading


@dataclass
class MinutesItem:
    heading: str  # 「关于……的问题」 (without the number)
    body: list[str]  # paragraphs; may contain lower heading levels 「（一）」「1.」「（1）」


@dataclass
class Minutes:
    mark: str  # 同江市人民政府常务会议纪要
    issue_number: str  # 〔2018〕12号 or 第12期
    office: str
    date_text: str  # 2018年9月4日
    opening: str  # 「2018年8月31日，市长×××主持召开……。现纪要如下：」
    items: list[MinutesItem]
    present: list[str] = field(default_factory=list)
    on_leave: list[str] = field(default_factory=list)
    attending: list[str] = field(default_factory=list)
    cc: str = ""
    issued_text: str = ""  # date of issue (印发) for the closing block
    cc_label: str = "抄送"  # or 分送 (organisation settings)
    copies: int = 0  # > 0: 「（共印N份）」 in the closing block
    copy_number: str = ""
    secrecy: str = ""


def minutes_document(m: Minutes) -> OfficialDocument:
    paragraphs: list[Paragraph] = [Paragraph(split_heading(m.opening))]
    for n, item in enumerate(m.items, start=1):
        first, *rest = item.body or [""]
        heading = f"{chinese_number(n)}、{item.heading}。"
        paragraphs.append(Paragraph(split_heading(heading + first), keep_with_next=not first))
        paragraphs.extend(Paragraph(split_heading(text)) for text in rest)
    paragraphs.append(blank())
    for label, names in (("出席", m.present), ("请假", m.on_leave), ("列席", m.attending)):
        if names:
            paragraphs.append(attendance(label, names))
    # The 印发 line stays even with nothing to 抄送 (FORMS.md → 纪要).
    closing = ClosingBlock(
        m.cc, m.office, m.issued_text or m.date_text, m.cc_label or "抄送", m.copies
    )
    return OfficialDocument(
        title=m.mark,
        author=m.office,
        paragraphs=paragraphs,
        header=RedHeader(m.mark, m.issue_number, m.office, m.date_text),
        closing=closing,
        copy_number=m.copy_number,
        secrecy=m.secrecy,
    )


def build_minutes_pdf(
    m: Minutes, fonts: FontSet | None = None, copy_numbers: Sequence[str] = ()
) -> RenderResult:
    """The minutes; with `copy_numbers` (confidential minutes, R44) one copy per 份号, each
    with its own number top left, in one PDF (official.render_copies)."""
    if copy_numbers:
        return render_copies(minutes_document(m), copy_numbers, fonts)
    return render(minutes_document(m), fonts)
