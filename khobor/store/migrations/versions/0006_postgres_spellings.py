"""PostgreSQL: other spellings of a searched word, by trigrams (pg_trgm) over an ASCII key of each indexed word.

``search_spellings`` holds every word and stem of the full-text index once, with its spelling key
(store/terms.py), GIN-indexed by trigrams. A loose search looks up the words whose key is close to a
query word's and searches them too. Without the pg_trgm extension (a server where it cannot be
created) the table is still kept and a loose search is the exact one, as on SQLite. Nothing
changes on SQLite.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
postgresql_only = True


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from khobor.store.terms import spelling_key

    op.execute("CREATE TABLE search_spellings (word text PRIMARY KEY, key text NOT NULL)")
    try:
        with bind.begin_nested():
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            op.execute("CREATE INDEX ix_search_spellings_key ON search_spellings USING gin (key gin_trgm_ops)")
    except sa.exc.DBAPIError:  # not allowed to create the extension here: loose search stays exact
        pass
    words = bind.execute(sa.text("SELECT DISTINCT unnest(tsvector_to_array(tsv)) FROM articles_search")).scalars().all()
    rows = [{"word": w, "key": spelling_key(w)} for w in words]
    for start in range(0, len(rows), 5000):
        bind.execute(sa.text("INSERT INTO search_spellings (word, key) VALUES (:word, :key) ON CONFLICT DO NOTHING"),
                     rows[start:start + 5000])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE IF EXISTS search_spellings")
