"""Training the models from the corpus (scikit-learn at training time only).

``train_bundle`` is deterministic for a seed: the same corpus and seed give the
same arrays. Every model is a logistic regression over tf-idf features (see
``features``), with the rule cues as extra features; softmax models get a
temperature fitted on out-of-fold predictions so their probabilities are
calibrated. The email kind then goes through a small meta-model fitted on the
kind model's out-of-fold probabilities and the rules' kind (``kind_stack``).
"""

from __future__ import annotations

import math
import platform
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from nextround.analysis.bundle import Bundle
from nextround.analysis.corpus import CATEGORIES, KINDS, THEMES, VAGUENESS, Corpus
from nextround.analysis.features import Vocabulary, tokens
from nextround.analysis.linear import LinearModel
from nextround.analysis.views import (
    REPLY_CHARS,
    EmailView,
    ReplyView,
    email_view,
    reply_view,
    sentence_tokens,
    stack_matrix,
    theme_tokens,
)

Progress = Callable[[str], None]
STAGES = ("yes", "no", "unknown")
GENERIC_THEMES = (*THEMES, "none")
C_DOCUMENT = 8.0
C_SENTENCE = 4.0
C_THEMES = 8.0
# the reply category over words, word pairs and rule cues, without character n-grams:
# chosen on the real `dev` replies (accuracy .824-.835 for C 0.5-8, against .75 with
# character n-grams, which cross-validation on our own corpus preferred)
C_CATEGORY = 2.0
# the reply-level themes over reply + evidence features (cross-validated 8/16/32: .728/.737/.741)
C_EVIDENCE_THEMES = 32.0
# the kind meta-model's regularisation; with the rules' confidence among its inputs,
# cross-validated rejection F1 for 0.1/0.3/1/3/10/30: .963/.963/.966/.967/.966/.968
C_STACK = 3.0
# the rounds written in the registers of real text (candidates' reports, relayed
# feedback, fragments, stories whose reason is a level, a constraint or a motive) count
# twice for the reply category: real `dev` category accuracy .813 -> .835 (x3: .835);
# round11 (themes in real registers) joined the list before it was measured; round12
# (the signal: an area named or only a verdict) joined it too, and the same weight now
# counts for the reply-level and point themes models (real `dev` theme micro-F1 .667 ->
# .692 with the corpus of round12 fixed; the `test` split did not move)
REAL_REGISTER_ROUNDS = ("round9", "round10", "round11", "round12")
REAL_REGISTER_WEIGHT = 2.0
CALIBRATE_ON_REAL_REGISTERS = True


def category_weight(item: dict[str, Any]) -> float:
    """An item's weight for the reply category and themes models: its own weight (a
    user's correction counts three times), doubled for the rounds in real registers."""
    base = float(item.get("weight", 1.0))
    if str(item.get("round", "")).startswith(REAL_REGISTER_ROUNDS):
        return base * REAL_REGISTER_WEIGHT
    return base


@dataclass
class Prepared:
    """The corpus read once: views, labels and sentence examples."""

    emails: list[tuple[EmailView, dict[str, Any]]]
    replies: list[tuple[ReplyView, dict[str, Any]]]


def stage_label(value: object) -> str:
    return {True: "yes", False: "no"}.get(value, "unknown")  # type: ignore[call-overload,no-any-return]


def prepare(corpus: Corpus, progress: Progress | None = None) -> Prepared:
    emails = []
    for n, item in enumerate(corpus.emails):
        emails.append((email_view(item["text"]), item))
        if progress and n % 200 == 0:
            progress(f"reading emails {n}/{len(corpus.emails)}")
    replies = []
    for n, item in enumerate(corpus.replies):
        replies.append((reply_view(item["text"]), item))
        if progress and n % 200 == 0:
            progress(f"reading replies {n}/{len(corpus.replies)}")
    return Prepared(emails, replies)


