"""Every page, in-process: what it shows, what its forms do, how it says no."""

from __future__ import annotations

import re
from typing import Any

import pytest

from nextround.store import Database
from tests.conftest import NOW
from tests.e2e.test_dead_ends import SCREENING
from tests.web.conftest import Web, location
from tests.web.flows import ACTIONABLE, GENERIC, REJECTION, reject, reply, seed, send


def text_of(html: str) -> str:
    """The visible words of a page, roughly: tags out, whitespace squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# -- first visit: empty states say what to do first -------------------------------------


def test_home_on_a_first_visit_asks_for_a_name_and_an_application(web: Web) -> None:
    page = web.get("/")
    assert page.status_code == 200
    words = text_of(page.text)
    assert "First: your name" in words
    assert "Start with an application" in words
    assert 'href="/applications/new"' in page.text


def test_empty_board_lessons_and_profile_say_what_to_do(web: Web) -> None:
    assert "Add your first application" in web.get("/applications").text
    assert "No lessons yet" in web.get("/lessons").text
    assert "Nothing to show yet" in web.get("/profile").text


def test_home_when_nothing_is_due(web: Web) -> None:
    web.post("/me", {"name": "Sam Okafor", "next": "/"})
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    words = text_of(web.get("/").text)
    assert "Nothing is due right now" in words
    assert "First: your name" not in words


# -- recording ---------------------------------------------------------------------------


def test_add_and_edit_an_application(web: Web) -> None:
    form = web.get("/applications/new")
    assert form.status_code == 200
    assert '<label for="f-company">Company</label>' in form.text
    app = location(web.post("/applications", {"company": "Quarry Labs", "role": "Data Eng"}))
    assert app == "/applications/1"
    assert "Quarry Labs" in web.get(app).text
    edit = web.get("/applications/1/edit")
    assert 'value="Data Eng"' in edit.text
    assert (
        location(
            web.post("/applications/1/edit", {"company": "Quarry Labs", "role": "Data Engineer"})
        )
        == app
    )
    board = web.get("/applications")
    assert "Data Engineer" in board.text and 'id="col-applied"' in board.text


def test_a_refused_form_comes_back_with_the_reason_and_what_was_typed(web: Web) -> None:
    page = web.post("/applications", {"company": "   ", "role": "Data Engineer"})
    assert page.status_code == 422
    assert 'role="alert"' in page.text and "company must not be empty" in page.text
    assert 'aria-invalid="true"' in page.text
    assert 'value="Data Engineer"' in page.text


def test_bad_date_says_what_to_type(web: Web) -> None:
    page = web.post(
        "/applications", {"company": "Quarry", "role": "Data", "applied_on": "next tuesday"}
    )
    assert page.status_code == 422
    assert "is not a date; use YYYY-MM-DD" in page.text


def test_interview_form_errors_reopen_that_form(web: Web) -> None:
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    page = web.post(
        "/applications/1/interviews",
        {"stage": "onsite", "when": "", "talking_points": "the ingestion rewrite"},
    )
    assert page.status_code == 422
    assert '<details id="interview-form" open>' in page.text
    assert "when: give the date" in page.text
    assert "the ingestion rewrite" in page.text


def test_interview_with_people_points_and_ratings(web: Web) -> None:
    ids = seed(web)
    page = web.get(f"/applications/{ids.app}")
    words = text_of(page.text)
    assert "Interview: onsite with Lena Fischer" in words
    assert "the streaming ingestion rewrite" in words
    assert "technical skills 5/5" in words
    assert f'id="interview-{ids.interview}"' in page.text


def test_contact_form_refuses_a_bad_email(web: Web) -> None:
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    page = web.post("/applications/1/contacts", {"name": "Lena", "email": "not an email"})
    assert page.status_code == 422
    assert "is not an email address" in page.text
    assert '<details id="contact-form" open>' in page.text


def test_a_rejection_that_does_not_read_like_one_can_be_recorded_anyway(web: Web) -> None:
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    invite = "Hi Sam, we would love to invite you to a second interview next Tuesday at 10am."
    page = web.post("/applications/1/rejection", {"text": invite})
    assert page.status_code == 422
    assert "not a rejection" in page.text and 'name="anyway"' in page.text
    done = web.post("/applications/1/rejection", {"text": invite, "anyway": "yes"})
    assert location(done) == "/applications/1#next-step"


# -- the loop ----------------------------------------------------------------------------


def test_the_whole_loop_through_the_pages(web: Web) -> None:
    ids = reject(web, seed(web))
    app_page = web.get(f"/applications/{ids.app}").text
    assert "Ask for feedback" in app_page and "Rejection received" in app_page
    assert "after an interview" in app_page

    home = web.get("/")
    assert f'href="/threads/{ids.thread}/draft?step=request&amp;channel=call"' in home.text

    draft = web.get(f"/threads/{ids.thread}/draft?step=request&channel=call")
    assert draft.status_code == 200
    assert 'id="draft-text"' in draft.text and "Sam Okafor" in draft.text
    assert f'hx-post="/api/threads/{ids.thread}/lint"' in draft.text
    assert "Save to mailbox" not in draft.text  # no mail account: the control stays hidden

    send(web, ids, "request", channel="call")
    assert "Log their reply" in web.get(f"/applications/{ids.app}").text

    generic = web.get(f"/replies/{reply(web, ids, GENERIC)}")
    assert "Vague" in generic.text and "Draft the probe" in generic.text
    send(web, ids, "probe")

    actionable = web.get(f"/replies/{reply(web, ids, ACTIONABLE)}")
    assert "Concrete feedback" in actionable.text
    assert "<mark>" in actionable.text
    assert "Review the lesson" in actionable.text and "Keep this point" in actionable.text
    assert "Nothing is saved until you say so" in actionable.text
    assert "No lessons yet" in web.get("/lessons").text  # nothing saved behind their back

    kept = web.post(f"/replies/{ids.reply}/lessons", {"keep": "1"})
    assert location(kept) == f"/replies/{ids.reply}#lessons"
    assert "Keep this point" not in web.get(f"/replies/{ids.reply}").text
    assert "system design" in web.get("/lessons").text.lower()

    pitch = web.get(f"/threads/{ids.thread}/draft?step=pitch&evidence=I+rebuilt+our+backfills")
    assert pitch.status_code == 200 and "I rebuilt our backfills" in pitch.text
    send(web, ids, "thanks")
    assert "closed: you thanked them" in web.get(f"/applications/{ids.app}").text

    profile = web.get("/profile")
    assert '<img src="/profile/chart.svg"' in profile.text
    assert "Technical skills" in profile.text
    chart = web.get("/profile/chart.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in chart.text and "font-family" not in chart.text  # text drawn as paths

    brief = web.get(f"/interviews/{ids.interview}/brief")
    assert "Apply what you learned" in brief.text and "data-print" in brief.text
    assert web.get(f"/applications/{ids.app}/brief").status_code == 200


def test_pitch_without_evidence_asks_for_it(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    reply(web, ids, ACTIONABLE)
    page = web.get(f"/threads/{ids.thread}/draft?step=pitch")
    assert page.status_code == 200
    assert "Tell us your evidence first" in page.text
    assert 'id="draft-text"' not in page.text


def test_draft_page_asks_for_the_name_first(web: Web) -> None:
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    web.post("/applications/1/rejection", {"text": REJECTION})
    page = web.get("/threads/1/draft?step=request")
    assert "First: your name" in page.text and 'id="draft-text"' not in page.text


def test_without_an_interview_the_draft_page_offers_the_screening_request(web: Web) -> None:
    web.post("/me", {"name": "Sam Okafor", "next": "/"})
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    web.post("/applications/1/rejection", {"text": REJECTION})
    app_page = web.get("/applications/1").text
    assert "No interview is recorded" in app_page and "Not worth asking: close it" in app_page
    page = web.get("/threads/1/draft?step=request")
    assert "No interview to recall" in page.text and 'id="draft-text"' in page.text
    assert "stronger" in page.text and 'name="step" value="screening"' in page.text
    assert 'href="/applications/1#interview-form"' in page.text
    # a reply is still kept, and judged, without one
    reply = web.post("/threads/1/reply", {"text": GENERIC})
    assert "Vague" in web.get(location(reply)).text


def test_a_step_that_does_not_fit_the_thread_is_a_clear_409(web: Web) -> None:
    ids = reject(web, seed(web))
    page = web.get(f"/threads/{ids.thread}/draft?step=probe")
    assert page.status_code == 409
    assert "a probe does not fit now (the feedback on this application: not asked yet)" in (
        page.text
    )
    assert "Traceback" not in page.text


def test_follow_up_and_close_as_no_response(web: Web, db: Database) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    send(web, ids, "follow_up")
    page = web.get(f"/applications/{ids.app}")
    assert f'action="/threads/{ids.thread}/close"' in page.text
    assert location(web.post(f"/threads/{ids.thread}/close")) == (
        f"/applications/{ids.app}#next-step"
    )
    assert "closed: no response" in web.get(f"/applications/{ids.app}").text


def test_declined_reply_offers_a_gracious_close(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    declined = "I'm afraid company policy doesn't allow us to give individual feedback."
    page = web.get(f"/replies/{reply(web, ids, declined)}")
    assert "No feedback given" in page.text and "step=close" in page.text
    send(web, ids, "close")


def test_reply_form_and_its_validation(web: Web) -> None:
    ids = reject(web, seed(web))
    form = web.get(f"/threads/{ids.thread}/reply")
    assert form.status_code == 200 and '<label for="reply-text">' in form.text
    empty = web.post(f"/threads/{ids.thread}/reply", {"text": "  "})
    assert empty.status_code == 422 and "the reply is empty" in empty.text


def test_judge_it_as_overrules_and_is_kept_as_a_correction(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    response = web.post(f"/threads/{ids.thread}/reply", {"text": GENERIC, "category": "actionable"})
    page = web.get(location(response))
    assert "You corrected this judgement" in page.text


# -- corrections -------------------------------------------------------------------------


def test_correcting_a_reply_judgement(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    mid = reply(web, ids, GENERIC)
    page = web.get(f"/replies/{mid}")
    assert f'action="/messages/{mid}/correction"' in page.text
    done = web.post(
        f"/messages/{mid}/correction",
        {
            "next": f"/replies/{mid}",
            "category": "actionable",
            "themes_shown": "1",
            "themes": ["communication"],
        },
    )
    assert location(done) == f"/replies/{mid}#judgement"
    message = web.api("GET", f"/api/threads/{ids.thread}/messages").json()[-1]
    assert message["correction"] == {"category": "actionable", "themes": ["communication"]}
    assert message["analysis"]["category"] == "generic"  # the machine's guess is kept
    assert "You corrected this judgement" in web.get(f"/replies/{mid}").text


def test_correcting_a_rejection_judgement(web: Web) -> None:
    ids = reject(web, seed(web))
    rejection = web.api("GET", f"/api/applications/{ids.app}").json()["messages"][0]
    page = web.get(f"/applications/{ids.app}")
    assert f'action="/messages/{rejection["id"]}/correction"' in page.text
    done = web.post(
        f"/messages/{rejection['id']}/correction",
        {"next": f"/applications/{ids.app}", "after_interview": "no", "kind": "rejection"},
    )
    assert location(done) == f"/applications/{ids.app}#judgement"
    assert "at the screening stage" in web.get(f"/applications/{ids.app}").text
    stored = web.api("GET", f"/api/applications/{ids.app}").json()["messages"][0]
    assert stored["correction"] == {"after_interview": False, "kind": "rejection"}


def test_a_sent_message_cannot_be_corrected(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    sent = web.api("GET", f"/api/threads/{ids.thread}/messages").json()[-1]
    page = web.post(f"/messages/{sent['id']}/correction", {"category": "generic"})
    assert page.status_code == 422 and "was never judged" in page.text


def test_correction_redirects_only_within_the_site(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    mid = reply(web, ids, GENERIC)
    done = web.post(
        f"/messages/{mid}/correction", {"next": "//evil.example/x", "category": "generic"}
    )
    assert location(done) == "/#judgement"


# -- lessons, profile, brief -------------------------------------------------------------


def test_lessons_add_edit_filter_delete(web: Web) -> None:
    bad = web.post("/lessons", {"theme": "communication", "statement": " "})
    assert bad.status_code == 422 and "must not be empty" in bad.text
    added = web.post(
        "/lessons",
        {
            "theme": "communication",
            "polarity": "strength",
            "statement": "Clear, calm answers",
            "actions": "record a mock answer\n",
        },
    )
    assert location(added) == "/lessons#lesson-1"
    assert "Clear, calm answers" in web.get("/lessons?status=kept").text  # a strength is kept
    refused = web.post("/lessons/1/edit", {"status": "open"})
    assert refused.status_code == 422 and "a strength is kept as a strength" in refused.text
    web.post("/lessons/1/edit", {"polarity": "weakness"})
    assert "Clear, calm answers" in web.get("/lessons?status=open").text
    edited = web.post("/lessons/1/edit", {"status": "practising", "action": "weekly mock"})
    assert location(edited) == "/lessons#lesson-1"
    assert "weekly mock" in web.get("/lessons?status=practising").text
    assert "Clear, calm answers" not in web.get("/lessons?status=open").text
    assert location(web.post("/lessons/1/delete")) == "/lessons?deleted=1"
    gone = web.get("/lessons?deleted=1").text
    assert "Lesson deleted." in gone and "Clear, calm answers" not in gone
    assert location(web.post("/lessons/1/restore")) == "/lessons#lesson-1"
    back = web.get("/lessons").text
    assert "Clear, calm answers" in back and "weekly mock" in back  # as it was
    assert web.post("/lessons/1/restore").status_code == 422  # undone once
    web.post("/lessons/1/delete")
    assert "No lessons yet" in web.get("/lessons").text


def test_profile_shows_blind_spots(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    mid = reply(web, ids, ACTIONABLE)
    web.post(f"/replies/{mid}/lessons", {"theme": "technical_skills"})
    page = web.get("/profile")
    assert "Blind spots" in page.text and "rated yourself 5.0/5" in page.text


def test_brief_for_an_unknown_interview_is_a_404_page(web: Web) -> None:
    page = web.get("/interviews/99/brief")
    assert page.status_code == 404
    assert "no interview with id 99" in page.text


# -- errors, escaping, the mail control ---------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/applications/999", "/applications/999/edit", "/threads/999/draft", "/replies/999"],
)
def test_unknown_ids_are_404_pages_without_a_traceback(web: Web, path: str) -> None:
    page = web.get(path)
    assert page.status_code == 404
    assert "Not found" in page.text and "Traceback" not in page.text


def test_unknown_address_and_bad_ids(web: Web) -> None:
    assert web.get("/nowhere").status_code == 404
    assert "There is no page at this address" in web.get("/nowhere").text
    bad = web.get("/applications/abc")
    assert bad.status_code == 422 and "Please check what you entered" in bad.text
    assert web.get("/applications?status=lost").status_code == 422


def test_user_text_is_escaped_everywhere(web: Web) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    web.post("/me", {"name": evil, "next": "/"})
    web.post("/applications", {"company": evil, "role": evil, "notes": evil})
    web.post("/applications/1/contacts", {"name": evil, "company": evil})
    web.post(
        "/applications/1/interviews",
        {"stage": evil, "when": "2026-11-10T10:00", "talking_points": evil, "contact_ids": "1"},
    )
    assert location(web.post("/applications/1/rejection", {"text": f"{REJECTION}\n{evil}"}))
    web.post("/lessons", {"theme": "communication", "statement": evil})
    for path in ("/", "/applications", "/applications/1", "/lessons", "/threads/1/draft"):
        html = web.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;" in html, path


class FakeMailbox:
    """The edge of the world: an IMAP server's Drafts folder, in memory."""

    def __init__(self) -> None:
        self.appended: list[tuple[str, bytes]] = []

    def drafts_folder(self, preferred: str = "") -> str:
        return preferred or "Drafts"

    def append_draft(self, folder: str, data: bytes) -> None:
        self.appended.append((folder, data))


