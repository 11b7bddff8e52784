"""Students and coaches on one server (real PostgreSQL): nobody reads or changes another's data.

The operations come from the app's own OpenAPI schema, so a route added later
is covered without anyone remembering to: each is called as its owner, as
another student with the owner's ids, as a coach the owner did not share with,
as the coach the owner shares with (reads of the owner's work through the
coach's routes, no write), and without a session. Revoking the share hides
everything from that coach at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from nextround.services.accounts import add_user
from nextround.store import Database
from nextround.web.app import build_app
from tests.conftest import NOW
from tests.web.conftest import HOST, TestClient, Web, make_context
from tests.web.flows import ACTIONABLE, reject, seed
from tests.web.test_multi_user import PASSWORD, pg  # noqa: F401 (the fixture)
from tests.web.test_row_security import app_role

pytestmark = pytest.mark.postgres

COMPANY = "Alpha Secret Works"
MARKERS = (COMPANY, "Sam Okafor", "late-arriving data", "streaming ingestion rewrite")
OPEN = {"/api/session", "/api/login", "/api/logout"}
COACH = "/api/coach/"  # a coach's reads of a consenting student's work
# the one write a coach has on a student's work (a comment the student sees):
# its own test is in test_coaching.py; here it would change the owner's answers
# a coach's one kind of write: a comment on a consenting student's lesson or draft
COACH_WRITES = {
    ("POST", "/api/coach/students/{student_id}/lessons/{lesson_id}/comments"),
    ("POST", "/api/coach/students/{student_id}/threads/{thread_id}/comments"),
}
STUDENT, OTHER, COACH_OK, COACH_NO = (
    "ana@example.edu",
    "bo@example.edu",
    "lee@example.edu",
    "may@example.edu",
)


def _sign_in(client: TestClient, email: str) -> Web:
    web = Web(client)
    done = web.api("POST", "/api/login", {"email": email, "password": PASSWORD})
    assert done.status_code == 200, done.text
    web._token = None
    return web


@pytest.fixture(params=["as the tables' owner", "as a role bound by row-level security"])
def app(request: pytest.FixtureRequest, pg: Database) -> Iterator[Any]:  # noqa: F811
    """The server, connected as the tables' owner (first line only), and as a role that
    owns no table (both lines: the repository's scoping and PostgreSQL's policies)."""
    for email, role in (
        (STUDENT, "student"),
        (OTHER, "student"),
        (COACH_OK, "coach"),
        (COACH_NO, "coach"),
    ):
        add_user(db=pg, email=email, role=role, password=PASSWORD, now=NOW)
    if request.param.startswith("as the tables"):
        yield build_app(make_context(pg, multi_user=True))
        return
    with app_role(pg) as bound:
        yield build_app(make_context(bound, multi_user=True))


@pytest.fixture
def clients(app: Any) -> Iterator[tuple[Web, Web, Web]]:
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
        TestClient(app, base_url=f"http://{HOST}") as anon,
    ):
        yield _sign_in(a, STUDENT), _sign_in(b, OTHER), Web(anon)


@pytest.fixture
def coaches(app: Any) -> Iterator[tuple[Web, Web]]:
    """The coach the owner shares with, and a coach they do not."""
    with (
        TestClient(app, base_url=f"http://{HOST}") as ok,
        TestClient(app, base_url=f"http://{HOST}") as no,
    ):
        yield _sign_in(ok, COACH_OK), _sign_in(no, COACH_NO)


def _operations(app: Any) -> list[tuple[str, str, dict[str, Any]]]:
    ops = []
    for path, methods in app.openapi()["paths"].items():
        for method, op in methods.items():
            if path not in OPEN:
                ops.append((method.upper(), path, op))
    return ops


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    if "anyOf" in schema:
        return _resolve(next(s for s in schema["anyOf"] if s.get("type") != "null"), spec)
    if "allOf" in schema:
        return _resolve(schema["allOf"][0], spec)
    return schema


def _example(schema: dict[str, Any], spec: dict[str, Any]) -> Any:
    """A small valid value for a schema: enough to reach the service behind a route."""
    schema = _resolve(schema, spec)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: _example(prop, spec)
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "boolean":
        return False
    if kind == "number":
        return 1
    if schema.get("format") == "date-time":
        return "2026-11-12T10:00:00"
    if schema.get("format") == "date":
        return "2026-11-12"
    return "probe text"


def _body(op: dict[str, Any], spec: dict[str, Any]) -> Any:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    return _example(content["application/json"]["schema"], spec)


# a query that fits the owner's thread (it has concrete feedback: thank them)
QUERIES = {"/api/threads/{thread_id}/draft": "?step=thanks"}


def _fill(path: str, ids: dict[str, int]) -> str:
    filled = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), path)
    return filled + QUERIES.get(path, "")


def _snapshot(web: Web, app: Any, ids: dict[str, int], *, coach: bool = False) -> dict[str, Any]:
    """Everything the owner (or, ``coach``, their coach) can read through the API."""
    seen = {}
    for method, path, _ in _operations(app):
        if method == "GET" and path.startswith(COACH) == coach:
            response = web.get(_fill(path, ids))
            seen[path] = (response.status_code, response.text)
    return seen


def _owner_data(web: Web, db: Database) -> dict[str, int]:
    ids = seed(web, company=COMPANY)
    reject(web, ids)
    reply = web.api("POST", f"/api/threads/{ids.thread}/reply", {"text": ACTIONABLE})
    assert reply.status_code == 201, reply.text
    message = reply.json()["message"]["id"]
    lesson = web.api(
        "POST",
        "/api/lessons",
        {"theme": "technical_skills", "statement": "Discuss late-arriving data in designs"},
    )
    assert lesson.status_code == 201, lesson.text
    # a tracker import (its keys are the owner's) and a calendar feed fetched once
    # (what it said is recorded as the owner's)
    tracker = f"Company,Role,Date Applied\n{COMPANY} Two,Platform Engineer,2026-10-01\n"
    preview = web.post(
        "/import/preview", data={}, files={"file": ("t.csv", tracker.encode(), "text/csv")}
    )
    assert preview.status_code == 200, preview.text[:300]
    done = web.post("/import", data={"content": tracker, "map": ""})
    assert done.status_code == 200 and "1 added" in done.text, done.text[:300]
    feed = web.api("POST", "/api/calendar/feed").json()["path"]
    assert COMPANY in web.get(feed).text
    return {
        "app_id": ids.app,
        "thread_id": ids.thread,
        "message_id": message,
        "interview_id": ids.interview,
        "lesson_id": lesson.json()["id"],
        "contact_id": ids.contact,
        "student_id": _user_id(db, STUDENT),
        "coach_id": _user_id(db, COACH_OK),
    }


def _user_id(db: Database, email: str) -> int:
    with db.unit() as repo:
        return repo.accounts.user(email).id


def test_students_and_coaches_share_only_what_was_consented(
    app: Any,
    pg: Database,  # noqa: F811
    clients: tuple[Web, Web, Web],
    coaches: tuple[Web, Web],
) -> None:
    owner, other, anonymous = clients
    coach, stranger = coaches
    ids = _owner_data(owner, pg)
    shared = owner.api("POST", "/api/shares", {"coach_email": COACH_OK})
    assert shared.status_code == 201, shared.text
    spec = app.openapi()
    ops = _operations(app)
    assert len(ops) >= 25  # the whole API, not a sample
    assert any(p.startswith(COACH) for _, p, _ in ops)

    before = _snapshot(owner, app, ids)
    gets = [p for m, p, _ in ops if m == "GET" and not p.startswith(COACH)]
    not_ok = {p: before[p] for p in gets if before[p][0] != 200}
    assert not_ok == {}
    assert all(m in json.dumps(before) for m in MARKERS)  # the markers are there to find
    # the coach with consent reads the owner's work through every coach route
    coached = _snapshot(coach, app, ids, coach=True)
    assert {p: r[0] for p, r in coached.items() if r[0] != 200} == {}
    assert all(m in json.dumps(coached) for m in MARKERS[:1] + MARKERS[2:])

    # the cohort (counts only): the owner counts for the coach they share with, not for another
    assert coach.api("GET", "/api/coach/cohort").json()["students"] == 1
    assert stranger.api("GET", "/api/coach/cohort").json() == {"students": 0, "themes": []}
    assert other.api("GET", "/api/coach/cohort").status_code == 403  # a student has none

    leaks: list[tuple[str, str, str, int]] = []
    writes: list[tuple[str, str, str, int]] = []
    for method, path, op in ops:
        url = _fill(path, ids)
        body = _body(op, spec)
        refused = anonymous.api(method, url, body)
        assert refused.status_code == 401, (method, path, refused.status_code)
        for who, web in (("student", other), ("coach without consent", stranger)):
            answer = web.api(method, url, body)
            if any(m in answer.text for m in MARKERS):
                leaks.append((who, method, path, answer.status_code))
            if "{" in path and answer.status_code < 400:
                writes.append((who, method, path, answer.status_code))
        if (method, path) in COACH_WRITES:
            continue
        answer = coach.api(method, url, body)
        read = method == "GET" and path.startswith(COACH)
        if not read and any(m in answer.text for m in MARKERS):
            leaks.append(("coach with consent", method, path, answer.status_code))
        if method != "GET" and "{" in path and answer.status_code < 400:
            writes.append(("coach with consent", method, path, answer.status_code))
    assert leaks == []
    assert writes == []  # every change on the owner's ids is refused for everyone else
    assert _snapshot(owner, app, ids) == before  # and nothing of the owner's changed
    assert _snapshot(coach, app, ids, coach=True) == coached

    pages = ["/", "/applications", "/lessons", "/profile", "/me", "/share", "/coach", "/feed"]
    pages += ["/mail/accounts"]  # each person's own mail accounts (test_mail_pages_server.py)
    for web in (other, stranger, coach):
        for page in pages:
            shown = web.get(page, headers={"accept": "text/html"})
            assert shown.status_code == 200 and not any(m in shown.text for m in MARKERS), page
    for web in (other, stranger, coach):  # a student is refused it; a coach sees numbers only
        shown = web.get("/coach/cohort", headers={"accept": "text/html"})
        assert shown.status_code in (200, 403) and not any(m in shown.text for m in MARKERS)
    # numbers, tracker import, the CSV of applications, the export and the calendar feed
    # are each person's own: nothing of the owner's in anyone else's
    for page in ["/progress", "/import", "/applications.csv", "/api/export"]:
        shown = other.get(page, headers={"accept": "text/html"})
        assert shown.status_code == 200 and not any(m in shown.text for m in MARKERS), page
    assert COMPANY in owner.get("/applications.csv").text
    theirs_feed = other.api("POST", "/api/calendar/feed").json()["path"]
    shown = anonymous.get(theirs_feed)
    assert shown.status_code == 200 and not any(m in shown.text for m in MARKERS)
    mine = owner.get(f"/applications/{ids['app_id']}", headers={"accept": "text/html"})
    assert mine.status_code == 200 and COMPANY in mine.text
    for web in (other, stranger, coach):
        theirs = web.get(f"/applications/{ids['app_id']}", headers={"accept": "text/html"})
        assert theirs.status_code == 404 and COMPANY not in theirs.text
    student = ids["student_id"]
    coach_pages = [
        f"/coach/students/{student}",
        f"/coach/students/{student}/applications/{ids['app_id']}",
        f"/coach/students/{student}/threads/{ids['thread_id']}",
    ]
    for page in coach_pages:
        seen = coach.get(page, headers={"accept": "text/html"})
        assert seen.status_code == 200 and any(m in seen.text for m in MARKERS), page
        for web in (other, stranger):
            shown = web.get(page, headers={"accept": "text/html"})
            assert shown.status_code == 404 and not any(m in shown.text for m in MARKERS), page

    # revoking hides everything from the coach at once
    revoked = owner.api("DELETE", f"/api/shares/{ids['coach_id']}")
    assert revoked.status_code == 204, revoked.text
    for method, path, _op in ops:
        if method == "GET":
            answer = coach.api(method, _fill(path, ids))
            assert not any(m in answer.text for m in MARKERS), path
            if path.startswith(COACH + "students/"):
                assert answer.status_code == 404, path
    for page in [*coach_pages, "/coach"]:
        shown = coach.get(page, headers={"accept": "text/html"})
        assert not any(m in shown.text for m in MARKERS), page
    assert coach.api("GET", "/api/coach/cohort").json() == {"students": 0, "themes": []}
