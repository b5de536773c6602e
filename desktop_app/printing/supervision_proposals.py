"""人大代表建议和政协委员提案办理情况年度汇总 (R72): per kind the suggestions and proposals received
in the year, assigned on the vice mayor in charge's approval, replied by the deadline, replied
late and not yet replied, with the units that replied late or not at all — a GB/T 9704 portrait
document through `desktop_app.printing.official`, for the executive vice mayor's report to the
NPC and CPPCC. It only draws; services/supervision/printouts.py reads the figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import chinese_number, format_date
from desktop_app.printing import official
from desktop_app.printing.fonts import load_fonts
from desktop_app.printing.meeting_forms import title_lines
from desktop_app.printing.official_model import OfficialDocument, RenderResult, blank
from desktop_app.printing.signature import Signature, with_signature
from desktop_app.printing.typeset import Paragraph, run_in_heading

KIND_NAMES = {"npc": "人大代表建议", "cppcc": "政协委员提案"}


@dataclass(frozen=True)
class ProposalCounts:
    kind: str  # npc | cppcc
    received: int
    assigned: int  # approved by the vice mayor in charge and passed to the unit
    on_time: int
    late: int
    not_replied: int


@dataclass(frozen=True)
class ProposalSummaryData:
    office: str
    year: int
    issued_on: date
    counts: list[ProposalCounts]
    late_units: list[str]  # units that replied after the deadline
    unreplied_units: list[str]  # units with one not replied yet


def _p(text: str, indent: int = 2, align: str = "justify", keep: bool = False) -> Paragraph:
    """A paragraph of the body; 「一、人大代表建议：」 in 黑体 (FORMS.md: 「一、」黑体)."""
    return Paragraph(run_in_heading(text), first_indent=indent, align=align, keep_with_next=keep)


def summary_text_lines(data: ProposalSummaryData) -> list[str]:
    """The body's sentences, one per paragraph (readable and testable as text)."""
    by_kind = {c.kind: c for c in data.counts}
    received = "、".join(
        f"{name}{by_kind[k].received if k in by_kind else 0}件" for k, name in KIND_NAMES.items()
    )
    out = [f"{data.year}年，市政府共收到{received}。办理情况如下："]
    for n, (kind, name) in enumerate(KIND_NAMES.items(), start=1):
        c = by_kind.get(kind)
        if c is None or c.received == 0:
            out.append(f"{chinese_number(n)}、{name}：本年度未收到。")
            continue
        out.append(
            f"{chinese_number(n)}、{name}：收到{c.received}件，经分管副市长审批交办{c.assigned}件，"
            f"按期答复{c.on_time}件，逾期答复{c.late}件，尚未答复{c.not_replied}件。"
        )
    if data.late_units:
        out.append(f"逾期答复的承办单位：{'、'.join(data.late_units)}。")
    if data.unreplied_units:
        out.append(f"尚未答复的承办单位：{'、'.join(data.unreplied_units)}。请抓紧办理，按时答复。")
    if not data.late_units and not data.unreplied_units and data.counts:
        out.append("各承办单位均已按期答复。")
    return out


def build_proposal_summary_pdf(data: ProposalSummaryData) -> RenderResult:
    title = f"{data.year}年人大代表建议和政协委员提案办理情况汇总"
    body = [_p(t, indent=2) for t in summary_text_lines(data)]
    # 署名 and 成文日期 as GB/T 9704 7.3.5.1 places them, kept with the last lines (FORMS.md).
    body = with_signature(body, Signature(data.office, format_date(data.issued_on)))
    # The title broken between words into balanced lines (GB/T 9704 7.3.3).
    doc = OfficialDocument(
        title=title, author=data.office, paragraphs=[*title_lines(title), blank(), *body]
    )
    return official.render(doc, load_fonts())
