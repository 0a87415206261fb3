"""Submissions: the text a role that sees masked data may search (receipt and non-personal answers,
with phone numbers, e-mail addresses and registration numbers taken out)

Revision ID: 0008_masked_search
Revises: 0007_voice
Create Date: 2026-12-02 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_masked_search'
down_revision = '0007_voice'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('masked_search_text', sa.Text(), nullable=False, server_default=''))

    # Fill it for what is already stored, by the same rule new submissions follow (types are registered
    # by the app that runs the migration). Anonymised submissions keep only their receipt number.
    from alleyweb.submissions.visibility import masked_search_text

    submissions = sa.table('submissions', sa.column('id', sa.Integer), sa.column('type', sa.String),
                           sa.column('receipt_no', sa.String), sa.column('details', sa.JSON),
                           sa.column('masked_search_text', sa.Text))
    connection = op.get_bind()
    rows = connection.execute(sa.select(submissions.c.id, submissions.c.type, submissions.c.receipt_no,
                                        submissions.c.details)).all()
    for id_, type_key, receipt_no, details in rows:
        connection.execute(submissions.update().where(submissions.c.id == id_).values(
            masked_search_text=masked_search_text(type_key, receipt_no, details or {})))


def downgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_column('masked_search_text')
