"""Dongs: the 18 administrative dongs of Seo-gu, as reference data.

Revision ID: 0001_dongs
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_dongs"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copy of alleyweb/data/seogu_dongs.csv at the time of this migration; a test checks they agree.
DONGS = [
    ("2914057500", "양동", "Yang-dong"),
    ("2914059000", "양3동", "Yang 3-dong"),
    ("2914065000", "농성1동", "Nongseong 1-dong"),
    ("2914066000", "농성2동", "Nongseong 2-dong"),
    ("2914073000", "광천동", "Gwangcheon-dong"),
    ("2914074000", "유덕동", "Yudeok-dong"),
    ("2914074500", "치평동", "Chipyeong-dong"),
    ("2914075100", "상무1동", "Sangmu 1-dong"),
    ("2914075200", "상무2동", "Sangmu 2-dong"),
    ("2914076000", "화정1동", "Hwajeong 1-dong"),
    ("2914077000", "화정2동", "Hwajeong 2-dong"),
    ("2914078000", "화정3동", "Hwajeong 3-dong"),
    ("2914079000", "화정4동", "Hwajeong 4-dong"),
    ("2914080000", "서창동", "Seochang-dong"),
    ("2914082100", "금호1동", "Geumho 1-dong"),
    ("2914082400", "금호2동", "Geumho 2-dong"),
    ("2914083000", "풍암동", "Pungam-dong"),
    ("2914084000", "동천동", "Dongcheon-dong"),
]


def upgrade():
    dongs = op.create_table(
        "dongs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name_ko", sa.String(length=40), nullable=False),
        sa.Column("name_en", sa.String(length=60), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dongs")),
        sa.UniqueConstraint("code", name=op.f("uq_dongs_code")),
        sa.UniqueConstraint("name_ko", name=op.f("uq_dongs_name_ko")),
    )
    op.bulk_insert(
        dongs,
        [{"code": code, "name_ko": ko, "name_en": en, "sort_order": order}
         for order, (code, ko, en) in enumerate(DONGS, start=1)],
    )


def downgrade():
    op.drop_table("dongs")
