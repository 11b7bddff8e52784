"""OAuth2 sign-in (SASL XOAUTH2) against a real Dovecot that asks a real OAuth2 server.

The OAuth2 server runs in the test on the loopback address (tests/mail/oauth_server.py);
Dovecot's oauth2 passdb introspects every access token there. Microsoft's device-code
flow and Google's loopback flow run up to the token exchange against the same server.
"""

from __future__ import annotations

import threading
import urllib.request
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import keyring
import keyring.backend
import pytest

from nextround.analysis import RuleJudge
from nextround.domain.errors import MailError, SignInExpired
from nextround.domain.mailbox import MailAccount, Security, SignIn
from nextround.mail.imap import sign_in
from nextround.mail.oauth import DeviceCode, Grant, Provider, google, microsoft
from nextround.services import record
from nextround.services.ingest import sync_account
from nextround.services.mail_accounts import Passwords, add_account, connector, oauth_sign_in
from nextround.services.mail_drafts import place_draft
from nextround.store import Database
from tests.conftest import unavailable
from tests.mail.conftest import MemoryKeyring, Run
from tests.mail.dovecot import USER, Dovecot, available
from tests.mail.messages import REJECTION, job_mail, message
from tests.mail.oauth_server import OAuthServer
from tests.mail.test_cli import setup_northwind
from tests.mail.test_imap import counts, northwind, seed

NOW = datetime(2026, 11, 16, 10, 0)