def test_the_mailbox_control_appears_only_when_mail_is_set_up(db: Database, app_for: Any) -> None:
    from contextlib import contextmanager

    from nextround.domain.mailbox import MailAccount
    from nextround.services.mail_status import mail_account_exists
    from tests.web.conftest import HOST, TestClient

    box = FakeMailbox()

    @contextmanager
    def connect(account: Any) -> Any:
        yield box

    app = app_for(mail_ready=lambda d: mail_account_exists(db=d), mail_connect=connect)
    with TestClient(app, base_url=f"http://{HOST}") as client:
        web = Web(client)
        ids = reject(web, seed(web))
        email = f"/threads/{ids.thread}/draft?step=request&channel=email"
        assert "Save to my mailbox" not in web.get(email).text  # no account yet
        with db.unit() as repo:
            repo.mail.add_account(
                MailAccount(None, "work", "imap.example.com", "sam@example.com"), now=NOW
            )
        page = web.get(email)
        assert f'formaction="/threads/{ids.thread}/mailbox"' in page.text
        call = web.get(f"/threads/{ids.thread}/draft?step=request&channel=call")
        assert "Save to my mailbox" not in call.text  # only an email goes to a mailbox
        saved = web.post(
            f"/threads/{ids.thread}/mailbox",
            {"step": "request", "tone": "warm", "text": "Hi Lena,\n\nMy own words.\n\nSam"},
        )
        assert saved.status_code == 200 and "Saved to your Drafts" in saved.text
        assert "work/Drafts" in saved.text
        folder, data = box.appended[0]
        assert folder == "Drafts" and b"My own words." in data
        assert 'value="request"' in saved.text  # "I've sent it" carries on from here


