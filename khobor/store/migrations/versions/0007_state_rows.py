"""Stage state as rows: one row per entity, event, story or signature chunk, so a batch writes only what it changed.

Stores written before keep their one-blob states; the first run after this migration reads each
blob once and saves it split (khobor/store/state.py).

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
readers_unaffected = True  # only writing runs read stage state


def upgrade() -> None:
    op.create_table(
        "state_rows",
        sa.Column("stage", sa.String(64), primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("state_rows")
