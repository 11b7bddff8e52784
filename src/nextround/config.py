"""Settings: one typed object, read from ``NEXTROUND_*`` variables by the entry points only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from nextround.config_env import default_data_dir, resolved_url
from nextround.domain.mailbox import SignIn

if TYPE_CHECKING:
    from nextround.mail.oauth import Provider


class Settings(BaseSettings):
    """Every setting nextround reads; each is documented in the README (a test checks)."""

    model_config = SettingsConfigDict(env_prefix="NEXTROUND_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Database URL (sqlite:///path or postgresql://...); overrides the data dir.",
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
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
    mail_sync_minutes: int = Field(
        default=15,
        ge=1,
        le=24 * 60,
        description="How often a server's workers sync every mail account, in minutes.",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-* to believe.",
    )
    secret_key_file: Path | None = Field(
        default=None,
        description="Key file that seals mail secrets on a multi-user server "
        "(default: secret.key in the data dir, made on first start).",
    )
    mail_password: SecretStr | None = Field(
        default=None,
        description="IMAP password for mail accounts whose password is not in the keyring.",
    )
    microsoft_client_id: str = Field(
        default="",
        description="Application (client) ID of your Microsoft app registration for OAuth2.",
    )
    microsoft_authority: str = Field(
        default="https://login.microsoftonline.com/common",
        description="Microsoft sign-in authority (a tenant's, or a test server's).",
    )
    google_client_id: str = Field(
        default="", description="Client ID of your own Google OAuth client (Desktop app)."
    )
    google_client_secret: SecretStr | None = Field(
        default=None, description="Client secret of that Google OAuth client."
    )
    google_auth_url: str = Field(
        default="https://accounts.google.com/o/oauth2/v2/auth",
        description="Google's authorization endpoint (a test server's in tests).",
    )
    google_token_url: str = Field(
        default="https://oauth2.googleapis.com/token",
        description="Google's token endpoint (a test server's in tests).",
    )
    oauth_ca_file: str = Field(
        default="", description="Trust this CA file for the OAuth2 endpoints (tests)."
    )

    def oauth_providers(self) -> dict[SignIn, Provider]:
        """The OAuth2 providers, at the endpoints these settings name."""
        from nextround.mail.oauth import google, microsoft

        return {
            SignIn.MICROSOFT: microsoft(self.microsoft_authority, ca_file=self.oauth_ca_file),
            SignIn.GOOGLE: google(
                self.google_auth_url, self.google_token_url, ca_file=self.oauth_ca_file
            ),
        }

    def host_names(self) -> frozenset[str]:
        """The web app's allowed host names, lower-cased."""
        return frozenset(h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip())

    def proxy_addresses(self) -> frozenset[str]:
        """The reverse proxies whose forwarded headers are believed."""
        return frozenset(h.strip() for h in self.trusted_proxies.split(",") if h.strip())

    def resolved_url(self, db_path: Path | None = None) -> str:
        """``--db``, else the setting, else the data folder's SQLite file."""
        return resolved_url(db_path, self.database_url, self.data_dir)
