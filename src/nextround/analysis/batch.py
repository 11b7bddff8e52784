"""The batch contract: JSON lines in, one JSON object per line out, in order.

A malformed line never stops the batch: it yields ``{"line": N, "error": ...}``
with ``ok=False`` in its place (N counts from 1) and the next line is judged.
Blank lines are skipped.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any, Literal

from nextround.analysis.judge import Judge, default_judge
from nextround.analysis.text import split_subject
from nextround.domain.errors import NextroundError
from nextround.domain.model import EmailJudgement, ReplyJudgement

log = logging.getLogger(__name__)

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
        "points": [
            {"text": n.sentence, "themes": [t.value for t in n.themes], "strength": n.strength}
            for n in judgement.notes
        ],
        "probe": judgement.probe,
        "confidence": judgement.confidence,
    }


def _not_json(constant: str) -> object:
    raise _BadLine(f"not valid JSON: {constant} is not a JSON number")


def _finite(number: str) -> float:
    value = float(number)
    if not math.isfinite(value):
        raise _BadLine(f"not valid JSON: {number[:40]} is out of range")
    return value


def _unicode(value: str, *, what: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _BadLine(
            f"{what} holds a lone surrogate (an escape like \\ud800), not text"
        ) from None
    return value


def _parse(line: str) -> tuple[object, str]:
    try:
        record = json.loads(line, parse_constant=_not_json, parse_float=_finite)
    except RecursionError:
        raise _BadLine("not read: the JSON is nested too deep") from None
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
    if isinstance(ident, str):
        _unicode(ident, what='"id"')
    return ident, _unicode(text, what='"text"')


BATCH = 256  # lines judged together: the models run once per batch


def _judge_one(task: Task, judge: Judge, ident: object, text: str) -> Output:
    if task == "emails":
        subject, body = split_subject(text)
        return email_output(ident, judge.judge_email(body, subject=subject))
    return reply_output(ident, judge.judge_reply(text))


def _judge_batch(
    task: Task, judge: Judge, items: list[tuple[int, object, str]]
) -> list[tuple[Output, bool]]:
    """Judge a batch of parsed lines; when the batch as a whole fails, each line is
    judged alone so the error lands on the line that caused it."""
    if task == "emails" and len(items) > 1:
        try:
            split = [split_subject(text) for _, _, text in items]
            judged = judge.judge_emails([(body, subject, "") for subject, body in split])
            idents = [ident for _, ident, _ in items]
            return [(email_output(i, j), True) for i, j in zip(idents, judged, strict=True)]
        except Exception:  # judged one by one below, where the error finds its line
            pass
    out: list[tuple[Output, bool]] = []
    for number, ident, text in items:
        try:
            out.append((_judge_one(task, judge, ident, text), True))
        except NextroundError as err:
            out.append(({"line": number, "error": str(err)}, False))
        except (ValueError, TypeError, RecursionError, UnicodeError) as err:
            log.exception("line %d could not be judged", number)
            out.append(
                ({"line": number, "error": f"could not be judged ({type(err).__name__})"}, False)
            )
    return out


Item = tuple[int, object, str]  # line number, id, text
Block = tuple[list[tuple[Output, bool] | None], list[Item]]  # None: judged in order


def _blocks(lines: Iterable[str], batch: int) -> Iterator[Block]:
    """The input cut into blocks of ``batch`` parsed lines, with the error lines
    between them held in place."""
    pending: list[Item] = []
    held: list[tuple[Output, bool] | None] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            ident, text = _parse(line)
        except _BadLine as err:
            held.append(({"line": number, "error": str(err)}, False))
        else:
            pending.append((number, ident, text))
            held.append(None)
        if len(pending) >= batch:
            yield held, pending
            pending, held = [], []
    if held:
        yield held, pending


def analyze_lines(
    task: Task,
    lines: Iterable[str],
    *,
    judge: Judge | None = None,
    batch: int = BATCH,
    workers: int = 1,
) -> Iterator[tuple[Output, bool]]:
    """For each non-blank input line, ``(output_object, ok)``; see the module docstring.

    Lines are read and judged ``batch`` at a time, so a long input streams out
    in order while the models run over whole batches. With ``workers`` above
    one, an input longer than one batch is judged by that many processes
    (forked, so they share the loaded models); the output order is the same.
    """
    if task not in ("emails", "replies"):
        raise ValueError(f"task must be 'emails' or 'replies', not {task!r}")
    active = judge if judge is not None else default_judge()
    blocks = _blocks(lines, batch)
    if workers > 1 and _can_fork():
        # processes only pay off past one batch: look at the second before starting them
        first = next(blocks, None)
        second = next(blocks, None) if first is not None else None
        if first is not None and second is not None:
            both = itertools.chain([first, second], blocks)
            yield from _in_processes(task, active, both, workers)
            return
        blocks = iter([first] if first is not None else [])
    for held, items in blocks:  # one block at a time: a typed line is answered at once
        yield from _release(held, _judge_batch(task, active, items))


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


# what forked workers judge with: set just before the pool starts, inherited by the fork
_WORKER: tuple[Task, Judge] | None = None


def _judge_in_worker(items: list[Item]) -> list[tuple[Output, bool]]:
    assert _WORKER is not None
    task, judge = _WORKER
    return _judge_batch(task, judge, items)


def _in_processes(
    task: Task, judge: Judge, blocks: Iterator[Block], workers: int
) -> Iterator[tuple[Output, bool]]:
    global _WORKER
    _WORKER = (task, judge)
    window: deque[tuple[list[tuple[Output, bool] | None], AsyncResult[Any]]] = deque()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for held, items in blocks:
            # a few blocks in flight keep every worker busy without reading ahead unboundedly
            window.append((held, pool.apply_async(_judge_in_worker, (items,))))
            if len(window) > 2 * workers:
                held_before, result = window.popleft()
                yield from _release(held_before, result.get())
        while window:
            held_before, result = window.popleft()
            yield from _release(held_before, result.get())


def _release(
    held: list[tuple[Output, bool] | None], judged: list[tuple[Output, bool]]
) -> Iterator[tuple[Output, bool]]:
    results = iter(judged)
    for item in held:
        yield item if item is not None else next(results)
