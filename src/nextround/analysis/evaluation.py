"""Measuring the judgement: cross-validation on the corpus, and real text it never saw.

Every figure compares the trained judge with the rules alone, so a model that
does not beat the rules is visible at once.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nextround.analysis.corpus import CATEGORIES, KINDS, Corpus
from nextround.analysis.engine import ModelJudge
from nextround.analysis.training import Prepared, prepare, stage_label, train_bundle
from nextround.analysis.views import email_view, reply_view
from nextround.domain.model import EmailJudgement, ReplyJudgement

Progress = Callable[[str], None]


@dataclass
class Scores:
    """Gold labels and one judge's outputs for the same items."""

    emails: list[tuple[dict[str, Any], EmailJudgement]] = field(default_factory=list)
    replies: list[tuple[dict[str, Any], ReplyJudgement]] = field(default_factory=list)


def prf(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float, float, int]:
    tp = fp = fn = n = 0
    for gold, got in pairs:
        n += 1
        tp += gold and got
        fp += (not gold) and got
        fn += gold and not got
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, n


def accuracy(pairs: Sequence[tuple[object, object]]) -> tuple[float, int]:
    if not pairs:
        return 0.0, 0
    return sum(g == o for g, o in pairs) / len(pairs), len(pairs)


def metrics(scores: Scores) -> dict[str, Any]:
    """The issue's figures for one judge."""
    out: dict[str, Any] = {}
    e = scores.emails
    if e:
        out["rejection"] = prf((g["kind"] == "rejection", o.is_rejection) for g, o in e)
        out["kind_accuracy"] = accuracy([(g["kind"], o.kind.value) for g, o in e])
        rej = [(g, o) for g, o in e if g["kind"] == "rejection"]
        out["gives_reason"] = prf((bool(g.get("gives_reason")), o.gives_reason) for g, o in rej)
        staged = [(g, o) for g, o in rej if g.get("after_interview") is not None]
        out["after_interview_accuracy"] = accuracy(
            [(g["after_interview"], o.after_interview) for g, o in staged]
        )
        out["kind_confusion"] = Counter((g["kind"], o.kind.value) for g, o in e)
    r = scores.replies
    if r:
        out["category_accuracy"] = accuracy([(g["category"], o.category.value) for g, o in r])
        out["actionable"] = prf((g["category"] == "actionable", o.actionable) for g, o in r)
        out["declined"] = prf(
            (g["category"] == "declined", o.category.value == "declined") for g, o in r
        )
        # recall is counted over the declined replies only: none, and it means nothing
        out["declined_support"] = sum(g["category"] == "declined" for g, _ in r)
        tp = fp = fn = 0
        for g, o in r:
            if g["category"] != "actionable":
                continue
            gold, got = set(g.get("themes") or []), {t.value for t in o.themes}
            tp, fp, fn = tp + len(gold & got), fp + len(got - gold), fn + len(gold - got)
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out["theme_micro_f1"] = (2 * p * rc / (p + rc) if p + rc else 0.0, tp + fn)
        out["category_confusion"] = Counter((g["category"], o.category.value) for g, o in r)
    return out


def _folds(labels: Sequence[str], k: int, seed: int) -> list[int]:
    """A stratified fold number for each item, deterministic for the seed."""
    import random

    rng = random.Random(seed)
    by_label: dict[str, list[int]] = {}
    for i, label in enumerate(labels):
        by_label.setdefault(label, []).append(i)
    fold = [0] * len(labels)
    for label in sorted(by_label):
        items = by_label[label]
        rng.shuffle(items)
        for n, i in enumerate(items):
            fold[i] = n % k
    return fold


def cross_validate(
    corpus: Corpus, *, folds: int = 5, seed: int = 13, progress: Progress | None = None
) -> tuple[Scores, Scores]:
    """(model, rules) judgements of every corpus item, each judged by a model that never saw it."""
    data = prepare(corpus, progress)
    e_fold = _folds([i["kind"] for _, i in data.emails], folds, seed)
    r_fold = _folds([i["category"] for _, i in data.replies], folds, seed)
    model_scores, rule_scores = Scores(), Scores()
    for k in range(folds):
        if progress:
            progress(f"fold {k + 1}/{folds}: training")
        train = Prepared(
            [x for x, f in zip(data.emails, e_fold, strict=True) if f != k],
            [x for x, f in zip(data.replies, r_fold, strict=True) if f != k],
        )
        part = Corpus([i for _, i in train.emails], [i for _, i in train.replies], corpus.digest)
        judge = ModelJudge(train_bundle(part, seed=seed, prepared=train), label=f"fold {k + 1}")
        for (view, item), f in zip(data.emails, e_fold, strict=True):
            if f == k:
                model_scores.emails.append((item, judge.judge_email_view(view)))
                rule_scores.emails.append((item, view.rules))
        for (rview, item), f in zip(data.replies, r_fold, strict=True):
            if f == k:
                model_scores.replies.append((item, judge.judge_reply_view(rview)))
                rule_scores.replies.append((item, rview.rules))
    return model_scores, rule_scores


