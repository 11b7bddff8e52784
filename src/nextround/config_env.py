"""The settings every command needs (database, data folder, clock), read without Pydantic.

``Settings`` (config.py) reads every ``NEXTROUND_*`` variable through
pydantic-settings, whose import alone costs more CPU time than all of
``nextround next`` otherwise. A command that needs only where the database
is, where the data folder is and what time it is reads them here, when the
environment is plain: those variables unset or in their plain form, and no
other setting of ``Settings`` given (a bad one must fail as it always has).
Anything else returns None and the caller reads ``Settings``, so a value is
never read differently here. tests/unit/test_config_env.py checks both agree.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from nextround.store.revision import sqlite_url

if TYPE_CHECKING:
    from nextround.config import Settings

PREFIX = "NEXTROUND_"
READ_HERE = ("database_url", "data_dir", "now")
# every other field of Settings (a test keeps the list equal to Settings.model_fields)
OTHER_FIELDS = frozenset(
    {
        "allowed_hosts",
        "page_cache",
        "multi_user",
        "session_hours",
        "trusted_proxies",
        "secret_key_file",
        "mail_sync_minutes",
        "mail_password",
        "microsoft_client_id",
        "microsoft_authority",
        "google_client_id",
        "google_client_secret",
        "google_auth_url",
        "google_token_url",
        "oauth_ca_file",
    }
)
_PLAIN_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?", re.ASCII)


@dataclass(frozen=True)
class Basics:
    """Where the database and the data folder are, and the pinned clock if any."""

    database_url: str | None
    data_dir: Path
    now: datetime | None

    @classmethod
    def of(cls, settings: Settings) -> Basics:
        return cls(settings.database_url, settings.data_dir, settings.now)

    def resolved_url(self, db_path: Path | None = None) -> str:
        """As ``Settings.resolved_url``: ``--db``, else the setting, else the data folder's."""
        return resolved_url(db_path, self.database_url, self.data_dir)


def resolved_url(db_path: Path | None, database_url: str | None, data_dir: Path) -> str:
    """The database a command uses: ``--db``, else the setting, else the data folder's
    SQLite file (one rule for ``Settings`` and ``Basics``)."""
    if db_path is not None:
        return sqlite_url(db_path.expanduser().resolve())
    if database_url:
        return database_url
    return sqlite_url(data_dir / "nextround.sqlite")


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("nextround", appauthor=False))


def read_basics(environ: Mapping[str, str] | None = None) -> Basics | None:
    """The basics from plain ``NEXTROUND_*`` variables, or None: read ``Settings``."""
    env = os.environ if environ is None else environ
    given: dict[str, str] = {}
    for key, value in env.items():
        if not key.upper().startswith(PREFIX):
            continue
        name = key[len(PREFIX) :].lower()
        if name in OTHER_FIELDS or (name in READ_HERE and key != key.upper()):
            return None
        if name in READ_HERE:
            if not value or value != value.strip():
                return None
            given[name] = value
    now = None
    if "now" in given:
        if not _PLAIN_TIME.fullmatch(given["now"]):
            return None
        now = datetime.fromisoformat(given["now"])
    folder = Path(given["data_dir"]) if "data_dir" in given else default_data_dir()
    return Basics(given.get("database_url"), folder, now)
