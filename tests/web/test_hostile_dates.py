"""Dates in the web app (issue 16): one reader, one set of bounds, and no page a date can break."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nextround.domain.model import Channel, Direction, Message, MessageKind
from nextround.domain.thread import FeedbackThread, ThreadState
from nextround.services import record
from nextround.store import Database
from tests.conftest import NOW
from tests.web.conftest import Web
from tests.web.flows import REJECTION


@pytest.mark.parametrize(
    ("at", "needle"),
    [("9999-12-31T23:59", "1900-2200"), ("2031-01-01", "future"), ("31/02/2026", "not a date")],
)
def test_a_rejection_form_refuses_a_date_out_of_bounds(web: Web, at: str, needle: str) -> None:
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    page = web.post("/applications/1/rejection", {"text": REJECTION, "received_at": at})
    assert page.status_code == 422 and needle in page.text
    assert web.get("/api/threads").json() == []


@pytest.mark.parametrize(
    ("at", "status"),
    [("9999-12-31T23:59:00", 422), ("2031-01-01T10:00:00", 422), ("2026-11-16T12:00:00Z", 201)],
)
def test_the_api_applies_the_same_bounds(web: Web, at: str, status: int) -> None:
    web.api("POST", "/api/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    answer = web.api(
        "POST", "/api/applications/1/rejection", {"text": REJECTION, "received_at": at}
    )
    assert answer.status_code == status, answer.text
    if status == 422:
        assert "\n" not in answer.json()["detail"]
        assert web.get("/api/threads").json() == []


def test_a_zone_means_the_same_in_a_form_and_the_api(web: Web) -> None:
    web.post("/applications", {"company": "Quarry Labs", "role": "Data Engineer"})
    typed = "2026-11-20T14:30+05:00"
    web.post("/applications/1/interviews", {"stage": "onsite", "when": typed})
    web.api("POST", "/api/applications/1/interviews", {"stage": "final", "when": typed})
    expected = datetime(2026, 11, 20, 9, 30, tzinfo=UTC).astimezone().replace(tzinfo=None)
    whens = {i["when"] for i in web.get("/api/applications/1").json()["interviews"]}
    assert whens == {expected.isoformat()}


@pytest.mark.parametrize("when", [datetime(9999, 12, 31, 23, 59), datetime(1, 1, 1)])
def test_a_stored_date_out_of_range_takes_no_page_down(
    db: Database, web: Web, when: datetime
) -> None:
    app = record.add_application(db=db, company="Quarry Labs", role="Data Engineer", now=NOW)
    assert app.id is not None
    with db.unit() as repo:  # as an older version or a hand-edited database could hold it
        thread = repo.add_thread(
            FeedbackThread(
                id=None, application_id=app.id, rejected_at=when, state=ThreadState.TO_ASK
            )
        )
        repo.add_message(
            Message(
                id=None,
                application_id=app.id,
                thread_id=thread.id,
                direction=Direction.RECEIVED,
                kind=MessageKind.REJECTION,
                channel=Channel.EMAIL,
                text=REJECTION,
                at=when,
            )
        )
    for path in ("/", f"/applications/{app.id}", f"/api/threads/{thread.id}", "/api/next"):
        assert web.get(path).status_code == 200, path
