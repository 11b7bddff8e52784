"""schemathesis against the OpenAPI schema: no generated request gets a server error.

Requests are generated from the schema (valid and invalid ones) and sent to
the app in-process, on a database that already holds a walked loop, with
this session's anti-forgery token so that changes reach the handlers
instead of stopping at the 403. Bounded: a few dozen examples per operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error

from nextround.store import open_database, sqlite_url
from nextround.web.app import build_app
from nextround.web.security import CSRF_HEADER, SESSION_COOKIE, csrf_token
from tests.web.conftest import HOST, TestClient, Web, make_context
from tests.web.flows import ACTIONABLE, GENERIC, reject, reply, seed, send

SECRET = os.urandom(32)
SESSION = "schemathesis-session-0123456789-abcdefghij"
EXAMPLES = int(os.environ.get("NEXTROUND_SCHEMA_EXAMPLES", "30"))


def _schema() -> Any:
    """The schema of the app as built; it does not depend on what the database holds."""
    db = open_database("sqlite://")
    try:
        return schemathesis.openapi.from_dict(build_app(make_context(db)).openapi())
    finally:
        db.dispose()


schema = _schema()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    path: Path = tmp_path_factory.mktemp("schema") / "schema.sqlite"
    db = open_database(sqlite_url(path))
    app = build_app(make_context(db, secret=SECRET, allowed_hosts=frozenset({HOST})))
    with TestClient(app, base_url=f"http://{HOST}") as client:
        web = Web(client)
        ids = reject(web, seed(web))  # ids 1 exist: generated requests reach real rows
        send(web, ids, "request")
        reply(web, ids, GENERIC)
        send(web, ids, "probe")
        reply(web, ids, ACTIONABLE)
        reject(web, seed(web, company="Harbour Bank"))
    yield app
    db.dispose()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_no_generated_request_gets_a_server_error(api: Any, case: Any) -> None:
    response = case.call(
        app=api,
        headers={CSRF_HEADER: csrf_token(SECRET, SESSION)},
        cookies={SESSION_COOKIE: SESSION},
    )
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code != 403, "the token did not reach the app"
