"""A personal model belongs to the database it learnt from, not to the machine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nextround.analysis import forget_loaded_models
from nextround.cli import main
from tests.e2e.conftest import Run

REJECTION = (
    "Hi Sam, thank you for interviewing with Quarry Labs for the Data Engineer role. We have "
    "decided to move forward with another candidate. Best, Lena"
)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("NEXTROUND_DATA_DIR", str(folder))
    forget_loaded_models()
    yield folder
    forget_loaded_models()


def _status(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--db", str(db), "model", "status", *extra])
    return code, capsys.readouterr().out


def test_a_fresh_database_does_not_use_another_databases_personal_model(
    cli: Run, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cli("me", "Sam")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    cli("interview", "add", str(app), "--stage", "onsite", "--when", "2026-11-10 10:00")
    thread = cli("reject", REJECTION, "--app", str(app)).id
    message = cli("reply", str(thread), "It was close; many strong people.", "--json").json()
    cli("correct", str(message["message_id"]), "--category", "generic")
    trained = cli("model", "train", "--personal")
    assert trained.code == 0, trained.err
    assert cli("model", "status", "--json").json()["in_use"] == "personal"

    fresh = tmp_path / "other.sqlite"
    code, out = _status(fresh, capsys, "--json")
    status = json.loads(out)
    assert code == 0
    assert status["in_use"] == "shipped" and status["corrections"] == 0
    code, out = _status(fresh, capsys)
    assert "in use: the shipped model" in out
    assert "of your corrections" not in out
    assert "another database" in out

    # the first database still judges with the model it trained, kept in its own folder
    assert cli("model", "status", "--json").json()["in_use"] == "personal"
    folders = [p for p in (data_dir / "models" / "personal").iterdir() if p.is_dir()]
    assert len(folders) == 1 and (folders[0] / "manifest.json").exists()
    assert not (data_dir / "models" / "personal" / "manifest.json").exists()


def test_a_restored_copy_is_a_new_database(
    cli: Run, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nextround.services.session_secret import database_id
    from nextround.store import open_database, sqlite_url

    cli("me", "Sam")
    original = open_database(sqlite_url(tmp_path / "cli.sqlite"))
    first = database_id(db=original)
    original.dispose()
    exported = tmp_path / "backup.json"
    assert cli("export", str(exported)).code == 0
    restored = tmp_path / "restored.sqlite"
    capsys.readouterr()
    assert main(["--db", str(restored), "import", str(exported)]) == 0
    assert first not in exported.read_text(encoding="utf-8")
    ids = []
    for path in (tmp_path / "cli.sqlite", restored):
        db = open_database(sqlite_url(path))
        ids.append(database_id(db=db))
        assert database_id(db=db) == ids[-1]  # made once, then kept
        db.dispose()
    assert ids[0] == first and ids[1] != first
