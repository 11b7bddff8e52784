"""Safe by default: loopback hosts, a token on every change, escaped and sanitised text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from nextround.services.session_secret import SECRET_KEY, session_secret
from nextround.store import Database
from nextround.web.app import ROUTES, STATIC, build_app
from nextround.web.context import LOOPBACK_HOSTS
from nextround.web.render import TEMPLATES, highlight, mail_html
from nextround.web.security import SESSION_COOKIE, csrf_token, host_name
from tests.web.conftest import HOST, TestClient, Web, make_context
from tests.web.flows import reject, seed

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def unsafe_routes() -> list[tuple[str, str]]:
    found = []
    for module in ROUTES:
        for route in module.router.routes:
            assert isinstance(route, APIRoute)
            for method in sorted(route.methods & set(UNSAFE)):
                found.append((method, re.sub(r"\{[^}]+\}", "1", route.path)))
    return found


def test_every_change_needs_the_token(db: Database, web: Web) -> None:
    reject(web, seed(web))  # ids 1 exist, so a refusal is not a 404 in disguise
    routes = unsafe_routes()
    assert len(routes) >= 25
    for method, path in routes:
        bare = web.client.request(method, path, data={"name": "x"}, follow_redirects=False)
        assert bare.status_code == 403, (method, path, bare.status_code)
        forged = web.client.request(
            method, path, data={"csrf_token": "0" * 64}, follow_redirects=False
        )
        assert forged.status_code == 403, (method, path)
        assert "reload the page" in forged.text


def test_a_token_from_another_session_is_refused(db: Database, web: Web) -> None:
    other = TestClient(web.client.app, base_url=f"http://{HOST}")
    theirs = other.get("/api/session").json()["csrf_token"]
    assert theirs != web.token
    refused = web.client.post("/applications", data={"csrf_token": theirs, "company": "A"})
    assert refused.status_code == 403


def test_cross_site_and_cross_origin_changes_are_refused(web: Web) -> None:
    body = {"csrf_token": web.token, "company": "Quarry", "role": "Data"}
    cross = web.client.post("/applications", data=body, headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403
    elsewhere = web.client.post("/applications", data=body, headers={"origin": "http://evil.test"})
    assert elsewhere.status_code == 403
    same = web.client.post(
        "/applications",
        data=body,
        headers={"origin": f"http://{HOST}", "sec-fetch-site": "same-origin"},
        follow_redirects=False,
    )
    assert same.status_code == 303


def test_the_api_takes_the_token_as_a_header(web: Web) -> None:
    body = {"company": "Quarry", "role": "Data"}
    assert web.client.post("/api/applications", json=body).status_code == 403
    assert web.api("POST", "/api/applications", body).status_code == 201


def test_unknown_host_names_are_refused(web: Web) -> None:
    rebound = web.client.get("/", headers={"host": "attacker.example"})
    assert rebound.status_code == 400
    assert "not one nextround answers to" in rebound.text


def test_loopback_names_are_allowed_by_default(db: Database) -> None:
    app = build_app(make_context(db, allowed_hosts=LOOPBACK_HOSTS))
    for host in ("127.0.0.1:8000", "localhost:5000", "[::1]:9000"):
        with TestClient(app, base_url=f"http://{host}") as client:
            assert client.get("/").status_code == 200, host
    with TestClient(app, base_url="http://192.168.1.20:8000") as client:
        assert client.get("/").status_code == 400


def test_any_host_when_told_so(db: Database) -> None:
    app = build_app(make_context(db, allowed_hosts=frozenset({"*"})))
    with TestClient(app, base_url="http://192.168.1.20:8000") as client:
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ("127.0.0.1:8000", "127.0.0.1"),
        ("[::1]:80", "::1"),
        ("LocalHost", "localhost"),
        ("::1", "::1"),
    ],
)
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


def test_session_cookie_and_security_headers(web: Web) -> None:
    response = web.client.get("/")
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    again = web.client.get("/")
    assert "set-cookie" not in again.headers  # the same session carries on


def test_the_token_is_the_session_signed_with_the_secret() -> None:
    token = csrf_token(b"k" * 32, "session-one")
    assert token == csrf_token(b"k" * 32, "session-one")
    assert token != csrf_token(b"k" * 32, "session-two")
    assert token != csrf_token(b"j" * 32, "session-one")


def test_the_secret_is_made_once_and_kept_in_the_database(db: Database) -> None:
    with db.unit() as repo:
        assert repo.get_meta(SECRET_KEY) is None
    first = session_secret(db=db)
    assert len(bytes.fromhex(first)) == 32
    assert session_secret(db=db) == first
    with db.unit() as repo:
        assert repo.get_meta(SECRET_KEY) == first


def test_no_page_or_asset_names_another_machine(web: Web) -> None:
    ids = reject(web, seed(web))
    pages = [
        "/",
        "/applications",
        "/applications/new",
        f"/applications/{ids.app}",
        f"/threads/{ids.thread}/draft",
        f"/threads/{ids.thread}/reply",
        "/lessons",
        "/profile",
        f"/interviews/{ids.interview}/brief",
        "/docs",
        "/me",
    ]
    for path in pages:
        html = web.get(path).text
        for url in re.findall(r"""(?:src|href|action)=["']([^"']+)""", html):
            assert url.startswith(("/", "#", "mailto:")), (path, url)
    for asset in Path(STATIC).iterdir():
        if asset.suffix in (".js", ".css", ".svg"):
            text = asset.read_text(encoding="utf-8")
            assert not re.search(r"https?://(?!www\.w3\.org/)", text), asset.name
    for template in Path(TEMPLATES).iterdir():
        assert "http://" not in template.read_text(encoding="utf-8"), template.name


def test_static_assets_are_served_locally(web: Web) -> None:
    for name in ("htmx.min.js", "htmx-json-enc.min.js", "app.js", "app.css", "favicon.svg"):
        response = web.get(f"/static/{name}")
        assert response.status_code == 200, name
    assert "htmx" in web.get("/static/htmx.min.js").text


def test_mail_html_is_sanitised() -> None:
    dirty = (
        '<p onclick="steal()">Hello <b>Sam</b></p><script>alert(1)</script>'
        '<img src="https://tracker.example/pixel.gif"><a href="javascript:alert(1)">x</a>'
        '<a href="https://example.com/job">the role</a><style>body{}</style>'
        '<iframe src="https://evil.example"></iframe><form action="/x"><input></form>'
    )
    clean = str(mail_html(dirty))
    for banned in ("onclick", "<script", "<img", "javascript:", "<style", "<iframe", "<form"):
        assert banned not in clean, banned
    assert "<b>Sam</b>" in clean
    assert 'href="https://example.com/job"' in clean and "noopener" in clean


def test_highlight_escapes_before_it_marks() -> None:
    text = "Intro <b>bold</b>. Your SQL   was weak.\nBye"
    marked = str(highlight(text, ["Your SQL was weak."]))
    assert "&lt;b&gt;bold&lt;/b&gt;" in marked
    assert "<mark>Your SQL   was weak.</mark>" in marked
    assert str(highlight("<i>x</i>", None)) == "&lt;i&gt;x&lt;/i&gt;"


def test_unexpected_errors_are_a_page_not_a_traceback(db: Database) -> None:
    def broken_clock() -> Any:
        raise RuntimeError("the clock fell off the wall")

    app = build_app(make_context(db, clock=broken_clock))
    with TestClient(app, base_url=f"http://{HOST}", raise_server_exceptions=False) as client:
        page = client.get("/")
        assert page.status_code == 500
        assert "Something went wrong on our side" in page.text
        assert "Traceback" not in page.text and "clock fell" not in page.text
        api = client.get("/api/next")
        assert api.status_code == 500 and "detail" in api.json()
