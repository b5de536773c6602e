"""Accounts, organisation settings, holiday notices, sequence counters and the audit chain."""

from datetime import datetime

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, RecordMixin, UTCDateTime


class Account(RecordMixin, Base):
    __tablename__ = "account"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64), default="")
    role: Mapped[str] = mapped_column(String(16))
    # Deferred: a clerk's own server login may not read the hashes (db.server_roles), so loading
    # an account must not select them; active_history keeps the replaced hash's digest in the
    # audit entry of a password change.
    password_hash: Mapped[str] = mapped_column(String(256), deferred=True, active_history=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class OrgSetting(RecordMixin, Base):
    """One organisation-profile value (JSON text), editable by an administrator."""

    __tablename__ = "org_setting"

    key: Mapped[str] = mapped_column(String(64), unique=True)
    value_json: Mapped[str] = mapped_column(Text)


class HolidayNotice(RecordMixin, Base):
    """CAL1: a year's official holiday notice, kept in its text form (see desktop_app.workdays)."""

    __tablename__ = "holiday_notice"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    text: Mapped[str] = mapped_column(Text)


class SequenceCounter(Base):
    """Last number issued per sequence (e.g. 'doc:同政发:2026'). Only ever incremented."""

    __tablename__ = "sequence_counter"

    name: Mapped[str] = mapped_column(String(128), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Append-only change log; each row's hash covers its content and the previous row's hash."""

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    record_id: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip (one row). Locking it serialises appends; it also reveals a deleted last row.
    `keyed_from`: seq of the entry from which every hash is keyed (HMAC; 0 = not keyed yet)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_hash: Mapped[str] = mapped_column(String(64))
    # Server-side default only: the audit code inserts the head row without naming this column,
    # so the same insert also works on a schema from before it existed (during upgrades).
    keyed_from: Mapped[int] = mapped_column(Integer, server_default="0")


class SignInAttempt(Base):
    """Consecutive failed sign-ins per user name typed (known or not, so a lockout does not
    reveal which names exist); cleared by a successful sign-in. Each failure is also an entry in
    the audit chain (table 「sign_in」)."""

    __tablename__ = "sign_in_attempt"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
