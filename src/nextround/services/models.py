"""Training, evaluating and inspecting the judgement models; the user's corrections.

The shipped model is trained on the corpus in the repository; a personal model
adds the user's own corrections (each a reviewed label) and lives in their data
directory, where it is preferred -- for the database it was trained from only:
each database has its own folder (named by the database's id, which the
manifest also names), so training one database's model leaves another's alone.
Unreviewed guesses never train anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nextround.domain.errors import InvalidInput
from nextround.domain.model import (
    EmailKind,
    Message,
    MessageKind,
    ReplyCategory,
    Vagueness,
)
from nextround.domain.themes import Theme
from nextround.services.session_secret import database_id
from nextround.store import Database

Progress = Callable[[str], None]

EMAIL_FIELDS = ("kind", "after_interview", "gives_reason")
REPLY_FIELDS = ("category", "themes", "vagueness", "generic_theme")


@dataclass(frozen=True, slots=True)
class TrainResult:
    folder: Path
    emails: int
    replies: int
    corrections: int
    size_bytes: int


@dataclass(frozen=True, slots=True)
class ModelStatus:
    in_use: str  # "personal" or "shipped"
    folder: Path
    created_at: str
    corpus_emails: int
    corpus_replies: int
    corrections: int
    pending_corrections: int
    personal_exists: bool
    # a personal model in the data directory that another database trained
    other_database: bool = False


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


def train_shipped(
    *, output: Path, seed: int = 13, corpus: Path | None = None, progress: Progress | None = None
) -> TrainResult:
    """Train the models that ship with nextround, from the corpus alone."""
    from nextround.analysis import forget_loaded_models
    from nextround.analysis.bundle import save
    from nextround.analysis.corpus import load_corpus
    from nextround.analysis.training import train_bundle

    data = load_corpus(corpus)
    bundle = train_bundle(data, seed=seed, progress=progress, info={"personal": None})
    save(bundle, output)
    forget_loaded_models()
    return TrainResult(output, len(data.emails), len(data.replies), 0, _size(output))


def corrections_as_labels(
    messages: list[Message],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The user's corrections as training items: only the fields they set."""
    emails: list[dict[str, Any]] = []
    replies: list[dict[str, Any]] = []
    for m in messages:
        if not m.correction:
            continue
        text = f"Subject: {m.subject}\n\n{m.text}" if m.subject else m.text
        if m.kind is MessageKind.REPLY:
            item = {k: m.correction[k] for k in REPLY_FIELDS if k in m.correction}
            if "category" in item:
                replies.append({"id": f"message-{m.id}", "text": text, **item})
        elif "kind" in m.correction:
            item = {k: m.correction[k] for k in EMAIL_FIELDS if k in m.correction}
            item["is_rejection"] = item["kind"] == "rejection"
            emails.append({"id": f"message-{m.id}", "text": text, **item})
    return emails, replies


def train_personal(
    *, db: Database, data_dir: Path, seed: int = 13, progress: Progress | None = None
) -> TrainResult:
    """The shipped corpus plus this database's corrections, saved in the data directory.

    The model names the database it learnt from; it judges for that one only.
    """
    from nextround.analysis import forget_loaded_models, personal_models, personal_slot
    from nextround.analysis.bundle import save
    from nextround.analysis.corpus import load_corpus, with_corrections
    from nextround.analysis.training import train_bundle

    with db.unit() as repo:
        messages = repo.messages()
    emails, replies = corrections_as_labels(messages)
    count = len(emails) + len(replies)
    if count == 0:
        raise InvalidInput(
            "no corrections yet: correct a judgement first (nextround correct MESSAGE_ID ...); "
            "a personal model learns only from what you confirmed"
        )
    data = with_corrections(load_corpus(), emails, replies)
    this = database_id(db=db)
    info = {"personal": {"corrections": count, "database": this}}
    bundle = train_bundle(data, seed=seed, progress=progress, info=info)
    root = personal_models(data_dir)
    folder = personal_slot(root, this)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)  # models of your own mail
    save(bundle, folder)
    _drop_legacy(root, this)
    forget_loaded_models()
    return TrainResult(folder, len(data.emails), len(data.replies), count, _size(folder))


def _drop_legacy(root: Path, this: str) -> None:
    """The one-per-machine model of earlier versions, once this database has its own."""
    from nextround.analysis.judge import personal_model_for

    if (root / "manifest.json").exists() and personal_model_for(root, lambda: this) == root:
        for item in root.iterdir():
            if item.is_file():
                item.unlink()


def remove_personal(*, db: Database, data_dir: Path) -> bool:
    """Forget this database's personal model; other databases keep theirs."""
    import shutil

    from nextround.analysis import forget_loaded_models, personal_models, personal_slot

    root = personal_models(data_dir)
    this = database_id(db=db)
    folder = personal_slot(root, this)
    removed = folder.exists()
    if removed:
        shutil.rmtree(folder)
    if (root / "manifest.json").exists():
        before = removed
        _drop_legacy(root, this)
        removed = before or not (root / "manifest.json").exists()
    forget_loaded_models()
    return removed