_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def marked(sentence: str, spans: Sequence[str]) -> bool:
    """Whether a sentence lies inside one of the labelled spans (or holds most of one)."""
    s = _norm(sentence)
    if len(s) < 3:
        return False
    for span in spans:
        t = _norm(span)
        if s in t or (t in s and len(t) >= 0.5 * len(s)):
            return True
    return False


def _matrix(vocab: Vocabulary, docs: Sequence[list[str]]) -> Any:
    from scipy.sparse import csr_matrix

    indptr, indices, values = [0], [], []
    for doc in docs:
        idx, vals = vocab.vector(doc)
        indices.append(idx)
        values.append(vals)
        indptr.append(indptr[-1] + len(idx))
    return csr_matrix(
        (
            np.concatenate(values) if values else np.zeros(0, np.float32),
            np.concatenate(indices) if indices else np.zeros(0, np.int64),
            np.array(indptr),
        ),
        shape=(len(docs), len(vocab)),
    )


def _logistic(seed: int, c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(
        C=c, max_iter=4000, class_weight="balanced", random_state=seed, solver="newton-cg"
    )


def _temperature(logits: npt.NDArray[np.float64], y: npt.NDArray[np.int64]) -> float:
    """The temperature that makes out-of-fold softmax probabilities most likely."""
    best, best_nll = 1.0, math.inf
    for t in np.exp(np.linspace(math.log(0.25), math.log(4.0), 41)):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        nll = -float(log_p[np.arange(len(y)), y].mean())
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def fit_softmax(
    name: str,
    vocab_name: str,
    vocab: Vocabulary,
    docs: Sequence[list[str]],
    labels: Sequence[str],
    classes: Sequence[str],
    *,
    weights: Sequence[float],
    seed: int,
    c: float = C_DOCUMENT,
    calibrate: bool = True,
    groups: Sequence[str] | None = None,
) -> LinearModel:
    """One multinomial (or binary) logistic regression, with its temperature.

    With ``groups`` (the corpus file each example came from), the temperature is
    fitted on predictions for each group made by a model trained on the others:
    a round written later in other voices stands for real text the corpus does
    not imitate, so the confidence is fitted for text unlike the training text.
    """
    present = [k for k in classes if k in set(labels)]
    if len(present) < 2:
        raise ValueError(f"model {name} needs examples of two classes at least")
    x = _matrix(vocab, docs)
    y = np.array([present.index(label) for label in labels])
    w = np.array(weights, dtype=np.float64)
    temperature = 1.0
    if calibrate and len(present) > 2 and min(np.bincount(y)) >= 3:
        temperature = _oof_temperature(x, y, w, seed=seed, c=c, groups=groups)
    model = _logistic(seed, c).fit(x, y, sample_weight=w)
    coef = np.asarray(model.coef_, dtype=np.float32).T
    return LinearModel(
        name=name,
        vocabulary=vocab_name,
        classes=tuple(present),
        mode="softmax",
        weights=np.ascontiguousarray(coef),
        bias=np.asarray(model.intercept_, dtype=np.float32),
        temperature=temperature,
    )


def _oof_temperature(
    x: Any, y: Any, w: Any, *, seed: int, c: float, groups: Sequence[str] | None = None
) -> float:
    from sklearn.model_selection import LeaveOneGroupOut, StratifiedKFold

    logits = np.zeros((x.shape[0], len(set(y.tolist()))))
    if groups is not None and len(set(groups)) >= 3:
        splits = list(LeaveOneGroupOut().split(x, y, groups=np.array(groups)))
    else:
        splits = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=seed).split(x, y))
    for train, test in splits:
        if len(set(y[train].tolist())) < logits.shape[1]:
            return 1.0
        part = _logistic(seed, c).fit(x[train], y[train], sample_weight=w[train])
        logits[test] = part.decision_function(x[test])
    if groups is not None and CALIBRATE_ON_REAL_REGISTERS:
        # the rounds written in the registers of real text stand for real text best:
        # the confidence is fitted to how sure the model should be there
        real = np.array([g.startswith(REAL_REGISTER_ROUNDS) for g in groups])
        if real.sum() >= 100 and len(set(y[real].tolist())) == logits.shape[1]:
            return _temperature(logits[real], y[real])
    return _temperature(logits, y)


