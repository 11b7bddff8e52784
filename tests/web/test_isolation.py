"""Two students on one server (real PostgreSQL): neither reads nor changes the other's data.

The operations come from the app's own OpenAPI schema, so a route added later
is covered without anyone remembering to: each is called as its owner, as
another student with the owner's ids, and without a session.
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

pytestmark = pytest.mark.postgres

COMPANY = "Alpha Secret Works"
MARKERS = (COMPANY, "Sam Okafor", "late-arriving data", "streaming ingestion rewrite")
OPEN = {"/api/session", "/api/login", "/api/logout"}


def _sign_in(client: TestClient, email: str) -> Web:
    web = Web(client)
    done = web.api("POST", "/api/login", {"email": email, "password": PASSWORD})
    assert done.status_code == 200, done.text
    web._token = None
    return web


@pytest.fixture
def app(pg: Database) -> Any:  # noqa: F811
    for email in ("ana@example.edu", "bo@example.edu"):
        add_user(db=pg, email=email, role="student", password=PASSWORD, now=NOW)
    return build_app(make_context(pg, multi_user=True))


@pytest.fixture
def clients(app: Any) -> Iterator[tuple[Web, Web, Web]]:
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
        TestClient(app, base_url=f"http://{HOST}") as anon,
    ):
        yield _sign_in(a, "ana@example.edu"), _sign_in(b, "bo@example.edu"), Web(anon)


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


def _snapshot(web: Web, app: Any, ids: dict[str, int]) -> dict[str, Any]:
    """Everything the owner can read through the API."""
    seen = {}
    for method, path, _ in _operations(app):
        if method == "GET":
            response = web.get(_fill(path, ids))
            seen[path] = (response.status_code, response.text)
    return seen


def _owner_data(web: Web) -> dict[str, int]:
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
    return {
        "app_id": ids.app,
        "thread_id": ids.thread,
        "message_id": message,
        "interview_id": ids.interview,
        "lesson_id": lesson.json()["id"],
        "contact_id": ids.contact,
    }


def test_two_students_share_nothing(app: Any, clients: tuple[Web, Web, Web]) -> None:
    owner, other, anonymous = clients
    ids = _owner_data(owner)
    spec = app.openapi()
    ops = _operations(app)
    assert len(ops) >= 25  # the whole API, not a sample

    before = _snapshot(owner, app, ids)
    gets = [p for m, p, _ in ops if m == "GET"]
    not_ok = {p: before[p] for p in gets if before[p][0] != 200}
    assert not_ok == {}
    assert all(m in json.dumps(before) for m in MARKERS)  # the markers are there to find

    leaks, writes = [], []
    for method, path, op in ops:
        url = _fill(path, ids)
        body = _body(op, spec)
        refused = anonymous.api(method, url, body)
        assert refused.status_code == 401, (method, path, refused.status_code)
        answer = other.api(method, url, body)
        if any(m in answer.text for m in MARKERS):
            leaks.append((method, path, answer.status_code))
        if "{" in path and answer.status_code < 400:
            writes.append((method, path, answer.status_code))
    assert leaks == []
    assert writes == []  # every operation on the owner's ids is refused for another student
    assert _snapshot(owner, app, ids) == before  # and nothing of the owner's changed

    pages = ["/", "/applications", "/lessons", "/profile", "/me"]
    for page in pages:
        shown = other.get(page, headers={"accept": "text/html"})
        assert shown.status_code == 200 and not any(m in shown.text for m in MARKERS), page
    # whole-database pages (numbers, tracker import, CSV of every application) are
    # refused on a server until they are per user: they must not show anyone's rows
    for page in ["/progress", "/import", "/applications.csv"]:
        shown = other.get(page, headers={"accept": "text/html"})
        assert not any(m in shown.text for m in MARKERS), page
    mine = owner.get(f"/applications/{ids['app_id']}", headers={"accept": "text/html"})
    assert mine.status_code == 200 and COMPANY in mine.text
    theirs = other.get(f"/applications/{ids['app_id']}", headers={"accept": "text/html"})
    assert theirs.status_code == 404 and COMPANY not in theirs.text
