"""Indexes that keep a run's cost flat as the store grows.

A run asks which articles are not analyzed or clustered yet, and which articles' story changed;
without these indexes each question read every stored article row (whole bodies), several
times per run. Partial indexes hold only the unprocessed articles; (event_id, story_id) answers
"whose story differs from its event's" from the index alone. The entities list is read most
reported first.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
readers_unaffected = True  # a reader of an older store finds the same rows without them


def upgrade() -> None:
    for flag in ("analyzed", "clustered"):
        op.create_index(f"ix_articles_pending_{flag}", "articles", ["seq"],
                        sqlite_where=sa.text(f"{flag} = 0"), postgresql_where=sa.text(f"{flag} = 0"))
    op.create_index("ix_articles_event_story", "articles", ["event_id", "story_id"])
    op.create_index("ix_entities_article_count", "entities", [sa.text("article_count DESC"), "name"])


def downgrade() -> None:
    op.drop_index("ix_entities_article_count", "entities")
    op.drop_index("ix_articles_event_story", "articles")
    for flag in ("analyzed", "clustered"):
        op.drop_index(f"ix_articles_pending_{flag}", "articles")
