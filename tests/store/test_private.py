"""Secrets at rest (issue 16): the data folder and database are the owner's alone, and a
backup carries the mail but not the web session secret.

The probe: the data directory was created 0755 and the database 0644 (it
holds raw mail and the session secret); ``export`` wrote the session secret
into the backup and ``import`` restored it.
"""

from __future__ import annotations

import json
import stat
from datetime import datetime
from pathlib import Path

import pytest

from nextround.domain.errors import InvalidInput
from nextround.services import backup, record
from nextround.services.session_secret import SECRET_KEY, session_secret
from nextround.store import Database, open_database, sqlite_url

NOW = datetime(2026, 11, 16, 10, 0)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_database_and_its_folder_are_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nextround.sqlite"
    db = open_database(sqlite_url(path))
    try:
        record.add_application(db=db, company="Quarry Labs", role="Data Engineer", now=NOW)
        assert mode(path.parent) == 0o700
        for each in (path, path.with_name(path.name + "-wal")):
            assert mode(each) == 0o600, each
    finally:
        db.dispose()


def test_an_existing_database_others_can_read_is_narrowed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    open_database(sqlite_url(path)).dispose()
    path.chmod(0o644)
    open_database(sqlite_url(path)).dispose()
    assert mode(path) == 0o600


def test_a_backup_is_owner_only_and_leaves_the_session_secret_behind(tmp_path: Path) -> None:
    db = open_database(sqlite_url(tmp_path / "a.sqlite"))
    record.add_application(db=db, company="Quarry Labs", role="Data Engineer", now=NOW)
    secret = session_secret(db=db)
    dump = tmp_path / "backup.json"
    backup.export_file(db=db, path=dump, now=NOW)
    assert mode(dump) == 0o600
    data = json.loads(dump.read_text(encoding="utf-8"))
    assert SECRET_KEY not in data["meta"] and secret not in dump.read_text(encoding="utf-8")
    # an export made before this change carried it: a restore still makes a new one
    data["meta"][SECRET_KEY] = secret
    dump.write_text(json.dumps(data), encoding="utf-8")
    restored = open_database(sqlite_url(tmp_path / "b.sqlite"))
    backup.import_file(db=restored, path=dump)
    assert session_secret(db=restored) != secret
    db.dispose()
    restored.dispose()


def test_a_backup_too_long_for_postgresql_is_refused_on_sqlite_too(
    db: Database, tmp_path: Path
) -> None:
    """The probe: a 100k-character company restored on SQLite but not on PostgreSQL."""
    source = open_database(sqlite_url(tmp_path / "source.sqlite"))
    record.add_application(db=source, company="Quarry Labs", role="Data Engineer", now=NOW)
    dump = tmp_path / "backup.json"
    backup.export_file(db=source, path=dump, now=NOW)
    source.dispose()
    data = json.loads(dump.read_text(encoding="utf-8"))
    data["applications"][0]["company"] = "Q" * 100_000
    dump.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InvalidInput, match="company of 100,000 characters is too long"):
        backup.import_file(db=db, path=dump)
    assert db.is_empty()
