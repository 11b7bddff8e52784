"""A linear model over a vocabulary: numpy at judging time, no scikit-learn import.

Training (``training.py``) fits scikit-learn's logistic regression and copies
its coefficients here; judging is a sparse dot product, so loading a model is
reading arrays, and judging one email takes well under a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nextround.analysis.features import Rows, Vocabulary

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

    def logits_rows(self, rows: Rows) -> npt.NDArray[np.float64]:
        """The scaled logits of many rows, shape (rows, outputs).

        Each row is summed on its own, in the same order whatever else is in
        the batch, so judging a message alone or among thousands gives the
        same numbers to the last bit.
        """
        owner = rows.owner
        contributions = rows.values[:, None] * self.weights[rows.columns]
        raw = np.empty((len(rows), self.weights.shape[1]), dtype=np.float64)
        for j in range(raw.shape[1]):
            raw[:, j] = np.bincount(owner, weights=contributions[:, j], minlength=len(rows))
        return (raw + self.bias) / self.temperature

    def probabilities_rows(self, rows: Rows) -> npt.NDArray[np.float64]:
        """Class probabilities of many rows, shape (rows, classes), columns as ``classes``."""
        z = self.logits_rows(rows)
        if self.mode == "ovr":
            return 1.0 / (1.0 + np.exp(-z))
        if len(self.classes) == 2:
            one = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.stack([1.0 - one, one], axis=1)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        out: npt.NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
        return out

    def labelled(self, probabilities: npt.NDArray[np.float64]) -> dict[str, float]:
        """One row of ``probabilities_rows`` as {class: probability}."""
        return {c: float(v) for c, v in zip(self.classes, probabilities, strict=True)}

    def probabilities(self, idx: npt.NDArray[np.int64], vals: Floats) -> dict[str, float]:
        rows = Rows(np.array([0, len(idx)], dtype=np.int64), idx, vals)
        return self.labelled(self.probabilities_rows(rows)[0])

    def predict(self, vocab: Vocabulary, doc: list[str]) -> dict[str, float]:
        return self.labelled(self.probabilities_rows(vocab.rows([doc]))[0])
