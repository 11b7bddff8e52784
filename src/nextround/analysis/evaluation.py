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
        out["rejection_support"] = sum(g["kind"] == "rejection" for g, _ in e)
        out["kind_accuracy"] = accuracy([(g["kind"], o.kind.value) for g, o in e])
        rej = [(g, o) for g, o in e if g["kind"] == "rejection"]
        out["gives_reason"] = prf((bool(g.get("gives_reason")), o.gives_reason) for g, o in rej)
        staged = [(g, o) for g, o in rej if g.get("after_interview") is not None]
        out["after_interview_accuracy"] = accuracy(
            [(g["after_interview"], o.after_interview) for g, o in staged]
        )
        out["kind_confusion"] = Counter((g["kind"], o.kind.value) for g, o in e)
        offers = [o for g, o in e if g["kind"] == "offer"]
        out["offers_as_rejections"] = (float(sum(o.is_rejection for o in offers)), len(offers))
        judged = [(o.confidence, g["kind"] == o.kind.value) for g, o in e]
        out["kind_calibration"] = (calibration_error(judged), len(judged))
        out["kind_sure_wrong"] = sure_when_wrong(judged)
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
        judged = [(o.confidence, g["category"] == o.category.value) for g, o in r]
        out["category_calibration"] = (calibration_error(judged), len(judged))
        out["category_sure_wrong"] = sure_when_wrong(judged)
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


def load_eval(
    folder: Path, *, emails: str = "emails.jsonl", replies: str = "replies.jsonl"
) -> Corpus | None:
    """A labelled set never trained on, if it is there: ``emails`` (required) and
    ``replies`` (optional) name its files."""
    emails_path, replies_path = folder / emails, folder / replies
    if not emails_path.is_file():
        return None

    def read(path: Path) -> list[dict[str, Any]]:
        if not path.is_file():
            return []
        return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]

    return Corpus(read(emails_path), read(replies_path), "")


def splits(eval_set: Corpus) -> dict[str, Corpus]:
    """The external set by its ``split`` field (``dev``, ``test``); items without one
    form a split named ``eval``. Dev comes first, test last."""
    out: dict[str, Corpus] = {}
    for item in eval_set.emails:
        out.setdefault(str(item.get("split") or "eval"), Corpus()).emails.append(item)
    for item in eval_set.replies:
        out.setdefault(str(item.get("split") or "eval"), Corpus()).replies.append(item)
    order = {"dev": 0, "eval": 1, "test": 2}
    return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], 1), kv[0])))


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
    "kind accuracy": 0.93,
    "gives-reason F1": 0.85,
    "after-interview accuracy": 0.88,
    "actionable F1": 0.85,
    "category accuracy": 0.85,
    "declined recall": 0.85,
    "theme micro-F1 (actionable)": 0.60,
    "offers judged rejections": 0.0,
    "kind calibration error": 0.10,
    "category calibration error": 0.10,
    "wrong kinds shown ≥ 0.95": 0.15,
    "wrong categories shown ≥ 0.95": 0.15,
}
# measures where lower is better: the target is a ceiling
CEILINGS = {
    "offers judged rejections",
    "kind calibration error",
    "category calibration error",
    "wrong kinds shown ≥ 0.95",
    "wrong categories shown ≥ 0.95",
}
SURE = 0.95


def calibration_error(pairs: Sequence[tuple[float, bool]], bins: int = 10) -> float:
    """Expected calibration error: the gap between confidence and accuracy, averaged
    over ten equal-width bins of confidence, each weighted by its share of items."""
    if not pairs:
        return 0.0
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo < c <= hi or (b == 0 and c <= lo)]
        if inside:
            mean_conf = sum(c for c, _ in inside) / len(inside)
            acc = sum(ok for _, ok in inside) / len(inside)
            total += len(inside) / len(pairs) * abs(mean_conf - acc)
    return total


def sure_when_wrong(pairs: Sequence[tuple[float, bool]]) -> tuple[float, int]:
    """The share of wrong judgements shown with confidence ≥ 0.95, and how many were wrong."""
    wrong = [c for c, ok in pairs if not ok]
    if not wrong:
        return 0.0, 0
    return sum(c >= SURE for c in wrong) / len(wrong), len(wrong)


