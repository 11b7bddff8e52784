"""The linter on drafts a person might write: good ones pass, bad ones say why."""

from __future__ import annotations

import pytest

from nextround.domain.model import Channel
from nextround.drafting import Step, lint_draft
from nextround.drafting.linter import REQUIRED

GOOD_REQUEST = """Subject: Thanks - and one question

Hello Priya,

Thanks a lot for taking the time to chat with me last Tuesday. I really enjoyed hearing
about the rebuild of your ML platform and the plans for a feature store.

I respect that you chose another candidate. If you have a minute, could you tell me
what I could improve on before my next interviews?

Cheers,
Alex
"""


def test_a_good_hand_written_request_passes() -> None:
    report = lint_draft(GOOD_REQUEST, talking_points=["ML platform rebuild"], step=Step.REQUEST)
    assert report.ok, report.details
    assert report.score == 100
    assert set(REQUIRED[Step.REQUEST]) <= set(report.present)
    assert report.details == (
        "Looks good: everything a request message needs is there, and nothing reads as "
        "defensive, argumentative or pushy.",
    )


def test_a_subject_line_means_email_when_no_channel_is_given() -> None:
    padded = GOOD_REQUEST.replace("before my next interviews?", "word " * 260 + "?")
    assert "too_long" in lint_draft(padded, talking_points=["ML platform rebuild"]).flags


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("I don't understand why I was turned down.", "I don't understand why"),
        ("Honestly, I was clearly the best candidate.", "I was clearly the best"),
        ("I believe you made a mistake here.", "you made a mistake"),
        ("That's not fair after three rounds.", "That's not fair"),
        ("Frankly it feels unfair.", "unfair"),
        ("I'm more than qualified for this job.", "I'm more than qualified"),
    ],
)
def test_defensive_phrases_are_flagged(text: str, phrase: str) -> None:
    report = lint_draft(f"Hi Priya,\nThank you for your time. {text}\nBest,\nAlex")
    assert "defensive" in report.flags
    assert any(phrase in line and line.startswith("defensive:") for line in report.details)
    assert not report.ok


@pytest.mark.parametrize(
    "text",
    [
        "You should reconsider my application.",
        "I disagree with your assessment.",
        "With all due respect, the panel got this wrong.",
        "Please reconsider.",
        "I would like to appeal the decision.",
        "But I do have the experience you asked for.",
    ],
)
def test_argumentative_phrases_are_flagged(text: str) -> None:
    assert "argumentative" in lint_draft(f"Hi Priya,\n{text}\nBest,\nAlex").flags


@pytest.mark.parametrize(
    "text",
    [
        "I expect a response by Friday.",
        "Please reply ASAP.",
        "I need an answer by tomorrow.",
        "Why not???",
        "Thanks!!!",
        "I will call again tomorrow.",
        "I'll keep calling until I hear back.",
        "You must reply to this email.",
        "Please answer as soon as possible.",
    ],
)
def test_pushy_phrases_are_flagged(text: str) -> None:
    assert "pushy" in lint_draft(f"Hi Priya,\n{text}\nBest,\nAlex").flags


def test_several_pushy_phrases_are_all_quoted_in_the_detail() -> None:
    report = lint_draft("Hi Priya, I expect a response ASAP!!!\nAlex")
    (line,) = [d for d in report.details if d.startswith("pushy:")]
    assert '"I expect"' in line and '"ASAP"' in line and '"!!!"' in line


def test_words_in_quotation_marks_are_the_interviewers_and_are_not_flagged() -> None:
    text = (
        "Hi Priya,\nThank you for replying. You said “you should reconsider your approach to "
        "design reviews”. Which part in particular? No worries if not.\nBest, Alex"
    )
    report = lint_draft(text, step=Step.PROBE)
    assert report.flags == ()
    assert report.ok


def test_bad_drafts_score_low_and_explain_every_finding() -> None:
    text = "Hi Priya, I don't understand why. I expect a response ASAP!!"
    report = lint_draft(text)
    assert report.score == 0
    assert set(report.flags) == {"defensive", "pushy"}
    assert len(report.details) == len(report.missing) + len(report.flags)
    assert all(line.split(":")[0] in {*report.missing, *report.flags} for line in report.details)


def test_missing_elements_are_named_with_advice() -> None:
    report = lint_draft("Hi Priya,\nCould you tell me what I should work on?\nThanks,\nAlex")
    # "Thanks," in the signature does not count as thanking them
    assert report.missing == ("thanks", "appreciation", "memory_trigger", "accepts_decision")
    assert report.present == ("greeting", "asks_what_to_improve", "sign_off")
    assert 0 < report.score < 90
    assert report.details[0].startswith("thanks: ")


