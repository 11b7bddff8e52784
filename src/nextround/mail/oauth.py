"""OAuth2 for IMAP (SASL XOAUTH2): the two sign-in flows, the grant, its refresh.

Microsoft signs in by the device-code flow (RFC 8628: the user opens a page on
any device and types a short code); Google by the installed-app loopback flow
(RFC 8252: the browser comes back to a one-shot server on 127.0.0.1, with PKCE).
Both end in a grant: a refresh token, and an access token good for an hour
that IMAP takes as the XOAUTH2 password.

Why plain HTTP calls and not msal: the protocol is two form POSTs per flow and
one to refresh, the same for both providers; msal accepts only an https
authority it can discover through OpenID metadata and keeps refresh tokens in
its own cache keyed by ID-token claims, which would put a second token store
beside the keyring and keep the tests from serving the endpoints themselves.

The grant lives where passwords live (the keyring), as JSON; it never goes to
the database, a log or an export. Endpoints come from settings so tests can
point them at a server on the loopback address; they must be https, or http
on the loopback address.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from nextround.domain.errors import InvalidInput, MailError
from nextround.domain.mailbox import SignIn

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30.0
EARLY_SECONDS = 120  # refresh an access token this long before the provider says it expires

MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/common"
MICROSOFT_SCOPES = ("https://outlook.office.com/IMAP.AccessAsUser.All", "offline_access")
GOOGLE_AUTH_URL = "https://accounts.google.com/o/oauth2/v2/auth"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
GOOGLE_SCOPES = ("https://mail.google.com/",)
IMAP_HOSTS = {SignIn.MICROSOFT: "outlook.office365.com", SignIn.GOOGLE: "imap.gmail.com"}


@dataclass(frozen=True, slots=True)
class Provider:
    """Where a provider's endpoints are and what IMAP access is called there."""

    sign_in: SignIn
    token_url: str
    scopes: tuple[str, ...]
    device_url: str = ""  # device authorization endpoint (Microsoft)
    auth_url: str = ""  # authorization endpoint for the loopback flow (Google)
    ca_file: str = ""  # trust this CA for the endpoints (a private server)

    @property
    def scope(self) -> str:
        return " ".join(self.scopes)


def microsoft(authority: str = MICROSOFT_AUTHORITY, *, ca_file: str = "") -> Provider:
    base = _endpoint(authority).rstrip("/")
    return Provider(
        sign_in=SignIn.MICROSOFT,
        token_url=f"{base}/oauth2/v2.0/token",
        device_url=f"{base}/oauth2/v2.0/devicecode",
        scopes=MICROSOFT_SCOPES,
        ca_file=ca_file,
    )


def google(
    auth_url: str = GOOGLE_AUTH_URL, token_url: str = GOOGLE_TOKEN_URL, *, ca_file: str = ""
) -> Provider:
    return Provider(
        sign_in=SignIn.GOOGLE,
        token_url=_endpoint(token_url),
        auth_url=_endpoint(auth_url),
        scopes=GOOGLE_SCOPES,
        ca_file=ca_file,
    )


def _endpoint(url: str) -> str:
    """An endpoint URL: https, or plain http only on this machine's loopback address."""
    parts = urllib.parse.urlsplit(url.strip())
    local = parts.hostname in {"127.0.0.1", "localhost", "::1"}
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise InvalidInput(f"{url!r}: an OAuth2 endpoint must be an https:// address")
    return url.strip()


@dataclass(frozen=True, slots=True)
class Grant:
    """What signing in once gives: kept in the keyring as JSON, refreshed in place."""

    provider: str
    client_id: str
    refresh_token: str
    access_token: str = ""
    expires_at: float = 0.0  # seconds since the epoch
    client_secret: str = ""

    def fresh(self, now: float) -> bool:
        return bool(self.access_token) and now < self.expires_at - EARLY_SECONDS

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Grant | None:
        """The grant in ``text``; None when it is not one (a password, or damaged)."""
        try:
            data = json.loads(text)
            return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})
        except (ValueError, TypeError, KeyError):
            return None

    def __repr__(self) -> str:  # never print a token by accident
        return f"Grant(provider={self.provider!r}, client_id={self.client_id!r})"


