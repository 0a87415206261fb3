"""Store search: stores are also posted under each Hangul syllable and initial consonant of their keys, so
that a one-letter query (김, ㄱ) is one posting, counted and paged along its key like a bigram's; and every
count in store_gram_counts is made exact again (single edits used to leave the counts of the bigrams a
renamed or hidden store lost too high), since a one-posting search now takes its total from there

Revision ID: 0017_letter_postings
Revises: 0016_processing_times
Create Date: 2026-12-03 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_letter_postings'
down_revision = '0016_processing_times'
branch_labels = None
depends_on = None

STORES = sa.table('stores', sa.column('id'), sa.column('key_ko'), sa.column('key_cho'), sa.column('key_en'),
                  sa.column('visible'))
GRAMS = sa.table('store_grams', sa.column('gram'), sa.column('name_sort'), sa.column('store_id'))
# The initial consonants and the range of Hangul syllables (as alleyweb.stores.text has them in this revision).
CHOSEONG = frozenset('ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ')


def _letters(*keys):
    return {ch for key in keys for ch in (key or '') if 0xAC00 <= ord(ch) <= 0xD7A3 or ch in CHOSEONG}


def _recount(bind):
    bind.execute(sa.text('DELETE FROM store_gram_counts'))
    bind.execute(sa.text('INSERT INTO store_gram_counts (gram, stores) '
                         'SELECT gram, count(*) FROM store_grams GROUP BY gram'))


def upgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.select(STORES.c.id, STORES.c.key_ko, STORES.c.key_cho, STORES.c.key_en)
                        .where(STORES.c.visible.is_(True)))
    batch = []
    for row in rows.all():
        batch += [{'gram': letter, 'name_sort': row.key_ko, 'store_id': row.id}
                  for letter in _letters(row.key_ko, row.key_cho, row.key_en)]
        if len(batch) >= 20_000:
            bind.execute(sa.insert(GRAMS), batch)
            batch = []
    if batch:
        bind.execute(sa.insert(GRAMS), batch)
    _recount(bind)


def downgrade():
    bind = op.get_bind()
    bind.execute(sa.text('DELETE FROM store_grams WHERE length(gram) = 1'))
    _recount(bind)
