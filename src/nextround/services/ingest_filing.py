"""Filing one parsed message: a reply on its thread, a rejection, an invite, an offer...

Each decision takes one judge call: a message that answers a feedback thread
(by its In-Reply-To/References, or because its sender is the contact the
thread waits on) is judged as a reply; any other message that may be job mail
(from a contact, from a company applied to, or with a job word) is judged as
an email and linked to its application. What cannot be linked, or is judged
without enough confidence, waits in the inbox; the rest is skipped unjudged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from nextround.analysis import Judge
from nextround.analysis.gate import looks_like_job_mail
from nextround.analysis.invitations import invite_stage, invite_time
from nextround.domain.mailbox import UNSURE_BELOW, LedgerStatus, StoredMail, address_domain
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Direction,
    EmailJudgement,
    EmailKind,
    Interview,
    Message,
    MessageKind,
)
from nextround.domain.thread import ThreadState, reply_event
from nextround.mail.linking import Hints, company_domain_label, match_application, same_company
from nextround.mail.parse import ParsedMessage
from nextround.services.feedback import reply_dict, store_reply
from nextround.services.record import store_interview
from nextround.services.rejection import file_rejection, judgement_dict
from nextround.services.text_input import clean_text
from nextround.store import Repository

NO_TEXT = "no text to read"
NOT_JOB_MAIL = "not job mail"
_STATUS_ON_FILING = {EmailKind.OFFER: ApplicationStatus.OFFER}


@dataclass(frozen=True, slots=True)
class Filed:
    status: LedgerStatus
    message_id: int | None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Mail:
    """A parsed message with the bytes to keep."""

    parsed: ParsedMessage
    raw: bytes
    complete: bool


def _received(mail: Mail, now: datetime) -> datetime:
    when = mail.parsed.date
    return when if when is not None and when <= now else now


def _own_text(parsed: ParsedMessage) -> str:
    """What the sender wrote, with the signature (it names the company) but no history."""
    own = parsed.new_text or parsed.text
    return f"{own}\n\n{parsed.signature}" if parsed.signature else own


def keep_mail(
    repo: Repository, mail: Mail, message_id: int, suggestion: dict[str, object] | None
) -> None:
    p = mail.parsed
    repo.mail.add_mail(
        StoredMail(
            message_id=message_id,
            header_id=p.header_id,
            in_reply_to=" ".join(p.in_reply_to),
            refs=" ".join(p.references),
            sender=p.sender_address,
            sender_name=p.sender_name,
            quoted=p.quoted,
            signature=p.signature,
            attachments=tuple(a.to_json() for a in p.attachments),
            suggestion=suggestion,
            raw_complete=mail.complete,
        ),
        raw=mail.raw,
    )


def _message(
    repo: Repository,
    mail: Mail,
    *,
    now: datetime,
    application_id: int | None,
    analysis: dict[str, object] | None,
    contact_id: int | None = None,
) -> Message:
    return repo.add_message(
        Message(
            id=None,
            application_id=application_id,
            direction=Direction.RECEIVED,
            kind=MessageKind.OTHER,
            channel=Channel.EMAIL,
            text=clean_text(_own_text(mail.parsed), what="message"),
            subject=mail.parsed.subject[:500],
            at=_received(mail, now),
            contact_id=contact_id,
            analysis=analysis,
        )
    )


def to_inbox(
    repo: Repository,
    mail: Mail,
    *,
    now: datetime,
    guess: str,
    reason: str,
    confidence: float = 0.0,
    analysis: dict[str, object] | None = None,
    application_id: int | None = None,
    thread_id: int | None = None,
) -> Filed:
    """Keep the message unlinked, with the guess and why it was not filed."""
    stored = _message(repo, mail, now=now, application_id=None, analysis=analysis)
    assert stored.id is not None
    suggestion: dict[str, object] = {
        "kind": guess,
        "confidence": round(confidence, 3),
        "reason": reason,
        "application_id": application_id,
        "thread_id": thread_id,
    }
    keep_mail(repo, mail, stored.id, suggestion)
    return Filed(LedgerStatus.INBOX, stored.id, reason)


def _waiting_thread(repo: Repository, contact: Contact) -> int | None:
    """The one open thread waiting on an answer from this contact (or their company)."""
    waiting = [t for t in repo.threads(open_only=True) if t.state.awaits_answer]
    mine = [t for t in waiting if t.contact_id == contact.id]
    if len(mine) == 1:
        return mine[0].id
    if not mine and contact.company:
        ids = {a.id for a in repo.applications(company=contact.company)}
        theirs = [t for t in waiting if t.application_id in ids]
        if len(theirs) == 1:
            return theirs[0].id
    return None


def _file_reply(
    repo: Repository, judge: Judge, mail: Mail, *, thread_id: int, now: datetime
) -> Filed:
    thread = repo.thread(thread_id)
    body = clean_text(mail.parsed.new_text or mail.parsed.text, what="reply")
    judgement = judge.judge_reply(body)
    at = _received(mail, now)
    analysis = reply_dict(judgement)
    last = thread.transitions[-1].at if thread.transitions else thread.rejected_at
    reason = ""
    if thread.state is ThreadState.PITCHED:
        reason = (
            f"it answers your pitch on feedback thread #{thread.id}: did they reconsider, "
            f"or was it not now? (nextround answer {thread.id} ...)"
        )
    elif not (thread.state.awaits_answer or thread.state is ThreadState.TO_ASK):
        reason = f"it answers feedback thread #{thread.id}, which is {thread.state.value}"
    elif at < last:
        reason = f"it is older than the last step of feedback thread #{thread.id}"
    elif judgement.confidence < UNSURE_BELOW:
        reason = f"unsure it is a {judgement.category.value} reply ({judgement.confidence:.0%})"
    elif not thread.can(reply_event(judgement.category.value)) and thread.state.awaits_answer:
        reason = f"feedback thread #{thread.id} cannot take a reply now"
    if reason:
        return to_inbox(
            repo,
            mail,
            now=now,
            guess="reply",
            reason=reason,
            confidence=judgement.confidence,
            analysis=analysis,
            application_id=thread.application_id,
            thread_id=thread.id,
        )
    _, message = store_reply(
        repo, thread_id=thread_id, body=body, judgement=judgement, channel=Channel.EMAIL, at=at
    )
    assert message.id is not None
    keep_mail(repo, mail, message.id, None)
    return Filed(LedgerStatus.FILED, message.id, f"reply on feedback thread #{thread.id}")


class Lookup:
    """What filing looks up for every message, read once per unit of work.

    Ingestion adds no contacts and no applications, so within one batch these
    stay true (application statuses may change; they are read afresh).
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._contacts: dict[str, Contact] | None = None
        self._domains: dict[int, frozenset[str]] | None = None
        self._applications: list[Application] | None = None
        self._from_company: dict[str, bool] = {}

    def applications(self) -> list[Application]:
        if self._applications is None:
            self._applications = self.repo.applications()
        return self._applications

    def changed(self) -> None:
        """Filing moved an application's status: read the applications again."""
        self._applications = None

    def contact(self, address: str) -> Contact | None:
        if self._contacts is None:
            self._contacts = {}
            for c in reversed(self.repo.contacts()):
                if c.email:
                    self._contacts[c.email.lower()] = c
        return self._contacts.get(address.lower()) if address else None

    def domains(self) -> dict[int, frozenset[str]]:
        if self._domains is None:
            by_company = self.repo.mail.company_domains()
            self._domains = {
                a.id: by_company.get(a.company.casefold(), frozenset())
                for a in self.applications()
                if a.id is not None
            }
        return self._domains

    def from_company(self, address: str) -> bool:
        """Whether the sender's domain is an application's (whatever its status): the
        domain of one of its contacts, or one that names its company."""
        domain = address_domain(address)
        if not domain:
            return False
        if domain not in self._from_company:
            known = any(domain in d for d in self.domains().values())
            label = company_domain_label(domain)
            named = bool(label) and any(same_company(label, a.company) for a in self.applications())
            self._from_company[domain] = known or named
        return self._from_company[domain]


