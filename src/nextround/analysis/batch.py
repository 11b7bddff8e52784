"""The batch contract: JSON lines in, one JSON object per line out, in order.

A malformed line never stops the batch: it yields ``{"line": N, "error": ...}``
with ``ok=False`` in its place (N counts from 1) and the next line is judged.
Blank lines are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Literal

from nextround.analysis.judge import Judge, default_judge
from nextround.analysis.text import split_subject
from nextround.domain.errors import NextroundError
from nextround.domain.model import EmailJudgement, ReplyJudgement

Task = Literal["emails", "replies"]
Output = dict[str, object]


class _BadLine(Exception):
    pass


def email_output(ident: object, judgement: EmailJudgement) -> Output:
    return {
        "id": ident,
        "kind": judgement.kind.value,
        "is_rejection": judgement.is_rejection,
        "after_interview": judgement.after_interview,
        "gives_reason": judgement.gives_reason,
        "reason": judgement.reason,
        "company": judgement.company,
        "role": judgement.role,
        "person": judgement.person,
        "confidence": judgement.confidence,
    }


def reply_output(ident: object, judgement: ReplyJudgement) -> Output:
    return {
        "id": ident,
        "category": judgement.category.value,
        "actionable": judgement.actionable,
        "themes": [t.value for t in judgement.themes],
        "evidence": list(judgement.evidence),
        "probe": judgement.probe,
    }


def _parse(line: str) -> tuple[object, str]:
    try:
        record = json.loads(line)
    except ValueError as err:
        raise _BadLine(f"not valid JSON: {err}") from None
    if not isinstance(record, dict):
        raise _BadLine(f"expected a JSON object, got {type(record).__name__}")
    ident = record.get("id")
    if ident is None or ident == "" or isinstance(ident, bool | list | dict):
        raise _BadLine('missing or empty "id" (a string or a number)')
    if "text" not in record or record["text"] is None:
        raise _BadLine('missing "text"')
    text = record["text"]
    if not isinstance(text, str):
        raise _BadLine(f'"text" must be a string, not {type(text).__name__}')
    if not text.strip():
        raise _BadLine('"text" is empty')
    return ident, text


def _judge(task: Task, judge: Judge, ident: object, text: str) -> Output:
    if task == "emails":
        subject, body = split_subject(text)
        return email_output(ident, judge.judge_email(body, subject=subject))
    return reply_output(ident, judge.judge_reply(text))


def analyze_lines(
    task: Task, lines: Iterable[str], *, judge: Judge | None = None
) -> Iterator[tuple[Output, bool]]:
    """For each non-blank input line, ``(output_object, ok)``; see the module docstring."""
    if task not in ("emails", "replies"):
        raise ValueError(f"task must be 'emails' or 'replies', not {task!r}")
    active = judge if judge is not None else default_judge()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            ident, text = _parse(line)
            yield _judge(task, active, ident, text), True
        except _BadLine as err:
            yield {"line": number, "error": str(err)}, False
        except NextroundError as err:
            yield {"line": number, "error": str(err)}, False
