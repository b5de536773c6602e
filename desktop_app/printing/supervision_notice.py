"""督办通知单: one item sent to the responsible unit (R71) — what, from which source, the vice
mayor in charge, the quality and deadline requirements, and the written report due to the vice
mayor in charge and the 督查室 (R29.3). GB/T 9704 portrait page through printing.official."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.printing import official
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.official_model import OfficialDocument, RenderResult, blank
from desktop_app.printing.signature import Signature, with_signature
from desktop_app.printing.typeset import Paragraph, Run, run_in_heading


@dataclass(frozen=True)
class NoticeData:
    office: str
    item_id: int
    unit_name: str
    title: str
    content: str
    source_text: str
    vice_mayor_name: str
    responsible_person: str
    assisting_units: str
    quality: str
    deadline: date | None
    issued_on: date
    token: str = ""  # the sheet's code (services.system.sheet_codes): "" prints none
    secrecy: str = ""  # a classified item's 密级, top left with its 份号 (R44)


def notice_text_lines(d: NoticeData) -> list[str]:
    lines = [
        f"{d.unit_name}：",
        f"现将以下督办事项（{d.source_text}，督办编号{d.item_id}）交你单位办理：",
        f"一、督办事项：{d.title}。"
        + (f"{d.content}" if d.content and d.content != d.title else ""),
        f"二、分管副市长：{d.vice_mayor_name}。责任人：{d.responsible_person}。"
        + (f"协办单位：{d.assisting_units}。" if d.assisting_units else ""),
        f"三、质量要求：{d.quality or '按有关要求办理'}。",
        f"四、完成时限：{format_date(d.deadline)}前。",
        "五、请于时限内将落实情况以书面形式报分管副市长和市政府督查室；"
        "情况复杂、落实难度较大的，请及时报告。",
    ]
    return lines


def build_notice_pdf(d: NoticeData, copy_numbers: Sequence[str] = ()) -> RenderResult:
    """The notice; a classified item's (R44) with its 密级 and one copy per 份号 in
    `copy_numbers`, each number top left, in one PDF."""
    heading = Paragraph(
        [Run("督办通知单", "xiaobiaosong")], first_indent=0, align="center", size=22
    )
    body = [  # 「一、督办事项：」 … in 黑体 (FORMS.md: 「一、」黑体)
        Paragraph(run_in_heading(t), first_indent=0 if i == 0 else 2, align="justify")
        for i, t in enumerate(notice_text_lines(d))
    ]
    # 署名, 成文日期 and room for the seal (GB/T 9704 7.3.5.1), kept with the last lines.
    body = with_signature(body, Signature(d.office, format_date(d.issued_on)))
    doc = OfficialDocument(
        title=f"督办通知单（{d.unit_name}）",
        author=d.office,
        paragraphs=[heading, blank(), *body],
        secrecy=d.secrecy,
        code=(d.token, f"督办{d.item_id}") if d.token else None,
    )
    return official.render_copies(doc, copy_numbers, load_fonts())
