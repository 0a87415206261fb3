"""Stores: key_loose, the romanised name folded by the spelling-variant rules (kimbap, gim-bap and
gimbap are one key), and its bigrams in the search postings; shopping districts' English names
written the way maps write them (Hwajeong 1-dong Jungang Shopping Street)

Revision ID: 0012_search_terms
Revises: 0011_dong_centres
Create Date: 2026-12-02 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_search_terms'
down_revision = '0011_dong_centres'
branch_labels = None
depends_on = None

STORES = sa.table('stores', sa.column('id', sa.Integer), sa.column('key_ko', sa.String),
                  sa.column('key_cho', sa.String), sa.column('key_en', sa.String),
                  sa.column('key_loose', sa.String), sa.column('visible', sa.Boolean))
DISTRICTS = sa.table('shopping_districts', sa.column('id', sa.Integer), sa.column('name', sa.String),
                     sa.column('name_en', sa.String), sa.column('key_en', sa.String))
GRAMS = sa.table('store_grams', sa.column('gram'), sa.column('name_sort'), sa.column('store_id'))


def _rebuild_postings():
    """Every visible store's postings again, by the application's own keys → bigrams function."""
    from alleyweb.stores.text import search_grams

    bind = op.get_bind()
    bind.execute(sa.delete(GRAMS))
    batch = []
    query = sa.select(STORES.c.id, STORES.c.key_ko, STORES.c.key_cho, STORES.c.key_en).where(STORES.c.visible.is_(True))
    for row in bind.execute(query).all():
        batch += [{'gram': gram, 'name_sort': row.key_ko, 'store_id': row.id}
                  for gram in search_grams(row.key_ko, row.key_cho, row.key_en)]
        if len(batch) >= 50_000:
            bind.execute(sa.insert(GRAMS), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(GRAMS), batch)
    bind.execute(sa.text('DELETE FROM store_gram_counts'))
    bind.execute(sa.text('INSERT INTO store_gram_counts (gram, stores) '
                         'SELECT gram, count(*) FROM store_grams GROUP BY gram'))


def upgrade():
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_loose', sa.String(length=240), nullable=False, server_default=''))

    from alleyweb.stores.text import loose_key

    bind = op.get_bind()
    rows = bind.execute(sa.select(STORES.c.id, STORES.c.key_en)).all()
    for start in range(0, len(rows), 5000):
        bind.execute(sa.update(STORES).where(STORES.c.id == sa.bindparam('store_id'))
                     .values(key_loose=sa.bindparam('loose')),
                     [{'store_id': row.id, 'loose': loose_key(row.key_en).upper()} for row in rows[start:start + 5000]])
    _rebuild_postings()

    from alleyweb.stores.text import roman_key, romanize_district

    for row in bind.execute(sa.select(DISTRICTS.c.id, DISTRICTS.c.name)).all():
        name_en = romanize_district(row.name)
        bind.execute(sa.update(DISTRICTS).where(DISTRICTS.c.id == row.id)
                     .values(name_en=name_en, key_en=roman_key(name_en)))


def downgrade():
    with op.batch_alter_table('stores', schema=None) as batch_op:
        batch_op.drop_column('key_loose')
    # The postings keep the folded bigrams, which no query of the older code reads.
