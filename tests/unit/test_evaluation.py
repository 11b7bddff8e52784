"""`nextround model evaluate`: the measures, the report, and the external set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nextround.analysis import corpus as corpus_module
from nextround.analysis.corpus import Corpus, load_corpus
from nextround.analysis.evaluation import (
    Scores,
    calibration_error,
    metrics,
    prf,
    report,
    splits,
    summary_rows,
    sure_when_wrong,
)
from nextround.domain.errors import InvalidInput
from nextround.domain.model import (
    EmailJudgement,
    EmailKind,
    ReplyCategory,
    ReplyJudgement,
)
from nextround.domain.themes import Theme
from nextround.services import models


def _email(kind: EmailKind, *, reason: bool = False) -> EmailJudgement:
    rejection = kind is EmailKind.REJECTION
    return EmailJudgement(
        kind=kind,
        is_rejection=rejection,
        after_interview=True if rejection else None,
        gives_reason=reason,
        reason="The role was filled." if reason else None,
        company=None,
        role=None,
        person=None,
        confidence=0.9,
    )


def _reply(category: ReplyCategory, *themes: Theme) -> ReplyJudgement:
    return ReplyJudgement(category, themes, (), None, None, 0.9)


def _scores() -> Scores:
    gold_rejection = {"kind": "rejection", "gives_reason": True, "after_interview": True}
    gold_invite = {"kind": "invite", "gives_reason": None, "after_interview": None}
    return Scores(
        emails=[
            (gold_rejection, _email(EmailKind.REJECTION, reason=True)),  # right
            (gold_rejection, _email(EmailKind.OTHER)),  # a rejection missed
            (gold_invite, _email(EmailKind.REJECTION)),  # an invite taken for one
            (gold_invite, _email(EmailKind.INVITE)),  # right
        ],
        replies=[
            (
                {"category": "actionable", "themes": ["communication", "preparation"]},
                _reply(ReplyCategory.ACTIONABLE, Theme.COMMUNICATION),
            ),
            ({"category": "generic", "themes": []}, _reply(ReplyCategory.GENERIC)),
        ],
    )


def test_prf_counts_precision_recall_and_f1() -> None:
    assert prf([(True, True), (True, False), (False, True), (False, False)]) == (0.5, 0.5, 0.5, 4)
    assert prf([(False, False)]) == (0.0, 0.0, 0.0, 1)


def test_the_measures_of_a_small_handmade_set() -> None:
    rows = summary_rows(metrics(_scores()))
    assert rows["rejection precision"] == (0.5, 4)
    assert rows["rejection recall"] == (0.5, 4)
    assert rows["kind accuracy"] == (0.5, 4)
    assert rows["category accuracy"] == (1.0, 2)
    # one of two gold themes found, nothing wrong added: P 1, R 0.5
    assert rows["theme micro-F1 (actionable)"] == (pytest.approx(2 / 3), 2)
    assert rows["declined recall"] == (0.0, 0)  # no declined reply to recall


def test_a_measure_over_nothing_reads_n_a_not_zero() -> None:
    text = report(
        cv=(_scores(), _scores()),
        external=None,
        folds=5,
        corpus=Corpus([], [], "abc"),
        eval_note="skipped: no external labelled set found (give --eval-dir)",
    )
    assert "| declined recall | n/a | n/a | ≥ 0.85 |" in text
    assert "| rejection F1 | 0.500 (4) | 0.500 (4) | ≥ 0.97 |" in text
    assert "| rejection | 1 | 0 | 1 |" in text  # the confusion matrix, gold by judged
    assert "skipped: no external labelled set found" in text


def test_calibration_error_and_sure_mistakes() -> None:
    # perfectly calibrated: 80% right at 0.8
    pairs = [(0.8, True)] * 8 + [(0.8, False)] * 2
    assert calibration_error(pairs) == pytest.approx(0.0)
    # always sure, right half the time: off by 0.49
    assert calibration_error([(0.99, True), (0.99, False)]) == pytest.approx(0.49)
    assert sure_when_wrong([(0.99, False), (0.6, False), (0.99, True)]) == (0.5, 2)
    assert sure_when_wrong([(0.99, True)]) == (0.0, 0)


def test_an_offer_judged_a_rejection_is_counted() -> None:
    offer = {"kind": "offer", "gives_reason": None, "after_interview": None}
    rows = summary_rows(
        metrics(
            Scores(
                emails=[
                    (offer, _email(EmailKind.REJECTION)),
                    (offer, _email(EmailKind.OFFER)),
                ]
            )
        )
    )
    assert rows["offers judged rejections"] == (1.0, 2)


def test_the_external_set_is_reported_by_split_dev_first() -> None:
    items = Corpus(
        [{"text": "a", "split": "test"}, {"text": "b", "split": "dev"}, {"text": "c"}],
        [{"text": "d", "split": "test"}],
    )
    parts = splits(items)
    assert list(parts) == ["dev", "eval", "test"]
    assert [len(p.emails) for p in parts.values()] == [1, 1, 1]
    assert len(parts["test"].replies) == 1


def _small_corpus() -> Corpus:
    """Every fifth item of the corpus: enough of each kind to train, quick to cross-validate."""
    full = load_corpus()
    return Corpus(full.emails[::5], full.replies[::5], full.digest)


def test_evaluate_cross_validates_and_judges_an_external_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(corpus_module, "load_corpus", _small_corpus)
    external = tmp_path / "eval"
    external.mkdir()
    emails = [
        {
            "text": "Unfortunately we will not be moving forward with your application.",
            "kind": "rejection",
            "is_rejection": True,
            "after_interview": False,
            "gives_reason": False,
        },
        {
            "text": "We would like to invite you to an interview on Tuesday at 10am.",
            "kind": "invite",
            "is_rejection": False,
            "after_interview": None,
            "gives_reason": None,
        },
    ]
    replies = [
        {
            "text": "Your SQL was not strong enough: the joins in the take-home were wrong.",
            "category": "actionable",
            "themes": ["technical_skills"],
        }
    ]
    (external / "emails.jsonl").write_text("\n".join(json.dumps(e) for e in emails) + "\n")
    (external / "replies.jsonl").write_text("\n".join(json.dumps(r) for r in replies) + "\n")
    text, rules = models.evaluate_with_rules(folds=2, eval_dir=external)
    assert rules.startswith("# How often each rule fires")
    assert "| `kind.rejection.unfortunately` | rejection | 1 |" in rules
    assert "### 2-fold cross-validation beside real text never trained on" in text
    assert (
        "| measure | CV model | CV rules | real eval | ours: held-out positives | target |" in text
    )
    assert "eval (eval 2 emails and 1 replies)" in text
    assert "Email kinds, real eval (model):" in text
    assert "`test` split is scored only in aggregate" in text
    assert "### How often each rule fires" in text
    assert "| rule | signals | weight | ours | real eval |" in text
    skipped = models.evaluate(folds=2, eval_dir=tmp_path / "nowhere")
    assert "skipped, no external labelled set found" in skipped


def _write_corpus(root: Path, reply: dict[str, object]) -> None:
    (root / "emails").mkdir(parents=True)
    (root / "replies").mkdir()
    email = {"text": "We will not proceed.", "kind": "rejection", "is_rejection": True}
    (root / "emails" / "a.jsonl").write_text(json.dumps(email) + "\n")
    (root / "replies" / "a.jsonl").write_text(json.dumps(reply) + "\n")


def test_the_corpus_refuses_a_point_that_is_not_in_its_reply(tmp_path: Path) -> None:
    reply = {
        "text": "Your SQL joins were weak.",
        "category": "actionable",
        "themes": ["technical_skills"],
        "points": [{"span": "Your Excel was weak.", "themes": ["technical_skills"]}],
    }
    _write_corpus(tmp_path, reply)
    with pytest.raises(InvalidInput, match="span is not in the text"):
        load_corpus(tmp_path)


def test_each_corpus_item_knows_its_round(tmp_path: Path) -> None:
    reply = {
        "text": "Your SQL joins were weak.",
        "category": "actionable",
        "themes": ["technical_skills"],
        "points": [{"span": "Your SQL joins were weak.", "themes": ["technical_skills"]}],
    }
    _write_corpus(tmp_path, reply)
    corpus = load_corpus(tmp_path)
    assert corpus.replies[0]["round"] == "a"  # the file: the unit the confidence is fitted over


def test_rule_firing_counts_texts_per_set_and_ranks_them() -> None:
    from nextround.analysis.corpus import Corpus
    from nextround.analysis.evaluation import firing_report, firing_section, rule_firing
    from nextround.analysis.ruletable import load

    ours = Corpus(
        emails=[{"text": "Unfortunately we have decided to go with other applicants."}],
        replies=[{"text": "Your SQL was weak in the take-home."}, {"text": ""}],
    )
    real = Corpus(emails=[{"text": "We are delighted to offer you the job."}])
    firing = rule_firing({"ours": ours, "real test": real})
    assert firing["ours"]["kind.rejection.decided-to-go-with-other"] == 1
    assert firing["real test"]["kind.rejection.decided-to-go-with-other"] == 0
    assert firing["real test"]["kind.offer.delighted-to-offer-you"] == 1
    section = "\n".join(firing_section(firing, full_table="RULES.md"))
    assert "### How often each rule fires" in section
    assert "| `kind.rejection.unfortunately` | rejection | 1 | 1 | 0 |" in section
    full = firing_report(firing)
    assert full.count("\n| `") == len(load().rules)
