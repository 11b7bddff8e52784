"""Settings: one typed object, read from ``NEXTROUND_*`` variables by the entry points only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from nextround.store import sqlite_url


class Settings(BaseSettings):
    """Every setting nextround reads; each is documented in the README (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="NEXTROUND_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Database URL (sqlite:///path or postgresql://...); overrides the data dir.",
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("nextround", appauthor=False)),
        description="Folder for the default SQLite database and personal models.",
    )
    now: datetime | None = Field(
        default=None,
        description="Pretend the clock reads this (ISO time); for demos and tests.",
    )
    allowed_hosts: str = Field(
        default="127.0.0.1,localhost,::1",
        description="Comma-separated host names the web app answers to; * for any.",
    )
    page_cache: bool = Field(
        default=True,
        description="Keep rendered web pages until the database changes (SQLite only).",
    )
    multi_user: bool = Field(
        default=False,
        description="Serve many people with sign-in (PostgreSQL only); set by serve --multi-user.",
    )
    session_hours: float = Field(
        default=12.0,
        gt=0,
        le=24 * 90,
        description="How long a sign-in lasts on a multi-user server, in hours.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-* to believe.",
    )
    mail_password: SecretStr | None = Field(
        default=None,
        description="IMAP password for mail accounts whose password is not in the keyring.",
    )

    def host_names(self) -> frozenset[str]:
        """The web app's allowed host names, lower-cased."""
        return frozenset(h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip())

    def proxy_addresses(self) -> frozenset[str]:
        """The reverse proxies whose forwarded headers are believed."""
        return frozenset(h.strip() for h in self.trusted_proxies.split(",") if h.strip())

    def resolved_url(self, db_path: Path | None = None) -> str:
        if db_path is not None:
            return sqlite_url(db_path.expanduser().resolve())
        if self.database_url:
            return self.database_url
        return sqlite_url(self.data_dir / "nextround.sqlite")
