"""The adapters the entry points build and hand to the use cases.

The CLI and the web app open a database, load a judge, reach the keyring and
name the OAuth providers here; everything else they do is a use case of
``services``. Each import waits for its first use, so a command pays only for
the adapters it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nextround.analysis import Judge as Judge
    from nextround.domain.mailbox import SignIn
    from nextround.mail.oauth import DeviceCode as DeviceCode
    from nextround.mail.oauth import Grant as Grant
    from nextround.mail.oauth import Provider as Provider
    from nextround.mail.secrets import Keyring as Keyring
    from nextround.store import Database as Database
    from nextround.store.changes import ChangeProbe as ChangeProbe
    from nextround.store.plain import Reads as Reads
    from nextround.store.plain import SqliteFile as SqliteFile
    from nextround.store.plain_import import Writable as Writable


def open_database(url: str) -> Database:
    """The database at ``url`` (SQLite or PostgreSQL), migrated to this version."""
    from nextround.store import open_database as open_store

    return open_store(url)


def plain_sqlite(path: Path) -> SqliteFile | None:
    """The SQLite file at ``path`` for plain reads (``sqlite3``, no SQLAlchemy), when it
    exists at the newest schema; None when it must be opened (created, upgraded) the
    usual way with ``open_database``."""
    from nextround.store.plain import current_sqlite_file

    return current_sqlite_file(path)


def change_probe(db: Database) -> ChangeProbe:
    """A cheap probe that tells whether anything in ``db`` changed (for the page cache)."""
    from nextround.store.changes import ChangeProbe

    return ChangeProbe(db)


def system_keyring() -> Keyring:
    """The operating system's keyring, where mail passwords and tokens are kept."""
    from nextround.mail.secrets import Keyring

    return Keyring()


def imap_host(which: SignIn) -> str:
    """The IMAP server of an OAuth provider's mail (Microsoft or Google)."""
    from nextround.mail.oauth import IMAP_HOSTS

    return IMAP_HOSTS[which]


def default_judge() -> Judge:
    """The shipped models' judge (the rules alone when no model is installed)."""
    from nextround.analysis import default_judge as shipped

    return shipped()


def user_judge(*, data_dir: Path, database_id: Callable[[], str]) -> Judge:
    """The judge for one database: its personal model when trained, else the shipped one."""
    from nextround.analysis import load_judge, personal_model_for, personal_models

    return load_judge(personal=personal_model_for(personal_models(data_dir), database_id))


def shipped_models_folder() -> Path:
    """Where the models that ship with nextround live (``model train --shipped`` writes there)."""
    from nextround.analysis.judge import SHIPPED_MODELS

    return SHIPPED_MODELS
