"""The `nextround` command.

`nextround --help` is the first thing a new user runs, so it is answered from
a help page rendered ahead of time (cli/help.txt, kept equal to the live one
by a test; `make help-cache` rewrites it) without importing Typer. Everything
else goes to the Typer app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HELP_PAGE = Path(__file__).with_name("cli") / "help.txt"
HELP_WIDTH = 80  # Click wraps help at min(terminal width, 80)


def _columns() -> int:
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno() if sys.__stdout__ else 1).columns
    except (OSError, ValueError):
        return HELP_WIDTH


def _cached_help(argv: list[str]) -> str | None:
    if argv not in (["--help"], ["-h"]) or _columns() < HELP_WIDTH:
        return None
    try:
        return HELP_PAGE.read_text(encoding="utf-8")
    except OSError:
        return None


def run() -> None:
    page = _cached_help(sys.argv[1:])
    if page is not None:
        sys.stdout.write(page)
        return
    from nextround.cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
