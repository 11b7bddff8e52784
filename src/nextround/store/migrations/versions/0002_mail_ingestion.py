"""mail ingestion

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("port", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=320), nullable=False),
        sa.Column("security", sa.String(length=10), nullable=False),
        sa.Column("folders", sa.JSON(), nullable=False),
        sa.Column("drafts_folder", sa.String(length=200), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("ca_file", sa.Text(), nullable=False),
        sa.Column("password_in_keyring", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "mail_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("header_id", sa.String(length=500), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=20), nullable=False),
        sa.Column("placed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["thread_id"], ["threads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("header_id"),
    )
    with op.batch_alter_table("mail_drafts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_drafts_thread_id"), ["thread_id"], unique=False)

    op.create_table(
        "mail_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("folder", sa.String(length=500), nullable=False),
        sa.Column("item_key", sa.String(length=500), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=True),
        sa.Column("uid", sa.BigInteger(), nullable=True),
        sa.Column("message_key", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "folder", "item_key"),
    )
    with op.batch_alter_table("mail_ledger", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_ledger_message_id"), ["message_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mail_ledger_message_key"), ["message_key"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mail_ledger_status"), ["status"], unique=False)

    op.create_table(
        "mail_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("header_id", sa.String(length=500), nullable=False),
        sa.Column("in_reply_to", sa.Text(), nullable=False),
        sa.Column("refs", sa.Text(), nullable=False),
        sa.Column("sender", sa.String(length=320), nullable=False),
        sa.Column("sender_name", sa.String(length=200), nullable=False),
        sa.Column("quoted", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("suggestion", sa.JSON(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("raw_complete", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["messages.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("message_id"),
    )
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_messages_header_id"), ["header_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_messages_sender"), ["sender"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mail_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_messages_sender"))
        batch_op.drop_index(batch_op.f("ix_mail_messages_header_id"))

    op.drop_table("mail_messages")
    with op.batch_alter_table("mail_ledger", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_ledger_status"))
        batch_op.drop_index(batch_op.f("ix_mail_ledger_message_key"))
        batch_op.drop_index(batch_op.f("ix_mail_ledger_message_id"))

    op.drop_table("mail_ledger")
    with op.batch_alter_table("mail_drafts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_drafts_thread_id"))

    op.drop_table("mail_drafts")
    op.drop_table("mail_accounts")
