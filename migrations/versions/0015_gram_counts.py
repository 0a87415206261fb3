"""Store search: every bigram that has a posting has its count (store_gram_counts), so that a search
can answer "no store" from the counts alone; single edits used to add postings without counts

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


def upgrade():
    bind = op.get_bind()
    bind.execute(sa.text('DELETE FROM store_gram_counts'))
    bind.execute(sa.text('INSERT INTO store_gram_counts (gram, stores) '
                         'SELECT gram, count(*) FROM store_grams GROUP BY gram'))


def downgrade():
    pass  # the counts stay right for the older code, which reads them only to choose a bigram
