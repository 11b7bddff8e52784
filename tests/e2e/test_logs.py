"""The command line's log: a file in the data directory, stderr with --verbose."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from nextround.cli import logs
from tests.e2e.conftest import Run


def test_nothing_logged_leaves_no_file_and_a_warning_makes_one(tmp_path: Path) -> None:
    folder = tmp_path / "not-yet"
    path = logs.start(folder, verbose=False)
    try:
        logging.getLogger("nextround.somewhere").info("an ordinary step")
        assert not folder.exists()
        logging.getLogger("nextround.somewhere").warning("something worth keeping")
    finally:
        logs.stop()
    assert path == folder / "nextround.log"
    text = path.read_text(encoding="utf-8")
    assert "WARNING nextround.somewhere: something worth keeping" in text
    assert "an ordinary step" not in text


def test_verbose_keeps_every_step_in_the_file(tmp_path: Path) -> None:
    path = logs.start(tmp_path, verbose=True)
    try:
        logging.getLogger("nextround.somewhere").debug("step %d", 1)
    finally:
        logs.stop()
    assert "DEBUG nextround.somewhere: step 1" in path.read_text(encoding="utf-8")


def test_a_bug_is_one_line_and_its_traceback_is_in_the_log(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(data))

    def broken(**_: object) -> None:  # stands in for a bug in a service
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("nextround.services.insights.whats_next", broken)
    result = cli("next")
    log_file = data / "nextround.log"
    assert result.code == 1
    assert result.err == (
        "error: something went wrong inside nextround (ZeroDivisionError: division by zero); "
        f"the details are in {log_file}\n"
    )
    kept = log_file.read_text(encoding="utf-8")
    assert "Traceback" in kept and "ZeroDivisionError: division by zero" in kept


def test_verbose_goes_before_the_command(cli: Run) -> None:
    result = cli("--verbose", "app", "list")
    assert result.code == 0
