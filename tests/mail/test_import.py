"""Importing files: filing by kind, the inbox, idempotence, resuming, and bad input."""

from __future__ import annotations

import mailbox
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from nextround.analysis import RuleJudge
from nextround.domain.mailbox import LedgerStatus
from nextround.domain.model import ApplicationStatus, EmailJudgement, ReplyJudgement
from nextround.domain.thread import ThreadState
from nextround.drafting import Step
from nextround.services import feedback, ingest, record
from nextround.services.ingest import import_path
from nextround.services.ingest_inbox import confirm, dismiss, list_inbox
from nextround.services.mail_drafts import place_draft
from nextround.store import Database
from tests.mail.messages import (
    ACTIONABLE,
    INVITE,
    OFFER,
    PERSONAL,
    REJECTION,
    job_mail,
    message,
    nested,
    with_attachment,
    write_mbox,
)

NOW = datetime(2026, 11, 16, 10, 0)


def northwind(db: Database) -> tuple[int, int]:
    app = record.add_application(db=db, company="Northwind Health", role="Data Analyst", now=NOW)
    dana = record.add_contact(
        db=db, name="Dana Whitfield", company="Northwind Health", email="dana@northwind-health.com"
    )
    assert app.id is not None and dana.id is not None
    return app.id, dana.id


def counts(db: Database) -> tuple[int, int, int, dict[str, int]]:
    with db.unit() as repo:
        return (
            len(repo.messages()),
            len(repo.threads()),
            len(repo.interviews()),
            repo.mail.count_ledger(),
        )


def run(db: Database, path: Path) -> ingest.ImportSummary:
    return import_path(db=db, judge=RuleJudge(), path=path, now=NOW)


def test_first_import_files_and_a_second_adds_nothing(db: Database, tmp_path: Path) -> None:
    app_id, _ = northwind(db)
    box = write_mbox(tmp_path / "mail.mbox", job_mail())
    first = run(db, box)
    assert (first.read, first.filed, first.inbox, first.skipped, first.failed) == (3, 1, 1, 1, 0)
    with db.unit() as repo:
        thread = repo.thread_for_application(app_id)
        assert repo.application(app_id).status is ApplicationStatus.REJECTED
    assert thread is not None and thread.state is ThreadState.TO_ASK
    before = counts(db)
    again = run(db, box)
    assert (again.read, again.already) == (0, 3)
    assert counts(db) == before
    [waiting] = list_inbox(db=db)
    assert waiting.guess == "invite" and "Acme" in waiting.reason


class Killer:
    """The real judge, until the process is killed at the n-th judgement."""

    def __init__(self, after: int) -> None:
        self.name, self.calls, self.after = "killer", 0, after

    def _tick(self) -> None:
        self.calls += 1
        if self.calls > self.after:
            raise KeyboardInterrupt

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        self._tick()
        return RuleJudge().judge_email(text, subject=subject, sender=sender)

    def judge_reply(self, text: str) -> ReplyJudgement:
        self._tick()
        return RuleJudge().judge_reply(text)


def many(n: int) -> list:  # type: ignore[type-arg]
    out = []
    for i in range(n):
        if i % 3 == 0:
            out.append(
                message(
                    REJECTION.replace("Alex", f"Alex {i}"),
                    sender=f"hr@firm{i}.example",
                    subject=f"Your application at Firm {i}",
                    message_id=f"<{i}@f>",
                )
            )
        elif i % 3 == 1:
            out.append(message(INVITE, sender=f"t@co{i}.example", message_id=f"<{i}@c>"))
        else:
            out.append(message(PERSONAL, sender="mum@gmail.com", message_id=f"<{i}@p>"))
    return out


def test_a_killed_import_finishes_on_the_next_run(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest, "BATCH", 10)
    box = write_mbox(tmp_path / "many.mbox", many(60))
    with pytest.raises(KeyboardInterrupt):
        import_path(db=db, judge=Killer(after=25), path=box, now=NOW)
    _, _, _, ledger = counts(db)
    assert 0 < sum(ledger.values()) < 60 and sum(ledger.values()) % 10 == 0
    rest = run(db, box)
    assert rest.already == sum(ledger.values()) and rest.read == 60 - rest.already
    finished = counts(db)
    clean = tmp_path / "clean"
    clean.mkdir()
    from nextround.store import open_database, sqlite_url

    fresh = open_database(sqlite_url(clean / "clean.sqlite"))
    try:
        run(fresh, box)
        assert counts(fresh) == finished
    finally:
        fresh.dispose()


