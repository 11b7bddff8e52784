"""Plain command-line values read without Pydantic equal what Typer's adapters read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer._adapters import try_build_adapter
from typer.models import OptionInfo

from nextround.cli.quick_params import _MISSING, _plain
from nextround.domain.model import ApplicationStatus

CASES: list[tuple[Any, OptionInfo, Any]] = [
    (str, OptionInfo(), "plain"),
    (str, OptionInfo(), ""),
    (str, OptionInfo(), " spaced \t"),
    (str, OptionInfo(), "ünïcode — dash"),
    (int, OptionInfo(), "20"),
    (int, OptionInfo(), "0"),
    (int, OptionInfo(), "-3"),
    (int, OptionInfo(), "007"),
    (int, OptionInfo(), 20),
    (int, OptionInfo(min=1, max=2**31 - 1), "1"),
    (int, OptionInfo(min=1, max=2**31 - 1), str(2**31 - 1)),
    (int, OptionInfo(min=0), 0),
    (ApplicationStatus, OptionInfo(), "rejected"),
    (ApplicationStatus, OptionInfo(), ApplicationStatus.SAVED),
    (Path, OptionInfo(), "letter.txt"),
    (Path, OptionInfo(), "~/x/../y"),
    (Path, OptionInfo(), "-"),
    (Path, OptionInfo(exists=True), "/"),
    (Path, OptionInfo(resolve_path=True), "a/../b"),
]
NOT_PLAIN: list[tuple[Any, OptionInfo, Any]] = [
    (int, OptionInfo(), "+5"),
    (int, OptionInfo(), " 5"),
    (int, OptionInfo(), "5.0"),
    (int, OptionInfo(), "١٢"),
    (int, OptionInfo(), "x"),
    (int, OptionInfo(), True),
    (int, OptionInfo(min=1), "0"),
    (int, OptionInfo(max=9), "10"),
    (int, OptionInfo(min=1, clamp=True), "5"),
    (ApplicationStatus, OptionInfo(), "Rejected"),
    (ApplicationStatus, OptionInfo(case_sensitive=False), "rejected"),
    (float, OptionInfo(), "1.5"),
    (str, OptionInfo(parser=str.upper), "x"),
    (str, OptionInfo(), b"bytes"),
    (Path, OptionInfo(), ""),
    (Path, OptionInfo(exists=True), "/no/such/file"),
    (Path, OptionInfo(dir_okay=False), "/"),
]


@pytest.mark.parametrize(("annotation", "info", "value"), CASES)
def test_plain_values_read_as_typer_reads_them(
    annotation: Any, info: OptionInfo, value: Any
) -> None:
    adapter = try_build_adapter(annotation, info)
    assert adapter is not None
    expected = adapter.validate_python(value, context=None)
    found = _plain(annotation, info, value)
    assert found is not _MISSING
    assert (found, type(found)) == (expected, type(expected))


@pytest.mark.parametrize(("annotation", "info", "value"), NOT_PLAIN)
def test_anything_else_goes_to_typer(annotation: Any, info: OptionInfo, value: Any) -> None:
    assert _plain(annotation, info, value) is _MISSING
