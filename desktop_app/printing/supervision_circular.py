"""督查通报 (R73): the 督查室's periodic circular on the units' implementation — per unit the items
due in the period, done on time, done late, overdue and not reported in writing (R29.3) — as a
GB/T 9704 portrait document through `desktop_app.printing.official`. It only draws; the
service (services/supervision/printouts.py) reads the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import chinese_number, format_date
from desktop_app.printing import official
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.official_model import OfficialDocument, RenderResult, blank
from desktop_app.printing.signature import Signature, with_signature
from desktop_app.printing.typeset import Paragraph, Run, run_in_heading


@dataclass(frozen=True)
class CircularLine:
    unit_name: str
    items: int
    done_on_time: int
    done_late: int
    overdue: int
    not_reported: int


@dataclass(frozen=True)
class CircularData:
    office: str  # 同江市人民政府督查室
    period_text: str  # 2026年11月1日至2026年11月30日
    issued_on: date
    lines: list[CircularLine]


def _p(text: str, indent: int = 2, align: str = "justify", keep=False):
    """A paragraph of the body; 「一、住房和城乡建设局：」 in 黑体 (FORMS.md: 「一、」黑体)."""
    return Paragraph(run_in_heading(text), first_indent=indent, align=align, keep_with_next=keep)


def circular_text_lines(data: CircularData) -> list[str]:
    """The body's sentences, one per paragraph (kept apart from the drawing so they can be read
    and tested as text)."""
    total = sum(x.items for x in data.lines)
    on_time = sum(x.done_on_time for x in data.lines)
    out = [
        "各乡（镇）人民政府，市政府各部门：",
        f"现将{data.period_text}市政府督办事项落实情况通报如下：督办事项共{total}项，"
        f"按时办结{on_time}项。",
    ]
    for n, x in enumerate(data.lines, start=1):
        out.append(
            f"{chinese_number(n)}、{x.unit_name}：督办事项{x.items}项，按时办结{x.done_on_time}项，"
            f"逾期办结{x.done_late}项，逾期未办结{x.overdue}项，未书面反馈{x.not_reported}项。"
        )
    late = [x.unit_name for x in data.lines if x.done_late or x.overdue]
    silent = [x.unit_name for x in data.lines if x.not_reported]
    if late:
        out.append(f"未按时限落实的单位：{'、'.join(late)}。请上述单位加大工作力度，督促整改。")
    if silent:
        out.append(
            f"未按要求书面反馈落实情况的单位：{'、'.join(silent)}。"
            "请于收到本通报后及时向分管副市长和市政府督查室书面反馈。"
        )
    if not late and not silent:
        out.append("各单位均按时限落实并书面反馈。")
    return out


def build_circular_pdf(data: CircularData) -> RenderResult:
    title = f"{data.period_text}督查通报"
    body = [_p(t, indent=0 if i == 0 else 2) for i, t in enumerate(circular_text_lines(data))]
    # 署名, 成文日期 and room for the seal (GB/T 9704 7.3.5.1), kept with the last lines.
    body = with_signature(body, Signature(data.office, format_date(data.issued_on)))
    heading = Paragraph([Run("督查通报", "xiaobiaosong")], first_indent=0, align="center", size=22)
    doc = OfficialDocument(title=title, author=data.office, paragraphs=[heading, blank(), *body])
    return official.render(doc, load_fonts())
