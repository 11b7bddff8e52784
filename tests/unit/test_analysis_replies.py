"""Reply rules on hand-written interviewer replies: actionable, generic, declined."""

from __future__ import annotations

import pytest

from nextround.analysis import RuleJudge
from nextround.domain.errors import InvalidInput
from nextround.domain.model import ReplyCategory, Vagueness
from nextround.domain.themes import Theme

JUDGE = RuleJudge()
T = Theme

ACTIONABLE = {
    "system-design-and-sql": (
        "Thanks for following up. The panel felt your system design answer didn't go deep "
        "enough on how the service would scale, and your SQL in the live exercise had a few "
        "errors with joins.",
        {T.TECHNICAL_SKILLS},
    ),
    "location-and-relocation": (
        "Honestly, it came down to location: we need someone in the office in Leeds three days "
        "a week and relocation wasn't something you were open to.",
        {T.LOGISTICS},
    ),
    "long-answers": (
        "Your answers tended to be quite long, and it was sometimes hard to follow the main "
        "point. Using a structure like STAR would help.",
        {T.COMMUNICATION},
    ),
    "no-research-no-questions": (
        "You didn't seem to have researched our product before the interview, and you didn't "
        "have any questions for us.",
        {T.PREPARATION},
    ),
    "people-management": (
        "We were looking for someone with more experience managing a team of engineers and "
        "mentoring junior staff.",
        {T.LEADERSHIP},
    ),
    "algorithms-and-salary": (
        "The feedback from the team was that your Python was solid but you struggled with the "
        "algorithms question. We also felt your salary expectations were above our range.",
        {T.TECHNICAL_SKILLS, T.LOGISTICS},
    ),
    "more-senior": (
        "In the end we decided we need a more senior person for this role.",
        {T.SENIORITY},
    ),
    "case-structure": (
        "In the case interview you jumped straight into the numbers without clarifying the "
        "assumptions or structuring the problem first.",
        {T.PROBLEM_SOLVING},
    ),
    "reasons-for-moving": (
        "It wasn't clear to the panel why you wanted to leave your current role, and you "
        "didn't come across as enthusiastic about our mission.",
        {T.MOTIVATION},
    ),
    "late-and-negative": (
        "You arrived twenty minutes late and were quite negative about your previous employer, "
        "which concerned the team.",
        {T.CULTURE_FIT},
    ),
    "healthcare-domain": (
        "We really needed someone with experience in healthcare compliance, which was missing "
        "from your background.",
        {T.DOMAIN_EXPERIENCE},
    ),
    "visa": (
        "I'm sorry to say we aren't able to sponsor a visa for this role at the moment.",
        {T.LOGISTICS},
    ),
    "notice-period": (
        "The main issue was your three-month notice period; we need someone who can start sooner.",
        {T.LOGISTICS},
    ),
    "industry-before": (
        "We decided we need someone who has worked in the insurance industry before.",
        {T.DOMAIN_EXPERIENCE},
    ),
    "staff-level-stretch": (
        "Honestly you're a great engineer, but this is a staff-level role and we felt it would "
        "be too much of a stretch right now.",
        {T.SENIORITY},
    ),
    "statistics-and-concision": (
        "Two things: brush up on statistics, especially hypothesis testing, and try to be more "
        "concise when you explain your analysis.",
        {T.TECHNICAL_SKILLS, T.COMMUNICATION},
    ),
    "declines-but-gives-a-gap": (
        "We don't usually give detailed feedback, but I can say that your Kubernetes knowledge "
        "wasn't at the level we needed.",
        {T.TECHNICAL_SKILLS},
    ),
    "quoted-history-is-ignored": (
        "Hi Sam,\n\nYou didn't have enough experience with React Native for this role.\n\n"
        "Best,\nDana\nEngineering Manager | Fable\n\nOn Mon, 2 Jun 2025 at 09:00, Sam "
        "<sam@example.com> wrote:\n> Could you share feedback? I'd love to know about my "
        "communication and my research on the company.",
        {T.TECHNICAL_SKILLS},
    ),
}

GENERIC = {
    "not-enough-experience": (
        "You just didn't have enough experience for this role.",
        Vagueness.EXPERIENCE,
        T.DOMAIN_EXPERIENCE,
    ),
    "better-fit": (
        "We went with another candidate who was a slightly better fit overall. It was a close "
        "call!",
        Vagueness.FIT,
        None,
    ),
    "its-not-you": (
        "To be honest it's not you, it's us - the team is going through some changes.",
        Vagueness.OTHER,
        None,
    ),
    "positive-only": (
        "You interviewed really well and the team loved meeting you.",
        Vagueness.POSITIVE,
        None,
    ),
    "tech-wise-below-bar": (
        "Tech-wise you were a bit below our bar.",
        Vagueness.SKILLS,
        T.TECHNICAL_SKILLS,
    ),
    "culture-fit": (
        "We felt you weren't quite the right culture fit for the team.",
        Vagueness.CULTURE,
        T.CULTURE_FIT,
    ),
    "competitive": (
        "There were a number of very strong candidates and it was an extremely competitive "
        "process.",
        Vagueness.COMPETITION,
        None,
    ),
    "communication-label": (
        "Your communication could have been stronger.",
        Vagueness.SKILLS,
        T.COMMUNICATION,
    ),
    "vague-answers": (
        "Some of your answers were a bit vague.",
        Vagueness.SKILLS,
        T.COMMUNICATION,
    ),
    "skills-not-at-level": (
        "Your skills weren't quite at the level we need for this position.",
        Vagueness.SKILLS,
        None,
    ),
    "nothing-in-particular": (
        "Thanks for asking. We just decided to go another way this time.",
        Vagueness.OTHER,
        None,
    ),
}

