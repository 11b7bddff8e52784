"""A career-centre server in a real browser (PostgreSQL, Debian's Chromium, Playwright).

A student signs in through the page (a wrong password first), adds an
application and shares with a coach; the coach, in a second browser, sees
the student, reads the application and comments on a lesson; the student
sees the comment and stops sharing; the coach then finds nothing. Signing
out ends the session: the back button and the old cookie lead to the
sign-in page. The coach's dashboard is checked at phone width too. Every
page is saved to ``screenshots/``; any request that leaves the machine, and
any console error (a CSP violation is one), fails it.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from nextround.analysis.judge import default_judge
from nextround.domain.model import Polarity
from nextround.domain.themes import Theme
from nextround.services import coaching, learn, record
from nextround.services.accounts import add_user
from nextround.services.rejection import record_rejection
from nextround.store import Database
from nextround.web.app import build_app
from tests.conftest import NOW
from tests.web.conftest import make_context
from tests.web.test_browser import Live, browser, open_page, shot
from tests.web.test_multi_user import PASSWORD, pg  # noqa: F401 (the fixture)

__all__ = ["browser"]  # the fixture, shared

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ANA, LEE = "ana@example.edu", "lee@example.edu"
LESSON = "Walk through late-arriving data in every design answer"


class Clock:
    """The server's time: a fixed day, moved on by the test when it needs to."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def live_pg(pg: Database) -> Iterator[Live]:  # noqa: F811
    """The multi-user server on PostgreSQL, on a free loopback port, served by uvicorn."""
    import uvicorn

    add_user(db=pg, email=ANA, role="student", password=PASSWORD, now=NOW)
    add_user(db=pg, email=LEE, role="coach", password=PASSWORD, now=NOW)
    app = build_app(
        make_context(pg, multi_user=True, allowed_hosts=frozenset({"127.0.0.1"}), clock=Clock())
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield Live(url=f"http://127.0.0.1:{sock.getsockname()[1]}")
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def _sign_in(page: Any, live: Live, email: str) -> None:
    from playwright.sync_api import expect

    page.goto(live.url + "/")
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {email}")).to_be_visible()


def _student_id(db: Database, email: str) -> int:
    with db.unit() as repo:
        return repo.accounts.user(email).id


def test_a_student_shares_a_coach_reads_and_comments_then_consent_ends(
    browser: Any,
    live_pg: Live,
    pg: Database,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    live = live_pg
    student = _student_id(pg, ANA)
    learn.add_lesson(
        db=pg.scoped(student),
        theme=Theme.TECHNICAL_SKILLS,
        polarity=Polarity.WEAKNESS,
        statement=LESSON,
        now=NOW,
    )

    # the student: any page leads to the sign-in page; a wrong password says so plainly
    ana = open_page(browser, live)
    ana.goto(live.url + "/applications")
    expect(ana).to_have_url(re.compile(r"/login\?next=/applications"))
    expect(ana.get_by_role("heading", name="Sign in")).to_be_visible()
    ana.get_by_label("Email").fill(ANA)
    ana.get_by_label("Password").fill("not my password")
    ana.get_by_role("button", name="Sign in").click()
    expect(ana.get_by_role("alert")).to_have_text("Wrong email or password.")
    expect(ana.get_by_label("Email")).to_have_value(ANA)  # kept, to try again
    expect(ana.get_by_label("Password")).to_have_value("")
    shot(ana, "coach-01-wrong-password")
    ana.get_by_label("Password").fill(PASSWORD)
    ana.get_by_role("button", name="Sign in").click()
    expect(ana).to_have_url(re.compile(r"/applications$"))  # back where they were going
    expect(ana.get_by_text(f"Signed in as {ANA}")).to_be_visible()

    # an application, through the form
    ana.goto(live.url + "/applications/new")
    ana.get_by_label("Company").fill("Quarry Labs")
    ana.get_by_label("Role").fill("Data Engineer")
    ana.get_by_role("button", name="Add the application").click()
    expect(ana.get_by_role("heading", name=re.compile("Quarry Labs"))).to_be_visible()

    # share with the coach
    ana.get_by_role("link", name="Share with my coach").click()
    expect(ana.get_by_role("heading", name="Share with my coach")).to_be_visible()
    expect(ana.get_by_text("Nobody. Your work is yours alone.")).to_be_visible()
    shot(ana, "coach-02-share-page")
    ana.get_by_label("Coach").select_option(LEE)
    ana.get_by_role("button", name="Share my work").click()
    expect(ana.locator(".share-list")).to_contain_text(LEE)
    shot(ana, "coach-03-shared")

    # the coach, in a browser of their own
    lee = open_page(browser, live)
    _sign_in(lee, live, LEE)
    lee.get_by_role("link", name="My students").first.click()
    card = lee.locator(f"#student-{student}")
    expect(card).to_contain_text(ANA)
    expect(card).to_contain_text("1 lesson")
    shot(lee, "coach-04-dashboard")
    card.get_by_role("link", name=ANA).click()
    expect(lee.get_by_role("heading", name=ANA)).to_be_visible()
    shot(lee, "coach-05-student")
    lee.get_by_role("link", name=re.compile("Quarry Labs")).click()
    expect(lee.get_by_role("heading", name=re.compile("Quarry Labs"))).to_be_visible()
    expect(lee.get_by_text("only they can change it")).to_be_visible()
    # read-only: nothing on the page to change the application with
    assert lee.locator("main form").count() == 0
    shot(lee, "coach-06-application-read-only")
    lee.go_back()
    lee.get_by_label("Your comment").fill("Let's practise a backfill design on Thursday.")
    lee.get_by_role("button", name="Comment").click()
    expect(lee.locator("blockquote.comment")).to_contain_text("backfill design on Thursday")
    shot(lee, "coach-07-commented")

    # the cohort: numbers only, no name
    lee.get_by_role("navigation", name="Main").get_by_role("link", name="Cohort").click()
    expect(lee.get_by_role("heading", name="1 student: the themes raised most")).to_be_visible()
    expect(lee.get_by_role("row", name=re.compile("Technical skills"))).to_be_visible()
    expect(lee.locator("main")).not_to_contain_text(ANA)
    expect(lee.locator("main")).not_to_contain_text(LESSON)
    current = lee.get_by_role("navigation", name="Main").locator("[aria-current=page]")
    expect(current).to_have_text("Cohort")
    shot(lee, "coach-07b-cohort")

    # the student sees the comment with the lesson
    ana.goto(live.url + "/lessons")
    said = ana.locator("blockquote.comment")
    expect(said).to_contain_text("Let's practise a backfill design on Thursday.")
    expect(said).to_contain_text(LEE)
    shot(ana, "coach-08-student-sees-comment")

    # the coach's dashboard at phone width: no sideways scrolling
    phone = open_page(browser, live, width=390, height=844)
    _sign_in(phone, live, LEE)
    phone.goto(live.url + "/coach")
    expect(phone.locator(f"#student-{student}")).to_contain_text(ANA)
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the coach's dashboard scrolls sideways at phone width ({wide}px)"
    shot(phone, "coach-09-phone-dashboard")
    phone.goto(live.url + f"/coach/students/{student}")
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"a student's page scrolls sideways at phone width ({wide}px)"
    shot(phone, "coach-10-phone-student")
    phone.goto(live.url + "/coach/cohort")
    wide = phone.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the cohort page scrolls sideways at phone width ({wide}px)"
    shot(phone, "coach-10b-phone-cohort")

    # the student stops sharing
    ana.goto(live.url + "/share")
    ana.get_by_role("button", name="Stop sharing").click()
    expect(ana.get_by_text("Nobody. Your work is yours alone.")).to_be_visible()
    shot(ana, "coach-11-revoked")

    # the coach: the student is gone from the dashboard, their page is not found
    lee.goto(live.url + "/coach")
    expect(lee.get_by_text("No student shares their work with you yet.")).to_be_visible()
    expect(lee.locator("main")).not_to_contain_text(ANA)
    shot(lee, "coach-12-dashboard-after-revoke")
    lee.goto(live.url + "/coach/cohort")
    expect(lee.get_by_text("No student shares their work with you yet.")).to_be_visible()
    gone = lee.goto(live.url + f"/coach/students/{student}")
    assert gone is not None and gone.status == 404
    expect(lee.locator("main")).not_to_contain_text(ANA)
    expect(lee.locator("main")).not_to_contain_text(LESSON)
    shot(lee, "coach-13-student-not-found")

    # signing out ends the session: the back button and the old cookie lead nowhere
    lee.goto(live.url + "/coach")
    old = {c["name"]: c["value"] for c in lee.context.cookies()}
    lee.get_by_role("button", name="Sign out").click()
    expect(lee).to_have_url(re.compile(r"/login"))
    expect(lee.get_by_role("status")).to_have_text("You are signed out.")
    expect(lee.get_by_role("navigation", name="Main")).to_have_count(0)  # nothing to open
    lee.go_back()
    expect(lee).to_have_url(re.compile(r"/login"))
    expect(lee.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(lee.get_by_text(f"Signed in as {LEE}")).to_have_count(0)
    replay = browser.new_context()
    try:
        replay.add_cookies([{"name": k, "value": v, "url": live.url} for k, v in old.items()])
        answer = replay.request.get(live.url + "/api/coach/students")
        assert answer.status == 401, answer.text()
    finally:
        replay.close()
    shot(lee, "coach-14-signed-out")

    assert live.outside == [], f"requests left the machine: {live.outside}"
    # Chromium logs the refused sign-in (401) and the page not found (404) themselves
    others = [
        e for e in live.console_errors if "status of 401" not in e and "status of 404" not in e
    ]
    assert others == [], others


def test_a_coach_reads_a_draft_and_comments_and_the_student_sees_it_there(
    browser: Any,
    live_pg: Live,
    pg: Database,  # noqa: F811
) -> None:
    from playwright.sync_api import expect

    live = live_pg
    student = _student_id(pg, ANA)
    mine = pg.scoped(student)
    record.set_user_name(db=mine, name="Ana Lima")
    app = record.add_application(db=mine, company="Quarry Labs", role="Data Engineer", now=NOW)
    assert app.id is not None
    done = record_rejection(
        db=mine,
        judge=default_judge(),
        text="Dear Ana, thank you for your time. We will not be moving forward. Quarry Labs",
        received_at=NOW,
        application_id=app.id,
        now=NOW,
    )
    coaching.share_with(db=mine, coach=LEE, now=NOW)

    # the coach: the student's thread lists the draft they can send now
    lee = open_page(browser, live, width=390, height=844)
    _sign_in(lee, live, LEE)
    lee.goto(live.url + f"/coach/students/{student}/threads/{done.thread.id}")
    lee.get_by_role("link", name="Ask what would have made your application stronger").click()
    expect(lee.locator("pre.draft-text")).to_contain_text("Ana Lima")
    wide = lee.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the coach's draft page scrolls sideways at phone width ({wide}px)"
    assert lee.locator("main textarea[name=text]").count() == 1  # the comment, nothing else
    lee.get_by_label("Your comment").fill("Say which part of the role you want to hear about.")
    lee.get_by_role("button", name="Comment").click()
    expect(lee.locator("#comments blockquote.comment")).to_contain_text("which part of the role")
    shot(lee, "coach-11-draft-comment")

    # the student sees it beside the same draft
    ana = open_page(browser, live)
    _sign_in(ana, live, ANA)
    ana.goto(live.url + f"/threads/{done.thread.id}/draft?step=request")
    said = ana.locator("#coach-comments blockquote.comment")
    expect(said).to_contain_text("Say which part of the role you want to hear about.")
    expect(said).to_contain_text(LEE)
    shot(ana, "coach-12-student-sees-draft-comment")