@dataclass(frozen=True, slots=True)
class DeviceCode:
    """What the user needs to finish a device-code sign-in on another device."""

    user_code: str
    verification_uri: str
    device_code: str
    interval: int
    expires_in: int

    def __repr__(self) -> str:
        return f"DeviceCode(user_code={self.user_code!r}, uri={self.verification_uri!r})"


def _post(provider: Provider, url: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """POST a form, read a JSON answer; OAuth2 errors come back as (400, {"error": ...})."""
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Accept": "application/json"}, method="POST"
    )
    context = None
    if url.startswith("https:"):
        try:
            context = ssl.create_default_context(cafile=provider.ca_file or None)
        except (OSError, ssl.SSLError) as err:
            raise MailError(f"cannot use the CA file {provider.ca_file}: {err}") from err
    host = urllib.parse.urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS, context=context) as answer:
            status, raw = answer.status, answer.read(1 << 20)
    except urllib.error.HTTPError as err:
        status, raw = err.code, err.read(1 << 20)
    except (urllib.error.URLError, OSError) as err:
        log.exception("OAuth2 request to %s failed", host)
        reason = getattr(err, "reason", err)
        raise MailError(f"cannot reach {host} to sign in: {reason}") from err
    try:
        body = json.loads(raw or b"{}")
    except ValueError as err:
        raise MailError(f"{host} answered the sign-in with something that is not JSON") from err
    if not isinstance(body, dict):
        raise MailError(f"{host} answered the sign-in with something that is not an object")
    log.debug("OAuth2 %s answered %s (%s)", host, status, body.get("error", "ok"))
    return status, body


def _refused(body: dict[str, Any], host: str) -> MailError:
    what = str(body.get("error_description") or body.get("error") or "no reason given")
    return MailError(f"{host} refused the sign-in: {' '.join(what.split())[:200]}")


def _grant(
    provider: Provider, body: dict[str, Any], *, client_id: str, client_secret: str, now: float
) -> Grant:
    access, refresh = body.get("access_token"), body.get("refresh_token")
    if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
        raise MailError(
            "the sign-in gave no refresh token: allow offline access (Microsoft: the "
            "offline_access permission; Google: an OAuth client of type Desktop app)"
        )
    return Grant(
        provider=provider.sign_in.value,
        client_id=client_id,
        client_secret=client_secret,
        refresh_token=refresh,
        access_token=access,
        expires_at=now + _seconds(body.get("expires_in"), 3600),
    )


def _seconds(value: object, default: int) -> int:
    try:
        return max(0, int(str(value)))
    except ValueError:
        return default


# -- refreshing ----------------------------------------------------------------------------


def refresh(provider: Provider, grant: Grant, *, now: float) -> Grant:
    """A new access token; the refresh token too when the provider rotates it.

    Raises ``GrantRefused`` when the provider no longer honours the grant.
    """
    form = {
        "grant_type": "refresh_token",
        "refresh_token": grant.refresh_token,
        "client_id": grant.client_id,
    }
    if grant.client_secret:
        form["client_secret"] = grant.client_secret
    if provider.sign_in is SignIn.MICROSOFT:
        form["scope"] = provider.scope
    status, body = _post(provider, provider.token_url, form)
    if status != 200 or "access_token" not in body:
        if body.get("error") in {"invalid_grant", "interaction_required", "unauthorized_client"}:
            raise GrantRefused(str(body.get("error")))
        raise _refused(body, urllib.parse.urlsplit(provider.token_url).netloc)
    access = body.get("access_token")
    if not isinstance(access, str) or not access:
        raise MailError("the provider sent no access token")
    rotated = body.get("refresh_token")
    return replace(
        grant,
        access_token=access,
        expires_at=now + _seconds(body.get("expires_in"), 3600),
        refresh_token=rotated if isinstance(rotated, str) and rotated else grant.refresh_token,
    )


class GrantRefused(MailError):
    """The token endpoint refused the refresh token (revoked, expired, password changed)."""


# -- the device-code flow (Microsoft) ------------------------------------------------------


def start_device_sign_in(provider: Provider, *, client_id: str) -> DeviceCode:
    """Ask for a code the user types at the provider's page."""
    if not provider.device_url:
        raise InvalidInput(f"{provider.sign_in.value} does not sign in with a device code")
    status, body = _post(
        provider, provider.device_url, {"client_id": client_id, "scope": provider.scope}
    )
    host = urllib.parse.urlsplit(provider.device_url).netloc
    needed = ("device_code", "user_code", "verification_uri")
    if status != 200 or not all(isinstance(body.get(k), str) for k in needed):
        raise _refused(body, host)
    return DeviceCode(
        user_code=body["user_code"],
        verification_uri=body["verification_uri"],
        device_code=body["device_code"],
        interval=_seconds(body.get("interval"), 5),
        expires_in=_seconds(body.get("expires_in"), 900),
    )