def summary_rows(m: dict[str, Any]) -> dict[str, tuple[float, int]]:
    rows: dict[str, tuple[float, int]] = {}
    if "rejection" in m:
        p, r, f, n = m["rejection"]
        # a set with no rejection in it (the held-out offers) has no rejection F1 to speak of
        n = n if m["rejection_support"] else 0
        rows["rejection precision"], rows["rejection recall"] = (p, n), (r, n)
        rows["rejection F1"] = (f, n)
        rows["kind accuracy"] = m["kind_accuracy"]
        rows["gives-reason F1"] = (m["gives_reason"][2], m["gives_reason"][3])
        rows["after-interview accuracy"] = m["after_interview_accuracy"]
        rows["offers judged rejections"] = m["offers_as_rejections"]
        rows["kind calibration error"] = m["kind_calibration"]
        rows["wrong kinds shown ≥ 0.95"] = m["kind_sure_wrong"]
    if "category_accuracy" in m:
        rows["category accuracy"] = m["category_accuracy"]
        rows["actionable F1"] = (m["actionable"][2], m["actionable"][3])
        rows["declined recall"] = (m["declined"][1], m["declined_support"])
        rows["theme micro-F1 (actionable)"] = m["theme_micro_f1"]
        rows["category calibration error"] = m["category_calibration"]
        rows["wrong categories shown ≥ 0.95"] = m["category_sure_wrong"]
    return rows


def _cell(value: float, n: int, *, count: bool = False) -> str:
    # a measure over no items (a recall with nothing to recall) is not a zero
    if not n:
        return "n/a"
    return str(int(value)) if count else f"{value:.3f}"


def table(columns: Sequence[tuple[str, dict[str, Any]]]) -> list[str]:
    """One row per measure, one column per judge and text (with its item count)."""
    rows = [summary_rows(m) for _, m in columns]
    names = list(dict.fromkeys(name for r in rows for name in r))
    head = "| measure | " + " | ".join(title for title, _ in columns) + " | target |"
    lines = [head, "|---" * (len(columns) + 2) + "|"]
    for name in names:
        cells = []
        for r in rows:
            value, n = r.get(name, (0.0, 0))
            shown = _cell(value, n, count=name == "offers judged rejections")
            cells.append(f"{shown} ({n})" if n else shown)
        target = TARGETS.get(name)
        bound = "≤" if name in CEILINGS else "≥"
        count = name == "offers judged rejections"
        goal = (
            "" if target is None else f"{bound} {int(target) if count else format(target, '.2f')}"
        )
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {goal} |")
    return [*lines, ""]


def confusion(title: str, counts: Counter[tuple[str, str]], labels: Sequence[str]) -> list[str]:
    present = [x for x in labels if any(x in pair for pair in counts)]
    head = "| gold \\ judged | " + " | ".join(present) + " |"
    lines = [f"{title} (model):", "", head, "|---" * (len(present) + 1) + "|"]
    for gold in present:
        cells = " | ".join(str(counts.get((gold, got), 0)) for got in present)
        lines.append(f"| {gold} | {cells} |")
    return [*lines, ""]


PROVENANCE = (
    "How to read it: cross-validation on our own corpus measures how well the judge "
    "imitates our own writing and overstates its quality on real text. The rules, the "
    "corpus and the modelling choices were made while reading the corpus's CV errors "
    "and the real `dev` split, so the `dev` figures are optimistic too. The `test` "
    "split is scored only in aggregate (no item or error of it is read); it is the "
    "honest estimate of how the judge does on real text."
)


def report(
    *,
    cv: tuple[Scores, Scores],
    external: dict[str, tuple[Scores, Scores]] | None,
    folds: int,
    corpus: Corpus,
    eval_note: str,
    firing: dict[str, Counter[str]] | None = None,
) -> str:
    cv_model, cv_rules = metrics(cv[0]), metrics(cv[1])
    columns: list[tuple[str, dict[str, Any]]] = [("CV model", cv_model), ("CV rules", cv_rules)]
    # each held-out set is a column, titled as given ("real test", "ours: held-out positives")
    held_out = [(title, metrics(model)) for title, (model, _) in (external or {}).items()]
    columns += held_out
    out = [
        "# Evaluation of the analysis",
        "",
        "Written by `nextround model evaluate` (also `make evaluate`); do not edit by hand.",
        "",
        f"Corpus: {len(corpus.emails)} emails, {len(corpus.replies)} replies "
        f"(digest {corpus.digest}). Real text: {eval_note}.",
        "",
        PROVENANCE,
        "",
        f"### {folds}-fold cross-validation beside real text never trained on",
        "",
        "Each cell is the figure and, in brackets, the number of items it is over.",
        "",
        *table(columns),
        *confusion("Email kinds, cross-validated", cv_model["kind_confusion"], KINDS),
        *confusion("Reply categories, cross-validated", cv_model["category_confusion"], CATEGORIES),
    ]
    for title, m in held_out:
        if "kind_confusion" in m:
            out += confusion(f"Email kinds, {title}", m["kind_confusion"], KINDS)
        if "category_confusion" in m:
            out += confusion(f"Reply categories, {title}", m["category_confusion"], CATEGORIES)
    out += firing_section(firing or {}, full_table="`corpus/RULES.md`")
    return "\n".join(out).rstrip() + "\n"


