"""`make demo` keeps working: the walk runs end to end and shows each step of the loop."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextround.demo import walk


def test_the_demo_walks_the_whole_loop(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(tmp_path / "data"))
    walk(tmp_path / "demo.sqlite")
    out = capsys.readouterr().out
    for expected in (
        "$ nextround ask 1 --channel email --tone warm",
        "Judged generic",
        "suggested probe",
        "Judged actionable",
        "lesson",
        "Blind spots",
        "Brief: Harbour Bank",
        "$ nextround next",
    ):
        assert expected in out, expected
