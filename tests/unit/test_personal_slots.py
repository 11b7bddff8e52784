"""Each database keeps its own personal model: a folder per database id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nextround.analysis import (
    other_personal_models,
    personal_model_for,
    personal_models,
    personal_slot,
)
from nextround.analysis.judge import SHIPPED_MODELS
from nextround.domain.errors import AnalysisError

A, B = "a1" * 8, "b2" * 8


def _model(folder: Path, database: str) -> Path:
    """A model folder whose manifest names ``database`` (the weights are not read here)."""
    folder.mkdir(parents=True)
    manifest = json.loads((SHIPPED_MODELS / "manifest.json").read_text(encoding="utf-8"))
    manifest["personal"] = {"corrections": 1, "database": database}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def _never() -> str:
    raise AssertionError("the database id was asked for with no personal model anywhere")


def test_no_personal_model_needs_no_database_id(tmp_path: Path) -> None:
    root = personal_models(tmp_path)
    assert personal_model_for(root, _never) is None
    root.mkdir(parents=True)
    assert personal_model_for(root, _never) is None


def test_two_databases_keep_a_model_each(tmp_path: Path) -> None:
    root = personal_models(tmp_path)
    a = _model(personal_slot(root, A), A)
    b = _model(personal_slot(root, B), B)
    assert personal_model_for(root, lambda: A) == a
    assert personal_model_for(root, lambda: B) == b
    assert personal_model_for(root, lambda: "c3" * 8) is None
    assert other_personal_models(root, "c3" * 8)
    shutil.rmtree(b)
    assert not other_personal_models(root, A)


def test_a_folder_copied_under_another_id_judges_nothing(tmp_path: Path) -> None:
    root = personal_models(tmp_path)
    _model(personal_slot(root, B), A)  # named B, trained from A
    assert personal_model_for(root, lambda: B) is None


def test_the_one_model_of_earlier_versions_still_serves_its_database(tmp_path: Path) -> None:
    root = _model(personal_models(tmp_path), A)
    assert personal_model_for(root, lambda: A) == root
    assert personal_model_for(root, lambda: B) is None
    assert other_personal_models(root, B)
    assert not other_personal_models(root, A)


@pytest.mark.parametrize("bad", ["../etc", "a/b", "", "."])
def test_a_database_id_is_never_a_path(tmp_path: Path, bad: str) -> None:
    with pytest.raises(AnalysisError):
        personal_slot(tmp_path, bad)