def fit_ovr(
    name: str,
    vocab_name: str,
    vocab: Vocabulary,
    docs: Sequence[list[str]],
    label_sets: Sequence[Sequence[str]],
    classes: Sequence[str],
    *,
    weights: Sequence[float],
    seed: int,
    c: float = C_DOCUMENT,
) -> LinearModel:
    """One binary logistic regression per class (multi-label)."""
    x = _matrix(vocab, docs)
    w = np.array(weights, dtype=np.float64)
    columns, biases = [], []
    for cls in classes:
        y = np.array([cls in labels for labels in label_sets], dtype=int)
        if y.min() == y.max():
            columns.append(np.zeros(len(vocab), dtype=np.float32))
            biases.append(-10.0 if y.max() == 0 else 10.0)
            continue
        model = _logistic(seed, c).fit(x, y, sample_weight=w)
        columns.append(np.asarray(model.coef_[0], dtype=np.float32))
        biases.append(float(model.intercept_[0]))
    return LinearModel(
        name=name,
        vocabulary=vocab_name,
        classes=tuple(classes),
        mode="ovr",
        weights=np.ascontiguousarray(np.stack(columns, axis=1)),
        bias=np.array(biases, dtype=np.float32),
    )


def stack_terms(classes: Sequence[str]) -> list[str]:
    """The kind meta-model's inputs: the kind model's log-probabilities, the rules' kind,
    and the rules' confidence in it (a decisive "Status: Not selected" is surer than
    a lone "unfortunately")."""
    return (
        [f"p:{k}" for k in classes]
        + [f"r:kind={k}" for k in KINDS]
        + [f"r:sure={k}" for k in KINDS]
    )


def fit_kind_stack(
    kind: LinearModel,
    vocab: Vocabulary,
    emails: Sequence[tuple[EmailView, dict[str, Any]]],
    weights: Sequence[float],
    *,
    seed: int,
    folds: int = 5,
) -> tuple[LinearModel, Vocabulary] | None:
    """A small logistic regression over the kind model's out-of-fold probabilities and the
    rules' kind: it learns how far to trust each when they disagree, which the base model,
    with the rule cue as one feature among thousands, cannot."""
    from sklearn.model_selection import StratifiedKFold

    classes = kind.classes
    x = _matrix(vocab, [v.tokens for v, _ in emails])
    y = np.array([classes.index(i["kind"]) for _, i in emails])
    w = np.array(weights, dtype=np.float64)
    folds = min(folds, int(np.bincount(y).min()))
    if len(classes) < 3 or folds < 2:
        return None  # too few examples of some kind to predict it out of fold
    logits = np.zeros((len(emails), len(classes)))
    split = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in split.split(x, y):
        part = _logistic(seed, C_DOCUMENT).fit(x[train], y[train], sample_weight=w[train])
        logits[test] = part.decision_function(x[test])
    z = logits / kind.temperature
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    terms = stack_terms(classes)
    features = stack_matrix(
        terms,
        classes,
        p,
        [v.rules.kind.value for v, _ in emails],
        [v.rules.confidence for v, _ in emails],
    )
    from sklearn.linear_model import LogisticRegression

    meta = LogisticRegression(C=C_STACK, max_iter=4000, random_state=seed, solver="newton-cg")
    meta.fit(features, y, sample_weight=w)
    model = LinearModel(
        name="kind_stack",
        vocabulary="kind_stack",
        classes=classes,
        mode="softmax",
        weights=np.ascontiguousarray(np.asarray(meta.coef_, dtype=np.float32).T),
        bias=np.asarray(meta.intercept_, dtype=np.float32),
    )
    return model, Vocabulary(terms, np.ones(len(terms), dtype=np.float32))


