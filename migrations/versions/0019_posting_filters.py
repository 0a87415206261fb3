"""Store search: each posting carries its store's values of the directory's filters (category, dong, shopping
district, paper and digital certificates), so that a search with query text and filters (치킨 among food) is
checked, counted and paged on the postings alone, without reading each posting's store; and how many stores of
each category each posting key is in, so that a one-posting search with a category is counted from one row

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


    op.create_table(
        'store_gram_category_counts',
        sa.Column('gram', sa.String(length=3), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('stores', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('gram', 'category', name=op.f('pk_store_gram_category_counts')),
    )
    op.execute('INSERT INTO store_gram_category_counts (gram, category, stores) '
               'SELECT gram, category, count(*) FROM store_grams GROUP BY gram, category')


def downgrade():
    op.drop_table('store_gram_category_counts')
    for column in reversed(COLUMNS):
        op.drop_column('store_grams', column)
