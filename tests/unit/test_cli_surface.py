"""The command line's surface: cached help, examples on every command, documented settings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer

from nextround.__main__ import HELP_PAGE
from nextround.cli import COMMANDS, MODULES, app, build_app, modules_for, render_help
from nextround.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_cached_help_page_is_the_live_one() -> None:
    assert HELP_PAGE.read_text(encoding="utf-8") == render_help(), (
        "cli/help.txt is stale: run `make help-cache`"
    )


def test_help_runs_without_importing_typer() -> None:
    code = (
        "import sys, runpy; sys.argv=['nextround','--help'];"
        "from nextround.__main__ import run; run();"
        "assert 'typer' not in sys.modules, 'typer was imported'"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"COLUMNS": "120", "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.startswith("Usage: nextround")


def _commands() -> list[tuple[str, Any]]:
    root: Any = typer.main.get_command(app)
    found: list[tuple[str, Any]] = []
    for name, command in root.commands.items():
        subs = getattr(command, "commands", None)
        if subs:
            found += [(f"{name} {sub}", c) for sub, c in subs.items()]
        else:
            found.append((name, command))
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: str(v))
def test_every_command_has_help_with_an_example(name: str, command: Any) -> None:
    assert command.help and "Examples:" in command.help, f"`{name}` has no example"
    assert f"nextround {name}" in command.help


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"NEXTROUND_{name.upper()}" in readme, f"NEXTROUND_{name.upper()} not in README"


def test_readme_opens_with_the_two_commands() -> None:
    head = (ROOT / "README.md").read_text(encoding="utf-8")[:400]
    assert "make demo" in head and "make test" in head


def test_the_command_table_names_every_command_and_its_module() -> None:
    """main() imports only the module owning a command; the table must say which one."""
    full: Any = typer.main.get_command(app)
    assert set(COMMANDS) == set(full.commands), "cli.COMMANDS is out of step with the app"
    for name, module in COMMANDS.items():
        alone: Any = typer.main.get_command(build_app([module]))
        assert name in alone.commands, f"`{name}` is not registered by cli/{module}.py"


def test_a_command_imports_only_its_own_cli_module() -> None:
    code = (
        "import sys; from nextround.cli import main;"
        "main(['next', '--help']);"
        "loaded = {m for m in sys.modules if m.startswith('nextround.cli.')};"
        "assert loaded == {'nextround.cli.common', 'nextround.cli.insight',"
        " 'nextround.cli.quick_params'}, loaded"
    )
    subprocess.run([sys.executable, "-c", code], capture_output=True, check=True)


@pytest.mark.parametrize("argv", [["--db", "x.sqlite", "app", "list"], ["--db=x", "next"]])
def test_global_options_before_the_command_are_skipped(argv: list[str]) -> None:
    assert len(modules_for(argv)) == 1


@pytest.mark.parametrize("argv", [[], ["--help"], ["--version"], ["nxet"], ["--db"]])
def test_anything_but_a_known_command_registers_them_all(argv: list[str]) -> None:
    assert modules_for(argv) == MODULES
