"""A real Dovecot for the tests: its own configuration, a free loopback port, a test user.

Mail lives in a Maildir under the test's tmp_path; TLS uses a self-signed
certificate made for 127.0.0.1. Nothing listens beyond the loopback address.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "alex", "correct horse battery"


def available() -> bool:
    return Path(DOVECOT).exists()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost (cryptography, else openssl)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        import ipaddress

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                str(key),
                "-out",
                str(cert),
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
            ],
            check=True,
            capture_output=True,
        )
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key


_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
auth_mechanisms = plain login{mechanisms}
first_valid_uid = 0
first_valid_gid = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
mail_location = maildir:{root}/mail/%u/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
{oauth_passdb}userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
{auth_user}service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  separator = /
  mailbox Drafts {{
    special_use = \\Drafts
    auto = create
  }}
  mailbox Jobs {{
    auto = create
  }}
}}
"""


def _let_mail_user_in(root: Path, uid: int, gid: int) -> None:
    """Let the unprivileged mail user reach root/mail and root/home (traverse, not list)."""
    for folder in (root, *root.parents):
        if folder == Path("/") or folder.stat().st_uid != os.geteuid():
            break
        folder.chmod(folder.stat().st_mode | 0o011)
    for sub in ("mail", "home"):
        os.chown(root / sub, uid, gid)


# Dovecot asks the test's OAuth2 server whether an XOAUTH2 access token is live
# (RFC 7662 introspection, the token POSTed as a form) and for whom.
_OAUTH_PASSDB = """\
auth_failure_delay = 0
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/dovecot-oauth2.conf.ext
}}
"""
_OAUTH_CONFIG = """\
introspection_mode = post
introspection_url = {url}/introspect
force_introspection = yes
username_attribute = username
active_attribute = active
active_value = true
"""


@dataclass
class Dovecot:
    root: Path
    oauth_url: str = ""  # an OAuth2 server's address: XOAUTH2 sign-in checked there
    port: int = 0
    tls_port: int = 0
    cert: Path = field(default=Path())
    process: subprocess.Popen[bytes] | None = None

    def configure(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for sub in ("run", "state", "mail", "home"):
            (self.root / sub).mkdir(exist_ok=True)
        self.cert, key = make_certificate(self.root)
        self.port, self.tls_port = free_port(), free_port()
        (self.root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        if self.oauth_url:
            (self.root / "dovecot-oauth2.conf.ext").write_text(
                _OAUTH_CONFIG.format(url=self.oauth_url)
            )
        me = getpass.getuser()
        as_root = os.geteuid() == 0
        # Dovecot never reads mail as root: as root, the test user's mail belongs to nobody
        uid, gid = (65534, 65534) if as_root else (os.geteuid(), os.getegid())
        (self.root / "dovecot.conf").write_text(
            _CONFIG.format(
                root=self.root,
                cert=self.cert,
                key=key,
                port=self.port,
                tls_port=self.tls_port,
                uid=uid,
                gid=gid,
                mechanisms=" xoauth2 oauthbearer" if self.oauth_url else "",
                oauth_passdb=_OAUTH_PASSDB.format(root=self.root) if self.oauth_url else "",
                login_user="dovenull" if as_root else me,
                internal_user="dovecot" if as_root else me,
                # tmp_path is private to its owner: let the auth processes read it
                auth_user="service auth {\n  user = root\n}\n"
                "service auth-worker {\n  user = root\n}\n"
                if as_root
                else "",
            )
        )
        if as_root:
            _let_mail_user_in(self.root, uid, gid)

    def start(self) -> None:
        with (self.root / "stderr.log").open("ab") as errors:
            self.process = subprocess.Popen(
                [DOVECOT, "-F", "-c", str(self.root / "dovecot.conf")],
                stdout=subprocess.DEVNULL,
                stderr=errors,
                start_new_session=True,  # its own process group: stop() ends every child
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot did not start: {self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.tls_port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.05)
                continue
            if self._serves_mail():
                return
            time.sleep(0.2)
        raise RuntimeError(f"dovecot did not serve mail in time: {self.log()}")

    def _serves_mail(self) -> bool:
        """A listening port is not a ready server: right after it starts (above all on a
        busy machine, or just after its package was installed) Dovecot may answer
        [SERVERBUG] until its auth and mail processes are up. Ready means a real
        sign-in that opens the inbox, which also creates the user's Maildir."""
        try:
            client = self.client()
        except Exception:  # any failure here means "not yet"
            return False
        try:
            client.select_folder("INBOX")
            client.noop()
            return True
        except Exception:
            return False
        finally:
            with contextlib.suppress(Exception):
                client.logout()

    def stop(self) -> None:
        """Stop the server and drop every open connection, like a crash or a restart."""
        if self.process is not None:
            group = self.process.pid  # the session leader's id is its group's id
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(group, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=5)
                    break
                except subprocess.TimeoutExpired:
                    continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)  # children left behind
        self.process = None

    def log(self) -> str:
        text = ""
        for name in ("stderr.log", "dovecot.log"):
            path = self.root / name
            text += path.read_text(errors="replace") if path.exists() else ""
        return text[-2000:]

    def client(self):  # type: ignore[no-untyped-def]
        """A second IMAP client, logged in, for seeding and checking."""
        import ssl

        from imapclient import IMAPClient

        context = ssl.create_default_context(cafile=str(self.cert))
        client = IMAPClient("127.0.0.1", port=self.tls_port, ssl=True, ssl_context=context)
        client.login(USER, PASSWORD)
        return client
