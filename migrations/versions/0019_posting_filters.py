"""Store search: each posting carries its store's values of the directory's filters (category, dong, shopping
district, paper and digital certificates), so that a search with query text and filters (치킨 among food) is
checked, counted and paged on the postings alone, without reading each posting's store

Revision ID: 0019_posting_filters
Revises: 0018_district_gram_counts
Create Date: 2026-12-03 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019_posting_filters'
down_revision = '0018_district_gram_counts'
branch_labels = None
depends_on = None

COLUMNS = ('category', 'dong_id', 'district_id', 'accepts_paper', 'accepts_digital')


def upgrade():
    op.add_column('store_grams', sa.Column('category', sa.String(length=20), nullable=False, server_default='other'))
    op.add_column('store_grams', sa.Column('dong_id', sa.Integer(), nullable=True))
    op.add_column('store_grams', sa.Column('district_id', sa.Integer(), nullable=True))
    op.add_column('store_grams', sa.Column('accepts_paper', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('store_grams', sa.Column('accepts_digital', sa.Boolean(), nullable=False,
                                           server_default=sa.false()))
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.execute('UPDATE store_grams g SET ' + ', '.join(f'{c} = s.{c}' for c in COLUMNS)
                   + ' FROM stores s WHERE s.id = g.store_id')
    else:
        op.execute('UPDATE store_grams SET (' + ', '.join(COLUMNS) + ') = (SELECT ' + ', '.join(COLUMNS)
                   + ' FROM stores s WHERE s.id = store_grams.store_id)')


def downgrade():
    for column in reversed(COLUMNS):
        op.drop_column('store_grams', column)
