"""The mail accounts pages on the local app (SQLite, a real Dovecot): a password account
goes to the keyring as from the command line, never into the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from nextround.store import open_database, sqlite_url
from nextround.web.app import build_app
from tests.mail.conftest import MemoryKeyring, dovecot  # noqa: F401 (the fixture)
from tests.mail.dovecot import PASSWORD, USER, Dovecot
from tests.web.conftest import HOST, TestClient, Web, make_context

HTML = {"accept": "text/html"}


def test_a_password_account_added_on_the_page_keeps_its_password_in_the_keyring(
    tmp_path: Path,
    dovecot: Dovecot,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert))  # trust the test server's certificate
    db = open_database(sqlite_url(tmp_path / "local.sqlite"))
    keyring = MemoryKeyring()
    app = build_app(make_context(db, mail_secrets=keyring))
    try:
        with TestClient(app, base_url=f"http://{HOST}") as client:
            web = Web(client)
            form = {
                "name": "home",
                "host": "127.0.0.1",
                "port": str(dovecot.tls_port),
                "security": "tls",
                "user": USER,
                "password": PASSWORD,
            }
            assert "keyring" in web.get("/mail/accounts/password", headers=HTML).text
            added = web.post("/mail/accounts/password", form)
            assert added.status_code == 303, added.text[:400]
            assert "nextround mail sync home" in web.get(added.headers["location"]).text
            assert keyring.saved == {("home", USER): PASSWORD}
            with db.engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM mail_secrets")).scalar() == 0
                [(name, owner)] = conn.execute(text("SELECT name, owner_id FROM mail_accounts"))
                assert (name, owner) == ("home", None)  # the local row, as before
            assert "home" in web.get("/mail/accounts", headers=HTML).text
            assert web.post("/mail/accounts/home/remove").status_code == 303
            assert keyring.saved == {}
            assert "No mail account yet" in web.get("/mail/accounts", headers=HTML).text
        # without a keyring the page says so, and adds nothing
        bare = build_app(make_context(db, mail_secrets=MemoryKeyring(present=False)))
        with TestClient(bare, base_url=f"http://{HOST}") as client:
            web = Web(client)
            refused = web.post("/mail/accounts/password", form)
            assert refused.status_code == 422 and "no place here to keep" in refused.text
            assert "No mail account yet" in web.get("/mail/accounts", headers=HTML).text
    finally:
        db.dispose()
