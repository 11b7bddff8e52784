"""Score the rule-based judge on the labelled validation emails and replies.

    .venv/bin/python bench/eval_rules.py

Reads ``emails.jsonl`` and ``replies.jsonl`` from ``$NEXTROUND_EVAL_DIR`` or,
by default, ``../shared/eval`` next to the repository. The data is for
validation only: nothing here trains or tunes on it. When it is absent the
script says so and exits 0, so it never breaks a run on a machine without it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from nextround.analysis import RuleJudge, analyze_lines
from nextround.analysis.batch import Task

Record = dict[str, object]


def eval_dir() -> Path:
    override = os.environ.get("NEXTROUND_EVAL_DIR")
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "shared" / "eval"


def load(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def judge_all(task: Task, rows: list[Record]) -> tuple[dict[object, Record], float]:
    lines = [json.dumps({"id": r["id"], "text": r["text"]}) for r in rows]
    started = time.perf_counter()
    outputs: dict[object, Record] = {}
    for output, ok in analyze_lines(task, lines, judge=RuleJudge()):
        if not ok:
            print(f"  malformed line in {task}: {output}", file=sys.stderr)
            continue
        outputs[output["id"]] = output
    elapsed = time.perf_counter() - started
    return outputs, elapsed / max(1, len(rows))


def prf(pairs: Iterable[tuple[bool, bool]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of (gold, predicted) boolean pairs."""
    tp = fp = fn = 0
    for gold, predicted in pairs:
        tp += gold and predicted
        fp += predicted and not gold
        fn += gold and not predicted
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def names(value: object) -> set[str]:
    """A label list (themes) as a set of strings; anything else is empty."""
    return {str(v) for v in value} if isinstance(value, list) else set()


def accuracy(pairs: Sequence[tuple[object, object]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def show(label: str, value: float, n: int, target: float | None = None) -> None:
    goal = f"   (target >= {target:.2f})" if target is not None else ""
    print(f"  {label:<44} {value:6.3f}   n={n}{goal}")


def score_emails(rows: list[Record]) -> None:
    predicted, per_item = judge_all("emails", rows)
    judged = [(r, predicted[r["id"]]) for r in rows if r["id"] in predicted]
    print(f"emails: {len(judged)} judged, {per_item * 1000:.2f} ms each")

    p, r, f1 = prf((bool(g["is_rejection"]), bool(o["is_rejection"])) for g, o in judged)
    show("rejection precision", p, len(judged))
    show("rejection recall", r, len(judged))
    show("rejection F1", f1, len(judged), 0.97)

    show("kind accuracy", accuracy([(g["kind"], o["kind"]) for g, o in judged]), len(judged), 0.90)

    rejections = [(g, o) for g, o in judged if g["is_rejection"]]
    reason = [(g, o) for g, o in rejections if g.get("gives_reason") is not None]
    _, _, reason_f1 = prf((bool(g["gives_reason"]), bool(o["gives_reason"])) for g, o in reason)
    show("gives_reason F1 (on rejections)", reason_f1, len(reason), 0.85)

    stage = [(g, o) for g, o in rejections if g.get("after_interview") is not None]
    stage_acc = accuracy([(g["after_interview"], o["after_interview"]) for g, o in stage])
    show("after_interview accuracy (labelled rejections)", stage_acc, len(stage), 0.85)

    confusion = Counter(
        (str(g["kind"]), str(o["kind"])) for g, o in judged if g["kind"] != o["kind"]
    )
    if confusion:
        print("  kind confusions (gold -> predicted):")
        for (gold, guess), count in confusion.most_common():
            print(f"    {gold:>12} -> {guess:<12} {count}")


def score_replies(rows: list[Record]) -> None:
    predicted, per_item = judge_all("replies", rows)
    judged = [(r, predicted[r["id"]]) for r in rows if r["id"] in predicted]
    print(f"replies: {len(judged)} judged, {per_item * 1000:.2f} ms each")

    show(
        "category accuracy",
        accuracy([(g["category"], o["category"]) for g, o in judged]),
        len(judged),
    )
    _, _, act_f1 = prf((bool(g["actionable"]), bool(o["actionable"])) for g, o in judged)
    show("actionable F1", act_f1, len(judged))

    declined = [(g, o) for g, o in judged if g["category"] == "declined"]
    if declined:
        show(
            "declined recall",
            accuracy([("declined", o["category"]) for _, o in declined]),
            len(declined),
        )
    else:
        print(f"  {'declined recall':<44}    n/a   n=0 (no declined replies in the set)")

    tp = fp = fn = 0
    actionable = [(g, o) for g, o in judged if g["category"] == "actionable"]
    for g, o in actionable:
        gold, guess = names(g.get("themes")), names(o.get("themes"))
        tp += len(gold & guess)
        fp += len(guess - gold)
        fn += len(gold - guess)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    micro = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    show("theme micro-F1 (actionable replies)", micro, len(actionable))

    generic = [(g, o) for g, o in judged if g["category"] == "generic"]
    if generic:
        agree = [
            (g.get("generic_theme"), next(iter(names(o["themes"])), None))
            for g, o in generic
            if o["category"] == "generic"
        ]
        show("generic_theme accuracy (generic, both generic)", accuracy(agree), len(agree))


def main() -> int:
    folder = eval_dir()
    emails, replies = folder / "emails.jsonl", folder / "replies.jsonl"
    if not emails.is_file() and not replies.is_file():
        print(f"eval_rules: no validation data at {folder}; skipping (set NEXTROUND_EVAL_DIR)")
        return 0
    print(f"eval_rules: validation data from {folder}")
    if emails.is_file():
        score_emails(load(emails))
    if replies.is_file():
        score_replies(load(replies))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
