"""The care team's blood-pressure limits on the plan, and a share level for each question.

Revision ID: 0003_summary_fields
Revises: 0002_fts_secure_delete
Create Date: 2026-12-03

The check-in summary compares blood pressure with the limits the care team set (when the
plan has them; otherwise with the American Heart Association's categories), and lists only
the questions meant for its reader. Questions written before this revision were all for
the clinician's check-in, so they keep that audience.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_summary_fields"
down_revision = "0002_fts_secure_delete"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plan") as batch:
        batch.add_column(sa.Column("bp_limit_systolic", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("bp_limit_diastolic", sa.Integer(), nullable=True))
    with op.batch_alter_table("question") as batch:
        batch.add_column(
            sa.Column("share_level", sa.String(), nullable=False, server_default="clinician")
        )


def downgrade() -> None:
    with op.batch_alter_table("question") as batch:
        batch.drop_column("share_level")
    with op.batch_alter_table("plan") as batch:
        batch.drop_column("bp_limit_diastolic")
        batch.drop_column("bp_limit_systolic")
