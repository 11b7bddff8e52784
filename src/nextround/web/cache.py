"""Pages rendered once per database version: a read-mostly app, served like one.

A page is a function of the database, the clock and the request; this
middleware keeps each rendered GET page (HTML, or the profile's SVG) keyed by

- the path and query string,
- the database's data version (``store.changes.ChangeProbe``: it changes
  after every commit by anyone, this server or a command run beside it),
- the current minute (due dates and "overdue" move with the clock),

so a page is rebuilt only when something it could show has changed. When the
version cannot be told (PostgreSQL), nothing is cached. Each session's
anti-forgery token is taken out of a stored page and put back per request,
so sessions never see each other's tokens. Only complete 200 answers are
kept, at most ``size`` of them, least recently used first out.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nextround.web.render import TOKEN_SLOT

# Where the session's token was (the same slot pages are rendered with; see render.py).
PLACEHOLDER = TOKEN_SLOT.encode()
CACHED_TYPES = (b"text/html", b"image/svg+xml")
SKIPPED_PREFIXES = ("/api/", "/static/", "/openapi.json")
MAX_BODY = 1_000_000


@dataclass(frozen=True, slots=True)
class Entry:
    headers: list[tuple[bytes, bytes]]
    body: bytes


class PageCache:
    """Pure ASGI middleware; sits inside ``security.Guard`` (which sets the session)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], int | None],
        clock: Callable[[], datetime],
        size: int = 256,
    ) -> None:
        self.app = app
        self.version = version
        self.clock = clock
        self.size = size
        self.entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self.hits = self.misses = 0

    def _key(self, scope: Scope) -> Hashable | None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if path.startswith(SKIPPED_PREFIXES):
            return None
        version = self.version()
        if version is None:
            return None
        minute = self.clock().replace(second=0, microsecond=0)
        return (path, scope["query_string"], version, minute)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        token = scope["state"]["csrf_token"].encode()
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            await _replay(entry, token, send)
            return
        self.misses += 1
        await self.app(scope, receive, self._keeper(key, token, send))

    def _keeper(self, key: Hashable, token: bytes, send: Send) -> Send:
        start: list[Message] = []
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                # a copy: the middleware outside adds its headers to the message itself
                start.append({**message, "headers": list(message.get("headers", []))})
            elif message["type"] == "http.response.body" and start:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._store(key, token, start[0], b"".join(chunks))
            await send(message)

        return keep

    def _store(self, key: Hashable, token: bytes, start: Message, body: bytes) -> None:
        headers = [(k.lower(), v) for k, v in start.get("headers", [])]
        kind = dict(headers).get(b"content-type", b"")
        if start["status"] != 200 or not kind.startswith(CACHED_TYPES) or len(body) > MAX_BODY:
            return
        if any(k == b"set-cookie" for k, _ in headers):
            return
        kept = [(k, v) for k, v in headers if k != b"content-length"]
        self.entries[key] = Entry(kept, body.replace(token, PLACEHOLDER))
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


async def _replay(entry: Entry, token: bytes, send: Send) -> None:
    body = entry.body.replace(PLACEHOLDER, token)
    headers = [*entry.headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})
