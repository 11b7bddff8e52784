"""The inbox: imported messages waiting for the user to confirm or correct.

A confirmation files the message as the user says (a rejection opens the
feedback thread, a reply is logged on its thread...) and keeps the user's
label in the message's ``correction`` (``kind`` and ``is_rejection``, the
fields of an email judgement): the labels a personal model trains on. A reply
is filed on its thread; its category stays the judge's until corrected.
"""

from __future__ import annotations

from datetime import datetime

from nextround.analysis import Judge
from nextround.domain.errors import InvalidInput, NotFound
from nextround.domain.mailbox import InboxItem, LedgerStatus
from nextround.domain.model import EmailKind
from nextround.mail.parse import parse_message
from nextround.services.feedback import store_reply
from nextround.services.ingest_filing import Filed, Mail, act_on, keep_mail
from nextround.services.text_input import clean_text
from nextround.store import Database, Repository

REPLY = "reply"
LABELS = (*(k.value for k in EmailKind), REPLY)
_NOT_FILED = (EmailKind.OTHER.value, EmailKind.ALERT.value)


def _item(repo: Repository, ledger_id: int) -> InboxItem:
    entry = repo.mail.ledger_entry(ledger_id)
    if entry.status is not LedgerStatus.INBOX or entry.message_id is None:
        raise NotFound("inbox item", ledger_id)
    message = repo.message(entry.message_id)
    mail = repo.mail.mail(entry.message_id)
    suggestion = (mail.suggestion if mail else None) or {}
    app_id, thread_id = suggestion.get("application_id"), suggestion.get("thread_id")
    confidence = suggestion.get("confidence")
    return InboxItem(
        ledger_id=ledger_id,
        message_id=entry.message_id,
        received_at=message.at,
        sender=mail.sender if mail else "",
        subject=message.subject,
        text=message.text,
        guess=str(suggestion.get("kind") or "unknown"),
        confidence=float(confidence) if isinstance(confidence, int | float) else 0.0,
        reason=str(suggestion.get("reason") or entry.error),
        application_id=app_id if isinstance(app_id, int) else None,
        thread_id=thread_id if isinstance(thread_id, int) else None,
    )


def list_inbox(*, db: Database) -> list[InboxItem]:
    with db.unit() as repo:
        return [
            _item(repo, e.id)
            for e in repo.mail.ledger(status=LedgerStatus.INBOX)
            if e.id is not None and e.message_id is not None
        ]


def show_item(*, db: Database, ledger_id: int) -> InboxItem:
    with db.unit() as repo:
        return _item(repo, ledger_id)


def _email_label(label: str) -> dict[str, object]:
    """The user's word on an email, in the fields a correction of its judgement holds."""
    return {"kind": label, "is_rejection": label == EmailKind.REJECTION.value}


def _label(item: InboxItem, kind: str | None) -> str:
    label = (kind or item.guess).strip().lower()
    if label not in LABELS:
        raise InvalidInput(
            f"{label!r} is not a kind of mail; use one of: {', '.join(LABELS)} (with --as)"
        )
    return label


def confirm(
    *,
    db: Database,
    judge: Judge,
    ledger_id: int,
    kind: str | None = None,
    application_id: int | None = None,
    thread_id: int | None = None,
    now: datetime,
) -> Filed:
    """File an inbox message as the user says; their label is kept as the correction."""
    with db.unit() as repo:
        item = _item(repo, ledger_id)
        label = _label(item, kind)
        correction = _email_label(label)
        if label in _NOT_FILED:
            repo.set_correction(item.message_id, correction)
            repo.mail.set_ledger_status(
                ledger_id, LedgerStatus.SKIPPED, message_id=item.message_id, now=now
            )
            return Filed(LedgerStatus.SKIPPED, item.message_id, f"kept as {label} mail")
        raw = repo.mail.raw(item.message_id)
        stored = repo.mail.mail(item.message_id)
        parsed = parse_message(raw, name=f"inbox item {ledger_id}")
        mail = Mail(parsed, raw, stored.raw_complete if stored else True)
        filed = _file_as(
            repo,
            judge,
            mail,
            item,
            label=label,
            application_id=application_id or item.application_id,
            thread_id=thread_id or item.thread_id,
            now=now,
        )
        assert filed.message_id is not None
        if label != REPLY:
            placeholder = repo.message(item.message_id)
            if repo.message(filed.message_id).analysis is None and placeholder.analysis:
                repo.mail.set_analysis(filed.message_id, placeholder.analysis)
            repo.set_correction(filed.message_id, correction)
        repo.mail.delete_message(item.message_id)
        repo.mail.set_ledger_status(
            ledger_id, LedgerStatus.FILED, message_id=filed.message_id, now=now
        )
        return filed


def _file_as(
    repo: Repository,
    judge: Judge,
    mail: Mail,
    item: InboxItem,
    *,
    label: str,
    application_id: int | None,
    thread_id: int | None,
    now: datetime,
) -> Filed:
    if label == REPLY:
        if thread_id is None and application_id is not None:
            thread = repo.thread_for_application(application_id)
            thread_id = thread.id if thread else None
        if thread_id is None:
            raise InvalidInput("which feedback thread does it answer? pass --thread ID")
        body = clean_text(mail.parsed.new_text or mail.parsed.text, what="reply")
        _, message = store_reply(
            repo,
            thread_id=thread_id,
            body=body,
            judgement=judge.judge_reply(body),
            at=item.received_at,
        )
        assert message.id is not None

        keep_mail(repo, mail, message.id, None)
        return Filed(LedgerStatus.FILED, message.id, f"reply on feedback thread #{thread_id}")
    if application_id is None:
        raise InvalidInput("which application is it about? pass --app ID")
    repo.application(application_id)
    judgement = None
    if label == EmailKind.REJECTION.value:
        judgement = judge.judge_email(
            mail.parsed.new_text or mail.parsed.text,
            subject=mail.parsed.subject,
            sender=mail.parsed.sender_address,
        )
    contact = repo.mail.contact_by_email(mail.parsed.sender_address)
    return act_on(
        repo,
        mail,
        kind=EmailKind(label),
        judgement=judgement,
        application_id=application_id,
        contact_id=contact.id if contact else None,
        now=now,
    )


def dismiss(*, db: Database, ledger_id: int, kind: str = "other", now: datetime) -> Filed:
    """Not about an application: kept, labelled (``other`` by default), out of the inbox."""
    if kind.strip().lower() not in (*_NOT_FILED, "outreach", "confirmation"):
        raise InvalidInput("dismiss takes --as other, alert, outreach or confirmation")
    with db.unit() as repo:
        item = _item(repo, ledger_id)
        label = kind.strip().lower()
        repo.set_correction(item.message_id, _email_label(label))
        repo.mail.set_ledger_status(
            ledger_id, LedgerStatus.SKIPPED, message_id=item.message_id, now=now
        )
        return Filed(LedgerStatus.SKIPPED, item.message_id, f"kept as {label} mail")
