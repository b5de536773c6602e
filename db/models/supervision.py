"""督办 (第十三章 督查工作, R70–R73) and 请示报告 (R57–R60): one register of supervision items.

An item comes from a meeting decision (``decision_id``, R23.6.1), a document under handling
(``incoming_document_id``, R35), a leader's written instruction (批示: who, when, on what), a
major decision, an NPC deputy's suggestion or a CPPCC proposal (R72), or a request (请示报告,
R57–R59) recorded with how and from whom it came. The vice mayor in charge is derived from the
responsible unit on the assignment day and stored as recorded then. Written progress reports
(``SupervisionReport``) are kept one row each: the units' reports to the vice mayor in charge and
the 督查室, and the 督查室's reports on to the executive vice mayor and the mayor (R29.3).
"""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, UTCDateTime, VoidableMixin


class SupervisionItem(RecordMixin, VoidableMixin, Base):
    __tablename__ = "supervision_item"
    __append_only__ = True
    __table_args__ = (Index("ix_supervision_item_unit_deadline", "unit_id", "deadline"),)

    # decision | document | instruction | major | npc | cppcc | request
    source_kind: Mapped[str] = mapped_column(String(16), index=True)
    # One item per meeting decision: the decision is followed up here, not twice.
    decision_id: Mapped[int | None] = mapped_column(
        ForeignKey("decision.id"), unique=True, nullable=True
    )
    incoming_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("incoming_document.id"), index=True, nullable=True
    )
    title: Mapped[str] = mapped_column(String(256))
    content: Mapped[str] = mapped_column(Text, default="")
    # 批示 (R70): the leader who wrote it, when, on which document or matter
    instruction_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"), index=True, nullable=True
    )
    instruction_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    instruction_on_what: Mapped[str] = mapped_column(String(256), default="")
    # R71: responsible unit and person, assisting units, the vice mayor in charge, quality
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    responsible_person: Mapped[str] = mapped_column(String(64), default="")
    assisting_units: Mapped[str] = mapped_column(String(256), default="")
    vice_mayor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    quality: Mapped[str] = mapped_column(Text, default="")
    assigned_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date | None] = mapped_column(Date, index=True, nullable=True)
    # R44: an item from a classified document or a confidential meeting shows its text only to
    # accounts that may see classified records.
    secrecy: Mapped[str] = mapped_column(String(8), default="")
    # R44: the 份号 last printed on a classified item's 督办通知单 (db.copy_numbers)
    copies_printed: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    # open (办理中) | done (已办结) | not_done (未办结, with the reason in evidence)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="")
    # R71: hard or cross-department items escalated to the executive vice mayor or the mayor
    escalated_to_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    escalated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    escalation_reason: Mapped[str] = mapped_column(Text, default="")
    # 请示报告 (R57–R60): written | oral; an oral one is written down by whoever received it
    request_form: Mapped[str] = mapped_column(String(8), default="")
    request_from: Mapped[str] = mapped_column(String(128), default="")
    received_by: Mapped[str] = mapped_column(String(64), default="")
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    from_grassroots: Mapped[bool] = mapped_column(Boolean, default=False)
    several_portfolios: Mapped[bool] = mapped_column(Boolean, default=False)
    major_category: Mapped[str] = mapped_column(String(64), default="")  # R60 picklist
    route: Mapped[str] = mapped_column(String(16), default="")  # in_charge | urgent_direct
    # A matter with its own approval chain (SupervisionStep): fiscal (R13: 财政支出、重要固定资产
    # 处置) | foreign_guest | taiwan_guest (R67); NPC/CPPCC items have theirs by source (R72).
    matter: Mapped[str] = mapped_column(String(16), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class SupervisionStep(RecordMixin, VoidableMixin, Base):
    """A recorded step of an item's approval chain (R13, R67, R72), from the signed paper."""

    __tablename__ = "supervision_step"
    __append_only__ = True

    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_item.id"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signer_name: Mapped[str] = mapped_column(String(64), default="")
    signed_on: Mapped[date] = mapped_column(Date)
    capacity: Mapped[str] = mapped_column(String(16), default="本人")  # 本人 | B角代签 | 记录
    opinion: Mapped[str] = mapped_column(Text, default="")


class SupervisionReport(RecordMixin, VoidableMixin, Base):
    """A written progress report on an item (R29.3, R71)."""

    __tablename__ = "supervision_report"
    __append_only__ = True

    item_id: Mapped[int] = mapped_column(ForeignKey("supervision_item.id"), index=True)
    # unit (单位报分管副市长和督查室) | office (督查室报常务副市长、市长)
    direction: Mapped[str] = mapped_column(String(8), default="unit")
    received_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    attachment_name: Mapped[str] = mapped_column(String(256), default="")
    attachment_sha256: Mapped[str] = mapped_column(String(64), default="")
