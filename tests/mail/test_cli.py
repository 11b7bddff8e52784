"""The mail commands end to end: import, inbox, drafts to a file or a mailbox, errors."""

from __future__ import annotations

from pathlib import Path

from tests.mail.conftest import Run
from tests.mail.dovecot import PASSWORD, USER, Dovecot
from tests.mail.messages import REJECTION, job_mail, message, write_mbox


def setup_northwind(cli: Run) -> None:
    assert cli("me", "Alex Morgan").code == 0
    assert cli("app", "add", "Northwind Health", "Data Analyst").code == 0
    assert (
        cli(
            "contact",
            "add",
            "Dana Whitfield",
            "--company",
            "Northwind Health",
            "--email",
            "dana@northwind-health.com",
        ).code
        == 0
    )
    assert (
        cli(
            "interview",
            "add",
            "1",
            "--stage",
            "final panel",
            "--when",
            "2026-11-10 14:00",
            "--with",
            "1",
            "--point",
            "the readmission dashboard",
        ).code
        == 0
    )


def test_import_twice_then_confirm_from_the_inbox(cli: Run, tmp_path: Path) -> None:
    setup_northwind(cli)
    box = write_mbox(tmp_path / "mail.mbox", job_mail())
    first = cli("mail", "import", str(box), "--json")
    assert first.code == 0, first.err
    summary = first.json()
    assert {k: summary[k] for k in ("read", "filed", "inbox", "skipped", "failed")} == {
        "read": 3,
        "filed": 1,
        "inbox": 1,
        "skipped": 1,
        "failed": 0,
    }
    again = cli("mail", "import", str(box))
    assert again.code == 0 and "read 0" in again.out and "already imported: 3" in again.out
    [item] = cli("inbox", "list", "--json").json()
    assert item["guess"] == "invite"
    assert cli("app", "add", "Acme Robotics", "Backend Engineer").code == 0
    done = cli("inbox", "confirm", str(item["id"]), "--app", "2")
    assert done.code == 0 and done.out.startswith("filed: invite: interview #")
    assert "the inbox is empty" in cli("inbox").out
    missing = cli("inbox", "confirm", "99")
    assert missing.code == 3 and missing.err.strip() == "error: no inbox item with id 99"


def test_ask_writes_an_eml_draft_threaded_to_the_rejection(cli: Run, tmp_path: Path) -> None:
    setup_northwind(cli)
    box = write_mbox(tmp_path / "r.mbox", [message(REJECTION, message_id="<rej@nw>")])
    assert cli("mail", "import", str(box)).code == 0
    out = tmp_path / "ask.eml"
    asked = cli("ask", "1", "--eml", str(out))
    assert asked.code == 0, asked.err
    assert f"draft saved: {out}" in asked.out
    data = out.read_bytes()
    assert b"X-Unsent: 1" in data and b"In-Reply-To: <rej@nw>" in data
    twice = cli("ask", "1", "--eml", str(out))
    assert twice.code == 2 and "already exists" in twice.err
    assert cli("ask", "1", "--eml", str(tmp_path / "x.eml"), "--channel", "linkedin").code == 2


def test_bad_paths_and_missing_accounts_are_one_line(cli: Run, tmp_path: Path) -> None:
    gone = cli("mail", "import", str(tmp_path / "nowhere.mbox"))
    assert gone.code == 6 and gone.err.count("\n") == 1 and "no such file" in gone.err
    (tmp_path / "notes.txt").write_text("just some notes\n")
    wrong = cli("mail", "import", str(tmp_path / "notes.txt"))
    assert wrong.code == 6 and "neither a message, an mbox nor a Maildir" in wrong.err
    none = cli("mail", "sync")
    assert none.code == 2 and none.err.startswith("error: no mail account yet")
    assert cli("ask", "1", "--to-drafts").code != 0


def test_accounts_sync_and_drafts_through_the_cli(
    cli: Run, tmp_path: Path, dovecot: Dovecot, monkeypatch: object
) -> None:
    setup_northwind(cli)
    added = cli(
        "mail",
        "add-account",
        "test",
        "--host",
        "127.0.0.1",
        "--port",
        str(dovecot.tls_port),
        "--user",
        USER,
        "--ca-file",
        str(dovecot.cert),
        "--address",
        "alex@example.org",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert added.code == 0, added.err
    assert "password not stored (no keyring here)" in added.out
    client = dovecot.client()
    try:
        client.append("INBOX", bytes(message(REJECTION, message_id="<rej@nw>")))
    finally:
        client.logout()
    import pytest

    patch = pytest.MonkeyPatch()
    try:
        patch.setenv("NEXTROUND_MAIL_PASSWORD", "not it")
        refused = cli("mail", "sync")
        assert refused.code == 6
        assert refused.err == (
            f"error: test: 127.0.0.1:{dovecot.tls_port} refused the login for {USER}: "
            "wrong user name or password\n"
        )
        patch.setenv("NEXTROUND_MAIL_PASSWORD", PASSWORD)
        synced = cli("mail", "sync", "--json")
        assert synced.code == 0 and synced.json()["filed"] == 1
        drafted = cli("ask", "1", "--to-drafts")
        assert drafted.code == 0, drafted.err
        assert "draft saved: test/Drafts" in drafted.out
    finally:
        patch.undo()


def test_one_account_that_cannot_be_reached_does_not_stop_the_others(
    cli: Run, dovecot: Dovecot, tmp_path: Path
) -> None:
    setup_northwind(cli)
    gone = Dovecot(tmp_path / "gone")  # a second server, stopped once the account is added
    gone.configure()
    gone.start()
    try:
        for name, server in (("away", gone), ("work", dovecot)):
            added = cli(
                "mail", "add-account", name, "--host", "127.0.0.1",
                "--port", str(server.tls_port), "--user", USER,
                "--ca-file", str(server.cert), "--password-stdin",
                stdin=PASSWORD + "\n",
            )  # fmt: skip
            assert added.code == 0, added.err
    finally:
        gone.stop()
    client = dovecot.client()
    try:
        client.append("INBOX", bytes(message(REJECTION, message_id="<rej-two@nw>")))
    finally:
        client.logout()
    import pytest

    patch = pytest.MonkeyPatch()
    try:
        patch.setenv("NEXTROUND_MAIL_PASSWORD", PASSWORD)
        synced = cli("mail", "sync", "--json")
    finally:
        patch.undo()
    assert synced.code == 6
    assert synced.err.startswith("error: ") and "away" in synced.err
    assert synced.err.count("\n") == 1  # one line for the account that is gone
    assert synced.json()["filed"] == 1  # and the reachable account's rejection was filed
