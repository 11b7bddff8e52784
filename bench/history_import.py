"""Importing a tracker's CSV: `nextround app import` against a bare csv-to-SQLite process.

    .venv/bin/python bench/history_import.py                # 5,000 and 20,000 rows
    .venv/bin/python bench/history_import.py 50000 --runs 5

For each size it writes a CSV of invented applications (company, role, status,
applied date, URL, location, salary, notes; a few notes with quoted newlines),
then runs (after one small, unmeasured import that writes our .pyc, as a user's
first run does), each in a fresh process pinned to one core, in turn (A B A B):

- the floor: ``python`` reading the file with ``csv.DictReader`` and inserting
  the same rows with ``executemany`` into an ``applications`` table of an
  existing SQLite file, in one transaction;
- the import: ``nextround --db FILE app import CSV`` into an existing,
  already migrated SQLite file (as a user's database is), its whole process:
  start-up, reading, mapping, statuses, dates, duplicates, status history.

It prints the median CPU time (user + sys, from ``os.wait4``, as
``bench/startup.py`` does: the machine is shared, wall time is noise) of each
and their ratio (target: at most 3x); the start-up alone (``nextround app
list`` on an empty database) to show what is fixed and what grows with rows,
and within it the library alone (``python`` importing Typer, which any
nextround command loads; on an up-to-date local SQLite file the import runs
its SQL through ``sqlite3``, without SQLAlchemy or pydantic-settings); the same
file imported again into the database it filled (it adds nothing: every row
is found on file);
wall time as information; and each process's peak memory (max RSS), which
should stay flat from the small size to the large one: rows stream through in
batches and are never all held at once.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEXTROUND = ROOT / ".venv" / "bin" / "nextround"
SIZES = (5_000, 20_000)
STATUSES = ("Applied", "Interview", "Rejected", "Wishlist", "Offer", "Withdrawn")
ROLES = ("Data Analyst", "Backend Engineer", "Product Manager", "QA Engineer", "Designer")
CITIES = ("Leeds", "Berlin", "Lyon", "Remote", "Glasgow", "Porto")

FLOOR = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[2])
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    rows = ((r["company"], r["role"], r["status"], r["applied"], r["url"], r["location"],
             r["salary"], r["notes"]) for r in csv.DictReader(f))
    with conn:
        conn.executemany(
            "INSERT INTO applications (company, role, status, applied_on, job_url, location,"
            " salary, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
conn.close()
"""
LIBRARIES = "import typer, typer.main"
FLOOR_SCHEMA = (
    "CREATE TABLE applications (id INTEGER PRIMARY KEY, company TEXT, role TEXT, status TEXT,"
    " applied_on TEXT, job_url TEXT, location TEXT, salary TEXT, notes TEXT)"
)


