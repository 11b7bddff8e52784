"""Speed of the judgement, as ratios to a bare baseline measured in the same run.

    .venv/bin/python bench/analysis_speed.py [--emails 20000]

- batch: judging N emails (the corpus, repeated with small changes) with the
  shipped judge, against a bare scikit-learn TF-IDF + logistic regression
  predict over the same texts in the same process (target: at most 3x). Our
  side is timed three ways: one ``judge_email`` call per email; the batch
  contract (``analyze_lines``, JSON lines in and out, models run per batch of
  256) in this process; and the same on every core (``--jobs``' default);
- model load: a fresh process loading the shipped bundle (target: under 0.5 s),
  against a bare interpreter start;
- one email: median and 95th percentile of single judgements (target: under 5 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from nextround.analysis import analyze_lines, default_judge
from nextround.analysis.corpus import load_corpus


def texts(n: int) -> list[str]:
    corpus = load_corpus()
    base = [e["text"] for e in corpus.emails]
    return [f"{base[i % len(base)]}\n\nRef {i}" for i in range(n)]


def baseline(train: list[str], labels: list[str], batch: list[str]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    model = LogisticRegression(max_iter=2000).fit(vectorizer.fit_transform(train), labels)
    start = time.perf_counter()
    model.predict_proba(vectorizer.transform(batch))
    return time.perf_counter() - start


def judged(batch: list[str]) -> float:
    judge = default_judge()
    judge.judge_email(batch[0])  # load the model outside the timing
    start = time.perf_counter()
    for text in batch:
        judge.judge_email(text)
    return time.perf_counter() - start


def contract(batch: list[str], workers: int) -> float:
    default_judge().judge_email(batch[0])
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(batch)]
    start = time.perf_counter()
    for result, _ok in analyze_lines("emails", lines, workers=workers):
        json.dumps(result)
    return time.perf_counter() - start


def cold(code: str, runs: int = 7) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=20_000)
    args = parser.parse_args()
    corpus = load_corpus()
    batch = texts(args.emails)
    floor = baseline([e["text"] for e in corpus.emails], [e["kind"] for e in corpus.emails], batch)
    ours = judged(batch)
    batched = contract(batch, 1)
    cores = os.cpu_count() or 1
    parallel = contract(batch, cores)
    print(f"batch of {args.emails} emails")
    print(f"  bare TF-IDF + logistic regression   {floor:7.2f} s   1.0x")
    print(f"  judge_email, one call per email     {ours:7.2f} s   {ours / floor:.1f}x")
    print(f"  analyze_lines, one process          {batched:7.2f} s   {batched / floor:.1f}x")
    print(
        f"  analyze_lines, {cores} processes          {parallel:7.2f} s   "
        f"{parallel / floor:.1f}x  (target 3x)"
    )

    interpreter = cold("pass")
    loading = cold(
        "from nextround.analysis.bundle import load;"
        "from nextround.analysis.judge import SHIPPED_MODELS; load(SHIPPED_MODELS)"
    )
    print("model load in a fresh process (median of 7)")
    print(f"  python -c pass                      {interpreter * 1000:7.1f} ms  1.0x")
    print(
        f"  load the shipped bundle             {loading * 1000:7.1f} ms  "
        f"{loading / interpreter:.1f}x  (target under 500 ms)"
    )

    judge = default_judge()
    singles = []
    for text in batch[:2000]:
        start = time.perf_counter()
        judge.judge_email(text)
        singles.append(time.perf_counter() - start)
    singles.sort()
    p50, p95 = singles[len(singles) // 2], singles[int(len(singles) * 0.95)]
    print(f"one email: median {p50 * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms  (target under 5 ms)")


if __name__ == "__main__":
    main()
