"""The command line: thin commands, each a parse, one service call, a render.

Heavy imports (SQLAlchemy, Rich, the analysis) happen inside commands so that
``nextround --help`` starts quickly.
"""

from __future__ import annotations

from typing import Annotated

import typer

from nextround import __version__
from nextround.cli import insight, loop, mail, models, records, serve, tools, users
from nextround.cli.common import State

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


def _version(value: bool) -> None:
    if value:
        typer.echo(f"nextround {__version__}")
        raise typer.Exit()


@app.callback()
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
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    ctx.obj = State.for_database(db)
    ctx.call_on_close(ctx.obj.close)


records.register(app)
loop.register(app)
insight.register(app)
tools.register(app)
serve.register(app)
mail.register(app)
models.register(app)
users.register(app)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; our errors become one line on stderr and an exit status."""
    from typer.exceptions import Abort, Exit, TyperException

    from nextround.domain.errors import NextroundError

    try:
        result = app(args=argv, prog_name="nextround", standalone_mode=False)
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