def _may_be_job_mail(
    lookup: Lookup, contact: Contact | None, *, sender: str, subject: str, text: str
) -> bool:
    """The gate before the judge: mail from a contact or a company applied to, or job words.

    Job words alone miss real job mail ("Cheers for coming in Tuesday, we won't be
    taking it any further"), so whatever comes from a company applied to is judged.
    """
    return contact is not None or lookup.from_company(sender) or looks_like_job_mail(subject, text)


def file_message(
    repo: Repository, judge: Judge, mail: Mail, *, now: datetime, lookup: Lookup | None = None
) -> Filed:
    """Decide where one message goes and store it there, in ``repo``'s unit of work."""
    lookup = lookup or Lookup(repo)
    parsed = mail.parsed
    if not parsed.text:
        return Filed(LedgerStatus.SKIPPED, None, NO_TEXT)
    thread_id = repo.mail.thread_for_header_ids(parsed.thread_ids)
    contact = lookup.contact(parsed.sender_address)
    if thread_id is None and contact is not None:
        thread_id = _waiting_thread(repo, contact)
    if thread_id is not None:
        return _file_reply(repo, judge, mail, thread_id=thread_id, now=now)
    if not _may_be_job_mail(
        lookup, contact, sender=parsed.sender_address, subject=parsed.subject, text=parsed.text
    ):
        return Filed(LedgerStatus.SKIPPED, None, NOT_JOB_MAIL)
    judgement = judge.judge_email(
        _own_text(parsed), subject=parsed.subject, sender=parsed.sender_address
    )
    filed = _file_email(repo, mail, judgement, contact=contact, lookup=lookup, now=now)
    if filed.status is LedgerStatus.FILED:
        lookup.changed()
    return filed