def _sentence_examples(prepared: Prepared) -> tuple[list[list[str]], list[str], list[float]]:
    """Reason sentences of rejections and evidence sentences of replies, as yes/no examples."""
    docs: list[list[str]] = []
    labels: list[str] = []
    weights: list[float] = []
    for view, item in prepared.emails:
        if item["kind"] != "rejection" or not _has(item, "reason"):
            continue
        spans = [item["reason"]] if item.get("gives_reason") and item.get("reason") else []
        for sentence in view.body_sentences:
            docs.append(sentence_tokens(sentence, task="reason"))
            labels.append("yes" if marked(sentence, spans) else "no")
            weights.append(float(item.get("weight", 1.0)))
    for rview, item in prepared.replies:
        if not _has(item, "evidence"):
            continue
        spans = list(item.get("evidence") or [])
        for sentence in rview.sentences:
            docs.append(sentence_tokens(sentence, task="evidence"))
            labels.append("yes" if marked(sentence, spans) else "no")
            weights.append(float(item.get("weight", 1.0)))
    return docs, labels, weights


def _point_examples(
    replies: Sequence[tuple[ReplyView, dict[str, Any]]],
) -> tuple[list[list[str]], list[list[str]], list[float]]:
    """Feedback points with their themes, as the point-themes model reads them.

    A reply with labelled ``points`` gives each point (a praise point included: a
    strength has a theme too); an older reply without them gives its evidence
    sentences when it names one theme only, so the theme is surely theirs.
    """
    docs: list[list[str]] = []
    labels: list[list[str]] = []
    weights: list[float] = []
    for _view, item in replies:
        weight = category_weight(item)
        points = item.get("points")
        if points:
            pairs = [(p["span"], list(p.get("themes") or [])) for p in points]
        elif len(item.get("themes") or []) == 1:
            pairs = [(e, list(item["themes"])) for e in item.get("evidence") or []]
        else:
            pairs = []
        for span, themes in pairs:
            if themes:
                docs.append(tokens(span, chars=REPLY_CHARS))
                labels.append(themes)
                weights.append(weight)
    return docs, labels, weights


def _has(item: dict[str, Any], key: str) -> bool:
    return key in item


