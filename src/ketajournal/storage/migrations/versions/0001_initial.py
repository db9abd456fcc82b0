"""The initial schema: every table of the data model, and the full-text index.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27

A frozen snapshot: later schema changes get their own revision, never an edit here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

# One FTS5 index over all free text. `kind` and `ref_id` say where a row came from.
SEARCH_DDL = (
    "CREATE VIRTUAL TABLE search_index USING fts5("
    "kind UNINDEXED, ref_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)

REFLECTION_TEXT = (
    "coalesce(new.fragments, '') || char(10) || coalesce(new.insights, '') || char(10) || "
    "coalesce(new.emotions, '') || char(10) || coalesce(new.images_memories, '') || char(10) || "
    "coalesce(new.what_was_hard, '') || char(10) || coalesce(new.integration_step, '') || "
    "char(10) || coalesce(new.insight_in_life, '')"
)
REFLECTION_COLUMNS = (
    "fragments, insights, emotions, images_memories, what_was_hard, integration_step, "
    "insight_in_life"
)


def _triggers(table: str, kind: str, title: str, body: str, columns: str, when: str) -> list[str]:
    """Insert/update/delete triggers that keep `search_index` in step with `table`."""
    insert = (
        f"INSERT INTO search_index (kind, ref_id, title, body) "
        f"SELECT '{kind}', new.id, {title}, {body} WHERE {when}"
    )
    delete = f"DELETE FROM search_index WHERE kind = '{kind}' AND ref_id = old.id"
    return [
        f"CREATE TRIGGER {table}_search_ai AFTER INSERT ON {table} BEGIN {insert}; END",
        f"CREATE TRIGGER {table}_search_ad AFTER DELETE ON {table} BEGIN {delete}; END",
        f"CREATE TRIGGER {table}_search_au AFTER UPDATE OF {columns} ON {table} "
        f"BEGIN {delete}; {insert}; END",
    ]


SEARCH_TRIGGERS = (
    _triggers("journal_entry", "journal", "new.title", "new.body", "title, body", "1")
    + _triggers(
        "reflection",
        "reflection",
        "NULL",
        REFLECTION_TEXT,
        REFLECTION_COLUMNS,
        "trim(" + REFLECTION_TEXT + ", char(10)) != ''",
    )
    + _triggers(
        "session", "intention", "NULL", "new.intention", "intention", "new.intention IS NOT NULL"
    )
    + _triggers(
        "session_event",
        "note",
        "NULL",
        "new.text",
        "text, kind",
        "new.kind = 'note' AND new.text IS NOT NULL",
    )
)


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_contact_role"), "contact", ["role"], unique=False)
    op.create_table(
        "mood_checkin",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("at", sa.String(length=26), nullable=False),
        sa.Column("mood", sa.Integer(), nullable=False),
        sa.Column("anxiety", sa.Integer(), nullable=True),
        sa.Column("sleep_hours", sa.Float(), nullable=True),
        sa.Column("energy", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_mood_checkin_at"), "mood_checkin", ["at"], unique=False)
    op.create_table(
        "plan",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("medication", sa.String(), nullable=False),
        sa.Column("form", sa.String(), nullable=False),
        sa.Column("concentration_mg_per_ml", sa.Float(), nullable=True),
        sa.Column("prescriber", sa.String(), nullable=True),
        sa.Column("bp_required", sa.Boolean(), nullable=False),
        sa.Column("first_session_supervised", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "question",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("done_at", sa.String(length=26), nullable=True),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_question_done_at"), "question", ["done_at"], unique=False)
    op.create_table(
        "scale_result",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("at", sa.String(length=26), nullable=False),
        sa.Column("scale", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Text(), nullable=True),
        sa.Column("band", sa.String(), nullable=True),
        sa.Column("item9_positive", sa.Boolean(), nullable=False),
        sa.Column("rated_by", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scale_result_scale_at", "scale_result", ["scale", "at"], unique=False)
    op.create_table(
        "setting",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    op.create_table(
        "dose_step",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("effective_at", sa.String(length=26), nullable=False),
        sa.Column("dose_mg", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_dose_step_effective_at"), "dose_step", ["effective_at"], unique=False)
    op.create_index(op.f("ix_dose_step_plan_id"), "dose_step", ["plan_id"], unique=False)
    op.create_table(
        "schedule_phase",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("plan_id", sa.String(length=36), nullable=False),
        sa.Column("phase", sa.String(), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.String(length=26), nullable=False),
        sa.ForeignKeyConstraint(["plan_id"], ["plan.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_schedule_phase_plan_id"), "schedule_phase", ["plan_id"], unique=False)
    op.create_index(
        op.f("ix_schedule_phase_starts_at"), "schedule_phase", ["starts_at"], unique=False
    )
    op.create_table(
        "session",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("planned_at", sa.String(length=26), nullable=True),
        sa.Column("timing_checks", sa.Text(), nullable=False),
        sa.Column("last_meal_at", sa.String(length=26), nullable=True),
        sa.Column("medications_today", sa.Text(), nullable=False),
        sa.Column("setting_checklist", sa.Text(), nullable=False),
        sa.Column("support_contact_id", sa.String(length=36), nullable=True),
        sa.Column("support_name", sa.String(), nullable=True),
        sa.Column("intention", sa.Text(), nullable=True),
        sa.Column("mood_before", sa.Integer(), nullable=True),
        sa.Column("anxiety_before", sa.Integer(), nullable=True),
        sa.Column("bp_before_systolic", sa.Integer(), nullable=True),
        sa.Column("bp_before_diastolic", sa.Integer(), nullable=True),
        sa.Column("prescribed_dose_mg", sa.Float(), nullable=True),
        sa.Column("taken_dose_mg", sa.Float(), nullable=True),
        sa.Column("skipped_steps", sa.Text(), nullable=False),
        sa.Column("recorded_after", sa.Boolean(), nullable=False),
        sa.Column("sip_started_at", sa.String(length=26), nullable=True),
        sa.Column("experience_started_at", sa.String(length=26), nullable=True),
        sa.Column("rest_started_at", sa.String(length=26), nullable=True),
        sa.Column("ended_at", sa.String(length=26), nullable=True),
        sa.ForeignKeyConstraint(["support_contact_id"], ["contact.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_session_sip_started_at"), "session", ["sip_started_at"], unique=False)
    op.create_index(op.f("ix_session_status"), "session", ["status"], unique=False)
    op.create_index(
        op.f("ix_session_support_contact_id"), "session", ["support_contact_id"], unique=False
    )
    op.create_table(
        "journal_entry",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("written_at", sa.String(length=26), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("share_level", sa.String(), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_journal_entry_session_id"), "journal_entry", ["session_id"], unique=False
    )
    op.create_index(
        op.f("ix_journal_entry_share_level"), "journal_entry", ["share_level"], unique=False
    )
    op.create_index(
        op.f("ix_journal_entry_written_at"), "journal_entry", ["written_at"], unique=False
    )
    op.create_table(
        "reflection",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("due_at", sa.String(length=26), nullable=False),
        sa.Column("answered_at", sa.String(length=26), nullable=True),
        sa.Column("snoozed_until", sa.String(length=26), nullable=True),
        sa.Column("share_level", sa.String(), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=True),
        sa.Column("dissociation", sa.Integer(), nullable=True),
        sa.Column("mood_after", sa.Integer(), nullable=True),
        sa.Column("anxiety_after", sa.Integer(), nullable=True),
        sa.Column("side_effects", sa.Text(), nullable=False),
        sa.Column("fragments", sa.Text(), nullable=True),
        sa.Column("intention_touched", sa.String(), nullable=True),
        sa.Column("insights", sa.Text(), nullable=True),
        sa.Column("emotions", sa.Text(), nullable=True),
        sa.Column("images_memories", sa.Text(), nullable=True),
        sa.Column("what_was_hard", sa.Text(), nullable=True),
        sa.Column("integration_step", sa.Text(), nullable=True),
        sa.Column("insight_in_life", sa.Text(), nullable=True),
        sa.Column("integration_step_happened", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_reflection_session_id"), "reflection", ["session_id"], unique=False)
    op.create_index("ix_reflection_status_due", "reflection", ["status", "due_at"], unique=False)
    op.create_table(
        "session_event",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("session_id", sa.String(length=36), nullable=False),
        sa.Column("at", sa.String(length=26), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("sensation", sa.String(), nullable=True),
        sa.Column("severity", sa.String(), nullable=True),
        sa.Column("phase", sa.String(), nullable=True),
        sa.Column("systolic", sa.Integer(), nullable=True),
        sa.Column("diastolic", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["session_id"], ["session.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_session_event_session_at", "session_event", ["session_id", "at"], unique=False
    )
    op.create_table(
        "progress_marker",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=26), nullable=False),
        sa.Column("updated_at", sa.String(length=26), nullable=False),
        sa.Column("at", sa.String(length=26), nullable=False),
        sa.Column("marker", sa.String(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reflection_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["reflection_id"], ["reflection.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_progress_marker_at"), "progress_marker", ["at"], unique=False)
    op.create_index(
        op.f("ix_progress_marker_reflection_id"), "progress_marker", ["reflection_id"], unique=False
    )

    op.execute(SEARCH_DDL)
    for statement in SEARCH_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for table in ("journal_entry", "reflection", "session", "session_event"):
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{suffix}")
    op.execute("DROP TABLE IF EXISTS search_index")
    for table in (
        "progress_marker",
        "question",
        "scale_result",
        "mood_checkin",
        "journal_entry",
        "reflection",
        "session_event",
        "session",
        "setting",
        "contact",
        "schedule_phase",
        "dose_step",
        "plan",
    ):
        op.drop_table(table)
