"""Start-up cost of the command line, as ratios to a bare interpreter in the same run.

    .venv/bin/python bench/startup.py [--runs N] [--apps N]

Measures `python -c pass` (the floor), `nextround --help`, and `nextround next`
on a database of 1,000 applications (built here, with threads at every step),
and prints the median wall time of each and its ratio to the floor.
Target from the issue: `--help` within 8x of the bare interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Direction,
    Interview,
    Message,
    MessageKind,
)
from nextround.domain.thread import Event, FeedbackThread
from nextround.store import open_database, sqlite_url


def build(path: Path, apps: int) -> None:
    db = open_database(sqlite_url(path))
    now = datetime(2026, 11, 25, 9, 0)
    with db.unit() as repo:
        repo.set_meta("user_name", "Bench Mark")
        for n in range(apps):
            status = ApplicationStatus.REJECTED if n % 2 else ApplicationStatus.INTERVIEWING
            app = repo.add_application(
                Application(None, f"Company {n}", f"Role {n % 37}", status=status), now=now
            )
            assert app.id is not None
            when = now - timedelta(days=n % 40) + timedelta(days=5)
            repo.add_interview(Interview(None, app.id, "onsite", when, talking_points=["x"]))
            if n % 2:
                msg = repo.add_message(
                    Message(
                        None,
                        app.id,
                        Direction.RECEIVED,
                        MessageKind.REJECTION,
                        Channel.EMAIL,
                        "We went another way.",
                        now - timedelta(days=n % 20),
                    )
                )
                thread = FeedbackThread(
                    None, app.id, now - timedelta(days=n % 20), rejection_message_id=msg.id
                )
                if n % 3:
                    thread.apply(Event.REQUEST_SENT, at=now - timedelta(days=n % 20 - 1))
                repo.add_thread(thread)
    db.dispose()


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> float:
    # one untimed run first, so every command is measured with its bytecode cached
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--apps", type=int, default=1000)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("nextround"))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        build(db, args.apps)
        env = {**os.environ, "NEXTROUND_NOW": "2026-11-25T09:00:00"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as a user runs it: .pyc cached
        floor = timed([sys.executable, "-c", "pass"], args.runs, env)
        rows = [
            ("python -c pass", floor),
            ("nextround --help", timed([exe, "--help"], args.runs, env)),
            (
                f"nextround next ({args.apps} apps)",
                timed([exe, "--db", str(db), "next"], args.runs, env),
            ),
        ]
    print(f"median of {args.runs} runs; ratio to the bare interpreter measured in this run")
    for name, seconds in rows:
        print(f"  {name:<32} {seconds * 1000:8.1f} ms   {seconds / floor:5.1f}x")


if __name__ == "__main__":
    main()
