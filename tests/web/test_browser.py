"""The whole loop in a real browser: Debian's Chromium, driven by Playwright.

A user's walk, click by click: add an application, a person and an interview,
record the rejection, draft and edit the request (the check updates as they
type), paste a vague reply, send the probe, paste a concrete reply, keep the
lesson, open the profile and the brief. Every page is saved to
``screenshots/`` (gitignored) to be looked at. Any request that tries to
leave the machine, and any console error (a CSP violation is one), fails it.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from nextround.store import Database
from nextround.store.changes import ChangeProbe
from nextround.web.app import build_app
from tests.conftest import unavailable
from tests.web.conftest import make_context
from tests.web.flows import ACTIONABLE, GENERIC, REJECTION

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"

pytestmark = pytest.mark.slow


@dataclass
class Live:
    url: str
    outside: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)


@pytest.fixture
def live(sqlite_db: Database) -> Iterator[Live]:
    """The app on a free loopback port, served by uvicorn in a thread, pages cached as served."""
    import uvicorn

    probe = ChangeProbe(sqlite_db)
    app = build_app(
        make_context(sqlite_db, allowed_hosts=frozenset({"127.0.0.1"}), data_version=probe.version)
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
        probe.close()


@pytest.fixture
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        unavailable("Debian's chromium is not installed (scripts/system-deps.d/chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser: Any, live: Live, *, width: int = 1280, height: int = 900) -> Any:
    context = browser.new_context(
        viewport={"width": width, "height": height},
        permissions=["clipboard-read", "clipboard-write"],
    )
    context.set_default_timeout(10_000)

    def guard(route: Any) -> None:
        if route.request.url.startswith(live.url):
            route.continue_()
        else:
            live.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            live.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: live.console_errors.append(str(error)))
    return page


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_the_whole_loop_in_a_browser(browser: Any, live: Live) -> None:
    from playwright.sync_api import expect

    page = open_page(browser, live)
    nav = page.get_by_role("navigation", name="Main")

    # a first visit: the home page says what to do first
    page.goto(live.url + "/")
    expect(page.get_by_role("heading", name="First: your name")).to_be_visible()
    shot(page, "01-home-first-visit")
    page.get_by_label("Your name", exact=True).fill("Sam Okafor")
    page.get_by_role("button", name="Save my name").click()
    expect(page.get_by_role("heading", name="First: your name")).to_have_count(0)

    # add an application
    page.get_by_role("link", name="Add your first application").click()
    page.get_by_label("Company").fill("Quarry Labs")
    page.get_by_label("Role").fill("Data Engineer")
    page.get_by_label("Where you found it").fill("referral")
    page.get_by_label("Date applied").fill("2026-10-20")
    shot(page, "02-add-application")
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("heading", name=re.compile("Quarry Labs"))).to_be_visible()

    # the person met, and the interview with what was discussed
    page.get_by_text("Add a person").click()
    page.locator("#con-name").fill("Lena Fischer")
    page.locator("#con-title").fill("Head of Data")
    page.locator("#con-email").fill("lena@quarry.example")
    page.get_by_role("button", name="Add the person").click()
    form = page.locator("#interview-form")
    if form.get_attribute("open") is None:
        page.get_by_text("Add an interview").click()
    page.get_by_label("Round").fill("onsite")
    page.get_by_label("When", exact=True).fill("2026-11-10T14:00")
    page.get_by_label("Lena Fischer").check()
    page.get_by_label("What you talked about").fill(
        "the streaming ingestion rewrite\nhow the team handles backfills"
    )
    page.get_by_label("Technical skills").select_option("5")
    page.get_by_label("Communication").select_option("3")
    page.get_by_role("button", name="Add the interview").click()
    expect(page.get_by_text("the streaming ingestion rewrite").first).to_be_visible()
    shot(page, "03-application-with-interview")

    # the rejection arrives
    page.get_by_text("Record a rejection").click()
    page.get_by_label("The rejection").fill(REJECTION)
    page.get_by_label("Received").fill("2026-11-13T16:00")
    page.get_by_role("button", name="Record the rejection").click()
    expect(page.get_by_text("not asked yet")).to_be_visible()
    shot(page, "04-rejection-recorded")

    # home: one click from the request
    nav.get_by_role("link", name="Next", exact=True).click()
    expect(page.get_by_text("ask for feedback while they still remember you")).to_be_visible()
    shot(page, "05-home-what-to-do")
    page.get_by_role("link", name="Draft the request").click()
    expect(page.get_by_role("heading", name="Ask for feedback")).to_be_visible()

    # pick email and a concise tone: each choice redrafts at once
    page.get_by_role("radio", name="Email", exact=True).check()
    page.wait_for_url(re.compile(r"channel=email"))
    page.get_by_role("radio", name="Concise", exact=True).check()
    page.wait_for_url(re.compile(r"tone=concise"))
    expect(page.get_by_label("Subject")).not_to_have_value("")
    # edits are not thrown away silently: say no, and they stay with the tone they had
    page.locator("#draft-text").fill("My own words")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("radio", name="Formal", exact=True).click()
    expect(page.locator("#draft-text")).to_have_value("My own words")
    expect(page.get_by_role("radio", name="Concise", exact=True)).to_be_checked()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("radio", name="Formal", exact=True).check()
    page.wait_for_url(re.compile(r"tone=formal"))
    page.get_by_role("radio", name="Concise", exact=True).check()
    page.wait_for_url(re.compile(r"tone=concise"))
    editor = page.locator("#draft-text")
    original = editor.input_value()
    assert "Lena" in original and "Sam Okafor" in original
    lint = page.locator("#lint")
    expect(lint).to_contain_text("ready to send")
    greeting, rest = original.split("\n", 1)
    editor.fill(f"{greeting}\nI disagree with your decision, I was clearly the best.\n{rest}")
    expect(lint).not_to_contain_text("ready to send")
    expect(lint).to_contain_text("Argumentative")
    editor.fill(original)
    expect(lint).to_contain_text("ready to send")
    page.get_by_role("button", name="Copy the message").click()
    expect(page.locator("#copy-status")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == original
    shot(page, "06-draft-request")
    page.get_by_role("button", name="I've sent it").click()
    expect(page.get_by_text("asked, waiting for an answer").first).to_be_visible()

    # a vague answer: judged, and the probe offered
    page.get_by_role("link", name="Log their reply").click()
    page.get_by_label("Their answer").fill(GENERIC)
    shot(page, "07-reply-form")
    page.get_by_role("button", name="Judge the reply").click()
    expect(page.locator(".verdict-title strong")).to_have_text("Vague")
    shot(page, "08-reply-generic")
    page.get_by_role("link", name="Draft the probe").click()
    expect(page.get_by_role("heading", name="Ask which area in particular")).to_be_visible()
    shot(page, "09-draft-probe")
    page.get_by_role("button", name="I've sent it").click()

    # a concrete answer: evidence highlighted, the lesson kept
    page.get_by_role("link", name="Log their reply").click()
    page.get_by_label("Their answer").fill(ACTIONABLE)
    page.get_by_role("button", name="Judge the reply").click()
    expect(page.locator(".verdict-title strong")).to_have_text("Concrete feedback")
    expect(page.locator("blockquote mark").first).to_be_visible()
    page.get_by_text("Not right? Correct the judgement").click()
    expect(page.get_by_role("button", name="Save correction")).to_be_visible()
    shot(page, "10-reply-actionable")
    # review the points before anything is kept: reword the first, keep the rest as they are
    page.get_by_role("link", name=re.compile("Review the lesson")).click()
    first = page.locator("#pt-statement-1")
    expect(first).not_to_have_value("")
    first.fill("Walk through late data and backfills in every design answer")
    shot(page, "10b-review-lessons")
    page.get_by_role("button", name="Save the checked lessons").click()
    expect(page.locator("#lessons .lesson").first).to_be_visible()
    expect(page.get_by_text("Walk through late data and backfills")).to_be_visible()

    # thank them, then look back and ahead
    page.get_by_role("link", name="Or thank them").click()
    page.get_by_role("button", name="I've sent it").click()
    expect(page.get_by_text("closed: you thanked them").first).to_be_visible()
    shot(page, "11-application-timeline")

    nav.get_by_role("link", name="Lessons", exact=True).click()
    expect(page.locator(".lesson").first).to_be_visible()
    page.get_by_text("Add a lesson by hand").click()  # a strength they praised
    page.locator("#add-theme").select_option("communication")
    page.locator("#add-polarity").select_option("strength")
    page.locator("#add-statement").fill("Explaining a pipeline clearly")
    page.get_by_label("Who said it").fill("Lena: your communication was great")
    page.get_by_role("button", name="Add the lesson").click()
    added = page.locator(".lesson.polarity-strength", has_text="Explaining a pipeline clearly")
    expect(added).to_be_visible()
    shot(page, "12-lessons")

    nav.get_by_role("link", name="Profile", exact=True).click()
    chart = page.locator("figure.chart img")
    expect(chart).to_be_visible()
    assert page.evaluate("document.querySelector('figure.chart img').naturalWidth") > 0
    expect(page.get_by_role("heading", name="Blind spots")).to_be_visible()
    shot(page, "13-profile")

    page.goto(live.url + "/applications/1")
    page.get_by_role("link", name="Brief for this interview").click()
    expect(page.get_by_role("heading", name="Apply what you learned")).to_be_visible()
    shot(page, "14-brief")
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    shot(page, "15-brief-print")
    page.emulate_media(media="screen")

    nav.get_by_role("link", name="Applications", exact=True).click()
    shot(page, "16-board")
    page.goto(live.url + "/docs")
    shot(page, "17-api-docs")

    assert live.outside == [], f"requests left the machine: {live.outside}"
    assert live.console_errors == [], live.console_errors


def test_keyboard_and_phone_width(browser: Any, live: Live) -> None:
    from playwright.sync_api import expect

    page = open_page(browser, live, width=390, height=844)
    page.goto(live.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # the first steps by keyboard alone: name, then an application
    page.get_by_label("Your name", exact=True).focus()
    page.keyboard.type("Sam Okafor")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Add your first application")).to_be_visible()
    page.get_by_role("link", name="Add your first application").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Company").focus()
    page.keyboard.type("Harbour Bank")
    page.keyboard.press("Tab")
    page.keyboard.type("Business Analyst")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Harbour Bank"))).to_be_visible()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the page scrolls sideways at phone width ({wide}px)"
    shot(page, "18-phone-application")

    # a refused form says why, next to the field
    page.goto(live.url + "/applications/new")
    page.get_by_label("Company").fill("   ")
    page.get_by_label("Role").fill("Analyst")
    page.get_by_role("button", name="Add the application").click()
    expect(page.get_by_role("alert")).to_contain_text("company must not be empty")
    expect(page.get_by_label("Company")).to_have_attribute("aria-invalid", "true")
    shot(page, "19-phone-validation")

    # the profile on a phone: the chart scales without sideways scrolling, and the chart
    # opened on its own draws in colour (no inline style for the CSP to block)
    page.goto(live.url + "/lessons")
    page.get_by_text("Add a lesson by hand").click()
    page.locator("#add-statement").fill("Lead with the result")
    page.get_by_role("button", name="Add the lesson").click()
    page.goto(live.url + "/profile")
    expect(page.locator("figure.chart img")).to_be_visible()
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= 390, f"the profile scrolls sideways at phone width ({wide}px)"
    shown = page.locator("figure.chart img").bounding_box()["width"]
    assert shown >= 300  # most of the width: labels about the size of the text around them
    shot(page, "19b-phone-profile")
    response = page.goto(live.url + "/profile/chart.svg")
    assert response is not None and "style=" not in response.text()
    page.wait_for_load_state()
    assert live.outside == []
    # Chromium logs the 422 of the refused form itself; nothing else may complain
    others = [e for e in live.console_errors if "status of 422" not in e]
    assert others == [], others


def _api(page: Any, live: Live, method: str, path: str, body: Any = None) -> Any:
    """Set the scene through the JSON API, in the browser's own session."""
    token = page.request.get(live.url + "/api/session").json()["csrf_token"]
    response = page.request.fetch(
        live.url + path, method=method, data=body, headers={"X-CSRF-Token": token}
    )
    assert response.ok, response.text()
    return response.json()