def test_the_memory_trigger_help_suggests_one_of_the_users_points() -> None:
    report = lint_draft("Hi Priya", talking_points=["the Kafka migration", "a very long point x y"])
    (line,) = [d for d in report.details if d.startswith("memory_trigger:")]
    assert "the Kafka migration" in line


def test_a_negated_acceptance_does_not_count() -> None:
    text = "Hi Priya,\nThank you. I don't understand your decision. What should I work on?\nAlex"
    assert "accepts_decision" in lint_draft(text, step=Step.CLOSE).missing
    accepted = text.replace("I don't understand", "I understand")
    assert "accepts_decision" in lint_draft(accepted, step=Step.REQUEST).present


def test_thanks_for_the_feedback_is_not_a_request_for_it() -> None:
    report = lint_draft("Hi Priya,\nThanks for the feedback.\nBest,\nAlex")
    assert "asks_what_to_improve" in report.missing
    asked = lint_draft("Hi Priya,\nI'd be grateful for any feedback.\nBest,\nAlex")
    assert "asks_what_to_improve" in asked.present


@pytest.mark.parametrize(
    ("mention", "found"),
    [
        ("I enjoyed our chat about migrating billing to Kafka.", True),  # other word forms
        ("I enjoyed talking about the Kafka work.", False),  # one word of four is not enough
        ("I enjoyed the billing-service migration talk.", True),
        ("I enjoyed the interview.", False),
    ],
)
def test_the_memory_trigger_matches_talking_points_loosely(mention: str, found: bool) -> None:
    text = f"Hi Priya,\n{mention}\nBest,\nAlex"
    points = ["the migration of the billing service to Kafka"]
    assert ("memory_trigger" in lint_draft(text, talking_points=points).present) is found


def test_the_memory_trigger_ignores_accents_and_case() -> None:
    text = "Hi Zoe,\nI enjoyed the CAFE DIARY study.\nBest,\nAlex"
    assert "memory_trigger" in lint_draft(text, talking_points=["the café diary study"]).present


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I enjoyed it when we talked about your on-call rota.", True),
        ("Our conversation about pricing stayed with me.", True),
        ("You mentioned the new office in Lyon.", True),
        ("I enjoyed the interview.", False),
    ],
)
def test_without_talking_points_a_cue_is_enough(text: str, found: bool) -> None:
    assert ("memory_trigger" in lint_draft(f"Hi Priya,\n{text}\nAlex").present) is found


@pytest.mark.parametrize(
    "ending",
    [
        "Best,\nAlex Morgan",
        "Kind regards,\nZoë Ñúñez",
        "Thanks again, Alex",
        "thanks, alex",
        "— Alex",
        "Cheers,\nAlex\nalex@example.com\n+44 20 7946 0000",
        "Thanks for reading.\nAlex",
    ],
)
def test_sign_offs_in_many_forms(ending: str) -> None:
    assert "sign_off" in lint_draft(f"Hi Priya,\nThank you.\n{ending}").present


@pytest.mark.parametrize(
    "ending",
    [
        "Thank you for your time.",
        "Best",
        "Thanks for your help, Priya.",
        "Thank you, I really appreciate it",
        "Hi Priya,",
    ],
)
def test_no_name_no_sign_off(ending: str) -> None:
    assert "sign_off" in lint_draft(f"Hi Priya,\nThank you.\n{ending}").missing


def test_saying_who_you_are_signs_a_call_or_voicemail_but_not_an_email() -> None:
    text = "Hi Priya, this is Alex Morgan. Thank you for your time. Speak soon."
    assert "sign_off" in lint_draft(text, channel=Channel.VOICEMAIL).present
    assert "sign_off" in lint_draft(text, channel=Channel.CALL).present
    assert "sign_off" in lint_draft(text, channel=Channel.EMAIL).missing


def test_call_script_headings_do_not_hide_the_greeting() -> None:
    text = "[Opening]\nHi Priya, it's Alex.\n\n[Ask]\nWhat should I work on?"
    assert "greeting" in lint_draft(text, channel=Channel.CALL).present
    assert "greeting" in lint_draft("Me: Hello Priya, it's Alex.", channel=Channel.CALL).present
    assert "greeting" in lint_draft("Dear Ms Okafor:\nThank you.").present


