"""Judging job emails and interviewers' replies.

    judge.py     the Judge interface, the rule-based judge, the default judge
    batch.py     JSON lines in, judgements out (``nextround analyze``)
    emails.py    email rules: kind, stage, reason
    replies.py   reply rules: category, themes, evidence, probe
    entities.py  company, role and person
    lexicon.py   the words the rules look for
    cues.py      matching cue patterns with their grammar guards
    text.py      cleanup, quoted history and signatures, sentences

This package imports only the standard library and ``nextround.domain``.
"""

from __future__ import annotations

from nextround.analysis.batch import analyze_lines
from nextround.analysis.judge import Judge, RuleJudge, default_judge
from nextround.analysis.text import MAX_JUDGED_CHARS

__all__ = ["MAX_JUDGED_CHARS", "Judge", "RuleJudge", "analyze_lines", "default_judge"]
