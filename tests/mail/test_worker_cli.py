"""`nextround worker` and `serve --workers` from the command line."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from nextround.cli import main
from nextround.store import open_database
from tests.conftest import PG_URL, _reset_postgres, unavailable

PATIENCE = 120.0


def test_the_worker_refuses_a_sqlite_file_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(tmp_path / "mine.sqlite"), "worker"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: the worker serves a multi-user server, on PostgreSQL only")


def test_workers_need_a_multi_user_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(tmp_path / "mine.sqlite"), "serve", "--workers", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("error: --workers runs with --multi-user")
    assert err.count("\n") == 1


def _workers_alive(url: str) -> int:
    db = open_database(url)
    try:
        with db.engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM procrastinate_workers")).scalar())
    finally:
        db.dispose()


def _poll(check: object, what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"still waiting for {what}")
        time.sleep(0.2)


@pytest.mark.postgres
def test_serve_starts_its_workers_and_stops_them_with_it(tmp_path: Path) -> None:
    if not PG_URL:
        unavailable("NEXTROUND_TEST_DATABASE_URL not set")
    _reset_postgres(PG_URL)
    env = {**os.environ, "NEXTROUND_DATA_DIR": str(tmp_path / "data")}
    env.pop("NEXTROUND_DATABASE_URL", None)
    args = ["--db", PG_URL, "serve", "--multi-user", "--workers", "2", "--no-browser"]
    with (tmp_path / "serve.log").open("wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "nextround", *args], env=env, stdout=log, stderr=log
        )
    try:
        _poll(lambda: _workers_alive(PG_URL) == 2, "two workers to report for work")
        proc.send_signal(signal.SIGINT)  # Ctrl+C
        assert proc.wait(timeout=PATIENCE) == 0
        # each worker left the queue's register as it stopped: none is running
        assert _workers_alive(PG_URL) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    out = (tmp_path / "serve.log").read_text()
    assert "with 2 worker process(es)" in out
    assert "nextround stopped" in out
