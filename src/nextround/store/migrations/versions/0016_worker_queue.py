"""the worker's job queue (procrastinate) on PostgreSQL

A multi-user server syncs every person's mail and trains their models in
worker processes (``nextround worker``), fed by a queue that lives in the
same PostgreSQL database: procrastinate's tables, types and functions. The
SQL is the one procrastinate ships for the installed version
(``SchemaManager.get_schema()``), so ``migrate`` sets up everything a worker
needs. SQLite has no workers: nothing changes there.

A later procrastinate that changes its schema needs a migration of ours that
applies its upgrade scripts (``SchemaManager.get_migrations_path()``).

Revision ID: 0016
Revises: 0015
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# every object procrastinate's schema creates is named procrastinate_*
_DROP = r"""
DO $drop$
DECLARE thing record;
BEGIN
    FOR thing IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'p')
            AND c.relname LIKE 'procrastinate\_%' LOOP
        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', thing.relname);
    END LOOP;
    FOR thing IN SELECT p.oid::regprocedure AS signature FROM pg_proc p
            JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\_%' LOOP
        EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', thing.signature);
    END LOOP;
    FOR thing IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
            WHERE n.nspname = current_schema() AND t.typtype IN ('e', 'c')
            AND t.typname LIKE 'procrastinate\_%' LOOP
        EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', thing.typname);
    END LOOP;
END
$drop$
"""


def _run(sql: str) -> None:
    """Run a script of many statements as written: through the driver with no
    parameters, so neither SQLAlchemy (``:name``) nor psycopg (``%``) reads into it."""
    connection = op.get_bind().connection.driver_connection
    assert connection is not None
    connection.execute(sql)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    from procrastinate.schema import SchemaManager

    _run(SchemaManager.get_schema())


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _run(_DROP)
