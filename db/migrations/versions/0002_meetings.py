"""meetings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 16:39:34.391526
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "meeting",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=128), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("room", sa.String(length=32), nullable=False),
        sa.Column("presider_id", sa.Integer(), nullable=True),
        sa.Column("presider_capacity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("sector_exec_agreed_on", sa.Date(), nullable=True),
        sa.Column("sector_mayor_approved_on", sa.Date(), nullable=True),
        sa.Column("township_heads_required", sa.Boolean(), nullable=False),
        sa.Column("township_heads_approved_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=64), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["presider_id"], ["person.id"], name=op.f("fk_meeting_presider_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_starts_at"), ["starts_at"], unique=False)

    op.create_table(
        "attendance",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("leave_approved_by", sa.Integer(), nullable=True),
        sa.Column("substitute", sa.String(length=64), nullable=False),
        sa.Column("substitute_approved_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=256), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["leave_approved_by"],
            ["person.id"],
            name=op.f("fk_attendance_leave_approved_by_person"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_attendance_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_attendance_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["substitute_approved_by"],
            ["person.id"],
            name=op.f("fk_attendance_substitute_approved_by_person"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_attendance_unit_id_unit")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attendance")),
    )
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attendance_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "emergency_decision",
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=256), nullable=False),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("reported_meeting_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=64), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reported_meeting_id"],
            ["meeting.id"],
            name=op.f("fk_emergency_decision_reported_meeting_id_meeting"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_emergency_decision")),
    )
    op.create_table(
        "minutes",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("issue_number", sa.Integer(), nullable=True),
        sa.Column("opening", sa.Text(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("cc", sa.Text(), nullable=False),
        sa.Column("comments_on", sa.Date(), nullable=True),
        sa.Column("legal_on", sa.Date(), nullable=True),
        sa.Column("exec_reviewed_on", sa.Date(), nullable=True),
        sa.Column("signer_id", sa.Integer(), nullable=True),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("signer_capacity", sa.String(length=16), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("correction_kind", sa.String(length=8), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["minutes.id"], name=op.f("fk_minutes_corrects_id_minutes")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_minutes_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["signer_id"], ["person.id"], name=op.f("fk_minutes_signer_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minutes")),
    )
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_minutes_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "agenda_item",
        sa.Column("title", sa.String(length=256), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sponsor_id", sa.Integer(), nullable=True),
        sa.Column("department_id", sa.Integer(), nullable=True),
        sa.Column("category", sa.String(length=16), nullable=False),
        sa.Column("is_policy", sa.Boolean(), nullable=False),
        sa.Column("is_important", sa.Boolean(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("coordination_method", sa.String(length=16), nullable=False),
        sa.Column("coordination_on", sa.Date(), nullable=True),
        sa.Column("sponsor_signed_on", sa.Date(), nullable=True),
        sa.Column("office_consolidated_on", sa.Date(), nullable=True),
        sa.Column("exec_reviewed_on", sa.Date(), nullable=True),
        sa.Column("exec_reviewed_by", sa.Integer(), nullable=True),
        sa.Column("mayor_approved_on", sa.Date(), nullable=True),
        sa.Column("mayor_approved_by", sa.Integer(), nullable=True),
        sa.Column("legal_reviewed_on", sa.Date(), nullable=True),
        sa.Column("procedure_sheet_on", sa.Date(), nullable=True),
        sa.Column("consensus", sa.Boolean(), nullable=False),
        sa.Column("disagreement", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("mayor_consent_on", sa.Date(), nullable=True),
        sa.Column("briefing_on", sa.Date(), nullable=True),
        sa.Column("materials_received_on", sa.Date(), nullable=True),
        sa.Column("materials_copies", sa.Integer(), nullable=False),
        sa.Column("reporter", sa.String(length=64), nullable=False),
        sa.Column("discussion", sa.Text(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
        sa.Column("emergency_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=64), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["department_id"], ["unit.id"], name=op.f("fk_agenda_item_department_id_unit")
        ),
        sa.ForeignKeyConstraint(
            ["emergency_id"],
            ["emergency_decision.id"],
            name=op.f("fk_agenda_item_emergency_id_emergency_decision"),
        ),
        sa.ForeignKeyConstraint(
            ["exec_reviewed_by"], ["person.id"], name=op.f("fk_agenda_item_exec_reviewed_by_person")
        ),
        sa.ForeignKeyConstraint(
            ["mayor_approved_by"],
            ["person.id"],
            name=op.f("fk_agenda_item_mayor_approved_by_person"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_agenda_item_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["sponsor_id"], ["person.id"], name=op.f("fk_agenda_item_sponsor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_item")),
    )
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_item_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "decision",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("vice_mayor_id", sa.Integer(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("quality", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=True),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("voided_by", sa.String(length=64), nullable=True),
        sa.Column("void_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["agenda_item.id"],
            name=op.f("fk_decision_agenda_item_id_agenda_item"),
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_decision_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["unit.id"], name=op.f("fk_decision_unit_id_unit")),
        sa.ForeignKeyConstraint(
            ["vice_mayor_id"], ["person.id"], name=op.f("fk_decision_vice_mayor_id_person")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_deadline"), ["deadline"], unique=False)
        batch_op.create_index(batch_op.f("ix_decision_meeting_id"), ["meeting_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_decision_deadline"))

    op.drop_table("decision")
    with op.batch_alter_table("agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_item_meeting_id"))

    op.drop_table("agenda_item")
    with op.batch_alter_table("minutes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minutes_meeting_id"))

    op.drop_table("minutes")
    op.drop_table("emergency_decision")
    with op.batch_alter_table("attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attendance_meeting_id"))

    op.drop_table("attendance")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_starts_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_kind"))

    op.drop_table("meeting")
