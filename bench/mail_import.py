"""Importing a large mbox: speed and memory as ratios to a bare parsing loop.

    python bench/mail_import.py            # 5,000 and 20,000 messages
    python bench/mail_import.py 2000       # other sizes

For each size it builds an mbox (a quarter of it job mail from the corpus,
the rest the personal mail and newsletters around it; nothing is committed),
then runs, each in a fresh process on the same file:

- the floor: ``mailbox.mbox`` plus ``email.message_from_bytes`` with the
  policy the import parses with (``nextround.mail.parse``: compat32, header
  values handed back as read, a plain ``Message`` subclass as the factory),
  copied here so the floor does not import nextround;
- the import: ``nextround.services.ingest.import_path`` into a new SQLite file.

It prints messages per second and peak memory (the process's maximum RSS) of
both, and their ratios; the target is an import within 3x the floor's time, and
memory that stays flat from 5,000 to 20,000 messages. Both parse every message
with the same policy, so the ratio is what the import adds to the same parsing
work. The time spent judging is measured apart and printed with the number of
job mails the mbox holds: each should be judged.
"""

from __future__ import annotations

import json
import mailbox
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SIZES = (5_000, 20_000)
COMPANIES = ("Northwind Health", "Quillstone Analytics", "Fjord Systems", "Acme Robotics")
PERSONAL = (
    "Are you coming on Sunday? Bring the dog, and the salad if you have time.",
    "Your parcel is on its way and should arrive on Thursday between 9 and 12.",
    "This week in gardening: tomatoes, late frosts and the best compost for clay soil.",
    "Thanks for dinner last night! The recipe is attached, as promised.",
    "Your monthly statement is ready to view in online banking.",
    "Reminder: the book club meets at the library at 7pm; we are reading Middlemarch.",
)