def test_me_page(web: Web) -> None:
    assert '<label for="f-name">Your name' in web.get("/me?next=/lessons").text
    assert location(web.post("/me", {"name": "Sam", "next": "/lessons"})) == "/lessons"
    assert 'value="Sam"' in web.get("/me").text
    bad = web.post("/me", {"name": "", "next": "/"})
    assert bad.status_code == 422 and "your name must not be empty" in bad.text


def test_home_lists_each_action_with_a_one_click_link(web: Web) -> None:
    ids = reject(web, seed(web))
    home = web.get("/").text
    assert "Draft the request" in home
    assert f"/threads/{ids.thread}/draft?step=request" in home
    web.post(
        "/applications/1/interviews",
        {"stage": "second round", "when": "2026-11-18T10:00"},
    )
    home = web.get("/").text
    assert "Read the brief" in home and "/interviews/2/brief" in home


def test_board_caps_long_columns(web: Web, db: Database) -> None:
    from datetime import datetime

    from nextround.services.record import add_application

    for n in range(55):
        add_application(db=db, company=f"Company {n}", role="Analyst", now=datetime(2026, 11, 1))
    board = web.get("/applications").text
    assert board.count('class="card app-card"') == 50
    assert 'href="/applications?status=applied">All 55 applied' in board
    assert web.get("/applications?status=applied").text.count('class="card app-card"') == 55


