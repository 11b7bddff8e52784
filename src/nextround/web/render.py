"""Pages: Jinja2 templates with autoescaping, and the filters they use.

Every piece of user or mail text reaches a page through autoescaping. The
only markup we build ourselves (``highlight``) escapes each piece first; HTML
that came in a mail is shown only through ``mail_html`` (nh3, a strict
allowlist, no images or anything else that would fetch from elsewhere).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import nh3
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from nextround.domain.certainty import certainty, needs_check
from nextround.domain.drafts import Step
from nextround.domain.lessons import raised_words
from nextround.domain.model import ApplicationStatus, Channel, LessonStatus, Polarity, Tone
from nextround.domain.themes import Theme
from nextround.domain.thread import STATE_WORDS, Event, ThreadState
from nextround.web.security import CSRF_FIELD, CSRF_HEADER

# Pages are rendered with this in place of the session's token and get the real
# one just before they are sent, so that the form macros need no render context
# (Jinja then compiles their module once) and a cached page carries no session.
# Autoescaping turns any "<" from user text into "&lt;": no text can forge it.
TOKEN_SLOT = "<nextround:session-token>"

TEMPLATES = Path(__file__).with_name("templates")

STEP_TITLES = {
    Step.REQUEST: "Ask for feedback",
    Step.SCREENING: "Ask what would have made your application stronger",
    Step.FOLLOW_UP: "Send a friendly follow-up",
    Step.PROBE: "Ask which area in particular",
    Step.CLOSE: "Close politely",
    Step.PITCH: "Pitch yourself again",
    Step.THANKS: "Thank them",
}

# what a draft is called in a sentence ("Lee on the probe, 3 Dec")
STEP_NAMES = {
    Step.REQUEST: "feedback request",
    Step.SCREENING: "feedback request",
    Step.FOLLOW_UP: "follow-up",
    Step.PROBE: "probe",
    Step.CLOSE: "closing note",
    Step.PITCH: "re-pitch",
    Step.THANKS: "thank-you",
}

STATE_TEXT = STATE_WORDS

# a step of the feedback thread, said as what happened
EVENT_WORDS = {
    "request_sent": "You asked for feedback",
    "not_asking": "You chose not to ask",
    "follow_up_sent": "You followed up",
    "generic_reply": "They answered vaguely",
    "actionable_reply": "They gave concrete feedback",
    "declined_reply": "They give no feedback",
    "probe_sent": "You asked which area in particular",
    "pitched": "You pitched yourself again",
    "reconsidered": "They reconsidered",
    "not_now": "They said not now",
    "thanked": "You thanked them",
    "close_sent": "You closed it",
    "no_response": "Closed: no response",
}

# one vocabulary for a reply's judgement, wherever a page shows it
VERDICT_WORDS = {
    "actionable": "Concrete feedback",
    "generic": "Vague",
    "declined": "No feedback given",
}


MESSAGE_TITLES = {
    "rejection": "Rejection received",
    "reply": "They replied",
    "request": "You asked for feedback",
    "follow_up": "You followed up",
    "probe": "You asked which area in particular",
    "close": "You closed politely",
    "pitch_answer": "They answered your pitch",
    "pitch": "You pitched yourself again",
    "thanks": "You thanked them",
    "other": "Message",
}

CHANNEL_TEXT = {
    Channel.CALL: ("Call", "a script with a branch for each answer; a call is the best first ask"),
    Channel.EMAIL: ("Email", "with a subject line"),
    Channel.LINKEDIN: ("LinkedIn", "300 characters at most"),
    Channel.VOICEMAIL: ("Voicemail", "80 words at most"),
}


EMAIL_KIND_TEXT = {
    "rejection": "a rejection",
    "invite": "an invitation to interview",
    "confirmation": "a confirmation that they received it",
    "offer": "an offer",
    "alert": "a job alert",
    "outreach": "a recruiter reaching out",
    "other": "something else",
}


def label(value: object) -> str:
    """An enum or code name as words: ``technical_skills`` -> ``technical skills``."""
    raw = value.value if isinstance(value, Enum) else str(value)
    return str(raw).replace("_", " ")


def when(value: datetime | date | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%a %d %b %Y")
        return value.strftime("%a %d %b %Y, %H:%M")
    return value.strftime("%a %d %b %Y")


def day(value: datetime | date | None) -> str:
    return value.strftime("%d %b %Y") if value else "—"


def local_input(value: datetime | None) -> str:
    """A datetime as an ``<input type=datetime-local>`` value."""
    return value.strftime("%Y-%m-%dT%H:%M") if value else ""


def percent(value: object) -> str:
    try:
        return f"{float(str(value)):.0%}"
    except ValueError:
        return "—"


def sureness(value: object) -> str:
    """A judgement's confidence in words ("sure", "likely", "not sure, please check")."""
    try:
        return certainty(float(str(value))).words
    except ValueError:
        return ""


