"""An interview invitation (.ics from mail or a calendar) recorded as an interview.

Keyed by the event's UID: importing the same invitation again records
nothing new, an updated one (rescheduled, a higher SEQUENCE) moves the
interview it recorded, and its cancellation (METHOD:CANCEL or
STATUS:CANCELLED) removes that interview (the next calendar export marks its
event cancelled). Every event in the file is matched before anything is
written, so a file that cannot be placed leaves the database as it was.
A dry run (the web page's preview) does all of it and writes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from pathlib import Path

from nextround.domain.calendar import within_years
from nextround.domain.errors import InvalidInput
from nextround.domain.events import Invitation
from nextround.domain.invites import match_applications, stage_from_title
from nextround.domain.model import Application, Contact, Interview
from nextround.ics import read_invitations
from nextround.services.record import USER_EMAIL_KEY, store_interview
from nextround.store import Database
from nextround.store.repository import Repository

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    RECORDED = "recorded"
    UNCHANGED = "unchanged"  # imported before, nothing new
    RESCHEDULED = "rescheduled"
    CANCELLED = "cancelled"


class AmbiguousInvitation(InvalidInput):
    """An invitation that could be for several applications: the caller asks which."""

    def __init__(self, message: str, candidates: list[Application]) -> None:
        super().__init__(message)
        self.candidates = candidates


class _NothingWritten(Exception):
    """Raised inside the unit of work of a dry run, so that it rolls back."""


CLI_CHOICE = "with --app ID"


@dataclass(frozen=True, slots=True)
class ImportedInvitation:
    outcome: Outcome
    interview_id: int
    application: Application
    when: datetime
    stage: str


def read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {path}") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder: give the invitation's .ics file") from None
    except OSError as err:
        raise InvalidInput(f"cannot read {path}: {err.strerror or err}") from None


def _describe(app: Application) -> str:
    return f"#{app.id} {app.company} ({app.role}, {app.status.value})"


def _application_for(
    invitation: Invitation,
    apps: list[Application],
    *,
    application_id: int | None,
    own_emails: set[str],
    choose: str,
) -> Application:
    if application_id is not None:
        chosen = [a for a in apps if a.id == application_id]
        if not chosen:
            raise InvalidInput(f"no application with id {application_id}")
        return chosen[0]
    found = match_applications(invitation, apps, own_emails=own_emails)
    title = invitation.summary or invitation.uid
    if not found:
        raise InvalidInput(
            f"no application matches the invitation {title!r}: add the application first, "
            f"or name one {choose}"
        )
    if len(found) > 1:
        listed = "; ".join(_describe(a) for a in found[:5])
        raise AmbiguousInvitation(
            f"the invitation {title!r} could be for {listed}: say which {choose}", found
        )
    return found[0]


def _contact_ids(
    repo: Repository, invitation: Invitation, app: Application, own_emails: set[str]
) -> list[int]:
    """The people on the invitation (not you) as contacts, reusing one with the same address."""
    people = [(invitation.organizer_name, invitation.organizer_email), *invitation.attendees]
    known = {c.email.lower(): c for c in repo.contacts() if c.email}
    ids: list[int] = []
    for name, email in people:
        if not email or email in own_emails or "@" not in email:
            continue
        contact = known.get(email)
        if contact is None:
            contact = repo.add_contact(
                Contact(
                    id=None,
                    name=(name or email.partition("@")[0])[:200],
                    company=app.company,
                    email=email[:320],
                )
            )
            known[email] = contact
        if contact.id is not None and contact.id not in ids:
            ids.append(contact.id)
    return ids


def _own_emails(repo: Repository) -> set[str]:
    own: set[str] = set()
    accounts = repo.mail.accounts()  # on a server, this user's own
    own |= {a.address.lower() for a in accounts if a.address}
    own |= {a.username.lower() for a in accounts if "@" in a.username}
    if repo.owner is not None:  # a server's user: the address they sign in with, too
        user = repo.accounts.user_by_id(repo.owner)
        if user is not None:
            own.add(user.email.lower())
    me = repo.get_meta(USER_EMAIL_KEY)
    if me:
        own.add(me.lower())
    return own


def import_invitations(
    *,
    db: Database,
    data: bytes,
    application_id: int | None = None,
    stage: str | None = None,
    now: datetime,
    zone: tzinfo | None = None,
    dry_run: bool = False,
    choose: str = CLI_CHOICE,
) -> list[ImportedInvitation]:
    """Record each invitation in ``data`` as an interview (see the module doc).

    ``dry_run``: say what would happen and write nothing (a recorded interview's
    id is then not one to keep). ``choose``: how the user names the application
    when the invitation does not (the end of an error's sentence).
    """
    invitations = read_invitations(data, zone=zone)
    for invitation in invitations:
        if invitation.cancelled:
            continue  # its start is not used: the interview is found by the UID
        if not within_years(invitation.starts_at):
            raise InvalidInput(f"the invitation's start {invitation.starts_at} is not a real date")
    done: list[ImportedInvitation] = []
    try:
        with db.unit() as repo:
            apps = repo.applications()
            own = _own_emails(repo)
            for invitation in invitations:
                if invitation.cancelled:
                    done.append(_cancel_one(repo, invitation))
                    continue
                done.append(
                    _import_one(
                        repo, invitation, apps, application_id, stage, own, now=now, choose=choose
                    )
                )
            if dry_run:
                raise _NothingWritten
    except _NothingWritten:
        pass
    return done


def _cancel_one(repo: Repository, invitation: Invitation) -> ImportedInvitation:
    """A cancellation: the interview its invitation recorded is removed."""
    title = invitation.summary or "this event"
    before = repo.calendar.invitation(invitation.uid)
    if before is None:
        raise InvalidInput(
            f"{title!r} is a cancellation, and no interview on file came from its "
            "invitation (never imported, or already cancelled); nothing was changed"
        )
    interview_id, sequence = before
    interview = repo.interview(interview_id)
    app = repo.application(interview.application_id)
    if invitation.sequence < sequence:  # an older message than the one we applied
        return ImportedInvitation(
            Outcome.UNCHANGED, interview_id, app, interview.when, interview.stage
        )
    thread = repo.thread_for_application(interview.application_id)
    if thread is not None and thread.interview_id == interview_id:
        raise InvalidInput(
            f"{title!r} cancels interview #{interview_id}, but the feedback thread after it "
            "names it; nothing was changed"
        )
    repo.calendar.cancel_interview(interview_id)
    log.debug("invitation %s cancelled interview %d", invitation.uid, interview_id)
    return ImportedInvitation(Outcome.CANCELLED, interview_id, app, interview.when, interview.stage)


def _import_one(
    repo: Repository,
    invitation: Invitation,
    apps: list[Application],
    application_id: int | None,
    stage: str | None,
    own: set[str],
    *,
    now: datetime,
    choose: str,
) -> ImportedInvitation:
    before = repo.calendar.invitation(invitation.uid)
    if before is not None:
        interview_id, sequence = before
        interview = repo.interview(interview_id)
        app = repo.application(interview.application_id)
        if invitation.sequence > sequence and invitation.starts_at != interview.when:
            repo.calendar.reschedule(interview_id, when=invitation.starts_at)
            repo.calendar.record_invitation(
                invitation.uid, interview_id=interview_id, sequence=invitation.sequence, now=now
            )
            log.debug("invitation %s moved interview %d", invitation.uid, interview_id)
            return ImportedInvitation(
                Outcome.RESCHEDULED, interview_id, app, invitation.starts_at, interview.stage
            )
        return ImportedInvitation(
            Outcome.UNCHANGED, interview_id, app, interview.when, interview.stage
        )
    app = _application_for(
        invitation, apps, application_id=application_id, own_emails=own, choose=choose
    )
    assert app.id is not None
    round_name = " ".join((stage or stage_from_title(invitation.summary)).split())[:100]
    if not round_name:
        raise InvalidInput("the stage is empty: give a round such as 'technical' with --stage")
    notes = [f"From the invitation: {invitation.summary}" if invitation.summary else ""]
    if invitation.location:
        notes.append(f"Where: {invitation.location}")
    stored = store_interview(
        repo,
        Interview(
            id=None,
            application_id=app.id,
            stage=round_name,
            when=invitation.starts_at,
            contact_ids=_contact_ids(repo, invitation, app, own),
            notes="\n".join(n for n in notes if n),
        ),
        now=now,
    )
    assert stored.id is not None
    repo.calendar.record_invitation(
        invitation.uid, interview_id=stored.id, sequence=invitation.sequence, now=now
    )
    log.debug("invitation %s recorded as interview %d", invitation.uid, stored.id)
    return ImportedInvitation(Outcome.RECORDED, stored.id, app, stored.when, stored.stage)


def application_for_import(*, db: Database, application_id: int) -> Application:
    """The application an invitation is being imported for (NotFound if not the user's)."""
    with db.unit() as repo:
        return repo.application(application_id)
