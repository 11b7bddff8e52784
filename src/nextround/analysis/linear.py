"""A linear model over a vocabulary: numpy at judging time, no scikit-learn import.

Training (``training.py``) fits scikit-learn's logistic regression and copies
its coefficients here; judging is a sparse dot product, so loading a model is
reading arrays, and judging one email takes well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nextround.analysis.features import Vocabulary

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class LinearModel:
    """``softmax`` picks one of ``classes``; ``ovr`` scores each class on its own."""

    name: str
    vocabulary: str  # which vocabulary (by name) the columns refer to
    classes: tuple[str, ...]
    mode: str  # "softmax" or "ovr"
    weights: Floats  # (n_features, n_outputs)
    bias: Floats  # (n_outputs,)
    temperature: float = 1.0

    def __post_init__(self) -> None:
        if self.mode not in ("softmax", "ovr"):
            raise ValueError(f"unknown mode {self.mode!r}")
        outputs = len(self.classes) if self.mode == "ovr" or len(self.classes) > 2 else 1
        if self.weights.shape[1] != outputs or self.bias.shape != (outputs,):
            raise ValueError(f"model {self.name}: weights do not match its classes")

    def logits(self, idx: npt.NDArray[np.int64], vals: Floats) -> Floats:
        if len(idx):
            raw: Floats = vals @ self.weights[idx] + self.bias
        else:
            raw = self.bias.copy()
        return raw / self.temperature

    def probabilities(self, idx: npt.NDArray[np.int64], vals: Floats) -> dict[str, float]:
        z = self.logits(idx, vals)
        if self.mode == "ovr":
            p = 1.0 / (1.0 + np.exp(-z))
        elif len(self.classes) == 2:
            one = float(1.0 / (1.0 + np.exp(-z[0])))
            p = np.array([1.0 - one, one])
        else:
            e = np.exp(z - z.max())
            p = e / e.sum()
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    def predict(self, vocab: Vocabulary, doc: list[str]) -> dict[str, float]:
        idx, vals = vocab.vector(doc)
        return self.probabilities(idx, vals)
