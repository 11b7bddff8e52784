"""What the second line of isolation and a coach's view cost, as ratios to a bare read.

    .venv/bin/python bench/row_security.py --db postgresql://postgres@127.0.0.1/SCRATCH [--runs N]

THE DATABASE GIVEN IS EMPTIED (its schema public is dropped and made again):
give a scratch one. Needs a role that may create roles (it makes
``<db>_bench_app`` and drops it at the end).

Two students of 50 applications each. Each row reads one student's 50
applications, ``--runs`` times (default 2,000) after 100 untimed, in turn
round after round, and gives the median wall time of one read:

- bare: one transaction, ``SELECT ... FROM applications WHERE owner_id = ?``
  on the tables' owner, no setting (the floor);
- scoped, owner role: ``services.record.list_applications`` on the database
  scoped to the student (the repository's scoping, plus the
  ``set_config('nextround.user_id', ...)`` every unit with a user sends);
  the policies do not bind the owner;
- scoped, app role: the same connected as a role that owns no table, so
  PostgreSQL's row-level security policies apply too (what a server runs);
- coach view, app role: the same read by a coach the student shares with
  (``Database.as_coach_of``: READ ONLY transaction and the consent checked in it).

It prints each median and its ratio to the bare read.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from nextround.services.accounts import add_user
from nextround.services.coaching import share
from nextround.services.record import add_application, list_applications
from nextround.store import open_database

NOW = datetime(2026, 11, 25, 9, 0)
APPS = 50


def _medians(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Each read in turn, round after round, so a busy moment of the machine falls on all."""
    for _ in range(100):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(each) for name, each in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a scratch PostgreSQL database (emptied)")
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()
    url = make_url(args.db.replace("postgresql://", "postgresql+psycopg://", 1))
    role = f"{url.database}_bench_app"
    raw = create_engine(url)
    with raw.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    owner = open_database(args.db)
    for email, kind in (("a@example.edu", "student"), ("b@example.edu", "student")):
        add_user(db=owner, email=email, role=kind, password="bench password", now=NOW)
    add_user(db=owner, email="c@example.edu", role="coach", password="bench password", now=NOW)
    with owner.unit() as repo:
        a, b, c = (repo.accounts.user(f"{x}@example.edu").id for x in "abc")
    for student in (a, b):
        for n in range(APPS):
            add_application(
                db=owner.scoped(student), company=f"Company {n}", role="Engineer", now=NOW
            )
    share(db=owner, student="a@example.edu", coach="c@example.edu", now=NOW)
    with raw.begin() as conn:
        if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}) is None:
            conn.execute(text(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER NOBYPASSRLS'))
        conn.execute(text(f'GRANT USAGE ON SCHEMA public TO "{role}"'))
        conn.execute(
            text(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
        )
        conn.execute(text(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"'))
    app = open_database(url.set(username=role).render_as_string(hide_password=False))
    try:

        def bare() -> object:
            with raw.begin() as conn:
                return conn.execute(
                    text("SELECT * FROM applications WHERE owner_id = :a ORDER BY id"), {"a": a}
                ).all()

        assert len(list_applications(db=app.scoped(a))) == APPS  # the policies let the rows through
        coach_view = app.scoped(c).as_coach_of(a)
        rows = {
            "bare read (owner role, WHERE owner_id)": bare,
            "scoped, owner role (no policies)": lambda: list_applications(db=owner.scoped(a)),
            "scoped, app role (row-level security)": lambda: list_applications(db=app.scoped(a)),
            "coach view, app role (read-only, consent)": lambda: list_applications(db=coach_view),
        }
        print(f"median of {args.runs} reads of one student's {APPS} applications (of {2 * APPS})")
        medians = _medians(rows, args.runs)
        floor = next(iter(medians.values()))
        for name, took in medians.items():
            print(f"{name:45} {took * 1000:7.3f} ms  {took / floor:5.2f}x")
    finally:
        app.dispose()
        owner.dispose()
        with raw.begin() as conn:
            conn.execute(text(f'DROP OWNED BY "{role}"'))
            conn.execute(text(f'DROP ROLE "{role}"'))
        raw.dispose()


if __name__ == "__main__":
    main()
