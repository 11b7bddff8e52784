"""Mail sources a stranger could shape (issue 16): links out of a Maildir, devices, pipes."""

from __future__ import annotations

import base64
import mailbox
import os
from pathlib import Path

from nextround.analysis import RuleJudge
from nextround.domain.mailbox import LedgerStatus
from nextround.services.ingest import import_path
from nextround.store import Database
from tests.conftest import NOW
from tests.mail.conftest import Run
from tests.mail.messages import REJECTION, message


def _maildir(tmp_path: Path) -> Path:
    root = tmp_path / "Maildir"
    box = mailbox.Maildir(root)
    for i in range(2):
        box.add(bytes(message(REJECTION, message_id=f"<{i}@n>", subject=f"S{i}")))
    box.close()
    outside = tmp_path / "secret.eml"
    outside.write_bytes(bytes(message("private", message_id="<out@n>")))
    (root / "new" / "1700000000.zero.host").symlink_to("/dev/zero")
    (root / "new" / "1700000001.out.host").symlink_to(outside)
    os.mkfifo(root / "new" / "1700000002.fifo.host")
    return root


def test_a_maildir_reads_its_own_files_only(db: Database, tmp_path: Path) -> None:
    root = _maildir(tmp_path)
    summary = import_path(db=db, judge=RuleJudge(), path=root, now=NOW)
    assert summary.read == 5 and summary.failed == 3
    details = sorted(p.detail for p in summary.problems if p.status is LedgerStatus.FAILED)
    assert sum("not followed" in d for d in details) == 2  # /dev/zero and secret.eml
    assert sum("not a regular file" in d for d in details) == 1  # the pipe


def test_import_of_a_device_is_one_line(cli: Run) -> None:
    done = cli("mail", "import", "/dev/zero")
    assert done.code != 0 and "not a regular file" in done.err and "Traceback" not in done.err


def test_a_text_part_of_one_long_line_keeps_its_first_megabyte(
    db: Database, tmp_path: Path
) -> None:
    """The probe: a text part over 1 MB on one line was dropped as "no text to read"."""
    plain = b"We decided not to go on. " + b"y" * 2_500_000 + b"\n"
    encoded = base64.b64encode(b"We decided not to go on. " + b"z" * 2_000_000) + b"\n"
    head = "From: hr@firm.example\nSubject: Your application\nMessage-ID: <{}@f>\n{}\n"
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "plain.eml").write_bytes(head.format("p", "").encode() + plain)
    (folder / "b64.eml").write_bytes(
        head.format("b", "Content-Transfer-Encoding: base64\n").encode() + encoded
    )
    summary = import_path(db=db, judge=RuleJudge(), path=folder, now=NOW)
    assert summary.read == 2 and summary.failed == 0
    assert not [p for p in summary.problems if "no text" in p.detail]
    with db.unit() as repo:
        texts = [m.text for m in repo.messages()]
    assert len(texts) == 2 and all(t.startswith("We decided not to go on.") for t in texts)


def _stdlib_messages(path: Path) -> list[bytes]:
    box = mailbox.mbox(path, factory=None, create=False)
    try:
        return [box.get_bytes(key) for key in box.iterkeys()]
    finally:
        box.close()


def _ours(path: Path) -> list[bytes]:
    from nextround.mail.sources import Mbox

    source = Mbox(path)
    out = []
    for item in source.items():
        with item.open() as stream:
            out.append(stream.read())
    return out


def test_an_mbox_splits_as_the_standard_library_does_when_it_is_well_formed(
    tmp_path: Path,
) -> None:
    box = mailbox.mbox(tmp_path / "m.mbox")
    for i in range(5):
        box.add(bytes(message(f"{REJECTION}\n>From the team, {i}", message_id=f"<{i}@n>")))
    box.flush()
    box.close()
    assert _ours(tmp_path / "m.mbox") == _stdlib_messages(tmp_path / "m.mbox")


def test_an_unescaped_from_line_in_a_body_stays_in_its_message(
    db: Database, tmp_path: Path
) -> None:
    """The probe: "From " lines inside mbox bodies cut their message in two."""
    body = (
        "Dear Alex,\n\nUnfortunately we will not move forward.\n\n"
        "From what the panel said, your system design answer stayed too high-level.\n"
        "From Monday on, the role is filled.\n"
    )
    counted = "Thanks for asking.\n\nFrom x Mon Dec  7 10:00:00 2026 is not a separator here.\n"
    raw = (
        "From hr@firm.example Mon Dec  7 10:00:00 2026\n"
        "From: hr@firm.example\nSubject: Your application\nMessage-ID: <a@f>\n\n"
        f"{body}\n"
        "From hr@firm.example Mon Dec  7 11:00:00 2026\n"
        f"From: hr@firm.example\nSubject: Re: feedback\nMessage-ID: <b@f>\n"
        f"Content-Length: {len(counted.encode())}\n\n{counted}\n"
    )
    path = tmp_path / "unescaped.mbox"
    path.write_text(raw, encoding="utf-8")
    ours = _ours(path)
    assert len(ours) == 2
    assert b"From Monday on" in ours[0] and b"is not a separator here" in ours[1]
    summary = import_path(db=db, judge=RuleJudge(), path=path, now=NOW)
    assert summary.read == 2 and summary.failed == 0
