from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nextround.domain.calendar import add_business_days
from nextround.domain.errors import InvalidInput
from nextround.domain.themes import Theme, parse_rating, parse_theme


def test_business_days_skip_weekends() -> None:
    friday = datetime(2026, 11, 20, 12)
    assert add_business_days(friday, 1) == datetime(2026, 11, 23, 12)
    assert add_business_days(friday, 5) == datetime(2026, 11, 27, 12)
    saturday = datetime(2026, 11, 21, 12)
    assert add_business_days(saturday, 2) == datetime(2026, 11, 25, 12)
    assert add_business_days(saturday, 0) == datetime(2026, 11, 23, 12)


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
    st.integers(min_value=0, max_value=40),
)
def test_business_days_land_on_weekdays(start: datetime, days: int) -> None:
    end = add_business_days(start, days)
    assert end.weekday() < 5
    assert end >= start
    assert end - start <= timedelta(days=days * 7 // 5 + 3)


def test_themes_parse_forgivingly() -> None:
    assert parse_theme("Technical Skills") is Theme.TECHNICAL_SKILLS
    assert parse_theme("culture-fit") is Theme.CULTURE_FIT
    assert len(Theme) == 10 and all(t.covers for t in Theme)
    with pytest.raises(InvalidInput, match="unknown theme 'charisma'"):
        parse_theme("charisma")


@pytest.mark.parametrize("bad", ["communication", "communication=6", "communication=x", "x=3"])
def test_bad_ratings_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        parse_rating(bad)


def test_rating_parses() -> None:
    assert parse_rating("problem solving = 4") == (Theme.PROBLEM_SOLVING, 4)
