"""Dongs: each administrative welfare centre's address, phone, opening hours and position (staff-entered or
loaded with `flask dongs centres`; nothing is seeded)

Revision ID: 0011_dong_centres
Revises: 0010_program_facts
Create Date: 2026-12-02 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011_dong_centres'
down_revision = '0010_program_facts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'dong_centres',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dong_id', sa.Integer(), nullable=False),
        sa.Column('address', sa.String(length=200), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('hours', sa.String(length=200), nullable=False),
        sa.Column('lat', sa.Float(), nullable=True),
        sa.Column('lng', sa.Float(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['dong_id'], ['dongs.id'], name=op.f('fk_dong_centres_dong_id_dongs'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dong_centres')),
        sa.UniqueConstraint('dong_id', name=op.f('uq_dong_centres_dong_id')),
    )


def downgrade():
    op.drop_table('dong_centres')