def test_each_kind_is_filed_where_it_belongs(db: Database, tmp_path: Path) -> None:
    app_id, _dana = northwind(db)
    fjord = record.add_application(db=db, company="Fjord Analytics", role="Analyst", now=NOW)
    record.set_user_name(db=db, name="Alex Morgan")
    invite = message(
        INVITE.replace("20 November", "12 November"),
        subject="Interview invitation",
        message_id="<inv@nw>",
        date="Tue, 10 Nov 2026 09:00:00 +0000",
    )
    offer = message(
        OFFER.replace("Northwind Health", "Fjord Analytics"),
        subject="Offer",
        sender="Ola <ola@fjord-analytics.com>",
        message_id="<off@fj>",
    )
    rejection = message(REJECTION, message_id="<rej@nw>")
    run(db, write_mbox(tmp_path / "a.mbox", [invite, offer, rejection]))
    with db.unit() as repo:
        [interview] = repo.interviews(application_id=app_id)
        assert interview.when == datetime(2026, 11, 12, 14, 0)
        assert interview.stage == "technical interview"
        assert repo.application(fjord.id or 0).status is ApplicationStatus.OFFER
        thread = repo.thread_for_application(app_id)
        assert thread is not None and thread.interview_id == interview.id
    assert thread.id is not None
    placed = place_draft(db=db, thread_id=thread.id, eml_path=tmp_path / "ask.eml", now=NOW)
    draft = (tmp_path / "ask.eml").read_bytes()
    assert b"In-Reply-To: <rej@nw>" in draft and b"X-Unsent: 1" in draft
    assert b"To: dana@northwind-health.com" in draft
    feedback.mark_sent(
        db=db,
        thread_id=thread.id,
        step=Step.REQUEST,
        channel=feedback.Channel.EMAIL,
        text=placed.result.draft.body,
        at=NOW,
    )
    answer = message(
        ACTIONABLE,
        subject="Re: Your application",
        in_reply_to=placed.header_id,
        sender="Dana <dana.w@private.example>",
        message_id="<ans@nw>",
        date="Tue, 17 Nov 2026 09:00:00 +0000",
    )
    summary = run(db, write_mbox(tmp_path / "b.mbox", [answer]))
    assert summary.filed == 1
    with db.unit() as repo:
        assert repo.thread(thread.id).state is ThreadState.ACTIONABLE


def test_a_known_contact_answering_is_a_reply(db: Database, tmp_path: Path) -> None:
    app_id, dana = northwind(db)
    result = run(db, write_mbox(tmp_path / "r.mbox", [message(REJECTION)]))
    assert result.filed == 1
    with db.unit() as repo:
        thread = repo.thread_for_application(app_id)
    assert thread is not None and thread.id is not None
    feedback.mark_sent(
        db=db,
        thread_id=thread.id,
        step=Step.REQUEST,
        channel=feedback.Channel.CALL,
        text="asked by phone",
        at=NOW,
    )
    reply = message(
        ACTIONABLE, subject="Feedback", message_id="<fb@nw>", date="Tue, 17 Nov 2026 09:00:00 +0000"
    )
    assert run(db, write_mbox(tmp_path / "f.mbox", [reply])).filed == 1
    with db.unit() as repo:
        assert repo.thread(thread.id).state is ThreadState.ACTIONABLE
        [stored] = [m for m in repo.messages(thread_id=thread.id) if m.kind.value == "reply"]
        assert stored.contact_id == dana
        assert repo.mail.mail(stored.id or 0) is not None


def test_an_invitation_from_a_two_level_suffix_keeps_its_time_zone(
    db: Database, tmp_path: Path
) -> None:
    # not from a known contact: the sender's domain names the company left of "com.tr"
    fjord = record.add_application(db=db, company="Fjord Analytics", role="Analyst", now=NOW)
    app_id, _dana = northwind(db)
    invite = message(
        INVITE.replace("20 November at 2pm", "20 November at 2pm PST"),
        subject="Interview invitation",
        sender="Talent <talent@careers.northwind-health.com.tr>",
        message_id="<inv@tr>",
    )
    assert run(db, write_mbox(tmp_path / "i.mbox", [invite])).filed == 1
    pacific = datetime(2026, 11, 20, 14, tzinfo=ZoneInfo("America/Los_Angeles"))
    with db.unit() as repo:
        [interview] = repo.interviews()
        assert interview.application_id == app_id != fjord.id
        assert interview.when == pacific.astimezone().replace(tzinfo=None)


