"""The services added for the web: corrections, screen views, draft checks, mail status."""

from __future__ import annotations

import pytest

from nextround.analysis import default_judge
from nextround.domain.errors import InvalidInput, InvalidTransition
from nextround.domain.model import Channel, Tone
from nextround.drafting import Step
from nextround.services import feedback, record, views
from nextround.services.draft_check import check_thread_draft
from nextround.services.mail_status import mail_account_exists
from nextround.services.models import correct_message
from nextround.services.rejection import record_rejection
from nextround.store import Database
from tests.conftest import NOW
from tests.web.flows import GENERIC, REJECTION


def _thread(db: Database, *, name: bool = True) -> tuple[int, int]:
    if name:
        record.set_user_name(db=db, name="Sam Okafor")
    app = record.add_application(
        db=db,
        company="Quarry Labs",
        role="Data Engineer",
        applied_on=NOW.replace(month=10),
        now=NOW,
    )
    assert app.id is not None
    record.record_interview(
        db=db,
        application_id=app.id,
        stage="onsite",
        when=NOW.replace(day=10),
        talking_points=["the streaming ingestion rewrite"],
        now=NOW,
    )
    result = record_rejection(
        db=db,
        judge=default_judge(),
        text=REJECTION,
        received_at=NOW.replace(day=13),
        application_id=app.id,
        now=NOW,
    )
    assert result.thread.id is not None and result.message.id is not None
    return result.thread.id, result.message.id


def test_judged_lays_the_correction_over_the_analysis(db: Database) -> None:
    tid, _ = _thread(db)
    outcome = feedback.log_reply(
        db=db, judge=default_judge(), thread_id=tid, text=GENERIC, at=NOW.replace(day=14)
    )
    assert outcome.message.id is not None
    assert views.judged(outcome.message)["category"] == "generic"
    message = correct_message(
        db=db, message_id=outcome.message.id, fields={"category": "actionable"}
    )
    view = views.judged(message)
    assert view["category"] == "actionable" and view["actionable"] is True
    assert (message.analysis or {})["category"] == "generic"  # the guess is kept


def test_home_view(db: Database) -> None:
    empty = views.home(db=db, now=NOW)
    assert (empty.actions, empty.user_name, empty.applications) == ([], None, 0)
    _thread(db)
    full = views.home(db=db, now=NOW)
    assert full.user_name == "Sam Okafor" and full.applications == 1
    assert [a.kind.value for a in full.actions] == ["ask"]


def test_application_page_is_a_timeline(db: Database) -> None:
    tid, _ = _thread(db)
    feedback.log_reply(
        db=db, judge=default_judge(), thread_id=tid, text=GENERIC, at=NOW.replace(day=14)
    )
    page = views.application_page(db=db, application_id=1)
    kinds = [e.kind.value for e in page.timeline]
    # the status moves (to interviewing, to rejected) are dated when they were recorded
    assert kinds == ["applied", "interview", "message", "step", "message", "status", "status"]
    implied = page.timeline[3]
    assert implied.step is not None and implied.step.note.startswith("not recorded as asked")
    reply = page.timeline[4]
    assert reply.step is not None and reply.step.to_state == "generic"
    assert reply.judgement["category"] == "generic"
    assert [e.at for e in page.timeline] == sorted(e.at for e in page.timeline)


def test_reply_page_refuses_other_messages(db: Database) -> None:
    _, mid = _thread(db)
    with pytest.raises(InvalidInput, match="not a reply"):
        views.reply_page(db=db, message_id=mid)


def test_draft_page_says_what_is_missing(db: Database) -> None:
    tid, _ = _thread(db, name=False)
    needs_name = views.draft_page(
        db=db, thread_id=tid, step=Step.REQUEST, channel=Channel.CALL, tone=Tone.WARM, now=NOW
    )
    assert needs_name.needs is views.DraftNeeds.NAME and needs_name.result is None
    record.set_user_name(db=db, name="Sam Okafor")
    ready = views.draft_page(
        db=db, thread_id=tid, step=Step.REQUEST, channel=Channel.EMAIL, tone=Tone.WARM, now=NOW
    )
    assert ready.needs is None and ready.result is not None
    assert "Sam Okafor" in ready.result.draft.body
    with pytest.raises(InvalidTransition):
        views.draft_page(
            db=db,
            thread_id=tid,
            step=Step.PITCH,
            channel=Channel.EMAIL,
            tone=Tone.WARM,
            evidence="I shipped it",
            now=NOW,
        )


def test_thread_draft_check_uses_the_talking_points(db: Database) -> None:
    tid, _ = _thread(db)
    text = "Hi Lena,\n\nThank you. When we talked about the streaming ingestion rewrite...\n\nSam"
    report = check_thread_draft(
        db=db, thread_id=tid, text=text, step=Step.REQUEST, channel=Channel.EMAIL, subject="Hi"
    )
    assert "memory_trigger" in report.present
    without = check_thread_draft(
        db=db, thread_id=tid, text="Hi Lena, thanks. Sam", step=Step.REQUEST, channel=Channel.EMAIL
    )
    assert "memory_trigger" in without.missing


def test_mail_is_set_up_once_an_account_exists(db: Database) -> None:
    from nextround.domain.mailbox import MailAccount

    assert mail_account_exists(db=db) is False
    with db.unit() as repo:
        repo.mail.add_account(
            MailAccount(None, "work", "imap.example.com", "sam@example.com"), now=NOW
        )
    assert mail_account_exists(db=db) is True
