"""The rule tables as data: ``rules/*.toml`` read into typed rules.

Each rule has a stable ``id``, the ``table`` it belongs to (its place there is
its order), what it ``signals`` (a label, and a ``weight`` for cues), its
``pattern`` (``{NAME}`` is a shared fragment from ``fragments.toml``) and
examples it must and must not match (``tests/unit/test_rule_table.py``).

Parsing the TOML costs more than the rest of loading the rules, so the loader
reads ``rules/compiled.json`` -- the same rules with their fragments expanded,
without the examples -- whenever its ``source`` digest is that of the TOML
files; otherwise it parses them. ``write_compiled()``
(``make rules``) rewrites it, and a test says when it is stale.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from nextround.domain.errors import AnalysisError

RULES_DIR = Path(__file__).with_name("rules")
SOURCES = ("fragments.toml", "emails.toml", "replies.toml", "words.toml")
COMPILED = RULES_DIR / "compiled.json"
_FRAGMENT = re.compile(r"\{([A-Z][A-Z_0-9]*)\}")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    table: str
    signals: str
    pattern: str  # fragments expanded
    weight: float | None = None
    unless_conditional: bool = True
    unless_negated: bool = False
    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleTables:
    fragments: dict[str, str]  # expanded
    rules: tuple[Rule, ...]
    words: dict[str, tuple[str, ...]]

    def table(self, name: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.table == name)

    def tables(self, prefix: str) -> dict[str, tuple[Rule, ...]]:
        """Tables whose name starts with ``prefix``, by the rest of their name, in file order."""
        out: dict[str, list[Rule]] = {}
        for rule in self.rules:
            if rule.table.startswith(prefix):
                out.setdefault(rule.table.removeprefix(prefix), []).append(rule)
        return {name: tuple(rules) for name, rules in out.items()}

    def only(self, name: str) -> str:
        """The pattern of a table of one rule."""
        (rule,) = self.table(name)
        return rule.pattern


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m[1] not in fragments:
            raise AnalysisError(f"{where}: unknown fragment {{{m[1]}}}")
        return fragments[m[1]]

    return _FRAGMENT.sub(one, pattern)


def _source_bytes() -> list[bytes]:
    return [(RULES_DIR / name).read_bytes() for name in SOURCES]


def _digest(sources: list[bytes]) -> str:
    h = hashlib.sha256()
    for data in sources:
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def parse(sources: list[bytes] | None = None) -> RuleTables:
    """The rules from the TOML files, examples included."""
    import tomllib  # only when compiled.json is stale, or for the tests

    sources = sources or _source_bytes()
    docs: dict[str, dict[str, Any]] = {}
    for name, data in zip(SOURCES, sources, strict=True):
        try:
            docs[name] = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise AnalysisError(f"rules/{name}: not TOML ({err})") from None
    try:
        return _tables(docs)
    except (KeyError, TypeError, AttributeError) as err:
        raise AnalysisError(f"rules: a rule or fragment is malformed ({err!r})") from None


def _tables(docs: dict[str, dict[str, Any]]) -> RuleTables:
    fragments: dict[str, str] = {}
    for name, value in docs["fragments.toml"]["fragments"].items():
        fragments[name] = _expand(_joined(value), fragments, f"fragment {name}")
    rules: list[Rule] = []
    for file in ("emails.toml", "replies.toml"):
        for item in docs[file].get("rule", []):
            rules.append(
                Rule(
                    id=item["id"],
                    table=item["table"],
                    signals=item["signals"],
                    pattern=_expand(_joined(item["pattern"]), fragments, item["id"]),
                    weight=item.get("weight"),
                    unless_conditional=item.get("unless_conditional", True),
                    unless_negated=item.get("unless_negated", False),
                    match=tuple(item.get("match", ())),
                    no_match=tuple(item.get("no_match", ())),
                )
            )
    words = {name: tuple(value) for name, value in docs["words.toml"].get("words", {}).items()}
    return RuleTables(fragments, tuple(rules), words)


def _plain(tables: RuleTables, source: str) -> dict[str, Any]:
    return {
        "source": source,
        "fragments": tables.fragments,
        "rules": [
            [r.id, r.table, r.signals, r.pattern, r.weight, r.unless_conditional, r.unless_negated]
            for r in tables.rules
        ],
        "words": tables.words,
    }


@cache
def load() -> RuleTables:
    """The rules without their examples: from ``compiled.json`` when it is current."""
    sources = _source_bytes()
    source = _digest(sources)
    try:
        plain = json.loads(COMPILED.read_bytes())
    except (OSError, ValueError):
        plain = None
    if plain is None or plain.get("source") != source:
        return parse(sources)
    rules = tuple(Rule(*row) for row in plain["rules"])
    words = {k: tuple(v) for k, v in plain["words"].items()}
    return RuleTables(plain["fragments"], rules, words)


def compiled_is_current() -> bool:
    try:
        plain = json.loads(COMPILED.read_bytes())
    except (OSError, ValueError):
        return False
    return bool(plain.get("source") == _digest(_source_bytes()))


def write_compiled() -> None:
    sources = _source_bytes()
    plain = _plain(parse(sources), _digest(sources))
    COMPILED.write_text(json.dumps(plain, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")


# --- how often each rule fires -----------------------------------------------------------


EMAIL_TABLES = ("kind.", "subject.", "stage.", "reason.", "not_job", "job_context", "boilerplate")


def for_emails(rule: Rule) -> bool:
    return rule.table.startswith(EMAIL_TABLES)


def firing_counts(emails: Iterable[str], replies: Iterable[str]) -> Counter[str]:
    """Rule id -> how many texts its pattern matches: email rules over ``emails``,
    reply rules over ``replies`` (each a lower-cased, sentence-split text as the
    rules see it). The guards (conditional, negated) are not applied: a rule
    counted here may still have been dropped in context."""
    tables = load()
    email_rules = [(r.id, re.compile(r.pattern)) for r in tables.rules if for_emails(r)]
    reply_rules = [(r.id, re.compile(r.pattern)) for r in tables.rules if not for_emails(r)]
    counts: Counter[str] = Counter({r.id: 0 for r in tables.rules})
    for texts, rules in ((emails, email_rules), (replies, reply_rules)):
        for text in texts:
            for rule_id, pattern in rules:
                if pattern.search(text):
                    counts[rule_id] += 1
    return counts


if __name__ == "__main__":
    write_compiled()
    print(f"wrote {COMPILED}")