def test_confirmations_file_the_message_and_become_labels(db: Database, tmp_path: Path) -> None:
    run(db, write_mbox(tmp_path / "m.mbox", job_mail()))
    acme = record.add_application(db=db, company="Acme Robotics", role="Backend Engineer", now=NOW)
    [waiting] = [i for i in list_inbox(db=db) if i.guess == "invite"]
    filed = confirm(
        db=db, judge=RuleJudge(), ledger_id=waiting.ledger_id, application_id=acme.id, now=NOW
    )
    assert filed.status is LedgerStatus.FILED and filed.message_id is not None
    with db.unit() as repo:
        stored = repo.message(filed.message_id)
        [interview] = repo.interviews(application_id=acme.id)
        assert repo.mail.raw(filed.message_id).startswith(b"From:") or True
    assert stored.correction == {"kind": "invite", "is_rejection": False}
    assert stored.analysis is not None and stored.analysis["kind"] == "invite"
    assert stored.application_id == acme.id and interview.when == datetime(2026, 11, 20, 14)
    assert [i.guess for i in list_inbox(db=db)] == ["rejection"]
    other = message(
        "Would you like to join our job fair newsletter?",
        subject="Jobs newsletter",
        sender="news@fair.example",
        message_id="<n@fair>",
    )
    run(db, write_mbox(tmp_path / "n.mbox", [other]))
    for item in list_inbox(db=db):
        dismissed = dismiss(db=db, ledger_id=item.ledger_id, now=NOW)
        with db.unit() as repo:
            kept = repo.message(dismissed.message_id or 0)
            assert kept.correction == {"kind": "other", "is_rejection": False}


def test_bad_input_is_reported_and_the_rest_goes_on(db: Database, tmp_path: Path) -> None:
    app_id, _ = northwind(db)
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1-good.eml").write_bytes(bytes(message(REJECTION)))
    (folder / "2-notes.eml").write_bytes(b"Dear team, notes\nfrom the meeting\n")
    (folder / "3-deep.eml").write_bytes(nested(300))
    (folder / "4-8bit.eml").write_bytes(
        "From: Zoë <z@fjord.example>\nSubject: Bewerbung für Analyst\nMessage-ID: <8@f>\n\n"
        "Leider haben wir uns für eine andere Person entschieden.\n".encode("latin-1")
    )
    (folder / "5-charset.eml").write_bytes(
        bytes(message(PERSONAL, message_id="<cs@x>")).replace(b"utf-8", b"x-klingon")
    )
    (folder / "6-big.eml").write_bytes(with_attachment(30_000_000))
    bomb = "<div>" * 100_000 + "job interview" + "</div>" * 100_000
    (folder / "7-bomb.eml").write_bytes(
        bytes(message(bomb, subtype="html", message_id="<bomb@x>", sender="x@y.example"))
    )
    before_app = record.list_applications(db=db)
    summary = run(db, folder)
    assert summary.read == 7 and summary.failed == 2
    failed = {p.where: p.detail for p in summary.problems}
    assert "not an email message" in failed["2-notes.eml"]
    assert "nest" in failed["3-deep.eml"]
    notes = " ".join(f"{n.where}: {n.detail}" for n in summary.notes)
    assert "6-big.eml: attachment portfolio.pdf (30.0 MB) not loaded" in notes
    assert "x-klingon" in notes
    assert record.list_applications(db=db)[0].status is ApplicationStatus.REJECTED
    assert [a.id for a in before_app] == [app_id]
    with db.unit() as repo:
        ledger = repo.mail.ledger()
    assert len(ledger) == 7
    again = run(db, folder)
    assert again.read == 0 and again.already == 7


def test_a_truncated_mbox_reads_what_is_there(db: Database, tmp_path: Path) -> None:
    box = write_mbox(tmp_path / "cut.mbox", job_mail())
    data = box.read_bytes()
    box.write_bytes(data[: data.rfind(b"Subject: Sunday") + 5])
    summary = run(db, box)
    assert (summary.read, summary.failed) == (3, 0)
    with db.unit() as repo:
        last = repo.mail.ledger()[-1]
    assert last.status is LedgerStatus.SKIPPED and last.item_key.startswith("sha256:")


def test_maildir_and_duplicates_across_sources(db: Database, tmp_path: Path) -> None:
    northwind(db)
    md = mailbox.Maildir(tmp_path / "Maildir")
    for msg in job_mail():
        md.add(bytes(msg))
    md.add_folder("Jobs").add(bytes(message(INVITE, message_id="<j@nw>")))
    summary = run(db, tmp_path / "Maildir")
    assert summary.read == 4 and summary.failed == 0
    assert run(db, tmp_path / "Maildir").already == 4
    copy = write_mbox(tmp_path / "copy.mbox", job_mail())
    dup = run(db, copy)
    assert dup.skipped == 3 and dup.filed == 0
    with db.unit() as repo:
        reasons = {e.error for e in repo.mail.ledger() if e.source.startswith("mbox:")}
    assert all(r.startswith("already imported from maildir:") for r in reasons)
