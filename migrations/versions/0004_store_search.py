"""Search postings carry the store's sort key and exist only for visible stores; the directory's
indexes end with the id; visible stores are counted per combination of filters (store_counts);
data_versions tells workers when cached directory pages are out of date.

A one- or two-character query is then counted and paged from the postings alone. The postings are
rebuilt here from the stores' keys (a few seconds for the national file's 125,600 stores).

Revision ID: 0004_store_search
Revises: 0003_stores
"""
import sqlalchemy as sa
from alembic import op

revision = '0004_store_search'
down_revision = '0003_stores'
branch_labels = None
depends_on = None

GRAM = sa.String(length=2).with_variant(sa.String(length=2, collation='C'), 'postgresql')
STORE_INDEXES = {
    'ix_stores_visible_name': ['visible', 'name_sort'],
    'ix_stores_visible_dong_name': ['visible', 'dong_id', 'name_sort'],
    'ix_stores_visible_category_name': ['visible', 'category', 'name_sort'],
    'ix_stores_visible_district_name': ['visible', 'district_id', 'name_sort'],
}


def _postings_table(with_sort: bool):
    columns = [sa.Column('gram', GRAM, nullable=False)]
    if with_sort:
        columns.append(sa.Column('name_sort', sa.String(length=120), nullable=False))
    columns.append(sa.Column('store_id', sa.Integer(), nullable=False))
    key = ['gram', 'name_sort', 'store_id'] if with_sort else ['gram', 'store_id']
    op.create_table(
        'store_grams', *columns,
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_store_grams_store_id_stores'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint(*key, name=op.f('pk_store_grams')),
        **({'sqlite_with_rowid': False} if with_sort else {}),
    )
    op.create_index(op.f('ix_store_grams_store_id'), 'store_grams', ['store_id'], unique=False)


def _rebuild_postings(visible_only: bool, with_sort: bool):
    # The same keys → bigrams function the application uses (pure, no database access).
    from alleyweb.stores.text import search_grams

    bind = op.get_bind()
    stores = sa.table('stores', sa.column('id'), sa.column('key_ko'), sa.column('key_cho'), sa.column('key_en'),
                      sa.column('visible'))
    query = sa.select(stores.c.id, stores.c.key_ko, stores.c.key_cho, stores.c.key_en)
    if visible_only:
        query = query.where(stores.c.visible.is_(True))
    grams = sa.table('store_grams', sa.column('gram'), sa.column('name_sort'), sa.column('store_id'))
    batch = []
    for row in bind.execute(query):
        for gram in search_grams(row.key_ko, row.key_cho, row.key_en):
            batch.append({'gram': gram, 'store_id': row.id, **({'name_sort': row.key_ko} if with_sort else {})})
        if len(batch) >= 50_000:
            bind.execute(sa.insert(grams), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(grams), batch)
    bind.execute(sa.text('DELETE FROM store_gram_counts'))
    bind.execute(sa.text('INSERT INTO store_gram_counts (gram, stores) '
                         'SELECT gram, count(*) FROM store_grams GROUP BY gram'))


def _store_indexes(with_id: bool):
    with op.batch_alter_table('stores', schema=None) as batch_op:
        for name, columns in STORE_INDEXES.items():
            batch_op.drop_index(name)
            batch_op.create_index(name, columns + (['id'] if with_id else []), unique=False)


def _create_counts():
    op.create_table(
        'store_counts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('dong_id', sa.Integer(), nullable=True),
        sa.Column('district_id', sa.Integer(), nullable=True),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('accepts_paper', sa.Boolean(), nullable=False),
        sa.Column('accepts_digital', sa.Boolean(), nullable=False),
        sa.Column('stores', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_store_counts')),
    )
    op.execute('INSERT INTO store_counts (dong_id, district_id, category, accepts_paper, accepts_digital, stores) '
               'SELECT dong_id, district_id, category, accepts_paper, accepts_digital, count(*) FROM stores '
               'WHERE visible GROUP BY dong_id, district_id, category, accepts_paper, accepts_digital')


def upgrade():
    op.create_table(
        'data_versions',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions')),
    )
    _create_counts()
    op.drop_index(op.f('ix_store_grams_store_id'), table_name='store_grams')
    op.drop_table('store_grams')
    _postings_table(with_sort=True)
    _rebuild_postings(visible_only=True, with_sort=True)
    _store_indexes(with_id=True)


def downgrade():
    op.drop_table('data_versions')
    op.drop_table('store_counts')
    op.drop_index(op.f('ix_store_grams_store_id'), table_name='store_grams')
    op.drop_table('store_grams')
    _postings_table(with_sort=False)
    _rebuild_postings(visible_only=False, with_sort=False)
    _store_indexes(with_id=False)