def _file_email(
    repo: Repository,
    mail: Mail,
    judgement: EmailJudgement,
    *,
    contact: Contact | None,
    lookup: Lookup,
    now: datetime,
) -> Filed:
    parsed = mail.parsed
    hints = Hints(
        sender=parsed.sender_address,
        company=judgement.company,
        role=judgement.role,
        contact=contact,
    )
    match = match_application(lookup.applications(), hints, domains=lookup.domains())
    kind = judgement.kind
    if kind in (EmailKind.OTHER, EmailKind.ALERT) and match.application is None:
        return Filed(LedgerStatus.SKIPPED, None, f"not about an application ({kind.value})")
    analysis = judgement_dict(judgement)
    app = match.application
    reason = ""
    if app is None:
        reason = match.reason
    elif judgement.confidence < UNSURE_BELOW:
        reason = f"unsure it is {kind.value} mail ({judgement.confidence:.0%})"
    elif kind in (EmailKind.OTHER, EmailKind.ALERT):
        reason = f"from {app.company}, but it reads like {kind.value} mail"
    elif kind is EmailKind.REJECTION and app.id is not None:
        existing = repo.thread_for_application(app.id)
        if existing is not None:
            reason = f"#{app.id} {app.company} already has feedback thread #{existing.id}"
    if reason or app is None or app.id is None:
        return to_inbox(
            repo,
            mail,
            now=now,
            guess=kind.value,
            reason=reason,
            confidence=judgement.confidence,
            analysis=analysis,
            application_id=app.id if app else None,
        )
    return act_on(
        repo,
        mail,
        kind=kind,
        judgement=judgement,
        application_id=app.id,
        contact_id=contact.id if contact else None,
        now=now,
    )


def act_on(
    repo: Repository,
    mail: Mail,
    *,
    kind: EmailKind,
    judgement: EmailJudgement | None,
    application_id: int,
    contact_id: int | None,
    now: datetime,
) -> Filed:
    """File a message known to be ``kind`` mail about ``application_id``."""
    parsed = mail.parsed
    analysis = judgement_dict(judgement) if judgement else None
    at = _received(mail, now)
    if kind is EmailKind.REJECTION:
        assert judgement is not None
        result = file_rejection(
            repo,
            judgement=judgement,
            body=clean_text(_own_text(parsed), what="rejection"),
            subject=parsed.subject[:500],
            received_at=at,
            application_id=application_id,
            contact_id=contact_id,
            now=now,
        )
        assert result.message.id is not None
        keep_mail(repo, mail, result.message.id, None)
        return Filed(
            LedgerStatus.FILED,
            result.message.id,
            f"rejection: opened feedback thread #{result.thread.id}",
        )
    stored = _message(
        repo, mail, now=now, application_id=application_id, analysis=analysis, contact_id=contact_id
    )
    assert stored.id is not None
    keep_mail(repo, mail, stored.id, None)
    detail = f"{kind.value} filed on application #{application_id}"
    if kind is EmailKind.INVITE:
        detail = _add_interview(repo, mail, application_id, contact_id, at=at, now=now)
    elif kind in _STATUS_ON_FILING:
        repo.set_status(application_id, _STATUS_ON_FILING[kind], now=now)
        detail = f"offer: application #{application_id} moved to offer"
    return Filed(LedgerStatus.FILED, stored.id, detail)


def _add_interview(
    repo: Repository,
    mail: Mail,
    application_id: int,
    contact_id: int | None,
    *,
    at: datetime,
    now: datetime,
) -> str:
    parsed = mail.parsed
    when = invite_time(f"{parsed.subject}\n{parsed.new_text}", received=at)
    note = "from the invitation email"
    if when is None:
        when, note = at, "from the invitation email; no time found in it: set the real one"
    if any(i.when == when for i in repo.interviews(application_id=application_id)):
        return f"invite: interview on {when:%Y-%m-%d %H:%M} already recorded"
    stored = store_interview(
        repo,
        Interview(
            id=None,
            application_id=application_id,
            stage=invite_stage(f"{parsed.subject}\n{parsed.new_text}"),
            when=when,
            contact_ids=[contact_id] if contact_id else [],
            notes=note,
        ),
        now=now,
    )
    return f"invite: interview #{stored.id} on {when:%Y-%m-%d %H:%M}"
