"""The codes printed on the sheets leaders sign (发文稿纸, 收文处理笺, 议题审批表, 督办通知单): an
opaque random token per record, so a scanned sheet finds its record again. The token says nothing
by itself (no kind, no id, no number in it); it is resolved only through this table, and only for
an account allowed to see the record (R44)."""

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin


class SheetCode(RecordMixin, Base):
    """One record's code: the same token on every print of its sheet, so an older printed copy
    still finds the record."""

    __tablename__ = "sheet_code"
    __table_args__ = (UniqueConstraint("kind", "record_id"),)

    token: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16))  # incoming | outgoing | agenda_item | supervision
    record_id: Mapped[int] = mapped_column(Integer)