def model_status(*, db: Database, data_dir: Path) -> ModelStatus:
    from nextround.analysis import other_personal_models, personal_model_for, personal_models
    from nextround.analysis.bundle import read_manifest
    from nextround.analysis.judge import SHIPPED_MODELS

    root = personal_models(data_dir)
    this = database_id(db=db)
    personal = personal_model_for(root, lambda: this)
    exists = personal is not None
    folder = personal or SHIPPED_MODELS
    manifest = read_manifest(folder)
    with db.unit() as repo:
        emails, replies = corrections_as_labels(repo.messages())
    trained_on = int((manifest.get("personal") or {}).get("corrections", 0))
    corpus = manifest.get("corpus", {})
    return ModelStatus(
        in_use="personal" if exists else "shipped",
        folder=folder,
        created_at=str(manifest.get("created_at", "?")),
        corpus_emails=int(corpus.get("emails", 0)),
        corpus_replies=int(corpus.get("replies", 0)),
        corrections=trained_on,
        pending_corrections=max(0, len(emails) + len(replies) - trained_on),
        personal_exists=exists,
        other_database=not exists and other_personal_models(root, this),
    )


def evaluate(
    *, folds: int = 5, seed: int = 13, eval_dir: Path | None, progress: Progress | None = None
) -> str:
    """Cross-validation on the corpus and, when present, the external labelled set."""
    return evaluate_with_rules(folds=folds, seed=seed, eval_dir=eval_dir, progress=progress)[0]


def evaluate_with_rules(
    *, folds: int = 5, seed: int = 13, eval_dir: Path | None, progress: Progress | None = None
) -> tuple[str, str]:
    """The evaluation report, and every rule with how often it fires (corpus/RULES.md)."""
    from nextround.analysis.corpus import Corpus, corpus_root, load_corpus
    from nextround.analysis.engine import ModelJudge
    from nextround.analysis.evaluation import (
        cross_validate,
        firing_report,
        judge_external,
        load_eval,
        report,
        rule_firing,
        splits,
    )
    from nextround.analysis.training import train_bundle

    if folds < 2:
        raise InvalidInput("cross-validation needs at least 2 folds")
    corpus = load_corpus()
    cv = cross_validate(corpus, folds=folds, seed=seed, progress=progress)
    external_set = load_eval(eval_dir) if eval_dir is not None else None
    holdout = load_eval(corpus_root() / "holdout", emails="positives.jsonl")
    if progress:
        progress("judging held-out text with a model trained on the whole corpus")
    judge = ModelJudge(train_bundle(corpus, seed=seed), label="evaluation")
    external = {}
    ours = Corpus(
        emails=corpus.emails + (holdout.emails if holdout else []), replies=corpus.replies
    )
    texts = {"ours": ours}
    if external_set is not None:
        parts = splits(external_set)
        external = {f"real {name}": judge_external(part, judge) for name, part in parts.items()}
        texts.update({f"real {name}": part for name, part in parts.items()})
        counts = ", ".join(
            f"{name} {len(part.emails)} emails and {len(part.replies)} replies"
            for name, part in parts.items()
        )
        note = f"{eval_dir.name if eval_dir else ''} ({counts})"
    else:
        note = "skipped, no external labelled set found (give --eval-dir)"
    if holdout is not None:
        # ours, never trained on: offers and invitations that are easy to misread
        external["ours: held-out positives"] = judge_external(holdout, judge)
    if progress:
        progress("counting how often each rule fires")
    firing = rule_firing(texts)
    text = report(
        cv=cv, external=external, folds=folds, corpus=corpus, eval_note=note, firing=firing
    )
    return text, firing_report(firing)


def _choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    key = value.strip().lower().replace("-", "_")
    if key not in allowed:
        raise InvalidInput(f"{what} must be one of: {', '.join(allowed)}")
    return key


_YES_NO = {"yes": True, "true": True, "no": False, "false": False, "unknown": None, "null": None}


def correct_message(*, db: Database, message_id: int, fields: dict[str, str]) -> Message:
    """Store the user's label for a judged message, next to the machine's guess."""
    if not fields:
        raise InvalidInput("say what is right, e.g. --kind rejection or --category generic")
    with db.unit() as repo:
        message = repo.message(message_id)
        if message.analysis is None:
            raise InvalidInput(f"message #{message_id} was never judged; nothing to correct")
        correction = dict(message.correction or {})
        correction.update(_labels(message, fields))
        repo.set_correction(message_id, correction)
        return repo.message(message_id)


def _labels(message: Message, fields: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    if message.kind is MessageKind.REPLY:
        wrong = set(fields) - set(REPLY_FIELDS)
        if wrong:
            raise InvalidInput(
                f"a reply takes --category, --themes, --vagueness; not {sorted(wrong)}"
            )
        if "themes" in fields:
            names = [t for t in fields["themes"].replace(",", " ").split() if t]
            out["themes"] = [_choice(t, tuple(x.value for x in Theme), "a theme") for t in names]
            out["category"] = ReplyCategory.ACTIONABLE.value
        if "vagueness" in fields:
            out["vagueness"] = _choice(
                fields["vagueness"], tuple(v.value for v in Vagueness), "vagueness"
            )
            out["category"] = ReplyCategory.GENERIC.value
        if "category" in fields:
            out["category"] = _choice(
                fields["category"], tuple(c.value for c in ReplyCategory), "category"
            )
        return out
    wrong = set(fields) - set(EMAIL_FIELDS)
    if wrong:
        raise InvalidInput(
            f"an email takes --kind, --after-interview, --gives-reason; not {sorted(wrong)}"
        )
    for key in ("after_interview", "gives_reason"):
        if key in fields:
            raw = fields[key].strip().lower()
            if raw not in _YES_NO or (key == "gives_reason" and _YES_NO[raw] is None):
                raise InvalidInput(f"--{key.replace('_', '-')} takes yes or no")
            out[key] = _YES_NO[raw]
            out["kind"] = EmailKind.REJECTION.value
    if "kind" in fields:
        out["kind"] = _choice(fields["kind"], tuple(k.value for k in EmailKind), "kind")
    return out
