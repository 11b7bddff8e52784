"""Many mailboxes on the test Dovecot: one user per mail account, filled with job mail.

Used by the worker tests and bench/worker_sync.py.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from email.message import EmailMessage

from tests.mail.dovecot import Dovecot
from tests.mail.messages import INVITE, REJECTION, message

APPEND_CHUNK = 200


def add_users(server: Dovecot, names: list[str], password: str) -> None:
    """More users Dovecot signs in (restarted, when running, to read them)."""
    running = server.process is not None
    if running:
        server.stop()
    path = server.root / "users"
    lines = path.read_text().splitlines()
    lines += [f"{name}:{{PLAIN}}{password}::::::" for name in names]
    path.write_text("\n".join(lines) + "\n")
    if running:
        server.start()


def job_messages(count: int, tag: str) -> list[EmailMessage]:
    """``count`` distinct messages: rejections and invitations from as many firms."""
    out = []
    for i in range(count):
        body = REJECTION if i % 2 else INVITE
        out.append(
            message(
                body.replace("Alex", f"Alex {tag} {i}"),
                sender=f"Recruiting <hr@firm{i}.{tag}.example>",
                subject=f"Your application at Firm {tag} {i}",
                message_id=f"<{i}.{tag}@firm.example>",
            )
        )
    return out


def _chunks(items: list[EmailMessage]) -> Iterator[list[EmailMessage]]:
    for start in range(0, len(items), APPEND_CHUNK):
        yield items[start : start + APPEND_CHUNK]


def fill(server: Dovecot, user: str, password: str, messages: list[EmailMessage]) -> None:
    """Put ``messages`` in ``user``'s INBOX (MULTIAPPEND, a chunk at a time)."""
    from imapclient import IMAPClient

    context = ssl.create_default_context(cafile=str(server.cert))
    client = IMAPClient("127.0.0.1", port=server.tls_port, ssl=True, ssl_context=context)
    try:
        client.login(user, password)
        for chunk in _chunks(messages):
            client.multiappend("INBOX", [bytes(m) for m in chunk])
    finally:
        client.logout()
