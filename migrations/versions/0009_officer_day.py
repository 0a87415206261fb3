"""The officer's day: program or project, assignee and due date on submissions; internal notes; saved
filters; how a suggestion came in and where it is in its lifecycle; moved and cancelled visits

Revision ID: 0009_officer_day
Revises: 0008_masked_search
Create Date: 2026-12-02 18:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_officer_day'
down_revision = '0008_masked_search'
branch_labels = None
depends_on = None

# The detail that names a submission's program or project, by type (SubmissionType.subject_field).
SUBJECT_FIELDS = {'program_application': 'program', 'project_application': 'project_title'}


def upgrade():
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_submissions_subject'), ['subject'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_assignee_id'), ['assignee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_due_on'), ['due_on'], unique=False)
        batch_op.create_foreign_key('fk_submissions_assignee_id_staff_users', 'staff_users', ['assignee_id'], ['id'],
                                    ondelete='SET NULL')

    op.create_table(
        'submission_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('submission_id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=True),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('submission_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_notes_submission_id'), ['submission_id'], unique=False)

    op.create_table(
        'staff_saved_filters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('staff_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('query', sa.String(length=1000), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['staff_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('staff_saved_filters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_saved_filters_staff_id'), ['staff_id'], unique=False)

    with op.batch_alter_table('voice_suggestions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=10), nullable=False, server_default='web'))
        batch_op.add_column(sa.Column('state', sa.String(length=12), nullable=False, server_default='received'))
        batch_op.create_index(batch_op.f('ix_voice_suggestions_channel'), ['channel'], unique=False)

    with op.batch_alter_table('voice_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=12), nullable=False, server_default='scheduled'))
        batch_op.add_column(sa.Column('moved_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('public_note', sa.Text(), nullable=False, server_default=''))

    # What is already stored: each suggestion's state from its triage, agenda and answer (a thread's
    # members follow their lead), and each application's program or project from its details.
    suggestions = sa.table('voice_suggestions', sa.column('id', sa.Integer), sa.column('thread_id', sa.Integer),
                           sa.column('urgency', sa.String), sa.column('visit_id', sa.Integer),
                           sa.column('answered_at', sa.DateTime), sa.column('state', sa.String))
    connection = op.get_bind()
    rows = {id_: (thread_id, urgency, visit_id, answered_at) for id_, thread_id, urgency, visit_id, answered_at in
            connection.execute(sa.select(suggestions.c.id, suggestions.c.thread_id, suggestions.c.urgency,
                                         suggestions.c.visit_id, suggestions.c.answered_at))}
    for id_, (thread_id, _urgency, _visit, answered_at) in rows.items():
        lead = rows.get(thread_id, rows[id_]) if thread_id else rows[id_]
        state = ('answered' if answered_at is not None else 'on_agenda' if lead[2] is not None
                 else 'triaged' if lead[1] is not None else 'received')
        if state != 'received':
            connection.execute(suggestions.update().where(suggestions.c.id == id_).values(state=state))

    submissions = sa.table('submissions', sa.column('id', sa.Integer), sa.column('type', sa.String),
                           sa.column('details', sa.JSON), sa.column('subject', sa.String))
    for id_, type_key, details in connection.execute(
            sa.select(submissions.c.id, submissions.c.type, submissions.c.details)
            .where(submissions.c.type.in_(list(SUBJECT_FIELDS)))).all():
        value = (details or {}).get(SUBJECT_FIELDS[type_key])
        if value:
            connection.execute(submissions.update().where(submissions.c.id == id_).values(subject=str(value)[:200]))


def downgrade():
    with op.batch_alter_table('voice_visits', schema=None) as batch_op:
        batch_op.drop_column('public_note')
        batch_op.drop_column('moved_from')
        batch_op.drop_column('state')
    with op.batch_alter_table('voice_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_suggestions_channel'))
        batch_op.drop_column('state')
        batch_op.drop_column('channel')
    with op.batch_alter_table('staff_saved_filters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_saved_filters_staff_id'))
    op.drop_table('staff_saved_filters')
    with op.batch_alter_table('submission_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_notes_submission_id'))
    op.drop_table('submission_notes')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_submissions_assignee_id_staff_users', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_submissions_due_on'))
        batch_op.drop_index(batch_op.f('ix_submissions_assignee_id'))
        batch_op.drop_index(batch_op.f('ix_submissions_subject'))
        batch_op.drop_column('due_on')
        batch_op.drop_column('assignee_id')
        batch_op.drop_column('subject')
