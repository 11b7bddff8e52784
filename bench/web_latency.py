"""Web latency under load, as ratios to a bare FastAPI route measured in the same run.

    .venv/bin/python bench/web_latency.py [--apps 5000] [--clients 20] [--requests 2000]

Builds a database of ``--apps`` applications shaped like a long job search
(see ``build``), starts the real app the way ``nextround serve`` does (uvicorn
loading ``nextround.web.app:create_app``) and, separately, a bare FastAPI app
with one route that returns a short page; both on 127.0.0.1 only, one at a
time. Then ``--clients`` concurrent keep-alive connections, each sending the
next request as soon as the last answer arrives, fetch:

- the bare route (the floor: HTTP, FastAPI routing, a thread for a sync route),
- the home page ("what to do next") and the page of an application with
  interviews, people, messages and a thread, each two ways:
  cached (the same URL again and again: every answer but the first comes from
  the page cache; shown as information only); uncached (a query string the
  cache has never seen, ``?miss=N``, which the routes ignore: ``web/cache.py``
  keys pages by path and query string, so each request renders the page); and
- a mix, a user's real pattern: each round edits the application through the
  app's own form (``POST /applications/N/edit``, new notes, with the session's
  anti-forgery token), then views its page (the redirect a browser follows),
  then the home page; every write moves the data version, so the reads after
  it are the first views after a write.

``--requests`` times each after a warm-up (the mix: a third as many rounds
of three requests), with a browser's session cookie. It prints p50 and p95
latency and each row's ratio to the bare route. Target from the issue: p95
within 5x of the bare route, judged on the uncached rows and the mix. Bounded:
every run stops after ``--requests`` answers or ``--seconds``, whichever
comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

NOW = datetime(2026, 11, 25, 9, 0)
SESSION = "bench-session-0123456789abcdefghijklmnopqrstuv"


# -- the database ----------------------------------------------------------------------


def build(path: Path, apps: int) -> int:
    """A long search: most applications long finished, a few threads still open.

    Of every 100 applications: 60 were rejected (each with an interview, the
    rejection, a request, usually a reply, and a closed feedback thread), 20
    got no answer, 12 are interviewing (a few with an interview in the coming
    days), 8 ended in an offer or were withdrawn. The 2% most recent
    rejections still have an open thread (to ask, asked, vague, concrete).
    Returns the id of a rejected application with a full thread, the one the
    application page is measured on.
    """
    from nextround.domain.model import (
        Application,
        ApplicationStatus,
        Channel,
        Contact,
        Direction,
        Interview,
        Lesson,
        Message,
        MessageKind,
        Polarity,
    )
    from nextround.domain.themes import Theme
    from nextround.domain.thread import Event, FeedbackThread
    from nextround.store import open_database, sqlite_url

    db = open_database(sqlite_url(path))
    themes = list(Theme)
    measured = 0
    with db.unit() as repo:
        repo.set_meta("user_name", "Bench Mark")
        for n in range(apps):
            kind = n % 100
            if kind < 60:
                status = ApplicationStatus.REJECTED
            elif kind < 80:
                status = ApplicationStatus.APPLIED
            elif kind < 92:
                status = ApplicationStatus.INTERVIEWING
            else:
                status = ApplicationStatus.OFFER if kind % 2 else ApplicationStatus.WITHDRAWN
            applied = NOW - timedelta(days=2 + (apps - n) * 0.15)
            app = repo.add_application(
                Application(
                    None,
                    f"Company {n % 1700}",
                    f"Role {n % 37}",
                    source="bench",
                    status=status,
                    applied_on=applied,
                ),
                now=applied,
            )
            assert app.id is not None
            if status is ApplicationStatus.APPLIED:
                continue
            person = repo.add_contact(Contact(None, f"Person {n}", company=app.company))
            assert person.id is not None
            upcoming = status is ApplicationStatus.INTERVIEWING and n % 300 == 85
            when = NOW + timedelta(days=1 + n % 6) if upcoming else applied + timedelta(days=10)
            interview = repo.add_interview(
                Interview(
                    None,
                    app.id,
                    "onsite",
                    when,
                    contact_ids=[person.id],
                    talking_points=["the data platform migration", "on-call rotations"],
                    self_assessment={themes[n % 10]: 1 + n % 5},
                )
            )
            if status is not ApplicationStatus.REJECTED:
                continue
            rejected_at = when + timedelta(days=3)
            message = repo.add_message(
                Message(
                    None,
                    app.id,
                    Direction.RECEIVED,
                    MessageKind.REJECTION,
                    Channel.EMAIL,
                    "Thank you for interviewing with us. We have decided not to move forward.",
                    rejected_at,
                    contact_id=person.id,
                    analysis={"kind": "rejection", "is_rejection": True, "after_interview": True},
                )
            )
            thread = FeedbackThread(
                None,
                app.id,
                rejected_at,
                interview_id=interview.id,
                contact_id=person.id,
                after_interview=True,
                rejection_message_id=message.id,
            )
            recent = n >= apps - apps // 50
            steps = _steps(n, recent=recent)
            at = rejected_at
            sent: list[tuple[MessageKind, Direction, datetime]] = []
            for event in steps:
                at += timedelta(days=1)
                thread.apply(event, at=at)
                kind_of = {
                    Event.REQUEST_SENT: (MessageKind.REQUEST, Direction.SENT),
                    Event.GENERIC_REPLY: (MessageKind.REPLY, Direction.RECEIVED),
                    Event.ACTIONABLE_REPLY: (MessageKind.REPLY, Direction.RECEIVED),
                    Event.DECLINED_REPLY: (MessageKind.REPLY, Direction.RECEIVED),
                    Event.PROBE_SENT: (MessageKind.PROBE, Direction.SENT),
                    Event.FOLLOW_UP_SENT: (MessageKind.FOLLOW_UP, Direction.SENT),
                    Event.THANKED: (MessageKind.THANKS, Direction.SENT),
                    Event.PITCHED: (MessageKind.PITCH, Direction.SENT),
                }.get(event)
                if kind_of is not None:
                    sent.append((*kind_of, at))
            stored = repo.add_thread(thread)
            assert stored.id is not None
            repo.link_message(message.id or 0, thread_id=stored.id)
            for kind_of, direction, at in sent:
                repo.add_message(
                    Message(
                        None,
                        app.id,
                        direction,
                        kind_of,
                        Channel.EMAIL,
                        "Hi, thank you for your time. Could you tell me what to work on?",
                        at,
                        contact_id=person.id,
                        thread_id=stored.id,
                        analysis={"category": "actionable", "themes": ["communication"]}
                        if direction is Direction.RECEIVED
                        else None,
                    )
                )
            if n % 10 == 3:
                repo.add_lesson(
                    Lesson(
                        None,
                        themes[n % 10],
                        Polarity.WEAKNESS if n % 3 else Polarity.STRENGTH,
                        f"Lesson {n}",
                        application_id=app.id,
                    ),
                    now=at,
                )
            if measured == 0 and len(steps) >= 5:
                measured = app.id
    db.dispose()
    return measured


def _steps(n: int, *, recent: bool) -> list[object]:
    from nextround.domain.thread import Event

    if recent:  # still open: at every waiting or deciding step
        return [
            [],
            [Event.REQUEST_SENT],
            [Event.REQUEST_SENT, Event.GENERIC_REPLY],
            [Event.REQUEST_SENT, Event.GENERIC_REPLY, Event.PROBE_SENT],
            [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY],
        ][n % 5]
    return [
        [
            Event.REQUEST_SENT,
            Event.GENERIC_REPLY,
            Event.PROBE_SENT,
            Event.ACTIONABLE_REPLY,
            Event.THANKED,
        ],
        [Event.REQUEST_SENT, Event.DECLINED_REPLY],
        [Event.REQUEST_SENT, Event.FOLLOW_UP_SENT, Event.NO_RESPONSE],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.PITCHED],
        [Event.REQUEST_SENT, Event.ACTIONABLE_REPLY, Event.THANKED],
    ][n % 5]


# -- the servers -----------------------------------------------------------------------


def bare_app() -> object:
    """The floor: a FastAPI app with one sync route returning a short page."""
    from fastapi import FastAPI
    from fastapi.responses import HTMLResponse

    app = FastAPI()

    @app.get("/bare")
    def bare() -> HTMLResponse:
        return HTMLResponse("<!doctype html><title>ok</title><p>ok</p>")

    return app


def serve(kind: str, port: int) -> None:
    """Run in a child process: one server, loopback only, quiet."""
    import uvicorn

    target = "nextround.web.app:create_app" if kind == "app" else "web_latency:bare_app"
    sys.path.insert(0, str(Path(__file__).parent))
    uvicorn.run(
        target, factory=True, host="127.0.0.1", port=port, log_level="warning", access_log=False
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def start(kind: str, env: dict[str, str]) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--serve", kind, "--port", str(port)], env=env
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return Server(proc, port)
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise SystemExit(f"the {kind} server did not start") from None
            time.sleep(0.1)


# -- the load --------------------------------------------------------------------------

TOKEN = re.compile(rb'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Load:
    """What each client sends, round after round: ``(label, method, path, form)``.

    ``{n}`` in a path or a form is replaced by the round's number, so that a
    query string can make every GET a page the cache has never seen, and a
    write can change something every time.
    """

    steps: tuple[tuple[str, str, str, str], ...]
    token: str = ""

    def requests(self, port: int, n: int) -> list[tuple[str, bytes]]:
        out = []
        for label, method, path, form in self.steps:
            head = (
                f"{method} {path.format(n=n)} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Cookie: nextround_session={SESSION}\r\nAccept: text/html\r\n"
            )
            if method == "POST":
                body = (form.format(n=n) + f"&csrf_token={quote(self.token)}").encode()
                head += (
                    f"Origin: http://127.0.0.1:{port}\r\n"
                    "Content-Type: application/x-www-form-urlencoded\r\n"
                    f"Content-Length: {len(body)}\r\n"
                )
            else:
                body = b""
            out.append((label, head.encode() + b"\r\n" + body))
        return out


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[bytes, bytes]:
    writer.write(request)
    await writer.drain()
    length = 0
    status = await reader.readline()
    while (line := await reader.readline()) not in (b"\r\n", b""):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return status, await reader.readexactly(length)


async def _client(
    port: int,
    load: Load,
    todo: list[int],
    samples: dict[str, list[float]],
    stop_at: float,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while todo and time.monotonic() < stop_at:
            n = todo.pop()
            for label, request in load.requests(port, n):
                started = time.perf_counter()
                status, _ = await _exchange(reader, writer, request)
                samples.setdefault(label, []).append(time.perf_counter() - started)
                if not (b" 200 " in status or (b" 303 " in status and request[:4] == b"POST")):
                    raise SystemExit(f"{label} answered {status.decode().strip()}")
    finally:
        writer.close()


async def _load(
    port: int, load: Load, clients: int, rounds: int, seconds: float
) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {}
    todo = list(range(rounds))
    stop_at = time.monotonic() + seconds
    await asyncio.gather(*(_client(port, load, todo, samples, stop_at) for _ in range(clients)))
    return samples


async def _token(port: int, path: str) -> str:
    """This session's anti-forgery token, as a browser gets it: from a page's form."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Cookie: nextround_session={SESSION}\r\nAccept: text/html\r\n\r\n"
        ).encode()
        _, body = await _exchange(reader, writer, request)
    finally:
        writer.close()
    found = TOKEN.search(body)
    if found is None:
        raise SystemExit(f"no anti-forgery token on {path}")
    return found.group(1).decode()


