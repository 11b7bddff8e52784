"""a coach's or an administrator's cohort: how often each theme comes up, counts only

Two SQL functions on PostgreSQL, ``nextround_cohort_size()`` and
``nextround_cohort_themes()``, for the user the transaction is for (the
setting ``nextround.user_id`` that ``Database.unit`` sets, as for the
row-level security policies of 0011). A coach's cohort is the enabled
students who share their work with them now; an administrator's is every
enabled student; anyone else's is empty. They run as the tables' owner
(SECURITY DEFINER), so a server role bound by row-level security still gets
the counts, and only the counts: no name, no text, no row leaves them. A
caller cannot name another user: the functions take no argument.
SQLite (the local app, one person) has no cohort; nothing changes there.

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

COHORT = """
    WITH viewer AS (
        SELECT u.id, u.role FROM users u
        WHERE u.id = NULLIF(current_setting('nextround.user_id', true), '')::integer
          AND NOT u.disabled AND u.role IN ('coach', 'admin')
    ), cohort AS (
        SELECT s.id FROM users s JOIN viewer v ON true
        WHERE s.role = 'student' AND NOT s.disabled
          AND (v.role = 'admin' OR EXISTS (
                SELECT 1 FROM coach_shares c WHERE c.student_id = s.id AND c.coach_id = v.id))
    )
"""

SIZE = f"""
CREATE FUNCTION nextround_cohort_size() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    {COHORT}
    SELECT count(*) FROM cohort
$$
"""

THEMES = f"""
CREATE FUNCTION nextround_cohort_themes()
RETURNS TABLE (theme text, students bigint, weaknesses bigint, open_weaknesses bigint,
               strengths bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    {COHORT}
    SELECT l.theme::text,
           count(DISTINCT l.owner_id) FILTER (WHERE l.polarity = 'weakness'),
           count(*) FILTER (WHERE l.polarity = 'weakness'),
           count(*) FILTER (WHERE l.polarity = 'weakness' AND l.status <> 'resolved'),
           count(*) FILTER (WHERE l.polarity = 'strength')
    FROM lessons l JOIN cohort ON l.owner_id = cohort.id
    GROUP BY l.theme
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(SIZE)
    op.execute(THEMES)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS nextround_cohort_themes()")
    op.execute("DROP FUNCTION IF EXISTS nextround_cohort_size()")
