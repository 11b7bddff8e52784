"""The Progress page: figures, a reading in words per chart, CSP-clean SVG, phone and print."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from nextround.analysis import default_judge
from nextround.domain.model import Channel, Polarity, Tone
from nextround.domain.stats import stats_dict
from nextround.domain.themes import Theme
from nextround.drafting import Step
from nextround.services import feedback, learn, record
from nextround.services.rejection import record_rejection
from nextround.services.stats import stats
from nextround.store import Database
from nextround.web.progress_charts import CHARTS
from tests.conftest import NOW
from tests.store.test_stats_history import imported
from tests.web.conftest import Web
from tests.web.flows import ACTIONABLE, GENERIC, REJECTION
from tests.web.test_browser import browser, live, open_page, shot  # noqa: F401 (fixtures)

# (company, channel, tone, their answer or None)
ASKED = (
    ("Quarry Labs", Channel.CALL, Tone.WARM, ACTIONABLE),
    ("Harbour Bank", Channel.CALL, Tone.WARM, GENERIC),
    ("Northwind", Channel.CALL, Tone.CONCISE, ACTIONABLE),
    ("Tidewater", Channel.CALL, Tone.FORMAL, None),
    ("Contoso", Channel.EMAIL, Tone.FORMAL, GENERIC),
    ("Fabrikam", Channel.EMAIL, Tone.WARM, None),
    ("Litware", Channel.EMAIL, Tone.CONCISE, None),
)


def seed(db: Database) -> None:
    """Seven rejections after interviews, each asked by call or email, four answered."""
    record.set_user_name(db=db, name="Sam Okafor")
    start = NOW - timedelta(weeks=6)
    for index, (company, channel, tone, answer) in enumerate(ASKED):
        applied = start + timedelta(days=3 * index)
        app = record.add_application(
            db=db, company=company, role="Data Engineer", applied_on=applied, now=applied
        )
        assert app.id is not None
        record.record_interview(
            db=db,
            application_id=app.id,
            stage="technical",
            when=applied + timedelta(days=7),
            talking_points=["the pipeline backfill"],
            now=applied,
        )
        rejected = applied + timedelta(days=10)
        thread = record_rejection(
            db=db,
            judge=default_judge(),
            text=REJECTION.replace("Quarry Labs", company),
            received_at=rejected,
            application_id=app.id,
            now=rejected,
        ).thread
        assert thread.id is not None
        feedback.mark_sent(
            db=db,
            thread_id=thread.id,
            step=Step.REQUEST,
            channel=channel,
            text="Thank you again; what could I have done better?",
            tone=tone,
            at=rejected + timedelta(days=1),
        )
        if answer is not None:
            feedback.log_reply(
                db=db,
                judge=default_judge(),
                thread_id=thread.id,
                text=answer,
                at=rejected + timedelta(days=2 + index % 3),
            )
    learn.add_lesson(
        db=db,
        theme=Theme.TECHNICAL_SKILLS,
        polarity=Polarity.WEAKNESS,
        statement="Talk through late-arriving data and backfills",
        now=start + timedelta(days=20),
    )


def test_progress_page_gives_figures_and_readings(db: Database, web: Web) -> None:
    seed(db)
    page = web.get("/progress")
    assert page.status_code == 200
    text = page.text
    assert 'href="/progress" aria-current="page"' in text
    assert "Calls got an answer 3 times in 4; emails 1 in 3" in text
    assert "too few to compare" in text
    assert "3 of 4, too few to compare" in text and "1 of 3, too few to compare" in text
    assert "Of 7 applications, 7 led to an interview" in text
    for name in CHARTS:
        assert f'src="/progress/{name}.svg"' in text


def test_progress_counts_interviews_known_from_imported_statuses(db: Database, web: Web) -> None:
    imported(db)
    page = web.get("/progress")
    assert page.status_code == 200
    assert "Of 5 applications, 3 led to an interview" in page.text


def test_api_stats_is_stats_json(db: Database, web: Web) -> None:
    seed(db)
    imported(db)
    answer = web.get("/api/stats")
    assert answer.status_code == 200
    assert answer.json() == stats_dict(stats(db=db))
    assert answer.json()["funnel"]["applications_interviewed"] == 10
    later = (NOW - timedelta(weeks=2)).date()
    narrowed = web.get(f"/api/stats?since={later.isoformat()}")
    assert narrowed.status_code == 200
    assert narrowed.json() == stats_dict(stats(db=db, since=later))
    assert narrowed.json()["since"] == later.isoformat()
    refused = web.get("/api/stats?since=last-week")
    assert refused.status_code == 422 and "since" in refused.text
    spec = web.client.app.openapi()  # type: ignore[attr-defined]
    returned = spec["paths"]["/api/stats"]["get"]["responses"]["200"]["content"]
    assert returned["application/json"]["schema"] == {"$ref": "#/components/schemas/StatsOut"}
    assert "funnel" in spec["components"]["schemas"]["StatsOut"]["properties"]


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_each_chart_is_csp_clean_svg(db: Database, web: Web, name: str) -> None:
    seed(db)
    chart = web.get(f"/progress/{name}.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in chart.text
    assert "style=" not in chart.text and "<style" not in chart.text
    assert "font-family" not in chart.text  # text drawn as paths: no font needed


def test_progress_on_an_empty_database_and_bad_input(web: Web) -> None:
    page = web.get("/progress")
    assert page.status_code == 200 and "No feedback requests recorded yet." in page.text
    assert web.get("/progress/channels.svg").status_code == 200
    assert web.get("/progress/nothing.svg").status_code == 404
    refused = web.get("/progress?since=yesterday-ish")
    assert refused.status_code in (400, 422) and "since" in refused.text


def test_since_narrows_the_figures(db: Database, web: Web) -> None:
    seed(db)
    later = (NOW + timedelta(days=1)).date().isoformat()
    page = web.get(f"/progress?since={later}")
    assert page.status_code == 200
    assert "No applications recorded yet." in page.text
    assert f'src="/progress/funnel.svg?since={later}"' in page.text


@pytest.mark.slow
def test_progress_in_chromium_at_phone_and_desktop_width(
    browser: Any,  # noqa: F811 (the fixture imported above)
    live: Any,  # noqa: F811
    sqlite_db: Database,
) -> None:
    from playwright.sync_api import expect

    seed(sqlite_db)
    for width, height, name in ((390, 844, "30-phone-progress"), (1280, 900, "31-progress")):
        page = open_page(browser, live, width=width, height=height)
        page.goto(live.url + "/")
        page.get_by_role("link", name="Progress").click()
        expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
        expect(page.locator("figcaption.reading").first).to_contain_text("Of 7 applications")
        images = page.locator("figure.chart img")
        assert images.count() == len(CHARTS)
        for index in range(images.count()):
            image = images.nth(index)
            image.scroll_into_view_if_needed()
            expect(image).to_be_visible()
            drawn = image.evaluate("img => img.complete && img.naturalWidth")
            assert drawn, f"chart {index} did not draw"
            if width == 390:
                assert image.bounding_box()["width"] >= 300  # large enough to read
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the page scrolls sideways at {width}px ({wide}px)"
        shot(page, name)
        page.emulate_media(media="print")
        expect(page.locator("header.top, .top").first).to_be_hidden()
        expect(page.locator(".since-form")).to_be_hidden()
        shot(page, f"{name}-print")
        page.context.close()
    assert live.outside == []
    assert live.console_errors == []
