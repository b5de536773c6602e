"""Meetings (第五章 会议办理): meetings, agenda items and their approval chain, attendance,
emergency decisions, minutes and the decisions followed up."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, UTCDateTime, VoidableMixin


class Meeting(RecordMixin, VoidableMixin, Base):
    __tablename__ = "meeting"

    kind: Mapped[str] = mapped_column(String(16), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 第N次, per kind within the term (R20)
    title: Mapped[str] = mapped_column(String(128))  # 市政府第二十五次常务会议
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    room: Mapped[str] = mapped_column(String(32), default="501")
    presider_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    presider_capacity: Mapped[str] = mapped_column(String(16), default="本人")  # 本人 | 受委托
    status: Mapped[str] = mapped_column(String(16), default="planned")  # planned|held|cancelled
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    # R44: the 份号 last printed on a confidential meeting's 议程 and on its 会议通知 listing the
    # items (db.copy_numbers); each paper is numbered on its own, never reusing a number.
    agenda_copies_printed: Mapped[int] = mapped_column(Integer, default=0)
    notice_copies_printed: Mapped[int] = mapped_column(Integer, default=0)
    # 战线会议 (R28): the area (战线) it is held for; its vice mayor in charge presides
    area: Mapped[str] = mapped_column(String(128), default="")
    # 战线会议 (R28): the executive vice mayor agreed, the mayor approved, township heads
    sector_exec_agreed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    sector_mayor_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    township_heads_required: Mapped[bool] = mapped_column(Boolean, default=False)
    township_heads_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AgendaItem(RecordMixin, VoidableMixin, Base):
    """议题 and the record of its chain (R23.4.1–R23.4.7); on a meeting once `meeting_id` is set."""

    __tablename__ = "agenda_item"

    title: Mapped[str] = mapped_column(String(256))
    kind: Mapped[str] = mapped_column(String(16), default="normal")  # normal|law_study|after_report
    # The vice mayor in charge is derived from the submitting unit (R6.1, R23.4.1a), never stored.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    category: Mapped[str] = mapped_column(String(16), default="deliberation")  # report|deliberation
    is_policy: Mapped[bool] = mapped_column(Boolean, default=False)
    is_important: Mapped[bool] = mapped_column(Boolean, default=False)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id"), index=True, nullable=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # draft | placed | circulated | decided | revise (退回修改, R23.6.2)
    coordination_method: Mapped[str] = mapped_column(String(16), default="")
    coordination_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    sponsor_signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    sponsor_signed_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    sponsor_signed_capacity: Mapped[str] = mapped_column(String(16), default="")  # 本人|B角代签
    office_consolidated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    exec_reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    exec_reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    mayor_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    mayor_approved_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    legal_reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    procedure_sheet_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    consensus: Mapped[bool] = mapped_column(Boolean, default=True)
    disagreement: Mapped[str] = mapped_column(Text, default="")
    solution: Mapped[str] = mapped_column(Text, default="")
    mayor_consent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    briefing_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # R23.4.2c 专题汇报
    materials_received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    materials_copies: Mapped[int] = mapped_column(Integer, default=0)
    reporter: Mapped[str] = mapped_column(String(64), default="")  # R23.5
    discussion: Mapped[str] = mapped_column(Text, default="")
    conclusion: Mapped[str] = mapped_column(Text, default="")
    emergency_id: Mapped[int | None] = mapped_column(
        ForeignKey("emergency_decision.id"), nullable=True
    )
    # R44: the 份号 last printed on the 议题审批表 of an item on a confidential meeting
    copies_printed: Mapped[int] = mapped_column(Integer, default=0)


class Attendance(RecordMixin, Base):
    """One line of a meeting's attendance: member or 列席, present or on leave (R23.1, R27)."""

    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    role: Mapped[str] = mapped_column(String(16))  # member | attendee (列席)
    # unrecorded (未登记) until the clerk records present | leave | absent (R23.1, R27)
    status: Mapped[str] = mapped_column(String(16), default="unrecorded")
    leave_approved_by: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    substitute: Mapped[str] = mapped_column(String(64), default="")
    substitute_approved_by: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), nullable=True
    )
    note: Mapped[str] = mapped_column(String(256), default="")


class EmergencyDecision(RecordMixin, VoidableMixin, Base):
    """R23.4.3: a decision taken without a meeting; reported to the next 常务会议."""

    __tablename__ = "emergency_decision"

    decided_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(16))  # 会签 | 口头汇报
    subject: Mapped[str] = mapped_column(String(256))
    decision: Mapped[str] = mapped_column(Text, default="")
    reported_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), nullable=True)


class MinutesRecord(RecordMixin, Base):
    """纪要 of a meeting through its workflow (R23.7.2, R29); issued minutes are locked (R29.2)."""

    __tablename__ = "minutes"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    # draft | comments | legal | exec_review | signed | issued
    issue_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opening: Mapped[str] = mapped_column(Text, default="")
    body_json: Mapped[str] = mapped_column(Text, default="[]")  # [{heading, paragraphs}]
    cc: Mapped[str] = mapped_column(Text, default="")
    # R23.7.2: who took each step — the 常务秘书 drafted, 法制办 reviewed, 常务副市长 reviewed
    drafter_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    drafted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    comments_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # R29.4: objections raised before issue: [{who, unit_id, person_id, what, how, raised_on}]
    objections_json: Mapped[str] = mapped_column(Text, default="[]")
    legal_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    legal_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    exec_reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    exec_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    signer_capacity: Mapped[str] = mapped_column(String(16), default="")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("minutes.id"), nullable=True)
    correction_kind: Mapped[str] = mapped_column(String(8), default="")  # 勘误 | 补充
    # R44: the 份号 last printed on confidential minutes (db.copy_numbers)
    copies_printed: Mapped[int] = mapped_column(Integer, default=0)


class Decision(RecordMixin, VoidableMixin, Base):
    """A decision to carry out (R23.6.1, R29.3), followed up as a supervision item."""

    __tablename__ = "decision"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), nullable=True)
    content: Mapped[str] = mapped_column(Text)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    vice_mayor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    deadline: Mapped[date | None] = mapped_column(Date, index=True, nullable=True)
    quality: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | done
    reported_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # written report (R29.3)
    report: Mapped[str] = mapped_column(Text, default="")
