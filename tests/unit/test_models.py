"""The trained judge: deterministic training, a safe model format, sane judgements."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nextround.analysis import default_judge, forget_loaded_models, load_judge
from nextround.analysis.bundle import FORMAT_VERSION, load, save
from nextround.analysis.corpus import Corpus, load_corpus, with_corrections
from nextround.analysis.engine import ModelJudge
from nextround.analysis.judge import SHIPPED_MODELS
from nextround.analysis.text import MAX_JUDGED_CHARS
from nextround.analysis.training import train_bundle
from nextround.domain.errors import AnalysisError, InvalidInput
from nextround.domain.model import EmailKind, ReplyCategory


@pytest.fixture(scope="module")
def small() -> Corpus:
    full = load_corpus()
    # every kind and category, small enough to train in a second or two
    by_kind: dict[str, list[dict[str, object]]] = {}
    for e in full.emails:
        by_kind.setdefault(e["kind"], []).append(e)
    emails = [e for items in by_kind.values() for e in items[:25]]
    by_cat: dict[str, list[dict[str, object]]] = {}
    for r in full.replies:
        by_cat.setdefault(r["category"], []).append(r)
    replies = [r for items in by_cat.values() for r in items[:40]]
    return Corpus(emails, replies, "small")


def test_training_is_deterministic_for_a_seed(small: Corpus, tmp_path: Path) -> None:
    first, second = train_bundle(small, seed=7), train_bundle(small, seed=7)
    assert first.models.keys() == second.models.keys()
    for name, model in first.models.items():
        other = second.models[name]
        assert model.classes == other.classes
        assert np.array_equal(model.weights, other.weights), name
        assert model.temperature == other.temperature
    save(first, tmp_path / "a")
    save(second, tmp_path / "b")
    files_a = json.loads((tmp_path / "a" / "manifest.json").read_text())["files"]
    files_b = json.loads((tmp_path / "b" / "manifest.json").read_text())["files"]
    assert files_a == files_b


def test_bundle_round_trip_and_atomic_replace(small: Corpus, tmp_path: Path) -> None:
    folder = tmp_path / "models"
    bundle = train_bundle(small, seed=3)
    save(bundle, folder)
    save(bundle, folder)  # replacing an existing bundle
    assert sorted(p.name for p in tmp_path.iterdir()) == ["models"]  # no .part or .old left
    loaded = load(folder)
    text = "Unfortunately we will not be moving forward with your application."
    assert ModelJudge(loaded).judge_email(text) == ModelJudge(bundle).judge_email(text)


def test_shipped_model_is_small_and_loads() -> None:
    # how fast it loads is measured in bench/analysis_speed.py, never asserted here
    size = sum(p.stat().st_size for p in SHIPPED_MODELS.iterdir())
    assert size < 25_000_000
    assert "category" in load(SHIPPED_MODELS).models


def _copy_shipped(tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "copy"
    shutil.copytree(SHIPPED_MODELS, target)
    return target


def test_damaged_model_file_is_refused_with_the_fix(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    (folder / "model-kind.npz").write_bytes(b"not an array")
    with pytest.raises(AnalysisError, match=r"damaged.*nextround model train"):
        load(folder)


def test_other_format_version_is_refused(tmp_path: Path) -> None:
    folder = _copy_shipped(tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["format_version"] = FORMAT_VERSION + 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(AnalysisError, match=rf"format {FORMAT_VERSION + 1}"):
        load(folder)


def test_missing_model_is_refused_with_the_fix(tmp_path: Path) -> None:
    with pytest.raises(AnalysisError, match=r"no model in .*nextround model train"):
        load(tmp_path / "nothing")


def test_a_broken_personal_model_says_how_to_rebuild(tmp_path: Path) -> None:
    folder = tmp_path / "personal"
    folder.mkdir()
    (folder / "manifest.json").write_text("{broken")
    forget_loaded_models()
    with pytest.raises(AnalysisError, match="unreadable"):
        load_judge(personal=folder)


HARD_NEGATIVES = [
    (
        "invite",
        "Hi Lou, unfortunately our hiring manager is unwell, so we need to reschedule "
        "your interview on Thursday. Could you do Monday at 11am or Tuesday at 3pm instead?",
    ),
    (
        "confirmation",
        "Thanks for applying to the Warehouse Supervisor role at Brindle Foods. We "
        "have received your application. If you are not selected for interview, we will keep "
        "your CV on file for six months.",
    ),
    (
        "offer",
        "Dear Sam, I am delighted to offer you the position of Staff Nurse on Ward 7, "
        "starting on 3 March, subject to references. Please find the contract attached.",
    ),
]


@pytest.mark.parametrize(("kind", "text"), HARD_NEGATIVES)
def test_hard_negatives_are_not_rejections(kind: str, text: str) -> None:
    judged = default_judge().judge_email(text)
    assert judged.is_rejection is False
    assert judged.kind is EmailKind(kind)


def test_a_filled_role_is_a_reason() -> None:
    judged = default_judge().judge_email(
        "Subject: Your application\n\nDear Ola, thank you for your interest in the Payroll "
        "Officer role. We wanted to let you know that the position has now been filled, so we "
        "will not be taking your application further. Kind regards, People Team"
    )
    assert judged.is_rejection and judged.gives_reason
    assert judged.reason and "filled" in judged.reason
    assert judged.after_interview is False


def test_reply_categories_and_probe() -> None:
    judge = default_judge()
    declined = judge.judge_reply("Thanks for asking, but as a rule we don't share feedback.")
    assert declined.category is ReplyCategory.DECLINED and declined.probe is None
    generic = judge.judge_reply("You were great, it just came down to experience in the end.")
    assert generic.category is ReplyCategory.GENERIC
    assert generic.probe and generic.probe.endswith("?")
    actionable = judge.judge_reply(
        "Your case answer jumped straight to numbers without structuring the problem first, "
        "and you hadn't looked at our latest annual report."
    )
    assert actionable.category is ReplyCategory.ACTIONABLE
    assert actionable.evidence and actionable.themes


def test_empty_text_is_refused() -> None:
    with pytest.raises(InvalidInput, match="empty"):
        default_judge().judge_email("  \n ")
    with pytest.raises(InvalidInput, match="empty"):
        default_judge().judge_reply("")


def test_ten_megabytes_are_judged_on_a_bounded_prefix() -> None:
    text = "We regret that we will not be moving forward. " + ("lorem ipsum dolor " * 600_000)
    assert len(text) > 10_000_000
    judged = default_judge().judge_email(text)
    assert judged.kind in set(EmailKind)
    # only the prefix is read: the whole text and its prefix are judged alike (how long it
    # takes is for bench/, not for a test)
    assert default_judge().judge_email(text[:MAX_JUDGED_CHARS]) == judged


def test_binary_garbage_does_not_crash() -> None:
    garbage = bytes(range(256)).decode("latin-1") * 40
    judged = default_judge().judge_email(garbage)
    assert 0.0 <= judged.confidence <= 1.0


def test_another_language_gets_low_confidence() -> None:
    judged = default_judge().judge_email(
        "Sehr geehrte Frau Weber, vielen Dank für Ihre Bewerbung und das freundliche Gespräch. "
        "Leider müssen wir Ihnen mitteilen, dass wir uns für eine andere Kandidatin entschieden "
        "haben. Wir wünschen Ihnen für Ihre weitere berufliche Zukunft alles Gute."
    )
    assert judged.confidence <= 0.3


def test_corrections_count_three_times_and_keep_only_their_fields() -> None:
    base = Corpus(
        [{"kind": "other", "is_rejection": False, "text": "x"}],
        [{"category": "generic", "text": "y"}],
        "d",
    )
    mixed = with_corrections(
        base,
        [{"kind": "rejection", "is_rejection": True, "text": "z"}],
        [{"category": "declined", "text": "w"}],
    )
    assert len(mixed.emails) == 2 and mixed.emails[-1]["weight"] == 3.0
    assert "after_interview" not in mixed.emails[-1]


def test_evidence_notes_separate_praise_from_gaps() -> None:
    from nextround.services.feedback import reply_dict
    from nextround.services.learn import points_of

    judged = default_judge().judge_reply(
        "Your product knowledge was impressive. However, your SQL was rusty: you could not "
        "write the join for the revenue question without help."
    )
    assert judged.category is ReplyCategory.ACTIONABLE
    praise = [n for n in judged.notes if n.strength]
    gaps = [n for n in judged.notes if not n.strength]
    assert praise and "impressive" in praise[0].sentence
    assert gaps and any(n.themes for n in gaps)
    points = points_of(reply_dict(judged))
    weak = [p for p in points if p.polarity.value == "weakness"]
    assert weak and all("SQL" in p.quote for p in weak)
    assert all("impressive" not in p.quote for p in weak)  # each sentence kept once, in place


def test_good_wishes_are_not_a_strength() -> None:
    reply = (
        "In the SQL exercise you were not comfortable with window functions, and the role "
        "uses them every day. Your explanation of the dashboard was very clear.\nGood luck - Dana"
    )
    judged = default_judge().judge_reply(reply)
    strengths = [n.sentence for n in judged.notes if n.strength]
    assert not any("Good luck" in s for s in strengths)
    # the praised explanation is a strength, not a gap to work on
    assert "communication" not in {t.value for t in judged.themes}


def test_rounds_in_real_registers_count_twice_for_the_category() -> None:
    from nextround.analysis.training import category_weight

    assert category_weight({"round": "round4"}) == 1.0
    assert category_weight({"round": "round9-reports"}) == 2.0
    assert category_weight({"round": "round10-reasons"}) == 2.0
    assert category_weight({"round": "round11-themes"}) == 2.0
    assert category_weight({"round": "round12-signal"}) == 2.0
    # a user's correction keeps its own weight: it has no round
    assert category_weight({"weight": 3.0}) == 3.0


@pytest.mark.parametrize(
    "text",
    [
        "The agency said the firm went with someone a level above me, who can run audits "
        "without a manager checking them.",
        "She told me the shop needs people who can work Saturdays every week, and I can't.",
        "They worried I'd leave within the year, given how often I've switched jobs lately.",
    ],
)
def test_a_level_a_constraint_or_a_motive_told_as_a_story_is_actionable(text: str) -> None:
    judged = default_judge().judge_reply(text)
    assert judged.category is ReplyCategory.ACTIONABLE
    assert judged.themes
