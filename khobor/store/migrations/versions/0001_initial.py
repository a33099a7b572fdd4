"""Initial khobor schema: articles, sources, files, problems, entities, events, stories, state, FTS.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None

FTS_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(32), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("published_at", sa.String(40), index=True),
        sa.Column("language", sa.String(16)),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("duplicate_of", sa.String(32), index=True),
        sa.Column("event_id", sa.String(32), index=True),
        sa.Column("story_id", sa.String(32), index=True),
        sa.Column("analyzed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("clustered", sa.Integer, nullable=False, server_default="0"),
        sa.Column("ingested_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("article_id", sa.String(32), nullable=False, index=True),
    )
    op.create_table(
        "files",
        sa.Column("path", sa.Text, primary_key=True),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("mtime_ns", sa.BigInteger, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("problems", sa.Integer, nullable=False),
        sa.Column("ingested_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("seen_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("type", sa.String(16), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("name_latin", sa.Text),
        sa.Column("variants", sa.JSON, nullable=False),
        sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "article_entities",
        sa.Column("article_id", sa.String(32), primary_key=True),
        sa.Column("entity_id", sa.String(64), primary_key=True, index=True),
        sa.Column("mentions", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("story_id", sa.String(32), index=True),
        sa.Column("title", sa.Text),
        sa.Column("start", sa.String(40), index=True),
        sa.Column("end", sa.String(40)),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("start", sa.String(40)),
        sa.Column("end", sa.String(40), index=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "state",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE articles_fts USING fts5("
            f"article_id UNINDEXED, title, terms, tokenize=\"{FTS_TOKENIZE}\")"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    for table in ("state", "stories", "events", "article_entities", "entities", "problems", "files", "sources", "articles"):
        op.drop_table(table)
