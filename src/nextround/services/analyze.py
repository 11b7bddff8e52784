"""Judging lines of JSON in bulk (``nextround analyze``): each line in, one judgement out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from nextround.analysis import Judge


def judge_lines(
    task: Literal["emails", "replies"],
    lines: Iterable[str],
    *,
    judge: Judge | None,
    workers: int,
    typed: bool = False,
) -> Iterator[tuple[dict[str, object], bool]]:
    """For each non-blank line, ``(judgement or {"line": N, "error": ...}, ok)``, in order.

    Lines are judged a batch at a time on ``workers`` processes; ``typed``
    lines (someone at a terminal) are judged one by one, as they come.
    """
    from nextround.analysis import analyze_lines
    from nextround.analysis.batch import BATCH

    batch, workers = (1, 1) if typed else (BATCH, workers)
    return analyze_lines(task, lines, judge=judge, workers=workers, batch=batch)
