"""A multi-user server on real PostgreSQL: accounts, sign-in, sessions, refusals."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from nextround.cli import main
from nextround.services.accounts import add_user
from nextround.store import Database, open_database
from nextround.web.app import build_app
from nextround.web.security import CSRF_HEADER, SESSION_COOKIE
from tests.conftest import NOW, PG_URL, _reset_postgres, unavailable
from tests.web.conftest import HOST, TestClient, Web, make_context

PASSWORD = "correct horse battery"
COOKIE_DOMAIN = f"{HOST}.local"  # where httpx files the test server's cookies
pytestmark = pytest.mark.postgres


@pytest.fixture
def pg() -> Iterator[Database]:
    if not PG_URL:
        unavailable("NEXTROUND_TEST_DATABASE_URL not set")
    _reset_postgres(PG_URL)
    database = open_database(PG_URL)
    yield database
    database.dispose()


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def server(pg: Database, clock: Clock) -> Any:
    add_user(db=pg, email="ana@example.edu", role="student", password=PASSWORD, now=NOW)
    add_user(db=pg, email="lee@example.edu", role="coach", password=PASSWORD, now=NOW)
    return build_app(
        make_context(pg, clock=clock, multi_user=True, session_lifetime=timedelta(hours=2))
    )


@pytest.fixture
def browser(server: Any) -> Iterator[Web]:
    with TestClient(server, base_url=f"http://{HOST}") as client:
        yield Web(client)


def _sign_in(web: Web, email: str = "ana@example.edu", password: str = PASSWORD) -> Any:
    done = web.api("POST", "/api/login", {"email": email, "password": password})
    if done.status_code == 200:
        web._token = None  # a new session: GET /api/session gives its token
    return done


def _run(*args: str, stdin: str | None = None, capsys: pytest.CaptureFixture[str]) -> Any:
    capsys.readouterr()
    old = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    try:
        code = main(list(args))
    finally:
        sys.stdin = old
    out = capsys.readouterr()
    return code, out.out, out.err


# -- the mode ---------------------------------------------------------------------------


def test_multi_user_refuses_sqlite_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "one.sqlite"
    args = ["--db", str(db), "serve", "--multi-user", "--port", "0", "--no-browser"]
    code, out, err = _run(*args, capsys=capsys)
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "PostgreSQL only" in err
    code, _, err = _run("--db", str(db), "user", "list", capsys=capsys)
    assert code != 0 and err.count("\n") == 1 and "PostgreSQL only" in err


# -- accounts from the command line ---------------------------------------------------------


def test_user_commands_keep_only_an_argon2id_hash(
    pg: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    add = ["--db", PG_URL, "user", "add", "Ana@Example.edu", "--role", "student"]
    code, out, err = _run(*add, "--password-stdin", stdin=PASSWORD + "\n", capsys=capsys)
    assert code == 0, err
    assert "added ana@example.edu as student" in out
    assert PASSWORD not in out + err
    code, _, err = _run(*add, "--password-stdin", stdin=PASSWORD + "\n", capsys=capsys)
    assert code != 0 and "already a user" in err and err.count("\n") == 1
    bad_role = ["--db", PG_URL, "user", "add", "x@example.edu", "--role", "dean"]
    code, _, err = _run(*bad_role, "--password-stdin", stdin=PASSWORD + "\n", capsys=capsys)
    assert code != 0 and "role must be one of" in err
    short = ["--db", PG_URL, "user", "add", "y@example.edu", "--password-stdin"]
    code, _, err = _run(*short, stdin="short\n", capsys=capsys)
    assert code != 0 and "at least 10 characters" in err

    with pg.engine.connect() as conn:
        stored = conn.execute(text("SELECT email, password_hash FROM users")).all()
    assert [row[0] for row in stored] == ["ana@example.edu"]
    assert stored[0][1].startswith("$argon2id$") and PASSWORD not in stored[0][1]

    code, out, _ = _run("--db", PG_URL, "user", "list", "--json", capsys=capsys)
    assert code == 0 and "argon2" not in out and PASSWORD not in out
    assert '"role": "student"' in out and '"disabled": false' in out
    code, out, _ = _run("--db", PG_URL, "user", "disable", "ana@example.edu", capsys=capsys)
    assert code == 0 and "disabled ana@example.edu" in out
    new = ["--db", PG_URL, "user", "set-password", "ana@example.edu", "--password-stdin"]
    code, out, _ = _run(*new, stdin="another long secret\n", capsys=capsys)
    assert code == 0 and "another long secret" not in out
    code, _, err = _run("--db", PG_URL, "user", "disable", "nobody@example.edu", capsys=capsys)
    assert code != 0 and "no user nobody@example.edu" in err


def test_one_persons_commands_are_refused_on_a_servers_database(
    pg: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    # before there is any account, the database is anybody's: the CLI works on it
    code, _, err = _run("--db", PG_URL, "app", "add", "Acme", "Analyst", capsys=capsys)
    assert code == 0, err
    add_user(db=pg, email="ana@example.edu", role="student", password=PASSWORD, now=NOW)
    for args in (("app", "list"), ("app", "add", "Initech", "Tester"), ("next",), ("stats",)):
        code, out, err = _run("--db", PG_URL, *args, capsys=capsys)
        assert code != 0 and out == "", args
        assert err.count("\n") == 1 and "multi-user server" in err and "Traceback" not in err
    with pg.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM applications")).scalar_one() == 1
    code, out, _ = _run("--db", PG_URL, "user", "list", capsys=capsys)
    assert code == 0 and "ana@example.edu" in out


# -- signing in and out ---------------------------------------------------------------------


def test_without_a_session_everything_is_refused(browser: Web) -> None:
    assert browser.get("/api/applications").status_code == 401
    made = browser.api("POST", "/api/applications", {"company": "A", "role": "B"})
    assert made.status_code == 401
    page = browser.get("/applications", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/applications"
    assert browser.get("/lessons").status_code == 401  # not a browser: no redirect
    assert browser.get("/api/session").status_code == 200  # the token a sign-in needs
    signin = browser.get("/login")
    assert signin.status_code == 200 and 'name="password"' in signin.text


def test_sign_in_rotates_the_session_and_sign_out_ends_it(browser: Web) -> None:
    old_token = browser.token
    before = browser.client.cookies[SESSION_COOKIE]
    done = _sign_in(browser)
    assert done.status_code == 200, done.text
    assert done.json() == {"email": "ana@example.edu", "role": "student"}
    after = browser.client.cookies[SESSION_COOKIE]
    assert after != before
    assert "httponly" in done.headers["set-cookie"].lower()
    assert "secure" not in done.headers["set-cookie"].lower()  # plain http here
    new_token = browser.client.get("/api/session").json()["csrf_token"]
    assert new_token != old_token

    assert browser.get("/api/applications").status_code == 200
    stale = browser.client.post(
        "/api/applications", json={"company": "A", "role": "B"}, headers={CSRF_HEADER: old_token}
    )
    assert stale.status_code == 403
    made = browser.client.post(
        "/api/applications", json={"company": "A", "role": "B"}, headers={CSRF_HEADER: new_token}
    )
    assert made.status_code == 201, made.text
    assert browser.get("/", headers={"accept": "text/html"}).status_code == 200

    out = browser.client.post("/api/logout", headers={CSRF_HEADER: new_token})
    assert out.status_code == 200
    assert browser.get("/api/applications").status_code == 401
    # the signed-out session id, replayed, is worth nothing
    browser.client.cookies.set(SESSION_COOKIE, after, domain=COOKIE_DOMAIN)
    assert browser.get("/api/applications").status_code == 401


def test_a_session_planted_before_sign_in_is_not_signed_in(server: Any) -> None:
    with TestClient(server, base_url=f"http://{HOST}") as victim:
        planted = "p" * 43
        victim.cookies.set(SESSION_COOKIE, planted, domain=COOKIE_DOMAIN)
        token = victim.get("/api/session").json()["csrf_token"]
        done = victim.post(
            "/api/login",
            json={"email": "ana@example.edu", "password": PASSWORD},
            headers={CSRF_HEADER: token},
        )
        assert done.status_code == 200
        assert victim.cookies[SESSION_COOKIE] != planted
    with TestClient(server, base_url=f"http://{HOST}") as attacker:
        attacker.cookies.set(SESSION_COOKIE, planted, domain=COOKIE_DOMAIN)
        assert attacker.get("/api/applications").status_code == 401


def test_wrong_password_unknown_user_and_disabled_account(browser: Web, pg: Database) -> None:
    wrong = _sign_in(browser, password="not the password")
    unknown = _sign_in(browser, email="nobody@example.edu")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"detail": "wrong email or password"}
    assert _sign_in(browser).status_code == 200

    from nextround.services.accounts import disable_user

    disable_user(db=pg, email="ana@example.edu")
    assert browser.get("/api/applications").status_code == 401  # signed out everywhere
    refused = _sign_in(browser)
    assert refused.status_code == 401 and "disabled" in refused.json()["detail"]


def test_failed_sign_ins_slow_down_then_lock(browser: Web, clock: Clock) -> None:
    for _ in range(3):  # a few typos cost nothing
        assert _sign_in(browser, password="typo typo typo").status_code == 401
    waiting = _sign_in(browser)  # even the right password waits now
    assert waiting.status_code == 429 and "try again in" in waiting.json()["detail"]
    assert int(waiting.headers["retry-after"]) >= 1
    clock.now += timedelta(seconds=int(waiting.headers["retry-after"]))
    assert _sign_in(browser).status_code == 200  # and a success starts the count again

    for _ in range(10):
        clock.now += timedelta(minutes=5)  # past every wait but the lock
        assert _sign_in(browser, email="lee@example.edu", password="guess").status_code == 401
    locked = _sign_in(browser, email="lee@example.edu")
    assert locked.status_code == 429 and "minutes" in locked.json()["detail"]
    clock.now += timedelta(minutes=14)
    assert _sign_in(browser, email="lee@example.edu").status_code == 429
    clock.now += timedelta(minutes=2)
    assert _sign_in(browser, email="lee@example.edu").status_code == 200


def test_a_session_expires(browser: Web, clock: Clock) -> None:
    assert _sign_in(browser).status_code == 200
    assert browser.get("/api/applications").status_code == 200
    clock.now += timedelta(hours=2)
    assert browser.get("/api/applications").status_code == 401


def test_the_cookie_is_secure_over_https(server: Any) -> None:
    with TestClient(server, base_url=f"https://{HOST}") as client:
        token = client.get("/api/session").json()["csrf_token"]
        done = client.post(
            "/api/login",
            json={"email": "ana@example.edu", "password": PASSWORD},
            headers={CSRF_HEADER: token, "origin": f"https://{HOST}"},
        )
        assert done.status_code == 200, done.text
        assert "; secure" in done.headers["set-cookie"].lower()


def test_the_sign_in_page_signs_in_and_out(browser: Web) -> None:
    wrong = browser.post("/login", {"email": "ana@example.edu", "password": "nope", "next": "/"})
    assert wrong.status_code == 401 and "Wrong email or password." in wrong.text
    done = browser.post(
        "/login", {"email": "ana@example.edu", "password": PASSWORD, "next": "/lessons"}
    )
    assert done.status_code == 303 and done.headers["location"] == "/lessons"
    browser._token = None  # the new session has its own token
    home = browser.get("/", headers={"accept": "text/html"})
    assert home.status_code == 200 and "Signed in as ana@example.edu" in home.text
    out = browser.post("/logout")
    assert out.status_code == 303 and out.headers["location"] == "/login?signed_out=1"
    bye = browser.get(out.headers["location"], headers={"accept": "text/html"})
    assert "You are signed out." in bye.text and "Signed in as" not in bye.text
    assert browser.get("/api/applications").status_code == 401


def test_each_person_gets_their_own_numbers(browser: Web, server: Any, pg: Database) -> None:
    """`stats`, the Progress page and /api/stats count the signed-in person's work only."""
    assert browser.get("/api/stats").status_code == 401
    assert "/api/stats" in server.openapi()["paths"]
    assert _sign_in(browser).status_code == 200
    for company in ("Acme", "Initech", "Globex"):
        added = browser.api("POST", "/api/applications", {"company": company, "role": "Analyst"})
        assert added.status_code in (200, 201), added.text
    mine = browser.get("/api/stats")
    assert mine.status_code == 200, mine.text
    assert mine.json()["funnel"]["applications"] == 3
    page = browser.get("/progress", headers={"accept": "text/html"})
    assert page.status_code == 200 and "Acme" not in page.text
    browser.post("/logout")
    browser._token = None  # signed out: the next session has its own token

    assert _sign_in(browser, "lee@example.edu").status_code == 200
    theirs = browser.get("/api/stats")
    assert theirs.status_code == 200 and theirs.json()["funnel"]["applications"] == 0
    added = browser.api("POST", "/api/applications", {"company": "Hooli", "role": "PM"})
    assert added.status_code in (200, 201)
    assert browser.get("/api/stats").json()["funnel"]["applications"] == 1
