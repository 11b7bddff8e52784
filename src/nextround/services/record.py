"""Recording what happened: applications, contacts, interviews, who the user is."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from nextround.domain.errors import InvalidInput
from nextround.domain.model import Application, ApplicationStatus, Contact, Interview
from nextround.domain.themes import Theme
from nextround.store import plain

if TYPE_CHECKING:
    from nextround.store import Database, Repository

USER_NAME_KEY = "user_name"
USER_PHONE_KEY = "user_phone"
USER_EMAIL_KEY = "user_email"


def _required(value: str, *, what: str, limit: int = 200) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InvalidInput(f"{what} must not be empty")
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is {len(cleaned)} characters; at most {limit} fit")
    return cleaned


def set_user_name(*, db: Database, name: str) -> str:
    cleaned = _required(name, what="your name", limit=120)
    with db.unit() as repo:
        repo.set_meta(USER_NAME_KEY, cleaned)
    return cleaned


def _url(value: str) -> str:
    """The job advert's address: a web address or nothing."""
    cleaned = value.strip()
    if cleaned and (
        not cleaned.lower().startswith(("http://", "https://"))
        or " " in cleaned
        or len(cleaned) > 2000
    ):
        raise InvalidInput(f"job URL {cleaned[:80]!r} is not a web address (https://...)")
    return cleaned


def _short(value: str, *, what: str, limit: int) -> str:
    cleaned = " ".join(value.split())
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is {len(cleaned)} characters; at most {limit} fit")
    return cleaned


def get_user_name(*, db: Database) -> str | None:
    with db.unit() as repo:
        return repo.get_meta(USER_NAME_KEY)


@dataclass(frozen=True, slots=True)
class Me:
    """Who the user is, as drafts sign off: a voicemail or a call gives the callback number."""

    name: str | None
    phone: str
    email: str


def set_me(
    *, db: Database, name: str | None = None, phone: str | None = None, email: str | None = None
) -> Me:
    """Keep the user's name, phone and email; ``None`` leaves one as it is, "" clears it."""
    with db.unit() as repo:
        if name is not None:
            repo.set_meta(USER_NAME_KEY, _required(name, what="your name", limit=120))
        if phone is not None:
            repo.set_meta(USER_PHONE_KEY, _phone(phone))
        if email is not None:
            repo.set_meta(USER_EMAIL_KEY, _email(email))
    return get_me(db=db)


def get_me(*, db: Database) -> Me:
    with db.unit() as repo:
        return Me(
            name=repo.get_meta(USER_NAME_KEY),
            phone=repo.get_meta(USER_PHONE_KEY) or "",
            email=repo.get_meta(USER_EMAIL_KEY) or "",
        )


def _phone(value: str) -> str:
    cleaned = " ".join(value.split())
    if cleaned and (len(cleaned) > 40 or sum(c.isdigit() for c in cleaned) < 5):
        raise InvalidInput(f"{cleaned!r} does not look like a phone number")
    if any(not (c.isdigit() or c in " +-().") for c in cleaned):
        raise InvalidInput(f"{cleaned!r} does not look like a phone number")
    return cleaned


def _email(value: str) -> str:
    cleaned = value.strip()
    local, at, domain = cleaned.partition("@")
    if cleaned and (
        not at or not local or "." not in domain or " " in cleaned or len(cleaned) > 254
    ):
        raise InvalidInput(f"{cleaned!r} does not look like an email address")
    return cleaned


def add_application(
    *,
    db: Database,
    company: str,
    role: str,
    source: str = "",
    status: ApplicationStatus = ApplicationStatus.APPLIED,
    applied_on: datetime | None = None,
    notes: str = "",
    job_url: str = "",
    location: str = "",
    salary: str = "",
    now: datetime,
) -> Application:
    app = Application(
        id=None,
        company=_required(company, what="company"),
        role=_required(role, what="role"),
        source=source.strip(),
        status=status,
        applied_on=applied_on,
        notes=notes.strip(),
        job_url=_url(job_url),
        location=_short(location, what="location", limit=200),
        salary=_short(salary, what="salary", limit=100),
    )
    with db.unit() as repo:
        return repo.add_application(app, now=now)


def update_application(
    *,
    db: Database,
    application_id: int,
    company: str | None = None,
    role: str | None = None,
    source: str | None = None,
    status: ApplicationStatus | None = None,
    notes: str | None = None,
    job_url: str | None = None,
    location: str | None = None,
    salary: str | None = None,
    now: datetime,
) -> Application:
    with db.unit() as repo:
        app = repo.application(application_id)
        changed = replace(
            app,
            job_url=_url(job_url) if job_url is not None else app.job_url,
            location=_short(location, what="location", limit=200)
            if location is not None
            else app.location,
            salary=_short(salary, what="salary", limit=100) if salary is not None else app.salary,
            company=_required(company, what="company") if company is not None else app.company,
            role=_required(role, what="role") if role is not None else app.role,
            source=source.strip() if source is not None else app.source,
            status=status or app.status,
            notes=notes.strip() if notes is not None else app.notes,
        )
        return repo.update_application(changed, now=now)


