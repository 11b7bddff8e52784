"""A coach's dashboard in one unit of work per student, as a ratio to six units per student.

    .venv/bin/python bench/coach_dashboard.py --db postgresql://postgres@127.0.0.1/SCRATCH

THE DATABASE GIVEN IS EMPTIED (its schema public is dropped and made again):
give a scratch one. Options: --runs N, --students N.

One coach and ``--students`` students (default 10) who share with them, each
with 10 applications, a rejection and 5 lessons. Each row draws the whole
dashboard, ``--runs`` times (default 200) after 10 untimed, in turn round
after round, and gives the median wall time:

- six units per student (the baseline, as it was): ``Database.as_coach_of``
  (a unit that checks the consent), then the five services the summary used,
  each its own unit with its own consent check (open threads, the board,
  what's next, the lessons, the profile);
- one unit per student: ``services.coaching.dashboard`` (the consent checked
  once, every read of the student in the same transaction).

It prints each median and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from nextround.analysis.judge import default_judge
from nextround.domain.model import Polarity
from nextround.domain.themes import Theme
from nextround.services import coaching, feedback, insights, learn, record, rejection, views
from nextround.services.accounts import add_user
from nextround.store import Database, open_database

NOW = datetime(2026, 11, 25, 9, 0)
REJECTION = "Thank you for your time. We have decided not to move forward with your application."


def _medians(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Each in turn, round after round, so a busy moment of the machine falls on all."""
    for _ in range(10):
        for fn in fns.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(each) for name, each in times.items()}


def _six_units(coach: Database) -> object:
    shown = []
    for each in coaching.students(db=coach):
        view = coach.as_coach_of(each.student.id)
        shown.append(
            (
                feedback.list_threads(db=view, open_only=True),
                views.board(db=view).applications,
                insights.whats_next(db=view, now=NOW),
                learn.list_lessons(db=view),
                insights.profile(db=view),
            )
        )
    return shown


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a scratch PostgreSQL database (emptied)")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--students", type=int, default=10)
    args = parser.parse_args()
    url = make_url(args.db.replace("postgresql://", "postgresql+psycopg://", 1))
    raw = create_engine(url)
    with raw.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    raw.dispose()
    db = open_database(args.db)
    judge = default_judge()
    try:
        add_user(db=db, email="coach@example.edu", role="coach", password="bench password", now=NOW)
        for n in range(args.students):
            email = f"s{n}@example.edu"
            add_user(db=db, email=email, role="student", password="bench password", now=NOW)
            with db.unit() as repo:
                mine = db.scoped(repo.accounts.user(email).id)
            for k in range(10):
                app = record.add_application(db=mine, company=f"Co {k}", role="Eng", now=NOW)
                if k == 0 and app.id is not None:
                    rejection.record_rejection(
                        db=mine,
                        judge=judge,
                        text=REJECTION,
                        received_at=NOW,
                        application_id=app.id,
                        accept_non_rejection=True,
                        now=NOW,
                    )
            for k in range(5):
                learn.add_lesson(
                    db=mine,
                    theme=list(Theme)[k % len(Theme)],
                    polarity=Polarity.WEAKNESS,
                    statement=f"Lesson {k}",
                    now=NOW,
                )
            coaching.share(db=db, student=email, coach="coach@example.edu", now=NOW)
        with db.unit() as repo:
            coach = db.scoped(repo.accounts.user("coach@example.edu").id)
        assert len(coaching.dashboard(db=coach, now=NOW)) == args.students
        rows: dict[str, Callable[[], object]] = {
            "six units per student (as it was)": lambda: _six_units(coach),
            "one unit per student (dashboard)": lambda: coaching.dashboard(db=coach, now=NOW),
        }
        print(f"median of {args.runs} dashboards of {args.students} students")
        medians = _medians(rows, args.runs)
        floor = next(iter(medians.values()))
        for name, took in medians.items():
            print(f"{name:40} {took * 1000:8.2f} ms  {took / floor:5.2f}x")
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
