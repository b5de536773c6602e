"""Releases of the government spokesperson (政府新闻发言人发布, R52): what is released, on which
day, whether it concerns important matters, and the approval it needs (常务副市长; 市长 when
important) before it may be released."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, VoidableMixin


class SpokespersonRelease(RecordMixin, VoidableMixin, Base):
    """One release: drafted, approved by the post the rule names on the day, then released."""

    __tablename__ = "spokesperson_release"

    title: Mapped[str] = mapped_column(String(256))
    planned_on: Mapped[date] = mapped_column(Date, index=True)  # 拟发布日期
    topic: Mapped[str] = mapped_column(Text, default="")  # 发布内容要点
    important: Mapped[bool] = mapped_column(Boolean, default=False)  # 涉及重要事项 (mayor)
    channel: Mapped[str] = mapped_column(String(32), default="")  # 新闻发布会、门户网站… (R53)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft|approved|released
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    approver_post: Mapped[str] = mapped_column(String(32), default="")  # post held that day
    approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    approval_note: Mapped[str] = mapped_column(Text, default="")
    released_on: Mapped[date | None] = mapped_column(Date, nullable=True)