# -- every path leads somewhere ----------------------------------------------------------


def _pitch(web: Web, ids: Any) -> None:
    pitched = web.post(
        f"/threads/{ids.thread}/sent",
        {"step": "pitch", "channel": "email", "text": "Hi Lena, since then I have run backfills."},
    )
    assert location(pitched) == f"/applications/{ids.app}#next-step"


def test_after_a_pitch_the_page_asks_what_they_said(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    web.post(f"/threads/{ids.thread}/reply", {"text": ACTIONABLE, "category": "actionable"})
    _pitch(web, ids)
    words = text_of(web.get(f"/applications/{ids.app}").text)
    assert "waiting for their answer" in words and "They reconsidered" in words
    assert "pitched" not in words.replace("You pitched", "").replace("you pitched", "")
    answered = web.post(f"/threads/{ids.thread}/answer", {"outcome": "not_now", "text": "Not now."})
    assert location(answered) == f"/applications/{ids.app}#next-step"
    words = text_of(web.get(f"/applications/{ids.app}").text)
    assert "they said not now" in words and "Thank them and close" in words
    send(web, ids, "thanks")
    words = text_of(web.get(f"/applications/{ids.app}").text)
    assert "This feedback thread is closed: you thanked them" in words


def test_a_refusal_is_closed_once_and_not_offered_again(web: Web) -> None:
    ids = reject(web, seed(web))
    send(web, ids, "request")
    web.post(f"/threads/{ids.thread}/reply", {"text": GENERIC, "category": "declined"})
    assert "Send a gracious close" in web.get(f"/applications/{ids.app}").text
    send(web, ids, "close")
    page = web.get(f"/applications/{ids.app}").text
    assert "Send a gracious close" not in page
    assert "they give no feedback and you closed it" in text_of(page)
    again = web.get(f"/threads/{ids.thread}/draft?step=close")
    assert again.status_code == 409 and "nothing more to send" in again.text
    assert "declined" not in text_of(again.text) and "--" not in text_of(again.text)


def test_home_offers_a_screening_request_or_closing_it(web: Web) -> None:
    web.post("/me", {"name": "Sam Okafor", "next": "/"})
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    web.post("/applications/1/rejection", {"text": SCREENING})
    words = text_of(web.get("/").text)
    assert "Screening rejection" in words and "Not worth asking: close it" in words
    closed = web.post("/threads/1/close", {})
    assert location(closed) == "/applications/1#next-step"
    assert "Nothing is due right now" in text_of(web.get("/").text)


def test_your_name_page_keeps_phone_and_email_for_spoken_drafts(web: Web) -> None:
    ids = reject(web, seed(web))
    page = web.get("/me")
    assert 'name="phone"' in page.text and 'name="email"' in page.text
    bad = web.post("/me", {"name": "Sam Okafor", "phone": "call me", "next": "/"})
    assert bad.status_code == 422 and "does not look like a phone number" in bad.text
    saved = web.post(
        "/me",
        {"name": "Sam Okafor", "phone": "+44 7700 900123", "email": "sam@x.org", "next": "/"},
    )
    assert location(saved) == "/"
    assert 'value="+44 7700 900123"' in web.get("/me").text
    voicemail = web.get(f"/threads/{ids.thread}/draft?step=request&channel=voicemail")
    assert "+44 7700 900123" in voicemail.text and "email" in text_of(voicemail.text)


def test_head_on_the_home_page_answers(web: Web) -> None:
    response = web.client.head("/")
    assert response.status_code == 200 and response.text == ""


def test_pages_speak_plain_words_not_states_or_flags(web: Web) -> None:
    ids = reject(web, seed(web))
    wrong = web.get(f"/threads/{ids.thread}/draft?step=probe")
    words = text_of(wrong.text)
    assert wrong.status_code == 409 and "to_ask" not in words and "--" not in words
    send(web, ids, "request")
    reply(web, ids, GENERIC)
    early = web.post(f"/threads/{ids.thread}/answer", {"outcome": "not_now"})
    assert early.status_code == 409 and "nextround answer" not in text_of(early.text)
    timeline = text_of(web.get(f"/applications/{ids.app}").text)
    assert "You asked for feedback" in timeline and "Vague" in timeline
    assert "generic" not in timeline and "request sent" not in timeline.lower()
    odd = web.post(f"/applications/{ids.app}/rejection", {"text": "Lunch on Friday?"})
    assert "--anyway" not in odd.text


def test_the_board_says_where_feedback_stands_and_can_be_searched(web: Web) -> None:
    ids = reject(web, seed(web))
    web.post("/applications", {"company": "Harbour Bank", "role": "Business Analyst"})
    words = text_of(web.get("/applications").text)
    assert "Feedback: ask by" in words and "Harbour Bank" in words
    send(web, ids, "request")
    assert "Feedback: asked, waiting for an answer" in text_of(web.get("/applications").text)
    found = text_of(web.get("/applications?q=harbour").text)
    assert "Harbour Bank" in found and "Quarry Labs" not in found
    assert "No application matches" in text_of(web.get("/applications?q=zzz").text)


def test_confidence_is_said_in_words_not_percentages(web: Web) -> None:
    ids = reject(web, seed(web))
    page = text_of(web.get(f"/applications/{ids.app}").text)
    assert "% confidence" not in page
    assert any(w in page for w in ("· sure", "· likely", "· not sure, please check"))


def test_an_application_keeps_its_advert_location_and_salary(web: Web) -> None:
    made = web.post(
        "/applications",
        {
            "company": "Quarry Labs",
            "role": "Data Engineer",
            "job_url": "https://quarry.example/jobs/7",
            "location": "Leeds",
            "salary": "£55-60k",
        },
    )
    page = web.get(location(made)).text
    assert 'href="https://quarry.example/jobs/7"' in page and "Leeds" in page
    assert "Leeds · £55-60k" in text_of(web.get("/applications").text)
    bad = web.post("/applications/1/edit", {"company": "Q", "role": "R", "job_url": "nope"})
    assert bad.status_code == 422 and "is not a web address" in bad.text


def test_the_feed_page_works_on_the_local_app(web: Web) -> None:
    """The local app's one person turns the calendar feed on and off from a page too."""
    assert "Your feed is off." in web.get("/feed").text
    made = web.post("/feed/new")
    found = re.search(r'class="feed-address">http://[^/]+(/calendar/[^<]+\.ics)<', made.text)
    assert found, made.text[:300]
    assert web.get(found.group(1)).status_code == 200
    assert web.post("/feed/off").status_code == 303
    assert web.get(found.group(1)).status_code == 404


# -- a long agenda: the home page shows the first steps and says how many more ------------


def test_a_long_agenda_shows_the_first_steps_overdue_first_and_links_to_all(
    web: Web, db: Database
) -> None:
    from datetime import timedelta

    from nextround.domain.model import Application
    from nextround.domain.thread import FeedbackThread

    with db.unit() as repo:
        for n in range(26):
            app = repo.add_application(Application(None, f"Firm {n}", "Analyst"), now=NOW)
            assert app.id is not None
            late = n < 25  # asked about for weeks: overdue; the last one arrived today
            repo.add_thread(
                FeedbackThread(
                    None,
                    app.id,
                    NOW - timedelta(days=20 + n) if late else NOW,
                    after_interview=n != 7,  # n = 7: a screening, optional to ask about
                )
            )
    home = web.get("/")
    words = text_of(home.text)
    assert "26 things to do, soonest first; 25 are overdue." in words
    assert home.text.count('class="card action') == 20
    assert home.text.count("overdue since") == 20  # nothing overdue waits behind the rest
    assert "6 more steps are not shown here: show all 26" in words
    assert 'href="/?show=all"' in home.text
    everything = web.get("/?show=all")
    assert everything.text.count('class="card action') == 26
    assert everything.text.count("overdue since") == 25
    assert "more steps are not shown" not in everything.text
