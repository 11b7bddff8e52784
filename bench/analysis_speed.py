"""Speed of the judgement, as ratios to bare baselines measured in the same run.

    .venv/bin/python bench/analysis_speed.py [--emails 8000] [--runs 5]

Every comparison is like with like, and each section says in one line what it
compares. Every process and every in-process loop is pinned to one core, with
BLAS threads limited to one, on both sides.

1. whole process (the figure a user feels; target: at most 3x):
   ``nextround analyze emails --jobs 1 FILE`` against a bare process that loads a
   fitted scikit-learn TF-IDF + logistic regression from disk and writes one JSON
   line per email. Median of ``--runs`` runs of each, taken in turn (A B A B ...).
2. all cores each (information): the batch contract on every core against the bare
   model split over the same number of processes, worker start-up included on ours.
3. in one process, one core each: the shipped judge over the same emails (one call
   per email, and the batch contract with one worker) against the bare model's
   ``predict_proba`` over them, the model already loaded on both sides.
4. model load in a fresh process against a bare interpreter start (target < 1 s).
5. one reply and one email judged alone: median and p95 (targets: reply p95 under
   50 ms, email under 5 ms); and the size of the shipped model files.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ONE_CORE = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
os.environ.update(ONE_CORE)

from nextround.analysis import analyze_lines, default_judge  # noqa: E402
from nextround.analysis.corpus import load_corpus  # noqa: E402
from nextround.analysis.judge import SHIPPED_MODELS  # noqa: E402

BARE_PROCESS = """
import json, pickle, sys
with open(sys.argv[1], "rb") as f:
    vectorizer, model = pickle.load(f)
ids, texts = [], []
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        record = json.loads(line)
        ids.append(record["id"])
        texts.append(record["text"])
out = sys.stdout
classes = list(model.classes_)
for i, p in zip(ids, model.predict_proba(vectorizer.transform(texts))):
    k = int(p.argmax())
    row = {"id": i, "kind": classes[k], "confidence": round(float(p[k]), 3)}
    out.write(json.dumps(row) + "\\n")
