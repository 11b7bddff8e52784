"""What reaches the judge, and the ledger of what did not or what failed.

Only mail that is surely not about a job skips the judge: it answers no
feedback thread, comes from no contact and from no company applied to (by the
domains of its contacts, or a domain that names it), and uses no job word.
Job words alone would miss real job mail ("Cheers for coming in Tuesday, we
won't be taking it any further"), so mail from a company applied to is judged.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from nextround.analysis import RuleJudge
from nextround.analysis.corpus import load_corpus
from nextround.analysis.gate import looks_like_job_mail
from nextround.analysis.text import split_subject
from nextround.domain.mailbox import LedgerStatus
from nextround.domain.model import EmailJudgement, ReplyJudgement
from nextround.services import feedback, record
from nextround.services.ingest import import_path
from nextround.services.ingest_filing import Lookup, _may_be_job_mail
from nextround.store import Database
from tests.mail.messages import ACTIONABLE, INVITE, PERSONAL, REJECTION, message, write_mbox

NOW = datetime(2026, 11, 16, 10, 0)
CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "emails"


def setup(db: Database) -> None:
    record.add_application(db=db, company="Northwind Health", role="Data Analyst", now=NOW)
    record.add_application(db=db, company="Acme Robotics", role="Backend Engineer", now=NOW)
    record.add_contact(
        db=db, name="Dana Whitfield", company="Northwind Health", email="dana@northwind-health.com"
    )


class Counting:
    """The rule judge, with the subjects of the emails it was asked about."""

    name = "counting"

    def __init__(self) -> None:
        self.subjects: list[str] = []

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        self.subjects.append(subject)
        return RuleJudge().judge_email(text, subject=subject, sender=sender)

    def judge_reply(self, text: str) -> ReplyJudgement:
        return RuleJudge().judge_reply(text)


def test_only_mail_surely_not_about_a_job_skips_the_judge(db: Database, tmp_path: Path) -> None:
    setup(db)
    quiet = "Cheers for coming in Tuesday. It's a no from us this time, but keep in touch."
    assert not looks_like_job_mail("Tuesday", quiet)
    mail = [
        message(PERSONAL, subject="Sunday", sender="Mum <mum@gmail.com>", message_id="<1@x>"),
        message(quiet, subject="Tuesday", sender="Rita <rita@acme-robotics.io>", message_id="<2>"),
        message(quiet, subject="Tuesday?", sender="hr@northwind-health.com", message_id="<3@x>"),
        message(quiet, subject="Re: Tuesday", sender="gav@gmail.com", message_id="<4@x>"),
        message(INVITE, subject="Hello", sender="Sam <sam@gmail.com>", message_id="<5@x>"),
    ]
    judge = Counting()
    summary = import_path(db=db, judge=judge, path=write_mbox(tmp_path / "m.mbox", mail), now=NOW)
    assert sorted(judge.subjects) == ["Hello", "Tuesday", "Tuesday?"]
    with db.unit() as repo:
        skipped = [(e.item_key, e.error) for e in repo.mail.ledger(status=LedgerStatus.SKIPPED)]
    assert skipped == [("<1@x>", "not job mail"), ("<4@x>", "not job mail")]
    assert summary.read == 5


def _longest_word(company: str) -> str:
    return max(re.findall(r"[a-z0-9]+", company.lower()), key=len)


def test_job_mail_in_the_corpus_from_a_company_applied_to_is_always_judged(
    db: Database,
) -> None:
    rows = [
        json.loads(line)
        for name in ("rejections.jsonl", "others.jsonl")
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    about_jobs = [
        r
        for r in rows
        if r["kind"] in ("rejection", "invite", "offer", "confirmation") and r.get("company")
    ]
    assert len(about_jobs) > 300
    for company in sorted({r["company"] for r in about_jobs}):
        record.add_application(db=db, company=company, role="Role", now=NOW)
    with db.unit() as repo:
        lookup = Lookup(repo)
        missed = [
            r["id"]
            for r in about_jobs
            if not _may_be_job_mail(
                lookup,
                None,
                sender=f"people@{_longest_word(r['company'])}.example",
                subject="",
                text=r["text"],
            )
        ]
    assert missed == []


def test_a_reply_on_a_thread_is_read_though_it_has_no_job_word(
    db: Database, tmp_path: Path
) -> None:
    setup(db)
    import_path(
        db=db,
        judge=RuleJudge(),
        path=write_mbox(tmp_path / "r.mbox", [message(REJECTION, message_id="<rej@nw>")]),
        now=NOW,
    )
    with db.unit() as repo:
        [thread] = repo.threads()
    assert thread.id is not None
    feedback.mark_sent(
        db=db,
        thread_id=thread.id,
        step=feedback.Step.REQUEST,
        channel=feedback.Channel.CALL,
        text="asked by phone",
        at=NOW,
    )
    assert not looks_like_job_mail("Re: hello", ACTIONABLE)
    answer = message(
        ACTIONABLE,
        subject="Re: hello",
        sender="Dana <dana.w@private.example>",
        in_reply_to="<rej@nw>",
        message_id="<ans@nw>",
        date="Tue, 17 Nov 2026 09:00:00 +0000",
    )
    summary = import_path(
        db=db, judge=RuleJudge(), path=write_mbox(tmp_path / "a.mbox", [answer]), now=NOW
    )
    assert summary.filed == 1


class Flaky:
    """A judge that breaks on invitations until it is mended."""

    name = "flaky"
    broken = True

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        if self.broken and "invite you" in text:
            raise RuntimeError("model went away")
        return RuleJudge().judge_email(text, subject=subject, sender=sender)

    def judge_reply(self, text: str) -> ReplyJudgement:
        return RuleJudge().judge_reply(text)


def test_a_retried_failure_updates_its_ledger_row(db: Database, tmp_path: Path) -> None:
    setup(db)
    mail = [
        message(REJECTION, message_id="<rej@nw>"),
        message(INVITE, sender="Rita <rita@acme-robotics.io>", message_id="<inv@acme>"),
        message(PERSONAL, subject="Sunday", sender="mum@gmail.com", message_id="<p@x>"),
    ]
    box = write_mbox(tmp_path / "m.mbox", mail)
    judge = Flaky()
    first = import_path(db=db, judge=judge, path=box, now=NOW)
    assert (first.read, first.failed) == (3, 1)
    assert any("model went away" in p.detail for p in first.problems)
    assert import_path(db=db, judge=judge, path=box, now=NOW).already == 3
    judge.broken = False
    again = import_path(db=db, judge=judge, path=box, now=NOW, retry_failed=True)
    assert (again.read, again.already, again.failed) == (1, 2, 0)
    with db.unit() as repo:
        ledger = repo.mail.ledger()
    assert len(ledger) == 3 and not [e for e in ledger if e.status is LedgerStatus.FAILED]
    assert import_path(db=db, judge=judge, path=box, now=NOW, retry_failed=True).already == 3


def test_every_corpus_rejection_invitation_and_offer_passes_the_word_gate() -> None:
    corpus = load_corpus()
    decisive = [e for e in corpus.emails if e["kind"] in ("rejection", "invite", "offer")]
    missed = [
        e["text"][:80] for e in decisive if not looks_like_job_mail(*split_subject(e["text"]))
    ]
    assert len(decisive) > 600
    assert missed == []


@pytest.mark.parametrize(
    "text",
    [
        "Hi Sam, thanks for your time last week, we've gone another way on this one. Jo",
        "Not moving forward. Thanks.",
        "sorry hun, they've filled it. will ring if anything else comes up x",
        "We won't be taking this further, but thank you for coming in.",
        "no luck this time I'm afraid, the owner went with his cousin",
        "Thanks for chatting on Monday, we're going in a different direction for this one.",
        "Our insurance only covers drivers over 25, so I can't take you on this year.",
        "Nothing going for first-year apprentices till February, sorry mate.",
        "Can you do a trial on Friday at 6pm instead?",
        "We'd like to book you for the Saturday shifts in March.",
    ],
)
def test_decisions_written_without_job_words_pass_the_gate(text: str) -> None:
    assert looks_like_job_mail("Re: Thursday", text)


@pytest.mark.parametrize(
    "text",
    [
        PERSONAL,
        "Your parcel is on its way and should arrive on Thursday between 9 and 12.",
        "Reminder: the book club meets at the library at 7pm; we are reading Middlemarch.",
        "Thanks for dinner last night! The recipe is attached, as promised.",
    ],
)
def test_everyday_mail_does_not_pass_the_gate(text: str) -> None:
    assert not looks_like_job_mail("Hello", text)


@pytest.mark.parametrize(
    "text", ["YOUR APPLICATION", "Job Offer", "\u017fhift work", "INTERV\u0130EW"]
)
def test_the_gate_ignores_case_as_a_case_insensitive_pattern_would(text: str) -> None:
    assert looks_like_job_mail("", text)
