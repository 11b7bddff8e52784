"""Tracker import, the calendar and export per person on a multi-user server (PostgreSQL).

Each test runs as the tables' owner and as a role bound by row-level security
(the ``app`` fixture of test_isolation): both lines of isolation hold.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from nextround.domain.errors import StoreError
from nextround.services import calendar
from nextround.services.accounts import add_user
from nextround.services.history_import import import_history
from nextround.services.invitations import import_invitations
from nextround.store import Database
from tests.conftest import NOW
from tests.web.conftest import HOST, TestClient, Web
from tests.web.test_isolation import OTHER, STUDENT, _sign_in, app  # noqa: F401 (fixture)
from tests.web.test_multi_user import PASSWORD, pg  # noqa: F401 (the fixture)
from tests.web.test_row_security import app_role

pytestmark = pytest.mark.postgres

TRACKERS = Path(__file__).parent.parent / "fixtures" / "trackers"
WHEN = "2026-11-20T14:00:00"  # after NOW: an upcoming interview, in the calendar


@pytest.fixture
def people(app: Any) -> Iterator[tuple[Web, Web, Web]]:  # noqa: F811
    """Two students signed in, and a client with no session (a calendar app)."""
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
        TestClient(app, base_url=f"http://{HOST}") as anon,
    ):
        yield _sign_in(a, STUDENT), _sign_in(b, OTHER), Web(anon)


def _import(web: Web, name: str) -> str:
    data = (TRACKERS / name).read_bytes()
    preview = web.post("/import/preview", data={}, files={"file": (name, data, "text/csv")})
    assert preview.status_code == 200, preview.text[:300]
    found = re.search(r'name="content" value="([^"]*)"', preview.text)
    assert found
    done = web.post("/import", data={"content": unescape(found.group(1)), "map": ""})
    assert done.status_code == 200, done.text[:300]
    return done.text


def _companies(web: Web) -> list[str]:
    return sorted(a["company"] for a in web.api("GET", "/api/applications").json())


def _interview(web: Web, company: str) -> int:
    made = web.api("POST", "/api/applications", {"company": company, "role": "Analyst"})
    assert made.status_code == 201, made.text
    app_id = made.json()["id"]
    done = web.api(
        "POST", f"/api/applications/{app_id}/interviews", {"stage": "panel", "when": WHEN}
    )
    assert done.status_code == 201, done.text
    return int(done.json()["id"])


def _feed(web: Web) -> str:
    made = web.api("POST", "/api/calendar/feed")
    assert made.status_code == 200, made.text
    path = made.json()["path"]
    assert isinstance(path, str) and path.startswith("/calendar/")
    return path


def test_two_students_import_the_same_file_and_each_gets_their_rows(
    people: tuple[Web, Web, Web],
    pg: Database,  # noqa: F811
) -> None:
    ana, bo, _ = people
    assert "5 added" in _import(ana, "simplify.csv")
    assert "5 added" in _import(bo, "simplify.csv")  # the same keys: bo's own rows
    for web in (ana, bo):
        again = _import(web, "simplify.csv")
        assert "0 added" in again and "5 already here" in again
    assert _companies(ana) == _companies(bo) and len(_companies(ana)) == 5
    with pg.engine.connect() as conn:
        owners = conn.execute(
            text("SELECT owner_id, count(*) FROM import_keys GROUP BY owner_id")
        ).all()
        apps = conn.execute(text("SELECT count(*) FROM applications")).scalar()
    assert len(owners) == 2 and all(n == 5 and o is not None for o, n in owners)
    assert apps == 10


def test_each_feed_shows_its_owners_interviews_only(people: tuple[Web, Web, Web]) -> None:
    ana, bo, calendar_app = people
    _interview(ana, "Alpha Secret Works")
    _interview(bo, "Bravo Hidden Labs")
    ana_feed, bo_feed = _feed(ana), _feed(bo)
    assert ana_feed != bo_feed
    for _ in range(2):  # each fetch records what it said: never the other's events
        mine = calendar_app.get(ana_feed)
        theirs = calendar_app.get(bo_feed)
        assert mine.status_code == theirs.status_code == 200
        assert "Alpha Secret Works" in mine.text and "Bravo Hidden Labs" not in mine.text
        assert "Bravo Hidden Labs" in theirs.text and "Alpha Secret Works" not in theirs.text
        # one person's export never cancels the other's event (it is not in theirs)
        assert "CANCELLED" not in mine.text and "CANCELLED" not in theirs.text
        assert "SEQUENCE:0" in mine.text and "SEQUENCE:0" in theirs.text
    # a signed-in person cannot read another's feed through their session either
    assert ana.get(bo_feed).text == theirs.text  # the token, not the session, decides
    assert calendar_app.get("/calendar/not-a-token.ics").status_code == 404


def test_a_feed_token_rotates_and_revokes_for_its_owner_only(
    people: tuple[Web, Web, Web],
) -> None:
    ana, bo, calendar_app = people
    _interview(ana, "Alpha Secret Works")
    first, bo_feed = _feed(ana), _feed(bo)
    assert ana.api("GET", "/api/calendar/feed").json()["on"] is True
    second = _feed(ana)
    assert calendar_app.get(first).status_code == 404  # the old address answers nothing
    assert calendar_app.get(second).status_code == 200
    off = ana.api("DELETE", "/api/calendar/feed").json()
    assert off == {"on": False, "was_on": True}
    assert ana.api("GET", "/api/calendar/feed").json()["on"] is False
    assert calendar_app.get(second).status_code == 404
    assert calendar_app.get(bo_feed).status_code == 200  # bo's stays on
    assert bo.api("GET", "/api/calendar/feed").json()["on"] is True
    assert calendar_app.api("POST", "/api/calendar/feed").status_code == 401


def test_a_removed_interview_is_cancelled_in_its_owners_feed_only(
    people: tuple[Web, Web, Web],
    pg: Database,  # noqa: F811
) -> None:
    ana, bo, calendar_app = people
    gone = _interview(ana, "Alpha Secret Works")
    _interview(bo, "Bravo Hidden Labs")
    ana_feed, bo_feed = _feed(ana), _feed(bo)
    calendar_app.get(ana_feed), calendar_app.get(bo_feed)
    with pg.engine.begin() as conn:  # ana's interview goes away
        conn.execute(text("DELETE FROM interviews WHERE id = :id"), {"id": gone})
    assert "STATUS:CANCELLED" in calendar_app.get(ana_feed).text
    assert "CANCELLED" not in calendar_app.get(bo_feed).text


def test_invitations_are_per_person(
    people: tuple[Web, Web, Web],
    pg: Database,  # noqa: F811
) -> None:
    ana, bo, _ = people
    invite = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:panel-1@northwind.example\r\nDTSTAMP:20261110T120000Z\r\n"
        b"DTSTART:20261125T100000Z\r\nSUMMARY:Panel interview - Northwind\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    for web in (ana, bo):
        made = web.api("POST", "/api/applications", {"company": "Northwind", "role": "Analyst"})
        assert made.status_code == 201
    ids = {}
    for email in (STUDENT, OTHER):
        with pg.unit() as repo:
            scoped = pg.scoped(repo.accounts.user(email).id)
        [done] = import_invitations(db=scoped, data=invite, now=NOW)
        assert done.outcome.value != "unchanged"
        [again] = import_invitations(db=scoped, data=invite, now=NOW)
        assert again.outcome.value == "unchanged"
        ids[email] = done.interview_id
    assert ids[STUDENT] != ids[OTHER]
    for web, mine in ((ana, ids[STUDENT]), (bo, ids[OTHER])):
        [application] = web.api("GET", "/api/applications").json()
        detail = web.api("GET", f"/api/applications/{application['id']}").json()
        assert [i["id"] for i in detail["interviews"]] == [mine]


def test_export_holds_the_signed_in_persons_data_only(people: tuple[Web, Web, Web]) -> None:
    ana, bo, anonymous = people
    _interview(ana, "Alpha Secret Works")
    _interview(bo, "Bravo Hidden Labs")
    _import(ana, "simplify.csv")
    _feed(ana), _feed(bo)
    got = ana.get("/api/export")
    assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    data = json.loads(got.text)
    assert "Alpha Secret Works" in got.text and "Bravo Hidden Labs" not in got.text
    assert len(data["applications"]) == 6 and len(data["import_keys"]) == 5
    assert all(not k["key"].startswith("user:") for k in data["import_keys"])
    assert all("owner_id" not in k for k in data["import_keys"])
    assert list(data["meta"]) == ["calendar_feed_sha256"]  # ana's, as the local app names it
    assert all(rows == [] for rows in data["mail"].values())
    theirs = bo.get("/api/export").text
    assert "Bravo Hidden Labs" in theirs and "Alpha Secret Works" not in theirs
    assert anonymous.get("/api/export").status_code == 401


def test_row_level_security_binds_the_new_owned_tables(pg: Database) -> None:  # noqa: F811
    for email in (STUDENT, OTHER):
        add_user(db=pg, email=email, role="student", password=PASSWORD, now=NOW)
    invite = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        b"UID:panel-1@northwind.example\r\nDTSTAMP:20261110T120000Z\r\n"
        b"DTSTART:20261125T100000Z\r\nSUMMARY:Panel interview - Northwind\r\n"
        b"END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    tracker = "Company,Role,Date Applied\nNorthwind,Analyst,2026-10-01\n"
    with pg.unit() as repo:
        ana, bo = (repo.accounts.user(e).id for e in (STUDENT, OTHER))
    with app_role(pg) as bound:
        for who in (ana, bo):  # the policies let each write their own rows
            db = bound.scoped(who)
            report = import_history(db=db, lines=io.StringIO(tracker, newline=""), now=NOW)
            assert report.added == 1
            import_invitations(db=db, data=invite, now=NOW)
            calendar.export_calendar(db=db, now=NOW)
        tables = ("import_keys", "calendar_events", "interview_invitations")
        with bound.scoped(ana).unit() as repo:
            for table in tables:  # no WHERE on the owner: the policies add it
                mine, theirs = (
                    repo.session.execute(
                        text(f"SELECT count(*) FROM {table} {where}"), {"me": ana}
                    ).scalar()
                    for where in ("", "WHERE owner_id <> :me OR owner_id IS NULL")
                )
                assert mine and theirs == 0, table
        with pytest.raises(StoreError, match="row-level security"), bound.scoped(ana).unit() as r:
            r.session.execute(
                text(
                    "INSERT INTO import_keys (key, application_id, owner_id) VALUES ('x', 1, :bo)"
                ),
                {"bo": bo},
            )
    with pg.engine.connect() as conn:  # the tables' owner sees both people's rows
        for table in tables:
            owners = conn.execute(text(f"SELECT DISTINCT owner_id FROM {table}")).scalars()
            assert sorted(owners) == sorted([ana, bo]), table


def test_the_feed_page_makes_shows_once_and_turns_off_ones_own_feed(
    people: tuple[Web, Web, Web],
) -> None:
    ana, bo, calendar_app = people
    _interview(ana, "Alpha Secret Works")
    assert "Your feed is off." in ana.get("/feed").text
    made = ana.post("/feed/new")
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    found = re.search(r'class="feed-address">http://[^/]+(/calendar/[^<]+\.ics)<', made.text)
    assert found, made.text[:500]
    assert "Alpha Secret Works" in calendar_app.get(found.group(1)).text
    shown = ana.get("/feed").text
    assert "Your feed is on." in shown and found.group(1) not in shown  # shown only once
    assert "Your feed is off." in bo.get("/feed").text  # bo's is bo's
    off = ana.post("/feed/off")
    assert off.status_code == 303 and off.headers["location"] == "/feed"
    assert calendar_app.get(found.group(1)).status_code == 404
    assert calendar_app.get("/feed").status_code in (303, 401)  # no session: no page