"""


def pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def texts(n: int) -> list[str]:
    base = [e["text"] for e in load_corpus().emails]
    return [f"{base[i % len(base)]}\n\nRef {i}" for i in range(n)]


def fit_bare() -> tuple[object, object]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    corpus = load_corpus()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    x = vectorizer.fit_transform([e["text"] for e in corpus.emails])
    model = LogisticRegression(max_iter=2000).fit(x, [e["kind"] for e in corpus.emails])
    return vectorizer, model


def run(command: list[str], stdout: int | None = subprocess.DEVNULL) -> float:
    env = dict(os.environ, **ONE_CORE)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=stdout, env=env, preexec_fn=pin_one_core)
    return time.perf_counter() - start


def paired(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[float, float]:
    """Medians of ``runs`` timings of each, taken in turn so drift hits both alike."""
    a(), b()  # warm the file cache and the bytecode
    xs, ys = [], []
    for _ in range(runs):
        xs.append(a())
        ys.append(b())
    return statistics.median(xs), statistics.median(ys)


def whole_process(batch: list[str], bare: tuple[object, object], runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data, model = Path(tmp) / "emails.jsonl", Path(tmp) / "bare.pickle"
        data.write_text(
            "".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in enumerate(batch)),
            encoding="utf-8",
        )
        model.write_bytes(pickle.dumps(bare))
        nextround = [sys.executable, "-m", "nextround", "analyze", "emails", "--jobs", "1"]
        ours, floor = paired(
            lambda: run([*nextround, str(data)]),
            lambda: run([sys.executable, "-c", BARE_PROCESS, str(model), str(data)]),
            runs,
        )
    print(f"1. whole process, one core each, {len(batch)} emails from a JSONL file to JSON lines")
    print(f"  bare: load TF-IDF + LR from disk, predict, write  {floor:7.2f} s   1.0x")
    print(
        f"  nextround analyze emails --jobs 1                 {ours:7.2f} s   "
        f"{ours / floor:.1f}x  (target at most 3x)"
    )


def in_process(batch: list[str], bare: tuple[object, object]) -> None:
    vectorizer, model = bare
    judge = default_judge()
    judge.judge_email(batch[0])  # loaded outside the timing, as the bare model is
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(batch)]

    def floor() -> float:
        start = time.perf_counter()
        model.predict_proba(vectorizer.transform(batch))  # type: ignore[attr-defined]
        return time.perf_counter() - start

    def calls() -> float:
        start = time.perf_counter()
        for text in batch:
            judge.judge_email(text)
        return time.perf_counter() - start

    def contract() -> float:
        start = time.perf_counter()
        for result, _ok in analyze_lines("emails", lines, workers=1):
            json.dumps(result)
        return time.perf_counter() - start

    pin_one_core()
    base = min(floor() for _ in range(3))
    one, batched = min(calls() for _ in range(2)), min(contract() for _ in range(2))
    print(f"3. in one process on one core, models loaded, {len(batch)} emails")
    print(f"  bare TF-IDF + LR predict_proba                    {base:7.2f} s   1.0x")
    print(f"  judge_email, one call per email                   {one:7.2f} s   {one / base:.1f}x")
    print(
        f"  analyze_lines, one worker                         {batched:7.2f} s   "
        f"{batched / base:.1f}x"
    )


def all_cores(batch: list[str], bare: tuple[object, object]) -> None:
    """Both sides spread over every core: our workers against bare worker processes."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    if cores < 2:
        return
    from concurrent.futures import ProcessPoolExecutor

    chunks = [batch[k::cores] for k in range(cores)]
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "bare.pickle"
        model.write_bytes(pickle.dumps(bare))
        with ProcessPoolExecutor(cores) as pool:
            list(pool.map(_bare_chunk, [str(model)] * cores, chunks))  # start the workers
            start = time.perf_counter()
            list(pool.map(_bare_chunk, [str(model)] * cores, chunks))
            floor = time.perf_counter() - start
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate(batch)]
    start = time.perf_counter()
    for result, _ok in analyze_lines("emails", lines, workers=cores):
        json.dumps(result)
    ours = time.perf_counter() - start
    print(f"2. every core each ({cores}), {len(batch)} emails (information)")
    print(f"  bare TF-IDF + LR in {cores} processes               {floor:7.2f} s   1.0x")
    print(
        f"  analyze_lines, {cores} workers                      {ours:7.2f} s   {ours / floor:.1f}x"
    )


def _bare_chunk(model_path: str, chunk: list[str]) -> int:
    vectorizer, model = pickle.loads(Path(model_path).read_bytes())
    return len(model.predict_proba(vectorizer.transform(chunk)))


def cold(code: str, runs: int = 7) -> float:
    return statistics.median(run([sys.executable, "-c", code]) for _ in range(runs))


def model_load() -> None:
    interpreter = cold("pass")
    loading = cold(
        "from nextround.analysis.bundle import load;"
        "from nextround.analysis.judge import SHIPPED_MODELS; load(SHIPPED_MODELS)"
    )
    size = sum(p.stat().st_size for p in Path(SHIPPED_MODELS).iterdir())
    print("4. a fresh process, one core, median of 7")
    print(f"  python -c pass                                    {interpreter * 1000:7.1f} ms  1.0x")
    print(
        f"  load the shipped model bundle                     {loading * 1000:7.1f} ms  "
        f"{loading / interpreter:.1f}x  (target under 1 s)"
    )
    print(f"  shipped model files: {size / 1_000_000:.1f} MB")


def singles() -> None:
    corpus = load_corpus()
    judge = default_judge()
    for what, items, call, target in (
        ("reply", [r["text"] for r in corpus.replies], judge.judge_reply, "50 ms"),
        ("email", [e["text"] for e in corpus.emails], judge.judge_email, "5 ms"),
    ):
        call(items[0])
        times = []
        for text in items[:1500]:
            start = time.perf_counter()
            call(text)
            times.append(time.perf_counter() - start)
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
        print(
            f"5. one {what} alone, one core: median {p50 * 1000:.2f} ms, "
            f"p95 {p95 * 1000:.2f} ms (target p95 under {target})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=8_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    batch = texts(args.emails)
    bare = fit_bare()
    whole_process(batch, bare, args.runs)
    all_cores(batch, bare)
    in_process(batch, bare)  # pins this process to one core from here on
    model_load()
    singles()


if __name__ == "__main__":
    main()
