"""Models as data: a folder of arrays and JSON with a manifest, never pickle.

    manifest.json   format, versions, what it was trained on, checksums
    vocab-NAME.json the terms of a vocabulary (its idf is in vocab-NAME.npz)
    model-NAME.npz  weights and bias of one linear model

A bundle is written to ``FOLDER.part`` and renamed into place, so a killed
training never leaves half a model; loading checks the format version, the
feature version and every file's checksum, and says how to rebuild otherwise.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from nextround.analysis.features import Vocabulary
from nextround.analysis.linear import LinearModel
from nextround.domain.errors import AnalysisError

FORMAT = "nextround-models"
FORMAT_VERSION = 1
# bump when features.tokens() changes: old weights would point at the wrong columns
FEATURE_VERSION = 1
REBUILD = "rebuild it with `nextround model train` (or `make model`)"


@dataclass
class Bundle:
    vocabularies: dict[str, Vocabulary]
    models: dict[str, LinearModel]
    info: dict[str, Any] = field(default_factory=dict)

    def model(self, name: str) -> tuple[LinearModel, Vocabulary]:
        model = self.models[name]
        return model, self.vocabularies[model.vocabulary]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(bundle: Bundle, folder: Path) -> None:
    """Write atomically: a complete new bundle replaces the old one, or nothing changes."""
    part = folder.with_name(folder.name + ".part")
    shutil.rmtree(part, ignore_errors=True)
    part.mkdir(parents=True)
    files: dict[str, str] = {}
    for name, vocab in bundle.vocabularies.items():
        (part / f"vocab-{name}.json").write_text(json.dumps(vocab.terms), encoding="utf-8")
        np.savez_compressed(part / f"vocab-{name}.npz", idf=vocab.idf)
    models: dict[str, Any] = {}
    for name, model in bundle.models.items():
        np.savez_compressed(
            part / f"model-{name}.npz",
            weights=model.weights.astype(np.float32),
            bias=model.bias.astype(np.float32),
        )
        models[name] = {
            "vocabulary": model.vocabulary,
            "classes": list(model.classes),
            "mode": model.mode,
            "temperature": model.temperature,
        }
    for path in sorted(part.iterdir()):
        files[path.name] = _sha256(path)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "feature_version": FEATURE_VERSION,
        "vocabularies": sorted(bundle.vocabularies),
        "models": models,
        "files": files,
        **{k: v for k, v in bundle.info.items() if k not in ("files", "models")},
    }
    (part / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    part.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AnalysisError(f"no model in {folder}; {REBUILD}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise AnalysisError(f"the model manifest {path} is unreadable ({err}); {REBUILD}") from err
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise AnalysisError(f"{path} is not a nextround model manifest; {REBUILD}")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise AnalysisError(
            f"the model in {folder} has format {manifest.get('format_version')}, this nextround "
            f"reads format {FORMAT_VERSION}; {REBUILD}"
        )
    if manifest.get("feature_version") != FEATURE_VERSION:
        raise AnalysisError(
            f"the model in {folder} was built for feature version "
            f"{manifest.get('feature_version')}, this nextround computes version "
            f"{FEATURE_VERSION}; {REBUILD}"
        )
    return manifest


def load(folder: Path) -> Bundle:
    """Read a bundle, refusing anything damaged, foreign or from another version."""
    manifest = read_manifest(folder)
    try:
        for name, digest in manifest["files"].items():
            if _sha256(folder / name) != digest:
                raise AnalysisError(f"model file {folder / name} is damaged; {REBUILD}")
        vocabularies = {}
        for name in manifest["vocabularies"]:
            terms = json.loads((folder / f"vocab-{name}.json").read_text(encoding="utf-8"))
            with np.load(folder / f"vocab-{name}.npz") as arrays:
                vocabularies[name] = Vocabulary(terms, arrays["idf"])
        models = {}
        for name, meta in manifest["models"].items():
            with np.load(folder / f"model-{name}.npz") as arrays:
                models[name] = LinearModel(
                    name=name,
                    vocabulary=meta["vocabulary"],
                    classes=tuple(meta["classes"]),
                    mode=meta["mode"],
                    weights=arrays["weights"],
                    bias=arrays["bias"],
                    temperature=float(meta.get("temperature", 1.0)),
                )
    except AnalysisError:
        raise
    except (OSError, KeyError, ValueError, TypeError, json.JSONDecodeError) as err:
        raise AnalysisError(f"the model in {folder} cannot be loaded ({err}); {REBUILD}") from err
    info = {k: v for k, v in manifest.items() if k not in ("files", "models", "vocabularies")}
    return Bundle(vocabularies=vocabularies, models=models, info=info)
