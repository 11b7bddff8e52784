"""Mail: import files, sync IMAP accounts, and the inbox of messages to confirm."""

from __future__ import annotations

import contextlib
import sys
import threading
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from nextround.cli.common import (
    MAX_ID,
    State,
    TableOut,
    console,
    fmt_when,
    parse_when,
    print_json,
    progress,
    state,
)
from nextround.domain.errors import MailError
from nextround.domain.mailbox import Security, SignIn

if TYPE_CHECKING:
    from nextround.domain.mailbox import ImportSummary
    from nextround.services.adapters import DeviceCode, Grant
    from nextround.services.ingest_filing import Filed
    from nextround.services.mail_accounts import Passwords

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
RetryOpt = Annotated[
    bool, typer.Option("--retry-failed", help="Read again the messages that failed last time.")
]
SHOWN = 20  # problems and notes listed on the terminal; --json has them all

mail = typer.Typer(
    help="Mail: import .eml, mbox and Maildir files; sync IMAP accounts (read-only).",
    no_args_is_help=True,
)
inbox = typer.Typer(
    help="Imported messages waiting for you to confirm or correct (no subcommand: list them).",
    invoke_without_command=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(mail, name="mail")
    app.add_typer(inbox, name="inbox")


# --- summary -------------------------------------------------------------------------


def _render(summary: ImportSummary, *, as_json: bool) -> None:
    if as_json:
        print_json(summary.to_json())
    else:
        out = console()
        out.print(
            f"read {summary.read} · filed {summary.filed} · waiting in inbox {summary.inbox}"
            f" · skipped {summary.skipped} · failed {summary.failed}"
            + (f" (already imported: {summary.already})" if summary.already else ""),
            soft_wrap=True,
        )
        for title, rows in (("failed", summary.problems), ("note", summary.notes)):
            for p in rows[:SHOWN]:
                out.print(f"  {title}: {p.where}: {p.detail}", markup=False, soft_wrap=True)
            if len(rows) > SHOWN:
                out.print(f"  ... and {len(rows) - SHOWN} more {title}s (see --json)")
        if summary.inbox:
            out.print("next: nextround inbox   (confirm or correct what waits there)")
    for error in summary.errors:
        typer.echo(f"error: {error}", err=True)
    if summary.errors:
        raise typer.Exit(6)


# --- commands --------------------------------------------------------------------------


@mail.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        Path, typer.Argument(help="An .eml file, a folder of them, an mbox, a Maildir.")
    ],
    retry_failed: RetryOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Import mail from files: each message is judged and filed, or waits in the inbox.

    Importing the same place again adds nothing; an import that was stopped
    finishes on the next run.

    \b
    Examples:
      nextround mail import ~/Downloads/rejection.eml
      nextround mail import ~/mail/jobs.mbox --json
    """
    from nextround.cli.common import judge
    from nextround.services.ingest import import_path

    st = state(ctx)
    with progress("importing", quiet=as_json) as update:
        summary = import_path(
            db=st.db,
            judge=judge(st),
            path=path,
            now=st.now(),
            progress=update,
            retry_failed=retry_failed,
            on_wait=_waiting,
        )
    _render(summary, as_json=as_json)


def _waiting() -> None:
    typer.echo("another import into this database is running; waiting for it to finish", err=True)


def passwords(st: State, *, ask: bool = True) -> Passwords:
    """Where mail passwords come from; ``ask``: in a terminal, ask for a missing one."""
    from nextround.services.adapters import system_keyring
    from nextround.services.mail_accounts import Passwords

    secret = st.settings.mail_password
    prompt = None
    if ask and sys.stdin.isatty():

        def prompt(question: str) -> str:
            return str(typer.prompt(question, hide_input=True))

    return Passwords(
        secrets=system_keyring(),
        env_password=secret.get_secret_value() if secret else None,
        prompt=prompt,
        providers=st.settings.oauth_providers(),
    )


class OAuth(StrEnum):
    MICROSOFT = "microsoft"
    GOOGLE = "google"


def _open_browser(url: str) -> None:
    import webbrowser

    with contextlib.suppress(webbrowser.Error, OSError):
        webbrowser.open(url)


def _oauth_sign_in(st: State, which: SignIn, *, client_id: str, user: str) -> Grant:
    """Run the provider's sign-in, telling the user what to open and type."""
    from nextround.services.mail_accounts import oauth_sign_in

    settings = st.settings
    secret = ""
    if which is SignIn.MICROSOFT:
        client_id = client_id or settings.microsoft_client_id
    else:
        client_id = client_id or settings.google_client_id
        if settings.google_client_secret:
            secret = settings.google_client_secret.get_secret_value()
        elif sys.stdin.isatty():
            secret = str(typer.prompt("Client secret of your Google OAuth client", hide_input=True))

    def on_code(code: DeviceCode) -> None:
        minutes = max(1, code.expires_in // 60)
        typer.echo(
            f"To sign in, open {code.verification_uri} on any device and enter the code:\n\n"
            f"    {code.user_code}\n\n"
            f"Waiting for you to finish there (the code works for {minutes} minutes; "
            "Ctrl+C to stop)...",
            err=True,
        )

    def on_url(url: str) -> None:
        typer.echo(
            f"To sign in, open this address in a browser on this machine:\n\n    {url}\n\n"
            "Waiting for the browser to come back (Ctrl+C to stop)...",
            err=True,
        )
        # in the background: a terminal browser would hold the prompt until the page it
        # opens gets its answer, and that answer is what we are about to wait for
        threading.Thread(target=_open_browser, args=(url,), daemon=True).start()

    return oauth_sign_in(
        provider=settings.oauth_providers()[which],
        client_id=client_id,
        client_secret=secret,
        login_hint=user,
        on_code=on_code,
        on_url=on_url,
    )


@mail.command("sync")
def sync(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="Account name (default: all).")] = None,
    folder: Annotated[
        list[str] | None, typer.Option("--folder", help="Only this folder (repeatable).")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only mail since this date (YYYY-MM-DD).")
    ] = None,
    retry_failed: RetryOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Read new mail from IMAP accounts (read-only) and file it; nothing is ever sent.

    \b
    Examples:
      nextround mail sync
      nextround mail sync work --folder Jobs --since 2026-09-01
    """
    from nextround.cli.common import judge
    from nextround.domain.mailbox import ImportSummary
    from nextround.services.ingest import sync_account
    from nextround.services.mail_accounts import connector, get_accounts

    st = state(ctx)
    now = st.now()
    start = parse_when(since, now=now, what="--since").date() if since else None
    connect = connector(passwords(st))
    total = ImportSummary()
    accounts = get_accounts(db=st.db, name=account)
    refused: list[MailError] = []
    for acct in accounts:
        try:
            with progress(f"syncing {acct.name}", quiet=as_json) as update:
                total.add(
                    sync_account(
                        db=st.db,
                        judge=judge(st),
                        account=acct,
                        connect=connect,
                        now=now,
                        since=start,
                        folders=folder or (),
                        progress=update,
                        retry_failed=retry_failed,
                        on_wait=_waiting,
                    )
                )
        except MailError as err:
            if len(accounts) == 1:
                raise
            # one account that cannot be reached or signed in to (a revoked grant,
            # a changed password) must not keep the others' mail from being filed
            refused.append(err)
            typer.echo(f"error: {err}", err=True)
    _render(total, as_json=as_json)
    if refused:
        raise typer.Exit(refused[0].exit_code)


@mail.command("add-account")
def add_account(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A short name for the account, e.g. work.")],
    user: Annotated[str, typer.Option(help="IMAP user name (often your address).")],
    host: Annotated[
        str,
        typer.Option(help="IMAP server, e.g. imap.example.com (with --oauth: the provider's)."),
    ] = "",
    port: Annotated[
        int | None, typer.Option(help="Port (default 993 for tls, 143 for starttls).")
    ] = None,
    security: Annotated[Security, typer.Option(help="tls or starttls.")] = Security.TLS,
    folder: Annotated[
        list[str] | None, typer.Option("--folder", help="A folder to read (repeatable; INBOX).")
    ] = None,
    drafts: Annotated[str, typer.Option(help="Drafts folder (default: the server's).")] = "",
    since: Annotated[str | None, typer.Option(help="Never read mail before this date.")] = None,
    address: Annotated[str, typer.Option(help="Your address, for drafts' From line.")] = "",
    ca_file: Annotated[
        Path | None, typer.Option("--ca-file", help="Trust this CA (a self-hosted server).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    check: Annotated[
        bool, typer.Option("--check/--no-check", help="Log in once to check (default).")
    ] = True,
    oauth: Annotated[
        OAuth | None,
        typer.Option(
            help="Sign in with Microsoft (Outlook.com, Microsoft 365: a code to type) "
            "or Google (a browser page) instead of a password."
        ),
    ] = None,
    client_id: Annotated[
        str,
        typer.Option(
            "--client-id",
            help="With --oauth: your OAuth client's id (default: NEXTROUND_MICROSOFT_CLIENT_ID "
            "or NEXTROUND_GOOGLE_CLIENT_ID).",
        ),
    ] = "",
) -> None:
    """Add an IMAP account; its password goes to the system keyring, never the database.

    Without a keyring, set NEXTROUND_MAIL_PASSWORD or be asked at each sync.
    With --oauth there is no password: you sign in at Microsoft or Google and
    the sign-in is kept in the keyring (a keyring is needed).

    \b
    Examples:
      nextround mail add-account work --host imap.example.com --user alex@example.com
      nextround mail add-account home --host mail.example.org --user alex \
          --security starttls --folder INBOX --folder Jobs
      nextround mail add-account outlook --oauth microsoft --user alex@outlook.com
      nextround mail add-account uni --oauth google --user alex@uni.example.edu
    """
    from nextround.services.adapters import system_keyring
    from nextround.services.mail_accounts import Passwords, connector
    from nextround.services.mail_accounts import add_account as add

    st = state(ctx)
    now = st.now()
    password: str | None = None
    grant: Grant | None = None
    if oauth is not None:
        from nextround.services.adapters import imap_host
        from nextround.services.mail_accounts import check_new_oauth_account

        check_new_oauth_account(db=st.db, name=name, secrets=system_keyring())
        which = SignIn(oauth.value)
        host = host or imap_host(which)
        grant = _oauth_sign_in(st, which, client_id=client_id, user=user)
    elif not host:
        raise typer.BadParameter("give the IMAP server with --host", param_hint="--host")
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif st.settings.mail_password:
        password = st.settings.mail_password.get_secret_value()
    elif sys.stdin.isatty():
        password = str(typer.prompt(f"IMAP password for {user}", hide_input=True))
    verify = None
    if check:
        verify = connector(
            Passwords(
                secrets=system_keyring(),
                env_password=password,
                prompt=passwords(st).prompt,
                providers=st.settings.oauth_providers(),
            )
        )
    stored = add(
        db=st.db,
        name=name,
        host=host,
        username=user,
        password=password,
        secrets=system_keyring(),
        verify=verify,
        port=port,
        security=security,
        folders=folder or (),
        drafts_folder=drafts,
        since=parse_when(since, now=now, what="--since").date() if since else None,
        address=address,
        ca_file=str(ca_file.expanduser().resolve()) if ca_file else "",
        grant=grant,
        now=now,
    )
    if stored.sign_in.oauth:
        where = f"signed in with {stored.sign_in.value}; the sign-in is kept in the keyring"
    elif stored.password_in_keyring:
        where = "password in the keyring"
    else:
        where = "password not stored (no keyring here)"
    typer.echo(f"mail account {stored.name} added ({stored.host}:{stored.port}); {where}")
    typer.echo(f"next: nextround mail sync {stored.name}", err=True)


@mail.command("reauth")
def reauth(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Account name.")],
    client_id: Annotated[
        str,
        typer.Option("--client-id", help="Your OAuth client's id (default: the one used last)."),
    ] = "",
) -> None:
    """Sign in again to a Microsoft or Google account whose sign-in expired or was revoked.

    Nothing imported is lost; the next sync carries on where the last one stopped.

    \b
    Examples:
      nextround mail reauth outlook
    """
    from nextround.services.adapters import system_keyring
    from nextround.services.mail_accounts import get_accounts, reauth_account, saved_client

    st = state(ctx)
    account = get_accounts(db=st.db, name=name)[0]
    if not account.sign_in.oauth:
        raise typer.BadParameter(
            f"{name} signs in with a password: remove the account and add it again",
            param_hint="NAME",
        )
    client_id = client_id or saved_client(secrets=system_keyring(), account=account)[0]
    grant = _oauth_sign_in(st, account.sign_in, client_id=client_id, user=account.username)
    reauth_account(db=st.db, name=name, grant=grant, secrets=system_keyring())
    typer.echo(f"mail account {name}: signed in again with {account.sign_in.value}")
    typer.echo(f"next: nextround mail sync {name}", err=True)


@mail.command("accounts")
def accounts(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the IMAP accounts.

    \b
    Examples:
      nextround mail accounts
    """
    from nextround.services.mail_accounts import list_accounts

    found = list_accounts(db=state(ctx).db)
    if as_json:
        print_json(
            [
                {
                    "name": a.name,
                    "host": a.host,
                    "port": a.port,
                    "user": a.username,
                    "security": a.security.value,
                    "folders": a.folders,
                    "drafts_folder": a.drafts_folder,
                    "since": a.since,
                    "password_in_keyring": a.password_in_keyring,
                    "sign_in": a.sign_in.value,
                }
                for a in found
            ]
        )
        return
    if not found:
        typer.echo("no mail accounts: nextround mail add-account NAME --host ... --user ...")
        return
    for a in found:
        typer.echo(
            f"{a.name}: {a.username} at {a.host}:{a.port} ({a.security.value}), "
            f"folders {', '.join(a.folders)}"
            + (f"; signs in with {a.sign_in.value}" if a.sign_in.oauth else "")
        )


