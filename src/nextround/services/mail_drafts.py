"""Drafts back to the mailbox: an email draft appended to Drafts, or written as .eml.

Nothing is ever sent. The draft carries its own Message-ID, kept in the
database, and In-Reply-To/References to the rejection when that came by mail:
mail programs show it in the rejection's conversation, and the interviewer's
answer threads back to the feedback thread when it is imported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nextround.domain.errors import InvalidInput, MailError
from nextround.domain.mailbox import MailAccount, address_domain
from nextround.domain.model import Channel, Tone
from nextround.drafting import Step
from nextround.mail.compose import draft_message, new_message_id
from nextround.services.feedback import DraftResult, write_draft
from nextround.services.ingest import Connect
from nextround.store import Database

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PlacedDraft:
    result: DraftResult
    where: str
    header_id: str


@dataclass(frozen=True, slots=True)
class _Threading:
    to: str
    subject: str
    in_reply_to: str
    references: tuple[str, ...]


def _threading(db: Database, thread_id: int) -> _Threading:
    with db.unit() as repo:
        thread = repo.thread(thread_id)
        to = repo.contact(thread.contact_id).email if thread.contact_id else ""
        subject, in_reply_to, refs = "", "", tuple[str, ...]()
        if thread.rejection_message_id is not None:
            mail = repo.mail.mail(thread.rejection_message_id)
            if mail is not None:
                subject = repo.message(thread.rejection_message_id).subject
                in_reply_to = mail.header_id if mail.header_id.startswith("<") else ""
                refs = tuple(mail.refs.split())
                to = to or mail.sender
    return _Threading(to, subject, in_reply_to, refs)


def _reply_subject(subject: str) -> str:
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"


def _write_eml(path: Path, data: bytes) -> None:
    path = path.expanduser()
    if path.exists():
        raise InvalidInput(f"{path} already exists; choose another file name")
    if not path.parent.is_dir():
        raise InvalidInput(f"no such folder: {path.parent}")
    part = path.with_name(path.name + ".part")
    try:
        part.write_bytes(data)
        part.replace(path)
    except OSError as err:
        part.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write {path}: {err.strerror}") from err


def _compose(
    db: Database,
    thread_id: int,
    step: Step,
    tone: Tone,
    account: MailAccount | None,
    body: str | None,
    now: datetime,
) -> tuple[DraftResult, str, bytes]:
    result = write_draft(
        db=db, thread_id=thread_id, step=step, channel=Channel.EMAIL, tone=tone, now=now
    )
    threading = _threading(db, thread_id)
    sender = account.from_address if account else ""
    header_id = new_message_id(address_domain(sender))
    data = draft_message(
        subject=_reply_subject(threading.subject)
        if threading.subject
        else result.draft.subject or "",
        body=body if body is not None and body.strip() else result.draft.body,
        sender=sender,
        to=threading.to,
        message_id=header_id,
        in_reply_to=threading.in_reply_to,
        references=threading.references,
        at=now,
    )
    return result, header_id, data


def place_draft(
    *,
    db: Database,
    thread_id: int,
    step: Step = Step.REQUEST,
    tone: Tone = Tone.WARM,
    account_name: str | None = None,
    connect: Connect | None = None,
    eml_path: Path | None = None,
    body: str | None = None,
    now: datetime,
) -> PlacedDraft:
    """Write the email draft for ``step`` and put it in the account's Drafts or a file.

    ``body``, when given, is the text as the user edited it (the web's draft page);
    otherwise the draft goes as written.
    """
    if (connect is None) == (eml_path is None):
        raise InvalidInput("choose one place for the draft: --to-drafts or --eml FILE")
    account = None
    if connect is not None:
        with db.unit() as repo:
            if account_name:
                account = repo.mail.account(account_name)
            else:
                accounts = repo.mail.accounts()
                if len(accounts) != 1:
                    raise InvalidInput(
                        "no mail account yet: nextround mail add-account"
                        if not accounts
                        else "several mail accounts: choose one with --account NAME"
                    )
                account = accounts[0]
    if account is not None and connect is not None:
        # signed in before anything is written: a refused sign-in changes nothing here
        with connect(account) as box:
            folder = box.drafts_folder(account.drafts_folder)
            result, header_id, data = _compose(db, thread_id, step, tone, account, body, now)
            box.append_draft(folder, data)
        where = f"imap:{account.name}/{folder}"
    else:
        assert eml_path is not None
        result, header_id, data = _compose(db, thread_id, step, tone, account, body, now)
        _write_eml(eml_path, data)
        where = f"file:{eml_path.expanduser().resolve()}"
    try:
        with db.unit() as repo:
            repo.mail.add_draft(
                header_id=header_id, thread_id=thread_id, step=step.value, placed=where, now=now
            )
    except Exception as err:
        log.exception("draft %s saved in %s but not noted", header_id, where)
        raise MailError(f"the draft was saved ({where}) but not noted here: {err}") from err
    return PlacedDraft(result=result, where=where, header_id=header_id)
