"""Official documents (第六章 公文处理): incoming documents (收文, R32–R36, R42, R43, R44), the
reading records of leaders and departments, and the chase records (催办) of their handling."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, UTCDateTime, VoidableMixin


class IncomingDocument(RecordMixin, VoidableMixin, Base):
    """收文 register: one received document, its proposed handling, routing and closing."""

    __tablename__ = "incoming_document"
    # 收文〔年〕N号 is issued once, like a 发文 number or a seal register number.
    # A unique index rather than a constraint: added later (0014), and SQLite cannot add a
    # constraint without copying the table its readings and chases point at.
    # The 工作台 asks for the few 收文 registered (R43) or routed (R35) in a register of hundreds of
    # thousands, with or without the classified ones (R44), newest first (0022): SQLite, which
    # keeps no statistics, picks this index only over the secrecy ones by its two equalities.
    __table_args__ = (
        Index("ix_incoming_document_number", "year", "seq", unique=True),
        Index("ix_incoming_document_status", "status", "secrecy", "received_at", "id"),
        # R35's overdue reminders, most overdue first (0025): without it PostgreSQL walks the
        # deadline index past every closed document to reach the few still routed.
        Index("ix_incoming_document_deadline_open", "status", "secrecy", "deadline", "id"),
    )

    year: Mapped[int] = mapped_column(Integer)  # 收文〔year〕seq号, sequence per year
    seq: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    sender: Mapped[str] = mapped_column(String(128))  # 来文机关
    sender_number: Mapped[str] = mapped_column(String(64), default="")  # 来文字号
    title: Mapped[str] = mapped_column(String(256))
    doc_type: Mapped[str] = mapped_column(String(8))  # 文种 (national list), or 简报|情况|信息
    secrecy: Mapped[str] = mapped_column(String(8), default="", index=True)  # 秘密|机密|绝密 (R44)
    secrecy_term: Mapped[str] = mapped_column(String(32), default="")  # 保密期限
    urgency: Mapped[str] = mapped_column(String(8), default="")  # 特急 | 加急
    copies: Mapped[int] = mapped_column(Integer, default=1)
    copy_numbers: Mapped[str] = mapped_column(String(128), default="")  # 份号 of classified copies
    channel: Mapped[str] = mapped_column(String(16), default="normal")  # normal | irregular
    reverse_flow: Mapped[bool] = mapped_column(Boolean, default=False)  # 逆行文 (R32)
    nature: Mapped[str] = mapped_column(String(16))  # notice | request | action (R36)
    from_higher: Mapped[bool] = mapped_column(Boolean, default=False)  # 省、佳木斯 (R35)
    status: Mapped[str] = mapped_column(String(16), default="registered")
    # registered | returned (退文) | proposed | routed | closed
    return_reason: Mapped[str] = mapped_column(Text, default="")
    proposal: Mapped[str] = mapped_column(Text, default="")  # 拟办意见
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    route_kind: Mapped[str] = mapped_column(String(16), default="")  # vice_mayor|mayor|department
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    lead_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    assist_unit_ids: Mapped[str] = mapped_column(String(256), default="")  # "3,7"
    deadline: Mapped[date | None] = mapped_column(Date, index=True, nullable=True)
    result: Mapped[str] = mapped_column(Text, default="")  # 办理结果 / 回复
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    archive_ref: Mapped[str] = mapped_column(String(64), default="")  # 归档号
    # R32: closed without a leader's approval, filed as information only (作为信息处理)
    info_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # R42: a bulletin (简报|情况|信息 in doc_type) approved by 市委 or 市政府: by whom, on which day
    bulletin_approved_by: Mapped[str] = mapped_column(String(8), default="")  # 市委 | 市政府
    bulletin_approver: Mapped[str] = mapped_column(String(64), default="")
    bulletin_approved_on: Mapped[date | None] = mapped_column(Date, nullable=True)


class IncomingReading(RecordMixin, Base):
    """A leader's or department's reading of a document (R36): 圈阅 or a written opinion."""

    __tablename__ = "incoming_reading"

    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_document.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    read_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # circle (圈阅) | opinion
    opinion: Mapped[str] = mapped_column(Text, default="")


class IncomingChase(RecordMixin, Base):
    """催办: one chase of the handling department, and what it answered."""

    __tablename__ = "incoming_chase"

    document_id: Mapped[int] = mapped_column(ForeignKey("incoming_document.id"), index=True)
    chased_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    response: Mapped[str] = mapped_column(Text, default="")
