"""A small real OAuth2 server on the loopback address, for Dovecot and for our sign-in code.

It speaks the parts of the protocol the providers use, at their paths:

    POST /{tenant}/oauth2/v2.0/devicecode   device authorization (RFC 8628, Microsoft)
    POST /{tenant}/oauth2/v2.0/token        token endpoint (Microsoft's path)
    GET  /auth                              authorization page (Google's loopback flow)
    POST /token                             token endpoint (Google's path)
    POST /introspect                        token introspection (RFC 7662) for Dovecot

Refresh tokens rotate: each refresh hands out a new one and retires the old,
stricter than Microsoft, so a client that forgets to save the new one fails.
The "user" approves a device code at the second poll, the way a person types
it a little after the code is shown; the authorization page approves at once
and checks PKCE when the code comes back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class _Grant:
    username: str
    client_id: str
    revoked: bool = False


@dataclass
class OAuthServer:
    """The server's state; ``start`` serves it on a free loopback port."""

    username: str
    client_id: str = "test-client"
    client_secret: str = ""
    token_seconds: int = 3600
    grants: list[_Grant] = field(default_factory=list)
    access: dict[str, tuple[int, float]] = field(default_factory=dict)  # token -> grant, expiry
    refresh: dict[str, int] = field(default_factory=dict)  # live refresh token -> grant
    devices: dict[str, int] = field(default_factory=dict)  # device code -> polls so far
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> challenge, uri
    seen: list[str] = field(default_factory=list)  # "POST /token refresh_token", ...
    lock: threading.Lock = field(default_factory=threading.Lock)
    httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.httpd is not None
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> None:
        server = self

        class Handler(_Handler):
            state = server

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    # -- what a test does to the world ----------------------------------------------
    def expire_access_tokens(self) -> None:
        """Every access token given so far stops working (as an hour later)."""
        with self.lock:
            self.access = {t: (g, 0.0) for t, (g, _) in self.access.items()}

    def revoke(self) -> None:
        """The user revoked the app, or changed their password: every grant is gone."""
        with self.lock:
            for grant in self.grants:
                grant.revoked = True

    def live_refresh_tokens(self) -> set[str]:
        with self.lock:
            return {t for t, g in self.refresh.items() if not self.grants[g].revoked}

    # -- the protocol ---------------------------------------------------------------
    def issue(self, grant: int) -> dict[str, Any]:
        access, refresh = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        self.access[access] = (grant, time.time() + self.token_seconds)
        self.refresh = {t: g for t, g in self.refresh.items() if g != grant}  # rotate
        self.refresh[refresh] = grant
        return {
            "token_type": "Bearer",
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": self.token_seconds,
            "scope": "IMAP",
        }

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        kind = form.get("grant_type", "")
        self.seen.append(f"token {kind}")
        if form.get("client_id") != self.client_id:
            return 400, {"error": "invalid_client"}
        if self.client_secret and form.get("client_secret") != self.client_secret:
            return 401, {"error": "invalid_client"}
        if kind == "refresh_token":
            grant = self.refresh.get(form.get("refresh_token", ""))
            if grant is None or self.grants[grant].revoked:
                return 400, {"error": "invalid_grant", "error_description": "AADSTS70000"}
            return 200, self.issue(grant)
        if kind == "urn:ietf:params:oauth:grant-type:device_code":
            code = form.get("device_code", "")
            if code not in self.devices:
                return 400, {"error": "expired_token"}
            self.devices[code] += 1
            if self.devices[code] < 2:
                return 400, {"error": "authorization_pending"}
            del self.devices[code]
            return 200, self.new_grant()
        if kind == "authorization_code":
            challenge, uri = self.codes.pop(form.get("code", ""), ("", ""))
            verifier = form.get("code_verifier", "")
            made = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if not challenge or made.decode().rstrip("=") != challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
            if form.get("redirect_uri") != uri:
                return 400, {"error": "invalid_grant", "error_description": "redirect_uri"}
            return 200, self.new_grant()
        return 400, {"error": "unsupported_grant_type"}

    def new_grant(self) -> dict[str, Any]:
        self.grants.append(_Grant(self.username, self.client_id))
        return self.issue(len(self.grants) - 1)

    def device(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.seen.append("device")
        if form.get("client_id") != self.client_id:
            return 400, {"error": "invalid_client"}
        if "offline_access" not in form.get("scope", "").split():
            return 400, {"error": "invalid_scope"}
        code = secrets.token_urlsafe(16)
        self.devices[code] = 0
        return 200, {
            "device_code": code,
            "user_code": "TEST-CODE",
            "verification_uri": f"{self.url}/devicelogin",
            "expires_in": 900,
            "interval": 0,
        }

    def introspect(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        self.seen.append("introspect")
        grant, expires = self.access.get(form.get("token", ""), (-1, 0.0))
        if grant < 0 or expires < time.time() or self.grants[grant].revoked:
            return 200, {"active": False}
        return 200, {"active": True, "username": self.grants[grant].username}

    def authorize(self, query: dict[str, str]) -> str:
        """The consent page, approved at once: where the browser goes next."""
        if query.get("client_id") != self.client_id or query.get("code_challenge_method") != (
            "S256"
        ):
            return query.get("redirect_uri", "") + "?error=invalid_request"
        code = secrets.token_urlsafe(16)
        self.codes[code] = (query.get("code_challenge", ""), query.get("redirect_uri", ""))
        back = urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
        return f"{query['redirect_uri']}?{back}"


class _Handler(BaseHTTPRequestHandler):
    state: OAuthServer

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        size = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(size).decode()))
        path = urllib.parse.urlsplit(self.path).path
        with self.state.lock:
            if path.endswith("/token"):
                self._answer(*self.state.token(form))
            elif path.endswith("/devicecode"):
                self._answer(*self.state.device(form))
            elif path == "/introspect":
                self._answer(*self.state.introspect(form))
            else:
                self._answer(404, {"error": "not_found"})

    def do_GET(self) -> None:
        parts = urllib.parse.urlsplit(self.path)
        if parts.path != "/auth":
            self._answer(404, {"error": "not_found"})
            return
        with self.state.lock:
            where = self.state.authorize(dict(urllib.parse.parse_qsl(parts.query)))
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return
