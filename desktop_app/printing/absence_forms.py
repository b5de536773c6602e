"""外出请示报备表 — the leave-of-absence request (FORMS.md): one A4 portrait page inside the
GB/T 9704 text block — and the list of absences for a period (landscape, register template).

The form is plain data (`AbsenceForm`): the request's facts, one opinion box per step of the
approval chain (R62.2 vice mayor: 市长意见, 市委主要负责同志意见; R62.3 township or department
head: 分管副市长意见, 市长意见, 抄报市委; R62.10 abroad: 向市长报告, 督查室登记), empty before
approval for the wet signature, afterwards the recorded opinion, signer and date, 「B角代签」 where
the AB partner signed (R6.2). The footer carries 报备时间 (and whether it was ≥3 days ahead,
R62.1), 实际返回时间, 销假时间 (R62.8) and 备注. Drawing is in absence_forms_render.

`absence_form_from(dto)` / `absence_list_entry(dto, today)` adapt the backend's DTOs;
`absence_form_pdf` and `absence_list_pdf` do both for the UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date
from desktop_app.printing.fonts import FontSet, load_fonts
from desktop_app.printing.official import RenderResult

FORM_TITLE = "同江市领导干部外出请示报备表"
LIST_TITLE = "领导干部外出请示报备登记表"
CATEGORIES = ("出差", "考察", "学习培训", "休假", "因私", "出国（境）")
TICKED, UNTICKED = "■", "□"  # ☑ is missing from GBK fonts (宋体/仿宋): a filled box prints everywhere
B_ROLE = "B角代签"
ADVANCE_DAYS = 3  # R62.1

# Default opinion boxes by procedure, used when the backend gives no chain (R62.2, R62.3, R62.10).
VICE_MAYOR_BOXES = ("市长意见", "市委主要负责同志意见")
HEAD_BOXES = ("分管副市长意见", "市长意见")
ABROAD_BOXES = ("向市长报告", "督查室登记")
MAYOR_BOXES = ("市委主要负责同志意见",)
PARTY_LINE_BOXES = ("市委意见",)  # R62.3: the 市委 line
FAO_BOX = "外事处意见"  # R66
CC_STEP = "cc_party"  # R62.3 抄报市委: printed as its own row, not as an opinion box


@dataclass(frozen=True)
class OpinionBox:
    """One opinion box: empty (room for a handwritten opinion, signature and date) or recorded."""

    label: str  # 分管副市长意见 …
    opinion: str = ""
    signer: str = ""  # "" while not signed
    signed_on: date | None = None
    b_role: bool = False  # signed by the AB partner while the holder was away (R6.2)

    @property
    def signed(self) -> bool:
        return bool(self.signer)

    @property
    def signature_text(self) -> str:
        """「签字：张三（B角代签）　2018年9月4日」, or the blanks for a wet signature."""
        if not self.signed:
            return "签字：" + "　" * 8 + "年　　月　　日"
        who = f"{self.signer}（{B_ROLE}）" if self.b_role else self.signer
        return f"签字：{who}　　{format_date(self.signed_on)}"


@dataclass(frozen=True)
class AbsenceForm:
    """Everything printed on one 外出请示报备表."""

    name: str
    post: str
    category: str  # one of CATEGORIES
    reason: str
    destination: str
    start: date
    start_half: str  # 上午 | 下午 | 晚上
    end: date
    end_half: str
    transport: str
    contact: str
    acting_name: str
    acting_post: str
    acting_contact: str
    filed_on: date
    boxes: tuple[OpinionBox, ...] = ()
    copy_to_party: bool = False  # R62.3: the row 抄报市委 is printed
    copied_on: date | None = None  # when the copy to 市委 was recorded
    late: bool | None = None  # None: worked out from filed_on and start (R62.1)
    emergency_reason: str = ""
    both_away_reason: str = ""  # R62.4
    amends_text: str = ""  # 「变更行程，原请示：2026年9月1日报备」 for an amendment (R62.7)
    returned_on: date | None = None
    returned_half: str = ""
    return_due: date | None = None
    reported_back_on: date | None = None  # 销假
    report_required: bool = False  # R62.9
    report_received_on: date | None = None
    remarks: str = ""
    void_reason: str | None = None  # set: the request is void, printed 作废 with the reason
    title: str = FORM_TITLE
    org: str = ""  # PDF author

    @property
    def voided(self) -> bool:
        return self.void_reason is not None

    @property
    def days(self) -> int:
        """共×天: calendar days from departure to return, both counted."""
        return (self.end - self.start).days + 1

    @property
    def is_late(self) -> bool:
        if self.late is not None:
            return self.late
        return (self.start - self.filed_on).days < ADVANCE_DAYS

    def category_line(self) -> str:
        return "　".join((TICKED if c == self.category else UNTICKED) + c for c in CATEGORIES)

    def when(self, day: date, half: str) -> str:
        return f"{format_date(day)}{half}"

    def acting_text(self) -> str:
        return f"姓名：{self.acting_name}　职务：{self.acting_post}　联系电话：{self.acting_contact}"

    def filed_text(self) -> str:
        """报备时间 with R62.1: ≥3 days ahead, or late as an emergency with its reason."""
        text = format_date(self.filed_on)
        if not self.is_late:
            return f"{text}（提前{ADVANCE_DAYS}天以上报备）"
        why = f"，紧急外出：{self.emergency_reason}" if self.emergency_reason else ""
        return f"{text}（不足{ADVANCE_DAYS}天{why}）"

    def returned_text(self) -> str:
        if self.returned_on is None:
            return ""
        return self.when(self.returned_on, self.returned_half)

    def reported_back_text(self) -> str:
        if self.reported_back_on is not None:
            return format_date(self.reported_back_on)
        if self.return_due is not None:
            return f"（应于{format_date(self.return_due)}前销假）"
        return ""

    def copy_text(self) -> str:
        if self.copied_on is not None:
            return f"{TICKED}已抄报市委　{format_date(self.copied_on)}"
        return f"{UNTICKED}已抄报市委"

    def remarks_text(self) -> str:
        parts = []
        if self.amends_text:
            parts.append(self.amends_text)
        if self.both_away_reason:
            parts.append(f"党政主要负责人同时外出理由：{self.both_away_reason}")
        if self.report_required:
            parts.append(f"书面报告已于{format_date(self.report_received_on)}收到"
                         if self.report_received_on else "须提交书面报告（未收到）")
        if self.remarks:
            parts.append(self.remarks)
        return "；".join(parts)


def default_boxes(post_code: str, category: str) -> tuple[OpinionBox, ...]:
    """Empty boxes for the chain a post follows (R62.2 / R62.3; a township party secretary in the
    市委 line, R62.3; the mayor, R62.10), plus R62.10 when abroad (the mayor does not report to
    himself) and R66's 外事处意见 before a government leader's trip abroad."""
    leader = post_code in ("vice_mayor", "exec_vice_mayor", "mayor")
    if post_code in ("vice_mayor", "exec_vice_mayor"):
        labels = VICE_MAYOR_BOXES
    elif post_code == "mayor":
        labels = MAYOR_BOXES
    elif post_code == "township_secretary":
        labels = PARTY_LINE_BOXES
    else:
        labels = HEAD_BOXES
    if category == "出国（境）":
        labels = ((FAO_BOX,) if leader else ()) + labels + (
            ABROAD_BOXES[1:] if post_code == "mayor" else ABROAD_BOXES)
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
        name=dto.person_name, post=dto.post_title, category=dto.category, reason=dto.reason,
        destination=dto.destination, start=dto.start_date, start_half=dto.start_half,
        end=dto.end_date, end_half=dto.end_half, transport=dto.transport, contact=dto.contact,
        acting_name=dto.acting_name, acting_post=dto.acting_post,
        acting_contact=dto.acting_contact, filed_on=dto.filed_on, boxes=tuple(boxes),
        copy_to_party=copy, copied_on=copied_on, late=dto.late,
        emergency_reason=dto.emergency_reason, both_away_reason=dto.both_away_reason,
        amends_text=amends, returned_on=dto.returned_on, returned_half=dto.returned_half,
        return_due=dto.return_due, reported_back_on=dto.reported_back_on,
        report_required=dto.report_required, report_received_on=dto.report_received_on,
        remarks=dto.note, void_reason=dto.void_reason if dto.status == "voided" else None,
        org=org)


def status_text(dto, today: date) -> str:
    """The state a clerk sees on `today`: 待审批, 已批准 (not left yet), 在外, 待销假,
    逾期未销假 (R62.8), 已销假 — or 已作废."""
    if dto.status == "voided":
        return "已作废"
    if dto.status == "pending":
        return "待审批"
    if dto.reported_back_on is not None:
        return "已销假"
    if dto.returned_on is not None:
        return "逾期未销假" if dto.overdue_return(today) else "待销假"
    return "在外" if dto.start_date <= today else "已批准"


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
        name=dto.person_name, post=dto.post_title, category=dto.category, reason=dto.reason,
        destination=dto.destination, start=dto.start_date, start_half=dto.start_half,
        end=dto.end_date, end_half=dto.end_half, acting=dto.acting, filed_on=dto.filed_on,
        late=dto.late, status=status_text(dto, today), returned_on=dto.returned_on,
        reported_back_on=dto.reported_back_on, remarks="；".join(remarks),
        void_reason=dto.void_reason if dto.status == "voided" else None)


def build_absence_form_pdf(form: AbsenceForm, fonts: FontSet | None = None) -> RenderResult:
    from desktop_app.printing.absence_forms_render import render

    fonts = fonts or load_fonts()
    pdf = render(form, fonts)
    return RenderResult(pdf, 1, [f"字体替代：{f.note}" for f in fonts.fallbacks])


def list_rows(entries: Iterable[AbsenceListEntry]) -> tuple[list[list[str]], set[int]]:
    """Register rows (one text per column of LIST_COLUMNS) and the indexes of voided rows."""
    rows, voided = [], set()
    for n, e in enumerate(entries, start=1):
        if e.void_reason is not None:
            voided.add(n - 1)
        late = "（不足3天）" if e.late else ""
        back = format_date(e.returned_on) if e.returned_on else ""
        remarks = e.void_reason if e.void_reason is not None else e.remarks
        rows.append([str(n), e.name, e.post, e.category, e.reason, e.destination,
                     f"{format_date(e.start)}{e.start_half}至{format_date(e.end)}{e.end_half}",
                     e.acting, f"{format_date(e.filed_on)}{late}", e.status, back,
                     format_date(e.reported_back_on) if e.reported_back_on else "", remarks])
    return rows, voided


def list_columns():
    from desktop_app.printing.register import RegisterColumn as C

    # weights in mm of the 257 mm landscape text block
    return [C("序号", 9, "center"), C("姓名", 16, "center"), C("职务", 22), C("类别", 13, "center"),
            C("事由", 30), C("目的地", 17), C("外出时间", 26), C("主持工作负责同志", 26),
            C("报备日期", 20, "center"), C("状态", 20, "center"), C("实际返回", 18, "center"),
            C("销假", 18, "center"), C("备注", 22)]


def build_absence_list_pdf(entries: Iterable[AbsenceListEntry], org: str, filter_text: str,
                           printed_on: date | None = None, fonts: FontSet | None = None,
                           anchor: str = "") -> RenderResult:
    """The list of absences for a period on landscape A4 (register template); `anchor`: the
    audit chain's head read with the requests, printed on every page (empty: none)."""
    from desktop_app.printing.register import RegisterSpec, build_register_pdf

    rows, voided = list_rows(entries)
    spec = RegisterSpec(LIST_TITLE, org, list_columns(), filter_text,
                        printed_on or date.today(), voided, anchor)
    fonts = fonts or load_fonts()
    pdf = build_register_pdf(spec, rows, fonts)
    return RenderResult(pdf, _page_count(pdf), [f"字体替代：{f.note}" for f in fonts.fallbacks])


def _page_count(pdf: bytes) -> int:
    return max(1, pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages"))


def absence_form_pdf(db, absence_id: int) -> RenderResult:
    """The 外出请示报备表 of one request (or amendment) as it stands (UI: 「打印报备表」)."""
    from desktop_app.services import absences, org_profile

    office = org_profile.get_profile(db)["office_name"]
    return build_absence_form_pdf(absence_form_from(absences.get_absence(db, absence_id), office))


def absence_list_pdf(db, dtos, filter_text: str, today: date) -> RenderResult:
    """The list of the given requests (already filtered by the caller) for a period: read again
    with the audit chain's head, so every page shows the record as it stands and its anchor."""
    from desktop_app.services import absences_queries, org_profile

    office = org_profile.get_profile(db)["office_name"]
    fresh, anchor = absences_queries.absences_to_print(db, [d.id for d in dtos])
    entries = [absence_list_entry(d, today) for d in fresh]
    return build_absence_list_pdf(entries, office, filter_text, today, anchor=anchor)
