"""What every command shares: the database, the clock, input parsing, output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from nextround.domain.errors import InvalidInput

if TYPE_CHECKING:
    from rich.console import Console

    from nextround.config import Settings
    from nextround.config_env import Basics
    from nextround.services.adapters import Database, Judge, Reads, SqliteFile, Writable


@dataclass
class State:
    """Per-invocation state, built lazily so that ``--help`` stays fast."""

    db_path: Path | None = None
    verbose: bool = False
    db_url: str | None = None  # --db given as a URL (postgresql://...)
    command: str | None = None  # the top-level command being run
    _settings: Settings | None = None
    _basics: Basics | None = None
    _logging: bool = False
    _db: Database | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """Every setting (pydantic-settings: costly to import; see ``basics``)."""
        if self._settings is None:
            from nextround.config import Settings

            self._settings = Settings()
            self._start_log(self._settings.data_dir)
        return self._settings

    @property
    def basics(self) -> Basics:
        """Where the database and data folder are and the pinned clock: from the
        environment directly when it is plain, else from ``settings``."""
        if self._basics is None:
            from nextround.config_env import Basics, read_basics

            found = read_basics()
            self._basics = found if found is not None else Basics.of(self.settings)
            self._start_log(self._basics.data_dir)
        return self._basics

    def _start_log(self, data_dir: Path) -> None:
        if not self._logging:  # once per command, from whichever is read first
            from nextround.cli import logs

            logs.start(data_dir, verbose=self.verbose)
            self._logging = True

    @property
    def db(self) -> Database:
        if self._db is None:
            from nextround.services.adapters import open_database

            db = open_database(self.database_url())
            if self.command not in SERVER_COMMANDS:
                _refuse_a_servers_database(db)
            self._db = db
        return self._db

    def reads(self) -> Reads:
        """The database for a command that only reads: a local SQLite file already at
        the newest schema is read with ``sqlite3`` (no SQLAlchemy to import, a quick
        start); anything else is ``db``, opened (created, migrated) the usual way."""
        quick = self._plain_sqlite()
        return quick if quick is not None else self.db

    def writes(self) -> Writable:
        """The database for a command whose work is plain SQL (``app import``): as
        ``reads``, a local SQLite file already at the newest schema is written with
        ``sqlite3`` in one transaction; anything else is ``db``. (A server's database,
        which ``db`` refuses, is never a local SQLite file.)"""
        quick = self._plain_sqlite()
        return quick if quick is not None else self.db

    def _plain_sqlite(self) -> SqliteFile | None:
        if self._db is None:
            url = self.database_url()
            if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
                from nextround.services.adapters import plain_sqlite

                return plain_sqlite(Path(url.removeprefix("sqlite:///")))
        return None

    @classmethod
    def for_database(
        cls, given: str | None, *, verbose: bool = False, command: str | None = None
    ) -> State:
        """State for ``--db``: a database URL when it has a scheme, else a SQLite file."""
        if given is None:
            return cls(verbose=verbose, command=command)
        if "://" in given:
            return cls(db_url=given, verbose=verbose, command=command)
        if given.endswith(("/", "\\")) or Path(given).expanduser().is_dir():
            raise InvalidInput(f"--db {given}: that is a folder; give a file or a database URL")
        return cls(db_path=Path(given), verbose=verbose, command=command)

    def database_url(self) -> str:
        """The database this invocation uses, as a URL."""
        return self.db_url or self.basics.resolved_url(self.db_path)

    def now(self) -> datetime:
        pinned = self.basics.now
        return pinned.replace(tzinfo=None) if pinned else datetime.now().replace(microsecond=0)

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()


# the commands that run a multi-user server rather than one person's job search
SERVER_COMMANDS = frozenset({"serve", "user", "worker"})


def _refuse_a_servers_database(db: Database) -> None:
    """One person's commands on a career centre's database would mix everybody's work
    (and write rows that belong to nobody): they are refused there."""
    from nextround.services.accounts import serves_several_people

    if serves_several_people(db=db):
        db.dispose()
        raise InvalidInput(
            "this database is a multi-user server's (it has accounts): each person works "
            "in the web app under their own sign-in; on the command line only `serve`, "
            "`user` and `worker` run against it"
        )


def state(ctx: typer.Context) -> State:
    obj = ctx.find_root().obj
    if not isinstance(obj, State):
        obj = State()
        ctx.find_root().obj = obj
    return obj


def judge(st: State) -> Judge:
    """The judge for this database: the personal model trained from it, else the shipped one."""
    from nextround.services.adapters import user_judge
    from nextround.services.session_secret import database_id

    return user_judge(data_dir=st.basics.data_dir, database_id=lambda: database_id(db=st.db))


def on_terminal(*, err: bool = False) -> bool:
    """Whether output goes to a terminal, as Rich decides it, without importing Rich
    when the stream is plainly a pipe or a file (the common case for scripts)."""
    if os.environ.get("TTY_COMPATIBLE") or os.environ.get("FORCE_COLOR") is not None:
        return console(err=err).is_terminal
    stream = sys.stderr if err else sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(*, err: bool = False) -> Console:
    """A Rich console on stdout (or stderr): colour only on a terminal.

    Markup is off: a line styled with our own ``[bold]`` is printed with
    ``markup=True``, and every value interpolated into it goes through ``esc``.

    Printed to a pipe or a file, lines are not wrapped at 80 columns (a script
    or a pager does that better) and tables lose their box lines.
    """
    from rich.console import Console

    # Markup is opt-in (``print(..., markup=True)``) so that a company, a name or a
    # quoted email is printed as written; no emoji codes either (":fire:" is text).
    out = Console(highlight=False, markup=False, emoji=False, stderr=err)
    if not out.is_terminal:
        out.soft_wrap = True
    return out


def esc(value: object) -> str:
    """User or message data made safe to put inside Rich markup.

    Every line printed with ``markup=True`` (for our own ``[bold]``, ``[red]``) passes
    each value interpolated from the database, a message or the command line through
    this: Rich would read "[bold]" in a company's name as a style (the text vanishes)
    and an unmatched "[/b]" raises ``MarkupError``. Imports Rich, so call it only on
    the path that prints through Rich.
    """
    from rich.markup import escape

    return escape(str(value))


class TableOut:
    """One way to print a table: boxed on a terminal; to a pipe or file, one line per
    row with tab-separated cells, no box lines, no wrapping, no trailing spaces.

    Headers and cells are plain text, never markup: on a terminal they become Rich
    ``Text`` as they are, so "[bold]" in a cell is printed, not obeyed."""

    def __init__(self, *headers: str) -> None:
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def print(self) -> None:
        if not on_terminal():
            for row in (self.headers, *self.rows):
                typer.echo("\t".join(" ".join(cell.split()) for cell in row))
            return
        from rich.table import Column, Table
        from rich.text import Text

        table = Table(*(Column(header=Text(header)) for header in self.headers))
        for row in self.rows:
            table.add_row(*(Text(cell) for cell in row))
        console().print(table)


@contextmanager
def progress(
    what: str, *, quiet: bool = False, in_bytes: bool = False
) -> Iterator[Callable[[int, int], None]]:
    """A Rich progress bar on stderr when it is a terminal; a no-op otherwise.

    Yields ``update(done, total)``; with ``in_bytes`` the counts are shown as sizes.
    """
    if quiet or not on_terminal(err=True):
        yield lambda _done, _total: None
        return
    out = console(err=True)
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        # the description is what the template shows: a file's name is neither
        # markup nor a format string
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn() if in_bytes else MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=out,
        transient=True,
    ) as bar:
        task = bar.add_task(esc(what), total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None)

        yield update


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def created(kind: str, ident: int | None, *, as_json: bool = False) -> None:
    """Mutating commands print the id they created (the whole line is the id)."""
    if as_json:
        print_json({"id": ident, "kind": kind})
    else:
        sys.stdout.write(f"{ident}\n")
        typer.echo(f"created {kind} #{ident}", err=True)


MAX_ID = 2**31 - 1  # ids are PostgreSQL integers; a larger one names nothing


def parse_when(
    text: str | None, *, now: datetime, what: str = "date", happened: bool = False
) -> datetime:
    """An option's date and time: now when not given, else as ``services.when`` reads it."""
    if text is None or not text.strip():
        return now
    from nextround.services.when import read_when

    return read_when(text, now=now, what=what, happened=happened)


def read_input(text: str | None, file: Path | None, *, what: str) -> str:
    """Text given inline, from a file, or from stdin (``-`` or nothing on a pipe)."""
    from nextround.services.text_input import clean_text, decode_text, read_text_file

    if text is not None and file is not None:
        raise InvalidInput(f"give the {what} inline or with --file, not both")
    if file is not None and str(file) != "-":
        return read_text_file(file, what=what)
    if text is not None and text != "-":
        return clean_text(text, what=what)
    if sys.stdin.isatty():
        raise InvalidInput(f"no {what} given: pass it as text, with --file, or pipe it in")
    from nextround.services.text_input import MAX_TEXT_BYTES

    data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        raise InvalidInput(
            f"the {what} is larger than {MAX_TEXT_BYTES // 1_000_000} MB; "
            "nextround takes one message at a time"
        )
    return decode_text(data, what=what)


def fmt_day(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "-"


def fmt_when(value: datetime | None) -> str:
    if value is None:
        return "-"
    if value.time() == time(0, 0):
        return value.strftime("%a %d %b %Y")
    return value.strftime("%a %d %b %Y %H:%M")
