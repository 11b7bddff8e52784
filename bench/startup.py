"""Cold start of real commands, as CPU-time ratios to a bare interpreter in the same run.

    .venv/bin/python bench/startup.py [--runs N] [--apps N]

Measures, as CPU time of the child (user + sys, from ``os.wait4``), median of
``--runs`` runs, each a fresh process:

- ``python -c pass`` (the floor);
- ``nextround next``, ``nextround app list`` and ``nextround reject --app N
  --file F`` on a database of ``--apps`` applications (built here, with threads
  at every step); ``reject`` writes, so every run gets a fresh copy of the
  database and they all start from the same state;
- ``nextround --help``, as information only (it is answered from a
  pre-rendered file, so it says nothing about a command's start).

It prints each command's median and its ratio to the floor.
Target from the issue: each ordinary command at most 20x the bare interpreter.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
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


TARGET = 20.0


def cpu_seconds(cmd: list[str], env: dict[str, str]) -> float:
    """User + system CPU time of one child process running ``cmd`` to the end."""
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env
    )
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-500:]}")
    return usage.ru_utime + usage.ru_stime


def timed(cmd: Callable[[int], list[str]], runs: int, env: dict[str, str]) -> float:
    """Median CPU time of ``cmd(i)`` over ``runs`` runs, after one untimed run.

    The untimed run leaves every command measured with its bytecode cached.
    """
    cpu_seconds(cmd(-1), env)
    return statistics.median(cpu_seconds(cmd(i), env) for i in range(runs))


def first_app(path: Path) -> int:
    """An application still interviewing: the one a rejection is recorded for."""
    db = open_database(sqlite_url(path))
    with db.unit() as repo:
        found = repo.applications(status=ApplicationStatus.INTERVIEWING)
    db.dispose()
    return min(app.id for app in found if app.id is not None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--apps", type=int, default=1000)
    args = parser.parse_args()
    exe = str(Path(sys.executable).with_name("nextround"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "bench.sqlite"
        build(db, args.apps)
        app_id = first_app(db)
        letter = folder / "rejection.txt"
        letter.write_text(
            "Thank you for your time. We have decided to move forward with other candidates.\n",
            encoding="utf-8",
        )
        env = {**os.environ, "NEXTROUND_NOW": "2026-11-25T09:00:00"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as a user runs it: .pyc cached

        def fresh_copy(i: int) -> Path:
            copy = folder / f"reject-{i + 1}.sqlite"
            shutil.copyfile(db, copy)
            return copy

        def reject(i: int) -> list[str]:
            copy = str(fresh_copy(i))
            return [exe, "--db", copy, "reject", "--app", str(app_id), "--file", str(letter)]

        floor = timed(lambda _: [sys.executable, "-c", "pass"], args.runs, env)
        commands = [
            ("next", lambda _: [exe, "--db", str(db), "next"]),
            ("app list", lambda _: [exe, "--db", str(db), "app", "list"]),
            (f"reject --app {app_id} --file F", reject),
        ]
        rows = [(f"nextround {name}", timed(cmd, args.runs, env)) for name, cmd in commands]
        help_cpu = timed(lambda _: [exe, "--help"], args.runs, env)
    print(
        f"compares: CPU time (user+sys) of each nextround command's cold start on {args.apps} "
        f"applications vs. `python -c pass`, median of {args.runs}, same run"
    )
    print(f"  {'python -c pass (floor)':<40} {floor * 1000:8.1f} ms")
    for name, seconds in rows:
        verdict = "ok" if seconds / floor <= TARGET else "MISSED"
        print(
            f"  {name:<40} {seconds * 1000:8.1f} ms  {seconds / floor:6.1f}x  "
            f"(target at most {TARGET:.0f}x: {verdict})"
        )
    print(
        f"  {'nextround --help (information)':<40} {help_cpu * 1000:8.1f} ms  "
        f"{help_cpu / floor:6.1f}x  (pre-rendered; not judged)"
    )


if __name__ == "__main__":
    main()