def rule_firing(sets: dict[str, Corpus]) -> dict[str, Counter[str]]:
    """For each named set of texts: rule id -> how many of its texts the rule's
    pattern matches (``ruletable.firing_counts``), read as the rules read them."""
    from nextround.analysis.emails import read_email
    from nextround.analysis.replies import read_reply
    from nextround.analysis.ruletable import firing_counts
    from nextround.domain.errors import InvalidInput

    out: dict[str, Counter[str]] = {}
    for name, part in sets.items():
        emails: list[str] = []
        replies: list[str] = []
        for item in part.emails:
            try:
                emails.append(read_email(item["text"], subject=item.get("subject", "")).doc.lowered)
            except InvalidInput:
                continue
        for item in part.replies:
            try:
                replies.append(read_reply(item["text"]).doc.lowered)
            except InvalidInput:
                continue
        out[name] = firing_counts(emails, replies)
    return out


_TOP = 10


def _firing_rows(ids: Sequence[str], firing: dict[str, Counter[str]]) -> list[str]:
    from nextround.analysis.ruletable import load

    rules = {r.id: r for r in load().rules}
    out = []
    for rule_id in ids:
        rule = rules[rule_id]
        weight = "" if rule.weight is None else f"{rule.weight:g}"
        counts = " | ".join(str(firing[name][rule_id]) for name in firing)
        out.append(f"| `{rule_id}` | {rule.signals} | {weight} | {counts} |")
    return out


def _firing_head(firing: dict[str, Counter[str]]) -> list[str]:
    names = list(firing)
    return [
        "| rule | signals | weight | " + " | ".join(names) + " |",
        "| --- | --- | --- | " + " | ".join("---:" for _ in names) + " |",
    ]


FIRING_NOTE = (
    "A rule fires on a text when its pattern matches it (the conditional and negation "
    "guards are not applied, so a rule counted here may still be dropped in context); "
    "each cell is a number of texts. The `test` counts are aggregates: no item is read."
)


def firing_section(firing: dict[str, Counter[str]], *, full_table: str) -> list[str]:
    """The most and least often firing rules, for EVALUATION.md."""
    if not firing:
        return []
    totals = Counter[str]()
    for counts in firing.values():
        totals.update(counts)
    ranked = sorted(totals, key=lambda rule_id: (-totals[rule_id], rule_id))
    real = [name for name in firing if name.startswith("real")]
    silent_real = sum(1 for r in ranked if real and all(firing[n][r] == 0 for n in real))
    silent = sum(1 for r in ranked if totals[r] == 0)
    return [
        "### How often each rule fires",
        "",
        f"{len(ranked)} rules (`src/nextround/analysis/rules/`); {silent} fire on no text "
        f"here, {silent_real} on no real text. {FIRING_NOTE} Every rule: {full_table}.",
        "",
        f"The {_TOP} that fire most:",
        "",
        *_firing_head(firing),
        *_firing_rows(ranked[:_TOP], firing),
        "",
        f"The {_TOP} that fire least:",
        "",
        *_firing_head(firing),
        *_firing_rows(ranked[-_TOP:], firing),
    ]


def firing_report(firing: dict[str, Counter[str]]) -> str:
    """Every rule in table order with how often it fires (corpus/RULES.md)."""
    from nextround.analysis.ruletable import load

    return (
        "\n".join(
            [
                "# How often each rule fires",
                "",
                "Written by `nextround model evaluate --write corpus/EVALUATION.md` (also "
                "`make evaluate`) beside the evaluation; do not edit by hand.",
                "",
                FIRING_NOTE,
                "",
                *_firing_head(firing),
                *_firing_rows([r.id for r in load().rules], firing),
            ]
        )
        + "\n"
    )


__all__ = [
    "calibration_error",
    "cross_validate",
    "firing_report",
    "firing_section",
    "judge_external",
    "load_eval",
    "metrics",
    "report",
    "rule_firing",
    "splits",
    "stage_label",
]
