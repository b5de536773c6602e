"""Leaders' absences (外出请示报备, R62, R27, R6.2).

A request (``Absence``) records who leaves the city, why, where, when, how to reach them and who
acts for them. Changes of itinerary (R62.7) are further ``Absence`` rows whose ``amends_id`` points
at the original; the itinerary in force is the latest approved row of that group. The return and
the 销假 (R62.8) and the written report (R62.9) are recorded on the original.

Approvals (``AbsenceApproval``) are the sign-offs the secretariat records from paper: one row per
step of the chain the rules require (R62.2, R62.3, R62.10, R66), with the signer's name and post on the
signing day and the capacity (本人 / B角代签 / 记录).
"""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, VoidableMixin


class Absence(RecordMixin, VoidableMixin, Base):
    """One request to leave the city, or an amendment of one (``amends_id`` set)."""

    __tablename__ = "absence"
    __append_only__ = True
    __table_args__ = (Index("ix_absence_dates", "start_date", "end_date"),)

    amends_id: Mapped[int | None] = mapped_column(
        ForeignKey("absence.id"), index=True, nullable=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    person_name: Mapped[str] = mapped_column(String(64))
    # R62.5: the highest post held on the departure day decides the procedure.
    post_code: Mapped[str] = mapped_column(String(32))
    post_title: Mapped[str] = mapped_column(String(128), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    unit_name: Mapped[str] = mapped_column(String(128), default="")
    category: Mapped[str] = mapped_column(
        String(16)
    )  # 出差 | 考察 | 学习培训 | 休假 | 因私 | 出国（境）
    for_meeting: Mapped[bool] = mapped_column(Boolean, default=False)  # R62.9 attends a meeting
    reason: Mapped[str] = mapped_column(Text, default="")
    destination: Mapped[str] = mapped_column(String(256), default="")
    start_date: Mapped[date] = mapped_column(Date)
    start_half: Mapped[str] = mapped_column(String(8))  # 上午 | 下午 | 晚上
    end_date: Mapped[date] = mapped_column(Date)
    end_half: Mapped[str] = mapped_column(String(8))
    transport: Mapped[str] = mapped_column(String(64), default="")
    contact: Mapped[str] = mapped_column(String(128), default="")
    acting_name: Mapped[str] = mapped_column(String(64), default="")
    acting_post: Mapped[str] = mapped_column(String(128), default="")
    acting_contact: Mapped[str] = mapped_column(String(128), default="")
    filed_on: Mapped[date] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # R62.1 < 3 days ahead
    emergency_reason: Mapped[str] = mapped_column(Text, default="")
    both_away_reason: Mapped[str] = mapped_column(Text, default="")  # R62.4
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    # pending (待审批) | approved (已批准)
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # R62.8 return and 销假, on the original request only
    returned_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    returned_half: Mapped[str] = mapped_column(String(8), default="")
    return_due: Mapped[date | None] = mapped_column(Date, nullable=True)
    reported_back_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 销假
    # R62.9 written report after meetings, visits, training
    report_required: Mapped[bool] = mapped_column(Boolean, default=False)
    report_received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    report_note: Mapped[str] = mapped_column(Text, default="")
    # R66: an official trip abroad of a member of the government's leadership — the trip report
    # (出访报告) due after it. A private trip abroad (因私) is not 因公出访.
    abroad_private: Mapped[bool] = mapped_column(Boolean, default=False)
    trip_report_required: Mapped[bool] = mapped_column(Boolean, default=False)
    trip_report_received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    trip_report_note: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")


class AbsenceApproval(RecordMixin, VoidableMixin, Base):
    """A recorded step of the approval chain of one request (or amendment)."""

    __tablename__ = "absence_approval"
    __append_only__ = True

    absence_id: Mapped[int] = mapped_column(ForeignKey("absence.id"), index=True)
    step: Mapped[str] = mapped_column(String(32))
    signer_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signer_name: Mapped[str] = mapped_column(String(64), default="")
    signer_post: Mapped[str] = mapped_column(String(128), default="")
    signed_on: Mapped[date] = mapped_column(Date)
    capacity: Mapped[str] = mapped_column(String(16), default="本人")  # 本人 | B角代签 | 记录
    opinion: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
