"""Seals and the seal register (用印, R45–R48, R14, LOG).

A seal (印章) has a lifecycle (刻制 → 启用 → 停用 → 销毁, each step dated with its document), dated
custodian hand-overs and loans (外借). A use of a seal starts as an application (用印审批单,
numbered 用印〔年〕N号 per year), collects the approvals the rules require, and is entered in the
register (用印登记簿, its own gap-free number per year) when the seal is applied.

Register tables are append-only (`__append_only__`): rows are voided, never deleted, and
`fuban check` compares every row with what the audit log says it should hold. Files (imprint
scans, lifecycle documents, scans of stamped pages) are stored once, keyed by their SHA-256.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, UTCDateTime, VoidableMixin


class SealFile(Base):
    """A stored file (scan, image, PDF), keyed by the SHA-256 of its bytes.

    Not a RecordMixin table: the bytes would not fit the audit log's JSON, and they need no audit
    because the key is their hash — `fuban check` re-hashes every file (`__content_addressed__`).
    """

    __tablename__ = "seal_file"
    __content_addressed__ = ("sha256", "content")

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    filename: Mapped[str] = mapped_column(String(256), default="")
    media_type: Mapped[str] = mapped_column(String(64), default="")
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stored_by: Mapped[str] = mapped_column(String(64), default="")


class Seal(RecordMixin, VoidableMixin, Base):
    """One physical seal. `status` follows its latest lifecycle event (SealEvent)."""

    __tablename__ = "seal"
    __append_only__ = True

    name: Mapped[str] = mapped_column(String(128))  # 同江市人民政府印
    kind: Mapped[str] = mapped_column(String(16), index=True)  # gov | office | other
    status: Mapped[str] = mapped_column(String(16), default="made")
    # made (刻制) | active (启用) | suspended (停用) | destroyed (销毁)
    imprint_sha256: Mapped[str | None] = mapped_column(
        ForeignKey("seal_file.sha256"),  # 印模
        nullable=True,
    )
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")


class SealEvent(RecordMixin, VoidableMixin, Base):
    """A lifecycle step of a seal with its date and document; destruction names two witnesses."""

    __tablename__ = "seal_event"
    __append_only__ = True

    seal_id: Mapped[int] = mapped_column(ForeignKey("seal.id"), index=True)
    event: Mapped[str] = mapped_column(String(16))  # made | active | suspended | destroyed
    happened_on: Mapped[date] = mapped_column(Date)
    document: Mapped[str] = mapped_column(String(256), default="")  # 批准文件 / 依据
    file_sha256: Mapped[str | None] = mapped_column(ForeignKey("seal_file.sha256"), nullable=True)
    witness_1: Mapped[str] = mapped_column(String(64), default="")  # 销毁监销人
    witness_2: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class SealCustody(RecordMixin, VoidableMixin, Base):
    """保管人交接: from `start_date` the seal is kept by `custodian`."""

    __tablename__ = "seal_custody"
    __append_only__ = True

    seal_id: Mapped[int] = mapped_column(ForeignKey("seal.id"), index=True)
    custodian: Mapped[str] = mapped_column(String(64))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    start_date: Mapped[date] = mapped_column(Date)
    handed_over_by: Mapped[str] = mapped_column(String(64), default="")  # 移交人
    document: Mapped[str] = mapped_column(String(256), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class SealLoan(RecordMixin, VoidableMixin, Base):
    """外借: a seal taken out of the office, approved, due back, returned."""

    __tablename__ = "seal_loan"
    __append_only__ = True

    seal_id: Mapped[int] = mapped_column(ForeignKey("seal.id"), index=True)
    borrower: Mapped[str] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    purpose: Mapped[str] = mapped_column(Text)
    approver_id: Mapped[int] = mapped_column(ForeignKey("person.id"))
    approver_title: Mapped[str] = mapped_column(String(64), default="")
    approved_on: Mapped[date] = mapped_column(Date)
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_back_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    received_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class SealApplication(RecordMixin, VoidableMixin, Base):
    """用印审批单: one request to use a seal, numbered 用印〔year〕seq号 (gap-free per year)."""

    __tablename__ = "seal_application"
    __append_only__ = True
    __table_args__ = (UniqueConstraint("year", "seq"),)

    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    applied_on: Mapped[date] = mapped_column(Date, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # 用印单位
    handler: Mapped[str] = mapped_column(String(64))  # 经办人
    contact: Mapped[str] = mapped_column(String(64), default="")  # 联系电话
    title: Mapped[str] = mapped_column(String(256))  # 文件名称
    copies: Mapped[int] = mapped_column(Integer)  # 申请份数
    seal_id: Mapped[int] = mapped_column(ForeignKey("seal.id"), index=True)
    purpose: Mapped[str] = mapped_column(Text)  # 用印事由
    # 市政府正式公文 (R45.1): valid only with `outgoing_id`, an issued 发文 record of the seal's
    # issuer. Rows saved before that was required may be formal without a link: they are shown
    # 「未关联发文」 and no use is recorded until the record is linked (seals.link_outgoing).
    is_formal: Mapped[bool] = mapped_column(Boolean, default=False)
    outgoing_id: Mapped[int | None] = mapped_column(
        ForeignKey("outgoing_document.id"), nullable=True, index=True
    )
    important: Mapped[bool] = mapped_column(Boolean, default=False)  # 重要用印 (R45.3)
    important_category: Mapped[str] = mapped_column(String(128), default="")
    is_contract: Mapped[bool] = mapped_column(Boolean, default=False)  # 合同协议 (R14)
    joint_with_party: Mapped[bool] = mapped_column(Boolean, default=False)  # 与市委联合用印 (R47)
    tv_announcement: Mapped[bool] = mapped_column(Boolean, default=False)  # 电视台播发 (R48)
    note: Mapped[str] = mapped_column(Text, default="")


class SealApproval(RecordMixin, VoidableMixin, Base):
    """One recorded approval (or prerequisite) of an application.

    kind: vice_mayor (R45.2) | mayor (R45.3) | office_director (R46) | tv (R48) | legality (R14) |
    party_seal (R47, the party seal applied first) | unit_head | office_review (optional boxes).
    """

    __tablename__ = "seal_approval"
    __append_only__ = True

    application_id: Mapped[int] = mapped_column(ForeignKey("seal_application.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signer_name: Mapped[str] = mapped_column(String(64), default="")
    signer_title: Mapped[str] = mapped_column(String(64), default="")
    b_role: Mapped[bool] = mapped_column(Boolean, default=False)  # B角代签 (R6.2)
    # R45.2: the vice mayor in charge of the applying unit that day (derived from the directory),
    # whom the signer is or signed in place of; NULL for approvals recorded before it was kept.
    for_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), nullable=True)
    signed_on: Mapped[date] = mapped_column(Date)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # R47 time
    opinion: Mapped[str] = mapped_column(Text, default="")


class SealUse(RecordMixin, VoidableMixin, Base):
    """用印登记簿 entry: the seal applied, numbered per year (gap-free), never edited (LOG)."""

    __tablename__ = "seal_use"
    __append_only__ = True
    __table_args__ = (UniqueConstraint("year", "seq"),)

    application_id: Mapped[int] = mapped_column(ForeignKey("seal_application.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    copies_stamped: Mapped[int] = mapped_column(Integer)
    copies_spoiled: Mapped[int] = mapped_column(Integer, default=0)
    supervisor: Mapped[str] = mapped_column(String(64))  # 监印人
    no_blank_paper: Mapped[bool] = mapped_column(Boolean)  # 「未在空白文件上用印」
    scan_sha256: Mapped[str | None] = mapped_column(ForeignKey("seal_file.sha256"), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
