"""Processing times: how long each kind of submission that is not a program application takes, as staff set
it (days and/or a short text in both languages, and the responsible phone); nothing is seeded

Revision ID: 0016_processing_times
Revises: 0015_gram_counts
Create Date: 2026-12-03 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_processing_times'
down_revision = '0015_gram_counts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'processing_times',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('type_key', sa.String(length=40), nullable=False),
        sa.Column('days', sa.Integer(), nullable=True),
        sa.Column('text_ko', sa.String(length=200), nullable=False),
        sa.Column('text_en', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_processing_times')),
        sa.UniqueConstraint('type_key', name=op.f('uq_processing_times_type_key')),
    )


def downgrade():
    op.drop_table('processing_times')