def _corpus_texts() -> list[str]:
    texts = []
    for name in ("rejections.jsonl", "others.jsonl"):
        with (ROOT / "corpus" / "emails" / name).open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def build_mbox(path: Path, count: int, *, seed: int = 7) -> Path:
    """Write ``count`` messages: one in four job mail, the rest everyday mail."""
    rng = random.Random(seed)
    jobs = _corpus_texts()
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    box = mailbox.mbox(path)
    box.lock()
    try:
        for i in range(count):
            msg = EmailMessage()
            if i % 4 == 0:
                text = jobs[i // 4 % len(jobs)]
                subject, _, body = (
                    text.partition("\n\n")
                    if text.startswith("Subject:")
                    else ("Subject: Your application", "", text)
                )
                company = COMPANIES[i % len(COMPANIES)]
                msg["From"] = f"Talent <talent@{company.split()[0].lower()}.example>"
                msg["Subject"] = subject.removeprefix("Subject:").strip()
            else:
                body = rng.choice(PERSONAL)
                msg["From"] = f"Friend {i % 50} <friend{i % 50}@mail.example>"
                msg["Subject"] = body.split(",")[0][:40]
            msg["To"] = "alex@example.org"
            msg["Date"] = format_datetime(start + timedelta(minutes=7 * i))
            msg["Message-ID"] = f"<bench-{i}@example.org>"
            msg.set_content(body)
            box.add(msg)
        box.flush()
    finally:
        box.unlock()
        box.close()
    return path


def _rss_kb() -> int:
    with open("/proc/self/statm") as statm:  # noqa: PTH123 - Linux only, like ru_maxrss in KB
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() // 1024


def _floor_policy() -> Any:
    """The import's parsing policy (``nextround.mail.parse._POLICY``), rebuilt here."""
    import email.message
    import email.policy

    class RawHeaders(email.policy.Compat32):
        def header_fetch_parse(self, name: str, value: str) -> str:
            return value

    class Part(email.message.Message):
        pass

    return RawHeaders(message_factory=Part)


def _floor(path: Path) -> dict[str, float]:
    import email

    policy = _floor_policy()
    base = _rss_kb()
    started = time.perf_counter()
    box = mailbox.mbox(path, factory=None, create=False)
    count = 0
    for key in box.iterkeys():
        email.message_from_bytes(box.get_bytes(key), policy=policy)
        count += 1
    return {"seconds": time.perf_counter() - started, "count": count, "base_kb": base}


def _import(path: Path) -> dict[str, float]:
    from nextround.analysis import RuleJudge, default_judge
    from nextround.domain.errors import AnalysisError
    from nextround.services import record
    from nextround.services.ingest import import_path
    from nextround.store import open_database, sqlite_url

    try:
        inner = default_judge()
        inner.judge_email("Thank you for applying.", subject="Your application")
    except AnalysisError:
        inner = RuleJudge()
    judge = _Timed(inner)
    now = datetime(2026, 12, 1, 9)
    folder = Path(tempfile.mkdtemp(prefix="nextround-bench-"))
    db = open_database(sqlite_url(folder / "bench.sqlite"))
    for company in COMPANIES:
        record.add_application(db=db, company=company, role="Data Analyst", now=now)
    base = _rss_kb()
    started = time.perf_counter()
    summary = import_path(db=db, judge=judge, path=path, now=now)
    seconds = time.perf_counter() - started
    db.dispose()
    return {
        "seconds": seconds,
        "count": summary.read,
        "base_kb": base,
        "filed": summary.filed,
        "inbox": summary.inbox,
        "skipped": summary.skipped,
        "failed": summary.failed,
        "judge": getattr(inner, "name", type(inner).__name__),
        "judge_seconds": judge.seconds,
        "judged": judge.calls,
    }


class _Timed:
    """The judge, with the time spent in it counted (one call per judged message)."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.name, self.seconds, self.calls = inner, inner.name, 0.0, 0

    def judge_email(self, text: str, *, subject: str = "", sender: str = "") -> Any:
        started = time.perf_counter()
        try:
            return self.inner.judge_email(text, subject=subject, sender=sender)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1

    def judge_reply(self, text: str) -> Any:
        started = time.perf_counter()
        try:
            return self.inner.judge_reply(text)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


def _child(kind: str, path: Path) -> None:
    result = _floor(path) if kind == "floor" else _import(path)
    result["peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(result))


def _run(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(sizes: tuple[int, ...]) -> None:
    peaks: dict[int, dict[str, float]] = {}
    print(
        "compares: wall time and peak RSS of import_path into SQLite vs. a bare mailbox loop "
        "parsing each message with the import's own email policy, each in a fresh process"
    )
    with tempfile.TemporaryDirectory(prefix="nextround-mbox-") as tmp:
        for size in sizes:
            path = build_mbox(Path(tmp) / f"bench-{size}.mbox", size)
            floor, imported = _run("floor", path), _run("import", path)
            assert imported["count"] == floor["count"] == size, (floor, imported)
            ratio = imported["seconds"] / floor["seconds"]
            print(
                f"{size:>6} messages ({path.stat().st_size / 1e6:.1f} MB, "
                f"judge {imported['judge']}): "
                f"floor {size / floor['seconds']:,.0f} msg/s, "
                f"import {size / imported['seconds']:,.0f} msg/s -> time ratio {ratio:.2f}x "
                f"(target <= 3x: {'ok' if ratio <= 3 else 'MISSED'})"
            )
            print(
                f"        filed {imported['filed']:.0f}, inbox {imported['inbox']:.0f}, "
                f"skipped {imported['skipped']:.0f}, failed {imported['failed']:.0f}"
            )
            judged = imported["judge_seconds"]
            jobs = len(range(0, size, 4))  # build_mbox: every fourth message is job mail
            print(
                f"        judging: {imported['judged']:.0f} calls ({jobs} job mails in the mbox), "
                f"{judged:.1f} s "
                f"({judged / imported['seconds']:.0%} of the import, "
                f"{judged / floor['seconds']:.2f}x the floor by itself); "
                f"the rest of the import: {(imported['seconds'] - judged) / floor['seconds']:.2f}x"
            )
            grow_floor = (floor["peak_kb"] - floor["base_kb"]) / 1024
            grow_import = (imported["peak_kb"] - imported["base_kb"]) / 1024
            print(
                f"        peak memory: floor {floor['peak_kb'] / 1024:.0f} MB, "
                f"import {imported['peak_kb'] / 1024:.0f} MB -> ratio "
                f"{imported['peak_kb'] / floor['peak_kb']:.2f}x; growth during the loop: "
                f"floor +{grow_floor:.1f} MB, import +{grow_import:.1f} MB"
            )
            peaks[size] = imported
    if len(sizes) > 1:
        small, large = peaks[min(sizes)], peaks[max(sizes)]
        print(
            f"memory {min(sizes):,} -> {max(sizes):,} messages: import peak "
            f"{small['peak_kb'] / 1024:.0f} MB -> {large['peak_kb'] / 1024:.0f} MB "
            f"({large['peak_kb'] / small['peak_kb']:.2f}x for {max(sizes) / min(sizes):.0f}x "
            "the mail)"
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT / "src"))
        _child(sys.argv[2], Path(sys.argv[3]))
    else:
        main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
