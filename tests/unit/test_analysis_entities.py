"""Company, role and person from subject lines, sentences, sign-offs and senders."""

from __future__ import annotations

import pytest

from nextround.analysis import RuleJudge
from nextround.analysis.entities import extract_entities
from nextround.analysis.text import split_sentences

JUDGE = RuleJudge()


def entities(text: str, *, subject: str = "", sender: str = "") -> tuple[object, ...]:
    found = extract_entities(subject=subject, sentences=split_sentences(text), sender=sender)
    return found.company, found.role, found.person


def test_sign_off_gives_person_and_company() -> None:
    text = (
        "Thank you for applying for the Data Analyst position at Acme Corp. We have decided to "
        "move forward with other candidates.\n\nBest,\nJane Doe\nTalent Acquisition, Acme Corp"
    )
    assert entities(text) == ("Acme Corp", "Data Analyst", "Jane Doe")


def test_inline_sign_off_on_one_line() -> None:
    _, _, person = entities("We will not be moving forward. Best regards, Tom Hughes")
    assert person == "Tom Hughes"


def test_team_sign_off_is_a_company_not_a_person() -> None:
    company, _, person = entities(
        "Unfortunately the role has been filled.\n\nKind regards,\nThe Brightwave Recruiting Team"
    )
    assert company == "Brightwave"
    assert person is None


@pytest.mark.parametrize(
    ("sentence", "company"),
    [
        ("Thank you for your interest in Initech.", "Initech"),
        ("Thanks for your application to Northpeak Labs!", "Northpeak Labs"),
        ("We loved learning about you here at Procter & Gamble.", "Procter & Gamble"),
        ("Thank you for considering a career with Bank of Avalon.", "Bank of Avalon"),
    ],
)
def test_company_from_sentences(sentence: str, company: str) -> None:
    assert entities(sentence)[0] == company


@pytest.mark.parametrize(
    ("sentence", "role"),
    [
        ("Thank you for applying for the Senior Backend Engineer role.", "Senior Backend Engineer"),
        (
            "We considered you for the position of Marketing Executive at Fernway.",
            "Marketing Executive",
        ),
        (
            "Thanks for your interest in the software engineering internship.",
            "software engineering Internship",
        ),
        ("Your application for Product Designer at Korvo was reviewed.", "Product Designer"),
    ],
)
def test_role_from_sentences(sentence: str, role: str) -> None:
    assert entities(sentence)[1] == role


def test_role_and_company_from_subject_parts() -> None:
    company, role, _ = entities("Hello.", subject="Re: Data Scientist - Halcyon Bank")
    assert (company, role) == ("Halcyon Bank", "Data Scientist")


def test_sender_display_name_and_domain() -> None:
    _, _, person = entities("We regret to inform you.", sender="Maria Lopez <maria@orbis.io>")
    assert person == "Maria Lopez"
    company, _, _ = entities("We regret to inform you.", sender="careers@skyforge-labs.com")
    assert company == "Skyforge Labs"
    company, _, _ = entities("We regret to inform you.", sender="no-reply@greenhouse.io")
    assert company is None


def test_nothing_convincing_gives_none() -> None:
    assert entities("see you at the barbecue on saturday") == (None, None, None)


def test_judge_email_passes_sender_through() -> None:
    judgement = JUDGE.judge_email(
        "Unfortunately we will not be moving forward.", sender="Jo Park at Lumen <jo@lumen.dev>"
    )
    assert judgement.person == "Jo Park"
    assert judgement.company == "Lumen"
