"""Text to features, the same way at training and at judging time.

Word unigrams and bigrams carry phrasing ("move forward", "other candidates");
character 3-5-grams inside words carry spelling variants, typos and inflection
("progress", "progressing"); a few rule cues ("r:kind=rejection") let the model
learn how far to trust the hand-written rules. Everything is lower-cased and
digits are folded to 0 so dates and salaries do not each become a feature.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"[a-z][a-z']*[a-z]|[a-z]|\d+")
MAX_FEATURE_CHARS = 6000  # the decision is in the first screens of a message


def words(text: str) -> list[str]:
    return [("0" if w[0].isdigit() else w) for w in _WORD.findall(text[:MAX_FEATURE_CHARS].lower())]


@lru_cache(maxsize=200_000)
def _char_grams(word: str) -> tuple[str, ...]:
    padded = f" {word} "
    grams = ["c:" + padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]
    return tuple(grams)


def tokens(text: str, *, extra: Sequence[str] = (), chars: bool = True) -> list[str]:
    """The feature tokens of one text."""
    ws = words(text)
    out = ["w:" + w for w in ws]
    out += ["b:" + a + " " + b for a, b in pairwise(ws)]
    if chars:
        for w in ws:
            out.extend(_char_grams(w))
    out.extend(extra)
    return out


class Vocabulary:
    """Token -> column, with the inverse document frequency of each column."""

    def __init__(self, terms: Sequence[str], idf: npt.NDArray[np.float32]) -> None:
        self.terms = list(terms)
        self.index = {t: i for i, t in enumerate(self.terms)}
        self.idf = idf

    @classmethod
    def fit(cls, docs: Iterable[Sequence[str]], *, min_df: int = 2) -> Vocabulary:
        df: Counter[str] = Counter()
        n = 0
        for doc in docs:
            df.update(set(doc))
            n += 1
        terms = sorted(t for t, c in df.items() if c >= min_df)
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in terms], dtype=np.float32)
        return cls(terms, idf)

    def __len__(self) -> int:
        return len(self.terms)

    def vector(self, doc: Sequence[str]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Sparse tf-idf (sublinear tf, L2-normalised) of one token list."""
        rows = self.rows([doc])
        return rows.columns, rows.values

    def rows(self, docs: Sequence[Sequence[str]]) -> Rows:
        """The tf-idf rows of many token lists at once (each row as ``vector`` gives it).

        Tokens become column numbers in one pass at C speed (``map`` over the
        index); counting, tf-idf and normalising are array operations, with each
        row's columns in ascending order.
        """
        get = self.index.get
        lengths = [len(doc) for doc in docs]
        total = sum(lengths)
        ids = np.fromiter(
            itertools.chain.from_iterable(map(get, doc, itertools.repeat(-1)) for doc in docs),
            dtype=np.int64,
            count=total,
        )
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        known = ids >= 0
        # one number per (row, column) pair, so counting them counts terms per row
        pairs, counts = np.unique(owner[known] * len(self.terms) + ids[known], return_counts=True)
        row_of = pairs // max(1, len(self.terms))
        cols = pairs - row_of * len(self.terms)
        tf = (1.0 + np.log(counts.astype(np.float64))).astype(np.float32)
        vals = tf * self.idf[cols]
        norms = np.sqrt(np.bincount(row_of, weights=vals * vals, minlength=len(docs)))
        scale = np.divide(1.0, norms, out=np.ones_like(norms), where=norms > 0)
        values = (vals * scale[row_of]).astype(np.float32)
        ends = np.zeros(len(docs) + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=len(docs)), out=ends[1:])
        return Rows(ends, cols.astype(np.int64), values)


@dataclass(frozen=True, slots=True)
class Rows:
    """Sparse rows, CSR style: row ``i`` is ``columns/values[ends[i]:ends[i + 1]]``."""

    ends: npt.NDArray[np.int64]
    columns: npt.NDArray[np.int64]
    values: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.ends) - 1

    @property
    def owner(self) -> npt.NDArray[np.int64]:
        """The row of each stored value."""
        return np.repeat(np.arange(len(self)), np.diff(self.ends))
