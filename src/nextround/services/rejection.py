"""Recording a rejection: judge it, file it, open the feedback thread."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from nextround.analysis import Judge
from nextround.domain.errors import InvalidInput
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Direction,
    EmailJudgement,
    Message,
    MessageKind,
)
from nextround.domain.thread import FeedbackThread
from nextround.services.text_input import clean_text
from nextround.store import Database, Repository

_CLOSED = (ApplicationStatus.OFFER, ApplicationStatus.WITHDRAWN)


@dataclass(frozen=True, slots=True)
class RejectionResult:
    application: Application
    thread: FeedbackThread
    message: Message
    judgement: EmailJudgement


def judgement_dict(judgement: EmailJudgement) -> dict[str, object]:
    data = asdict(judgement)
    data["kind"] = judgement.kind.value
    return data


def _find_application(repo: Repository, company: str | None) -> Application:
    if not company:
        raise InvalidInput("cannot tell which application this rejection is for; pass --app ID")
    wanted = company.casefold()
    candidates = [
        a
        for a in repo.applications()
        if a.status not in _CLOSED
        and (wanted in a.company.casefold() or a.company.casefold() in wanted)
    ]
    if not candidates:
        raise InvalidInput(
            f"no open application at {company!r}; add one with `nextround app add` or pass --app ID"
        )
    if len(candidates) > 1:
        listed = ", ".join(f"#{a.id} {a.role}" for a in candidates)
        raise InvalidInput(
            f"several applications at {company!r} ({listed}); pass --app ID to choose"
        )
    return candidates[0]


def record_rejection(
    *,
    db: Database,
    judge: Judge,
    text: str,
    received_at: datetime,
    subject: str = "",
    sender: str = "",
    application_id: int | None = None,
    contact_id: int | None = None,
    accept_non_rejection: bool = False,
    now: datetime,
) -> RejectionResult:
    """Judge ``text``, link it to its application and open the feedback thread.

    Nothing is stored when the text is not a rejection (unless the user insists),
    when the application cannot be told, or when it already has a thread.
    """
    body = clean_text(text, what="rejection text")
    judgement = judge.judge_email(body, subject=subject, sender=sender)
    if not judgement.is_rejection and not accept_non_rejection:
        raise InvalidInput(
            f"this reads like {judgement.kind.value} mail, not a rejection "
            f"(confidence {judgement.confidence:.0%}); pass --anyway to record it as one"
        )
    with db.unit() as repo:
        return file_rejection(
            repo,
            judgement=judgement,
            body=body,
            subject=subject,
            received_at=received_at,
            application_id=application_id,
            contact_id=contact_id,
            now=now,
        )


def file_rejection(
    repo: Repository,
    *,
    judgement: EmailJudgement,
    body: str,
    received_at: datetime,
    subject: str = "",
    application_id: int | None = None,
    contact_id: int | None = None,
    now: datetime,
) -> RejectionResult:
    """Store a judged rejection on its application and open the thread, in ``repo``'s unit.

    Shared by ``record_rejection`` and mail ingestion, which judges first.
    """
    if application_id is not None:
        app = repo.application(application_id)
    else:
        app = _find_application(repo, judgement.company)
    assert app.id is not None
    existing = repo.thread_for_application(app.id)
    if existing is not None:
        raise InvalidInput(
            f"application #{app.id} ({app.company}) already has feedback thread "
            f"#{existing.id}; nothing was added"
        )
    if contact_id is not None:
        repo.contact(contact_id)
    interviews = [i for i in repo.interviews(application_id=app.id) if i.when <= received_at]
    last = interviews[-1] if interviews else None
    if contact_id is None and last is not None and last.contact_ids:
        contact_id = last.contact_ids[0]
    after = judgement.after_interview
    if after is None and last is not None:
        after = True
    message = repo.add_message(
        Message(
            id=None,
            application_id=app.id,
            direction=Direction.RECEIVED,
            kind=MessageKind.REJECTION,
            channel=Channel.EMAIL,
            text=body,
            subject=subject.strip(),
            at=received_at,
            contact_id=contact_id,
            analysis=judgement_dict(judgement),
        )
    )
    thread = repo.add_thread(
        FeedbackThread(
            id=None,
            application_id=app.id,
            rejected_at=received_at,
            interview_id=last.id if last else None,
            contact_id=contact_id,
            after_interview=after,
            rejection_message_id=message.id,
        )
    )
    assert message.id is not None and thread.id is not None
    repo.link_message(message.id, thread_id=thread.id)
    repo.set_status(app.id, ApplicationStatus.REJECTED, now=now)
    return RejectionResult(
        application=repo.application(app.id),
        thread=thread,
        message=repo.message(message.id),
        judgement=judgement,
    )
