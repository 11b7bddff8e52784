"""The judge seam: one interface, two judges.

A ``Judge`` turns one email or one reply into the domain's judgement. The
rule-based judge needs nothing but this package; the model-backed judge
(``engine.ModelJudge``) loads the trained bundle shipped in ``models/`` -- or
the user's personal bundle, which is preferred when present -- the first time
it is asked for, and still calls the rule steps for what rules explain best.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Protocol, runtime_checkable

from nextround.analysis.emails import judge_email as judge_email_by_rules
from nextround.analysis.replies import judge_reply as judge_reply_by_rules
from nextround.domain.errors import AnalysisError
from nextround.domain.model import EmailJudgement, ReplyJudgement


@runtime_checkable
class Judge(Protocol):
    """Judges job emails and interviewers' replies.

    Both methods raise ``InvalidInput`` for empty text, and ``AnalysisError``
    when the judge itself cannot work (a model that does not load).
    """

    name: str

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement: ...

    def judge_emails(self, emails: Sequence[tuple[str, str, str]]) -> list[EmailJudgement]:
        """Many emails, each ``(text, subject, sender)``, judged as one by one."""
        ...

    def judge_reply(self, text: str) -> ReplyJudgement: ...


class RuleJudge:
    """Hand-written rules: fast, explainable, no model files."""

    name = "rules"

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> EmailJudgement:
        return judge_email_by_rules(text, subject=subject, sender=sender)

    def judge_emails(self, emails: Sequence[tuple[str, str, str]]) -> list[EmailJudgement]:
        return [self.judge_email(t, subject=s, sender=f) for t, s, f in emails]

    def judge_reply(self, text: str) -> ReplyJudgement:
        return judge_reply_by_rules(text)

    def __repr__(self) -> str:
        return "RuleJudge()"


SHIPPED_MODELS = Path(__file__).with_name("models")


@cache
def _model_judge(folder: Path, label: str) -> Judge:
    from nextround.analysis.bundle import load
    from nextround.analysis.engine import ModelJudge

    return ModelJudge(load(folder), label=label)


def personal_models(data_dir: Path) -> Path:
    """Where personal models live, inside the user's data directory: one folder per
    database, named by the database's id."""
    return data_dir / "models" / "personal"


def personal_slot(root: Path, database_id: str) -> Path:
    """The folder of the personal model one database trains (``root`` from ``personal_models``)."""
    if not database_id.replace("-", "").isalnum():
        raise AnalysisError(f"not a database id: {database_id!r}")
    return root / database_id


def other_personal_models(root: Path, database_id: str) -> bool:
    """Whether ``root`` holds a personal model some other database trained."""
    if not root.is_dir():
        return False
    for folder in root.iterdir():
        if folder.name != database_id and (folder / "manifest.json").exists():
            return True
    return (root / "manifest.json").exists() and _owner(root) != database_id


def _owner(folder: Path) -> str | None:
    from nextround.analysis.bundle import read_manifest

    try:
        manifest = read_manifest(folder)
    except AnalysisError:
        return None
    owner = (manifest.get("personal") or {}).get("database")
    return str(owner) if owner is not None else None


def personal_model_for(root: Path, database: Callable[[], str]) -> Path | None:
    """The personal model this database trained, when there is one, else None.

    Each database's model lives in its own folder under ``root`` and its manifest
    names that database (``database`` gives this one's id, asked only when some
    personal model exists at all). A model another database trained judges
    nothing here. Before models had a folder each, one model sat in ``root``
    itself: it is still used by the database it names. A manifest that does
    not read is returned as it is, so that loading it says in one line how to
    rebuild it.
    """
    if not root.is_dir():
        return None
    legacy = (root / "manifest.json").exists()
    if not legacy and not any((f / "manifest.json").exists() for f in root.iterdir()):
        return None
    this = database()
    folder = personal_slot(root, this)
    for candidate in (folder, root) if legacy else (folder,):
        if not (candidate / "manifest.json").exists():
            continue
        from nextround.analysis.bundle import read_manifest

        try:
            manifest = read_manifest(candidate)
        except AnalysisError:
            return candidate
        owner = (manifest.get("personal") or {}).get("database")
        if owner is not None and owner == this:
            return candidate
    return None


def load_judge(*, personal: Path | None = None) -> Judge:
    """The personal model when there is one, else the shipped model.

    Raises ``AnalysisError`` (with the command that rebuilds it) when the model
    to use is missing, damaged or from another version.
    """
    if personal is not None and (personal / "manifest.json").exists():
        return _model_judge(personal.resolve(), "personal")
    return _model_judge(SHIPPED_MODELS, "shipped")


def default_judge() -> Judge:
    """The shipped trained judge (what every caller without a data dir uses)."""
    return load_judge()


def forget_loaded_models() -> None:
    """Drop cached models, after training wrote new ones."""
    _model_judge.cache_clear()
