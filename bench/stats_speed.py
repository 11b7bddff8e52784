"""`nextround stats` on a large history, as CPU-time ratios to loading its rows bare.

    .venv/bin/python bench/stats_speed.py [--apps N] [--runs N]

Builds a SQLite database of ``--apps`` applications (default 5,000) with
interviews, feedback threads at every step (requests by each channel and
tone, answers, pitches), sent messages and lessons, then measures, median of
``--runs`` runs after one untimed run:

1. whole process vs whole process, CPU time of the child (``os.wait4``):
   ``nextround --db F stats --json`` against ``python -c`` reading every row
   `stats` reads (the same tables and columns) with the standard library's
   ``sqlite3`` and doing nothing with them;
   ``nextround app list`` on the same file is shown as information: most of a
   command's time is its start (imports, opening the database);
2. in this process, CPU time (``time.process_time``): the service
   ``services.stats.stats`` (load through the store, compute) against the
   same bare ``sqlite3`` read, each on a new connection to the same file.

Both sides read the same file from the same warm OS cache. It prints each
median and the ratio of nextround to the bare read.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Direction,
    Interview,
    Lesson,
    Message,
    MessageKind,
    Polarity,
    Sighting,
    Tone,
)
from nextround.domain.themes import Theme
from nextround.domain.thread import Event, FeedbackThread, tone_note
from nextround.services.stats import stats
from nextround.store import open_database, sqlite_url

START = datetime(2025, 1, 6, 9, 0)
CHANNELS = list(Channel)
TONES = list(Tone)
THEMES = list(Theme)

# every row `stats` reads, as the store reads it (messages: only id and channel of sent ones)
QUERIES = (
    "SELECT * FROM applications ORDER BY id",
    "SELECT * FROM interviews ORDER BY at, id",
    "SELECT * FROM interview_contacts ORDER BY position",
    "SELECT * FROM threads ORDER BY id",
    "SELECT * FROM transitions ORDER BY thread_id, seq",
    "SELECT id, channel FROM messages WHERE direction = 'sent'",
    "SELECT * FROM lessons ORDER BY id",
)
BARE_READ = (
    "import sqlite3, sys\n"
    "con = sqlite3.connect(sys.argv[1])\n"
    f"for query in {QUERIES!r}:\n"
    "    con.execute(query).fetchall()\n"
    "con.close()\n"
)


def _thread(n: int, app_id: int, rejected: datetime, sent: int | None) -> FeedbackThread:
    thread = FeedbackThread(None, app_id, rejected, after_interview=n % 5 != 0)
    if sent is None:
        return thread
    asked = rejected + timedelta(days=1 + n % 9)
    thread.apply(
        Event.REQUEST_SENT, at=asked, message_id=sent, note=tone_note(TONES[n % len(TONES)])
    )
    if n % 3 == 0:
        return thread
    answered = asked + timedelta(days=1 + n % 6)
    if n % 3 == 1:
        thread.apply(Event.GENERIC_REPLY, at=answered)
        return thread
    thread.apply(Event.ACTIONABLE_REPLY, at=answered)
    if n % 4 == 0:
        thread.apply(Event.PITCHED, at=answered + timedelta(days=1))
        thread.apply(Event.RECONSIDERED, at=answered + timedelta(days=4))
    return thread


def build(path: Path, apps: int) -> None:
    """``apps`` applications over two years: 60% interviewed, 60% rejected, most asked."""
    db = open_database(sqlite_url(path))
    with db.unit() as repo:
        for n in range(apps):
            applied = START + timedelta(hours=3 * n)
            rejected_one = n % 5 < 3
            status = ApplicationStatus.REJECTED if rejected_one else ApplicationStatus.APPLIED
            app = repo.add_application(
                Application(
                    None, f"Company {n}", f"Role {n % 37}", status=status, applied_on=applied
                ),
                now=applied,
            )
            assert app.id is not None
            if n % 5 != 0:
                repo.add_interview(
                    Interview(None, app.id, "technical", applied + timedelta(days=6))
                )
            if not rejected_one:
                continue
            rejected = applied + timedelta(days=10)
            sent = None
            if n % 4 != 3:
                message = repo.add_message(
                    Message(
                        None,
                        app.id,
                        Direction.SENT,
                        MessageKind.REQUEST,
                        CHANNELS[n % len(CHANNELS)],
                        "Thank you; what could I have done better?",
                        rejected + timedelta(days=1),
                    )
                )
                sent = message.id
            repo.add_thread(_thread(n, app.id, rejected, sent))
        for n in range(apps // 10):
            at = START + timedelta(days=n % 700)
            repo.add_lesson(
                Lesson(
                    None,
                    THEMES[n % len(THEMES)],
                    Polarity.WEAKNESS,
                    f"Point {n}",
                    created_at=at,
                    sightings=[Sighting(None, None, "they said so", at)],
                ),
                now=at,
            )
    db.dispose()


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of one child process running ``cmd`` to the end."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime


def median_of(runs: int, measure: Callable[[], float]) -> float:
    measure()  # untimed: bytecode and the OS file cache warm for both sides
    return statistics.median(measure() for _ in range(runs))


def in_process(fn: Callable[[], object]) -> float:
    began = time.process_time()
    fn()
    return time.process_time() - began


def bare_read(path: Path) -> None:
    con = sqlite3.connect(path)
    for query in QUERIES:
        con.execute(query).fetchall()
    con.close()


def service(path: Path) -> None:
    db = open_database(sqlite_url(path))
    stats(db=db)
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("nextround"))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stats.sqlite"
        began = time.perf_counter()
        build(path, args.apps)
        print(f"built {args.apps} applications in {time.perf_counter() - began:.0f} s")
        env = {**os.environ, "NEXTROUND_NOW": "2027-01-10T09:00:00"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cli = median_of(
            args.runs, lambda: cpu_seconds([exe, "--db", str(path), "stats", "--json"], env)
        )
        listing = median_of(
            args.runs, lambda: cpu_seconds([exe, "--db", str(path), "app", "list"], env)
        )
        floor = median_of(
            args.runs, lambda: cpu_seconds([sys.executable, "-c", BARE_READ, str(path)], env)
        )
        inside = median_of(args.runs, lambda: in_process(lambda: service(path)))
        rows = median_of(args.runs, lambda: in_process(lambda: bare_read(path)))
    print(
        "compares: CPU time, median of "
        f"{args.runs}; `stats` on {args.apps} applications vs. reading the same rows with "
        "bare sqlite3 (whole process vs whole process; then in-process vs in-process)"
    )
    print(
        f"  process: nextround stats --json  {cli:7.3f} s   bare read  {floor:7.3f} s   "
        f"ratio {cli / floor:5.1f}x"
    )
    print(f"  information: nextround app list (the start every command pays) {listing:7.3f} s")
    print(
        f"  in-process: services.stats      {inside:7.3f} s   bare read  {rows:7.3f} s   "
        f"ratio {inside / rows:5.1f}x"
    )


if __name__ == "__main__":
    main()
