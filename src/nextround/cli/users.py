"""Accounts of a multi-user server (`nextround serve --multi-user`, PostgreSQL only)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.common import State, TableOut, fmt_when, print_json, state
from nextround.domain.errors import InvalidInput

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
EmailArg = Annotated[str, typer.Argument(help="The person's email address (their sign-in).")]
PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from the first line of standard input."
    ),
]

users = typer.Typer(
    help="Accounts of a multi-user server: students, coaches, admins (PostgreSQL only).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(users, name="user")


def _server(ctx: typer.Context) -> State:
    """The state, refusing a database that cannot serve many people."""
    st = state(ctx)
    if not st.database_url().startswith(("postgresql", "postgres:")):
        raise InvalidInput(
            "accounts belong to a multi-user server, which runs on PostgreSQL only: "
            "give --db postgresql://... (a SQLite file serves one person, no sign-in)"
        )
    return st


def _password(*, from_stdin: bool, email: str) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return str(typer.prompt(f"password for {email}", hide_input=True, confirmation_prompt=True))


@users.command("add")
def add(
    ctx: typer.Context,
    email: EmailArg,
    role: Annotated[str, typer.Option(help="student, coach or admin.")] = "student",
    password_stdin: PasswordStdin = False,
) -> None:
    """Add an account; the password is asked for (or read with --password-stdin).

    \b
    Examples:
      export NEXTROUND_DATABASE_URL=postgresql://db.example.edu/careers
      nextround user add ana@example.edu --role student
      nextround user add lee@example.edu --role coach --password-stdin < pw.txt
    """
    from nextround.services.accounts import add_user

    st = _server(ctx)
    password = _password(from_stdin=password_stdin, email=email)
    user = add_user(db=st.db, email=email, role=role, password=password, now=st.now())
    typer.echo(f"added {user.email} as {user.role.value}")


@users.command("list")
def list_(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Every account: email, role, whether it is disabled.

    \b
    Examples:
      nextround user list
    """
    from nextround.services.accounts import list_users

    found = list_users(db=_server(ctx).db)
    if as_json:
        print_json(
            [
                {
                    "email": u.email,
                    "role": u.role.value,
                    "disabled": u.disabled,
                    "created_at": u.created_at.isoformat(),
                }
                for u in found
            ]
        )
        return
    if not found:
        typer.echo("no accounts yet: nextround user add EMAIL --role student")
        return
    table = TableOut("email", "role", "state", "added")
    for u in found:
        table.add_row(
            u.email, u.role.value, "disabled" if u.disabled else "active", fmt_when(u.created_at)
        )
    table.print()


@users.command("disable")
def disable(ctx: typer.Context, email: EmailArg) -> None:
    """Stop an account signing in, and sign it out everywhere; its data stays.

    \b
    Examples:
      nextround user disable ana@example.edu
    """
    from nextround.services.accounts import disable_user

    user, ended = disable_user(db=_server(ctx).db, email=email)
    typer.echo(f"disabled {user.email}; ended {ended} signed-in session(s)")


@users.command("enable")
def enable(ctx: typer.Context, email: EmailArg) -> None:
    """Let a disabled account sign in again.

    \b
    Examples:
      nextround user enable ana@example.edu
    """
    from nextround.services.accounts import enable_user

    user = enable_user(db=_server(ctx).db, email=email)
    typer.echo(f"enabled {user.email}")


@users.command("set-password")
def set_password(
    ctx: typer.Context, email: EmailArg, password_stdin: PasswordStdin = False
) -> None:
    """Give an account a new password; it is signed out everywhere.

    \b
    Examples:
      nextround user set-password ana@example.edu
    """
    from nextround.services.accounts import set_password as service

    st = _server(ctx)
    password = _password(from_stdin=password_stdin, email=email)
    user = service(db=st.db, email=email, password=password)
    typer.echo(f"new password set for {user.email}; their sessions have ended")


@users.command("reseal-mail-secrets")
def reseal_mail_secrets(
    ctx: typer.Context,
    old_key_file: Annotated[
        Path, typer.Option("--old-key-file", help="The key file the secrets are sealed with now.")
    ],
) -> None:
    """Seal everyone's stored mail passwords and sign-ins again under the server's key.

    The new key is the server's (NEXTROUND_SECRET_KEY_FILE, or secret.key in the
    data folder); stop the web processes and workers first, start them on the
    new key after. Nothing changes unless every secret opens.

    \b
    Examples:
      NEXTROUND_SECRET_KEY_FILE=/etc/nextround/new.key \\
        nextround user reseal-mail-secrets --old-key-file /etc/nextround/old.key
    """
    from nextround.services.mail_secrets import reseal_mail_secrets as service
    from nextround.services.mail_secrets import server_secret_key

    st = _server(ctx)
    settings = st.settings
    old = server_secret_key(named=old_key_file, data_dir=settings.data_dir)
    new = server_secret_key(named=settings.secret_key_file, data_dir=settings.data_dir)
    if old.key == new.key:
        raise InvalidInput(f"{old_key_file} holds the server's key already: nothing to do")
    count = service(db=st.db, old=old, new=new, now=st.now())
    typer.echo(f"{count} mail secrets sealed under the key in {new.path}")


CoachOpt = Annotated[str, typer.Option("--with", help="The coach's email address.")]


@users.command("share")
def share(ctx: typer.Context, email: EmailArg, coach: CoachOpt) -> None:
    """Let a coach read a student's work (read-only) until it is unshared.

    \b
    Examples:
      nextround user share ana@example.edu --with lee@example.edu
    """
    from nextround.services.coaching import share as service

    st = _server(ctx)
    done, new = service(db=st.db, student=email, coach=coach, now=st.now())
    if new:
        typer.echo(f"{done.coach.email} can now read the work of {done.student.email}")
    else:
        typer.echo(f"{done.coach.email} could already read the work of {done.student.email}")


@users.command("unshare")
def unshare(ctx: typer.Context, email: EmailArg, coach: CoachOpt) -> None:
    """Take a coach's access to a student's work away, at once.

    \b
    Examples:
      nextround user unshare ana@example.edu --with lee@example.edu
    """
    from nextround.services.coaching import unshare as service

    student, teacher = email.strip().lower(), coach.strip().lower()
    if service(db=_server(ctx).db, student=email, coach=coach):
        typer.echo(f"{teacher} can no longer read the work of {student}")
    else:
        typer.echo(f"{student} did not share with {teacher}; nothing to do")


@users.command("shares")
def shares(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Which students share their work with which coaches.

    \b
    Examples:
      nextround user shares
    """
    from nextround.services.coaching import all_shares

    found = all_shares(db=_server(ctx).db)
    if as_json:
        print_json(
            [
                {"student": s.student.email, "coach": s.coach.email, "since": s.since.isoformat()}
                for s in found
            ]
        )
        return
    if not found:
        typer.echo("nobody shares with a coach yet: nextround user share STUDENT --with COACH")
        return
    table = TableOut("student", "coach", "since")
    for s in found:
        table.add_row(s.student.email, s.coach.email, fmt_when(s.since))
    table.print()