@pytest.fixture
def oauth() -> Iterator[OAuthServer]:
    server = OAuthServer(username=USER)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def imap(tmp_path: Path, oauth: OAuthServer) -> Iterator[Dovecot]:
    if not available():
        unavailable("Dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot(tmp_path / "dovecot", oauth_url=oauth.url)
    server.configure()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def providers(oauth: OAuthServer) -> dict[SignIn, Provider]:
    return {
        SignIn.MICROSOFT: microsoft(f"{oauth.url}/common"),
        SignIn.GOOGLE: google(f"{oauth.url}/auth", f"{oauth.url}/token"),
    }


def outlook(imap: Dovecot) -> MailAccount:
    return MailAccount(
        id=None,
        name="outlook",
        host="127.0.0.1",
        port=imap.tls_port,
        username=USER,
        security=Security.TLS,
        ca_file=str(imap.cert),
        address="alex@example.org",
    )


def device_sign_in(oauth: OAuthServer, shown: list[DeviceCode]) -> Grant:
    return oauth_sign_in(
        provider=providers(oauth)[SignIn.MICROSOFT],
        client_id=oauth.client_id,
        on_code=shown.append,
        on_url=lambda url: pytest.fail("Microsoft signs in with a code, not a page"),
        sleep=lambda seconds: None,
    )


def add_outlook(
    db: Database,
    imap: Dovecot,
    oauth: OAuthServer,
    secrets: MemoryKeyring,
    grant: Grant | None = None,
) -> None:
    add_account(
        db=db,
        name="outlook",
        host="127.0.0.1",
        username=USER,
        password=None,
        secrets=secrets,
        verify=connector(Passwords(secrets=secrets, providers=providers(oauth))),
        port=imap.tls_port,
        ca_file=str(imap.cert),
        address="alex@example.org",
        grant=grant or device_sign_in(oauth, []),
        now=NOW,
    )


def sync(db: Database, secrets: MemoryKeyring, oauth: OAuthServer, **options: object):  # type: ignore[no-untyped-def]
    with db.unit() as repo:
        account = repo.mail.account("outlook")
    connect = connector(Passwords(secrets=secrets, providers=providers(oauth), **options))  # type: ignore[arg-type]
    return sync_account(db=db, judge=RuleJudge(), account=account, connect=connect, now=NOW)


def saved(secrets: MemoryKeyring) -> Grant:
    grant = Grant.from_json(secrets.saved[("outlook", USER)])
    assert grant is not None
    return grant


def test_device_code_account_syncs_and_saves_a_draft(
    sqlite_db: Database, imap: Dovecot, oauth: OAuthServer, tmp_path: Path
) -> None:
    shown: list[DeviceCode] = []
    grant = device_sign_in(oauth, shown)
    assert [c.user_code for c in shown] == ["TEST-CODE"]
    assert shown[0].verification_uri == f"{oauth.url}/devicelogin"
    assert oauth.seen.count("token urn:ietf:params:oauth:grant-type:device_code") == 2  # pending
    secrets = MemoryKeyring()
    add_outlook(sqlite_db, imap, oauth, secrets, grant)
    with sqlite_db.unit() as repo:
        assert repo.mail.account("outlook").sign_in is SignIn.MICROSOFT
    northwind(sqlite_db)
    record.set_user_name(db=sqlite_db, name="Alex Morgan")
    seed(imap, job_mail())
    first = sync(sqlite_db, secrets, oauth)
    assert (first.read, first.filed, first.errors) == (3, 1, [])
    with sqlite_db.unit() as repo:
        [thread] = repo.threads()
    assert thread.id is not None
    connect = sync_connect(secrets, oauth)
    placed = place_draft(db=sqlite_db, thread_id=thread.id, connect=connect, now=NOW)
    assert placed.where == "imap:outlook/Drafts"
    client = imap.client()
    try:
        client.select_folder("Drafts", readonly=True)
        assert len(client.search(["ALL"])) == 1
    finally:
        client.logout()
    # the tokens live in the keyring only: not in the database file, nor its journal
    kept = saved(secrets)
    assert kept.refresh_token == grant.refresh_token  # still fresh: no refresh was needed
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*.sqlite*"))
    assert stored
    for token in (kept.refresh_token, kept.access_token):
        assert token.encode() not in stored
    assert kept.refresh_token not in repr(kept)


def sync_connect(secrets: MemoryKeyring, oauth: OAuthServer):  # type: ignore[no-untyped-def]
    return connector(Passwords(secrets=secrets, providers=providers(oauth)))


def test_an_expired_token_is_refreshed_and_the_rotated_one_kept(
    sqlite_db: Database, imap: Dovecot, oauth: OAuthServer
) -> None:
    secrets = MemoryKeyring()
    add_outlook(sqlite_db, imap, oauth, secrets)
    before = saved(secrets)
    oauth.expire_access_tokens()  # the server says no; the saved grant still thinks it is fresh
    seed(imap, [message(REJECTION, message_id="<rej@nw>")])
    assert sync(sqlite_db, secrets, oauth).errors == []
    after = saved(secrets)
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token
    assert oauth.live_refresh_tokens() == {after.refresh_token}  # the old one is retired
    # an hour later by our own clock: refreshed before signing in, no refused login first
    refused_before = oauth.seen.count("introspect")
    later = sync(sqlite_db, secrets, oauth, clock=lambda: after.expires_at + 1)
    assert later.errors == [] and saved(secrets).refresh_token != after.refresh_token
    assert oauth.seen.count("introspect") == refused_before + 1


def test_a_grant_rotated_by_another_process_meanwhile_is_taken_up(
    sqlite_db: Database, imap: Dovecot, oauth: OAuthServer
) -> None:
    secrets = MemoryKeyring()
    add_outlook(sqlite_db, imap, oauth, secrets)
    stale = secrets.saved[("outlook", USER)]
    with sqlite_db.unit() as repo:
        account = repo.mail.account("outlook")
    mine = Passwords(secrets=secrets, providers=providers(oauth))
    mine.token_for(account, renew=True)  # the web app refreshed: the old refresh token is retired

    class ReadBeforeTheOtherWrote(MemoryKeyring):
        """A second process that read the keyring just before the first one rewrote it."""

        def __init__(self) -> None:
            super().__init__()
            self.saved = secrets.saved
            self.first = True

        def load(self, account: str, username: str) -> str | None:
            if self.first:
                self.first = False
                return stale
            return super().load(account, username)

    other = Passwords(secrets=ReadBeforeTheOtherWrote(), providers=providers(oauth))
    token = other.token_for(account, renew=True)
    assert token == saved(secrets).access_token  # the other's fresh token, no SignInExpired


def test_a_revoked_grant_is_one_line_and_loses_nothing(
    sqlite_db: Database, imap: Dovecot, oauth: OAuthServer
) -> None:
    secrets = MemoryKeyring()
    add_outlook(sqlite_db, imap, oauth, secrets)
    northwind(sqlite_db)
    record.set_user_name(db=sqlite_db, name="Alex Morgan")
    seed(imap, [message(REJECTION, message_id="<rej@nw>")])
    assert sync(sqlite_db, secrets, oauth).filed == 1
    oauth.revoke()
    oauth.expire_access_tokens()
    before, grant = counts(sqlite_db), secrets.saved[("outlook", USER)]
    with sqlite_db.unit() as repo:
        threads = repo.threads()
        ledger = repo.mail.count_ledger()
    seed(imap, [message(REJECTION, message_id="<rej2@nw>", subject="Another")])
    with pytest.raises(SignInExpired) as refused:
        sync(sqlite_db, secrets, oauth)
    assert str(refused.value) == (
        "mail account 'outlook': the sign-in has expired or was revoked; "
        "sign in again with `nextround mail reauth outlook`"
    )
    assert threads[0].id is not None
    with pytest.raises(SignInExpired):
        place_draft(
            db=sqlite_db, thread_id=threads[0].id, connect=sync_connect(secrets, oauth), now=NOW
        )
    assert counts(sqlite_db) == before and secrets.saved[("outlook", USER)] == grant
    with sqlite_db.unit() as repo:
        assert repo.threads() == threads and repo.mail.count_ledger() == ledger


def test_google_loopback_flow_signs_in_with_the_users_own_client(
    imap: Dovecot, oauth: OAuthServer
) -> None:
    oauth.client_secret = "their-own-secret"
    visited: list[str] = []

    def browser(url: str) -> None:  # the user's browser: consent, then back to our port
        visited.append(url)
        threading.Thread(target=lambda: urllib.request.urlopen(url, timeout=30).read()).start()

    grant = oauth_sign_in(
        provider=providers(oauth)[SignIn.GOOGLE],
        client_id=oauth.client_id,
        client_secret="their-own-secret",
        login_hint=USER,
        on_code=lambda code: pytest.fail("Google signs in through a page, not a code"),
        on_url=browser,
    )
    assert visited[0].startswith(f"{oauth.url}/auth?client_id=test-client&redirect_uri=")
    assert "code_challenge_method=S256" in visited[0] and "mail.google.com" in visited[0]
    assert grant.provider == "google" and grant.client_secret == "their-own-secret"
    box = sign_in(outlook(imap), grant.access_token, oauth2=True)
    try:
        assert "INBOX" in box.folders()
    finally:
        box.logout()
    with pytest.raises(MailError, match="refused the sign-in: invalid_client"):
        oauth_sign_in(
            provider=providers(oauth)[SignIn.GOOGLE],
            client_id=oauth.client_id,
            client_secret="a wrong one",
            on_code=lambda code: None,
            on_url=browser,
        )


def test_endpoints_must_be_https_beyond_this_machine() -> None:
    from nextround.domain.errors import InvalidInput

    with pytest.raises(InvalidInput, match="must be an https:// address"):
        microsoft("http://login.example.com/common")
    assert microsoft().token_url == "https://login.microsoftonline.com/common/oauth2/v2.0/token"


# -- the CLI, end to end -----------------------------------------------------------------


class DictKeyring(keyring.backend.KeyringBackend):
    """A keyring backend in memory, used through the keyring library's own API."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def system_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    mine = DictKeyring()
    keyring.set_keyring(mine)
    try:
        yield mine
    finally:
        keyring.set_keyring(previous)


def test_outlook_account_through_the_cli(
    cli: Run,
    imap: Dovecot,
    oauth: OAuthServer,
    system_keyring: DictKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEXTROUND_MICROSOFT_AUTHORITY", f"{oauth.url}/common")
    setup_northwind(cli)
    where = ["--host", "127.0.0.1", "--port", str(imap.tls_port), "--ca-file", str(imap.cert)]
    added = cli(
        "mail", "add-account", "outlook", "--oauth", "microsoft", "--user", USER,
        "--client-id", oauth.client_id, *where,
    )  # fmt: skip
    assert added.code == 0, added.err
    assert f"open {oauth.url}/devicelogin on any device" in added.err
    assert "\n    TEST-CODE\n" in added.err
    assert "signed in with microsoft; the sign-in is kept in the keyring" in added.out
    [(service, _)] = system_keyring.kept
    assert service == "nextround-mail"
    seed(imap, [message(REJECTION, message_id="<rej@nw>")])
    synced = cli("mail", "sync", "--json")
    assert synced.code == 0 and synced.json()["filed"] == 1, synced.err
    drafted = cli("ask", "1", "--to-drafts")
    assert drafted.code == 0 and "draft saved: outlook/Drafts" in drafted.out, drafted.err
    listed = cli("mail", "accounts", "--json").json()
    assert listed[0]["sign_in"] == "microsoft"
    polls = len(oauth.seen)
    twice = cli("mail", "add-account", "outlook", "--oauth", "microsoft", "--user", USER)
    assert twice.code == 2 and "already a mail account named 'outlook'" in twice.err
    assert len(oauth.seen) == polls  # refused before anyone was sent to sign in

    oauth.revoke()
    oauth.expire_access_tokens()
    refused = cli("mail", "sync")
    assert refused.code == 6 and refused.out == ""
    assert refused.err == (
        "error: mail account 'outlook': the sign-in has expired or was revoked; "
        "sign in again with `nextround mail reauth outlook`\n"
    )
    again = cli("mail", "reauth", "outlook")
    assert again.code == 0 and "signed in again with microsoft" in again.out, again.err
    seed(imap, [message(REJECTION, message_id="<rej2@nw>", subject="Re: your application")])
    after = cli("mail", "sync", "--json")
    assert after.code == 0 and after.json()["read"] == 1 and after.json()["already_imported"] == 1


def test_google_account_through_the_cli_and_a_browser(
    cli: Run,
    imap: Dovecot,
    oauth: OAuthServer,
    system_keyring: DictKeyring,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("NEXTROUND_GOOGLE_AUTH_URL", f"{oauth.url}/auth")
    monkeypatch.setenv("NEXTROUND_GOOGLE_TOKEN_URL", f"{oauth.url}/token")
    monkeypatch.setenv("NEXTROUND_GOOGLE_CLIENT_ID", oauth.client_id)
    monkeypatch.setenv("NEXTROUND_GOOGLE_CLIENT_SECRET", "their-own-secret")
    oauth.client_secret = "their-own-secret"
    # the "browser" webbrowser starts: fetches the consent page, which sends it back to us
    browser = tmp_path / "browser.py"
    browser.write_text("import sys, urllib.request\nurllib.request.urlopen(sys.argv[1]).read()\n")
    monkeypatch.setenv("BROWSER", f"{__import__('sys').executable} {browser} %s")
    added = cli(
        "mail", "add-account", "uni", "--oauth", "google", "--user", USER,
        "--host", "127.0.0.1", "--port", str(imap.tls_port), "--ca-file", str(imap.cert),
    )  # fmt: skip
    assert added.code == 0, added.err
    assert f"open this address in a browser on this machine:\n\n    {oauth.url}/auth?" in added.err
    assert "signed in with google" in added.out
    assert cli("mail", "sync", "uni").code == 0


# -- the web app ---------------------------------------------------------------------------


def test_outlook_account_added_in_the_web_app_then_a_draft_saved(
    sqlite_db: Database, imap: Dovecot, oauth: OAuthServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nextround.services.mail_status import mail_account_exists
    from nextround.web.app import build_app
    from tests.web.conftest import HOST, TestClient, Web, make_context

    monkeypatch.setenv("SSL_CERT_FILE", str(imap.cert))  # the page has no CA field: trust it
    secrets = MemoryKeyring()
    found = providers(oauth)
    app = build_app(
        make_context(
            sqlite_db,
            mail_ready=lambda d: mail_account_exists(db=d),
            mail_connect=connector(Passwords(secrets=secrets, providers=found)),
            mail_secrets=secrets,
            oauth_providers=found,
            microsoft_client_id=oauth.client_id,
        )
    )
    northwind(sqlite_db)
    record.set_user_name(db=sqlite_db, name="Alex Morgan")
    with TestClient(app, base_url=f"http://{HOST}") as client:
        web = Web(client)
        assert "Get a sign-in code" in web.get("/mail/accounts/new").text
        fields = {"name": "outlook", "user": USER, "host": "127.0.0.1", "port": imap.tls_port}
        assert client.post("/mail/accounts/new", data=fields).status_code == 403  # no token
        assert oauth.seen == []
        started = web.post("/mail/accounts/new", fields)
        assert started.status_code == 303, started.text[:300]
        waiting = web.get(started.headers["location"])
        assert "TEST-CODE" in waiting.text and f"{oauth.url}/devicelogin" in waiting.text
        assert 'hx-trigger="every 5s"' in waiting.text and "<script>" not in waiting.text
        check = started.headers["location"]
        not_yet = web.post(check)  # without scripts: the button, before the code is typed
        assert not_yet.status_code == 303 and not_yet.headers["location"].endswith("?again=1")
        done = web.post(check, headers={"HX-Request": "true"})
        assert done.status_code == 200 and done.headers["HX-Redirect"] == (
            "/mail/accounts/added?name=outlook"
        )
        assert "Mail account outlook added" in web.get(done.headers["HX-Redirect"]).text
        assert web.post(check).status_code == 422  # over: the key is gone
        assert Grant.from_json(secrets.saved[("outlook", USER)]) is not None
        seed(imap, [message(REJECTION, message_id="<rej@nw>")])
        assert sync(sqlite_db, secrets, oauth).filed == 1
        with sqlite_db.unit() as repo:
            [thread] = repo.threads()
        saved_page = web.post(f"/threads/{thread.id}/mailbox", {"step": "request", "text": ""})
        assert saved_page.status_code == 200 and "outlook/Drafts" in saved_page.text
        again = web.post("/mail/accounts/new", fields)
        assert again.status_code == 422 and "already a mail account named" in again.text