def unsure(value: object) -> bool:
    try:
        return needs_check(float(str(value)))
    except ValueError:
        return True


def _pattern(sentence: str) -> re.Pattern[str] | None:
    words = sentence.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(w) for w in words))


def highlight(text: str, evidence: Iterable[object] | None) -> Markup:
    """``text`` escaped, with each evidence sentence found in it wrapped in ``<mark>``."""
    spans: list[tuple[int, int]] = []
    for sentence in evidence or ():
        pattern = _pattern(str(sentence))
        found = pattern.search(text) if pattern else None
        if found:
            spans.append(found.span())
    out: list[str] = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        out.append(str(escape(text[cursor:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    out.append(str(escape(text[cursor:])))
    return Markup("".join(out))


MAIL_TAGS = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "br",
        "code",
        "div",
        "em",
        "i",
        "li",
        "ol",
        "p",
        "pre",
        "span",
        "strong",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)


def mail_html(html: str) -> Markup:
    """HTML from a mail, made safe to show: no script, style, image, form or remote fetch."""
    cleaned = nh3.clean(
        html,
        tags=set(MAIL_TAGS),
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)  # nh3's output: the sanitised HTML


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "svg"), default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        label=label,
        when=when,
        day=day,
        local_input=local_input,
        percent=percent,
        sureness=sureness,
        unsure=unsure,
        highlight=highlight,
        mail_html=mail_html,
    )
    env.globals.update(
        CSRF_FIELD=CSRF_FIELD,
        CSRF_HEADER=CSRF_HEADER,
        csrf_token=Markup(TOKEN_SLOT),
        STEP_TITLES=STEP_TITLES,
        STEP_NAMES=STEP_NAMES,
        STATE_TEXT=STATE_TEXT,
        VERDICT_WORDS=VERDICT_WORDS,
        EVENT_WORDS=EVENT_WORDS,
        raised_words=raised_words,
        sureness=sureness,
        MESSAGE_TITLES=MESSAGE_TITLES,
        CHANNEL_TEXT=CHANNEL_TEXT,
        Event=Event,
        THEME_OPTIONS=[(t.value, t.label.capitalize()) for t in Theme],
        EMAIL_KIND_TEXT=EMAIL_KIND_TEXT,
        EMAIL_KINDS=[(k, v.capitalize()) for k, v in EMAIL_KIND_TEXT.items()],
        Step=Step,
        ThreadState=ThreadState,
        Channel=Channel,
        Tone=Tone,
        Theme=Theme,
        Polarity=Polarity,
        LessonStatus=LessonStatus,
        ApplicationStatus=ApplicationStatus,
    )
    return env


def render_text(name: str, context: Mapping[str, Any]) -> str:
    return environment().get_template(name).render(context)


def page(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a template as a page; every page knows its path and carries its form token."""
    context.setdefault("errors", {})
    context.setdefault("values", {})
    context.setdefault("user", getattr(request.state, "user", None))  # multi-user mode only
    html = render_text(name, {"request_path": request.url.path, **context})
    html = html.replace(TOKEN_SLOT, getattr(request.state, "csrf_token", ""))
    return HTMLResponse(html, status_code=status_code, headers={"cache-control": "no-store"})
