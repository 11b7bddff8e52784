"""Judging job emails and interviewers' replies.

    judge.py     the Judge interface, the rule-based judge, loading the trained judge
    engine.py    the model-backed judge: models decide, rules explain
    features.py  text to tokens and tf-idf vectors (the same at training and judging)
    linear.py    a linear model judged with numpy alone
    bundle.py    models as arrays and JSON with a manifest; atomic save, checked load
    views.py     one message made ready for the models
    corpus.py    the labelled corpus and the user's corrections
    training.py  fitting the models (scikit-learn, at training time only)
    evaluation.py cross-validation and the external check, model against rules
    batch.py     JSON lines in, judgements out (``nextround analyze``)
    emails.py    email rules: kind, stage, reason
    replies.py   reply rules: category, themes, evidence, probe
    entities.py  company, role and person
    lexicon.py   the rule tables as the judges use them, and the probes
    ruletable.py the rule tables as data: rules/*.toml, each rule with an id, what it
                 signals, its pattern and examples (rules/compiled.json: a fast copy)
    cues.py      matching cue patterns with their grammar guards
    text.py      cleanup, quoted history and signatures, sentences

Judging needs numpy; training also needs scikit-learn. Both are imported only
when a model is loaded or trained.
"""

from __future__ import annotations

from nextround.analysis.batch import analyze_lines
from nextround.analysis.judge import (
    Judge,
    RuleJudge,
    default_judge,
    forget_loaded_models,
    load_judge,
    other_personal_models,
    personal_model_for,
    personal_models,
    personal_slot,
)
from nextround.analysis.text import MAX_JUDGED_CHARS

__all__ = [
    "MAX_JUDGED_CHARS",
    "Judge",
    "RuleJudge",
    "analyze_lines",
    "default_judge",
    "forget_loaded_models",
    "load_judge",
    "other_personal_models",
    "personal_model_for",
    "personal_models",
    "personal_slot",
]