def measure(
    port: int, load: Load, *, clients: int, rounds: int, seconds: float
) -> dict[str, tuple[float, float, int]]:
    asyncio.run(_load(port, load, clients, max(rounds // 10, clients), seconds))  # warm-up
    out = {}
    for label, samples in asyncio.run(_load(port, load, clients, rounds, seconds)).items():
        ordered = sorted(samples)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        out[label] = (statistics.median(ordered), p95, len(ordered))
    return out


def edit_form(db: Path, app_id: int) -> str:
    """The application's edit form as the page sends it, with notes that change each round."""
    from nextround.store import open_database, sqlite_url

    store = open_database(sqlite_url(db))
    with store.unit() as repo:
        (app,) = repo.applications(ids=[app_id])
    store.dispose()
    fields = {
        "company": app.company,
        "role": app.role,
        "source": app.source or "",
        "status": app.status.value,
        "notes": "NOTES",
    }
    return urlencode(fields).replace("NOTES", "bench+edit+{n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--apps", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=60.0, help="cap per measurement")
    parser.add_argument("--serve", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.sqlite"
        started = time.perf_counter()
        app_id = build(db, args.apps)
        form = edit_form(db, app_id)
        print(f"built {args.apps} applications in {time.perf_counter() - started:.1f} s")
        env = {
            **os.environ,
            "NEXTROUND_DATABASE_URL": f"sqlite:///{db}",
            "NEXTROUND_NOW": NOW.isoformat(),
            "NEXTROUND_ALLOWED_HOSTS": "127.0.0.1",
        }
        page = f"/applications/{app_id}"
        # The page cache (web/cache.py) keys a page by path, query string, data
        # version and minute: a query string never seen before is a miss, and so
        # is every page after a write (the data version moves on every commit).
        runs: list[tuple[str, Load, int]] = [
            ("bare", Load((("bare FastAPI route", "GET", "/bare", ""),)), args.requests),
            ("app", Load((("home page, cached", "GET", "/", ""),)), args.requests),
            (
                "app",
                Load(((f"application page #{app_id}, cached", "GET", page, ""),)),
                args.requests,
            ),
            ("app", Load((("home page, uncached", "GET", "/?miss={n}", ""),)), args.requests),
            (
                "app",
                Load((("application page, uncached", "GET", page + "?miss={n}", ""),)),
                args.requests,
            ),
            (
                "app",
                Load(
                    (
                        ("mix: edit the application (POST)", "POST", page + "/edit", form),
                        ("mix: application page after the edit", "GET", page, ""),
                        ("mix: home page after it", "GET", "/", ""),
                    )
                ),
                max(args.requests // 3, args.clients),
            ),
        ]
        rows: list[tuple[str, float, float, int]] = []
        for kind, load, rounds in runs:
            server = start(kind, env)
            try:
                if any(method == "POST" for _, method, _, _ in load.steps):
                    load = Load(load.steps, asyncio.run(_token(server.port, page)))
                measured = measure(
                    server.port, load, clients=args.clients, rounds=rounds, seconds=args.seconds
                )
            finally:
                server.stop()
            rows += [(label, *measured[label]) for label, _, _, _ in load.steps]
    floor50, floor95 = rows[0][1], rows[0][2]
    print(
        f"compares: p50/p95 latency of nextround's pages vs. a bare FastAPI route, "
        f"{args.clients} concurrent clients on 127.0.0.1, same run"
    )
    print(f"  {'':<36} {'p50':>9} {'p95':>9} {'p50 ×':>7} {'p95 ×':>7} {'requests':>9}")
    for name, p50, p95, n in rows:
        print(
            f"  {name:<36} {p50 * 1000:7.1f}ms {p95 * 1000:7.1f}ms "
            f"{p50 / floor50:6.1f}x {p95 / floor95:6.1f}x {n:9d}"
        )
    info = ", cached"  # cached rows are shown, not judged
    judged = [(name, p95 / floor95) for name, _, p95, _ in rows[1:] if not name.endswith(info)]
    worst_name, worst = max(judged, key=lambda row: row[1])
    print(
        f"target: p95 within 5x of the bare route, judged on the uncached pages and the "
        f"mix with writes (cached rows are information) — {'met' if worst <= 5 else 'NOT met'}; "
        f"worst: {worst_name} {worst:.1f}x"
    )


if __name__ == "__main__":
    main()
