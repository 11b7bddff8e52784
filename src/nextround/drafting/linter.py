"""The draft linter: does this message have what makes such a message work?

It checks drafts we wrote and drafts the user wrote alike, so it looks for
families of phrasings (see ``patterns.py``), never for our template strings.

Elements (what a good message has)::

    greeting               "Hi Dana," / "Dear Hiring Manager," on one of the first lines
    thanks                 thanks outside the signature ("Thanks,\\nSam" alone is not enough)
    appreciation           what they valued: "I enjoyed...", "I appreciated..."
    memory_trigger         one of the given talking points, by significant-word overlap;
                           with no talking points given, a cue such as "when we talked about"
    accepts_decision       "I understand/respect/accept ... decision" (not when negated)
    asks_what_to_improve   a question or request about what made the difference / to work on
    asks_specifics         a question about one particular thing ("which area in particular?")
    easy_out               an easy way to say no ("no worries if you'd rather not")
    keeps_door_open        "future roles", "keep me in mind", "another conversation"
    acknowledges_feedback  refers to what they said ("your feedback on...")
    offers_evidence        something concrete that answers the gap ("I've since...")
    plans_action           what the user will do next ("I'm going to...")
    sign_off               a signature with a name; on a call or voicemail "it's Sam Lee"

Required elements per step (everything else found is reported as present)::

    request    greeting thanks appreciation memory_trigger accepts_decision
               asks_what_to_improve sign_off
    screening  greeting thanks accepts_decision asks_what_to_improve sign_off
    follow_up  greeting thanks asks_what_to_improve easy_out sign_off
    probe      greeting thanks asks_specifics easy_out sign_off
    close      greeting thanks accepts_decision keeps_door_open sign_off
    pitch      greeting thanks acknowledges_feedback offers_evidence keeps_door_open sign_off
    thanks     greeting thanks acknowledges_feedback plans_action sign_off

Flags (what sinks a message): ``defensive``, ``argumentative``, ``pushy``
(phrases in quotation marks are ignored: they are the interviewer's words),
``unfilled_slot`` (a "[placeholder]" left to fill), ``too_long`` (LinkedIn over
300 characters, voicemail over 80 words, email
over 250, call script over 700, unknown channel over 400; an unknown channel
with a ``Subject:`` line is treated as email) and ``too_many_questions`` (more
than the step allows; call scripts are exempt, their branches hold many).

Score: the weighted share of required elements present, out of 100, minus a
penalty per flag, clamped to 0..100.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from nextround.domain.drafts import LintReport as LintReport
from nextround.domain.model import Channel
from nextround.drafting import detect
from nextround.drafting.context import Step
from nextround.drafting.explain import ELEMENT_HELP, FLAG_HELP, all_good
from nextround.drafting.limits import overflow

REQUIRED: dict[Step, tuple[str, ...]] = {
    Step.REQUEST: (
        "greeting",
        "thanks",
        "appreciation",
        "memory_trigger",
        "accepts_decision",
        "asks_what_to_improve",
        "sign_off",
    ),
    # after a screening rejection there is no interview to recall
    Step.SCREENING: (
        "greeting",
        "thanks",
        "accepts_decision",
        "asks_what_to_improve",
        "sign_off",
    ),
    Step.FOLLOW_UP: ("greeting", "thanks", "asks_what_to_improve", "easy_out", "sign_off"),
    Step.PROBE: ("greeting", "thanks", "asks_specifics", "easy_out", "sign_off"),
    Step.CLOSE: ("greeting", "thanks", "accepts_decision", "keeps_door_open", "sign_off"),
    Step.PITCH: (
        "greeting",
        "thanks",
        "acknowledges_feedback",
        "offers_evidence",
        "keeps_door_open",
        "sign_off",
    ),
    Step.THANKS: ("greeting", "thanks", "acknowledges_feedback", "plans_action", "sign_off"),
}

WEIGHTS: dict[str, int] = {
    "greeting": 10,
    "thanks": 15,
    "appreciation": 10,
    "memory_trigger": 15,
    "accepts_decision": 15,
    "asks_what_to_improve": 20,
    "asks_specifics": 25,
    "easy_out": 10,
    "keeps_door_open": 15,
    "acknowledges_feedback": 15,
    "offers_evidence": 20,
    "plans_action": 20,
    "sign_off": 10,
}

PENALTIES: dict[str, int] = {
    "defensive": 40,
    "argumentative": 30,
    "pushy": 30,
    "too_long": 20,
    "too_many_questions": 10,
    "unfilled_slot": 40,
}

# a placeholder left for the user to fill: "[something specific we talked about]"
SLOT = re.compile(r"\[[a-z][^\[\]\n]{2,80}\]")

MAX_QUESTIONS: dict[Step, int] = {
    Step.REQUEST: 3,
    Step.SCREENING: 2,
    Step.FOLLOW_UP: 2,
    Step.PROBE: 2,
    Step.CLOSE: 1,
    Step.PITCH: 2,
    Step.THANKS: 1,
}


def lint_draft(
    text: str,
    *,
    talking_points: Sequence[str] = (),
    step: Step = Step.REQUEST,
    channel: Channel | None = None,
) -> LintReport:
    """Check ``text`` as a ``step`` message for ``channel``; never raises on any text."""
    step = Step(step)  # callers from the CLI or JSON may pass the plain string
    channel = None if channel is None else Channel(channel)
    if channel is None and text.lstrip().lower().startswith("subject:"):
        channel = Channel.EMAIL
    doc = detect.prepare(text, channel, talking_points)
    present = tuple(name for name, found in detect.ELEMENTS.items() if found(doc))
    missing = tuple(name for name in REQUIRED[step] if name not in present)
    findings = _flags(doc, step)
    details = [ELEMENT_HELP[name](doc) for name in missing]
    details += [FLAG_HELP[name].format(evidence) for name, evidence in findings]
    if not details:
        details.append(all_good(step))
    return LintReport(
        score=_score(step, missing, [name for name, _ in findings]),
        present=present,
        missing=missing,
        flags=tuple(name for name, _ in findings),
        details=tuple(details),
    )


def _flags(doc: detect.Doc, step: Step) -> list[tuple[str, str]]:
    """Each flag raised, with the evidence its explanation quotes."""
    found: list[tuple[str, str]] = []
    for name, pattern in detect.TONE_FLAGS.items():
        phrases = detect.tone_flag(doc, pattern)
        if phrases:
            found.append((name, ", ".join(f'"{phrase}"' for phrase in phrases)))
    slots = SLOT.findall(doc.body)
    if slots:
        found.append(("unfilled_slot", ", ".join(dict.fromkeys(slots))))
    too_long = overflow(doc.channel, doc.body.strip())
    if too_long is not None:
        found.append(("too_long", too_long))
    questions = detect.question_count(doc)
    if doc.channel is not Channel.CALL and questions > MAX_QUESTIONS[step]:
        found.append(("too_many_questions", f"{questions} (at most {MAX_QUESTIONS[step]})"))
    return found


def _score(step: Step, missing: Sequence[str], flags: Sequence[str]) -> int:
    required = REQUIRED[step]
    total = sum(WEIGHTS[name] for name in required)
    have = total - sum(WEIGHTS[name] for name in missing)
    score = round(100 * have / total) - sum(PENALTIES[name] for name in flags)
    return max(0, min(100, score))
