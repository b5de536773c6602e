"""外出请示报备表 — the leave-of-absence request (FORMS.md): one A4 portrait page inside the
GB/T 9704 text block — and the list of absences for a period (landscape, register template).

The form is plain data (`AbsenceForm`): the request's facts, one opinion box per step of the
approval chain (R62.2 vice mayor: 市长意见, 市委主要负责同志意见; R62.3 township or department
head: 分管副市长意见, 市长意见, 抄报市委; R62.10 abroad: 向市长报告, 督查室登记), empty before
approval for the wet signature, afterwards the recorded opinion, signer and date, 「B角代签」 where
the AB partner signed (R6.2). The footer carries 报备时间 (and whether it was ≥3 days ahead,
R62.1), 实际返回时间, 销假时间 (R62.8) and 备注. Drawing is in absence_forms_render.

The form's data is in absence_form_model (re-exported here). `absence_form_from(dto)` /
`absence_list_entry(dto, today)` adapt the backend's DTOs they are given; reading them for a print
is services.absence_print's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.absence_status import status_text
from desktop_app.formatting import format_date
from desktop_app.printing.absence_form_model import (
    ABROAD_BOXES,
    ADVANCE_DAYS,
    CATEGORIES,
    CC_STEP,
    FAO_BOX,
    FORM_TITLE,
    HEAD_BOXES,
    LIST_TITLE,
    MAYOR_BOXES,
    PARTY_LINE_BOXES,
    TICKED,
    UNTICKED,
    VICE_MAYOR_BOXES,
    AbsenceForm,
    OpinionBox,
)
from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.glyph_fallback import GlyphFallback
from desktop_app.printing.official_model import RenderResult

__all__ = [
    "ABROAD_BOXES",
    "ADVANCE_DAYS",
    "CATEGORIES",
    "CC_STEP",
    "FAO_BOX",
    "FORM_TITLE",
    "HEAD_BOXES",
    "LIST_TITLE",
    "MAYOR_BOXES",
    "PARTY_LINE_BOXES",
    "TICKED",
    "UNTICKED",
    "VICE_MAYOR_BOXES",
    "AbsenceForm",
    "AbsenceListEntry",
    "OpinionBox",
    "absence_form_from",
    "absence_list_entry",
    "build_absence_form_pdf",
    "build_absence_list_pdf",
    "default_boxes",
    "list_columns",
    "list_rows",
    "status_text",
]


def default_boxes(post_code: str, category: str) -> tuple[OpinionBox, ...]:
    """Empty boxes for the chain a post follows (R62.2 / R62.3; a township party secretary in the
    市委 line, R62.3; the mayor, R62.10), plus R62.10 when abroad (the mayor does not report to
    himself) and R66's 外事处意见 before a government leader's trip abroad."""
    leader = post_code in ("vice_mayor", "exec_vice_mayor", "mayor")
    labels: tuple[str, ...]
    if post_code in ("vice_mayor", "exec_vice_mayor"):
        labels = VICE_MAYOR_BOXES
    elif post_code == "mayor":
        labels = MAYOR_BOXES
    elif post_code == "township_secretary":
        labels = PARTY_LINE_BOXES
    else:
        labels = HEAD_BOXES
    if category == "出国（境）":
        labels = (
            ((FAO_BOX,) if leader else ())
            + labels
            + (ABROAD_BOXES[1:] if post_code == "mayor" else ABROAD_BOXES)
        )
    return tuple(OpinionBox(label) for label in labels)


@dataclass(frozen=True)
class AbsenceListEntry:
    """One row of the list of absences for a period."""

    name: str
    post: str
    category: str
    reason: str
    destination: str
    start: date
    start_half: str
    end: date
    end_half: str
    acting: str  # 「姓名（职务）联系电话」
    filed_on: date
    late: bool
    status: str  # 待审批 | 已批准 | 在外 | 待销假 | 已销假 | 逾期未销假
    returned_on: date | None = None
    reported_back_on: date | None = None
    remarks: str = ""
    void_reason: str | None = None


def absence_form_from(dto, org: str = "") -> AbsenceForm:
    """Adapt `services.absences_dto.AbsenceDTO` (the backend's DTO) to the printed form: each
    step of its chain fills the opinion box it names; 抄报市委 is the row of its own."""
    boxes, copy, copied_on = [], False, None
    for st in dto.steps:
        a = st.approval
        if st.code == CC_STEP:
            copy, copied_on = True, a.signed_on if a is not None else None
        elif a is None:
            boxes.append(OpinionBox(st.box))
        else:
            boxes.append(OpinionBox(st.box, a.opinion, a.signer_name, a.signed_on, a.b_role))
    amends = f"本表为行程变更（原请示登记号{dto.amends_id}）" if dto.amends_id else ""
    return AbsenceForm(
        name=dto.person_name,
        post=dto.post_title,
        category=dto.category,
        reason=dto.reason,
        destination=dto.destination,
        start=dto.start_date,
        start_half=dto.start_half,
        end=dto.end_date,
        end_half=dto.end_half,
        transport=dto.transport,
        contact=dto.contact,
        acting_name=dto.acting_name,
        acting_post=dto.acting_post,
        acting_contact=dto.acting_contact,
        filed_on=dto.filed_on,
        boxes=tuple(boxes),
        copy_to_party=copy,
        copied_on=copied_on,
        late=dto.late,
        emergency_reason=dto.emergency_reason,
        both_away_reason=dto.both_away_reason,
        amends_text=amends,
        returned_on=dto.returned_on,
        returned_half=dto.returned_half,
        return_due=dto.return_due,
        reported_back_on=dto.reported_back_on,
        report_required=dto.report_required,
        report_received_on=dto.report_received_on,
        remarks=dto.note,
        void_reason=dto.void_reason if dto.status == "voided" else None,
        org=org,
    )


def absence_list_entry(dto, today: date) -> AbsenceListEntry:
    """Adapt `services.absences_dto.AbsenceDTO` to a row of the list of absences."""
    remarks = []
    if dto.amends_id:
        remarks.append(f"行程变更（原请示登记号{dto.amends_id}）")
    if dto.pending_amendment:
        remarks.append("有待审批的行程变更")
    if dto.missing and dto.status == "pending":
        remarks.append("待：" + "、".join(dto.missing))
    if dto.report_missing:
        remarks.append("书面报告未收到")
    if getattr(dto, "trip_report_missing", False):
        remarks.append("出访报告未收到")
    if dto.note:
        remarks.append(dto.note)
    return AbsenceListEntry(
        name=dto.person_name,
        post=dto.post_title,
        category=dto.category,
        reason=dto.reason,
        destination=dto.destination,
        start=dto.start_date,
        start_half=dto.start_half,
        end=dto.end_date,
        end_half=dto.end_half,
        acting=dto.acting,
        filed_on=dto.filed_on,
        late=dto.late,
        status=status_text(dto, today),
        returned_on=dto.returned_on,
        reported_back_on=dto.reported_back_on,
        remarks="；".join(remarks),
        void_reason=dto.void_reason if dto.status == "voided" else None,
    )


def build_absence_form_pdf(form: AbsenceForm, fonts: FontSet | None = None) -> RenderResult:
    from desktop_app.printing.absence_forms_render import render

    fonts = fonts or load_fonts()
    glyphs = GlyphFallback(fonts)
    pdf, pages = render(form, fonts, glyphs)
    notes = [f"字体替代：{f.note}" for f in fonts.fallbacks] + glyphs.notes()
    return RenderResult(pdf, pages, notes, list(glyphs.missing))


def list_rows(entries: Iterable[AbsenceListEntry]) -> tuple[list[list[str]], set[int]]:
    """Register rows (one text per column of LIST_COLUMNS) and the indexes of voided rows."""
    rows, voided = [], set()
    for n, e in enumerate(entries, start=1):
        if e.void_reason is not None:
            voided.add(n - 1)
        late = "（不足3天）" if e.late else ""
        back = format_date(e.returned_on) if e.returned_on else ""
        remarks = e.void_reason if e.void_reason is not None else e.remarks
        rows.append(
            [
                str(n),
                e.name,
                e.post,
                e.category,
                e.reason,
                e.destination,
                f"{format_date(e.start)}{e.start_half}至{format_date(e.end)}{e.end_half}",
                e.acting,
                f"{format_date(e.filed_on)}{late}",
                e.status,
                back,
                format_date(e.reported_back_on) if e.reported_back_on else "",
                remarks,
            ]
        )
    return rows, voided


def list_columns():
    from desktop_app.printing.register import RegisterColumn as C

    # widths follow the content; the weights (mm of the 257 mm block) only when it cannot fit
    return [
        C("序号", 9, "center"),
        C("姓名", 16, "center", keep=True),
        C("职务", 22, keep=True),
        C("类别", 13, "center", keep=True),
        C("事由", 30),
        C("目的地", 17),
        C("外出时间", 26),
        C("主持工作负责同志", 26),
        C("报备日期", 20, "center"),
        C("状态", 20, "center", keep=True),
        C("实际返回", 18, "center"),
        C("销假", 18, "center"),
        C("备注", 22),
    ]


def build_absence_list_pdf(
    entries: Iterable[AbsenceListEntry],
    org: str,
    filter_text: str,
    printed_on: date | None = None,
    fonts: FontSet | None = None,
    anchor: str = "",
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """The list of absences for a period on landscape A4 (register template); `anchor`: the
    audit chain's head read with the requests, printed on every page (empty: none);
    `progress` / `cancelled` as build_register_pdf takes them."""
    from desktop_app.printing.register import RegisterSpec, build_register_pdf

    rows, voided = list_rows(entries)
    spec = RegisterSpec(
        LIST_TITLE, org, list_columns(), filter_text, printed_on or date.today(), voided, anchor
    )
    fonts = fonts or load_fonts()
    glyphs = GlyphFallback(fonts)
    pdf = build_register_pdf(
        spec, rows, fonts, progress=progress, cancelled=cancelled, glyphs=glyphs
    )
    notes = [f"字体替代：{f.note}" for f in fonts.fallbacks] + glyphs.notes()
    return RenderResult(pdf, _page_count(pdf), notes, list(glyphs.missing))


def _page_count(pdf: bytes) -> int:
    return max(1, pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"))