def test_former_dead_ends_lead_somewhere_in_a_browser(browser: Any, live: Live) -> None:
    from playwright.sync_api import expect

    from tests.e2e.test_dead_ends import SCREENING

    page = open_page(browser, live)
    page.goto(live.url + "/")
    _api(page, live, "PUT", "/api/me", {"name": "Sam Okafor"})

    # a screening rejection: the home page offers a short request, or closing it
    screening = _api(page, live, "POST", "/api/applications", {"company": "Harbour", "role": "BA"})
    _api(page, live, "POST", f"/api/applications/{screening['id']}/rejection", {"text": SCREENING})
    page.goto(live.url + "/")
    expect(page.get_by_text("Screening rejection")).to_be_visible()
    shot(page, "20-home-screening")
    page.get_by_role("link", name="Draft the request").click()
    expect(page.get_by_role("heading", name="No interview to recall")).to_be_visible()
    expect(page.locator("#draft-text")).to_contain_text("stronger")
    expect(page.locator("#lint")).to_contain_text("ready to send")
    shot(page, "21-draft-screening")
    page.get_by_role("button", name="Not worth asking: close it").click()
    expect(page.get_by_text("you chose not to ask").first).to_be_visible()
    shot(page, "22-closed-not-worth-asking")

    # after a pitch: their answer has somewhere to go
    app = _api(page, live, "POST", "/api/applications", {"company": "Quarry", "role": "DE"})
    tid = _api(page, live, "POST", f"/api/applications/{app['id']}/rejection", {"text": REJECTION})[
        "thread_id"
    ]
    for step, text in (("request", "Hi, could I ask..."), ("pitch", "Since then I have...")):
        if step == "pitch":
            reply = {"text": ACTIONABLE, "category": "actionable"}
            _api(page, live, "POST", f"/api/threads/{tid}/reply", reply)
        sent = {"step": step, "channel": "email", "text": text}
        _api(page, live, "POST", f"/api/threads/{tid}/sent", sent)
    page.goto(live.url + f"/applications/{app['id']}")
    expect(page.get_by_text("you pitched again, waiting for their answer").first).to_be_visible()
    shot(page, "23-pitched-waiting")
    page.get_by_label("Their answer").fill("Could you come in for the platform role?")
    page.get_by_role("button", name=re.compile("They reconsidered")).click()
    expect(page.get_by_text("They reconsidered after your pitch").first).to_be_visible()
    expect(page.get_by_role("link", name="Add the interview")).to_be_visible()
    shot(page, "24-reconsidered")

    assert live.outside == [], f"requests left the machine: {live.outside}"
    assert live.console_errors == [], live.console_errors
