"""Provenance of the records brought in from the office's own spreadsheets (导入): which file (by
its SHA-256, so the same file is never imported twice into one register), which sheet and row,
who imported it and when, and the column mapping each register last used."""

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin


class ImportBatch(RecordMixin, Base):
    """One confirmed import of one sheet into one register; who and when are its created_by and
    created_at. Written in the same transaction as the records it brought: all or nothing."""

    __tablename__ = "import_batch"
    __table_args__ = (UniqueConstraint("kind", "file_hash"),)

    kind: Mapped[str] = mapped_column(String(32))  # incoming | outgoing | …
    file_name: Mapped[str] = mapped_column(String(256))
    file_hash: Mapped[str] = mapped_column(String(64))  # SHA-256 of the file's bytes
    sheet: Mapped[str] = mapped_column(String(128))
    row_count: Mapped[int] = mapped_column(Integer)
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")  # header → field, as used


class ImportedRecord(RecordMixin, Base):
    """One record made by an import, and the sheet row it came from."""

    __tablename__ = "imported_record"
    __table_args__ = (
        UniqueConstraint("table_name", "record_id"),
        Index("ix_imported_record_batch", "batch_id"),
    )

    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    sheet_row: Mapped[int] = mapped_column(Integer)  # as Excel numbers it, header included
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[int] = mapped_column(Integer)


class ImportMapping(RecordMixin, Base):
    """The column mapping last confirmed for a register: the next sheet with the same headers
    is mapped the same way without asking."""

    __tablename__ = "import_mapping"

    kind: Mapped[str] = mapped_column(String(32), unique=True)
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")  # header → field key