def build_csv(path: Path, count: int, *, seed: int = 13) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["company", "role", "status", "applied", "url", "location", "salary", "notes"]
        )
        for i in range(count):
            notes = "Referred by a friend;\nsecond line" if i % 50 == 0 else "Applied online"
            writer.writerow(
                [
                    f"Company {i:06d}",
                    rng.choice(ROLES),
                    rng.choice(STATUSES),
                    f"2026-{1 + i % 11:02d}-{1 + i % 28:02d}",
                    f"https://jobs.example/{i}",
                    rng.choice(CITIES),
                    f"£{30 + i % 40}k",
                    notes,
                ]
            )
    return path


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """CPU seconds (user + sys), wall seconds and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, preexec_fn=_one_core, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{err}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


def migrated_template(folder: Path) -> Path:
    """A migrated, empty database, made by nextround in its own process: this one stays
    small, so the children forked from it start small (max RSS counts from the fork)."""
    path = folder / "template.sqlite"
    subprocess.run(
        [str(NEXTROUND), "--db", str(path), "app", "list"], check=True, capture_output=True
    )
    return path


def floor_template(folder: Path) -> Path:
    import sqlite3

    path = folder / "floor-template.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(FLOOR_SCHEMA)
    conn.close()
    return path


def warm_up(folder: Path, template: Path, env: dict[str, str]) -> None:
    """One small import first, so every module it loads has its .pyc written (as after
    a user's first run), and no measured run pays for compiling our source."""
    db = folder / "warm-up.sqlite"
    shutil.copy(template, db)
    small = build_csv(folder / "warm-up.csv", 3)
    timed([str(NEXTROUND), "--db", str(db), "app", "import", str(small)], env)


def measure(count: int, runs: int, folder: Path) -> dict[str, float]:
    folder = folder / str(count)
    folder.mkdir()
    data = build_csv(folder / "tracker.csv", count)
    ours_template, floor_db = migrated_template(folder), floor_template(folder)
    env = {**os.environ, "NEXTROUND_NOW": "2026-12-01T10:00:00"}
    env.pop("NEXTROUND_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as a user runs it: .pyc cached
    warm_up(folder, ours_template, env)
    ours: list[tuple[float, float, float]] = []
    floor: list[tuple[float, float, float]] = []
    start: list[tuple[float, float, float]] = []
    libraries: list[tuple[float, float, float]] = []
    again: list[tuple[float, float, float]] = []
    for run in range(runs):
        target = folder / f"floor-{run}.sqlite"
        shutil.copy(floor_db, target)
        floor.append(timed([sys.executable, "-c", FLOOR, str(data), str(target)], env))
        db = folder / f"ours-{run}.sqlite"
        shutil.copy(ours_template, db)
        ours.append(timed([str(NEXTROUND), "--db", str(db), "app", "import", str(data)], env))
        again.append(timed([str(NEXTROUND), "--db", str(db), "app", "import", str(data)], env))
        empty = folder / f"empty-{run}.sqlite"
        shutil.copy(ours_template, empty)
        start.append(timed([str(NEXTROUND), "--db", str(empty), "app", "list"], env))
        libraries.append(timed([sys.executable, "-c", LIBRARIES], env))
    return {
        "floor_cpu": statistics.median(c for c, _, _ in floor),
        "ours_cpu": statistics.median(c for c, _, _ in ours),
        "start_cpu": statistics.median(c for c, _, _ in start),
        "libraries_cpu": statistics.median(c for c, _, _ in libraries),
        "again_cpu": statistics.median(c for c, _, _ in again),
        "floor_wall": statistics.median(w for _, w, _ in floor),
        "ours_wall": statistics.median(w for _, w, _ in ours),
        "floor_mb": max(m for _, _, m in floor),
        "ours_mb": max(m for _, _, m in ours),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(
        "compares: whole process, one core each, CPU time (user + sys, median), into an "
        "existing SQLite file: `nextround app import CSV` vs python csv.DictReader + "
        "sqlite3 executemany of the same rows"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sizes:
            r = measure(count, args.runs, Path(tmp))
            ratio = r["ours_cpu"] / r["floor_cpu"]
            verdict = "within" if ratio <= 3 else "over"
            rows_part = r["ours_cpu"] - r["start_cpu"]
            print(
                f"{count:>7,} rows: import {r['ours_cpu']:.2f} s CPU, floor "
                f"{r['floor_cpu']:.2f} s; ratio {ratio:.1f}x ({verdict} the 3x target)"
            )
            print(
                f"         of which start-up (`nextround app list` on an empty database) "
                f"{r['start_cpu']:.2f} s, rows {rows_part:.2f} s "
                f"({rows_part / count * 1e6:.0f} us a row; floor "
                f"{r['floor_cpu'] / count * 1e6:.0f} us a row including its start)"
            )
            print(
                f"         library alone (Typer) "
                f"{r['libraries_cpu']:.2f} s: {r['libraries_cpu'] / r['floor_cpu']:.1f}x the "
                "floor's whole run before a row is read"
            )
            print(
                f"         the same file again (adds nothing) {r['again_cpu']:.2f} s CPU, "
                f"{r['again_cpu'] / r['floor_cpu']:.1f}x the floor"
            )
            print(
                f"         wall (information, shared machine): import {r['ours_wall']:.2f} s, "
                f"floor {r['floor_wall']:.2f} s; peak memory: import {r['ours_mb']:.0f} MB, "
                f"floor {r['floor_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
