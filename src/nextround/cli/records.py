"""Commands that record: who you are, applications, contacts, interviews."""

from __future__ import annotations

from typing import Annotated

import typer

from nextround.cli.common import (
    MAX_ID,
    TableOut,
    console,
    created,
    esc,
    fmt_day,
    fmt_when,
    parse_when,
    print_json,
    state,
)
from nextround.domain.model import ApplicationStatus

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def register(app: typer.Typer) -> None:
    app.command("me")(me)
    from nextround.cli import history

    history.register(applications)
    app.add_typer(applications, name="app")
    app.add_typer(contacts, name="contact")
    app.add_typer(interviews, name="interview")


def me(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Your name, as drafts sign off.")] = None,
    phone: Annotated[
        str | None, typer.Option(help="Your phone: voicemails and calls leave it to call back.")
    ] = None,
    email: Annotated[str | None, typer.Option(help="Your email, for drafts that give it.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Set (or show) the name your drafts are signed with, and your phone and email.

    \b
    Examples:
      nextround me "Alex Morgan" --phone "+44 7700 900123" --email alex@example.com
      nextround me --json
    """
    from nextround.services import record

    db = state(ctx).db
    if name is None and phone is None and email is None:
        current = record.get_me(db=db)
        if as_json:
            print_json({"name": current.name, "phone": current.phone, "email": current.email})
            return
        typer.echo(current.name or 'not set yet: nextround me "Your Name"')
        for label, value in (("phone", current.phone), ("email", current.email)):
            if value:
                typer.echo(f"{label}: {value}")
        return
    saved = record.set_me(db=db, name=name, phone=phone, email=email)
    if as_json:
        print_json({"name": saved.name, "phone": saved.phone, "email": saved.email})
        return
    if name is not None:
        typer.echo(f"drafts will be signed {saved.name}")
    if phone is not None:
        typer.echo(f"phone: {saved.phone or 'cleared'}")
    if email is not None:
        typer.echo(f"email: {saved.email or 'cleared'}")


applications = typer.Typer(
    help="Applications: company, role, status; import and export your history.",
    no_args_is_help=True,
)


@applications.command("add")
def app_add(
    ctx: typer.Context,
    company: Annotated[str, typer.Argument(help="Company name.")],
    role: Annotated[str, typer.Argument(help="Role title.")],
    source: Annotated[str, typer.Option(help="Where you found it (referral, LinkedIn...).")] = "",
    status: Annotated[
        ApplicationStatus,
        typer.Option(help="Where it stands; saved: a job you mean to apply for, not yet applied."),
    ] = ApplicationStatus.APPLIED,
    applied: Annotated[str | None, typer.Option(help="Date applied (YYYY-MM-DD).")] = None,
    notes: Annotated[str, typer.Option(help="Anything worth remembering.")] = "",
    url: Annotated[str | None, typer.Option("--url", help="The job advert's address.")] = None,
    location: Annotated[str | None, typer.Option(help="Where the job is.")] = None,
    salary: Annotated[
        str | None, typer.Option(help='The salary, as advertised ("£55-60k").')
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add an application; prints its id.

    \b
    Examples:
      nextround app add "Northwind Health" "Data Analyst" --source referral
        --url https://northwind.example/jobs/42 --location Leeds --salary "£38-42k"
    """
    from nextround.services import record

    st = state(ctx)
    now = st.now()
    stored = record.add_application(
        db=st.db,
        company=company,
        role=role,
        source=source,
        status=status,
        applied_on=parse_when(applied, now=now, what="--applied", happened=True)
        if applied
        else None,
        notes=notes,
        job_url=url or "",
        location=location or "",
        salary=salary or "",
        now=now,
    )
    created("application", stored.id, as_json=as_json)


@applications.command("edit")
def app_edit(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Application id.")],
    company: Annotated[str | None, typer.Option(help="New company name.")] = None,
    role: Annotated[str | None, typer.Option(help="New role title.")] = None,
    status: Annotated[ApplicationStatus | None, typer.Option(help="New status.")] = None,
    notes: Annotated[str | None, typer.Option(help="Replace the notes.")] = None,
    url: Annotated[str | None, typer.Option("--url", help="The job advert's address.")] = None,
    location: Annotated[str | None, typer.Option(help="Where the job is.")] = None,
    salary: Annotated[
        str | None, typer.Option(help='The salary, as advertised ("£55-60k").')
    ] = None,
) -> None:
    """Change an application.

    \b
    Examples:
      nextround app edit 3 --status withdrawn
      nextround app edit 4 --status applied     # a saved job you have now applied for
    """
    from nextround.services import record

    st = state(ctx)
    app = record.update_application(
        db=st.db,
        application_id=application_id,
        company=company,
        role=role,
        status=status,
        notes=notes,
        job_url=url,
        location=location,
        salary=salary,
        now=st.now(),
    )
    typer.echo(f"application #{app.id}: {app.company}, {app.role} ({app.status.value})")


@applications.command("list")
def app_list(
    ctx: typer.Context,
    status: Annotated[ApplicationStatus | None, typer.Option(help="Only this status.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List applications.

    \b
    Examples:
      nextround app list --status rejected
      nextround app list --status saved --json   # jobs you mean to apply for
    """
    from nextround.services import record

    apps = record.list_applications(db=state(ctx).reads(), status=status)
    if as_json:
        print_json([_app_json(a) for a in apps])
        return
    if not apps:
        typer.echo('no applications yet: nextround app add "Company" "Role"')
        return
    table = TableOut("id", "company", "role", "status", "source", "updated")
    for a in apps:
        table.add_row(str(a.id), a.company, a.role, a.status.value, a.source, fmt_day(a.updated_at))
    table.print()


@applications.command("show")
def app_show(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Application id.")],
    as_json: JsonOpt = False,
) -> None:
    """Show an application with its interviews, messages and feedback thread.

    \b
    Examples:
      nextround app show 3
    """
    from nextround.services.overview import application_overview

    view = application_overview(db=state(ctx).db, application_id=application_id)
    if as_json:
        print_json(
            {
                **_app_json(view.application),
                "interviews": [_interview_json(i) for i in view.interviews],
                "thread": None
                if view.thread is None
                else {"id": view.thread.id, "state": view.thread.state.value},
                "messages": [
                    {
                        "id": m.id,
                        "kind": m.kind.value,
                        "direction": m.direction.value,
                        "at": m.at,
                        "subject": m.subject,
                    }
                    for m in view.messages
                ],
            }
        )
        return
    out = console()
    a = view.application
    out.print(
        f"[bold]#{a.id} {esc(a.company)} — {esc(a.role)}[/bold]  ({a.status.value})", markup=True
    )
    details = " · ".join(d for d in (a.location, a.salary, a.job_url) if d)
    if details:
        out.print(f"  {details}", markup=False)
    for i in view.interviews:
        out.print(f"  interview #{i.id}: {i.stage}, {fmt_when(i.when)}")
        for point in i.talking_points:
            out.print(f"    • {point}")
    if view.thread is not None:
        out.print(f"  feedback thread #{view.thread.id}: {view.thread.state.value}")
    for m in view.messages:
        out.print(f"  {fmt_when(m.at)}  {m.direction.value} {m.kind.value}  {m.subject}")


def _app_json(a: object) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(a)  # type: ignore[call-overload,no-any-return]


def _interview_json(i: object) -> dict[str, object]:
    from dataclasses import asdict

    data: dict[str, object] = asdict(i)  # type: ignore[call-overload]
    data["self_assessment"] = {str(k): v for k, v in data["self_assessment"].items()}  # type: ignore[attr-defined]
    return data


contacts = typer.Typer(help="People you met: interviewers, recruiters.", no_args_is_help=True)


@contacts.command("add")
def contact_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Their full name.")],
    company: Annotated[str, typer.Option(help="Where they work.")] = "",
    title: Annotated[str, typer.Option(help="Their job title.")] = "",
    email: Annotated[str, typer.Option(help="Email address.")] = "",
    phone: Annotated[str, typer.Option(help="Phone number.")] = "",
    linkedin: Annotated[str, typer.Option(help="LinkedIn profile URL.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Add a contact; prints its id.

    \b
    Examples:
      nextround contact add "Dana Whitfield" --company "Northwind Health"
        --title "Head of Data"
    """
    from nextround.services import record

    stored = record.add_contact(
        db=state(ctx).db,
        name=name,
        company=company,
        title=title,
        email=email,
        phone=phone,
        linkedin=linkedin,
    )
    created("contact", stored.id, as_json=as_json)


@contacts.command("list")
def contact_list(
    ctx: typer.Context,
    company: Annotated[str | None, typer.Option(help="Only people at this company.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List contacts.

    \b
    Examples:
      nextround contact list --company "Northwind Health"
    """
    from dataclasses import asdict

    from nextround.services import record

    people = record.list_contacts(db=state(ctx).db, company=company)
    if as_json:
        print_json([asdict(c) for c in people])
        return
    if not people:
        typer.echo('no contacts yet: nextround contact add "Name" --company "Company"')
        return
    table = TableOut("id", "name", "title", "company", "email", "phone")
    for c in people:
        table.add_row(str(c.id), c.name, c.title, c.company, c.email, c.phone)
    table.print()


interviews = typer.Typer(help="Interview rounds and what you discussed.", no_args_is_help=True)


@interviews.command("add")
def interview_add(
    ctx: typer.Context,
    application_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Application id.")],
    stage: Annotated[str, typer.Option(help="Round: phone screen, technical, final...")],
    when: Annotated[str, typer.Option(help="When: 'YYYY-MM-DD HH:MM'.")],
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="NAME|CONTACT_ID",
            help="Someone you met, by name or contact id (repeat). A new name is added "
            "as a contact at the application's company.",
        ),
    ] = None,
    point: Annotated[
        list[str] | None,
        typer.Option("--point", metavar="TEXT", help="A specific thing you discussed (repeat)."),
    ] = None,
    notes: Annotated[str, typer.Option(help="Your notes.")] = "",
    rate: Annotated[
        list[str] | None,
        typer.Option(
            "--rate",
            metavar="THEME=N",
            help="Self-assessment theme=1..5, e.g. communication=4 (repeat).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Record an interview round with the people met and the talking points; prints its id.

    Talking points are what make a later feedback request land: the specific
    things you discussed, in your own words.

    \b
    Examples:
      nextround interview add 3 --stage "final" --when "2026-11-18 14:00"
        --with "Ruth Okoye" --with 2 --point "the hospital readmission dashboard"
        --rate communication=4
    """
    from nextround.domain.themes import parse_rating
    from nextround.services import record

    st = state(ctx)
    now = st.now()
    stored = record.record_interview(
        db=st.db,
        application_id=application_id,
        stage=stage,
        when=parse_when(when, now=now, what="--when"),
        contact_ids=[_contact_id(w) for w in with_ or [] if w.strip().isdigit()],
        contact_names=[w for w in with_ or [] if not w.strip().isdigit()],
        talking_points=point or [],
        notes=notes,
        self_assessment=dict(parse_rating(r) for r in rate or []),
        now=now,
    )
    created("interview", stored.id, as_json=as_json)


def _contact_id(value: str) -> int:
    number = int(value)
    if not 1 <= number <= MAX_ID:
        from nextround.domain.errors import InvalidInput

        raise InvalidInput(f"--with {value}: no contact has that id")
    return number


@interviews.command("assess")
def interview_assess(
    ctx: typer.Context,
    interview_id: Annotated[int, typer.Argument(min=1, max=MAX_ID, help="Interview id.")],
    rate: Annotated[
        list[str],
        typer.Option(
            "--rate", metavar="THEME=N", help="theme=1..5, e.g. problem_solving=3 (repeat)."
        ),
    ],
) -> None:
    """Rate yourself per theme for an interview (1 weak, 5 strong).

    \b
    Examples:
      nextround interview assess 4 --rate technical_skills=4 --rate preparation=2
    """
    from nextround.domain.themes import parse_rating
    from nextround.services import record

    interview = record.assess_interview(
        db=state(ctx).db, interview_id=interview_id, ratings=dict(parse_rating(r) for r in rate)
    )
    ratings = ", ".join(f"{t.value}={r}" for t, r in interview.self_assessment.items())
    typer.echo(f"interview #{interview.id}: {ratings}")


@interviews.command("list")
def interview_list(
    ctx: typer.Context,
    application_id: Annotated[
        int | None, typer.Option("--app", min=1, max=MAX_ID, help="Only this application.")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List interviews, oldest first.

    \b
    Examples:
      nextround interview list --app 3
    """
    from nextround.services.overview import list_interviews

    rows = list_interviews(db=state(ctx).db, application_id=application_id)
    if as_json:
        print_json([_interview_json(i) for i in rows])
        return
    if not rows:
        typer.echo("no interviews yet: nextround interview add APP_ID --stage ... --when ...")
        return
    table = TableOut("id", "app", "stage", "when", "talking points")
    for i in rows:
        table.add_row(
            str(i.id), str(i.application_id), i.stage, fmt_when(i.when), "; ".join(i.talking_points)
        )
    table.print()
