"""Mail accounts on a multi-user server's pages (real PostgreSQL, real Dovecot): a student
adds a password account, sees and removes their own; nobody else sees, removes or syncs it,
and the password never comes back in a page nor sits readable in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from nextround.services.accounts import add_user
from nextround.services.mail_secrets import sealed_secrets, server_secret_key
from nextround.services.mail_status import mail_account_exists
from nextround.store import Database
from nextround.web.app import build_app
from nextround.web.context import WebContext
from tests.conftest import NOW
from tests.mail.conftest import dovecot  # noqa: F401 (the fixture)
from tests.mail.dovecot import PASSWORD as MAIL_PASSWORD
from tests.mail.dovecot import USER, Dovecot
from tests.web.conftest import HOST, TestClient, Web, make_context
from tests.web.test_isolation import _sign_in
from tests.web.test_multi_user import PASSWORD, pg  # noqa: F401 (the fixture)
from tests.web.test_row_security import app_role

pytestmark = pytest.mark.postgres

ANA, BO = "ana@example.edu", "bo@example.edu"
HTML = {"accept": "text/html"}


@pytest.fixture(params=["as the tables' owner", "as a role bound by row-level security"])
def served(
    request: pytest.FixtureRequest,
    pg: Database,  # noqa: F811
    tmp_path: Path,
) -> Iterator[tuple[Any, Database]]:
    for email in (ANA, BO):
        add_user(db=pg, email=email, role="student", password=PASSWORD, now=NOW)
    key = server_secret_key(named=None, data_dir=tmp_path / "data")

    def context(db: Database) -> WebContext:
        return make_context(db, multi_user=True, mail_secrets_for=sealed_secrets(key))

    if request.param.startswith("as the tables"):
        yield build_app(context(pg)), pg
        return
    with app_role(pg) as bound:
        yield build_app(context(bound)), bound


@pytest.fixture
def students(served: tuple[Any, Database]) -> Iterator[tuple[Web, Web]]:
    app, _db = served
    with (
        TestClient(app, base_url=f"http://{HOST}") as a,
        TestClient(app, base_url=f"http://{HOST}") as b,
    ):
        yield _sign_in(a, ANA), _sign_in(b, BO)


def _form(dovecot: Dovecot, **changes: str) -> dict[str, str]:  # noqa: F811
    return {
        "name": "work",
        "address": "alex@example.org",
        "host": "127.0.0.1",
        "port": str(dovecot.tls_port),
        "security": "tls",
        "user": USER,
        "password": MAIL_PASSWORD,
        **changes,
    }


def test_a_student_adds_sees_and_removes_only_their_own_mail_account(
    served: tuple[Any, Database],
    students: tuple[Web, Web],
    dovecot: Dovecot,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    pg: Database,  # noqa: F811
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.cert))  # trust the test server's certificate
    _app, db = served
    ana, bo = students
    empty = ana.get("/mail/accounts", headers=HTML)
    assert empty.status_code == 200 and "No mail account yet" in empty.text
    assert "/mail/accounts/password" in empty.text
    assert 'type="password"' in ana.get("/mail/accounts/password", headers=HTML).text

    wrong = ana.post("/mail/accounts/password", _form(dovecot, password="not it"))
    assert wrong.status_code == 422 and 'role="alert"' in wrong.text
    assert "not it" not in wrong.text and "Traceback" not in wrong.text
    bad = ana.post("/mail/accounts/password", _form(dovecot, name="no spaces please"))
    assert bad.status_code == 422 and "account name" in bad.text

    added = ana.post("/mail/accounts/password", _form(dovecot))
    assert added.status_code == 303, added.text[:400]
    assert added.headers["location"] == "/mail/accounts/added?name=work"
    shown = ana.get("/mail/accounts", headers=HTML)
    assert "work" in shown.text and f"127.0.0.1:{dovecot.tls_port}" in shown.text
    assert MAIL_PASSWORD not in shown.text
    with db.unit() as repo:
        ids = {u.email: u.id for u in repo.accounts.users()}
    assert mail_account_exists(db=pg.scoped(ids[ANA]))
    assert not mail_account_exists(db=pg.scoped(ids[BO]))

    # Bo sees none of it, and cannot remove it by its name; he may add his own "work"
    theirs = bo.get("/mail/accounts", headers=HTML)
    assert theirs.status_code == 200 and str(dovecot.tls_port) not in theirs.text
    assert bo.post("/mail/accounts/work/remove").status_code == 404
    assert "work" in ana.get("/mail/accounts", headers=HTML).text
    assert bo.post("/mail/accounts/password", _form(dovecot)).status_code == 303

    with pg.engine.connect() as conn:  # sealed: the password is nowhere in the table
        sealed = conn.execute(text("SELECT sealed, nonce, account FROM mail_secrets")).all()
    assert len(sealed) == 2
    assert all(MAIL_PASSWORD.encode() not in bytes(s) + bytes(n) for s, n, _a in sealed)

    exported = ana.get("/api/export")  # a person's export: never a secret, sealed or not
    assert exported.status_code == 200 and MAIL_PASSWORD not in exported.text
    assert "mail_secrets" not in exported.text and "sealed" not in exported.text

    assert ana.post("/mail/accounts/work/remove").status_code == 303
    assert "No mail account yet" in ana.get("/mail/accounts", headers=HTML).text
    assert str(dovecot.tls_port) in bo.get("/mail/accounts", headers=HTML).text
    with pg.engine.connect() as conn:
        left = conn.execute(text("SELECT owner_id FROM mail_secrets")).scalars().all()
    assert left == [ids[BO]]
