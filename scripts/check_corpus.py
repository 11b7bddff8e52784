"""Refuse corpus items that borrow from the real evaluation set or repeat the corpus.

    .venv/bin/python scripts/check_corpus.py corpus/replies/round10-*.jsonl

For every item of the files named: no run of seven words may also occur in a text
of the evaluation set (any split; only the corpus item's id is printed, never
the evaluation text), and no item may be a near-duplicate (word 4-gram Jaccard
similarity of 0.5 or more) of another item in the corpus. Exits 1 when
anything is refused, naming the item ids.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

WORD = re.compile(r"[a-z0-9']+")
OVERLAP = 7
NEAR = 0.5


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def grams(text: str, n: int) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


def read(path: Path) -> list[dict[str, object]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(x) for x in lines if x.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    args = parser.parse_args()

    eval_grams: set[tuple[str, ...]] = set()
    for name in ("emails.jsonl", "replies.jsonl"):
        path = args.eval_dir / name
        if path.is_file():
            for item in read(path):
                eval_grams |= grams(str(item["text"]), OVERLAP)
    if not eval_grams:
        print(f"no evaluation set at {args.eval_dir}: overlap not checked", file=sys.stderr)

    checked = {p.resolve() for p in args.files}
    others: list[tuple[str, set[tuple[str, ...]]]] = []
    for path in sorted(args.corpus.glob("*/*.jsonl")):
        if path.resolve() not in checked:
            others += [(f"{path.name}:{i['id']}", grams(str(i["text"]), 4)) for i in read(path)]

    refused = 0
    seen: list[tuple[str, set[tuple[str, ...]]]] = []
    for path in args.files:
        for item in read(path):
            ident, text = str(item["id"]), str(item["text"])
            shared = grams(text, OVERLAP) & eval_grams
            if shared:
                refused += 1
                print(f"{ident}: shares {len(shared)} run(s) of {OVERLAP} words with the eval set")
            mine = grams(text, 4)
            for other, theirs in others + seen:
                union = mine | theirs
                if union and len(mine & theirs) / len(union) >= NEAR:
                    refused += 1
                    print(f"{ident}: near-duplicate of {other}")
            seen.append((f"{path.name}:{ident}", mine))
    total = sum(len(read(p)) for p in args.files)
    print(f"{total} item(s) checked, {refused} refusal(s)")
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
