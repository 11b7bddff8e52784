"""Calendar commands: export to a file, the secret feed, invitations in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from nextround.cli.common import MAX_ID, fmt_when, print_json, state
from nextround.cli.records import interviews

calendar = typer.Typer(
    help="Your interviews and feedback steps in your calendar.", no_args_is_help=True
)

FEED_PATH = "/calendar/{token}.ics"


def register(app: typer.Typer) -> None:
    app.add_typer(calendar, name="calendar")
    interviews.command("import")(interview_import)


@calendar.command("export")
def calendar_export(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The .ics file to write.", dir_okay=False)],
) -> None:
    """Write your upcoming interviews and due feedback steps to an .ics file.

    Each interview is an event with the people you meet, three lines from its
    brief and a reminder an hour before; each feedback step (send the request,
    follow up, decide) is an all-day event on the day it is due. Import the
    file into any calendar; export again after changes and import again: events
    update in place, and the ones that no longer apply are cancelled.

    \b
    Examples:
      nextround calendar export ~/nextround.ics
    """
    from nextround.services.calendar import export_file

    st = state(ctx)
    done = export_file(db=st.db, path=file, now=st.now())
    cancelled = f", {done.cancelled} cancelled" if done.cancelled else ""
    typer.echo(f"wrote {done.events} event{'s' if done.events != 1 else ''}{cancelled} to {file}")


@calendar.command("feed")
def calendar_feed(
    ctx: typer.Context,
    rotate: Annotated[
        bool,
        typer.Option("--rotate", help="Make a new feed address; the old one stops working."),
    ] = False,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Turn the feed off: no address works any more.")
    ] = False,
) -> None:
    """A calendar feed that `nextround serve` keeps up to date, for a calendar to subscribe to.

    The feed's address holds a secret: it is shown once, when --rotate makes
    it, and nextround keeps only a fingerprint of it. Lost it? --rotate again
    (the old address stops working). Anyone with the address can read your
    interview dates, so keep it to yourself.

    \b
    Examples:
      nextround calendar feed --rotate
      nextround calendar feed --revoke
    """
    from nextround.domain.errors import InvalidInput
    from nextround.services.calendar import feed_is_on, revoke_feed_token, rotate_feed_token

    st = state(ctx)
    if rotate and revoke:
        raise InvalidInput("--rotate makes a new address and --revoke turns the feed off: pick one")
    if revoke:
        was = revoke_feed_token(db=st.db)
        typer.echo("the calendar feed is off" if was else "the calendar feed was already off")
        return
    if rotate:
        token = rotate_feed_token(db=st.db)
        path = FEED_PATH.format(token=token)
        typer.echo(path)
        typer.echo(
            "this is shown only once. Add it to the address `nextround serve` prints, e.g. "
            f"http://127.0.0.1:8765{path} (with --port 8765), and subscribe to that in your "
            "calendar. Any older feed address no longer works.",
            err=True,
        )
        return
    if feed_is_on(db=st.db):
        typer.echo(
            "the calendar feed is on. Its address was shown once when it was made; "
            "to get a new one run `nextround calendar feed --rotate` (the old one stops working)"
        )
    else:
        typer.echo(
            "no calendar feed yet: run `nextround calendar feed --rotate` to make its address"
        )


def interview_import(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="The invitation (.ics) saved from mail or a calendar.")
    ],
    application_id: Annotated[
        int | None,
        typer.Option(
            "--app", min=1, max=MAX_ID, help="The application it is for, when it is not clear."
        ),
    ] = None,
    stage: Annotated[
        str | None, typer.Option(help="The round (default: read from the invitation's title).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")] = False,
) -> None:
    """Record an interview from a calendar invitation (.ics) against its application.

    The application is found by the company named in the invitation's title or
    its organizer's address; when several could match, say which with --app.
    Importing the same invitation again adds nothing; an updated one (moved to
    another time) moves the interview; its cancellation removes the interview.

    \b
    Examples:
      nextround interview import ~/Downloads/invite.ics
      nextround interview import invite.ics --app 4 --stage final
    """
    from nextround.services.invitations import import_invitations, read_file

    st = state(ctx)
    done = import_invitations(
        db=st.db, data=read_file(file), application_id=application_id, stage=stage, now=st.now()
    )
    if as_json:
        print_json(
            [
                {
                    "outcome": d.outcome.value,
                    "interview_id": d.interview_id,
                    "application_id": d.application.id,
                    "company": d.application.company,
                    "stage": d.stage,
                    "when": d.when,
                }
                for d in done
            ]
        )
        return
    words = {
        "recorded": "recorded",
        "unchanged": "already recorded, nothing changed:",
        "rescheduled": "moved",
        "cancelled": "cancelled, removed",
    }
    for d in done:  # the id alone on stdout, for scripts; the sentence for people
        typer.echo(str(d.interview_id))
        typer.echo(
            f"{words[d.outcome.value]} interview #{d.interview_id}: {d.stage}, "
            f"{fmt_when(d.when)}, {d.application.company} ({d.application.role})",
            err=True,
        )
