"""The labelled corpus: loading, checking, and the user's corrections as extra labels."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nextround.domain.errors import InvalidInput
from nextround.domain.model import EmailKind, ReplyCategory, Vagueness
from nextround.domain.themes import Theme

KINDS = tuple(k.value for k in EmailKind)
CATEGORIES = tuple(c.value for c in ReplyCategory)
THEMES = tuple(t.value for t in Theme)
VAGUENESS = tuple(v.value for v in Vagueness)


@dataclass
class Corpus:
    emails: list[dict[str, Any]] = field(default_factory=list)
    replies: list[dict[str, Any]] = field(default_factory=list)
    digest: str = ""

    def __len__(self) -> int:
        return len(self.emails) + len(self.replies)


def corpus_root() -> Path:
    """Where the corpus is: inside an installed package, or at the repository's top."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "corpus"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "corpus"


def _lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise InvalidInput(f"{path}:{number}: not JSON ({err.msg})") from None
        yield number, item


def _check_email(where: str, item: dict[str, Any]) -> None:
    if item.get("kind") not in KINDS or not isinstance(item.get("text"), str):
        raise InvalidInput(f"{where}: an email needs text and a kind from {KINDS}")
    if (item["kind"] == "rejection") != bool(item.get("is_rejection")):
        raise InvalidInput(f"{where}: is_rejection disagrees with kind")


def _check_reply(where: str, item: dict[str, Any]) -> None:
    if item.get("category") not in CATEGORIES or not isinstance(item.get("text"), str):
        raise InvalidInput(f"{where}: a reply needs text and a category from {CATEGORIES}")
    bad = [t for t in item.get("themes") or [] if t not in THEMES]
    if bad:
        raise InvalidInput(f"{where}: unknown themes {bad}")
    for point in item.get("points") or []:
        if point.get("span") not in item["text"]:
            raise InvalidInput(f"{where}: a point's span is not in the text")
        if not point.get("themes") or any(t not in THEMES for t in point["themes"]):
            raise InvalidInput(f"{where}: a point needs themes from {THEMES}")


def load_corpus(root: Path | None = None) -> Corpus:
    """Every ``emails/*.jsonl`` and ``replies/*.jsonl`` under ``root``, checked."""
    root = root or corpus_root()
    if not root.is_dir():
        raise InvalidInput(f"no corpus at {root}")
    corpus = Corpus()
    digest = hashlib.sha256()
    for folder, bucket, check in (
        ("emails", corpus.emails, _check_email),
        ("replies", corpus.replies, _check_reply),
    ):
        for path in sorted((root / folder).glob("*.jsonl")):
            digest.update(path.read_bytes())
            for number, item in _lines(path):
                check(f"{path.name}:{number}", item)
                item.setdefault("round", path.stem)  # which file: a round written together
                bucket.append(item)
    if not corpus.emails or not corpus.replies:
        raise InvalidInput(f"the corpus at {root} needs both emails and replies")
    corpus.digest = digest.hexdigest()[:16]
    return corpus


def with_corrections(
    corpus: Corpus, emails: Iterable[dict[str, Any]], replies: Iterable[dict[str, Any]]
) -> Corpus:
    """The corpus plus items the user confirmed or corrected (each counts three times)."""
    extra_emails = [dict(e, weight=3.0) for e in emails]
    extra_replies = [dict(r, weight=3.0) for r in replies]
    for item in extra_emails:
        _check_email("correction", item)
    for item in extra_replies:
        _check_reply("correction", item)
    return Corpus(
        emails=corpus.emails + extra_emails,
        replies=corpus.replies + extra_replies,
        digest=corpus.digest,
    )
