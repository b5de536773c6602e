"""Outgoing documents (发文, R33, R34, R10, R16, R17, R18, R37, R38, R44, R45.1, R49, NUM): the
draft record and its facts, the sign-off records of its chain, numbering, normative-document
tracking, joint documents' disagreements and publication."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, VoidableMixin


class OutgoingDocument(RecordMixin, VoidableMixin, Base):
    """发文 register: one document from draft to publication. A voided numbered document keeps
    its number (shown as 作废); the unique constraint makes a duplicate number impossible."""

    __tablename__ = "outgoing_document"
    __table_args__ = (
        UniqueConstraint("prefix", "year", "seq"),
        Index("ix_outgoing_document_register", "register_on", "id"),
        # The 工作台's 发文 reminders (migration 0024): signed or issued documents, earliest
        # first (R55's count read from the index alone), and the normative ones (R16, R18, R38).
        Index(
            "ix_outgoing_document_status",
            "status",
            "secrecy",
            "issued_on",
            "id",
            "openness",
            "voided_at",
        ),
        Index("ix_outgoing_document_normative", "is_normative", "secrecy"),
    )

    issuer: Mapped[str] = mapped_column(String(16))  # government (市政府) | office (市政府办公室)
    doc_type: Mapped[str] = mapped_column(String(8))  # 文种 (national list)
    title: Mapped[str] = mapped_column(String(256))
    drafting_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    drafted_on: Mapped[date] = mapped_column(Date)  # 拟稿日期
    # 拟稿人 and 核稿人 as on the paper: names typed or picked from the directory (drafters are
    # mostly staff of the drafting unit, not in the directory), "" = not recorded
    drafter: Mapped[str] = mapped_column(String(64), default="")
    checker: Mapped[str] = mapped_column(String(64), default="")
    # The day the record sits under in the register: 印发日期 once issued, else 拟稿日期 (kept
    # by the service; indexed with id so a page of 200,000 records is read in index order).
    register_on: Mapped[date] = mapped_column(Date)
    # The vice mayors in charge (R6.1 → R33.1/R33.2/R34) as last derived from the directory on
    # `vice_mayors_on` (each sign-off derives them again on its day): "3,7". Never typed by the
    # clerk; NULL `vice_mayors_on` = a record kept before derivation (the clerk's old pick).
    vice_mayor_ids: Mapped[str] = mapped_column(String(128), default="")
    vice_mayors_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # What the document touches besides the drafting unit (R33.1): other units "5,9" and areas
    # (战线) "农业农村战线,…" — the vice mayors in charge follow from them.
    touched_unit_ids: Mapped[str] = mapped_column(String(512), default="")
    touched_areas: Mapped[str] = mapped_column(String(256), default="")
    # R37 joint documents: the drafting unit leads (主办); the co-issuing units "5,9". R17: for a
    # normative document they are its joint drafting units; or the government designated one.
    joint_unit_ids: Mapped[str] = mapped_column(String(512), default="")
    drafting_designation: Mapped[str] = mapped_column(String(128), default="")
    # R10: major-matter category ("" = none) and the meeting and agenda item that decided it
    major_matter: Mapped[str] = mapped_column(String(16), default="")
    decided_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"), nullable=True)
    decided_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), nullable=True)
    main_to: Mapped[str] = mapped_column(Text, default="")  # 主送
    cc: Mapped[str] = mapped_column(Text, default="")  # 抄送
    to_party_or_congress: Mapped[bool] = mapped_column(Boolean, default=False)
    to_higher_government: Mapped[bool] = mapped_column(Boolean, default=False)
    reports_on_higher_instructions: Mapped[bool] = mapped_column(Boolean, default=False)
    is_normative: Mapped[bool] = mapped_column(Boolean, default=False)
    important: Mapped[bool] = mapped_column(Boolean, default=False)  # R34 office documents
    tv_announcement: Mapped[bool] = mapped_column(Boolean, default=False)
    secrecy: Mapped[str] = mapped_column(String(8), default="", index=True)  # R44
    secrecy_term: Mapped[str] = mapped_column(String(32), default="")
    copies: Mapped[int] = mapped_column(Integer, default=1)  # 印制份数
    copy_numbers: Mapped[str] = mapped_column(String(128), default="")  # 份号
    openness: Mapped[str] = mapped_column(String(8), default="")  # 主动公开|依申请公开|不予公开
    openness_reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="draft")
    # draft | signed | issued | published
    prefix: Mapped[str | None] = mapped_column(String(16), nullable=True)  # 机关代字, at issue
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 签发日期
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 印发日期
    published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    confidentiality_reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    confidentiality_reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    legal_reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # R18
    legal_reviewed_by: Mapped[str] = mapped_column(String(64), default="")
    in_normative_plan: Mapped[bool] = mapped_column(Boolean, default=True)  # R38: else 追加
    meeting_decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # 常务会议 (R18)
    meeting_ref: Mapped[str] = mapped_column(String(64), default="")
    filed_higher_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # R16
    filed_congress_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    interpretation_drafted_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # R38
    interpretation_reviewed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    interpretation_published_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    archive_ref: Mapped[str] = mapped_column(String(64), default="")  # 归档号


class OutgoingSignoff(RecordMixin, VoidableMixin, Base):
    """One sign-off of a document's chain (R33/R34): who signed which step, on which day, for
    whom (the vice mayor it was addressed to) and in what capacity (本人 | B角代签, R6.2)."""

    __tablename__ = "outgoing_signoff"

    document_id: Mapped[int] = mapped_column(ForeignKey("outgoing_document.id"), index=True)
    step_key: Mapped[str] = mapped_column(String(24))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signed_on: Mapped[date] = mapped_column(Date)
    capacity: Mapped[str] = mapped_column(String(16), default="本人")
    opinion: Mapped[str] = mapped_column(Text, default="")


class OutgoingDisagreement(RecordMixin, VoidableMixin, Base):
    """R37: a disagreement among the units of a joint document that their consultation did not
    settle — each side's reasons and basis, the lead unit's proposal — and, once coordinated, the
    outcome: who coordinated (the vice mayor in charge, or the department he designated), when,
    what was decided. An open one (no outcome) blocks numbering and issue."""

    __tablename__ = "outgoing_disagreement"

    document_id: Mapped[int] = mapped_column(ForeignKey("outgoing_document.id"), index=True)
    raised_on: Mapped[date] = mapped_column(Date)
    positions: Mapped[str] = mapped_column(Text, default="[]")  # JSON [[side, reasons], …]
    proposal: Mapped[str] = mapped_column(Text, default="")  # 建议性意见
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    outcome: Mapped[str] = mapped_column(Text, default="")