DECLINED = {
    "policy": (
        "Thanks for reaching out. Unfortunately company policy means we can't provide "
        "individual feedback to candidates."
    ),
    "volume": (
        "Due to the high volume of applicants, we are unable to offer detailed feedback at this "
        "stage."
    ),
    "legal": "I'm afraid we don't give feedback on interviews for legal reasons.",
    "not-permitted": "Unfortunately we aren't permitted to share interview feedback.",
    "as-a-rule": "Sorry, as a rule we don't provide feedback to unsuccessful candidates.",
    "not-something-we-share": (
        "Hi Sam, I appreciate you asking. Feedback isn't something we share after interviews, "
        "but I wish you the very best."
    ),
}


@pytest.mark.parametrize(("text", "themes"), list(ACTIONABLE.values()), ids=list(ACTIONABLE))
def test_actionable_replies_name_their_themes(text: str, themes: set[Theme]) -> None:
    judgement = JUDGE.judge_reply(text)
    assert judgement.category is ReplyCategory.ACTIONABLE
    assert judgement.actionable
    assert set(judgement.themes) == themes
    assert judgement.evidence
    assert judgement.probe is None
    assert judgement.vagueness is None


def test_actionable_evidence_is_the_feedback_sentence_not_the_greeting() -> None:
    judgement = JUDGE.judge_reply(ACTIONABLE["quoted-history-is-ignored"][0])
    assert judgement.evidence == (
        "You didn't have enough experience with React Native for this role.",
    )


@pytest.mark.parametrize(("text", "vagueness", "theme"), list(GENERIC.values()), ids=list(GENERIC))
def test_generic_replies_get_a_vagueness_and_a_fitting_probe(
    text: str, vagueness: Vagueness, theme: Theme | None
) -> None:
    judgement = JUDGE.judge_reply(text)
    assert judgement.category is ReplyCategory.GENERIC
    assert not judgement.actionable
    assert judgement.vagueness is vagueness
    assert judgement.themes == ((theme,) if theme else ())
    assert judgement.probe
    assert judgement.probe.endswith("?")
    assert judgement.evidence


def test_experience_probe_asks_which_area() -> None:
    probe = JUDGE.judge_reply(GENERIC["not-enough-experience"][0]).probe
    assert probe is not None
    assert "which area of experience" in probe


def test_probes_differ_by_vagueness() -> None:
    probes = {JUDGE.judge_reply(text).probe for text, _, _ in GENERIC.values()}
    assert len(probes) >= 6


@pytest.mark.parametrize("text", list(DECLINED.values()), ids=list(DECLINED))
def test_declined_replies(text: str) -> None:
    judgement = JUDGE.judge_reply(text)
    assert judgement.category is ReplyCategory.DECLINED
    assert judgement.themes == ()
    assert judgement.probe is None
    assert judgement.evidence


def test_praise_that_names_a_skill_is_not_actionable() -> None:
    judgement = JUDGE.judge_reply(
        "Your SQL and your communication were excellent, and the team enjoyed meeting you. "
        "We wish you the best."
    )
    assert judgement.category is ReplyCategory.GENERIC
    assert judgement.vagueness is Vagueness.POSITIVE


def test_subject_line_is_not_evidence() -> None:
    judgement = JUDGE.judge_reply(
        "Subject: Re: Data Analyst interview\n\nWe felt you weren't a strong culture fit."
    )
    assert judgement.evidence == ("We felt you weren't a strong culture fit.",)


def test_signature_lines_do_not_become_evidence() -> None:
    judgement = JUDGE.judge_reply(
        "Hi Sam,\n\nWe went with someone with more experience.\n\nKind regards,\nJane Doe\n"
        "Head of Talent | Acme\n+44 20 7946 0000"
    )
    assert judgement.evidence == ("We went with someone with more experience.",)


@pytest.mark.parametrize(
    "text", ["", "  \n ", "> only a quote\n> of my own message", "On Mon, Jo wrote:\n> hi"]
)
def test_empty_reply_is_invalid_input(text: str) -> None:
    with pytest.raises(InvalidInput, match="is empty"):
        JUDGE.judge_reply(text)


def test_non_english_reply_gets_low_confidence() -> None:
    judgement = JUDGE.judge_reply(
        "Merci pour votre intérêt. Nous avons choisi un autre candidat dont le profil "
        "correspond davantage à nos besoins actuels."
    )
    assert judgement.confidence <= 0.3
