"""Coaches, with consent (real PostgreSQL): a student shares, a coach reads, revoking hides all.

A coach reads a consenting student's work through the same services, with the
database seen as the student and read-only: every write is refused in the
services (403 on the web), and PostgreSQL refuses one that slips past them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from nextround.domain.errors import NotAllowed, NotFound
from nextround.domain.model import LessonStatus, Polarity
from nextround.domain.themes import Theme
from nextround.services import coaching, learn, record
from nextround.services.accounts import add_user, disable_user, enable_user
from nextround.services.overview import application_overview
from nextround.store import Database
from nextround.web.app import build_app
from tests.conftest import NOW, PG_URL
from tests.web.conftest import HOST, TestClient, Web, location, make_context
from tests.web.flows import ACTIONABLE, reject, seed
from tests.web.test_multi_user import PASSWORD, _run, pg  # noqa: F401 (the fixture)

pytestmark = pytest.mark.postgres

ANA, BO, LEE, MAY = "ana@example.edu", "bo@example.edu", "lee@example.edu", "may@example.edu"
COMPANY = "Alpha Secret Works"
HTML = {"accept": "text/html"}


def _sign_in(client: TestClient, email: str) -> Web:
    web = Web(client)
    done = web.api("POST", "/api/login", {"email": email, "password": PASSWORD})
    assert done.status_code == 200, done.text
    web._token = None
    return web


@pytest.fixture
def app(pg: Database) -> Any:  # noqa: F811
    for email, role in ((ANA, "student"), (BO, "student"), (LEE, "coach"), (MAY, "coach")):
        add_user(db=pg, email=email, role=role, password=PASSWORD, now=NOW)
    return build_app(make_context(pg, multi_user=True))


@pytest.fixture
def webs(app: Any) -> Iterator[dict[str, Web]]:
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
        TestClient(app, base_url=f"http://{HOST}") as c,
        TestClient(app, base_url=f"http://{HOST}") as d,
    ):
        yield {
            ANA: _sign_in(a, ANA),
            BO: _sign_in(b, BO),
            LEE: _sign_in(c, LEE),
            MAY: _sign_in(d, MAY),
        }


def _ana_works(web: Web) -> dict[str, int]:
    ids = reject(web, seed(web, company=COMPANY))
    reply = web.api("POST", f"/api/threads/{ids.thread}/reply", {"text": ACTIONABLE})
    assert reply.status_code == 201, reply.text
    lesson = web.api(
        "POST",
        "/api/lessons",
        {"theme": "technical_skills", "statement": "Discuss late-arriving data in designs"},
    )
    assert lesson.status_code == 201, lesson.text
    me = web.api("GET", "/api/coaches")  # any signed-in person sees the coaches
    assert [c["email"] for c in me.json()] == [LEE, MAY]
    return {"app": ids.app, "thread": ids.thread, "lesson": lesson.json()["id"]}


def _user_id(db: Database, email: str) -> int:
    with db.unit() as repo:
        return repo.accounts.user(email).id


def test_share_page_dashboard_and_revoke(pg: Database, webs: dict[str, Web]) -> None:  # noqa: F811
    ana, lee, may = webs[ANA], webs[LEE], webs[MAY]
    ids = _ana_works(ana)
    student = _user_id(pg, ANA)
    coach_pages = [
        f"/coach/students/{student}",
        f"/coach/students/{student}/applications/{ids['app']}",
        f"/coach/students/{student}/threads/{ids['thread']}",
    ]
    coach_api = [
        f"/api/coach/students/{student}",
        f"/api/coach/students/{student}/applications",
        f"/api/coach/students/{student}/applications/{ids['app']}",
        f"/api/coach/students/{student}/threads/{ids['thread']}",
    ]
    # before consent: nothing, said like an id that names nobody
    assert COMPANY not in lee.get("/coach", headers=HTML).text
    for url in coach_pages + coach_api:
        shown = lee.get(url, headers=HTML)
        assert shown.status_code == 404 and COMPANY not in shown.text, url

    # the student shares from the page (token in the form, like every form)
    page = ana.get("/share", headers=HTML)
    assert page.status_code == 200 and "Nobody. Your work is yours alone." in page.text
    assert LEE in page.text and MAY in page.text
    refused = ana.client.post("/share", data={"coach_email": LEE}, follow_redirects=False)
    assert refused.status_code == 403  # no anti-forgery token
    assert location(ana.post("/share", {"coach_email": LEE})) == "/share"
    assert "since" in ana.get("/share", headers=HTML).text
    assert [s["coach"]["email"] for s in ana.api("GET", "/api/shares").json()] == [LEE]

    # the coach reads: dashboard, the student's page, an application and a thread
    home = lee.get("/coach", headers=HTML)
    assert home.status_code == 200 and ANA in home.text and "1 open feedback request" in home.text
    for url in coach_pages + coach_api:
        shown = lee.get(url, headers=HTML)
        assert shown.status_code == 200, (url, shown.text[:300])
    dash = lee.api("GET", f"/api/coach/students/{student}").json()
    assert dash["student"]["email"] == ANA
    assert [t["id"] for t in dash["open_threads"]] == [ids["thread"]]
    assert [lesson["statement"] for lesson in dash["lessons"]] == [
        "Discuss late-arriving data in designs"
    ]
    assert "technical_skills" in [t["theme"] for t in dash["profile"]["themes"]]
    # rated themselves 5 on technical skills, and the interviewer raised it: a blind spot
    assert dash["profile"]["blind_spots"] == ["technical_skills"]
    assert "Blind spots" in lee.get(coach_pages[0], headers=HTML).text
    assert "Blind spots" in home.text
    assert [c["email"] for c in lee.api("GET", "/api/coaches").json()] == [MAY]  # not oneself
    assert "late-arriving data" in lee.get(coach_pages[2], headers=HTML).text
    assert COMPANY in lee.get(coach_pages[1], headers=HTML).text
    # another coach still sees nothing
    assert may.api("GET", "/api/coach/students").json() == []
    assert may.get(coach_pages[0], headers=HTML).status_code == 404

    # revoking hides everything at once, from the page
    lee_id = _user_id(pg, LEE)
    assert location(ana.post(f"/share/{lee_id}/revoke")) == "/share"
    assert lee.api("GET", "/api/coach/students").json() == []
    assert COMPANY not in lee.get("/coach", headers=HTML).text
    for url in coach_pages + coach_api:
        shown = lee.get(url, headers=HTML)
        assert shown.status_code == 404 and COMPANY not in shown.text, url
    again = ana.api("DELETE", f"/api/shares/{lee_id}")
    assert again.status_code == 404


def test_a_view_handed_out_goes_dark_when_consent_ends(pg: Database) -> None:  # noqa: F811
    add_user(db=pg, email=ANA, role="student", password=PASSWORD, now=NOW)
    add_user(db=pg, email=LEE, role="coach", password=PASSWORD, now=NOW)
    student, coach = _user_id(pg, ANA), _user_id(pg, LEE)
    record.add_application(db=pg.scoped(student), company=COMPANY, role="Engineer", now=NOW)
    coaching.share(db=pg, student=ANA, coach=LEE, now=NOW)
    view = pg.scoped(coach).as_coach_of(student)
    assert [a.company for a in coaching.board(db=view).applications] == [COMPANY]
    disable_user(db=pg, email=ANA)  # a disabled account is nobody's to read
    with pytest.raises(NotFound):
        coaching.board(db=view)
    enable_user(db=pg, email=ANA)
    assert [a.company for a in coaching.board(db=view).applications] == [COMPANY]
    coaching.unshare(db=pg, student=ANA, coach=LEE)
    with pytest.raises(NotFound):
        coaching.board(db=view)
    with pytest.raises(NotFound):
        pg.scoped(coach).as_coach_of(student)


def test_writes_by_a_coach_are_refused_in_the_services(pg: Database) -> None:  # noqa: F811
    add_user(db=pg, email=ANA, role="student", password=PASSWORD, now=NOW)
    add_user(db=pg, email=LEE, role="coach", password=PASSWORD, now=NOW)
    student, coach = _user_id(pg, ANA), _user_id(pg, LEE)
    mine = pg.scoped(student)
    app = record.add_application(db=mine, company=COMPANY, role="Engineer", now=NOW)
    lesson = learn.add_lesson(
        db=mine,
        theme=Theme.COMMUNICATION,
        polarity=Polarity.WEAKNESS,
        statement="Slow down when explaining",
        now=NOW,
    )
    coaching.share(db=pg, student=ANA, coach=LEE, now=NOW)
    view = pg.scoped(coach).as_coach_of(student)
    assert app.id is not None and lesson.id is not None
    with pytest.raises(NotAllowed, match=r"read a student.s work but not change it"):
        record.add_application(db=view, company="Planted", role="x", now=NOW)
    with pytest.raises(NotAllowed):
        record.update_application(db=view, application_id=app.id, notes="changed", now=NOW)
    with pytest.raises(NotAllowed):
        learn.edit_lesson(db=view, lesson_id=lesson.id, status=LessonStatus.RESOLVED)
    with pytest.raises(NotAllowed):
        learn.delete_lesson(db=view, lesson_id=lesson.id)
    # a write that goes around the session still meets a READ ONLY transaction
    with pytest.raises(NotAllowed), view.unit() as repo:
        repo.session.connection().execute(
            text("UPDATE applications SET notes = 'raw' WHERE id = :id"), {"id": app.id}
        )
    after = application_overview(db=mine, application_id=app.id).application
    assert after.notes == "" and after.company == COMPANY
    assert learn.list_lessons(db=mine)[0].status is LessonStatus.OPEN


def test_coach_comments_on_a_lesson_and_the_student_sees_it(
    pg: Database,  # noqa: F811
    webs: dict[str, Web],
) -> None:
    ana, bo, lee, may = webs[ANA], webs[BO], webs[LEE], webs[MAY]
    ids = _ana_works(ana)
    student = _user_id(pg, ANA)
    url = f"/api/coach/students/{student}/lessons/{ids['lesson']}/comments"
    said = {"text": "Let's practise a backfill design on Thursday."}
    assert lee.api("POST", url, said).status_code == 404  # no consent yet
    assert ana.api("POST", "/api/shares", {"coach_email": LEE}).status_code == 201
    assert ana.api("POST", "/api/shares", {"coach_email": BO}).status_code == 422  # a student
    assert lee.api("POST", url, {"text": "   "}).status_code == 422
    done = lee.post(f"/coach/students/{student}/lessons/{ids['lesson']}/comment", said)
    assert location(done) == f"/coach/students/{student}#lesson-{ids['lesson']}"
    assert may.api("POST", url, said).status_code == 404  # another coach, no consent
    assert bo.api("POST", url, said).status_code == 404  # a student is nobody's coach
    lessons = ana.get("/lessons", headers=HTML).text
    assert "Let&#39;s practise a backfill design on Thursday." in lessons and LEE in lessons
    seen = ana.api("GET", f"/api/lessons/{ids['lesson']}/comments").json()
    assert [c["coach_email"] for c in seen] == [LEE]
    assert bo.api("GET", f"/api/lessons/{ids['lesson']}/comments").status_code == 404
    assert "backfill design" in lee.get(f"/coach/students/{student}", headers=HTML).text
    # the student deletes the lesson: a comment on it is "not found", even one that
    # reaches the database after the check (a race with the deletion)
    assert ana.api("DELETE", f"/api/lessons/{ids['lesson']}").status_code == 204
    assert lee.api("POST", url, said).status_code == 404
    coach = _user_id(pg, LEE)
    with pytest.raises(NotFound, match="no lesson"), pg.unit() as repo:
        repo.accounts.add_comment(
            owner_id=student, coach_id=coach, lesson_id=ids["lesson"], text="late", now=NOW
        )


def test_share_from_the_command_line(pg: Database, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    for email, role in ((ANA, "student"), (LEE, "coach"), (MAY, "admin")):
        add_user(db=pg, email=email, role=role, password=PASSWORD, now=NOW)
    code, out, err = _run("--db", PG_URL, "user", "share", ANA, "--with", LEE, capsys=capsys)
    assert code == 0, err
    assert out == f"{LEE} can now read the work of {ANA}\n"
    code, out, _ = _run("--db", PG_URL, "user", "share", ANA, "--with", LEE, capsys=capsys)
    assert code == 0 and "could already" in out
    code, out, _ = _run("--db", PG_URL, "user", "shares", "--json", capsys=capsys)
    assert '"coach": "lee@example.edu"' in out
    for args, words in (
        ((ANA, "--with", MAY), "not a coach"),
        ((LEE, "--with", LEE), "not a student"),
        (("nobody@example.edu", "--with", LEE), "no user nobody@example.edu"),
        (("not-an-address", "--with", LEE), "not an email address"),
    ):
        code, out, err = _run("--db", PG_URL, "user", "share", *args, capsys=capsys)
        assert code != 0 and out == "" and err.count("\n") == 1 and words in err, (args, err)
    code, out, _ = _run("--db", PG_URL, "user", "unshare", ANA, "--with", LEE, capsys=capsys)
    assert code == 0 and out == f"{LEE} can no longer read the work of {ANA}\n"
    code, out, _ = _run("--db", PG_URL, "user", "unshare", ANA, "--with", LEE, capsys=capsys)
    assert code == 0 and "nothing to do" in out
    assert coaching.all_shares(db=pg) == []


def test_the_dashboard_reads_each_student_in_one_unit_with_its_consent_check(
    pg: Database,  # noqa: F811
) -> None:
    from sqlalchemy import event

    add_user(db=pg, email=LEE, role="coach", password=PASSWORD, now=NOW)
    pupils = [f"student{n}@example.edu" for n in range(3)]
    for email in pupils:
        add_user(db=pg, email=email, role="student", password=PASSWORD, now=NOW)
        mine = pg.scoped(_user_id(pg, email))
        record.add_application(db=mine, company=f"{email} Works", role="Engineer", now=NOW)
        learn.add_lesson(
            db=mine,
            theme=Theme.COMMUNICATION,
            polarity=Polarity.WEAKNESS,
            statement="Slow down",
            now=NOW,
        )
        coaching.share(db=pg, student=email, coach=LEE, now=NOW)
    coach = pg.scoped(_user_id(pg, LEE))
    units: list[str] = []
    consent: list[str] = []

    def begun(conn: Any) -> None:
        units.append("begin")

    def statement(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if "coach_shares" in sql:
            consent.append(sql)

    event.listen(pg.engine, "begin", begun)
    event.listen(pg.engine, "before_cursor_execute", statement)
    try:
        shown = coaching.dashboard(db=coach, now=NOW)
    finally:
        event.remove(pg.engine, "begin", begun)
        event.remove(pg.engine, "before_cursor_execute", statement)
    assert [s.student.email for s in shown] == pupils
    assert all(len(s.lessons) == 1 and s.profile.weaknesses for s in shown)
    # the coach's list of students, then one unit per student, each checking its consent
    assert len(units) == 1 + len(pupils)
    assert len(consent) == 1 + len(pupils)
    # a student who stops sharing after the list was read, just before their unit, is
    # left out: their unit's consent check finds no consent (one more read of no use)
    checks: list[str] = []

    def revoke_mid_way(conn: Any, cursor: Any, sql: str, *args: Any) -> None:
        if "coach_shares" in sql:
            checks.append(sql)
            if len(checks) == 3:  # the list, the first student's check, then the second's
                coaching.unshare(db=pg, student=pupils[1], coach=LEE)

    event.listen(pg.engine, "before_cursor_execute", revoke_mid_way)
    try:
        shown = coaching.dashboard(db=coach, now=NOW)
    finally:
        event.remove(pg.engine, "before_cursor_execute", revoke_mid_way)
    assert [s.student.email for s in shown] == [pupils[0], pupils[2]]


def test_coach_comments_on_a_draft_and_the_student_sees_it_beside_it(
    pg: Database,  # noqa: F811
    webs: dict[str, Web],
) -> None:
    ana, bo, lee, may = webs[ANA], webs[BO], webs[LEE], webs[MAY]
    ids = _ana_works(ana)  # an actionable reply: the re-pitch and the thanks fit now
    student, thread = _user_id(pg, ANA), ids["thread"]
    api = f"/api/coach/students/{student}/threads/{thread}/comments"
    page = f"/coach/students/{student}/threads/{thread}/draft?step=thanks"
    said = {"step": "thanks", "text": "Open with the dashboard you walked them through."}
    # no consent yet: nobody's draft to read or comment on
    assert lee.api("POST", api, said).status_code == 404
    assert lee.get(page, headers=HTML).status_code == 404
    assert ana.api("POST", "/api/shares", {"coach_email": LEE}).status_code == 201

    # the coach reads the thread: the drafts the student can send now, each a link
    shown = lee.get(f"/coach/students/{student}/threads/{thread}", headers=HTML).text
    assert f"/coach/students/{student}/threads/{thread}/draft?step=pitch" in shown
    assert f"/coach/students/{student}/threads/{thread}/draft?step=thanks" in shown
    assert "step=request" not in shown  # already asked: no request to send
    # the draft itself, read-only: the text, the check, a comment form, no send button
    draft = lee.get(page, headers=HTML)
    assert draft.status_code == 200 and "Sam Okafor" in draft.text
    assert f"/threads/{thread}/sent" not in draft.text and "None yet." in draft.text

    # one comment from the page (token in the form), one through the API
    done = lee.post(f"/coach/students/{student}/threads/{thread}/comment", said)
    assert (
        location(done) == f"/coach/students/{student}/threads/{thread}/draft?step=thanks#comments"
    )
    pitch = {"step": "pitch", "text": "Lead the re-pitch with the course you finished."}
    made = lee.api("POST", api, pitch)
    assert made.status_code == 201 and made.json()["step"] == "pitch"
    assert made.json()["coach_email"] == LEE
    # bad input: one clear refusal, nothing stored
    assert lee.api("POST", api, {"step": "thanks", "text": "  "}).status_code == 422
    assert lee.api("POST", api, {"step": "sonnet", "text": "x"}).status_code == 422
    assert may.api("POST", api, said).status_code == 404  # a coach without consent
    assert bo.api("POST", api, said).status_code == 404  # a student is nobody's coach

    # the student sees them beside the draft, the other step's one marked as such
    theirs = ana.get(f"/threads/{thread}/draft?step=thanks&channel=email", headers=HTML).text
    assert "What your coach said" in theirs
    assert "Open with the dashboard you walked them through." in theirs
    assert "on the re-pitch" in theirs and LEE in theirs
    listed = ana.api("GET", f"/api/threads/{thread}/comments").json()
    assert [(c["step"], c["coach_email"]) for c in listed] == [("thanks", LEE), ("pitch", LEE)]
    assert bo.api("GET", f"/api/threads/{thread}/comments").status_code == 404
    assert [c["step"] for c in lee.api("GET", api).json()] == ["thanks", "pitch"]

    # the student sends the thanks while the coach writes: the late comment is kept on
    # the thread, which the student still reads, and the coach sees nothing left to send
    draft_json = ana.api("GET", f"/api/threads/{thread}/draft?step=thanks&channel=email").json()
    sent = ana.post(
        f"/threads/{thread}/sent",
        {"step": "thanks", "channel": "email", "subject": "Thanks", "text": draft_json["body"]},
    )
    assert location(sent) == f"/applications/{ids['app']}#next-step"
    late = lee.api("POST", api, {"step": "thanks", "text": "Too late for this one, but good."})
    assert late.status_code == 201
    assert len(ana.api("GET", f"/api/threads/{thread}/comments").json()) == 3
    after = lee.get(f"/coach/students/{student}/threads/{thread}", headers=HTML).text
    assert "Nothing to send on this thread now." in after and "Too late for this one" in after

    # revoking hides it all at once
    coach = _user_id(pg, LEE)
    assert ana.api("DELETE", f"/api/shares/{coach}").status_code == 204
    assert lee.api("GET", api).status_code == 404
    assert lee.get(page, headers=HTML).status_code == 404
    assert lee.api("POST", api, said).status_code == 404


def test_a_draft_comment_on_a_thread_gone_meanwhile_is_not_found(
    pg: Database,  # noqa: F811
    webs: dict[str, Web],
) -> None:
    ana, lee = webs[ANA], webs[LEE]
    ids = _ana_works(ana)
    student, coach = _user_id(pg, ANA), _user_id(pg, LEE)
    assert ana.api("POST", "/api/shares", {"coach_email": LEE}).status_code == 201
    with pg.engine.begin() as conn:  # the application goes, and its thread with it
        conn.execute(text("DELETE FROM applications WHERE id = :id"), {"id": ids["app"]})
    api = f"/api/coach/students/{student}/threads/{ids['thread']}/comments"
    assert lee.api("POST", api, {"step": "thanks", "text": "late"}).status_code == 404
    # and one that reaches the database after the check (a race with the deletion)
    with pytest.raises(NotFound, match="no feedback thread"), pg.unit() as repo:
        repo.accounts.add_draft_comment(
            owner_id=student,
            coach_id=coach,
            thread_id=ids["thread"],
            step="thanks",
            text="late",
            now=NOW,
        )