def load_eval(folder: Path) -> Corpus | None:
    """The external labelled set, if it is there (it is never trained on)."""
    emails, replies = folder / "emails.jsonl", folder / "replies.jsonl"
    if not emails.is_file():
        return None

    def read(path: Path) -> list[dict[str, Any]]:
        if not path.is_file():
            return []
        return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]

    return Corpus(read(emails), read(replies), "")


def judge_external(eval_set: Corpus, judge: ModelJudge) -> tuple[Scores, Scores]:
    model_scores, rule_scores = Scores(), Scores()
    for item in eval_set.emails:
        view = email_view(item["text"])
        model_scores.emails.append((item, judge.judge_email_view(view)))
        rule_scores.emails.append((item, view.rules))
    for item in eval_set.replies:
        rview = reply_view(item["text"])
        model_scores.replies.append((item, judge.judge_reply_view(rview)))
        rule_scores.replies.append((item, rview.rules))
    return model_scores, rule_scores


TARGETS = {
    "rejection F1": 0.97,
    "kind accuracy": 0.90,
    "gives-reason F1": 0.85,
    "after-interview accuracy": 0.85,
    "actionable F1": 0.90,
    "category accuracy": 0.85,
    "declined recall": 0.85,
    "theme micro-F1 (actionable)": 0.75,
}


def summary_rows(m: dict[str, Any]) -> dict[str, tuple[float, int]]:
    rows: dict[str, tuple[float, int]] = {}
    if "rejection" in m:
        p, r, f, n = m["rejection"]
        rows["rejection precision"], rows["rejection recall"] = (p, n), (r, n)
        rows["rejection F1"] = (f, n)
        rows["kind accuracy"] = m["kind_accuracy"]
        rows["gives-reason F1"] = (m["gives_reason"][2], m["gives_reason"][3])
        rows["after-interview accuracy"] = m["after_interview_accuracy"]
    if "category_accuracy" in m:
        rows["category accuracy"] = m["category_accuracy"]
        rows["actionable F1"] = (m["actionable"][2], m["actionable"][3])
        rows["declined recall"] = (m["declined"][1], m["declined_support"])
        rows["theme micro-F1 (actionable)"] = m["theme_micro_f1"]
    return rows


def table(title: str, model: dict[str, Any], rules: dict[str, Any]) -> list[str]:
    lines = [
        f"### {title}",
        "",
        "| measure | model | rules | n | target |",
        "|---|---|---|---|---|",
    ]
    mrows, rrows = summary_rows(model), summary_rows(rules)
    for name, (value, n) in mrows.items():
        target = TARGETS.get(name)
        rule_value = rrows.get(name, (0.0, 0))[0]
        # a measure over no items (a recall with nothing to recall) is not a zero
        shown = (f"{value:.3f}", f"{rule_value:.3f}") if n else ("n/a", "n/a")
        lines.append(
            f"| {name} | {shown[0]} | {shown[1]} | {n} | "
            f"{'≥ ' + format(target, '.2f') if target else ''} |"
        )
    return [*lines, ""]


def confusion(title: str, counts: Counter[tuple[str, str]], labels: Sequence[str]) -> list[str]:
    present = [x for x in labels if any(x in pair for pair in counts)]
    head = "| gold \\ judged | " + " | ".join(present) + " |"
    lines = [f"{title} (model):", "", head, "|---" * (len(present) + 1) + "|"]
    for gold in present:
        cells = " | ".join(str(counts.get((gold, got), 0)) for got in present)
        lines.append(f"| {gold} | {cells} |")
    return [*lines, ""]


def report(
    *,
    cv: tuple[Scores, Scores],
    external: tuple[Scores, Scores] | None,
    folds: int,
    corpus: Corpus,
    eval_note: str,
) -> str:
    cv_model, cv_rules = metrics(cv[0]), metrics(cv[1])
    out = [
        "# Evaluation of the analysis",
        "",
        "Written by `nextround model evaluate` (also `make evaluate`); do not edit by hand.",
        "",
        f"Corpus: {len(corpus.emails)} emails, {len(corpus.replies)} replies "
        f"(digest {corpus.digest}).",
        "",
        *table(f"{folds}-fold cross-validation on the corpus", cv_model, cv_rules),
        *confusion("Email kinds, cross-validated", cv_model["kind_confusion"], KINDS),
        *confusion("Reply categories, cross-validated", cv_model["category_confusion"], CATEGORIES),
    ]
    if external is None:
        out += ["### Real text never trained on", "", eval_note, ""]
    else:
        em, er = metrics(external[0]), metrics(external[1])
        out += [*table(f"Real text never trained on ({eval_note})", em, er)]
        if "kind_confusion" in em:
            out += confusion("Email kinds, external set", em["kind_confusion"], KINDS)
    return "\n".join(out).rstrip() + "\n"


__all__ = ["cross_validate", "judge_external", "load_eval", "metrics", "report", "stage_label"]