def poll_device_sign_in(
    provider: Provider, code: DeviceCode, *, client_id: str, now: float
) -> Grant | None:
    """One look at whether the user has typed the code: the grant, or None while waiting."""
    status, body = _post(
        provider,
        provider.token_url,
        {
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "client_id": client_id,
            "device_code": code.device_code,
        },
    )
    if status == 200:
        return _grant(provider, body, client_id=client_id, client_secret="", now=now)
    error = body.get("error")
    if error in {"authorization_pending", "slow_down"}:
        return None
    if error == "expired_token":
        raise MailError("the code expired before it was typed; start again")
    if error in {"access_denied", "authorization_declined"}:
        raise MailError("the sign-in was declined")
    raise _refused(body, urllib.parse.urlsplit(provider.token_url).netloc)


def wait_device_sign_in(
    provider: Provider,
    code: DeviceCode,
    *,
    client_id: str,
    clock: Callable[[], float],
    sleep: Callable[[float], None],
) -> Grant:
    """Poll at the pace the provider asked for until the user has typed the code."""
    deadline = clock() + code.expires_in
    while clock() < deadline:
        found = poll_device_sign_in(provider, code, client_id=client_id, now=clock())
        if found is not None:
            return found
        sleep(code.interval)
    raise MailError("the code expired before it was typed; start again")


# -- the loopback flow (Google) ------------------------------------------------------------


class _Callback(BaseHTTPRequestHandler):
    """The browser's one visit back: keep the query string, say it can be closed."""

    query: dict[str, list[str]] | None = None

    def do_GET(self) -> None:
        type(self).query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.end_headers()
        self.wfile.write(b"nextround: signed in. You can close this page.\n")

    def log_message(self, format: str, *args: Any) -> None:  # no codes on stderr
        return


def loopback_sign_in(
    provider: Provider,
    *,
    client_id: str,
    client_secret: str,
    show: Callable[[str], None],
    clock: Callable[[], float],
    wait_seconds: float = 300.0,
    login_hint: str = "",
) -> Grant:
    """Send the user to the provider's consent page; take the code the browser brings back."""
    if not provider.auth_url:
        raise InvalidInput(f"{provider.sign_in.value} does not sign in through a browser")
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    state = secrets.token_urlsafe(16)

    class Callback(_Callback):  # a class of its own: what it keeps is this sign-in's
        query = None

    handler = Callback
    with HTTPServer(("127.0.0.1", 0), handler) as server:
        redirect = f"http://127.0.0.1:{server.server_address[1]}/"
        query = {
            "client_id": client_id,
            "redirect_uri": redirect,
            "response_type": "code",
            "scope": provider.scope,
            "state": state,
            "code_challenge": challenge.decode().rstrip("="),
            "code_challenge_method": "S256",
            "access_type": "offline",
            "prompt": "consent",
        }
        if login_hint:
            query["login_hint"] = login_hint
        sep = "&" if "?" in provider.auth_url else "?"
        show(provider.auth_url + sep + urllib.parse.urlencode(query))
        deadline = clock() + wait_seconds
        got: dict[str, list[str]] | None = None
        while got is None or got.get("state") != [state]:
            if clock() >= deadline:
                raise MailError("no answer from the browser in time; start again")
            server.timeout = max(1.0, deadline - clock())
            server.handle_request()
            got = handler.query
    if "error" in got:
        raise MailError(f"the sign-in was not allowed: {got['error'][0][:100]}")
    code = (got.get("code") or [""])[0]
    if not code:
        raise MailError("the browser came back without a code; start again")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect,
        "client_id": client_id,
        "code_verifier": verifier,
    }
    if client_secret:
        form["client_secret"] = client_secret
    status, body = _post(provider, provider.token_url, form)
    if status != 200:
        raise _refused(body, urllib.parse.urlsplit(provider.token_url).netloc)
    return _grant(provider, body, client_id=client_id, client_secret=client_secret, now=clock())