def list_applications(
    *, db: plain.Reads, status: ApplicationStatus | None = None
) -> list[Application]:
    """Every application (of one status), oldest first; ``db`` as for ``whats_next``."""
    with db.reading() as rows:
        return plain.applications(rows, status=status)


def add_contact(
    *,
    db: Database,
    name: str,
    company: str = "",
    title: str = "",
    email: str = "",
    phone: str = "",
    linkedin: str = "",
) -> Contact:
    email = email.strip()
    if email and ("@" not in email or " " in email):
        raise InvalidInput(f"{email!r} is not an email address")
    contact = Contact(
        id=None,
        name=_required(name, what="contact name"),
        company=" ".join(company.split()),
        title=" ".join(title.split()),
        email=email,
        phone=phone.strip(),
        linkedin=linkedin.strip(),
    )
    with db.unit() as repo:
        return repo.add_contact(contact)


def list_contacts(*, db: Database, company: str | None = None) -> list[Contact]:
    with db.unit() as repo:
        return repo.contacts(company=company)


def record_interview(
    *,
    db: Database,
    application_id: int,
    stage: str,
    when: datetime,
    contact_ids: Sequence[int] = (),
    contact_names: Sequence[str] = (),
    talking_points: Sequence[str] = (),
    notes: str = "",
    self_assessment: Mapping[Theme, int] | None = None,
    now: datetime,
) -> Interview:
    """Store one interview round; a saved or applied application moves to interviewing.

    People met are given by contact id, or by name: a name is the contact of that
    name at the application's company when there is one, else a new contact there."""
    names = [_required(n, what="contact name") for n in contact_names]
    points = [" ".join(p.split()) for p in talking_points if p.strip()]
    for point in points:
        if len(point) > 500:
            raise InvalidInput("a talking point is a short phrase; keep each under 500 characters")
    ratings = dict(self_assessment or {})
    for theme, rating in ratings.items():
        if not 1 <= rating <= 5:
            raise InvalidInput(f"rating for {theme.value} must be between 1 and 5, not {rating}")
    interview = Interview(
        id=None,
        application_id=application_id,
        stage=_required(stage, what="stage", limit=100),
        when=when,
        contact_ids=list(dict.fromkeys(contact_ids)),
        talking_points=points,
        notes=notes.strip(),
        self_assessment=ratings,
    )
    with db.unit() as repo:
        if names:
            company = repo.application(application_id).company
            found = _contacts_named(repo, names, company)
            interview = replace(
                interview, contact_ids=list(dict.fromkeys([*interview.contact_ids, *found]))
            )
        return store_interview(repo, interview, now=now)


def _contacts_named(repo: Repository, names: Sequence[str], company: str) -> list[int]:
    """The ids of the people named, at ``company``; each one not on file is added."""
    known = {
        (c.name.casefold(), c.company.casefold()): c.id for c in repo.contacts() if c.id is not None
    }
    ids: list[int] = []
    for name in names:
        # the person at this company, or one on file with no company given
        ident = known.get((name.casefold(), company.casefold())) or known.get((name.casefold(), ""))
        if ident is None:
            added = repo.add_contact(Contact(id=None, name=name, company=company))
            assert added.id is not None
            ident = known[(name.casefold(), company.casefold())] = added.id
        ids.append(ident)
    return ids


def store_interview(repo: Repository, interview: Interview, *, now: datetime) -> Interview:
    """Add an interview in ``repo``'s unit of work, with what follows from it.

    An applied application moves to interviewing; an interview that predates a
    rejection already on file becomes the one its feedback thread names.
    Shared by ``record_interview`` and mail filing (an invitation imported late).
    """
    app = repo.application(interview.application_id)
    stored = repo.add_interview(interview)
    thread = repo.thread_for_application(interview.application_id)
    if thread is not None and thread.interview_id is None and stored.when <= thread.rejected_at:
        thread.interview_id = stored.id
        if thread.contact_id is None and stored.contact_ids:
            thread.contact_id = stored.contact_ids[0]
        thread.after_interview = True
        repo.save_thread(thread)
    if app.status in (ApplicationStatus.SAVED, ApplicationStatus.APPLIED):
        repo.set_status(interview.application_id, ApplicationStatus.INTERVIEWING, now=now)
    return stored


def assess_interview(*, db: Database, interview_id: int, ratings: Mapping[Theme, int]) -> Interview:
    """Add or change self-assessment ratings (1 weak - 5 strong) on an interview."""
    for theme, rating in ratings.items():
        if not 1 <= rating <= 5:
            raise InvalidInput(f"rating for {theme.value} must be between 1 and 5, not {rating}")
    with db.unit() as repo:
        interview = repo.interview(interview_id)
        interview.self_assessment.update(ratings)
        repo.update_self_assessment(interview)
        return interview
