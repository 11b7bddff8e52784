"""Fixtures for the mail tests: a real Dovecot, an account on it, a keyring in memory."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nextround.analysis import RuleJudge
from nextround.cli import main
from nextround.domain.mailbox import MailAccount, Security
from tests.conftest import unavailable
from tests.mail.dovecot import USER, Dovecot, available


class MemoryKeyring:
    """The edge of the world: a keyring that lives in a dict."""

    def __init__(self, *, present: bool = True) -> None:
        self.present = present
        self.saved: dict[tuple[str, str], str] = {}

    def available(self) -> bool:
        return self.present

    def store(self, account: str, username: str, password: str) -> None:
        self.saved[(account, username)] = password

    def load(self, account: str, username: str) -> str | None:
        return self.saved.get((account, username))

    def forget(self, account: str, username: str) -> None:
        self.saved.pop((account, username), None)


@pytest.fixture
def dovecot(tmp_path: Path) -> Iterator[Dovecot]:
    if not available():
        unavailable("Dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot(tmp_path / "dovecot")
    server.configure()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def account(dovecot: Dovecot) -> MailAccount:
    return MailAccount(
        id=None,
        name="test",
        host="127.0.0.1",
        port=dovecot.tls_port,
        username=USER,
        security=Security.TLS,
        folders=["INBOX"],
        ca_file=str(dovecot.cert),
        address="alex@example.org",
    )


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Run = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Run:
    """The real CLI in-process on a SQLite file, judged by the rules, with no keyring."""
    monkeypatch.setenv("NEXTROUND_NOW", "2026-11-16T10:00:00")
    monkeypatch.delenv("NEXTROUND_DATABASE_URL", raising=False)
    monkeypatch.delenv("NEXTROUND_MAIL_PASSWORD", raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.setattr("nextround.cli.common.judge", lambda _state=None: RuleJudge())
    db_path = tmp_path / "cli.sqlite"

    def run(*args: str, stdin: str | None = None) -> Result:
        if stdin is not None:
            fake = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
            monkeypatch.setattr(sys, "stdin", fake)
        capsys.readouterr()
        code = main(["--db", str(db_path), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
