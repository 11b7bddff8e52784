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
    """Where a user's personal models live, inside their data directory."""
    return data_dir / "models" / "personal"


def personal_model_for(folder: Path, database: Callable[[], str]) -> Path | None:
    """The personal model in ``folder`` when it was trained from this database, else None.

    A personal model learns one database's corrections, and its manifest names
    that database (``database`` gives this one's id, asked only when needed).
    A model from another database, or from before models named theirs, judges
    nothing here. A manifest that does not read is returned as it is, so that
    loading it says in one line how to rebuild it.
    """
    if not (folder / "manifest.json").exists():
        return None
    from nextround.analysis.bundle import read_manifest

    try:
        manifest = read_manifest(folder)
    except AnalysisError:
        return folder
    owner = (manifest.get("personal") or {}).get("database")
    return folder if owner is not None and owner == database() else None


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
