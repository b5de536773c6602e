"""The dated directory (R4, R6.1–R6.3): persons, units, posts held, portfolios, AB pairs, entrustments.

Every relation has start and end dates (end inclusive, open when NULL) so that a rule can ask
"who held this post on that day". Rows are voided, never deleted.
"""

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, VoidableMixin


class Person(RecordMixin, VoidableMixin, Base):
    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(64), index=True)
    phone: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class Unit(RecordMixin, VoidableMixin, Base):
    """A department (局/委/办), township (乡镇), the office itself, or an outside organ (市委 …)."""

    __tablename__ = "unit"

    name: Mapped[str] = mapped_column(String(128), unique=True)
    short_name: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(32), index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class Appointment(RecordMixin, VoidableMixin, Base):
    """Person P held post `post_code` (in unit U, where the post belongs to a unit) from start to end."""

    __tablename__ = "appointment"
    __table_args__ = (Index("ix_appointment_post_dates", "post_code", "start_date", "end_date"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    post_code: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True, nullable=True)
    title: Mapped[str] = mapped_column(String(64), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Portfolio(RecordMixin, VoidableMixin, Base):
    """R6.1: a vice mayor is in charge (分管) of a unit or an area (战线) for a period."""

    __tablename__ = "portfolio"
    __table_args__ = (Index("ix_portfolio_unit_dates", "unit_id", "start_date", "end_date"),)

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    area: Mapped[str] = mapped_column(String(128), default="")
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class AbPair(RecordMixin, VoidableMixin, Base):
    """R6.2: two vice mayors back each other up (互为AB角) for a period."""

    __tablename__ = "ab_pair"

    person_a_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    person_b_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Entrustment(RecordMixin, VoidableMixin, Base):
    """R6.3: the mayor entrusts someone (usually the executive vice mayor) for a period."""

    __tablename__ = "entrustment"

    principal_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    scope: Mapped[str] = mapped_column(String(128), default="主持市政府全面工作")
    note: Mapped[str] = mapped_column(Text, default="")
