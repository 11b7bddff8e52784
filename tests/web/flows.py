"""The loop driven through the pages' own forms, shared by the in-process tests."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tests.web.conftest import Web, location

REJECTION = (
    "Hi Sam,\n\nThank you for taking the time to interview with us for the Data Engineer "
    "role. After careful consideration we have decided to move forward with another "
    "candidate.\n\nBest wishes,\nLena Fischer\nPeople Team, Quarry Labs"
)
GENERIC = "Thanks for asking. It was close, but another candidate had more relevant experience."
ACTIONABLE = (
    "Sure. Your system design answer stayed too high-level: you never discussed how the "
    "pipeline would handle late-arriving data or backfills. Your communication was great."
)


@dataclass
class Ids:
    app: int
    contact: int
    interview: int
    thread: int = 0
    reply: int = 0


def last_id(url: str) -> int:
    found = re.findall(r"\d+", url)
    assert found, url
    return int(found[-1])


def seed(web: Web, *, company: str = "Quarry Labs") -> Ids:
    """Name, an application, a person and an interview, as a user adds them."""
    assert location(web.post("/me", {"name": "Sam Okafor", "next": "/"})) == "/"
    app = last_id(
        location(web.post("/applications", {"company": company, "role": "Data Engineer"}))
    )
    assert location(
        web.post(f"/applications/{app}/contacts", {"name": "Lena Fischer", "company": company})
    ).endswith("#people")
    contact = web.api("GET", "/api/contacts").json()[-1]["id"]
    interview = last_id(
        location(
            web.post(
                f"/applications/{app}/interviews",
                {
                    "stage": "onsite",
                    "when": "2026-11-10T14:00",
                    "contact_ids": [str(contact)],
                    "talking_points": "the streaming ingestion rewrite\nbackfills",
                    "rate_technical_skills": "5",
                    "rate_communication": "3",
                },
            )
        )
    )
    return Ids(app=app, contact=contact, interview=interview)


def reject(web: Web, ids: Ids) -> Ids:
    response = web.post(
        f"/applications/{ids.app}/rejection",
        {"text": REJECTION, "received_at": "2026-11-13T16:00"},
    )
    assert location(response) == f"/applications/{ids.app}#next-step"
    ids.thread = web.api("GET", f"/api/applications/{ids.app}").json()["thread"]["id"]
    return ids


def send(web: Web, ids: Ids, step: str, *, channel: str = "email") -> None:
    draft = web.api("GET", f"/api/threads/{ids.thread}/draft?step={step}&channel={channel}")
    assert draft.status_code == 200, draft.text
    body = draft.json()
    response = web.post(
        f"/threads/{ids.thread}/sent",
        {
            "step": step,
            "channel": channel,
            "subject": body["subject"] or "",
            "text": body["body"],
        },
    )
    assert location(response) == f"/applications/{ids.app}#next-step"


def reply(web: Web, ids: Ids, text: str) -> int:
    response = web.post(f"/threads/{ids.thread}/reply", {"text": text, "channel": "email"})
    target = location(response)
    assert target.startswith("/replies/")
    ids.reply = last_id(target)
    return ids.reply
