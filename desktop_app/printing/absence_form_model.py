"""The data of the 外出请示报备表 (absence_forms.py): `AbsenceForm` and its `OpinionBox`es, with the
texts they print. The public face (absence_forms.py) and the drawing (absence_forms_render.py)
both import this module, so neither imports the other in a circle."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.formatting import format_date, signer_label

FORM_TITLE = "同江市领导干部外出请示报备表"
LIST_TITLE = "领导干部外出请示报备登记表"
CATEGORIES = ("出差", "考察", "学习培训", "休假", "因私", "出国（境）")
TICKED, UNTICKED = (
    "■",
    "□",
)  # ☑ is missing from GBK fonts (宋体/仿宋): a filled box prints everywhere
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
        who = signer_label(self.signer, self.b_role)
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
        return (
            f"姓名：{self.acting_name}　职务：{self.acting_post}　联系电话：{self.acting_contact}"
        )

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
            parts.append(
                f"书面报告已于{format_date(self.report_received_on)}收到"
                if self.report_received_on
                else "须提交书面报告（未收到）"
            )
        if self.remarks:
            parts.append(self.remarks)
        return "；".join(parts)
