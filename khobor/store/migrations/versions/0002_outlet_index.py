"""Index articles.outlet: the search page filters by outlet.

Revision ID: 0002
"""

from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_index("ix_articles_outlet", "articles", ["outlet"])


def downgrade() -> None:
    op.drop_index("ix_articles_outlet", "articles")
