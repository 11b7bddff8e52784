"""Mail on a multi-user server (real PostgreSQL, real Dovecot): each person's accounts,
ledger and secrets are their own, the secrets are sealed, and a sync files into the
applications of the person whose account it is, and nobody else's."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from nextround.analysis import RuleJudge
from nextround.domain.errors import MailError, NotFound
from nextround.domain.mailbox import MailAccount, Security
from nextround.mail.sealed import NOT_OPENED, SecretKey, server_key
from nextround.services import record
from nextround.services.accounts import add_user
from nextround.services.mail_accounts import (
    Passwords,
    accounts_to_sync,
    add_account,
    connector,
    get_accounts,
    list_accounts,
    remove_account,
    sync_account_of,
)
from nextround.services.mail_secrets import SealedSecrets, reseal_mail_secrets, sealed_secrets
from nextround.services.mail_status import mail_account_exists
from nextround.store import Database
from nextround.store.tables import MailSecretRow
from tests.conftest import NOW, PG_URL
from tests.mail.dovecot import PASSWORD, USER, Dovecot
from tests.mail.messages import job_mail
from tests.mail.test_imap import seed
from tests.web.test_multi_user import pg  # noqa: F401 (the fixture)
from tests.web.test_row_security import app_role

pytestmark = pytest.mark.postgres

MAIL_TABLES = ("mail_accounts", "mail_ledger", "mail_keys", "mail_messages", "mail_drafts")
STUDENTS = ("ana@example.edu", "bo@example.edu")


@pytest.fixture
def key(tmp_path: Path) -> SecretKey:
    return server_key(named=None, data_dir=tmp_path / "data")


@pytest.fixture
def people(pg: Database) -> tuple[int, int]:  # noqa: F811
    for email in STUDENTS:
        add_user(db=pg, email=email, role="student", password="a long password", now=NOW)
    with pg.unit() as repo:
        ana, bo = (repo.accounts.user(e).id for e in STUDENTS)
    return ana, bo


@pytest.fixture(params=["as the tables' owner", "as a role bound by row-level security"])
def server(request: pytest.FixtureRequest, pg: Database) -> Iterator[Database]:  # noqa: F811
    """The database as a server uses it: as the owner of the tables, or as a bound role."""
    if request.param.startswith("as the tables"):
        yield pg
        return
    with app_role(pg) as bound:
        yield bound


def _add(db: Database, key: SecretKey, dovecot: Dovecot, *, name: str = "work") -> MailAccount:
    secrets = SealedSecrets(db, key)
    return add_account(
        db=db,
        name=name,
        host="127.0.0.1",
        username=USER,
        password=PASSWORD,
        secrets=secrets,
        verify=connector(Passwords(secrets=secrets, env_password=PASSWORD)),
        port=dovecot.tls_port,
        security=Security.TLS,
        address="alex@example.org",
        ca_file=str(dovecot.cert),
        now=NOW,
    )


def _northwind(db: Database) -> None:
    record.add_application(db=db, company="Northwind Health", role="Data Analyst", now=NOW)
    record.add_contact(
        db=db, name="Dana Whitfield", company="Northwind Health", email="dana@northwind-health.com"
    )


def _sync(server: Database, key: SecretKey, owner: int, name: str = "work") -> tuple[int, int]:
    summary = sync_account_of(
        db=server,
        owner=owner,
        account_name=name,
        judge=RuleJudge(),
        secrets_for=sealed_secrets(key),
        now=NOW,
    )
    assert summary.errors == []
    return summary.read, summary.filed


def test_each_person_syncs_their_own_account_into_their_own_applications(
    server: Database, people: tuple[int, int], key: SecretKey, dovecot: Dovecot
) -> None:
    ana, bo = people
    a, b = server.scoped(ana), server.scoped(bo)
    _northwind(a)
    _northwind(b)
    seed(dovecot, job_mail())
    _add(a, key, dovecot)
    assert mail_account_exists(db=a) and not mail_account_exists(db=b)
    assert accounts_to_sync(server) == [(ana, "work")]

    assert _sync(server, key, ana) == (3, 1)
    with a.unit() as repo:
        [app] = repo.applications()
        assert app.status.value == "rejected"
        assert len(repo.messages()) == 2 and sum(repo.mail.count_ledger().values()) == 3
    with b.unit() as repo:  # nothing of Ana's reached Bo: his application is as he left it
        [app] = repo.applications()
        assert app.status.value == "applied"
        assert repo.messages() == [] and repo.mail.ledger() == [] and repo.mail.accounts() == []
    # Bo cannot sync, see or remove Ana's account, by its name or as her
    for wrong in (
        lambda: sync_account_of(
            db=server,
            owner=bo,
            account_name="work",
            judge=RuleJudge(),
            secrets_for=sealed_secrets(key),
            now=NOW,
        ),
        lambda: get_accounts(db=b, name="work"),
        lambda: remove_account(db=b, name="work", secrets=SealedSecrets(b, key)),
    ):
        with pytest.raises(NotFound):
            wrong()
    assert SealedSecrets(b, key).load("work", USER) is None
    assert [a.name for a in list_accounts(db=a)] == ["work"]

    # the same mailbox, added by Bo under the same name: his own rows, keys and ledger
    _add(b, key, dovecot)
    assert accounts_to_sync(server) == [(ana, "work"), (bo, "work")]
    assert _sync(server, key, bo) == (3, 1)
    assert _sync(server, key, ana) == (0, 0)  # Ana's ledger: nothing new for her
    with b.unit() as repo:
        assert repo.applications()[0].status.value == "rejected"
        assert len(repo.messages()) == 2
    # each removes their own: the other's account and secret stay
    remove_account(db=b, name="work", secrets=SealedSecrets(b, key))
    assert accounts_to_sync(server) == [(ana, "work")]
    assert SealedSecrets(a, key).load("work", USER) == PASSWORD


def test_row_security_binds_the_mail_tables_of_a_query_that_forgets_the_owner(
    pg: Database,  # noqa: F811
    people: tuple[int, int],
    key: SecretKey,
    dovecot: Dovecot,
) -> None:
    ana, bo = people
    _northwind(pg.scoped(ana))
    seed(dovecot, job_mail())
    _add(pg.scoped(ana), key, dovecot)
    _sync(pg, key, ana)
    with pg.engine.connect() as conn:  # the owner of the tables sees Ana's rows in each
        for table in (*MAIL_TABLES, "mail_secrets"):
            owners = set(conn.execute(text(f"SELECT owner_id FROM {table}")).scalars())
            assert owners == ({ana} if table != "mail_drafts" else set()), table
    with app_role(pg) as bound:
        with bound.scoped(bo).unit() as repo:
            for table in (*MAIL_TABLES, "mail_secrets"):
                seen = repo.session.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                assert seen == 0, table
            gone = repo.session.execute(text("DELETE FROM mail_accounts"))
            assert gone.rowcount == 0  # type: ignore[attr-defined]
        with bound.unit() as repo:  # no user at all: nobody's mail
            assert repo.session.execute(text("SELECT count(*) FROM mail_ledger")).scalar() == 0
        with bound.scoped(ana).unit() as repo:
            assert repo.session.execute(text("SELECT count(*) FROM mail_ledger")).scalar() == 3


def test_secrets_are_sealed_at_rest_and_a_wrong_key_or_moved_row_says_so(
    pg: Database,  # noqa: F811
    people: tuple[int, int],
    key: SecretKey,
    dovecot: Dovecot,
    tmp_path: Path,
) -> None:
    ana, bo = people
    _add(pg.scoped(ana), key, dovecot)
    url = make_url(PG_URL)
    dump = subprocess.run(
        ["pg_dump", "-h", url.host or "127.0.0.1", "-U", url.username or "postgres", url.database],
        check=True,
        capture_output=True,
    ).stdout
    assert b"mail_secrets" in dump and PASSWORD.encode() not in dump
    assert PASSWORD.encode().hex().encode() not in dump
    with pg.unit() as repo:
        [row] = repo.session.scalars(select(MailSecretRow))
        assert PASSWORD.encode() not in row.sealed
    # another key: one line that says what is wrong
    other = server_key(named=None, data_dir=tmp_path / "other")
    refused = sync_account_of(
        db=pg,
        owner=ana,
        account_name="work",
        judge=RuleJudge(),
        secrets_for=sealed_secrets(other),
        now=NOW,
    )
    [said] = refused.errors  # the account's sync ends in one line; nothing was read
    assert said.startswith(f"work: {NOT_OPENED}: mail account 'work'") and "\n" not in said
    assert refused.read == 0
    # Ana's sealed row copied to Bo (as if someone moved it in the database) does not open
    with pg.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO mail_secrets (owner_id, account, username, nonce, sealed, "
                "updated_at) SELECT :bo, account, username, nonce, sealed, updated_at "
                "FROM mail_secrets WHERE owner_id = :ana"
            ),
            {"ana": ana, "bo": bo},
        )
    with pytest.raises(MailError, match=NOT_OPENED):
        SealedSecrets(pg.scoped(bo), key).load("work", USER)
    assert SealedSecrets(pg.scoped(ana), key).load("work", USER) == PASSWORD


@pytest.mark.parametrize(
    ("content", "mode", "said"),
    [
        ("", 0o644, "may be read by others (mode 644); make it 600"),
        ("dG9vIHNob3J0\n", 0o600, "holds 9 bytes, not a 32-byte key"),
    ],
)
def test_a_server_refuses_to_start_on_an_unfit_key_file_in_one_line(
    pg: Database,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    content: str,
    mode: int,
    said: str,
) -> None:
    from nextround.cli import main

    path = tmp_path / "server.key"
    path.write_text(content)
    path.chmod(mode)
    monkeypatch.setenv("NEXTROUND_SECRET_KEY_FILE", str(path))
    code = main(["--db", PG_URL, "serve", "--multi-user", "--port", "0", "--no-browser"])
    err = capsys.readouterr().err.strip()
    assert code != 0 and said in err and "Traceback" not in err
    assert len(err.splitlines()) == 1


def test_rotating_the_key_seals_everyone_s_secrets_anew_all_or_nothing(
    pg: Database,  # noqa: F811
    people: tuple[int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from nextround.cli import main

    ana, bo = people
    old = server_key(named=None, data_dir=tmp_path / "old")
    for owner, password in ((ana, "ana's secret"), (bo, "bo's secret")):
        SealedSecrets(pg.scoped(owner), old).store("work", USER, password)
    stranger = server_key(named=None, data_dir=tmp_path / "stranger")
    new = server_key(named=None, data_dir=tmp_path / "new")
    with pytest.raises(MailError, match="neither the old key") as caught:
        reseal_mail_secrets(db=pg, old=stranger, new=new, now=NOW)
    assert "\n" not in str(caught.value)
    assert SealedSecrets(pg.scoped(ana), old).load("work", USER) == "ana's secret"  # unchanged

    monkeypatch.setenv("NEXTROUND_SECRET_KEY_FILE", str(new.path))
    code = main(["--db", PG_URL, "user", "reseal-mail-secrets", "--old-key-file", str(old.path)])
    assert code == 0 and "2 mail secrets sealed under the key in" in capsys.readouterr().out
    for owner, password in ((ana, "ana's secret"), (bo, "bo's secret")):
        assert SealedSecrets(pg.scoped(owner), new).load("work", USER) == password
        with pytest.raises(MailError, match=NOT_OPENED):
            SealedSecrets(pg.scoped(owner), old).load("work", USER)
    # a second run (one that stopped half-way, rerun) finds them done and changes nothing
    assert reseal_mail_secrets(db=pg, old=old, new=new, now=NOW) == 0
