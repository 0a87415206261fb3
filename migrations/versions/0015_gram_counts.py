"""Store search: stores are also posted under each trigram of their initial consonants (key_cho), so that
a query of three or more initials (ㄱㅂㅊㄱ) reads a hundred postings instead of thousands; and every
posted bigram or trigram has its count (store_gram_counts), so that a search can answer "no store"
from the counts alone (single edits used to add postings without counts)

Revision ID: 0015_gram_counts
Revises: 0014_notifications
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_gram_counts'
down_revision = '0014_notifications'
branch_labels = None
depends_on = None

STORES = sa.table('stores', sa.column('id'), sa.column('key_ko'), sa.column('key_cho'), sa.column('visible'))
GRAMS = sa.table('store_grams', sa.column('gram'), sa.column('name_sort'), sa.column('store_id'))


def _recount(bind):
    bind.execute(sa.text('DELETE FROM store_gram_counts'))
    bind.execute(sa.text('INSERT INTO store_gram_counts (gram, stores) '
                         'SELECT gram, count(*) FROM store_grams GROUP BY gram'))


def _gram_length(length: int):
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        op.alter_column('store_grams', 'gram', type_=sa.String(length, collation='C'), existing_nullable=False)
        op.alter_column('store_gram_counts', 'gram', type_=sa.String(length), existing_nullable=False)
        return
    # SQLite cannot change a column: the postings table (without rowid) is made again and its rows copied.
    op.drop_index(op.f('ix_store_grams_store_id'), table_name='store_grams')
    op.rename_table('store_grams', 'store_grams_old')
    op.create_table(
        'store_grams',
        sa.Column('gram', sa.String(length), nullable=False),
        sa.Column('name_sort', sa.String(length=120), nullable=False),
        sa.Column('store_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['store_id'], ['stores.id'], name=op.f('fk_store_grams_store_id_stores'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('gram', 'name_sort', 'store_id', name=op.f('pk_store_grams')),
        sqlite_with_rowid=False,
    )
    bind.execute(sa.text('INSERT INTO store_grams (gram, name_sort, store_id) '
                         'SELECT gram, name_sort, store_id FROM store_grams_old'))
    op.drop_table('store_grams_old')
    op.create_index(op.f('ix_store_grams_store_id'), 'store_grams', ['store_id'], unique=False)
    with op.batch_alter_table('store_gram_counts') as batch_op:
        batch_op.alter_column('gram', type_=sa.String(length), existing_nullable=False)


def upgrade():
    bind = op.get_bind()
    _gram_length(3)
    batch = []
    rows = bind.execute(sa.select(STORES.c.id, STORES.c.key_ko, STORES.c.key_cho).where(STORES.c.visible.is_(True)))
    for row in rows.all():
        cho = row.key_cho or ''
        batch += [{'gram': gram, 'name_sort': row.key_ko, 'store_id': row.id}
                  for gram in {cho[i:i + 3] for i in range(len(cho) - 2)}]
        if len(batch) >= 20_000:
            bind.execute(sa.insert(GRAMS), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(GRAMS), batch)
    _recount(bind)


def downgrade():
    bind = op.get_bind()
    bind.execute(sa.text('DELETE FROM store_grams WHERE length(gram) = 3'))
    _recount(bind)
    _gram_length(2)
