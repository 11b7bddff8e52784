"""One message made ready for the models: cleaned text, sentences, rule cues, tokens.

Training and judging both go through these functions, so a model always sees
its input the way it saw its training data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nextround.analysis.emails import (
    EmailText,
    after_interview,
    find_reason,
    judge_read_email,
    read_email,
    read_emails,
    reason_hits,
)
from nextround.analysis.features import tokens, word_tokens, words
from nextround.analysis.replies import ReplyText, judge_read_reply, read_reply, reply_cues
from nextround.domain.model import EmailJudgement, ReplyJudgement


@dataclass(frozen=True, slots=True)
class EmailView:
    """An email's text, its rule judgement, and what its model tokens are made of.

    The tokens are kept as their parts (the words and the extra rule and subject
    tokens): the judge finds their columns from the words directly
    (``features.TokenColumns``), so judging never builds the token strings.
    """

    email: EmailText
    rules: EmailJudgement
    words: list[str]
    extra: list[str]
    # the reason rules' sentence, read even where the rules' kind is not a rejection:
    # when the model sees a rejection the rules missed ("we are not hiring a law
    # clerk"), their reason still counts
    rule_reason: str | None = None

    @property
    def tokens(self) -> list[str]:
        """The model tokens, as training reads them."""
        return word_tokens(self.words, extra=self.extra, chars=EMAIL_CHARS)

    @property
    def body_sentences(self) -> list[str]:
        return [self.email.doc.sentences[i] for i in self.email.body]


@dataclass(frozen=True, slots=True)
class ReplyView:
    """A reply's text, its rule judgement, and its model tokens: ``tokens`` with
    character n-grams (the themes models read those: spelling variants of skills),
    ``plain`` without them (the category model: n-grams of our own corpus's wording
    cost it accuracy on real text)."""

    reply: ReplyText
    rules: ReplyJudgement
    tokens: list[str]
    plain: list[str]

    @property
    def sentences(self) -> list[str]:
        return list(self.reply.doc.sentences)


# chosen by cross-validation: character n-grams cost the email kind accuracy (noise
# for ~850 examples) but lift the reply themes (spelling variants of skills)
EMAIL_CHARS = False
REPLY_CHARS = True


def _flag(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "unknown"}[value]


def email_view(text: str, *, subject: str = "", sender: str = "") -> EmailView:
    return _view_of(read_email(text, subject=subject), sender)


def email_views(emails: Sequence[tuple[str, str, str]]) -> list[EmailView]:
    """The views of many emails, each ``(text, subject, sender)``, as ``email_view``
    gives them, read together first (see ``read_emails``)."""
    read = read_emails([(text, subject) for text, subject, _ in emails])
    return [_view_of(email, sender) for email, (_, _, sender) in zip(read, emails, strict=True)]


def _view_of(email: EmailText, sender: str) -> EmailView:
    reasons = reason_hits(email)
    rules = judge_read_email(email, sender=sender, reasons=reasons)
    quick_reason = rules.reason
    cues = [
        f"r:kind={rules.kind.value}",
        f"r:stage={_flag(rules.after_interview)}",
        f"r:reason={_flag(rules.gives_reason)}",
    ]
    if not rules.is_rejection:
        # the stage and reason cues, read even where the rules did not see a rejection:
        # a terse "the role you interviewed for has been filled" may be one the model sees
        cues.append(f"q:stage={_flag(after_interview(email))}")
        quick_reason = find_reason(email, reasons=reasons)
        cues.append(f"q:reason={_flag(quick_reason is not None)}")
    subject_words = [f"s:{w}" for w in email.subject.lower().split()[:12]]
    return EmailView(
        email, rules, words(" ".join(email.doc.sentences)), cues + subject_words, quick_reason
    )


def reply_view(text: str) -> ReplyView:
    reply = read_reply(text)
    rules = judge_read_reply(reply)
    cues = [f"r:cat={rules.category.value}"]
    cues += [f"r:theme={t.value}" for t in rules.themes]
    if rules.vagueness is not None:
        cues.append(f"r:vague={rules.vagueness.value}")
    cues += reply_cues(reply)
    ws = words(" ".join(reply.doc.sentences))
    return ReplyView(
        reply,
        rules,
        word_tokens(ws, extra=cues, chars=REPLY_CHARS),
        word_tokens(ws, extra=cues, chars=False),
    )


def theme_tokens(view: ReplyView, evidence: Sequence[str]) -> list[str]:
    """What the reply-level themes model reads: the whole reply, plus its evidence
    sentences marked apart (``e|``), so a skill named in the feedback outweighs one
    in the pleasantries around it."""
    return view.tokens + ["e|" + t for t in tokens(" ".join(evidence), chars=REPLY_CHARS)]


STACK_FLOOR = 1e-4  # a meta-model reads log(p); probabilities below this are clipped


def stack_vector(
    terms: Sequence[str], probs: dict[str, float], rule: str, sure: float = 0.0
) -> npt.NDArray[np.float32]:
    """One message's row of ``stack_matrix``, its probabilities given as {class: p}."""
    row = np.array([list(probs.values())], dtype=np.float64)
    vector: npt.NDArray[np.float32] = stack_matrix(terms, list(probs), row, [rule], [sure])[0]
    return vector


def stack_matrix(
    terms: Sequence[str],
    classes: Sequence[str],
    probabilities: npt.NDArray[np.float64],
    rules: Sequence[str],
    sures: Sequence[float] | None = None,
) -> npt.NDArray[np.float32]:
    """A meta-model's dense input, one row per message, named by its terms:
    ``p:LABEL`` is the base model's log-probability of LABEL (``probabilities`` has a
    column per class, as ``LinearModel.probabilities_rows`` gives it), ``r:kind=LABEL``
    is 1 when the rules said LABEL (``rules``) and ``r:sure=LABEL`` is then the rules'
    confidence in it (``sures``).

    The logarithms go through ``math.log``, not ``np.log``, whose vectorised code
    may round the last bit differently from a message judged on its own.
    """
    out = np.zeros((len(rules), len(terms)), dtype=np.float32)
    for n, term in enumerate(terms):
        if term.startswith("p:"):
            label = term[2:]
            if label in classes:
                column = probabilities[:, list(classes).index(label)].tolist()
                out[:, n] = [math.log(max(p, STACK_FLOOR)) for p in column]
            else:
                out[:, n] = math.log(STACK_FLOOR)
        elif term.startswith("r:kind="):
            out[:, n] = [float(term[7:] == rule) for rule in rules]
        elif term.startswith("r:sure="):
            given = sures if sures is not None else [0.0] * len(rules)
            out[:, n] = [s if term[7:] == r else 0.0 for r, s in zip(rules, given, strict=True)]
    return out


def sentence_prefix(task: str) -> str:
    """What a task puts before each sentence token, so one vocabulary serves both."""
    return f"{task}|"


def sentence_tokens(sentence: str, *, task: str) -> list[str]:
    """A sentence's tokens, prefixed by the task so one vocabulary serves both."""
    prefix = sentence_prefix(task)
    return [prefix + t for t in tokens(sentence)]
