"""The calendar feed served by a real `nextround serve`: the right token or nothing."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
from contextlib import redirect_stderr, redirect_stdout
from datetime import timedelta
from pathlib import Path

import httpx
import icalendar
import pytest
import vobject

from nextround.cli import main

NEXTROUND = str(Path(sys.executable).with_name("nextround"))


def _run(db: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--db", str(db), *args])
    assert code == 0, err.getvalue()
    return out.getvalue().strip()


def _address(proc: subprocess.Popen[str]) -> str:
    found: list[str] = []

    def read() -> None:
        assert proc.stdout is not None
        found.append(proc.stdout.readline())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(60)
    assert found and found[0].startswith("nextround is running at "), found
    return found[0].strip().rsplit(" ", 1)[-1].rstrip("/")


@pytest.mark.slow
def test_feed_answers_only_its_current_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_NOW", "2026-11-16T10:00:00")
    monkeypatch.delenv("NEXTROUND_DATABASE_URL", raising=False)
    db = tmp_path / "feed.sqlite"
    app_id = _run(db, "app", "add", "Northwind", "Data Analyst")
    _run(db, "interview", "add", app_id, "--stage", "final", "--when", "2026-11-20 15:00")
    assert "no calendar feed yet" in _run(db, "calendar", "feed")
    first = _run(db, "calendar", "feed", "--rotate")
    assert first.startswith("/calendar/") and first.endswith(".ics")
    assert "is on" in _run(db, "calendar", "feed")  # and the address is not shown again
    assert first not in _run(db, "calendar", "feed")

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEXTROUND_")}
    env |= {"NEXTROUND_NOW": "2026-11-16T10:00:00", "NEXTROUND_DATA_DIR": str(tmp_path)}
    env["TZ"] = "America/New_York"  # the server's zone: the feed names it
    proc = subprocess.Popen(
        [NEXTROUND, "--db", str(db), "serve", "--no-browser"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        base = _address(proc)
        with httpx.Client(base_url=base, timeout=60) as client:
            feed = client.get(first)
            assert feed.status_code == 200
            assert feed.headers["content-type"].startswith("text/calendar")
            [event] = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
            assert str(event["summary"]) == "Final interview: Northwind"
            assert vobject.readOne(feed.text).vevent.summary.value == "Final interview: Northwind"
            # 15:00 on the server's wall clock, named by its zone with a VTIMEZONE
            assert b"DTSTART;TZID=America/New_York:20261120T150000" in feed.content
            [zone] = icalendar.Calendar.from_ical(feed.content).walk("VTIMEZONE")
            assert str(zone["tzid"]) == "America/New_York"
            assert event.decoded("dtstart").utcoffset() == timedelta(hours=-5)

            for wrong in (first.replace("/calendar/", "/calendar/x"), "/calendar/.ics"):
                refused = client.get(wrong)
                assert refused.status_code == 404 and refused.content == b""
            assert client.get(first.removesuffix(".ics")).status_code == 404

            second = _run(db, "calendar", "feed", "--rotate")
            old = client.get(first)
            assert old.status_code == 404 and old.content == b""
            assert client.get(second).status_code == 200

            assert "is off" in _run(db, "calendar", "feed", "--revoke")
            gone = client.get(second)
            assert gone.status_code == 404 and gone.content == b""
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
