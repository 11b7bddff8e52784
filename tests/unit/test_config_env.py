"""The basic settings read without Pydantic agree with ``Settings``, or defer to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextround.config import Settings
from nextround.config_env import OTHER_FIELDS, READ_HERE, Basics, read_basics


def test_the_field_lists_are_the_settings_fields() -> None:
    assert set(READ_HERE) | OTHER_FIELDS == set(Settings.model_fields)
    assert not set(READ_HERE) & OTHER_FIELDS


PLAIN = [
    {},
    {"NEXTROUND_NOW": "2026-11-20T14:30:00"},
    {"NEXTROUND_NOW": "2026-11-20 14:30"},
    {"NEXTROUND_NOW": "2026-11-20T14:30:05.250"},
    {"NEXTROUND_DATABASE_URL": "postgresql://h/db", "NEXTROUND_DATA_DIR": "/tmp/nr data"},
    {"NEXTROUND_DATA_DIR": "relative/dir", "NEXTROUND_TEST_DATABASE_URL": "x", "OTHER": "1"},
]
NOT_PLAIN = [
    {"NEXTROUND_NOW": "2026-11-20T14:30:00+05:00"},
    {"NEXTROUND_NOW": "2026-11-20"},
    {"NEXTROUND_NOW": "1700000000"},
    {"NEXTROUND_NOW": "tomorrow"},
    {"NEXTROUND_NOW": ""},
    {"NEXTROUND_DATA_DIR": " /tmp/x"},
    {"nextround_now": "2026-11-20T14:30:00"},
    {"NEXTROUND_SESSION_HOURS": "abc"},
    {"NEXTROUND_MAIL_PASSWORD": "secret"},
]


def _clear(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for key in list(os.environ):
        if key.upper().startswith("NEXTROUND_"):
            monkeypatch.delenv(key)


@pytest.mark.parametrize("env", PLAIN)
def test_plain_environments_read_as_settings_reads_them(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _clear(monkeypatch)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    found = read_basics()
    assert found == Basics.of(Settings())
    assert found is not None
    assert found.resolved_url() == Settings().resolved_url()
    assert found.resolved_url(Path("x.sqlite")) == Settings().resolved_url(Path("x.sqlite"))


@pytest.mark.parametrize("env", NOT_PLAIN)
def test_anything_else_is_left_to_settings(env: dict[str, str]) -> None:
    assert read_basics(env) is None
