"""Welfare programs

Revision ID: 0006_programs
Revises: 0005_giving
Create Date: 2026-11-21 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_programs'
down_revision = '0005_giving'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=60), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('title_ko', sa.String(length=120), nullable=False),
    sa.Column('title_en', sa.String(length=160), nullable=False),
    sa.Column('summary_ko', sa.String(length=300), nullable=False),
    sa.Column('summary_en', sa.String(length=400), nullable=False),
    sa.Column('audience_ko', sa.Text(), nullable=False),
    sa.Column('audience_en', sa.Text(), nullable=False),
    sa.Column('benefits_ko', sa.Text(), nullable=False),
    sa.Column('benefits_en', sa.Text(), nullable=False),
    sa.Column('how_to_apply_ko', sa.Text(), nullable=False),
    sa.Column('how_to_apply_en', sa.Text(), nullable=False),
    sa.Column('documents_ko', sa.Text(), nullable=False),
    sa.Column('documents_en', sa.Text(), nullable=False),
    sa.Column('contact_office_ko', sa.String(length=120), nullable=False),
    sa.Column('contact_office_en', sa.String(length=160), nullable=False),
    sa.Column('contact_phone', sa.String(length=20), nullable=False),
    sa.Column('last_checked', sa.Date(), nullable=False),
    sa.Column('online_application', sa.Boolean(), nullable=False),
    sa.Column('retention_days', sa.Integer(), nullable=False),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programs')),
    sa.UniqueConstraint('slug', name=op.f('uq_programs_slug'))
    )
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programs_category'), ['category'], unique=False)


def downgrade():
    with op.batch_alter_table('programs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programs_category'))

    op.drop_table('programs')
