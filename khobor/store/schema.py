"""Tables, in SQLAlchemy Core so SQLite and PostgreSQL share one definition.

Annotations that are only ever read whole (mentions, times, quotes, boilerplate)
live in one JSON column; what is filtered or joined on has its own column.
Migrations in ``migrations/versions`` create exactly these tables.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),  # ingest order: incremental stages resume from it
    sa.Column("id", sa.String(32), nullable=False, unique=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("outlet", sa.Text, index=True),
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

for _flag in ("analyzed", "clustered"):  # what a run has not processed yet, without reading every stored row
    sa.Index(f"ix_articles_pending_{_flag}", articles.c.seq, sqlite_where=sa.text(f"{_flag} = 0"),
             postgresql_where=sa.text(f"{_flag} = 0"))
sa.Index("ix_articles_event_story", articles.c.event_id, articles.c.story_id)


def unset(flag: str):
    """``flag = 0`` written as a literal, so the database can use the partial index on it (a bound 0 it cannot)."""
    return articles.c[flag] == sa.literal_column("0")


sources = sa.Table(
    "sources", metadata,
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("article_id", sa.String(32), nullable=False, index=True),
)

files = sa.Table(
    "files", metadata,
    sa.Column("path", sa.Text, primary_key=True),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("mtime_ns", sa.BigInteger, nullable=False),
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("problems", sa.Integer, nullable=False),
    sa.Column("ingested_at", sa.String(40), nullable=False),
)

problems = sa.Table(
    "problems", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("seen_at", sa.String(40), nullable=False),
)

entities = sa.Table(
    "entities", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("type", sa.String(16), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("name_latin", sa.Text),
    sa.Column("variants", sa.JSON, nullable=False),
    sa.Column("article_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("data", sa.JSON, nullable=False),
)
sa.Index("ix_entities_article_count", entities.c.article_count.desc(), entities.c.name)

article_entities = sa.Table(
    "article_entities", metadata,
    sa.Column("article_id", sa.String(32), primary_key=True),
    sa.Column("entity_id", sa.String(64), primary_key=True, index=True),
    sa.Column("mentions", sa.Integer, nullable=False, server_default="1"),
)

events = sa.Table(
    "events", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("story_id", sa.String(32), index=True),
    sa.Column("title", sa.Text),
    sa.Column("start", sa.String(40), index=True),
    sa.Column("end", sa.String(40)),
    sa.Column("data", sa.JSON, nullable=False),
)

stories = sa.Table(
    "stories", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("start", sa.String(40)),
    sa.Column("end", sa.String(40), index=True),
    sa.Column("data", sa.JSON, nullable=False),
)

state = sa.Table(
    "state", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

# A stage's state split into rows (khobor/store/state.py): the ``state`` row of that stage holds its small
# head, and each item of its large maps (an entity, an event, a chunk of copy signatures) is one row here,
# so a batch rewrites only the items it changed.
state_rows = sa.Table(
    "state_rows", metadata,
    sa.Column("stage", sa.String(64), primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),  # part name, U+001F, item key
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# SQLite full-text index (created by the migrations, not by this metadata): a contentless
# FTS5 table `articles_fts(title, terms)` whose rowid is articles.seq. unicode61's default
# categories split Bengali words at vowel signs and viramas; counting marks (M*) as token
# characters keeps words whole.
FTS_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
