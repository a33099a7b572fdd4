"""Contentless full-text index keyed by articles.seq.

The index stored its own copy of every word and stem (more bytes than the
articles themselves); snippets come from articles.body anyway, so the index
now keeps only the inverted lists. Rows are keyed by articles.seq (rowid).

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

FTS_TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from khobor.store.terms import index_terms

    op.execute("DROP TABLE IF EXISTS articles_fts")
    op.execute(f"CREATE VIRTUAL TABLE articles_fts USING fts5(title, terms, content='', tokenize=\"{FTS_TOKENIZE}\")")
    last = 0
    while True:
        rows = bind.execute(sa.text("SELECT seq, title, body FROM articles WHERE seq > :last ORDER BY seq LIMIT 1000"),
                            {"last": last}).all()
        if not rows:
            break
        bind.execute(sa.text("INSERT INTO articles_fts(rowid, title, terms) VALUES (:seq, :title, :terms)"),
                     [{"seq": r.seq, "title": index_terms(r.title or ""), "terms": index_terms(r.body)} for r in rows])
        last = rows[-1].seq


def downgrade() -> None:
    raise NotImplementedError("the old index kept a copy of the text; rebuild the store instead")
