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
    return word_tokens(words(text), extra=extra, chars=chars)


def word_tokens(ws: Sequence[str], *, extra: Sequence[str] = (), chars: bool = True) -> list[str]:
    """The feature tokens of a text given as its ``words``."""
    out = ["w:" + w for w in ws]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(ws)]  # an f-string beats "+" here
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
        ids = np.fromiter(
            itertools.chain.from_iterable(map(get, doc, itertools.repeat(-1)) for doc in docs),
            dtype=np.int64,
            count=sum(lengths),
        )
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        return self.count_rows(owner, ids, len(docs))

    def count_rows(
        self, owner: npt.NDArray[np.int64], ids: npt.NDArray[np.int64], count: int
    ) -> Rows:
        """The tf-idf rows of ``count`` documents given as column numbers: document
        ``owner[k]`` holds column ``ids[k]`` (-1 for a token not in the vocabulary).

        Only which columns a document holds, and how often, matter, not their
        order, so any way of finding a document's columns gives the same row.
        """
        known = ids >= 0
        # one number per (row, column) pair, so counting them counts terms per row
        pairs, counts = np.unique(owner[known] * len(self.terms) + ids[known], return_counts=True)
        row_of = pairs // max(1, len(self.terms))
        cols = pairs - row_of * len(self.terms)
        tf = (1.0 + np.log(counts.astype(np.float64))).astype(np.float32)
        vals = tf * self.idf[cols]
        norms = np.sqrt(np.bincount(row_of, weights=vals * vals, minlength=count))
        scale = np.divide(1.0, norms, out=np.ones_like(norms), where=norms > 0)
        values = (vals * scale[row_of]).astype(np.float32)
        ends = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(row_of, minlength=count), out=ends[1:])
        return Rows(ends, cols.astype(np.int64), values)


@dataclass(frozen=True, slots=True)
class Rows:
    """Sparse rows, CSR style: row ``i`` is ``columns/values[ends[i]:ends[i + 1]]``."""

    ends: npt.NDArray[np.int64]
    columns: npt.NDArray[np.int64]
    values: npt.NDArray[np.float32]

    def __len__(self) -> int:
        return len(self.ends) - 1

    @classmethod
    def dense(cls, matrix: npt.NDArray[np.float32]) -> Rows:
        """Every entry of a dense matrix stored, each row's columns ``0..n-1`` in order
        (a meta-model's input, as ``LinearModel.probabilities`` stores one vector)."""
        count, width = matrix.shape
        return cls(
            np.arange(count + 1, dtype=np.int64) * width,
            np.tile(np.arange(width, dtype=np.int64), count),
            np.ascontiguousarray(matrix, dtype=np.float32).reshape(-1),
        )

    @property
    def owner(self) -> npt.NDArray[np.int64]:
        """The row of each stored value."""
        return np.repeat(np.arange(len(self)), np.diff(self.ends))


class _CharGrams(dict[str, tuple[int, ...]]):
    """Word -> the columns of its (prefixed) character n-grams, filled in on first use
    (``__missing__``), so looking a known word up stays at C speed inside ``map``."""

    LIMIT = 100_000  # words remembered; past this the memory starts over

    def __init__(self, index: dict[str, int], prefix: str) -> None:
        super().__init__()
        self.index = index
        self.prefix = prefix

    def __missing__(self, word: str) -> tuple[int, ...]:
        get = self.index.get
        found = (get(self.prefix + gram, -1) for gram in _char_grams(word))
        columns = tuple(c for c in found if c >= 0)
        if len(self) >= self.LIMIT:
            self.clear()
        self[word] = columns
        return columns


