"""Declarative base and the columns every table shares (DESIGN.md → Data).

Every record has created/updated at+by and a version column that SQLAlchemy uses for optimistic
locking. Register records are never deleted: VoidableMixin adds the 作废 columns instead.
"""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import DateTime, FromClause, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps on both engines.

    SQLite has no time zone type and hands back naive values; store UTC and re-attach it, so a
    timestamp means the same instant whichever engine the office uses.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a timezone-aware column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class RecordMixin:
    """id, who/when created and updated, and the optimistic-locking version."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    if TYPE_CHECKING:
        # Every class that mixes this in is a mapped table (what the audit and the checks read);
        # declared for the type checker only, so declarative scanning sees nothing new.
        __tablename__: str
        __table__: ClassVar[FromClause]

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:  # noqa: N805 - SQLAlchemy's declared_attr signature
        # A stale UPDATE (version changed underneath) raises StaleDataError instead of
        # silently overwriting another clerk's save.
        return {"version_id_col": cls.__table__.c.version}


class VoidableMixin:
    """Registers are append-only: a wrong record is voided (作废) with a reason and stays visible."""

    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    voided_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None
