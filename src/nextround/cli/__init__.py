"""The command line: thin commands, each a parse, one service call, a render.

A command pays only for what it uses (bench/startup.py measures it):

- heavy imports (SQLAlchemy, Rich, the analysis, the services) happen inside
  the command functions, never at the top of a ``cli/`` module;
- only the module that defines the command being run is imported and
  registered (see ``COMMANDS`` below); help, errors and typos see them all.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Sequence
from typing import Annotated

import typer

from nextround import __version__
from nextround.cli.common import State

# Where each top-level command lives (the help page keeps the registration order).
#
# To add a command (or a sub-app such as `calendar`): write it in a cli/ module
# whose register(app) adds it, keep that module's top-level imports light (import
# services, Rich and the like inside the command function), and add its name here
# with the module's name. main() reads the first word of the command line and
# imports only that module; a word not in this table (no command, `--help`, a typo)
# registers every module, so a forgotten entry costs speed, never behaviour.
# tests/unit/test_cli_surface.py checks this table against the full registration.
COMMANDS: dict[str, str] = {
    "me": "records",
    "app": "records",
    "contact": "records",
    "interview": "records",
    "reject": "loop",
    "ask": "loop",
    "reply": "loop",
    "probe": "loop",
    "follow-up": "loop",
    "pitch": "loop",
    "thank": "loop",
    "close": "loop",
    "answer": "loop",
    "thread": "loop",
    "threads": "loop",
    "lesson": "insight",
    "profile": "insight",
    "brief": "insight",
    "next": "insight",
    "analyze": "tools",
    "lint-draft": "tools",
    "export": "tools",
    "import": "tools",
    "serve": "serve",
    "mail": "mail",
    "inbox": "mail",
    "model": "models",
    "correct": "models",
    "calendar": "calendar",
    "stats": "numbers",
    "user": "users",
    "worker": "worker",
}
MODULES = (
    "records",
    "loop",
    "insight",
    "tools",
    "serve",
    "mail",
    "models",
    "calendar",
    "numbers",
    "users",
    "worker",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nextround {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="FILE|URL",
            help="SQLite file, or a database URL such as postgresql://host/name, to use "
            "instead of the default (or set NEXTROUND_DATABASE_URL).",
        ),
    ] = None,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Show every step on stderr (and keep it in the log file of the data dir).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State.for_database(db, verbose=verbose, command=ctx.invoked_subcommand)
    ctx.call_on_close(ctx.obj.close)


def build_app(modules: Sequence[str] = MODULES) -> typer.Typer:
    """The root command with the commands of ``modules`` (cli/ module names) registered."""
    from nextround.cli import quick_params

    quick_params.install()
    app = typer.Typer(
        name="nextround",
        help=(
            "Turn an interview rejection into feedback, and feedback into a better next "
            "interview.\n\nStart with `nextround next`: it always says what to do now."
        ),
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    for name in modules:
        importlib.import_module(f"nextround.cli.{name}").register(app)
    return app


def modules_for(argv: Sequence[str]) -> Sequence[str]:
    """The cli/ modules a command line needs: the one owning its command, else all."""
    args = list(argv)
    while args and (args[0] in ("--db", "--verbose", "-v") or args[0].startswith("--db=")):
        args = args[2:] if args[0] == "--db" else args[1:]
    if not args or args[0] not in COMMANDS:
        return MODULES
    return (COMMANDS[args[0]],)


_full_app: typer.Typer | None = None


def __getattr__(name: str) -> typer.Typer:
    """``nextround.cli.app``: the root command with every command registered."""
    global _full_app
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _full_app is None:
        _full_app = build_app()
    return _full_app


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; our errors become one line on stderr and an exit status."""
    import sys

    from typer.exceptions import Abort, Exit, TyperException

    from nextround.domain.errors import NextroundError

    args = sys.argv[1:] if argv is None else argv
    try:
        app = build_app(modules_for(args))
        result = app(args=args, prog_name="nextround", standalone_mode=False)
    except NextroundError as err:
        typer.echo(f"error: {err}", err=True)
        return err.exit_code
    except Exit as done:
        return done.exit_code
    except TyperException as err:
        show = getattr(err, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"error: {err.format_message()}", err=True)
        return err.exit_code
    except (Abort, KeyboardInterrupt):
        typer.echo("interrupted; nothing half-done was kept", err=True)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug of ours: one line here, the traceback in the log file
        from nextround.cli import logs

        where = logs.log_path()
        if where is None:
            raise
        logging.getLogger(__name__).exception("nextround %s failed", " ".join(args))
        typer.echo(
            f"error: something went wrong inside nextround ({type(err).__name__}: {err}); "
            f"the details are in {where}",
            err=True,
        )
        return 1
    return result if isinstance(result, int) else 0


def render_help() -> str:
    """The top-level help page exactly as `nextround --help` prints it at full width."""
    import io
    import os
    from contextlib import redirect_stdout

    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "80"
    buffer = io.StringIO()
    try:
        with redirect_stdout(buffer):
            main(["--help"])
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return buffer.getvalue()