class TokenColumns:
    """The rows a vocabulary gives ``word_tokens(ws, chars=chars)``, every token
    prefixed by ``prefix`` (as ``sentence_tokens`` prefixes the task), found from the
    words without building the token strings.

    Every word the vocabulary's unigrams and bigrams name gets a number; a batch's
    words become numbers in one pass, and array operations find the unigram
    columns (a table by number) and the bigram columns (the sorted numbers of the
    known pairs). A word's character n-grams, which exist for unknown words too,
    are looked up once per word and remembered. A row depends only on which
    columns a text holds and how often (``Vocabulary.count_rows``), so ``rows``
    gives exactly what ``vocab.rows`` gives over the prefixed tokens.
    """

    def __init__(self, vocab: Vocabulary, *, prefix: str = "", chars: bool = True) -> None:
        self.vocab = vocab
        self.prefix = prefix
        unigram, bigram, cut = prefix + "w:", prefix + "b:", len(prefix) + 2
        index = vocab.index
        unigrams = {t[cut:]: c for t, c in index.items() if t.startswith(unigram)}
        # words hold no space, so the first space splits a bigram term exactly
        pairs = [t[cut:].partition(" ") for t in index if t.startswith(bigram)]
        pair_columns = [c for t, c in index.items() if t.startswith(bigram)]
        pair_words = itertools.chain.from_iterable((a, b) for a, _, b in pairs)
        named = dict.fromkeys(itertools.chain(unigrams, pair_words))
        self._numbers = {word: n for n, word in enumerate(named)}
        size = len(self._numbers)
        # indexed by word number; the extra last entry answers the number -1 (unknown)
        self._unigrams = np.full(size + 1, -1, dtype=np.int64)
        self._unigrams[[self._numbers[w] for w in unigrams]] = list(unigrams.values())
        numbers = self._numbers
        keys = np.array([numbers[a] * size + numbers[b] for a, _, b in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self._pair_keys = keys[order]
        self._pair_columns = np.array(pair_columns, dtype=np.int64)[order]
        self._grams = _CharGrams(vocab.index, prefix) if chars else None

    def rows(
        self, docs: Sequence[Sequence[str]], extras: Sequence[Sequence[str]] | None = None
    ) -> Rows:
        """The tf-idf rows of many texts given as their ``words``, as ``vocab.rows``
        gives them for their (prefixed) tokens; each text's ``extras`` are tokens
        looked up as they are, as ``word_tokens`` appends them."""
        lengths = [len(ws) for ws in docs]
        flat = list(itertools.chain.from_iterable(docs))
        numbers = np.fromiter(
            map(self._numbers.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat)
        )
        owner = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
        owners, columns = [owner], [self._unigrams[numbers]]
        # bigrams: neighbouring words of one text, both named by some bigram; the
        # pairs are searched in sorted order (much faster), their order not mattering
        first, second = numbers[:-1], numbers[1:]
        paired = (owner[1:] == owner[:-1]) & (first >= 0) & (second >= 0)
        keys = first[paired] * len(self._numbers) + second[paired]
        order = np.argsort(keys)
        keys = keys[order]
        at = np.searchsorted(self._pair_keys, keys)
        known = at < len(self._pair_keys)
        known[known] = self._pair_keys[at[known]] == keys[known]
        owners.append(owner[:-1][paired][order][known])
        columns.append(self._pair_columns[at[known]])
        if self._grams is not None:
            grams = list(map(self._grams.__getitem__, flat))
            counts = np.fromiter(map(len, grams), dtype=np.int64, count=len(grams))
            owners.append(np.repeat(owner, counts))
            columns.append(
                np.fromiter(
                    itertools.chain.from_iterable(grams), dtype=np.int64, count=int(counts.sum())
                )
            )
        if extras is not None:
            flat = list(itertools.chain.from_iterable(extras))
            owners.append(np.repeat(np.arange(len(docs), dtype=np.int64), [len(e) for e in extras]))
            columns.append(
                np.fromiter(
                    map(self.vocab.index.get, flat, itertools.repeat(-1)),
                    dtype=np.int64,
                    count=len(flat),
                )
            )
        return self.vocab.count_rows(np.concatenate(owners), np.concatenate(columns), len(docs))
