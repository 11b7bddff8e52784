"""The judge seam: one interface for the rules now and trained models later.

A ``Judge`` turns one email or one reply into the domain's judgement. The
rule-based judge needs nothing but this package; a model-backed judge (a later
issue) will load its model lazily and may still call the rule steps in
``emails`` and ``replies`` for what rules explain best (reason and evidence
sentences, entities).
"""

from __future__ import annotations

from functools import cache
from typing import Protocol, runtime_checkable

from nextround.analysis.emails import judge_email as judge_email_by_rules
from nextround.analysis.replies import judge_reply as judge_reply_by_rules
from nextround.domain.model import EmailJudgement, ReplyJudgement


@runtime_checkable
class Judge(Protocol):
    """Judges job emails and interviewers' replies.

    Both methods raise ``InvalidInput`` for empty text, and ``AnalysisError``
    when the judge itself cannot work (a model that does not load).
    """

    name: str

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement: ...

    def judge_reply(self, text: str) -> ReplyJudgement: ...


class RuleJudge:
    """Hand-written rules: fast, explainable, no model files."""

    name = "rules"

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        return judge_email_by_rules(text, subject=subject, sender=sender)

    def judge_reply(self, text: str) -> ReplyJudgement:
        return judge_reply_by_rules(text)

    def __repr__(self) -> str:
        return "RuleJudge()"


@cache
def default_judge() -> Judge:
    """The judge used when none is given: the rules, until trained models ship."""
    return RuleJudge()
