"""A cohort for coaches and administrators (real PostgreSQL): counts only, consent kept.

A coach counts the students who share with them now, an administrator every
student; a student who does not share with a coach adds nothing to that
coach's counts, also when the server's role is bound by row-level security
(the counts come from SECURITY DEFINER functions, migration 0012).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from nextround.domain.errors import InvalidInput, NotAllowed
from nextround.domain.model import LessonStatus, Polarity
from nextround.domain.themes import Theme
from nextround.services import coaching, learn
from nextround.services.accounts import add_user, disable_user
from nextround.store import Database
from nextround.web.app import build_app
from tests.conftest import NOW
from tests.web.conftest import HOST, TestClient, Web, make_context
from tests.web.test_multi_user import PASSWORD, pg  # noqa: F401 (the fixture)
from tests.web.test_row_security import app_role

pytestmark = pytest.mark.postgres

ANA, BO, CY = "ana@example.edu", "bo@example.edu", "cy@example.edu"
LEE, MAY, ROOT = "lee@example.edu", "may@example.edu", "root@example.edu"
HTML = {"accept": "text/html"}


@pytest.fixture(params=["as the tables' owner", "as a role bound by row-level security"])
def server(request: pytest.FixtureRequest, pg: Database) -> Iterator[Database]:  # noqa: F811
    for email, role in (
        (ANA, "student"),
        (BO, "student"),
        (CY, "student"),
        (LEE, "coach"),
        (MAY, "coach"),
        (ROOT, "admin"),
    ):
        add_user(db=pg, email=email, role=role, password=PASSWORD, now=NOW)
    if request.param.startswith("as the tables"):
        yield pg
        return
    with app_role(pg) as bound:
        yield bound


def _id(db: Database, email: str) -> int:
    with db.unit() as repo:
        return repo.accounts.user(email).id


def _lesson(db: Database, theme: Theme, polarity: Polarity, text: str) -> int:
    done = learn.add_lesson(db=db, theme=theme, polarity=polarity, statement=text, now=NOW)
    assert done.id is not None
    return done.id


def _works(db: Database) -> None:
    """Ana: two technical weaknesses (one resolved) and a strength; Bo and Cy: one each."""
    ana, bo, cy = (db.scoped(_id(db, e)) for e in (ANA, BO, CY))
    weak, strong = Polarity.WEAKNESS, Polarity.STRENGTH
    _lesson(ana, Theme.TECHNICAL_SKILLS, weak, "Ana secret: backfills")
    done = _lesson(ana, Theme.TECHNICAL_SKILLS, weak, "Ana secret: indexes")
    learn.edit_lesson(db=ana, lesson_id=done, status=LessonStatus.RESOLVED)
    _lesson(ana, Theme.COMMUNICATION, strong, "Ana secret: clear answers")
    _lesson(bo, Theme.COMMUNICATION, weak, "Bo secret: rambles")
    _lesson(bo, Theme.TECHNICAL_SKILLS, weak, "Bo secret: SQL")
    _lesson(cy, Theme.CULTURE_FIT, weak, "Cy secret: values")


def _counts(db: Database, email: str) -> tuple[int, dict[str, tuple[int, int, int, int]]]:
    seen = coaching.cohort(db=db.scoped(_id(db, email)))
    return seen.students, {
        t.theme.value: (t.students, t.weaknesses, t.open_weaknesses, t.strengths)
        for t in seen.themes
    }


def test_a_coach_counts_only_consenting_students_an_admin_every_student(
    server: Database,
) -> None:
    db = server
    _works(db)
    coaching.share(db=db, student=ANA, coach=LEE, now=NOW)
    # Lee: Ana only; Bo and Cy did not consent and add nothing
    assert _counts(db, LEE) == (
        1,
        {"technical_skills": (1, 2, 1, 0), "communication": (0, 0, 0, 1)},
    )
    assert _counts(db, MAY) == (0, {})  # nobody shares with May
    everyone = coaching.cohort(db=db.scoped(_id(db, ROOT)))
    assert everyone.students == 3
    assert [(t.theme.value, t.students, t.weaknesses) for t in everyone.themes] == [
        ("technical_skills", 2, 3),  # raised for the most students first
        ("communication", 1, 1),
        ("culture_fit", 1, 1),
    ]
    # a student sees no cohort; the local app (no user) has none
    with pytest.raises(NotAllowed, match="only coaches and administrators"):
        coaching.cohort(db=db.scoped(_id(db, ANA)))
    with pytest.raises(InvalidInput, match="multi-user server"):
        coaching.cohort(db=db)
    # a disabled student is nobody's to count; revoking takes Ana out at once
    disable_user(db=db, email=CY)
    assert coaching.cohort(db=db.scoped(_id(db, ROOT))).students == 2
    coaching.unshare(db=db, student=ANA, coach=LEE)
    assert _counts(db, LEE) == (0, {})
    # a transaction for nobody gets nothing from the functions either
    with db.unit() as repo:
        assert repo.accounts.cohort() == (0, [])


def test_the_cohort_page_and_endpoint_name_nobody(server: Database) -> None:
    db = server
    _works(db)
    coaching.share(db=db, student=ANA, coach=LEE, now=NOW)
    app: Any = build_app(make_context(db, multi_user=True))
    webs: dict[str, Web] = {}
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
        TestClient(app, base_url=f"http://{HOST}") as c,
        TestClient(app, base_url=f"http://{HOST}") as d,
    ):
        for client, email in ((a, ANA), (b, LEE), (c, MAY), (d, ROOT)):
            web = Web(client)
            done = web.api("POST", "/api/login", {"email": email, "password": PASSWORD})
            assert done.status_code == 200, done.text
            web._token = None
            webs[email] = web
        lee = webs[LEE].api("GET", "/api/coach/cohort")
        assert lee.status_code == 200
        assert lee.json() == {
            "students": 1,
            "themes": [
                {
                    "theme": "technical_skills",
                    "students": 1,
                    "weaknesses": 2,
                    "open_weaknesses": 1,
                    "strengths": 0,
                },
                {
                    "theme": "communication",
                    "students": 0,
                    "weaknesses": 0,
                    "open_weaknesses": 0,
                    "strengths": 1,
                },
            ],
        }
        assert webs[MAY].api("GET", "/api/coach/cohort").json() == {"students": 0, "themes": []}
        assert webs[ROOT].api("GET", "/api/coach/cohort").json()["students"] == 3
        refused = webs[ANA].api("GET", "/api/coach/cohort")
        assert refused.status_code == 403 and "coaches and administrators" in refused.text

        page = webs[LEE].get("/coach/cohort", headers=HTML)
        assert page.status_code == 200
        assert "Technical skills" in page.text and "1 student:" in page.text
        assert "No student shares" in webs[MAY].get("/coach/cohort", headers=HTML).text
        assert "3 students:" in webs[ROOT].get("/coach/cohort", headers=HTML).text
        for who in (LEE, MAY, ROOT):
            for url in ("/coach/cohort", "/api/coach/cohort"):
                shown = webs[who].get(url, headers=HTML).text
                assert "secret" not in shown and "@example.edu" not in shown.replace(who, "")
        assert webs[ANA].get("/coach/cohort", headers=HTML).status_code == 403
