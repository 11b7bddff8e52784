"""Correcting judgements and training a personal model, through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from nextround.analysis import forget_loaded_models
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


def test_correct_then_train_personal(cli: Run, data_dir: Path) -> None:
    assert cli("model", "status", "--json").json()["in_use"] == "shipped"
    refused = cli("model", "train", "--personal")
    assert refused.code != 0 and "no corrections yet" in refused.err

    cli("me", "Sam")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    cli("interview", "add", str(app), "--stage", "onsite", "--when", "2026-11-10 10:00")
    thread = cli("reject", REJECTION, "--app", str(app)).id
    reply = cli("reply", str(thread), "It was close; we had many strong people.", "--json").json()
    message = reply["message_id"]

    bad = cli("correct", str(message), "--kind", "offer")
    assert bad.code != 0 and "a reply takes" in bad.err
    fixed = cli("correct", str(message), "--category", "generic", "--vagueness", "competition")
    assert fixed.code == 0 and "vagueness=competition" in fixed.out

    status = cli("model", "status", "--json").json()
    assert status["pending_corrections"] == 1

    trained = cli("model", "train", "--personal")
    assert trained.code == 0, trained.err
    assert "1 of your corrections" in trained.out
    status = cli("model", "status", "--json").json()
    assert status["in_use"] == "personal" and status["corrections"] == 1
    assert status["pending_corrections"] == 0
    # in the folder of this database, named by its id
    (slot,) = (data_dir / "models" / "personal").iterdir()
    assert (slot / "manifest.json").exists() and len(slot.name) >= 16


def test_a_damaged_personal_model_is_one_clear_line(cli: Run, data_dir: Path) -> None:
    folder = data_dir / "models" / "personal"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{}")
    cli("me", "Sam")
    app = cli("app", "add", "Quarry Labs", "Data Engineer").id
    result = cli("reject", REJECTION, "--app", str(app))
    assert result.code != 0
    assert result.err.count("\n") == 1 and "nextround model train" in result.err
    assert cli("threads", "--json").json() == []


def test_analyze_judges_with_the_personal_model_when_there_is_one(
    cli: Run, data_dir: Path, tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "We have decided not to proceed."}\n', encoding="utf-8")
    assert cli("analyze", "emails", str(src)).code == 0  # the shipped model
    folder = data_dir / "models" / "personal"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{}")
    forget_loaded_models()
    result = cli("analyze", "emails", str(src))
    assert result.code != 0 and result.out == ""
    assert result.err.count("\n") == 1 and "nextround model train" in result.err
