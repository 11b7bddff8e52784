"""Read-only views that gather one thing with everything around it."""

from __future__ import annotations

from dataclasses import dataclass

from nextround.domain.model import Application, Contact, Interview, Message
from nextround.domain.thread import FeedbackThread
from nextround.store import Database


@dataclass(frozen=True, slots=True)
class ApplicationOverview:
    application: Application
    interviews: list[Interview]
    contacts: list[Contact]
    messages: list[Message]
    thread: FeedbackThread | None


def application_overview(*, db: Database, application_id: int) -> ApplicationOverview:
    with db.unit() as repo:
        app = repo.application(application_id)
        rounds = repo.interviews(application_id=application_id)
        people = sorted({cid for i in rounds for cid in i.contact_ids})
        return ApplicationOverview(
            application=app,
            interviews=rounds,
            contacts=repo.contacts_by_id(people),
            messages=repo.messages(application_id=application_id),
            thread=repo.thread_for_application(application_id),
        )


def list_interviews(*, db: Database, application_id: int | None = None) -> list[Interview]:
    with db.unit() as repo:
        if application_id is not None:
            repo.application(application_id)
        return repo.interviews(application_id=application_id)