@mail.command("remove-account")
def remove_account(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="Account name.")]
) -> None:
    """Forget an account and its keyring entry; the mail it imported stays.

    \b
    Examples:
      nextround mail remove-account work
    """
    from nextround.services.adapters import system_keyring
    from nextround.services.mail_accounts import remove_account as remove

    gone = remove(db=state(ctx).db, name=name, secrets=system_keyring())
    typer.echo(f"mail account {gone.name} removed")


# --- the inbox -------------------------------------------------------------------------


@inbox.callback()
def inbox_default(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """What waits for you to confirm or correct (the same as `inbox list`)."""
    if ctx.invoked_subcommand is None:
        inbox_list(ctx, as_json=as_json)


@inbox.command("list")
def inbox_list(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the messages waiting for you, with the guess and why they wait.

    \b
    Examples:
      nextround inbox list --json
    """
    from nextround.services.ingest_inbox import list_inbox

    items = list_inbox(db=state(ctx).db)
    if as_json:
        print_json(
            [
                {
                    "id": i.ledger_id,
                    "message_id": i.message_id,
                    "received_at": i.received_at,
                    "sender": i.sender,
                    "subject": i.subject,
                    "guess": i.guess,
                    "confidence": i.confidence,
                    "reason": i.reason,
                    "application_id": i.application_id,
                    "thread_id": i.thread_id,
                }
                for i in items
            ]
        )
        return
    if not items:
        typer.echo("the inbox is empty")
        return
    table = TableOut("id", "received", "from", "subject", "guess", "why it waits")
    for i in items:
        table.add_row(
            str(i.ledger_id),
            fmt_when(i.received_at),
            i.sender,
            i.subject[:50],
            f"{i.guess} {i.confidence:.0%}",
            i.reason,
        )
    table.print()
    typer.echo(
        "confirm: nextround inbox confirm ID [--as KIND] [--app ID]; "
        "not job mail: nextround inbox dismiss ID",
        err=True,
    )


@inbox.command("show")
def inbox_show(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Inbox id.")],
    as_json: JsonOpt = False,
) -> None:
    """Show a waiting message with its text.

    \b
    Examples:
      nextround inbox show 12
    """
    from nextround.services.ingest_inbox import show_item

    i = show_item(db=state(ctx).db, ledger_id=item_id)
    if as_json:
        print_json(
            {
                "id": i.ledger_id,
                "subject": i.subject,
                "sender": i.sender,
                "text": i.text,
                "guess": i.guess,
                "reason": i.reason,
                "application_id": i.application_id,
            }
        )
        return
    out = console()
    out.print(f"#{i.ledger_id} from {i.sender} on {fmt_when(i.received_at)}", markup=False)
    out.print(f"Subject: {i.subject}\n", markup=False)
    out.print(i.text, markup=False)
    out.rule()
    out.print(f"guess: {i.guess} ({i.confidence:.0%}); waits because {i.reason}", markup=False)


KindOpt = Annotated[
    str | None,
    typer.Option(
        "--as",
        help="What it is: rejection, invite, offer, confirmation, outreach, reply, alert, other.",
    ),
]


def _filed(filed: Filed) -> None:
    typer.echo(f"{filed.status.value}: {filed.detail}")


@inbox.command("confirm")
def inbox_confirm(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Inbox id.")],
    kind: KindOpt = None,
    application_id: Annotated[
        int | None, typer.Option("--app", min=1, max=MAX_ID, help="The application it is about.")
    ] = None,
    thread_id: Annotated[
        int | None,
        typer.Option("--thread", min=1, max=MAX_ID, help="For a reply: the feedback thread."),
    ] = None,
) -> None:
    """File a waiting message as guessed, or as you say; your answer trains your model.

    \b
    Examples:
      nextround inbox confirm 12
      nextround inbox confirm 13 --as rejection --app 3
    """
    from nextround.cli.common import judge
    from nextround.services.ingest_inbox import confirm

    st = state(ctx)
    _filed(
        confirm(
            db=st.db,
            judge=judge(st),
            ledger_id=item_id,
            kind=kind,
            application_id=application_id,
            thread_id=thread_id,
            now=st.now(),
        )
    )


@inbox.command("dismiss")
def inbox_dismiss(
    ctx: typer.Context,
    item_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Inbox id.")],
    kind: Annotated[
        str, typer.Option("--as", help="other, alert, outreach or confirmation.")
    ] = "other",
) -> None:
    """Not about an application: take it out of the inbox (kept as a labelled example).

    \b
    Examples:
      nextround inbox dismiss 14
    """
    from nextround.services.ingest_inbox import dismiss

    st = state(ctx)
    _filed(dismiss(db=st.db, ledger_id=item_id, kind=kind, now=st.now()))
