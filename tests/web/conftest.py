"""The web app in-process: a real database, the real judge, a fixed clock.

``web`` is a test client that behaves like one browser session: it fetches
the anti-forgery token once and sends it with every form and API change,
as the pages and the API's clients do.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.exceptions import StarletteDeprecationWarning

from nextround.analysis import default_judge
from nextround.store import Database
from nextround.web.app import build_app
from nextround.web.context import WebContext
from nextround.web.security import CSRF_FIELD, CSRF_HEADER
from tests.conftest import NOW

with warnings.catch_warnings():
    # Starlette 1.x prefers httpx2 for its test client; httpx is what this project locks
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from starlette.testclient import TestClient

HOST = "testserver"


def make_context(db: Database, **overrides: Any) -> WebContext:
    settings: dict[str, Any] = {
        "db": db,
        "judge": default_judge(),
        "secret": os.urandom(32),
        "clock": lambda: NOW,
        "allowed_hosts": frozenset({HOST}),
    }
    settings.update(overrides)
    return WebContext(**settings)


class Web:
    """One browser session against the app."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._token: str | None = None

    @property
    def token(self) -> str:
        if self._token is None:
            self._token = self.client.get("/api/session").json()["csrf_token"]
        return self._token

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def post(self, path: str, data: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        """A form submission, as the page sends it (token in a hidden field)."""
        kwargs.setdefault("follow_redirects", False)
        return self.client.post(path, data={CSRF_FIELD: self.token, **(data or {})}, **kwargs)

    def api(self, method: str, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
        headers = {CSRF_HEADER: self.token, **kwargs.pop("headers", {})}
        return self.client.request(method, path, json=body, headers=headers, **kwargs)


@pytest.fixture
def app_for(db: Database) -> Any:
    def build(**overrides: Any) -> Any:
        return build_app(make_context(db, **overrides))

    return build


@pytest.fixture
def web(db: Database) -> Iterator[Web]:
    with TestClient(build_app(make_context(db)), base_url=f"http://{HOST}") as client:
        yield Web(client)


def location(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text[:500]
    return response.headers["location"]
