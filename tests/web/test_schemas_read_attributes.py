"""The API's answers read the domain's objects by attribute (``model_validate``,
``from_attributes``): every field is the attribute of the same name, as JSON."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import pytest
from pydantic import BaseModel

from nextround.domain.drafts import Draft, LintReport, Step
from nextround.domain.insights import ThemeStanding
from nextround.domain.model import (
    Application,
    ApplicationStatus,
    Channel,
    Contact,
    Interview,
    Lesson,
    LessonStatus,
    Polarity,
    Tone,
    Transition,
)
from nextround.domain.themes import Theme
from nextround.web.schemas import (
    ApplicationOut,
    ContactOut,
    DraftTextOut,
    InterviewOut,
    LessonOut,
    LintOut,
    StepOut,
    ThemeStandingOut,
)

WHEN = datetime(2026, 11, 20, 14, 30)


def _json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {_json(k): _json(v) for k, v in value.items()}
    return value


CASES: list[tuple[type[BaseModel], object]] = [
    (
        ApplicationOut,
        Application(
            id=7,
            company="Quarry Labs",
            role="Data Engineer",
            source="referral",
            status=ApplicationStatus.INTERVIEWING,
            applied_on=WHEN,
            created_at=WHEN,
            updated_at=WHEN,
            notes="n",
            job_url="https://quarry.example/jobs/1",
            location="Leeds",
            salary="£55k",
        ),
    ),
    (ContactOut, Contact(id=3, name="Dana", company="Quarry", title="Lead", email="d@q.example")),
    (
        InterviewOut,
        Interview(
            id=2,
            application_id=7,
            stage="onsite",
            when=WHEN,
            contact_ids=[3],
            talking_points=["the Kafka migration"],
            notes="n",
            self_assessment={Theme.TECHNICAL_SKILLS: 4},
        ),
    ),
    (
        LessonOut,
        Lesson(
            id=5,
            theme=Theme.TECHNICAL_SKILLS,
            polarity=Polarity.WEAKNESS,
            statement="Partition the data",
            status=LessonStatus.OPEN,
            application_id=7,
            message_id=9,
            evidence="you did not partition",
            actions=["practise"],
            created_at=WHEN,
        ),
    ),
    (LintOut, LintReport(score=80, present=("thanks",), missing=(), flags=(), details=("ok",))),
    (DraftTextOut, Draft(Step.REQUEST, Channel.EMAIL, Tone.WARM, "Re: hi", "Hi Dana")),
    (StepOut, Transition("rejected", "none", "to_ask", WHEN, message_id=4, note="n")),
    (ThemeStandingOut, ThemeStanding(Theme.TECHNICAL_SKILLS, 1, 2, 1, 3.5, ["e"])),
]


@pytest.mark.parametrize(("schema", "obj"), CASES, ids=[c[0].__name__ for c in CASES])
def test_each_field_is_the_attribute_of_the_same_name(schema: type[BaseModel], obj: object) -> None:
    answer = schema.model_validate(obj).model_dump(mode="json")
    assert answer == {name: _json(getattr(obj, name)) for name in schema.model_fields}


def test_a_record_not_yet_stored_answers_with_id_0() -> None:
    unsaved = Application(id=None, company="Quarry Labs", role="Data Engineer")
    assert ApplicationOut.model_validate(unsaved).id == 0
