"""The batched model computations give, bit for bit, what the plain ones give:
columns found from words equal the tokens' columns, and the kind meta-model over
a whole batch equals it run one email at a time."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nextround.analysis import default_judge
from nextround.analysis.corpus import load_corpus
from nextround.analysis.engine import ModelJudge
from nextround.analysis.features import Rows, TokenColumns, Vocabulary, word_tokens, words
from nextround.analysis.views import (
    EMAIL_CHARS,
    email_view,
    sentence_prefix,
    sentence_tokens,
    stack_matrix,
    stack_vector,
)


def _judge() -> ModelJudge:
    judge = default_judge()
    assert isinstance(judge, ModelJudge)
    return judge


def _same(a: Rows, b: Rows) -> None:
    assert np.array_equal(a.ends, b.ends)
    assert np.array_equal(a.columns, b.columns)
    assert a.values.dtype == b.values.dtype
    assert a.values.tobytes() == b.values.tobytes()


def _sentences() -> list[str]:
    corpus = load_corpus()
    texts = [e["text"] for e in corpus.emails] + [r["text"] for r in corpus.replies]
    return [s for t in texts for s in t.replace("\n", ". ").split(". ")]


def test_email_rows_from_words_equal_the_tokens_rows_on_the_corpus() -> None:
    vocab = _judge().bundle.vocabularies["email"]
    views = [email_view(e["text"]) for e in load_corpus().emails[:400]]
    found = TokenColumns(vocab, chars=EMAIL_CHARS).rows(
        [v.words for v in views], [v.extra for v in views]
    )
    _same(found, vocab.rows([v.tokens for v in views]))


@pytest.mark.parametrize("task", ["reason", "evidence"])
def test_sentence_rows_from_words_equal_the_tokens_rows_on_the_corpus(task: str) -> None:
    vocab = _judge().bundle.vocabularies["sentence"]
    sentences = _sentences()
    columns = TokenColumns(vocab, prefix=sentence_prefix(task))
    expected = vocab.rows([sentence_tokens(s, task=task) for s in sentences])
    _same(columns.rows([words(s) for s in sentences]), expected)
    _same(columns.rows([words(s) for s in sentences]), expected)  # from remembered words


# words the vocabularies know, mixed with anything: digits, apostrophes, unknown words
_SENTENCES = st.lists(
    st.one_of(
        st.sampled_from(["we", "will", "not", "be", "moving", "forward", "unfortunately", "the"]),
        st.text(alphabet="abcdefgz' 0123456789é.\n", max_size=10),
    ),
    max_size=20,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(_SENTENCES, max_size=6))
def test_sentence_rows_from_words_equal_the_tokens_rows_on_generated_text(
    sentences: list[str],
) -> None:
    vocab = _judge().bundle.vocabularies["sentence"]
    columns = TokenColumns(vocab, prefix=sentence_prefix("reason"))
    expected = vocab.rows([sentence_tokens(s, task="reason") for s in sentences])
    _same(columns.rows([words(s) for s in sentences]), expected)


def test_token_columns_on_a_small_vocabulary() -> None:
    """Repeated tokens, a bigram split across two texts, texts with nothing known, extras,
    and a vocabulary without bigrams."""
    terms = ["b:a b", "b:b a", "w:a", "w:c", "c: a ", "c: ab", "x:extra"]
    vocab = Vocabulary(terms, np.linspace(1.0, 2.0, len(terms), dtype=np.float32))
    docs = [["a", "b", "a", "b"], [], ["zz"], ["b"], ["a"], ["c", "c", "a"]]
    extras = [["x:extra"], [], ["x:extra", "nope"], [], [], []]
    for chars in (False, True):
        expected = vocab.rows(
            [word_tokens(ws, extra=e, chars=chars) for ws, e in zip(docs, extras, strict=True)]
        )
        _same(TokenColumns(vocab, chars=chars).rows(docs, extras), expected)
    plain = Vocabulary(["w:a"], np.ones(1, dtype=np.float32))
    _same(
        TokenColumns(plain, chars=False).rows(docs),
        plain.rows([word_tokens(ws, chars=False) for ws in docs]),
    )
    assert len(TokenColumns(vocab).rows([])) == 0


def test_the_batched_stack_equals_the_stack_one_email_at_a_time() -> None:
    judge = _judge()
    kind, vocab = judge.bundle.model("kind")
    stack, inputs = judge.bundle.model("kind_stack")
    views = [email_view(e["text"]) for e in load_corpus().emails[:300]]
    probabilities = kind.probabilities_rows(vocab.rows([v.tokens for v in views]))
    probabilities[0] = 0.0  # below the floor, as a far-off class can be
    rules = [v.rules.kind.value for v in views]
    sures = [v.rules.confidence for v in views]
    assert any(t.startswith("r:sure=") for t in inputs.terms)  # the rules' confidence is read
    matrix = stack_matrix(inputs.terms, kind.classes, probabilities, rules, sures)
    batched = stack.probabilities_rows(Rows.dense(matrix))
    for i, rule in enumerate(rules):
        vector = stack_vector(inputs.terms, kind.labelled(probabilities[i]), rule, sures[i])
        assert matrix[i].tobytes() == vector.tobytes()
        alone = stack.probabilities(np.arange(len(inputs)), vector)
        assert list(alone.values()) == batched[i].tolist()


def test_the_rules_confidence_goes_to_the_rules_kind_only() -> None:
    terms = ["p:yes", "r:kind=yes", "r:kind=no", "r:sure=yes", "r:sure=no"]
    vector = stack_vector(terms, {"yes": 0.5, "no": 0.5}, "no", 0.8)
    assert vector[1:].tolist() == [0.0, 1.0, 0.0, pytest.approx(0.8)]
    matrix = stack_matrix(terms, ("no", "yes"), np.array([[0.5, 0.5]] * 2), ["no", "yes"])
    assert matrix[:, 3:].tolist() == [[0.0, 0.0], [0.0, 0.0]]  # no confidence given: none read


def test_a_stack_term_for_a_class_the_base_model_lacks_reads_the_floor() -> None:
    terms = ["p:yes", "p:gone", "r:kind=yes"]
    probabilities = np.array([[0.25, 0.75], [1.0, 0.0]])
    matrix = stack_matrix(terms, ("no", "yes"), probabilities, ["yes", "no"])
    for row, rule in zip(range(2), ["yes", "no"], strict=True):
        vector = stack_vector(
            terms, dict(zip(("no", "yes"), probabilities[row].tolist(), strict=True)), rule
        )
        assert matrix[row].tobytes() == vector.tobytes()
