"""Stores: opening hours, and whether the position is the shopping district's centre; shopping districts:
their centre and their number of shops (members and not) with the date of the count

Revision ID: 0013_store_places
Revises: 0012_search_terms
Create Date: 2026-12-02 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_store_places'
down_revision = '0012_search_terms'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hours', sa.String(length=200), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('position_approx', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('shopping_districts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lng', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('shops', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('shops_counted_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('shopping_districts', schema=None) as batch_op:
        batch_op.drop_column('shops_counted_on')
        batch_op.drop_column('shops')
        batch_op.drop_column('lng')
        batch_op.drop_column('lat')
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.drop_column('position_approx')
        batch_op.drop_column('hours')
