"""Merchant voice: suggestions (triage, threads, answers) and Alley Office visits

Revision ID: 0007_voice
Revises: 0006_programs
Create Date: 2026-11-28 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007_voice'
down_revision = '0006_programs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('voice_visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('start_time', sa.String(length=5), nullable=False),
    sa.Column('dong_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('host_shop', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['district_id'], ['shopping_districts.id'], name=op.f('fk_voice_visits_district_id_shopping_districts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dong_id'], ['dongs.id'], name=op.f('fk_voice_visits_dong_id_dongs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_visits'))
    )
    with op.batch_alter_table('voice_visits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_visits_dong_id'), ['dong_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_visits_visit_date'), ['visit_date'], unique=False)

    op.create_table('voice_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('topic', sa.String(length=20), nullable=False),
    sa.Column('dong_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('may_publish', sa.Boolean(), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('department', sa.String(length=20), nullable=True),
    sa.Column('triaged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('agenda_order', sa.Integer(), nullable=False),
    sa.Column('answer_ko', sa.Text(), nullable=False),
    sa.Column('answer_en', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('public_text', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['district_id'], ['shopping_districts.id'], name=op.f('fk_voice_suggestions_district_id_shopping_districts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dong_id'], ['dongs.id'], name=op.f('fk_voice_suggestions_dong_id_dongs')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_voice_suggestions_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['thread_id'], ['voice_suggestions.id'], name=op.f('fk_voice_suggestions_thread_id_voice_suggestions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['visit_id'], ['voice_visits.id'], name=op.f('fk_voice_suggestions_visit_id_voice_visits'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_suggestions')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_voice_suggestions_submission_id'))
    )
    with op.batch_alter_table('voice_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_suggestions_answered_at'), ['answered_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_suggestions_dong_id'), ['dong_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_suggestions_received_at'), ['received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_suggestions_thread_id'), ['thread_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_suggestions_topic'), ['topic'], unique=False)
        batch_op.create_index(batch_op.f('ix_voice_suggestions_visit_id'), ['visit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('voice_suggestions', schema=None) as batch_op:
        for name in ('visit_id', 'topic', 'thread_id', 'received_at', 'dong_id', 'answered_at'):
            batch_op.drop_index(batch_op.f(f'ix_voice_suggestions_{name}'))
    op.drop_table('voice_suggestions')
    with op.batch_alter_table('voice_visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_visits_visit_date'))
        batch_op.drop_index(batch_op.f('ix_voice_visits_dong_id'))
    op.drop_table('voice_visits')
