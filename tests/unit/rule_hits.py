"""Every rule hit on every text we have, as one digest: the identity check for the rule tables.

The shipped models read rule outputs as features, so moving the rules (into data,
say) must leave each hit where it was. ``hit_lines`` lists, for every corpus email
(emails and holdout) and reply, what the rules judge says and every hit it makes
(label, weight, sentence, span); ``python tests/unit/rule_hits.py --write`` stores
their digest in ``tests/fixtures/rules/hits.sha256`` and the test compares.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from nextround.analysis import emails, replies
from nextround.analysis.corpus import corpus_root, load_corpus
from nextround.analysis.cues import Hit
from nextround.analysis.judge import RuleJudge

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "hits.sha256"


def _hits(name: str, hits: list[Hit]) -> str:
    return (
        name + " " + " ".join(f"{h.label}/{h.weight}/{h.sentence}/{h.start}-{h.end}" for h in hits)
    )


def _email_texts() -> Iterator[tuple[str, str]]:
    root = corpus_root()
    corpus = load_corpus(root)
    for item in corpus.emails:
        yield item["text"], item.get("subject", "")
    for line in (root / "holdout" / "positives.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            yield item["text"], item.get("subject", "")


def hit_lines() -> Iterator[str]:
    judge = RuleJudge()
    for number, (text, subject) in enumerate(_email_texts()):
        yield f"email {number}"
        email = emails.read_email(text, subject=subject)
        reasons = emails.reason_hits(email)
        yield _hits("reasons", reasons)
        kind = emails.classify_kind(email, reasons=reasons)
        scores = sorted((k.value, v) for k, v in kind.scores.items())
        yield f"kind {kind.kind.value} {kind.confidence} {scores}"
        for k, found in sorted(kind.hits.items(), key=lambda kv: kv[0].value):
            yield _hits(f"kind-hits {k.value}", found)
        yield f"after_interview {emails.after_interview(email)}"
        yield f"reason {emails.find_reason(email, reasons=reasons)}"
        yield repr(judge.judge_email(text, subject=subject))
    for number, item in enumerate(load_corpus().replies):
        yield f"reply {number}"
        reply = replies.read_reply(item["text"])
        yield _hits("actionable", replies.actionable_hits(reply))
        yield _hits("declined", replies.declined_hits(reply))
        vagueness, theme, hits = replies.vagueness_of(reply)
        yield _hits(f"vagueness {vagueness.value} {theme}", hits)
        yield "cues " + " ".join(replies.reply_cues(reply))
        yield repr(judge.judge_reply(item["text"]))


def hit_digest() -> str:
    digest = hashlib.sha256()
    for line in hit_lines():
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


if __name__ == "__main__":
    if "--dump" in sys.argv:
        for line in hit_lines():
            print(line)
    elif "--write" in sys.argv:
        FIXTURE.write_text(hit_digest() + "\n", encoding="utf-8")
    else:
        print(hit_digest())
