"""Store search: how many of each shopping district's visible stores are posted under each Korean key of the
district's own name (its syllables, initials and their bigrams), so that a query that is one posting and
names districts (ㄱㅂ, 양동) is counted from these and the per-filter counts instead of looking up each of the
districts' stores in the postings

Revision ID: 0018_district_gram_counts
Revises: 0017_letter_postings
Create Date: 2026-12-03 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_district_gram_counts'
down_revision = '0017_letter_postings'
branch_labels = None
depends_on = None

DISTRICTS = sa.table('shopping_districts', sa.column('id'), sa.column('key_ko'))
COUNTS = sa.table('district_gram_counts', sa.column('district_id'), sa.column('gram'), sa.column('stores'))
# The initial consonants in syllable order (as alleyweb.stores.text has them in this revision).
CHOSEONG = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'


def _initial(ch):
    return CHOSEONG[(ord(ch) - 0xAC00) // 588] if 0xAC00 <= ord(ch) <= 0xD7A3 else ch


def _keys(key_ko):
    """text.district_posting_keys in this revision."""
    key_cho = ''.join(_initial(ch) for ch in key_ko)
    letters = {ch for key in (key_ko, key_cho) for ch in key if 0xAC00 <= ord(ch) <= 0xD7A3 or ch in CHOSEONG}
    return letters | {key[i:i + 2] for key in {key_ko, key_cho} for i in range(len(key) - 1)}


def upgrade():
    op.create_table(
        'district_gram_counts',
        sa.Column('district_id', sa.Integer(), nullable=False),
        sa.Column('gram', sa.String(length=3), nullable=False),
        sa.Column('stores', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['district_id'], ['shopping_districts.id'],
                                name=op.f('fk_district_gram_counts_district_id_shopping_districts'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('district_id', 'gram', name=op.f('pk_district_gram_counts')),
    )
    bind = op.get_bind()
    keys = {row.id: _keys(row.key_ko or '') for row in bind.execute(sa.select(DISTRICTS.c.id, DISTRICTS.c.key_ko))}
    counts = {(id, gram): 0 for id, grams in keys.items() for gram in grams}
    every = sorted({gram for grams in keys.values() for gram in grams})
    for start in range(0, len(every), 500):
        found = bind.execute(
            sa.text('SELECT g.gram, s.district_id, count(*) FROM store_grams g JOIN stores s ON s.id = g.store_id '
                    'WHERE g.gram IN :grams AND s.visible = :visible AND s.district_id IS NOT NULL '
                    'GROUP BY g.gram, s.district_id')
            .bindparams(sa.bindparam('grams', expanding=True)),
            {'grams': every[start:start + 500], 'visible': True})
        for gram, district_id, stores in found:
            if (district_id, gram) in counts:
                counts[district_id, gram] = stores
    rows = [{'district_id': id, 'gram': gram, 'stores': stores} for (id, gram), stores in counts.items()]
    for start in range(0, len(rows), 5000):
        bind.execute(sa.insert(COUNTS), rows[start:start + 5000])


def downgrade():
    op.drop_table('district_gram_counts')
