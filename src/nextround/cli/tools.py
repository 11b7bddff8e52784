"""Tools for scripts and for checking: analyze, lint-draft, export, import."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.common import console, esc, print_json, progress, read_input, state
from nextround.cli.common import judge as user_judge

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


MAX_DEFAULT_JOBS = 8  # past this, more processes mostly add memory, not speed


class Task(StrEnum):
    EMAILS = "emails"
    REPLIES = "replies"


class DraftStep(StrEnum):
    REQUEST = "request"
    FOLLOW_UP = "follow_up"
    PROBE = "probe"
    CLOSE = "close"
    PITCH = "pitch"
    THANKS = "thanks"


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.command("lint-draft")(lint_draft)
    app.command("export")(export)
    app.command("import")(import_)


def analyze(
    ctx: typer.Context,
    task: Annotated[Task, typer.Argument(help="emails or replies.")],
    source: Annotated[str, typer.Argument(help="A JSONL file, or - for stdin.")],
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes to judge with on a long input (default: one per core, at most 8).",
        ),
    ] = None,
) -> None:
    """Judge texts in batch: one JSON object in per line, one JSON object out per line.

    Each input line needs "id" and "text". A malformed line gives
    {"line": N, "error": "..."} in its place; the rest is still judged and the
    exit status is 1. Lines are judged 256 at a time, on every core when the
    input is longer than that; a progress bar shows on a terminal. Your
    personal model judges when you have trained one.

    \b
    Examples:
      nextround analyze emails inbox.jsonl > judged.jsonl
      nextround analyze replies - --jobs 1 < replies.jsonl
    """
    import io
    import json
    import os

    from nextround.domain.errors import InvalidInput
    from nextround.services.analyze import judge_lines

    total = 0
    if source == "-":  # bytes that are not UTF-8 become U+FFFD, as from a file
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
    else:
        path = Path(source)
        if not path.is_file():
            raise InvalidInput(f"no such file: {source}")
        total = path.stat().st_size
        stream = path.open(encoding="utf-8", errors="replace")
    failed = False
    out = sys.stdout
    try:
        with progress("judging", quiet=not total, in_bytes=True) as update:
            typed = stream.isatty()  # someone typing: answer each line as it comes
            for result, ok in judge_lines(
                task.value,
                _counted(stream, lambda done: update(done, total)),
                judge=user_judge(state(ctx)),
                workers=jobs or min(MAX_DEFAULT_JOBS, os.cpu_count() or 1),
                typed=typed,
            ):
                failed |= not ok
                out.write(json.dumps(result, ensure_ascii=False) + "\n")
                if typed:
                    out.flush()
    finally:
        if source != "-":
            stream.close()
    if failed:
        raise typer.Exit(1)


def _counted(lines: Iterable[str], advance: Callable[[int], None]) -> Iterator[str]:
    """The lines, telling ``advance`` how many bytes went by every thousand lines."""
    done = 0
    for number, line in enumerate(lines, start=1):
        done += len(line.encode("utf-8", "replace"))
        if number % 1000 == 0:
            advance(done)
        yield line
    advance(done)


def lint_draft(
    source: Annotated[str, typer.Argument(help="A text file with your draft, or - for stdin.")],
    talking_point: Annotated[
        list[str] | None,
        typer.Option(
            "--talking-point", metavar="TEXT", help="Something you discussed, to check it is named."
        ),
    ] = None,
    step: Annotated[DraftStep, typer.Option(help="What the draft is for.")] = DraftStep.REQUEST,
    as_json: JsonOpt = False,
) -> None:
    """Check a draft you wrote: which elements of a good request are there, and its tone.

    The elements: greeting, thanks, appreciation, memory_trigger (a specific
    thing you discussed), accepts_decision, asks_what_to_improve, sign_off.
    Defensive, argumentative or pushy wording is flagged. Exit status 0 when
    nothing is missing or flagged, 1 otherwise.

    \b
    Examples:
      nextround lint-draft my-email.txt --talking-point "the Kafka migration"
    """
    from nextround.domain.drafts import Step
    from nextround.services.draft_check import check_draft

    text = (
        read_input(None, Path(source), what="draft")
        if source != "-"
        else read_input("-", None, what="draft")
    )
    report = check_draft(text, talking_points=talking_point or [], step=Step(step.value))
    if as_json:
        print_json(report.to_json())
    else:
        out = console()
        out.print(f"[bold]score {report.score}/100[/bold]", markup=True)
        for element in report.present:
            out.print(f"  [green]✓[/green] {esc(element)}", markup=True)
        for element in report.missing:
            out.print(f"  [red]✗[/red] {esc(element)}", markup=True)
        for flag in report.flags:
            out.print(f"  [yellow]![/yellow] {esc(flag)}", markup=True)
        for line in report.details:
            out.print(f"    {line}", markup=False)
    if not report.ok:
        raise typer.Exit(1)


def export(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="The JSON file to write.", dir_okay=False)],
) -> None:
    """Write everything to one versioned JSON file (a backup you can read).

    \b
    Examples:
      nextround export backup.json
    """
    from nextround.services.backup import export_file

    st = state(ctx)
    counts = export_file(db=st.db, path=path, now=st.now())
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    typer.echo(f"exported to {path}: {summary}")


def import_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A file written by `nextround export`.")],
) -> None:
    """Restore an export into an empty database (all of it, or nothing).

    \b
    Examples:
      nextround import backup.json
      nextround --db restored.sqlite import backup.json
    """
    from nextround.services.backup import import_file

    counts = import_file(db=state(ctx).db, path=path)
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    typer.echo(f"imported from {path}: {summary}")