@pytest.mark.parametrize(
    ("channel", "text", "too_long"),
    [
        (Channel.LINKEDIN, "x" * 300, False),
        (Channel.LINKEDIN, "x" * 301, True),
        (Channel.VOICEMAIL, "word " * 80, False),
        (Channel.VOICEMAIL, "word " * 81, True),
        (Channel.EMAIL, "word " * 250, False),
        (Channel.EMAIL, "word " * 251, True),
        (Channel.CALL, "word " * 600, False),
        (None, "word " * 401, True),
    ],
)
def test_length_limits_per_channel(channel: Channel | None, text: str, too_long: bool) -> None:
    report = lint_draft(text, channel=channel)
    assert ("too_long" in report.flags) is too_long
    if too_long:
        assert any(line.startswith("too_long:") for line in report.details)


def test_too_many_questions_except_in_a_call_script() -> None:
    text = "Hi Priya,\nWhy? What? Which? How? When?\nAlex"
    assert "too_many_questions" in lint_draft(text).flags
    assert "too_many_questions" not in lint_draft(text, channel=Channel.CALL).flags


@pytest.mark.parametrize(
    ("step", "text"),
    [
        (
            Step.FOLLOW_UP,
            "Hi Priya,\nJust following up on my note. If you have a moment, a line on what I "
            "could work on would help; no worries if not. Thanks either way.\nAlex",
        ),
        (
            Step.PROBE,
            "Hi Priya,\nThanks for replying! Which skill in particular held me back? Totally "
            "fine if you'd rather not say.\nBest, Alex",
        ),
        (
            Step.CLOSE,
            "Hi Priya,\nThanks for letting me know. I understand that you can't share "
            "feedback. I'd love to be considered for future roles.\nAll the best,\nAlex",
        ),
        (
            Step.PITCH,
            "Hi Priya,\nThank you for your feedback on my SQL depth. Since we spoke I "
            "completed an advanced SQL course. Would you be open to another conversation?\n"
            "Best,\nAlex",
        ),
        (
            Step.THANKS,
            "Hi Priya,\nThank you for the honest feedback about my system design answer. I'm "
            "going to practise with a mentor every week.\nBest,\nAlex",
        ),
    ],
)
def test_hand_written_drafts_for_each_step(step: Step, text: str) -> None:
    report = lint_draft(text, step=step)
    assert report.ok, report.details
    assert set(REQUIRED[step]) <= set(report.present)


def test_each_step_requires_its_own_elements() -> None:
    # a perfectly good probe is not a request: it lacks the memory trigger and acceptance
    probe = (
        "Hi Priya,\nThanks for replying! Which skill in particular held me back? Totally "
        "fine if you'd rather not say.\nBest, Alex"
    )
    assert lint_draft(probe, step=Step.PROBE).ok
    assert {"memory_trigger", "accepts_decision"} <= set(lint_draft(probe).missing)


def test_to_json() -> None:
    report = lint_draft("Hi Priya, ASAP!!\nAlex")
    data = report.to_json()
    assert data["ok"] is False
    assert data["score"] == report.score
    assert data["flags"] == ["pushy"]
    assert data["missing"] == list(report.missing)
    assert data["present"] == list(report.present)


def test_empty_text_is_all_missing_and_scores_zero() -> None:
    report = lint_draft("")
    assert report.missing == REQUIRED[Step.REQUEST]
    assert report.score == 0
    assert report.flags == ()


def test_plain_strings_are_accepted_for_step_and_channel() -> None:
    text = "Hi Priya,\nThank you. I'm going to work on it, after your feedback on SQL.\nAlex"
    report = lint_draft(text, step="thanks", channel="linkedin")  # type: ignore[arg-type]
    assert report.ok, report.details


METHOD_REQUEST = (
    "Hi Sam,\n\nThank you for your time last week; I really enjoyed our discussion about the "
    "product launch.\n\n{accept} Just out of curiosity, what did you think made me unsuitable "
    "for the job? What do I need to work on?\n\nThanks, Alex"
)


@pytest.mark.parametrize(
    "accept",
    [
        "I fully understand you found a better suited candidate.",
        "I appreciate that you have made your decision.",
    ],
)
def test_the_methods_own_wording_passes(accept: str) -> None:
    report = lint_draft(
        METHOD_REQUEST.format(accept=accept),
        talking_points=["the product launch"],
        step=Step.REQUEST,
        channel=Channel.EMAIL,
    )
    assert report.ok, report.details


def test_telling_them_they_chose_wrong_is_defensive() -> None:
    report = lint_draft(
        METHOD_REQUEST.format(accept="Honestly I think you chose wrong."),
        talking_points=["the product launch"],
        step=Step.REQUEST,
        channel=Channel.EMAIL,
    )
    assert "defensive" in report.flags and "accepts_decision" in report.missing