def train_bundle(
    corpus: Corpus,
    *,
    seed: int = 13,
    prepared: Prepared | None = None,
    progress: Progress | None = None,
    info: dict[str, Any] | None = None,
) -> Bundle:
    """Every model nextround uses, trained on ``corpus``.

    An item trains only the models whose label it carries: a user's correction
    of a reply's category, say, trains the category model and nothing else.
    """
    note = progress or (lambda _message: None)
    data = prepared or prepare(corpus, progress)
    emails, replies = data.emails, data.replies

    def weights(items: Sequence[tuple[Any, dict[str, Any]]]) -> list[float]:
        return [float(i.get("weight", 1.0)) for _, i in items]

    email_vocab = Vocabulary.fit([v.tokens for v, _ in emails])
    note(f"email vocabulary: {len(email_vocab)} features")
    models = {
        "kind": fit_softmax(
            "kind",
            "email",
            email_vocab,
            [v.tokens for v, _ in emails],
            [i["kind"] for _, i in emails],
            KINDS,
            weights=weights(emails),
            seed=seed,
        )
    }
    vocabularies = {"email": email_vocab}
    stacked = fit_kind_stack(models["kind"], email_vocab, emails, weights(emails), seed=seed)
    if stacked is not None:
        models["kind_stack"], vocabularies["kind_stack"] = stacked
    staged = [(v, i) for v, i in emails if i["kind"] == "rejection" and _has(i, "after_interview")]
    models["stage"] = fit_softmax(
        "stage",
        "email",
        email_vocab,
        [v.tokens for v, _ in staged],
        [stage_label(i["after_interview"]) for _, i in staged],
        STAGES,
        weights=weights(staged),
        seed=seed,
    )
    reasoned = [(v, i) for v, i in emails if i["kind"] == "rejection" and _has(i, "gives_reason")]
    models["reason"] = fit_softmax(
        "reason",
        "email",
        email_vocab,
        [v.tokens for v, _ in reasoned],
        ["yes" if i["gives_reason"] else "no" for _, i in reasoned],
        ("no", "yes"),
        weights=weights(reasoned),
        seed=seed,
    )
    reply_vocab = Vocabulary.fit([v.tokens for v, _ in replies])
    note(f"reply vocabulary: {len(reply_vocab)} features")
    plain_vocab = Vocabulary.fit([v.plain for v, _ in replies])
    models["category"] = fit_softmax(
        "category",
        "reply_words",
        plain_vocab,
        [v.plain for v, _ in replies],
        [i["category"] for _, i in replies],
        CATEGORIES,
        weights=[category_weight(i) for _, i in replies],
        seed=seed,
        c=C_CATEGORY,
        groups=[str(i.get("round", "")) for _, i in replies],
    )
    act = [(v, i) for v, i in replies if i["category"] == "actionable" and _has(i, "themes")]
    models["themes"] = fit_ovr(
        "themes",
        "reply",
        reply_vocab,
        [v.tokens for v, _ in act],
        [i["themes"] or [] for _, i in act],
        THEMES,
        weights=weights(act),
        seed=seed,
        c=C_THEMES,
    )
    # one feedback point at a time: the labelled points of a reply (each with its own
    # themes), and the evidence sentences of single-theme replies labelled before points
    p_docs, p_labels, p_weights = _point_examples(act)
    if p_docs:
        models["point_themes"] = fit_ovr(
            "point_themes",
            "reply",
            reply_vocab,
            p_docs,
            p_labels,
            THEMES,
            weights=p_weights,
            seed=seed,
            c=C_THEMES,
        )
    # the reply's themes are picked over the reply plus its evidence sentences (the labelled
    # ones here, the evidence model's at judging time); "themes" above scores single sentences
    theme_docs = [theme_tokens(v, i.get("evidence") or v.sentences) for v, i in act]
    theme_vocab = Vocabulary.fit(theme_docs)
    models["evidence_themes"] = fit_ovr(
        "evidence_themes",
        "theme",
        theme_vocab,
        theme_docs,
        [i["themes"] or [] for _, i in act],
        THEMES,
        weights=[category_weight(i) for _, i in act],
        seed=seed,
        c=C_EVIDENCE_THEMES,
    )
    vague = [(v, i) for v, i in replies if i["category"] == "generic" and _has(i, "vagueness")]
    models["vagueness"] = fit_softmax(
        "vagueness",
        "reply",
        reply_vocab,
        [v.tokens for v, _ in vague],
        [i["vagueness"] or "other" for _, i in vague],
        VAGUENESS,
        weights=weights(vague),
        seed=seed,
    )
    broad = [(v, i) for v, i in replies if i["category"] == "generic" and _has(i, "generic_theme")]
    models["generic_theme"] = fit_softmax(
        "generic_theme",
        "reply",
        reply_vocab,
        [v.tokens for v, _ in broad],
        [i["generic_theme"] or "none" for _, i in broad],
        GENERIC_THEMES,
        weights=weights(broad),
        seed=seed,
    )
    s_docs, s_labels, s_w = _sentence_examples(data)
    sentence_vocab = Vocabulary.fit(s_docs)
    note(f"sentence vocabulary: {len(sentence_vocab)} features")
    models["sentence"] = fit_softmax(
        "sentence",
        "sentence",
        sentence_vocab,
        s_docs,
        s_labels,
        ("no", "yes"),
        weights=s_w,
        seed=seed,
        c=C_SENTENCE,
    )
    import sklearn

    meta = {
        "created_at": datetime.now().replace(microsecond=0).isoformat(),
        "seed": seed,
        "corpus": {
            "emails": len(corpus.emails),
            "replies": len(corpus.replies),
            "digest": corpus.digest,
        },
        "trained_with": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
        **(info or {}),
    }
    return Bundle(
        vocabularies={
            **vocabularies,
            "reply": reply_vocab,
            "reply_words": plain_vocab,
            "sentence": sentence_vocab,
            "theme": theme_vocab,
        },
        models=models,
        info=meta,
    )
