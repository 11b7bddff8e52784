"""mail per person: owners on the mail tables, and mail secrets sealed in the database

On a multi-user server each person adds mail accounts of their own and syncs
them into their own applications. The mail tables get the ``owner_id`` the
other owned tables have (NULL: the one local user; existing rows keep NULL,
so a local database behaves exactly as before). As 0013 did for import keys,
a server row's text key carries its owner (``user:<id>:...``: an account's
name, a ledger row's source, a claimed message key), so the uniques that
make an import idempotent hold per person: two people with an account named
"work", or the same message in both their mailboxes, each get their own rows.

``mail_secrets`` holds, on a server only, each account's password or OAuth
grant encrypted with a key kept outside the database (``services.sealed``);
the local app keeps them in the system keyring and never writes this table.

Row-level security binds all of them like 0011.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = ("mail_accounts", "mail_ledger", "mail_keys", "mail_messages", "mail_drafts")
USER = "NULLIF(current_setting('nextround.user_id', true), '')::integer"


def upgrade() -> None:
    # batch mode: SQLite rebuilds each table to add the reference (rows stay, owner NULL)
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "owner_id",
                    sa.Integer(),
                    sa.ForeignKey("users.id", name=f"fk_{table}_owner_id", ondelete="CASCADE"),
                    nullable=True,
                )
            )
            batch.create_index(f"ix_{table}_owner_id", ["owner_id"])
    op.create_table(
        "mail_secrets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "owner_id",
            sa.Integer(),
            sa.ForeignKey("users.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("account", sa.String(100), nullable=False),
        sa.Column("username", sa.String(320), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("owner_id", "account", "username"),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in (*TABLES, "mail_secrets"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_of_the_user ON {table} "
            f"USING (owner_id = {USER}) WITH CHECK (owner_id = {USER})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*TABLES, "mail_secrets"):
            op.execute(f"DROP POLICY IF EXISTS {table}_of_the_user ON {table}")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.drop_table("mail_secrets")
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_owner_id")
            batch.drop_constraint(f"fk_{table}_owner_id", type_="foreignkey")
            batch.drop_column("owner_id")
